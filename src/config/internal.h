/*
 * internal.h - what the files of src/config share: the full struct config
 * and the command handlers that command.c's table points at. Not for other
 * layers (they use config.h).
 */
#ifndef TERN_CONFIG_INTERNAL_H
#define TERN_CONFIG_INTERNAL_H

#include "config/config.h"

/* ---- Variables (var.c) ---- */

struct var_value {
	union {
		bool b;
		enum quad quad;
		long num;
		int sort;
	};
	char *str;      /* strings, paths (expanded), addresses, tables, magic; regex source */
	regex_t *re;    /* compiled regex, or NULL */
	bool re_negate; /* VF_REGEX_NOT and a leading '!' */
	bool set;       /* changed from the default at least once (for -D) */
};

struct my_var {
	char *name; /* the full name, "my_foo" */
	char *value;
};

/* ---- Colours, hooks, lists (lists.c, hooks.c, alias.c, color.c) ---- */

struct attach_rule {
	bool add;       /* '+' or '-' */
	char disp;      /* 'A' attachment, 'I' inline, 'R' root */
	char *major;    /* "text", "*" */
	char *minor_re; /* regex source for the subtype */
	regex_t minor;
};

struct config {
	/* var.c (rc core) */
	struct var_value v[V_COUNT];
	struct var_value def[V_COUNT]; /* the defaults, dynamic ones computed by config_new */
	struct my_var *my;
	size_t nmy, capmy;

	/* config.c / rc.c (rc core) */
	struct rc_error *errors;
	size_t nerrors, caperrors;
	struct strlist unimpl_used; /* unimplemented variables and commands used, once each */
	int source_depth;
	bool finish;  /* "finish": stop reading the current file */
	bool sandbox; /* config_set_sandbox: no shell commands, source, cd or setenv */

	/* lists.c, hooks.c, alias.c, color.c (lists and hooks) */
	struct strlist lists[L_COUNT];
	struct hook *hooks[HOOK_COUNT];
	size_t nhooks[HOOK_COUNT], caphooks[HOOK_COUNT];
	struct alias *aliases;
	size_t naliases, capaliases;
	struct color_rule *colors;
	size_t ncolors, capcolors;
	struct attach_rule *attach_rules;
	size_t nattach, capattach;
	regex_t *list_rx[L_COUNT]; /* compiled, parallel to lists[] for the regex lists */
	size_t caplist_rx[L_COUNT];
	struct mailbox_opts *mbox_opts; /* parallel to lists[L_MAILBOXES] */
	size_t capmbox_opts;
	bool mailto_allow_set;     /* lists[L_MAILTO_ALLOW] replaced mutt's default */
	struct hash *alias_index;  /* alias_keys[i] -> i + 1 */
	struct strlist alias_keys; /* lower-cased alias names, parallel to aliases */

	/* keymap.c, keycmd.c (keys) */
	struct keymaps *keymaps;
	struct input *input;         /* where push/exec go once the UI runs, or NULL */
	struct strlist pending_push; /* before that: "\x02" + push text, "\x01" + exec'd names */
};

/* Record an error with the location the rc reader is at (rc.c). */
void config_add_error(struct config *c, const char *file, int line, const char *msg);
/* Note that an unimplemented variable or command was used (warned once at start-up). */
void config_note_unimplemented(struct config *c, const char *name);

/* ---- Command handlers (command.c's table points at these) ---- */

/* rc core (command.c, var.c) */
enum set_kind { SET_SET, SET_UNSET, SET_TOGGLE, SET_RESET };
int cmd_set(struct rc_line *l, intptr_t kind, struct buf *err);
int cmd_source(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_echo(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_setenv(struct rc_line *l, intptr_t unset, struct buf *err);
int cmd_ifdef(struct rc_line *l, intptr_t negate, struct buf *err);
int cmd_finish(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_cd(struct rc_line *l, intptr_t data, struct buf *err);
/* A mutt command tern accepts but does not act on yet: consumes its arguments. */
int cmd_accept(struct rc_line *l, intptr_t data, struct buf *err);

/* rc core helpers (rc.c, var.c, dump.c) */
#define RC_MAX_DEPTH 32 /* nesting of source and of commands run by ifdef */
/* Where the command being read comes from (NULL/0 outside a file). */
const char *rc_file(const struct rc_line *l);
int rc_lineno(const struct rc_line *l);
/* The very next character, white space included ('\0' at the end): what ends a token. */
int rc_next(const struct rc_line *l);
/* Run the rest of the current command (up to ';') as a command of its own. */
int rc_run_rest(struct rc_line *l, struct buf *err);
/* Run text as an rc line at l's location, one level deeper. */
int rc_run_nested(struct rc_line *l, const char *text, struct buf *err);
/* Skip the rest of the current command without running `commands`. */
int rc_skip_command(struct rc_line *l, struct buf *err);
/*
 * Split text into the arguments rc_token reads with flags (for tests and
 * tools); a character that stops a token (=, ? with their flags) is a token.
 */
int rc_split(struct config *c, const char *text, unsigned flags, struct strlist *out,
	     struct buf *err);
/* Read a file or "command|" as rc text; a relative path is taken from l's file's directory. */
int rc_source(struct rc_line *l, const char *path, struct buf *err);
/*
 * Run cmd with /bin/sh -c, stdin from /dev/null, and append its output
 * (only the first line, without its newline, when first_line) to out, at
 * most max bytes. ERR_UNSUPPORTED in a sandboxed config.
 */
int rc_shell(const struct config *c, const char *cmd, bool first_line, size_t max, struct buf *out,
	     struct buf *err);
/* Append s double-quoted and escaped so that rc_token reads it back as s (without TOK_CONDENSE). */
void rc_quote(const char *s, struct buf *out);
/* Append s as rc_token reads it back: as it is when it has no special character, else quoted. */
void rc_quote_word(const char *s, struct buf *out);

/* Set up every variable's default, and free the values (var.c). */
void vars_init(struct config *c);
void vars_release(struct config *c);
/* Append the value as text, unquoted ("yes", "ask-no", "reverse-date", a path expanded). */
void var_text(const struct config *c, enum var_id id, struct buf *out);
/* mutt's mailbox shortcuts: ~, ~user, = and + ($folder), ! (spoolfile), > (mbox), < (record). */
void var_expand_path(const struct config *c, const char *in, struct buf *out);
/* The $my_ variable named name, or NULL. */
const struct my_var *my_var_find(const struct config *c, const char *name);

/* keys (keycmd.c) */
int cmd_bind(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_unbind(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_macro(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_unmacro(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_push(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_exec(struct rc_line *l, intptr_t data, struct buf *err);

/* Shared by keyname.c, keymap.c, input.c and keycmd.c. */
enum keyscan_mode {
	KS_BIND, /* keyseq_parse's notation */
	KS_MACRO, /* macro text: "<function>" too; a backslash starting no \C \e or octal is itself */
};
/*
 * Read one key at *p (before end) and advance *p past it. *key is the key,
 * or 0 when macro text named a function (*op; OP_NULL for "<noop>", which
 * does nothing). Returns 0, or ERR_INVAL with the reason in err (KS_BIND
 * only: macro text reads anything as keys).
 */
int keyname_scan(const char **p, const char *end, enum keyscan_mode mode, int *key, enum op *op,
		 struct buf *err);
/*
 * keyseq_format for rc text: characters the rc tokenizer treats specially
 * (quotes, backslash, '#', ';', '$', '`', '^', '<') and controls other than ^A..^Z
 * are written as octal codes ("<134>"), so the key needs no quoting and
 * reads back the same whatever the tokenizer's flags.
 */
void keyseq_format_rc(const struct keyseq *k, struct buf *out);
/* What keymap_unbind_kind removes: unbind takes functions, unmacro macros. */
enum unbind_kind { UNBIND_ANY, UNBIND_FUNCTION, UNBIND_MACRO };
/* keymap_unbind limited to one kind of binding (keys NULL: every one of that kind). */
void keymap_unbind_kind(struct keymaps *k, enum menu_id m, const struct keyseq *keys,
			enum unbind_kind kind);
/* Menu m's own binding of exactly keys (no generic fallback), or NULL. */
const struct binding *keymap_get(const struct keymaps *k, enum menu_id m,
				 const struct keyseq *keys);
/* The function named (name, len) in any menu, OP_NULL for "noop", or -1. */
int op_find(const char *name, size_t len);

/* lists and hooks (lists.c, hooks.c, alias.c, color.c) */
int cmd_list(struct rc_line *l, intptr_t which, struct buf *err);   /* add to enum cfg_list */
int cmd_unlist(struct rc_line *l, intptr_t which, struct buf *err); /* remove, "*" clears */
int cmd_alias(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_unalias(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_hook(struct rc_line *l, intptr_t type, struct buf *err);
int cmd_unhook(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_color(struct rc_line *l, intptr_t mono, struct buf *err);
int cmd_uncolor(struct rc_line *l, intptr_t mono, struct buf *err);
int cmd_attachments(struct rc_line *l, intptr_t data, struct buf *err);
int cmd_unattachments(struct rc_line *l, intptr_t data, struct buf *err);
/* Free everything lists.c, hooks.c, alias.c and color.c keep in c (config_free calls it). */
void config_lists_release(struct config *c);

/* Shared by lists.c, hooks.c, alias.c and color.c. */
enum rx_case {
	RX_CASE,  /* case-sensitive */
	RX_ICASE, /* case-insensitive */
	RX_SMART, /* mutt's smart case: sensitive when the regex has an upper-case letter */
};
/*
 * Compile pattern (POSIX extended). On failure returns ERR_INVAL with
 * "CMD: bad regex 'PATTERN': REASON" in err.
 */
int lists_regcomp(regex_t *re, const char *pattern, enum rx_case mode, const char *cmd,
		  struct buf *err);
/* Append s as one rc argument that rc_token reads back as s (quoted when needed). */
void lists_quote_arg(struct buf *out, const char *s);
/*
 * Read the rest of the command as words joined by single spaces. A word
 * that was quoted in the rc text is kept in double quotes (escaped as an
 * RFC 5322 quoted-string), as mutt keeps the quotes of alias and my_hdr
 * values, so "Doe, John" <j@x> stays one name; the first word only when
 * quote_first. Control characters other than tab are refused.
 */
int lists_read_phrase(struct rc_line *l, bool quote_first, const char *cmd, struct buf *out,
		      struct buf *err);
/* Append text that lists_read_phrase reads back as exactly s. */
void lists_quote_phrase(struct buf *out, const char *s);
/* config_expand_path into out, which is reset first. */
void lists_expand_mailbox(struct config *c, const char *in, struct buf *out);
/* Remove entry i of a string list, freeing it. */
void lists_strlist_remove(struct strlist *l, size_t i);

void hooks_release(struct config *c);
void hooks_dump(const struct config *c, struct buf *out);
void alias_release(struct config *c);
void alias_dump(const struct config *c, struct buf *out);
void color_release(struct config *c);
void color_dump(const struct config *c, struct buf *out);

/* For -D (config_dump): append rc lines that re-create the non-default state. */
void config_lists_dump(const struct config *c,
		       struct buf *out);                    /* lists, hooks, aliases, colours */
void keymap_dump(const struct keymaps *k, struct buf *out); /* bindings and macros */

#endif /* TERN_CONFIG_INTERNAL_H */
