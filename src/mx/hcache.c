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
 * accepted, and would crash on them: see hcache_check.c).
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
#include <sys/mman.h>
#include <sys/stat.h>

#include "mx/hcache_int.h"

#define HC_FORMAT     3u
#define HC_TRIM_EVERY 1024
#define HC_MAXDBS     512
#define HC_MAXKEY     511 /* LMDB's default key limit; Maildir unique names are far shorter */
#define HC_META_VER   "\0version"
#define HC_META_DIR   "\0folder"
#define HC_MAP_64     ((size_t)8 << 30)
#define HC_MAP_32     ((size_t)512 << 20)
#define HC_DELETE_LEN UINT32_MAX
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

/* A store or delete waiting for the next write transaction. */
struct hc_pending {
	uint32_t klen;
	uint32_t vlen; /* HC_DELETE_LEN for a delete */
	char data[];   /* key, then value */
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
	struct hash *pend_index;    /* key -> its latest pending entry, or NULL when none */
	unsigned fetched;           /* values copied out since the map was last trimmed */
	uintptr_t seen_lo, seen_hi; /* where in the map they were */
};

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
	hc_stamp_remove(path);
	buf_release(&lock);
}

/* A file that is not as tern left it is walked (in a child) before it is trusted. */
static bool env_file_damaged(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_size > 0 && !hc_stamp_ok(path) &&
	       !hc_walk_ok(path, HC_MAXDBS);
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
		hc_stamp_write(env->path);
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

	if (!folder || hc_cache_file(setting ? setting : "", folder, &w, err) != 0 || !w.file.len)
		goto out;
	hc_hex_name(folder, name);
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

/*
 * Values are copied out of the map into the folder's arena, so the map's
 * pages would be held twice: every so often the span of the map that the
 * last values came from is dropped from this process (the pages stay in the
 * page cache, and a later read maps them again).
 */
static void trim_map(struct hcache *hc, const MDB_val *v)
{
	uintptr_t lo = (uintptr_t)v->mv_data, hi = lo + v->mv_size;

	if (!hc->seen_lo || lo < hc->seen_lo)
		hc->seen_lo = lo;
	if (hi > hc->seen_hi)
		hc->seen_hi = hi;
	if (++hc->fetched < HC_TRIM_EVERY)
		return;
	lo = hc->seen_lo & ~(uintptr_t)4095;
	hi = (hc->seen_hi + 4095) & ~(uintptr_t)4095;
	(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
	hc->fetched = 0;
	hc->seen_lo = hc->seen_hi = 0;
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
			       : hc_value_decode(p->data + p->klen, p->vlen, validity, mem, meta);
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
	struct menv *e = hc_value_decode(v.mv_data, v.mv_size, validity, mem, meta);
	trim_map(hc, &v);
	return e;
}

struct menv *hcache_fetch(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			  struct arena *mem)
{
	return hcache_fetch_meta(hc, key, klen, validity, mem, NULL);
}

static int pending_add(struct hcache *hc, const char *key, size_t klen, const struct hc_value *h,
		       const void *body, size_t blen)
{
	size_t vlen = h ? sizeof(*h) + blen : 0;
	struct hc_pending *p;

	p = arena_alloc(&hc->pend_mem, sizeof(*p) + klen + vlen);
	p->klen = (uint32_t)klen;
	p->vlen = h ? (uint32_t)vlen : HC_DELETE_LEN;
	memcpy(p->data, key, klen);
	if (h) {
		memcpy(p->data + klen, h, sizeof(*h));
		memcpy(p->data + klen + sizeof(*h), body, blen);
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
	h.check = hc_value_check(&h, e);
	return pending_add(hc, key, klen, &h, e, e->size);
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
	return pending_add(hc, key, klen, NULL, NULL, 0);
}

int hcache_store_blob(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		      const void *data, size_t len)
{
	struct hc_value h = { .magic = HC_BLOB_MAGIC, .validity = validity };

	if (!hc || hc->broken)
		return 0;
	if (!key_ok(key, klen) || len > UINT32_MAX)
		return ERR_INVAL;
	h.menv_size = (uint32_t)len;
	h.check = hc_value_check(&h, data);
	return pending_add(hc, key, klen, &h, data, len);
}

/* A blob value (v, n): its bytes appended to out when it is whole and of this validity. */
static bool blob_take(const char *v, size_t n, uint64_t validity, struct buf *out)
{
	struct hc_value h;

	if (n < sizeof(h))
		return false;
	memcpy(&h, v, sizeof(h));
	if (h.magic != HC_BLOB_MAGIC || h.validity != validity || h.menv_size != n - sizeof(h) ||
	    h.check != hc_value_check(&h, v + sizeof(h)))
		return false;
	buf_add(out, v + sizeof(h), h.menv_size);
	return true;
}

bool hcache_fetch_blob(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		       struct buf *out)
{
	MDB_val k = val_of(key, klen), v;
	struct hc_pending *p;
	int rc;

	if (!hc || hc->broken || !key_ok(key, klen))
		return false;
	if (hc->pend_index && (p = hash_get(hc->pend_index, key, klen)) != NULL)
		return p->vlen != HC_DELETE_LEN &&
		       blob_take(p->data + p->klen, p->vlen, validity, out);
	if (read_begin(hc) != 0)
		return false;
	rc = mdb_cursor_get(hc->cursor, &k, &v, MDB_SET_KEY);
	if (rc) {
		if (rc != MDB_NOTFOUND)
			hc_fail(hc, rc);
		return false;
	}
	return blob_take(v.mv_data, v.mv_size, validity, out);
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
