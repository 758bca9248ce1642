/*
 * hcache_test.h - shared by the header cache's tests: a scratch directory per
 * test, envelopes to store, and direct LMDB access to the cache's files (to
 * damage them the way a crash, a bug or a hostile writer would).
 */
#ifndef TERN_HCACHE_TEST_H
#define TERN_HCACHE_TEST_H

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <lmdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/unit.h"

#include "mx/mx.h"

/* hcache.c's batch size: the tests check that a batch is written when it fills. */
#include "mx/hcache_int.h"

#define T_BATCH HC_BATCH

/* A message with every field a compact envelope keeps. */
#define T_FULL_MESSAGE                                                   \
	"From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.org>\n"             \
	"To: team: bob@x.org, \"Carol C\" <c@x.org>;, dan@x.org (Dan)\n" \
	"Cc: not an address, eve@x.org\n"                                \
	"Bcc: hidden@x.org\n"                                            \
	"Sender: list-bounces@example.org\n"                             \
	"Reply-To: replies@example.org\n"                                \
	"Mail-Followup-To: dev@example.org\n"                            \
	"Return-Path: <bounce@example.org>\n"                            \
	"Subject: Re: Fwd: =?UTF-8?B?w6l0w6k=?= plans\n"                 \
	"Message-ID: <full@example.org>\n"                               \
	"References: <r1@x> <r2@x>\n"                                    \
	"In-Reply-To: <r3@x>\n"                                          \
	"Date: Tue, 3 Mar 2026 12:00:00 +0100\n"                         \
	"List-Id: Developers <dev.example.org>\n"                        \
	"List-Post: <mailto:dev@example.org>\n"                          \
	"X-Label: work\n"                                                \
	"Organization: Example Org\n\n"

static inline int nftw_remove(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(p);
}

/* Each test gets a fresh scratch directory in *state. */
static inline int hct_setup(void **state)
{
	char *dir = xstrdup("/tmp/tern-hcache-XXXXXX");

	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static inline int hct_teardown(void **state)
{
	char *dir = *state;

	nftw(dir, nftw_remove, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return 0;
}

/* dir/name into b (reset first); returns b->data. */
static inline const char *hct_path(struct buf *b, void **state, const char *name)
{
	buf_reset(b);
	buf_printf(b, "%s/%s", (const char *)*state, name);
	return b->data;
}

/* The compact envelope of msg, malloc'd (caller frees). */
static inline struct menv *hct_menv(const char *msg)
{
	struct envelope e;
	struct menv *m;

	envelope_init(&e);
	email_parse(msg, strlen(msg), &e, NULL);
	m = menv_pack(&e, xmalloc(menv_packed_size(&e)));
	envelope_release(&e);
	return m;
}

/* A small envelope whose subject is s. */
static inline struct menv *hct_menv_subject(const char *s)
{
	struct buf msg = BUF_INIT;
	struct menv *m;

	buf_printf(&msg, "Subject: %s\nFrom: a@b.c\n\n", s);
	m = hct_menv(msg.data);
	buf_release(&msg);
	return m;
}

/* Open the cache at setting for folder; the test fails when there is none or a note. */
static inline struct hcache *hct_open(const char *setting, const char *folder)
{
	struct buf err = BUF_INIT;
	struct hcache *hc = hcache_open(setting, folder, &err);

	if (!hc || err.len)
		fail_msg("hcache_open(%s, %s): %s", setting, folder, err.data);
	buf_release(&err);
	return hc;
}

/* The subject of key's cached envelope, into out ("" on a miss); returns whether it hit. */
static inline bool hct_fetch_subject(struct hcache *hc, const char *key, struct buf *out)
{
	struct arena a = { 0 };
	struct menv *m = hcache_fetch(hc, key, strlen(key), 0, &a);

	buf_reset(out);
	if (m)
		buf_addstr(out, menv_str(m, ME_SUBJECT) ? menv_str(m, ME_SUBJECT) : "");
	arena_release(&a);
	return m != NULL;
}

/* key's cached subject is subject. */
static inline void hct_assert_hit(struct hcache *hc, const char *key, const char *subject)
{
	struct buf s = BUF_INIT;

	if (!hct_fetch_subject(hc, key, &s))
		fail_msg("%s: a miss, want \"%s\"", key, subject);
	assert_buf_eq(&s, subject);
	buf_release(&s);
}

static inline void hct_assert_miss(struct hcache *hc, const char *key)
{
	struct buf s = BUF_INIT;

	if (hct_fetch_subject(hc, key, &s))
		fail_msg("%s: a hit (\"%s\"), want a miss", key, s.data);
	buf_release(&s);
}

static inline void hct_store_subject(struct hcache *hc, const char *key, const char *subject)
{
	struct menv *m = hct_menv_subject(subject);

	assert_int_equal(hcache_store(hc, key, strlen(key), 0, m), 0);
	free(m);
}

/* Store k in folder under setting, close, and read it back through a new handle. */
static inline void hct_assert_caches(const char *setting, const char *folder)
{
	struct hcache *hc = hct_open(setting, folder);

	hct_store_subject(hc, "k", folder);
	hcache_close(&hc);
	hc = hct_open(setting, folder);
	hct_assert_hit(hc, "k", folder);
	hcache_close(&hc);
}

/* No handle, with a note that names the problem. */
static inline void hct_assert_note(const char *setting, const char *folder, const char *want)
{
	struct buf err = BUF_INIT;
	struct hcache *hc = hcache_open(setting, folder, &err);

	if (hc)
		fail_msg("%s: a cache opened, want a note", setting);
	if (!strstr(err.data, want))
		fail_msg("%s: note \"%s\", want it to say \"%s\"", setting, err.data, want);
	buf_release(&err);
}

static inline void hct_assert_mode(const char *path, mode_t want)
{
	struct stat st;

	if (stat(path, &st) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	if ((st.st_mode & 07777) != want)
		fail_msg("%s: mode %o, want %o", path, (unsigned)(st.st_mode & 07777),
			 (unsigned)want);
}

/* The one database file in dir (a per-folder cache directory), into out. */
static inline void hct_only_file(const char *dir, struct buf *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	buf_reset(out);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".lmdb") == 0) {
			buf_printf(out, "%s/%s", dir, de->d_name);
			n++;
		}
	}
	closedir(d);
	assert_int_equal(n, 1);
}

/* A cache file opened with LMDB directly, in a write transaction on its only folder database. */
struct hct_raw {
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
};

static inline void hct_raw_open(struct hct_raw *r, const char *file)
{
	MDB_dbi main_db;
	MDB_cursor *c;
	MDB_val k, v;
	char name[64];

	assert_int_equal(mdb_env_create(&r->env), 0);
	mdb_env_set_maxdbs(r->env, 16);
	mdb_env_set_mapsize(r->env, (size_t)1 << 30);
	assert_int_equal(mdb_env_open(r->env, file, MDB_NOSUBDIR, 0600), 0);
	assert_int_equal(mdb_txn_begin(r->env, NULL, 0, &r->txn), 0);
	assert_int_equal(mdb_dbi_open(r->txn, NULL, 0, &main_db), 0);
	assert_int_equal(mdb_cursor_open(r->txn, main_db, &c), 0);
	/* The main database holds only the names of the folder databases. */
	assert_int_equal(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
	assert_true(k.mv_size < sizeof(name));
	memcpy(name, k.mv_data, k.mv_size);
	name[k.mv_size] = '\0';
	mdb_cursor_close(c);
	assert_int_equal(mdb_dbi_open(r->txn, name, 0, &r->dbi), 0);
}

static inline void hct_raw_close(struct hct_raw *r)
{
	assert_int_equal(mdb_txn_commit(r->txn), 0);
	mdb_env_close(r->env);
}

/* Replace key's value with (p, n). */
static inline void hct_raw_put(struct hct_raw *r, const char *key, size_t klen, const void *p,
			       size_t n)
{
	MDB_val k = { klen, (void *)key }, v = { n, (void *)p };

	assert_int_equal(mdb_put(r->txn, r->dbi, &k, &v, 0), 0);
}

/* A copy of key's value into out. */
static inline void hct_raw_get(struct hct_raw *r, const char *key, size_t klen, struct buf *out)
{
	MDB_val k = { klen, (void *)key }, v;

	assert_int_equal(mdb_get(r->txn, r->dbi, &k, &v), 0);
	buf_reset(out);
	buf_add(out, v.mv_data, v.mv_size);
}

/* How many records the folder database holds (its two meta records included). */
static inline size_t hct_raw_count(struct hct_raw *r)
{
	MDB_stat st;

	assert_int_equal(mdb_stat(r->txn, r->dbi, &st), 0);
	return st.ms_entries;
}

#endif /* TERN_HCACHE_TEST_H */
