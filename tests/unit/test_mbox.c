/*
 * test_mbox.c - the mbox and MMDF backend: probing, From_ lines, opening
 * with tricky separators, flags, quoting, append, sync and expunge through
 * the rewrite, changes made by others (check), locking against other
 * processes, MMDF. Every test works in a temporary directory of its own.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <utime.h>

#include "tests/unit/unit.h"

#include "mx/mbox-private.h"

/* ---- helpers -------------------------------------------------------------- */

struct fx {
	char dir[64];
	char path[128];
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/tern-mbox-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/box", f->dir);
	mbox_set_lock_timeout(2000);
	mbox_set_threads(0, (uint64_t)32 << 20);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	struct buf cmd = BUF_INIT;

	buf_printf(&cmd, "rm -rf '%s'", f->dir);
	if (system(cmd.data) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	buf_release(&cmd);
	free(f);
	return 0;
}

static void put(const char *path, const char *text)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, text);
	assert_int_equal(file_write_atomic(path, b.data, b.len), 0);
	buf_release(&b);
}

/* Append text to path as another program would (no locks taken here). */
static void add_raw(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, text, strlen(text)), 0);
	close(fd);
}

static char *slurp(const char *path)
{
	struct buf b = BUF_INIT;
	assert_int_equal(file_read_all(path, &b, 0), 0);
	return buf_detach(&b, NULL);
}

static struct mailbox *open_mb(const char *path, bool mark_old)
{
	struct mailbox *mb = mailbox_new(path, NULL);
	struct buf err = BUF_INIT;
	int rc;

	mb->set.mark_old = mark_old;
	rc = mx_run(mb, MX_OP_OPEN, &err);
	if (rc)
		fail_msg("open %s: %d %s", path, rc, err.data);
	buf_release(&err);
	return mb;
}

/* Message i's raw text (caller frees). */
static char *msg_text(struct mailbox *mb, size_t i)
{
	struct buf raw = BUF_INIT, err = BUF_INIT;
	int rc = mx_read(mb, mb->msgs[i].id, &raw, &err);
	if (rc)
		fail_msg("read %zu: %d %s", i, rc, err.data);
	buf_release(&err);
	return buf_detach(&raw, NULL);
}

static const char *subject(struct mailbox *mb, size_t i)
{
	const char *s = menv_str(mb->msgs[i].env, ME_SUBJECT);
	return s ? s : "";
}

static int run(struct mailbox *mb, enum mx_op op)
{
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, op, &err);
	buf_release(&err);
	return rc;
}

static bool check(struct mailbox *mb)
{
	struct buf err = BUF_INIT;
	bool reopen = false;
	assert_int_equal(mb->ops->check(mb, &reopen, &err), 0);
	buf_release(&err);
	return reopen;
}

static int append(const char *path, const char *raw, uint32_t flags)
{
	struct buf err = BUF_INIT;
	int rc = mx_append_to(path, NULL, raw, strlen(raw), flags, 1700000000, &err);
	buf_release(&err);
	return rc;
}

/* Files in dir besides "box" (temporary or lock files left behind). */
static int strays(const struct fx *f)
{
	struct buf cmd = BUF_INIT;
	buf_printf(&cmd, "test -z \"$(ls -A '%s' | grep -v '^box$')\"", f->dir);
	int rc = system(cmd.data);
	buf_release(&cmd);
	return rc == 0 ? 0 : 1;
}

#define M1 "From alice@example.com Mon Jan  1 10:00:00 2024\nSubject: one\n\nbody one\n\n"
#define M2 "From bob@example.com Tue Jan  2 11:30:00 2024\nSubject: two\n\nbody two\n\n"
#define M3 "From carol@example.com Wed Jan  3 12:00:00 2024\nSubject: three\n\nbody three\n"

/* ---- probe and From_ lines --------------------------------------------------- */

static void probe_tells_mbox_mmdf_and_others(void **state)
{
	struct fx *f = *state;
	struct buf err = BUF_INIT;

	put(f->path, M1);
	assert_int_equal(mx_probe(f->path, &err), MX_MBOX);
	put(f->path, "");
	assert_int_equal(mx_probe(f->path, &err), MX_MBOX);
	put(f->path, "\001\001\001\001\nSubject: x\n\n\001\001\001\001\n");
	assert_int_equal(mx_probe(f->path, &err), MX_MMDF);
	put(f->path, "Subject: not a mailbox\n\nFrom x Mon Jan  1 10:00:00 2024\n");
	assert_int_equal(mx_probe(f->path, &err), MX_UNKNOWN);
	assert_false(mx_mbox_ops.probe(f->dir));
	buf_release(&err);
}

static void is_from_takes_mutts_forms(void **state)
{
	static const char *const good[] = {
		"From user@example.com Mon Jan  1 10:00:00 2024",
		"From user@example.com Mon Jan 1 10:00 2024",
		"From user@example.com Mon Jan  1 10:00:00 +0100 2024",
		"From user@example.com Wed Aug  2 00:39:12 MET DST 1995",
		"From  Mon Jan  1 10:00:00 2024",
		"From \"a b\"@example.com Mon Jan  1 10:00:00 2024",
		"From me at mutt.org Mon Jan  1 10:00:00 2024",
		"From sat Sat Jan  1 10:00:00 2024",
		"From user mon jan  1 10:00:00 24",
	};
	static const char *const bad[] = {
		"From here on we go",
		"From user@example.com",
		"From user@example.com Mon Foo  1 10:00:00 2024",
		"From user@example.com Mon Jan  1 2024",
		"From \"unclosed Mon Jan  1 10:00:00 2024",
		"from user Mon Jan  1 10:00:00 2024",
		">From user Mon Jan  1 10:00:00 2024",
	};
	int64_t t = 0;
	const char *who;
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		if (!mbox_is_from(good[i], strlen(good[i]), NULL, NULL, NULL))
			fail_msg("rejected: %s", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (mbox_is_from(bad[i], strlen(bad[i]), NULL, NULL, NULL))
			fail_msg("accepted: %s", bad[i]);
	assert_true(mbox_is_from(good[0], strlen(good[0]), &t, &who, &n));
	assert_int_equal(t, 1704103200); /* read as UTC, like mutt */
	assert_int_equal(n, strlen("user@example.com"));
	assert_memory_equal(who, "user@example.com", n);
	assert_true(mbox_is_from(good[8], strlen(good[8]), &t, NULL, NULL));
	assert_int_equal(t, 1704103200);
}

static void from_line_round_trips(void **state)
{
	struct buf b = BUF_INIT;
	int64_t t = 0;

	mbox_from_line("a b@example.com", 15, 1704103200, &b);
	assert_buf_eq(&b, "From a_b@example.com Mon Jan  1 10:00:00 2024\n");
	assert_true(mbox_is_from(b.data, b.len - 1, &t, NULL, NULL));
	assert_int_equal(t, 1704103200);
	buf_reset(&b);
	mbox_from_line("", 0, 0, &b);
	assert_buf_eq(&b, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
	buf_release(&b);
}

static void quoting_round_trips(void **state)
{
	const char *text = "From me\n>From you\n>>From them\nFromage\n> From x\nok\n";
	struct buf q = BUF_INIT;

	mbox_quote(text, strlen(text), &q);
	assert_buf_eq(&q, ">From me\n>>From you\n>>>From them\nFromage\n> From x\nok\n");
	buf_setlen(&q, mbox_unquote(q.data, q.len));
	assert_buf_eq(&q, text);
	buf_release(&q);
}

static void status_lines_are_mutts(void **state)
{
	struct buf b = BUF_INIT;
	const char *hdr = "Subject: x\nStatus: O\nX-Status: F\n continued\nTo: y\n";

	mbox_status_lines(MSG_READ | MSG_REPLIED | MSG_FLAGGED, "\n", &b);
	assert_buf_eq(&b, "Status: RO\nX-Status: AF\n");
	buf_reset(&b);
	mbox_rewrite_status(hdr, strlen(hdr), MSG_OLD | MSG_DELETED, &b);
	assert_buf_eq(&b, "Subject: x\nTo: y\nStatus: O\nX-Status: D\n");
	buf_reset(&b);
	mbox_rewrite_status("A: 1\r\nStatus: R\r\n", 17, MSG_READ, &b);
	assert_buf_eq(&b, "A: 1\r\nStatus: RO\r\n");
	buf_release(&b);
}

/* ---- open ------------------------------------------------------------------ */

static void open_splits_only_at_from_lines_after_blank_lines(void **state)
{
	struct fx *f = *state;
	put(f->path, "From a@b Mon Jan  1 10:00:00 2024\nSubject: one\n\nline\n"
		     "From b@c Mon Jan  1 10:00:00 2024\n" /* no blank line before: body */
		     "\nFrom the desk of nobody\n"         /* blank, but not a From_ line */
		     "\nFrom c@d Tue Jan  2 10:00:00 2024\nSubject: two\n\nx\n");
	struct mailbox *mb = open_mb(f->path, false);
	char *t;

	assert_int_equal(mb->n, 2);
	assert_string_equal(subject(mb, 0), "one");
	assert_string_equal(subject(mb, 1), "two");
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: one\n\nline\nFrom b@c Mon Jan  1 10:00:00 2024\n\n"
			       "From the desk of nobody\n");
	free(t);
	assert_int_equal(mb->msgs[1].received, 1704189600);
	assert_int_equal(mb->msgs[0].lines, 4);
	mailbox_free(&mb);
}

static void open_unquotes_from_lines(void **state)
{
	struct fx *f = *state;
	put(f->path, "From a@b Mon Jan  1 10:00:00 2024\nSubject: q\n\n>From here\n>>From there\n"
		     "From inside\n\n");
	struct mailbox *mb = open_mb(f->path, false);
	char *t = msg_text(mb, 0);

	assert_int_equal(mb->n, 1);
	assert_string_equal(t, "Subject: q\n\nFrom here\n>From there\nFrom inside\n");
	free(t);
	mailbox_free(&mb);
}

static void open_ignores_content_length(void **state)
{
	struct fx *f = *state;
	put(f->path, "From a@b Mon Jan  1 10:00:00 2024\nContent-Length: 3\nSubject: one\n\n"
		     "a longer body than that\n\n"
		     "From a@b Mon Jan  1 10:00:00 2024\nContent-Length: 99999\nSubject: two\n\n"
		     "short\n\n" M3);
	struct mailbox *mb = open_mb(f->path, false);

	assert_int_equal(mb->n, 3);
	assert_string_equal(subject(mb, 1), "two");
	assert_string_equal(subject(mb, 2), "three");
	assert_int_equal(mb->msgs[1].size,
			 strlen("Content-Length: 99999\nSubject: two\n\nshort\n"));
	mailbox_free(&mb);
}

static void open_last_message_without_newline(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 "From a@b Mon Jan  1 10:00:00 2024\nSubject: end\n\nno newline");
	struct mailbox *mb = open_mb(f->path, false);
	char *t;

	assert_int_equal(mb->n, 2);
	t = msg_text(mb, 1);
	assert_string_equal(t, "Subject: end\n\nno newline");
	free(t);
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: one\n\nbody one\n");
	free(t);
	mailbox_free(&mb);
}

static void open_crlf_file(void **state)
{
	struct fx *f = *state;
	put(f->path,
	    "From a@b Mon Jan  1 10:00:00 2024\r\nSubject: one\r\n\r\nx\r\nFrom no\r\n\r\n"
	    "From a@b Mon Jan  1 10:00:00 2024\r\nSubject: two\r\nStatus: RO\r\n\r\ny\r\n");
	struct mailbox *mb = open_mb(f->path, false);
	char *t;

	assert_int_equal(mb->n, 2);
	assert_string_equal(subject(mb, 0), "one");
	assert_string_equal(subject(mb, 1), "two");
	assert_true(mb->msgs[1].flags & MSG_READ);
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: one\r\n\r\nx\r\nFrom no\r\n");
	free(t);
	mailbox_free(&mb);
}

static void open_empty_file(void **state)
{
	struct fx *f = *state;
	put(f->path, "");
	struct mailbox *mb = open_mb(f->path, false);

	assert_int_equal(mb->n, 0);
	assert_false(check(mb));
	add_raw(f->path, M1);
	assert_false(check(mb));
	assert_int_equal(mb->n, 1);
	mailbox_free(&mb);
}

static void open_keeps_garbage_before_the_first_message(void **state)
{
	struct fx *f = *state;
	const char *text = "junk line\nmore junk\n" M1 M2;
	put(f->path, text);
	struct mailbox *mb = mailbox_new(f->path, NULL);
	struct buf err = BUF_INIT;
	char *after;

	/* the probe refuses it; a caller that knows it is an mbox can still open it */
	mb->ops = &mx_mbox_ops;
	mb->set.mark_old = false;
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	assert_int_equal(mb->n, 2);
	assert_string_equal(subject(mb, 0), "one");
	mx_change_flags(mb, 1, MSG_FLAGGED, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	after = slurp(f->path);
	assert_true(strncmp(after, "junk line\nmore junk\n" M1,
			    strlen("junk line\nmore junk\n" M1)) == 0);
	assert_non_null(strstr(after, "X-Status: F\n"));
	free(after);
	buf_release(&err);
	mailbox_free(&mb);
}

static void open_reads_flags_from_status(void **state)
{
	struct fx *f = *state;
	put(f->path, "From a Mon Jan  1 10:00:00 2024\nStatus: RO\n\n\n"
		     "From a Mon Jan  1 10:00:00 2024\nStatus: O\nX-Status: AF\n\n\n"
		     "From a Mon Jan  1 10:00:00 2024\nX-Status: D\n\n\n"
		     "From a Mon Jan  1 10:00:00 2024\nSubject: new\n\n");
	struct mailbox *mb = open_mb(f->path, true);

	assert_int_equal(mb->n, 4);
	assert_int_equal(mb->msgs[0].flags & MBOX_FLAGS, MSG_READ | MSG_OLD);
	assert_int_equal(mb->msgs[1].flags & MBOX_FLAGS, MSG_OLD | MSG_REPLIED | MSG_FLAGGED);
	assert_int_equal(mb->msgs[2].flags & MBOX_FLAGS, MSG_DELETED);
	assert_int_equal(mb->msgs[3].flags & MBOX_FLAGS, 0);
	assert_int_equal(mb->n_new, 2);
	mailbox_free(&mb);
	/* without $mark_old, O means nothing (mutt) */
	mb = open_mb(f->path, false);
	assert_int_equal(mb->msgs[1].flags & MBOX_FLAGS, MSG_REPLIED | MSG_FLAGGED);
	mailbox_free(&mb);
}

static void read_headers_stops_at_the_blank_line(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	struct buf raw = BUF_INIT, err = BUF_INIT;

	assert_int_equal(mx_read_headers(mb, mb->msgs[1].id, &raw, &err), 0);
	assert_buf_eq(&raw, "Subject: two\n\n");
	buf_release(&raw);
	buf_release(&err);
	mailbox_free(&mb);
}

static void cancelled_open_keeps_a_prefix_and_check_resumes(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2 M3);
	struct mailbox *mb = mailbox_new(f->path, NULL);
	struct buf err = BUF_INIT;
	bool reopen = true;

	mb->type = MX_MBOX;
	mb->ops = &mx_mbox_ops;
	atomic_store(&mb->cancel, true);
	assert_int_equal(mb->ops->open(mb, &err), ERR_CANCEL);
	assert_int_equal(mb->n, 0);
	atomic_store(&mb->cancel, false);
	assert_int_equal(mb->ops->check(mb, &reopen, &err), 0);
	assert_false(reopen);
	assert_int_equal(mb->n, 3);
	assert_string_equal(subject(mb, 2), "three");
	buf_release(&err);
	mailbox_free(&mb);
}

/* A big file, so that several threads split it: the same messages as one thread finds. */
static void parallel_open_matches_one_thread(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;
	struct mailbox *a, *b;
	size_t n = 0;

	while (text.len < ((size_t)3 << 20)) {
		buf_printf(&text,
			   "From u%zu@example.com Mon Jan  1 10:00:00 2024\nSubject: m%zu\n\n", n,
			   n);
		/* bodies of varying length, some with From traps */
		for (size_t k = 0; k < n % 23; k++)
			buf_addstr(&text, k % 7 != 3
						  ? "body text of a line, more or less typical.\n"
						  : "From trap Mon Jan  1 10:00:00 2024\n");
		buf_addch(&text, '\n');
		n++;
	}
	assert_int_equal(file_write_atomic(f->path, text.data, text.len), 0);
	mbox_set_threads(1, 0);
	a = open_mb(f->path, false);
	mbox_set_threads(4, 0);
	b = open_mb(f->path, false);
	assert_int_equal(a->n, n);
	assert_int_equal(b->n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a->msgs[i].loc.mbox.offset, b->msgs[i].loc.mbox.offset);
		assert_int_equal(a->msgs[i].size, b->msgs[i].size);
		assert_int_equal(a->msgs[i].lines, b->msgs[i].lines);
	}
	assert_string_equal(subject(b, n - 1), menv_str(a->msgs[n - 1].env, ME_SUBJECT));
	mailbox_free(&a);
	mailbox_free(&b);
	buf_release(&text);
}

/* ---- append ------------------------------------------------------------------ */

static void append_creates_and_reads_back_exactly(void **state)
{
	struct fx *f = *state;
	const char *raw = "Return-Path: <ret@example.com>\nFrom: Some One <one@example.com>\n"
			  "Subject: hi\n\nFrom the start\n>From quoted\nlast\n";
	struct mailbox *mb;
	struct stat st;
	char *file, *t;

	assert_int_equal(append(f->path, raw, 0), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	file = slurp(f->path);
	assert_string_equal(file,
			    "From ret@example.com Tue Nov 14 22:13:20 2023\n"
			    "Return-Path: <ret@example.com>\nFrom: Some One <one@example.com>\n"
			    "Subject: hi\n\n>From the start\n>>From quoted\nlast\n\n");
	free(file);
	assert_int_equal(append(f->path, "Subject: second\n\nno newline", MSG_READ | MSG_FLAGGED),
			 0);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n, 2);
	t = msg_text(mb, 0);
	assert_string_equal(t, raw);
	free(t);
	t = msg_text(mb, 1);
	assert_string_equal(t, "Subject: second\nStatus: RO\nX-Status: F\n\nno newline\n");
	free(t);
	assert_int_equal(mb->msgs[1].flags & MBOX_FLAGS, MSG_READ | MSG_FLAGGED);
	assert_int_equal(mb->msgs[0].received, 1700000000);
	assert_int_equal(strays(f), 0);
	mailbox_free(&mb);
}

static void append_completes_the_blank_line(void **state)
{
	struct fx *f = *state;
	put(f->path, "From a Mon Jan  1 10:00:00 2024\nSubject: one\n\nbody");
	struct mailbox *mb;
	char *t;

	assert_int_equal(append(f->path, "Subject: two\n\nx\n", 0), 0);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n, 2);
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: one\n\nbody\n");
	free(t);
	assert_string_equal(subject(mb, 1), "two");
	mailbox_free(&mb);
}

static void append_replaces_a_from_line_and_old_status(void **state)
{
	struct fx *f = *state;
	struct mailbox *mb;
	char *file;

	assert_int_equal(append(f->path,
				"From x@y Mon Jan  1 10:00:00 2024\nSubject: s\nStatus: RO\n\nb\n",
				MSG_FLAGGED),
			 0);
	file = slurp(f->path);
	assert_string_equal(file, "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\nSubject: s\n"
				  "X-Status: F\n\nb\n\n");
	free(file);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->msgs[0].flags & MBOX_FLAGS, MSG_FLAGGED);
	mailbox_free(&mb);
}

/* ---- sync and expunge -------------------------------------------------------- */

static void sync_writes_flags_and_keeps_the_rest_exact(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 "From bob Tue Jan  2 11:30:00 2024\nSubject: two\nStatus: O\n"
			"Content-Length: 9\n\nbody two\n\n" M3);
	chmod(f->path, 0640);
	struct mailbox *mb = open_mb(f->path, false);
	struct stat st;
	char *file, *t;

	mx_change_flags(mb, 1, MSG_READ | MSG_REPLIED, 0);
	assert_true(mb->changed_flags);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_false(mb->changed_flags);
	assert_false(mb->msgs[1].flags & MSG_CHANGED);
	file = slurp(f->path);
	assert_string_equal(file,
			    M1 "From bob Tue Jan  2 11:30:00 2024\nSubject: two\n"
			       "Content-Length: 9\nStatus: RO\nX-Status: A\n\nbody two\n\n" M3);
	free(file);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(strays(f), 0);
	/* the open mailbox reads the new file at the new places */
	t = msg_text(mb, 2);
	assert_string_equal(t, "Subject: three\n\nbody three\n");
	free(t);
	t = msg_text(mb, 1);
	assert_string_equal(t, "Subject: two\nContent-Length: 9\nStatus: RO\nX-Status: A\n\n"
			       "body two\n");
	free(t);
	assert_false(check(mb));
	mailbox_free(&mb);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->msgs[1].flags & MBOX_FLAGS, MSG_READ | MSG_REPLIED);
	assert_int_equal(mb->msgs[0].flags & MBOX_FLAGS, 0);
	mailbox_free(&mb);
}

static void sync_without_changes_leaves_the_file_alone(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	struct stat a, b;

	assert_int_equal(stat(f->path, &a), 0);
	/* changed and changed back: nothing to write */
	mx_change_flags(mb, 0, MSG_FLAGGED, 0);
	mx_change_flags(mb, 0, 0, MSG_FLAGGED);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_int_equal(stat(f->path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_false(mb->changed_flags);
	mailbox_free(&mb);
}

static void sync_with_mark_old_makes_new_mail_old(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, true);
	char *file;

	mx_change_flags(mb, 1, MSG_READ, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	file = slurp(f->path);
	assert_non_null(strstr(file, "Subject: one\nStatus: O\n"));
	assert_non_null(strstr(file, "Subject: two\nStatus: RO\n"));
	free(file);
	mailbox_free(&mb);
}

static void expunge_removes_deleted_messages(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2 M3);
	struct mailbox *mb = open_mb(f->path, false);
	uint32_t keep = mb->msgs[1].id;
	char *file, *t;

	mx_change_flags(mb, 0, MSG_DELETED, 0);
	mx_change_flags(mb, 2, MSG_DELETED, 0);
	/* a plain sync keeps them, marked D */
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_int_equal(mb->n, 3);
	file = slurp(f->path);
	assert_non_null(strstr(file, "Subject: one\nX-Status: D\n"));
	free(file);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_int_equal(mb->n, 1);
	assert_int_equal(mb->msgs[0].id, keep);
	assert_int_equal(mb->n_deleted, 0);
	file = slurp(f->path);
	assert_string_equal(file, M2);
	free(file);
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: two\n\nbody two\n");
	free(t);
	assert_int_equal(strays(f), 0);
	mailbox_free(&mb);
}

static void expunge_everything_leaves_an_empty_mbox(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	struct buf err = BUF_INIT;
	char *file;

	mx_change_flags(mb, 0, MSG_DELETED, 0);
	mx_change_flags(mb, 1, MSG_DELETED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_int_equal(mb->n, 0);
	file = slurp(f->path);
	assert_string_equal(file, "");
	free(file);
	assert_int_equal(mx_probe(f->path, &err), MX_MBOX);
	buf_release(&err);
	mailbox_free(&mb);
}

static void sync_carries_over_mail_appended_meanwhile(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	char *file;

	add_raw(f->path, M3);
	mx_change_flags(mb, 0, MSG_DELETED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_int_equal(mb->n, 2);
	assert_string_equal(subject(mb, 1), "three");
	file = slurp(f->path);
	assert_string_equal(file, M2 M3);
	free(file);
	mailbox_free(&mb);
}

static void sync_of_a_file_changed_in_place_refuses(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	struct buf err = BUF_INIT;
	char *file;

	/* same size, other bytes, as a program rewriting in place would leave it */
	put(f->path, M2 M1);
	mx_change_flags(mb, 0, MSG_DELETED, 0);
	assert_int_equal(mx_run(mb, MX_OP_EXPUNGE, &err), ERR_AGAIN);
	assert_true(err.len > 0);
	file = slurp(f->path);
	assert_string_equal(file, M2 M1);
	free(file);
	buf_release(&err);
	mailbox_free(&mb);
}

/* A delivery agent that opened the file before our rename writes into the old one. */
static void mail_written_to_the_replaced_file_is_carried_over(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	int late = open(f->path, O_WRONLY | O_APPEND);
	char *file;

	assert_true(late >= 0);
	mx_change_flags(mb, 0, MSG_FLAGGED, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_int_equal(write_all(late, M3, strlen(M3)), 0);
	close(late);
	assert_false(check(mb));
	assert_int_equal(mb->n, 3);
	assert_string_equal(subject(mb, 2), "three");
	file = slurp(f->path);
	assert_non_null(strstr(file, "Subject: three\n"));
	free(file);
	mailbox_free(&mb);
}

static void a_rewrite_through_a_symbolic_link_keeps_the_link(void **state)
{
	struct fx *f = *state;
	struct buf link = BUF_INIT;
	struct mailbox *mb;
	struct stat st;
	char *file;

	put(f->path, M1 M2);
	buf_printf(&link, "%s/link", f->dir);
	assert_int_equal(symlink("box", link.data), 0);
	mb = open_mb(link.data, false);
	mx_change_flags(mb, 0, MSG_DELETED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_int_equal(lstat(link.data, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	file = slurp(f->path);
	assert_string_equal(file, M2);
	free(file);
	assert_false(check(mb));
	mailbox_free(&mb);
	buf_release(&link);
}

static void a_rewrite_removes_temporary_files_of_killed_ones(void **state)
{
	struct fx *f = *state;
	struct buf stale = BUF_INIT, other = BUF_INIT;
	struct stat st;

	put(f->path, M1 M2);
	buf_printf(&stale, "%s/.box.tern-AbC123", f->dir);
	buf_printf(&other, "%s/.box.tern-notours", f->dir);
	put(stale.data, "half a mailbox");
	put(other.data, "x");
	struct mailbox *mb = open_mb(f->path, false);
	mx_change_flags(mb, 0, MSG_FLAGGED, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_int_not_equal(stat(stale.data, &st), 0);
	assert_int_equal(stat(other.data, &st), 0);
	mailbox_free(&mb);
	buf_release(&stale);
	buf_release(&other);
}

static void reading_a_message_moved_in_place_fails_cleanly(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	struct buf raw = BUF_INIT, err = BUF_INIT;
	int fd = open(f->path, O_WRONLY);

	/* another program shifted the second message (rewriting in place, as mutt does) */
	assert_int_equal(pwrite(fd, "XXXXXX", 6, (off_t)strlen(M1)), 6);
	close(fd);
	assert_int_equal(mx_read(mb, mb->msgs[1].id, &raw, &err), ERR_AGAIN);
	assert_int_equal(raw.len, 0);
	assert_non_null(strstr(err.data, "reopen"));
	buf_release(&raw);
	buf_release(&err);
	mailbox_free(&mb);
}

/* ---- check: changes by others ------------------------------------------------ */

static void check_adds_exactly_the_appended_messages(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	char *t;

	assert_false(check(mb));
	assert_int_equal(mb->n, 2);
	add_raw(f->path, M3);
	assert_false(check(mb));
	assert_int_equal(mb->n, 3);
	t = msg_text(mb, 2);
	assert_string_equal(t, "Subject: three\n\nbody three\n");
	free(t);
	assert_false(check(mb));
	assert_int_equal(mb->n, 3);
	/* the last message had no blank line: the appender completes it */
	add_raw(f->path, "\n" M1);
	assert_false(check(mb));
	assert_int_equal(mb->n, 4);
	t = msg_text(mb, 2);
	assert_string_equal(t, "Subject: three\n\nbody three\n");
	free(t);
	assert_string_equal(subject(mb, 3), "one");
	mailbox_free(&mb);
}

/* Another process appends through the backend (locks and all) while we hold the folder open. */
static void another_process_appends_while_open(void **state)
{
	struct fx *f = *state;
	put(f->path, M1);
	struct mailbox *mb = open_mb(f->path, false);
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(append(f->path, "Subject: from the child\n\nhello\n", 0) == 0 &&
				      append(f->path, "Subject: and again\n\nhello\n", MSG_READ) ==
					      0
			      ? 0
			      : 1);
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(check(mb));
	assert_int_equal(mb->n, 3);
	assert_string_equal(subject(mb, 1), "from the child");
	assert_string_equal(subject(mb, 2), "and again");
	assert_true(mb->msgs[2].flags & MSG_READ);
	mailbox_free(&mb);
}

static void check_asks_for_a_reopen_after_other_changes(void **state)
{
	struct fx *f = *state;
	struct mailbox *mb;
	int fd;

	put(f->path, M1 M2);
	mb = open_mb(f->path, false);
	put(f->path, M1 M2 M3); /* replaced (a new inode), even though it grew */
	assert_true(check(mb));
	mailbox_free(&mb);

	mb = open_mb(f->path, false);
	assert_int_equal(truncate(f->path, (off_t)strlen(M1)), 0);
	assert_true(check(mb));
	mailbox_free(&mb);

	mb = open_mb(f->path, false);
	fd = open(f->path, O_WRONLY);
	assert_int_equal(pwrite(fd, "X", 1, 20), 1); /* in place, same size */
	close(fd);
	assert_true(check(mb));
	mailbox_free(&mb);

	put(f->path, M1);
	mb = open_mb(f->path, false);
	add_raw(f->path, "junk that is no message\n");
	assert_true(check(mb));
	mailbox_free(&mb);

	/* times set with whole seconds, as mutt's utime() leaves them: only touched */
	mb = open_mb(f->path, false);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	struct timespec ts[2] = { { st.st_mtim.tv_sec, 0 }, { st.st_mtim.tv_sec, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, f->path, ts, 0), 0);
	assert_false(check(mb));
	mailbox_free(&mb);
}

static void check_spots_a_rewrite_that_grew(void **state)
{
	struct fx *f = *state;
	put(f->path, M1 M2);
	struct mailbox *mb = open_mb(f->path, false);
	int fd = open(f->path, O_WRONLY);

	/* same inode, bigger, the old end still a separator, but the middle changed */
	assert_int_equal(pwrite(fd, "Subject: ONE", 12, strlen(M1) - 24), 12);
	close(fd);
	add_raw(f->path, M3);
	assert_true(check(mb));
	mailbox_free(&mb);
}

/* ---- locking ---------------------------------------------------------------- */

/* A child that holds an fcntl write lock on path for ms milliseconds. */
static pid_t hold_fcntl_lock(const char *path, int ms)
{
	int pipefd[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_RDWR);
		if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		usleep((useconds_t)ms * 1000);
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	return pid;
}

static void a_lock_held_by_another_process_times_out(void **state)
{
	struct fx *f = *state;
	put(f->path, M1);
	struct mailbox *mb = mailbox_new(f->path, NULL);
	struct buf err = BUF_INIT;
	int status;
	pid_t pid = hold_fcntl_lock(f->path, 1500);

	mbox_set_lock_timeout(300);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), ERR_TIMEOUT);
	assert_non_null(strstr(err.data, "locked"));
	assert_int_equal(append(f->path, M2, 0), ERR_TIMEOUT);
	/* the dot-lock was let go while waiting */
	assert_int_equal(strays(f), 0);
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	mailbox_free(&mb);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n, 1);
	buf_release(&err);
	mailbox_free(&mb);
}

static void our_lock_blocks_other_processes_and_is_let_go(void **state)
{
	struct fx *f = *state;
	put(f->path, M1);
	struct mbox_lock l = MBOX_LOCK_INIT;
	struct buf err = BUF_INIT, lockpath = BUF_INIT;
	struct stat st;
	int fd = open(f->path, O_RDWR), status;
	pid_t pid;

	assert_int_equal(mbox_lock(&l, f->path, fd, true, NULL, &err), 0);
	buf_printf(&lockpath, "%s.lock", f->path);
	assert_int_equal(stat(lockpath.data, &st), 0);
	pid = fork();
	if (pid == 0) {
		struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
		int cfd = open(f->path, O_RDONLY);
		/* busy: EAGAIN or EACCES, as for any fcntl lock */
		_exit(fcntl(cfd, F_SETLK, &fl) == -1 && (errno == EAGAIN || errno == EACCES) ? 0
											     : 1);
	}
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	mbox_unlock(&l);
	assert_int_not_equal(stat(lockpath.data, &st), 0);
	close(fd);
	/* another descriptor of ours closing does not drop an OFD lock */
	fd = open(f->path, O_RDWR);
	assert_int_equal(mbox_lock(&l, f->path, fd, true, NULL, &err), 0);
	close(open(f->path, O_RDONLY));
	pid = fork();
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int cfd = open(f->path, O_RDWR);
		_exit(fcntl(cfd, F_SETLK, &fl) == -1 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	mbox_unlock(&l);
	close(fd);
	buf_release(&err);
	buf_release(&lockpath);
}

static void a_live_dot_lock_is_respected_and_a_stale_one_broken(void **state)
{
	struct fx *f = *state;
	struct buf lockpath = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	struct utimbuf old = { 1000000000, 1000000000 };
	struct mailbox *mb;
	char host[256];

	put(f->path, M1);
	buf_printf(&lockpath, "%s.lock", f->path);
	/* held by a live process (this one) of this host: wait, then give up */
	gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	buf_printf(&text, "%ld %s\n", (long)getpid(), host);
	put(lockpath.data, text.data);
	mbox_set_lock_timeout(300);
	mb = mailbox_new(f->path, NULL);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), ERR_TIMEOUT);
	mailbox_free(&mb);
	/* older than 5 minutes: stale */
	assert_int_equal(utime(lockpath.data, &old), 0);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n, 1);
	mailbox_free(&mb);
	/* a dead process of this host: stale at once */
	buf_reset(&text);
	buf_printf(&text, "%d %s\n", 0x3ffffff0, host);
	put(lockpath.data, text.data);
	assert_int_equal(append(f->path, M2, 0), 0);
	assert_int_equal(strays(f), 0);
	buf_release(&lockpath);
	buf_release(&text);
	buf_release(&err);
}

/* ---- MMDF --------------------------------------------------------------------- */

#define D1                                                                                  \
	"\001\001\001\001\nFrom a@b Mon Jan  1 10:00:00 2024\nSubject: one\nStatus: RO\n\n" \
	"From is not quoted\n\001\001\001\001\n"
#define D2 "\001\001\001\001\nSubject: two\n\nbody\n\001\001\001\001\n"

static void mmdf_open_read_and_flags(void **state)
{
	struct fx *f = *state;
	put(f->path, D1 "\n" D2);
	struct mailbox *mb = open_mb(f->path, false);
	char *t;

	assert_int_equal(mb->type, MX_MMDF);
	assert_int_equal(mb->n, 2);
	assert_int_equal(mb->msgs[0].received, 1704103200);
	assert_true(mb->msgs[0].flags & MSG_READ);
	t = msg_text(mb, 0);
	assert_string_equal(t, "Subject: one\nStatus: RO\n\nFrom is not quoted\n");
	free(t);
	t = msg_text(mb, 1);
	assert_string_equal(t, "Subject: two\n\nbody\n");
	free(t);
	mailbox_free(&mb);
}

static void mmdf_append_sync_expunge_and_check(void **state)
{
	struct fx *f = *state;
	put(f->path, D1 D2);
	struct mailbox *mb = open_mb(f->path, false);
	struct buf err = BUF_INIT;
	char *file, *t;

	assert_int_equal(append(f->path, "Subject: three\n\nFrom me\n", MSG_FLAGGED), 0);
	assert_false(check(mb));
	assert_int_equal(mb->n, 3);
	t = msg_text(mb, 2);
	assert_string_equal(t, "Subject: three\nX-Status: F\n\nFrom me\n");
	free(t);
	mx_change_flags(mb, 0, MSG_DELETED, 0);
	mx_change_flags(mb, 1, MSG_REPLIED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_int_equal(mb->n, 2);
	file = slurp(f->path);
	assert_string_equal(file, "\001\001\001\001\nSubject: two\nX-Status: A\n\nbody\n"
				  "\001\001\001\001\n"
				  "\001\001\001\001\nFrom MAILER-DAEMON Tue Nov 14 22:13:20 2023\n"
				  "Subject: three\nX-Status: F\n\nFrom me\n\001\001\001\001\n");
	free(file);
	assert_int_equal(mx_probe(f->path, &err), MX_MMDF);
	buf_release(&err);
	mailbox_free(&mb);
}

/* ---- new mail ------------------------------------------------------------------- */

static void has_new_follows_mutts_times(void **state)
{
	struct fx *f = *state;
	struct mailbox *mb;

	assert_false(mx_has_new(f->path, NULL));
	assert_int_equal(append(f->path, M1, 0), 0);
	assert_true(mx_has_new(f->path, NULL));
	/* saving a read message adds no new mail */
	mb = open_mb(f->path, false);
	mx_change_flags(mb, 0, MSG_READ, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	mailbox_free(&mb);
	assert_false(mx_has_new(f->path, NULL));
	assert_int_equal(append(f->path, M2, MSG_READ), 0);
	assert_false(mx_has_new(f->path, NULL));
	/* a visit sees the new mail ($mail_check_recent, mutt's default) */
	assert_int_equal(append(f->path, M3, 0), 0);
	assert_true(mx_has_new(f->path, NULL));
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n_new, 1);
	mailbox_free(&mb);
	assert_false(mx_has_new(f->path, NULL));
	add_raw(f->path, M1);
	assert_true(mx_has_new(f->path, NULL));
}

static void has_new_by_size_with_check_mbox_size(void **state)
{
	struct fx *f = *state;
	struct mailbox *mb = mailbox_new(f->path, NULL);
	struct buf err = BUF_INIT;
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	struct config *cfg = config_new();

	assert_int_equal(config_run(cfg, "set check_mbox_size", NULL, 0, &err), 0);
	put(f->path, M1);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	mailbox_free(&mb);
	/* mtime newer than atime, but no bigger than when tern read it */
	assert_int_equal(utimensat(AT_FDCWD, f->path, ts, 0), 0);
	assert_false(mx_has_new(f->path, cfg));
	/* without $check_mbox_size, mutt's time rule */
	assert_true(mx_has_new(f->path, NULL));
	add_raw(f->path, M2);
	assert_true(mx_has_new(f->path, cfg));
	config_free(&cfg);
	buf_release(&err);
}

/*
 * Flags of messages whose headers end near a read window's edge (256 KiB):
 * the header is parsed from the window, which the body scan then refills.
 * Every message is read and replied; 10 MiB in all, so that a refill puts
 * other bytes (a window further on) where a stale header would be read.
 */
static void flags_survive_the_read_window_edge(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT, body = BUF_INIT;
	struct mailbox *mb;
	size_t n = 0;

	for (int i = 0; i < 40; i++)
		buf_addstr(&body, "a body line long enough to fill a window sooner or later\n");
	while (b.len < ((size_t)10 << 20)) {
		buf_printf(
			&b,
			"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nSubject: m%zu\n%s\n%s\n\n%s",
			n, "Status: RO", "X-Status: A", body.data);
		/* a varying tail, so that some header straddles the edge whatever the sizes */
		for (size_t k = 0; k < n % 7; k++)
			buf_addstr(&b, "x\n");
		buf_addch(&b, '\n');
		n++;
	}
	assert_int_equal(file_write_atomic(f->path, b.data, b.len), 0);
	mb = open_mb(f->path, false);
	assert_int_equal(mb->n, n);
	for (size_t i = 0; i < mb->n; i++) {
		if ((mb->msgs[i].flags & (MSG_READ | MSG_REPLIED)) != (MSG_READ | MSG_REPLIED))
			fail_msg("message %zu: flags %#x", i, mb->msgs[i].flags);
	}
	mailbox_free(&mb);
	buf_release(&b);
	buf_release(&body);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(probe_tells_mbox_mmdf_and_others),
		T(is_from_takes_mutts_forms),
		T(from_line_round_trips),
		T(quoting_round_trips),
		T(status_lines_are_mutts),
		T(open_splits_only_at_from_lines_after_blank_lines),
		T(open_unquotes_from_lines),
		T(open_ignores_content_length),
		T(open_last_message_without_newline),
		T(open_crlf_file),
		T(open_empty_file),
		T(open_keeps_garbage_before_the_first_message),
		T(open_reads_flags_from_status),
		T(flags_survive_the_read_window_edge),
		T(read_headers_stops_at_the_blank_line),
		T(cancelled_open_keeps_a_prefix_and_check_resumes),
		T(parallel_open_matches_one_thread),
		T(append_creates_and_reads_back_exactly),
		T(append_completes_the_blank_line),
		T(append_replaces_a_from_line_and_old_status),
		T(sync_writes_flags_and_keeps_the_rest_exact),
		T(sync_without_changes_leaves_the_file_alone),
		T(sync_with_mark_old_makes_new_mail_old),
		T(expunge_removes_deleted_messages),
		T(expunge_everything_leaves_an_empty_mbox),
		T(sync_carries_over_mail_appended_meanwhile),
		T(sync_of_a_file_changed_in_place_refuses),
		T(mail_written_to_the_replaced_file_is_carried_over),
		T(a_rewrite_through_a_symbolic_link_keeps_the_link),
		T(a_rewrite_removes_temporary_files_of_killed_ones),
		T(reading_a_message_moved_in_place_fails_cleanly),
		T(check_adds_exactly_the_appended_messages),
		T(another_process_appends_while_open),
		T(check_asks_for_a_reopen_after_other_changes),
		T(check_spots_a_rewrite_that_grew),
		T(a_lock_held_by_another_process_times_out),
		T(our_lock_blocks_other_processes_and_is_let_go),
		T(a_live_dot_lock_is_respected_and_a_stale_one_broken),
		T(mmdf_open_read_and_flags),
		T(mmdf_append_sync_expunge_and_check),
		T(has_new_follows_mutts_times),
		T(has_new_by_size_with_check_mbox_size),
	};
	return RUN_TESTS(tests);
}
