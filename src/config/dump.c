/*
 * dump.c - the config as text: -D (every setting that differs from the
 * default, in rc syntax that reads back to the same state) and -Q (one
 * variable in mutt's form). Secrets are never printed.
 */
#include "config/internal.h"

/*
 * Append the character at s: control characters and bytes that are not
 * UTF-8 as octal escapes, so that a dump is plain UTF-8 text (and is never
 * converted from $config_charset when read back). Returns the bytes used.
 */
static size_t quote_byte(const char *s, struct buf *out)
{
	unsigned char ch = (unsigned char)*s;
	uint32_t cp;
	size_t n;

	if (ch < 0x20 || ch == 0x7f) {
		buf_printf(out, "\\%03o", ch);
		return 1;
	}
	if (ch < 0x80) {
		buf_addch(out, ch);
		return 1;
	}
	n = utf8_decode(s, strlen(s), &cp);
	if (n == 1) {
		buf_printf(out, "\\%03o", ch);
		return 1;
	}
	buf_add(out, s, n);
	return n;
}

void rc_quote(const char *s, struct buf *out)
{
	buf_addch(out, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		switch (ch) {
		case '\\':
		case '"':
		case '$': /* no variable expansion on reading back */
		case '`': /* no command */
			buf_addch(out, '\\');
			buf_addch(out, ch);
			break;
		case '\n':
			buf_addstr(out, "\\n");
			break;
		case '\r':
			buf_addstr(out, "\\r");
			break;
		case '\t':
			buf_addstr(out, "\\t");
			break;
		case '\f':
			buf_addstr(out, "\\f");
			break;
		case '\033':
			buf_addstr(out, "\\e");
			break;
		default:
			s += quote_byte(s, out) - 1;
		}
	}
	buf_addch(out, '"');
}

void rc_quote_word(const char *s, struct buf *out)
{
	const char *p = s;

	while (is_alpha(*p) || is_digit(*p) || (*p && strchr("_./@:,", *p)))
		p++;
	if (*s && !*p)
		buf_addstr(out, s);
	else
		rc_quote(s, out);
}

/* mutt's -Q quoting: backslash, double quote and three control characters. */
static void query_quote(const char *s, struct buf *out)
{
	buf_addch(out, '"');
	for (; *s; s++) {
		switch (*s) {
		case '\\':
		case '"':
			buf_addch(out, '\\');
			buf_addch(out, *s);
			break;
		case '\n':
			buf_addstr(out, "\\n");
			break;
		case '\r':
			buf_addstr(out, "\\r");
			break;
		case '\t':
			buf_addstr(out, "\\t");
			break;
		default:
			buf_addch(out, *s);
		}
	}
	buf_addch(out, '"');
}

static bool is_secret(const struct config *c, enum var_id id)
{
	return (var_def(id)->flags & VF_SENSITIVE) && *cfg_str(c, id);
}

static void secret_note(const char *name, struct buf *out)
{
	buf_printf(out, _("# %s is set but not shown (a secret)"), name);
}

int config_query(const struct config *c, const char *name, struct buf *out)
{
	const struct my_var *m;
	const struct var_def *d;
	struct buf t = BUF_INIT;
	int id;

	if (strncmp(name, "my_", 3) == 0 && (m = my_var_find(c, name))) {
		buf_addstr(out, m->name);
		buf_addch(out, '=');
		query_quote(m->value, out);
		return 0;
	}
	if ((id = var_lookup(name)) < 0)
		return ERR_NOTFOUND;
	d = var_def((enum var_id)id);
	if (is_secret(c, (enum var_id)id)) {
		secret_note(d->name, out);
		return 0;
	}
	/* mutt names a boolean as asked (an old synonym stays), the others by their name. */
	if (d->type == VT_BOOL) {
		buf_printf(out, "%s is %s", name, cfg_bool(c, (enum var_id)id) ? "set" : "unset");
		return 0;
	}
	var_text(c, (enum var_id)id, &t);
	buf_printf(out, "%s=", d->name);
	if (d->type == VT_QUAD || d->type == VT_NUMBER || d->type == VT_LONG ||
	    d->type == VT_SORT || d->type == VT_MAGIC)
		buf_addbuf(out, &t);
	else
		query_quote(t.data, out);
	buf_release(&t);
	return 0;
}

static void dump_var(const struct config *c, enum var_id id, struct buf *out)
{
	const struct var_def *d = var_def(id);

	if (!cfg_changed(c, id))
		return;
	if (is_secret(c, id)) {
		secret_note(d->name, out);
	} else if (d->type == VT_BOOL) {
		buf_printf(out, "%s %s", cfg_bool(c, id) ? "set" : "unset", d->name);
	} else {
		buf_printf(out, "set %s=", d->name);
		cfg_format(c, id, out);
	}
	buf_addch(out, '\n');
}

/* A $my_ variable that holds a secret's value (set imap_pass=$my_pass) is a secret too. */
static bool my_is_secret(const struct config *c, const struct my_var *m)
{
	for (size_t i = 0; i < V_COUNT; i++)
		if (is_secret(c, (enum var_id)i) &&
		    strcmp(cfg_str(c, (enum var_id)i), m->value) == 0)
			return true;
	return false;
}

void config_dump(const struct config *c, struct buf *out)
{
	/* $wrapmargin first: setting it changes $wrap, which comes after to win. */
	dump_var(c, V_wrapmargin, out);
	for (size_t i = 0; i < V_COUNT; i++)
		if (i != V_wrapmargin && i != V_config_charset)
			dump_var(c, (enum var_id)i, out);
	for (size_t i = 0; i < c->nmy; i++) {
		const struct my_var *m = &c->my[i];
		if (my_is_secret(c, m)) {
			secret_note(m->name, out);
			buf_addch(out, '\n');
			continue;
		}
		buf_addstr(out, "set ");
		rc_quote_word(m->name, out);
		buf_addch(out, '=');
		rc_quote(m->value, out);
		buf_addch(out, '\n');
	}
	config_lists_dump(c, out);
	keymap_dump(c->keymaps, out);
	/* Last: the lines after it would be read as in that charset. */
	dump_var(c, V_config_charset, out);
}
