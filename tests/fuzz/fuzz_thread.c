/*
 * fuzz_thread.c - thread_build on small folders decoded from the input.
 *
 * Ids, references and subjects are drawn from tiny alphabets so that
 * duplicate ids, missing parents, self-references and loops are the rule,
 * not the exception. Input layout: one byte of options (flags, which
 * comparison), then per message five bytes and its references:
 *   id, date, subject, in-reply-to, nrefs, then nrefs reference bytes.
 *
 * Invariants: every message appears exactly once; parent, child and next
 * links agree and a walk from the roots meets every node once (so the forest
 * is acyclic); placeholders are pruned as the flags say; siblings and roots
 * are in comparison order (when the comparison is consistent); and building
 * twice gives the same forest.
 */
#include "email/email.h"

#define MAX_MSGS 64
#define MAX_REFS 8

static const char *const ids[] = {
	"<a>", "<b>", "<c>", "<d>", "<e>", "<f>", "<g>", "<h>", "", "<>"
};
static const char *const subjects[] = { "x", "Re: x", "y", "Re: y", "Fwd: x", "", "Re:", NULL };

struct folder {
	struct thread_msg m[MAX_MSGS];
	const char *refs[MAX_MSGS][MAX_REFS];
	size_t n;
	unsigned flags;
	int order; /* 0: default, 1: newest first, 2: inconsistent */
	unsigned calls;
};

/* An id, or NULL for the selector's last value. */
static const char *pick_id(uint8_t b)
{
	b %= ARRAY_SIZE(ids) + 1;
	return b < ARRAY_SIZE(ids) ? ids[b] : NULL;
}

static void decode(const uint8_t *data, size_t size, struct folder *f)
{
	size_t i = 1;

	memset(f, 0, sizeof(*f));
	if (!size)
		return;
	f->flags = data[0] & (THREAD_BY_SUBJECT | THREAD_KEEP_EMPTY);
	f->order = (data[0] >> 2) % 3;
	while (i + 5 <= size && f->n < MAX_MSGS) {
		struct thread_msg *m = &f->m[f->n];
		size_t nr = data[i + 4] % (MAX_REFS + 1);
		m->message_id = pick_id(data[i]);
		m->date = data[i + 1] % 8; /* 0: unknown */
		m->subject = subjects[data[i + 2] % ARRAY_SIZE(subjects)];
		m->in_reply_to = pick_id(data[i + 3]);
		i += 5;
		for (size_t k = 0; k < nr && i < size; k++)
			f->refs[f->n][m->nrefs++] = pick_id(data[i++]);
		m->refs = m->nrefs ? f->refs[f->n] : NULL;
		f->n++;
	}
}

static int newest_first(int a, int b, void *ctx)
{
	const struct folder *f = ctx;
	return (f->m[a].date < f->m[b].date) - (f->m[a].date > f->m[b].date);
}

/* Not a consistent order at all: the sort must still terminate and permute. */
static int inconsistent(int a, int b, void *ctx)
{
	struct folder *f = ctx;
	f->calls = f->calls * 1103515245u + 12345u + (unsigned)a * 31u + (unsigned)b;
	return (int)(f->calls >> 16) % 3 - 1;
}

static int compare(const struct folder *f, int a, int b)
{
	int c;

	if (f->order == 1)
		c = newest_first(a, b, (void *)f);
	else
		c = (f->m[a].date > f->m[b].date) - (f->m[a].date < f->m[b].date);
	return c ? c : (a > b) - (a < b);
}

static int rep_of(const struct thread_tree *t, int v)
{
	while (t->nodes[v].msg < 0)
		v = t->nodes[v].child;
	return t->nodes[v].msg;
}

static void check_sorted(const struct thread_tree *t, const struct folder *f, int a, int b)
{
	if (f->order != 2 && a >= 0 && compare(f, rep_of(t, a), rep_of(t, b)) > 0)
		abort();
}

static void check_tree(const struct thread_tree *t, const struct folder *f)
{
	char seen[MAX_MSGS * (MAX_REFS + 2) + 1] = { 0 };
	int stack[sizeof(seen)];
	size_t sp = 0, visited = 0, msgs = 0;

	if (t->n < f->n || t->n >= sizeof(seen) || (t->root < 0) != (t->n == 0))
		abort();
	for (size_t i = 0; i < f->n; i++) {
		int v = t->node_of_msg[i];
		if (v < 0 || (size_t)v >= t->n || t->nodes[v].msg != (int)i)
			abort();
	}
	for (int r = t->root, prev = -1; r >= 0; prev = r, r = t->nodes[r].next) {
		if ((size_t)r >= t->n || seen[r] || t->nodes[r].parent != -1)
			abort();
		seen[r] = 1;
		stack[sp++] = r;
		check_sorted(t, f, prev, r);
	}
	while (sp) {
		int v = stack[--sp], kids = 0;
		const struct thread_node *nd = &t->nodes[v];
		visited++;
		if (nd->msg < -1 || nd->msg >= (int)f->n)
			abort();
		msgs += nd->msg >= 0;
		for (int c = nd->child, prev = -1; c >= 0; prev = c, c = t->nodes[c].next) {
			if ((size_t)c >= t->n || seen[c] || t->nodes[c].parent != v)
				abort();
			seen[c] = 1;
			stack[sp++] = c;
			kids++;
			check_sorted(t, f, prev, c);
		}
		if (nd->msg < 0 &&
		    (f->flags & THREAD_KEEP_EMPTY ? kids < 1 : nd->parent >= 0 || kids < 2))
			abort();
	}
	if (visited != t->n || msgs != f->n)
		abort();
}

static void check_same(const struct thread_tree *a, const struct thread_tree *b)
{
	if (a->n != b->n || a->root != b->root ||
	    memcmp(a->nodes, b->nodes, a->n * sizeof(*a->nodes)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct folder f;
	int (*cmps[])(int, int, void *) = { NULL, newest_first, inconsistent };
	struct thread_tree t, again;

	decode(data, size, &f);
	if (thread_build(f.m, f.n, f.flags, cmps[f.order], &f, &t) != 0)
		abort();
	check_tree(&t, &f);
	if (f.order != 2) {
		if (thread_build(f.m, f.n, f.flags, cmps[f.order], &f, &again) != 0)
			abort();
		check_same(&t, &again);
		thread_tree_release(&again);
	}
	thread_tree_release(&t);
	return 0;
}
