/*
 * hcache.c - the header cache: compact envelopes in LMDB, so that opening a
 * big folder a second time reads no message.
 *
 * Where (hcache_open): $header_cache empty means the default directory,
 * $XDG_CACHE_HOME/tern/headers/ (~/.cache/tern/headers/). An existing
 * directory, or a path ending in '/', holds one database file per folder,
 * named by a hash of the folder's path (directories are created 0700,
 * files 0600). An existing regular file, or a path that does not exist, is
 * one file shared by every folder. Anything else that exists (/dev/null, a
 * FIFO) turns caching off.
 *
 * Inside a file, each folder has its own named database (named by the
 * hash), holding two meta records under keys that no message key can
 * have (they start with a NUL byte): the format version, and the folder's
 * path, which detects a hash collision. A mismatch of either empties the
 * database. A value is a fixed header (magic, validity stamp, size,
 * received time, line count, checksum of header and block) followed by the
 * menv block as it is in memory: menvs are position-independent, so a hit
 * is one memcpy. The block is checked before it is handed out (every
 * offset and count stays inside it): the file may be damaged or written by
 * someone else, and a bad value is a miss, never a wild read.
 *
 * Writes are collected in memory and written in one short transaction
 * every HC_BATCH stores (or at hcache_commit / hcache_close): a write
 * transaction per message would be slow, and holding one open while
 * messages are parsed would block other tern processes for that long.
 * A fetch sees the handle's own pending stores and deletes, then the
 * database as it was at the handle's first read since its last commit
 * (one LMDB snapshot: hcache_commit starts a new one, so that what other
 * handles and processes committed becomes visible, and old pages can be
 * reused).
 *
 * A cache that cannot be opened or read is never an error: the folder
 * opens without it, with a note. A damaged database file that tern named
 * (one per folder in a directory) is removed and created again; a file the
 * user named is left alone (it might not be ours) and caching is off.
 * "Damaged": bad meta pages, not an LMDB file, a file cut short (seen at
 * open), or, for a file changed since a tern closed it, pages that a walk
 * in a child process finds unsound (LMDB trusts the pages of a file it
 * accepted, and would crash on them: see "is a file as tern left it?").
 *
 * A handle is used by one thread at a time (the mailbox's operations run
 * one at a time); handles on the same file may be used in parallel.
 *
 * LMDB forbids opening the same file twice in one process, so environments
 * are shared through a small registry with reference counts, keyed by
 * device and inode (two spellings of a path are one file). An environment
 * must not be used after fork(), so a child ignores its parent's entries.
 */
#include <fcntl.h>
#include <lmdb.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "mx/mx-private.h"

#define HC_FORMAT     2u
#define HC_MAGIC      0x32436854u /* "ThC2" */
#define HC_BATCH      4096
#define HC_MAXDBS     512
#define HC_HEX        16
#define HC_MAXKEY     511 /* LMDB's default key limit; Maildir unique names are far shorter */
#define HC_META_VER   "\0version"
#define HC_META_DIR   "\0folder"
#define HC_MAP_64     ((size_t)8 << 30)
#define HC_MAP_32     ((size_t)512 << 20)
#define HC_DELETE_LEN UINT32_MAX
#define HC_KIND_MASK  0x7f /* menv.c's address kind byte, without its "invalid" bit */
#define HC_CUT_SHORT  (MDB_LAST_ERRCODE + 1) /* our own LMDB-style error codes */
#define HC_DAMAGED    (MDB_LAST_ERRCODE + 2)

/* One open LMDB environment, shared by every handle on the same file in this process. */
struct hc_env {
	dev_t dev;
	ino_t ino;
	pid_t pid; /* the process that opened it: after fork() the child must not touch it */
	char *path;
	MDB_env *env;
	unsigned refs;
	struct hc_env *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hc_env *registry;

/* What the format version record holds: a change in any of these invalidates values. */
struct hc_version {
	uint32_t magic;
	uint32_t format;
	uint32_t menv_header; /* sizeof(struct menv) */
	uint32_t endian;      /* 0x01020304 in native order */
};

/* The fixed part of a value; the menv block follows. Read with memcpy: LMDB does not align values. */
struct hc_value {
	uint32_t magic;
	uint32_t menv_size;
	uint64_t validity;
	uint64_t size;
	int64_t received;
	uint32_t lines;
	uint32_t reserved;
	uint64_t check; /* value_check: of this header (check = 0) and the menv block */
};

/* A store or delete waiting for the next write transaction. */
struct hc_pending {
	uint32_t klen;
	uint32_t vlen; /* HC_DELETE_LEN for a delete */
	char data[];   /* key, then value */
};

/* Where the database file is, and whether tern chose its name (then it may recreate it). */
struct hc_where {
	struct buf file;
	bool ours;
};

struct hcache {
	struct hc_env *env;
	MDB_dbi dbi;
	MDB_txn *rtxn; /* read transaction, kept between fetches (reset, not freed) */
	MDB_cursor *cursor;
	bool rtxn_live;
	bool broken; /* an LMDB error: the handle does nothing more */
	struct arena pend_mem;
	struct hc_pending **pend;
	size_t npend, pend_cap;
	struct hash *pend_index; /* key -> its latest pending entry, or NULL when none */
};

/* ---- names ----------------------------------------------------------- */

/* FNV-1a: stable across runs and machines (hash_bytes is randomised per process). */
static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static void hex_name(const char *folder, char out[HC_HEX + 1])
{
	snprintf(out, HC_HEX + 1, "%016llx", (unsigned long long)fnv1a(folder, strlen(folder)));
}

/* Create dir and its missing parents, 0700. Keeps errno of a failure. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0, saved = 0;

	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = ERR_IO;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = ERR_IO;
	saved = errno;
	free(p);
	errno = saved;
	return rc;
}

/* The default cache directory, or false when there is no home to put it in. */
static bool default_dir(struct buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says a relative $XDG_CACHE_HOME is to be ignored. */
	if (xdg && xdg[0] == '/') {
		buf_printf(out, "%s/tern/headers", xdg);
		return true;
	}
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return false;
	buf_printf(out, "%s/.cache/tern/headers", home);
	return true;
}

/* The directory setting names (for "": the default one), or 1 when it names a file or nothing. */
static int cache_dir(const char *setting, struct buf *dir, struct buf *err)
{
	size_t len = strlen(setting);
	struct stat st;

	if (!len) {
		if (default_dir(dir))
			return 0;
		buf_addstr(err, _("header cache: no home directory to keep it in"));
		return ERR_NOTFOUND;
	}
	if (stat(setting, &st) == 0 ? S_ISDIR(st.st_mode) : setting[len - 1] == '/') {
		buf_addstr(dir, setting);
		return 0;
	}
	return 1;
}

/*
 * Where folder's cache is under setting. Returns 1 when caching is off, 0
 * with a file, or an error with a note in err.
 */
static int cache_file(const char *setting, const char *folder, struct hc_where *w, struct buf *err)
{
	char hex[HC_HEX + 1];
	struct buf dir = BUF_INIT;
	struct stat st;
	int rc = cache_dir(setting, &dir, err);

	if (rc == 1) {
		/* A regular file, or nothing yet: one shared file. Anything else: off. */
		if (stat(setting, &st) == 0 && !S_ISREG(st.st_mode))
			goto out;
		buf_addstr(&w->file, setting);
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	while (dir.len > 1 && dir.data[dir.len - 1] == '/')
		buf_setlen(&dir, dir.len - 1);
	if (mkdir_p(dir.data) != 0) {
		buf_printf(err, _("header cache: cannot create %s: %s"), dir.data, strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	hex_name(folder, hex);
	buf_printf(&w->file, "%s/%s.lmdb", dir.data, hex);
	w->ours = true;
out:
	buf_release(&dir);
	return rc;
}

/* ---- is a file as tern left it? (a walk in a child when not) --------- */

/*
 * LMDB checks a file's header when it opens it, but trusts every page
 * after that: garbage written over the middle of a file (a disk error, a
 * stray program, a hostile user) makes it read wild offsets, fail an
 * assertion or loop, and it would do so on every open of the folder. So a
 * process that closes a cache file stamps it (size and modification time,
 * in path + "-ok"); a file that does not match its stamp was changed by
 * something else, or by a tern that died while writing it, and before it
 * is used a child process walks all of it: every database, every key (in
 * order, inside the file), every value, the free list's page numbers. If
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

static bool stamp_ok(const char *path)
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

static void stamp_write(const char *path)
{
	struct buf file = BUF_INIT, now = BUF_INIT;
	int fd;

	stamp_path(path, &file);
	/* No fsync: a lost stamp costs one walk, never a wrong answer. */
	if (stamp_now(path, &now) && !stamp_ok(path)) {
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

static void stamp_remove(const char *path)
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
static bool walk_ok(const char *path, unsigned maxdbs)
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

/* ---- the registry of environments ------------------------------------ */

static bool lmdb_says_corrupt(int rc)
{
	return rc == HC_CUT_SHORT || rc == HC_DAMAGED || rc == MDB_INVALID ||
	       rc == MDB_VERSION_MISMATCH || rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND;
}

/*
 * A file shorter than its last page (cut by a full disk, a copy or a
 * restore) would make LMDB read past the end of the mapping: SIGBUS.
 */
static int env_check_size(MDB_env *env)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat st;
	int fd;

	if (mdb_env_info(env, &info) != 0 || mdb_env_stat(env, &ms) != 0 ||
	    mdb_env_get_fd(env, &fd) != 0 || fstat(fd, &st) != 0)
		return MDB_INVALID;
	if ((uint64_t)st.st_size < ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize)
		return HC_CUT_SHORT;
	return 0;
}

static int env_open_file(const char *path, MDB_env **out)
{
	MDB_env *env;
	int dead, rc = mdb_env_create(&env);

	if (rc)
		return rc;
	mdb_env_set_mapsize(env, sizeof(size_t) >= 8 ? HC_MAP_64 : HC_MAP_32);
	mdb_env_set_maxdbs(env, HC_MAXDBS);
	/*
	 * NOTLS: a folder's read transaction may be used by whichever worker
	 * thread runs its next operation. NOMETASYNC keeps the file
	 * consistent after a crash, losing at most the last batch.
	 */
	rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOTLS | MDB_NOMETASYNC, 0600);
	if (rc == 0)
		rc = env_check_size(env);
	if (rc) {
		mdb_env_close(env);
		return rc;
	}
	/* Reader slots of killed tern processes would keep old pages from reuse forever. */
	mdb_reader_check(env, &dead);
	*out = env;
	return 0;
}

static const char *hc_strerror(int rc)
{
	if (rc == HC_CUT_SHORT)
		return _("the file is shorter than its contents");
	if (rc == HC_DAMAGED)
		return _("the file is damaged inside");
	return mdb_strerror(rc);
}

static void remove_files(const char *path)
{
	struct buf lock = BUF_INIT;

	buf_printf(&lock, "%s-lock", path);
	unlink(path);
	unlink(lock.data);
	stamp_remove(path);
	buf_release(&lock);
}

/* A file that is not as tern left it is walked (in a child) before it is trusted. */
static bool env_file_damaged(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_size > 0 && !stamp_ok(path) &&
	       !walk_ok(path, HC_MAXDBS);
}

/* Open w's file, recreating it when it is damaged and ours. */
static int env_open_where(const struct hc_where *w, MDB_env **env, struct buf *err)
{
	const char *path = w->file.data;
	int rc = env_file_damaged(path) ? HC_DAMAGED : env_open_file(path, env);

	if (lmdb_says_corrupt(rc) && w->ours) {
		/* It is only a cache: start it afresh. */
		log_msg(LOG_WARN, "header cache %s: %s; recreating it", path, hc_strerror(rc));
		remove_files(path);
		rc = env_open_file(path, env);
	}
	if (rc == 0)
		return 0;
	if (lmdb_says_corrupt(rc))
		buf_printf(err, _("header cache %s: %s (remove the file to start a new cache)"),
			   path, hc_strerror(rc));
	else
		buf_printf(err, _("header cache %s: %s"), path, hc_strerror(rc));
	return rc;
}

/* A reference to the environment of w's file; NULL with a note in err. Caller holds registry_lock. */
static struct hc_env *env_get(const struct hc_where *w, struct buf *err)
{
	struct hc_env *e;
	MDB_env *env = NULL;
	struct stat st;
	int fd;

	if (stat(w->file.data, &st) == 0)
		for (e = registry; e; e = e->next)
			if (e->dev == st.st_dev && e->ino == st.st_ino && e->pid == getpid()) {
				e->refs++;
				return e;
			}
	if (env_open_where(w, &env, err) != 0)
		return NULL;
	if (mdb_env_get_fd(env, &fd) != 0 || fstat(fd, &st) != 0) {
		buf_printf(err, _("header cache %s: %s"), w->file.data, strerror(errno));
		mdb_env_close(env);
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	e->pid = getpid();
	e->path = xstrdup(w->file.data);
	e->env = env;
	e->refs = 1;
	e->next = registry;
	registry = e;
	return e;
}

static void env_put(struct hc_env *env)
{
	pthread_mutex_lock(&registry_lock);
	if (--env->refs == 0) {
		for (struct hc_env **p = &registry; *p; p = &(*p)->next)
			if (*p == env) {
				*p = env->next;
				break;
			}
		mdb_env_close(env->env);
		/* Every write of this process is in the file: the next open need not walk it. */
		stamp_write(env->path);
		free(env->path);
		free(env);
	}
	pthread_mutex_unlock(&registry_lock);
}

/* ---- opening a folder's database ------------------------------------- */

static void version_now(struct hc_version *v)
{
	v->magic = HC_MAGIC;
	v->format = HC_FORMAT;
	v->menv_header = (uint32_t)sizeof(struct menv);
	v->endian = 0x01020304u;
}

static MDB_val val_of(const void *p, size_t n)
{
	return (MDB_val){ .mv_size = n, .mv_data = (void *)p };
}

/* True when the database's meta records say it is ours, for this folder, in this format. */
static bool meta_ok(MDB_txn *txn, MDB_dbi dbi, const char *folder)
{
	struct hc_version want;
	MDB_val k = val_of(HC_META_VER, sizeof(HC_META_VER)), v;

	version_now(&want);
	if (mdb_get(txn, dbi, &k, &v) != 0 || v.mv_size != sizeof(want) ||
	    memcmp(v.mv_data, &want, sizeof(want)) != 0)
		return false;
	k = val_of(HC_META_DIR, sizeof(HC_META_DIR));
	return mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == strlen(folder) &&
	       memcmp(v.mv_data, folder, v.mv_size) == 0;
}

/* Open (in a read transaction) a database that is already right. */
static int dbi_open_existing(MDB_env *env, const char *name, const char *folder, MDB_dbi *dbi)
{
	MDB_txn *txn;
	int rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);

	if (rc)
		return rc;
	rc = mdb_dbi_open(txn, name, 0, dbi);
	if (rc == 0 && !meta_ok(txn, *dbi, folder))
		rc = MDB_NOTFOUND;
	if (rc) {
		mdb_txn_abort(txn);
		return rc;
	}
	return mdb_txn_commit(txn);
}

/* Create the database, or empty it when its format or folder is not ours. */
static int dbi_open_fresh(MDB_env *env, const char *name, const char *folder, MDB_dbi *dbi)
{
	struct hc_version ver;
	MDB_txn *txn;
	MDB_val k, v;
	int rc = mdb_txn_begin(env, NULL, 0, &txn);

	if (rc)
		return rc;
	rc = mdb_dbi_open(txn, name, MDB_CREATE, dbi);
	if (rc == 0 && !meta_ok(txn, *dbi, folder)) {
		version_now(&ver);
		rc = mdb_drop(txn, *dbi, 0);
		k = val_of(HC_META_VER, sizeof(HC_META_VER));
		v = val_of(&ver, sizeof(ver));
		if (rc == 0)
			rc = mdb_put(txn, *dbi, &k, &v, 0);
		k = val_of(HC_META_DIR, sizeof(HC_META_DIR));
		v = val_of(folder, strlen(folder));
		if (rc == 0)
			rc = mdb_put(txn, *dbi, &k, &v, 0);
	}
	if (rc) {
		mdb_txn_abort(txn);
		return rc;
	}
	return mdb_txn_commit(txn);
}

struct hcache *hcache_open(const char *setting, const char *folder, struct buf *err)
{
	struct hc_where w = { BUF_INIT, false };
	struct hcache *hc = NULL;
	struct hc_env *env = NULL;
	size_t err_len = err->len;
	char name[HC_HEX + 1];
	MDB_dbi dbi;
	int rc;

	if (!folder || cache_file(setting ? setting : "", folder, &w, err) != 0 || !w.file.len)
		goto out;
	hex_name(folder, name);
	/* mdb_dbi_open must not race another transaction that opens a database in this process. */
	pthread_mutex_lock(&registry_lock);
	env = env_get(&w, err);
	rc = env ? dbi_open_existing(env->env, name, folder, &dbi) : 0;
	if (env && rc)
		rc = dbi_open_fresh(env->env, name, folder, &dbi);
	pthread_mutex_unlock(&registry_lock);
	if (!env)
		goto out;
	if (rc) {
		buf_printf(err, _("header cache %s: %s"), w.file.data, mdb_strerror(rc));
		env_put(env);
		goto out;
	}
	hc = xcalloc(1, sizeof(*hc));
	hc->env = env;
	hc->dbi = dbi;
out:
	if (err->len > err_len)
		log_msg(LOG_WARN, "%s", err->data + err_len);
	buf_release(&w.file);
	return hc;
}

static void read_end(struct hcache *hc)
{
	if (hc->rtxn_live) {
		mdb_txn_reset(hc->rtxn);
		hc->rtxn_live = false;
	}
}

static void pending_clear(struct hcache *hc)
{
	hc->npend = 0;
	hash_free(&hc->pend_index);
	arena_release(&hc->pend_mem);
}

void hcache_close(struct hcache **hcp)
{
	struct hcache *hc = *hcp;

	if (!hc)
		return;
	hcache_commit(hc);
	pending_clear(hc);
	if (hc->cursor)
		mdb_cursor_close(hc->cursor);
	if (hc->rtxn)
		mdb_txn_abort(hc->rtxn);
	free(hc->pend);
	env_put(hc->env);
	free(hc);
	*hcp = NULL;
}

/* An LMDB error other than "not there": stop using the cache for this folder. */
static void hc_fail(struct hcache *hc, int rc)
{
	log_msg(LOG_WARN, "header cache %s: %s", hc->env->path, mdb_strerror(rc));
	hc->broken = true;
}

/* ---- values ---------------------------------------------------------- */

/* A fast 64-bit checksum (word-wise multiply-xor): finds a damaged value, not an attack. */
static uint64_t hc_checksum(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;
	size_t i = 0;

	h ^= 0x9e3779b97f4a7c15ull ^ n;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (w = 0; i < n; i++)
		w = (w << 8) | s[i];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

/* The checksum of a value: its header (with check 0) and its menv block. */
static uint64_t value_check(const struct hc_value *h, const void *menv)
{
	struct hc_value z = *h;

	z.check = 0;
	return hc_checksum(hc_checksum(0, &z, sizeof(z)), menv, h->menv_size);
}

/* The offset just past the NUL-terminated string at off in d[0..n), or 0 when it runs off. */
static uint32_t str_end(const char *d, uint32_t n, uint32_t off)
{
	const char *nul = off < n ? memchr(d + off, '\0', n - off) : NULL;

	return nul ? (uint32_t)(nul - d) + 1 : 0;
}

/* An address list (menv.c's layout) that stays inside d[0..n). */
static bool addrs_sane(const char *d, uint32_t n, uint32_t off)
{
	uint32_t count, pos = off + 4;

	if (n < 4 || off > n - 4)
		return false;
	memcpy(&count, d + off, 4);
	/* Each entry takes at least three bytes, so a huge count fails fast. */
	while (count--) {
		if (pos >= n || ((unsigned char)d[pos] & HC_KIND_MASK) > ADDR_GROUP_END)
			return false;
		pos = str_end(d, n, pos + 1);
		pos = pos ? str_end(d, n, pos) : 0;
		if (!pos)
			return false;
	}
	return true;
}

/* Offsets and counts that point outside the block would make readers walk off it. */
static bool menv_sane(const struct menv *e, uint32_t size)
{
	uint32_t dlen = size - (uint32_t)sizeof(*e), end, pos;

	if (e->size != size)
		return false;
	for (int f = 0; f < ME_NSTR; f++)
		if (e->str[f] != MENV_ABSENT && !str_end(e->data, dlen, e->str[f]))
			return false;
	end = e->str[ME_SUBJECT] != MENV_ABSENT ? str_end(e->data, dlen, e->str[ME_SUBJECT]) : 0;
	if (end ? e->subject_skip >= end - e->str[ME_SUBJECT] : e->subject_skip != 0)
		return false;
	for (int f = 0; f < MA_NADDR; f++)
		if (e->addr[f] != MENV_ABSENT && !addrs_sane(e->data, dlen, e->addr[f]))
			return false;
	pos = e->refs;
	for (uint32_t i = 0; i < e->nrefs; i++)
		if (!(pos = str_end(e->data, dlen, pos)))
			return false;
	return true;
}

/* The envelope of a stored value, copied into mem; NULL when it is not a good one. */
static struct menv *value_decode(const char *v, size_t n, uint64_t validity, struct arena *mem,
				 struct hcache_meta *meta)
{
	struct hc_value h;
	struct menv *e;

	if (n < sizeof(h))
		return NULL;
	memcpy(&h, v, sizeof(h));
	if (h.magic != HC_MAGIC || h.validity != validity || h.menv_size < sizeof(struct menv) ||
	    h.menv_size != n - sizeof(h) || value_check(&h, v + sizeof(h)) != h.check)
		return NULL;
	e = arena_alloc(mem, h.menv_size);
	memcpy(e, v + sizeof(h), h.menv_size);
	if (!menv_sane(e, h.menv_size))
		return NULL; /* the arena bytes are wasted; a bad value is rare */
	if (meta) {
		meta->size = h.size;
		meta->received = h.received;
		meta->lines = h.lines;
	}
	return e;
}

static int read_begin(struct hcache *hc)
{
	int rc;

	if (hc->rtxn_live)
		return 0;
	if (!hc->rtxn) {
		rc = mdb_txn_begin(hc->env->env, NULL, MDB_RDONLY, &hc->rtxn);
		if (rc == 0 && (rc = mdb_cursor_open(hc->rtxn, hc->dbi, &hc->cursor)) != 0) {
			mdb_txn_abort(hc->rtxn);
			hc->rtxn = NULL;
		}
	} else if ((rc = mdb_txn_renew(hc->rtxn)) == 0) {
		rc = mdb_cursor_renew(hc->rtxn, hc->cursor);
	}
	if (rc) {
		hc_fail(hc, rc);
		return ERR_IO;
	}
	hc->rtxn_live = true;
	return 0;
}

/* Message keys are never empty, never start with NUL (the meta records' keys) and fit LMDB. */
static bool key_ok(const char *key, size_t klen)
{
	return klen && klen <= HC_MAXKEY && key[0] != '\0';
}

struct menv *hcache_fetch_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			       struct arena *mem, struct hcache_meta *meta)
{
	MDB_val k = val_of(key, klen), v;
	struct hc_pending *p;
	int rc;

	if (!hc || hc->broken || !key_ok(key, klen))
		return NULL;
	if (hc->pend_index && (p = hash_get(hc->pend_index, key, klen)) != NULL)
		return p->vlen == HC_DELETE_LEN
			       ? NULL
			       : value_decode(p->data + p->klen, p->vlen, validity, mem, meta);
	if (read_begin(hc) != 0)
		return NULL;
	/*
	 * A cursor, not mdb_get: when keys come in order (a folder listing
	 * sorted by name), LMDB finds the next one on the page it is already
	 * on instead of descending from the root.
	 */
	rc = mdb_cursor_get(hc->cursor, &k, &v, MDB_SET_KEY);
	if (rc) {
		if (rc != MDB_NOTFOUND)
			hc_fail(hc, rc);
		return NULL;
	}
	return value_decode(v.mv_data, v.mv_size, validity, mem, meta);
}

struct menv *hcache_fetch(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			  struct arena *mem)
{
	return hcache_fetch_meta(hc, key, klen, validity, mem, NULL);
}

static int pending_add(struct hcache *hc, const char *key, size_t klen, const struct hc_value *h,
		       const struct menv *e)
{
	size_t vlen = h ? sizeof(*h) + e->size : 0;
	struct hc_pending *p;

	p = arena_alloc(&hc->pend_mem, sizeof(*p) + klen + vlen);
	p->klen = (uint32_t)klen;
	p->vlen = h ? (uint32_t)vlen : HC_DELETE_LEN;
	memcpy(p->data, key, klen);
	if (h) {
		memcpy(p->data + klen, h, sizeof(*h));
		memcpy(p->data + klen + sizeof(*h), e, e->size);
	}
	ALLOC_GROW(hc->pend, hc->npend + 1, hc->pend_cap);
	hc->pend[hc->npend++] = p;
	/* The key lives in the arena until the batch is written, as the table needs. */
	if (!hc->pend_index)
		hc->pend_index = hash_new(HC_BATCH);
	hash_put(hc->pend_index, p->data, klen, p);
	return hc->npend >= HC_BATCH ? hcache_commit(hc) : 0;
}

int hcache_store_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		      const struct menv *e, const struct hcache_meta *meta)
{
	struct hc_value h = { .magic = HC_MAGIC, .validity = validity };

	if (!hc || hc->broken)
		return 0;
	if (!key_ok(key, klen) || !e || e->size < sizeof(*e))
		return ERR_INVAL;
	h.menv_size = e->size;
	if (meta) {
		h.size = meta->size;
		h.received = meta->received;
		h.lines = meta->lines;
	}
	h.check = value_check(&h, e);
	return pending_add(hc, key, klen, &h, e);
}

int hcache_store(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		 const struct menv *e)
{
	return hcache_store_meta(hc, key, klen, validity, e, NULL);
}

int hcache_delete(struct hcache *hc, const char *key, size_t klen)
{
	if (!hc || hc->broken)
		return 0;
	if (!key_ok(key, klen))
		return ERR_INVAL;
	return pending_add(hc, key, klen, NULL, NULL);
}

/* Write the pending batch in one transaction (in order: a later entry for a key wins). */
static int pending_write(struct hcache *hc)
{
	MDB_txn *txn = NULL;
	int rc = mdb_txn_begin(hc->env->env, NULL, 0, &txn);

	for (size_t i = 0; rc == 0 && i < hc->npend; i++) {
		struct hc_pending *p = hc->pend[i];
		MDB_val k = val_of(p->data, p->klen), v;
		if (p->vlen == HC_DELETE_LEN) {
			rc = mdb_del(txn, hc->dbi, &k, NULL);
			if (rc == MDB_NOTFOUND)
				rc = 0;
		} else {
			v = val_of(p->data + p->klen, p->vlen);
			rc = mdb_put(txn, hc->dbi, &k, &v, 0);
		}
	}
	if (rc == 0)
		rc = mdb_txn_commit(txn);
	else if (txn)
		mdb_txn_abort(txn);
	return rc;
}

int hcache_commit(struct hcache *hc)
{
	int rc = 0;

	if (!hc)
		return 0;
	/* Let the next fetch see this batch, and let LMDB reuse pages nobody reads. */
	read_end(hc);
	if (hc->npend && !hc->broken && (rc = pending_write(hc)) != 0)
		hc_fail(hc, rc); /* a full disk or map: the folder itself is fine */
	pending_clear(hc);
	return rc ? ERR_IO : 0;
}
