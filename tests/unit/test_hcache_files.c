/*
 * test_hcache_files.c - where the header cache lives ($header_cache: the
 * default directory, a directory, a shared file, /dev/null, a FIFO), the
 * modes of what it creates, damaged and unreachable caches (the folder
 * still opens), and several handles, threads and processes on one file.
 */
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>

#include "tests/unit/hcache_test.h"

/* Caching is off for setting: no handle and no note. */
static void assert_off(const char *setting)
{
	struct buf err = BUF_INIT;
	struct hcache *hc = hcache_open(setting, "/mail/x", &err);

	assert_null(hc);
	assert_int_equal(err.len, 0);
	buf_release(&err);
}

/* ---- $header_cache ---------------------------------------------------- */

static void hcache_default_is_the_xdg_cache_dir_0700_0600(void **state)
{
	struct buf xdg = BUF_INIT, dir = BUF_INIT, file = BUF_INIT;
	mode_t old = umask(022);

	setenv("XDG_CACHE_HOME", hct_path(&xdg, state, "xdg"), 1);
	hct_assert_caches("", "/mail/inbox");
	/* Every directory it had to make is private, and so are the files. */
	hct_assert_mode(xdg.data, 0700);
	hct_assert_mode(hct_path(&dir, state, "xdg/tern"), 0700);
	hct_assert_mode(hct_path(&dir, state, "xdg/tern/headers"), 0700);
	hct_only_file(dir.data, &file);
	hct_assert_mode(file.data, 0600);
	buf_addstr(&file, "-lock");
	hct_assert_mode(file.data, 0600);
	umask(old);
	unsetenv("XDG_CACHE_HOME");
	buf_release(&xdg);
	buf_release(&dir);
	buf_release(&file);
}

static void hcache_default_without_xdg_is_under_home(void **state)
{
	struct buf home = BUF_INIT, dir = BUF_INIT, file = BUF_INIT;
	char *old_home = xstrdup_or_null(getenv("HOME"));

	/* A relative $XDG_CACHE_HOME is ignored, as the XDG spec says. */
	setenv("XDG_CACHE_HOME", "relative/cache", 1);
	setenv("HOME", hct_path(&home, state, "home"), 1);
	assert_int_equal(mkdir(home.data, 0755), 0);
	hct_assert_caches("", "/mail/inbox");
	hct_only_file(hct_path(&dir, state, "home/.cache/tern/headers"), &file);
	assert_int_equal(access("relative", F_OK), -1);
	if (old_home)
		setenv("HOME", old_home, 1);
	unsetenv("XDG_CACHE_HOME");
	free(old_home);
	buf_release(&home);
	buf_release(&dir);
	buf_release(&file);
}

static void hcache_directory_holds_a_file_per_folder(void **state)
{
	struct buf dir = BUF_INIT;
	struct dirent *de;
	int files = 0;
	DIR *d;

	assert_int_equal(mkdir(hct_path(&dir, state, "hc"), 0700), 0);
	hct_assert_caches(dir.data, "/mail/a");
	hct_assert_caches(dir.data, "/mail/b");
	hct_assert_caches(dir.data, "imaps://user@host/INBOX");
	d = opendir(dir.data);
	assert_non_null(d);
	/* Each with its lock file and, once closed, its stamp (hcache_check.c). */
	while ((de = readdir(d)) != NULL)
		files += strstr(de->d_name, ".lmdb") != NULL;
	closedir(d);
	assert_int_equal(files, 9);
	buf_release(&dir);
}

static void hcache_path_ending_in_slash_is_a_new_directory(void **state)
{
	struct buf dir = BUF_INIT, file = BUF_INIT;

	hct_assert_caches(hct_path(&dir, state, "new/deeper/"), "/mail/a");
	hct_only_file(hct_path(&dir, state, "new/deeper"), &file);
	hct_assert_mode(dir.data, 0700);
	buf_release(&dir);
	buf_release(&file);
}

static void hcache_one_file_is_shared_by_folders(void **state)
{
	struct buf f = BUF_INIT;
	struct hcache *a, *b;
	struct stat st;

	/* Named before it exists, then existing: the same file either way. */
	hct_path(&f, state, "shared.db");
	hct_assert_caches(f.data, "/mail/a");
	assert_int_equal(stat(f.data, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	hct_assert_caches(f.data, "/mail/b");
	a = hct_open(f.data, "/mail/a");
	b = hct_open(f.data, "/mail/b");
	hct_assert_hit(a, "k", "/mail/a");
	hct_assert_hit(b, "k", "/mail/b");
	hcache_close(&a);
	hcache_close(&b);
	buf_release(&f);
}

static void hcache_dev_null_and_fifo_turn_caching_off(void **state)
{
	struct buf fifo = BUF_INIT;

	assert_off("/dev/null");
	assert_int_equal(mkfifo(hct_path(&fifo, state, "fifo"), 0600), 0);
	assert_off(fifo.data);
	buf_release(&fifo);
}

/* ---- caches that cannot be used --------------------------------------- */

static void hcache_unusable_directory_is_a_note(void **state)
{
	struct buf file = BUF_INIT, sub = BUF_INIT;
	int fd;

	/* A directory that cannot be made (even by root): a regular file is in the way. */
	fd = open(hct_path(&file, state, "plain"), O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	hct_assert_note(hct_path(&sub, state, "plain/cache/"), "/mail/a", "cannot create");
	hct_assert_note(hct_path(&sub, state, "plain/cache.db"), "/mail/a", "plain/cache.db");
	buf_release(&file);
	buf_release(&sub);
}

/* In a child without root's powers: a cache directory it may not write. */
static void unwritable_dir_child(const char *dir)
{
	struct buf err = BUF_INIT, sub = BUF_INIT;
	struct hcache *hc;

	if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
		_exit(10);
	hc = hcache_open(dir, "/mail/a", &err);
	if (hc || !err.len)
		_exit(11);
	buf_printf(&sub, "%s/sub/", dir);
	buf_reset(&err);
	hc = hcache_open(sub.data, "/mail/a", &err);
	_exit(hc || !strstr(err.data, "cannot create") ? 12 : 0);
}

static void hcache_unwritable_directory_is_a_note(void **state)
{
	struct buf dir = BUF_INIT;
	int status;
	pid_t pid;

	assert_int_equal(chmod((const char *)*state, 0755), 0);
	assert_int_equal(mkdir(hct_path(&dir, state, "ro"), 0555), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		unwritable_dir_child(dir.data);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	buf_release(&dir);
}

/* ---- several handles, threads and processes --------------------------- */

static void hcache_two_spellings_of_a_file_share_one_environment(void **state)
{
	struct buf f = BUF_INIT, other = BUF_INIT, link = BUF_INIT;
	struct hcache *a, *b;

	hct_path(&f, state, "shared.db");
	hct_path(&other, state, "./shared.db");
	hct_path(&link, state, "link.db");
	a = hct_open(f.data, "/mail/a");
	assert_int_equal(symlink(f.data, link.data), 0);
	b = hct_open(other.data, "/mail/a");
	struct hcache *c = hct_open(link.data, "/mail/b");
	hct_store_subject(a, "ka", "from a");
	hct_store_subject(b, "kb", "from b");
	hct_store_subject(c, "kc", "from c");
	/* Closing in any order leaves the others working. */
	hcache_close(&a);
	assert_int_equal(hcache_commit(b), 0);
	hct_assert_hit(b, "ka", "from a");
	hct_assert_hit(b, "kb", "from b");
	hcache_close(&b);
	assert_int_equal(hcache_commit(c), 0);
	hct_assert_hit(c, "kc", "from c");
	hcache_close(&c);
	a = hct_open(f.data, "/mail/a");
	hct_assert_hit(a, "ka", "from a");
	hcache_close(&a);
	buf_release(&f);
	buf_release(&other);
	buf_release(&link);
}

#define WRITERS      4
#define PER_WRITER   600
#define COMMIT_EVERY 50

struct writer {
	const char *setting;
	const char *folder;
	int id;
	int bad;
};

/* Store PER_WRITER entries, committing now and then, reading back as it goes. */
static int write_entries(const char *setting, const char *folder, int id)
{
	struct buf err = BUF_INIT, s = BUF_INIT;
	struct hcache *hc = hcache_open(setting, folder, &err);
	char key[32];
	int bad = !hc;

	for (int i = 0; hc && i < PER_WRITER; i++) {
		snprintf(key, sizeof(key), "w%d-%05d", id, i);
		struct menv *m = hct_menv_subject(key);
		bad += hcache_store(hc, key, strlen(key), 0, m) != 0;
		free(m);
		if (i % COMMIT_EVERY == COMMIT_EVERY - 1)
			bad += hcache_commit(hc) != 0;
		if (i % 7 == 0)
			bad += !hct_fetch_subject(hc, key, &s) || strcmp(s.data, key) != 0;
	}
	hcache_close(&hc);
	buf_release(&err);
	buf_release(&s);
	return bad;
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;

	w->bad = write_entries(w->setting, w->folder, w->id);
	return NULL;
}

/* Every writer's entries are in folder(id). */
static void assert_all_written(const char *setting, const char *(*folder)(int), int writers)
{
	struct buf s = BUF_INIT;
	char key[32];

	for (int id = 0; id < writers; id++) {
		struct hcache *hc = hct_open(setting, folder(id));
		for (int i = 0; i < PER_WRITER; i++) {
			snprintf(key, sizeof(key), "w%d-%05d", id, i);
			if (!hct_fetch_subject(hc, key, &s) || strcmp(s.data, key) != 0)
				fail_msg("%s: %s lost", folder(id), key);
		}
		hcache_close(&hc);
	}
	buf_release(&s);
}

static const char *same_folder(int id)
{
	(void)id;
	return "/mail/same";
}

static const char *own_folder(int id)
{
	static const char *const names[] = { "/mail/0", "/mail/1", "/mail/2", "/mail/3" };
	return names[id % 4];
}

static void hcache_threads_write_one_file_at_once(void **state)
{
	struct buf f = BUF_INIT;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];

	hct_path(&f, state, "shared.db");
	for (int round = 0; round < 2; round++) {
		const char *(*folder)(int) = round ? own_folder : same_folder;
		for (int i = 0; i < WRITERS; i++) {
			w[i] = (struct writer){ f.data, folder(i), i, 0 };
			assert_int_equal(pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
		}
		for (int i = 0; i < WRITERS; i++) {
			assert_int_equal(pthread_join(t[i], NULL), 0);
			assert_int_equal(w[i].bad, 0);
		}
		assert_all_written(f.data, folder, round ? WRITERS : 1);
	}
	buf_release(&f);
}

/* Run write_entries in WRITERS processes; a hang is killed by the alarm and fails. */
static void write_in_processes(const char *setting, const char *(*folder)(int))
{
	pid_t pids[WRITERS];
	int status;

	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			alarm(60);
			_exit(write_entries(setting, folder(i), i) ? 1 : 0);
		}
	}
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("writer %d: status %#x", i, (unsigned)status);
	}
}

static void hcache_processes_write_one_file_at_once(void **state)
{
	struct buf f = BUF_INIT;
	struct hcache *held;

	hct_path(&f, state, "shared.db");
	/* The parent holds the file open across fork: children must not use its environment. */
	held = hct_open(f.data, "/mail/same");
	write_in_processes(f.data, same_folder);
	assert_int_equal(hcache_commit(held), 0);
	hct_assert_hit(held, "w3-00599", "w3-00599");
	hcache_close(&held);
	assert_all_written(f.data, same_folder, 1);
	write_in_processes(f.data, own_folder);
	assert_all_written(f.data, own_folder, WRITERS);
	buf_release(&f);
}

static void hcache_killed_writer_leaves_a_usable_file(void **state)
{
	struct buf f = BUF_INIT;
	int status;
	pid_t pid;

	hct_path(&f, state, "shared.db");
	hct_assert_caches(f.data, "/mail/before");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Killed while it holds a read snapshot and a batch, and writes. */
		struct hcache *hc = hcache_open(f.data, "/mail/killed", &(struct buf)BUF_INIT);
		struct buf s = BUF_INIT;
		hct_fetch_subject(hc, "x", &s);
		for (int i = 0;; i++) {
			char key[16];
			snprintf(key, sizeof(key), "%d", i);
			struct menv *m = hct_menv_subject(key);
			hcache_store(hc, key, strlen(key), 0, m);
			free(m);
			if (i == 50)
				kill(getpid(), SIGKILL);
			hcache_commit(hc);
		}
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	struct hcache *hc = hct_open(f.data, "/mail/before");
	hct_assert_hit(hc, "k", "/mail/before");
	hcache_close(&hc);
	hc = hct_open(f.data, "/mail/killed");
	hct_assert_hit(hc, "49", "49");
	hcache_close(&hc);
	hct_assert_caches(f.data, "/mail/after");
	buf_release(&f);
}

/* Write batches to folder in setting until killed. */
static void write_until_killed(const char *setting, const char *folder)
{
	struct hcache *hc = hcache_open(setting, folder, &(struct buf)BUF_INIT);
	struct menv *m = hct_menv_subject("loop");
	char key[32];

	for (unsigned i = 0;; i++) {
		snprintf(key, sizeof(key), "%u", i % 5000);
		hcache_store(hc, key, strlen(key), 0, m);
		if (i % 300 == 299)
			hcache_commit(hc);
	}
}

static void hcache_writer_killed_mid_batch_blocks_nobody(void **state)
{
	struct buf f = BUF_INIT, key = BUF_INIT;
	int status;

	hct_path(&f, state, "shared.db");
	/* A deadlock would hang here: the alarm turns it into a failure. */
	alarm(60);
	for (int round = 0; round < 5; round++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			write_until_killed(f.data, round % 2 ? "/mail/loop" : "/mail/other");
		/* Kill it at varying points, most likely inside a write transaction. */
		usleep(20000 + 13000 * (unsigned)round);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		buf_reset(&key);
		buf_printf(&key, "round %d", round);
		struct hcache *hc = hct_open(f.data, "/mail/loop");
		hct_store_subject(hc, key.data, key.data);
		assert_int_equal(hcache_commit(hc), 0);
		hcache_close(&hc);
		hc = hct_open(f.data, "/mail/loop");
		hct_assert_hit(hc, key.data, key.data);
		hcache_close(&hc);
	}
	alarm(0);
	buf_release(&f);
	buf_release(&key);
}

#define T(f) cmocka_unit_test_setup_teardown(f, hct_setup, hct_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(hcache_default_is_the_xdg_cache_dir_0700_0600),
		T(hcache_default_without_xdg_is_under_home),
		T(hcache_directory_holds_a_file_per_folder),
		T(hcache_path_ending_in_slash_is_a_new_directory),
		T(hcache_one_file_is_shared_by_folders),
		T(hcache_dev_null_and_fifo_turn_caching_off),
		T(hcache_unusable_directory_is_a_note),
		T(hcache_unwritable_directory_is_a_note),
		T(hcache_two_spellings_of_a_file_share_one_environment),
		T(hcache_threads_write_one_file_at_once),
		T(hcache_processes_write_one_file_at_once),
		T(hcache_killed_writer_leaves_a_usable_file),
		T(hcache_writer_killed_mid_batch_blocks_nobody),
	};
	return RUN_TESTS(tests);
}
