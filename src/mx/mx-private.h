/* mx-private.h - shared by the files of src/mx; not for other layers (they use mx.h) */
#ifndef TERN_MX_PRIVATE_H
#define TERN_MX_PRIVATE_H

#include "mx/mx.h"

/* Post an event to the mailbox's queue (a copy; text is duplicated). No queue: dropped. */
void mx_post(struct mailbox *mb, const struct mx_event *ev);
/* Wait for the mailbox's finished (or, with cancel, cancelled) worker thread. */
void mx_worker_join(struct mailbox *mb, bool cancel);
/* Wait until no read job (read_job.c) or copy job (copy_job.c) runs on mb. */
void mx_readers_wait(struct mailbox *mb);
/*
 * Start a job's detached thread run(arg), counted among mb's readers so
 * that the mailbox outlives it. ERR_IO when no thread can be had (nothing
 * counted). The thread's last act is mx_job_leave.
 */
int mx_job_spawn(struct mailbox *mb, void *(*run)(void *), void *arg);
/* A job's thread ends: after this, mb may be freed under it. */
void mx_job_leave(struct mailbox *mb);
/*
 * Read the header block (raw, up to and including the blank line) of the
 * open file fd into out (appended). Reads no further than needed, and no
 * more than 1 MiB of header (header_block.c).
 */
int mx_read_header_block(int fd, struct buf *out);

#endif /* TERN_MX_PRIVATE_H */
