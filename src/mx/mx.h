/*
 * mx.h - the public face of src/mx: mailboxes and their messages.
 *
 * This is the first, synchronous cut of the model: it reads a Maildir in
 * full and keeps each message's envelope. The folder model proper (one ops
 * table for every backend, events, background loading, the header cache)
 * replaces it; see doc/internals/.
 */
#ifndef TERN_MX_H
#define TERN_MX_H

#include "email/email.h"

enum msg_flag {
	MSG_NEW = 1u << 0,     /* in new/: not yet seen by any client */
	MSG_SEEN = 1u << 1,    /* S */
	MSG_REPLIED = 1u << 2, /* R */
	MSG_FLAGGED = 1u << 3, /* F */
	MSG_TRASHED = 1u << 4, /* T */
	MSG_DRAFT = 1u << 5,   /* D */
	MSG_PASSED = 1u << 6,  /* P */
};

struct message {
	char *file; /* path relative to the mailbox: "cur/..." or "new/..." */
	struct envelope env;
	size_t size;
	unsigned flags;
};

struct mailbox {
	char *path;
	struct message *msgs;
	size_t n, cap;
};

/*
 * Read the Maildir at path: every message in cur/ and new/ (dot files and
 * other stray entries ignored), in file-name order. On failure returns a
 * negative code and a translated reason in err.
 */
int mailbox_open(const char *path, struct mailbox *mb, struct buf *err);
void mailbox_release(struct mailbox *mb);
/* Append message i's raw bytes to raw. */
int message_read(const struct mailbox *mb, size_t i, struct buf *raw);
/* True when the mailbox at path has new mail, found without reading any message. */
bool mailbox_has_new(const char *path);
/* Flags from a Maildir file name's ":2,XYZ" suffix. */
unsigned maildir_flags(const char *name);

/*
 * The messages in thread order: order[k] is the message shown on row k,
 * and depth[k] its depth in the thread; last[k] is true when it is the last
 * child of its parent, and cont is a bit mask per row telling, for each
 * ancestor level below 32, whether a vertical line continues there.
 */
struct thread_view {
	int *order;
	int *depth;
	bool *last;
	uint32_t *cont;
	size_t n;
};

int mailbox_thread_view(const struct mailbox *mb, struct thread_view *v);
void thread_view_release(struct thread_view *v);

#endif /* TERN_MX_H */
