/*
 * hcache_value.c - a header cache value: a fixed header, then the compact
 * envelope as it is in memory; checked before it is handed out, since the
 * file may be damaged or written by someone else.
 */
#include "mx/hcache_int.h"

#define HC_KIND_MASK 0x7f /* menv.c's address kind byte, without its "invalid" bit */

/* A fast 64-bit checksum (word-wise multiply-xor): finds a damaged value, not an attack. */
static uint64_t hc_checksum(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;
	size_t i = 0;

	h ^= 0x9e3779b97f4a7c15ull ^ n;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (w = 0; i < n; i++)
		w = (w << 8) | s[i];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

/* The checksum of a value: its header (with check 0) and its menv block. */
uint64_t hc_value_check(const struct hc_value *h, const void *menv)
{
	struct hc_value z = *h;

	z.check = 0;
	return hc_checksum(hc_checksum(0, &z, sizeof(z)), menv, h->menv_size);
}

/* The offset just past the NUL-terminated string at off in d[0..n), or 0 when it runs off. */
static uint32_t str_end(const char *d, uint32_t n, uint32_t off)
{
	const char *nul = off < n ? memchr(d + off, '\0', n - off) : NULL;

	return nul ? (uint32_t)(nul - d) + 1 : 0;
}

/* An address list (menv.c's layout) that stays inside d[0..n). */
static bool addrs_sane(const char *d, uint32_t n, uint32_t off)
{
	uint32_t count, pos = off + 4;

	if (n < 4 || off > n - 4)
		return false;
	memcpy(&count, d + off, 4);
	/* Each entry takes at least three bytes, so a huge count fails fast. */
	while (count--) {
		if (pos >= n || ((unsigned char)d[pos] & HC_KIND_MASK) > ADDR_GROUP_END)
			return false;
		pos = str_end(d, n, pos + 1);
		pos = pos ? str_end(d, n, pos) : 0;
		if (!pos)
			return false;
	}
	return true;
}

/* Offsets and counts that point outside the block would make readers walk off it. */
static bool menv_sane(const struct menv *e, uint32_t size)
{
	uint32_t dlen = size - (uint32_t)sizeof(*e), end, pos;

	if (e->size != size)
		return false;
	for (int f = 0; f < ME_NSTR; f++)
		if (e->str[f] != MENV_ABSENT && !str_end(e->data, dlen, e->str[f]))
			return false;
	end = e->str[ME_SUBJECT] != MENV_ABSENT ? str_end(e->data, dlen, e->str[ME_SUBJECT]) : 0;
	if (end ? e->subject_skip >= end - e->str[ME_SUBJECT] : e->subject_skip != 0)
		return false;
	for (int f = 0; f < MA_NADDR; f++)
		if (e->addr[f] != MENV_ABSENT && !addrs_sane(e->data, dlen, e->addr[f]))
			return false;
	pos = e->refs;
	for (uint32_t i = 0; i < e->nrefs; i++)
		if (!(pos = str_end(e->data, dlen, pos)))
			return false;
	return true;
}

/* The envelope of a stored value, copied into mem; NULL when it is not a good one. */
struct menv *hc_value_decode(const char *v, size_t n, uint64_t validity, struct arena *mem,
			     struct hcache_meta *meta)
{
	struct hc_value h;
	struct menv *e;

	if (n < sizeof(h))
		return NULL;
	memcpy(&h, v, sizeof(h));
	if (h.magic != HC_MAGIC || h.validity != validity || h.menv_size < sizeof(struct menv) ||
	    h.menv_size != n - sizeof(h) || hc_value_check(&h, v + sizeof(h)) != h.check)
		return NULL;
	e = arena_alloc(mem, h.menv_size);
	memcpy(e, v + sizeof(h), h.menv_size);
	if (!menv_sane(e, h.menv_size))
		return NULL; /* the arena bytes are wasted; a bad value is rare */
	if (meta) {
		meta->size = h.size;
		meta->received = h.received;
		meta->lines = h.lines;
	}
	return e;
}
