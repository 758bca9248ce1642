/*
 * arena.c - a chunked bump allocator. Chunks grow geometrically (64 KiB to
 * 4 MiB) so a folder of any size costs few mallocs, and a large object gets
 * a chunk of its own so it wastes nothing. Pages are mapped ahead of the
 * bump pointer a window at a time: one madvise instead of a fault per page,
 * yet the unused tail of the last chunk costs no memory.
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
#define WINDOW    ((size_t)256 * 1024)

static struct arena_chunk *new_chunk(size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	return c;
}

/* Map the head chunk's pages up to the window after the bump pointer. */
static void map_ahead(struct arena *a)
{
#ifdef MADV_POPULATE_WRITE
	struct arena_chunk *c = a->head;
	size_t to = MIN(c->size, a->used + WINDOW);
	uintptr_t s = ((uintptr_t)c->data + a->ready + 4095) & ~(uintptr_t)4095;
	uintptr_t e = ((uintptr_t)c->data + to) & ~(uintptr_t)4095;

	if (e > s)
		(void)madvise((void *)s, e - s, MADV_POPULATE_WRITE);
	a->ready = to;
#else
	a->ready = a->head->size;
#endif
}

/* Start filling a new head chunk with its first n bytes. */
static void *start_chunk(struct arena *a, struct arena_chunk *c, size_t n)
{
	c->next = a->head;
	a->head = c;
	a->used = n;
	a->ready = 0;
	if (c->size >= 4 * WINDOW)
		map_ahead(a);
	else
		a->ready = c->size;
	return c->data;
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
		if (a->used > a->ready)
			map_ahead(a);
		return p;
	}
	if (need > CHUNK_MAX / 4) {
		/* A big object: its own chunk, behind the current one so filling continues. */
		c = new_chunk(need);
		a->total += need;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
			return c->data;
		}
		return start_chunk(a, c, need);
	}
	size_t size = a->total < CHUNK_MIN ? CHUNK_MIN : MIN(a->total, CHUNK_MAX);
	/* Objects up to CHUNK_MAX / 4 share chunks, but may exceed a young arena's next chunk. */
	size = MAX(size, need);
	a->total += size;
	return start_chunk(a, new_chunk(size), need);
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
	from->used = from->ready = from->total = 0;
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
	a->used = a->ready = a->total = 0;
}
