/*
 * test_mailbox.c - the model: adding, finding, flag counts, removal, and
 * operations run in a worker thread with events and cancellation, against
 * a fake backend.
 */
#include <poll.h>

#include "tests/unit/mx_test.h"

/* A message with just a subject, packed into the mailbox's own arena. */
static struct message make_msg(struct mailbox *mb, const char *subject, uint32_t flags)
{
	struct buf h = BUF_INIT;
	struct message m;

	buf_printf(&h, "Subject: %s", subject);
	m = mx_test_message(mb, h.data, flags, 0, h.len + 2);
	buf_release(&h);
	return m;
}

static void add(struct mailbox *mb, const char *subject, uint32_t flags)
{
	struct message m = make_msg(mb, subject, flags);
	mx_add(mb, &m, 1, NULL);
}

/* Batches placed by reserved ids, newest first, as an IMAP load adds them. */
static void add_ids_places_batches_by_id(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	uint32_t base = mx_reserve_ids(mb, 6);
	struct message b1[2], b2[3], dup[2];
	const char *want[] = { "s0", "s1", "s2", "s3", "s4", "s5" };

	/* the newest two, out of order in the batch */
	b1[0] = make_msg(mb, "s5", 0);
	b1[0].id = base + 5;
	b1[1] = make_msg(mb, "s4", MSG_READ);
	b1[1].id = base + 4;
	mx_add_ids(mb, b1, 2, NULL);
	assert_int_equal(mb->n, 2);
	assert_int_equal(mb->n_unread, 1);
	/* then an older batch goes in front */
	for (int i = 0; i < 3; i++) {
		b2[i] = make_msg(mb, want[i + 1], MSG_FLAGGED);
		b2[i].id = base + 1 + (uint32_t)i;
	}
	mx_add_ids(mb, b2, 3, NULL);
	/* a repeat, an id never reserved: both dropped; the oldest fills the hole */
	dup[0] = make_msg(mb, "s2 again", 0);
	dup[0].id = base + 2;
	dup[1] = make_msg(mb, "bogus", 0);
	dup[1].id = base + 99;
	mx_add_ids(mb, dup, 2, NULL);
	assert_int_equal(mb->n, 5);
	dup[0] = make_msg(mb, "s0", 0);
	dup[0].id = base;
	mx_add_ids(mb, dup, 1, NULL);
	assert_int_equal(mb->n, 6);
	assert_int_equal(mb->n_flagged, 3);
	assert_int_equal(mb->n_unread, 5);
	for (uint32_t i = 0; i < 6; i++) {
		assert_int_equal(mb->msgs[i].index, i);
		assert_int_equal(mb->msgs[i].id, base + i);
		assert_string_equal(menv_str(mb->msgs[i].env, ME_SUBJECT), want[i]);
		assert_ptr_equal(mx_find(mb, base + i), &mb->msgs[i]);
	}
	/* ids handed out later stay above the reserved ones */
	add(mb, "later", 0);
	assert_true(mb->msgs[6].id > base + 5);
	mailbox_free(&mb);
	(void)state;
}

static void mailbox_assigns_ids_indexes_and_counts(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);

	add(mb, "new", 0);
	add(mb, "old", MSG_OLD);
	add(mb, "read", MSG_READ);
	add(mb, "flagged", MSG_READ | MSG_FLAGGED);
	assert_int_equal(mb->n, 4);
	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(mb->msgs[i].index, i);
		assert_ptr_equal(mx_find(mb, mb->msgs[i].id), &mb->msgs[i]);
	}
	assert_true(mb->msgs[0].id < mb->msgs[3].id);
	assert_null(mx_find(mb, 9999));
	assert_int_equal(mb->n_unread, 2);
	assert_int_equal(mb->n_new, 1);
	assert_int_equal(mb->n_flagged, 1);
	assert_string_equal(menv_str(mx_find(mb, mb->msgs[2].id)->env, ME_SUBJECT), "read");
	mailbox_free(&mb);
	assert_null(mb);
}

static void reading_clears_old_and_marks_changed(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	uint64_t gen;

	add(mb, "old", MSG_OLD);
	gen = mb->generation;
	mx_change_flags(mb, 0, MSG_READ, 0);
	assert_int_equal(mb->msgs[0].flags & (MSG_READ | MSG_OLD | MSG_CHANGED),
			 MSG_READ | MSG_CHANGED);
	assert_true(mb->changed_flags);
	assert_int_equal(mb->n_unread, 0);
	assert_true(mb->generation > gen);
	/* Tagging is the interface's business: not a change to store. */
	mb->msgs[0].flags &= ~MSG_CHANGED;
	mx_change_flags(mb, 0, MSG_TAGGED, 0);
	assert_false(mb->msgs[0].flags & MSG_CHANGED);
	assert_int_equal(mb->n_tagged, 1);
	mx_change_flags(mb, 0, MSG_DELETED, MSG_TAGGED);
	assert_int_equal(mb->n_deleted, 1);
	assert_int_equal(mb->n_tagged, 0);
	mx_change_flags(mb, 7, MSG_DELETED, 0); /* out of range: ignored */
	mailbox_free(&mb);
}

static void stored_flags_from_outside_are_not_changes(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);

	add(mb, "a", 0);
	mx_set_stored_flags(mb, mb->msgs[0].id, MSG_READ | MSG_REPLIED | MSG_TAGGED);
	assert_int_equal(mb->msgs[0].flags, MSG_READ | MSG_REPLIED);
	assert_false(mb->changed_flags);
	assert_int_equal(mb->n_unread, 0);
	mailbox_free(&mb);
}

static void removal_renumbers_and_keeps_order(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	uint32_t ids[2];

	for (int i = 0; i < 6; i++) {
		char s[8];
		snprintf(s, sizeof(s), "m%d", i);
		add(mb, s, i % 2 ? MSG_READ : 0);
	}
	ids[0] = mb->msgs[4].id;
	ids[1] = mb->msgs[1].id; /* any order */
	mx_remove(mb, ids, 2);
	assert_int_equal(mb->n, 4);
	const char *want[] = { "m0", "m2", "m3", "m5" };
	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(mb->msgs[i].index, i);
		assert_string_equal(menv_str(mb->msgs[i].env, ME_SUBJECT), want[i]);
	}
	assert_null(mx_find(mb, ids[0]));
	assert_int_equal(mb->n_unread, 2);
	mailbox_free(&mb);
}

/* ---- a fake backend run in the worker -------------------------------- */

static atomic_int fake_seen;

static int fake_open(struct mailbox *mb, struct buf *err)
{
	for (int i = 0; i < 2000; i++) {
		if (mx_cancelled(mb)) {
			buf_addstr(err, "stopped");
			return ERR_CANCEL;
		}
		mailbox_lock(mb);
		struct message m = make_msg(mb, "x", 0);
		mailbox_unlock(mb);
		mx_add(mb, &m, 1, NULL);
		mx_progress(mb, "Reading", (size_t)i + 1, 2000);
		atomic_fetch_add(&fake_seen, 1);
		/* slow enough that cancelling can catch it part-way */
		usleep(200);
	}
	return 0;
}

static const struct mx_ops fake_ops = { .type = MX_MAILDIR, .name = "fake", .open = fake_open };

/* Drain events until MXE_DONE; returns its rc. */
static int wait_done(struct mx_queue *q, size_t *added, bool *progress)
{
	struct pollfd pfd = { mx_queue_fd(q), POLLIN, 0 };
	struct mx_event ev;

	for (;;) {
		assert_true(poll(&pfd, 1, 10000) > 0);
		while (mx_queue_pop(q, &ev)) {
			int rc = ev.rc;
			enum mx_event_type t = ev.type;
			if (t == MXE_ADDED)
				*added += ev.done;
			if (t == MXE_PROGRESS)
				*progress = true;
			mx_event_release(&ev);
			if (t == MXE_DONE)
				return rc;
		}
	}
}

static void worker_runs_open_and_reports_events(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_queue *q = mx_queue_new();
	size_t added = 0;
	bool progress = false;

	mb->ops = &fake_ops;
	assert_int_equal(mx_start(mb, MX_OP_OPEN, q), 0);
	/* one operation at a time */
	assert_int_equal(mx_start(mb, MX_OP_CHECK, q), ERR_AGAIN);
	assert_int_equal(wait_done(q, &added, &progress), 0);
	assert_int_equal(added, 2000);
	assert_true(progress);
	mailbox_lock(mb);
	assert_int_equal(mb->n, 2000);
	mailbox_unlock(mb);
	mx_wait(mb);
	mailbox_free(&mb);
	mx_queue_free(&q);
}

static void cancel_stops_a_running_open_cleanly(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_queue *q = mx_queue_new();
	size_t added = 0;
	bool progress = false;

	mb->ops = &fake_ops;
	atomic_store(&fake_seen, 0);
	assert_int_equal(mx_start(mb, MX_OP_OPEN, q), 0);
	while (atomic_load(&fake_seen) < 50)
		usleep(1000);
	mx_cancel(mb);
	assert_int_equal(wait_done(q, &added, &progress), ERR_CANCEL);
	mx_wait(mb);
	/* What was added stays, consistently: counts match the messages. */
	assert_true(mb->n >= 50 && mb->n < 2000);
	assert_int_equal(mb->n_unread, mb->n);
	/* and a new operation can run afterwards */
	assert_int_equal(mx_start(mb, MX_OP_CHECK, q), 0);
	mx_wait(mb);
	mailbox_free(&mb);
	mx_queue_free(&q);
}

static void freeing_a_mailbox_stops_its_worker(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_queue *q = mx_queue_new();

	mb->ops = &fake_ops;
	assert_int_equal(mx_start(mb, MX_OP_OPEN, q), 0);
	mailbox_free(&mb); /* must cancel and join, not leave a thread using freed memory */
	mx_queue_free(&q);
}

/* ---- read jobs ------------------------------------------------------------ */

static atomic_int read_gate; /* fake_read waits while this is 0 */

static int fake_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	(void)mb;
	while (!atomic_load(&read_gate))
		usleep(1000);
	if (id == 99) {
		buf_addstr(err, "no such message");
		return ERR_NOTFOUND;
	}
	buf_printf(raw, "Subject: message %u\n\nbody\n", id);
	return 0;
}

static const struct mx_ops read_ops = { .type = MX_MAILDIR, .name = "fake", .read = fake_read };

static void read_job_delivers_the_message_and_its_errors(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_read_job *job = NULL;
	struct buf raw = BUF_INIT, err = BUF_INIT;

	mb->ops = &read_ops;
	atomic_store(&read_gate, 0);
	assert_int_equal(mx_read_start(mb, 7, false, &job), 0);
	struct pollfd p = { mx_read_job_fd(job), POLLIN, 0 };
	assert_int_equal(poll(&p, 1, 50), 0); /* still reading: not readable */
	assert_false(mx_read_job_done(job));
	assert_int_equal(mx_read_job_finish(&job, &raw, &err), ERR_AGAIN);
	atomic_store(&read_gate, 1);
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(mx_read_job_finish(&job, &raw, &err), 0);
	assert_null(job);
	assert_buf_eq(&raw, "Subject: message 7\n\nbody\n");
	assert_int_equal(mx_read_start(mb, 99, false, &job), 0);
	p.fd = mx_read_job_fd(job);
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(mx_read_job_finish(&job, &raw, &err), ERR_NOTFOUND);
	assert_buf_eq(&err, "no such message");
	buf_release(&raw);
	buf_release(&err);
	mailbox_free(&mb);
}

static void *open_gate_later(void *arg)
{
	(void)arg;
	usleep(100 * 1000);
	atomic_store(&read_gate, 1);
	return NULL;
}

/* An abandoned read goes on alone; freeing the mailbox waits for it (ASan sees any use after free). */
static void abandoned_read_is_waited_for_by_mailbox_free(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_read_job *job = NULL;
	pthread_t t;

	mb->ops = &read_ops;
	atomic_store(&read_gate, 0);
	assert_int_equal(mx_read_start(mb, 3, false, &job), 0);
	mx_read_job_abandon(&job);
	assert_null(job);
	assert_int_equal(pthread_create(&t, NULL, open_gate_later, NULL), 0);
	mailbox_free(&mb); /* returns only after the read's thread let go */
	assert_true(atomic_load(&read_gate));
	pthread_join(t, NULL);
}

/* ---- questions from an operation (mx_ask) ---------------------------------- */

static atomic_int asked_choice;
static atomic_int asked_rc;

static int asking_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	static const char *const lines[] = { "Subject: CN=imap.example.org", "SHA-256: AB:CD" };
	const struct mx_ask a = { MX_ASK_CHOICE,
				  "The certificate is not trusted",
				  lines,
				  2,
				  "(r)eject, accept (o)nce, (a)ccept always",
				  "roa" };
	struct buf secret = BUF_INIT;
	int choice;

	(void)reopen;
	(void)err;
	atomic_store(&asked_rc, mx_ask(mb, &a, &choice, &secret));
	atomic_store(&asked_choice, choice);
	buf_release(&secret);
	return 0;
}

static const struct mx_ops ask_ops = { .type = MX_MAILDIR, .name = "fake", .check = asking_check };

/* The next MXE_ASK event of q (draining others). */
static struct mx_ticket *next_ask(struct mx_queue *q)
{
	struct pollfd pfd = { mx_queue_fd(q), POLLIN, 0 };
	struct mx_event ev;

	for (;;) {
		assert_true(poll(&pfd, 1, 10000) > 0);
		while (mx_queue_pop(q, &ev)) {
			struct mx_ticket *t = ev.type == MXE_ASK ? ev.ticket : NULL;
			ev.ticket = NULL;
			mx_event_release(&ev);
			if (t)
				return t;
		}
	}
}

static void an_operation_asks_and_gets_the_answer(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_queue *q = mx_queue_new();
	struct mx_ticket *t;

	mb->ops = &ask_ops;
	assert_int_equal(mx_start(mb, MX_OP_CHECK, q), 0);
	t = next_ask(q);
	assert_string_equal(mx_ticket_question(t)->title, "The certificate is not trusted");
	assert_int_equal(mx_ticket_question(t)->nlines, 2);
	assert_string_equal(mx_ticket_question(t)->lines[1], "SHA-256: AB:CD");
	mx_ticket_answer(t, 2, NULL);
	mx_ticket_answer(t, 0, NULL); /* the first answer stands */
	mx_ticket_unref(t);
	mx_wait(mb);
	assert_int_equal(atomic_load(&asked_rc), 0);
	assert_int_equal(atomic_load(&asked_choice), 2);
	mailbox_free(&mb);
	mx_queue_free(&q);
}

static void a_question_nobody_answers_ends_with_the_operation(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct mx_queue *q = mx_queue_new();
	struct mx_ticket *t;
	struct buf err = BUF_INIT;

	mb->ops = &ask_ops;
	/* cancelled while it waits */
	assert_int_equal(mx_start(mb, MX_OP_CHECK, q), 0);
	t = next_ask(q);
	mx_cancel(mb);
	mx_wait(mb);
	assert_int_equal(atomic_load(&asked_rc), ERR_CANCEL);
	assert_int_equal(atomic_load(&asked_choice), -1);
	mx_ticket_answer(t, 1, NULL); /* too late: nobody listens, nothing breaks */
	mx_ticket_unref(t);
	/* the event released unanswered (as when the queue goes) */
	assert_int_equal(mx_start(mb, MX_OP_CHECK, q), 0);
	struct pollfd pfd = { mx_queue_fd(q), POLLIN, 0 };
	struct mx_event ev;
	bool dropped = false;
	while (!dropped) {
		assert_true(poll(&pfd, 1, 10000) > 0);
		while (mx_queue_pop(q, &ev)) {
			dropped |= ev.type == MXE_ASK;
			mx_event_release(&ev);
		}
	}
	mx_wait(mb);
	assert_int_equal(atomic_load(&asked_rc), ERR_CANCEL);
	/* headless: nobody to ask */
	mx_queue_free(&q);
	mb->events = NULL;
	assert_int_equal(mx_run(mb, MX_OP_CHECK, &err), 0);
	assert_int_equal(atomic_load(&asked_rc), ERR_UNSUPPORTED);
	buf_release(&err);
	mailbox_free(&mb);
}

static void sync_refused_on_read_only(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct buf err = BUF_INIT;

	mb->ops = &fake_ops;
	mb->set.read_only = true;
	assert_int_equal(mx_run(mb, MX_OP_EXPUNGE, &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "read-only"));
	buf_release(&err);
	mailbox_free(&mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mailbox_assigns_ids_indexes_and_counts),
		cmocka_unit_test(reading_clears_old_and_marks_changed),
		cmocka_unit_test(stored_flags_from_outside_are_not_changes),
		cmocka_unit_test(removal_renumbers_and_keeps_order),
		cmocka_unit_test(worker_runs_open_and_reports_events),
		cmocka_unit_test(cancel_stops_a_running_open_cleanly),
		cmocka_unit_test(freeing_a_mailbox_stops_its_worker),
		cmocka_unit_test(sync_refused_on_read_only),
		cmocka_unit_test(an_operation_asks_and_gets_the_answer),
		cmocka_unit_test(add_ids_places_batches_by_id),
		cmocka_unit_test(a_question_nobody_answers_ends_with_the_operation),
		cmocka_unit_test(read_job_delivers_the_message_and_its_errors),
		cmocka_unit_test(abandoned_read_is_waited_for_by_mailbox_free),
	};
	return RUN_TESTS(tests);
}
