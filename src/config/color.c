/*
 * color.c - color, uncolor, mono and unmono.
 *
 * Parsing follows mutt 2.2 (objects, "compose OBJECT", quotedN, colour
 * names with bright/light prefixes, colorN, attributes before the
 * foreground, a regex for header and body, a pattern for index) and
 * accepts what NeoMutt configurations add: index_* and sidebar_unread
 * objects, italic and blink, #rrggbb, and uncolor for plain objects.
 * Nothing here touches the terminal: the UI maps rules to curses pairs.
 */
#include "config/internal.h"

enum color_arg {
	CARG_NONE,    /* no pattern */
	CARG_REGEX,   /* compiled here */
	CARG_PATTERN, /* a search pattern, compiled by the pattern engine */
};

static const struct color_object_info {
	const char *name; /* as -D writes it */
	enum color_arg arg;
	enum rx_case rxcase;
} objects[CO_COUNT] = {
	[CO_NORMAL] = { "normal", CARG_NONE, RX_CASE },
	[CO_INDICATOR] = { "indicator", CARG_NONE, RX_CASE },
	[CO_TREE] = { "tree", CARG_NONE, RX_CASE },
	[CO_STATUS] = { "status", CARG_NONE, RX_CASE },
	[CO_ERROR] = { "error", CARG_NONE, RX_CASE },
	[CO_MESSAGE] = { "message", CARG_NONE, RX_CASE },
	[CO_PROMPT] = { "prompt", CARG_NONE, RX_CASE },
	[CO_SIGNATURE] = { "signature", CARG_NONE, RX_CASE },
	[CO_ATTACHMENT] = { "attachment", CARG_NONE, RX_CASE },
	[CO_SEARCH] = { "search", CARG_NONE, RX_CASE },
	[CO_MARKERS] = { "markers", CARG_NONE, RX_CASE },
	[CO_TILDE] = { "tilde", CARG_NONE, RX_CASE },
	[CO_HDRDEFAULT] = { "hdrdefault", CARG_NONE, RX_CASE },
	[CO_BOLD] = { "bold", CARG_NONE, RX_CASE },
	[CO_UNDERLINE] = { "underline", CARG_NONE, RX_CASE },
	[CO_QUOTED] = { "quoted", CARG_NONE, RX_CASE },
	/* mutt matches header regexes ignoring case, body regexes with smart case */
	[CO_HEADER] = { "header", CARG_REGEX, RX_ICASE },
	[CO_BODY] = { "body", CARG_REGEX, RX_SMART },
	[CO_INDEX] = { "index", CARG_PATTERN, RX_CASE },
	[CO_INDEX_AUTHOR] = { "index_author", CARG_PATTERN, RX_CASE },
	[CO_INDEX_SUBJECT] = { "index_subject", CARG_PATTERN, RX_CASE },
	[CO_INDEX_TAG] = { "index_tag", CARG_PATTERN, RX_CASE },
	[CO_INDEX_COLLAPSED] = { "index_collapsed", CARG_PATTERN, RX_CASE },
	[CO_INDEX_DATE] = { "index_date", CARG_PATTERN, RX_CASE },
	[CO_INDEX_FLAGS] = { "index_flags", CARG_PATTERN, RX_CASE },
	[CO_INDEX_LABEL] = { "index_label", CARG_PATTERN, RX_CASE },
	[CO_INDEX_NUMBER] = { "index_number", CARG_PATTERN, RX_CASE },
	[CO_INDEX_SIZE] = { "index_size", CARG_PATTERN, RX_CASE },
	[CO_SIDEBAR_DIVIDER] = { "sidebar_divider", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_FLAGGED] = { "sidebar_flagged", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_HIGHLIGHT] = { "sidebar_highlight", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_INDICATOR] = { "sidebar_indicator", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_NEW] = { "sidebar_new", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_SPOOLFILE] = { "sidebar_spoolfile", CARG_NONE, RX_CASE },
	[CO_SIDEBAR_UNREAD] = { "sidebar_unread", CARG_NONE, RX_CASE },
	[CO_COMPOSE_HEADER] = { "compose header", CARG_NONE, RX_CASE },
	[CO_COMPOSE_SECURITY_ENCRYPT] = { "compose security_encrypt", CARG_NONE, RX_CASE },
	[CO_COMPOSE_SECURITY_SIGN] = { "compose security_sign", CARG_NONE, RX_CASE },
	[CO_COMPOSE_SECURITY_BOTH] = { "compose security_both", CARG_NONE, RX_CASE },
	[CO_COMPOSE_SECURITY_NONE] = { "compose security_none", CARG_NONE, RX_CASE },
};

static const char *const color_names[8] = { "black", "red",     "green", "yellow",
					    "blue",  "magenta", "cyan",  "white" };

static const struct {
	const char *name;
	unsigned flag;
} attr_names[] = {
	{ "bold", CA_BOLD },         { "underline", CA_UNDERLINE }, { "reverse", CA_REVERSE },
	{ "standout", CA_STANDOUT }, { "blink", CA_BLINK },         { "italic", CA_ITALIC },
};

const char *color_object_name(enum color_object o)
{
	return o < CO_COUNT ? objects[o].name : "?";
}

size_t cfg_color_count(const struct config *c)
{
	return c->ncolors;
}

const struct color_rule *cfg_color_at(const struct config *c, size_t i)
{
	return i < c->ncolors ? &c->colors[i] : NULL;
}

/* ---- Reading the parts ---------------------------------------------------- */

/* "quoted", "quoted0".."quotedN": the level, or -1. */
static int quoted_level(const char *s)
{
	unsigned long n = 0;

	if (ascii_strncasecmp(s, "quoted", 6) != 0)
		return -1;
	s += 6;
	if (!*s)
		return 0;
	if (!parse_ulong(s, strlen(s), &n) || n > COLOR_QUOTED_MAX)
		return -1;
	return (int)n;
}

static int object_lookup(const char *s)
{
	for (int o = 0; o < CO_COUNT; o++) {
		const char *name = objects[o].name;

		/* NeoMutt users may write compose_header for "compose header" */
		if (strncmp(name, "compose ", 8) == 0) {
			if (ascii_strncasecmp(s, "compose_", 8) == 0 &&
			    ascii_strcasecmp(s + 8, name + 8) == 0)
				return o;
		} else if (o != CO_QUOTED && ascii_strcasecmp(s, name) == 0) {
			return o;
		}
	}
	return -1;
}

static int parse_object(struct rc_line *l, const char *cmd, enum color_object *o, int *level,
			struct buf *tok, struct buf *err)
{
	int found;

	*level = 0;
	if (!rc_more(l)) {
		buf_printf(err, _("%s: too few arguments"), cmd);
		return ERR_PARSE;
	}
	if ((found = rc_token(l, tok, 0, err)) < 0)
		return found;
	if ((*level = quoted_level(tok->data)) >= 0) {
		*o = CO_QUOTED;
		return 0;
	}
	*level = 0;
	if (ascii_strcasecmp(tok->data, "compose") == 0) {
		if (!rc_more(l)) {
			buf_printf(err,
				   _("%s: compose needs an object (header, security_encrypt...)"),
				   cmd);
			return ERR_PARSE;
		}
		if ((found = rc_token(l, tok, 0, err)) < 0)
			return found;
		for (int c = CO_COMPOSE_HEADER; c <= CO_COMPOSE_SECURITY_NONE; c++) {
			if (ascii_strcasecmp(tok->data, objects[c].name + 8) == 0) {
				*o = (enum color_object)c;
				return 0;
			}
		}
		buf_printf(err, _("%s: unknown compose object '%s'"), cmd, tok->data);
		return ERR_INVAL;
	}
	if ((found = object_lookup(tok->data)) < 0) {
		buf_printf(err, _("%s: unknown object '%s'"), cmd, tok->data);
		return ERR_INVAL;
	}
	*o = (enum color_object)found;
	return 0;
}

/* An attribute word: its flag, CA_NONE for none/normal, or 0. */
static unsigned attr_lookup(const char *s)
{
	if (ascii_strcasecmp(s, "none") == 0 || ascii_strcasecmp(s, "normal") == 0)
		return CA_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (ascii_strcasecmp(s, attr_names[i].name) == 0)
			return attr_names[i].flag;
	return 0;
}

/* "none" drops what came before it; later words add to it. */
static void attr_apply(unsigned *attrs, unsigned flag)
{
	if (flag == CA_NONE)
		*attrs = CA_NONE;
	else
		*attrs |= flag;
}

/* "#rrggbb" -> COLOR_RGB_FLAG | rgb; false when s is not one. */
static bool parse_rgb(const char *s, int *col)
{
	int v = 0;

	if (s[0] != '#' || strlen(s) != 7)
		return false;
	for (int i = 1; i < 7; i++) {
		int d = hex_digit_value(s[i]);

		if (d < 0)
			return false;
		v = v * 16 + d;
	}
	*col = COLOR_RGB_FLAG | v;
	return true;
}

/* A colour without prefix: a name, default, colorN (0-255). */
static int parse_base_color(const char *cmd, const char *whole, const char *s, int *col,
			    struct buf *err)
{
	unsigned long n;

	if (ascii_strcasecmp(s, "default") == 0) {
		*col = COLOR_DEFAULT;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (ascii_strcasecmp(s, color_names[i]) == 0) {
			*col = i;
			return 0;
		}
	}
	if (ascii_strncasecmp(s, "color", 5) == 0 && s[5]) {
		if (!parse_ulong(s + 5, strlen(s + 5), &n) || n > 255) {
			buf_printf(err, _("%s: colour number out of range in '%s' (0-255)"), cmd,
				   whole);
			return ERR_INVAL;
		}
		*col = (int)n;
		return 0;
	}
	buf_printf(err, _("%s: unknown colour '%s'"), cmd, whole);
	return ERR_INVAL;
}

/*
 * A foreground or background colour. mutt's prefixes: "light" adds 8 to a
 * basic colour; "bright" does too for a background, but for a foreground
 * it means bold (the terminal may show bold as bright).
 */
static int parse_color(const char *cmd, const char *s, bool fg, int *col, unsigned *attrs,
		       struct buf *err)
{
	bool bright = false, light = false;
	const char *p = s;
	int rc;

	if (parse_rgb(s, col))
		return 0;
	if (ascii_strncasecmp(p, "bright", 6) == 0) {
		bright = true;
		p += 6;
	} else if (ascii_strncasecmp(p, "light", 5) == 0) {
		light = true;
		p += 5;
	}
	if ((rc = parse_base_color(cmd, s, p, col, err)) < 0)
		return rc;
	if (fg && bright)
		*attrs |= CA_BOLD;
	else if ((bright || light) && *col >= 0 && *col <= 7)
		*col += 8;
	return 0;
}

/* color: [ATTR...] FG BG */
static int parse_color_spec(struct rc_line *l, const char *cmd, struct color_rule *r,
			    struct buf *tok, struct buf *err)
{
	unsigned flag;
	int rc;

	for (;;) {
		if (!rc_more(l))
			goto few;
		if ((rc = rc_token(l, tok, 0, err)) < 0)
			return rc;
		if ((flag = attr_lookup(tok->data)) == 0)
			break;
		attr_apply(&r->attrs, flag);
	}
	if ((rc = parse_color(cmd, tok->data, true, &r->fg, &r->attrs, err)) < 0)
		return rc;
	if (!rc_more(l))
		goto few;
	if ((rc = rc_token(l, tok, 0, err)) < 0)
		return rc;
	return parse_color(cmd, tok->data, false, &r->bg, &r->attrs, err);
few:
	buf_printf(err, _("%s: too few arguments (want [attribute...] foreground background)"),
		   cmd);
	return ERR_PARSE;
}

/* mono: ATTR (exactly one, as in mutt) */
static int parse_mono_spec(struct rc_line *l, const char *cmd, struct color_rule *r,
			   struct buf *tok, struct buf *err)
{
	unsigned flag;
	int rc;

	if (!rc_more(l)) {
		buf_printf(err, _("%s: too few arguments (want an attribute)"), cmd);
		return ERR_PARSE;
	}
	if ((rc = rc_token(l, tok, 0, err)) < 0)
		return rc;
	if ((flag = attr_lookup(tok->data)) == 0) {
		buf_printf(err, _("%s: unknown attribute '%s'"), cmd, tok->data);
		return ERR_INVAL;
	}
	attr_apply(&r->attrs, flag);
	return 0;
}

/* ---- Storing ---------------------------------------------------------------- */

static bool same_target(const struct color_rule *a, const struct color_rule *b)
{
	if (a->object != b->object || a->level != b->level || a->mono != b->mono)
		return false;
	if (!a->pattern || !b->pattern)
		return !a->pattern && !b->pattern;
	if (a->object == CO_HEADER)
		return ascii_strcasecmp(a->pattern, b->pattern) == 0;
	return strcmp(a->pattern, b->pattern) == 0;
}

static void rule_free(struct color_rule *r)
{
	free(r->pattern);
	if (r->has_regex)
		regfree(&r->regex);
}

/* Store r (taking its pattern and regex), replacing a rule for the same target in place. */
static void store_rule(struct config *c, struct color_rule *r)
{
	for (size_t i = 0; i < c->ncolors; i++) {
		struct color_rule *old = &c->colors[i];

		if (same_target(old, r)) {
			old->fg = r->fg;
			old->bg = r->bg;
			old->attrs = r->attrs;
			rule_free(r);
			return;
		}
	}
	ALLOC_GROW(c->colors, c->ncolors + 1, c->capcolors);
	c->colors[c->ncolors++] = *r;
}

static int cmd_color_or_mono(struct rc_line *l, bool mono, struct buf *err)
{
	const char *cmd = mono ? "mono" : "color";
	struct color_rule r = { .fg = COLOR_DEFAULT, .bg = COLOR_DEFAULT, .mono = mono };
	struct buf tok = BUF_INIT;
	int rc;

	rc = parse_object(l, cmd, &r.object, &r.level, &tok, err);
	if (rc == 0)
		rc = mono ? parse_mono_spec(l, cmd, &r, &tok, err)
			  : parse_color_spec(l, cmd, &r, &tok, err);
	if (rc < 0)
		goto out;
	if (objects[r.object].arg != CARG_NONE) {
		if (!rc_more(l)) {
			buf_printf(err, _("%s: %s needs a %s"), cmd, objects[r.object].name,
				   objects[r.object].arg == CARG_REGEX ? _("regex") : _("pattern"));
			rc = ERR_PARSE;
			goto out;
		}
		if ((rc = rc_token(l, &tok, 0, err)) < 0)
			goto out;
		if (tok.len == 0) {
			buf_printf(err, _("%s: empty pattern for %s"), cmd, objects[r.object].name);
			rc = ERR_PARSE;
			goto out;
		}
	}
	if (rc_more(l)) {
		buf_printf(err, _("%s: too many arguments"), cmd);
		rc = ERR_PARSE;
		goto out;
	}
	if (objects[r.object].arg == CARG_REGEX) {
		rc = lists_regcomp(&r.regex, tok.data, objects[r.object].rxcase, cmd, err);
		if (rc < 0)
			goto out;
		r.has_regex = true;
	}
	if (objects[r.object].arg != CARG_NONE)
		r.pattern = xstrdup(tok.data);
	store_rule(rc_config(l), &r);
out:
	buf_release(&tok);
	return rc;
}

int cmd_color(struct rc_line *l, intptr_t mono, struct buf *err)
{
	return cmd_color_or_mono(l, mono != 0, err);
}

/* ---- Removing ---------------------------------------------------------------- */

static void remove_rules(struct config *c, const struct color_rule *key, bool any_pattern)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->ncolors; i++) {
		struct color_rule *r = &c->colors[i];
		bool match = any_pattern ? r->object == key->object && r->mono == key->mono
					 : same_target(r, key);

		if (match)
			rule_free(r);
		else
			c->colors[kept++] = *r;
	}
	c->ncolors = kept;
}

/*
 * uncolor OBJECT {* | PATTERN...} for header, body and index objects; for
 * the others (NeoMutt's extension) "uncolor OBJECT [*]" drops its colour.
 */
int cmd_uncolor(struct rc_line *l, intptr_t mono, struct buf *err)
{
	const char *cmd = mono ? "unmono" : "uncolor";
	struct config *c = rc_config(l);
	struct color_rule key = { .mono = mono != 0 };
	struct buf tok = BUF_INIT;
	int rc, seen = 0;

	if ((rc = parse_object(l, cmd, &key.object, &key.level, &tok, err)) < 0)
		goto out;
	while (rc_more(l)) {
		if ((rc = rc_token(l, &tok, 0, err)) < 0)
			goto out;
		seen++;
		if (objects[key.object].arg == CARG_NONE) {
			if (strcmp(tok.data, "*") != 0 || seen > 1) {
				buf_printf(err, _("%s: %s takes no pattern"), cmd,
					   objects[key.object].name);
				rc = ERR_PARSE;
				goto out;
			}
			continue;
		}
		key.pattern = tok.data;
		remove_rules(c, &key, strcmp(tok.data, "*") == 0);
	}
	if (objects[key.object].arg == CARG_NONE) {
		key.pattern = NULL;
		remove_rules(c, &key, false);
	} else if (seen == 0) {
		buf_printf(err, _("%s: too few arguments (want a pattern or *)"), cmd);
		rc = ERR_PARSE;
	}
out:
	buf_release(&tok);
	return rc;
}

void color_release(struct config *c)
{
	for (size_t i = 0; i < c->ncolors; i++)
		rule_free(&c->colors[i]);
	free(c->colors);
	c->colors = NULL;
	c->ncolors = c->capcolors = 0;
}

/* ---- Dump -------------------------------------------------------------------- */

static void dump_color_value(int col, struct buf *out)
{
	if (col == COLOR_DEFAULT)
		buf_addstr(out, "default");
	else if (col & COLOR_RGB_FLAG)
		buf_printf(out, "'#%06x'", col & 0xffffff);
	else if (col >= 0 && col < 8)
		buf_addstr(out, color_names[col]);
	else
		buf_printf(out, "color%d", col);
}

/* "none" first: it would drop the attributes written before it. */
static void dump_attrs(unsigned attrs, struct buf *out)
{
	if (attrs & CA_NONE)
		buf_addstr(out, " none");
	for (size_t i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (attrs & attr_names[i].flag)
			buf_printf(out, " %s", attr_names[i].name);
}

void color_dump(const struct config *c, struct buf *out)
{
	for (size_t i = 0; i < c->ncolors; i++) {
		const struct color_rule *r = &c->colors[i];

		buf_addstr(out, r->mono ? "mono " : "color ");
		buf_addstr(out, objects[r->object].name);
		if (r->object == CO_QUOTED && r->level > 0)
			buf_printf(out, "%d", r->level);
		dump_attrs(r->attrs, out);
		if (!r->mono) {
			buf_addch(out, ' ');
			dump_color_value(r->fg, out);
			buf_addch(out, ' ');
			dump_color_value(r->bg, out);
		}
		if (r->pattern) {
			buf_addch(out, ' ');
			lists_quote_arg(out, r->pattern);
		}
		buf_addch(out, '\n');
	}
}
