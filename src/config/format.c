/*
 * format.c - mutt's format strings (expandos): compiled once into a flat
 * node list, rendered many times without re-parsing, laid out in terminal
 * columns by grapheme cluster.
 *
 * Rendering has two passes. The first walks the nodes, asks the caller for
 * each expando's text, pads and cuts it as its modifiers say, and notes where
 * the fills (%> %* %|) fall. The second lays the line out in `cols` columns:
 * every fill splits the line into the part before it and the rest, and the
 * widths of all the parts are known after one forward scan, so the layout is
 * linear however many fills there are.
 *
 * Where mutt's behaviour is accidental (broken syntax silently ending the
 * line, nested conditionals unsupported, a wide character cut in half at
 * .max), tern keeps the text, nests, and pads with a space instead.
 */
#include <utf8proc.h>

#include "config/internal.h"

/* Widths and the line are clamped here: no terminal is wider, and a huge
 * "%99999999s" must not become a denial of service. */
#define FORMAT_MAX_WIDTH 4096
/* Conditionals nest at most this deep; deeper headers are kept as text. */
#define FORMAT_MAX_DEPTH 32
/* A fill character longer than this (a giant cluster) is replaced by a space. */
#define FORMAT_MAX_PAD 64

/* ===================================================================== */
/* Columns and grapheme clusters                                         */
/* ===================================================================== */

static bool is_c0_or_del(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f;
}

static bool is_c1(uint32_t cp)
{
	return cp >= 0x80 && cp < 0xa0;
}

/* What a cluster is made of, enough to decide its width. */
struct cluster_info {
	int base_class;
	size_t base_width;
	size_t sum; /* widths of all code points */
	bool vs16, zwj, skin_tone;
};

static size_t cluster_width(const struct cluster_info *ci)
{
	bool pictographic = ci->base_class == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
			    ci->base_class == UTF8PROC_BOUNDCLASS_E_ZWG;

	/* A flag is a pair; a lone indicator is drawn as a letter. */
	if (ci->base_class == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR)
		return ci->sum > ci->base_width ? 2 : ci->base_width;
	/* Wide bases: CJK with marks, Hangul syllables from jamo, emoji
	 * with skin tones or ZWJ: the terminal draws one 2-column glyph. */
	if (ci->base_width == 2)
		return 2;
	/* VS16 asks for emoji presentation: text-style symbols and keycaps. */
	if (ci->vs16 && ci->base_width == 1)
		return 2;
	if (pictographic && (ci->zwj || ci->skin_tone))
		return 2;
	/* Everything else (Latin with marks, Indic conjuncts) takes the
	 * columns of its spacing parts. */
	return ci->sum;
}

/*
 * One decoded code point, kept so that the code point that ends a cluster
 * is not decoded and looked up again as the start of the next one.
 */
struct cp_at {
	const char *s; /* where it starts; NULL: nothing decoded */
	size_t k;      /* its bytes */
	uint32_t cp;
	bool bad; /* an invalid byte */
	const utf8proc_property_t *prop;
};

static void decode_at(const char *s, size_t n, struct cp_at *c)
{
	c->s = s;
	c->k = utf8_decode(s, n, &c->cp);
	c->bad = c->k == 1 && (unsigned char)s[0] >= 0x80;
	c->prop = c->bad ? NULL : utf8proc_get_property((utf8proc_int32_t)c->cp);
}

static void cluster_add(struct cluster_info *ci, const struct cp_at *c)
{
	ci->sum += c->prop->charwidth;
	if (c->cp == 0xFE0F)
		ci->vs16 = true;
	else if (c->cp == 0x200D)
		ci->zwj = true;
	else if (c->cp >= 0x1F3FB && c->cp <= 0x1F3FF)
		ci->skin_tone = true;
}

/* A code point that is a cluster by itself whatever surrounds it (UAX #29
 * breaks around controls; CR LF is two ^X here, as the interface draws it). */
static bool standalone(uint32_t cp)
{
	return is_c0_or_del(cp) || is_c1(cp);
}

/*
 * True when a cluster surely ends between classes a and b, without asking
 * utf8proc: a code point of class Other or a Hangul L/LV/LVT only joins what
 * precedes it after a Prepend or an L (UAX #29 GB6, GB9b), or, in Unicode
 * 15.1's Indic conjuncts (GB9c), after a virama (Extend) or a ZWJ. CJK text
 * takes this path for every character.
 */
static bool surely_breaks(int a, int b)
{
	return (b == UTF8PROC_BOUNDCLASS_OTHER || b == UTF8PROC_BOUNDCLASS_L ||
		b == UTF8PROC_BOUNDCLASS_LV || b == UTF8PROC_BOUNDCLASS_LVT) &&
	       a != UTF8PROC_BOUNDCLASS_PREPEND && a != UTF8PROC_BOUNDCLASS_L &&
	       a != UTF8PROC_BOUNDCLASS_EXTEND && a != UTF8PROC_BOUNDCLASS_ZWJ;
}

/* The cluster at s whose first code point is in *c (decoded at s); on
 * return *c holds the code point after the cluster, when there is one. */
static size_t cluster_slow(const char *s, size_t n, size_t *cols, struct cp_at *c)
{
	struct cluster_info ci = { 0 };
	utf8proc_int32_t state = 0;
	uint32_t prev = c->cp;
	int prev_class;
	size_t pos = c->k;

	if (c->bad) {
		*cols = 1; /* an invalid byte, drawn as one replacement character */
		c->s = NULL;
		return 1;
	}
	if (standalone(c->cp)) {
		*cols = is_c1(c->cp) ? 1 : 2;
		c->s = NULL;
		return c->k;
	}
	ci.base_class = prev_class = c->prop->boundclass;
	ci.base_width = c->prop->charwidth;
	cluster_add(&ci, c);
	c->s = NULL;
	while (pos < n) {
		decode_at(s + pos, n - pos, c);
		if (c->bad || standalone(c->cp) || surely_breaks(prev_class, c->prop->boundclass) ||
		    utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
						     (utf8proc_int32_t)c->cp, &state))
			break;
		cluster_add(&ci, c);
		prev = c->cp;
		prev_class = c->prop->boundclass;
		pos += c->k;
		c->s = NULL;
	}
	*cols = cluster_width(&ci);
	return pos;
}

/* One grapheme cluster at the start of (s, n), n > 0: its length in bytes;
 * its columns go to *cols. ahead carries a decoded code point from one call
 * to the next (start it zeroed). */
static inline size_t cluster(const char *s, size_t n, size_t *cols, struct cp_at *ahead)
{
	unsigned char c = (unsigned char)s[0];

	/* ASCII followed by ASCII is always a whole cluster: the common case. */
	if (c < 0x80 && (n == 1 || (unsigned char)s[1] < 0x80 || is_c0_or_del(c))) {
		*cols = is_c0_or_del(c) ? 2 : 1;
		return 1;
	}
	if (ahead->s != s)
		decode_at(s, n, ahead);
	return cluster_slow(s, n, cols, ahead);
}

/* The length of the run of printable ASCII at the start of (s, n), less its
 * last character when a non-ASCII byte follows (it may start a cluster). */
static size_t ascii_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
		i++;
	if (i && i < n && (unsigned char)s[i] >= 0x80)
		i--;
	return i;
}

size_t text_fit(const char *s, size_t len, size_t cols, size_t *width)
{
	struct cp_at ahead = { 0 };
	size_t i = 0, w = 0, cw, k;

	while (i < len) {
		k = ascii_run(s + i, len - i);
		if (k) { /* mail text is mostly ASCII: one column a byte */
			k = MIN(k, cols - w);
			w += k;
			i += k;
			if (w == cols || i == len)
				break;
		}
		k = cluster(s + i, len - i, &cw, &ahead);
		if (cw > cols - w)
			break;
		w += cw;
		i += k;
	}
	if (width)
		*width = w;
	return i;
}

size_t text_cluster(const char *s, size_t len, size_t *cols)
{
	struct cp_at ahead = { 0 };

	if (!len) {
		*cols = 0;
		return 0;
	}
	return cluster(s, len, cols, &ahead);
}

size_t text_width(const char *s, size_t len)
{
	size_t w;

	text_fit(s, len, SIZE_MAX, &w);
	return w;
}

/* ===================================================================== */
/* The compiled form                                                     */
/* ===================================================================== */

enum node_kind {
	N_TEXT,    /* literal text */
	N_EXPANDO, /* %X, %{fmt}... */
	N_COND,    /* %?X?: followed by its then-nodes, an N_ELSE and its else-nodes */
	N_ELSE,    /* the '&' between a conditional's branches */
	N_FILL,    /* %>X %|X %*X */
};

enum node_flag {
	NF_LEFT = 1 << 0,   /* '-' */
	NF_CENTER = 1 << 1, /* '=' */
	NF_ZERO = 1 << 2,   /* '0' */
	NF_MAX = 1 << 3,    /* a .max was given */
	NF_LOWER = 1 << 4,  /* '_' */
	NF_NODOTS = 1 << 5, /* ':' */
	NF_ARG = 1 << 6,    /* an expando with a bracketed argument */
	NF_ELSE = 1 << 7,   /* a conditional with an else branch */
};

struct node {
	unsigned char kind;
	char op;
	unsigned short flags;
	unsigned short min, max; /* expandos; a fill's pad width is in min */
	/* In the pool: a text's bytes, an expando's argument, a fill's pad,
	 * a conditional's header "%?X?" (text again if it is never closed). */
	size_t off, len;
	union {
		struct {
			size_t off, len;
		} src; /* an expando as written, shown when the caller does not know it */
		struct {
			size_t n_then; /* nodes in the then-branch */
			size_t n_body; /* nodes after this one that belong to it */
		} cond;
	};
};

struct format {
	char *pool; /* text, arguments and pads, NUL-separated where useful */
	size_t pool_len;
	struct node *nodes;
	size_t n;
};

/* ===================================================================== */
/* Compiling                                                             */
/* ===================================================================== */

struct parser {
	const char *s;
	size_t n, pos;
	struct buf pool;
	struct node *nodes;
	size_t nn, cap;
	bool text_open; /* the last node is text that may grow */
	struct {
		size_t cond, els; /* node indexes; els is SIZE_MAX until '&' */
	} open[FORMAT_MAX_DEPTH];
	size_t depth;
};

static struct node *new_node(struct parser *p, enum node_kind kind)
{
	struct node *nd;

	ALLOC_GROW(p->nodes, p->nn + 1, p->cap);
	nd = &p->nodes[p->nn++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = (unsigned char)kind;
	nd->off = p->pool.len;
	p->text_open = false;
	return nd;
}

static void add_text(struct parser *p, const char *t, size_t k)
{
	if (!k)
		return;
	if (!p->text_open) {
		new_node(p, N_TEXT);
		p->text_open = true;
	}
	buf_add(&p->pool, t, k);
	p->nodes[p->nn - 1].len += k;
}

/* ASCII graphic characters other than those the syntax gives a meaning. */
static bool valid_op(int c)
{
	return c > ' ' && c < 0x7f && !strchr("%?&\\", c);
}

static const char *close_bracket(int c)
{
	switch (c) {
	case '{':
		return "}";
	case '[':
		return "]";
	case '(':
		return ")";
	case '<':
		return ">";
	case '@':
		return "@";
	default:
		return NULL;
	}
}

/* Modifiers between '%' and the letter. */
struct spec {
	unsigned flags;
	size_t min, max;
};

static size_t parse_number(const char *s, size_t n, size_t *pos)
{
	size_t v = 0;

	while (*pos < n && is_digit((unsigned char)s[*pos])) {
		v = v * 10 + (size_t)(s[*pos] - '0');
		if (v > FORMAT_MAX_WIDTH)
			v = FORMAT_MAX_WIDTH;
		(*pos)++;
	}
	return v;
}

static void parse_spec(struct parser *p, size_t *q, struct spec *sp)
{
	const char *s = p->s;

	for (; *q < p->n && strchr("-=0", s[*q]); (*q)++) {
		if (s[*q] == '-')
			sp->flags = (sp->flags & ~NF_CENTER) | NF_LEFT;
		else if (s[*q] == '=')
			sp->flags = (sp->flags & ~NF_LEFT) | NF_CENTER;
		else
			sp->flags |= NF_ZERO;
	}
	sp->min = parse_number(s, p->n, q);
	/* As in mutt, a '.' without digits sets no maximum. */
	if (*q < p->n && s[*q] == '.') {
		size_t d = ++(*q);
		sp->max = parse_number(s, p->n, q);
		if (*q > d)
			sp->flags |= NF_MAX;
	}
	for (; *q < p->n && (s[*q] == '_' || s[*q] == ':'); (*q)++)
		sp->flags |= s[*q] == '_' ? NF_LOWER : NF_NODOTS;
}

static void add_expando(struct parser *p, size_t start, size_t end, const struct spec *sp, char op,
			const char *arg, size_t arg_len)
{
	struct node *nd = new_node(p, N_EXPANDO);

	nd->op = op;
	nd->flags = (unsigned short)sp->flags;
	nd->min = (unsigned short)sp->min;
	nd->max = (unsigned short)sp->max;
	if (arg) {
		nd->flags |= NF_ARG;
		nd->len = arg_len;
		buf_add(&p->pool, arg, arg_len);
		buf_addch(&p->pool, '\0'); /* callbacks may hand it to strftime */
	}
	nd->src.off = p->pool.len;
	nd->src.len = end - start;
	buf_add(&p->pool, p->s + start, end - start);
}

/* A pad must take columns, and two of them side by side exactly twice as
 * many (regional indicators would pair into flags): else it is a space. */
static bool pad_usable(const char *pad, size_t k, size_t w)
{
	char two[2 * FORMAT_MAX_PAD];
	struct cp_at ahead = { 0 };
	size_t w2;

	if (w == 0 || k > FORMAT_MAX_PAD)
		return false;
	memcpy(two, pad, k);
	memcpy(two + k, pad, k);
	return cluster(two, 2 * k, &w2, &ahead) == k && text_width(two, 2 * k) == 2 * w;
}

/* %>X %|X %*X at q: the pad X is the grapheme cluster after the letter. */
static void parse_fill(struct parser *p, size_t q)
{
	const char *pad = p->s + q + 1;
	struct cp_at ahead = { 0 };
	size_t w, k = cluster(pad, p->n - q - 1, &w, &ahead);
	struct node *nd = new_node(p, N_FILL);

	nd->op = p->s[q];
	p->pos = q + 1 + k;
	if (!pad_usable(pad, k, w)) {
		pad = " ";
		k = w = 1;
	}
	buf_add(&p->pool, pad, k);
	nd->len = k;
	nd->min = (unsigned short)w;
}

static void open_cond(struct parser *p, char op)
{
	struct node *nd = new_node(p, N_COND);

	nd->op = op;
	buf_add(&p->pool, p->s + p->pos, 4); /* "%?X?", if it is never closed */
	nd->len = 4;
	p->open[p->depth].cond = p->nn - 1;
	p->open[p->depth].els = SIZE_MAX;
	p->depth++;
	p->pos += 4;
}

static void start_else(struct parser *p)
{
	struct node *nd = new_node(p, N_ELSE);

	buf_addch(&p->pool, '&');
	nd->len = 1;
	p->open[p->depth - 1].els = p->nn - 1;
}

static void close_cond(struct parser *p)
{
	size_t c = p->open[p->depth - 1].cond, e = p->open[p->depth - 1].els;
	struct node *nd = &p->nodes[c];

	p->depth--;
	nd->cond.n_body = p->nn - c - 1;
	nd->cond.n_then = (e == SIZE_MAX ? p->nn : e) - c - 1;
	if (e != SIZE_MAX)
		nd->flags |= NF_ELSE;
	p->text_open = false;
}

/* At the end: conditionals never closed are text, and so is their '&'. */
static void unwind_open(struct parser *p)
{
	while (p->depth) {
		p->depth--;
		p->nodes[p->open[p->depth].cond].kind = N_TEXT;
		if (p->open[p->depth].els != SIZE_MAX)
			p->nodes[p->open[p->depth].els].kind = N_TEXT;
	}
}

/* "%?X?" at p->pos: a conditional when complete, else the '%' is text and
 * the '?' is read again (it may end the enclosing branch). */
static void parse_cond(struct parser *p)
{
	const char *s = p->s + p->pos;
	size_t left = p->n - p->pos;

	if (left >= 4 && valid_op((unsigned char)s[2]) && s[3] == '?') {
		if (p->depth < FORMAT_MAX_DEPTH) {
			open_cond(p, s[2]);
		} else {
			add_text(p, s, 4);
			p->pos += 4;
		}
		return;
	}
	add_text(p, "%", 1);
	p->pos++;
}

/* %{fmt} and friends: the argument runs to the first closing bracket. */
static void parse_bracket(struct parser *p, size_t start, size_t q, const struct spec *sp)
{
	const char *close = close_bracket((unsigned char)p->s[q]);
	const char *a = p->s + q + 1;
	const char *e = memchr(a, close[0], p->n - q - 1);

	if (!e) { /* unterminated: the rest is one broken expando */
		add_text(p, p->s + start, p->n - start);
		p->pos = p->n;
		return;
	}
	p->pos = (size_t)(e - p->s) + 1;
	add_expando(p, start, p->pos, sp, p->s[q], a, (size_t)(e - a));
}

static void parse_percent(struct parser *p)
{
	size_t start = p->pos, q = p->pos + 1;
	struct spec sp = { 0 };
	int c;

	if (q < p->n && p->s[q] == '%') {
		add_text(p, "%", 1);
		p->pos = q + 1;
		return;
	}
	if (q < p->n && p->s[q] == '?') {
		parse_cond(p);
		return;
	}
	parse_spec(p, &q, &sp);
	c = q < p->n ? (unsigned char)p->s[q] : -1;
	if ((c == '>' || c == '|' || c == '*') && q + 1 < p->n) {
		parse_fill(p, q); /* mutt ignores modifiers on fills */
	} else if (c >= 0 && close_bracket(c)) {
		parse_bracket(p, start, q, &sp);
	} else if (c == '%') { /* "%5%": mutt shows it as written */
		add_text(p, p->s + start, q + 1 - start);
		p->pos = q + 1;
	} else if (c >= 0 && valid_op(c) && !strchr(">|*", c)) {
		p->pos = q + 1;
		add_expando(p, start, p->pos, &sp, (char)c, NULL, 0);
	} else {
		/* Broken: keep what was read, and read the rest as usual. */
		add_text(p, p->s + start, q - start);
		p->pos = q;
	}
}

static void parse_escape(struct parser *p)
{
	static const char from[] = "ntrfv", to[] = "\n\t\r\f\v";
	const char *hit;
	uint32_t cp;
	size_t k;

	if (p->pos + 1 >= p->n) { /* a trailing backslash stays */
		add_text(p, "\\", 1);
		p->pos++;
		return;
	}
	hit = strchr(from, p->s[p->pos + 1]);
	if (hit && *hit) {
		add_text(p, &to[hit - from], 1);
		p->pos += 2;
		return;
	}
	k = utf8_decode(p->s + p->pos + 1, p->n - p->pos - 1, &cp);
	add_text(p, p->s + p->pos + 1, k);
	p->pos += 1 + k;
}

/* Plain text up to the next byte that may mean something. */
static void parse_text(struct parser *p)
{
	size_t start = p->pos;

	while (p->pos < p->n && !strchr("%\\?&", p->s[p->pos]))
		p->pos++;
	if (p->pos == start) /* a '?' or '&' outside any branch */
		p->pos++;
	add_text(p, p->s + start, p->pos - start);
}

static void parse(struct parser *p)
{
	while (p->pos < p->n) {
		char c = p->s[p->pos];

		if (c == '%') {
			parse_percent(p);
		} else if (c == '\\') {
			parse_escape(p);
		} else if (p->depth && c == '?') {
			close_cond(p);
			p->pos++;
		} else if (p->depth && c == '&' && p->open[p->depth - 1].els == SIZE_MAX) {
			start_else(p);
			p->pos++;
		} else {
			parse_text(p);
		}
	}
	unwind_open(p);
}

struct format *format_compile(const char *fmt)
{
	struct parser p = { 0 };
	struct format *f = xcalloc(1, sizeof(*f));

	p.s = fmt ? fmt : "";
	p.n = strlen(p.s);
	buf_init(&p.pool, p.n + 16);
	parse(&p);
	f->pool = buf_detach(&p.pool, &f->pool_len);
	f->nodes = p.nodes;
	f->n = p.nn;
	return f;
}

void format_free(struct format **f)
{
	if (!f || !*f)
		return;
	free((*f)->pool);
	free((*f)->nodes);
	free(*f);
	*f = NULL;
}

/* ===================================================================== */
/* What callbacks tell the engine                                        */
/* ===================================================================== */

enum expando_status {
	ES_NUMBER = 1 << 0,
	ES_UNKNOWN = 1 << 1,
};

void expando_number(const struct expando *e, long n, struct buf *out)
{
	buf_printf(out, "%ld", n);
	if (e->status_)
		*e->status_ |= ES_NUMBER;
}

void expando_unknown(const struct expando *e)
{
	if (e->status_)
		*e->status_ |= ES_UNKNOWN;
}

/* ===================================================================== */
/* Rendering: one expando                                                */
/* ===================================================================== */

/* Insert n copies of byte c at offset at. */
static void insert_bytes(struct buf *out, size_t at, int c, size_t n)
{
	if (!n)
		return;
	buf_grow(out, n);
	memmove(out->data + at + n, out->data + at, out->len - at);
	memset(out->data + at, c, n);
	buf_setlen(out, out->len + n);
}

static void add_bytes(struct buf *out, int c, size_t n)
{
	insert_bytes(out, out->len, c, n);
}

/* Lower-case out[start..]: ASCII in place, anything else by Unicode's
 * simple mapping (lengths may change, so it is rebuilt after the end). */
static void lower_text(struct buf *out, size_t start)
{
	size_t i, end = out->len, k;
	uint32_t cp;

	for (i = start; i < end; i++) {
		if ((unsigned char)out->data[i] >= 0x80)
			break;
		out->data[i] = (char)ascii_tolower((unsigned char)out->data[i]);
	}
	if (i == end)
		return;
	for (size_t j = i; j < end; j += k) {
		k = utf8_decode(out->data + j, end - j, &cp);
		if (k == 1 && (unsigned char)out->data[j] >= 0x80)
			buf_addch(out, out->data[j]); /* keep invalid bytes as they are */
		else
			buf_add_utf8(out, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp));
	}
	memmove(out->data + i, out->data + end, out->len - end);
	buf_setlen(out, i + (out->len - end));
}

static void no_dots(struct buf *out, size_t start)
{
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] == '.')
			out->data[i] = '_';
}

/* The offset of the digits in a number as printf writes it, or SIZE_MAX. */
static size_t number_digits(const char *s, size_t n)
{
	size_t i = (n && s[0] == '-') ? 1 : 0;

	if (i == n)
		return SIZE_MAX;
	for (size_t j = i; j < n; j++)
		if (!is_digit((unsigned char)s[j]))
			return SIZE_MAX;
	return i;
}

/* Spaces around out[start..] (its width is w) to fill `field` columns. */
static void justify(struct buf *out, size_t start, size_t w, size_t field, const struct node *nd)
{
	size_t pad = field > w ? field - w : 0, before;

	if (!pad)
		return;
	if (nd->flags & NF_LEFT)
		before = 0;
	else if (nd->flags & NF_CENTER)
		before = (pad + 1) / 2; /* mutt puts the odd column on the left */
	else
		before = pad;
	insert_bytes(out, start, ' ', before);
	add_bytes(out, ' ', pad - before);
}

/*
 * A number (from expando_number) laid out as printf's %d would: .max is the
 * minimum number of digits, '0' pads with zeros after the sign unless a
 * precision or '-' is given, and a number is never cut.
 */
static void layout_number(struct buf *out, size_t start, const struct node *nd)
{
	size_t d = number_digits(out->data + start, out->len - start), digits;

	if (d == SIZE_MAX) /* the callback appended more than a number */
		d = 0;
	d += start;
	digits = out->len - d;
	if (nd->flags & NF_MAX) {
		if (nd->max == 0 && digits == 1 && out->data[d] == '0')
			buf_setlen(out, d); /* printf("%.0d", 0) prints nothing */
		else if (nd->max > digits)
			insert_bytes(out, d, '0', nd->max - digits);
	} else if ((nd->flags & NF_ZERO) && !(nd->flags & (NF_LEFT | NF_CENTER)) &&
		   nd->min > out->len - start) {
		insert_bytes(out, d, '0', nd->min - (out->len - start));
	}
	justify(out, start, out->len - start, nd->min, nd);
}

/* Text: cut to .max (never inside a cluster: when a wide character would
 * straddle the edge, the field is still .max wide, padded as it is
 * justified), then padded to min. */
static void layout_text(struct buf *out, size_t start, const struct node *nd)
{
	size_t len = out->len - start, w, k, d, field = nd->min;

	if (nd->flags & NF_MAX) {
		k = text_fit(out->data + start, len, nd->max, &w);
		if (k < len) {
			buf_setlen(out, start + k);
			field = MAX(field, nd->max);
		}
	} else {
		k = text_fit(out->data + start, len, nd->min, &w);
		if (k < len)
			return; /* wider than min: nothing to pad */
	}
	/* '0' on a value that reads as a number pads it with zeros. */
	if ((nd->flags & NF_ZERO) && !(nd->flags & (NF_LEFT | NF_CENTER)) && field > w &&
	    (d = number_digits(out->data + start, out->len - start)) != SIZE_MAX) {
		insert_bytes(out, start + d, '0', field - w);
		return;
	}
	justify(out, start, w, field, nd);
}

/* ===================================================================== */
/* Rendering: the walk                                                   */
/* ===================================================================== */

/* Where a fill fell in the expanded text, and what the layout made of it. */
struct mark {
	size_t pos;            /* offset in out where the rest begins */
	const struct node *nd; /* the fill */
	size_t avail;          /* columns for this part and everything after it */
	size_t left;           /* columns of the part before the fill (%>) */
};

struct render {
	const struct format *f;
	expando_fn fn;
	void *ctx;
	struct buf *out;
	size_t base;
	bool fill;    /* fills matter (cols > 0) */
	bool stopped; /* after %|: the rest of the line is not shown */
	struct mark *marks;
	size_t nmarks, capmarks;
	struct mark few[8];
};

static void add_mark(struct render *r, const struct node *nd)
{
	if (r->nmarks == r->capmarks) {
		size_t cap = r->capmarks * 2;

		if (r->marks == r->few) {
			r->marks = xreallocarray(NULL, cap, sizeof(*r->marks));
			memcpy(r->marks, r->few, sizeof(r->few));
		} else {
			r->marks = xreallocarray(r->marks, cap, sizeof(*r->marks));
		}
		r->capmarks = cap;
	}
	r->marks[r->nmarks].pos = r->out->len;
	r->marks[r->nmarks].nd = nd;
	r->nmarks++;
}

static void expand(struct render *r, const struct node *nd)
{
	struct buf *out = r->out;
	size_t start = out->len;
	unsigned status = 0;
	struct expando e = {
		.op = nd->op,
		.arg = (nd->flags & NF_ARG) ? r->f->pool + nd->off : NULL,
		.arg_len = (nd->flags & NF_ARG) ? nd->len : 0,
		.optional = false,
		.status_ = &status,
	};

	if (r->fn)
		r->fn(&e, r->ctx, out);
	else
		status = ES_UNKNOWN;
	if (out->len < start) /* a callback must only append */
		buf_setlen(out, start);
	if (status & ES_UNKNOWN) { /* mutt shows an unknown expando as written */
		buf_setlen(out, start);
		buf_add(out, r->f->pool + nd->src.off, nd->src.len);
		return;
	}
	if (nd->flags & NF_LOWER)
		lower_text(out, start);
	if (nd->flags & NF_NODOTS)
		no_dots(out, start);
	if (status & ES_NUMBER)
		layout_number(out, start, nd);
	else if (nd->min || (nd->flags & (NF_MAX | NF_ZERO)))
		layout_text(out, start, nd);
}

/* Ask the caller whether X is set, for %?X?; what it appends is dropped. */
static bool test(struct render *r, const struct node *nd)
{
	size_t start = r->out->len;
	unsigned status = 0;
	struct expando e = { .op = nd->op, .optional = true, .status_ = &status };
	bool set = r->fn ? r->fn(&e, r->ctx, r->out) : false;

	if (r->out->len != start)
		buf_setlen(r->out, start);
	/* mutt takes the then-branch for a letter it does not know. */
	return set || (status & ES_UNKNOWN) || !r->fn;
}

static void walk(struct render *r, size_t i, size_t end)
{
	const struct node *nodes = r->f->nodes;

	while (i < end && !r->stopped) {
		const struct node *nd = &nodes[i++];

		switch (nd->kind) {
		case N_TEXT:
			buf_add(r->out, r->f->pool + nd->off, nd->len);
			break;
		case N_EXPANDO:
			expand(r, nd);
			break;
		case N_FILL:
			if (nd->op == '|')
				r->stopped = true; /* mutt shows nothing after %| */
			if (r->fill)
				add_mark(r, nd);
			break;
		case N_COND:
			if (test(r, nd))
				walk(r, i, i + nd->cond.n_then);
			else if (nd->flags & NF_ELSE)
				walk(r, i + nd->cond.n_then + 1, i + nd->cond.n_body);
			i += nd->cond.n_body;
			break;
		default: /* N_ELSE is only ever skipped over */
			break;
		}
	}
}

/* ===================================================================== */
/* Rendering: the layout                                                 */
/* ===================================================================== */

/* Writing the laid-out line after the expanded text, in room made beforehand. */
struct writer {
	char *w;
	const struct format *f;
};

static void put(struct writer *wr, const char *s, size_t n)
{
	memcpy(wr->w, s, n);
	wr->w += n;
}

static void put_spaces(struct writer *wr, size_t n)
{
	memset(wr->w, ' ', n);
	wr->w += n;
}

/* n columns of the fill's pad; spaces where a wide pad does not fit. */
static void put_pad(struct writer *wr, const struct node *fill, size_t n)
{
	size_t pw = fill->min;

	for (; n >= pw; n -= pw)
		put(wr, wr->f->pool + fill->off, fill->len);
	put_spaces(wr, n);
}

/* (s, n) in exactly `cols` columns: cut, with spaces for a straddling
 * wide character, or padded with the fill (spaces when fill is NULL). */
static void put_fitted(struct writer *wr, const char *s, size_t n, size_t cols,
		       const struct node *fill)
{
	size_t w, k = text_fit(s, n, cols, &w);

	put(wr, s, k);
	if (k < n || !fill)
		put_spaces(wr, cols - w);
	else
		put_pad(wr, fill, cols - w);
}

/*
 * Forward pass: how many columns each part may use. A %> part keeps its
 * width and leaves the rest to what follows; a %* part lets what follows
 * take what it needs first. A %| part, or a %> part that already fills its
 * room, ends the line. Returns the index of the mark that ends it, or
 * nmarks; *last gets the room of the part after the last fill.
 */
static size_t plan(struct render *r, size_t cols, size_t *last)
{
	const char *d = r->out->data;
	size_t avail = cols, from = r->base, i, w, k;

	for (i = 0; i < r->nmarks; i++) {
		struct mark *m = &r->marks[i];

		m->avail = avail;
		if (m->nd->op == '|')
			break;
		if (m->nd->op == '>') {
			k = text_fit(d + from, m->pos - from, avail, &w);
			if (k < m->pos - from || w >= avail)
				break;
			m->left = w;
			avail -= w;
		}
		from = m->pos;
	}
	*last = avail;
	return i;
}

/* Room for the laid-out line after the expanded text: the text itself, and
 * at most `cols` columns of pads and spaces. */
static size_t layout_bound(const struct render *r, size_t cols)
{
	size_t pad = 1;

	for (size_t i = 0; i < r->nmarks; i++)
		pad = MAX(pad, r->marks[i].nd->len);
	return (r->out->len - r->base) + cols * (pad + 1);
}

/* Most lines have no fill: they are cut in place, a half column padded. */
static void cut_line(struct buf *out, size_t base, size_t cols)
{
	size_t w, k = text_fit(out->data + base, out->len - base, cols, &w);

	if (k < out->len - base) {
		buf_setlen(out, base + k);
		add_bytes(out, ' ', cols - w);
	}
}

/* The line from base on, rebuilt in `cols` columns at most. */
static void layout(struct render *r, size_t cols)
{
	struct buf *out = r->out;
	size_t stop, end, avail, last_from, last_w = 0, last_k = 0, from = r->base, i, w, k;
	struct writer wr;
	const char *d;

	stop = plan(r, cols, &avail);
	buf_grow(out, layout_bound(r, cols));
	d = out->data;
	end = out->len;
	wr.w = out->data + end;
	wr.f = r->f;
	/* The part after every fill: its width decides the pads before it. */
	last_from = r->nmarks ? r->marks[r->nmarks - 1].pos : r->base;
	if (stop == r->nmarks)
		last_k = text_fit(d + last_from, end - last_from, avail, &last_w);
	for (i = 0; i < r->nmarks && i <= stop; i++) {
		const struct mark *m = &r->marks[i];
		size_t rest;

		if (i == stop) {
			put_fitted(&wr, d + from, m->pos - from, m->avail,
				   m->nd->op == '|' ? m->nd : NULL);
			break;
		}
		/* What follows takes all its room when it has a fill, else
		 * its width; a cut last part is padded to its edge. */
		if (i + 1 < r->nmarks && i + 1 <= stop)
			rest = r->marks[i + 1].avail;
		else
			rest = last_k < end - last_from ? avail : last_w;
		if (m->nd->op == '>') {
			put(&wr, d + from, m->pos - from);
			put_pad(&wr, m->nd, m->avail - m->left - rest);
		} else {
			put_fitted(&wr, d + from, m->pos - from, m->avail - rest, m->nd);
		}
		from = m->pos;
	}
	if (stop == r->nmarks) {
		put(&wr, d + last_from, last_k);
		if (last_k < end - last_from)
			put_spaces(&wr, avail - last_w);
	}
	k = (size_t)(wr.w - (out->data + end));
	memmove(out->data + r->base, out->data + end, k);
	buf_setlen(out, r->base + k);
	/* Parts laid side by side can join into a wider cluster (a VS16 after
	 * a narrow symbol): the line as a whole must still fit. */
	k = text_fit(out->data + r->base, out->len - r->base, cols, &w);
	if (k < out->len - r->base)
		buf_setlen(out, r->base + k);
}

void format_render(const struct format *f, size_t cols, expando_fn fn, void *ctx, struct buf *out)
{
	struct render r = { 0 };

	if (!f)
		return;
	if (cols > FORMAT_MAX_WIDTH)
		cols = FORMAT_MAX_WIDTH;
	r.f = f;
	r.fn = fn;
	r.ctx = ctx;
	r.out = out;
	r.base = out->len;
	r.fill = cols > 0;
	r.marks = r.few;
	r.capmarks = ARRAY_SIZE(r.few);
	walk(&r, 0, f->n);
	if (cols && r.nmarks)
		layout(&r, cols);
	else if (cols)
		cut_line(out, r.base, cols);
	if (r.marks != r.few)
		free(r.marks);
}
