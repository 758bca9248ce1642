/*
 * test_thread.c - the JWZ thread forest: structure, placeholders, loops,
 * duplicates, subject gathering, ordering, and 100,000-message inputs.
 * Every test checks the structural invariants with check_tree().
 */
#include "email/email.h"
#include "tests/unit/unit.h"

/* Messages under construction, and the strings they borrow. */
struct fixture {
	struct thread_msg *m;
	size_t n, cap;
	struct strlist strs; /* ids and subjects */
	void **arrays;       /* refs arrays */
	size_t narrays, arrays_cap;
};

static const char *keep(struct fixture *f, const char *s)
{
	if (!s)
		return NULL;
	strlist_add(&f->strs, s);
	return f->strs.v[f->strs.n - 1];
}

/* Add a message; refs is a space-separated list of ids, oldest first. */
static int add(struct fixture *f, const char *id, const char *refs, const char *irt,
	       const char *subject, time_t date)
{
	struct thread_msg *m;

	ALLOC_GROW(f->m, f->n + 1, f->cap);
	m = &f->m[f->n];
	memset(m, 0, sizeof(*m));
	m->message_id = keep(f, id);
	m->in_reply_to = keep(f, irt);
	m->subject = keep(f, subject);
	m->date = date;
	if (refs) {
		const char **v = xcalloc(strlen(refs) + 1, sizeof(*v));
		const char *p = refs;
		size_t k = 0;
		while (*p) {
			size_t len = strcspn(p, " ");
			if (len) {
				strlist_addn(&f->strs, p, len);
				v[k++] = f->strs.v[f->strs.n - 1];
			}
			p += len;
			p += strspn(p, " ");
		}
		m->refs = v;
		m->nrefs = k;
		ALLOC_GROW(f->arrays, f->narrays + 1, f->arrays_cap);
		f->arrays[f->narrays++] = v;
	}
	return (int)f->n++;
}

static void fixture_release(struct fixture *f)
{
	for (size_t i = 0; i < f->narrays; i++)
		free(f->arrays[i]);
	free(f->arrays);
	free(f->m);
	strlist_release(&f->strs);
	memset(f, 0, sizeof(*f));
}

/* The message a node sorts as: itself, or a placeholder's first child's. */
static int rep_of(const struct thread_tree *t, int v)
{
	while (t->nodes[v].msg < 0)
		v = t->nodes[v].child;
	return t->nodes[v].msg;
}

static int cmp_default(const struct thread_msg *m, int a, int b)
{
	if (m[a].date != m[b].date)
		return m[a].date < m[b].date ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * The invariants every result must satisfy: each message exactly once, the
 * parent/child/next links consistent and acyclic (a walk from the roots
 * meets every node exactly once), placeholders pruned as the flags say, and
 * siblings in order (default order when cmp is NULL).
 */
static void check_tree(const struct thread_tree *t, const struct thread_msg *m, size_t n,
		       unsigned flags, int (*cmp)(int, int, void *), void *ctx)
{
	char *seen = xcalloc(t->n + 1, 1);
	int *stack = xmalloc((t->n + 1) * sizeof(*stack));
	size_t sp = 0, visited = 0, msgs = 0;

	assert_true(t->n >= n);
	assert_true(t->root >= -1 && t->root < (int)t->n);
	assert_true((t->root < 0) == (t->n == 0));
	for (size_t i = 0; i < n; i++) {
		int v = t->node_of_msg[i];
		assert_true(v >= 0 && (size_t)v < t->n);
		assert_int_equal(t->nodes[v].msg, (int)i);
	}
	for (int r = t->root; r >= 0; r = t->nodes[r].next) {
		if (seen[r])
			fail_msg("root list revisits node %d", r);
		seen[r] = 1;
		assert_int_equal(t->nodes[r].parent, -1);
		stack[sp++] = r;
	}
	while (sp) {
		int v = stack[--sp], prev = -1, nkids = 0;
		const struct thread_node *nd = &t->nodes[v];
		visited++;
		assert_true(nd->msg >= -1 && nd->msg < (int)n);
		if (nd->msg >= 0)
			msgs++;
		for (int c = nd->child; c >= 0; c = t->nodes[c].next) {
			assert_true((size_t)c < t->n);
			if (seen[c])
				fail_msg("node %d reached twice (a cycle or a shared child)", c);
			seen[c] = 1;
			assert_int_equal(t->nodes[c].parent, v);
			if (prev >= 0) {
				int a = rep_of(t, prev), b = rep_of(t, c);
				int o = cmp ? cmp(a, b, ctx) : cmp_default(m, a, b);
				if (o > 0 || (o == 0 && a > b))
					fail_msg("siblings %d and %d out of order", prev, c);
			}
			prev = c;
			nkids++;
			stack[sp++] = c;
		}
		if (nd->msg < 0) {
			if (flags & THREAD_KEEP_EMPTY)
				assert_true(nkids >= 1);
			else if (nd->parent >= 0 || nkids < 2)
				fail_msg("placeholder %d (parent %d, %d children) not pruned", v,
					 nd->parent, nkids);
		}
	}
	assert_int_equal(visited, t->n);
	assert_int_equal(msgs, n);
	for (int r = t->root, prev = -1; r >= 0; prev = r, r = t->nodes[r].next) {
		if (prev >= 0) {
			int a = rep_of(t, prev), b = rep_of(t, r);
			int o = cmp ? cmp(a, b, ctx) : cmp_default(m, a, b);
			if (o > 0 || (o == 0 && a > b))
				fail_msg("roots %d and %d out of order", prev, r);
		}
	}
	free(stack);
	free(seen);
}

/* "a(b(c) d) e": ids of messages ("#i" without one), "*" for placeholders. */
static void render(const struct thread_tree *t, const struct thread_msg *m, struct buf *out)
{
	struct frame {
		int node;
		bool close;
	} *stack = xmalloc((2 * t->n + 1) * sizeof(*stack));
	size_t sp = 0;

	buf_reset(out);
	if (t->root >= 0)
		stack[sp++] = (struct frame){ t->root, false };
	while (sp) {
		struct frame f = stack[--sp];
		const struct thread_node *nd = &t->nodes[f.node];
		if (f.close) {
			buf_addch(out, ')');
			continue;
		}
		if (out->len && out->data[out->len - 1] != '(')
			buf_addch(out, ' ');
		if (nd->msg < 0)
			buf_addch(out, '*');
		else if (m[nd->msg].message_id && *m[nd->msg].message_id)
			buf_addstr(out, m[nd->msg].message_id);
		else
			buf_printf(out, "#%d", nd->msg);
		if (nd->next >= 0)
			stack[sp++] = (struct frame){ nd->next, false };
		if (nd->child >= 0) {
			buf_addch(out, '(');
			stack[sp++] = (struct frame){ f.node, true };
			stack[sp++] = (struct frame){ nd->child, false };
		}
	}
	free(stack);
}

/* Thread f with flags, check the invariants, and compare the rendering. */
static void expect_threads(struct fixture *f, unsigned flags, const char *want)
{
	struct thread_tree t;
	struct buf b = BUF_INIT;

	assert_int_equal(thread_build(f->m, f->n, flags, NULL, NULL, &t), 0);
	check_tree(&t, f->m, f->n, flags, NULL, NULL);
	render(&t, f->m, &b);
	assert_buf_eq(&b, want);
	buf_release(&b);
	thread_tree_release(&t);
}

/* ---- Structure ---------------------------------------------------------- */

static void thread_empty_input(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	expect_threads(&f, 0, "");
	expect_threads(&f, THREAD_BY_SUBJECT | THREAD_KEEP_EMPTY, "");
}

static void thread_simple_chain(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "x", 1);
	add(&f, "b", "a", "a", "Re: x", 2);
	add(&f, "c", "a b", "b", "Re: x", 3);
	add(&f, "d", NULL, NULL, "y", 4);
	expect_threads(&f, 0, "a(b(c)) d");
	fixture_release(&f);
}

static void thread_replies_before_parents_in_input(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "c", "a b", NULL, NULL, 3);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "a", NULL, NULL, NULL, 1);
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_missing_middle_message_is_pruned(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "c", "a b", NULL, NULL, 3);
	add(&f, "d", "a b", NULL, NULL, 4);
	/* JWZ: a placeholder below the top level hands its children up. */
	expect_threads(&f, 0, "a(c d)");
	expect_threads(&f, THREAD_KEEP_EMPTY, "a(*(c d))");
	fixture_release(&f);
}

static void thread_missing_root_with_one_reply_is_promoted(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "b", "x", NULL, NULL, 2);
	add(&f, "c", "x y", NULL, NULL, 3); /* a chain of two placeholders above c */
	add(&f, "d", "x", NULL, NULL, 4);
	expect_threads(&f, 0, "*(b c d)");
	expect_threads(&f, THREAD_KEEP_EMPTY, "*(b *(c) d)");
	fixture_release(&f);

	add(&f, "b", "x y z", NULL, NULL, 2);
	expect_threads(&f, 0, "b");
	expect_threads(&f, THREAD_KEEP_EMPTY, "*(*(*(b)))");
	fixture_release(&f);
}

static void thread_missing_root_with_replies_keeps_placeholder(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "b", "x", NULL, NULL, 2);
	add(&f, "c", "x", NULL, NULL, 3);
	add(&f, "e", NULL, NULL, NULL, 1);
	expect_threads(&f, 0, "e *(b c)");
	fixture_release(&f);
}

static void thread_siblings_sorted_by_date(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "late", "a", NULL, NULL, 30);
	add(&f, "early", "a", NULL, NULL, 10);
	add(&f, "mid", "a", NULL, NULL, 20);
	expect_threads(&f, 0, "a(early mid late)");
	fixture_release(&f);
}

static void thread_in_reply_to_only(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "b", NULL, "a", NULL, 2);
	add(&f, "c", NULL, "b", NULL, 3);
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_in_reply_to_adds_parent_missing_from_references(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "c", "a", "b", NULL, 3); /* References trimmed too much; In-Reply-To knows */
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_in_reply_to_already_in_references_changes_nothing(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "c", "a b", "a", NULL, 3);
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_references_with_junk(void **state)
{
	struct fixture f = { 0 };
	const char *refs[] = { "", "<>", NULL, "a" };
	int c;

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	c = add(&f, "c", NULL, "", NULL, 2);
	f.m[c].refs = refs;
	f.m[c].nrefs = ARRAY_SIZE(refs);
	add(&f, "d", "a a a", "<>", NULL, 3);
	add(&f, "e", NULL, NULL, NULL, 4);
	f.m[3].message_id = ""; /* an empty id is no id */
	expect_threads(&f, 0, "a(c d) #3");
	fixture_release(&f);
}

static void thread_repeated_ids_in_references(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "c", "a b a b", NULL, NULL, 3);
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_duplicate_ids_each_appear_once(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "a", NULL, NULL, NULL, 2);
	add(&f, "b", "a", NULL, NULL, 3);
	add(&f, "a", "b", NULL, NULL, 4); /* a duplicate still threads by its References */
	expect_threads(&f, 0, "a(b(a)) a");
	fixture_release(&f);
}

static void thread_messages_without_ids(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, NULL, NULL, NULL, NULL, 2);
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, NULL, "a", NULL, NULL, 3);
	add(&f, NULL, "a", NULL, NULL, 3);
	expect_threads(&f, 0, "a(#2 #3) #0");
	fixture_release(&f);
}

/* ---- Loops -------------------------------------------------------------- */

static void thread_self_reference_is_ignored(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", "a", "a", NULL, 1);
	add(&f, "p", NULL, NULL, NULL, 0);
	add(&f, "b", "p b", "b", NULL, 2);
	expect_threads(&f, 0, "p(b) a");
	fixture_release(&f);
}

static void thread_reference_loop_is_broken(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	/* Each claims the other as parent: the older one stays on top. */
	add(&f, "a", "b", NULL, NULL, 1);
	add(&f, "b", "a", NULL, NULL, 2);
	expect_threads(&f, 0, "a(b)");
	fixture_release(&f);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "a", "b", NULL, NULL, 1);
	expect_threads(&f, 0, "a(b)");
	fixture_release(&f);
}

static void thread_three_message_loop_is_broken(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", "c", NULL, NULL, 1);
	add(&f, "b", "a", NULL, NULL, 2);
	add(&f, "c", "b", NULL, NULL, 3);
	expect_threads(&f, 0, "a(b(c))");
	fixture_release(&f);
}

static void thread_loop_without_dates_is_still_broken(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", "c", NULL, NULL, 0);
	add(&f, "b", "a", NULL, NULL, 0);
	add(&f, "c", "b", NULL, NULL, 0);
	/* First claim first: a under c, b under a; c's claim would close the loop. */
	expect_threads(&f, 0, "c(a(b))");
	fixture_release(&f);
}

static void thread_placeholder_loop_is_broken(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "m", "x y", NULL, NULL, 1);
	add(&f, "n", "y x", NULL, NULL, 2);
	expect_threads(&f, 0, "*(m n)");
	expect_threads(&f, THREAD_KEEP_EMPTY, "*(*(m) n)");
	fixture_release(&f);
}

static void thread_message_referencing_its_descendant(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "x", NULL, NULL, NULL, 1);
	add(&f, "m", "x d", NULL, NULL, 2); /* d is really m's reply */
	add(&f, "d", "x m", NULL, NULL, 3);
	expect_threads(&f, 0, "x(m(d))");
	fixture_release(&f);
}

static void thread_own_references_beat_others_claims(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "c", "a b", NULL, NULL, 3); /* says b's parent is a */
	add(&f, "z", NULL, NULL, NULL, 0);
	add(&f, "b", "z", NULL, NULL, 2); /* b itself says z */
	expect_threads(&f, 0, "z(b(c)) a");
	fixture_release(&f);
}

/* ---- Subjects ----------------------------------------------------------- */

static void thread_subject_grouping_is_off_by_default(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "Hello", 1);
	add(&f, "b", NULL, NULL, "Re: Hello", 2);
	expect_threads(&f, 0, "a b");
	expect_threads(&f, THREAD_BY_SUBJECT, "a(b)");
	fixture_release(&f);
}

static void thread_subject_grouping_moves_whole_reply_threads(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "Hello", 1);
	add(&f, "b", NULL, NULL, "RE: Hello ", 2);
	add(&f, "c", "b", NULL, "Re: Re: Hello", 3);
	add(&f, "d", NULL, NULL, "Fwd: Hello", 4);
	add(&f, "e", NULL, NULL, "Other", 0);
	expect_threads(&f, THREAD_BY_SUBJECT, "e a(b(c) d)");
	fixture_release(&f);
}

static void thread_subject_grouping_keeps_originals_apart(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "Hello", 1);
	add(&f, "b", NULL, NULL, "Hello", 2);
	add(&f, "c", NULL, NULL, "Re: Goodbye", 3);
	add(&f, "d", NULL, NULL, "Re: Goodbye", 4);
	expect_threads(&f, THREAD_BY_SUBJECT, "a b c d");
	fixture_release(&f);
}

static void thread_subject_grouping_picks_latest_earlier_original(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "w1", NULL, NULL, "Weekly report", 100);
	add(&f, "w2", NULL, NULL, "Weekly report", 200);
	add(&f, "r0", NULL, NULL, "Re: Weekly report", 50);
	add(&f, "r1", NULL, NULL, "Re: Weekly report", 150);
	add(&f, "r2", NULL, NULL, "Re: Weekly report", 250);
	add(&f, "r3", NULL, NULL, "Re: Weekly report", 100);
	expect_threads(&f, THREAD_BY_SUBJECT, "r0 w1(r3 r1) w2(r2)");
	fixture_release(&f);
}

static void thread_subject_grouping_joins_placeholder_root(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "b", "x", NULL, "Re: Topic", 2);
	add(&f, "c", "x", NULL, "Re: Topic", 3);
	add(&f, "d", NULL, NULL, "Re: Topic", 4);
	add(&f, "e", NULL, NULL, "Re: Topic", 1); /* earlier than the placeholder's thread */
	expect_threads(&f, THREAD_BY_SUBJECT, "e *(b c d)");
	fixture_release(&f);
}

static void thread_subject_grouping_ignores_empty_subjects(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "", 1);
	add(&f, "b", NULL, NULL, "Re:", 2);
	add(&f, "c", NULL, NULL, "Re:  ", 3);
	add(&f, "d", NULL, NULL, NULL, 4);
	add(&f, "e", NULL, NULL, "   ", 5);
	expect_threads(&f, THREAD_BY_SUBJECT, "a b c d e");
	fixture_release(&f);
}

static void thread_subject_grouping_does_not_move_real_replies(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, "Hello", 1);
	add(&f, "p", NULL, NULL, "Other", 2);
	add(&f, "b", "p", NULL, "Re: Hello", 3); /* replies to p by its References */
	expect_threads(&f, THREAD_BY_SUBJECT, "a p(b)");
	fixture_release(&f);
}

/* ---- Order -------------------------------------------------------------- */

static void thread_equal_dates_keep_input_order(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "r", NULL, NULL, NULL, 5);
	add(&f, "c", "r", NULL, NULL, 7);
	add(&f, "a", "r", NULL, NULL, 7);
	add(&f, "b", "r", NULL, NULL, 7);
	add(&f, "z", NULL, NULL, NULL, 5);
	expect_threads(&f, 0, "r(c a b) z");
	fixture_release(&f);
}

static void thread_placeholder_sorts_as_its_earliest_child(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 20);
	add(&f, "b", "x", NULL, NULL, 30);
	add(&f, "c", "x", NULL, NULL, 10);
	add(&f, "d", NULL, NULL, NULL, 15);
	expect_threads(&f, 0, "*(c b) d a");
	fixture_release(&f);
}

static int by_id_desc(int a, int b, void *ctx)
{
	const struct thread_msg *m = ctx;
	return -strcmp(m[a].message_id, m[b].message_id);
}

static void thread_custom_cmp_orders_siblings_and_roots(void **state)
{
	struct fixture f = { 0 };
	struct thread_tree t;
	struct buf b = BUF_INIT;

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	add(&f, "c", NULL, NULL, NULL, 2);
	add(&f, "b", NULL, NULL, NULL, 3);
	add(&f, "e", "a", NULL, NULL, 4);
	add(&f, "f", "a", NULL, NULL, 5);
	assert_int_equal(thread_build(f.m, f.n, 0, by_id_desc, f.m, &t), 0);
	check_tree(&t, f.m, f.n, 0, by_id_desc, f.m);
	render(&t, f.m, &b);
	assert_buf_eq(&b, "c b a(f e)");
	thread_tree_release(&t);
	buf_release(&b);
	fixture_release(&f);
}

/* ---- Size --------------------------------------------------------------- */

#define BIG 100000

static char *big_id(struct fixture *f, int i)
{
	char s[32];

	snprintf(s, sizeof(s), "<m%d@x>", i);
	return (char *)keep(f, s);
}

/* A chain of BIG messages, each replying to the previous one; ids[i] is message i's id. */
static void build_chain(struct fixture *f, bool reverse, bool full_refs)
{
	const char **ids = xmalloc(BIG * sizeof(*ids));

	f->m = xcalloc(BIG, sizeof(*f->m));
	f->n = f->cap = BIG;
	for (int i = 0; i < BIG; i++)
		ids[i] = big_id(f, i);
	for (int k = 0; k < BIG; k++) {
		int i = reverse ? BIG - 1 - k : k;
		struct thread_msg *m = &f->m[k];
		m->message_id = ids[i];
		m->date = 1000 + i;
		if (i && full_refs) {
			/* Trimmed References as clients write them: first and parent. */
			const char **v = xmalloc(2 * sizeof(*v));
			v[0] = ids[0];
			v[1] = ids[i - 1];
			m->refs = v;
			m->nrefs = i > 1 ? 2 : 1;
			ALLOC_GROW(f->arrays, f->narrays + 1, f->arrays_cap);
			f->arrays[f->narrays++] = v;
		} else if (i) {
			m->in_reply_to = ids[i - 1];
		}
	}
	free(ids);
}

static void expect_chain(struct fixture *f, bool reverse)
{
	struct thread_tree t;
	int v, depth = 0;

	assert_int_equal(thread_build(f->m, f->n, THREAD_BY_SUBJECT, NULL, NULL, &t), 0);
	check_tree(&t, f->m, f->n, THREAD_BY_SUBJECT, NULL, NULL);
	assert_int_equal(t.n, BIG);
	v = t.root;
	assert_int_equal(t.nodes[v].next, -1);
	for (; v >= 0; v = t.nodes[v].child, depth++) {
		int want = reverse ? BIG - 1 - depth : depth;
		assert_int_equal(t.nodes[v].msg, want);
	}
	assert_int_equal(depth, BIG);
	thread_tree_release(&t);
}

static void thread_chain_of_100000_messages(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	build_chain(&f, false, false);
	expect_chain(&f, false);
	fixture_release(&f);
	build_chain(&f, false, true);
	expect_chain(&f, false);
	fixture_release(&f);
}

static void thread_chain_of_100000_messages_in_reverse_order(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	build_chain(&f, true, false);
	expect_chain(&f, true);
	fixture_release(&f);
	build_chain(&f, true, true);
	expect_chain(&f, true);
	fixture_release(&f);
}

static void thread_100000_roots(void **state)
{
	struct fixture f = { 0 };
	struct thread_tree t;
	int k = 0;

	(void)state;
	f.m = xcalloc(BIG, sizeof(*f.m));
	f.n = f.cap = BIG;
	for (int i = 0; i < BIG; i++) {
		f.m[i].message_id = big_id(&f, i);
		f.m[i].date = (time_t)((i * 7919) % BIG); /* a permutation of 0..BIG-1 */
		f.m[i].subject = i % 2 ? "Re: same" : "same";
	}
	assert_int_equal(thread_build(f.m, f.n, 0, NULL, NULL, &t), 0);
	check_tree(&t, f.m, f.n, 0, NULL, NULL);
	for (int r = t.root; r >= 0; r = t.nodes[r].next, k++)
		assert_true(f.m[t.nodes[r].msg].date == k);
	assert_int_equal(k, BIG);
	thread_tree_release(&t);
	/* By subject: every reply joins the latest original before it. */
	assert_int_equal(thread_build(f.m, f.n, THREAD_BY_SUBJECT, NULL, NULL, &t), 0);
	check_tree(&t, f.m, f.n, THREAD_BY_SUBJECT, NULL, NULL);
	thread_tree_release(&t);
	fixture_release(&f);
}

static void thread_100000_replies_to_one_message(void **state)
{
	struct fixture f = { 0 };
	struct thread_tree t;
	int k = 0;

	(void)state;
	f.m = xcalloc(BIG, sizeof(*f.m));
	f.n = f.cap = BIG;
	for (int i = 0; i < BIG; i++) {
		f.m[i].message_id = big_id(&f, i);
		f.m[i].in_reply_to = i ? f.m[0].message_id : NULL;
		f.m[i].date = BIG - i;
	}
	f.m[0].date = 0;
	assert_int_equal(thread_build(f.m, f.n, 0, NULL, NULL, &t), 0);
	check_tree(&t, f.m, f.n, 0, NULL, NULL);
	for (int c = t.nodes[t.root].child; c >= 0; c = t.nodes[c].next)
		k++;
	assert_int_equal(k, BIG - 1);
	thread_tree_release(&t);
	fixture_release(&f);
}

/* A small deterministic generator, so the hostile test is reproducible. */
static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static void thread_random_references_keep_invariants(void **state)
{
	static const unsigned flag_sets[] = { 0, THREAD_KEEP_EMPTY, THREAD_BY_SUBJECT,
					      THREAD_BY_SUBJECT | THREAD_KEEP_EMPTY };
	static const char *const subjects[] = { "a", "Re: a", "b", "Re: b", NULL };
	struct fixture f = { 0 };
	struct thread_tree t;
	uint32_t seed = 42;
	const int nmsg = 20000, nids = 3000;
	const char **ids = xmalloc(nids * sizeof(*ids));

	(void)state;
	for (int i = 0; i < nids; i++)
		ids[i] = big_id(&f, i);
	f.m = xcalloc(nmsg, sizeof(*f.m));
	f.n = f.cap = nmsg;
	for (int i = 0; i < nmsg; i++) {
		struct thread_msg *m = &f.m[i];
		size_t nr = next_rand(&seed) % 6;
		const char **v = xmalloc((nr + 1) * sizeof(*v));
		for (size_t k = 0; k < nr; k++)
			v[k] = ids[next_rand(&seed) % nids];
		m->refs = v;
		m->nrefs = nr;
		m->message_id = next_rand(&seed) % 8 ? ids[next_rand(&seed) % nids] : NULL;
		m->in_reply_to = next_rand(&seed) % 3 ? NULL : ids[next_rand(&seed) % nids];
		m->subject = subjects[next_rand(&seed) % ARRAY_SIZE(subjects)];
		m->date = next_rand(&seed) % 50;
		ALLOC_GROW(f.arrays, f.narrays + 1, f.arrays_cap);
		f.arrays[f.narrays++] = v;
	}
	for (size_t k = 0; k < ARRAY_SIZE(flag_sets); k++) {
		assert_int_equal(thread_build(f.m, f.n, flag_sets[k], NULL, NULL, &t), 0);
		check_tree(&t, f.m, f.n, flag_sets[k], NULL, NULL);
		thread_tree_release(&t);
	}
	free(ids);
	fixture_release(&f);
}

static void thread_long_references_are_capped(void **state)
{
	struct fixture f = { 0 };
	struct thread_tree t;
	const size_t nrefs = 50000;
	const char **v = xmalloc(nrefs * sizeof(*v));
	int last;

	(void)state;
	add(&f, "root", NULL, NULL, NULL, 1);
	last = add(&f, "last", NULL, NULL, NULL, 2);
	for (size_t k = 0; k < nrefs; k++)
		v[k] = k == 0 ? "root" : k == nrefs - 1 ? "last" : big_id(&f, (int)k);
	add(&f, "msg", NULL, NULL, NULL, 3);
	f.m[2].refs = v;
	f.m[2].nrefs = nrefs;
	assert_int_equal(thread_build(f.m, f.n, 0, NULL, NULL, &t), 0);
	check_tree(&t, f.m, f.n, 0, NULL, NULL);
	/* The first id (the thread's start) and the parent survive the cap. */
	assert_int_equal(t.nodes[t.node_of_msg[2]].parent, t.node_of_msg[last]);
	assert_int_equal(t.nodes[t.node_of_msg[last]].parent, t.node_of_msg[0]);
	thread_tree_release(&t);
	free(v);
	fixture_release(&f);
}

static void thread_release_is_idempotent(void **state)
{
	struct fixture f = { 0 };
	struct thread_tree t;

	(void)state;
	add(&f, "a", NULL, NULL, NULL, 1);
	assert_int_equal(thread_build(f.m, f.n, 0, NULL, NULL, &t), 0);
	thread_tree_release(&t);
	thread_tree_release(&t);
	assert_null(t.nodes);
	assert_int_equal(t.root, -1);
	fixture_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thread_empty_input),
		cmocka_unit_test(thread_simple_chain),
		cmocka_unit_test(thread_replies_before_parents_in_input),
		cmocka_unit_test(thread_missing_middle_message_is_pruned),
		cmocka_unit_test(thread_missing_root_with_one_reply_is_promoted),
		cmocka_unit_test(thread_missing_root_with_replies_keeps_placeholder),
		cmocka_unit_test(thread_siblings_sorted_by_date),
		cmocka_unit_test(thread_in_reply_to_only),
		cmocka_unit_test(thread_in_reply_to_adds_parent_missing_from_references),
		cmocka_unit_test(thread_in_reply_to_already_in_references_changes_nothing),
		cmocka_unit_test(thread_references_with_junk),
		cmocka_unit_test(thread_repeated_ids_in_references),
		cmocka_unit_test(thread_duplicate_ids_each_appear_once),
		cmocka_unit_test(thread_messages_without_ids),
		cmocka_unit_test(thread_self_reference_is_ignored),
		cmocka_unit_test(thread_reference_loop_is_broken),
		cmocka_unit_test(thread_three_message_loop_is_broken),
		cmocka_unit_test(thread_loop_without_dates_is_still_broken),
		cmocka_unit_test(thread_placeholder_loop_is_broken),
		cmocka_unit_test(thread_message_referencing_its_descendant),
		cmocka_unit_test(thread_own_references_beat_others_claims),
		cmocka_unit_test(thread_subject_grouping_is_off_by_default),
		cmocka_unit_test(thread_subject_grouping_moves_whole_reply_threads),
		cmocka_unit_test(thread_subject_grouping_keeps_originals_apart),
		cmocka_unit_test(thread_subject_grouping_picks_latest_earlier_original),
		cmocka_unit_test(thread_subject_grouping_joins_placeholder_root),
		cmocka_unit_test(thread_subject_grouping_ignores_empty_subjects),
		cmocka_unit_test(thread_subject_grouping_does_not_move_real_replies),
		cmocka_unit_test(thread_equal_dates_keep_input_order),
		cmocka_unit_test(thread_placeholder_sorts_as_its_earliest_child),
		cmocka_unit_test(thread_custom_cmp_orders_siblings_and_roots),
		cmocka_unit_test(thread_chain_of_100000_messages),
		cmocka_unit_test(thread_chain_of_100000_messages_in_reverse_order),
		cmocka_unit_test(thread_100000_roots),
		cmocka_unit_test(thread_100000_replies_to_one_message),
		cmocka_unit_test(thread_random_references_keep_invariants),
		cmocka_unit_test(thread_long_references_are_capped),
		cmocka_unit_test(thread_release_is_idempotent),
	};
	return RUN_TESTS(tests);
}
