/*
 * hcache.c - the header cache: compact envelopes in LMDB, so that opening a
 * big folder a second time reads no message.
 *
 * Where (hcache_open): $header_cache empty means the default directory,
 * $XDG_CACHE_HOME/tern/headers/ (~/.cache/tern/headers/). An existing
 * directory, or a path ending in '/', holds one database file per folder,
 * named by a hash of the folder's path. An existing regular file, or a
 * path that does not exist, is one file shared by every folder. Anything
 * else that exists (/dev/null, a FIFO) turns caching off.
 *
 * Inside a file, each folder has its own named database (named by the
 * hash), holding two meta records under keys that no message key can
 * have (they start with a NUL byte): the format version, and the folder's
 * path, which detects a hash collision. A mismatch of either empties the
 * database. A value is a fixed header (magic, validity stamp, size,
 * received time, line count, checksum) followed by the menv block as it
 * is in memory: menvs are position-independent, so a hit is one memcpy.
 *
 * Writes are collected in memory and written in one short transaction
 * every HC_BATCH stores (or at hcache_commit / hcache_close): a write
 * transaction per message would be slow, and holding one open while
 * messages are parsed would block other tern processes for that long.
 *
 * A cache that cannot be opened or read is never an error: the folder
 * opens without it, with a note. A database file LMDB calls invalid is
 * removed and created again (it is only a cache).
 *
 * LMDB forbids opening the same file twice in one process, so environments
 * are shared through a small registry with reference counts.
 */
#include <fcntl.h>
#include <lmdb.h>
#include <pwd.h>
#include <sys/stat.h>

#include "mx/mx-private.h"

#define HC_FORMAT     1u
#define HC_MAGIC      0x31436854u /* "ThC1" */
#define HC_BATCH      4096
#define HC_MAXDBS     512
#define HC_HEX        16
#define HC_META_VER   "\0version"
#define HC_META_DIR   "\0folder"
#define HC_MAP_64     ((size_t)8 << 30)
#define HC_MAP_32     ((size_t)512 << 20)
#define HC_DELETE_LEN UINT32_MAX

/* One open LMDB environment, shared by every handle on the same file in this process. */
struct hc_env {
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
	uint64_t check; /* hc_checksum of the menv block */
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

/* Create dir and its missing parents, 0700. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

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
	free(p);
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

/*
 * The database file for folder under setting, into file. Returns 1 when
 * caching is off, 0 with a file, or an error with a note in err.
 */
static int cache_file(const char *setting, const char *folder, struct buf *file, struct buf *err)
{
	char hex[HC_HEX + 1];
	struct buf dir = BUF_INIT;
	struct stat st;
	size_t len = strlen(setting);
	int rc = 0;

	hex_name(folder, hex);
	if (!len) {
		if (!default_dir(&dir)) {
			buf_addstr(err, _("header cache: no home directory to keep it in"));
			rc = ERR_NOTFOUND;
			goto out;
		}
	} else if (stat(setting, &st) == 0) {
		if (S_ISREG(st.st_mode)) {
			buf_addstr(file, setting);
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = 1; /* /dev/null and the like: off */
			goto out;
		}
		buf_addstr(&dir, setting);
	} else if (setting[len - 1] == '/') {
		buf_addstr(&dir, setting);
	} else {
		buf_addstr(file, setting);
		goto out;
	}
	while (dir.len > 1 && dir.data[dir.len - 1] == '/')
		buf_setlen(&dir, dir.len - 1);
	if (mkdir_p(dir.data) != 0) {
		buf_printf(err, _("header cache: cannot create %s: %s"), dir.data, strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	buf_printf(file, "%s/%s.lmdb", dir.data, hex);
out:
	buf_release(&dir);
	return rc;
}

/* ---- the registry of environments ------------------------------------ */

static bool lmdb_says_corrupt(int rc)
{
	return rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH || rc == MDB_CORRUPTED ||
	       rc == MDB_PAGE_NOTFOUND;
}

static int env_open_file(const char *path, MDB_env **out)
{
	MDB_env *env;
	int rc = mdb_env_create(&env);

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
	if (rc) {
		mdb_env_close(env);
		return rc;
	}
	*out = env;
	return 0;
}

static void remove_files(const char *path)
{
	struct buf lock = BUF_INIT;

	buf_printf(&lock, "%s-lock", path);
	unlink(path);
	unlink(lock.data);
	buf_release(&lock);
}

/* A reference to the environment of path; NULL with a note in err. Caller holds registry_lock. */
static struct hc_env *env_get(const char *path, struct buf *err)
{
	struct hc_env *e;
	MDB_env *env = NULL;
	int rc;

	for (e = registry; e; e = e->next)
		if (strcmp(e->path, path) == 0) {
			e->refs++;
			return e;
		}
	rc = env_open_file(path, &env);
	if (lmdb_says_corrupt(rc)) {
		/* It is only a cache: start it afresh. */
		log_msg(LOG_WARN, "header cache %s: %s; recreating it", path, mdb_strerror(rc));
		remove_files(path);
		rc = env_open_file(path, &env);
	}
	if (rc) {
		buf_printf(err, _("header cache %s: %s"), path, mdb_strerror(rc));
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->path = xstrdup(path);
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

	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(env, 0);
		rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	}
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
	struct buf file = BUF_INIT;
	struct hcache *hc = NULL;
	struct hc_env *env = NULL;
	char name[HC_HEX + 1];
	MDB_dbi dbi;
	int rc;

	if (cache_file(setting ? setting : "", folder, &file, err) != 0)
		goto out;
	hex_name(folder, name);
	/* mdb_dbi_open must not race another transaction that opens a database in this process. */
	pthread_mutex_lock(&registry_lock);
	env = env_get(file.data, err);
	rc = env ? dbi_open_existing(env->env, name, folder, &dbi) : 0;
	if (env && rc)
		rc = dbi_open_fresh(env->env, name, folder, &dbi);
	pthread_mutex_unlock(&registry_lock);
	if (!env)
		goto out;
	if (rc) {
		buf_printf(err, _("header cache %s: %s"), file.data, mdb_strerror(rc));
		env_put(env);
		goto out;
	}
	hc = xcalloc(1, sizeof(*hc));
	hc->env = env;
	hc->dbi = dbi;
out:
	if (err->len)
		log_msg(LOG_WARN, "%s", err->data);
	buf_release(&file);
	return hc;
}

static void read_end(struct hcache *hc)
{
	if (hc->rtxn_live) {
		mdb_txn_reset(hc->rtxn);
		hc->rtxn_live = false;
	}
}

void hcache_close(struct hcache **hcp)
{
	struct hcache *hc = *hcp;

	if (!hc)
		return;
	hcache_commit(hc);
	if (hc->cursor)
		mdb_cursor_close(hc->cursor);
	if (hc->rtxn)
		mdb_txn_abort(hc->rtxn);
	arena_release(&hc->pend_mem);
	free(hc->pend);
	env_put(hc->env);
	free(hc);
	*hcp = NULL;
}

/* ---- values ---------------------------------------------------------- */

/* A fast 64-bit checksum (word-wise multiply-xor): finds a damaged value, not an attack. */
static uint64_t hc_checksum(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
	size_t i = 0;

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

/* Offsets that point outside the block would make readers walk off it. */
static bool menv_sane(const struct menv *e, uint32_t size)
{
	uint32_t dlen = size - (uint32_t)sizeof(*e);

	if (e->size != size || (dlen && e->data[dlen - 1] != '\0'))
		return false;
	for (int f = 0; f < ME_NSTR; f++)
		if (e->str[f] != MENV_ABSENT && e->str[f] >= dlen)
			return false;
	for (int f = 0; f < MA_NADDR; f++)
		if (e->addr[f] != MENV_ABSENT && (dlen < 4 || e->addr[f] > dlen - 4))
			return false;
	return e->nrefs ? e->refs < dlen : true;
}

static int read_begin(struct hcache *hc)
{
	int rc;

	if (hc->rtxn_live)
		return 0;
	if (!hc->rtxn) {
		rc = mdb_txn_begin(hc->env->env, NULL, MDB_RDONLY, &hc->rtxn);
		if (rc == MDB_MAP_RESIZED) {
			mdb_env_set_mapsize(hc->env->env, 0);
			rc = mdb_txn_begin(hc->env->env, NULL, MDB_RDONLY, &hc->rtxn);
		}
		if (rc == 0 && (rc = mdb_cursor_open(hc->rtxn, hc->dbi, &hc->cursor)) != 0) {
			mdb_txn_abort(hc->rtxn);
			hc->rtxn = NULL;
		}
	} else if ((rc = mdb_txn_renew(hc->rtxn)) == 0) {
		rc = mdb_cursor_renew(hc->rtxn, hc->cursor);
	}
	if (rc) {
		log_msg(LOG_WARN, "header cache: %s", mdb_strerror(rc));
		hc->broken = true;
		return ERR_IO;
	}
	hc->rtxn_live = true;
	return 0;
}

struct menv *hcache_fetch_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			       struct arena *mem, struct hcache_meta *meta)
{
	MDB_val k = val_of(key, klen), v;
	struct hc_value h;
	struct menv *e;

	if (!hc || hc->broken || !klen || read_begin(hc) != 0)
		return NULL;
	/*
	 * A cursor, not mdb_get: when keys come in order (a folder listing
	 * sorted by name), LMDB finds the next one on the page it is already
	 * on instead of descending from the root.
	 */
	if (mdb_cursor_get(hc->cursor, &k, &v, MDB_SET_KEY) != 0 || v.mv_size < sizeof(h))
		return NULL;
	memcpy(&h, v.mv_data, sizeof(h));
	if (h.magic != HC_MAGIC || h.validity != validity || h.menv_size < sizeof(struct menv) ||
	    h.menv_size != v.mv_size - sizeof(h) ||
	    hc_checksum((const char *)v.mv_data + sizeof(h), h.menv_size) != h.check)
		return NULL;
	e = arena_alloc(mem, h.menv_size);
	memcpy(e, (const char *)v.mv_data + sizeof(h), h.menv_size);
	if (!menv_sane(e, h.menv_size))
		return NULL; /* the arena bytes are wasted; a corrupt value is rare */
	if (meta) {
		meta->size = h.size;
		meta->received = h.received;
		meta->lines = h.lines;
	}
	return e;
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

	if (!hc || hc->broken)
		return 0;
	/* LMDB's default key limit; Maildir unique names are far shorter. */
	if (!klen || klen > 511)
		return ERR_LIMIT;
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
	return hc->npend >= HC_BATCH ? hcache_commit(hc) : 0;
}

int hcache_store_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		      const struct menv *e, const struct hcache_meta *meta)
{
	struct hc_value h = { .magic = HC_MAGIC, .menv_size = e->size, .validity = validity };

	if (meta) {
		h.size = meta->size;
		h.received = meta->received;
		h.lines = meta->lines;
	}
	h.check = hc_checksum(e, e->size);
	return pending_add(hc, key, klen, &h, e);
}

int hcache_store(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		 const struct menv *e)
{
	return hcache_store_meta(hc, key, klen, validity, e, NULL);
}

int hcache_delete(struct hcache *hc, const char *key, size_t klen)
{
	return pending_add(hc, key, klen, NULL, NULL);
}

static void pending_clear(struct hcache *hc)
{
	hc->npend = 0;
	arena_release(&hc->pend_mem);
}

int hcache_commit(struct hcache *hc)
{
	MDB_txn *txn = NULL;
	int rc;

	if (!hc)
		return 0;
	/* Let the next fetch see this batch, and let LMDB reuse pages nobody reads. */
	read_end(hc);
	if (!hc->npend || hc->broken) {
		pending_clear(hc);
		return 0;
	}
	rc = mdb_txn_begin(hc->env->env, NULL, 0, &txn);
	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(hc->env->env, 0);
		rc = mdb_txn_begin(hc->env->env, NULL, 0, &txn);
	}
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
	pending_clear(hc);
	if (rc) {
		/* A full disk or map: stop caching for this folder; the folder itself is fine. */
		log_msg(LOG_WARN, "header cache %s: %s", hc->env->path, mdb_strerror(rc));
		hc->broken = true;
		return ERR_IO;
	}
	return 0;
}
