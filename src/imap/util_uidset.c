/*
 * util_uidset.c - UID sets: writing them compressed and in pieces short
 * enough for a server's command-line limit (RFC 7162 asks clients to keep
 * lines under 8192 bytes), and reading the sequence-sets a server sends
 * (RFC 9051 sequence-set; VANISHED, COPYUID) under caps.
 */
#include "core/core.h"
#include "imap/util.h"

/* ---- Writing ------------------------------------------------------------------ */

/* The run of consecutive (or repeated) UIDs that starts at uids[i]; returns its end. */
static size_t run_end(const uint32_t *uids, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && (uids[j] == uids[j - 1] || uids[j] == uids[j - 1] + 1))
		j++;
	return j;
}

size_t imap_uidset_chunk(const uint32_t *uids, size_t n, size_t max_len, struct buf *out)
{
	size_t i = 0, used = 0;
	char elem[32];

	max_len = MAX(max_len, IMAP_UIDSET_MIN_LEN);
	while (i < n) {
		if (uids[i] == 0) {
			i++;
			continue;
		}
		size_t j = run_end(uids, n, i);
		uint32_t lo = uids[i], hi = uids[j - 1];
		int w = lo == hi ? snprintf(elem, sizeof(elem), "%u", lo)
				 : snprintf(elem, sizeof(elem), "%u:%u", lo, hi);
		size_t need = (size_t)w + (used ? 1 : 0);
		if (used + need > max_len)
			break;
		if (used)
			buf_addch(out, ',');
		buf_add(out, elem, (size_t)w);
		used += need;
		i = j;
	}
	return i;
}

void imap_uidset_format(const uint32_t *uids, size_t n, size_t max_len, struct strlist *out)
{
	struct buf set = BUF_INIT;

	for (size_t i = 0; i < n;) {
		buf_reset(&set);
		i += imap_uidset_chunk(uids + i, n - i, max_len, &set);
		if (set.len)
			strlist_addn(out, set.data, set.len);
	}
	buf_release(&set);
}

/* ---- Reading ------------------------------------------------------------------ */

/* seq-number = nz-number / "*"; advances *p. */
static bool parse_number(const char **p, const char *end, uint32_t star, uint32_t *v)
{
	uint64_t x = 0;
	const char *s = *p;

	if (s < end && *s == '*') {
		*p = s + 1;
		*v = star;
		return star != 0;
	}
	if (s >= end || !is_digit(*s))
		return false;
	for (; s < end && is_digit(*s); s++) {
		x = x * 10 + (uint64_t)(*s - '0');
		if (x > UINT32_MAX)
			return false;
	}
	*p = s;
	*v = (uint32_t)x;
	return x != 0;
}

int imap_uidset_parse(const char *s, size_t len, uint32_t star, size_t max_ranges,
		      struct imap_uidset *set, struct buf *err)
{
	const char *p = s, *end = s + len;
	size_t start = set->n;
	uint64_t count = set->count;

	for (;;) {
		uint32_t a, b;
		if (set->n - start >= max_ranges) {
			buf_printf(err, _("UID set: more than %zu elements"), max_ranges);
			goto limit;
		}
		if (!parse_number(&p, end, star, &a))
			goto bad;
		b = a;
		if (p < end && *p == ':') {
			p++;
			if (!parse_number(&p, end, star, &b))
				goto bad;
		}
		ALLOC_GROW(set->v, set->n + 1, set->cap);
		set->v[set->n].lo = MIN(a, b);
		set->v[set->n].hi = MAX(a, b);
		count += (uint64_t)set->v[set->n].hi - set->v[set->n].lo + 1;
		set->n++;
		if (p == end)
			break;
		if (*p != ',' || p + 1 == end)
			goto bad;
		p++;
	}
	set->count = count;
	return 0;
bad:
	buf_printf(err, _("UID set: bad syntax at byte %zu"), (size_t)(p - s));
	set->n = start;
	return ERR_PARSE;
limit:
	set->n = start;
	return ERR_LIMIT;
}

bool imap_uidset_contains(const struct imap_uidset *set, uint32_t uid)
{
	for (size_t i = 0; i < set->n; i++)
		if (uid >= set->v[i].lo && uid <= set->v[i].hi)
			return true;
	return false;
}

int imap_uidset_expand(const struct imap_uidset *set, size_t max, uint32_t **uids, size_t *n)
{
	size_t k = 0;

	*uids = NULL;
	*n = 0;
	if (set->count > max)
		return ERR_LIMIT;
	if (set->count == 0)
		return 0;
	*uids = xreallocarray(NULL, (size_t)set->count, sizeof(**uids));
	for (size_t i = 0; i < set->n; i++)
		for (uint64_t u = set->v[i].lo; u <= set->v[i].hi; u++)
			(*uids)[k++] = (uint32_t)u;
	*n = k;
	return 0;
}

void imap_uidset_release(struct imap_uidset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
	set->count = 0;
}
