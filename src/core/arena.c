/*
 * arena.c - a chunked bump allocator. Chunks grow geometrically (64 KiB to
 * 4 MiB) so a folder of any size costs few mallocs, and a large object gets
 * a chunk of its own so it wastes nothing.
 */
#include <sys/mman.h>

#include "core/core.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* bytes of data[] */
	max_align_t data[];
};

#define CHUNK_MIN ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)4 * 1024 * 1024)
#define ALIGN     (sizeof(max_align_t))

static struct arena_chunk *new_chunk(size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
#ifdef MADV_POPULATE_WRITE
	/* A big chunk is filled soon: one call maps its pages instead of a fault per page. */
	if (size >= CHUNK_MAX) {
		uintptr_t a = ((uintptr_t)c->data + 4095) & ~(uintptr_t)4095;
		uintptr_t e = ((uintptr_t)c->data + size) & ~(uintptr_t)4095;
		if (e > a)
			(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
	}
#endif
	return c;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
	struct arena_chunk *c;

	if (need < n)
		need = SIZE_MAX; /* overflow: xmalloc reports it */
	if (a->head && a->head->size - a->used >= need) {
		void *p = (char *)a->head->data + a->used;
		a->used += need;
		return p;
	}
	if (need > CHUNK_MAX / 4) {
		/* A big object: its own chunk, behind the current one so filling continues. */
		c = new_chunk(need);
		a->total += need;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
			a->used = need;
		}
		return c->data;
	}
	size_t size = a->total < CHUNK_MIN ? CHUNK_MIN : MIN(a->total, CHUNK_MAX);
	/* Objects up to CHUNK_MAX / 4 share chunks, but may exceed a young arena's next chunk. */
	size = MAX(size, need);
	c = new_chunk(size);
	c->next = a->head;
	a->head = c;
	a->used = need;
	a->total += size;
	return c->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_steal(struct arena *to, struct arena *from)
{
	struct arena_chunk *last;

	if (!from->head)
		return;
	if (!to->head) {
		*to = *from;
	} else {
		/* from's chunks go behind to's current one, which keeps filling. */
		for (last = from->head; last->next; last = last->next)
			;
		last->next = to->head->next;
		to->head->next = from->head;
		to->total += from->total;
	}
	from->head = NULL;
	from->used = from->total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = a->total = 0;
}
