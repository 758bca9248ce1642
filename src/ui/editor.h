/*
 * editor.h - the line editor of every prompt: the text being typed, the
 * editor menu's functions, a history per kind of prompt, completion, and
 * which part of a long line a prompt shows. Pure: no curses. The prompt
 * screen draws what editor_view says and feeds the editor functions (from
 * input_dispatch with MENU_EDITOR) and typed characters.
 *
 * The text is UTF-8 in a struct buf; the cursor is a byte offset that is
 * always on a grapheme-cluster boundary (UAX #29 through utf8proc, as
 * text_width counts them; a control character or an invalid byte is a
 * cluster of its own), so a character with combining marks, an emoji ZWJ
 * sequence or a flag moves, erases and transposes as one.
 *
 * mutt's behaviour (enter.c) is the reference:
 * - backward-word / forward-word and the case functions see words as runs of
 *   non-blank characters; kill-word (^W) and kill-eow (Esc d) as runs of
 *   letters and digits, or one other character (after skipping blanks).
 *   capitalize-word upper-cases (title-cases) the first letter or digit of
 *   the word and lower-cases the rest. The case functions leave the cursor
 *   after the word.
 * - A function that can do nothing (backspace at the start, forward-char at
 *   the end...) returns ED_BEEP.
 * - history-up / history-down step through the prompt kind's history, keep
 *   the line being typed and restore it, and wrap around through it.
 * - history-search (^R) looks for the typed text (ignoring ASCII case)
 *   anywhere in the history, newest first: the line becomes the newest match
 *   and every match is listed in editor_completions(); ^R again steps to
 *   the next older match (wrapping).
 * - Enter (\r, \n, TK_ENTER) ends the prompt (ED_DONE) and adds the line to
 *   the history; ^G or TK_ABORT aborts (ED_ABORT).
 * - Control characters are not inserted unless quote-char (^V) came first;
 *   then the next character is inserted as it is, even ^G or Enter. (mutt
 *   inserts unbound control characters; tern asks for ^V so that a stray
 *   key does not put an invisible character in a folder name.)
 * - complete (Tab) hands the word before the cursor to the completer: one
 *   candidate replaces it, several put in their longest common prefix and
 *   stay listed in editor_completions() for the screen to show (mutt opens
 *   its browser on a second Tab: the caller decides). The word is the
 *   text from the start of the line, or for addresses (HIST_ADDRESS) from
 *   after the last ',' or ':' and the blanks after it.
 * - complete-query uses the query completer (the query program, for
 *   address prompts) the same way; without one it is ED_UNHANDLED (the
 *   caller inserts the key, as mutt does outside address prompts).
 * - buffy-cycle is the caller's (ED_BUFFY_CYCLE): a folder prompt sets the
 *   next mailbox with new mail with editor_set_text; other prompts insert
 *   the key that ran it (mutt: Space).
 * - kill-eol, kill-eow, kill-line and kill-word keep what they erased in
 *   the kill buffer; editor_yank puts it back (mutt has no yank function:
 *   the prompt screen may bind one, e.g. to ^Y).
 *
 * History file: mutt's format, so tern and mutt can share $history_file
 * (~/.mutthistory by default): one entry a line, "<class>:<text>|", where
 * class is mutt's history class: 1 addresses, 2 rc commands, 4 patterns,
 * 5 other, 6 mailboxes; tern adds 7 for searches (mutt skips classes it
 * does not know). Lines of classes tern does not use (0 shell commands,
 * 3 file names, 8 and up) are kept and written back as they were read.
 * history_save writes the last $save_history entries of each kind to a
 * 0600 temporary file renamed over the file, so a crash leaves the old or
 * the new history, never half of one.
 */
#ifndef TERN_UI_EDITOR_H
#define TERN_UI_EDITOR_H

#include "config/config.h"

/* The kinds of prompt, each with its own history. */
enum ui_hist {
	HIST_CMD,     /* the `:` prompt (rc commands) */
	HIST_FOLDER,  /* mailboxes: change-folder, save, copy */
	HIST_PATTERN, /* limit, tag-pattern... */
	HIST_ADDRESS, /* recipients, aliases */
	HIST_SEARCH,  /* search, search-reverse */
	HIST_OTHER,
	HIST_SHELL, /* shell-escape, pipe-message */
	HIST_COUNT
};

/* Longest history entry kept (bytes): longer lines are not remembered. */
#define HISTORY_ENTRY_MAX 8192
/* Largest history file read. */
#define HISTORY_FILE_MAX (16u << 20)

struct history;

/*
 * A history for every kind of prompt. Browsing shows the newest $history
 * entries of a kind, read from cfg at each call (cfg may be NULL: 10).
 * When $save_history is larger, that many are kept (unseen) so that
 * rewriting the file does not cut mutt's longer file down to $history.
 * cfg must outlive the history.
 */
struct history *history_new(const struct config *cfg);
void history_free(struct history **h);
/*
 * Remember line in kind's history, as mutt does: not when it is empty,
 * starts with a space, or equals the newest entry; with
 * $history_remove_dups older copies are dropped first; past $history
 * entries the oldest goes. $history 0 remembers nothing.
 */
void history_add(struct history *h, enum ui_hist kind, const char *line);
/* How many entries browsing shows: at most $history. */
size_t history_count(const struct history *h, enum ui_hist kind);
/* Entry i of kind's history, 0 the newest; NULL past the end. The history owns it. */
const char *history_at(const struct history *h, enum ui_hist kind, size_t i);
/*
 * Read $history_file (when $save_history > 0), adding its entries in file
 * order. A missing file is not an error. Returns 0, ERR_IO, or ERR_LIMIT
 * (past HISTORY_FILE_MAX: nothing read). Malformed lines are skipped.
 */
int history_load(struct history *h);
/* Write $history_file (when $save_history > 0) atomically, 0600. Returns 0 or ERR_IO. */
int history_save(const struct history *h);

/*
 * A completer: append to out the candidates for word (NUL-terminated, the
 * text being completed) and return the byte offset in word where they
 * apply: each candidate replaces word[offset..]. 0 replaces the whole
 * word. A negative enum err (or no candidates) completes nothing.
 */
typedef int (*ui_complete_fn)(const char *word, struct strlist *out, void *ctx);

/*
 * The rc-command completer; ctx is the struct config. A first word
 * completes to command names; after set, unset, toggle and reset (and
 * their no/inv/?/& prefixes) to variable names; "set name=" to the
 * variable's value as `set` would take it; after exec to function names.
 */
int editor_complete_command(const char *word, struct strlist *out, void *ctx);
/*
 * The folder completer; ctx is the struct config. The word is a path with
 * mutt's shortcuts (~, =, +... through config_expand_path): the candidates
 * are the entries of its directory that start with its last component
 * (hidden ones only when that starts with '.'), directories with a
 * trailing '/', and the `mailboxes` in that directory. An empty word gives
 * the `mailboxes` list ("=name" under $folder) when there is one.
 * Candidates are sorted and unique.
 */
int editor_complete_folder(const char *word, struct strlist *out, void *ctx);

enum editor_result {
	ED_CONTINUE,    /* done what was asked: redraw and read on */
	ED_DONE,        /* Enter: the caller takes the text */
	ED_ABORT,       /* ^G: the prompt is cancelled */
	ED_UNHANDLED,   /* not the editor's: the caller may use the key as text, or beep */
	ED_BEEP,        /* the function could do nothing here: the caller may beep */
	ED_BUFFY_CYCLE, /* buffy-cycle: the caller's (see above) */
};

/*
 * One prompt's editor. text and cursor may be read by the caller; change
 * them through the functions below. Fields ending in '_' are private.
 */
struct editor {
	struct buf text; /* the line, UTF-8 */
	size_t cursor;   /* a byte offset in text, on a grapheme-cluster boundary */
	struct buf kill; /* what the last kill erased */
	/* The first printable character replaces the text (mutt's MUTT_CLEAR:
	 * a prompt's suggested answer); any function clears the flag. */
	bool clear_on_type;

	struct history *hist_; /* NULL: no history */
	enum ui_hist kind_;
	size_t hist_pos_;    /* 0: the line being typed; i: history_at(i - 1) */
	struct buf scratch_; /* the line being typed, while browsing the history */
	bool quote_;         /* the next character is inserted as it is */
	enum op last_op_;    /* the previous function (a repeated ^R goes on) */
	struct buf search_;  /* what ^R looks for */
	ui_complete_fn complete_, query_;
	void *complete_ctx_, *query_ctx_;
	struct strlist list_; /* completion candidates or history matches */
};

/* An empty editor; h (may be NULL) is the history of prompts of kind `kind`. */
void editor_init(struct editor *e, struct history *h, enum ui_hist kind);
void editor_release(struct editor *e);
/* Replace the text (a default answer, the next mailbox); the cursor goes to its end. */
void editor_set_text(struct editor *e, const char *s);
/* The completer for complete (Tab), and the one for complete-query (^T); NULL: none. */
void editor_set_completer(struct editor *e, ui_complete_fn fn, void *ctx);
void editor_set_query(struct editor *e, ui_complete_fn fn, void *ctx);

/* Run one function of the editor menu (any other is ED_UNHANDLED). */
enum editor_result editor_op(struct editor *e, enum op op);
/*
 * A typed character: a code point, or a TK_* key. Printable characters are
 * inserted at the cursor; Enter, ^G and control characters as above.
 */
enum editor_result editor_insert(struct editor *e, uint32_t cp);
/* Insert the kill buffer at the cursor. ED_BEEP when it is empty. */
enum editor_result editor_yank(struct editor *e);
/*
 * The candidates of the last complete (when there were several) or the
 * matches of the last history-search, for the screen to list; empty after
 * any other function or character. The editor owns the list.
 */
const struct strlist *editor_completions(const struct editor *e);

/*
 * Which part of the text a prompt of `cols` columns shows. *first_byte is
 * in/out: the caller keeps it between calls (0 at first), and it changes
 * only when the cursor would leave the view; then, as in mutt, the cursor
 * comes back to the middle. When the whole text fits, it is 0. It is
 * always a cluster boundary, so a wide character is never split at the
 * left; the caller draws text_fit(text + *first_byte, ..., cols) (which
 * never splits one at the right). *cursor_col is the cursor's column,
 * less than cols.
 */
void editor_view(const struct editor *e, int cols, size_t *first_byte, int *cursor_col);

#endif /* TERN_UI_EDITOR_H */
