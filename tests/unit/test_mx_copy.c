/*
 * test_mx_copy.c - mx_copy_messages: the backend's copy op first, read and
 * append otherwise (a local Maildir to a new mbox, created once); flags
 * and delivery time kept, "deleted" not; a move marks only what arrived; a
 * failure names the message and stops; a cancelled copy copies nothing;
 * the copy job in its thread.
 */
#include <poll.h>

#include "tests/unit/mh_test.h" /* tmp_dir, rm_tree, put */

struct fixture {
	char *dir;
	struct buf src, dest;
	struct mailbox *mb;
	uint32_t ids[3];
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct buf err = BUF_INIT, name = BUF_INIT, text = BUF_INIT;

	f->dir = tmp_dir();
	buf_init(&f->src, 0);
	buf_init(&f->dest, 0);
	buf_printf(&f->src, "%s/src", f->dir);
	buf_printf(&f->dest, "%s/dest.mbox", f->dir);
	if (mx_maildir_ops.create(f->src.data, &err) != 0)
		return -1;
	for (int i = 1; i <= 3; i++) {
		buf_reset(&name);
		buf_reset(&text);
		buf_printf(&name, "cur/100000000%d.M1P1.host:2,%s", i, i == 2 ? "FS" : "");
		buf_printf(&text, "From: a%d@example.org\nSubject: message %d\n\nbody %d\n", i, i,
			   i);
		put(f->src.data, name.data, text.data);
	}
	f->mb = mailbox_new(f->src.data, NULL);
	if (mx_run(f->mb, MX_OP_OPEN, &err) != 0 || f->mb->n != 3)
		return -1;
	for (size_t i = 0; i < 3; i++)
		f->ids[i] = f->mb->msgs[i].id;
	buf_release(&name);
	buf_release(&text);
	buf_release(&err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mailbox_free(&f->mb);
	rm_tree(&f->dir);
	buf_release(&f->src);
	buf_release(&f->dest);
	free(f);
	return 0;
}

/* The destination opened fresh: its message count, and the flags of message i. */
static size_t dest_count(const char *path, size_t i, uint32_t *flags)
{
	struct mailbox *d = mailbox_new(path, NULL);
	struct buf err = BUF_INIT;
	size_t n = 0;

	if (mx_run(d, MX_OP_OPEN, &err) == 0) {
		n = d->n;
		if (flags && i < n)
			*flags = d->msgs[i].flags & MSG_STORED;
	}
	mailbox_free(&d);
	buf_release(&err);
	return n;
}

static size_t deleted(struct mailbox *mb)
{
	size_t n = 0;

	for (size_t i = 0; i < mb->n; i++)
		n += (mb->msgs[i].flags & MSG_DELETED) != 0;
	return n;
}

static void copy_creates_and_keeps_flags(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	uint32_t flags = 0;
	size_t done = 99;

	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, false, &done, &err),
			 0);
	assert_int_equal(done, 3);
	assert_int_equal(dest_count(f->dest.data, 1, &flags), 3);
	assert_true(flags & MSG_FLAGGED);
	assert_true(flags & MSG_READ);
	assert_int_equal(deleted(f->mb), 0); /* a copy leaves the source alone */
	buf_release(&err);
}

static void move_marks_deleted(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	size_t done = 0;

	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 2, f->dest.data, true, &done, &err),
			 0);
	assert_int_equal(done, 2);
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 2);
	assert_int_equal(deleted(f->mb), 2);
	assert_false(f->mb->msgs[2].flags & MSG_DELETED);
	buf_release(&err);
}

/* A message that cannot be read stops the run: named, and the ones before it only are moved. */
static void failure_names_message_and_keeps_rest(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT, p = BUF_INIT;
	size_t done = 0;

	buf_printf(&p, "%s/%s", f->src.data, f->mb->msgs[1].loc.file);
	assert_int_equal(unlink(p.data), 0);
	assert_int_not_equal(
		mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, true, &done, &err), 0);
	assert_int_equal(done, 1);
	assert_non_null(strstr(err.data, "message 2"));
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 1);
	assert_int_equal(deleted(f->mb), 1);
	assert_true(f->mb->msgs[0].flags & MSG_DELETED);
	buf_release(&err);
	buf_release(&p);
}

/* A destination that cannot be made: nothing copied, nothing marked. */
static void bad_destination(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT, p = BUF_INIT;
	size_t done = 5;

	buf_printf(&p, "%s/nodir/sub/box", f->dir);
	assert_int_not_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, p.data, true, &done, &err),
			     0);
	assert_int_equal(done, 0);
	assert_true(err.len > 0);
	assert_int_equal(deleted(f->mb), 0);
	buf_release(&err);
	buf_release(&p);
}

static void cancelled_copies_nothing(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	size_t done = 5;

	atomic_store(&f->mb->cancel, true);
	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, true, &done, &err),
			 ERR_CANCEL);
	atomic_store(&f->mb->cancel, false);
	assert_int_equal(done, 0);
	assert_int_equal(deleted(f->mb), 0);
	buf_release(&err);
}

/* The backend's op, when it has one, does the whole copy; ERR_UNSUPPORTED falls back. */
static int fake_rc, fake_calls;
static int fake_copy(struct mailbox *mb, const uint32_t *ids, size_t n, const char *dest, bool move,
		     struct buf *err)
{
	(void)mb, (void)ids, (void)n, (void)dest, (void)move;
	fake_calls++;
	if (fake_rc == ERR_UNSUPPORTED)
		buf_addstr(err, "not here");
	return fake_rc;
}

static void backend_op_first(void **state)
{
	struct fixture *f = *state;
	struct mx_ops ops = *f->mb->ops;
	const struct mx_ops *saved = f->mb->ops;
	struct buf err = BUF_INIT;
	size_t done = 0;

	ops.copy = fake_copy;
	f->mb->ops = &ops;
	fake_rc = 0;
	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, false, &done, &err),
			 0);
	assert_int_equal(fake_calls, 1);
	assert_int_equal(done, 3);
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 0); /* nothing appended */
	fake_rc = ERR_UNSUPPORTED;
	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, false, &done, &err),
			 0);
	assert_int_equal(fake_calls, 2);
	assert_int_equal(err.len, 0); /* the op's reason is not the result's */
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 3);
	fake_rc = ERR_PROTO;
	assert_int_equal(mx_copy_messages(f->mb, NULL, f->ids, 3, f->dest.data, false, &done, &err),
			 ERR_PROTO);
	assert_int_equal(done, 0);
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 3); /* no fallback after a real error */
	f->mb->ops = saved;
	buf_release(&err);
}

static void job_in_thread(void **state)
{
	struct fixture *f = *state;
	struct mx_copy_job *job = NULL;
	struct buf err = BUF_INIT;
	size_t done = 0;

	struct config *cfg = config_new();

	/* the job reads its own snapshot: the caller's config may go at once */
	assert_int_equal(mx_copy_start(f->mb, cfg, f->ids, 3, f->dest.data, false, &job), 0);
	config_free(&cfg);
	struct pollfd p = { mx_copy_job_fd(job), POLLIN, 0 };
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_true(mx_copy_job_done(job));
	assert_int_equal(mx_copy_job_finish(&job, &done, &err), 0);
	assert_null(job);
	assert_int_equal(done, 3);
	assert_int_equal(dest_count(f->dest.data, 0, NULL), 3);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(copy_creates_and_keeps_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(move_marks_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(failure_names_message_and_keeps_rest, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bad_destination, setup, teardown),
		cmocka_unit_test_setup_teardown(cancelled_copies_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(backend_op_first, setup, teardown),
		cmocka_unit_test_setup_teardown(job_in_thread, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
