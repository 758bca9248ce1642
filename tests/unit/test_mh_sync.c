/*
 * test_mh_sync.c - the MH backend on real directories, writing: sync
 * (atomic rewrite of .mh_sequences under nmh's lock, merging others'
 * changes), expunge, append (also from concurrent processes), create, and
 * a full disk (a real tmpfs in a private mount namespace).
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "tests/unit/mh_test.h"

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
		cmocka_unit_test(full_disk_during_append_loses_nothing),
		cmocka_unit_test(full_disk_during_sync_keeps_the_sequence_file),
	};
	return RUN_TESTS(tests);
}
