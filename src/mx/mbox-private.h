/*
 * mbox-private.h - shared by the files of the mbox and MMDF backend and
 * its unit tests; nothing else uses it (other layers use mx.h).
 *
 *   mbox.c        the ops table: probe, open, check, read, close, has_new
 *   mbox_parse.c  From_ lines, Status: flags, >From quoting, header edits
 *   mbox_scan.c   reading the file in big windows, finding separators
 *   mbox_load.c   turning regions into messages, in parallel threads
 *   mbox_lock.c   dot-lock and fcntl locking
 *   mbox_write.c  sync: the rewrite through a temporary file
 *   mbox_append.c append, and carrying over mail others appended
 *
 * The model (mbox.c's top comment has the rest): a message is the region
 * from its separator to the next one; the last region ends at bd->size.
 * Bytes before the first separator (normally none) are the preamble, kept
 * as they are. The regions of the model's messages cover [start, size)
 * without gaps, in mailbox order, so a rewrite can copy them verbatim.
 */
#ifndef TERN_MBOX_PRIVATE_H
#define TERN_MBOX_PRIVATE_H

#include <sys/stat.h>

#include "mx/mx-private.h"

#define MMDF_SEP     "\001\001\001\001\n"
#define MMDF_SEP_LEN 5

/* The flags an mbox keeps in Status: and X-Status:. */
#define MBOX_FLAGS (MSG_READ | MSG_OLD | MSG_REPLIED | MSG_FLAGGED | MSG_DELETED)
/* A longer line is never a From_ line. */
#define MBOX_LINE_MAX 4096
/* Header blocks are parsed up to this many bytes (the rest is still kept). */
#define MBOX_HDR_MAX ((size_t)1 << 20)

/* An open mailbox's state (mailbox.bdata). */
struct mbox_data {
	int fd;        /* the file the model describes; -1 when closed */
	bool writable; /* fd is open for writing */
	dev_t dev;     /* which file fd is, to notice a replaced one */
	ino_t ino;
	uint64_t start;        /* the first separator (the preamble is before it) */
	uint64_t size;         /* the end of the last region in the model */
	struct timespec mtime; /* the file's, when last read or written by us */
	/* the first bytes after start and the last before size, to notice a rewrite that grew */
	unsigned char head[64], tail[64];
	size_t head_len, tail_len;
	uint8_t *disk; /* by message id: the status key (mbox_status_key) in the file */
	size_t disk_cap;
	int orphan_fd; /* the file our last rewrite replaced, watched for late appends; or -1 */
	uint64_t orphan_size;
};

/* Errors as enum err, for errno values. */
int mbox_errno_code(int e);
/* Lock waits give up after this long; tests make it short. */
void mbox_set_lock_timeout(unsigned ms);
unsigned mbox_lock_timeout(void);
/*
 * Parser threads (1: only the calling thread; 0: one per processor, the
 * default) for files of min_bytes or more (32 MB by default); for
 * measuring and tests.
 */
void mbox_set_threads(unsigned n, uint64_t min_bytes);

/* ---- parsing (mbox_parse.c) --------------------------------------------- */

/*
 * mutt's is_from(): is the line (s, n) (without its line ending) an mbox
 * From_ line, "From sender day month mday time [zone [zone]] year", with
 * the sender optional and possibly quoted or pipermail's "x at y"? Gives
 * the delivery time (read as UTC, as mutt_mktime(t, 0) does) and the
 * sender (pointing into s; length 0 when there is none). Outputs may be NULL.
 */
bool mbox_is_from(const char *s, size_t n, int64_t *received, const char **sender,
		  size_t *sender_len);
/* Is (s, n) an MMDF separator line ("\1\1\1\1", optionally with CR), without its LF? */
bool mbox_is_mmdf_sep(const char *s, size_t n);
/* Length of the line at s (up to max bytes), without LF or CRLF; *next gets where the next begins. */
size_t mbox_line(const char *s, size_t max, size_t *next);
/* Append "From <sender> <asctime date>\n" (sender cleaned of spaces; "MAILER-DAEMON" when empty). */
void mbox_from_line(const char *sender, size_t n, int64_t when, struct buf *out);

/* The MBOX_FLAGS given by a header block's Status: and X-Status: fields. */
uint32_t mbox_header_flags(const struct header_list *h, bool mark_old);
/*
 * The flags as the file would say them (what mbox_status_lines writes and
 * mbox_header_flags reads back), as a byte: comparing keys says whether a
 * message must be rewritten.
 */
uint8_t mbox_status_key(uint32_t flags);
/* Append the Status:/X-Status: lines for flags (nothing when none apply), with line ending eol. */
void mbox_status_lines(uint32_t flags, const char *eol, struct buf *out);
/*
 * Append the header block (hdr, n) (without the blank line that ends it)
 * with every Status: and X-Status: field (and its continuation lines)
 * left out and the ones for flags added at the end, in the block's own
 * line ending.
 */
void mbox_rewrite_status(const char *hdr, size_t n, uint32_t flags, struct buf *out);
/* Where the header block of (s, n) ends: after its blank line, or n. *blank gets the blank line's start. */
size_t mbox_header_end(const char *s, size_t n, size_t *blank);
/* Strip one '>' from lines of (s, n) matching ^>+From , in place; returns the new length. */
size_t mbox_unquote(char *s, size_t n);
/* Append (s, n) with lines matching ^>*From  given one more '>' (mboxrd). */
void mbox_quote(const char *s, size_t n, struct buf *out);
/* Count of LF bytes in (s, n). */
size_t mbox_count_lines(const char *s, size_t n);
/* Days since 1970-01-01 of a proleptic Gregorian date (month 0-11; out of range values roll over). */
int64_t mbox_days_from_civil(int64_t y, int64_t mon, int64_t d);

/* ---- reading the file (mbox_scan.c) -------------------------------------- */

/* A window on the file, refilled by big reads. */
struct mbox_reader {
	int fd;
	uint64_t end; /* bytes of the file considered */
	char *buf;
	size_t cap;
	uint64_t base; /* file offset of buf[0] */
	size_t len;    /* valid bytes in buf */
	size_t window; /* how much a refill reads */
	int error;     /* errno of a failed read, or 0 */
};

void mbox_reader_init(struct mbox_reader *r, int fd, uint64_t end, size_t window);
void mbox_reader_release(struct mbox_reader *r);
/*
 * The file's bytes from off: *avail (>= min(want, end - off) unless a read
 * failed, then NULL) bytes stay valid until the next call.
 */
const char *mbox_reader_at(struct mbox_reader *r, uint64_t off, size_t want, size_t *avail);

/* Where one message is in the file. */
struct mbox_span {
	uint64_t start;       /* the separator line */
	uint64_t body;        /* the first header byte */
	uint64_t content_end; /* end of the message proper (before the blank line, or MMDF end) */
	uint64_t end;         /* end of the region: the next separator, or the data's end */
	int64_t received;     /* from the From_ line, 0 when unknown */
	uint32_t lines;       /* LF bytes in [body, content_end) */
};

/* The first separator of the data (the preamble ends there), or r->end. */
uint64_t mbox_first_sep(struct mbox_reader *r, enum mx_type type);
/*
 * The first mbox separator at or after from (a From_ line at the start of
 * a line after a blank line, or at offset 0), or r->end; *nl (may be
 * NULL) gets the count of LF bytes in [from, result).
 */
uint64_t mbox_next_sep(struct mbox_reader *r, uint64_t from, uint64_t *nl);
/* The message whose separator is at start: fills *sp (scanning to its end). */
void mbox_span_at(struct mbox_reader *r, enum mx_type type, uint64_t start, struct mbox_span *sp);
/* mbox, in two steps: the From_ line (start, body, received)... */
void mbox_span_head(struct mbox_reader *r, uint64_t start, struct mbox_span *sp);
/* ...then, with sp->end found and nl LFs in [from, end), content_end and lines (from there). */
void mbox_span_tail(struct mbox_reader *r, struct mbox_span *sp, uint64_t from, uint64_t nl);
/* Where the blank line ending the mbox region [start, end) begins, not before body; or end. */
uint64_t mbox_content_end(struct mbox_reader *r, uint64_t start, uint64_t body, uint64_t end);
/*
 * Does the data that was appended at old_end (in a file whose data ended
 * there) begin a new message? *first gets its separator's offset (after
 * the blank-line padding an appender adds to complete the separator).
 */
bool mbox_appended_at(struct mbox_reader *r, enum mx_type type, uint64_t old_end, uint64_t *first);

/* ---- loading (mbox_load.c) ---------------------------------------------- */

/*
 * Parse the messages whose separators lie in [from, end of the file) (from
 * must be a separator) and mx_add them in batches with progress and
 * cancellation; big files are parsed in several threads. Records the
 * status keys in bd and sets bd->size to the end of the last region
 * added. Returns 0, ERR_CANCEL (what was added stays, bd->size says how
 * far) or an error.
 */
int mbox_load(struct mailbox *mb, struct mbox_data *bd, int fd, uint64_t from, uint64_t file_size,
	      struct buf *err);
/* Remember the status key in the file for id. */
void mbox_disk_set(struct mbox_data *bd, uint32_t id, uint8_t key);
uint8_t mbox_disk_get(const struct mbox_data *bd, uint32_t id);
/* Record the first bytes of the data and the last before bd->size (bd->head, bd->tail) from fd. */
void mbox_take_marks(struct mbox_data *bd, int fd);
/* True when those bytes in fd are still the recorded ones. */
bool mbox_marks_same(const struct mbox_data *bd, int fd);

/* ---- locking (mbox_lock.c) ---------------------------------------------- */

struct mbox_lock {
	char *dotlock; /* the dot-lock file we made, or NULL */
	dev_t dot_dev; /* and which file it is, so that we remove only ours */
	ino_t dot_ino;
	int fd; /* the descriptor our fcntl lock is on, or -1 */
};
#define MBOX_LOCK_INIT         \
	{                      \
		NULL, 0, 0, -1 \
	}

/*
 * Lock the mailbox file at path, open as fd, for reading (shared) or
 * writing: the dot-lock path.lock (made under a unique name and linked
 * into place; one older than 5 minutes, or left by a dead process of this
 * host, is broken), then an fcntl lock on fd (open file description locks
 * where the system has them, so that another descriptor of this process
 * closing does not drop it). Without write access to the directory, the
 * fcntl lock alone. When either is held by someone else, both are let go
 * and tried again until the lock timeout passes or mb (may be NULL) is
 * cancelled. Returns 0, ERR_TIMEOUT (locked by another program),
 * ERR_CANCEL, or an error; the reason goes to err.
 */
int mbox_lock(struct mbox_lock *l, const char *path, int fd, bool write, const struct mailbox *mb,
	      struct buf *err);
void mbox_unlock(struct mbox_lock *l);
/* Wait (up to the lock timeout) for an fcntl lock on fd alone. */
int mbox_fcntl_lock(int fd, bool write, const struct mailbox *mb);
void mbox_fcntl_unlock(int fd);

/* ---- writing (mbox_write.c, mbox_append.c) ------------------------------- */

/* sync: write flags, drop deleted messages when expunge. */
int mbox_sync(struct mailbox *mb, bool expunge, struct buf *err);
/* append: add a message (raw, LF line endings) at the end of the file. */
int mbox_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags, int64_t received,
		struct buf *err);
/*
 * With bd's file locked for writing as fd: carry over what others appended
 * to the file our last rewrite replaced (bd->orphan_fd).
 */
int mbox_salvage(struct mailbox *mb, struct mbox_data *bd, int fd, struct buf *err);
/*
 * With bd's file locked (fd, locked for writing when salvaging): carry
 * over what others appended to the file our last rewrite replaced, then
 * look at the file: when it grew by whole messages, parse and add them.
 * Sets *changed when it changed in another way (the caller reopens or
 * refuses to write).
 */
int mbox_catch_up(struct mailbox *mb, struct mbox_data *bd, int fd, bool *changed, struct buf *err);
/*
 * Append data (whole messages with their separators) to the locked file
 * fd of the given type, after the padding the separator needs; fsync.
 * On failure the file is cut back to its old size.
 */
int mbox_append_bytes(int fd, enum mx_type type, const char *data, size_t len, struct buf *err);
/*
 * Open path (creating it 0600 when create is set) and lock it; when
 * another program renamed a new file over path meanwhile, lock that one
 * instead. Fills *fd and *st. Returns 0 or an error (with the reason).
 */
int mbox_open_locked(const char *path, bool write, bool create, struct mbox_lock *l, int *fd,
		     struct stat *st, const struct mailbox *mb, struct buf *err);
/* Set the file's atime so that has_new (mtime > atime) says whether it has new mail. */
void mbox_reset_atime(int fd, bool has_new);
/* The size has_new compares with under $check_mbox_size (0: unknown), and remembering it. */
uint64_t mbox_known_size(const char *path);
void mbox_note_size(const char *path, uint64_t size);
/* The file path names, through symbolic links (path itself when it does not exist). Caller frees. */
char *mbox_real_path(const char *path);

#endif /* TERN_MBOX_PRIVATE_H */
