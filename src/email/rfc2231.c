/*
 * rfc2231.c - MIME parameters: the "; name=value" lists of Content-Type and
 * Content-Disposition (RFC 2045 section 5.1), with the RFC 2231 extensions
 * (continuations, charset and language) and the violations real mail sends.
 *
 * Parsing is two steps. A scanner reads raw items (name, optional section
 * number, extended flag, unquoted bytes) into one arena; then the items are
 * sorted by name so that the sections of a continued value come together in
 * O(n log n) whatever their order in the header, and each group becomes one
 * decoded UTF-8 parameter.
 *
 * Leniency, and why:
 * - Missing semicolons ("charset=us-ascii format=flowed") and unquoted values
 *   with spaces ("name=My File.pdf"): an unquoted value runs to the next ';'
 *   unless white space is followed by something that looks like "token=".
 * - A backslash in a quoted string escapes only '"' and '\'. Old Windows
 *   mailers send unescaped paths (filename="C:\docs\a.txt"); keeping such
 *   backslashes loses nothing for RFC-conforming senders, which escape
 *   nothing else in practice.
 * - RFC 2047 encoded words inside values (forbidden, but Outlook and others
 *   send them) are decoded, after continuations are joined.
 * - When both name= and name*= are present (senders add the plain one for
 *   old clients), the RFC 2231 form wins; otherwise the first one wins.
 */
#include "email/email.h"
#include "email/internal.h"

/* Raw name=value items read from one header; the rest is dropped as hostile. */
#define PARAMS_MAX_ITEMS 1000
/* Longest "name=value" written on the line of the previous parameter. */
#define PARAM_INLINE_MAX 64
/* Line length params_format keeps continuation lines within. */
#define PARAM_LINE_MAX 78

struct item {
	const char *name; /* base name, in the caller's string */
	size_t nlen;
	unsigned long section; /* RFC 2231 section; 0 for name* */
	bool rfc2231;          /* name*, name*N or name*N* */
	bool ext;              /* value is charset'lang'%XX encoded */
	size_t voff, vlen;     /* the unquoted bytes, in the arena */
	size_t order;          /* position in the header */
};

struct items {
	struct item *v;
	size_t n, cap;
	struct buf arena;
	bool bad; /* something was malformed */
};

static bool is_tspecial(int c)
{
	return c && strchr("()<>@,;:\\\"/[]?=", c) != NULL;
}

static bool is_token_char(int c)
{
	return c > 32 && c < 127 && !is_tspecial(c);
}

/* Skip a comment starting at '(' (nested, with quoted pairs). */
static const char *skip_comment(const char *p, const char *end, bool *bad)
{
	size_t e = rfc822_comment_end(p, (size_t)(end - p), 0);

	if (e)
		return p + e;
	*bad = true; /* unterminated: it swallows the rest */
	return end;
}

/* Skip white space (folding included) and comments. */
static const char *skip_cfws(const char *p, const char *end, bool *bad)
{
	while (p < end) {
		if (is_space((unsigned char)*p))
			p++;
		else if (*p == '(')
			p = skip_comment(p, end, bad);
		else
			break;
	}
	return p;
}

/* True when p starts another "token =" (a parameter after a missing ';'). */
static bool starts_param(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_token_char((unsigned char)*q))
		q++;
	if (q == p)
		return false;
	q = skip_wsp(q, end);
	return q < end && *q == '=';
}

/* Append (s, n) to b without CR and LF: unfolding a value. */
static void add_unfolded(struct buf *b, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *run = s;
		while (s < end && *s != '\r' && *s != '\n')
			s++;
		buf_add(b, run, (size_t)(s - run));
		while (s < end && (*s == '\r' || *s == '\n'))
			s++;
	}
}

/* Read a quoted string at p (on the opening quote) into b; return the end. */
static const char *read_quoted(const char *p, const char *end, struct buf *b, bool *bad)
{
	for (p++; p < end;) {
		const char *run = p;
		while (p < end && *p != '"' && *p != '\\' && *p != '\r' && *p != '\n')
			p++;
		buf_add(b, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p == '"')
			return p + 1;
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\')) {
			buf_addch(b, p[1]);
			p += 2;
		} else if (*p == '\\') {
			buf_addch(b, '\\');
			p++;
		} else {
			p++; /* a fold's line break */
		}
	}
	*bad = true;
	return end;
}

/*
 * Read an unquoted value at p into b. It runs to the next ';', or to white
 * space followed by a comment or by another "name=". Returns the end.
 */
static const char *read_unquoted(const char *p, const char *end, struct buf *b)
{
	const char *start = p, *vend = p;

	while (p < end && *p != ';') {
		if (!is_space((unsigned char)*p)) {
			vend = ++p;
			continue;
		}
		const char *q = p;
		while (q < end && is_space((unsigned char)*q))
			q++;
		if (q < end && (*q == '(' || starts_param(q, end)))
			break;
		p = q;
	}
	add_unfolded(b, start, (size_t)(vend - start));
	return p;
}

/* Split "name*N*" into base name, section and flags. False when unusable. */
static bool split_name(const char *s, size_t n, struct item *it)
{
	for (size_t i = 0; i < n; i++)
		if (!is_token_char((unsigned char)s[i]))
			return false;
	it->name = s;
	it->nlen = n;
	it->section = 0;
	it->rfc2231 = it->ext = false;
	if (n > 1 && s[n - 1] == '*') {
		it->rfc2231 = it->ext = true;
		n--;
	}
	const char *star = s + n;
	while (star > s && star[-1] != '*')
		star--;
	if (star > s + 1) {
		star--;
		size_t d = (size_t)(star - s) + 1;
		if (parse_ulong(s + d, n - d, &it->section)) {
			it->rfc2231 = true;
			n = (size_t)(star - s);
		} else if (it->ext) {
			n++; /* "a*b*": not RFC 2231 after all; keep the name whole */
			it->rfc2231 = it->ext = false;
		}
	}
	it->nlen = n;
	return n > 0;
}

/* Read one value (quoted or not) at p into the arena; return the end. */
static const char *read_value(const char *p, const char *end, struct items *l)
{
	while (p < end && is_space((unsigned char)*p))
		p++;
	if (p < end && *p == '"')
		return read_quoted(p, end, &l->arena, &l->bad);
	return read_unquoted(p, end, &l->arena);
}

/* Where a parameter name ends (a NUL does not: it must not stall the scan). */
static bool ends_name(int c)
{
	return c == '=' || c == ';' || c == '"' || c == '(' || is_space(c);
}

/* Scan (s, len) into raw items. Every turn of the loop consumes input. */
static void scan_items(const char *s, size_t len, struct items *l)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		p = skip_cfws(p, end, &l->bad);
		if (p < end && *p == ';') {
			p++;
			continue;
		}
		if (p >= end)
			break;
		const char *name = p;
		while (p < end && !ends_name((unsigned char)*p))
			p++;
		size_t nlen = (size_t)(p - name);
		p = skip_cfws(p, end, &l->bad);
		if (p >= end || (*p != '=' && *p != '"')) {
			l->bad = true; /* a name without a value: ignore it */
			continue;
		}
		if (*p == '=')
			p++;
		else
			l->bad = true; /* name"value" */
		if (l->n >= PARAMS_MAX_ITEMS) {
			l->bad = true;
			break;
		}
		struct item it = { 0 };
		size_t voff = l->arena.len;
		p = read_value(p, end, l);
		if (!nlen || !split_name(name, nlen, &it)) {
			l->bad = true;
			buf_setlen(&l->arena, voff);
			continue;
		}
		it.voff = voff;
		it.vlen = l->arena.len - voff;
		it.order = l->n;
		ALLOC_GROW(l->v, l->n + 1, l->cap);
		l->v[l->n++] = it;
		p = skip_cfws(p, end, &l->bad);
		if (p < end && *p != ';')
			l->bad = true; /* a missing semicolon or junk after a quoted value */
	}
}

static int name_cmp(const struct item *a, const struct item *b)
{
	size_t n = MIN(a->nlen, b->nlen);

	for (size_t i = 0; i < n; i++) {
		int ca = ascii_tolower((unsigned char)a->name[i]);
		int cb = ascii_tolower((unsigned char)b->name[i]);
		if (ca != cb)
			return ca - cb;
	}
	return a->nlen < b->nlen ? -1 : a->nlen > b->nlen;
}

/* Same name together; RFC 2231 items first, by section; then by position. */
static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = name_cmp(a, b);

	if (c)
		return c;
	if (a->rfc2231 != b->rfc2231)
		return a->rfc2231 ? -1 : 1;
	if (a->rfc2231 && a->section != b->section)
		return a->section < b->section ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Append the bytes of (s, n) with %XX decoded; a malformed % is kept. */
static void percent_decode(const char *s, size_t n, struct buf *out, bool *bad)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n &&
		    (hi = hex_digit_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_digit_value((unsigned char)s[i + 2])) >= 0) {
			buf_addch(out, hi * 16 + lo);
			i += 2;
			continue;
		}
		if (s[i] == '%')
			*bad = true;
		buf_addch(out, s[i]);
	}
}

/* Drop NUL bytes: values are handed out as C strings. */
static char *detach_string(struct buf *b)
{
	size_t j = 0;

	for (size_t i = 0; i < b->len; i++)
		if (b->data[i])
			b->data[j++] = b->data[i];
	buf_setlen(b, j);
	return buf_detach(b, NULL);
}

/*
 * Build the value of the RFC 2231 items v[0..n) (sorted by section): join
 * the sections, decode %XX in extended ones, convert from the charset that
 * the first section declares.
 */
static void build_rfc2231(struct items *l, const struct item *v, size_t n, struct param *out)
{
	struct buf raw = BUF_INIT, val = BUF_INIT;
	char *charset = NULL;
	bool any_ext = false;

	for (size_t i = 0; i < n; i++) {
		const struct item *it = &v[i];
		const char *s = l->arena.data + it->voff;
		size_t len = it->vlen;
		if (i && it->section == v[i - 1].section)
			continue; /* a duplicate section: the first wins */
		if (!it->ext) {
			buf_add(&raw, s, len);
			continue;
		}
		any_ext = true;
		const char *q1 = i == 0 ? memchr(s, '\'', len) : NULL;
		const char *q2 = q1 ? memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - s)) : NULL;
		if (q2) {
			charset = xstrndup(s, (size_t)(q1 - s));
			if (q2 > q1 + 1)
				out->lang = xstrndup(q1 + 1, (size_t)(q2 - q1 - 1));
			len -= (size_t)(q2 + 1 - s);
			s = q2 + 1;
		}
		percent_decode(s, len, &raw, &l->bad);
	}
	if (charset && *charset)
		charset_to_utf8(charset, raw.data, raw.len, &val);
	else if (!any_ext && mem_find(raw.data, raw.len, "=?", 2))
		rfc2047_decode(raw.data, raw.len, &val, NULL);
	else
		charset_to_utf8(NULL, raw.data, raw.len, &val);
	if (out->lang && !utf8_valid(out->lang, strlen(out->lang))) {
		struct buf clean = BUF_INIT;
		utf8_sanitize(out->lang, strlen(out->lang), &clean);
		free(out->lang);
		out->lang = buf_detach(&clean, NULL);
	}
	out->value = detach_string(&val);
	free(charset);
	buf_release(&raw);
}

/* A plain name=value: RFC 2047 words decoded, raw 8-bit converted. */
static void build_plain(const struct items *l, const struct item *it, struct param *out)
{
	struct buf val = BUF_INIT;
	const char *s = l->arena.data + it->voff;

	if (mem_find(s, it->vlen, "=?", 2))
		rfc2047_decode(s, it->vlen, &val, NULL);
	else
		charset_to_utf8(NULL, s, it->vlen, &val);
	out->value = detach_string(&val);
}

static bool has_param(const struct paramlist *l, size_t n, const struct item *it)
{
	for (size_t i = 0; i < n; i++)
		if (mem_eq_ci(it->name, it->nlen, l->v[i].name))
			return true;
	return false;
}

struct built {
	size_t order;
	struct param p;
};

static int built_cmp(const void *pa, const void *pb)
{
	const struct built *a = pa, *b = pb;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Turn sorted items into parameters, appended to out in header order. */
static void build_params(struct items *l, struct paramlist *out)
{
	struct built *res = xcalloc(l->n ? l->n : 1, sizeof(*res));
	size_t nres = 0, n0 = out->n;

	for (size_t i = 0, j; i < l->n; i = j) {
		size_t order = l->v[i].order, nsec = 0;
		for (j = i; j < l->n && name_cmp(&l->v[i], &l->v[j]) == 0; j++) {
			order = MIN(order, l->v[j].order);
			nsec += l->v[j].rfc2231;
		}
		if (has_param(out, n0, &l->v[i]))
			continue; /* already there from an earlier call: first wins */
		struct built *b = &res[nres++];
		b->order = order;
		b->p.name = xstrndup_lower(l->v[i].name, l->v[i].nlen);
		if (nsec)
			build_rfc2231(l, &l->v[i], nsec, &b->p);
		else
			build_plain(l, &l->v[i], &b->p);
	}
	qsort(res, nres, sizeof(*res), built_cmp);
	ALLOC_GROW(out->v, out->n + nres, out->cap);
	for (size_t i = 0; i < nres; i++)
		out->v[out->n++] = res[i].p;
	free(res);
}

int params_parse(const char *s, size_t len, struct paramlist *out)
{
	struct items l = { .arena = BUF_INIT };

	scan_items(s, len, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), item_cmp);
	build_params(&l, out);
	free(l.v);
	buf_release(&l.arena);
	return l.bad ? ERR_PARSE : 0;
}

const char *params_get(const struct paramlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (ascii_strcasecmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

void params_set(struct paramlist *l, const char *name, const char *value)
{
	for (size_t i = 0; i < l->n; i++) {
		if (ascii_strcasecmp(l->v[i].name, name) == 0) {
			free(l->v[i].value);
			free(l->v[i].lang);
			l->v[i].value = xstrdup(value);
			l->v[i].lang = NULL;
			return;
		}
	}
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n].name = str_lower(xstrdup(name));
	l->v[l->n].value = xstrdup(value);
	l->v[l->n].lang = NULL;
	l->n++;
}

void paramlist_release(struct paramlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
		free(l->v[i].lang);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- Writing --------------------------------------------------------- */

/* RFC 2231 attribute-char: what an extended value may carry unencoded. */
static bool is_attr_char(int c)
{
	return is_token_char(c) && c != '*' && c != '\'' && c != '%';
}

static bool is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!is_token_char((unsigned char)*s))
			return false;
	return true;
}

/* The language tag to write: only a well-formed one (RFC 5646 letters, digits, '-'). */
static const char *lang_tag(const struct param *p)
{
	const char *s = p->lang;

	if (!s || !*s)
		return "";
	for (; *s; s++)
		if (!is_alpha((unsigned char)*s) && !is_digit((unsigned char)*s) && *s != '-')
			return "";
	return p->lang;
}

/*
 * Needs charset'lang'%XX: anything a quoted string cannot carry, and "=?",
 * which readers (this one included) would take for an RFC 2047 word.
 */
static bool needs_ext(const struct param *p)
{
	for (const unsigned char *s = (const unsigned char *)p->value; *s; s++)
		if (*s < 32 || *s > 126 || (s[0] == '=' && s[1] == '?'))
			return true;
	return *lang_tag(p) != '\0';
}

/* Columns (s, n) takes inside a quoted string. */
static size_t quoted_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += (s[i] == '"' || s[i] == '\\') ? 2 : 1;
	return w;
}

/* Columns the UTF-8 character (or stray byte) at s takes %-encoded. */
static size_t ext_width(const char *s, size_t n, size_t *bytes)
{
	uint32_t cp;

	if (is_attr_char((unsigned char)*s)) {
		*bytes = 1;
		return 1;
	}
	*bytes = utf8_decode(s, n, &cp);
	return 3 * *bytes;
}

static void add_ext(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_attr_char(c)) {
			buf_addch(out, c);
		} else {
			buf_addch(out, '%');
			buf_addch(out, hex[c >> 4]);
			buf_addch(out, hex[c & 15]);
		}
	}
}

/* Room for a section's value on a line of its own: " name*NN*=...;". */
static size_t section_room(size_t nlen, size_t section, bool ext)
{
	size_t digits = 1, used;

	for (size_t s = section; s >= 10; s /= 10)
		digits++;
	used = 1 + nlen + 1 + digits + ext + 1 + 1;
	return used + 16 < PARAM_LINE_MAX ? PARAM_LINE_MAX - used : 16;
}

static void format_sections(const struct param *p, bool ext, struct buf *out)
{
	const char *v = p->value;
	size_t len = strlen(v), nlen = strlen(p->name), i = 0;

	for (size_t sec = 0; i < len || sec == 0; sec++) {
		size_t room = section_room(nlen, sec, ext), w = 0, start = i, step;
		buf_printf(out, ";\r\n %s*%zu%s=", p->name, sec, ext ? "*" : "");
		if (ext && sec == 0) {
			buf_printf(out, "utf-8'%s'", lang_tag(p));
			w += 7 + strlen(lang_tag(p));
		}
		if (!ext)
			w += 2; /* the quotes */
		while (i < len) {
			size_t cw;
			if (ext) {
				cw = ext_width(v + i, len - i, &step);
			} else {
				step = 1;
				cw = quoted_width(v + i, 1);
			}
			if (w + cw > room && i > start)
				break;
			w += cw;
			i += step;
		}
		if (ext)
			add_ext(out, v + start, i - start);
		else
			rfc822_add_quoted(out, v + start, i - start);
	}
}

/* Write p; returns true when it was split into folded continuation lines. */
static bool format_one(const struct param *p, bool fold, struct buf *out)
{
	size_t vlen = strlen(p->value), nlen = strlen(p->name), w;
	bool ext = needs_ext(p), token = !ext && is_token(p->value);

	if (ext) {
		size_t step;
		w = nlen + 2 + 7 + strlen(lang_tag(p));
		for (size_t i = 0; i < vlen && w <= PARAM_INLINE_MAX; i += step)
			w += ext_width(p->value + i, vlen - i, &step);
	} else {
		w = nlen + 1 + (token ? vlen : quoted_width(p->value, vlen) + 2);
	}
	if (w > PARAM_INLINE_MAX) {
		format_sections(p, ext, out);
		return true;
	}
	/* After continuation lines, start a line of its own to stay within 78 columns. */
	buf_printf(out, "%s%s%s=", fold ? ";\r\n " : "; ", p->name, ext ? "*" : "");
	if (ext) {
		buf_printf(out, "utf-8'%s'", lang_tag(p));
		add_ext(out, p->value, vlen);
	} else if (token) {
		buf_addstr(out, p->value);
	} else {
		rfc822_add_quoted(out, p->value, vlen);
	}
	return fold;
}

void params_format(const struct paramlist *l, struct buf *out)
{
	bool fold = false;

	for (size_t i = 0; i < l->n; i++)
		fold = format_one(&l->v[i], fold, out);
}
