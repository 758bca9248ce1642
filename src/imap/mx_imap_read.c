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
#include "imap/bcache_parts.h"
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

/* Plan or build over the FETCH of our UID; everything else goes to the backend's handler. */
struct display {
	struct imap_mb *d;
	uint32_t uid;
	bool build, got;
	int rc;
	struct buf items;            /* plan: the sections to ask for */
	uint64_t bytes;              /* plan: their body octets */
	const struct strlist *order; /* $alternative_order: the plan and the build must agree */
	struct buf *raw;             /* build: the message */
	struct buf *err;
};

static const struct imap_str *section_of(void *ctx, const char *spec)
{
	const struct imap_fetch *f = ctx;

	for (size_t i = 0; i < f->nsections; i++)
		if (f->sections[i].kind == IMAP_SEC_BODY && !f->sections[i].has_origin &&
		    ascii_strcasecmp(f->sections[i].spec, spec) == 0)
			return &f->sections[i].data;
	return NULL;
}

/*
 * The tree and the sections live only as long as the response: the plan
 * and the build both run here, and the build's FETCH asks for the
 * BODYSTRUCTURE again so that it has the tree and the bytes together.
 */
static void display_untagged(void *ctx, const struct imap_resp *r)
{
	struct display *x = ctx;
	const struct imap_fetch *f = &r->fetch;

	if (r->data == IMAP_DATA_FETCH && !x->got && (f->have & IMAP_FETCH_UID) &&
	    f->uid == x->uid && (f->have & IMAP_FETCH_BODYSTRUCTURE) && f->body) {
		x->got = true;
		x->rc = x->build ? imap_parts_build(f->body, x->order, section_of, (void *)f,
						    x->raw, x->err)
				 : imap_parts_plan(f->body, x->order, &x->items, &x->bytes, x->err);
		return;
	}
	imap_mb_untagged(x->d, r);
}

static int display_run(struct display *x, const char *cmd)
{
	int rc;

	x->got = false;
	rc = imap_run_text(x->d->s, cmd, NULL, x->err);
	if (rc == 0 && !x->got)
		rc = ERR_NOTFOUND;
	return rc == 0 ? x->rc : rc;
}

/*
 * The parts the pager shows, in a message built around them (bcache_parts.h),
 * the session held. Any failure (a structure too odd, little to save, a part
 * missing) is for the caller to answer with the whole message.
 */
static int fetch_display(struct imap_mb *d, uint32_t uid, uint64_t size, struct buf *raw,
			 struct buf *err)
{
	const struct config *cfg = d->mb->set.cfg;
	struct display x = { .d = d, .uid = uid, .raw = raw, .err = err };
	struct buf cmd = BUF_INIT;
	int rc;

	if (!d->s)
		return ERR_CLOSED;
	x.order = cfg ? cfg_list(cfg, L_ALTERNATIVE_ORDER) : NULL;
	imap_set_untagged(d->s, display_untagged, &x);
	buf_printf(&cmd, "UID FETCH %u (UID BODYSTRUCTURE)", uid);
	rc = display_run(&x, cmd.data);
	if (rc == 0 && x.bytes > size / 2)
		rc = ERR_UNSUPPORTED; /* most of it is shown anyway: one whole fetch is simpler */
	if (rc == 0) {
		buf_reset(&cmd);
		buf_printf(&cmd, "UID FETCH %u (UID BODYSTRUCTURE %s)", uid, x.items.data);
		x.build = true;
		rc = display_run(&x, cmd.data);
	}
	if (d->s)
		imap_set_untagged(d->s, imap_mb_untagged, d);
	buf_release(&cmd);
	buf_release(&x.items);
	return rc;
}

/*
 * The read under the session: the cache, else (display, a large message)
 * the shown parts, else the whole message, stored in the cache.
 */
static int read_locked(struct mailbox *mb, struct imap_mb *d, uint32_t uid, uint64_t size,
		       bool display, struct buf *raw, struct buf *err)
{
	struct buf dir = BUF_INIT, why = BUF_INIT;
	size_t start = raw->len;
	uint32_t uidvalidity = d->uidvalidity, exists;
	bool cached =
		cache_dir(d, &dir) && uidvalidity; /* UIDVALIDITY changes only under the session */
	int rc = ERR_NOTFOUND;

	if (cached && bcache_get(dir.data, uidvalidity, uid, size, raw) == 0) {
		pthread_mutex_unlock(&d->lock);
		buf_release(&dir);
		return 0;
	}
	display = display && size >= IMAP_DISPLAY_MIN;
	if (display) {
		rc = fetch_display(d, uid, size, raw, &why); /* a partial message is never cached */
		if (rc != 0)
			buf_setlen(raw, start);
		display = rc == 0;
	}
	if (!display && rc != ERR_CANCEL)
		rc = fetch_body(d, uid, raw, err);
	if (d->uidvalidity != uidvalidity)
		cached =
			false; /* a reconnect found the folder renumbered: the UID was of another message */
	exists = d->exists;
	pthread_mutex_unlock(&d->lock);
	if (rc == 0 && cached && !display)
		cache_store(mb, dir.data, uidvalidity, uid, size, raw, start, exists);
	buf_release(&dir);
	buf_release(&why);
	return rc == 0 && display ? MX_READ_PARTIAL : rc;
}

static int read_op(struct mailbox *mb, uint32_t id, bool display, struct buf *raw, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	uint64_t size = 0;
	uint32_t uid = uid_of(mb, id, &size);
	size_t start = raw->len;
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
	rc = read_locked(mb, d, uid, size, display, raw, err); /* lets go of the session */
	if (rc >= 0)
		buf_crlf_to_lf(raw, start); /* the model keeps LF line ends */
	return rc;
}

int imap_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_op(mb, id, false, raw, err);
}

int imap_read_display(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_op(mb, id, true, raw, err);
}
