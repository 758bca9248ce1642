/*
 * test_maildir.c - the Maildir backend: names and flags both ways, unique
 * names, opening (counts, flags, order, stray and empty files), reading,
 * sync (new->cur, $mark_old, expunge with and without $maildir_trash,
 * files renamed by others, read-only), check (new, vanished and renamed
 * files), append, create, has_new, and the header cache (a warm open reads
 * no message file).
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "tests/unit/unit.h"

#include "mx/maildir.h"

/* ---- scaffolding ----------------------------------------------------- */

struct fixture {
	char dir[64];    /* the scratch directory */
	struct buf path; /* <dir>/md, the Maildir */
	struct buf hc;   /* <dir>/hc/, a header cache directory */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct buf err = BUF_INIT;
	int rc;

	snprintf(f->dir, sizeof(f->dir), "/tmp/tern-maildir-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	buf_init(&f->path, 0);
	buf_init(&f->hc, 0);
	buf_printf(&f->path, "%s/md", f->dir);
	buf_printf(&f->hc, "%s/hc/", f->dir);
	mkdir(f->hc.data, 0700);
	rc = mx_maildir_ops.create(f->path.data, &err);
	buf_release(&err);
	*state = f;
	return rc;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	buf_release(&f->path);
	buf_release(&f->hc);
	free(f);
	return 0;
}

/* <maildir>/<rel> into out (reset first). */
static const char *md_path(const struct fixture *f, const char *rel, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "%s/%s", f->path.data, rel);
	return out->data;
}

static void put(const struct fixture *f, const char *rel, const char *content)
{
	struct buf p = BUF_INIT;
	int fd = open(md_path(f, rel, &p), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, content, strlen(content)), 0);
	close(fd);
	buf_release(&p);
}

/* A small message with this subject. */
static void put_msg(const struct fixture *f, const char *rel, const char *subject)
{
	struct buf m = BUF_INIT;

	buf_printf(&m, "From: a@example.org\nSubject: %s\nMessage-ID: <%s@x>\n\nbody of %s\n",
		   subject, subject, subject);
	put(f, rel, m.data);
	buf_release(&m);
}

static bool exists(const struct fixture *f, const char *rel)
{
	struct buf p = BUF_INIT;
	struct stat st;
	bool r = lstat(md_path(f, rel, &p), &st) == 0;

	buf_release(&p);
	return r;
}

/* Entries of a subdirectory (dot files left out). */
static size_t count_in(const struct fixture *f, const char *sub)
{
	struct buf p = BUF_INIT;
	struct maildir_list l = { 0 };
	int dirfd = open(f->path.data, O_RDONLY | O_DIRECTORY);
	size_t n;

	assert_true(dirfd >= 0);
	if (!strcmp(sub, "tmp")) {
		DIR *d = opendir(md_path(f, "tmp", &p));
		struct dirent *de;
		n = 0;
		while ((de = readdir(d)) != NULL)
			n += de->d_name[0] != '.';
		closedir(d);
	} else {
		assert_int_equal(maildir_list(dirfd, !strcmp(sub, "new") ? MD_NEW : MD_CUR, &l), 0);
		n = l.n;
	}
	maildir_list_release(&l);
	close(dirfd);
	buf_release(&p);
	return n;
}

/* A mailbox on the fixture's Maildir, header cache off unless cache is set. */
static struct mailbox *mb_new(const struct fixture *f, bool cache)
{
	struct mailbox *mb = mailbox_new(f->path.data, NULL);

	free(mb->set.header_cache);
	mb->set.header_cache = xstrdup(cache ? f->hc.data : "/dev/null");
	mb->type = MX_MAILDIR;
	mb->ops = &mx_maildir_ops;
	return mb;
}

static struct mailbox *mb_open(const struct fixture *f, bool cache)
{
	struct mailbox *mb = mb_new(f, cache);
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, MX_OP_OPEN, &err);

	if (rc)
		fail_msg("open: %d %s", rc, err.data);
	buf_release(&err);
	return mb;
}

static void run_ok(struct mailbox *mb, enum mx_op op);

/* Opened with $mark_old unset: sync leaves new messages in new/. */
static struct mailbox *mb_open_without_mark_old(const struct fixture *f)
{
	struct mailbox *mb = mb_new(f, false);

	mb->set.mark_old = false;
	run_ok(mb, MX_OP_OPEN);
	return mb;
}

static void run_ok(struct mailbox *mb, enum mx_op op)
{
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, op, &err);

	if (rc)
		fail_msg("op %d: %d %s", (int)op, rc, err.data);
	buf_release(&err);
}

/* The message whose subject is s. */
static struct message *by_subject(struct mailbox *mb, const char *s)
{
	for (size_t i = 0; i < mb->n; i++) {
		const char *subj = menv_str(mb->msgs[i].env, ME_SUBJECT);
		if (subj && !strcmp(subj, s))
			return &mb->msgs[i];
	}
	fail_msg("no message \"%s\"", s);
	return NULL;
}

static void set_flags(struct mailbox *mb, const char *subject, uint32_t set, uint32_t clear)
{
	mailbox_lock(mb);
	mx_change_flags(mb, by_subject(mb, subject)->index, set, clear);
	mailbox_unlock(mb);
}

/* ---- names ----------------------------------------------------------- */

static void flags_are_read_from_the_info(void **state)
{
	(void)state;
	assert_int_equal(maildir_flags_of("cur/1.M2P3.h:2,FRS", false),
			 MSG_FLAGGED | MSG_REPLIED | MSG_READ);
	assert_int_equal(maildir_flags_of("cur/1.M2P3.h:2,DPT", false),
			 MSG_DRAFT | MSG_PASSED | MSG_DELETED);
	/* unknown letters (Dovecot keywords) carry no flag */
	assert_int_equal(maildir_flags_of("cur/1.M2P3.h:2,Sab", false), MSG_READ);
	/* info of another version means no flags */
	assert_int_equal(maildir_flags_of("cur/1.M2P3.h:1,S", false), 0);
	assert_int_equal(maildir_flags_of("new/1.M2P3.h", true), 0);
}

static void unread_in_cur_is_old_with_mark_old(void **state)
{
	(void)state;
	assert_int_equal(maildir_flags_of("cur/x:2,", true), MSG_OLD);
	assert_int_equal(maildir_flags_of("cur/x:2,", false), 0);
	assert_int_equal(maildir_flags_of("cur/x:2,S", true), MSG_READ);
	assert_int_equal(maildir_flags_of("cur/x", true), MSG_OLD);
}

static void assert_name_for(const char *file, uint32_t flags, const char *want)
{
	struct buf b = BUF_INIT;

	maildir_name_for(file, flags, &b);
	assert_buf_eq(&b, want);
	buf_release(&b);
}

static void letters_are_written_in_ascii_order(void **state)
{
	(void)state;
	assert_name_for("new/k", MSG_READ | MSG_FLAGGED, "cur/k:2,FS");
	assert_name_for("new/k", MSG_STORED & ~MSG_OLD, "cur/k:2,DFPRST");
	assert_name_for("cur/k:2,S", MSG_REPLIED | MSG_READ, "cur/k:2,RS");
}

static void unknown_letters_are_kept(void **state)
{
	(void)state;
	assert_name_for("cur/k:2,Sab", MSG_FLAGGED, "cur/k:2,Fab");
	assert_name_for("cur/k:2,Zc", MSG_READ, "cur/k:2,SZc");
}

static void only_new_messages_stay_in_new(void **state)
{
	(void)state;
	assert_name_for("new/k", 0, "new/k");
	assert_name_for("new/k", MSG_OLD, "cur/k:2,");
	/* new again: back to new/, unless a letter of another program must be kept */
	assert_name_for("cur/k:2,S", 0, "new/k");
	assert_name_for("cur/k:2,Sa", 0, "cur/k:2,a");
	/* an info of another version is replaced */
	assert_name_for("cur/k:1,xyz", MSG_READ, "cur/k:2,S");
}

static void base_key_and_subdirectory(void **state)
{
	(void)state;
	assert_string_equal(maildir_base("cur/123.M4P5.host:2,S"), "123.M4P5.host:2,S");
	assert_int_equal(maildir_key_len("123.M4P5.host:2,S"), strlen("123.M4P5.host"));
	assert_int_equal(maildir_key_len("plain"), 5);
	assert_int_equal(maildir_sub("new/x"), MD_NEW);
	assert_int_equal(maildir_sub("cur/x:2,"), MD_CUR);
}

static void size_field_is_parsed(void **state)
{
	const char *a = "1.M1P1.host,S=1234,W=1300", *b = "1.M1P1.host", *c = "1.M1P1.h,S=12x";
	uint64_t size = 0;

	(void)state;
	assert_true(maildir_size_field(a, strlen(a), &size));
	assert_int_equal(size, 1234);
	assert_false(maildir_size_field(b, strlen(b), &size));
	assert_false(maildir_size_field(c, strlen(c), &size));
}

static void unique_names_differ_and_carry_the_size(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	uint64_t size = 0;

	(void)state;
	maildir_unique(42, &a);
	maildir_unique(42, &b);
	assert_string_not_equal(a.data, b.data);
	assert_null(strchr(a.data, ':'));
	assert_null(strchr(a.data, '/'));
	assert_non_null(strstr(a.data, ".M"));
	assert_int_equal(maildir_key_len(a.data), a.len);
	assert_true(maildir_size_field(a.data, a.len, &size));
	assert_int_equal(size, 42);
	buf_release(&a);
	buf_release(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sort (radix on a prefix, then by name) orders exactly as strcmp does. */
static void listing_sorts_as_strcmp_does(void **state)
{
	static const char *const fixed[] = {
		"new/1",
		"cur/1",
		"cur/12",
		"cur/1234567",
		"cur/12345678",
		"cur/1234567\xff",
		"cur/\xc3\xa9t\xc3\xa9",
		"new/1234567a:2,S",
		"new/1234567",
		"cur/a",
		"cur/A",
	};
	struct maildir_list l = { 0 };
	const char **want;
	unsigned seed = 7;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		ALLOC_GROW(l.v, l.n + 1, l.cap);
		l.v[l.n++] = fixed[i];
	}
	/* many names sharing long prefixes, in a scrambled order */
	for (int i = 0; i < 3000; i++) {
		struct buf b = BUF_INIT;
		seed = seed * 1103515245u + 12345u;
		buf_printf(&b, "%s/17000%05u.M%uP1.h", (seed >> 8) & 1 ? "cur" : "new",
			   (seed >> 9) % 100000, (seed >> 3) % 7);
		ALLOC_GROW(l.v, l.n + 1, l.cap);
		l.v[l.n++] = arena_strndup(&l.mem, b.data, b.len);
		buf_release(&b);
	}
	want = xmalloc(l.n * sizeof(*want));
	memcpy(want, l.v, l.n * sizeof(*want));
	qsort(want, l.n, sizeof(*want), cmp_str);
	maildir_list_sort(&l);
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(l.v[i], want[i]);
	free(want);
	maildir_list_release(&l);
}

/* ---- open and read ---------------------------------------------------- */

static void open_counts_messages_and_flags(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "read");
	put_msg(f, "cur/2.a.h:2,FS", "flagged");
	put_msg(f, "cur/3.a.h:2,", "old");
	put_msg(f, "cur/4.a.h:2,RT", "trashed");
	put_msg(f, "new/5.a.h", "new1");
	put_msg(f, "new/6.a.h", "new2");
	mb = mb_open(f, false);
	assert_int_equal(mb->n, 6);
	assert_int_equal(mb->n_new, 2);
	assert_int_equal(mb->n_unread, 4);
	assert_int_equal(mb->n_flagged, 1);
	assert_int_equal(mb->n_deleted, 1);
	assert_int_equal(by_subject(mb, "read")->flags, MSG_READ);
	assert_int_equal(by_subject(mb, "old")->flags, MSG_OLD);
	assert_int_equal(by_subject(mb, "trashed")->flags, MSG_REPLIED | MSG_DELETED | MSG_OLD);
	assert_int_equal(by_subject(mb, "new1")->flags, 0);
	mailbox_free(&mb);
}

static void open_orders_cur_then_new_by_name(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "new/0.a.h", "n0");
	put_msg(f, "cur/9.a.h:2,S", "c9");
	put_msg(f, "cur/1.a.h:2,S", "c1");
	mb = mb_open(f, false);
	assert_int_equal(mb->n, 3);
	assert_string_equal(mb->msgs[0].loc.file, "cur/1.a.h:2,S");
	assert_string_equal(mb->msgs[1].loc.file, "cur/9.a.h:2,S");
	assert_string_equal(mb->msgs[2].loc.file, "new/0.a.h");
	mailbox_free(&mb);
}

/* Many files go through the parser threads; order and envelopes must not suffer. */
static void open_many_in_parallel_keeps_order(void **state)
{
	struct fixture *f = *state;
	struct buf rel = BUF_INIT, subj = BUF_INIT;
	struct mailbox *mb;

	for (int i = 0; i < 700; i++) {
		buf_reset(&rel);
		buf_reset(&subj);
		buf_printf(&rel, "cur/%04d.x.h:2,S", i);
		buf_printf(&subj, "s%04d", i);
		put_msg(f, rel.data, subj.data);
	}
	maildir_set_threads(4);
	mb = mb_open(f, false);
	maildir_set_threads(0);
	assert_int_equal(mb->n, 700);
	for (int i = 0; i < 700; i++) {
		buf_reset(&subj);
		buf_printf(&subj, "s%04d", i);
		assert_string_equal(menv_str(mb->msgs[i].env, ME_SUBJECT), subj.data);
		assert_int_equal(mb->msgs[i].index, (uint32_t)i);
	}
	mailbox_free(&mb);
	buf_release(&rel);
	buf_release(&subj);
}

/*
 * The interface reads the model while a worker opens the folder: every
 * batch it sees is complete, and the events add up to the messages.
 */
static void open_in_a_worker_while_the_model_is_read(void **state)
{
	struct fixture *f = *state;
	struct buf rel = BUF_INIT, subj = BUF_INIT;
	struct mx_queue *q = mx_queue_new();
	struct mailbox *mb = mb_new(f, true);
	size_t added = 0, reads = 0;
	bool done = false, progress = false;
	int rc = -1;

	for (int i = 0; i < 1500; i++) {
		buf_reset(&rel);
		buf_reset(&subj);
		buf_printf(&rel, "cur/%05d.w.h:2,S", i);
		buf_printf(&subj, "w%05d", i);
		put_msg(f, rel.data, subj.data);
	}
	assert_int_equal(mx_start(mb, MX_OP_OPEN, q), 0);
	while (!done) {
		struct pollfd pfd = { mx_queue_fd(q), POLLIN, 0 };
		struct mx_event ev;
		poll(&pfd, 1, 5);
		mailbox_lock(mb);
		for (size_t i = 0; i < mb->n; i++) {
			buf_reset(&subj);
			buf_printf(&subj, "w%05zu", i);
			assert_string_equal(menv_str(mb->msgs[i].env, ME_SUBJECT), subj.data);
		}
		reads++;
		mailbox_unlock(mb);
		while (mx_queue_pop(q, &ev)) {
			added += ev.type == MXE_ADDED ? ev.done : 0;
			progress |= ev.type == MXE_PROGRESS;
			if (ev.type == MXE_DONE) {
				done = true;
				rc = ev.rc;
			}
			mx_event_release(&ev);
		}
	}
	mx_wait(mb);
	assert_int_equal(rc, 0);
	assert_int_equal(added, 1500);
	assert_int_equal(mb->n, 1500);
	assert_true(progress);
	assert_true(reads > 0);
	mailbox_free(&mb);
	mx_queue_free(&q);
	buf_release(&rel);
	buf_release(&subj);
}

static void open_of_a_missing_folder_fails(void **state)
{
	struct fixture *f = *state;
	struct buf p = BUF_INIT, err = BUF_INIT;
	struct mailbox *mb;

	assert_false(mx_maildir_ops.probe(md_path(f, "nowhere", &p)));
	assert_true(mx_maildir_ops.probe(f->path.data));
	mb = mailbox_new(p.data, NULL);
	mb->ops = &mx_maildir_ops;
	assert_int_not_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	assert_non_null(strstr(err.data, "nowhere"));
	mailbox_free(&mb);
	buf_release(&p);
	buf_release(&err);
}

static void stray_files_are_left_out_safely(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct buf p = BUF_INIT;
	struct mailbox *mb;
	int sock;

	put_msg(f, "cur/1.a.h:2,S", "real");
	put(f, "cur/.hidden", "Subject: hidden\n\n");
	put(f, "new/.dovecot-lock", "x");
	mkdir(md_path(f, "cur/subdir", &p), 0700);
	mkdir(md_path(f, "new/subdir.M1", &p), 0700);
	assert_int_equal(mkfifo(md_path(f, "new/fifo", &p), 0600), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", md_path(f, "cur/sock", &p));
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* not a unique name, but a regular file: mutt reads it, so do we */
	put_msg(f, "new/odd name without form", "odd");
	mb = mb_open(f, false);
	assert_int_equal(mb->n, 2);
	assert_string_equal(by_subject(mb, "odd")->loc.file, "new/odd name without form");
	by_subject(mb, "real");
	mailbox_free(&mb);
	close(sock);
	buf_release(&p);
}

static void empty_files_are_messages_with_empty_envelopes(void **state)
{
	struct fixture *f = *state;
	struct buf raw = BUF_INIT, err = BUF_INIT;
	struct mailbox *mb;

	put(f, "new/1.empty.h", "");
	put(f, "cur/2.nohdr.h:2,S", "\n");
	mb = mb_open(f, false);
	assert_int_equal(mb->n, 2);
	assert_null(menv_str(mb->msgs[1].env, ME_SUBJECT));
	assert_true(mb->msgs[1].env->defects & DEFECT_EMPTY_MESSAGE);
	assert_int_equal(mb->msgs[1].size, 0);
	assert_int_equal(mx_read(mb, mb->msgs[1].id, &raw, &err), 0);
	assert_int_equal(raw.len, 0);
	assert_null(menv_str(mb->msgs[0].env, ME_SUBJECT));
	mailbox_free(&mb);
	buf_release(&raw);
	buf_release(&err);
}

static void read_gives_the_file_and_read_headers_the_header_block(void **state)
{
	struct fixture *f = *state;
	struct buf raw = BUF_INIT, err = BUF_INIT;
	struct mailbox *mb;

	put(f, "cur/1.a.h:2,S", "Subject: one\nX: y\n\nbody\n\nmore\n");
	put(f, "cur/2.a.h:2,S", "Subject: crlf\r\n\r\nbody\r\n");
	put(f, "cur/3.a.h:2,S", "Subject: no body\n");
	mb = mb_open(f, false);
	assert_int_equal(mx_read(mb, mb->msgs[0].id, &raw, &err), 0);
	assert_buf_eq(&raw, "Subject: one\nX: y\n\nbody\n\nmore\n");
	buf_reset(&raw);
	assert_int_equal(mx_read_headers(mb, mb->msgs[0].id, &raw, &err), 0);
	assert_buf_eq(&raw, "Subject: one\nX: y\n\n");
	buf_reset(&raw);
	assert_int_equal(mx_read_headers(mb, mb->msgs[1].id, &raw, &err), 0);
	assert_buf_eq(&raw, "Subject: crlf\r\n\r\n");
	buf_reset(&raw);
	assert_int_equal(mx_read_headers(mb, mb->msgs[2].id, &raw, &err), 0);
	assert_buf_eq(&raw, "Subject: no body\n");
	assert_int_equal(mb->msgs[0].size, strlen("Subject: one\nX: y\n\nbody\n\nmore\n"));
	assert_int_equal(mx_read(mb, 9999, &raw, &err), ERR_NOTFOUND);
	mailbox_free(&mb);
	buf_release(&raw);
	buf_release(&err);
}

static void read_finds_a_file_renamed_by_another_program(void **state)
{
	struct fixture *f = *state;
	struct buf raw = BUF_INIT, err = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "new/7.a.h", "moved");
	mb = mb_open(f, false);
	assert_int_equal(rename(md_path(f, "new/7.a.h", &a), md_path(f, "cur/7.a.h:2,FS", &b)), 0);
	assert_int_equal(mx_read(mb, mb->msgs[0].id, &raw, &err), 0);
	assert_non_null(strstr(raw.data, "body of moved"));
	assert_string_equal(mb->msgs[0].loc.file, "cur/7.a.h:2,FS");
	mailbox_free(&mb);
	buf_release(&raw);
	buf_release(&err);
	buf_release(&a);
	buf_release(&b);
}

static void cancelled_open_adds_nothing_after_the_stop(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "one");
	mb = mb_new(f, false);
	atomic_store(&mb->cancel, true);
	assert_int_equal(mx_maildir_ops.open(mb, &err), ERR_CANCEL);
	assert_int_equal(mb->n, 0);
	assert_true(err.len > 0);
	mailbox_free(&mb);
	buf_release(&err);
}

/* ---- sync ------------------------------------------------------------- */

static void reading_a_new_message_moves_it_to_cur_with_s(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "new/1.a.h", "a");
	put_msg(f, "new/2.a.h", "b");
	mb = mb_open_without_mark_old(f);
	set_flags(mb, "a", MSG_READ, 0);
	assert_true(mb->changed_flags);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/1.a.h:2,S"));
	assert_false(exists(f, "new/1.a.h"));
	/* the other stays new without $mark_old */
	assert_true(exists(f, "new/2.a.h"));
	assert_string_equal(by_subject(mb, "a")->loc.file, "cur/1.a.h:2,S");
	assert_false(by_subject(mb, "a")->flags & MSG_CHANGED);
	assert_false(mb->changed_flags);
	mailbox_free(&mb);
}

static void mark_old_moves_new_messages_to_cur(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "new/1.a.h", "a");
	mb = mb_open(f, false); /* mark_old is on by default */
	assert_int_equal(mb->n_new, 1);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/1.a.h:2,"));
	assert_int_equal(mb->n_new, 0);
	assert_int_equal(mb->n_unread, 1);
	assert_int_equal(mb->msgs[0].flags, MSG_OLD);
	mailbox_free(&mb);
	/* and it opens as old */
	mb = mb_open(f, false);
	assert_int_equal(mb->msgs[0].flags, MSG_OLD);
	mailbox_free(&mb);
}

/* toggle-new on an old message: it goes back to new/ and opens as new (mutt does the same) */
static void a_message_made_new_again_goes_back_to_new(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,", "old");
	put_msg(f, "cur/2.a.h:2,", "stays old");
	mb = mb_open(f, false);
	assert_int_equal(mb->n_new, 0);
	set_flags(mb, "old", 0, MSG_OLD);
	assert_int_equal(mb->n_new, 1);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "new/1.a.h"));
	assert_true(exists(f, "cur/2.a.h:2,"));
	mailbox_free(&mb);
	mb = mb_open_without_mark_old(f); /* or sync would age it again */
	assert_int_equal(by_subject(mb, "old")->flags, 0);
	mailbox_free(&mb);
}

/* A deletion that is not written (no $maildir_trash) renames nothing, even in cur/ unread. */
static void an_unwritten_change_renames_nothing(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,", "unread");
	put_msg(f, "cur/2.a.h:2,SF", "others' spelling");
	mb = mb_open_without_mark_old(f);
	set_flags(mb, "unread", MSG_DELETED, 0);
	set_flags(mb, "others' spelling", MSG_DELETED, 0);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/1.a.h:2,"));
	assert_true(exists(f, "cur/2.a.h:2,SF"));
	assert_false(mb->changed_flags);
	mailbox_free(&mb);
}

static void flag_changes_keep_unknown_letters(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,Sa", "a");
	mb = mb_open(f, false);
	set_flags(mb, "a", MSG_FLAGGED | MSG_REPLIED, 0);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/1.a.h:2,FRSa"));
	set_flags(mb, "a", 0, MSG_READ | MSG_FLAGGED | MSG_REPLIED);
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/1.a.h:2,a"));
	assert_int_equal(count_in(f, "cur"), 1);
	mailbox_free(&mb);
}

static void expunge_unlinks_deleted_messages(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "keep");
	put_msg(f, "cur/2.a.h:2,S", "gone");
	put_msg(f, "new/3.a.h", "gone too");
	mb = mb_open(f, false);
	set_flags(mb, "gone", MSG_DELETED, 0);
	set_flags(mb, "gone too", MSG_DELETED, 0);
	/* a sync without expunge keeps them, and (without $maildir_trash) writes no T */
	run_ok(mb, MX_OP_SYNC);
	assert_int_equal(mb->n, 3);
	assert_true(exists(f, "cur/2.a.h:2,S"));
	run_ok(mb, MX_OP_EXPUNGE);
	assert_int_equal(mb->n, 1);
	assert_int_equal(mb->n_deleted, 0);
	assert_string_equal(menv_str(mb->msgs[0].env, ME_SUBJECT), "keep");
	assert_int_equal(count_in(f, "cur") + count_in(f, "new"), 1);
	mailbox_free(&mb);
}

static void maildir_trash_marks_t_and_keeps_the_file(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "trash me");
	put_msg(f, "cur/2.a.h:2,S", "keep");
	mb = mb_open(f, false);
	mb->set.maildir_trash = true;
	set_flags(mb, "trash me", MSG_DELETED, 0);
	run_ok(mb, MX_OP_EXPUNGE);
	assert_true(exists(f, "cur/1.a.h:2,ST"));
	assert_int_equal(mb->n, 2);
	assert_true(by_subject(mb, "trash me")->flags & MSG_DELETED);
	mailbox_free(&mb);
	mb = mb_open(f, false);
	assert_int_equal(mb->n_deleted, 1);
	mailbox_free(&mb);
}

static void sync_finds_a_file_renamed_meanwhile(void **state)
{
	struct fixture *f = *state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "new/1.a.h", "a");
	mb = mb_open_without_mark_old(f);
	/* another client reads it and adds a keyword */
	assert_int_equal(rename(md_path(f, "new/1.a.h", &a), md_path(f, "cur/1.a.h:2,Sk", &b)), 0);
	set_flags(mb, "a", MSG_FLAGGED | MSG_READ, 0);
	assert_int_equal(mx_maildir_ops.sync(mb, false, &a), 0);
	assert_true(exists(f, "cur/1.a.h:2,FSk"));
	assert_int_equal(count_in(f, "cur") + count_in(f, "new"), 1);
	mailbox_free(&mb);
	buf_release(&a);
	buf_release(&b);
}

static void expunge_of_a_file_gone_meanwhile_succeeds(void **state)
{
	struct fixture *f = *state;
	struct buf p = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "a");
	mb = mb_open(f, false);
	set_flags(mb, "a", MSG_DELETED, 0);
	unlink(md_path(f, "cur/1.a.h:2,S", &p));
	run_ok(mb, MX_OP_EXPUNGE);
	assert_int_equal(mb->n, 0);
	mailbox_free(&mb);
	buf_release(&p);
}

static void read_only_sync_is_refused(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "new/1.a.h", "a");
	mb = mb_open(f, false);
	mb->set.read_only = true;
	set_flags(mb, "a", MSG_READ | MSG_DELETED, 0);
	assert_int_equal(mx_maildir_ops.sync(mb, true, &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "read-only"));
	assert_true(exists(f, "new/1.a.h"));
	assert_int_equal(mb->n, 1);
	assert_true(mb->msgs[0].flags & MSG_CHANGED);
	buf_reset(&err);
	assert_int_equal(mx_run(mb, MX_OP_EXPUNGE, &err), ERR_INVAL);
	assert_true(exists(f, "new/1.a.h"));
	mailbox_free(&mb);
	/* with nothing changed by the user there is nothing to refuse ($mark_old aside) */
	mb = mb_open(f, false);
	mb->set.read_only = true;
	assert_int_equal(mx_maildir_ops.sync(mb, false, &err), 0);
	assert_true(exists(f, "new/1.a.h"));
	mailbox_free(&mb);
	buf_release(&err);
}

/* ---- check ------------------------------------------------------------ */

static void check_adds_new_files_and_drops_vanished_ones(void **state)
{
	struct fixture *f = *state;
	struct buf p = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "stays");
	put_msg(f, "cur/2.a.h:2,S", "vanishes");
	mb = mb_open(f, false);
	put_msg(f, "new/3.a.h", "arrives");
	unlink(md_path(f, "cur/2.a.h:2,S", &p));
	run_ok(mb, MX_OP_CHECK);
	assert_int_equal(mb->n, 2);
	by_subject(mb, "stays");
	assert_int_equal(by_subject(mb, "arrives")->flags, 0);
	assert_int_equal(mb->n_new, 1);
	assert_string_equal(mb->msgs[1].loc.file, "new/3.a.h");
	mailbox_free(&mb);
	buf_release(&p);
}

static void check_takes_flags_changed_by_others(void **state)
{
	struct fixture *f = *state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct mailbox *mb;

	put_msg(f, "new/1.a.h", "theirs");
	put_msg(f, "cur/2.a.h:2,S", "ours");
	mb = mb_open(f, false);
	set_flags(mb, "ours", MSG_FLAGGED, 0);
	rename(md_path(f, "new/1.a.h", &a), md_path(f, "cur/1.a.h:2,RS", &b));
	rename(md_path(f, "cur/2.a.h:2,S", &a), md_path(f, "cur/2.a.h:2,", &b));
	run_ok(mb, MX_OP_CHECK);
	assert_int_equal(mb->n, 2);
	assert_int_equal(by_subject(mb, "theirs")->flags, MSG_READ | MSG_REPLIED);
	assert_string_equal(by_subject(mb, "theirs")->loc.file, "cur/1.a.h:2,RS");
	/* ours waits to be written: the model keeps it, only the location follows */
	assert_true(by_subject(mb, "ours")->flags & MSG_FLAGGED);
	assert_true(by_subject(mb, "ours")->flags & MSG_READ);
	assert_string_equal(by_subject(mb, "ours")->loc.file, "cur/2.a.h:2,");
	run_ok(mb, MX_OP_SYNC);
	assert_true(exists(f, "cur/2.a.h:2,FS"));
	mailbox_free(&mb);
	buf_release(&a);
	buf_release(&b);
}

static void check_with_nothing_changed_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;
	uint64_t gen;
	uint32_t id;

	put_msg(f, "cur/1.a.h:2,S", "a");
	mb = mb_open(f, false);
	gen = mb->generation;
	id = mb->msgs[0].id;
	run_ok(mb, MX_OP_CHECK);
	run_ok(mb, MX_OP_CHECK);
	assert_int_equal(mb->n, 1);
	assert_int_equal(mb->msgs[0].id, id);
	assert_int_equal(mb->generation, gen);
	mailbox_free(&mb);
}

/* Set the mtimes of cur/ and new/ to one time long ago. */
static void age_dirs(const struct fixture *f)
{
	struct buf p = BUF_INIT;
	struct timespec t[2] = { { 1600000000, 0 }, { 1600000000, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, md_path(f, "cur", &p), t, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, md_path(f, "new", &p), t, 0), 0);
	buf_release(&p);
}

/* check costs two stats while cur/ and new/ keep their mtimes: it lists nothing. */
static void check_lists_only_when_a_directory_changed(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "a");
	age_dirs(f);
	mb = mb_open(f, false);
	/* a new file, but the directory's mtime says nothing happened: not listed */
	put_msg(f, "new/2.a.h", "b");
	age_dirs(f);
	run_ok(mb, MX_OP_CHECK);
	assert_int_equal(mb->n, 1);
	/* the directory changes: listed */
	put_msg(f, "new/3.a.h", "c");
	run_ok(mb, MX_OP_CHECK);
	assert_int_equal(mb->n, 3);
	mailbox_free(&mb);
}

/* ---- append, create, has_new ----------------------------------------- */

static void append_without_flags_delivers_to_new(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	struct mailbox *mb = mb_new(f, false);
	const char *msg = "Subject: appended\n\nhello\n";

	assert_int_equal(mx_maildir_ops.append(mb, msg, strlen(msg), 0, 1700000000, &err), 0);
	assert_int_equal(count_in(f, "new"), 1);
	assert_int_equal(count_in(f, "cur"), 0);
	assert_int_equal(count_in(f, "tmp"), 0);
	run_ok(mb, MX_OP_OPEN);
	assert_int_equal(mb->n, 1);
	assert_int_equal(mb->msgs[0].received, 1700000000);
	assert_int_equal(mb->msgs[0].size, strlen(msg));
	assert_string_equal(menv_str(mb->msgs[0].env, ME_SUBJECT), "appended");
	assert_null(strchr(mb->msgs[0].loc.file, ':'));
	mailbox_free(&mb);
	buf_release(&err);
}

static void append_with_flags_delivers_to_cur(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT;
	struct mailbox *mb = mb_new(f, false);
	const char *msg = "Subject: flagged\n\nhello\n";
	const char *file;

	assert_int_equal(mx_maildir_ops.append(mb, msg, strlen(msg),
					       MSG_READ | MSG_FLAGGED | MSG_REPLIED, 0, &err),
			 0);
	assert_int_equal(mx_maildir_ops.append(mb, msg, strlen(msg), MSG_OLD, 0, &err), 0);
	run_ok(mb, MX_OP_OPEN);
	assert_int_equal(mb->n, 2);
	assert_int_equal(count_in(f, "cur"), 2);
	file = mb->msgs[0].flags & MSG_READ ? mb->msgs[0].loc.file : mb->msgs[1].loc.file;
	assert_string_equal(file + strlen(file) - 6, ":2,FRS");
	assert_int_equal(mb->n_unread, 1);
	assert_int_equal(mb->n_new, 0);
	mailbox_free(&mb);
	buf_release(&err);
}

static void append_that_fails_leaves_no_temporary_file(void **state)
{
	struct fixture *f = *state;
	struct buf err = BUF_INIT, p = BUF_INIT;
	struct mailbox *mb = mb_new(f, false);
	const char *msg = "Subject: x\n\n";

	/* new/ is gone: the delivery fails after the temporary file was written */
	assert_int_equal(rmdir(md_path(f, "new", &p)), 0);
	assert_int_not_equal(mx_maildir_ops.append(mb, msg, strlen(msg), 0, 0, &err), 0);
	assert_true(err.len > 0);
	assert_int_equal(count_in(f, "tmp"), 0);
	mkdir(p.data, 0700);
	mailbox_free(&mb);
	buf_release(&err);
	buf_release(&p);
}

static void create_makes_the_three_directories(void **state)
{
	struct fixture *f = *state;
	struct buf p = BUF_INIT, err = BUF_INIT;
	struct stat st;

	md_path(f, "sub", &p);
	assert_int_equal(mx_maildir_ops.create(p.data, &err), 0);
	assert_true(mx_maildir_ops.probe(p.data));
	assert_true(exists(f, "sub/cur") && exists(f, "sub/new") && exists(f, "sub/tmp"));
	assert_int_equal(stat(p.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(mx_maildir_ops.create(p.data, &err), ERR_EXISTS);
	buf_release(&p);
	buf_release(&err);
}

static void has_new_looks_at_new_only(void **state)
{
	struct fixture *f = *state;
	struct buf p = BUF_INIT;

	assert_false(mx_has_new(f->path.data, NULL));
	put_msg(f, "cur/1.a.h:2,", "old");
	put(f, "new/.hidden", "x");
	mkdir(md_path(f, "new/adir", &p), 0700);
	assert_false(mx_has_new(f->path.data, NULL));
	put_msg(f, "new/2.a.h", "new");
	assert_true(mx_has_new(f->path.data, NULL));
	buf_release(&p);
}

/* ---- header cache ----------------------------------------------------- */

/* Overwrite a file with other bytes of the same length, keeping its mtime. */
static void spoil(const struct fixture *f, const char *rel)
{
	struct buf p = BUF_INIT, junk = BUF_INIT;
	struct stat st;
	int fd;

	assert_int_equal(stat(md_path(f, rel, &p), &st), 0);
	fill_buf(&junk, 'Z', (size_t)st.st_size);
	fd = open(p.data, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, junk.data, junk.len), 0);
	close(fd);
	struct timespec t[2] = { st.st_atim, st.st_mtim };
	assert_int_equal(utimensat(AT_FDCWD, p.data, t, 0), 0);
	buf_release(&p);
	buf_release(&junk);
}

static void warm_open_takes_envelopes_from_the_cache(void **state)
{
	struct fixture *f = *state;
	struct mailbox *cold, *warm;
	struct buf p = BUF_INIT;
	struct timespec t[2] = { { 1600000000, 0 }, { 1600000000, 0 } };

	put_msg(f, "cur/1.a.h:2,S", "first");
	put(f, "cur/2.a.h,S=999:2,FS", "From: =?utf-8?q?J=C3=B6rg?= <j@x>\nSubject: second\n\nb\n");
	put_msg(f, "new/3.a.h", "third");
	utimensat(AT_FDCWD, md_path(f, "new/3.a.h", &p), t, 0);
	cold = mb_open(f, true);
	assert_int_equal(cold->n, 3);
	spoil(f, "cur/1.a.h:2,S");
	spoil(f, "cur/2.a.h,S=999:2,FS");
	spoil(f, "new/3.a.h");
	warm = mb_open(f, true);
	assert_int_equal(warm->n, 3);
	for (size_t i = 0; i < 3; i++) {
		const struct message *a = &cold->msgs[i], *b = &warm->msgs[i];
		assert_int_equal(a->env->size, b->env->size);
		assert_memory_equal(a->env, b->env, a->env->size);
		assert_int_equal(a->size, b->size);
		assert_int_equal(a->received, b->received);
		assert_int_equal(a->flags, b->flags);
		assert_string_equal(a->loc.file, b->loc.file);
	}
	assert_string_equal(menv_str(warm->msgs[1].env, ME_SUBJECT), "second");
	assert_int_equal(warm->msgs[1].size, 999);
	assert_int_equal(warm->msgs[2].received, 1600000000);
	mailbox_free(&cold);
	mailbox_free(&warm);
	buf_release(&p);
}

/* Many messages: the cache is read by every thread, each through its own handle. */
static void warm_open_in_parallel_matches_the_cold_one(void **state)
{
	struct fixture *f = *state;
	struct buf rel = BUF_INIT, subj = BUF_INIT;
	struct mailbox *cold, *warm;

	for (int i = 0; i < 1200; i++) {
		buf_reset(&rel);
		buf_reset(&subj);
		buf_printf(&rel, "%s/%04d.x.h%s", i % 3 ? "cur" : "new", i, i % 3 ? ":2,S" : "");
		buf_printf(&subj, "s%04d", i);
		put_msg(f, rel.data, subj.data);
	}
	cold = mb_open(f, true);
	spoil(f, "cur/0001.x.h:2,S");
	spoil(f, "new/1197.x.h");
	maildir_set_threads(4);
	warm = mb_open(f, true);
	maildir_set_threads(0);
	assert_int_equal(warm->n, 1200);
	for (size_t i = 0; i < 1200; i++) {
		assert_string_equal(cold->msgs[i].loc.file, warm->msgs[i].loc.file);
		assert_memory_equal(cold->msgs[i].env, warm->msgs[i].env, cold->msgs[i].env->size);
		assert_int_equal(cold->msgs[i].flags, warm->msgs[i].flags);
	}
	assert_int_equal(warm->n_new, 400);
	mailbox_free(&cold);
	mailbox_free(&warm);
	buf_release(&rel);
	buf_release(&subj);
}

static void cache_misses_are_parsed_and_hits_not(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "cached");
	mb = mb_open(f, true);
	mailbox_free(&mb);
	spoil(f, "cur/1.a.h:2,S");
	put_msg(f, "cur/2.a.h:2,S", "fresh");
	mb = mb_open(f, true);
	assert_int_equal(mb->n, 2);
	assert_string_equal(menv_str(mb->msgs[0].env, ME_SUBJECT), "cached");
	assert_string_equal(menv_str(mb->msgs[1].env, ME_SUBJECT), "fresh");
	mailbox_free(&mb);
}

static void expunged_messages_leave_the_cache(void **state)
{
	struct fixture *f = *state;
	struct mailbox *mb;

	put_msg(f, "cur/1.a.h:2,S", "old subject");
	mb = mb_open(f, true);
	set_flags(mb, "old subject", MSG_DELETED, 0);
	run_ok(mb, MX_OP_EXPUNGE);
	mailbox_free(&mb);
	/* the same unique name again with another content: no stale envelope */
	put_msg(f, "cur/1.a.h:2,S", "new subject");
	mb = mb_open(f, true);
	assert_string_equal(menv_str(mb->msgs[0].env, ME_SUBJECT), "new subject");
	mailbox_free(&mb);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(flags_are_read_from_the_info),
		T(unread_in_cur_is_old_with_mark_old),
		T(letters_are_written_in_ascii_order),
		T(unknown_letters_are_kept),
		T(only_new_messages_stay_in_new),
		T(base_key_and_subdirectory),
		T(size_field_is_parsed),
		T(unique_names_differ_and_carry_the_size),
		T(listing_sorts_as_strcmp_does),
		T(open_counts_messages_and_flags),
		T(open_orders_cur_then_new_by_name),
		T(open_many_in_parallel_keeps_order),
		T(open_in_a_worker_while_the_model_is_read),
		T(open_of_a_missing_folder_fails),
		T(stray_files_are_left_out_safely),
		T(empty_files_are_messages_with_empty_envelopes),
		T(read_gives_the_file_and_read_headers_the_header_block),
		T(read_finds_a_file_renamed_by_another_program),
		T(cancelled_open_adds_nothing_after_the_stop),
		T(reading_a_new_message_moves_it_to_cur_with_s),
		T(mark_old_moves_new_messages_to_cur),
		T(a_message_made_new_again_goes_back_to_new),
		T(an_unwritten_change_renames_nothing),
		T(flag_changes_keep_unknown_letters),
		T(expunge_unlinks_deleted_messages),
		T(maildir_trash_marks_t_and_keeps_the_file),
		T(sync_finds_a_file_renamed_meanwhile),
		T(expunge_of_a_file_gone_meanwhile_succeeds),
		T(read_only_sync_is_refused),
		T(check_adds_new_files_and_drops_vanished_ones),
		T(check_takes_flags_changed_by_others),
		T(check_with_nothing_changed_changes_nothing),
		T(check_lists_only_when_a_directory_changed),
		T(append_without_flags_delivers_to_new),
		T(append_with_flags_delivers_to_cur),
		T(append_that_fails_leaves_no_temporary_file),
		T(create_makes_the_three_directories),
		T(has_new_looks_at_new_only),
		T(warm_open_takes_envelopes_from_the_cache),
		T(warm_open_in_parallel_matches_the_cold_one),
		T(cache_misses_are_parsed_and_hits_not),
		T(expunged_messages_leave_the_cache),
	};
	return RUN_TESTS(tests);
}
