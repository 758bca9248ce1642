/*
 * mx_imap_read.c - reading a message's bytes from the server (the mx read
 * op): BODY.PEEK so that the server's \Seen waits for sync, through the
 * session lock that read jobs share with a running load. With
 * $message_cachedir set, the body cache (bcache.h) answers first and keeps
 * what was fetched; $message_cache_clean drops what left the folder.
 */
#include <stdio.h>
#include <stdlib.h>

#include "config/config.h"
#include "imap/bcache.h"
#include "imap/mx_imap_int.h"

/* What the read needs of message id: its UID (0: none) and the server's RFC822.SIZE. */
static uint32_t uid_of(struct mailbox *mb, uint32_t id, uint64_t *size)
{
	const struct message *m;
	uint32_t uid = 0;

	mailbox_lock(mb);
	if ((m = mx_find(mb, id)) != NULL) {
		uid = m->loc.uid;
		*size = m->size;
	}
	mailbox_unlock(mb);
	return uid;
}

/* The folder's body cache directory into dir; false when $message_cachedir is unset. */
static bool cache_dir(const struct imap_mb *d, struct buf *dir)
{
	const struct config *cfg = d->mb->set.cfg;
	const char *user = d->url.user;

	if (!cfg || !*cfg_str(cfg, V_message_cachedir))
		return false;
	if (!user || !*user)
		user = cfg_str(cfg, V_imap_user); /* the account the session logs in as */
	return bcache_dir(cfg_str(cfg, V_message_cachedir), user, d->url.host, d->url.port,
			  d->url.mailbox, dir) == 0;
}

static int cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Remove the cached messages the model does not have. exists is what the
 * server last said the folder holds: a model with another count is still
 * loading (or a load was cancelled), and cleaning against it would drop
 * the files of messages merely not loaded yet.
 */
static void clean_against_model(struct mailbox *mb, const char *dir, uint32_t uidvalidity,
				uint32_t exists)
{
	uint32_t *uids = NULL;
	size_t n = 0;
	bool complete;

	mailbox_lock(mb);
	complete = mb->n == exists;
	if (complete && mb->n) {
		uids = xreallocarray(NULL, mb->n, sizeof(*uids));
		for (size_t i = 0; i < mb->n; i++)
			uids[n++] = mb->msgs[i].loc.uid;
	}
	mailbox_unlock(mb);
	if (complete) {
		struct buf err = BUF_INIT; /* a cache that cannot be cleaned costs only disk */

		qsort(uids, n, sizeof(*uids), cmp_uid);
		bcache_clean(dir, uidvalidity, uids, n, NULL, &err);
		buf_release(&err);
	}
	free(uids);
}

void imap_bcache_clean(struct mailbox *mb)
{
	struct imap_mb *d = mb->bdata;
	struct buf dir = BUF_INIT;

	if (d && d->uidvalidity && mb->set.cfg && cfg_bool(mb->set.cfg, V_message_cache_clean) &&
	    cache_dir(d, &dir))
		clean_against_model(mb, dir.data, d->uidvalidity, d->exists);
	buf_release(&dir);
}

/* Take the session: waiting, or (under the model's lock) only if it is free. */
static int session_take(struct imap_mb *d, struct buf *err)
{
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
	return 0;
}

/* UID FETCH of the whole message into raw (CRLF as sent), the session held. */
static int fetch_body(struct imap_mb *d, uint32_t uid, struct buf *raw, struct buf *err)
{
	size_t start = raw->len;
	char cmd[64];
	int rc;

	snprintf(cmd, sizeof(cmd), "UID FETCH %u (UID BODY.PEEK[])", uid);
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
	return rc;
}

/*
 * Keep a fetched message in the cache. Only when its length is the size
 * the server reported: that length is what tells a whole file from a
 * damaged one later, so a message it cannot check is not kept.
 */
static void cache_store(struct mailbox *mb, const char *dir, uint32_t uidvalidity, uint32_t uid,
			uint64_t size, const struct buf *raw, size_t start, uint32_t exists)
{
	struct buf err = BUF_INIT; /* a full disk fails the cache, never the read */

	if (size == raw->len - start &&
	    bcache_put(dir, uidvalidity, uid, raw->data + start, raw->len - start, &err) == 0 &&
	    mb->set.cfg && cfg_bool(mb->set.cfg, V_message_cache_clean))
		clean_against_model(mb, dir, uidvalidity, exists);
	buf_release(&err);
}

int imap_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	struct buf dir = BUF_INIT;
	uint64_t size = 0;
	uint32_t uid = uid_of(mb, id, &size), uidvalidity = 0, exists = 0;
	size_t start = raw->len;
	bool cached, hit = false;
	int rc;

	if (!d) {
		buf_addstr(err, _("the IMAP connection is closed"));
		return ERR_CLOSED;
	}
	if (!uid) {
		buf_addstr(err, _("no such message"));
		return ERR_NOTFOUND;
	}
	if ((rc = session_take(d, err)) != 0)
		return rc;
	/* the cache is looked at under the session: UIDVALIDITY changes only there */
	cached = cache_dir(d, &dir) && d->uidvalidity;
	uidvalidity = d->uidvalidity;
	if (cached)
		hit = bcache_get(dir.data, uidvalidity, uid, size, raw) == 0;
	rc = hit ? 0 : fetch_body(d, uid, raw, err);
	if (d->uidvalidity != uidvalidity)
		cached =
			false; /* a reconnect found the folder renumbered: the UID was of another message */
	exists = d->exists;
	pthread_mutex_unlock(&d->lock);
	if (rc == 0 && cached && !hit)
		cache_store(mb, dir.data, uidvalidity, uid, size, raw, start, exists);
	buf_release(&dir);
	if (rc == 0)
		buf_crlf_to_lf(raw, start); /* the model keeps LF line ends */
	return rc;
}
