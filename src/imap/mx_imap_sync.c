/*
 * mx_imap_sync.c - writing the model's flag changes to the server: for each
 * system flag, one UID STORE +FLAGS.SILENT and one -FLAGS.SILENT over the
 * UID sets of the changed messages (never FLAGS, which would drop the
 * keywords other clients set); then, to expunge, UID EXPUNGE of exactly the
 * deleted messages when the server has UIDPLUS, else EXPUNGE (whose
 * untagged EXPUNGE responses remove the messages from the model). A message
 * changed again while the commands ran keeps its CHANGED mark.
 */
#include "imap/bcache.h"
#include "imap/mx_imap_int.h"

/* Keep each command well under the 8,000 octets servers are asked to accept (RFC 7162 4). */
#define SET_MAX 4000

static const struct {
	uint32_t msg;
	const char *imap;
} flag_map[] = {
	{ MSG_READ, "\\Seen" },       { MSG_REPLIED, "\\Answered" }, { MSG_FLAGGED, "\\Flagged" },
	{ MSG_DELETED, "\\Deleted" }, { MSG_DRAFT, "\\Draft" },
};

/* What sync writes: each changed message's UID and flags, as the model had them. */
struct change {
	uint32_t id, uid, flags;
};

static size_t collect(struct mailbox *mb, struct change **out)
{
	size_t n = 0;

	mailbox_lock(mb);
	*out = xmalloc((mb->n ? mb->n : 1) * sizeof(**out));
	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		if (m->flags & MSG_CHANGED)
			(*out)[n++] = (struct change){ m->id, m->loc.uid, m->flags };
	}
	mailbox_unlock(mb);
	return n;
}

/* UID STORE set sign FLAGS.SILENT (flag) for every UID in uids, in chunks. */
static int store(struct imap_mb *d, const uint32_t *uids, size_t n, char sign, const char *flag,
		 struct buf *err)
{
	struct strlist sets = { 0 };
	int rc = 0;

	imap_uidset_format(uids, n, SET_MAX, &sets);
	for (size_t i = 0; rc == 0 && i < sets.n; i++) {
		struct buf cmd = BUF_INIT;
		buf_printf(&cmd, "UID STORE %s %cFLAGS.SILENT (%s)", sets.v[i], sign, flag);
		rc = imap_run_text(d->s, cmd.data, NULL, err);
		buf_release(&cmd);
	}
	strlist_release(&sets);
	return rc;
}

static int store_flags(struct imap_mb *d, const struct change *c, size_t n, struct buf *err)
{
	uint32_t *add = xmalloc((n ? n : 1) * sizeof(*add));
	uint32_t *del = xmalloc((n ? n : 1) * sizeof(*del));
	int rc = 0;

	for (size_t f = 0; rc == 0 && f < ARRAY_SIZE(flag_map); f++) {
		size_t na = 0, nd = 0;
		for (size_t i = 0; i < n; i++)
			if (c[i].flags & flag_map[f].msg)
				add[na++] = c[i].uid;
			else
				del[nd++] = c[i].uid;
		if (na)
			rc = store(d, add, na, '+', flag_map[f].imap, err);
		if (rc == 0 && nd)
			rc = store(d, del, nd, '-', flag_map[f].imap, err);
	}
	free(add);
	free(del);
	return rc;
}

/* The model learns that the changes are on the server. */
static void stored(struct mailbox *mb, const struct change *c, size_t n)
{
	const uint32_t mask = MSG_STORED & ~MSG_OLD;
	bool changed = false;

	mailbox_lock(mb);
	for (size_t i = 0; i < n; i++) {
		struct message *m = mx_find(mb, c[i].id);
		if (m && (m->flags & mask) == (c[i].flags & mask))
			m->flags &= ~MSG_CHANGED;
	}
	for (size_t i = 0; i < mb->n; i++)
		changed |= (mb->msgs[i].flags & MSG_CHANGED) != 0;
	mb->changed_flags = changed;
	mailbox_unlock(mb);
}

/* Remove the deleted messages, on the server and then in the model. */
static int expunge(struct imap_mb *d, struct buf *err)
{
	struct mailbox *mb = d->mb;
	uint32_t *uids, *ids;
	size_t n = 0;
	int rc = 0;

	mailbox_lock(mb);
	uids = xmalloc((mb->n ? mb->n : 1) * sizeof(*uids));
	ids = xmalloc((mb->n ? mb->n : 1) * sizeof(*ids));
	for (size_t i = 0; i < mb->n; i++)
		if (mb->msgs[i].flags & MSG_DELETED) {
			uids[n] = mb->msgs[i].loc.uid;
			ids[n++] = mb->msgs[i].id;
		}
	mailbox_unlock(mb);
	if (n && imap_has(d->s, IMAP_CAP_UIDPLUS)) {
		struct strlist sets = { 0 };
		imap_uidset_format(uids, n, SET_MAX, &sets);
		for (size_t i = 0; rc == 0 && i < sets.n; i++) {
			struct buf cmd = BUF_INIT;
			buf_printf(&cmd, "UID EXPUNGE %s", sets.v[i]);
			rc = imap_run_text(d->s, cmd.data, NULL, err);
			buf_release(&cmd);
		}
		strlist_release(&sets);
	} else if (n) {
		rc = imap_run_text(d->s, "EXPUNGE", NULL, err);
	}
	/* The server's EXPUNGE responses took the messages out of the model (imap_mb_untagged). */
	free(uids);
	free(ids);
	return rc;
}

static int sync_once(struct imap_mb *d, bool do_expunge, struct buf *err)
{
	struct change *c = NULL;
	size_t n = collect(d->mb, &c);
	int rc = d->s ? 0 : ERR_CLOSED;

	if (rc == 0 && n)
		rc = store_flags(d, c, n, err);
	if (rc == 0)
		stored(d->mb, c, n);
	if (rc == 0 && do_expunge)
		rc = expunge(d, err);
	free(c);
	return rc;
}

int imap_sync(struct mailbox *mb, bool do_expunge, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	int rc;

	if (!d) {
		buf_addstr(err, _("the IMAP connection is closed"));
		return ERR_CLOSED;
	}
	pthread_mutex_lock(&d->lock);
	rc = sync_once(d, do_expunge, err);
	/* the link went: log in again, take the server's news, write ours */
	if (imap_link_lost(rc) && (rc = imap_reconnect(d, err)) == 0)
		rc = sync_once(d, do_expunge, err);
	if (rc == 0)
		imap_state_save(d);
	if (rc == 0 && do_expunge)
		imap_bcache_clean(mb); /* $message_cache_clean: the expunged ones' files go */
	pthread_mutex_unlock(&d->lock);
	return rc;
}
