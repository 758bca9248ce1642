/*
 * mx_imap_read.c - reading a message's bytes from the server (the mx read
 * op): BODY.PEEK so that the server's \Seen waits for sync, through the
 * session lock that read jobs share with a running load.
 */
#include <stdio.h>

#include "imap/mx_imap_int.h"

/* The UID of message id, or 0. */
static uint32_t uid_of(struct mailbox *mb, uint32_t id)
{
	const struct message *m;
	uint32_t uid = 0;

	mailbox_lock(mb);
	if ((m = mx_find(mb, id)) != NULL)
		uid = m->loc.uid;
	mailbox_unlock(mb);
	return uid;
}

int imap_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	uint32_t uid = uid_of(mb, id);
	size_t start = raw->len;
	char cmd[64];
	int rc;

	if (!d) {
		buf_addstr(err, _("the IMAP connection is closed"));
		return ERR_CLOSED;
	}
	if (!uid) {
		buf_addstr(err, _("no such message"));
		return ERR_NOTFOUND;
	}
	snprintf(cmd, sizeof(cmd), "UID FETCH %u (UID BODY.PEEK[])", uid);
	if (mx_lock_held()) {
		/* called under the model's lock (a body pattern): waiting for the
		 * session, which may wait for the model, would deadlock */
		if (pthread_mutex_trylock(&d->lock) != 0) {
			buf_addstr(err, _("the folder is busy: try again when it has loaded"));
			return ERR_AGAIN;
		}
	} else {
		atomic_fetch_add(&d->readers, 1); /* a load in progress pauses for us */
		pthread_mutex_lock(&d->lock);
		atomic_fetch_sub(&d->readers, 1);
	}
	d->want_uid = uid;
	d->body = raw;
	d->got_body = false;
	rc = d->s ? imap_run_text(d->s, cmd, NULL, err) : ERR_CLOSED;
	if (imap_link_lost(rc) && imap_reconnect(d, err) == 0) {
		buf_setlen(raw, start);
		rc = imap_run_text(d->s, cmd, NULL, err);
	}
	if (rc == 0 && !d->got_body) {
		buf_addstr(err, _("the server sent no such message (deleted by another client?)"));
		rc = ERR_NOTFOUND;
	}
	d->body = NULL;
	d->want_uid = 0;
	pthread_mutex_unlock(&d->lock);
	if (rc == 0)
		buf_crlf_to_lf(raw, start); /* the model keeps LF line ends */
	return rc;
}

