/*
 * var.c - typed variables: the table from vars.def, mutt's old synonyms,
 * parsing and validating a value of each type, path shortcuts, dynamic
 * defaults, the $my_ variables, and the set/unset/toggle/reset commands.
 */
#include <langinfo.h>
#include <limits.h>
#include <pwd.h>
#include <sys/utsname.h>
#include <utf8proc.h>

#include "config/internal.h"
#include "email/email.h"

static const struct var_def vars[V_COUNT] = {
#define VAR(name, type, def, flags, sorts) { #name, type, def, flags, sorts },
#include "config/vars.def"
#undef VAR
};

/*
 * Names mutt 2.2 still accepts for renamed variables (found by asking mutt
 * itself with -Q, not only its manual).
 */
static const struct synonym {
	const char *old;
	enum var_id id;
} synonyms[] = {
	{ "edit_hdrs", V_edit_headers },
	{ "envelope_from", V_use_envelope_from },
	{ "forw_decode", V_forward_decode },
	{ "forw_decrypt", V_forward_decrypt },
	{ "forw_format", V_forward_format },
	{ "forw_quote", V_forward_quote },
	{ "hdr_format", V_index_format },
	{ "indent_str", V_indent_string },
	{ "mime_fwd", V_mime_forward },
	{ "msg_format", V_message_format },
	{ "pgp_auto_traditional", V_pgp_replyinline },
	{ "pgp_autoencrypt", V_crypt_autoencrypt },
	{ "pgp_autosign", V_crypt_autosign },
	{ "pgp_create_traditional", V_pgp_autoinline },
	{ "pgp_replyencrypt", V_crypt_replyencrypt },
	{ "pgp_replysign", V_crypt_replysign },
	{ "pgp_replysignencrypted", V_crypt_replysignencrypted },
	{ "pgp_self_encrypt_as", V_pgp_default_key },
	{ "pgp_verify_sig", V_crypt_verify_sig },
	{ "post_indent_str", V_post_indent_string },
	{ "print_cmd", V_print_command },
	{ "smime_self_encrypt_as", V_smime_default_key },
	{ "xterm_icon", V_ts_icon_format },
	{ "xterm_set_titles", V_ts_enabled },
	{ "xterm_title", V_ts_status_format },
};

const struct var_def *var_def(enum var_id id)
{
	return (unsigned)id < V_COUNT ? &vars[id] : NULL;
}

int var_lookup(const char *name)
{
	for (size_t i = 0; i < V_COUNT; i++)
		if (strcmp(vars[i].name, name) == 0)
			return (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(synonyms); i++)
		if (strcmp(synonyms[i].old, name) == 0)
			return (int)synonyms[i].id;
	return -1;
}

/* ---- Sort names ------------------------------------------------------ */

struct sort_name {
	const char *name;
	int method;
};

/* The first entry of a method is the name it is shown with. */
static const struct sort_name sort_mail[] = {
	{ "date", SORT_DATE },
	{ "date-sent", SORT_DATE },
	{ "date-received", SORT_RECEIVED },
	{ "mailbox-order", SORT_ORDER },
	{ "subject", SORT_SUBJECT },
	{ "from", SORT_FROM },
	{ "size", SORT_SIZE },
	{ "threads", SORT_THREADS },
	{ "to", SORT_TO },
	{ "score", SORT_SCORE },
	{ "spam", SORT_SPAM },
	{ "label", SORT_LABEL },
	{ NULL, 0 },
};
static const struct sort_name sort_alias[] = {
	{ "alias", SORT_ALIAS },
	{ "address", SORT_ADDRESS },
	{ "unsorted", SORT_ORDER },
	{ NULL, 0 },
};
/* "alpha" is SORT_SUBJECT, as in mutt: the name is the entry's subject. */
static const struct sort_name sort_browser[] = {
	{ "alpha", SORT_SUBJECT },
	{ "count", SORT_COUNT },
	{ "date", SORT_DATE },
	{ "size", SORT_SIZE },
	{ "unread", SORT_UNREAD },
	{ "unsorted", SORT_ORDER },
	{ NULL, 0 },
};
static const struct sort_name sort_keys[] = {
	{ "address", SORT_ADDRESS },
	{ "keyid", SORT_KEYID },
	{ "date", SORT_DATE },
	{ "trust", SORT_TRUST },
	{ NULL, 0 },
};
static const struct sort_name sort_sidebar[] = {
	{ "alpha", SORT_SUBJECT },       { "name", SORT_SUBJECT },
	{ "count", SORT_COUNT },         { "flagged", SORT_FLAGGED },
	{ "unread", SORT_UNREAD },       { "new", SORT_UNREAD },
	{ "path", SORT_PATH },           { "unsorted", SORT_ORDER },
	{ "mailbox-order", SORT_ORDER }, { NULL, 0 },
};
static const struct sort_name sort_thread_groups[] = {
	{ "aux", SORT_AUX },
	{ "date", SORT_DATE },
	{ "date-sent", SORT_DATE },
	{ "date-received", SORT_RECEIVED },
	{ "mailbox-order", SORT_ORDER },
	{ "subject", SORT_SUBJECT },
	{ "from", SORT_FROM },
	{ "size", SORT_SIZE },
	{ "threads", SORT_THREADS },
	{ "to", SORT_TO },
	{ "score", SORT_SCORE },
	{ "spam", SORT_SPAM },
	{ "label", SORT_LABEL },
	{ NULL, 0 },
};

static const struct sort_name *sort_table(enum sort_set set)
{
	switch (set) {
	case SORTS_MAIL:
		return sort_mail;
	case SORTS_ALIAS:
		return sort_alias;
	case SORTS_BROWSER:
		return sort_browser;
	case SORTS_KEYS:
		return sort_keys;
	case SORTS_SIDEBAR:
		return sort_sidebar;
	case SORTS_THREAD_GROUPS:
		return sort_thread_groups;
	case SORTS_NONE:
		break;
	}
	return NULL;
}

/* mutt takes "reverse-" and then "last-", in that order, on every sort variable. */
static int parse_sort(enum var_id id, const char *s, int *out, struct buf *err)
{
	const struct sort_name *t = sort_table(vars[id].sorts);
	int flags = 0;

	if (strncmp(s, "reverse-", 8) == 0) {
		flags |= SORT_REVERSE;
		s += 8;
	}
	if (strncmp(s, "last-", 5) == 0) {
		flags |= SORT_LAST;
		s += 5;
	}
	for (; t && t->name; t++) {
		if (strcmp(t->name, s) != 0)
			continue;
		/* $sort_aux cannot thread: mutt quietly takes date instead. */
		*out = (id == V_sort_aux && t->method == SORT_THREADS ? SORT_DATE : t->method) |
		       flags;
		return 0;
	}
	buf_printf(err, _("%s: unknown sorting method for $%s"), s, vars[id].name);
	return ERR_INVAL;
}

static void sort_text(enum var_id id, int v, struct buf *out)
{
	const struct sort_name *t = sort_table(vars[id].sorts);

	if (v & SORT_REVERSE)
		buf_addstr(out, "reverse-");
	if (v & SORT_LAST)
		buf_addstr(out, "last-");
	for (; t && t->name; t++) {
		if (t->method == (v & SORT_MASK)) {
			buf_addstr(out, t->name);
			return;
		}
	}
}

/* ---- Paths ------------------------------------------------------------- */

static const char *var_str(const struct config *c, enum var_id id)
{
	return c->v[id].str ? c->v[id].str : "";
}

static void home_dir(struct buf *out)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home) {
		buf_addstr(out, home);
		return;
	}
	if ((pw = getpwuid(getuid())) && pw->pw_dir)
		buf_addstr(out, pw->pw_dir);
}

/* One step of expansion; false when in does not start with a shortcut. */
static bool expand_once(const struct config *c, const char *in, struct buf *out)
{
	const char *folder;

	switch (in[0]) {
	case '~': {
		const char *end = strchr(in, '/');
		size_t n = end ? (size_t)(end - in) : strlen(in);
		if (n == 1) {
			home_dir(out);
		} else {
			char *user = xstrndup(in + 1, n - 1);
			struct passwd *pw = getpwnam(user);
			free(user);
			if (!pw || !pw->pw_dir)
				return false; /* mutt leaves an unknown ~user alone */
			buf_addstr(out, pw->pw_dir);
		}
		buf_addstr(out, in + n);
		return true;
	}
	case '=':
	case '+':
		folder = var_str(c, V_folder);
		buf_addstr(out, folder);
		if (!*folder || folder[strlen(folder) - 1] != '/')
			buf_addch(out, '/');
		buf_addstr(out, in + 1);
		return true;
	case '!':
		/* "!!" is the previous folder, "^" and "-" the current and the
		 * last one: rc files are read before there is any, so mutt
		 * takes them as empty. */
		if (in[1] == '!') {
			buf_addstr(out, in + 2);
			return true;
		}
		buf_addstr(out, var_str(c, V_spoolfile));
		buf_addstr(out, in + 1);
		return true;
	case '>':
		buf_addstr(out, var_str(c, V_mbox));
		buf_addstr(out, in + 1);
		return true;
	case '<':
		buf_addstr(out, var_str(c, V_record));
		buf_addstr(out, in + 1);
		return true;
	case '^':
	case '-':
		buf_addstr(out, in + 1);
		return true;
	default:
		return false;
	}
}

/*
 * Expand until no shortcut is left, so that an expanded value expands to
 * itself: a dump reads back the same whatever $folder is by then.
 */
void var_expand_path(const struct config *c, const char *in, struct buf *out)
{
	struct buf cur = BUF_INIT, next = BUF_INIT;

	buf_addstr(&cur, in);
	/* Each step shortens the path or starts it with a value that is expanded already. */
	for (size_t i = 0; i < strlen(in) + 16; i++) {
		buf_reset(&next);
		if (!expand_once(c, cur.data, &next))
			break;
		struct buf t = cur;
		cur = next;
		next = t;
	}
	buf_addbuf(out, &cur);
	buf_release(&cur);
	buf_release(&next);
}

/* ---- Parsing values ------------------------------------------------------ */

static void value_release(struct var_value *v)
{
	free(v->str);
	v->str = NULL;
	if (v->re) {
		regfree(v->re);
		free(v->re);
		v->re = NULL;
	}
}

static int parse_bool(const char *s, bool *out)
{
	if (ascii_strcasecmp(s, "yes") == 0)
		*out = true;
	else if (ascii_strcasecmp(s, "no") == 0)
		*out = false;
	else
		return ERR_INVAL;
	return 0;
}

static const char *const quad_names[] = { "no", "yes", "ask-no", "ask-yes" };

static int parse_quad(const char *s, enum quad *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(quad_names); i++) {
		if (ascii_strcasecmp(s, quad_names[i]) == 0) {
			*out = (enum quad)i;
			return 0;
		}
	}
	return ERR_INVAL;
}

/* Decimal, with leading white space and a sign allowed, as mutt's strtol. */
static int parse_number(enum var_id id, const char *s, long *out, struct buf *err)
{
	/* mutt keeps numbers in a short; "number (long)" ones in a long. */
	long min = vars[id].type == VT_LONG ? LONG_MIN : -32768;
	long max = vars[id].type == VT_LONG ? LONG_MAX : 32767;
	const char *p = s;
	bool neg = false, big = false;
	unsigned long mag = 0, limit;

	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!is_digit(*p))
		goto not_a_number;
	limit = neg ? (unsigned long)-(min + 1) + 1 : (unsigned long)max;
	for (; is_digit(*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (mag > (limit - d) / 10)
			big = true;
		else
			mag = mag * 10 + d;
	}
	if (*p)
		goto not_a_number;
	if (big) {
		buf_printf(err, _("%s: $%s must be between %ld and %ld"), s, vars[id].name, min,
			   max);
		return ERR_INVAL;
	}
	*out = neg ? (mag ? -(long)(mag - 1) - 1 : 0) : (long)mag;
	/* mutt turns a negative value of these into 0 rather than refuse it. */
	if ((vars[id].flags & VF_NOT_NEG) && *out < 0)
		*out = 0;
	return 0;
not_a_number:
	buf_printf(err, _("%s: $%s must be a number"), s, vars[id].name);
	return ERR_INVAL;
}

/* mutt's smart case: a regex with an upper-case letter is case-sensitive. */
static bool has_upper(const char *s)
{
	size_t n = strlen(s);
	uint32_t cp;

	while (n > 0) {
		size_t k = utf8_decode(s, n, &cp);
		if (utf8proc_isupper((utf8proc_int32_t)cp))
			return true;
		s += k;
		n -= k;
	}
	return false;
}

static int parse_regex(enum var_id id, const char *s, struct var_value *out, struct buf *err)
{
	const char *pat = s;
	int flags = REG_EXTENDED, rc;

	out->str = xstrdup(s);
	if (!*s)
		return 0;
	if ((vars[id].flags & VF_REGEX_NOT) && *pat == '!') {
		out->re_negate = true;
		pat++;
	}
	/* $mask is always case-sensitive in mutt; the others use smart case. */
	if (id != V_mask && !has_upper(pat))
		flags |= REG_ICASE;
	out->re = xmalloc(sizeof(*out->re));
	if ((rc = regcomp(out->re, pat, flags)) != 0) {
		char why[256];
		regerror(rc, out->re, why, sizeof(why));
		free(out->re);
		out->re = NULL;
		buf_printf(err, _("%s: bad regex for $%s: %s"), s, vars[id].name, why);
		return ERR_INVAL;
	}
	return 0;
}

static const char *const magic_names[] = { "mbox", "MMDF", "MH", "Maildir" };

/*
 * Parse text as a value of variable id into *out (zeroed first). Paths are
 * expanded against c as it is now. Returns 0 or ERR_INVAL with the reason.
 */
static int value_parse(const struct config *c, enum var_id id, const char *s, struct var_value *out,
		       struct buf *err)
{
	struct addrlist al = { 0 };
	struct buf path = BUF_INIT;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	switch (vars[id].type) {
	case VT_BOOL:
		if ((rc = parse_bool(s, &out->b)) != 0)
			buf_printf(err, _("%s: $%s is a boolean: yes or no"), s, vars[id].name);
		break;
	case VT_QUAD:
		if ((rc = parse_quad(s, &out->quad)) != 0)
			buf_printf(err, _("%s: $%s takes yes, no, ask-yes or ask-no"), s,
				   vars[id].name);
		break;
	case VT_NUMBER:
	case VT_LONG:
		rc = parse_number(id, s, &out->num, err);
		break;
	case VT_SORT:
		rc = parse_sort(id, s, &out->sort, err);
		break;
	case VT_REGEX:
		rc = parse_regex(id, s, out, err);
		break;
	case VT_PATH:
		var_expand_path(c, s, &path);
		out->str = buf_detach(&path, NULL);
		break;
	case VT_ADDRESS:
		if (addrlist_parse(s, strlen(s), &al) != 0) {
			buf_printf(err, _("%s: not a valid address for $%s"), s, vars[id].name);
			rc = ERR_INVAL;
		}
		addrlist_release(&al);
		out->str = xstrdup(s);
		break;
	case VT_MBTABLE:
		if (!utf8_valid(s, strlen(s))) {
			buf_printf(err, _("$%s: the characters must be UTF-8"), vars[id].name);
			rc = ERR_INVAL;
		}
		out->str = xstrdup(s);
		break;
	case VT_MAGIC:
		rc = ERR_INVAL;
		for (size_t i = 0; i < ARRAY_SIZE(magic_names); i++) {
			if (ascii_strcasecmp(s, magic_names[i]) == 0) {
				out->str = xstrdup(magic_names[i]);
				rc = 0;
			}
		}
		if (rc)
			buf_printf(err, _("%s: $%s is one of mbox, MMDF, MH or Maildir"), s,
				   vars[id].name);
		break;
	case VT_STRING:
		out->str = xstrdup(s);
		break;
	}
	if (rc)
		value_release(out);
	return rc;
}

static void value_replace(struct config *c, enum var_id id, struct var_value *nv)
{
	value_release(&c->v[id]);
	c->v[id] = *nv;
	c->v[id].set = true;
}

/* ---- The public accessors --------------------------------------------- */

bool cfg_bool(const struct config *c, enum var_id id)
{
	return c->v[id].b;
}

enum quad cfg_quad(const struct config *c, enum var_id id)
{
	return c->v[id].quad;
}

long cfg_num(const struct config *c, enum var_id id)
{
	return c->v[id].num;
}

const char *cfg_str(const struct config *c, enum var_id id)
{
	return var_str(c, id);
}

const regex_t *cfg_regex(const struct config *c, enum var_id id, bool *negate)
{
	if (negate)
		*negate = c->v[id].re_negate;
	return c->v[id].re;
}

int cfg_sort(const struct config *c, enum var_id id)
{
	return c->v[id].sort;
}

int cfg_set(struct config *c, enum var_id id, const char *value, struct buf *err)
{
	struct var_value nv;
	int rc;

	if ((rc = value_parse(c, id, value, &nv, err)) != 0)
		return rc;
	value_replace(c, id, &nv);
	/* mutt's deprecated $wrapmargin sets $wrap from the other side. */
	if (id == V_wrapmargin)
		c->v[V_wrap].num = -c->v[V_wrapmargin].num;
	return 0;
}

/* A copy of value v of variable id (regexes compiled again). */
static void value_copy(enum var_id id, const struct var_value *v, struct var_value *out)
{
	struct buf err = BUF_INIT;

	if (vars[id].type == VT_REGEX) {
		/* It compiled before, so it compiles again. */
		memset(out, 0, sizeof(*out));
		if (parse_regex(id, v->str ? v->str : "", out, &err) != 0)
			out->str = out->str ? out->str : xstrdup("");
	} else {
		*out = *v;
		out->str = xstrdup_or_null(v->str);
		out->re = NULL;
	}
	buf_release(&err);
}

void cfg_reset(struct config *c, enum var_id id)
{
	struct var_value nv;

	value_copy(id, &c->def[id], &nv);
	value_release(&c->v[id]);
	c->v[id] = nv;
	c->v[id].set = false;
}

void var_text(const struct config *c, enum var_id id, struct buf *out)
{
	const struct var_value *v = &c->v[id];

	switch (vars[id].type) {
	case VT_BOOL:
		buf_addstr(out, v->b ? "yes" : "no");
		break;
	case VT_QUAD:
		buf_addstr(out, quad_names[v->quad & 3]);
		break;
	case VT_NUMBER:
	case VT_LONG:
		buf_printf(out, "%ld", v->num);
		break;
	case VT_SORT:
		sort_text(id, v->sort, out);
		break;
	default:
		buf_addstr(out, var_str(c, id));
		break;
	}
}

void cfg_format(const struct config *c, enum var_id id, struct buf *out)
{
	struct buf t = BUF_INIT;

	var_text(c, id, &t);
	if (vars[id].type == VT_BOOL)
		buf_addbuf(out, &t);
	else
		rc_quote(t.data, out);
	buf_release(&t);
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

bool cfg_changed(const struct config *c, enum var_id id)
{
	const struct var_value *v = &c->v[id], *d = &c->def[id];

	switch (vars[id].type) {
	case VT_BOOL:
		return v->b != d->b;
	case VT_QUAD:
		return v->quad != d->quad;
	case VT_NUMBER:
	case VT_LONG:
		return v->num != d->num;
	case VT_SORT:
		return v->sort != d->sort;
	default:
		return !same_str(v->str, d->str);
	}
}

/* ---- $my_ variables ------------------------------------------------------ */

const struct my_var *my_var_find(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nmy; i++)
		if (strcmp(c->my[i].name, name) == 0)
			return &c->my[i];
	return NULL;
}

const char *cfg_my_get(const struct config *c, const char *name)
{
	const struct my_var *m = my_var_find(c, name);
	return m ? m->value : NULL;
}

static void my_set(struct config *c, const char *name, const char *value, bool append)
{
	struct my_var *m = (struct my_var *)my_var_find(c, name);
	struct buf v = BUF_INIT;

	if (!m) {
		ALLOC_GROW(c->my, c->nmy + 1, c->capmy);
		m = &c->my[c->nmy++];
		m->name = xstrdup(name);
		m->value = NULL;
	}
	if (append && m->value)
		buf_addstr(&v, m->value);
	buf_addstr(&v, value);
	free(m->value);
	m->value = buf_detach(&v, NULL);
}

static void my_unset(struct config *c, const char *name)
{
	struct my_var *m = (struct my_var *)my_var_find(c, name);

	if (!m)
		return;
	free(m->name);
	free(m->value);
	memmove(m, m + 1, (size_t)(c->my + c->nmy - (m + 1)) * sizeof(*m));
	c->nmy--;
}

/* ---- Defaults --------------------------------------------------------------- */

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* What the password file says about the user, read once: getpwuid's result does not last. */
struct user_info {
	char *name, *realname, *shell;
};

/* The GECOS full name: up to the first ',', with '&' standing for the capitalised login. */
static char *gecos_name(const struct passwd *pw)
{
	const char *g = pw->pw_gecos ? pw->pw_gecos : "";
	struct buf out = BUF_INIT;

	for (; *g && *g != ','; g++) {
		if (*g != '&') {
			buf_addch(&out, *g);
			continue;
		}
		for (const char *u = pw->pw_name; u && *u; u++)
			buf_addch(&out, u == pw->pw_name ? ascii_toupper(*u) : *u);
	}
	return buf_detach(&out, NULL);
}

static void user_info_read(struct user_info *u)
{
	struct passwd *pw = getpwuid(getuid());

	u->name = xstrdup_or_null(pw ? pw->pw_name : getenv("USER"));
	u->realname = pw ? gecos_name(pw) : xstrdup("");
	u->shell = xstrdup_or_null(pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : NULL);
}

static void user_info_release(struct user_info *u)
{
	free(u->name);
	free(u->realname);
	free(u->shell);
}

static void locale_charset(struct buf *out)
{
	const char *cs = nl_langinfo(CODESET);

	if (!cs || !*cs || charset_is_ascii(cs))
		buf_addstr(out, "us-ascii");
	else if (charset_is_utf8(cs))
		buf_addstr(out, "utf-8");
	else
		for (; *cs; cs++)
			buf_addch(out, ascii_tolower(*cs));
}

/*
 * What mutt works out at start-up instead of a fixed default. Appends the
 * text and returns true for those variables. No network lookups: the
 * hostname is the node name.
 */
static bool dynamic_default(enum var_id id, const struct user_info *user, struct buf *out)
{
	struct utsname u;
	const char *e;

	switch (id) {
	case V_editor:
	case V_visual:
		e = env_nonempty("VISUAL");
		buf_addstr(out, e ? e : (e = env_nonempty("EDITOR")) ? e : "vi");
		return true;
	case V_spoolfile:
		if ((e = env_nonempty("MAIL")) || (e = env_nonempty("MAILDIR")))
			buf_addstr(out, e);
		else if (user->name)
			buf_printf(out, "/var/mail/%s", user->name);
		return true;
	case V_realname:
		buf_addstr(out, user->realname);
		return true;
	case V_hostname:
		if (uname(&u) == 0)
			buf_addstr(out, u.nodename);
		return true;
	case V_tmpdir:
		e = env_nonempty("TMPDIR");
		buf_addstr(out, e ? e : "/tmp");
		return true;
	case V_shell:
		e = env_nonempty("SHELL");
		buf_addstr(out, e ? e : user->shell ? user->shell : "/bin/sh");
		return true;
	case V_charset:
		locale_charset(out);
		return true;
	case V_mailcap_path:
		e = env_nonempty("MAILCAPS");
		buf_addstr(out, e ? e
				  : "~/.mailcap:/usr/share/mutt/mailcap:/etc/mailcap:"
				    "/usr/etc/mailcap:/usr/local/etc/mailcap");
		return true;
	default:
		return false;
	}
}

void vars_init(struct config *c)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct user_info user;

	user_info_read(&user);
	for (size_t i = 0; i < V_COUNT; i++) {
		enum var_id id = (enum var_id)i;
		buf_reset(&text);
		if (!dynamic_default(id, &user, &text))
			buf_addstr(&text,
				   (vars[i].flags & VF_LOCALIZED) ? _(vars[i].def) : vars[i].def);
		/* A default that does not parse (a strange environment) is empty. */
		if (value_parse(c, id, text.data, &c->def[i], &err) != 0)
			value_parse(c, id, vars[i].type == VT_MAGIC ? "mbox" : "", &c->def[i],
				    &err);
		buf_reset(&err);
		value_copy(id, &c->def[i], &c->v[i]);
	}
	user_info_release(&user);
	buf_release(&text);
	buf_release(&err);
}

void vars_release(struct config *c)
{
	for (size_t i = 0; i < V_COUNT; i++) {
		value_release(&c->v[i]);
		value_release(&c->def[i]);
	}
	for (size_t i = 0; i < c->nmy; i++) {
		free(c->my[i].name);
		free(c->my[i].value);
	}
	free(c->my);
	c->my = NULL;
	c->nmy = c->capmy = 0;
}

struct config *config_snapshot(const struct config *c)
{
	struct config *s = xcalloc(1, sizeof(*s));

	for (size_t i = 0; i < V_COUNT; i++) {
		value_copy((enum var_id)i, &c->v[i], &s->v[i]);
		value_copy((enum var_id)i, &c->def[i], &s->def[i]);
	}
	if (c->nmy) {
		s->my = xcalloc(c->nmy, sizeof(*s->my));
		for (size_t i = 0; i < c->nmy; i++) {
			s->my[i].name = xstrdup(c->my[i].name);
			s->my[i].value = xstrdup_or_null(c->my[i].value);
		}
		s->nmy = s->capmy = c->nmy;
	}
	s->sandbox = true; /* nothing runs rc text on a snapshot; if it did, no commands */
	return s;
}

/* ---- set, unset, toggle, reset ----------------------------------------------- */

enum set_op { SET_OP_NONE, SET_OP_ASSIGN, SET_OP_ADD, SET_OP_SUB };

/* One argument of a set command, parsed. */
struct set_arg {
	const char *name; /* without its no/inv prefix */
	enum set_kind kind;
	enum set_op op;
	bool query;
	const char *value;
	struct buf *answers; /* query results, a line each */
};

static bool is_my(const char *name)
{
	return strncmp(name, "my_", 3) == 0;
}

static bool names_variable(const char *name)
{
	return is_my(name) || var_lookup(name) >= 0;
}

static void add_answer(const struct config *c, const struct set_arg *a)
{
	if (a->answers->len)
		buf_addch(a->answers, '\n');
	config_query(c, a->name, a->answers);
}

static int set_my(struct config *c, const struct set_arg *a, struct buf *err)
{
	if (a->query || (a->op == SET_OP_NONE && a->kind != SET_UNSET && a->kind != SET_RESET)) {
		if (!my_var_find(c, a->name)) {
			buf_printf(err, _("%s: unknown variable"), a->name);
			return ERR_NOTFOUND;
		}
		add_answer(c, a);
		return 0;
	}
	if (a->op == SET_OP_SUB) {
		buf_printf(err, _("%s: -= is only for numbers"), a->name);
		return ERR_INVAL;
	}
	if (a->op == SET_OP_NONE)
		my_unset(c, a->name);
	else
		my_set(c, a->name, a->value, a->op == SET_OP_ADD);
	return 0;
}

/* += and -=: strings get text appended, numbers are added to or subtracted from. */
static int set_arith(struct config *c, enum var_id id, const struct set_arg *a, struct buf *err)
{
	struct buf t = BUF_INIT;
	enum var_type ty = vars[id].type;
	struct var_value nv;
	long sum;
	int rc = ERR_INVAL;

	if (ty == VT_NUMBER || ty == VT_LONG) {
		if ((rc = value_parse(c, id, a->value, &nv, err)) != 0)
			goto out;
		rc = ERR_INVAL;
		if (a->op == SET_OP_ADD ? __builtin_add_overflow(c->v[id].num, nv.num, &sum)
					: __builtin_sub_overflow(c->v[id].num, nv.num, &sum)) {
			buf_printf(err, _("%s: $%s would be out of range"), a->value,
				   vars[id].name);
			goto out;
		}
		buf_printf(&t, "%ld", sum);
	} else if (a->op == SET_OP_ADD && ty != VT_BOOL && ty != VT_QUAD && ty != VT_SORT &&
		   ty != VT_MAGIC) {
		buf_addstr(&t, var_str(c, id));
		buf_addstr(&t, a->value);
	} else {
		buf_printf(err, _("$%s: %s is not for this type of variable"), vars[id].name,
			   a->op == SET_OP_ADD ? "+=" : "-=");
		goto out;
	}
	rc = cfg_set(c, id, t.data, err);
out:
	buf_release(&t);
	return rc;
}

static int set_flag(struct config *c, enum var_id id, enum set_kind k)
{
	struct var_value *v = &c->v[id];

	if (vars[id].type == VT_BOOL)
		v->b = k == SET_SET ? true : k == SET_UNSET ? false : !v->b;
	else
		v->quad = k == SET_SET ? QUAD_YES : k == SET_UNSET ? QUAD_NO : v->quad ^ 1;
	v->set = true;
	return 0;
}

/*
 * mutt shows a non-boolean's value for a bare `set x` or `toggle x`, and
 * for `unset x` where the type has no empty value.
 */
static bool only_shows(enum var_type ty, const struct set_arg *a)
{
	if (a->query)
		return true;
	if (a->op != SET_OP_NONE || ty == VT_BOOL || ty == VT_QUAD || a->kind == SET_RESET)
		return false;
	if (a->kind != SET_UNSET)
		return true;
	return ty == VT_NUMBER || ty == VT_LONG || ty == VT_SORT || ty == VT_MAGIC;
}

static int set_var(struct config *c, enum var_id id, const struct set_arg *a, struct buf *err)
{
	enum var_type ty = vars[id].type;

	if (only_shows(ty, a)) {
		add_answer(c, a);
		return 0;
	}
	/* Named as the user wrote it, old synonym or not: that is what they will look for. */
	if (!(vars[id].flags & VF_IMPL))
		config_note_unimplemented(c, a->name);
	if (a->kind == SET_RESET) {
		cfg_reset(c, id);
		return 0;
	}
	if (ty == VT_BOOL || ty == VT_QUAD) {
		if (a->op == SET_OP_NONE)
			return set_flag(c, id, a->kind);
		if (a->op == SET_OP_ASSIGN && a->kind == SET_SET)
			return cfg_set(c, id, a->value, err);
		buf_printf(
			err,
			_("%s: give a value as in `set %s=yes`, or use set, unset or toggle alone"),
			a->name, a->name);
		return ERR_INVAL;
	}
	/* mutt takes `unset x=v` and `toggle x=v` for set on these types. */
	if (a->op == SET_OP_ASSIGN)
		return cfg_set(c, id, a->value, err);
	if (a->op != SET_OP_NONE)
		return set_arith(c, id, a, err);
	return cfg_set(c, id, "", err); /* unset of a string */
}

/* The operator after a name: "=", "+=", "-=" or none. */
static int read_op(struct rc_line *l, const char *name, enum set_op *op, struct buf *err)
{
	int ch = rc_peek(l);

	*op = SET_OP_NONE;
	if (ch == '=') {
		rc_skip(l, 1);
		*op = SET_OP_ASSIGN;
	} else if (ch == '+' || ch == '-') {
		rc_skip(l, 1);
		if (rc_peek(l) != '=') {
			buf_printf(err, _("%s: expected = after %c"), name, ch);
			return ERR_PARSE;
		}
		rc_skip(l, 1);
		*op = ch == '+' ? SET_OP_ADD : SET_OP_SUB;
	}
	return 0;
}

/* Read the prefixes (? &), the name (and its no/inv prefix), the '?' suffix and the operator. */
static int read_arg(struct rc_line *l, enum set_kind kind, struct buf *tok, struct set_arg *a,
		    struct buf *err)
{
	int ch = rc_peek(l), rc;

	a->kind = kind;
	a->query = false;
	if (ch == '?' || ch == '&') {
		if (kind != SET_SET) {
			buf_printf(err, _("%c is only for set"), ch);
			return ERR_PARSE;
		}
		a->query = ch == '?';
		a->kind = ch == '&' ? SET_RESET : kind;
		rc_skip(l, 1);
	}
	if ((rc = rc_token(l, tok, TOK_EQUAL | TOK_QUESTION, err)) != 0)
		return rc;
	a->name = tok->data;
	if (!*a->name) {
		buf_addstr(err, _("a variable name is missing"));
		return ERR_PARSE;
	}
	/* Whole names first: none of mutt's variables starts with "no" or "inv". */
	if (a->kind == SET_SET && !a->query && !names_variable(a->name)) {
		if (strncmp(a->name, "no", 2) == 0 && names_variable(a->name + 2)) {
			a->kind = SET_UNSET;
			a->name += 2;
		} else if (strncmp(a->name, "inv", 3) == 0 && names_variable(a->name + 3)) {
			a->kind = SET_TOGGLE;
			a->name += 3;
		}
	}
	/* "name?" is a query; "name ?other" is two names */
	if (rc_next(l) == '?') {
		rc_skip(l, 1);
		a->query = true;
	}
	return read_op(l, a->name, &a->op, err);
}

static int set_one(struct rc_line *l, enum set_kind kind, struct buf *tok, struct buf *value,
		   struct buf *answers, struct buf *err)
{
	struct config *c = rc_config(l);
	struct set_arg a = { .answers = answers };
	int rc, id;

	if ((rc = read_arg(l, kind, tok, &a, err)) != 0)
		return rc;
	buf_reset(value);
	if (a.op != SET_OP_NONE && (rc = rc_token(l, value, 0, err)) != 0)
		return rc;
	a.value = value->data;
	if ((a.query || a.kind == SET_RESET) && a.op != SET_OP_NONE) {
		buf_printf(err, _("%s: a value is not allowed with %s"), a.name,
			   a.query ? "?" : "reset");
		return ERR_INVAL;
	}
	if (is_my(a.name))
		return set_my(c, &a, err);
	if ((id = var_lookup(a.name)) >= 0)
		return set_var(c, (enum var_id)id, &a, err);
	if (a.kind == SET_RESET && !a.query &&
	    (strcmp(a.name, "all") == 0 || strcmp(a.name, "*") == 0)) {
		for (size_t i = 0; i < V_COUNT; i++)
			cfg_reset(c, (enum var_id)i);
		return 0;
	}
	buf_printf(err, _("%s: unknown variable"), tok->data);
	return ERR_NOTFOUND;
}

int cmd_set(struct rc_line *l, intptr_t kind, struct buf *err)
{
	struct buf tok = BUF_INIT, value = BUF_INIT, answers = BUF_INIT;
	int rc = 0;

	while (rc == 0 && rc_more(l))
		rc = set_one(l, (enum set_kind)kind, &tok, &value, &answers, err);
	if (rc == 0)
		buf_addbuf(err, &answers);
	buf_release(&tok);
	buf_release(&value);
	buf_release(&answers);
	return rc;
}
