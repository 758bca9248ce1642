/*
 * mx_imap_resync.c - a lost connection: log in again, select the folder,
 * and bring the model in line with the server before the operation that
 * met the loss is tried once more. Messages the server no longer has go,
 * new ones are fetched, flags the user has not changed take the server's
 * values, and flags the user changed (MSG_CHANGED) are kept, so that the
 * retried sync writes them: nothing done while the link was down is lost.
 */
#include "imap/mx_imap_int.h"

/* Errors after which the session is gone (not NO/BAD: the server answered). */
bool imap_link_lost(int rc)
{
	return rc == ERR_CLOSED || rc == ERR_IO || rc == ERR_TLS || rc == ERR_TIMEOUT;
}

const struct imap_uid_flags *imap_uid_find(const struct imap_uid_flags *v, size_t n, uint32_t uid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].uid == uid ? &v[lo] : NULL;
}

/* The model against the server's UIDs and flags (d->changes, sorted): returns the highest UID kept. */
static uint32_t reconcile(struct imap_mb *d)
{
	struct mailbox *mb = d->mb;
	uint32_t *gone, top = 0;
	size_t n = 0;

	mailbox_lock(mb);
	gone = xmalloc((mb->n ? mb->n : 1) * sizeof(*gone));
	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		const struct imap_uid_flags *s = imap_uid_find(d->changes, d->nchanges, m->loc.uid);
		if (!s) {
			gone[n++] = m->id;
			continue;
		}
		top = MAX(top, m->loc.uid);
		/* \Recent belongs to the first session: keep the model's old/new */
		if (!(m->flags & MSG_CHANGED) &&
		    (m->flags & MSG_STORED & ~MSG_OLD) != (s->flags & MSG_STORED & ~MSG_OLD))
			mx_set_stored_flags(mb, m->id,
					    (s->flags & ~MSG_OLD) | (m->flags & MSG_OLD));
	}
	mailbox_unlock(mb);
	mx_remove(mb, gone, n);
	free(gone);
	return top;
}

/*
 * The UIDs the model lacks (d->changes holds the server's, sorted), each
 * with an id between the ids of its neighbours in the model, so that
 * mailbox order stays id order: a load stopped part-way left their ids
 * unused. Those after the model's last message get new ids. A UID with no
 * room (only a server inventing UIDs below ones it gave could cause it)
 * is left out. Fills d->uid_ids; returns the count, the UIDs in *uids.
 */
static size_t plan_missing(struct imap_mb *d, uint32_t **uids)
{
	struct mailbox *mb = d->mb;
	size_t i = 0, n = 0, at_end = 0;
	uint32_t next = d->ids_floor;

	*uids = xmalloc((d->nchanges ? d->nchanges : 1) * sizeof(**uids));
	d->uid_ids = xmalloc((d->nchanges ? d->nchanges : 1) * sizeof(*d->uid_ids));
	mailbox_lock(mb);
	for (size_t k = 0; k < d->nchanges; k++) {
		uint32_t uid = d->changes[k].uid;
		while (i < mb->n && mb->msgs[i].loc.uid < uid)
			next = mb->msgs[i++].id + 1;
		if (i < mb->n && mb->msgs[i].loc.uid == uid) {
			next = mb->msgs[i++].id + 1;
			continue;
		}
		if (i < mb->n && next >= mb->msgs[i].id)
			continue;
		d->uid_ids[n] = (struct imap_uid_flags){ uid, i < mb->n ? next++ : UINT32_MAX };
		at_end += i == mb->n;
		(*uids)[n++] = uid;
	}
	mailbox_unlock(mb);
	if (at_end) {
		uint32_t id = mx_reserve_ids(mb, (uint32_t)at_end);
		for (size_t k = n - at_end; k < n; k++)
			d->uid_ids[k].flags = id++;
	}
	d->nuid_ids = n;
	return n;
}

int imap_resync(struct imap_mb *d, struct buf *err)
{
	uint32_t *uids = NULL;
	size_t n;
	int rc = 0;

	/* every UID and its flags, collected as a QRESYNC SELECT's changes are */
	d->qresync_select = true;
	if (d->exists) /* 1:* of an empty folder is an error on some servers */
		rc = imap_run_text(d->s, "UID FETCH 1:* (UID FLAGS)", NULL, err);
	d->qresync_select = false;
	if (rc == 0) {
		imap_changes_sort(d);
		reconcile(d);
		n = plan_missing(d, &uids);
		rc = n ? imap_fetch_uids(d, uids, n, err) : 0;
		if (rc == 0)
			d->hole_n = 0;
		free(d->uid_ids);
		d->uid_ids = NULL;
		d->nuid_ids = 0;
		free(uids);
	}
	imap_qresync_release(d);
	return rc;
}

int imap_reconnect(struct imap_mb *d, struct buf *err)
{
	int rc;

	imap_session_close(&d->s);
	buf_reset(err);
	mx_progress(d->mb, _("Connection lost: connecting again..."), 0, 0);
	rc = imap_connect_select(d, err);
	return rc == 0 ? imap_resync(d, err) : rc;
}
