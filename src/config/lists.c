/*
 * lists.c - the list commands (alternates, lists, subscribe, ignore,
 * hdr_order, alternative_order, auto_view, mime_lookup, mailboxes, my_hdr,
 * mailto_allow, sidebar_whitelist, their un- forms, attachments) and what
 * lists.c, hooks.c, alias.c and color.c share: regex compilation, reading
 * phrases, quoting for -D, release and dump.
 *
 * mutt's semantics are kept where a muttrc depends on them: entries compare
 * ignoring case, "unX *" clears, alternates/lists/subscribe keep exception
 * lists that their un- commands fill, unignore both removes an ignore entry
 * and adds an exception.
 */
#include <regex.h>
#include <wctype.h>

#include "config/internal.h"

/* ---- Shared helpers ---------------------------------------------------- */

/* mutt's smart case: any upper-case letter makes the regex case-sensitive. */
static bool has_upper(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		uint32_t cp;
		size_t used = utf8_decode(s, n, &cp);

		if (cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : iswupper((wint_t)cp))
			return true;
		s += used;
		n -= used;
	}
	return false;
}

int lists_regcomp(regex_t *re, const char *pattern, enum rx_case mode, const char *cmd,
		  struct buf *err)
{
	int flags = REG_EXTENDED;
	int rc;

	if (mode == RX_ICASE || (mode == RX_SMART && !has_upper(pattern)))
		flags |= REG_ICASE;
	rc = regcomp(re, pattern, flags);
	if (rc != 0) {
		char why[256];

		regerror(rc, re, why, sizeof(why)); /* glibc has freed re already */
		buf_printf(err, _("%s: bad regex '%s': %s"), cmd, pattern, why);
		return ERR_INVAL;
	}
	return 0;
}

/* ASCII characters that need no quoting anywhere in an rc argument. */
static bool is_bare(unsigned char ch)
{
	return is_alpha(ch) || is_digit(ch) || (ch && strchr("-_./@:+,=%*<>~", ch));
}

static bool needs_escape_in_double(unsigned char ch)
{
	return ch == '"' || ch == '\\' || ch == '$' || ch == '`';
}

/*
 * Bytes of s that start a well-formed UTF-8 character of two or more
 * bytes, else 0: the dump stays plain UTF-8, other bytes are escaped (rc
 * text may be converted from $config_charset when it is read).
 */
static size_t utf8_char_len(const char *s)
{
	uint32_t cp;
	size_t n;

	if ((unsigned char)*s < 0x80)
		return 0;
	n = utf8_decode(s, strlen(s), &cp);
	return n > 1 ? n : 0;
}

/* Bare when it can be, 'single-quoted' when that is literal enough, else rc_quote. */
void lists_quote_arg(struct buf *out, const char *s)
{
	bool bare = *s != '\0', single = true;

	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		size_t n = utf8_char_len(p);

		if (n > 0) {
			p += n - 1;
			continue;
		}
		if (!is_bare(ch))
			bare = false;
		if (ch == '\'' || ch < 0x20 || ch >= 0x7f)
			single = false;
	}
	if (bare) {
		buf_addstr(out, s);
	} else if (single) {
		buf_addch(out, '\'');
		buf_addstr(out, s);
		buf_addch(out, '\'');
	} else {
		rc_quote(s, out);
	}
}

/* Append tok as an RFC 5322 quoted-string. */
static void add_rfc_quoted(struct buf *out, const struct buf *tok)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < tok->len; i++) {
		if (tok->data[i] == '"' || tok->data[i] == '\\')
			buf_addch(out, '\\');
		buf_addch(out, tok->data[i]);
	}
	buf_addch(out, '"');
}

static bool has_control(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char ch = (unsigned char)b->data[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return true;
	}
	return false;
}

int lists_read_phrase(struct rc_line *l, bool quote_first, const char *cmd, struct buf *out,
		      struct buf *err)
{
	struct buf tok = BUF_INIT;
	bool first = true;
	int rc = 0;

	while (rc_more(l)) {
		int q = rc_peek(l);
		bool quoted = (q == '"' || q == '\'') && (quote_first || !first);

		rc = rc_token(l, &tok, 0, err);
		if (rc < 0)
			goto out;
		if (!first)
			buf_addch(out, ' ');
		if (quoted)
			add_rfc_quoted(out, &tok);
		else
			buf_addbuf(out, &tok);
		first = false;
	}
	if (has_control(out)) {
		buf_printf(err, _("%s: control character in '%s'"), cmd, out->data);
		rc = ERR_INVAL;
	}
out:
	buf_release(&tok);
	return rc;
}

void lists_quote_phrase(struct buf *out, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		size_t n = utf8_char_len(s + i);

		if (n > 0) {
			buf_add(out, s + i, n);
			i += n - 1;
		} else if (ch == ' ' && i > 0 && s[i - 1] != ' ' && s[i + 1] && s[i + 1] != ' ') {
			buf_addch(out, ' '); /* a word separator: read back as one */
		} else if (ch >= 0x80) {
			buf_printf(out, "\\%03o", ch); /* not UTF-8: an octal escape */
		} else {
			if (ch == ' ' || ch == '\t' || needs_escape_in_double(ch) ||
			    strchr("'#;(", ch))
				buf_addch(out, '\\');
			buf_addch(out, ch);
		}
	}
}

void lists_strlist_remove(struct strlist *l, size_t i)
{
	free(l->v[i]);
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof(*l->v));
	l->n--;
}

void lists_expand_mailbox(struct config *c, const char *in, struct buf *out)
{
	buf_reset(out);
	config_expand_path(c, in, out);
}

/* ---- The lists' names and kinds ------------------------------------------ */

enum list_kind {
	LK_STRING, /* header names and other words */
	LK_MIME,   /* type[/subtype] */
	LK_REGEX,  /* compiled, case-insensitive */
	LK_PATH,   /* expanded with config_expand_path */
};

static const struct list_info {
	const char *add; /* the command that adds (for errors and -D) */
	const char *del; /* the command that removes */
	enum list_kind kind;
} list_info[L_COUNT] = {
	[L_ALTERNATES] = { "alternates", "unalternates", LK_REGEX },
	[L_UNALTERNATES] = { "unalternates", "alternates", LK_REGEX },
	[L_LISTS] = { "lists", "unlists", LK_REGEX },
	[L_SUBSCRIBE] = { "subscribe", "unsubscribe", LK_REGEX },
	[L_IGNORE] = { "ignore", "unignore", LK_STRING },
	[L_UNIGNORE] = { "unignore", "ignore", LK_STRING },
	[L_HDR_ORDER] = { "hdr_order", "unhdr_order", LK_STRING },
	[L_ALTERNATIVE_ORDER] = { "alternative_order", "unalternative_order", LK_MIME },
	[L_AUTO_VIEW] = { "auto_view", "unauto_view", LK_MIME },
	[L_MIME_LOOKUP] = { "mime_lookup", "unmime_lookup", LK_MIME },
	[L_MAILBOXES] = { "mailboxes", "unmailboxes", LK_PATH },
	[L_MY_HDR] = { "my_hdr", "unmy_hdr", LK_STRING },
	[L_MAILTO_ALLOW] = { "mailto_allow", "unmailto_allow", LK_STRING },
	[L_SIDEBAR_WHITELIST] = { "sidebar_whitelist", "unsidebar_whitelist", LK_PATH },
	[L_UNLISTS] = { "unlists", "lists", LK_REGEX },
	[L_UNSUBSCRIBE] = { "unsubscribe", "subscribe", LK_REGEX },
};

/* RFC 2368 asks for subject and body; mutt adds what list mailto: links use. */
static char *mailto_default_v[] = { (char *)"body", (char *)"subject", (char *)"cc",
				    (char *)"in-reply-to", (char *)"references" };
static const struct strlist mailto_default = { mailto_default_v, ARRAY_SIZE(mailto_default_v),
					       ARRAY_SIZE(mailto_default_v) };

/* The list a command changes, with mutt's mailto_allow default put in first. */
static struct strlist *list_for_change(struct config *c, enum cfg_list which)
{
	if (which == L_MAILTO_ALLOW && !c->mailto_allow_set) {
		for (size_t i = 0; i < mailto_default.n; i++)
			strlist_add(&c->lists[which], mailto_default.v[i]);
		c->mailto_allow_set = true;
	}
	return &c->lists[which];
}

const struct strlist *cfg_list(const struct config *c, enum cfg_list which)
{
	if (which == L_MAILTO_ALLOW && !c->mailto_allow_set)
		return &mailto_default;
	return &c->lists[which];
}

static long find_ci(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (ascii_strcasecmp(l->v[i], s) == 0)
			return (long)i;
	return -1;
}

static void list_remove_at(struct config *c, enum cfg_list which, size_t i)
{
	if (list_info[which].kind == LK_REGEX) {
		regex_t *rx = c->list_rx[which];

		regfree(&rx[i]);
		memmove(rx + i, rx + i + 1, (c->lists[which].n - i - 1) * sizeof(*rx));
	}
	if (which == L_MAILBOXES) {
		free(c->mbox_opts[i].label);
		memmove(c->mbox_opts + i, c->mbox_opts + i + 1,
			(c->lists[which].n - i - 1) * sizeof(*c->mbox_opts));
	}
	lists_strlist_remove(&c->lists[which], i);
}

static void list_clear(struct config *c, enum cfg_list which)
{
	struct strlist *l = list_for_change(c, which);

	while (l->n > 0)
		list_remove_at(c, which, l->n - 1);
}

/* Remove s (ignoring case; "*" clears, as mutt's remove does). */
static void list_remove(struct config *c, enum cfg_list which, const char *s)
{
	struct strlist *l = list_for_change(c, which);
	long i;

	if (strcmp(s, "*") == 0) {
		list_clear(c, which);
		return;
	}
	while ((i = find_ci(l, s)) >= 0)
		list_remove_at(c, which, (size_t)i);
}

/* Add s unless present (ignoring case); an empty s is no entry, as in mutt. */
static void list_add_string(struct config *c, enum cfg_list which, const char *s)
{
	struct strlist *l = list_for_change(c, which);

	if (*s && find_ci(l, s) < 0)
		strlist_add(l, s);
}

static int list_add_regex(struct config *c, enum cfg_list which, const char *s, struct buf *err)
{
	struct strlist *l = &c->lists[which];
	regex_t re;
	int rc;

	if (!*s)
		return 0;
	rc = lists_regcomp(&re, s, RX_ICASE, list_info[which].add, err);
	if (rc < 0)
		return rc;
	if (find_ci(l, s) >= 0) {
		regfree(&re);
		return 0;
	}
	ALLOC_GROW(c->list_rx[which], l->n + 1, c->caplist_rx[which]);
	c->list_rx[which][l->n] = re;
	strlist_add(l, s);
	return 0;
}

bool cfg_list_match(const struct config *c, enum cfg_list which, const char *addr)
{
	enum cfg_list except;

	switch (which) {
	case L_ALTERNATES:
		except = L_UNALTERNATES;
		break;
	case L_LISTS:
		except = L_UNLISTS;
		break;
	case L_SUBSCRIBE:
		except = L_UNSUBSCRIBE;
		break;
	default:
		return false;
	}
	for (size_t i = 0; i < c->lists[except].n; i++)
		if (regexec(&c->list_rx[except][i], addr, 0, NULL, 0) == 0)
			return false;
	for (size_t i = 0; i < c->lists[which].n; i++)
		if (regexec(&c->list_rx[which][i], addr, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* ---- Reading arguments ------------------------------------------------------ */

/*
 * The next argument, skipping mutt's "-group NAME" (address groups are not
 * kept yet: the regexes still go to their list). Returns 1 with the
 * argument in tok, 0 when none is left, or an error.
 */
static int next_arg(struct rc_line *l, bool groups, const char *cmd, struct buf *tok,
		    struct buf *err)
{
	int rc;

	for (;;) {
		if (!rc_more(l))
			return 0;
		rc = rc_token(l, tok, 0, err);
		if (rc < 0)
			return rc;
		if (!groups || ascii_strcasecmp(tok->data, "-group") != 0)
			return 1;
		if (!rc_more(l)) {
			buf_printf(err, _("%s: -group needs a group name"), cmd);
			return ERR_PARSE;
		}
		rc = rc_token(l, tok, 0, err);
		if (rc < 0)
			return rc;
	}
}

/* A handler's loop over its arguments: keeps going after a bad one, reports the first. */
typedef int (*arg_fn)(struct config *c, enum cfg_list which, const char *arg, struct buf *err);

static int each_arg(struct rc_line *l, enum cfg_list which, const char *cmd, bool groups, arg_fn fn,
		    struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf tok = BUF_INIT, why = BUF_INIT;
	int rc = 0, r, seen = 0;

	while ((r = next_arg(l, groups, cmd, &tok, err)) != 0) {
		if (r < 0) {
			rc = r;
			goto out;
		}
		seen++;
		buf_reset(&why);
		r = fn(c, which, tok.data, &why);
		if (r < 0 && rc == 0) {
			rc = r;
			buf_addbuf(err, &why);
		}
	}
	if (seen == 0 && rc == 0) {
		buf_printf(err, _("%s: too few arguments"), cmd);
		rc = ERR_PARSE;
	}
out:
	buf_release(&tok);
	buf_release(&why);
	return rc;
}

/* ---- The regex lists: alternates, lists, subscribe ------------------------ */

static int do_alternates(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	list_remove(c, L_UNALTERNATES, arg);
	return list_add_regex(c, L_ALTERNATES, arg, err);
}

static int do_unalternates(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	list_remove(c, L_ALTERNATES, arg);
	if (strcmp(arg, "*") == 0)
		return 0;
	return list_add_regex(c, L_UNALTERNATES, arg, err);
}

static int do_lists(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	list_remove(c, L_UNLISTS, arg);
	return list_add_regex(c, L_LISTS, arg, err);
}

/* Subscribed lists are known lists too. */
static int do_subscribe(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	int rc;

	(void)which;
	list_remove(c, L_UNLISTS, arg);
	list_remove(c, L_UNSUBSCRIBE, arg);
	rc = list_add_regex(c, L_SUBSCRIBE, arg, err); /* first: a bad regex is named "subscribe" */
	if (rc == 0)
		rc = list_add_regex(c, L_LISTS, arg, err);
	return rc;
}

/* A list that is no longer known is no longer subscribed either. */
static int do_unlists(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	list_remove(c, L_SUBSCRIBE, arg);
	list_remove(c, L_LISTS, arg);
	if (strcmp(arg, "*") == 0)
		return 0;
	return list_add_regex(c, L_UNLISTS, arg, err);
}

static int do_unsubscribe(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	list_remove(c, L_SUBSCRIBE, arg);
	if (strcmp(arg, "*") == 0)
		return 0;
	return list_add_regex(c, L_UNSUBSCRIBE, arg, err);
}

/* ---- ignore / unignore -------------------------------------------------------- */

static int do_ignore(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	(void)err;
	list_remove(c, L_UNIGNORE, arg);
	list_add_string(c, L_IGNORE, arg);
	return 0;
}

/* mutt: "unignore x-mailer" both drops an "ignore x-mailer" and excepts it from "ignore x-". */
static int do_unignore(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)which;
	(void)err;
	if (strcmp(arg, "*") != 0)
		list_add_string(c, L_UNIGNORE, arg);
	list_remove(c, L_IGNORE, arg);
	return 0;
}

/* Does list entry e match the header? A bare field name gets a virtual ':'. */
static bool header_entry_matches(const char *e, const char *hdr, size_t len, bool bare)
{
	size_t elen = strlen(e);

	if (e[0] == '*')
		return true;
	if (elen <= len)
		return ascii_strncasecmp(hdr, e, elen) == 0;
	return bare && elen == len + 1 && e[len] == ':' && ascii_strncasecmp(hdr, e, len) == 0;
}

static bool header_in(const struct strlist *l, const char *hdr, size_t len)
{
	bool bare = memchr(hdr, ':', len) == NULL;

	for (size_t i = 0; i < l->n; i++)
		if (header_entry_matches(l->v[i], hdr, len, bare))
			return true;
	return false;
}

bool cfg_header_visible(const struct config *c, const char *hdr, size_t len)
{
	return !header_in(&c->lists[L_IGNORE], hdr, len) ||
	       header_in(&c->lists[L_UNIGNORE], hdr, len);
}

/* ---- Word lists: hdr_order, MIME types, mailto_allow ----------------------------- */

/* RFC 2045 token characters, and '*' (already a token character) for "any". */
static bool is_mime_token(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= ' ' || ch >= 0x7f || strchr("()<>@,;:\\\"/[]?=", ch))
			return false;
	}
	return true;
}

/* type, type/ or type/subtype; a subtype of '*' or nothing means any. */
static bool is_mime_type(const char *s)
{
	const char *slash = strchr(s, '/');
	size_t major = slash ? (size_t)(slash - s) : strlen(s);

	if (major == 0 || !is_mime_token(s, major))
		return false;
	return !slash || is_mime_token(slash + 1, strlen(slash + 1));
}

static int do_add_word(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	if (which == L_MAILTO_ALLOW && strcmp(arg, "=") == 0)
		return 0; /* Debian's Muttrc writes "mailto_allow = cc ..." */
	if (list_info[which].kind == LK_MIME && !is_mime_type(arg)) {
		buf_printf(err, _("%s: bad MIME type '%s' (want type/subtype)"),
			   list_info[which].add, arg);
		return ERR_INVAL;
	}
	list_add_string(c, which, arg);
	return 0;
}

static int do_remove_word(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	(void)err;
	if (which == L_MAILTO_ALLOW && strcmp(arg, "=") == 0)
		return 0;
	list_remove(c, which, arg);
	return 0;
}

/* ---- Paths: sidebar_whitelist ---------------------------------------------------- */

static long find_exact(const struct strlist *l, const char *s)
{
	return strlist_find(l, s);
}

static int do_add_path(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	struct buf path = BUF_INIT;

	(void)err;
	lists_expand_mailbox(c, arg, &path);
	if (path.len > 0 && find_exact(&c->lists[which], path.data) < 0)
		strlist_add(&c->lists[which], path.data);
	buf_release(&path);
	return 0;
}

static int do_remove_path(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	struct buf path = BUF_INIT;
	long i;

	(void)err;
	if (strcmp(arg, "*") == 0) {
		list_clear(c, which);
		return 0;
	}
	lists_expand_mailbox(c, arg, &path);
	if ((i = find_exact(&c->lists[which], path.data)) >= 0)
		list_remove_at(c, which, (size_t)i);
	buf_release(&path);
	return 0;
}

/* ---- mailboxes -------------------------------------------------------------------- */

/* What the options before one mailbox asked for (-1: left as it is). */
struct mbox_req {
	int nonotify, nopoll;
	bool label_set;
	struct buf label;
};

static void mailbox_apply(struct config *c, const char *path, const struct mbox_req *r)
{
	struct strlist *l = &c->lists[L_MAILBOXES];
	long i = find_exact(l, path);
	struct mailbox_opts *o;

	if (i < 0) {
		ALLOC_GROW(c->mbox_opts, l->n + 1, c->capmbox_opts);
		c->mbox_opts[l->n] = (struct mailbox_opts){ NULL, false, false };
		i = (long)l->n;
		strlist_add(l, path);
	}
	o = &c->mbox_opts[i];
	if (r->nonotify >= 0)
		o->nonotify = r->nonotify;
	if (r->nopoll >= 0)
		o->nopoll = r->nopoll;
	if (r->label_set) {
		free(o->label);
		o->label = r->label.len ? xstrdup(r->label.data) : NULL;
	}
}

/* Read options up to and including one mailbox. Returns 1 with the path in tok, 0 at the end. */
static int mailbox_next(struct rc_line *l, struct mbox_req *r, struct buf *tok, struct buf *err)
{
	bool opts = false;
	int rc;

	r->nonotify = r->nopoll = -1;
	r->label_set = false;
	buf_reset(&r->label);
	while (rc_more(l)) {
		if ((rc = rc_token(l, tok, 0, err)) < 0)
			return rc;
		opts = true;
		if (strcmp(tok->data, "-notify") == 0 || strcmp(tok->data, "-nonotify") == 0) {
			r->nonotify = strcmp(tok->data, "-nonotify") == 0;
		} else if (strcmp(tok->data, "-poll") == 0 || strcmp(tok->data, "-nopoll") == 0) {
			r->nopoll = strcmp(tok->data, "-nopoll") == 0;
		} else if (strcmp(tok->data, "-nolabel") == 0) {
			r->label_set = true;
			buf_reset(&r->label);
		} else if (strcmp(tok->data, "-label") == 0) {
			if (!rc_more(l))
				break;
			if ((rc = rc_token(l, &r->label, 0, err)) < 0)
				return rc;
			r->label_set = true;
		} else {
			return 1;
		}
	}
	if (opts) {
		buf_printf(err, _("%s: no mailbox after '%s'"), "mailboxes", tok->data);
		return ERR_PARSE;
	}
	return 0;
}

static int cmd_mailboxes(struct rc_line *l, struct buf *err)
{
	struct config *c = rc_config(l);
	struct mbox_req r = { -1, -1, false, BUF_INIT };
	struct buf tok = BUF_INIT, path = BUF_INIT;
	int rc, seen = 0;

	while ((rc = mailbox_next(l, &r, &tok, err)) > 0) {
		seen++;
		lists_expand_mailbox(c, tok.data, &path);
		if (path.len > 0)
			mailbox_apply(c, path.data, &r);
	}
	if (rc == 0 && seen == 0) {
		buf_printf(err, _("%s: too few arguments"), "mailboxes");
		rc = ERR_PARSE;
	}
	buf_release(&r.label);
	buf_release(&tok);
	buf_release(&path);
	return rc;
}

const struct mailbox_opts *cfg_mailbox_opts(const struct config *c, size_t i)
{
	return i < c->lists[L_MAILBOXES].n ? &c->mbox_opts[i] : NULL;
}

/* ---- my_hdr / unmy_hdr ------------------------------------------------------------ */

/* Length of the field name of "Name: value", or 0 when it is not one. */
static size_t my_hdr_name_len(const char *s)
{
	size_t n = strcspn(s, ": \t");

	return s[n] == ':' && n > 0 ? n : 0;
}

static int cmd_my_hdr(struct rc_line *l, struct buf *err)
{
	struct config *c = rc_config(l);
	struct strlist *hl = &c->lists[L_MY_HDR];
	struct buf line = BUF_INIT;
	size_t n;
	int rc;

	if (!rc_more(l)) {
		buf_printf(err, _("%s: too few arguments"), "my_hdr");
		rc = ERR_PARSE;
		goto out;
	}
	rc = lists_read_phrase(l, false, "my_hdr", &line, err);
	if (rc < 0)
		goto out;
	n = my_hdr_name_len(line.data);
	if (n == 0) {
		buf_printf(err, _("%s: invalid header field '%s' (want 'Name: value')"), "my_hdr",
			   line.data);
		rc = ERR_INVAL;
		goto out;
	}
	for (size_t i = 0; i < hl->n; i++) {
		if (my_hdr_name_len(hl->v[i]) == n &&
		    ascii_strncasecmp(hl->v[i], line.data, n) == 0) {
			free(hl->v[i]);
			hl->v[i] = buf_detach(&line, NULL);
			goto out;
		}
	}
	strlist_push(hl, buf_detach(&line, NULL));
out:
	buf_release(&line);
	return rc;
}

static int do_unmy_hdr(struct config *c, enum cfg_list which, const char *arg, struct buf *err)
{
	struct strlist *hl = &c->lists[L_MY_HDR];
	size_t n = strlen(arg);

	(void)which;
	(void)err;
	if (strcmp(arg, "*") == 0) {
		list_clear(c, L_MY_HDR);
		return 0;
	}
	if (n > 0 && arg[n - 1] == ':')
		n--;
	for (size_t i = hl->n; n > 0 && i-- > 0;)
		if (my_hdr_name_len(hl->v[i]) == n && ascii_strncasecmp(hl->v[i], arg, n) == 0)
			lists_strlist_remove(hl, i);
	return 0;
}

/* ---- The handlers ------------------------------------------------------------------- */

int cmd_list(struct rc_line *l, intptr_t which, struct buf *err)
{
	const char *cmd = which >= 0 && which < L_COUNT ? list_info[which].add : "?";

	switch (which) {
	case L_ALTERNATES:
		return each_arg(l, which, cmd, true, do_alternates, err);
	case L_UNALTERNATES:
		return each_arg(l, which, cmd, true, do_unalternates, err);
	case L_LISTS:
		return each_arg(l, which, cmd, true, do_lists, err);
	case L_SUBSCRIBE:
		return each_arg(l, which, cmd, true, do_subscribe, err);
	case L_UNLISTS:
		return each_arg(l, which, cmd, false, do_unlists, err);
	case L_UNSUBSCRIBE:
		return each_arg(l, which, cmd, false, do_unsubscribe, err);
	case L_IGNORE:
		return each_arg(l, which, cmd, false, do_ignore, err);
	case L_UNIGNORE:
		return each_arg(l, which, cmd, false, do_unignore, err);
	case L_MAILBOXES:
		return cmd_mailboxes(l, err);
	case L_MY_HDR:
		return cmd_my_hdr(l, err);
	case L_SIDEBAR_WHITELIST:
		return each_arg(l, which, cmd, false, do_add_path, err);
	case L_HDR_ORDER:
	case L_ALTERNATIVE_ORDER:
	case L_AUTO_VIEW:
	case L_MIME_LOOKUP:
	case L_MAILTO_ALLOW:
		return each_arg(l, which, cmd, false, do_add_word, err);
	default:
		buf_printf(err, _("list command with unknown list %ld"), (long)which);
		return ERR_INVAL;
	}
}

int cmd_unlist(struct rc_line *l, intptr_t which, struct buf *err)
{
	const char *cmd = which >= 0 && which < L_COUNT ? list_info[which].del : "?";

	switch (which) {
	case L_ALTERNATES:
	case L_UNALTERNATES:
		return each_arg(l, which, "unalternates", true, do_unalternates, err);
	case L_LISTS:
	case L_UNLISTS:
		return each_arg(l, which, "unlists", false, do_unlists, err);
	case L_SUBSCRIBE:
	case L_UNSUBSCRIBE:
		return each_arg(l, which, "unsubscribe", false, do_unsubscribe, err);
	case L_IGNORE:
	case L_UNIGNORE:
		return each_arg(l, which, "unignore", false, do_unignore, err);
	case L_MAILBOXES:
	case L_SIDEBAR_WHITELIST:
		return each_arg(l, which, cmd, false, do_remove_path, err);
	case L_MY_HDR:
		return each_arg(l, which, cmd, false, do_unmy_hdr, err);
	case L_HDR_ORDER:
	case L_ALTERNATIVE_ORDER:
	case L_AUTO_VIEW:
	case L_MIME_LOOKUP:
	case L_MAILTO_ALLOW:
		return each_arg(l, which, cmd, false, do_remove_word, err);
	default:
		buf_printf(err, _("list command with unknown list %ld"), (long)which);
		return ERR_INVAL;
	}
}

/* ---- attachments / unattachments ---------------------------------------------------- */

static void attach_rule_free(struct attach_rule *a)
{
	free(a->major);
	free(a->minor_re);
	regfree(&a->minor);
}

static void attach_clear(struct config *c)
{
	for (size_t i = 0; i < c->nattach; i++)
		attach_rule_free(&c->attach_rules[i]);
	c->nattach = 0;
}

/*
 * "+A", "-inline", "root": the sign (default '+') and a prefix of
 * attachment, inline or root. Returns 0, or an error naming the token.
 */
static int parse_disposition(const char *cmd, const char *s, bool *add, char *disp, struct buf *err)
{
	static const char *const names[] = { "attachment", "inline", "root" };
	const char *p = s;

	*add = *p != '-';
	if (*p == '+' || *p == '-')
		p++;
	for (size_t i = 0; *p && i < ARRAY_SIZE(names); i++) {
		if (ascii_strncasecmp(p, names[i], strlen(p)) == 0 &&
		    strlen(p) <= strlen(names[i])) {
			*disp = (char)ascii_toupper(names[i][0]);
			return 0;
		}
	}
	buf_printf(err, _("%s: bad disposition '%s' (want +A, -I, +R...)"), cmd, s);
	return ERR_INVAL;
}

/* "text/plain" -> text, plain; "any" and "none" are mutt's old spellings. */
static void split_attach_type(const char *s, struct buf *major, struct buf *minor)
{
	const char *slash;

	if (ascii_strcasecmp(s, "any") == 0)
		s = "*/.*";
	else if (ascii_strcasecmp(s, "none") == 0)
		s = "cheap_hack/this_should_never_match";
	slash = strchr(s, '/');
	buf_add(major, s, slash ? (size_t)(slash - s) : strlen(s));
	buf_addstr(minor, slash ? slash + 1 : "unknown");
}

static bool attach_same(const struct attach_rule *a, bool add, char disp, const char *major,
			const char *minor)
{
	return a->add == add && a->disp == disp && ascii_strcasecmp(a->major, major) == 0 &&
	       ascii_strcasecmp(a->minor_re, minor) == 0;
}

static int attach_add(struct config *c, bool add, char disp, const char *type, struct buf *err)
{
	struct buf major = BUF_INIT, minor = BUF_INIT, anchored = BUF_INIT;
	struct attach_rule a = { add, disp, NULL, NULL, { 0 } };
	int rc = 0;

	split_attach_type(type, &major, &minor);
	for (size_t i = 0; i < c->nattach; i++)
		if (attach_same(&c->attach_rules[i], add, disp, major.data, minor.data))
			goto out;
	buf_printf(&anchored, "^(%s)$", minor.data);
	rc = lists_regcomp(&a.minor, anchored.data, RX_ICASE, "attachments", err);
	if (rc < 0) {
		buf_reset(err);
		buf_printf(err, _("%s: bad regex in '%s'"), "attachments", type);
		goto out;
	}
	a.major = buf_detach(&major, NULL);
	a.minor_re = buf_detach(&minor, NULL);
	ALLOC_GROW(c->attach_rules, c->nattach + 1, c->capattach);
	c->attach_rules[c->nattach++] = a;
out:
	buf_release(&major);
	buf_release(&minor);
	buf_release(&anchored);
	return rc;
}

static void attach_remove(struct config *c, bool add, char disp, const char *type)
{
	struct buf major = BUF_INIT, minor = BUF_INIT;

	split_attach_type(type, &major, &minor);
	for (size_t i = c->nattach; i-- > 0;) {
		if (attach_same(&c->attach_rules[i], add, disp, major.data, minor.data)) {
			attach_rule_free(&c->attach_rules[i]);
			memmove(c->attach_rules + i, c->attach_rules + i + 1,
				(c->nattach - i - 1) * sizeof(*c->attach_rules));
			c->nattach--;
		}
	}
	buf_release(&major);
	buf_release(&minor);
}

static int attachments(struct rc_line *l, bool del, struct buf *err)
{
	const char *cmd = del ? "unattachments" : "attachments";
	struct config *c = rc_config(l);
	struct buf tok = BUF_INIT, why = BUF_INIT;
	bool add;
	char disp;
	int rc, seen = 0;

	if (!rc_more(l)) {
		buf_printf(err, _("%s: no disposition"), cmd);
		rc = ERR_PARSE;
		goto out;
	}
	if ((rc = rc_token(l, &tok, 0, err)) < 0)
		goto out;
	if (!del && strcmp(tok.data, "?") == 0) {
		/* mutt prints the rules; here they go back as the command's message */
		cfg_attach_format(c, err);
		buf_rtrim(err);
		if (err->len == 0)
			buf_printf(err, _("%s: no rules"), cmd);
		goto out;
	}
	if (del && strcmp(tok.data, "*") == 0) {
		attach_clear(c);
		goto out;
	}
	if ((rc = parse_disposition(cmd, tok.data, &add, &disp, err)) < 0)
		goto out;
	while (rc_more(l)) {
		int r = rc_token(l, &tok, 0, err);

		if (r < 0) {
			rc = r;
			goto out;
		}
		if (tok.len == 0)
			continue;
		seen++;
		if (del) {
			attach_remove(c, add, disp, tok.data);
			continue;
		}
		buf_reset(&why);
		r = attach_add(c, add, disp, tok.data, &why);
		if (r < 0 && rc == 0) {
			rc = r;
			buf_addbuf(err, &why);
		}
	}
	if (seen == 0 && rc == 0) {
		buf_printf(err, _("%s: no MIME type after '%c%c'"), cmd, add ? '+' : '-', disp);
		rc = ERR_PARSE;
	}
out:
	buf_release(&tok);
	buf_release(&why);
	return rc;
}

int cmd_attachments(struct rc_line *l, intptr_t data, struct buf *err)
{
	(void)data;
	return attachments(l, false, err);
}

int cmd_unattachments(struct rc_line *l, intptr_t data, struct buf *err)
{
	(void)data;
	return attachments(l, true, err);
}

static bool attach_matches(const struct attach_rule *a, const char *major, const char *minor)
{
	return (strcmp(a->major, "*") == 0 || ascii_strcasecmp(a->major, major) == 0) &&
	       regexec(&a->minor, minor, 0, NULL, 0) == 0;
}

bool cfg_attach_qualifies(const struct config *c, char disp, const char *major, const char *minor)
{
	bool allowed = false;

	for (size_t i = 0; i < c->nattach; i++) {
		const struct attach_rule *a = &c->attach_rules[i];

		if (a->disp != disp || !attach_matches(a, major, minor))
			continue;
		if (!a->add)
			return false;
		allowed = true;
	}
	return allowed;
}

/* mutt's order for "attachments ?": allow then exclude, for A, I, R. */
void cfg_attach_format(const struct config *c, struct buf *out)
{
	static const char disps[] = "AIR";
	struct buf type = BUF_INIT;

	for (size_t d = 0; d < 3; d++) {
		for (int add = 1; add >= 0; add--) {
			for (size_t i = 0; i < c->nattach; i++) {
				const struct attach_rule *a = &c->attach_rules[i];

				if (a->disp != disps[d] || a->add != (bool)add)
					continue;
				buf_reset(&type);
				buf_printf(&type, "%s/%s", a->major, a->minor_re);
				buf_printf(out, "attachments %c%c ", add ? '+' : '-', a->disp);
				lists_quote_arg(out, type.data);
				buf_addch(out, '\n');
			}
		}
	}
	buf_release(&type);
}

/* ---- Release and dump --------------------------------------------------------------- */

void config_lists_release(struct config *c)
{
	for (int i = 0; i < L_COUNT; i++) {
		list_clear(c, (enum cfg_list)i);
		strlist_release(&c->lists[i]);
		free(c->list_rx[i]);
		c->list_rx[i] = NULL;
		c->caplist_rx[i] = 0;
	}
	c->mailto_allow_set = false;
	free(c->mbox_opts);
	c->mbox_opts = NULL;
	c->capmbox_opts = 0;
	attach_clear(c);
	free(c->attach_rules);
	c->attach_rules = NULL;
	c->capattach = 0;
	hooks_release(c);
	alias_release(c);
	color_release(c);
}

/* One command per entry keeps each line short and each entry easy to find. */
static void dump_list(const struct config *c, enum cfg_list which, struct buf *out)
{
	const struct strlist *l = &c->lists[which];

	for (size_t i = 0; i < l->n; i++) {
		buf_printf(out, "%s ", list_info[which].add);
		lists_quote_arg(out, l->v[i]);
		buf_addch(out, '\n');
	}
}

static void dump_mailboxes(const struct config *c, struct buf *out)
{
	const struct strlist *l = &c->lists[L_MAILBOXES];

	for (size_t i = 0; i < l->n; i++) {
		const struct mailbox_opts *o = &c->mbox_opts[i];

		buf_addstr(out, "mailboxes ");
		if (o->label) {
			buf_addstr(out, "-label ");
			lists_quote_arg(out, o->label);
			buf_addch(out, ' ');
		}
		if (o->nonotify)
			buf_addstr(out, "-nonotify ");
		if (o->nopoll)
			buf_addstr(out, "-nopoll ");
		lists_quote_arg(out, l->v[i]);
		buf_addch(out, '\n');
	}
}

static bool mailto_is_default(const struct config *c)
{
	const struct strlist *l = &c->lists[L_MAILTO_ALLOW];

	if (!c->mailto_allow_set)
		return true;
	if (l->n != mailto_default.n)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], mailto_default.v[i]) != 0)
			return false;
	return true;
}

static void dump_lists_only(const struct config *c, struct buf *out)
{
	/* exceptions after the lists: each add removes its own exception again */
	static const enum cfg_list order[] = {
		L_ALTERNATES,        L_UNALTERNATES,      L_LISTS,     L_SUBSCRIBE,
		L_UNLISTS,           L_UNSUBSCRIBE,       L_IGNORE,    L_UNIGNORE,
		L_HDR_ORDER,         L_ALTERNATIVE_ORDER, L_AUTO_VIEW, L_MIME_LOOKUP,
		L_SIDEBAR_WHITELIST,
	};

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		dump_list(c, order[i], out);
	dump_mailboxes(c, out);
	for (size_t i = 0; i < c->lists[L_MY_HDR].n; i++) {
		buf_addstr(out, "my_hdr ");
		lists_quote_phrase(out, c->lists[L_MY_HDR].v[i]);
		buf_addch(out, '\n');
	}
	if (!mailto_is_default(c)) {
		buf_addstr(out, "unmailto_allow *\n");
		dump_list(c, L_MAILTO_ALLOW, out);
	}
}

void config_lists_dump(const struct config *c, struct buf *out)
{
	dump_lists_only(c, out);
	cfg_attach_format(c, out);
	alias_dump(c, out);
	hooks_dump(c, out);
	color_dump(c, out);
}
