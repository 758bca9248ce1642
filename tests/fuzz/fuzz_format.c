/*
 * fuzz_format.c - the expando engine on arbitrary formats and values.
 *
 * Input: two bytes of columns (0..511), one byte of knobs, then the format
 * up to the first NUL, then the values the callback hands out, NUL-separated.
 * A value starting with '#' is a number, "?" is an unknown letter, and a
 * value's first byte decides whether it counts as set for %?X?.
 *
 * Invariants: compiling and rendering never misbehave (the sanitizers watch);
 * the rendered text takes at most cols columns when cols > 0; it is valid
 * UTF-8 when the format and every value are; rendering the same compiled
 * format twice gives the same text; text_fit agrees with text_width, and
 * every cut it makes falls on a grapheme cluster boundary as utf8proc finds
 * them pair by pair (controls always stand alone, as the interface draws
 * them).
 */
#include <utf8proc.h>

#include "config/config.h"

#define MAX_VALUES 16

struct fuzz_ctx {
	const char *v[MAX_VALUES];
	size_t vlen[MAX_VALUES];
	size_t n;
	unsigned calls;
	unsigned knobs;
	const struct format *self; /* %@x@ renders the format again, once */
	int depth;
	int nested;
};

static bool fuzz_cb(const struct expando *e, void *ctx, struct buf *out)
{
	struct fuzz_ctx *c = ctx;
	size_t i;
	const char *v;
	size_t n;

	if (!c->n) {
		expando_unknown(e);
		return false;
	}
	i = ((unsigned char)e->op * 31u + (c->knobs & 1 ? c->calls : 0) + e->arg_len) % c->n;
	c->calls++;
	v = c->v[i];
	n = c->vlen[i];
	if (e->op == '@' && c->self && c->depth == 0 && c->nested < 4) {
		c->depth++;
		c->nested++;
		format_render(c->self, 0, fuzz_cb, c, out);
		c->depth--;
		return true;
	}
	if (n == 1 && v[0] == '?') {
		expando_unknown(e);
		return true;
	}
	if (n && v[0] == '#') {
		long num = 0;

		for (size_t k = 1; k < n && k < 12; k++)
			num = num * 7 + (unsigned char)v[k] - 64;
		if (!e->optional)
			expando_number(e, num, out);
		return num != 0;
	}
	if (!e->optional || (c->knobs & 2))
		buf_add(out, v, n); /* appending during a test must be harmless */
	return n && (v[0] & 1);
}

static bool control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Mark in at[] every offset of valid UTF-8 (s, n) where a cluster starts. */
static void reference_boundaries(const char *s, size_t n, bool *at)
{
	utf8proc_int32_t state = 0;
	uint32_t prev = 0, cp;
	size_t i = 0, k;

	memset(at, 0, n + 1);
	at[0] = at[n] = true;
	for (; i < n; i += k, prev = cp) {
		k = utf8_decode(s + i, n - i, &cp);
		/* Every pair goes to utf8proc, so that its state sees them all. */
		bool brk = i && utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
								 (utf8proc_int32_t)cp, &state);

		if (i && (brk || control(prev) || control(cp)))
			at[i] = true;
	}
}

static void check_cuts(const char *s, size_t n)
{
	bool at[513];
	size_t total = text_width(s, n), w;

	if (n > 512)
		return;
	reference_boundaries(s, n, at);
	for (size_t cols = 0; cols <= total + 1; cols++) {
		size_t k = text_fit(s, n, cols, &w);

		if (!at[k] || w > cols || (k == n && w != total) || (cols >= total && k != n))
			abort();
	}
}

static void check(const struct format *f, size_t cols, struct fuzz_ctx *c, bool valid)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t w;

	c->calls = 0;
	c->nested = 0;
	format_render(f, cols, fuzz_cb, c, &a);
	if (cols && text_width(a.data, a.len) > cols)
		abort();
	if (valid && !utf8_valid(a.data, a.len))
		abort();
	if (valid)
		check_cuts(a.data, a.len);
	if (text_fit(a.data, a.len, SIZE_MAX, &w) != a.len || w != text_width(a.data, a.len))
		abort();
	c->calls = 0;
	c->nested = 0;
	buf_addstr(&b, "prefix");
	format_render(f, cols, fuzz_cb, c, &b);
	if (b.len != a.len + 6 || memcmp(b.data + 6, a.data, a.len) != 0)
		abort();
	buf_release(&a);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx c = { 0 };
	struct format *f;
	const char *p, *end, *nul;
	char *fmt;
	size_t cols;
	bool valid;

	if (size < 3)
		return 0;
	cols = data[0] | (size_t)(data[1] & 1) << 8;
	c.knobs = data[2];
	p = (const char *)data + 3;
	end = (const char *)data + size;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul)
		nul = end;
	fmt = xstrndup(p, (size_t)(nul - p));
	valid = utf8_valid(fmt, strlen(fmt));
	for (p = nul < end ? nul + 1 : end; p < end && c.n < MAX_VALUES;) {
		nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul)
			nul = end;
		c.v[c.n] = p;
		c.vlen[c.n] = (size_t)(nul - p);
		valid = valid && utf8_valid(p, c.vlen[c.n]);
		c.n++;
		p = nul + 1;
	}
	f = format_compile(fmt);
	c.self = (c.knobs & 4) ? f : NULL;
	check(f, cols, &c, valid);
	if (cols)
		check(f, 0, &c, valid);
	format_free(&f);
	free(fmt);
	return 0;
}
