/*
 * mx.h - the public face of src/mx: the folder and message model, the one
 * table of operations every mailbox backend implements, compact envelopes,
 * the header cache, sorting, threading, patterns, and running backend
 * operations off the interface's thread.
 *
 * Threads (doc/internals/mx.md): a mailbox's backend operations run one at
 * a time in a worker thread (mx_start); the interface never waits on them.
 * struct mailbox is shared between them and guarded by its mutex: backends
 * do their I/O unlocked and take the lock only to change the model
 * (mx_add, mx_set_loc, mx_remove...); the interface takes it while it reads
 * the messages (mailbox_lock). Events (struct mx_event) tell the interface
 * what changed. Headless callers use the same code synchronously (mx_run).
 */
#ifndef TERN_MX_H
#define TERN_MX_H

#include <pthread.h>
#include <stdatomic.h>

#include "config/config.h"
#include "email/email.h"

/* ===================================================================== */
/* Compact envelopes (menv.c)                                            */
/* ===================================================================== */

/*
 * What the index, sorting, threading and patterns need of a message,
 * packed into one position-independent block (offsets, no pointers), so
 * that it lives in a mailbox arena and the header cache stores it as it
 * is. The full headers are read again from the backend when needed:
 * fields only replying or ~h use (List-Post, Mail-Followup-To,
 * Return-Path...) are not kept, since every byte here is paid per message.
 */
enum menv_str {
	ME_SUBJECT,
	ME_MESSAGE_ID,
	ME_DATE_TEXT, /* the Date: value as written, kept only when it did not parse */
	ME_X_LABEL,
	ME_NSTR
};

enum menv_addr { MA_FROM, MA_TO, MA_CC, MA_BCC, MA_SENDER, MA_REPLY_TO, MA_NADDR };

#define MENV_ABSENT UINT32_MAX

/*
 * Reference ids kept: the first and the last MENV_MAX_REFS - 1, which is
 * what threading needs (deep threads repeat every ancestor's id in every
 * reply). MENV_REFS_TRIMMED tells ~x to read the rest from the message.
 */
#define MENV_MAX_REFS     10
#define MENV_REFS_TRIMMED 0x01u

struct menv {
	uint32_t size;    /* bytes of the whole block, data included */
	uint32_t defects; /* DEFECT_* from parsing */
	int64_t date;     /* the Date: time, UTC; valid when date_valid */
	int16_t tz_minutes;
	uint8_t date_valid;
	uint8_t flags;           /* MENV_* */
	uint32_t subject_skip;   /* bytes of Re:/Fwd: prefixes in the subject */
	uint32_t nrefs;          /* ids in refs: References, then In-Reply-To if not already last */
	uint32_t refs;           /* offset of nrefs NUL-terminated ids, or MENV_ABSENT */
	uint32_t str[ME_NSTR];   /* offsets of NUL-terminated strings, or MENV_ABSENT */
	uint32_t addr[MA_NADDR]; /* offsets of address lists, or MENV_ABSENT */
	char data[];
};

/* Bytes menv_pack will need for e. */
size_t menv_packed_size(const struct envelope *e);
/* Pack e into mem (menv_packed_size(e) bytes, suitably aligned). Returns mem. */
struct menv *menv_pack(const struct envelope *e, void *mem);
/* A string field, or NULL when absent. */
const char *menv_str(const struct menv *e, enum menv_str f);
/* The subject without Re:/Fwd: prefixes (never NULL: "" when absent). */
const char *menv_subject_base(const struct menv *e);

/* One address of a packed list. */
struct maddr {
	enum addr_kind kind;
	const char *name;    /* display name (or the comment when there is none), or NULL */
	const char *mailbox; /* NULL for group markers */
	bool invalid;
};

struct maddr_iter {
	const char *p;
	uint32_t left;
};

/* Start iterating over address list f. */
void menv_addrs(const struct menv *e, enum menv_addr f, struct maddr_iter *it);
/* The next address, false at the end. */
bool maddr_next(struct maddr_iter *it, struct maddr *out);
/* The first mailbox of list f, false when there is none. */
bool menv_first_addr(const struct menv *e, enum menv_addr f, struct maddr *out);
/* Count of mailboxes in list f. */
size_t menv_addr_count(const struct menv *e, enum menv_addr f);
/* The i-th reference id (0 = oldest), or NULL. Iterating: menv_ref_next. */
const char *menv_ref(const struct menv *e, uint32_t i);
/* The id after ref (within the refs block), or NULL after the last. */
const char *menv_ref_next(const struct menv *e, const char *ref);

/* ===================================================================== */
/* Messages and mailboxes (mailbox.c)                                    */
/* ===================================================================== */

enum mx_type {
	MX_UNKNOWN,
	MX_MAILDIR,
	MX_MBOX,
	MX_MMDF,
	MX_MH,
	MX_IMAP,
	MX_POP,
};

/*
 * Flags. "New" is unread and not old: !(READ|OLD). TAGGED and COLLAPSED
 * are the interface's and never stored (COLLAPSED: the message is in a
 * collapsed thread of the view, for ~v; view_build keeps it). CHANGED marks
 * flags the backend has not written yet (sync writes them).
 */
enum msg_flag {
	MSG_READ = 1u << 0,
	MSG_OLD = 1u << 1,
	MSG_REPLIED = 1u << 2,
	MSG_FLAGGED = 1u << 3,
	MSG_DELETED = 1u << 4,
	MSG_DRAFT = 1u << 5,
	MSG_PASSED = 1u << 6,
	MSG_TAGGED = 1u << 7,
	MSG_COLLAPSED = 1u << 8,
	MSG_CHANGED = 1u << 15,
	/* the flags a backend stores */
	MSG_STORED = MSG_READ | MSG_OLD | MSG_REPLIED | MSG_FLAGGED | MSG_DELETED | MSG_DRAFT |
		     MSG_PASSED,
};

/* Where a message is in its backend. Which member is used depends on the backend. */
union msg_loc {
	struct {
		uint64_t offset;      /* mbox/MMDF: the separator line */
		uint64_t body_offset; /* the first header byte after it */
	} mbox;
	const char *file; /* Maildir: "cur/1700000000.M1P2.host:2,S", in the mailbox arena */
	uint32_t num;     /* MH: the file number */
	uint32_t uid;     /* IMAP */
};

struct message {
	struct menv *env; /* in the mailbox arena (or the header cache's copy) */
	union msg_loc loc;
	uint64_t size;    /* bytes of the message as the backend stores it */
	int64_t received; /* delivery time (Maildir file time, mbox From_ date, IMAP INTERNALDATE) */
	uint32_t id;      /* stable while the mailbox is open (survives expunges and re-sorts) */
	uint32_t index;   /* position in mailbox order, 0-based; renumbered on expunge */
	uint32_t flags;   /* enum msg_flag */
	uint32_t lines;   /* body lines when the backend knows them cheaply, else 0 */
};

struct mx_ops;

/* Settings a backend needs, copied from the config when the mailbox opens. */
struct mx_settings {
	bool mark_old;        /* $mark_old */
	bool maildir_trash;   /* $maildir_trash */
	bool mh_purge;        /* $mh_purge: expunge unlinks instead of renaming to ",N" */
	bool check_mbox_size; /* $check_mbox_size */
	bool save_empty;      /* $save_empty */
	bool read_only;       /* -R or $read_only */
	char *header_cache;   /* $header_cache: a directory or a file; "": the default */
	char *mh_seq_unseen, *mh_seq_replied, *mh_seq_flagged;
	enum mx_type new_type;    /* $mbox_type, for creating folders */
	char *spoolfile, *folder; /* for shortcuts */
	/*
	 * The variables as they were when the mailbox was made (config_snapshot,
	 * owned), for network backends (accounts, TLS, authentication) whose
	 * threads must not read what :set may free meanwhile. NULL: defaults.
	 */
	const struct config *cfg;
};

struct mailbox {
	pthread_mutex_t lock; /* recursive; guards everything below that backends change */
	char *path;           /* as given, expanded */
	char *realpath;       /* canonical (header cache key) */
	enum mx_type type;
	const struct mx_ops *ops;
	void *bdata; /* the backend's own state; touched only by its operations */
	struct mx_settings set;

	struct message *msgs; /* mailbox order */
	size_t n, cap;
	struct arena mem; /* envelopes, file names */
	uint32_t next_id;

	/* counts, kept by mx_add / mx_set_flags / mx_remove */
	size_t n_unread, n_new, n_flagged, n_deleted, n_tagged;

	uint64_t generation; /* bumped on every change, for views to notice */
	bool changed_flags;  /* some message has MSG_CHANGED */
	atomic_bool cancel;  /* the running operation should stop (Ctrl-C) */
	int cancel_fd;       /* an eventfd, readable while cancel is set: wakes a network wait */

	struct mx_queue *events;  /* where events go, or NULL (synchronous use) */
	struct mx_worker *worker; /* the running operation, or NULL */

	/* read jobs still running (read_job.c): the mailbox outlives them */
	pthread_mutex_t readers_lock;
	pthread_cond_t readers_gone;
	int readers;
};

/*
 * Forget every message and the backend's state (after MXE_REOPEN, before
 * opening again). Waits for a running operation to end first.
 */
void mailbox_clear(struct mailbox *mb);

void mailbox_lock(struct mailbox *mb);
void mailbox_unlock(struct mailbox *mb);
/*
 * True when this thread holds a mailbox's lock. A backend whose operations
 * take the model's lock while holding their own (the network backends)
 * must not wait for their own lock then: a pattern reading bodies under
 * the model's lock would deadlock with them.
 */
bool mx_lock_held(void);

/* True when the folder at path has new mail (found cheaply, without opening it). */
bool mx_has_new(const char *path, const struct config *cfg);
/* The type of the folder at path (by looking at it), or MX_UNKNOWN with a reason. */
enum mx_type mx_probe(const char *path, struct buf *err);
const struct mx_ops *mx_ops_for(enum mx_type t);
const char *mx_type_name(enum mx_type t);

/*
 * A new, empty mailbox object for path (not opened yet: mx_run or mx_start
 * MX_OP_OPEN does that). cfg may be NULL (defaults).
 */
struct mailbox *mailbox_new(const char *path, const struct config *cfg);
void mailbox_free(struct mailbox **mb);

/* ---- for backends: changing the model (each takes the lock itself) ---- */

/* Memory for n bytes that lives as long as the mailbox. Caller holds the lock or owns mb. */
void *mx_alloc(struct mailbox *mb, size_t n);

/*
 * Messages loaded in a batch: msgs[0..n) with env pointing into arena
 * `mem` (stolen into the mailbox) or already into the mailbox's arena.
 * Assigns ids and indexes, updates counts, posts MXE_ADDED.
 */
void mx_add(struct mailbox *mb, struct message *msgs, size_t n, struct arena *mem);
/*
 * Loading out of mailbox order (IMAP fetches the newest messages first):
 * reserve n ids (the first is returned) for messages the caller will place
 * by id, then add batches whose msgs[].id are reserved ids. Each batch goes
 * where its ids fall, so mailbox order stays id order; an id not reserved,
 * repeated or already present is dropped. Takes the lock; posts MXE_ADDED.
 */
uint32_t mx_reserve_ids(struct mailbox *mb, uint32_t n);
void mx_add_ids(struct mailbox *mb, struct message *msgs, size_t n, struct arena *mem);
/* Update a message's location (after a rename or a rewrite), found by id. */
void mx_set_loc(struct mailbox *mb, uint32_t id, const union msg_loc *loc, uint64_t size);
/* Set stored flags read from the backend (external change): no MSG_CHANGED. */
void mx_set_stored_flags(struct mailbox *mb, uint32_t id, uint32_t flags);
/* Remove messages by id (expunged, or vanished from the backend); posts MXE_EXPUNGED. */
void mx_remove(struct mailbox *mb, const uint32_t *ids, size_t n);
/* The message with this id, or NULL. Caller holds the lock. */
struct message *mx_find(struct mailbox *mb, uint32_t id);
/* Progress: done of total (total 0 = unknown), with a short translated label. */
void mx_progress(struct mailbox *mb, const char *label, size_t done, size_t total);
/* True when the user asked the running operation to stop. */
bool mx_cancelled(const struct mailbox *mb);

/* ---- for the program: flags ---- */

/* Change flags (set and clear masks) of message at index i; marks CHANGED for stored flags. Caller holds the lock. */
void mx_change_flags(struct mailbox *mb, size_t i, uint32_t set, uint32_t clear);

/* ===================================================================== */
/* The ops table (one per backend)                                        */
/* ===================================================================== */

/*
 * Every slot returns 0 or a negative enum err, with a translated reason in
 * err. A NULL slot means "not supported". Operations run in the worker
 * (or the caller's thread for mx_run); they call mx_add/mx_set_loc/
 * mx_remove/mx_progress and check mx_cancelled between messages. A failure
 * part-way leaves the model consistent: what was added stays, nothing half
 * done is visible, and nothing on disk is lost.
 */
/* A pattern term the server may match (the search op; src/mx/pattern_search.c). */
enum mx_search_field {
	MXS_BODY,   /* ~b: the body (IMAP BODY) */
	MXS_WHOLE,  /* ~B, and ~h without a field: the whole message (IMAP TEXT) */
	MXS_HEADER, /* ~h "Field: value": that field (IMAP HEADER) */
};
struct mx_search {
	enum mx_search_field field;
	const char *header; /* MXS_HEADER: the field's name; NULL otherwise */
	/* UTF-8, a substring matched without regard to case ("": has the field) */
	const char *text;
};

struct mx_ops {
	enum mx_type type;
	const char *name;
	/* Is path a folder of this type? (cheap: stat and a peek) */
	bool (*probe)(const char *path);
	/* Read the folder: mx_add every message, with progress. */
	int (*open)(struct mailbox *mb, struct buf *err);
	/*
	 * Look for changes made by others since open or the last check: new
	 * messages are added, vanished ones removed, flag changes applied. Sets
	 * *reopen when the folder changed in a way only a reopen can follow.
	 */
	int (*check)(struct mailbox *mb, bool *reopen, struct buf *err);
	/* The raw bytes of the message with this id (headers and body) into raw. */
	int (*read)(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
	/* Only the header block (optional: mx falls back to read). */
	int (*read_headers)(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
	/*
	 * For the pager only (optional: mx falls back to read): a large message
	 * may come without the parts the pager does not show, each with its
	 * MIME header, an X-Tern-Omitted: <octets> field and an empty body;
	 * then MX_READ_PARTIAL instead of 0.
	 */
	int (*read_display)(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
	/* Write changed flags and remove deleted messages (when expunge is true). */
	int (*sync)(struct mailbox *mb, bool expunge, struct buf *err);
	/* Store a new message (raw, LF line endings) with flags and delivery time. */
	int (*append)(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
		      int64_t received, struct buf *err);
	/* Create an empty folder at path. */
	int (*create)(const char *path, struct buf *err);
	/* Does the folder at path have new mail? Cheap, without opening it (for -Z, the browser). */
	bool (*has_new)(const char *path, const struct mx_settings *set);
	/*
	 * Copy (or move: the originals leave the folder) the messages ids to
	 * dest without downloading them (IMAP COPY/MOVE on the same server).
	 * ERR_UNSUPPORTED when dest is elsewhere: the caller reads and appends.
	 */
	int (*copy)(struct mailbox *mb, const uint32_t *ids, size_t n, const char *dest, bool move,
		    struct buf *err);
	/*
	 * Let the server match a body or header pattern (~b ~B ~h): the ids of
	 * the messages it matches, malloc'd in *ids (any order), count in *n.
	 * Called by pattern_match, often with the model's lock held
	 * (mx_lock_held): then it must not wait for a lock whose holder may
	 * wait for the model, and answers ERR_AGAIN instead (asked again at
	 * the next message). Any error: the pattern reads and matches locally.
	 */
	int (*search)(struct mailbox *mb, const struct mx_search *q, uint32_t **ids, size_t *n,
		      struct buf *err);
	/*
	 * A descriptor that polls readable when a check would find something
	 * (IMAP IDLE: the server pushed data), or -1: check every $mail_check.
	 */
	int (*watch_fd)(struct mailbox *mb);
	/* Free bdata (the model is freed by mx). */
	void (*close)(struct mailbox *mb);
};

extern const struct mx_ops mx_maildir_ops, mx_mbox_ops, mx_mmdf_ops, mx_mh_ops;
/*
 * Add the ops of a backend that lives above src/mx (IMAP, POP): mx_probe
 * asks its probe first (a URL needs no file), mx_ops_for finds it. Call
 * once at start-up, before any mailbox is opened.
 */
void mx_register_ops(const struct mx_ops *ops);

/* ===================================================================== */
/* Running operations (worker.c)                                         */
/* ===================================================================== */

enum mx_op {
	MX_OP_OPEN,
	MX_OP_CHECK,
	MX_OP_SYNC,    /* write flags only */
	MX_OP_EXPUNGE, /* write flags and remove deleted messages */
};

enum mx_event_type {
	MXE_ADDED,    /* messages were added (mb->n grew) */
	MXE_EXPUNGED, /* messages were removed (indexes changed) */
	MXE_FLAGS,    /* stored flags changed from outside */
	MXE_PROGRESS, /* label, done, total */
	MXE_DONE,     /* an operation ended: op, rc, message */
	MXE_REOPEN,   /* the folder changed under us: open it again */
	MXE_ASK,      /* the operation waits for the user: answer ticket (mx_ticket_answer) */
};

struct mx_event {
	enum mx_event_type type;
	struct mailbox *mb;
	enum mx_op op;
	int rc;
	size_t done, total;
	char *text;               /* label or error message, or NULL; freed by mx_event_release */
	struct mx_ticket *ticket; /* MXE_ASK: the question; released by mx_event_release */
};

/* A queue of events with a file descriptor that polls readable when events wait. */
struct mx_queue *mx_queue_new(void);
void mx_queue_free(struct mx_queue **q);
int mx_queue_fd(const struct mx_queue *q);
/* Take the next event; false when none waits. */
bool mx_queue_pop(struct mx_queue *q, struct mx_event *ev);
void mx_event_release(struct mx_event *ev);

/*
 * Run op on mb in a worker thread, posting events to q (which the mailbox
 * keeps). ERR_AGAIN when an operation is already running on mb.
 */
int mx_start(struct mailbox *mb, enum mx_op op, struct mx_queue *q);
/* Ask the running operation to stop; MXE_DONE (ERR_CANCEL) follows. */
void mx_cancel(struct mailbox *mb);
/* Wait until no operation runs on mb (after mx_cancel, or to let one finish). */
void mx_wait(struct mailbox *mb);
/* Run op in the calling thread (headless use). */
int mx_run(struct mailbox *mb, enum mx_op op, struct buf *err);

/*
 * A message read in a thread of its own (the interface waits for it with
 * keys working): mx_read_start, then poll mx_read_job_fd (readable when the
 * read ended) and take the result with mx_read_job_finish, or give up with
 * mx_read_job_abandon (the thread lets go of the job when it ends). Both
 * leave *job NULL. mailbox_free and mailbox_clear wait for running reads.
 */
struct mx_read_job;
enum mx_read_what {
	MX_READ_WHOLE,   /* mx_read */
	MX_READ_HEADERS, /* mx_read_headers */
	MX_READ_DISPLAY, /* mx_read_display */
};
int mx_read_start(struct mailbox *mb, uint32_t id, enum mx_read_what what,
		  struct mx_read_job **job);
int mx_read_job_fd(const struct mx_read_job *job);
bool mx_read_job_done(const struct mx_read_job *job);
/* The read's result (raw replaced, err appended); ERR_AGAIN while it runs. */
int mx_read_job_finish(struct mx_read_job **job, struct buf *raw, struct buf *err);
void mx_read_job_abandon(struct mx_read_job **job);

/*
 * A question from a backend's operation to the user: a certificate that did
 * not verify (lines: subject, issuer, validity, fingerprint; keys "roa" for
 * reject, once, always) or a password (MX_ASK_SECRET: typed unseen).
 */
enum mx_ask_kind { MX_ASK_CHOICE, MX_ASK_SECRET };
struct mx_ask {
	enum mx_ask_kind kind;
	const char *title;        /* one line: what is asked and why */
	const char *const *lines; /* details, shown as they are (already sanitized) */
	size_t nlines;
	const char *prompt; /* the question on the bottom line */
	const char *keys;   /* MX_ASK_CHOICE: one key per answer; *choice is its index */
};
/*
 * From an operation (worker thread): post the question and wait for the
 * answer. 0 with *choice (and the typed secret appended to secret, for
 * MX_ASK_SECRET); ERR_CANCEL when the user said no (Ctrl-G) or the
 * operation was cancelled; ERR_UNSUPPORTED when nobody can answer (no event
 * queue: headless use).
 */
int mx_ask(struct mailbox *mb, const struct mx_ask *a, int *choice, struct buf *secret);

/* For the interface, on MXE_ASK: the question, and the answer (choice -1: none). */
struct mx_ticket;
const struct mx_ask *mx_ticket_question(const struct mx_ticket *t);
void mx_ticket_answer(struct mx_ticket *t, int choice, const char *secret);
/* Let go of a ticket (mx_event_release does, for an event's). */
void mx_ticket_unref(struct mx_ticket *t);

/* Read a message (or just its headers) through the backend. Thread-safe; for local folders quick. */
int mx_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
int mx_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
/*
 * What the pager shows of a message: mx_read, or the backend's read_display,
 * which returns MX_READ_PARTIAL when parts were left out. Only the pager's
 * renderer may see such a message (render_marks.partial): saving, piping,
 * replying and patterns read it whole.
 */
#define MX_READ_PARTIAL 1
int mx_read_display(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
/*
 * Append message i (mailbox order) of mb to the folder dest, with its stored
 * flags (but not "deleted") and delivery time. Takes the lock as needed.
 */
int mx_copy_message(struct mailbox *mb, const struct config *cfg, size_t i, const char *dest,
		    struct buf *err);
/*
 * Copy (move: the originals leave, or are marked deleted) the messages ids
 * of mb to dest: the backend's copy op when it can (IMAP COPY/MOVE on the
 * same server), else each read and appended, dest opened once. Stops at the
 * first failure, naming the message; *done counts those that reached dest
 * (through the op: n, or 0 on a failure, though chunks sent before it stay done). Checks mx_cancelled between messages.
 */
int mx_copy_messages(struct mailbox *mb, const struct config *cfg, const uint32_t *ids, size_t n,
		     const char *dest, bool move, size_t *done, struct buf *err);
/*
 * mx_copy_messages in a thread of its own (copy_job.c), for the interface:
 * poll mx_copy_job_fd, then mx_copy_job_finish (ERR_AGAIN while it runs);
 * mx_copy_job_stop cancels it (mx_cancel); abandon lets go without waiting.
 */
struct mx_copy_job;
int mx_copy_start(struct mailbox *mb, const struct config *cfg, const uint32_t *ids, size_t n,
		  const char *dest, bool move, struct mx_copy_job **job);
int mx_copy_job_fd(const struct mx_copy_job *job);
bool mx_copy_job_done(const struct mx_copy_job *job);
void mx_copy_job_stop(struct mx_copy_job *job);
int mx_copy_job_finish(struct mx_copy_job **job, size_t *done, struct buf *err);
void mx_copy_job_abandon(struct mx_copy_job **job);
/*
 * Append the mbox From_ line of the message (raw, len) as tern writes it
 * in an mbox: the envelope sender (Return-Path, Sender, then From) and the
 * delivery time (0: now). What mutt puts first when it pipes a message.
 */
void mx_from_line(const char *raw, size_t len, int64_t received, struct buf *out);
/* Is path (expanded) the folder mb? Copying a folder into itself while rewriting it helps nobody. */
bool mx_same_folder(const struct mailbox *mb, const char *path);
/* Append to a folder of any type (opened or not): creates it as $mbox_type when missing. */
int mx_append_to(const char *path, const struct config *cfg, const char *raw, size_t len,
		 uint32_t flags, int64_t received, struct buf *err);

/* ===================================================================== */
/* The header cache (hcache.c)                                           */
/* ===================================================================== */

/*
 * LMDB, one database file per folder under $header_cache when it is a
 * directory (or one shared file). Values carry a format version and the
 * backend's validity stamp (Maildir: none needed, file contents never
 * change; MH: size, mtime and inode; IMAP: UIDVALIDITY); a mismatch is a miss.
 */
struct hcache;

/* Open the cache for folder (canonical path or URL). NULL (no error) when caching is off. */
struct hcache *hcache_open(const char *setting, const char *folder, struct buf *err);
void hcache_close(struct hcache **hc);
/* The cached envelope for key, copied into mem from alloc; NULL on a miss. */
struct menv *hcache_fetch(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			  struct arena *mem);
/* Store (in the current write batch, committed by hcache_commit or close). */
int hcache_store(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		 const struct menv *e);
int hcache_delete(struct hcache *hc, const char *key, size_t klen);
int hcache_commit(struct hcache *hc);

/*
 * A backend's own record under key (IMAP: the folder's state for a
 * QRESYNC open), with the same validity rule; fetch appends its bytes to
 * out and is false on a miss or a damaged value.
 */
int hcache_store_blob(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		      const void *data, size_t len);
bool hcache_fetch_blob(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		       struct buf *out);

/* What a backend may keep beside the envelope, so that a warm open needs no stat. */
struct hcache_meta {
	uint64_t size;
	int64_t received;
	uint32_t lines;
};

/* hcache_fetch, also filling *meta (may be NULL) on a hit. */
struct menv *hcache_fetch_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			       struct arena *mem, struct hcache_meta *meta);
/* hcache_store with meta (NULL: zeros). */
int hcache_store_meta(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		      const struct menv *e, const struct hcache_meta *meta);

/* ===================================================================== */
/* Sorting and threading (sort.c, view.c)                                */
/* ===================================================================== */

/*
 * A set of message ids, sorted: the threads the interface has collapsed,
 * each by the id of its top message. Zero-initialised is empty.
 */
struct view_idset {
	uint32_t *ids;
	size_t n, cap;
};

/* True when id is in s. */
bool view_idset_has(const struct view_idset *s, uint32_t id);
/* Add id; false when it was there already. */
bool view_idset_add(struct view_idset *s, uint32_t id);
/* Remove id; false when it was not there. */
bool view_idset_del(struct view_idset *s, uint32_t id);
/* Empty s (keeps its memory). */
void view_idset_clear(struct view_idset *s);
void view_idset_release(struct view_idset *s);

/*
 * What the index shows: the messages in display order, after sorting
 * (config sort method, sort_aux), threading, limiting and collapsing.
 * Rebuilt from the model when it changes; holds ids, so it survives
 * expunges.
 *
 * A thread is a row at depth 0 and the deeper rows after it. A collapsed
 * thread is its top row alone, with VIEW_COLLAPSED in tree and the count
 * of the messages folded under it in hidden (mutt's %M shows one more: the
 * top). Every message of a collapsed thread that folds something, its
 * top included, has MSG_COLLAPSED (~v).
 */
#define VIEW_LAST      0x01u /* tree: the last child of its parent */
#define VIEW_COLLAPSED 0x02u /* tree: the top of a collapsed thread */

struct view {
	uint32_t *ids;    /* message ids in display order */
	uint32_t *depth;  /* thread depth of each row */
	uint8_t *tree;    /* per row: VIEW_LAST, VIEW_COLLAPSED */
	uint32_t *cont;   /* per row: which ancestor levels (< 32) continue below */
	uint32_t *hidden; /* per row: messages folded under it (0 unless collapsed) */
	size_t n;
	uint64_t generation; /* mb->generation it was built from */

	/* the folded messages' ids, each collapsed row's run at folded + fold_at[row] */
	uint32_t *folded, *fold_at; /* NULL when nothing is folded */
	size_t nfolded;
	uint32_t id_end;  /* mb->next_id when built: every id in the view is below */
	uint32_t *row_of; /* view_row_of's index by id, built on first use */
};

struct view_opts {
	int sort; /* enum sort_method | SORT_REVERSE | SORT_LAST */
	int sort_aux;
	bool by_subject;             /* $strict_threads unset: gather by subject */
	const struct pattern *limit; /* or NULL */
	/*
	 * The collapsed threads (threaded sorts only), or NULL for a view that
	 * does not collapse and leaves MSG_COLLAPSED alone (headless). A thread
	 * is collapsed when any of its messages is in the set; view_build then
	 * keeps the set keyed by the thread's current top (a parent arriving
	 * late becomes the top) and removes the threads it opens.
	 */
	struct view_idset *collapsed;
	/*
	 * $uncollapse_new: a collapsed thread that holds a message with an id
	 * from new_from up (delivered since the last build: the last view's
	 * id_end) is opened. new_from 0: none is new (ids start at 1), as while
	 * a folder loads.
	 */
	bool uncollapse_new;
	uint32_t new_from;
	/*
	 * Called now and then while the limit is matched (a body pattern reads
	 * every message): false stops the build with ERR_CANCEL, v untouched
	 * and no message changed. NULL: none.
	 */
	bool (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

/*
 * Build v from mb (caller holds the lock). v is overwritten (release it
 * first). Sets or clears MSG_COLLAPSED on every message when o->collapsed
 * is given; never changes mb->generation or the counts.
 */
int view_build(struct mailbox *mb, const struct view_opts *o, struct view *v);
void view_release(struct view *v);
/*
 * Sort method and aux from the config ($sort, $sort_aux, $strict_threads,
 * $uncollapse_new); no collapsed set.
 */
void view_opts_from_config(const struct config *cfg, struct view_opts *o);

/*
 * The row that shows message id: its own, or the top row of the collapsed
 * thread that hides it (then v->ids[row] != id). SIZE_MAX when the message
 * is not in the view. The first call builds an index by id, O(1) after.
 */
size_t view_row_of(struct view *v, uint32_t id);
/* The top row of the thread that contains row. */
size_t view_thread_top(const struct view *v, size_t row);
/* The row after the thread that starts at top (v->n for the last). */
size_t view_thread_end(const struct view *v, size_t top);
/* The ids folded under row (a collapsed top), *n of them; NULL and 0 for other rows. */
const uint32_t *view_hidden_ids(const struct view *v, size_t row, size_t *n);
/*
 * May the thread of row be collapsed? Always with $collapse_unread
 * (collapse_unread true); without it, only when none of its messages,
 * folded ones included, is unread. Caller holds the lock.
 */
bool view_can_collapse(struct mailbox *mb, const struct view *v, size_t row, bool collapse_unread);
/*
 * <collapse-all>: add the top of every thread of v to s (with
 * collapse_unread false, of those without unread messages). Uncollapsing
 * all is view_idset_clear. Caller holds the lock.
 */
void view_collapse_all(struct mailbox *mb, const struct view *v, struct view_idset *s,
		       bool collapse_unread);
/*
 * $uncollapse_jump: the first row of the thread at or after row whose
 * message is unread, or SIZE_MAX. Caller holds the lock.
 */
size_t view_next_unread_in_thread(struct mailbox *mb, const struct view *v, size_t row);

/* ===================================================================== */
/* Index lines (index_format.c)                                          */
/* ===================================================================== */

/*
 * Append the index line of view row `row`, laid out by $index_format (mutt's
 * default when cfg is NULL) in `cols` columns (0: no fill or cut), with the
 * thread tree in %s. Caller holds the lock.
 */
void mx_index_line(struct mailbox *mb, const struct config *cfg, const struct view *v, size_t row,
		   size_t cols, struct buf *out);
/* As mx_index_line with fmt (--format, $pager_format...) in place of $index_format (NULL: it). */
void mx_index_line_fmt(struct mailbox *mb, const struct config *cfg, const char *fmt,
		       const struct view *v, size_t row, size_t cols, struct buf *out);
/* A size as mutt writes it ("0.3K", "12K", "1.2M"), by $size_show_* and $size_units_on_left. */
void mx_pretty_size(const struct config *cfg, uint64_t n, struct buf *out);

/* ===================================================================== */
/* Patterns (pattern.c)                                                   */
/* ===================================================================== */

/*
 * mutt's search patterns, compiled once: ~A ~b ~B ~c ~C ~d ~D ~e ~E ~f ~F
 * ~h ~i ~L ~l ~N ~O ~p ~P ~Q ~r ~R ~s ~t ~T ~U ~v ~x ~y ~z, with !, |,
 * implicit and, ( ), date ranges (absolute and relative: ~d <2w), size
 * ranges, regexes with smart case, =X for substring, and $simple_search
 * expansion of a plain word.
 */
struct pattern;

/* Compile; NULL with a reason in err. cfg gives $simple_search, alternates and lists (may be NULL). */
struct pattern *pattern_compile(const char *s, const struct config *cfg, struct buf *err);
void pattern_free(struct pattern **p);
/* True when the pattern needs message bodies or headers (~b ~B ~h): matching reads them. */
bool pattern_reads_messages(const struct pattern *p);
/* Match message m of mb (caller holds the lock; may read the message through the backend). */
bool pattern_match(const struct pattern *p, struct mailbox *mb, const struct message *m);

#endif /* TERN_MX_H */
