/*
 * view.c - what the index shows: the messages that pass the limit, sorted
 * by $sort (and $sort_aux to break ties and order threads), threaded when
 * $sort is threads, with what the thread tree needs to be drawn, and the
 * threads the interface collapsed folded into their top row.
 */
#include "mx/mx-private.h"

struct sort_ctx {
	const struct message *msgs;
	int method; /* enum sort_method with flags */
	int aux;
	const uint32_t *sel; /* threading: candidate i is msgs[sel[i]] */
};

/* Candidate i of a thread build. */
static const struct message *cand(const struct sort_ctx *c, int i)
{
	return &c->msgs[c->sel[i]];
}

static const char *first_name(const struct menv *e, enum menv_addr f)
{
	struct maddr a;

	if (!menv_first_addr(e, f, &a))
		return "";
	return a.name ? a.name : a.mailbox;
}

static int cmp_num(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int64_t sent_date(const struct message *m)
{
	/* A message without a usable Date sorts by when it arrived. */
	return m->env->date_valid ? m->env->date : m->received;
}

static const char *label(const struct message *m)
{
	const char *l = menv_str(m->env, ME_X_LABEL);
	return l ? l : "";
}

/* Compare two messages by one method (without its flags). */
static int cmp_method(const struct message *a, const struct message *b, int method)
{
	switch (method & SORT_MASK) {
	case SORT_DATE:
		return cmp_num(sent_date(a), sent_date(b));
	case SORT_RECEIVED:
		return cmp_num(a->received, b->received);
	case SORT_SIZE:
		return cmp_num((int64_t)a->size, (int64_t)b->size);
	case SORT_FROM:
		return ascii_strcasecmp(first_name(a->env, MA_FROM), first_name(b->env, MA_FROM));
	case SORT_TO:
		return ascii_strcasecmp(first_name(a->env, MA_TO), first_name(b->env, MA_TO));
	case SORT_SUBJECT:
		return ascii_strcasecmp(menv_subject_base(a->env), menv_subject_base(b->env));
	case SORT_LABEL:
		return ascii_strcasecmp(label(a), label(b));
	default: /* order, score, spam (not kept): mailbox order */
		return cmp_num(a->index, b->index);
	}
}

/* method, then aux, then mailbox order: a total order, so sorting is deterministic. */
static int cmp_full(const struct message *a, const struct message *b, const struct sort_ctx *c)
{
	int r = cmp_method(a, b, c->method);

	if (c->method & SORT_REVERSE)
		r = -r;
	if (!r && (c->aux & SORT_MASK) != SORT_THREADS) {
		r = cmp_method(a, b, c->aux);
		if (c->aux & SORT_REVERSE)
			r = -r;
	}
	return r ? r : cmp_num(a->index, b->index);
}

static _Thread_local const struct sort_ctx *qsort_ctx;

static int qsort_cmp(const void *x, const void *y)
{
	const struct message *m = qsort_ctx->msgs;
	return cmp_full(&m[*(const uint32_t *)x], &m[*(const uint32_t *)y], qsort_ctx);
}

/* Threads: siblings and threads ordered by $sort_aux. */
static int thread_cmp(int a, int b, void *ctx)
{
	const struct sort_ctx *c = ctx;
	struct sort_ctx aux = { c->msgs, c->aux, SORT_ORDER, c->sel };
	return cmp_full(cand(c, a), cand(c, b), &aux);
}

static void view_alloc(struct view *v, size_t n)
{
	size_t k = n ? n : 1;

	memset(v, 0, sizeof(*v));
	v->ids = xcalloc(k, sizeof(*v->ids));
	v->depth = xcalloc(k, sizeof(*v->depth));
	v->tree = xcalloc(k, sizeof(*v->tree));
	v->cont = xcalloc(k, sizeof(*v->cont));
	v->hidden = xcalloc(k, sizeof(*v->hidden));
}

static void push_row(struct view *v, const struct message *m, uint32_t depth, bool last,
		     uint32_t cont)
{
	v->ids[v->n] = m->id;
	v->depth[v->n] = depth;
	v->tree[v->n] = last ? VIEW_LAST : 0;
	v->cont[v->n] = cont;
	v->n++;
}

/* The candidates' thread inputs; refs point into the envelopes. */
static void thread_inputs(const struct message *msgs, const uint32_t *sel, size_t n,
			  struct thread_msg *in, const char ***refs_out)
{
	size_t total = 0, k = 0;
	const char **refs;

	for (size_t i = 0; i < n; i++)
		total += msgs[sel[i]].env->nrefs;
	refs = xmalloc((total ? total : 1) * sizeof(*refs));
	for (size_t i = 0; i < n; i++) {
		const struct menv *e = msgs[sel[i]].env;
		in[i] = (struct thread_msg){ .message_id = menv_str(e, ME_MESSAGE_ID),
					     .refs = refs + k,
					     .nrefs = e->nrefs,
					     .subject = menv_str(e, ME_SUBJECT),
					     .date = (time_t)sent_date(&msgs[sel[i]]) };
		for (const char *r = menv_ref(e, 0); r; r = menv_ref_next(e, r))
			refs[k++] = r;
	}
	*refs_out = refs;
}

/*
 * Walk the forest depth first without recursion (threads can be very
 * deep). Placeholders are not rows; their children take their depth.
 */
static void walk(const struct thread_tree *t, const struct message *msgs, const uint32_t *sel,
		 struct view *v)
{
	struct frame {
		int node;
		uint32_t depth;
		uint32_t cont;
	} *stack = xmalloc((t->n + 1) * sizeof(*stack));
	size_t sp = 0;

	if (t->root >= 0)
		stack[sp++] = (struct frame){ t->root, 0, 0 };
	while (sp) {
		struct frame f = stack[--sp];
		const struct thread_node *nd = &t->nodes[f.node];
		bool last = nd->next < 0;
		uint32_t child_depth = f.depth, child_cont = f.cont;

		/* The sibling is visited after this node's whole subtree. */
		if (nd->next >= 0)
			stack[sp++] = (struct frame){ nd->next, f.depth, f.cont };
		if (nd->msg >= 0) {
			push_row(v, &msgs[sel[nd->msg]], f.depth, last, f.cont);
			child_depth = f.depth + 1;
			if (f.depth > 0 && f.depth <= 32 && !last)
				child_cont |= 1u << (f.depth - 1);
		}
		if (nd->child >= 0)
			stack[sp++] = (struct frame){ nd->child, child_depth, child_cont };
	}
	free(stack);
}

struct root_key {
	int root, best; /* best: message index, or -1 for a thread of placeholders */
	size_t pos;     /* original position: ties keep it, so the sort is stable */
};

static _Thread_local const struct sort_ctx *roots_ctx;

static int cmp_roots(const void *x, const void *y)
{
	const struct root_key *a = x, *b = y;
	int r;

	if ((a->best < 0) != (b->best < 0))
		return a->best < 0 ? 1 : -1;
	r = a->best < 0 ? 0
			: cmp_full(cand(roots_ctx, a->best), cand(roots_ctx, b->best), roots_ctx);
	return r ? r : (a->pos < b->pos ? -1 : 1);
}

/* The best message of the subtree at node r under ctx (the newest, for dates), iteratively. */
static int subtree_best(const struct thread_tree *t, int r, const struct sort_ctx *ctx, int *stack)
{
	size_t sp = 0;
	int b = -1;

	stack[sp++] = r;
	while (sp) {
		const struct thread_node *nd = &t->nodes[stack[--sp]];
		if (nd->msg >= 0 && (b < 0 || cmp_full(cand(ctx, nd->msg), cand(ctx, b), ctx) > 0))
			b = nd->msg;
		for (int ch = nd->child; ch >= 0; ch = t->nodes[ch].next)
			stack[sp++] = ch;
	}
	return b;
}

/*
 * $sort_aux=last-X: threads are ordered by their best message under X (the
 * newest, for dates), not by their root. Reorders the top level only; the
 * siblings inside a thread keep the order thread_build gave them.
 */
static void order_roots_by_last(struct thread_tree *t, const struct sort_ctx *c)
{
	struct sort_ctx aux = { c->msgs, c->aux & ~SORT_LAST, SORT_ORDER, c->sel };
	int *stack = xmalloc((t->n + 1) * sizeof(*stack));
	struct root_key *k;
	size_t n = 0;

	for (int r = t->root; r >= 0; r = t->nodes[r].next)
		n++;
	k = xmalloc((n ? n : 1) * sizeof(*k));
	n = 0;
	for (int r = t->root; r >= 0; r = t->nodes[r].next) {
		k[n] = (struct root_key){ r, subtree_best(t, r, &aux, stack), n };
		n++;
	}
	roots_ctx = &aux;
	qsort(k, n, sizeof(*k), cmp_roots);
	for (size_t i = 0; i < n; i++)
		t->nodes[k[i].root].next = i + 1 < n ? k[i + 1].root : -1;
	t->root = n ? k[0].root : -1;
	free(k);
	free(stack);
}

/* Whole threads in reverse order, each thread kept top-down. */
static void reverse_threads(struct view *v)
{
	struct view r;

	view_alloc(&r, v->n);
	for (size_t end = v->n; end > 0;) {
		size_t start = end - 1;
		while (start > 0 && v->depth[start] != 0)
			start--;
		for (size_t k = start; k < end; k++) {
			r.ids[r.n] = v->ids[k];
			r.depth[r.n] = v->depth[k];
			r.tree[r.n] = v->tree[k];
			r.cont[r.n] = v->cont[k];
			r.n++;
		}
		end = start;
	}
	r.generation = v->generation;
	r.id_end = v->id_end;
	view_release(v);
	*v = r;
}

static int build_threads(const struct message *msgs, const uint32_t *sel, size_t n,
			 const struct view_opts *o, struct sort_ctx *c, struct view *v)
{
	struct thread_msg *in = xcalloc(n ? n : 1, sizeof(*in));
	struct thread_tree t;
	const char **refs;
	int rc;

	/* thread_cmp and the root ordering see candidates by their index in sel. */
	c->sel = sel;
	thread_inputs(msgs, sel, n, in, &refs);
	rc = thread_build(in, n, o->by_subject ? THREAD_BY_SUBJECT : 0, thread_cmp, c, &t);
	if (rc == 0) {
		if (c->aux & SORT_LAST)
			order_roots_by_last(&t, c);
		walk(&t, msgs, sel, v);
		if (o->sort & SORT_REVERSE)
			reverse_threads(v);
	}
	thread_tree_release(&t);
	free(refs);
	free(in);
	return rc;
}

/* ---- collapsed threads ---------------------------------------------------- */

/*
 * Whether the thread in rows [top, end) folds: one of its messages is in
 * the set (its top may have changed since it was collapsed) and, with
 * $uncollapse_new, none of them is new. Keeps the set keyed by the top, or
 * forgets the thread when new mail opens it.
 */
static bool thread_folds(const struct view_opts *o, const struct view *v, size_t top, size_t end)
{
	struct view_idset *s = o->collapsed;
	bool in = false, fresh = false;

	for (size_t r = top; r < end; r++) {
		uint32_t id = v->ids[r];
		if (view_idset_has(s, id)) {
			in = true;
			if (r > top)
				view_idset_del(s, id);
		}
		fresh |= o->uncollapse_new && o->new_from && id >= o->new_from;
	}
	if (!in)
		return false;
	if (fresh) {
		view_idset_del(s, v->ids[top]);
		return false;
	}
	view_idset_add(s, v->ids[top]);
	return true;
}

/* Rows [from, end) moved up to start at row `to` (to <= from). */
static void move_rows(struct view *v, size_t from, size_t end, size_t to)
{
	size_t k = end - from;

	if (from == to)
		return;
	memmove(v->ids + to, v->ids + from, k * sizeof(*v->ids));
	memmove(v->depth + to, v->depth + from, k * sizeof(*v->depth));
	memmove(v->tree + to, v->tree + from, k * sizeof(*v->tree));
	memmove(v->cont + to, v->cont + from, k * sizeof(*v->cont));
}

static void mark_collapsed(struct mailbox *mb, uint32_t id)
{
	struct message *m = mx_find(mb, id);

	if (m)
		m->flags |= MSG_COLLAPSED;
}

/* The thread in rows [top, end) becomes row `to` alone, its other messages folded under it. */
static void fold_thread(struct mailbox *mb, struct view *v, size_t top, size_t end, size_t to)
{
	if (!v->fold_at) {
		/* A thread hides fewer messages than the view has rows. */
		v->fold_at = xcalloc(v->n, sizeof(*v->fold_at));
		v->folded = xmalloc(v->n * sizeof(*v->folded));
	}
	/* Read the hidden rows before the top moves: to <= top, so they stay put. */
	for (size_t r = top + 1; r < end; r++) {
		v->folded[v->nfolded + r - top - 1] = v->ids[r];
		mark_collapsed(mb, v->ids[r]);
	}
	move_rows(v, top, top + 1, to);
	v->tree[to] |= VIEW_COLLAPSED;
	v->hidden[to] = (uint32_t)(end - top - 1);
	v->fold_at[to] = (uint32_t)v->nfolded;
	v->nfolded += end - top - 1;
	/* mutt's ~v: a thread collapsed over nothing is not "collapsed" */
	if (end - top > 1)
		mark_collapsed(mb, v->ids[to]);
}

/* Fold every collapsed thread of v into its top row, in place. */
static void fold_threads(struct mailbox *mb, const struct view_opts *o, struct view *v)
{
	size_t w = 0;

	for (size_t top = 0, end; top < v->n; top = end) {
		end = view_thread_end(v, top);
		if (thread_folds(o, v, top, end)) {
			fold_thread(mb, v, top, end, w);
			w++;
		} else {
			move_rows(v, top, end, w);
			w += end - top;
		}
	}
	v->n = w;
}

int view_build(struct mailbox *mb, const struct view_opts *o, struct view *v)
{
	uint32_t *sel = xmalloc((mb->n ? mb->n : 1) * sizeof(*sel));
	struct sort_ctx c = { mb->msgs, o->sort, o->sort_aux, NULL };
	size_t n = 0;
	int rc = 0;

	/* The limit sees ~v as the last view left it, as the user saw it. */
	for (size_t i = 0; i < mb->n; i++) {
		if (o->limit && o->progress && !(i % 256) &&
		    !o->progress(o->progress_ctx, i, mb->n)) {
			free(sel);
			return ERR_CANCEL;
		}
		if (!o->limit || pattern_match(o->limit, mb, &mb->msgs[i]))
			sel[n++] = (uint32_t)i;
	}
	if (o->collapsed)
		for (size_t i = 0; i < mb->n; i++)
			mb->msgs[i].flags &= ~MSG_COLLAPSED;
	view_alloc(v, n);
	v->generation = mb->generation;
	v->id_end = mb->next_id;
	if ((o->sort & SORT_MASK) == SORT_THREADS) {
		rc = build_threads(mb->msgs, sel, n, o, &c, v);
		/* Nothing collapsed costs nothing more. */
		if (rc == 0 && o->collapsed && o->collapsed->n)
			fold_threads(mb, o, v);
	} else {
		qsort_ctx = &c;
		qsort(sel, n, sizeof(*sel), qsort_cmp);
		for (size_t i = 0; i < n; i++)
			push_row(v, &mb->msgs[sel[i]], 0, true, 0);
	}
	free(sel);
	return rc;
}

void view_release(struct view *v)
{
	free(v->ids);
	free(v->depth);
	free(v->tree);
	free(v->cont);
	free(v->hidden);
	free(v->folded);
	free(v->fold_at);
	free(v->row_of);
	memset(v, 0, sizeof(*v));
}

void view_opts_from_config(const struct config *cfg, struct view_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sort = cfg ? cfg_sort(cfg, V_sort) : SORT_DATE;
	o->sort_aux = cfg ? cfg_sort(cfg, V_sort_aux) : SORT_DATE;
	o->by_subject = cfg ? !cfg_bool(cfg, V_strict_threads) : true;
	o->uncollapse_new = cfg ? cfg_bool(cfg, V_uncollapse_new) : true;
}

/* ---- the interface's helpers ------------------------------------------------ */

/* The first position in s whose id is not below id. */
static size_t idset_pos(const struct view_idset *s, uint32_t id)
{
	return u32_lower_bound(s->ids, s->n, id);
}

bool view_idset_has(const struct view_idset *s, uint32_t id)
{
	size_t i = idset_pos(s, id);
	return i < s->n && s->ids[i] == id;
}

bool view_idset_add(struct view_idset *s, uint32_t id)
{
	size_t i = idset_pos(s, id);

	if (i < s->n && s->ids[i] == id)
		return false;
	ALLOC_GROW(s->ids, s->n + 1, s->cap);
	memmove(s->ids + i + 1, s->ids + i, (s->n - i) * sizeof(*s->ids));
	s->ids[i] = id;
	s->n++;
	return true;
}

bool view_idset_del(struct view_idset *s, uint32_t id)
{
	size_t i = idset_pos(s, id);

	if (i >= s->n || s->ids[i] != id)
		return false;
	memmove(s->ids + i, s->ids + i + 1, (s->n - i - 1) * sizeof(*s->ids));
	s->n--;
	return true;
}

void view_idset_clear(struct view_idset *s)
{
	s->n = 0;
}

void view_idset_release(struct view_idset *s)
{
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

static void build_row_index(struct view *v)
{
	v->row_of = xmalloc((v->id_end ? v->id_end : 1) * sizeof(*v->row_of));
	memset(v->row_of, 0xff, (v->id_end ? v->id_end : 1) * sizeof(*v->row_of));
	for (size_t r = 0; r < v->n; r++) {
		v->row_of[v->ids[r]] = (uint32_t)r;
		for (uint32_t k = 0; k < v->hidden[r]; k++)
			v->row_of[v->folded[v->fold_at[r] + k]] = (uint32_t)r;
	}
}

size_t view_row_of(struct view *v, uint32_t id)
{
	if (id >= v->id_end)
		return SIZE_MAX;
	if (!v->row_of)
		build_row_index(v);
	return v->row_of[id] == UINT32_MAX ? SIZE_MAX : v->row_of[id];
}

size_t view_thread_top(const struct view *v, size_t row)
{
	if (row >= v->n)
		return SIZE_MAX;
	while (row > 0 && v->depth[row] > 0)
		row--;
	return row;
}

size_t view_thread_end(const struct view *v, size_t top)
{
	size_t r = top + 1;

	while (r < v->n && v->depth[r] > 0)
		r++;
	return MIN(r, v->n);
}

const uint32_t *view_hidden_ids(const struct view *v, size_t row, size_t *n)
{
	*n = row < v->n ? v->hidden[row] : 0;
	return *n ? v->folded + v->fold_at[row] : NULL;
}

static bool is_unread(struct mailbox *mb, uint32_t id)
{
	const struct message *m = mx_find(mb, id);
	return m && !(m->flags & MSG_READ);
}

/* Does the thread starting at row top hold an unread message, folded ones included? */
static bool thread_has_unread(struct mailbox *mb, const struct view *v, size_t top)
{
	const uint32_t *h;
	size_t end = view_thread_end(v, top), n;

	for (size_t r = top; r < end; r++)
		if (is_unread(mb, v->ids[r]))
			return true;
	h = view_hidden_ids(v, top, &n);
	for (size_t k = 0; k < n; k++)
		if (is_unread(mb, h[k]))
			return true;
	return false;
}

bool view_can_collapse(struct mailbox *mb, const struct view *v, size_t row, bool collapse_unread)
{
	size_t top = view_thread_top(v, row);

	if (top == SIZE_MAX)
		return false;
	return collapse_unread || !thread_has_unread(mb, v, top);
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

void view_collapse_all(struct mailbox *mb, const struct view *v, struct view_idset *s,
		       bool collapse_unread)
{
	size_t n = 0;

	/* Appended, then sorted once: adding one by one would be quadratic. */
	for (size_t top = 0; top < v->n; top = view_thread_end(v, top)) {
		if (collapse_unread || !thread_has_unread(mb, v, top)) {
			ALLOC_GROW(s->ids, s->n + 1, s->cap);
			s->ids[s->n++] = v->ids[top];
		}
	}
	qsort(s->ids, s->n, sizeof(*s->ids), cmp_id);
	for (size_t i = 0; i < s->n; i++)
		if (!n || s->ids[n - 1] != s->ids[i])
			s->ids[n++] = s->ids[i];
	s->n = n;
}

size_t view_next_unread_in_thread(struct mailbox *mb, const struct view *v, size_t row)
{
	size_t top = view_thread_top(v, row), end;

	if (top == SIZE_MAX)
		return SIZE_MAX;
	end = view_thread_end(v, top);
	for (size_t r = row; r < end; r++)
		if (is_unread(mb, v->ids[r]))
			return r;
	return SIZE_MAX;
}
