/*
 * mh_sync.c - writing an MH folder's flags to .mh_sequences and removing
 * deleted messages.
 *
 * Sync first takes in what others changed (a refresh), then, holding the
 * sequence file's lock, reads it again and merges flag by flag: a flag
 * tern changed takes tern's word, every other flag keeps the file's, so a
 * message marked replied by nmh while tern flagged it ends both. Removed
 * messages leave every sequence, as with nmh's rmm. The file is replaced
 * atomically; when that fails the model keeps its changes for next time.
 */
#include <inttypes.h>

#include "mx/mh.h"

/* A message as sync saw it. */
struct snap {
	uint32_t num, id, flags, seen;
	bool removed;
};

static int cmp_snap(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* The model's messages, by number; *work tells whether sync has anything to do. */
static struct snap *snapshot(struct mailbox *mb, struct mh_data *d, bool expunge, size_t *np,
			     bool *work)
{
	struct snap *s;

	*work = false;
	mailbox_lock(mb);
	*np = mb->n;
	s = xcalloc(mb->n ? mb->n : 1, sizeof(*s));
	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		const struct mh_entry *e = mh_files_find(d, m->loc.num);
		/* without a record of the file's word, tern's flags win */
		uint32_t seen = e ? e->seen : ~m->flags & MH_BITS;

		s[i] = (struct snap){ m->loc.num, m->id, m->flags, seen, false };
		*work |= (m->flags & MSG_CHANGED) || (expunge && (m->flags & MSG_DELETED));
	}
	mailbox_unlock(mb);
	if (*np > 1)
		qsort(s, *np, sizeof(*s), cmp_snap);
	return s;
}

/*
 * Remove the file of message num: unlink it ($mh_purge) or, as MH does,
 * rename it to ",num". Only if it is still the file tern loaded: another
 * program may have renumbered the folder since, and then num is another
 * message, which must not go.
 */
static int remove_file(struct mailbox *mb, struct mh_data *d, uint32_t num, bool *removed)
{
	struct buf path = BUF_INIT, backup = BUF_INIT;
	const struct mh_entry *e = mh_files_find(d, num);
	struct stat st;
	int rc = 0;

	*removed = false;
	buf_printf(&path, "%s/%" PRIu32, mb->path, num);
	buf_printf(&backup, "%s/,%" PRIu32, mb->path, num);
	if (lstat(path.data, &st) != 0) {
		/* already gone is as good as removed */
		*removed = errno == ENOENT;
		rc = *removed ? 0 : ERR_IO;
	} else if (e && st.st_ino == e->ino) {
		if ((mb->set.mh_purge ? unlink(path.data) : rename(path.data, backup.data)) == 0)
			*removed = true;
		else
			rc = ERR_IO;
	}
	buf_release(&path);
	buf_release(&backup);
	return rc;
}

/* Remove the deleted messages' files; s[i].removed tells which went. */
static int expunge_files(struct mailbox *mb, struct mh_data *d, struct snap *s, size_t n,
			 struct buf *err)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(s[i].flags & MSG_DELETED))
			continue;
		if (remove_file(mb, d, s[i].num, &s[i].removed) != 0 && !rc) {
			buf_printf(err, _("cannot remove message %" PRIu32 " of %s: %s"), s[i].num,
				   mb->path, strerror(errno));
			rc = ERR_IO;
		}
	}
	return rc;
}

/*
 * The sequences after sync: removed numbers leave every sequence; for a
 * message tern changed, each flag that differs from what the file said
 * when tern last agreed with it takes tern's word; the rest keeps the file's.
 */
static void seqs_update(struct mh_seqs *q, const struct snap *s, size_t n)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	uint32_t *drop = xmalloc((n ? n : 1) * sizeof(*drop));
	size_t ngone = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i].removed)
			gone[ngone++] = s[i].num;
	mh_seqs_forget(q, gone, ngone);
	for (int r = 0; r < NROLES; r++) {
		size_t ndrop = 0;
		for (size_t i = 0; i < n; i++) {
			bool mine = mh_role_member(r, s[i].flags);
			if (s[i].removed || !(s[i].flags & MSG_CHANGED) ||
			    mine == mh_role_member(r, s[i].seen))
				continue;
			if (mine)
				mh_ranges_add(&q->role[r], s[i].num, s[i].num);
			else
				drop[ndrop++] = s[i].num;
		}
		mh_ranges_normalize(&q->role[r]);
		mh_ranges_subtract(&q->role[r], drop, ndrop);
	}
	free(gone);
	free(drop);
}

/*
 * Tell the model what sync did: removed messages leave; every other one
 * takes the flags q (the file as written, or as read when writing failed)
 * gives it, unless it holds changes not written; written ones are no
 * longer CHANGED (unless changed again meanwhile).
 */
static void sync_done(struct mailbox *mb, struct mh_data *d, const struct snap *s, size_t n,
		      const struct mh_seqs *q, bool written)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	size_t ngone = 0, kept = 0;
	bool changed = false;

	mailbox_lock(mb);
	for (size_t i = 0; i < n; i++) {
		struct message *m = mx_find(mb, s[i].id);
		struct mh_entry *e = mh_files_find(d, s[i].num);
		uint32_t bits = q ? mh_seq_bits(q, s[i].num) : 0;

		if (s[i].removed) {
			gone[ngone++] = s[i].id;
			mh_hcache_delete(d, s[i].num);
			continue;
		}
		if (!m || !q || ((s[i].flags & MSG_CHANGED) && !written))
			continue;
		/* Interface-only flags (tagged, collapsed) may change meanwhile: they are not writes. */
		if ((m->flags & (MSG_STORED | MSG_CHANGED)) ==
			    (s[i].flags & (MSG_STORED | MSG_CHANGED)) ||
		    !(m->flags & MSG_CHANGED)) {
			/* not changed again since the snapshot */
			m->flags &= ~MSG_CHANGED;
			if ((m->flags & MH_BITS) != bits)
				mx_set_stored_flags(mb, m->id, mh_merged_flags(m->flags, bits));
		}
		if (e)
			e->seen = bits;
	}
	mx_remove(mb, gone, ngone);
	for (size_t i = 0; i < mb->n; i++)
		changed |= (mb->msgs[i].flags & MSG_CHANGED) != 0;
	mb->changed_flags = changed;
	mailbox_unlock(mb);
	/* d->files and the snapshot are both sorted by number */
	for (size_t i = 0, j = 0; i < d->n; i++) {
		while (j < n && s[j].num < d->files[i].num)
			j++;
		if (!(j < n && s[j].num == d->files[i].num && s[j].removed))
			d->files[kept++] = d->files[i];
	}
	d->n = kept;
	if (d->hc)
		hcache_commit(d->hc);
	free(gone);
}

int mh_sync(struct mailbox *mb, bool expunge, struct buf *err)
{
	struct mh_data *d = mb->bdata;
	const char *names[NROLES];
	struct mh_seqs q;
	struct buf later = BUF_INIT; /* a second error, when expunging already failed */
	struct snap *s;
	size_t n;
	int lockfd = -1, rc, rc_rm = 0;
	bool work, have_q;

	if (!d) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	if (mb->set.read_only) {
		buf_addstr(err, _("the mailbox is read-only"));
		return ERR_INVAL;
	}
	/* Like mutt, take in what others changed first, so as not to write over it. */
	rc = mh_refresh(mb, d, err);
	if (rc)
		return rc;
	s = snapshot(mb, d, expunge, &n, &work);
	if (!work)
		goto out;
	if (expunge)
		rc_rm = expunge_files(mb, d, s, n, err);
	mh_seq_names(&mb->set, names);
	rc = mh_seqs_read(mb->path, names, &q, &lockfd, rc_rm ? &later : err);
	have_q = rc == 0;
	if (have_q) {
		seqs_update(&q, s, n);
		rc = mh_seqs_write(mb->path, &q, names, rc_rm ? &later : err);
	}
	if (lockfd >= 0)
		close(lockfd);
	sync_done(mb, d, s, n, have_q ? &q : NULL, have_q && rc == 0);
	if (have_q)
		mh_seqs_release(&q);
out:
	buf_release(&later);
	free(s);
	return rc_rm ? rc_rm : rc;
}
