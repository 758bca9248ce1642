/*
 * config.h - the public face of src/config: typed variables, the rc
 * language (mutt's muttrc syntax), keymaps and the input queue that runs
 * macros, and the format-string (expando) engine.
 *
 * One `struct config` holds everything an rc file can set. It is the one
 * global the program keeps (STYLE.md); nothing in this layer draws or
 * prints: errors travel back as text.
 */
#ifndef TERN_CONFIG_H
#define TERN_CONFIG_H

#include <regex.h>

#include "core/core.h"

struct config;

/* ===================================================================== */
/* Variables (var.c, vartype.c, vars.def)                                */
/* ===================================================================== */

enum var_type {
	VT_BOOL,   /* set / unset / toggle */
	VT_QUAD,   /* yes, no, ask-yes, ask-no */
	VT_NUMBER, /* a signed int */
	VT_LONG,   /* a signed long ("number (long)" in muttrc(5)) */
	VT_STRING,
	VT_PATH,    /* a string with ~, =/+ (folder) and @alias? expansion */
	VT_REGEX,   /* a POSIX extended regex, smart case; "!" prefix allowed where noted */
	VT_SORT,    /* a sort method name, with reverse- and last- prefixes */
	VT_ADDRESS, /* an e-mail address */
	VT_MBTABLE, /* a table of characters (multibyte), e.g. $to_chars */
	VT_MAGIC,   /* a folder format: mbox, MMDF, MH, Maildir */
};

enum quad {
	QUAD_NO,
	QUAD_YES,
	QUAD_ASK_NO,
	QUAD_ASK_YES,
};

/* Which names a VT_SORT variable accepts. */
enum sort_set {
	SORTS_NONE,
	SORTS_MAIL,          /* $sort, $sort_aux */
	SORTS_ALIAS,         /* $sort_alias */
	SORTS_BROWSER,       /* $sort_browser, $sort_browser_mailboxes */
	SORTS_KEYS,          /* $pgp_sort_keys */
	SORTS_SIDEBAR,       /* $sidebar_sort_method */
	SORTS_THREAD_GROUPS, /* $sort_thread_groups */
};

/* Sort methods; a VT_SORT value is one of these ORed with the flags. */
enum sort_method {
	SORT_DATE = 1,
	SORT_SIZE,
	SORT_SUBJECT,
	SORT_FROM,
	SORT_ORDER, /* mailbox order, "unsorted" */
	SORT_THREADS,
	SORT_RECEIVED,
	SORT_TO,
	SORT_SCORE,
	SORT_ALIAS,
	SORT_ADDRESS,
	SORT_KEYID,
	SORT_TRUST,
	SORT_SPAM,
	SORT_COUNT,
	SORT_UNREAD,
	SORT_FLAGGED,
	SORT_PATH,
	SORT_LABEL,
	SORT_DESC,
	SORT_AUX, /* $sort_thread_groups: follow $sort_aux */
	SORT_NEW,
	SORT_MASK = 0xff,
	SORT_REVERSE = 1 << 8,
	SORT_LAST = 1 << 9,
};

enum var_flags {
	VF_IMPL = 1 << 0,      /* tern implements it; others are accepted with a warning */
	VF_SENSITIVE = 1 << 1, /* a secret: never printed by -Q or -D */
	VF_LOCALIZED = 1 << 2, /* the default is translated */
	VF_NOT_NEG = 1 << 3,   /* numbers: must be >= 0 */
	VF_REGEX_NOT = 1 << 4, /* regexes: a leading '!' negates (e.g. $mask) */
};

/* The variable ids: V_abort_noattach, V_alias_file, ..., then V_COUNT. */
enum var_id {
#define VAR(name, type, def, flags, sorts) V_##name,
#include "config/vars.def"
#undef VAR
	V_COUNT
};

/* A variable's description, from vars.def. */
struct var_def {
	const char *name;
	enum var_type type;
	const char *def; /* the default value itself (not rc syntax): what "reset" restores */
	unsigned flags;  /* enum var_flags */
	enum sort_set sorts;
};

const struct var_def *var_def(enum var_id id);
/* Look up a variable by name (exact; also mutt's old synonyms). Returns -1 when unknown. */
int var_lookup(const char *name);

/* Typed access for the program. Cheap: an array index. */
bool cfg_bool(const struct config *c, enum var_id id);
enum quad cfg_quad(const struct config *c, enum var_id id);
long cfg_num(const struct config *c, enum var_id id);
/* Strings, paths (already expanded), addresses, tables, magic: the text; never NULL. */
const char *cfg_str(const struct config *c, enum var_id id);
/* A compiled regex, or NULL when the variable is empty. *negate set for VF_REGEX_NOT. */
const regex_t *cfg_regex(const struct config *c, enum var_id id, bool *negate);
int cfg_sort(const struct config *c, enum var_id id);

/*
 * Set a variable from rc text (as `set name=value` would), validating it.
 * Returns 0, or ERR_INVAL with the reason in err. Used by the rc language,
 * by -e and by the program (e.g. $folder from -f).
 */
int cfg_set(struct config *c, enum var_id id, const char *value, struct buf *err);
/* Restore the default. */
void cfg_reset(struct config *c, enum var_id id);
/* Append the value as `set` would take it back (quoted/escaped for rc syntax). */
void cfg_format(const struct config *c, enum var_id id, struct buf *out);
/* True when the value differs from the default. */
bool cfg_changed(const struct config *c, enum var_id id);

/* User variables ($my_*): a copy of the value, or NULL. */
const char *cfg_my_get(const struct config *c, const char *name);

/* ===================================================================== */
/* The config handle and the rc language (config.c, rc.c, command.c)     */
/* ===================================================================== */

/* An error from an rc file or command, with where it happened. */
struct rc_error {
	char *file; /* NULL for -e and interactive commands */
	int line;
	char *msg; /* translated, without the location */
};

struct config *config_new(void);
void config_free(struct config **c);
/*
 * A copy of every variable's value ($my_ ones too; not lists, hooks or
 * keymaps), for a thread that reads settings while the interface may :set
 * the original: a mailbox's worker and read jobs. Free with config_free.
 */
struct config *config_snapshot(const struct config *c);

/* Errors collected so far (for the start-up report and -Q/-D's exit status). */
size_t config_error_count(const struct config *c);
const struct rc_error *config_error(const struct config *c, size_t i);
/*
 * Names of variables that were set but are not implemented (VF_IMPL clear),
 * for the one summary warning at start-up.
 */
const struct strlist *config_unimplemented_used(const struct config *c);

/*
 * Run one line of rc text: one or more commands separated by ';'. `file`
 * and `line` locate errors (NULL/0 for -e and the `:` prompt). Errors are
 * also recorded in the config's error list. Returns 0 or the first error
 * (the rest of the line is not run). On success err is empty, or holds a
 * message for the user: what echo said, or the answer to a query such as
 * `set sort?` (the last one, when several commands spoke).
 */
int config_run(struct config *c, const char *text, const char *file, int line, struct buf *err);
/*
 * Read an rc file: physical lines joined at backslash-newline, each run
 * through config_run. A path ending in '|' is a command whose output is
 * read. A file that cannot be read is an error. `source` inside nests up
 * to a depth limit. Returns 0, or the first error (the rest still loads).
 */
int config_source(struct config *c, const char *path, struct buf *err);
/*
 * Read rc text that is already in memory (len bytes, physical lines as in a
 * file) as config_source reads a file; `name` stands for the file in
 * errors, and relative `source` paths are taken from its directory.
 */
int config_source_text(struct config *c, const char *text, size_t len, const char *name,
		       struct buf *err);
/*
 * Refuse everything rc text could do outside the config: `command`
 * expansion, source, cd and setenv become errors. For text that is not the
 * user's own (and for fuzzing).
 */
void config_set_sandbox(struct config *c, bool on);
/*
 * Dump every non-default setting (variables, $my_ variables, lists, hooks,
 * aliases, colours, bindings, macros) in rc syntax that config_run reads
 * back to the same state. Secrets (VF_SENSITIVE) are left out, with a
 * comment saying so.
 */
void config_dump(const struct config *c, struct buf *out);
/*
 * What -Q prints for one variable: name="value" (mutt's form; booleans
 * "name is set" / "name is unset"). ERR_NOTFOUND for an unknown name.
 */
int config_query(const struct config *c, const char *name, struct buf *out);

/*
 * Expand mutt's mailbox shortcuts at the start of a path, as mutt does for
 * path variables and mailbox arguments: ~ and ~user, = and + ($folder), !
 * ($spoolfile), > ($mbox), < ($record); !!, - and ^ (folders visited) are
 * empty while rc files are read. $NAME is not expanded here: the rc
 * tokenizer has done that.
 */
void config_expand_path(const struct config *c, const char *in, struct buf *out);

/*
 * The tokenizer, for command handlers. A handler receives the rest of its
 * line; rc_token reads one argument with mutt's rules: white space
 * separates; "double quotes" allow backslash escapes (\n \r \t \f \e \cX
 * \" \\ and three-digit octal), $VAR and `command` expansion; 'single
 * quotes' are literal; a backslash outside quotes escapes the next
 * character; `command` outside quotes splices the first line of the
 * command's output into the line (read again as rc text), inside double
 * quotes it inserts that line as it is; $name and ${name} give the
 * environment variable, else the config variable, else the $my_ variable
 * (mutt 2.2's order), as is (not read again); '#' ends the line (a
 * comment, even inside a word) and ';' ends the command unless quoted. An
 * unterminated quote is an error. White space after a token is not
 * skipped: rc_peek and rc_more skip it.
 */
struct rc_line;

enum rc_tok_flags {
	TOK_EQUAL = 1 << 0,     /* stop at '=' (and at "+=", "-=" before it) */
	TOK_CONDENSE = 1 << 1,  /* ^X means control-X (key sequences) */
	TOK_SPACE = 1 << 2,     /* white space does not end the token */
	TOK_QUESTION = 1 << 3,  /* stop at '?' */
	TOK_PATTERN = 1 << 4,   /* a search pattern: '~' '%' '=' '!' '|' stop an unquoted token */
	TOK_COMMENT = 1 << 5,   /* '#' does not start a comment */
	TOK_SEMICOLON = 1 << 6, /* ';' does not end the command */
	TOK_NOSHELL = 1 << 7,   /* no `command` expansion */
};

/* Read the next argument into tok (reset first). Returns 0 or ERR_PARSE (unterminated quote...). */
int rc_token(struct rc_line *l, struct buf *tok, unsigned flags, struct buf *err);
/* True when the command has more arguments (not at end of line, ';' or '#'). */
bool rc_more(struct rc_line *l);
/* The next unread character (after white space), or '\0': for "=", "+=", "?" checks. */
int rc_peek(struct rc_line *l);
/* Consume n characters (after rc_peek). */
void rc_skip(struct rc_line *l, size_t n);
/* The config being changed. */
struct config *rc_config(struct rc_line *l);

/*
 * A command handler: reads its arguments from l, changes c, returns 0 or a
 * negative code with a translated message in err (no location: the caller
 * adds file and line).
 */
typedef int (*rc_command_fn)(struct rc_line *l, intptr_t data, struct buf *err);

struct rc_command {
	const char *name;
	rc_command_fn fn;
	intptr_t data;
	bool impl; /* false: accepted (mutt has it) but tern does nothing yet: warned once */
};

/* The command table (command.c): lookup by name, NULL when unknown. */
const struct rc_command *rc_command_find(const char *name);
/* Every command, in name order (for completion): rc_command_at(0..rc_command_count()-1). */
size_t rc_command_count(void);
const struct rc_command *rc_command_at(size_t i);

/* ===================================================================== */
/* Lists, hooks, aliases, colours (lists.c, hooks.c, alias.c, color.c)    */
/* ===================================================================== */

/*
 * The simple lists commands maintain. Each entry is the text as given
 * (mailboxes and sidebar_whitelist: the expanded path; my_hdr: the whole
 * "Name: value" line). Adding an entry that is already there (ignoring
 * case, as mutt does) changes nothing. The regex lists (alternates, lists,
 * subscribe and their exceptions) are compiled case-insensitively, as mutt
 * compiles them: test them with cfg_list_match.
 */
enum cfg_list {
	L_ALTERNATES,
	L_UNALTERNATES, /* exceptions to alternates */
	L_LISTS,
	L_SUBSCRIBE, /* every subscribed list is also in L_LISTS */
	L_IGNORE,
	L_UNIGNORE,
	L_HDR_ORDER,
	L_ALTERNATIVE_ORDER,
	L_AUTO_VIEW,
	L_MIME_LOOKUP,
	L_MAILBOXES,
	L_MY_HDR,
	L_MAILTO_ALLOW, /* mutt's default: body, subject, cc, in-reply-to, references */
	L_SIDEBAR_WHITELIST,
	L_UNLISTS,     /* exceptions to lists, from "unlists" */
	L_UNSUBSCRIBE, /* exceptions to subscribe, from "unsubscribe" */
	L_COUNT
};

const struct strlist *cfg_list(const struct config *c, enum cfg_list which);
/*
 * mutt's membership tests: true when addr matches a regex of `which`
 * (L_ALTERNATES, L_LISTS or L_SUBSCRIBE) and none of its exceptions
 * (L_UNALTERNATES, L_UNLISTS, L_UNSUBSCRIBE). False for other lists.
 */
bool cfg_list_match(const struct config *c, enum cfg_list which, const char *addr);
/*
 * True when header (hdr, len) is shown in the pager: not ignored, or
 * unignored. mutt's rules: an entry matches when it is a prefix of the
 * header, ignoring case, or starts with '*'. hdr is the whole header line
 * ("Subject: hi", or the mbox "From " line) or a bare field name, which is
 * matched as if followed by ':' (so "unignore from:" shows "From").
 */
bool cfg_header_visible(const struct config *c, const char *hdr, size_t len);

/* What "mailboxes" said about mailbox i of cfg_list(c, L_MAILBOXES). */
struct mailbox_opts {
	char *label;   /* -label, or NULL */
	bool nonotify; /* -nonotify */
	bool nopoll;   /* -nopoll */
};
const struct mailbox_opts *cfg_mailbox_opts(const struct config *c, size_t i);

enum hook_type {
	HOOK_FOLDER,
	HOOK_SEND,
	HOOK_SEND2,
	HOOK_REPLY,
	HOOK_MESSAGE,
	HOOK_SAVE,
	HOOK_FCC,
	HOOK_FCC_SAVE, /* see cfg_hook_count */
	HOOK_ACCOUNT,
	HOOK_CHARSET,
	HOOK_ICONV,
	HOOK_MBOX,
	HOOK_CRYPT, /* also "pgp-hook" */
	HOOK_APPEND,
	HOOK_CLOSE,
	HOOK_OPEN,
	HOOK_INDEX_FORMAT,
	HOOK_COUNT
};

struct hook {
	enum hook_type
		type;  /* HOOK_FCC_SAVE for an fcc-save-hook listed under HOOK_FCC or HOOK_SAVE */
	char *name;    /* index-format-hook: the NAME of %@NAME@; else NULL */
	char *pattern; /* a regex (folder, mbox, account, charset, iconv, crypt, open,
				close, append: folder and mbox after shortcut expansion) or a
				search pattern as written (the others) */
	bool negate;   /* written with a leading '!' */
	char *command; /* the command, the target (charset, iconv, crypt), the mailbox
				(save, fcc, mbox: expanded) or the format (index-format) */
	regex_t regex; /* valid when has_regex: the regex hook types */
	bool has_regex;
};

/*
 * Hooks of one type in definition order. An fcc-save-hook is listed under
 * both HOOK_FCC and HOOK_SAVE (with type HOOK_FCC_SAVE), in its place among
 * the others, so the fcc and save lookups see it in order; the count for
 * HOOK_FCC_SAVE itself is always 0. index-format-hooks of every name are
 * listed together (the name is in each hook).
 */
size_t cfg_hook_count(const struct config *c, enum hook_type t);
const struct hook *cfg_hook(const struct config *c, enum hook_type t, size_t i);

struct alias {
	char *name;  /* as first defined: keys are matched ignoring case */
	char *value; /* the address list as written (parses with addrlist_parse) */
};

/* The alias named name (ignoring case), or NULL. */
const struct alias *cfg_alias(const struct config *c, const char *name);
/* Aliases in definition order (a redefinition keeps its place). */
size_t cfg_alias_count(const struct config *c);
const struct alias *cfg_alias_at(const struct config *c, size_t i);

/* Colour objects (mutt's names, and NeoMutt's index_* and sidebar_unread). */
enum color_object {
	CO_NORMAL,
	CO_INDICATOR,
	CO_TREE,
	CO_STATUS,
	CO_ERROR,
	CO_MESSAGE,
	CO_PROMPT,
	CO_SIGNATURE,
	CO_ATTACHMENT,
	CO_SEARCH,
	CO_MARKERS,
	CO_TILDE,
	CO_HDRDEFAULT,
	CO_BOLD,
	CO_UNDERLINE,
	CO_QUOTED, /* quoted, quoted0..quotedN: the level is in color_rule.level */
	CO_HEADER, /* with a regex */
	CO_BODY,   /* with a regex */
	CO_INDEX,  /* with a pattern; also index_author, index_subject... below */
	CO_INDEX_AUTHOR,
	CO_INDEX_SUBJECT,
	CO_INDEX_TAG,
	CO_INDEX_COLLAPSED,
	CO_INDEX_DATE,
	CO_INDEX_FLAGS,
	CO_INDEX_LABEL,
	CO_INDEX_NUMBER,
	CO_INDEX_SIZE,
	CO_SIDEBAR_DIVIDER,
	CO_SIDEBAR_FLAGGED,
	CO_SIDEBAR_HIGHLIGHT,
	CO_SIDEBAR_INDICATOR,
	CO_SIDEBAR_NEW,
	CO_SIDEBAR_SPOOLFILE,
	CO_SIDEBAR_UNREAD,
	CO_COMPOSE_HEADER, /* "color compose header" */
	CO_COMPOSE_SECURITY_ENCRYPT,
	CO_COMPOSE_SECURITY_SIGN,
	CO_COMPOSE_SECURITY_BOTH,
	CO_COMPOSE_SECURITY_NONE,
	CO_COUNT
};

enum color_attr {
	CA_BOLD = 1 << 0,
	CA_UNDERLINE = 1 << 1,
	CA_REVERSE = 1 << 2,
	CA_STANDOUT = 1 << 3,
	CA_BLINK = 1 << 4,
	CA_ITALIC = 1 << 5,
	CA_NONE =
		1 << 6, /* "none" (or "normal") was written: it dropped the attributes before it */
};

/*
 * A colour: -1 for the terminal's default, 0..255 for the 256-colour
 * palette (0..7 the basic colours; "lightX" is X+8), or 0x1000000|RGB for
 * direct colour (#rrggbb). As in mutt, "brightX" is X+8 as a background
 * but X with CA_BOLD as a foreground.
 */
#define COLOR_DEFAULT  (-1)
#define COLOR_RGB_FLAG 0x1000000

/*
 * One colour or mono command in effect. Rules are kept in definition
 * order; a later command for the same object (and level, and pattern:
 * compared ignoring case for header) replaces the rule in its place. mutt
 * tries the most recent index and header/body rules first, so a consumer
 * walks them from the end. color and mono rules are kept apart (mono).
 */
struct color_rule {
	enum color_object object;
	int level;      /* quoted level, 0..COLOR_QUOTED_MAX */
	int fg, bg;     /* COLOR_DEFAULT for mono rules */
	unsigned attrs; /* enum color_attr */
	char *pattern;  /* regex or index pattern as written, or NULL */
	regex_t regex;  /* compiled, for header/body (valid when has_regex) */
	bool has_regex;
	bool mono; /* from "mono": attributes only */
};
#define COLOR_QUOTED_MAX 999

size_t cfg_color_count(const struct config *c);
const struct color_rule *cfg_color_at(const struct config *c, size_t i);
/* The object's rc name ("index_author", "compose header"...). */
const char *color_object_name(enum color_object o);

/*
 * Attachment counting (the attachments command): true when a part with
 * disposition disp ('A' attachment, 'I' inline, 'R' root) and type
 * major/minor qualifies: it matches a '+' rule of that disposition and no
 * '-' rule (mutt's test; the minor part of a rule is a regex).
 */
bool cfg_attach_qualifies(const struct config *c, char disp, const char *major, const char *minor);
/* The rules as "attachments ?" lists them, one rc line each. */
void cfg_attach_format(const struct config *c, struct buf *out);

/* ===================================================================== */
/* Keys, keymaps and functions (keyname.c, keymap.c, functions.def)      */
/* ===================================================================== */

/* Special keys, outside the Unicode range; the UI maps curses keys onto these. */
enum special_key {
	KEY_BASE_ = 0x200000,
	TK_UP,
	TK_DOWN,
	TK_LEFT,
	TK_RIGHT,
	TK_PAGEUP,
	TK_PAGEDOWN,
	TK_HOME,
	TK_END,
	TK_INSERT,
	TK_DELETE,
	TK_BACKSPACE,
	TK_ENTER, /* keypad Enter; Return is '\r' */
	TK_BACKTAB,
	TK_F0, /* TK_F0 + n is <Fn>, n = 1..63 */
	TK_F63 = TK_F0 + 63,
	TK_RESIZE,  /* the terminal changed size */
	TK_TIMEOUT, /* no key within the timeout */
	TK_ABORT,   /* interrupt (Ctrl-C) */
	TK_MOUSE,
};

/* A parsed key sequence: code points or TK_* values. */
#define KEYSEQ_MAX 32
struct keyseq {
	int keys[KEYSEQ_MAX];
	size_t n;
};

/*
 * Parse a key sequence as bind/macro write it: plain characters, \Cx and
 * ^x (control), \e and <Esc> (escape), \n \r \t, octal \177, <F1>..<F63>,
 * <Enter> <Return> <Tab> <BackTab> <Space> <Up> <Down> <Left> <Right>
 * <PageUp> <PageDown> <Home> <End> <Insert> <Delete> <Backspace>, and <octal>.
 * Returns 0 or ERR_INVAL with a reason in err.
 */
int keyseq_parse(const char *s, struct keyseq *out, struct buf *err);
/* Append the sequence as mutt would name it ("\Cx" -> "^X", "<F1>", "<Esc>x"...). */
void keyseq_format(const struct keyseq *k, struct buf *out);

enum menu_id {
	MENU_GENERIC,
	MENU_INDEX,
	MENU_PAGER,
	MENU_ALIAS,
	MENU_QUERY,
	MENU_ATTACH,
	MENU_COMPOSE,
	MENU_POSTPONE,
	MENU_BROWSER,
	MENU_PGP,
	MENU_SMIME,
	MENU_MIX,
	MENU_EDITOR,
	MENU_AUTOCRYPT,
	MENU_LIST,
	MENU_COUNT
};

const char *menu_name(enum menu_id m);
/* The menu named name ("index", "pager"...), or -1. */
int menu_lookup(const char *name);

/* Functions: OP_NULL, then OP_<NAME> for each function in functions.def. */
enum op {
	OP_NULL,
#define FUNC(op, name, desc) op,
#include "config/functions.def"
#undef FUNC
	OP_COUNT
};

/* The function name ("next-entry") and a short translated description. */
const char *op_name(enum op op);
const char *op_description(enum op op);
/* The function named name that menu m offers (or generic, where m falls back to it), or OP_NULL. */
enum op op_lookup(enum menu_id m, const char *name);
/* True when menu m offers op (itself, or through generic): bind accepts it there; help lists it. */
bool menu_offers(enum menu_id m, enum op op);

struct keymaps;

/* One binding: a function or a macro. */
struct binding {
	struct keyseq keys;
	enum op op;        /* OP_NULL for a macro */
	char *macro;       /* the macro's keys as written (parsed at run time), or NULL */
	char *description; /* the macro's description, or NULL */
};

/* mutt's default bindings for every menu. */
struct keymaps *keymaps_new(void);
void keymaps_free(struct keymaps **k);
/* The config's keymaps (bind/macro change these). */
struct keymaps *cfg_keymaps(struct config *c);

int keymap_bind(struct keymaps *k, enum menu_id m, const struct keyseq *keys, enum op op);
int keymap_macro(struct keymaps *k, enum menu_id m, const struct keyseq *keys, const char *macro,
		 const char *description);
/* Remove a binding (or every binding of the menu when keys is NULL: "unbind menu *"). */
void keymap_unbind(struct keymaps *k, enum menu_id m, const struct keyseq *keys);

enum km_match {
	KM_NONE,   /* no binding starts with these keys */
	KM_PREFIX, /* a longer binding starts with these keys: wait for more */
	KM_EXACT,  /* *out is the binding */
};

/*
 * Look keys up in menu m, falling back to generic for menus that use it
 * (not the pager or editor). A binding that is both exact and a prefix of a
 * longer one reports KM_PREFIX; the caller decides on a timeout. With
 * KM_PREFIX, *out is that exact binding, or NULL when there is none. A
 * "noop" binding is exact with op OP_NULL and no macro: it hides generic's.
 */
enum km_match keymap_lookup(const struct keymaps *k, enum menu_id m, const int *keys, size_t n,
			    const struct binding **out);
/*
 * Every binding visible in menu m (menu's own first, then generic's not
 * shadowed, each in key order; "noop" bindings left out), for help. *out
 * is a malloc'd array the caller frees; the bindings stay the keymaps'.
 */
size_t keymap_list(const struct keymaps *k, enum menu_id m, const struct binding ***out);
/* The first key sequence (in keymap_list order) that runs op in menu m, for the help bar. */
bool keymap_find_op(const struct keymaps *k, enum menu_id m, enum op op, struct keyseq *out);

/* ===================================================================== */
/* The input queue and key dispatch (input.c)                            */
/* ===================================================================== */

/*
 * What the program reads: keys from the terminal and the events that macros,
 * push and exec put in front of them. An event is a key or a function.
 */
struct event {
	int key;    /* a code point or TK_*, or 0 when op is set */
	enum op op; /* a function to run directly (from "<function>" in a macro, or exec) */
};

struct input;

/*
 * A source of terminal keys: returns a key, TK_TIMEOUT when nothing came
 * within timeout_ms (-1: wait forever), or TK_ABORT.
 */
typedef int (*key_source_fn)(int timeout_ms, void *ctx);

struct input *input_new(key_source_fn src, void *ctx);
void input_free(struct input **in);
/*
 * Put macro text in front of the queue: characters become keys, "<name>"
 * becomes the function or special key of that name ("<enter>", "<limit>"),
 * and "\Cx", "^x", "\e", octal as in keyseq_parse. Returns 0, or ERR_LIMIT
 * when the queue would pass its cap (a runaway macro: the queue is flushed).
 */
int input_push(struct input *in, const char *macro, struct buf *err);
/* Queue one function to run next (exec). */
void input_push_op(struct input *in, enum op op);
/* The next event: from the queue, else from the key source. */
struct event input_next(struct input *in, int timeout_ms);
/* Drop everything queued (after an error, so a half-run macro stops). */
void input_flush(struct input *in);
/* True when events are queued (a macro is running). */
bool input_pending(const struct input *in);

/*
 * Read keys until they select a binding in menu m and return the function
 * to run. Macros are expanded through the queue (so a macro can call
 * functions, answer prompts and run other macros); an exact match that is
 * also a prefix waits up to `prefix_timeout_ms` for the next key. Keys that
 * match nothing return OP_NULL with *key set (the caller may beep, or use the
 * key as text). More than a cap of consecutive macro expansions without a
 * key from the terminal is a runaway macro: the queue is flushed and
 * OP_NULL is returned with ERR_LIMIT in *status and a message in err.
 */
enum op input_dispatch(struct input *in, const struct keymaps *k, enum menu_id m,
		       int prefix_timeout_ms, int *key, int *status, struct buf *err);

/*
 * Hand the UI's input queue to the config: the push and exec commands run
 * so far (the rc files, before there was a queue) are queued on in, in the
 * order mutt would have queued them, and later ones (hooks, the `:` prompt)
 * go straight to in. The config does not own in; NULL detaches it.
 * Returns 0, or ERR_LIMIT from input_push with the reason in err.
 */
int config_set_input(struct config *c, struct input *in, struct buf *err);

/* ===================================================================== */
/* Format strings (format.c)                                             */
/* ===================================================================== */

/*
 * mutt's expando language: %[-][=][0][width][.max][_][:]X (left-justify,
 * centre, zero-pad numbers, minimum and maximum columns, lower-case, dots to
 * underscores), %?X?then? and %?X?then&else? (branches may hold expandos and
 * further conditionals), %>X (pad with X so that the rest is right-aligned;
 * when the line is too long the left part wins and the rest is cut), %|X
 * (fill to the end with X; nothing after it is shown), %*X (soft fill: the
 * right part keeps its room and the left part is cut first), %{fmt} %[fmt]
 * %(fmt) %<fmt> (dates) and %@name@ (index-format-hook), handed to the
 * caller with the inner text, %% (a percent), and \n \t \r \f \v (other
 * \X is X). Broken syntax ("%", "%5", "%{no end", an unclosed %?X?) is kept
 * as written. Widths count terminal columns by grapheme cluster (see
 * text_width) and never split a cluster: a wide character that does not fit
 * in the last column is replaced by a space.
 */
struct format;

/* A request to the caller for one expando. */
struct expando {
	char op; /* the letter: 's', 'n', or '{', '[', '(', '<' for dates, '@' for %@name@ */
	const char *arg; /* the text inside the brackets (NUL-terminated), else NULL */
	size_t arg_len;
	bool optional;     /* asked for a %?X? test: the return value matters, not out */
	unsigned *status_; /* the engine's: set through expando_number() and expando_unknown() */
};

/*
 * Append the expansion of e to out (unpadded: the engine pads and cuts), and
 * only append. Return true when the value is "set" for %?X? (non-empty /
 * non-zero). The callback may render another format into out (cols 0).
 */
typedef bool (*expando_fn)(const struct expando *e, void *ctx, struct buf *out);

/*
 * Append n as the value of e, as a number: then, as with mutt's printf, '0'
 * pads it with zeros after the sign, .max is its minimum number of digits
 * (%.3C gives 007), and it is never cut. Other values are text, except that
 * '0' also zero-pads a text that reads as a number.
 */
void expando_number(const struct expando *e, long n, struct buf *out);
/*
 * Tell the engine that e's letter means nothing here: it is shown as written
 * ("%-5Q"), whatever was appended, and a %?Q? test takes the then-branch
 * (both as mutt does).
 */
void expando_unknown(const struct expando *e);

/* Compile fmt once (index lines are formatted many times). Never fails: bad syntax is kept literally. */
struct format *format_compile(const char *fmt);
void format_free(struct format **f);
/*
 * Append the expansion to out, laid out in `cols` columns (at most 4096):
 * the appended text never takes more, and is not padded to the edge unless a
 * fill says so. cols 0: no fill and no cutting to a width (%| still ends the
 * line). Allocates nothing but out's growth (and a little for 9+ fills).
 */
void format_render(const struct format *f, size_t cols, expando_fn fn, void *ctx, struct buf *out);

/*
 * Columns that the UTF-8 text (s, len) takes, by grapheme cluster: East
 * Asian wide characters 2, combining marks 0, an emoji with skin tone or
 * ZWJ sequence 2, a flag (pair of regional indicators) 2, a narrow symbol
 * with VS16 2, C0 controls and DEL 2 (drawn as ^X), C1 controls and invalid
 * bytes 1 (drawn as U+FFFD).
 */
size_t text_width(const char *s, size_t len);
/* The length in bytes of the grapheme cluster at the start of (s, len), 0
 * when len is 0; its columns, as text_width counts them, go to *cols. */
size_t text_cluster(const char *s, size_t len, size_t *cols);
/*
 * The length in bytes of the longest prefix of (s, len) that fits in cols
 * columns without splitting a grapheme cluster; its width goes to *width
 * (when not NULL), which may be cols - 1 when a wide character is next.
 */
size_t text_fit(const char *s, size_t len, size_t cols, size_t *width);

#endif /* TERN_CONFIG_H */
