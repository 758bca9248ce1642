/* test_view.c - what the index shows: sorting, threads and their tree, reverse orders */
#include "tests/unit/mx_test.h"

static void add(struct mailbox *mb, const char *headers, int64_t received, uint64_t size)
{
	mx_test_add(mb, headers, 0, received, size);
}

/* The subjects of the view's rows, joined by '|'. */
static void assert_rows(struct mailbox *mb, const struct view *v, const char *want)
{
	struct buf got = BUF_INIT;

	for (size_t r = 0; r < v->n; r++) {
		const char *s = menv_str(mx_find(mb, v->ids[r])->env, ME_SUBJECT);
		buf_printf(&got, "%s%s", r ? "|" : "", s ? s : "");
	}
	assert_buf_eq(&got, want);
	buf_release(&got);
}

static struct mailbox *sample(void)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);

	add(mb,
	    "Subject: b\nFrom: Zed <z@x>\nDate: Tue, 3 Mar 2026 12:00:00 +0000\nMessage-ID: <1@x>",
	    30, 300);
	add(mb,
	    "Subject: Re: b\nFrom: amy <a@x>\nDate: Wed, 4 Mar 2026 12:00:00 +0000\n"
	    "Message-ID: <2@x>\nIn-Reply-To: <1@x>",
	    20, 100);
	add(mb,
	    "Subject: a\nFrom: Bob <b@x>\nDate: Mon, 2 Mar 2026 12:00:00 +0000\nMessage-ID: <3@x>",
	    10, 200);
	add(mb,
	    "Subject: Re: Re: b\nFrom: Zed <z@x>\nDate: Thu, 5 Mar 2026 12:00:00 +0000\n"
	    "Message-ID: <4@x>\nReferences: <1@x> <2@x>",
	    40, 50);
	return mb;
}

static void build(struct mailbox *mb, int sort, int aux, struct view *v)
{
	struct view_opts o = { .sort = sort, .sort_aux = aux };

	mailbox_lock(mb);
	assert_int_equal(view_build(mb, &o, v), 0);
	mailbox_unlock(mb);
}

static void view_sorts_by_each_method(void **state)
{
	struct mailbox *mb = sample();
	struct view v;

	build(mb, SORT_DATE, SORT_DATE, &v);
	assert_rows(mb, &v, "a|b|Re: b|Re: Re: b");
	view_release(&v);
	build(mb, SORT_DATE | SORT_REVERSE, SORT_DATE, &v);
	assert_rows(mb, &v, "Re: Re: b|Re: b|b|a");
	view_release(&v);
	build(mb, SORT_RECEIVED, SORT_DATE, &v);
	assert_rows(mb, &v, "a|Re: b|b|Re: Re: b");
	view_release(&v);
	build(mb, SORT_SIZE, SORT_DATE, &v);
	assert_rows(mb, &v, "Re: Re: b|Re: b|a|b");
	view_release(&v);
	/* case-insensitive names; equal names fall back to $sort_aux */
	build(mb, SORT_FROM, SORT_DATE | SORT_REVERSE, &v);
	assert_rows(mb, &v, "Re: b|a|Re: Re: b|b");
	view_release(&v);
	/* subjects without their Re: prefixes; ties by aux (date) */
	build(mb, SORT_SUBJECT, SORT_DATE, &v);
	assert_rows(mb, &v, "a|b|Re: b|Re: Re: b");
	view_release(&v);
	build(mb, SORT_ORDER, SORT_DATE, &v);
	assert_rows(mb, &v, "b|Re: b|a|Re: Re: b");
	view_release(&v);
	mailbox_free(&mb);
}

static void view_threads_with_a_tree(void **state)
{
	struct mailbox *mb = sample();
	struct view v;

	build(mb, SORT_THREADS, SORT_DATE, &v);
	assert_rows(mb, &v, "a|b|Re: b|Re: Re: b");
	assert_int_equal(v.depth[0], 0);
	assert_int_equal(v.depth[1], 0);
	assert_int_equal(v.depth[2], 1);
	assert_int_equal(v.depth[3], 2);
	assert_true(v.tree[2] & 1); /* the only reply is the last child */
	view_release(&v);
	/* reverse: whole threads reversed, each still read top-down */
	build(mb, SORT_THREADS | SORT_REVERSE, SORT_DATE, &v);
	assert_rows(mb, &v, "b|Re: b|Re: Re: b|a");
	assert_int_equal(v.depth[0], 0);
	assert_int_equal(v.depth[2], 2);
	view_release(&v);
	mailbox_free(&mb);
}

static void view_orders_threads_by_their_last_message(void **state)
{
	struct mailbox *mb = sample();
	struct view v;

	/* Thread "b" has the newest message (Mar 5), so with last-date it comes after "a". */
	add(mb, "Subject: c\nDate: Wed, 4 Mar 2026 18:00:00 +0000\nMessage-ID: <5@x>", 60, 1);
	build(mb, SORT_THREADS, SORT_DATE, &v);
	assert_rows(mb, &v, "a|b|Re: b|Re: Re: b|c");
	view_release(&v);
	build(mb, SORT_THREADS, SORT_DATE | SORT_LAST, &v);
	assert_rows(mb, &v, "a|c|b|Re: b|Re: Re: b");
	view_release(&v);
	build(mb, SORT_THREADS | SORT_REVERSE, SORT_DATE | SORT_LAST, &v);
	assert_rows(mb, &v, "b|Re: b|Re: Re: b|c|a");
	view_release(&v);
	mailbox_free(&mb);
}

static void view_follows_the_model_generation(void **state)
{
	struct mailbox *mb = sample();
	struct view v;

	build(mb, SORT_DATE, SORT_DATE, &v);
	assert_int_equal(v.generation, mb->generation);
	add(mb, "Subject: late", 50, 1);
	assert_true(v.generation != mb->generation);
	view_release(&v);
	build(mb, SORT_ORDER, SORT_DATE, &v);
	assert_int_equal(v.n, 5);
	view_release(&v);
	mailbox_free(&mb);
}

static void view_of_an_empty_mailbox(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct view v;

	build(mb, SORT_THREADS, SORT_DATE, &v);
	assert_int_equal(v.n, 0);
	view_release(&v);
	build(mb, SORT_DATE, SORT_DATE, &v);
	assert_int_equal(v.n, 0);
	view_release(&v);
	mailbox_free(&mb);
}

static void view_threads_a_deep_chain_without_recursion(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct buf h = BUF_INIT;
	struct view v;
	const int n = 20000;

	for (int i = 0; i < n; i++) {
		buf_reset(&h);
		buf_printf(&h, "Subject: s\nMessage-ID: <%d@x>", i);
		if (i)
			buf_printf(&h, "\nIn-Reply-To: <%d@x>", i - 1);
		add(mb, h.data, i, 1);
	}
	build(mb, SORT_THREADS, SORT_DATE, &v);
	assert_int_equal(v.n, (size_t)n);
	assert_int_equal(v.depth[n - 1], (uint32_t)n - 1);
	view_release(&v);
	buf_release(&h);
	mailbox_free(&mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(view_sorts_by_each_method),
		cmocka_unit_test(view_threads_with_a_tree),
		cmocka_unit_test(view_orders_threads_by_their_last_message),
		cmocka_unit_test(view_follows_the_model_generation),
		cmocka_unit_test(view_of_an_empty_mailbox),
		cmocka_unit_test(view_threads_a_deep_chain_without_recursion),
	};
	return RUN_TESTS(tests);
}
