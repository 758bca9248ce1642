/*
 * thread.c - the thread forest of a folder: Jamie Zawinski's algorithm
 * (containers keyed by Message-ID, References chains, pruning of empty
 * containers, optional gathering by subject), reworked so that no input can
 * make it quadratic, recurse or loop.
 *
 * Where it differs from the description, and why:
 *
 * - Loops. JWZ checks each new link by walking up from the parent, which is
 *   O(depth) per link: a hostile folder of 100,000 messages makes that
 *   quadratic. Here links are only ever added (never moved), in order of
 *   trust, and a union-find over the trees tells in near-constant time
 *   whether a link would close a loop. The order of trust:
 *     1. each message's own claim "my parent is the last id of my chain",
 *        when it is plausible (the parent is not newer than the child);
 *     2. own claims that are implausible, then, for a message whose claim
 *        would loop, the earlier ids of its chain, nearest first;
 *     3. the links between consecutive ids of every chain, first come first
 *        served, which is what places the ids the folder has no message for.
 *   So a message's own References beat what others say about it (JWZ's
 *   "throw away the old information"), and in an A->B->A loop the older
 *   message stays the parent.
 * - A message's chain is its References (the first id and the last
 *   THREAD_MAX_REFS - 1), then In-Reply-To when it names an id References
 *   does not, minus its own id and repeated ids.
 * - Duplicate Message-IDs: the first message owns the id; the others are
 *   threaded by their own References but nothing can reply to them.
 * - Subject gathering (THREAD_BY_SUBJECT) only moves a root whose subject is
 *   a reply ("Re: x") under the latest root with the same base subject that
 *   is not one (or is a placeholder for a missing original) and is not newer
 *   than it. Two threads that merely share a subject stay apart.
 *
 * Nodes 0..n-1 are the messages in input order, so node_of_msg is the
 * identity; placeholders that survive pruning follow.
 */
#include <limits.h>
#include <stdint.h>

#include "email/email.h"

/* References ids used per message: the first and the last THREAD_MAX_REFS - 1. */
#define THREAD_MAX_REFS 1000
/* Containers (messages plus placeholders); int node indexes must not overflow. */
#define THREAD_MAX_NODES (INT_MAX / 4)

struct builder {
	const struct thread_msg *msgs;
	int n;            /* messages */
	int nodes;        /* messages plus placeholders created so far */
	struct hash *ids; /* Message-ID -> node + 1 */
	int *seen;        /* per node: 1 + the message whose chain last took it */
	size_t seen_cap;
	int *chain;       /* every message's resolved chain, back to back */
	size_t *chain_at; /* message i's chain is chain[chain_at[i], chain_at[i + 1]) */
	size_t nchain, chain_cap;
	int *parent; /* the linked forest */
	int *uf;     /* union-find over its trees: link, or -(size) at a set's root */
};

/* ---- Step 1: containers and reference chains ----------------------------- */

/* The node of id, creating a placeholder for an id no message has; -1 for junk. */
static int id_node_add(struct builder *b, const char *id)
{
	size_t len = strlen(id);
	bool added;
	void **v;

	if (!len || (len == 2 && id[0] == '<' && id[1] == '>'))
		return -1;
	if (b->nodes >= THREAD_MAX_NODES) {
		void *known = hash_get(b->ids, id, len);
		return known ? (int)((uintptr_t)known - 1) : -1;
	}
	v = hash_upsert(b->ids, id, len, &added);
	if (!added)
		return (int)((uintptr_t)*v - 1);
	*v = (void *)(uintptr_t)(b->nodes + 1);
	ALLOC_GROW(b->seen, (size_t)b->nodes + 1, b->seen_cap);
	b->seen[b->nodes] = 0;
	return b->nodes++;
}

static void chain_add(struct builder *b, int msg, int self_id, const char *id)
{
	int node;

	if (!id || (node = id_node_add(b, id)) < 0 || node == msg || node == self_id ||
	    b->seen[node] == msg + 1)
		return;
	b->seen[node] = msg + 1;
	ALLOC_GROW(b->chain, b->nchain + 1, b->chain_cap);
	b->chain[b->nchain++] = node;
}

static void resolve_chain(struct builder *b, int i)
{
	const struct thread_msg *m = &b->msgs[i];
	size_t r = m->refs ? m->nrefs : 0;
	int self_id = (int)b->chain_at[i] - 1; /* stashed there by make_containers */

	b->chain_at[i] = b->nchain;
	if (r) /* RFC 5322 3.6.4: the first id names the thread's start; keep it */
		chain_add(b, i, self_id, m->refs[0]);
	for (size_t k = r > THREAD_MAX_REFS ? r - (THREAD_MAX_REFS - 1) : 1; k < r; k++)
		chain_add(b, i, self_id, m->refs[k]);
	chain_add(b, i, self_id, m->in_reply_to);
}

static void make_containers(struct builder *b)
{
	b->ids = hash_new((size_t)b->n + (size_t)b->n / 4); /* room for some placeholders */
	b->nodes = b->n;
	b->seen_cap = (size_t)b->n + 16;
	b->seen = xcalloc(b->seen_cap, sizeof(*b->seen));
	b->chain_at = xmalloc(((size_t)b->n + 1) * sizeof(*b->chain_at));
	/*
	 * Each message's own id is looked up once: the node that owns it (the
	 * first message with that id) waits in chain_at[i] + 1 until
	 * resolve_chain(i) replaces it with where i's chain starts.
	 */
	for (int i = 0; i < b->n; i++) {
		const char *id = b->msgs[i].message_id;
		bool added;
		void **v;

		b->chain_at[i] = 0;
		if (!id || !*id)
			continue;
		v = hash_upsert(b->ids, id, strlen(id), &added);
		if (added)
			*v = (void *)(uintptr_t)(i + 1);
		b->chain_at[i] = (size_t)(uintptr_t)*v;
	}
	/* Size the chains once: growing a multi-megabyte array by doubling costs copies. */
	for (int i = 0; i < b->n; i++)
		b->chain_cap += MIN(b->msgs[i].refs ? b->msgs[i].nrefs : 0, THREAD_MAX_REFS) + 1;
	b->chain = xmalloc((b->chain_cap + 1) * sizeof(*b->chain));
	for (int i = 0; i < b->n; i++)
		resolve_chain(b, i);
	b->chain_at[b->n] = b->nchain;
	hash_free(&b->ids);
}

/* ---- Step 2: linking, loop-free by construction -------------------------- */

static int uf_find(int *uf, int x)
{
	while (uf[x] >= 0) {
		int p = uf[x];
		if (uf[p] >= 0) /* path splitting keeps the sets shallow */
			uf[x] = uf[p];
		x = p;
	}
	return x;
}

/* Make p the parent of c unless c has one or p is in c's tree (a loop). */
static bool try_link(struct builder *b, int c, int p)
{
	int rc, rp;

	if (c == p || b->parent[c] >= 0)
		return false;
	rc = uf_find(b->uf, c);
	rp = uf_find(b->uf, p);
	if (rc == rp)
		return false;
	b->parent[c] = p;
	if (b->uf[rc] > b->uf[rp]) { /* union by size: sizes are stored negated */
		int t = rc;
		rc = rp;
		rp = t;
	}
	b->uf[rc] += b->uf[rp];
	b->uf[rp] = rc;
	return true;
}

/* A reply is not older than what it replies to; unknown dates (0) are no evidence. */
static bool plausible(const struct builder *b, int c, int p)
{
	time_t dc, dp;

	if (c >= b->n || p >= b->n)
		return true;
	dc = b->msgs[c].date;
	dp = b->msgs[p].date;
	return !dc || !dp || dc >= dp;
}

static void link_all(struct builder *b)
{
	const int *ch = b->chain;

	for (int i = 0; i < b->nodes; i++) {
		b->parent[i] = -1;
		b->uf[i] = -1;
	}
	for (int i = 0; i < b->n; i++) {
		size_t s = b->chain_at[i], e = b->chain_at[i + 1];
		if (s < e && plausible(b, i, ch[e - 1]))
			try_link(b, i, ch[e - 1]);
	}
	for (int i = 0; i < b->n; i++)
		for (size_t k = b->chain_at[i + 1]; k > b->chain_at[i]; k--)
			if (try_link(b, i, ch[k - 1]) || b->parent[i] >= 0)
				break;
	for (int i = 0; i < b->n; i++)
		for (size_t k = b->chain_at[i] + 1; k < b->chain_at[i + 1]; k++)
			try_link(b, ch[k], ch[k - 1]);
}

/* ---- Step 3: pruning placeholders ---------------------------------------- */

/* Nodes in breadth-first order (parents before children), without recursion. */
static void bfs_order(const int *parent, int nodes, int *child, int *next, int *order)
{
	size_t head = 0, tail = 0;

	for (int v = 0; v < nodes; v++)
		child[v] = -1;
	for (int v = nodes - 1; v >= 0; v--) {
		if (parent[v] >= 0) {
			next[v] = child[parent[v]];
			child[parent[v]] = v;
		}
	}
	for (int v = 0; v < nodes; v++)
		if (parent[v] < 0)
			order[tail++] = v;
	while (head < tail)
		for (int c = child[order[head++]]; c >= 0; c = next[c])
			order[tail++] = c;
}

/*
 * Decide each container's final parent (fp) and whether a placeholder is
 * kept. Default (JWZ step 4): a placeholder below the top level gives its
 * children to its parent; a top-level one stays only to hold two or more
 * children. With THREAD_KEEP_EMPTY every placeholder above a message stays.
 * Returns the number of placeholders kept; kept[v] is their new index.
 */
static int prune(const struct builder *b, unsigned flags, const int *order, int *up, int *cnt,
		 int *kept)
{
	const int *parent = b->parent;
	int nkept = 0, n = b->n;

	for (int v = 0; v < b->nodes; v++)
		cnt[v] = 0;
	if (flags & THREAD_KEEP_EMPTY) {
		/* cnt: messages below; parents come before children in order. */
		for (int k = b->nodes - 1; k >= 0; k--) {
			int v = order[k];
			if (v < n)
				cnt[v]++;
			if (parent[v] >= 0)
				cnt[parent[v]] += cnt[v];
			up[v] = parent[v];
		}
	} else {
		/* up: the nearest message or top-level placeholder above v. */
		for (int k = 0; k < b->nodes; k++) {
			int v = order[k], q = parent[v];
			up[v] = (q < 0 || q < n || parent[q] < 0) ? q : up[q];
			if (v < n && up[v] >= n)
				cnt[up[v]]++;
		}
		for (int v = n; v < b->nodes; v++)
			if (parent[v] >= 0 || cnt[v] < 2)
				cnt[v] = 0;
	}
	for (int v = n; v < b->nodes; v++)
		kept[v] = cnt[v] ? n + nkept++ : -1;
	return nkept;
}

/* ---- Step 4: ordering ---------------------------------------------------- */

struct order_ctx {
	const struct thread_msg *msgs;
	int (*cmp)(int a, int b, void *ctx);
	void *ctx;
	const int *rep; /* per node: the message it sorts as */
};

static bool msg_before(const struct order_ctx *o, int a, int b)
{
	int c;

	if (o->cmp) {
		c = o->cmp(a, b, o->ctx);
	} else {
		time_t da = o->msgs[a].date, db = o->msgs[b].date;
		c = (da > db) - (da < db);
	}
	return c ? c < 0 : a < b; /* input order settles ties: a deterministic result */
}

static bool node_before(const void *ctx, int a, int b)
{
	const struct order_ctx *o = ctx;
	return msg_before(o, o->rep[a], o->rep[b]);
}

/* Bottom-up merge sort: stable, O(n log n) even for an inconsistent cmp, no recursion. */
static void merge_sort(int *v, int *tmp, size_t n, bool (*before)(const void *, int, int),
		       const void *ctx)
{
	int *src = v, *dst = tmp, *t;

	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = MIN(lo + w, n), hi = MIN(lo + 2 * w, n);
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = before(ctx, src[j], src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/* Sort the sibling list starting at first; returns the new first. */
static int sort_siblings(struct thread_node *nodes, int first, int *buf, int *tmp,
			 const struct order_ctx *o)
{
	size_t k = 0;

	for (int c = first; c >= 0; c = nodes[c].next)
		buf[k++] = c;
	merge_sort(buf, tmp, k, node_before, o);
	for (size_t i = 0; i < k; i++)
		nodes[buf[i]].next = i + 1 < k ? buf[i + 1] : -1;
	return k ? buf[0] : -1;
}

/*
 * Sort every sibling list, deepest first, so that a placeholder can sort
 * as its first child. rep must have room for t->n entries.
 */
static void sort_tree(struct thread_tree *t, int *order, int *buf, int *tmp, int *rep,
		      const struct order_ctx *o)
{
	struct thread_node *nd = t->nodes;
	size_t head = 0, tail = 0;

	for (int r = t->root; r >= 0; r = nd[r].next)
		order[tail++] = r;
	while (head < tail)
		for (int c = nd[order[head++]].child; c >= 0; c = nd[c].next)
			order[tail++] = c;
	for (size_t k = tail; k-- > 0;) {
		int v = order[k];
		if (nd[v].child >= 0)
			nd[v].child = sort_siblings(nd, nd[v].child, buf, tmp, o);
		rep[v] = nd[v].msg >= 0 ? nd[v].msg : rep[nd[v].child];
	}
	t->root = sort_siblings(nd, t->root, buf, tmp, o);
}

/* ---- Step 5: gathering roots by subject ---------------------------------- */

struct subject_root {
	int node;
	bool anchor;   /* may receive replies: not a reply itself, or a placeholder */
	bool received; /* got replies: its children need sorting again */
	time_t date;
	const char *base; /* subject without "Re:" prefixes and trailing white space */
	size_t len;
};

static bool subject_root_before(const void *ctx, int a, int b)
{
	const struct subject_root *s = ctx;

	if (s[a].date != s[b].date)
		return s[a].date < s[b].date;
	if (s[a].anchor != s[b].anchor) /* an original goes before a reply of the same second */
		return s[a].anchor;
	return a < b;
}

/* Fill s for root r; false when it has no usable subject. */
static bool describe_root(const struct thread_tree *t, const struct thread_msg *msgs,
			  const int *rep, int r, struct subject_root *s)
{
	const char *subj = msgs[rep[r]].subject;
	size_t lead = 0, skip;

	if (!subj)
		return false;
	while (is_space((unsigned char)subj[lead]))
		lead++;
	skip = subject_prefix_len(subj);
	s->node = r;
	s->anchor = t->nodes[r].msg < 0 || skip == lead;
	s->received = false;
	s->date = msgs[rep[r]].date;
	s->base = subj + skip;
	s->len = strlen(s->base);
	while (s->len && is_space((unsigned char)s->base[s->len - 1]))
		s->len--;
	return s->len > 0;
}

/* Sweep the roots in date order, remembering the latest original of each subject. */
static void attach_replies(struct thread_tree *t, struct subject_root *s, const int *idx, size_t ns)
{
	struct hash *latest = hash_new(ns);

	for (size_t k = 0; k < ns; k++) {
		struct subject_root *r = &s[idx[k]];
		struct subject_root *a;
		if (r->anchor) {
			hash_put(latest, r->base, r->len, r);
			continue;
		}
		if (!(a = hash_get(latest, r->base, r->len)))
			continue;
		t->nodes[r->node].parent = a->node;
		t->nodes[r->node].next = t->nodes[a->node].child;
		t->nodes[a->node].child = r->node;
		a->received = true;
	}
	hash_free(&latest);
}

/*
 * roots: room for every root (the sort's order array is free by now); buf
 * and tmp: merge buffers; rep as left by sort_tree.
 */
static void group_by_subject(struct thread_tree *t, const struct thread_msg *msgs, int *roots,
			     int *buf, int *tmp, int *rep, const struct order_ctx *o)
{
	struct subject_root *s;
	size_t nroots = 0, ns = 0, kept = 0;

	for (int r = t->root; r >= 0; r = t->nodes[r].next)
		roots[nroots++] = r;
	s = xmalloc((nroots ? nroots : 1) * sizeof(*s));
	for (size_t k = 0; k < nroots; k++)
		if (describe_root(t, msgs, rep, roots[k], &s[ns]))
			ns++;
	for (size_t k = 0; k < ns; k++)
		buf[k] = (int)k;
	merge_sort(buf, tmp, ns, subject_root_before, s);
	attach_replies(t, s, buf, ns);
	for (size_t k = 0; k < ns; k++) {
		int a = s[k].node;
		if (!s[k].received)
			continue;
		t->nodes[a].child = sort_siblings(t->nodes, t->nodes[a].child, buf, tmp, o);
		rep[a] = t->nodes[a].msg >= 0 ? t->nodes[a].msg : rep[t->nodes[a].child];
	}
	free(s);
	/* Relink the roots that stayed, then order the top level again. */
	for (size_t k = 0; k < nroots; k++)
		if (t->nodes[roots[k]].parent < 0)
			roots[kept++] = roots[k];
	for (size_t k = 0; k < kept; k++)
		t->nodes[roots[k]].next = k + 1 < kept ? roots[k + 1] : -1;
	t->root = sort_siblings(t->nodes, kept ? roots[0] : -1, buf, tmp, o);
}

/* ---- Putting it together ------------------------------------------------- */

/* Write the pruned forest into out: messages first, then kept placeholders. */
static void emit(const struct builder *b, const int *up, const int *kept, int nkept,
		 struct thread_tree *out)
{
	int n = b->n, total = n + nkept, last_root = -1;
	struct thread_node *nd;

	out->n = (size_t)total;
	out->nodes = nd = xmalloc(((size_t)total + 1) * sizeof(*nd));
	out->node_of_msg = xmalloc(((size_t)n + 1) * sizeof(int));
	out->root = -1;
	for (int i = 0; i < n; i++)
		out->node_of_msg[i] = i;
	for (int v = 0; v < b->nodes; v++) {
		int self = v < n ? v : kept[v], p = up[v];
		if (self < 0)
			continue;
		/* A message whose placeholder parent was pruned away moves to the top level. */
		nd[self] = (struct thread_node){ v < n ? v : -1, -1, -1, -1 };
		if (p >= 0)
			nd[self].parent = p < n ? p : kept[p];
	}
	for (int v = total - 1; v >= 0; v--) {
		int p = nd[v].parent;
		if (p >= 0) {
			nd[v].next = nd[p].child;
			nd[p].child = v;
		} else {
			if (last_root < 0)
				out->root = v;
			else
				nd[last_root].next = v;
			last_root = v;
		}
	}
}

int thread_build(const struct thread_msg *msgs, size_t n, unsigned flags,
		 int (*cmp)(int a, int b, void *ctx), void *ctx, struct thread_tree *out)
{
	struct builder b = { .msgs = msgs, .n = (int)n };
	struct order_ctx o = { msgs, cmp, ctx, NULL };
	int *work, *order, *up, *cnt, *kept, *rep, nkept, rc = ERR_LIMIT;
	size_t nodes;

	memset(out, 0, sizeof(*out));
	out->root = -1;
	if (n > THREAD_MAX_NODES)
		goto fail;
	make_containers(&b);
	nodes = (size_t)b.nodes;
	/* One block for every per-container array. */
	work = xmalloc(6 * (nodes + 1) * sizeof(*work));
	b.parent = work;
	b.uf = work + (nodes + 1);
	order = work + 2 * (nodes + 1);
	up = work + 3 * (nodes + 1);
	cnt = work + 4 * (nodes + 1);
	kept = work + 5 * (nodes + 1);
	link_all(&b);
	bfs_order(b.parent, b.nodes, up, cnt, order); /* up, cnt: child lists, scratch */
	nkept = prune(&b, flags, order, up, cnt, kept);
	emit(&b, up, kept, nkept, out);
	/* parent and uf are free again: reuse them as sort buffers, cnt as rep. */
	rep = cnt;
	o.rep = rep;
	sort_tree(out, order, b.parent, b.uf, rep, &o);
	if (flags & THREAD_BY_SUBJECT)
		group_by_subject(out, msgs, order, b.parent, b.uf, rep, &o);
	free(work);
	rc = 0;
fail:
	free(b.seen);
	free(b.chain);
	free(b.chain_at);
	if (rc) {
		out->nodes = xcalloc(1, sizeof(*out->nodes));
		out->node_of_msg = xcalloc(1, sizeof(int));
	}
	return rc;
}

void thread_tree_release(struct thread_tree *t)
{
	free(t->nodes);
	free(t->node_of_msg);
	memset(t, 0, sizeof(*t));
	t->root = -1;
}
