/*
 * mh.h - shared by the mh*.c files (the MH backend) and their unit tests;
 * not for other layers (they use mx.h).
 *
 * A folder is a directory of messages in files named by decimal numbers,
 * with flags kept as message sets in .mh_sequences (mh-sequence(5)):
 *   mh_seq.c   ranges of numbers, the sequence file (parse, format, lock,
 *              read, atomic write)
 *   mh_load.c  listing the directory, loading messages (header cache),
 *              following changes made by others (open and check)
 *   mh_sync.c  writing flags and removing deleted messages
 *   mh.c       the ops table: open, check, read, append, create, probe
 */
#ifndef TERN_MH_H
#define TERN_MH_H

#include <sys/stat.h>

#include "mx/mx-private.h"

#define MH_SEQ_FILE ".mh_sequences"
#define MH_SEQ_MAX  (16u << 20) /* bytes of .mh_sequences we are willing to read */

/* The flags MH stores (in sequences); the other stored flags live in the model only. */
#define MH_BITS (MSG_READ | MSG_REPLIED | MSG_FLAGGED)

/* The sequences tern manages, in the order mutt writes them. */
enum mh_role { ROLE_UNSEEN, ROLE_FLAGGED, ROLE_REPLIED, NROLES };

/* The message numbers of one sequence: sorted, disjoint, non-adjacent [lo, hi] ranges once normalized. */
struct range {
	uint32_t lo, hi;
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

/* A parsed .mh_sequences. */
struct mh_seqs {
	struct ranges role[NROLES];
	struct buf other; /* lines of the sequences tern does not manage, verbatim */
	struct buf text;  /* the whole file as read */
	bool exists;
};

/* A numbered file: on disk (from a scan) or in the model (with its message id). */
struct mh_entry {
	uint32_t num;
	uint32_t id;
	ino_t ino;
	/*
	 * The MH_BITS the sequence file gave this message when tern last
	 * agreed with it: sync merges per flag, so that a flag another program
	 * changed is not overwritten by a message whose other flag tern changed.
	 */
	uint32_t seen;
};

/* What a path looked like, to tell later whether it may have changed. */
struct mh_stamp {
	bool valid, exists;
	struct timespec mtime, taken;
	ino_t ino;
	off_t size;
};

/* The backend's state (mb->bdata); touched only by operations in the worker. */
struct mh_data {
	struct mh_entry *files; /* the messages in the model, sorted by number */
	size_t n, cap;
	struct hcache *hc;
	struct mh_stamp dir, seq;
};

/* ---- numbers and ranges (mh_seq.c) ----------------------------------- */

/*
 * The message number a file name stands for, or 0. Only canonical decimal
 * names count ("007" is not message 7: tern names files by number).
 */
uint32_t mh_number(const char *name);
void mh_ranges_add(struct ranges *r, uint32_t lo, uint32_t hi);
/* Sort and merge overlapping or adjacent ranges. */
void mh_ranges_normalize(struct ranges *r);
/* Is num in r (normalized)? */
bool mh_ranges_has(const struct ranges *r, uint32_t num);
/* Remove the numbers pts[0..n) (sorted, unique) from r (normalized). */
void mh_ranges_subtract(struct ranges *r, const uint32_t *pts, size_t n);
void mh_ranges_release(struct ranges *r);

/* ---- the sequence file (mh_seq.c) ------------------------------------ */

/* The managed sequences' names from the settings; "" for a role whose name is unusable. */
void mh_seq_names(const struct mx_settings *set, const char *names[NROLES]);
void mh_seqs_init(struct mh_seqs *q);
void mh_seqs_release(struct mh_seqs *q);
/*
 * Parse q->text: "name: 1 3-5 ..." lines, continued by lines starting with
 * white space. The managed sequences go to q->role, every other line is
 * kept verbatim in q->other; blank lines are dropped.
 */
void mh_seqs_parse(struct mh_seqs *q, const char *const names[NROLES]);
/* Append the file's new text: the lines kept verbatim, then the managed sequences that are not empty. */
void mh_seqs_format(const struct mh_seqs *q, const char *const names[NROLES], struct buf *out);
/*
 * Take the numbers nums[0..n) (sorted, unique: removed messages) out of
 * every sequence, the unmanaged ones too (as nmh's rmm does) but "cur".
 */
void mh_seqs_forget(struct mh_seqs *q, const uint32_t *nums, size_t n);
/* The MH_BITS the sequences give message num. */
uint32_t mh_seq_bits(const struct mh_seqs *q, uint32_t num);
/* Does a message with these flags belong in the sequence of role r? */
bool mh_role_member(int r, uint32_t flags);
/*
 * Read and parse dir's .mh_sequences into q (empty when there is none).
 * With lockfd, the file is locked for writing (fcntl, as nmh locks it)
 * until the caller closes *lockfd (which may be -1 where locking is not
 * possible); without, it is locked only while being read. ERR_AGAIN when
 * another program keeps it locked.
 */
int mh_seqs_read(const char *dir, const char *const names[NROLES], struct mh_seqs *q, int *lockfd,
		 struct buf *err);
/* Replace dir's .mh_sequences atomically (temporary file, rename) with q's text, unless it already says that. */
int mh_seqs_write(const char *dir, const struct mh_seqs *q, const char *const names[NROLES],
		  struct buf *err);

/* ---- the folder (mh_load.c) ------------------------------------------ */

/*
 * The numbered files of dir, sorted by number, into *out (may be NULL),
 * and in *highest (may be NULL) the highest number any file uses, ",N"
 * backups of removed messages included.
 */
int mh_scan_dir(const char *dir, struct mh_entry **out, size_t *np, uint32_t *highest);
/* The entry of message num in d->files, or NULL. */
struct mh_entry *mh_files_find(struct mh_data *d, uint32_t num);
/* The header cache's validity stamp for a file (size, mtime and inode). */
uint64_t mh_file_validity(const struct stat *st);
void mh_hcache_delete(struct mh_data *d, uint32_t num);
/* The flags a message gets when the sequences say bits: MH's own flags replaced, the rest kept. */
uint32_t mh_merged_flags(uint32_t cur, uint32_t bits);
/*
 * Bring the model up to date with the folder if it may have changed:
 * files gone or replaced leave, new ones join, flags others changed in
 * the sequence file are taken (tern's unwritten changes win).
 */
int mh_refresh(struct mailbox *mb, struct mh_data *d, struct buf *err);

/* ---- sync (mh_sync.c) ------------------------------------------------ */

/* The sync op: write changed flags, and with expunge remove deleted messages. */
int mh_sync(struct mailbox *mb, bool expunge, struct buf *err);

#endif /* TERN_MH_H */
