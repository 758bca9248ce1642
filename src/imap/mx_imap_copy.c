/*
 * mx_imap_copy.c - the copy op: messages copied or moved to another folder
 * of the same account on the server itself, none downloaded. UID MOVE
 * (RFC 6851) when moving and the server has MOVE: its untagged EXPUNGE or
 * VANISHED responses take the messages out of the model (imap_mb_untagged).
 * Otherwise UID COPY, and for a move UID STORE +FLAGS.SILENT (\Deleted) on
 * the originals, which the model marks deleted too: they go at the next
 * expunge, by the user's usual rules, as after mutt's save. Each UID set is
 * kept short (chunks), so no command line is huge; a chunk's COPY or MOVE is
 * atomic on the server, so a failure part-way leaves every message either
 * where it was or in both folders, never nowhere. A destination the server
 * does not have ([TRYCREATE]) is created after asking ($confirmcreate).
 */
#include <stdlib.h>

#include "config/config.h"
#include "imap/mx_imap_idle.h"
#include "imap/mx_imap_int.h"

/* Bytes of one UID set: the command stays far under the 8,000 octets servers must take. */
#define SET_MAX 4000

/* A message to copy: its UID and model id, sorted by UID. */
struct uid_id {
	uint32_t uid, id;
};

static int by_uid(const void *a, const void *b)
{
	uint32_t x = ((const struct uid_id *)a)->uid, y = ((const struct uid_id *)b)->uid;

	return x < y ? -1 : x > y;
}

/* The user an URL logs in as: its own, else $imap_user. */
static const char *login_user(const struct imap_url *u, const struct config *cfg)
{
	if (u->user && *u->user)
		return u->user;
	return cfg ? cfg_str(cfg, V_imap_user) : "";
}

/* Is dest a folder of the account d is logged in to (same host, port, TLS mode and user)? */
static bool same_account(const struct imap_mb *d, const struct imap_url *dest)
{
	const struct config *cfg = d->mb->set.cfg;
	const char *a = login_user(&d->url, cfg), *b = login_user(dest, cfg);

	return d->url.tls == dest->tls && d->url.port == dest->port &&
	       ascii_strcasecmp(d->url.host, dest->host) == 0 &&
	       strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * The UIDs of the messages ids, sorted; false when one is no longer in the
 * model. *changed: one of them has flags the server does not have yet.
 */
static bool collect(struct mailbox *mb, const uint32_t *ids, size_t n, struct uid_id *v,
		    bool *changed, struct buf *err)
{
	bool ok = true;

	*changed = false;

	mailbox_lock(mb);
	for (size_t k = 0; k < n && ok; k++) {
		const struct message *m = mx_find(mb, ids[k]);
		if (!m || !m->loc.uid) {
			ok = false;
			buf_addstr(err,
				   _("a message to copy is gone (expunged by another client?)"));
		} else {
			v[k] = (struct uid_id){ m->loc.uid, ids[k] };
			*changed |= (m->flags & MSG_CHANGED) != 0;
		}
	}
	mailbox_unlock(mb);
	if (ok)
		qsort(v, n, sizeof(*v), by_uid);
	return ok;
}

/*
 * A command that ended without the server's answer (Ctrl-C, a timeout, a
 * lost link) leaves the session in an unknown state: drop it without
 * LOGOUT, which a stopped server would never answer; the next operation
 * logs in afresh.
 */
static int settled(struct imap_mb *d, int rc)
{
	if (rc != 0 && rc != ERR_PROTO)
		imap_watch_drop(d);
	return rc;
}

/* "UID COPY set mailbox" or "UID MOVE ...". */
static int copy_set(struct imap_mb *d, const char *set, const char *mailbox, bool move,
		    enum imap_code *code, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_addf(&cmd, "UID %s %s ", move ? "MOVE" : "COPY", set);
	rc = imap_cmd_add_mailbox(&cmd, mailbox, imap_str_flags(d->s));
	imap_cmd_finish(&cmd);
	if (rc == 0)
		rc = settled(d, imap_run(d->s, &cmd, code, err));
	else
		buf_printf(err, _("%s: not a mailbox name IMAP can carry"), mailbox);
	imap_cmd_release(&cmd);
	return rc;
}

int imap_create_folder(struct imap_mb *d, const char *mailbox, struct buf *err)
{
	const struct config *cfg = d->mb->set.cfg;
	struct buf title = BUF_INIT, prompt = BUF_INIT;
	struct imap_cmd cmd;
	int rc = 0, choice = -1;

	if (!cfg || cfg_bool(cfg, V_confirmcreate)) {
		buf_printf(&title, _("The server has no folder %s."), mailbox);
		/* TRANSLATORS: the keys are y and n, in this order. */
		buf_printf(&prompt, _("Create %s? (y/n)"), mailbox);
		const struct mx_ask q = { MX_ASK_CHOICE, title.data, NULL, 0, prompt.data, "yn" };
		rc = mx_ask(d->mb, &q, &choice, NULL);
		if (rc == ERR_UNSUPPORTED)
			rc = 0, choice = 0;
		if (rc == 0 && choice != 0)
			rc = ERR_CANCEL;
	}
	buf_release(&title);
	buf_release(&prompt);
	if (rc != 0) {
		buf_printf(err, _("%s: not created"), mailbox);
		return rc;
	}
	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "CREATE ");
	imap_cmd_add_mailbox(&cmd, mailbox, imap_str_flags(d->s));
	imap_cmd_finish(&cmd);
	rc = settled(d, imap_run(d->s, &cmd, NULL, err));
	imap_cmd_release(&cmd);
	return rc;
}

/* Without MOVE: the copied originals get \Deleted, on the server and in the model. */
static int delete_copied(struct imap_mb *d, const char *set, const struct uid_id *v, size_t n,
			 struct buf *err)
{
	struct buf cmd = BUF_INIT;
	int rc;

	buf_printf(&cmd, "UID STORE %s +FLAGS.SILENT (\\Deleted)", set);
	rc = settled(d, imap_run_text(d->s, cmd.data, NULL, err));
	buf_release(&cmd);
	if (rc != 0)
		return rc;
	mailbox_lock(d->mb);
	for (size_t k = 0; k < n; k++) {
		const struct message *m = mx_find(d->mb, v[k].id);
		if (m)
			mx_change_flags(d->mb, m->index, MSG_DELETED, 0);
	}
	mailbox_unlock(d->mb);
	return 0;
}

/* One chunk: COPY or MOVE, creating the folder once if the server asks, retried after a lost link. */
static int copy_chunk(struct imap_mb *d, const char *set, const char *mailbox, bool use_move,
		      bool *created, struct buf *err)
{
	enum imap_code code = IMAP_CODE_NONE;
	int rc = d->s ? copy_set(d, set, mailbox, use_move, &code, err) : ERR_CLOSED;

	if (imap_link_lost(rc)) {
		buf_reset(err);
		rc = imap_reconnect(d, err);
		if (rc == 0)
			rc = copy_set(d, set, mailbox, use_move, &code, err);
	}
	if (rc == ERR_PROTO && code == IMAP_CODE_TRYCREATE && !*created && d->s) {
		buf_reset(err);
		*created = true;
		rc = imap_create_folder(d, mailbox, err);
		if (rc == 0)
			rc = copy_set(d, set, mailbox, use_move, NULL, err);
	}
	return rc;
}

/* Every chunk of v in turn, under the session lock. */
static int copy_all(struct imap_mb *d, const struct uid_id *v, size_t n, const char *mailbox,
		    bool move, struct buf *err)
{
	bool use_move = move && d->s && imap_has(d->s, IMAP_CAP_MOVE), created = false;
	const char *label = move ? _("Moving...") : _("Copying...");
	uint32_t *uids = xmalloc(n * sizeof(*uids));
	struct buf set = BUF_INIT;
	int rc = 0;

	for (size_t k = 0; k < n; k++)
		uids[k] = v[k].uid;
	for (size_t at = 0; rc == 0 && at < n;) {
		if (mx_cancelled(d->mb)) {
			buf_addstr(err, _("stopped"));
			rc = ERR_CANCEL;
			break;
		}
		mx_progress(d->mb, label, at, n);
		buf_reset(&set);
		size_t used = imap_uidset_chunk(uids + at, n - at, SET_MAX, &set);
		rc = copy_chunk(d, set.data, mailbox, use_move, &created, err);
		if (rc == 0 && move && !use_move)
			rc = delete_copied(d, set.data, v + at, used, err);
		at += used;
	}
	if (rc == 0)
		mx_progress(d->mb, label, n, n);
	buf_release(&set);
	free(uids);
	return rc;
}

int imap_copy(struct mailbox *mb, const uint32_t *ids, size_t n, const char *dest, bool move,
	      struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	struct imap_url u;
	struct buf ignored = BUF_INIT;
	struct uid_id *v;
	bool changed;
	int rc;

	if (!d || imap_url_parse(dest, &u, &ignored) != 0) {
		buf_release(&ignored);
		return ERR_UNSUPPORTED; /* not an IMAP folder: read and append */
	}
	buf_release(&ignored);
	if (!same_account(d, &u)) {
		imap_url_release(&u);
		return ERR_UNSUPPORTED;
	}
	if (strcmp(u.mailbox, d->url.mailbox) == 0 ||
	    (ascii_strcasecmp(u.mailbox, "INBOX") == 0 &&
	     ascii_strcasecmp(d->url.mailbox, "INBOX") == 0)) {
		buf_addstr(err, _("That is the folder open now."));
		imap_url_release(&u);
		return ERR_INVAL;
	}
	v = xmalloc((n ? n : 1) * sizeof(*v));
	rc = collect(mb, ids, n, v, &changed, err) ? 0 : ERR_NOTFOUND;
	/* the server copies its own flags: a message read just now must arrive read */
	if (rc == 0 && changed)
		rc = imap_sync(mb, false, err);
	if (rc == 0 && n) {
		atomic_fetch_add(&d->readers, 1); /* a load in progress pauses for us */
		pthread_mutex_lock(&d->lock);
		atomic_fetch_sub(&d->readers, 1);
		rc = copy_all(d, v, n, u.mailbox, move, err);
		if (rc == 0)
			imap_state_save(d);
		pthread_mutex_unlock(&d->lock);
	}
	free(v);
	imap_url_release(&u);
	return rc;
}
