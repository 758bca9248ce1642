/*
 * hash.c - open-addressing hash table from counted strings to pointers.
 * Linear probing over a power-of-two table kept at most 70% full; entries
 * are never removed, which is all the users (threading, caches) need.
 */
#include <pthread.h>
#include <sys/random.h>

#include "core/core.h"

struct hash_slot {
	const char *key;
	size_t len;
	uint64_t hv;
	void *val;
};

struct hash {
	struct hash_slot *slots;
	size_t mask;
	size_t count;
};

/*
 * The table's keys (message ids, folder names) come from other people's
 * mail, so the hash is keyed with a per-process random secret: SipHash-1-3,
 * whose output an attacker cannot predict, so no one can craft colliding
 * ids to make lookups linear. Not stable across runs: never persist it.
 */
static uint64_t sip_k0, sip_k1;
static pthread_once_t sip_once = PTHREAD_ONCE_INIT;

static void sip_init(void)
{
	uint64_t k[2] = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };

	if (getrandom(k, sizeof(k), 0) != (ssize_t)sizeof(k)) {
		/* No entropy yet (very early boot): still differ per process. */
		k[0] ^= (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
		k[1] ^= (uint64_t)(uintptr_t)&k;
	}
	sip_k0 = k[0];
	sip_k1 = k[1];
}

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                   \
	do {                       \
		v0 += v1;          \
		v1 = ROTL(v1, 13); \
		v1 ^= v0;          \
		v0 = ROTL(v0, 32); \
		v2 += v3;          \
		v3 = ROTL(v3, 16); \
		v3 ^= v2;          \
		v0 += v3;          \
		v3 = ROTL(v3, 21); \
		v3 ^= v0;          \
		v2 += v1;          \
		v1 = ROTL(v1, 17); \
		v1 ^= v2;          \
		v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t v0, v1, v2, v3, m, last;
	size_t i, blocks = n / 8;

	pthread_once(&sip_once, sip_init);
	v0 = sip_k0 ^ 0x736f6d6570736575ULL;
	v1 = sip_k1 ^ 0x646f72616e646f6dULL;
	v2 = sip_k0 ^ 0x6c7967656e657261ULL;
	v3 = sip_k1 ^ 0x7465646279746573ULL;
	for (i = 0; i < blocks; i++) {
		m = load_le64(s + 8 * i);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	last = (uint64_t)n << 56;
	for (i = 0; i < n % 8; i++)
		last |= (uint64_t)s[blocks * 8 + i] << (8 * i);
	v3 ^= last;
	SIPROUND;
	v0 ^= last;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

struct hash *hash_new(size_t hint)
{
	struct hash *h = xcalloc(1, sizeof(*h));
	size_t size = 16;

	while (size < hint + hint / 2 + 1)
		size *= 2;
	h->slots = xcalloc(size, sizeof(*h->slots));
	h->mask = size - 1;
	return h;
}

void hash_free(struct hash **hp)
{
	if (!*hp)
		return;
	free((*hp)->slots);
	free(*hp);
	*hp = NULL;
}

static struct hash_slot *find_slot(const struct hash *h, const char *key, size_t len, uint64_t hv)
{
	size_t i = (size_t)hv & h->mask;

	for (;;) {
		struct hash_slot *s = &h->slots[i];
		if (!s->key || (s->hv == hv && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & h->mask;
	}
}

static void rehash(struct hash *h)
{
	struct hash_slot *old = h->slots;
	size_t oldsize = h->mask + 1;

	h->slots = xcalloc(oldsize * 2, sizeof(*h->slots));
	h->mask = oldsize * 2 - 1;
	for (size_t i = 0; i < oldsize; i++) {
		if (old[i].key)
			*find_slot(h, old[i].key, old[i].len, old[i].hv) = old[i];
	}
	free(old);
}

void *hash_get(const struct hash *h, const char *key, size_t len)
{
	struct hash_slot *s = find_slot(h, key, len, hash_bytes(key, len));
	return s->key ? s->val : NULL;
}

void *hash_put(struct hash *h, const char *key, size_t len, void *val)
{
	uint64_t hv = hash_bytes(key, len);
	struct hash_slot *s;
	void *prev;

	if ((h->count + 1) * 10 > (h->mask + 1) * 7)
		rehash(h);
	s = find_slot(h, key, len, hv);
	if (s->key) {
		prev = s->val;
		s->val = val;
		return prev;
	}
	s->key = key;
	s->len = len;
	s->hv = hv;
	s->val = val;
	h->count++;
	return NULL;
}

void **hash_upsert(struct hash *h, const char *key, size_t len, bool *added)
{
	uint64_t hv = hash_bytes(key, len);
	struct hash_slot *s;

	if ((h->count + 1) * 10 > (h->mask + 1) * 7)
		rehash(h);
	s = find_slot(h, key, len, hv);
	*added = !s->key;
	if (*added) {
		s->key = key;
		s->len = len;
		s->hv = hv;
		s->val = NULL;
		h->count++;
	}
	return &s->val;
}

size_t hash_count(const struct hash *h)
{
	return h->count;
}
