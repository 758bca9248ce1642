/* utf8.c - strict UTF-8 decoding (RFC 3629: no overlongs, no surrogates) */
#include "core/core.h"

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		/* ASCII runs dominate mail text; skip them without decoding. */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		/* A non-ASCII lead byte that decodes to one byte is invalid. */
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 1)
			return i;
		i += k;
	}
	return n;
}

bool utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix(s, n) == n;
}

void utf8_sanitize(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		size_t ok = utf8_valid_prefix(s + i, n - i);
		buf_add(out, s + i, ok);
		i += ok;
		if (i < n) {
			buf_add(out, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
}
