/*
 * hooks.c - the -hook commands and unhook.
 *
 * A hook is kept as written, with mutt's parse-time work done: folder and
 * mbox hook regexes get mailbox shortcuts expanded (the expansion is
 * regex-quoted), the mailbox of save, fcc and mbox hooks is expanded, and
 * every regex is compiled once here. Search patterns (send, reply,
 * message, save, fcc, index-format hooks) stay text for the pattern
 * engine, which also applies $default_hook to a simple regex.
 *
 * Repeats follow mutt: hooks that run commands (folder, send, send2,
 * reply, message, account) and crypt-hook may carry several commands for
 * one pattern, and an identical one is not added twice; the others keep
 * one target per pattern, and a later one replaces it in place.
 */
#include "config/internal.h"

enum hook_pattern {
	HP_PATTERN, /* a search pattern */
	HP_REGEX,
};

enum hook_target {
	HT_TEXT,    /* a command, a charset, a key, a format */
	HT_MAILBOX, /* expanded like a path */
	HT_FCC,     /* expanded, each part of $fcc_delimiter separately */
};

static const struct hook_info {
	const char *name;
	enum hook_pattern pat;
	enum rx_case rxcase;
	bool rest_of_line; /* the command is the rest of the line, spaces and all */
	bool multi;        /* one pattern may carry several commands */
	bool shortcuts;    /* the regex starts with a mailbox shortcut */
	enum hook_target target;
	bool needs_ft; /* compressed-folder commands need %f and %t */
} hook_info[HOOK_COUNT] = {
	[HOOK_FOLDER] = { "folder-hook", HP_REGEX, RX_CASE, true, true, true, HT_TEXT, false },
	[HOOK_SEND] = { "send-hook", HP_PATTERN, RX_CASE, true, true, false, HT_TEXT, false },
	[HOOK_SEND2] = { "send2-hook", HP_PATTERN, RX_CASE, true, true, false, HT_TEXT, false },
	[HOOK_REPLY] = { "reply-hook", HP_PATTERN, RX_CASE, true, true, false, HT_TEXT, false },
	[HOOK_MESSAGE] = { "message-hook", HP_PATTERN, RX_CASE, true, true, false, HT_TEXT, false },
	[HOOK_SAVE] = { "save-hook", HP_PATTERN, RX_CASE, false, false, false, HT_MAILBOX, false },
	[HOOK_FCC] = { "fcc-hook", HP_PATTERN, RX_CASE, false, false, false, HT_FCC, false },
	[HOOK_FCC_SAVE] = { "fcc-save-hook", HP_PATTERN, RX_CASE, false, false, false, HT_MAILBOX,
			    false },
	[HOOK_ACCOUNT] = { "account-hook", HP_REGEX, RX_CASE, true, true, false, HT_TEXT, false },
	[HOOK_CHARSET] = { "charset-hook", HP_REGEX, RX_ICASE, false, false, false, HT_TEXT,
			   false },
	[HOOK_ICONV] = { "iconv-hook", HP_REGEX, RX_ICASE, false, false, false, HT_TEXT, false },
	[HOOK_MBOX] = { "mbox-hook", HP_REGEX, RX_CASE, false, false, true, HT_MAILBOX, false },
	[HOOK_CRYPT] = { "crypt-hook", HP_REGEX, RX_ICASE, false, true, false, HT_TEXT, false },
	[HOOK_APPEND] = { "append-hook", HP_REGEX, RX_CASE, false, false, false, HT_TEXT, true },
	[HOOK_CLOSE] = { "close-hook", HP_REGEX, RX_CASE, false, false, false, HT_TEXT, true },
	[HOOK_OPEN] = { "open-hook", HP_REGEX, RX_CASE, false, false, false, HT_TEXT, true },
	[HOOK_INDEX_FORMAT] = { "index-format-hook", HP_PATTERN, RX_CASE, false, false, false,
				HT_TEXT, false },
};

size_t cfg_hook_count(const struct config *c, enum hook_type t)
{
	return t < HOOK_COUNT ? c->nhooks[t] : 0;
}

const struct hook *cfg_hook(const struct config *c, enum hook_type t, size_t i)
{
	return t < HOOK_COUNT && i < c->nhooks[t] ? &c->hooks[t][i] : NULL;
}

/* The hook type named name, ignoring case as mutt does ("pgp-hook" is crypt-hook), or -1. */
static int hook_lookup(const char *name)
{
	if (ascii_strcasecmp(name, "pgp-hook") == 0)
		return HOOK_CRYPT;
	for (int t = 0; t < HOOK_COUNT; t++)
		if (ascii_strcasecmp(name, hook_info[t].name) == 0)
			return t;
	return -1;
}

static void hook_free(struct hook *h)
{
	free(h->name);
	free(h->pattern);
	free(h->command);
	if (h->has_regex)
		regfree(&h->regex);
}

/* ---- Expansion ---------------------------------------------------------- */

static void add_regex_quoted(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr(".[]()*+?{}|^$\\", s[i]))
			buf_addch(out, '\\');
		buf_addch(out, s[i]);
	}
}

/* How many characters of s are a mailbox shortcut (0: none). */
static size_t shortcut_len(const char *s)
{
	if (s[0] == '~')
		return strcspn(s, "/");
	if (s[0] == '!' && s[1] == '!')
		return 2;
	return s[0] && strchr("=+!<>-", s[0]) ? 1 : 0;
}

/*
 * mutt expands a mailbox shortcut at the start of a folder-hook or
 * mbox-hook regex when the hook is defined, quoting what it inserts. "^"
 * (the current mailbox) has no value while the configuration is read: mutt
 * refuses it, and so does tern; so does a pattern that expands to nothing.
 */
static int expand_hook_regex(struct config *c, const char *cmd, struct buf *pat, struct buf *err)
{
	struct buf full = BUF_INIT;
	size_t head = shortcut_len(pat->data), tail;
	int rc = 0;

	if (pat->data[0] == '^') {
		buf_printf(err,
			   _("%s: the current mailbox shortcut '^' has no value here (write "
			     "'(%s)' for a regex)"),
			   cmd, pat->data);
		return ERR_INVAL;
	}
	if (head == 0)
		return 0;
	tail = pat->len - head;
	lists_expand_mailbox(c, pat->data, &full);
	if (buf_eq(&full, pat->data)) {
		/* nothing expanded (an unknown ~user): the regex stays as written */
	} else if (full.len == 0) {
		buf_printf(err, _("%s: the mailbox shortcut in '%s' expands to nothing"), cmd,
			   pat->data);
		rc = ERR_INVAL;
	} else if (full.len >= tail &&
		   memcmp(full.data + full.len - tail, pat->data + head, tail) == 0) {
		struct buf out = BUF_INIT;

		add_regex_quoted(&out, full.data, full.len - tail);
		buf_add(&out, pat->data + head, tail);
		buf_reset(pat);
		buf_addbuf(pat, &out);
		buf_release(&out);
	} else {
		buf_reset(pat);
		buf_addbuf(pat, &full);
	}
	buf_release(&full);
	return rc;
}

/* The fcc-hook mailbox may name several, separated by $fcc_delimiter. */
static void expand_target(struct config *c, enum hook_target target, struct buf *cmd)
{
	struct buf in = BUF_INIT, part = BUF_INIT, exp = BUF_INIT;
	const char *delim = cfg_str(c, V_fcc_delimiter);
	size_t dlen = strlen(delim);

	if (target == HT_TEXT)
		return;
	buf_addbuf(&in, cmd);
	buf_reset(cmd);
	if (target == HT_MAILBOX || dlen == 0) {
		lists_expand_mailbox(c, in.data, cmd);
		goto out;
	}
	for (const char *p = in.data;;) {
		const char *end = strstr(p, delim);

		buf_reset(&part);
		buf_add(&part, p, end ? (size_t)(end - p) : strlen(p));
		lists_expand_mailbox(c, part.data, &exp);
		buf_addbuf(cmd, &exp);
		if (!end)
			break;
		buf_addstr(cmd, delim);
		p = end + dlen;
	}
out:
	buf_release(&in);
	buf_release(&part);
	buf_release(&exp);
}

/* ---- Defining ------------------------------------------------------------ */

/* A hook as read, before it is stored. */
struct hook_req {
	enum hook_type type;
	struct buf name, pattern, command;
	bool negate;
};

static int read_hook(struct rc_line *l, struct hook_req *r, struct buf *err)
{
	const struct hook_info *hi = &hook_info[r->type];
	int rc;

	if (r->type == HOOK_INDEX_FORMAT) {
		if (!rc_more(l))
			goto few;
		if ((rc = rc_token(l, &r->name, 0, err)) < 0)
			return rc;
	}
	if (!rc_more(l))
		goto few;
	if (rc_peek(l) == '!') {
		rc_skip(l, 1);
		r->negate = true;
	}
	if ((rc = rc_token(l, &r->pattern, 0, err)) < 0)
		return rc;
	if (!rc_more(l))
		goto few;
	if ((rc = rc_token(l, &r->command, hi->rest_of_line ? TOK_SPACE : 0, err)) < 0)
		return rc;
	if (rc_more(l)) {
		buf_printf(err, _("%s: too many arguments (quote an argument that has spaces)"),
			   hi->name);
		return ERR_PARSE;
	}
	if (r->pattern.len == 0 || r->command.len == 0 ||
	    (r->type == HOOK_INDEX_FORMAT && r->name.len == 0)) {
		buf_printf(err, _("%s: empty argument"), hi->name);
		return ERR_PARSE;
	}
	return 0;
few:
	buf_printf(err, _("%s: too few arguments"), hi->name);
	return ERR_PARSE;
}

/* mutt's parse-time work on the pattern and the target; the regex is compiled into *re. */
static int prepare_hook(struct config *c, struct hook_req *r, regex_t *re, struct buf *err)
{
	const struct hook_info *hi = &hook_info[r->type];
	int rc;

	if (hi->shortcuts && (rc = expand_hook_regex(c, hi->name, &r->pattern, err)) < 0)
		return rc;
	if (hi->needs_ft && (!strstr(r->command.data, "%f") || !strstr(r->command.data, "%t"))) {
		buf_printf(err, _("%s: the command '%s' needs %%f and %%t"), hi->name,
			   r->command.data);
		return ERR_INVAL;
	}
	expand_target(c, hi->target, &r->command);
	if (r->command.len == 0) {
		/* "-" (the previous mailbox) has no value while the rc files are read */
		buf_printf(err, _("%s: the mailbox expands to nothing"), hi->name);
		return ERR_INVAL;
	}
	if (hi->pat == HP_REGEX)
		return lists_regcomp(re, r->pattern.data, hi->rxcase, hi->name, err);
	return 0;
}

static bool same_pattern(const struct hook *h, const struct hook_req *r)
{
	return h->type == r->type && h->negate == r->negate &&
	       strcmp(h->pattern, r->pattern.data) == 0 &&
	       (!h->name || strcmp(h->name, r->name.data) == 0);
}

/* Store r in list t, or update the hook it repeats. Takes re (compiled, or NULL). */
static void store_hook(struct config *c, enum hook_type t, const struct hook_req *r, regex_t *re)
{
	struct hook *h;

	for (size_t i = 0; i < c->nhooks[t]; i++) {
		h = &c->hooks[t][i];
		if (!same_pattern(h, r))
			continue;
		if (hook_info[r->type].multi && strcmp(h->command, r->command.data) != 0)
			continue;
		free(h->command); /* identical, or a new target for the pattern */
		h->command = xstrdup(r->command.data);
		if (re)
			regfree(re);
		return;
	}
	ALLOC_GROW(c->hooks[t], c->nhooks[t] + 1, c->caphooks[t]);
	h = &c->hooks[t][c->nhooks[t]++];
	*h = (struct hook){ .type = r->type,
			    .name = r->type == HOOK_INDEX_FORMAT ? xstrdup(r->name.data) : NULL,
			    .pattern = xstrdup(r->pattern.data),
			    .negate = r->negate,
			    .command = xstrdup(r->command.data) };
	if (re) {
		h->regex = *re;
		h->has_regex = true;
	}
}

int cmd_hook(struct rc_line *l, intptr_t type, struct buf *err)
{
	struct config *c = rc_config(l);
	struct hook_req r = { .name = BUF_INIT, .pattern = BUF_INIT, .command = BUF_INIT };
	regex_t re;
	int rc;

	if (type < 0 || type >= HOOK_COUNT) {
		buf_printf(err, _("hook command with unknown type %ld"), (long)type);
		return ERR_INVAL;
	}
	r.type = (enum hook_type)type;
	rc = read_hook(l, &r, err);
	if (rc == 0)
		rc = prepare_hook(c, &r, &re, err);
	if (rc < 0)
		goto out;
	if (r.type == HOOK_FCC_SAVE) {
		/* listed with both, so each lookup sees it in its place */
		store_hook(c, HOOK_FCC, &r, NULL);
		store_hook(c, HOOK_SAVE, &r, NULL);
	} else {
		store_hook(c, r.type, &r, hook_info[r.type].pat == HP_REGEX ? &re : NULL);
	}
out:
	buf_release(&r.name);
	buf_release(&r.pattern);
	buf_release(&r.command);
	return rc;
}

/* ---- Removing ------------------------------------------------------------ */

static void remove_type(struct config *c, enum hook_type list, enum hook_type type)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->nhooks[list]; i++) {
		if (c->hooks[list][i].type == type)
			hook_free(&c->hooks[list][i]);
		else
			c->hooks[list][kept++] = c->hooks[list][i];
	}
	c->nhooks[list] = kept;
}

/* unhook {* | TYPE}...: as in mutt, "unhook fcc-hook" leaves fcc-save-hooks alone. */
int cmd_unhook(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf tok = BUF_INIT;
	int rc = 0, seen = 0;

	(void)data;
	while (rc_more(l)) {
		int t;

		if ((rc = rc_token(l, &tok, 0, err)) < 0)
			goto out;
		seen++;
		if (strcmp(tok.data, "*") == 0) {
			hooks_release(c);
		} else if ((t = hook_lookup(tok.data)) < 0) {
			buf_printf(err, _("%s: unknown hook type '%s'"), "unhook", tok.data);
			rc = ERR_INVAL;
			goto out;
		} else if (t == HOOK_FCC_SAVE) {
			remove_type(c, HOOK_FCC, HOOK_FCC_SAVE);
			remove_type(c, HOOK_SAVE, HOOK_FCC_SAVE);
		} else {
			remove_type(c, (enum hook_type)t, (enum hook_type)t);
		}
	}
	if (seen == 0) {
		buf_printf(err, _("%s: too few arguments"), "unhook");
		rc = ERR_PARSE;
	}
out:
	buf_release(&tok);
	return rc;
}

void hooks_release(struct config *c)
{
	for (int t = 0; t < HOOK_COUNT; t++) {
		for (size_t i = 0; i < c->nhooks[t]; i++)
			hook_free(&c->hooks[t][i]);
		free(c->hooks[t]);
		c->hooks[t] = NULL;
		c->nhooks[t] = c->caphooks[t] = 0;
	}
}

/* ---- Dump ---------------------------------------------------------------- */

static void dump_hook(const struct hook *h, struct buf *out)
{
	buf_printf(out, "%s ", hook_info[h->type].name);
	if (h->name) {
		lists_quote_arg(out, h->name);
		buf_addch(out, ' ');
	}
	if (h->negate)
		buf_addch(out, '!');
	lists_quote_arg(out, h->pattern);
	buf_addch(out, ' ');
	lists_quote_arg(out, h->command);
	buf_addch(out, '\n');
}

/*
 * fcc-hooks, save-hooks and the fcc-save-hooks listed under both,
 * interleaved so that reading the lines back gives both lists in order.
 */
static void dump_fcc_save(const struct config *c, struct buf *out)
{
	const struct hook *fcc = c->hooks[HOOK_FCC], *save = c->hooks[HOOK_SAVE];
	size_t nf = c->nhooks[HOOK_FCC], ns = c->nhooks[HOOK_SAVE], i = 0, j = 0;

	while (i < nf || j < ns) {
		for (; i < nf && fcc[i].type != HOOK_FCC_SAVE; i++)
			dump_hook(&fcc[i], out);
		for (; j < ns && save[j].type != HOOK_FCC_SAVE; j++)
			dump_hook(&save[j], out);
		if (i < nf)
			dump_hook(&fcc[i++], out);
		if (j < ns)
			j++; /* the same fcc-save-hook */
	}
}

void hooks_dump(const struct config *c, struct buf *out)
{
	for (int t = 0; t < HOOK_COUNT; t++) {
		if (t == HOOK_FCC)
			dump_fcc_save(c, out);
		if (t == HOOK_FCC || t == HOOK_SAVE || t == HOOK_FCC_SAVE)
			continue;
		for (size_t i = 0; i < c->nhooks[t]; i++)
			dump_hook(&c->hooks[t][i], out);
	}
}
