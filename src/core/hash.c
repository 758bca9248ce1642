/*
 * hash.c - open-addressing hash table from counted strings to pointers.
 * Linear probing over a power-of-two table kept at most 70% full; entries
 * are never removed, which is all the users (threading, caches) need.
 */
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

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
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

size_t hash_count(const struct hash *h)
{
	return h->count;
}
