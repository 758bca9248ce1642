/*
 * mx_imap_idle.h - new mail by IDLE (mx_imap_idle.c): the check op and the
 * watch descriptor of the IMAP backend. For the backend's files only.
 */
#ifndef TERN_IMAP_MX_IMAP_IDLE_H
#define TERN_IMAP_MX_IMAP_IDLE_H

#include "imap/mx_imap_int.h"

/*
 * What the UI polls (mx_ops.watch_fd): an epoll descriptor, the same for
 * the folder's whole life (so a descriptor the interface holds never goes
 * stale), over the socket while the session idles, a kick (an eventfd set
 * when a command ended IDLE: a check takes it up again) and a timer for
 * $imap_keepalive.
 */
struct imap_watch {
	int epfd, kick, timer;
	int sock;           /* the socket in epfd, or -1 */
	int64_t idle_since; /* mono_ms() when the IDLE began */
	bool refused;       /* the server said NO or BAD to IDLE: poll with NOOP */
};

/* The backend's data with the watch: allocated together (imap_mbw_new). */
struct imap_mbw {
	struct imap_mb d;
	struct imap_watch w;
};

/* A zeroed imap_mb with its watch set up (descriptors may be -1 when the system has none). */
struct imap_mb *imap_mbw_new(void);
/* Close the watch's descriptors and free what imap_mbw_new made (not d's other contents). */
void imap_mbw_free(struct imap_mb *d);
/* Give a new session the backend's handlers: untagged data, and the end of IDLE. */
void imap_watch_session(struct imap_mb *d);
/* Make the watch readable: the interface starts a check, which goes into IDLE (after an open). */
void imap_watch_kick(struct imap_mb *d);
/* Close the session without LOGOUT (after a check was stopped mid-command). */
void imap_watch_drop(struct imap_mb *d);
/* Before closing: end IDLE, or drop the link when the server does not answer within a second. */
void imap_watch_close(struct imap_mb *d);
/* The mx check op: what IDLE brought, or NOOP; then IDLE again when it may. */
int imap_check(struct mailbox *mb, bool *reopen, struct buf *err);
/* The mx watch_fd op. */
int imap_watch_fd(struct mailbox *mb);

#endif /* TERN_IMAP_MX_IMAP_IDLE_H */
