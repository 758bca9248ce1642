/*
 * test_view.c - what the index shows: sorting, threads and their tree,
 * reverse orders, collapsed threads (one row, hidden counts, ~v, $collapse_unread,
 * $uncollapse_new, rows by id, %M %E %Z).
 */
#include <stdlib.h>
#include <unistd.h>

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

static void build_o(struct mailbox *mb, const struct view_opts *o, struct view *v)
{
	mailbox_lock(mb);
	assert_int_equal(view_build(mb, o, v), 0);
	mailbox_unlock(mb);
}

static void build(struct mailbox *mb, int sort, int aux, struct view *v)
{
	struct view_opts o = { .sort = sort, .sort_aux = aux };

	build_o(mb, &o, v);
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

/* A mailbox of n messages in threads of len: each a chain of replies. */
static struct mailbox *chains(int n, int len)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct buf h = BUF_INIT;

	for (int i = 0; i < n; i++) {
		buf_reset(&h);
		buf_printf(&h, "Subject: s\nMessage-ID: <%d@x>", i);
		if (i % len)
			buf_printf(&h, "\nIn-Reply-To: <%d@x>", i - 1);
		add(mb, h.data, i, 1);
	}
	buf_release(&h);
	return mb;
}

static void view_threads_a_deep_chain_without_recursion(void **state)
{
	const int n = 20000;
	struct mailbox *mb = chains(n, n);
	struct view v;

	build(mb, SORT_THREADS, SORT_DATE, &v);
	assert_int_equal(v.n, (size_t)n);
	assert_int_equal(v.depth[n - 1], (uint32_t)n - 1);
	view_release(&v);
	mailbox_free(&mb);
}

/* ---- collapsed threads ---------------------------------------------------- */

/*
 * sample()'s ids: 1 "b", 2 "Re: b", 3 "a", 4 "Re: Re: b". Threaded by date:
 * a | b > Re: b > Re: Re: b.
 */
/* Each test of collapsing starts from sample() and an empty set. */
struct cfx {
	struct mailbox *mb;
	struct view_idset set;
	struct view v;
};

static int cfx_setup(void **state)
{
	struct cfx *f = xcalloc(1, sizeof(*f));

	f->mb = sample();
	*state = f;
	return 0;
}

static int cfx_teardown(void **state)
{
	struct cfx *f = *state;

	view_release(&f->v);
	view_idset_release(&f->set);
	mailbox_free(&f->mb);
	free(f);
	return 0;
}

static void rebuild(struct cfx *f, const struct view_opts *o)
{
	view_release(&f->v);
	build_o(f->mb, o, &f->v);
}

/* f->v by sort (and date), with f->set collapsed. */
static void build_c(struct cfx *f, int sort)
{
	struct view_opts o = { .sort = sort, .sort_aux = SORT_DATE, .collapsed = &f->set };

	rebuild(f, &o);
}

/* The ids of mb's messages that pattern s matches, joined by ','. */
static void assert_matches(struct mailbox *mb, const char *s, const char *want)
{
	struct buf err = BUF_INIT, got = BUF_INIT;
	struct pattern *p = pattern_compile(s, NULL, &err);

	assert_non_null(p);
	for (size_t i = 0; i < mb->n; i++)
		if (pattern_match(p, mb, &mb->msgs[i]))
			buf_printf(&got, "%s%u", got.len ? "," : "", mb->msgs[i].id);
	assert_buf_eq(&got, want);
	pattern_free(&p);
	buf_release(&err);
	buf_release(&got);
}

static void view_collapsed_thread_is_its_top_row_with_a_hidden_count(void **state)
{
	struct cfx *f = *state;
	const uint32_t *h;
	size_t n;

	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b");
	assert_int_equal(f->v.hidden[0], 0);
	assert_false(f->v.tree[0] & VIEW_COLLAPSED);
	assert_int_equal(f->v.hidden[1], 2);
	assert_true(f->v.tree[1] & VIEW_COLLAPSED);
	h = view_hidden_ids(&f->v, 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(h[0], 2);
	assert_int_equal(h[1], 4);
	assert_null(view_hidden_ids(&f->v, 0, &n));
	assert_int_equal(n, 0);
}

static void view_uncollapsed_threads_show_every_message(void **state)
{
	struct cfx *f = *state;

	build_c(f, SORT_THREADS); /* an empty set */
	assert_rows(f->mb, &f->v, "a|b|Re: b|Re: Re: b");
	/* collapsing a thread of one message hides nothing */
	view_idset_add(&f->set, 3);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b|Re: b|Re: Re: b");
	assert_true(f->v.tree[0] & VIEW_COLLAPSED);
	assert_int_equal(f->v.hidden[0], 0);
	for (size_t r = 0; r < f->v.n; r++)
		assert_int_equal(f->v.hidden[r], 0);
	/* without threads nothing collapses */
	view_idset_add(&f->set, 1);
	build_c(f, SORT_DATE);
	assert_int_equal(f->v.n, 4);
	/* the toggle the interface makes */
	assert_true(view_idset_del(&f->set, 1));
	assert_false(view_idset_del(&f->set, 1));
	assert_false(view_idset_add(&f->set, 3));
}

static void view_collapse_follows_the_thread_to_its_new_top(void **state)
{
	struct cfx *f = *state;

	/* collapsed by a reply's id: the thread is found, and the set keyed by its top */
	view_idset_add(&f->set, 4);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b");
	assert_int_equal(f->set.n, 1);
	assert_int_equal(f->set.ids[0], 1);
	/* "x" (5) answers a missing <9@x>; its reply (6) hides under it */
	add(f->mb,
	    "Subject: x\nDate: Fri, 6 Mar 2026 12:00:00 +0000\nMessage-ID: <5@x>\n"
	    "In-Reply-To: <9@x>",
	    50, 1);
	add(f->mb,
	    "Subject: Re: x\nDate: Sat, 7 Mar 2026 12:00:00 +0000\nMessage-ID: <6@x>\n"
	    "In-Reply-To: <5@x>",
	    60, 1);
	view_idset_add(&f->set, 5);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b|x");
	/* the missing parent (7) arrives: the thread stays collapsed under its new top */
	add(f->mb, "Subject: w\nDate: Thu, 5 Mar 2026 18:00:00 +0000\nMessage-ID: <9@x>", 70, 1);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b|w");
	assert_int_equal(f->v.hidden[2], 2);
	assert_true(view_idset_has(&f->set, 7));
	assert_false(view_idset_has(&f->set, 5));
}

static void view_v_matches_exactly_the_collapsed_thread(void **state)
{
	struct cfx *f = *state;

	assert_matches(f->mb, "~v", "");
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	assert_matches(f->mb, "~v", "1,2,4");
	assert_matches(f->mb, "!~v", "3");
	/* a one-message thread collapsed is not ~v (mutt: num_hidden > 1) */
	view_idset_clear(&f->set);
	view_idset_add(&f->set, 3);
	build_c(f, SORT_THREADS);
	assert_matches(f->mb, "~v", "");
	/* a view without a set (headless) leaves ~v alone; one with a set renews it */
	view_idset_add(&f->set, 2);
	build_c(f, SORT_THREADS);
	{
		struct view_opts o = { .sort = SORT_THREADS, .sort_aux = SORT_DATE };
		rebuild(f, &o);
	}
	assert_matches(f->mb, "~v", "1,2,4");
	build_c(f, SORT_DATE);
	assert_matches(f->mb, "~v", "");
}

static void view_collapsed_flag_is_never_stored_nor_counted(void **state)
{
	struct cfx *f = *state;
	uint64_t gen;
	size_t unread;

	assert_int_equal(MSG_COLLAPSED & MSG_STORED, 0);
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 0, MSG_FLAGGED, 0);
	mailbox_unlock(f->mb);
	gen = f->mb->generation;
	unread = f->mb->n_unread;
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	/* building changes nothing the interface would rebuild for, nor a count */
	assert_int_equal(f->mb->generation, gen);
	assert_int_equal(f->mb->n_unread, unread);
	assert_int_equal(f->mb->n_flagged, 1);
	assert_int_equal(f->mb->n_tagged, 0);
	assert_true(f->mb->msgs[1].flags & MSG_COLLAPSED);
	assert_false(f->mb->msgs[1].flags & MSG_CHANGED);
	/* a collapsed message read: stored flags change, counts stay right */
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 1, MSG_READ, 0);
	mailbox_unlock(f->mb);
	assert_int_equal(f->mb->n_unread, unread - 1);
	assert_true(f->mb->msgs[1].flags & MSG_CHANGED);
	assert_true(f->mb->msgs[1].flags & MSG_COLLAPSED);
	/* the backend's own flags replace only the stored ones */
	mx_set_stored_flags(f->mb, 2, MSG_READ | MSG_REPLIED);
	assert_true(f->mb->msgs[1].flags & MSG_COLLAPSED);
}

static void read_all(struct mailbox *mb)
{
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++)
		mx_change_flags(mb, i, MSG_READ, 0);
	mailbox_unlock(mb);
}

static void view_respects_collapse_unread(void **state)
{
	struct cfx *f = *state;

	read_all(f->mb);
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 3, 0, MSG_READ); /* "Re: Re: b" unread */
	mailbox_unlock(f->mb);
	build_c(f, SORT_THREADS);
	mailbox_lock(f->mb);
	/* $collapse_unread unset: not the thread with unread mail, from any of its rows */
	assert_false(view_can_collapse(f->mb, &f->v, 1, false));
	assert_false(view_can_collapse(f->mb, &f->v, 2, false));
	assert_true(view_can_collapse(f->mb, &f->v, 0, false));
	assert_true(view_can_collapse(f->mb, &f->v, 3, true));
	view_collapse_all(f->mb, &f->v, &f->set, false);
	assert_int_equal(f->set.n, 1);
	assert_int_equal(f->set.ids[0], 3);
	/* set: every thread */
	view_collapse_all(f->mb, &f->v, &f->set, true);
	mailbox_unlock(f->mb);
	assert_int_equal(f->set.n, 2);
	build_c(f, SORT_THREADS);
	assert_rows(f->mb, &f->v, "a|b");
	/* the unread message, now hidden, still counts */
	mailbox_lock(f->mb);
	assert_false(view_can_collapse(f->mb, &f->v, 1, false));
	mailbox_unlock(f->mb);
	/* uncollapse all */
	view_idset_clear(&f->set);
	build_c(f, SORT_THREADS);
	assert_int_equal(f->v.n, 4);
}

static void view_collapsed_thread_stays_when_mail_arrives_elsewhere(void **state)
{
	struct cfx *f = *state;
	struct view_opts o = { .sort = SORT_THREADS, .sort_aux = SORT_DATE, .collapsed = &f->set };
	uint32_t seen;

	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	seen = f->v.id_end;
	/* $uncollapse_new: a new thread does not open "b" */
	add(f->mb, "Subject: c\nDate: Fri, 6 Mar 2026 12:00:00 +0000\nMessage-ID: <5@x>", 60, 1);
	o.uncollapse_new = true;
	o.new_from = seen;
	rebuild(f, &o);
	assert_rows(f->mb, &f->v, "a|b|c");
	assert_int_equal(f->v.hidden[1], 2);
	seen = f->v.id_end;
	/* a reply to "b" with $uncollapse_new unset: still collapsed, one more hidden */
	add(f->mb,
	    "Subject: Re: b\nDate: Sat, 7 Mar 2026 12:00:00 +0000\nMessage-ID: <6@x>\n"
	    "In-Reply-To: <1@x>",
	    70, 1);
	o.uncollapse_new = false;
	rebuild(f, &o);
	assert_rows(f->mb, &f->v, "a|b|c");
	assert_int_equal(f->v.hidden[1], 3);
	/* set: the thread that got the new message opens, and leaves the set */
	o.uncollapse_new = true;
	o.new_from = seen;
	rebuild(f, &o);
	assert_int_equal(f->v.n, 6);
	assert_int_equal(f->set.n, 0);
}

static void view_finds_the_row_of_a_message(void **state)
{
	struct cfx *f = *state;

	build_c(f, SORT_THREADS);
	for (size_t r = 0; r < f->v.n; r++)
		assert_int_equal(view_row_of(&f->v, f->v.ids[r]), r);
	assert_int_equal(view_row_of(&f->v, 0), SIZE_MAX);
	assert_int_equal(view_row_of(&f->v, 99), SIZE_MAX);
	/* a hidden message is shown by its collapsed thread's top */
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	assert_int_equal(view_row_of(&f->v, 3), 0);
	assert_int_equal(view_row_of(&f->v, 1), 1);
	assert_int_equal(view_row_of(&f->v, 2), 1);
	assert_int_equal(view_row_of(&f->v, 4), 1);
	/* a message the limit leaves out, and one newer than the view */
	{
		struct buf err = BUF_INIT;
		struct pattern *p = pattern_compile("~s ^a", NULL, &err);
		struct view_opts o = { .sort = SORT_THREADS, .sort_aux = SORT_DATE, .limit = p };
		rebuild(f, &o);
		add(f->mb, "Subject: late", 50, 1);
		assert_int_equal(view_row_of(&f->v, 3), 0);
		assert_int_equal(view_row_of(&f->v, 1), SIZE_MAX);
		assert_int_equal(view_row_of(&f->v, 5), SIZE_MAX);
		pattern_free(&p);
		buf_release(&err);
	}
}

static void view_reverse_sort_keeps_collapsed_threads(void **state)
{
	struct cfx *f = *state;

	add(f->mb, "Subject: c\nDate: Wed, 4 Mar 2026 18:00:00 +0000\nMessage-ID: <5@x>", 60, 1);
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS | SORT_REVERSE);
	assert_rows(f->mb, &f->v, "c|b|a");
	assert_int_equal(f->v.hidden[1], 2);
	assert_int_equal(view_row_of(&f->v, 4), 1);
	assert_int_equal(view_thread_end(&f->v, 1), 2);
	/* ordered by the newest message, hidden ones included */
	{
		struct view_opts o = { .sort = SORT_THREADS | SORT_REVERSE,
				       .sort_aux = SORT_DATE | SORT_LAST,
				       .collapsed = &f->set };
		rebuild(f, &o);
		assert_rows(f->mb, &f->v, "b|c|a");
		assert_int_equal(f->v.hidden[0], 2);
	}
}

static void view_thread_rows_and_unread(void **state)
{
	struct cfx *f = *state;

	read_all(f->mb);
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 3, 0, MSG_READ); /* "Re: Re: b", row 3 */
	mailbox_unlock(f->mb);
	{
		struct view_opts o = { .sort = SORT_THREADS, .sort_aux = SORT_DATE };
		rebuild(f, &o);
	}
	assert_int_equal(view_thread_top(&f->v, 3), 1);
	assert_int_equal(view_thread_top(&f->v, 1), 1);
	assert_int_equal(view_thread_top(&f->v, 0), 0);
	assert_int_equal(view_thread_top(&f->v, 4), SIZE_MAX);
	assert_int_equal(view_thread_end(&f->v, 0), 1);
	assert_int_equal(view_thread_end(&f->v, 1), 4);
	mailbox_lock(f->mb);
	assert_int_equal(view_next_unread_in_thread(f->mb, &f->v, 1), 3);
	assert_int_equal(view_next_unread_in_thread(f->mb, &f->v, 0), SIZE_MAX);
	mailbox_unlock(f->mb);
}

/* Row `row` through fmt, with sort=threads. */
static void assert_line(struct mailbox *mb, const struct config *cfg, const struct view *v,
			size_t row, const char *fmt, const char *want)
{
	struct buf out = BUF_INIT;

	mailbox_lock(mb);
	mx_index_line_fmt(mb, cfg, fmt, v, row, 0, &out);
	mailbox_unlock(mb);
	assert_buf_eq(&out, want);
	buf_release(&out);
}

static void view_index_line_counts_a_collapsed_thread(void **state)
{
	struct cfx *f = *state;
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;

	assert_int_equal(config_run(cfg, "set sort=threads", NULL, 0, &err), 0);
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	/* as mutt: %M counts the thread's messages, the top included; %E every message */
	assert_line(f->mb, cfg, &f->v, 1, "%M|%E|%e|%m", "3|3|1|4");
	assert_line(f->mb, cfg, &f->v, 0, "%M|%E|%e", " |1|1");
	assert_line(f->mb, cfg, &f->v, 1, "%?M?(#%03M)&(%4l)?", "(#003)");
	assert_line(f->mb, cfg, &f->v, 0, "%?M?(#%03M)&(none)?", "(none)");
	/* %Z: n while the collapsed thread holds new mail, o for old unread, else as usual */
	assert_line(f->mb, cfg, &f->v, 1, "%Z", "n  ");
	assert_line(f->mb, cfg, &f->v, 0, "%Z", "N  ");
	read_all(f->mb);
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 3, MSG_OLD, MSG_READ);
	mailbox_unlock(f->mb);
	assert_line(f->mb, cfg, &f->v, 1, "%Z", "o  ");
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 3, MSG_READ, 0);
	mailbox_unlock(f->mb);
	assert_line(f->mb, cfg, &f->v, 1, "%Z", "   ");
	/* open again: %M is a space, %E still the whole thread */
	view_idset_clear(&f->set);
	build_c(f, SORT_THREADS);
	assert_line(f->mb, cfg, &f->v, 1, "%M|%E", " |3");
	buf_release(&err);
	config_free(&cfg);
}

static void view_collapses_a_deep_thread_and_many_threads(void **state)
{
	struct cfx *f = *state;
	const int n = 20000;

	/* 10000 threads of two, all collapsed */
	mailbox_free(&f->mb);
	f->mb = chains(n, 2);
	build_c(f, SORT_THREADS);
	mailbox_lock(f->mb);
	view_collapse_all(f->mb, &f->v, &f->set, true);
	mailbox_unlock(f->mb);
	assert_int_equal(f->set.n, (size_t)n / 2);
	for (size_t i = 1; i < f->set.n; i++)
		assert_true(f->set.ids[i - 1] < f->set.ids[i]);
	build_c(f, SORT_THREADS);
	assert_int_equal(f->v.n, (size_t)n / 2);
	assert_int_equal(f->v.nfolded, (size_t)n / 2);
	assert_int_equal(view_row_of(&f->v, f->v.ids[f->v.n - 1] + 1), f->v.n - 1);
	/* one chain of 20000: a single row hiding the rest */
	mailbox_free(&f->mb);
	f->mb = chains(n, n);
	view_idset_clear(&f->set);
	view_idset_add(&f->set, 1);
	build_c(f, SORT_THREADS);
	assert_int_equal(f->v.n, 1);
	assert_int_equal(f->v.hidden[0], (uint32_t)n - 1);
}

static void view_collapsed_flag_stays_out_of_the_folder(void **state)
{
	char dir[] = "/tmp/tern-view-XXXXXX";
	const char *text = "From a@x Mon Mar  2 12:00:00 2026\nSubject: b\nMessage-ID: <1@x>\n"
			   "Status: RO\n\none\n\n"
			   "From a@x Mon Mar  2 13:00:00 2026\nSubject: Re: b\nMessage-ID: <2@x>\n"
			   "In-Reply-To: <1@x>\nStatus: RO\n\ntwo\n";
	struct buf path = BUF_INIT, err = BUF_INIT, got = BUF_INIT;
	struct view_idset set = { 0 };
	struct mailbox *mb;
	struct view v;

	assert_non_null(mkdtemp(dir));
	buf_printf(&path, "%s/box", dir);
	assert_int_equal(file_write_atomic(path.data, text, strlen(text)), 0);
	mb = mailbox_new(path.data, NULL);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	view_idset_add(&set, mb->msgs[0].id);
	build_o(mb, &(struct view_opts){ .sort = SORT_THREADS, .collapsed = &set }, &v);
	assert_true(mb->msgs[1].flags & MSG_COLLAPSED);
	/* nothing to write: the folder is left as it was */
	assert_false(mb->changed_flags);
	assert_int_equal(mx_run(mb, MX_OP_SYNC, &err), 0);
	assert_int_equal(file_read_all(path.data, &got, 1 << 20), 0);
	assert_buf_eq(&got, text);
	/* a real change is written, and done with, while the message stays collapsed */
	mailbox_lock(mb);
	mx_change_flags(mb, 1, MSG_FLAGGED, 0);
	mailbox_unlock(mb);
	assert_int_equal(mx_run(mb, MX_OP_SYNC, &err), 0);
	assert_false(mb->msgs[1].flags & MSG_CHANGED);
	assert_false(mb->changed_flags);
	assert_true(mb->msgs[1].flags & MSG_COLLAPSED);
	buf_reset(&got);
	assert_int_equal(file_read_all(path.data, &got, 1 << 20), 0);
	assert_non_null(strstr(got.data, "X-Status: F"));
	view_release(&v);
	view_idset_release(&set);
	mailbox_free(&mb);
	unlink(path.data);
	rmdir(dir);
	buf_release(&path);
	buf_release(&err);
	buf_release(&got);
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
		cmocka_unit_test_setup_teardown(
			view_collapsed_thread_is_its_top_row_with_a_hidden_count, cfx_setup,
			cfx_teardown),
		cmocka_unit_test_setup_teardown(view_uncollapsed_threads_show_every_message,
						cfx_setup, cfx_teardown),
		cmocka_unit_test_setup_teardown(view_collapse_follows_the_thread_to_its_new_top,
						cfx_setup, cfx_teardown),
		cmocka_unit_test_setup_teardown(view_v_matches_exactly_the_collapsed_thread,
						cfx_setup, cfx_teardown),
		cmocka_unit_test_setup_teardown(view_collapsed_flag_is_never_stored_nor_counted,
						cfx_setup, cfx_teardown),
		cmocka_unit_test_setup_teardown(view_respects_collapse_unread, cfx_setup,
						cfx_teardown),
		cmocka_unit_test_setup_teardown(
			view_collapsed_thread_stays_when_mail_arrives_elsewhere, cfx_setup,
			cfx_teardown),
		cmocka_unit_test_setup_teardown(view_finds_the_row_of_a_message, cfx_setup,
						cfx_teardown),
		cmocka_unit_test_setup_teardown(view_reverse_sort_keeps_collapsed_threads,
						cfx_setup, cfx_teardown),
		cmocka_unit_test_setup_teardown(view_thread_rows_and_unread, cfx_setup,
						cfx_teardown),
		cmocka_unit_test_setup_teardown(view_index_line_counts_a_collapsed_thread,
						cfx_setup, cfx_teardown),
		cmocka_unit_test(view_collapsed_flag_stays_out_of_the_folder),
		cmocka_unit_test_setup_teardown(view_collapses_a_deep_thread_and_many_threads,
						cfx_setup, cfx_teardown),
	};
	return RUN_TESTS(tests);
}
