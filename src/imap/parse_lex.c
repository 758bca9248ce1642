/*
 * parse_lex.c - the IMAP response tokenizer: lines, literals, atoms,
 * numbers, strings, sets, and skipping what tern does not use. Every
 * count, size and depth the server controls is checked here before
 * anything is allocated for it.
 */
#include "imap/parse_lex.h"

#define EXCERPT_MAX 32

/* Append (s, n) with anything but printable ASCII written as \xHH. */
static void add_sanitized(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf_addch(b, c);
		else
			buf_printf(b, "\\x%02x", c);
	}
}

int lx_fail(struct imap_lex *lx, int code, const char *what)
{
	const char *s = lx->p;
	size_t n;

	if (!s || s >= lx->end) {
		/* At the end of the line: show what led there. */
		s = lx->end && lx->end - lx->line.data > 16 ? lx->end - 16 : lx->line.data;
	}
	n = lx->end && s < lx->end ? MIN((size_t)(lx->end - s), (size_t)EXCERPT_MAX) : 0;
	buf_reset(lx->err);
	buf_printf(lx->err, _("bad response from the IMAP server: %s near \""), what);
	add_sanitized(lx->err, s, n);
	buf_addch(lx->err, '"');
	return code;
}

static int fail_limit(struct imap_lex *lx, const char *what, uint64_t got, uint64_t max)
{
	buf_reset(lx->err);
	buf_printf(lx->err, _("IMAP server response over the limit: %s (%llu, at most %llu)"), what,
		   (unsigned long long)got, (unsigned long long)max);
	return ERR_LIMIT;
}

/* All lines and literals of one response together (saturating). */
static size_t response_max(const struct imap_limits *lim)
{
	return lim->max_line > SIZE_MAX - lim->max_literal_total
		       ? SIZE_MAX
		       : lim->max_line + lim->max_literal_total;
}

int lx_next_line(struct imap_lex *lx)
{
	int rc;

	buf_reset(&lx->line);
	lx->p = lx->end = NULL;
	rc = lx->r->line(lx->r->ctx, &lx->line, lx->err);
	if (rc)
		return rc;
	if (lx->line.len > lx->lim.max_line)
		return fail_limit(lx, _("line length"), lx->line.len, lx->lim.max_line);
	/* A reader that splits on LF alone leaves the CR. */
	if (lx->line.len && lx->line.data[lx->line.len - 1] == '\r')
		buf_setlen(&lx->line, lx->line.len - 1);
	lx->total += lx->line.len;
	if (lx->total > response_max(&lx->lim))
		return fail_limit(lx, _("response size"), lx->total, response_max(&lx->lim));
	lx->p = lx->line.data;
	lx->end = lx->line.data + lx->line.len;
	for (const char *q = lx->p; q < lx->end; q++) {
		if (*q == '\0' || *q == '\r' || *q == '\n') {
			lx->p = q;
			return lx_fail(lx, ERR_PROTO, _("NUL, CR or LF inside a line"));
		}
	}
	return 0;
}

void lx_skip_sp(struct imap_lex *lx)
{
	while (lx->p < lx->end && *lx->p == ' ')
		lx->p++;
}

int lx_sp(struct imap_lex *lx)
{
	if (lx_peek(lx) != ' ')
		return lx_fail(lx, ERR_PROTO, _("expected a space"));
	lx_skip_sp(lx);
	return 0;
}

int lx_char(struct imap_lex *lx, int c)
{
	if (lx_peek(lx) != c) {
		char what[64];
		snprintf(what, sizeof(what), _("expected '%c'"), c);
		return lx_fail(lx, ERR_PROTO, what);
	}
	lx->p++;
	return 0;
}

int lx_open(struct imap_lex *lx)
{
	int rc = lx_char(lx, '(');
	if (rc)
		return rc;
	if (++lx->depth > lx->lim.max_depth)
		return fail_limit(lx, _("nesting depth"), lx->depth, lx->lim.max_depth);
	return 0;
}

int lx_close(struct imap_lex *lx)
{
	lx_skip_sp(lx);
	int rc = lx_char(lx, ')');
	if (rc)
		return rc;
	lx->depth--;
	return 0;
}

bool lx_accept_close(struct imap_lex *lx)
{
	const char *save = lx->p;
	lx_skip_sp(lx);
	if (lx_peek(lx) == ')') {
		lx->p++;
		lx->depth--;
		return true;
	}
	lx->p = save;
	return false;
}

int lx_end(struct imap_lex *lx)
{
	lx_skip_sp(lx);
	if (lx->p != lx->end)
		return lx_fail(lx, ERR_PROTO, _("unexpected data at the end of a response"));
	return 0;
}

/* ATOM-CHAR: CHAR minus "(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]". */
static bool atom_char(int c, bool astring)
{
	if (c < 0)
		return false;
	if (c >= 0x80)
		return astring;
	if (c <= 0x20 || c == 0x7f)
		return false;
	switch (c) {
	case '(':
	case ')':
	case '{':
	case '%':
	case '*':
	case '"':
	case '\\':
		return false;
	case ']':
		return astring;
	default:
		return true;
	}
}

int lx_run(struct imap_lex *lx, bool (*ok)(int c), const char *what, const char **s, size_t *n)
{
	const char *q = lx->p;

	*s = NULL;
	*n = 0;
	while (q < lx->end && ok((unsigned char)*q))
		q++;
	if (q == lx->p)
		return lx_fail(lx, ERR_PROTO, _(what));
	*s = lx->p;
	*n = (size_t)(q - lx->p);
	lx->p = q;
	return 0;
}

static bool atom_ok(int c)
{
	return atom_char(c, false);
}

static bool astring_ok(int c)
{
	return atom_char(c, true);
}

int lx_atom(struct imap_lex *lx, bool astring, const char **s, size_t *n)
{
	return lx_run(lx, astring ? astring_ok : atom_ok, N_("expected an atom"), s, n);
}

bool lx_word(struct imap_lex *lx, const char *w)
{
	size_t n = strlen(w);
	int c;

	if ((size_t)(lx->end - lx->p) < n || ascii_strncasecmp(lx->p, w, n) != 0)
		return false;
	c = lx->p + n < lx->end ? (unsigned char)lx->p[n] : -1;
	if (c != -1 && c != ' ' && c != ')' && c != ']' && c != '(')
		return false;
	lx->p += n;
	return true;
}

bool lx_nil(struct imap_lex *lx)
{
	return lx_word(lx, "NIL");
}

/* Digits into a value of at most max; fails on none, on signs and on overflow. */
static int digits(struct imap_lex *lx, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	const char *q = lx->p;

	if (q >= lx->end || !is_digit(*q))
		return lx_fail(lx, ERR_PROTO, _("expected a number"));
	for (; q < lx->end && is_digit(*q); q++) {
		unsigned d = (unsigned)(*q - '0');
		if (x > (max - d) / 10)
			return lx_fail(lx, ERR_PROTO, _("number out of range"));
		x = x * 10 + d;
	}
	lx->p = q;
	*v = x;
	return 0;
}

int lx_num32(struct imap_lex *lx, bool nz, uint32_t *v)
{
	uint64_t x;
	int rc = digits(lx, UINT32_MAX, &x);

	if (rc)
		return rc;
	if (nz && x == 0) {
		lx->p--;
		return lx_fail(lx, ERR_PROTO, _("zero where a non-zero number is required"));
	}
	*v = (uint32_t)x;
	return 0;
}

int lx_num64(struct imap_lex *lx, uint64_t *v)
{
	return digits(lx, INT64_MAX, v);
}

int lx_count(struct imap_lex *lx, size_t n)
{
	if (n > lx->lim.max_items)
		return fail_limit(lx, _("entries in a list"), n, lx->lim.max_items);
	return 0;
}

char *lx_dup(struct imap_lex *lx, const char *s, size_t n)
{
	return arena_strndup(lx->a, s, n);
}

void *lx_grow(struct imap_lex *lx, void *arr, size_t n, size_t *cap, size_t size)
{
	size_t nc;
	char *v;

	if (n < *cap)
		return arr;
	/* Room for n + 1 whatever cap says, so a caller's stale cap cannot shrink it. */
	nc = MAX(MAX(*cap * 2, n + 1), (size_t)4);
	v = arena_alloc(lx->a, nc * size);
	if (n)
		memcpy(v, arr, n * size);
	memset(v + n * size, 0, (nc - n) * size);
	*cap = nc;
	return v;
}

/* The closing quote of the quoted string at p, or NULL. */
static const char *quoted_end(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
	return p < end ? p : NULL;
}

/* A quoted string's contents, unescaped, into the arena. */
static int quoted(struct imap_lex *lx, struct imap_str *out)
{
	const char *q, *close = quoted_end(lx->p, lx->end);
	char *d, *start;

	if (!close)
		return lx_fail(lx, ERR_PROTO, _("unterminated quoted string"));
	/* Sized by this string, not the rest of the line: many short strings stay cheap. */
	start = d = arena_alloc(lx->a, (size_t)(close - lx->p));
	for (q = lx->p + 1; q < close; q++) {
		/* Only \" and \\ are escapes; a backslash before anything else is kept. */
		if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
			q++;
		*d++ = *q;
	}
	*d = '\0';
	out->s = start;
	out->len = (size_t)(d - start);
	lx->p = close + 1;
	return 0;
}

/* "{n}" at the end of the line: read n bytes into into, then the next line. */
static int literal(struct imap_lex *lx, bool binary, struct buf *into)
{
	uint64_t n;
	size_t before = into->len;
	int rc;

	if (binary && lx_peek(lx) == '~')
		lx->p++;
	lx->p++; /* { */
	if (lx_peek(lx) == '-' || lx_peek(lx) == '+')
		return lx_fail(lx, ERR_PROTO, _("signed literal size"));
	if (lx->p < lx->end && is_digit(*lx->p)) {
		const char *q = lx->p;
		while (q < lx->end && is_digit(*q))
			q++;
		/* An absurd size is a limit, not a syntax error. */
		if (q - lx->p > 18)
			return fail_limit(lx, _("literal size"), UINT64_MAX,
					  lx->lim.max_literal_total);
	}
	rc = digits(lx, INT64_MAX, &n);
	if (rc)
		return rc;
	if (lx_peek(lx) == '+')
		return lx_fail(lx, ERR_PROTO, _("non-synchronising literal from the server"));
	if ((rc = lx_char(lx, '}')))
		return rc;
	if (lx->p != lx->end)
		return lx_fail(lx, ERR_PROTO, _("literal not at the end of a line"));
	if (n > lx->lim.max_literal_total - lx->lit_total)
		return fail_limit(lx, _("literal size"), lx->lit_total + n,
				  lx->lim.max_literal_total);
	if (++lx->nlits > lx->lim.max_items)
		return fail_limit(lx, _("literals in a response"), lx->nlits, lx->lim.max_items);
	rc = lx->r->literal(lx->r->ctx, (size_t)n, into, lx->err);
	if (rc)
		return rc;
	if (into->len - before != n) {
		buf_reset(lx->err);
		buf_addstr(lx->err, _("IMAP server: a literal ended early"));
		return ERR_PROTO;
	}
	lx->lit_total += n;
	lx->total += n;
	return lx_next_line(lx);
}

/* A literal as a string: NULs refused, copied into the arena. */
static int literal_string(struct imap_lex *lx, struct imap_str *out)
{
	int rc;

	buf_reset(&lx->scratch);
	rc = literal(lx, false, &lx->scratch);
	if (rc)
		return rc;
	if (memchr(lx->scratch.data, '\0', lx->scratch.len)) {
		buf_reset(lx->err);
		buf_addstr(lx->err, _("IMAP server: NUL byte in a string"));
		return ERR_PROTO;
	}
	out->s = lx_dup(lx, lx->scratch.data, lx->scratch.len);
	out->len = lx->scratch.len;
	return 0;
}

/* Section data: the literal becomes a buffer of the response, not a copy. */
static int literal_binary(struct imap_lex *lx, struct imap_str *out)
{
	struct imap_resp *r = lx->resp;
	struct buf *b;
	int rc;

	ALLOC_GROW(r->lits_, r->nlits_ + 1, r->caplits_);
	b = &r->lits_[r->nlits_++];
	buf_init(b, 0);
	rc = literal(lx, true, b);
	if (rc)
		return rc;
	out->s = b->data;
	out->len = b->len;
	return 0;
}

int lx_string(struct imap_lex *lx, unsigned flags, struct imap_str *out)
{
	int c = lx_peek(lx);
	const char *s;
	size_t n;
	int rc;

	out->s = NULL;
	out->len = 0;
	if (c == '"')
		return quoted(lx, out);
	if (c == '{' || (c == '~' && (flags & LX_BINARY) && lx->p + 1 < lx->end && lx->p[1] == '{'))
		return (flags & LX_BINARY) ? literal_binary(lx, out) : literal_string(lx, out);
	if ((flags & LX_NIL) && lx_nil(lx))
		return 0;
	if (!(flags & LX_ATOM))
		return lx_fail(lx, ERR_PROTO, _("expected a string"));
	if ((rc = lx_atom(lx, true, &s, &n)))
		return rc;
	out->s = lx_dup(lx, s, n);
	out->len = n;
	return 0;
}

/* One member of a set: n or n:m (either order). */
static int set_member(struct imap_lex *lx, struct imap_range *r)
{
	uint32_t a, b;
	int rc;

	if (lx_peek(lx) == '*')
		return lx_fail(lx, ERR_PROTO, _("'*' in a set from the server"));
	if ((rc = lx_num32(lx, true, &a)))
		return rc;
	b = a;
	if (lx_peek(lx) == ':') {
		lx->p++;
		if (lx_peek(lx) == '*')
			return lx_fail(lx, ERR_PROTO, _("'*' in a set from the server"));
		if ((rc = lx_num32(lx, true, &b)))
			return rc;
	}
	r->lo = MIN(a, b);
	r->hi = MAX(a, b);
	return 0;
}

int lx_set(struct imap_lex *lx, struct imap_set *set)
{
	const char *start = lx->p;
	size_t cap = 0;
	int rc;

	/* A repeated item (two ALLs) replaces the first. */
	memset(set, 0, sizeof(*set));
	/* Bounded by the line: each member takes at least two bytes. */
	for (;;) {
		struct imap_range *r = LX_PUSH(lx, set->v, set->n, cap);
		if ((rc = set_member(lx, r)))
			return rc;
		if (lx_peek(lx) != ',')
			break;
		lx->p++;
	}
	set->text = lx_dup(lx, start, (size_t)(lx->p - start));
	return 0;
}

/* One token other than a list: a string, a literal or an atom-like word. */
static int skip_token(struct imap_lex *lx)
{
	int c = lx_peek(lx);

	if (c == '"') {
		const char *close = quoted_end(lx->p, lx->end);
		if (!close)
			return lx_fail(lx, ERR_PROTO, _("unterminated quoted string"));
		lx->p = close + 1;
		return 0;
	}
	if (c == '{' || (c == '~' && lx->p + 1 < lx->end && lx->p[1] == '{')) {
		buf_reset(&lx->scratch);
		return literal(lx, true, &lx->scratch);
	}
	if (c == ')' || c == -1)
		return lx_fail(lx, ERR_PROTO, _("expected a value"));
	/* Atoms, numbers, NIL, and the odd bracketed section name. */
	while (lx->p < lx->end && *lx->p != ' ' && *lx->p != '(' && *lx->p != ')' &&
	       *lx->p != '"' && *lx->p != '{')
		lx->p++;
	return 0;
}

int lx_skip_value(struct imap_lex *lx)
{
	unsigned base = lx->depth;
	size_t n = 0;
	int rc;

	do {
		lx_skip_sp(lx);
		if (lx_peek(lx) == '(') {
			if ((rc = lx_open(lx)))
				return rc;
			continue;
		}
		if (lx->depth > base && lx_peek(lx) == ')') {
			lx->p++;
			lx->depth--;
			continue;
		}
		if ((rc = skip_token(lx)))
			return rc;
		/* The whole value is bounded by the line and literal caps; count anyway. */
		if ((rc = lx_count(lx, ++n)))
			return rc;
	} while (lx->depth > base);
	return 0;
}

int lx_skip_rest(struct imap_lex *lx)
{
	int rc;

	for (;;) {
		lx_skip_sp(lx);
		if (lx->p >= lx->end)
			return 0;
		int c = lx_peek(lx);
		if (c == '(' || c == ')') {
			lx->p++;
			continue;
		}
		if ((rc = skip_token(lx)))
			return rc;
	}
}
