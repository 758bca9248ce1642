/*
 * hcache_check.c - is a header cache file as tern left it, and if not, is
 * it whole? (the stamp, and a walk of every page in a child process)
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "mx/hcache_int.h"

/*
 * LMDB checks a file's header when it opens it, but trusts every page
 * after that: garbage written over the middle of a file (a disk error, a
 * stray program, a hostile user) makes it read wild offsets, fail an
 * assertion or loop, and it would do so on every open of the folder. So a
 * process that closes a cache file stamps it (size and modification time,
 * in path + "-ok"); a file that does not match its stamp was changed by
 * something else, or by a tern that died while writing it, and before it
 * is used a child process walks all of it: every database, every key (in
 * order, inside the file), where every value lies, the free list's pages. If
 * the child dies or finds nonsense the file is damaged. The cost, a read of
 * the file, is paid only after an unclean exit or while another tern has
 * the file open.
 */

#define WALK_SECONDS 120 /* a damaged tree can loop; a sound one of millions takes seconds */
#define STAMP_MAX    128
#define NAME_MAX_LEN 64

static void stamp_path(const char *path, struct buf *out)
{
	buf_printf(out, "%s-ok", path);
}

/* The stamp of the file at path as it is now, or false when it cannot be seen. */
static bool stamp_now(const char *path, struct buf *out)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	buf_printf(out, "tern-hcache %lld %lld.%09ld\n", (long long)st.st_size,
		   (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	return true;
}

bool hc_stamp_ok(const char *path)
{
	struct buf file = BUF_INIT, want = BUF_INIT, have = BUF_INIT;
	bool ok;

	stamp_path(path, &file);
	ok = stamp_now(path, &want) && file_read_all(file.data, &have, STAMP_MAX) == 0 &&
	     buf_eq(&have, want.data);
	buf_release(&file);
	buf_release(&want);
	buf_release(&have);
	return ok;
}

void hc_stamp_write(const char *path)
{
	struct buf file = BUF_INIT, now = BUF_INIT;
	int fd;

	stamp_path(path, &file);
	/* No fsync: a lost stamp costs one walk, never a wrong answer. */
	if (stamp_now(path, &now) && !hc_stamp_ok(path)) {
		fd = open(file.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0) {
			if (write_all(fd, now.data, now.len) != 0)
				unlink(file.data);
			close(fd);
		}
	}
	buf_release(&file);
	buf_release(&now);
}

void hc_stamp_remove(const char *path)
{
	struct buf file = BUF_INIT;

	stamp_path(path, &file);
	unlink(file.data);
	buf_release(&file);
}

/* ---- the walk (in the child) ------------------------------------------ */

struct walk {
	MDB_txn *txn;
	size_t span;         /* bytes of the file's pages */
	const char *lo, *hi; /* the lowest and highest byte seen in the map so far */
	size_t last_pgno;
};

/*
 * Keys and values lie in the map of the file's pages. LMDB does not say
 * where the map is, but everything seen must fit in one span of its size.
 */
static bool in_file(struct walk *w, const MDB_val *v)
{
	const char *p = v->mv_data;

	if (v->mv_size > w->span || (uintptr_t)p > UINTPTR_MAX - v->mv_size)
		return false;
	if (!w->lo || p < w->lo)
		w->lo = p;
	if (!w->hi || p + v->mv_size > w->hi)
		w->hi = p + v->mv_size;
	return (size_t)(w->hi - w->lo) <= w->span;
}

/* A free list entry: a count, then that many page numbers, all inside the file. */
static bool free_entry_ok(const struct walk *w, const MDB_val *v)
{
	size_t n, id;

	if (v->mv_size % sizeof(size_t) || v->mv_size < sizeof(size_t))
		return false;
	memcpy(&n, v->mv_data, sizeof(n));
	if (n != v->mv_size / sizeof(size_t) - 1)
		return false;
	for (size_t i = 1; i <= n; i++) {
		memcpy(&id, (const char *)v->mv_data + i * sizeof(id), sizeof(id));
		if (id > w->last_pgno)
			return false;
	}
	return true;
}

static int walk_db(struct walk *w, MDB_dbi dbi, bool free_list)
{
	MDB_val k, v, prev = { 0, NULL };
	MDB_cursor *c = NULL;
	int rc = mdb_cursor_open(w->txn, dbi, &c);

	while (rc == 0 && (rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		if (!in_file(w, &k) || !in_file(w, &v) ||
		    (prev.mv_data && mdb_cmp(w->txn, dbi, &prev, &k) >= 0) ||
		    (free_list && !free_entry_ok(w, &v)))
			rc = MDB_CORRUPTED;
		prev = k;
	}
	if (c)
		mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Every database named in the main one (a name that is a plain key is someone else's: skipped). */
static int walk_named(struct walk *w, MDB_dbi main_db)
{
	char name[NAME_MAX_LEN];
	MDB_cursor *c = NULL;
	MDB_val k, v;
	MDB_dbi dbi;
	int rc = mdb_cursor_open(w->txn, main_db, &c);

	while (rc == 0 && (rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		if (k.mv_size == 0 || k.mv_size >= sizeof(name) ||
		    memchr(k.mv_data, '\0', k.mv_size))
			continue;
		memcpy(name, k.mv_data, k.mv_size);
		name[k.mv_size] = '\0';
		rc = mdb_dbi_open(w->txn, name, 0, &dbi);
		if (rc == MDB_INCOMPATIBLE)
			rc = 0;
		else if (rc == 0)
			rc = walk_db(w, dbi, false);
	}
	if (c)
		mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* The file's extent, taken after the snapshot: later commits' pages only add to it. */
static int walk_limits(struct walk *w, MDB_env *env, const char *path)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat st;

	if (mdb_env_info(env, &info) || mdb_env_stat(env, &ms) || stat(path, &st))
		return MDB_INVALID;
	w->last_pgno = info.me_last_pgno;
	w->span = (w->last_pgno + 1) * ms.ms_psize;
	return (uint64_t)st.st_size < w->span ? MDB_CORRUPTED : 0;
}

static int walk_file(const char *path, unsigned maxdbs)
{
	struct walk w = { 0 };
	MDB_env *env;
	MDB_dbi main_db;
	int rc = mdb_env_create(&env);

	if (rc)
		return rc;
	mdb_env_set_maxdbs(env, maxdbs);
	rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_RDONLY | MDB_NOTLS, 0600);
	if (rc == 0)
		rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &w.txn);
	if (rc == 0) {
		rc = walk_limits(&w, env, path);
		if (rc == 0)
			rc = walk_db(&w, 0, true); /* 0: LMDB's free list */
		if (rc == 0 && (rc = mdb_dbi_open(w.txn, NULL, 0, &main_db)) == 0)
			rc = walk_db(&w, main_db, false);
		if (rc == 0)
			rc = walk_named(&w, main_db);
		mdb_txn_abort(w.txn);
	}
	mdb_env_close(env);
	return rc;
}

/*
 * The child is not the parent: handlers the parent installed (restoring
 * its terminal, say) must not run in it, and LMDB's assertion messages
 * must not land on the parent's screen.
 */
static void child_setup(void)
{
	static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	sigset_t set;
	int fd = open("/dev/null", O_WRONLY);

	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		signal(sigs[i], SIG_DFL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * Walk the file at path in a child: false when it dies (LMDB crashed or
 * asserted on garbage), runs too long (a loop in a damaged tree) or finds
 * nonsense. True when it cannot tell (no fork, no status).
 */
bool hc_walk_ok(const char *path, unsigned maxdbs)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return true;
	if (pid == 0) {
		child_setup();
		alarm(WALK_SECONDS);
		_exit(walk_file(path, maxdbs) == 0 ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return true; /* reaped by someone else: no answer */
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
