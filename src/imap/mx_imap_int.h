/* mx_imap_int.h - shared by the IMAP backend's files (mx_imap*.c) only */
#ifndef TERN_IMAP_MX_IMAP_INT_H
#define TERN_IMAP_MX_IMAP_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "imap/imap.h"
#include "imap/session_int.h"

/* Messages fetched but not yet in the model: one FETCH batch. */
struct imap_batch {
	struct message *msgs;
	size_t n, cap;
	struct arena mem;
};

/* A message's UID and model flags. */
struct imap_uid_flags {
	uint32_t uid, flags;
};

/* The folder's state as the cache saved it (mx_imap_qresync.c). */
struct imap_state {
	uint32_t uidvalidity;
	uint64_t highestmodseq;
	struct imap_uid_flags *v; /* in the server's order */
	size_t n;
};

/* The backend's state (mb->bdata). */
struct imap_mb {
	pthread_mutex_t lock; /* one command at a time on the session (worker and read jobs) */
	atomic_int readers;   /* read jobs waiting for the lock: a long load lets them in */
	struct imap_session *s;
	struct imap_url url;
	uint32_t uidvalidity, uidnext, exists;
	uint64_t highestmodseq;
	bool read_only;
	struct hcache *hc; /* the header cache (keys: UIDs; validity: UIDVALIDITY), or NULL */
	/* what the untagged handler fills for the command running */
	struct imap_batch *batch; /* FETCH of headers, streamed: messages go here */
	/* a warm open: one slot per sequence number from slot_lo, filled from the cache or the server */
	struct message *slots;
	uint32_t slot_lo, nslots;
	struct arena slot_mem;
	/*
	 * Headers fetched newest first (mx_add_ids): the message with sequence
	 * number seq gets id ids_base + seq - ids_lo (ids_n of them); after a
	 * reconnect, by UID instead: uid_ids pairs each UID with its id.
	 */
	uint32_t ids_base, ids_lo, ids_n;
	struct imap_uid_flags *uid_ids; /* .flags holds the id; sorted by UID */
	size_t nuid_ids;
	uint32_t ids_floor; /* no message of this folder has a lower id */
	/*
	 * Sequence numbers hole_lo.. (hole_n of them) are not in the model: a
	 * load is running, or stopped part-way. EXPUNGE n maps around them.
	 */
	uint32_t hole_lo, hole_n;
	bool flags_pass; /* the FETCH running asks UID and FLAGS only */
	size_t hits;
	/* QRESYNC: enabled on the session; what a SELECT (QRESYNC ...) reported */
	bool qresync, qresync_select;
	bool condstore; /* CONDSTORE without QRESYNC: SELECT (CONDSTORE), CHANGEDSINCE on a warm open */
	uint64_t saved_generation, saved_modseq; /* what the last saved state was of */
	struct imap_uid_flags *changes;
	size_t nchanges, capchanges;
	struct imap_range *vanished;
	size_t nvanished, capvanished;
	uint32_t want_uid; /* FETCH of one body: its UID */
	struct buf *body;  /* ... and where its bytes go */
	bool got_body;
	struct mailbox *mb;
};

/*
 * Load messages lo..hi (sequence numbers) into the model: with a header
 * cache, one FETCH of UIDs and flags, the cache's envelopes, and headers
 * fetched only for the messages it does not know; without one (or when it
 * knows none), headers fetched in pipelined batches, each added to the model
 * as it completes. Fetched envelopes go to the cache.
 */
int imap_load(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *err);
/* Write flag changes, and remove deleted messages when expunge is true (mx_imap_sync.c). */
int imap_sync(struct mailbox *mb, bool expunge, struct buf *err);
/* Does the imap:// folder at path have unseen mail? (folders_ops.c, a STATUS of its own) */
bool imap_has_new(const char *path, const struct mx_settings *set);
/* The model's flags for IMAP flags. */
uint32_t imap_msg_flags(const struct imap_flags *f);
/* Fill a slot (a warm open) with the cache's envelope for uid, or leave its env NULL. */
void imap_slot_from_cache(struct imap_mb *d, struct message *m, uint32_t uid, uint32_t flags);
/* Fetch the headers the slots lack (their env NULL), then add every slot to the model. */
int imap_load_slots(struct imap_mb *d, struct buf *err);

/* mx_imap_qresync.c: the folder's state in the cache, and a QRESYNC open. */
bool imap_state_load(struct imap_mb *d, struct imap_state *st);
void imap_state_release(struct imap_state *st);
/* Save the model as the folder's state (not while flags wait to be written). */
void imap_state_save(struct imap_mb *d);
void imap_qresync_fetch(struct imap_mb *d, const struct imap_fetch *f);
void imap_qresync_vanished(struct imap_mb *d, const struct imap_set *set);
bool imap_qresync_build(struct imap_mb *d, const struct imap_state *st);
/* The pair with this UID in v (sorted by UID), or NULL (mx_imap_resync.c). */
const struct imap_uid_flags *imap_uid_find(const struct imap_uid_flags *v, size_t n, uint32_t uid);
/* Sort the collected (UID, flags) pairs by UID. */
void imap_changes_sort(struct imap_mb *d);
void imap_qresync_release(struct imap_mb *d);
/*
 * A warm open with CONDSTORE only: the changes since the saved state by
 * UID FETCH (CHANGEDSINCE), into d's slots. ERR_AGAIN when they do not add
 * up to EXISTS (a message was expunged): the full open must run.
 */
int imap_condstore_open(struct imap_mb *d, const struct imap_state *st, struct buf *err);

/* mx_imap_resync.c: a lost link. */
bool imap_link_lost(int rc);
/* Log in and select again, bring the model in line (keeping the user's unsynced flags). */
int imap_reconnect(struct imap_mb *d, struct buf *err);
/*
 * Bring the model in line with the server's UIDs and flags (d->changes,
 * sorted): messages gone are removed, flags the user did not change are
 * taken, and every message the model lacks is fetched by UID.
 */
int imap_resync(struct imap_mb *d, struct buf *err);
/* Fetch the headers of these UIDs (sorted), each under its id in d->uid_ids (mx_imap_fetch.c). */
int imap_fetch_uids(struct imap_mb *d, const uint32_t *uids, size_t n, struct buf *err);
/* Connect, log in, ENABLE QRESYNC when offered, SELECT (mx_imap.c). */
int imap_connect_select(struct imap_mb *d, struct buf *err);

/* The mx read op: the message's bytes, LF line ends (mx_imap_read.c). */
int imap_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);
/* The mx search op: the server matches a pattern's body or header term (mx_imap_search.c). */
int imap_search(struct mailbox *mb, const struct mx_search *q, uint32_t **ids, size_t *n,
		struct buf *err);
/* The mx copy op: UID COPY or UID MOVE to a folder of the same account (mx_imap_copy.c). */
int imap_copy(struct mailbox *mb, const uint32_t *ids, size_t n, const char *dest, bool move,
	      struct buf *err);
/*
 * [TRYCREATE] (COPY, MOVE, APPEND): ask per $confirmcreate (nobody to ask,
 * as headless: create), then CREATE (mx_imap_copy.c).
 */
int imap_create_folder(struct imap_mb *d, const char *mailbox, struct buf *err);
/* The untagged handler of the backend (EXISTS, FETCH...). */
void imap_mb_untagged(void *ctx, const struct imap_resp *r);

#endif /* TERN_IMAP_MX_IMAP_INT_H */
