/*
 * test_mh.c - the MH backend on real directories: numbers and ranges, the
 * sequence file (parse, keep what is not ours, atomic rewrite under nmh's
 * lock), probe, open, check, read, sync, expunge, append (also from
 * concurrent processes), the header cache, and a full disk (a real tmpfs
 * in a private mount namespace).
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/unit/unit.h"

#include "mx/mh.h"

/* ---- helpers --------------------------------------------------------- */

static char *tmp_dir(void)
{
	struct buf b = BUF_INIT;
	const char *t = getenv("TMPDIR");

	buf_printf(&b, "%s/tern-mh-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(b.data));
	return buf_detach(&b, NULL);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static void rm_tree(char **dir)
{
	nftw(*dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(*dir);
	*dir = NULL;
}

static char *path_of(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = path_of(dir, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, text, strlen(text)), 0);
	close(fd);
	free(p);
}

/* A message whose subject is "s<num>". */
static void put_msg(const char *dir, unsigned num)
{
	char name[16], text[160];

	snprintf(name, sizeof(name), "%u", num);
	snprintf(text, sizeof(text),
		 "From: a%u@example.org\nSubject: s%u\nMessage-ID: <%u@x>\n\nbody %u\n", num, num,
		 num, num);
	put(dir, name, text);
}

/* The file's text ("<none>" when it does not exist); caller frees. */
static char *get(const char *dir, const char *name)
{
	char *p = path_of(dir, name);
	struct buf b = BUF_INIT;

	if (file_read_all(p, &b, 0) == ERR_NOTFOUND)
		buf_addstr(&b, "<none>");
	free(p);
	return buf_detach(&b, NULL);
}

#define assert_file(dir, name, want)             \
	do {                                     \
		char *got_ = get(dir, name);     \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

static bool exists(const char *dir, const char *name)
{
	char *p = path_of(dir, name);
	struct stat st;
	bool r = lstat(p, &st) == 0;
	free(p);
	return r;
}

/* The names in dir, sorted, space-separated (what a person sees with ls -A). */
static char *listing(const char *dir)
{
	struct dirent **v;
	struct buf b = BUF_INIT;
	int n = scandir(dir, &v, NULL, alphasort);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, ".."))
			buf_printf(&b, "%s%s", b.len ? " " : "", v[i]->d_name);
		free(v[i]);
	}
	free(v);
	return buf_detach(&b, NULL);
}

#define assert_listing(dir, want)                \
	do {                                     \
		char *got_ = listing(dir);       \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

/* A mailbox for dir with the header cache off (or in cache_dir). */
static struct mailbox *mb_new(const char *dir, const char *cache_dir)
{
	struct mailbox *mb = mailbox_new(dir, NULL);

	set_str(&mb->set.header_cache, cache_dir ? cache_dir : "/dev/null");
	mb->type = MX_MH;
	mb->ops = &mx_mh_ops;
	return mb;
}

static struct mailbox *mb_open(const char *dir, const char *cache_dir)
{
	struct mailbox *mb = mb_new(dir, cache_dir);
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, MX_OP_OPEN, &err);

	if (rc)
		fail_msg("open %s: %d %s", dir, rc, err.data);
	buf_release(&err);
	return mb;
}

static int run(struct mailbox *mb, enum mx_op op)
{
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, op, &err);
	buf_release(&err);
	return rc;
}

/* "num:flags" of every message, in mailbox order: flags as letters N(unread) F R D O. */
static char *model(struct mailbox *mb)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		buf_printf(&b, "%s%u:", i ? " " : "", m->loc.num);
		if (!(m->flags & MSG_READ))
			buf_addch(&b, 'N');
		if (m->flags & MSG_FLAGGED)
			buf_addch(&b, 'F');
		if (m->flags & MSG_REPLIED)
			buf_addch(&b, 'R');
		if (m->flags & MSG_DELETED)
			buf_addch(&b, 'D');
		if (m->flags & MSG_OLD)
			buf_addch(&b, 'O');
	}
	return buf_detach(&b, NULL);
}

#define assert_model(mb, want)                   \
	do {                                     \
		char *got_ = model(mb);          \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

/* Index of message num in mailbox order. */
static size_t idx(struct mailbox *mb, uint32_t num)
{
	for (size_t i = 0; i < mb->n; i++)
		if (mb->msgs[i].loc.num == num)
			return i;
	fail_msg("no message %u", num);
	return 0;
}

static const char *subject(struct mailbox *mb, uint32_t num)
{
	return menv_str(mb->msgs[idx(mb, num)].env, ME_SUBJECT);
}

/* A folder with messages 1..n and the given sequence file (NULL: none). */
static char *folder(unsigned n, const char *seqs)
{
	char *dir = tmp_dir();

	for (unsigned i = 1; i <= n; i++)
		put_msg(dir, i);
	if (seqs)
		put(dir, MH_SEQ_FILE, seqs);
	return dir;
}

static const char *const default_names[NROLES] = { "unseen", "flagged", "replied" };

static void parse_text(struct mh_seqs *q, const char *text)
{
	mh_seqs_init(q);
	buf_addstr(&q->text, text);
	q->exists = true;
	mh_seqs_parse(q, default_names);
}

static char *ranges_str(const struct ranges *r)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < r->n; i++)
		buf_printf(&b, "%s%u-%u", i ? " " : "", r->v[i].lo, r->v[i].hi);
	return buf_detach(&b, NULL);
}

#define assert_ranges(r, want)                   \
	do {                                     \
		char *got_ = ranges_str(r);      \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

static char *format(const struct mh_seqs *q)
{
	struct buf b = BUF_INIT;
	mh_seqs_format(q, default_names, &b);
	return buf_detach(&b, NULL);
}

/* ---- numbers, ranges, the sequence file ------------------------------ */

static void mh_numbers_are_canonical_decimals(void **state)
{
	assert_int_equal(mh_number("1"), 1);
	assert_int_equal(mh_number("4294967294"), 4294967294u);
	assert_int_equal(mh_number("4294967295"), 0);
	assert_int_equal(mh_number("99999999999999999999"), 0);
	assert_int_equal(mh_number("007"), 0);
	assert_int_equal(mh_number("0"), 0);
	assert_int_equal(mh_number(""), 0);
	assert_int_equal(mh_number(",3"), 0);
	assert_int_equal(mh_number("3a"), 0);
	assert_int_equal(mh_number("-3"), 0);
	assert_int_equal(mh_number(".3"), 0);
}

static void ranges_merge_subtract_and_find(void **state)
{
	struct ranges r = { 0 };
	const uint32_t pts[] = { 1, 6, 8, 20 };

	mh_ranges_add(&r, 5, 7);
	mh_ranges_add(&r, 1, 1);
	mh_ranges_add(&r, 2, 3);
	mh_ranges_add(&r, 8, 8);
	mh_ranges_add(&r, 6, 6);
	mh_ranges_normalize(&r);
	assert_ranges(&r, "1-3 5-8");
	assert_true(mh_ranges_has(&r, 3));
	assert_false(mh_ranges_has(&r, 4));
	assert_true(mh_ranges_has(&r, 8));
	assert_false(mh_ranges_has(&r, 9));
	assert_false(mh_ranges_has(&r, 0));
	mh_ranges_subtract(&r, pts, ARRAY_SIZE(pts));
	assert_ranges(&r, "2-3 5-5 7-7");
	mh_ranges_release(&r);
}

static void seqs_parse_managed_and_kept_lines(void **state)
{
	struct mh_seqs q;
	char *out;

	parse_text(&q, "cur: 5\nunseen: 7 1-3\nfoo: 1 3\n\nflagged: 2\nreplied: 9-10\n");
	assert_ranges(&q.role[ROLE_UNSEEN], "1-3 7-7");
	assert_ranges(&q.role[ROLE_FLAGGED], "2-2");
	assert_ranges(&q.role[ROLE_REPLIED], "9-10");
	assert_buf_eq(&q.other, "cur: 5\nfoo: 1 3\n");
	assert_int_equal(mh_seq_bits(&q, 2), MSG_FLAGGED);
	assert_int_equal(mh_seq_bits(&q, 9), MSG_READ | MSG_REPLIED);
	assert_int_equal(mh_seq_bits(&q, 4), MSG_READ);
	out = format(&q);
	assert_string_equal(out, "cur: 5\nfoo: 1 3\nunseen: 1-3 7\nflagged: 2\nreplied: 9-10\n");
	free(out);
	mh_seqs_release(&q);
}

static void seqs_parse_continuations_and_garbage(void **state)
{
	struct mh_seqs q;

	/* continuation lines (nmh reads the file as RFC 822 fields), junk tokens, CRLF, no final newline */
	parse_text(&q,
		   "unseen: 1\n 3-4\n\t9\r\nnot a sequence line\nflagged : 2 bogus 0 5-3 -1 7-\n"
		   "replied:12");
	assert_ranges(&q.role[ROLE_UNSEEN], "1-1 3-4 9-9");
	assert_ranges(&q.role[ROLE_FLAGGED], "2-2");
	assert_ranges(&q.role[ROLE_REPLIED], "12-12");
	assert_buf_eq(&q.other, "not a sequence line\n");
	mh_seqs_release(&q);
}

static void seqs_names_come_from_the_settings(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	const char *names[NROLES];
	struct mh_seqs q;

	set_str(&mb->set.mh_seq_unseen, "new");
	set_str(&mb->set.mh_seq_flagged, "bad name"); /* unusable: not managed */
	mh_seq_names(&mb->set, names);
	assert_string_equal(names[ROLE_UNSEEN], "new");
	assert_string_equal(names[ROLE_FLAGGED], "");
	assert_string_equal(names[ROLE_REPLIED], "replied");
	mh_seqs_init(&q);
	buf_addstr(&q.text, "unseen: 1\nnew: 2\nreplied: 3\n");
	mh_seqs_parse(&q, names);
	assert_ranges(&q.role[ROLE_UNSEEN], "2-2");
	assert_buf_eq(&q.other, "unseen: 1\n");
	mh_seqs_release(&q);
	mailbox_free(&mb);
}

static void seqs_forget_leaves_every_sequence_but_cur(void **state)
{
	struct mh_seqs q;
	const uint32_t gone[] = { 3, 5 };
	char *out;

	parse_text(&q, "cur: 3\nfoo: 1 3-6\nbar: 5\nbaz: 2\nodd: 3 x\nunseen: 1-5\n");
	mh_seqs_forget(&q, gone, ARRAY_SIZE(gone));
	out = format(&q);
	/* baz untouched, bar emptied and dropped, a line that does not parse kept as it was */
	assert_string_equal(out, "cur: 3\nfoo: 1 4 6\nbaz: 2\nodd: 3 x\nunseen: 1-2 4\n");
	free(out);
	mh_seqs_release(&q);
}

/* ---- probe ------------------------------------------------------------ */

static void probe_follows_mutts_markers_and_numbered_files(void **state)
{
	char *dir = tmp_dir(), *sub;

	assert_false(mx_mh_ops.probe(dir)); /* an empty directory is nothing yet */
	put(dir, "notes", "x");
	mkdir((sub = path_of(dir, "5")), 0700); /* a numbered directory is no message */
	free(sub);
	assert_false(mx_mh_ops.probe(dir));
	put(dir, "12", "Subject: x\n\n");
	assert_true(mx_mh_ops.probe(dir));
	unlink((sub = path_of(dir, "12")));
	free(sub);
	put(dir, ".xmhcache", "");
	assert_true(mx_mh_ops.probe(dir));
	unlink((sub = path_of(dir, ".xmhcache")));
	free(sub);
	put(dir, MH_SEQ_FILE, "");
	assert_true(mx_mh_ops.probe(dir));
	/* a Maildir is never MH, whatever else it holds */
	mkdir((sub = path_of(dir, "cur")), 0700);
	free(sub);
	assert_false(mx_mh_ops.probe(dir));
	assert_false(mx_mh_ops.probe("/nonexistent/x"));
	rm_tree(&dir);
}

/* ---- open, read ------------------------------------------------------- */

static void open_loads_numbered_files_in_order_and_nothing_else(void **state)
{
	char *dir = folder(0, "unseen: 2 10\nflagged: 1\nreplied: 1-2\n"), *sub;
	struct mailbox *mb;

	put_msg(dir, 10);
	put_msg(dir, 2);
	put_msg(dir, 1);
	put(dir, "4", ""); /* empty: still a message */
	put(dir, ",3", "Subject: removed\n\n");
	put(dir, "007", "Subject: not canonical\n\n");
	put(dir, "notes", "Subject: stray\n\n");
	put(dir, ".hidden", "Subject: dot\n\n");
	put(dir, "1.orig", "Subject: backup\n\n");
	mkdir((sub = path_of(dir, "5")), 0700);
	free(sub);
	mkfifo((sub = path_of(dir, "6")), 0600); /* must not hang the open */
	free(sub);
	mb = mb_open(dir, NULL);
	assert_model(mb, "1:FR 2:NR 4: 10:N");
	assert_string_equal(subject(mb, 1), "s1");
	assert_string_equal(subject(mb, 10), "s10");
	assert_int_equal(mb->msgs[idx(mb, 4)].size, 0);
	assert_true(mb->msgs[idx(mb, 4)].env->defects & DEFECT_EMPTY_MESSAGE);
	assert_int_equal(mb->n_unread, 2);
	assert_int_equal(mb->n_flagged, 1);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void open_fails_cleanly_on_a_missing_folder(void **state)
{
	struct mailbox *mb = mb_new("/nonexistent/tern-mh", NULL);
	struct buf err = BUF_INIT;

	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), ERR_NOTFOUND);
	assert_non_null(strstr(err.data, "/nonexistent/tern-mh"));
	buf_release(&err);
	mailbox_free(&mb);
}

static void read_gives_the_file_and_read_headers_the_header_block(void **state)
{
	char *dir = folder(2, NULL);
	struct mailbox *mb = mb_open(dir, NULL);
	struct buf raw = BUF_INIT, err = BUF_INIT;
	uint32_t id = mb->msgs[idx(mb, 2)].id;

	assert_int_equal(mx_read(mb, id, &raw, &err), 0);
	assert_buf_eq(&raw, "From: a2@example.org\nSubject: s2\nMessage-ID: <2@x>\n\nbody 2\n");
	buf_reset(&raw);
	assert_int_equal(mx_read_headers(mb, id, &raw, &err), 0);
	assert_buf_eq(&raw, "From: a2@example.org\nSubject: s2\nMessage-ID: <2@x>\n\n");
	buf_reset(&raw);
	assert_int_equal(mx_read(mb, 9999, &raw, &err), ERR_NOTFOUND);
	/* removed behind our back: an error, not a crash */
	{
		char *p = path_of(dir, "2");
		unlink(p);
		free(p);
	}
	buf_reset(&err);
	assert_int_equal(mx_read(mb, id, &raw, &err), ERR_NOTFOUND);
	assert_true(err.len > 0);
	buf_release(&raw);
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- sync ------------------------------------------------------------- */

static void sync_writes_our_sequences_and_keeps_the_others(void **state)
{
	char *dir = folder(4, "cur: 3\nunseen: 1-4\nfoo: 1 3\nflagged: 4\n");
	struct mailbox *mb = mb_open(dir, NULL);
	struct stat before, after;
	char *seq = path_of(dir, MH_SEQ_FILE);

	assert_model(mb, "1:N 2:N 3:N 4:NF");
	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 1), MSG_READ, 0);
	mx_change_flags(mb, idx(mb, 2), MSG_FLAGGED | MSG_REPLIED, 0);
	mx_change_flags(mb, idx(mb, 4), 0, MSG_FLAGGED);
	mx_change_flags(mb, idx(mb, 3), MSG_OLD, 0); /* MH cannot store it: model only */
	mailbox_unlock(mb);
	assert_int_equal(stat(seq, &before), 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_file(dir, MH_SEQ_FILE, "cur: 3\nfoo: 1 3\nunseen: 2-4\nflagged: 2\nreplied: 2\n");
	assert_int_equal(stat(seq, &after), 0);
	/* replaced by rename, not rewritten in place, and no temporary file left */
	assert_true(before.st_ino != after.st_ino);
	assert_listing(dir, ".mh_sequences 1 2 3 4");
	assert_false(mb->changed_flags);
	for (size_t i = 0; i < mb->n; i++)
		assert_false(mb->msgs[i].flags & MSG_CHANGED);
	mailbox_free(&mb);
	/* and a fresh open reads back what was written */
	mb = mb_open(dir, NULL);
	assert_model(mb, "1: 2:NFR 3:N 4:N");
	mailbox_free(&mb);
	free(seq);
	rm_tree(&dir);
}

static void sync_with_nothing_changed_touches_nothing(void **state)
{
	char *dir = folder(2, NULL);
	struct mailbox *mb = mb_open(dir, NULL);

	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_listing(dir, "1 2"); /* no sequence file made for nothing */
	/* a change back to what the file says writes the same text: not written */
	put(dir, MH_SEQ_FILE, "unseen:   2\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 2), MSG_READ, 0);
	mx_change_flags(mb, idx(mb, 2), 0, MSG_READ);
	mailbox_unlock(mb);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_file(dir, MH_SEQ_FILE, "unseen: 2\n");
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void sync_merges_flags_another_program_changed(void **state)
{
	char *dir = folder(3, "unseen: 1-3\n");
	struct mailbox *mb = mb_open(dir, NULL);

	/* tern flags 2 and reads 3; meanwhile nmh marks 2 replied and 1 flagged, and reads 3 too */
	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 2), MSG_FLAGGED, 0);
	mx_change_flags(mb, idx(mb, 3), MSG_READ, 0);
	mailbox_unlock(mb);
	put(dir, MH_SEQ_FILE, "unseen: 1-2\nreplied: 2\nflagged: 1\nother: 2\n");
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_file(dir, MH_SEQ_FILE, "other: 2\nunseen: 1-2\nflagged: 1-2\nreplied: 2\n");
	assert_model(mb, "1:NF 2:NFR 3:");
	assert_false(mb->changed_flags);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void sync_refused_when_read_only(void **state)
{
	char *dir = folder(2, "unseen: 1-2\n");
	struct mailbox *mb = mb_open(dir, NULL);
	struct buf err = BUF_INIT;

	mb->set.read_only = true;
	mailbox_lock(mb);
	mx_change_flags(mb, 0, MSG_READ | MSG_DELETED, 0);
	mailbox_unlock(mb);
	assert_int_equal(mx_run(mb, MX_OP_EXPUNGE, &err), ERR_INVAL);
	assert_true(err.len > 0);
	/* the backend refuses on its own too, for callers that skip mx_run */
	buf_reset(&err);
	assert_int_equal(mx_mh_ops.sync(mb, true, &err), ERR_INVAL);
	assert_file(dir, MH_SEQ_FILE, "unseen: 1-2\n");
	assert_listing(dir, ".mh_sequences 1 2");
	assert_true(mb->msgs[0].flags & MSG_CHANGED);
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * nmh's way (lock_file.c): a classic fcntl lock on .mh_sequences, the file
 * rewritten in place. tern must wait for it, then merge what it wrote.
 */
static void sync_waits_for_nmhs_lock_and_keeps_its_change(void **state)
{
	char *dir = folder(3, "unseen: 1-3\n"), *seq = path_of(dir, MH_SEQ_FILE);
	struct mailbox *mb = mb_open(dir, NULL);
	int ready[2];
	uint64_t t0;
	pid_t pid;
	char c;

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 1), MSG_READ, 0);
	mailbox_unlock(mb);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(seq, O_RDWR);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		const char *text = "unseen: 1-3\nflagged: 3\n";
		if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		usleep(400 * 1000);
		if (ftruncate(fd, 0) != 0 || pwrite(fd, text, strlen(text), 0) < 0)
			_exit(1);
		_exit(0); /* the lock goes with the process */
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	t0 = now_ms();
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_true(now_ms() - t0 >= 250);
	{
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_file(dir, MH_SEQ_FILE, "unseen: 2-3\nflagged: 3\n");
	assert_model(mb, "1: 2:N 3:NF");
	close(ready[0]);
	close(ready[1]);
	free(seq);
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- expunge ---------------------------------------------------------- */

static void expunge_renames_to_comma_and_leaves_every_sequence(void **state)
{
	char *dir = folder(4, "cur: 2\nunseen: 1-4\nmine: 2 4\n");
	struct mailbox *mb = mb_open(dir, NULL);
	struct buf err = BUF_INIT;

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 2), MSG_DELETED, 0);
	mx_change_flags(mb, idx(mb, 3), MSG_DELETED, 0);
	mailbox_unlock(mb);
	assert_int_equal(run(mb, MX_OP_SYNC), 0); /* a sync alone removes nothing */
	assert_listing(dir, ".mh_sequences 1 2 3 4");
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_listing(dir, ",2 ,3 .mh_sequences 1 4");
	assert_file(dir, ",2", "From: a2@example.org\nSubject: s2\nMessage-ID: <2@x>\n\nbody 2\n");
	assert_file(dir, MH_SEQ_FILE, "cur: 2\nmine: 4\nunseen: 1 4\n");
	assert_model(mb, "1:N 4:N");
	assert_int_equal(mb->n_deleted, 0);
	assert_int_equal(mb->msgs[1].index, 1);
	/* an append does not take the number of a removed message the user may restore */
	assert_int_equal(mx_mh_ops.append(mb, "Subject: new\n\n", 14, MSG_READ, 0, &err), 0);
	assert_true(exists(dir, "5"));
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void expunge_with_mh_purge_unlinks(void **state)
{
	char *dir = folder(3, "unseen: 1-3\n");
	struct mailbox *mb = mb_open(dir, NULL);

	mb->set.mh_purge = true;
	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 3), MSG_DELETED, 0);
	mailbox_unlock(mb);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_listing(dir, ".mh_sequences 1 2");
	assert_file(dir, MH_SEQ_FILE, "unseen: 1-2\n");
	assert_model(mb, "1:N 2:N");
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void expunge_never_removes_a_message_renumbered_meanwhile(void **state)
{
	char *dir = folder(3, NULL), *a = path_of(dir, "3"), *b = path_of(dir, "2");
	struct mailbox *mb = mb_open(dir, NULL);

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 2), MSG_DELETED | MSG_READ, 0);
	mailbox_unlock(mb);
	/* another program removes 2 and moves 3 into its place (folder -pack) */
	assert_int_equal(rename(a, b), 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_listing(dir, "1 2");
	assert_file(dir, "2", "From: a3@example.org\nSubject: s3\nMessage-ID: <3@x>\n\nbody 3\n");
	assert_int_equal(mb->n, 2);
	assert_string_equal(subject(mb, 2), "s3");
	free(a);
	free(b);
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- append ----------------------------------------------------------- */

static void append_takes_the_next_number_and_sets_sequences(void **state)
{
	char *dir = folder(2, "foo: 1\n");
	struct mailbox *mb = mb_new(dir, NULL); /* not open: saving never reads the folder */
	struct buf err = BUF_INIT;
	const char *m = "Subject: hi\n\nbody\n";
	struct stat st;
	char *p;

	put(dir, "007", "x"); /* non-canonical, but nmh would call it 7 */
	assert_int_equal(mx_mh_ops.append(mb, m, strlen(m), 0, 1700000000, &err), 0);
	assert_int_equal(mx_mh_ops.append(mb, m, strlen(m), MSG_READ, 0, &err), 0);
	assert_int_equal(
		mx_mh_ops.append(mb, m, strlen(m), MSG_READ | MSG_FLAGGED | MSG_REPLIED, 0, &err),
		0);
	assert_listing(dir, ".mh_sequences 007 1 10 2 8 9");
	assert_file(dir, "8", m);
	assert_int_equal(stat((p = path_of(dir, "8")), &st), 0);
	assert_int_equal(st.st_mtime, 1700000000);
	assert_file(dir, MH_SEQ_FILE, "foo: 1\nunseen: 8\nflagged: 10\nreplied: 10\n");
	free(p);
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void append_into_a_folder_without_sequences_makes_none_for_read_mail(void **state)
{
	char *dir = folder(0, NULL);
	struct mailbox *mb = mb_new(dir, NULL);
	struct buf err = BUF_INIT;

	assert_int_equal(mx_mh_ops.append(mb, "Subject: a\n\n", 12, MSG_READ, 0, &err), 0);
	assert_listing(dir, "1");
	assert_int_equal(mx_mh_ops.append(mb, "Subject: b\n\n", 12, 0, 0, &err), 0);
	assert_listing(dir, ".mh_sequences 1 2");
	assert_file(dir, MH_SEQ_FILE, "unseen: 2\n");
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* Several processes appending at once: every message lands once, none overwritten. */
static void concurrent_appends_never_overwrite(void **state)
{
	enum { PROCS = 4, EACH = 15 };
	char *dir = folder(0, NULL);
	pid_t pids[PROCS];
	struct mailbox *mb;
	bool seen[PROCS][EACH] = { { false } };

	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			struct mailbox *w = mb_new(dir, NULL);
			for (int i = 0; i < EACH; i++) {
				char text[64];
				struct buf err = BUF_INIT;
				int n = snprintf(text, sizeof(text), "Subject: p%d m%d\n\n", p, i);
				if (mx_mh_ops.append(w, text, (size_t)n, i % 2 ? MSG_READ : 0, 0,
						     &err) != 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	mb = mb_open(dir, NULL);
	assert_int_equal(mb->n, PROCS * EACH);
	assert_int_equal(mb->msgs[mb->n - 1].loc.num, PROCS * EACH);
	for (size_t i = 0; i < mb->n; i++) {
		int p, k;
		assert_int_equal(sscanf(subject(mb, mb->msgs[i].loc.num), "p%d m%d", &p, &k), 2);
		assert_false(seen[p][k]);
		seen[p][k] = true;
		/* the sequence updates were serialized by the lock: none lost */
		assert_int_equal(!(mb->msgs[i].flags & MSG_READ), k % 2 == 0);
	}
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void create_makes_an_empty_mh_folder(void **state)
{
	char *base = tmp_dir(), *dir = path_of(base, "new");
	struct buf err = BUF_INIT;
	struct mailbox *mb;

	assert_int_equal(mx_mh_ops.create(dir, &err), 0);
	assert_true(mx_mh_ops.probe(dir));
	assert_listing(dir, ".mh_sequences");
	assert_int_equal(mx_mh_ops.create(dir, &err), ERR_EXISTS);
	mb = mb_open(dir, NULL);
	assert_int_equal(mb->n, 0);
	mailbox_free(&mb);
	buf_release(&err);
	free(dir);
	rm_tree(&base);
}

/* ---- check ------------------------------------------------------------ */

static void check_sees_new_vanished_and_replaced_files(void **state)
{
	char *dir = folder(3, "unseen: 3\n"), *p;
	struct mailbox *mb = mb_open(dir, NULL);

	put_msg(dir, 7);
	unlink((p = path_of(dir, "1")));
	free(p);
	/* 2 replaced by another message under the same number */
	unlink((p = path_of(dir, "2")));
	free(p);
	put(dir, "2", "Subject: other\n\n");
	put(dir, ",3", "Subject: stale backup\n\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	/* new files join at the end, as in mutt: the model keeps its unsynced flags, no reopen */
	assert_model(mb, "3:N 2: 7:");
	assert_string_equal(subject(mb, 2), "other");
	assert_string_equal(subject(mb, 7), "s7");
	/* nothing changed: the check does no work and the model stays */
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "3:N 2: 7:");
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void check_applies_sequence_changes_but_keeps_ours(void **state)
{
	char *dir = folder(3, "unseen: 1-3\n");
	struct mailbox *mb = mb_open(dir, NULL);

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 3), MSG_FLAGGED, 0); /* not written yet */
	mailbox_unlock(mb);
	put(dir, MH_SEQ_FILE, "unseen: 2\nflagged: 1\nreplied: 3\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1:F 2:N 3:NF");
	assert_true(mb->msgs[2].flags & MSG_CHANGED);
	/* the sequence file removed: every message is read */
	put(dir, MH_SEQ_FILE, "");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1: 2: 3:NF");
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- has_new ---------------------------------------------------------- */

static void has_new_needs_an_unseen_message_that_exists(void **state)
{
	char *dir = folder(3, NULL);

	assert_false(mx_mh_ops.has_new(dir));
	put(dir, MH_SEQ_FILE, "unseen: 4-9\n");
	assert_false(mx_mh_ops.has_new(dir));
	put(dir, MH_SEQ_FILE, "unseen: 2 100-200\n"); /* past the direct probes: a scan */
	assert_true(mx_mh_ops.has_new(dir));
	put(dir, MH_SEQ_FILE, "unseen: 3\n");
	assert_true(mx_mh_ops.has_new(dir));
	rm_tree(&dir);
}

/* ---- the header cache ------------------------------------------------- */

/* Rewrite file num with text of the same size, keeping its mtime and inode. */
static void rewrite_in_place(const char *dir, unsigned num, const char *text)
{
	char name[16], *p;
	struct stat st;
	int fd;

	snprintf(name, sizeof(name), "%u", num);
	p = path_of(dir, name);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(strlen(text), (size_t)st.st_size);
	fd = open(p, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, text, strlen(text), 0), (ssize_t)strlen(text));
	assert_int_equal(futimens(fd, (struct timespec[2]){ st.st_atim, st.st_mtim }), 0);
	close(fd);
	free(p);
}

static void header_cache_serves_a_warm_open_and_notices_edits(void **state)
{
	char *dir = folder(3, NULL), *cache = tmp_dir(), *cache_dir = path_of(cache, "hc/");
	struct mailbox *mb = mb_open(dir, cache_dir);
	char *p;

	assert_string_equal(subject(mb, 2), "s2");
	mailbox_free(&mb);
	/* same size, mtime and inode: the cache's envelope is used, the file is not parsed */
	rewrite_in_place(dir, 2,
			 "From: a2@example.org\nSubject: XX\nMessage-ID: <2@x>\n\nbody 2\n");
	mb = mb_open(dir, cache_dir);
	assert_string_equal(subject(mb, 2), "s2");
	mailbox_free(&mb);
	/* another size: parsed again */
	put(dir, "2", "Subject: longer now\n\n");
	/* the same number holding another file (another inode), even of the same size and time */
	put(dir, "tmp", "From: a3@example.org\nSubject: YY\nMessage-ID: <3@x>\n\nbody 3\n");
	{
		struct stat st;
		char *t = path_of(dir, "tmp");
		assert_int_equal(stat((p = path_of(dir, "3")), &st), 0);
		assert_int_equal(
			utimensat(AT_FDCWD, t, (struct timespec[2]){ st.st_atim, st.st_mtim }, 0),
			0);
		assert_int_equal(rename(t, p), 0);
		free(t);
		free(p);
	}
	mb = mb_open(dir, cache_dir);
	assert_string_equal(subject(mb, 2), "longer now");
	assert_string_equal(subject(mb, 3), "YY");
	assert_string_equal(subject(mb, 1), "s1");
	mailbox_free(&mb);
	free(cache_dir);
	rm_tree(&cache);
	rm_tree(&dir);
}

/* ---- a full disk: a real tmpfs in a private mount namespace ----------- */

/* In the child: report a failed check and stop. */
#define CHECK(c)                                                                                \
	do {                                                                                    \
		if (!(c)) {                                                                     \
			fprintf(stderr, "# %s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
			_exit(1);                                                               \
		}                                                                               \
	} while (0)

/* Mount a small tmpfs on dir in a mount namespace of this (child) process. */
static void mount_small_fs(const char *dir)
{
	if (unshare(CLONE_NEWNS) != 0) {
		/* not root: a user namespace makes us root in it */
		uid_t uid = getuid();
		gid_t gid = getgid();
		char map[64];
		int fd;
		CHECK(unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
		fd = open("/proc/self/setgroups", O_WRONLY);
		if (fd >= 0) {
			CHECK(write(fd, "deny", 4) == 4);
			close(fd);
		}
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		CHECK((fd = open("/proc/self/uid_map", O_WRONLY)) >= 0 &&
		      write(fd, map, strlen(map)) > 0);
		close(fd);
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		CHECK((fd = open("/proc/self/gid_map", O_WRONLY)) >= 0 &&
		      write(fd, map, strlen(map)) > 0);
		close(fd);
	}
	/* nothing mounted here may show outside */
	CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0);
	CHECK(mount("tern-test", dir, "tmpfs", 0, "size=512k,mode=0700") == 0);
}

/* Fill the file system holding path; then free `spare` bytes. */
static void fill(const char *path, size_t spare)
{
	static char block[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	off_t total = 0;
	ssize_t w;

	CHECK(fd >= 0);
	while ((w = write(fd, block, sizeof(block))) > 0)
		total += w;
	CHECK(errno == ENOSPC);
	if (spare)
		CHECK(ftruncate(fd, total > (off_t)spare ? total - (off_t)spare : 0) == 0);
	close(fd);
}

static void run_in_full_fs(void (*scenario)(const char *root))
{
	char *root = tmp_dir();
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		mount_small_fs(root);
		scenario(root);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	rmdir(root);
	free(root);
}

static void append_on_full_disk(const char *root)
{
	char *dir = path_of(root, "mh"), *filler = path_of(root, "filler"), *got;
	struct mailbox *mb;
	struct buf msg = BUF_INIT, err = BUF_INIT;

	CHECK(mkdir(dir, 0700) == 0);
	put_msg(dir, 1);
	put(dir, MH_SEQ_FILE, "unseen: 1\nfoo: 1\n");
	buf_addstr(&msg, "Subject: big\n\n");
	fill_buf(&msg, 'x', 64 * 1024);
	buf_addch(&msg, '\n');
	mb = mb_new(dir, NULL);
	/* room for part of the message: the write fails half-way */
	fill(filler, 8192);
	CHECK(mx_mh_ops.append(mb, msg.data, msg.len, 0, 0, &err) == ERR_NOSPACE);
	CHECK(err.len > 0);
	got = listing(dir);
	CHECK(!strcmp(got, ".mh_sequences 1")); /* no temporary file, no numbered part */
	free(got);
	got = get(dir, MH_SEQ_FILE);
	CHECK(!strcmp(got, "unseen: 1\nfoo: 1\n"));
	free(got);
	/* no room at all */
	fill(filler, 0);
	CHECK(mx_mh_ops.append(mb, msg.data, msg.len, 0, 0, &err) == ERR_NOSPACE);
	got = listing(dir);
	CHECK(!strcmp(got, ".mh_sequences 1"));
	free(got);
	/* room again: it works, with the next number */
	CHECK(unlink(filler) == 0);
	CHECK(mx_mh_ops.append(mb, msg.data, msg.len, 0, 0, &err) == 0);
	got = get(dir, "2");
	CHECK(!strcmp(got, msg.data));
	free(got);
	got = get(dir, MH_SEQ_FILE);
	CHECK(!strcmp(got, "foo: 1\nunseen: 1-2\n"));
	free(got);
	mailbox_free(&mb);
	buf_release(&msg);
	buf_release(&err);
	free(dir);
	free(filler);
}

static void sync_on_full_disk(const char *root)
{
	char *dir = path_of(root, "mh"), *filler = path_of(root, "filler"), *got;
	struct mailbox *mb;
	struct buf err = BUF_INIT;
	const char *orig = "unseen: 1-3\nfoo: 2 3\n";

	CHECK(mkdir(dir, 0700) == 0);
	for (unsigned i = 1; i <= 3; i++)
		put_msg(dir, i);
	put(dir, MH_SEQ_FILE, orig);
	mb = mb_open(dir, NULL);
	fill(filler, 0);
	mailbox_lock(mb);
	mx_change_flags(mb, 0, MSG_READ | MSG_FLAGGED, 0);
	mailbox_unlock(mb);
	CHECK(mx_run(mb, MX_OP_SYNC, &err) != 0);
	CHECK(err.len > 0);
	got = get(dir, MH_SEQ_FILE);
	CHECK(!strcmp(got, orig)); /* intact */
	free(got);
	got = listing(dir);
	CHECK(!strcmp(got, ".mh_sequences 1 2 3")); /* the temporary file is gone */
	free(got);
	CHECK(mb->msgs[0].flags & MSG_CHANGED); /* kept for the next try */
	CHECK(mb->changed_flags);
	/* an expunge on a full disk: the message goes (a rename needs no room), the file stays whole */
	mailbox_lock(mb);
	mx_change_flags(mb, 2, MSG_DELETED, 0);
	mailbox_unlock(mb);
	CHECK(mx_run(mb, MX_OP_EXPUNGE, &err) != 0);
	got = get(dir, MH_SEQ_FILE);
	CHECK(!strcmp(got, orig));
	free(got);
	CHECK(exists(dir, ",3"));
	CHECK(unlink(filler) == 0);
	CHECK(mx_run(mb, MX_OP_SYNC, &err) == 0);
	got = get(dir, MH_SEQ_FILE);
	/* 3 stays in the sequences the failed write could not update: nmh ignores numbers without files */
	CHECK(!strcmp(got, "foo: 2 3\nunseen: 2-3\nflagged: 1\n"));
	free(got);
	CHECK(!mb->changed_flags);
	mailbox_free(&mb);
	buf_release(&err);
	free(dir);
	free(filler);
}

static void full_disk_during_append_loses_nothing(void **state)
{
	run_in_full_fs(append_on_full_disk);
}

static void full_disk_during_sync_keeps_the_sequence_file(void **state)
{
	run_in_full_fs(sync_on_full_disk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mh_numbers_are_canonical_decimals),
		cmocka_unit_test(ranges_merge_subtract_and_find),
		cmocka_unit_test(seqs_parse_managed_and_kept_lines),
		cmocka_unit_test(seqs_parse_continuations_and_garbage),
		cmocka_unit_test(seqs_names_come_from_the_settings),
		cmocka_unit_test(seqs_forget_leaves_every_sequence_but_cur),
		cmocka_unit_test(probe_follows_mutts_markers_and_numbered_files),
		cmocka_unit_test(open_loads_numbered_files_in_order_and_nothing_else),
		cmocka_unit_test(open_fails_cleanly_on_a_missing_folder),
		cmocka_unit_test(read_gives_the_file_and_read_headers_the_header_block),
		cmocka_unit_test(sync_writes_our_sequences_and_keeps_the_others),
		cmocka_unit_test(sync_with_nothing_changed_touches_nothing),
		cmocka_unit_test(sync_merges_flags_another_program_changed),
		cmocka_unit_test(sync_refused_when_read_only),
		cmocka_unit_test(sync_waits_for_nmhs_lock_and_keeps_its_change),
		cmocka_unit_test(expunge_renames_to_comma_and_leaves_every_sequence),
		cmocka_unit_test(expunge_with_mh_purge_unlinks),
		cmocka_unit_test(expunge_never_removes_a_message_renumbered_meanwhile),
		cmocka_unit_test(append_takes_the_next_number_and_sets_sequences),
		cmocka_unit_test(append_into_a_folder_without_sequences_makes_none_for_read_mail),
		cmocka_unit_test(concurrent_appends_never_overwrite),
		cmocka_unit_test(create_makes_an_empty_mh_folder),
		cmocka_unit_test(check_sees_new_vanished_and_replaced_files),
		cmocka_unit_test(check_applies_sequence_changes_but_keeps_ours),
		cmocka_unit_test(has_new_needs_an_unseen_message_that_exists),
		cmocka_unit_test(header_cache_serves_a_warm_open_and_notices_edits),
		cmocka_unit_test(full_disk_during_append_loses_nothing),
		cmocka_unit_test(full_disk_during_sync_keeps_the_sequence_file),
	};
	return RUN_TESTS(tests);
}
