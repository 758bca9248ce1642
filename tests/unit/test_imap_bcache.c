/* test_imap_bcache.c - the IMAP body cache: safe names, checked reads, atomic stores, the clean */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "imap/bcache.h"
#include "tests/unit/unit.h"

/* ---- names ------------------------------------------------------------------- */

static void encoded_is(const char *s, const char *want)
{
	struct buf out = BUF_INIT;

	bcache_name_encode(s, &out);
	assert_buf_eq(&out, want);
	buf_release(&out);
}

static void names_are_safe(void **state)
{
	(void)state;
	encoded_is("INBOX", "INBOX");
	encoded_is("Lists.tern-dev_2", "Lists.tern-dev_2");
	encoded_is("a/b", "a%2Fb");
	encoded_is("..", "%2E.");
	encoded_is(".", "%2E");
	encoded_is(".hidden", "%2Ehidden");
	encoded_is("../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd");
	encoded_is("", "%");
	encoded_is("50%", "50%25");
	encoded_is("two words", "two%20words");
	encoded_is("a\\b\nc", "a%5Cb%0Ac");
	encoded_is("caf\xc3\xa9", "caf%C3%A9");
	encoded_is("me@host:993", "me@host:993");
}

static void long_names_are_cut_and_stay_distinct(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT, s = BUF_INIT;

	(void)state;
	fill_buf(&s, '/', 150); /* 450 bytes encoded */
	bcache_name_encode(s.data, &a);
	s.data[149] = 'x';
	bcache_name_encode(s.data, &b);
	assert_true(a.len <= BCACHE_NAME_MAX);
	assert_true(b.len <= BCACHE_NAME_MAX);
	assert_non_null(strstr(a.data, "%%"));
	assert_string_not_equal(a.data, b.data);
	assert_null(strchr(a.data, '/'));
	/* the cut never splits a %XX: everything before the %% is whole escapes */
	const char *mark = strstr(a.data, "%%");
	assert_int_equal((size_t)(mark - a.data) % 3, 0);
	assert_int_equal(strlen(mark), 18);
	/* a name just short of the limit is kept whole */
	buf_reset(&s);
	fill_buf(&s, 'n', BCACHE_NAME_MAX);
	buf_reset(&a);
	bcache_name_encode(s.data, &a);
	assert_string_equal(a.data, s.data);
	buf_release(&a);
	buf_release(&b);
	buf_release(&s);
}

static void dir_is(const char *root, const char *user, const char *host, unsigned port,
		   const char *mailbox, const char *want)
{
	struct buf out = BUF_INIT;

	assert_int_equal(bcache_dir(root, user, host, port, mailbox, &out), 0);
	assert_buf_eq(&out, want);
	buf_release(&out);
}

static void folder_dirs(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	dir_is("/c", "me", "Mail.Example.ORG", 993, "inbox", "/c/me@mail.example.org:993/INBOX");
	dir_is("/c//", NULL, "h", 143, "Lists/tern", "/c/h:143/Lists%2Ftern");
	dir_is("/c", "", "h", 143, "..", "/c/h:143/%2E.");
	dir_is("/c", "a/../b", "h", 143, "x", "/c/a%2F..%2Fb@h:143/x");
	dir_is("/", "me", "h", 1, "x", "/me@h:1/x");
	assert_int_equal(bcache_dir("rel/dir", "me", "h", 1, "x", &out), ERR_INVAL);
	assert_int_equal(bcache_dir("", "me", "h", 1, "x", &out), ERR_INVAL);
	assert_int_equal(bcache_dir("/c", "me", "", 1, "x", &out), ERR_INVAL);
	buf_release(&out);
}

/* ---- files ------------------------------------------------------------------- */

struct tmp {
	char root[64];
	struct buf dir; /* root/acct/box: not created yet */
};

static int tmp_setup(void **state)
{
	struct tmp *t = xcalloc(1, sizeof(*t));

	snprintf(t->root, sizeof(t->root), "/tmp/tern-bcache-XXXXXX");
	if (!mkdtemp(t->root))
		return -1;
	buf_printf(&t->dir, "%s/acct/box", t->root);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	struct buf cmd = BUF_INIT;

	buf_printf(&cmd, "rm -rf '%s'", t->root);
	if (system(cmd.data) != 0)
		return -1;
	buf_release(&cmd);
	buf_release(&t->dir);
	free(t);
	return 0;
}

static void entry(const struct tmp *t, const char *name, struct buf *p)
{
	buf_reset(p);
	buf_printf(p, "%s/%s", t->dir.data, name);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."));
	closedir(d);
	return n;
}

static const char msg[] = "From: a@b\r\nSubject: hi\r\n\r\nbody\r\n";

static void store_then_read(void **state)
{
	struct tmp *t = *state;
	struct buf out = BUF_INIT, err = BUF_INIT, p = BUF_INIT;
	size_t n = sizeof(msg) - 1;
	struct stat st;

	assert_int_equal(bcache_get(t->dir.data, 7, 42, n, &out), ERR_NOTFOUND);
	assert_int_equal(bcache_put(t->dir.data, 7, 42, msg, n, &err), 0);
	assert_int_equal(err.len, 0);
	buf_addstr(&out, "kept:");
	assert_int_equal(bcache_get(t->dir.data, 7, 42, n, &out), 0);
	assert_int_equal(out.len, 5 + n);
	assert_memory_equal(out.data + 5, msg, n);
	/* permissions: the file 0600, the directories made 0700 */
	entry(t, "7-42", &p);
	assert_int_equal(stat(p.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(t->dir.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	buf_reset(&p);
	buf_printf(&p, "%s/acct", t->root);
	assert_int_equal(stat(p.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(count_entries(t->dir.data), 1); /* no temporary file left */
	/* another UIDVALIDITY, another UID, a size unknown: misses */
	buf_reset(&out);
	assert_int_equal(bcache_get(t->dir.data, 8, 42, n, &out), ERR_NOTFOUND);
	assert_int_equal(bcache_get(t->dir.data, 7, 43, n, &out), ERR_NOTFOUND);
	assert_int_equal(bcache_get(t->dir.data, 7, 42, 0, &out), ERR_NOTFOUND);
	assert_int_equal(out.len, 0);
	/* a second store replaces the first */
	assert_int_equal(bcache_put(t->dir.data, 7, 42, "x\r\n", 3, &err), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 42, 3, &out), 0);
	assert_buf_eq(&out, "x\r\n");
	buf_release(&out);
	buf_release(&err);
	buf_release(&p);
}

static void damaged_files_are_misses(void **state)
{
	struct tmp *t = *state;
	struct buf out = BUF_INIT, err = BUF_INIT, p = BUF_INIT, q = BUF_INIT;
	size_t n = sizeof(msg) - 1;

	assert_int_equal(bcache_put(t->dir.data, 7, 1, msg, n, &err), 0);
	entry(t, "7-1", &p);
	/* truncated */
	assert_int_equal(truncate(p.data, (off_t)n - 1), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 1, n, &out), ERR_NOTFOUND);
	/* grown */
	assert_int_equal(truncate(p.data, (off_t)n + 1), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 1, n, &out), ERR_NOTFOUND);
	/* unreadable */
	assert_int_equal(truncate(p.data, (off_t)n), 0);
	assert_int_equal(chmod(p.data, 0), 0);
	if (geteuid() != 0)
		assert_int_equal(bcache_get(t->dir.data, 7, 1, n, &out), ERR_NOTFOUND);
	/* a symlink in its place, even to a file of the right size */
	assert_int_equal(chmod(p.data, 0600), 0);
	entry(t, "7-2", &q);
	assert_int_equal(symlink(p.data, q.data), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 2, n, &out), ERR_NOTFOUND);
	/* a directory in its place */
	entry(t, "7-3", &q);
	assert_int_equal(mkdir(q.data, 0700), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 3, 4096, &out), ERR_NOTFOUND);
	assert_int_equal(out.len, 0);
	/* restored by a store, it is a hit again */
	assert_int_equal(bcache_put(t->dir.data, 7, 1, msg, n, &err), 0);
	assert_int_equal(bcache_get(t->dir.data, 7, 1, n, &out), 0);
	assert_int_equal(out.len, n);
	buf_release(&out);
	buf_release(&err);
	buf_release(&p);
	buf_release(&q);
}

static void store_fails_cleanly(void **state)
{
	struct tmp *t = *state;
	struct buf err = BUF_INIT, p = BUF_INIT;
	int fd;

	/* a file where a directory should be */
	buf_printf(&p, "%s/acct", t->root);
	fd = open(p.data, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(bcache_put(t->dir.data, 7, 1, msg, 3, &err), ERR_IO);
	assert_true(err.len > 0);
	buf_release(&err);
	buf_release(&p);
}

static void touch(const struct tmp *t, const char *name, time_t age)
{
	struct buf p = BUF_INIT;
	struct timeval tv[2];
	int fd;

	entry(t, name, &p);
	fd = open(p.data, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= age;
	tv[1] = tv[0];
	assert_int_equal(utimes(p.data, tv), 0);
	buf_release(&p);
}

static bool exists(const struct tmp *t, const char *name)
{
	struct buf p = BUF_INIT;
	bool yes;

	entry(t, name, &p);
	yes = access(p.data, F_OK) == 0;
	buf_release(&p);
	return yes;
}

static void clean_keeps_only_the_folder(void **state)
{
	struct tmp *t = *state;
	struct buf err = BUF_INIT;
	const uint32_t keep[] = { 1, 3, 100 };
	size_t removed = 99;

	assert_int_equal(bcache_clean(t->dir.data, 5, keep, 3, &removed, &err), 0); /* no dir yet */
	assert_int_equal(removed, 0);
	for (uint32_t uid = 1; uid <= 4; uid++)
		assert_int_equal(bcache_put(t->dir.data, 5, uid, "m", 1, &err), 0);
	assert_int_equal(bcache_put(t->dir.data, 4, 1, "old", 3, &err), 0); /* UIDVALIDITY 4 */
	touch(t, "notes.txt", 0);
	touch(t, "5-1x", 0);
	touch(t, ".tern-tmp-stale1", 7200);
	touch(t, ".tern-tmp-fresh1", 0);
	assert_int_equal(bcache_clean(t->dir.data, 5, keep, 3, &removed, &err), 0);
	assert_int_equal(err.len, 0);
	assert_int_equal(removed, 4); /* 5-2, 5-4, 4-1, the stale temporary file */
	assert_true(exists(t, "5-1"));
	assert_true(exists(t, "5-3"));
	assert_false(exists(t, "5-2"));
	assert_false(exists(t, "5-4"));
	assert_false(exists(t, "4-1"));
	assert_false(exists(t, ".tern-tmp-stale1"));
	assert_true(exists(t, ".tern-tmp-fresh1")); /* another writer's, maybe */
	assert_true(exists(t, "notes.txt"));        /* not the cache's */
	assert_true(exists(t, "5-1x"));
	/* an empty folder empties its cache */
	assert_int_equal(bcache_clean(t->dir.data, 5, NULL, 0, &removed, &err), 0);
	assert_int_equal(removed, 2);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_safe),
		cmocka_unit_test(long_names_are_cut_and_stay_distinct),
		cmocka_unit_test(folder_dirs),
		cmocka_unit_test_setup_teardown(store_then_read, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(damaged_files_are_misses, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(store_fails_cleanly, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(clean_keeps_only_the_folder, tmp_setup,
						tmp_teardown),
	};
	return RUN_TESTS(tests);
}
