/* str.c - locale-independent ASCII string helpers */
#include <limits.h>

#include "core/core.h"

int ascii_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = ascii_tolower((unsigned char)*a);
		int cb = ascii_tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

int ascii_strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; a++, b++, n--) {
		int ca = ascii_tolower((unsigned char)*a);
		int cb = ascii_tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
	return 0;
}

bool mem_eq_ci(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!lit[i] ||
		    ascii_tolower((unsigned char)s[i]) != ascii_tolower((unsigned char)lit[i]))
			return false;
	}
	return lit[i] == '\0';
}

bool mem_startswith_ci(const char *s, size_t n, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++) {
		if (i >= n ||
		    ascii_tolower((unsigned char)s[i]) != ascii_tolower((unsigned char)prefix[i]))
			return false;
	}
	return true;
}

const char *mem_find(const char *hay, size_t n, const char *needle, size_t nlen)
{
	const char *p = hay, *end = hay + n;

	if (!nlen)
		return hay;
	while ((size_t)(end - p) >= nlen) {
		p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

char *str_lower(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)ascii_tolower((unsigned char)*p);
	return s;
}

char *xstrndup_lower(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	for (size_t i = 0; i < n; i++)
		d[i] = (char)ascii_tolower((unsigned char)d[i]);
	return d;
}

const char *skip_wsp(const char *p, const char *end)
{
	while (p < end && is_wsp((unsigned char)*p))
		p++;
	return p;
}

void mem_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	while (len && is_space((unsigned char)*p)) {
		p++;
		len--;
	}
	while (len && is_space((unsigned char)p[len - 1]))
		len--;
	*s = p;
	*n = len;
}

bool parse_ulong(const char *s, size_t n, unsigned long *out)
{
	unsigned long v = 0;

	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (ULONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

size_t u32_lower_bound(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
