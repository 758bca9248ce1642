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

static const struct imap_uid_flags *find_uid(const struct imap_uid_flags *v, size_t n, uint32_t uid)
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
		const struct imap_uid_flags *s = find_uid(d->changes, d->nchanges, m->loc.uid);
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

int imap_reconnect(struct imap_mb *d, struct buf *err)
{
	struct mailbox *mb = d->mb;
	size_t kept;
	int rc;

	imap_session_close(&d->s);
	buf_reset(err);
	mx_progress(mb, _("Connection lost: connecting again..."), 0, 0);
	rc = imap_connect_select(d, err);
	if (rc != 0)
		return rc;
	/* every UID and its flags, collected as a QRESYNC SELECT's changes are */
	d->qresync_select = true;
	rc = imap_run_text(d->s, "UID FETCH 1:* (UID FLAGS)", NULL, err);
	d->qresync_select = false;
	if (rc == 0) {
		imap_changes_sort(d);
		reconcile(d);
		mailbox_lock(mb);
		kept = mb->n;
		mailbox_unlock(mb);
		/* what arrived meanwhile: UIDs only grow, so it is at the end */
		if (d->exists > kept)
			rc = imap_load(d, (uint32_t)kept + 1, d->exists, err);
	}
	imap_qresync_release(d);
	return rc;
}
