/*
 * editor_text.c - the editor's view of its text: grapheme clusters (the
 * units the cursor moves by) and the character classes and case mappings
 * of mutt's word functions.
 *
 * Clusters are cut as text_width cuts them (config/format.c): UAX #29
 * through utf8proc, except that a control character or an invalid byte is
 * always a cluster of its own (the screen draws it as ^X or U+FFFD).
 */
#include <utf8proc.h>

#include "ui/editor_int.h"

bool ed_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* The code point at (s, n), n > 0; *bad when it is an invalid byte. */
static size_t decode(const char *s, size_t n, uint32_t *cp, bool *bad)
{
	size_t k = utf8_decode(s, n, cp);

	/* A real U+FFFD takes three bytes: one byte of U+FFFD is a bad one. */
	*bad = k == 1 && (unsigned char)s[0] >= 0x80;
	return k;
}

size_t ed_next(const char *s, size_t n, size_t i)
{
	utf8proc_int32_t state = 0;
	uint32_t prev, cp;
	bool bad;

	i += decode(s + i, n - i, &prev, &bad);
	if (bad || ed_is_control(prev))
		return i;
	while (i < n) {
		size_t k = decode(s + i, n - i, &cp, &bad);
		if (bad || ed_is_control(cp) ||
		    utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev, (utf8proc_int32_t)cp,
						     &state))
			break;
		prev = cp;
		i += k;
	}
	return i;
}

/*
 * A cluster boundary before i (i > 0): UAX #29 always breaks between two
 * ASCII characters (CR LF is two clusters here) and after a C0 control
 * or DEL (bytes 0x80-0x9f are UTF-8 continuation bytes, not C1 controls).
 * Clusters depend on what precedes them, so ed_prev walks forward from
 * here; without this, moving back through a long pasted line would be
 * quadratic.
 */
static size_t restart_point(const char *s, size_t i)
{
	for (size_t r = i - 1; r > 0; r--) {
		unsigned char a = (unsigned char)s[r - 1], b = (unsigned char)s[r];
		if ((a < 0x80 && b < 0x80) || a < 0x20 || a == 0x7f)
			return r;
	}
	return 0;
}

size_t ed_prev(const char *s, size_t n, size_t i)
{
	size_t p, q;

	if (i == 0)
		return 0;
	p = restart_point(s, i);
	while (p < n && (q = ed_next(s, n, p)) < i)
		p = q;
	return p;
}

bool ed_boundary(const char *s, size_t n, size_t i)
{
	if (i == 0 || i == n)
		return true;
	if (i > n)
		return false;
	return ed_next(s, n, ed_prev(s, n, i)) == i;
}

uint32_t ed_cp_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	bool bad;

	if (i >= n)
		return 0;
	decode(s + i, n - i, &cp, &bad);
	return bad ? 0xFFFD : cp;
}

bool ed_is_space(uint32_t cp)
{
	if (cp < 0x80)
		return is_space((int)cp);
	/* glibc's iswspace leaves out the no-break spaces. */
	if (cp == 0xA0 || cp == 0x2007 || cp == 0x202F)
		return false;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return cp == 0x85;
	}
}

bool ed_is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return is_alpha((int)cp) || is_digit((int)cp);
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

static uint32_t map_case(uint32_t cp, enum ed_case c)
{
	utf8proc_int32_t u = (utf8proc_int32_t)cp;

	switch (c) {
	case ED_UPPER:
		return (uint32_t)utf8proc_toupper(u);
	case ED_TITLE:
		return (uint32_t)utf8proc_totitle(u);
	default:
		return (uint32_t)utf8proc_tolower(u);
	}
}

void ed_case_map(const char *s, size_t n, enum ed_case c, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		bool bad;
		size_t k = decode(s + i, n - i, &cp, &bad);

		if (bad)
			buf_add(out, s + i, 1); /* kept as it was: not ours to repair */
		else
			buf_add_utf8(out, map_case(cp, c));
		i += k;
	}
}
