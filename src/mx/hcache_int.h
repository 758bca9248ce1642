/*
 * hcache_int.h - shared by the header cache's files (hcache*.c); not for
 * other files: they use mx.h.
 */
#ifndef TERN_HCACHE_INT_H
#define TERN_HCACHE_INT_H

#include <lmdb.h>

#include "mx/mx-private.h"

#define HC_MAGIC 0x32436854u /* "ThC2" */
#define HC_BLOB_MAGIC 0x42436854u /* "ThCB": a backend's own record (hcache_store_blob) */
#define HC_HEX   16          /* hex digits of a folder's hash */
/* Stores collected per write transaction: fewer means less memory held, more means fewer fsyncs. */
#define HC_BATCH 2048

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

/* Where the database file is, and whether tern chose its name (then it may recreate it). */
struct hc_where {
	struct buf file;
	bool ours;
};

/* ---- hcache_where.c -------------------------------------------------- */

/* The name of folder's database (and, in a cache directory, of its file). */
void hc_hex_name(const char *folder, char out[HC_HEX + 1]);
/*
 * Where folder's cache is under $header_cache setting. Returns 1 when
 * caching is off, 0 with a file in w, or an error with a note in err.
 */
int hc_cache_file(const char *setting, const char *folder, struct hc_where *w, struct buf *err);

/* ---- hcache_value.c -------------------------------------------------- */

/* The checksum of a value: its header (with check 0) and its menv block. */
uint64_t hc_value_check(const struct hc_value *h, const void *menv);
/*
 * The envelope of a stored value (v, n), copied into mem, meta filled;
 * NULL when it is not a good one for validity (damaged, hostile, stale).
 */
struct menv *hc_value_decode(const char *v, size_t n, uint64_t validity, struct arena *mem,
			     struct hcache_meta *meta);

/* ---- hcache_check.c -------------------------------------------------- */

/* True when the file at path is as a tern left it on close (its stamp, path + "-ok", matches). */
bool hc_stamp_ok(const char *path);
/* Stamp the file at path as it is now (after this process closed it). */
void hc_stamp_write(const char *path);
void hc_stamp_remove(const char *path);
/*
 * Walk the file at path in a child process: false when the child dies,
 * runs too long or finds the file unsound; true when it cannot tell.
 */
bool hc_walk_ok(const char *path, unsigned maxdbs);

#endif /* TERN_HCACHE_INT_H */
