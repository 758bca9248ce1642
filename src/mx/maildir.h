/*
 * maildir.h - shared by the maildir*.c files and their unit tests; not for
 * other layers (they use mx.h).
 *
 * Names (maildir_name.c): a message's file is "cur/" or "new/" plus its
 * base name, which is the unique name, then for cur/ the info ":2," and
 * the flag letters in ASCII order. The unique name is the cache key.
 */
#ifndef TERN_MAILDIR_H
#define TERN_MAILDIR_H

#include "mx/mx-private.h"

/* The first mx_add of a load (the interface's first screen); later ones take all that is ready. */
#define MAILDIR_BATCH 256

/* The backend's state, hanging off mb->bdata once the folder is open. */
struct maildir_data {
	struct hcache *hc;
	struct timespec mtime[2]; /* of cur/ and new/ when last listed */
	bool listed[2];           /* false: list it at the next check whatever its mtime */
};

enum { MD_CUR, MD_NEW };

/* "cur" or "new". */
static inline const char *maildir_sub_name(int sub)
{
	return sub == MD_NEW ? "new" : "cur";
}

/* ---- names and listings (maildir_name.c) ------------------------------ */

/* The base name of a relative file name ("cur/x:2,S" -> "x:2,S"). */
const char *maildir_base(const char *file);
/* Bytes of the unique name at the start of base: up to the first ':'. */
size_t maildir_key_len(const char *base);
/* MD_CUR or MD_NEW, from the relative name. */
int maildir_sub(const char *file);
/*
 * The stored flags of a file, from its relative name: the letters after
 * ":2," (wherever the file is); an unread message in cur/ is old when
 * mark_old is set (mutt's rule).
 */
uint32_t maildir_flags_of(const char *file, bool mark_old);
/*
 * Append to out the relative name a message with these stored flags
 * should have, given its current relative name: new/ and no info while it
 * is new with no other flag and no unknown letter, otherwise cur/ and
 * ":2," with the letters in ASCII order, letters tern does not know kept.
 * A new message in cur/ goes back to new/ unless it has such letters.
 */
void maildir_name_for(const char *file, uint32_t flags, struct buf *out);
/* Append the letters (ASCII order) for flags, merged with the unknown letters of old (may be NULL). */
void maildir_letters(uint32_t flags, const char *old, struct buf *out);
/* The size from a ",S=<bytes>" field of the unique name (Dovecot, Courier); false when absent. */
bool maildir_size_field(const char *base, size_t keylen, uint64_t *size);
/*
 * Append a new unique name for a message of size bytes:
 * "<sec>.M<usec>P<pid>Q<count>.<host>,S=<size>", with '/' and ':' in the
 * host name written as \057 and \072 as the specification asks.
 */
void maildir_unique(size_t size, struct buf *out);

/* The relative names of the messages in cur/ or new/ ("cur/<base>"), in arena mem. */
struct maildir_list {
	const char **v;
	size_t n, cap;
	struct arena mem;
};

/*
 * Append the files of subdirectory sub (MD_CUR, MD_NEW) of the folder
 * open as dirfd: dot files and entries that are certainly not files are
 * left out. ERR_NOTFOUND when the subdirectory does not exist.
 */
int maildir_list(int dirfd, int sub, struct maildir_list *l);
/* Sort by name (so cur/ comes before new/). */
void maildir_list_sort(struct maildir_list *l);
void maildir_list_release(struct maildir_list *l);

/* Does cur/ or new/ look changed since the last listing (or was it never trusted)? */
bool maildir_stamps_changed(int dirfd, const struct maildir_data *md);
/*
 * Remember the mtimes of cur/ and new/; call it before listing them, so
 * that a change during the listing is seen next time.
 */
void maildir_stamps_take(int dirfd, struct maildir_data *md);
/* List cur/ and new/ (a missing new/ is empty), sorted; a reason naming path in err. */
int maildir_list_folder(const char *path, int dirfd, struct maildir_list *l, struct buf *err);
/*
 * Find the file whose unique name is (key, klen) in cur/ or new/ (after
 * someone renamed or moved it): its relative name goes to out. ERR_NOTFOUND.
 */
int maildir_find(int dirfd, const char *key, size_t klen, struct buf *out);

/* ---- reading (maildir_load.c) ---------------------------------------- */

/*
 * Add the messages in files[0..n) (relative names in memory that lives as
 * long as the mailbox) in that order: from the header cache when it has
 * them (no file is opened or stat'ed then), otherwise by reading each
 * file's header block; both in parallel threads. A file that vanished or
 * is not a regular file is skipped. Adds in batches with progress; stops
 * on cancel (ERR_CANCEL) with what was added kept.
 */
int maildir_load(struct mailbox *mb, int dirfd, const char *const *files, size_t n,
		 struct buf *err);
/* Point message id at file (relative name, copied into the mailbox's arena). */
void maildir_relocate(struct mailbox *mb, uint32_t id, const char *file);
/*
 * check: when cur/ or new/ changed, list them and bring the model up to
 * date: new files are added, vanished ones removed, files others renamed
 * followed (their flags taken unless ours wait to be written).
 */
int maildir_refresh(struct mailbox *mb, int dirfd, struct buf *err);
/* Threads maildir_load uses (0: automatic, the default; 1: only the caller's); for measuring. */
void maildir_set_threads(unsigned n);

#endif /* TERN_MAILDIR_H */
