/*
 * mx_imap_qresync.c - opening a folder the cache knows with QRESYNC
 * (RFC 7162): the cache keeps the folder's state (UIDVALIDITY,
 * HIGHESTMODSEQ, and every message's UID and flags in the server's order);
 * SELECT ... (QRESYNC (uidvalidity modseq)) makes the server send only what
 * changed since (VANISHED (EARLIER) and FETCH of changed or new messages),
 * so an unchanged folder of any size costs one round trip. Anything that
 * does not add up (another UIDVALIDITY, a count that differs from EXISTS)
 * falls back to the full open. A server with CONDSTORE but not QRESYNC
 * gets the same state: one UID FETCH (CHANGEDSINCE) brings what changed.
 */
#include "imap/mx_imap_int.h"

#define STATE_KEY     "#state"
#define STATE_VERSION 1u

/* The record's head; then n pairs of (UID, flags). */
struct state_head {
	uint32_t version, n;
	uint32_t uidvalidity, reserved;
	uint64_t highestmodseq;
};

struct uid_flags {
	uint32_t uid, flags;
};

bool imap_state_load(struct imap_mb *d, struct imap_state *st)
{
	struct buf b = BUF_INIT;
	struct state_head h;
	bool ok = false;

	memset(st, 0, sizeof(*st));
	if (!d->hc || !hcache_fetch_blob(d->hc, STATE_KEY, strlen(STATE_KEY), 0, &b))
		goto out;
	if (b.len < sizeof(h))
		goto out;
	memcpy(&h, b.data, sizeof(h));
	if (h.version != STATE_VERSION ||
	    b.len - sizeof(h) != (size_t)h.n * sizeof(struct uid_flags))
		goto out;
	st->uidvalidity = h.uidvalidity;
	st->highestmodseq = h.highestmodseq;
	st->n = h.n;
	st->v = xmalloc((h.n ? h.n : 1) * sizeof(*st->v));
	for (uint32_t i = 0; i < h.n; i++) {
		struct uid_flags e;
		memcpy(&e, b.data + sizeof(h) + i * sizeof(e), sizeof(e));
		st->v[i].uid = e.uid;
		st->v[i].flags = e.flags;
	}
	ok = st->uidvalidity && st->highestmodseq;
out:
	buf_release(&b);
	return ok;
}

void imap_state_release(struct imap_state *st)
{
	free(st->v);
	memset(st, 0, sizeof(*st));
}

void imap_state_save(struct imap_mb *d)
{
	struct mailbox *mb = d->mb;
	struct state_head h = { STATE_VERSION, 0, d->uidvalidity, 0, d->highestmodseq };
	struct buf b = BUF_INIT;
	bool dirty = false;

	if (!d->hc || !(d->qresync || d->condstore) || !d->uidvalidity || !d->highestmodseq)
		return;
	mailbox_lock(mb);
	/* every check asks: write the record (8 bytes a message) only after a change */
	if (mb->generation == d->saved_generation && d->highestmodseq == d->saved_modseq) {
		mailbox_unlock(mb);
		return;
	}
	uint64_t generation = mb->generation;
	h.n = (uint32_t)mb->n;
	buf_add(&b, &h, sizeof(h));
	for (size_t i = 0; i < mb->n && !dirty; i++) {
		const struct message *m = &mb->msgs[i];
		struct uid_flags e = { m->loc.uid, m->flags & MSG_STORED };
		/* flags not on the server yet would come back as if they were */
		dirty = (m->flags & MSG_CHANGED) || !m->loc.uid;
		buf_add(&b, &e, sizeof(e));
	}
	mailbox_unlock(mb);
	if (dirty) {
		hcache_delete(d->hc, STATE_KEY, strlen(STATE_KEY));
	} else {
		hcache_store_blob(d->hc, STATE_KEY, strlen(STATE_KEY), 0, b.data, b.len);
		d->saved_generation = generation;
		d->saved_modseq = d->highestmodseq;
	}
	hcache_commit(d->hc);
	buf_release(&b);
}

/* A changed or new message the SELECT reported: kept by UID until the model is built. */
void imap_qresync_fetch(struct imap_mb *d, const struct imap_fetch *f)
{
	if (!(f->have & IMAP_FETCH_UID) || !(f->have & IMAP_FETCH_FLAGS))
		return;
	ALLOC_GROW(d->changes, d->nchanges + 1, d->capchanges);
	d->changes[d->nchanges].uid = f->uid;
	d->changes[d->nchanges].flags = imap_msg_flags(&f->flags);
	d->nchanges++;
}

void imap_qresync_vanished(struct imap_mb *d, const struct imap_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		ALLOC_GROW(d->vanished, d->nvanished + 1, d->capvanished);
		d->vanished[d->nvanished++] = set->v[i];
	}
}

static bool gone(const struct imap_mb *d, uint32_t uid)
{
	for (size_t i = 0; i < d->nvanished; i++)
		if (uid >= d->vanished[i].lo && uid <= d->vanished[i].hi)
			return true;
	return false;
}

static int cmp_uid(const void *a, const void *b)
{
	uint32_t x = ((const struct imap_uid_flags *)a)->uid,
		 y = ((const struct imap_uid_flags *)b)->uid;
	return x < y ? -1 : x > y;
}

void imap_changes_sort(struct imap_mb *d)
{
	qsort(d->changes, d->nchanges, sizeof(*d->changes), cmp_uid);
}

/*
 * The folder now: the saved list less what vanished, flags as changed, new
 * UIDs added in order; into d's slots with the cache's envelopes. False when
 * it does not match EXISTS (then the full open runs).
 */
bool imap_qresync_build(struct imap_mb *d, const struct imap_state *st)
{
	struct imap_uid_flags *all;
	size_t n = 0;

	imap_changes_sort(d);
	all = xmalloc((st->n + d->nchanges + 1) * sizeof(*all));
	for (size_t i = 0; i < st->n; i++)
		if (!gone(d, st->v[i].uid)) {
			all[n] = st->v[i];
			/* \Recent was the session's that saw it: unread is old now */
			if (!(all[n].flags & MSG_READ))
				all[n].flags |= MSG_OLD;
			n++;
		}
	/* changed ones replace their flags; UIDs the list lacks are new (above its last) */
	for (size_t i = 0, j = 0; i < d->nchanges; i++) {
		const struct imap_uid_flags *c = &d->changes[i];
		while (j < n && all[j].uid < c->uid)
			j++;
		if (j < n && all[j].uid == c->uid)
			all[j].flags = c->flags;
		else if (!gone(d, c->uid) && (!n || c->uid > all[n - 1].uid))
			all[n++] = *c;
	}
	if (n != d->exists) {
		free(all);
		return false;
	}
	d->slot_lo = 1;
	d->nslots = (uint32_t)n;
	d->slots = xcalloc(n ? n : 1, sizeof(*d->slots));
	for (size_t i = 0; i < n; i++)
		imap_slot_from_cache(d, &d->slots[i], all[i].uid, all[i].flags);
	free(all);
	return true;
}

void imap_qresync_release(struct imap_mb *d)
{
	free(d->changes);
	free(d->vanished);
	d->changes = NULL;
	d->vanished = NULL;
	d->nchanges = d->capchanges = d->nvanished = d->capvanished = 0;
}

/*
 * RFC 7162 section 3.1.4: CHANGEDSINCE returns the messages whose flags
 * changed, new ones among them, but not what was expunged. An expunge
 * still shows: the saved list plus the new messages is more than EXISTS.
 */
int imap_condstore_open(struct imap_mb *d, const struct imap_state *st, struct buf *err)
{
	char cmd[96];
	int rc = 0;

	snprintf(cmd, sizeof(cmd), "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %llu)",
		 (unsigned long long)st->highestmodseq);
	d->qresync_select = true; /* the FETCH responses are collected as changes */
	if (d->exists)
		rc = imap_run_text(d->s, cmd, NULL, err);
	d->qresync_select = false;
	if (rc == ERR_PROTO) { /* refused: the full open */
		buf_reset(err);
		rc = ERR_AGAIN;
	}
	if (rc == 0 && !imap_qresync_build(d, st))
		rc = ERR_AGAIN;
	imap_qresync_release(d);
	return rc;
}
