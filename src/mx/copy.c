/*
 * copy.c - copying (or moving) many messages to another folder at once
 * (save-message, copy-message, headless --save/--copy). The source's
 * backend is asked first (IMAP: UID COPY or UID MOVE on the server, no
 * download); when it cannot, every message is read and appended to the
 * destination, which is opened once for all of them (one IMAP session,
 * not one per message).
 *
 * Nothing is lost: a move marks an original deleted only after its copy is
 * complete in the destination, and the first failure stops the run.
 */
#include <errno.h>
#include <sys/stat.h>

#include "mx/mx-private.h"

/* An open destination: a mailbox object that is never opened for reading, only appended to. */
struct dest {
	struct mailbox *mb;
};

/*
 * The destination answers to the source's interface: its questions (a
 * password, a certificate) go to the source's event queue, and the
 * source's cancel wakes its waits on a server (a copy of the descriptor).
 */
static void dest_follow(struct mailbox *dest, struct mailbox *src)
{
	int fd = src->cancel_fd >= 0 ? dup(src->cancel_fd) : -1;

	dest->events = src->events;
	if (fd >= 0) {
		if (dest->cancel_fd >= 0)
			close(dest->cancel_fd);
		dest->cancel_fd = fd;
	}
}

/* Open the folder at path for appending, creating it as $mbox_type when it is missing. */
static int dest_open(struct mailbox *src, const char *path, const struct config *cfg,
		     struct dest *d, struct buf *err)
{
	struct mailbox *mb = mailbox_new(path, cfg);
	struct stat st;
	int rc = 0;

	d->mb = mb;
	dest_follow(mb, src);
	mb->type = mx_probe(path, err);
	if (mb->type == MX_UNKNOWN && stat(path, &st) != 0 && errno == ENOENT) {
		buf_reset(err);
		mb->type = mb->set.new_type;
		mb->ops = mx_ops_for(mb->type);
		rc = mb->ops && mb->ops->create ? mb->ops->create(path, err) : ERR_UNSUPPORTED;
	} else {
		mb->ops = mx_ops_for(mb->type);
	}
	if (rc == 0 && (!mb->ops || !mb->ops->append)) {
		if (!err->len)
			buf_printf(err, _("%s: cannot append to this mailbox"), path);
		rc = ERR_UNSUPPORTED;
	}
	return rc;
}

static void dest_close(struct dest *d)
{
	mailbox_free(&d->mb);
}

/* What a copy keeps of message id: its stored flags (not "deleted") and delivery time. */
static bool message_meta(struct mailbox *mb, uint32_t id, uint32_t *flags, int64_t *received)
{
	const struct message *m;

	mailbox_lock(mb);
	m = mx_find(mb, id);
	if (m) {
		*flags = m->flags & MSG_STORED & ~MSG_DELETED;
		*received = m->received;
	}
	mailbox_unlock(mb);
	return m != NULL;
}

/* Mark message id deleted (a move whose copy is complete). */
static void mark_deleted(struct mailbox *mb, uint32_t id)
{
	const struct message *m;

	mailbox_lock(mb);
	if ((m = mx_find(mb, id)) != NULL)
		mx_change_flags(mb, m->index, MSG_DELETED, 0);
	mailbox_unlock(mb);
}

/* The reason a message could not be copied, naming it by its number in the folder. */
static void name_failure(struct mailbox *mb, uint32_t id, int rc, struct buf *err)
{
	const struct message *m;
	size_t num = 0;
	char *why;

	mailbox_lock(mb);
	if ((m = mx_find(mb, id)) != NULL)
		num = m->index + 1;
	mailbox_unlock(mb);
	why = xstrdup(err->len ? err->data : err_str(rc));
	buf_reset(err);
	if (num)
		buf_printf(err, _("message %zu: %s"), num, why);
	else
		buf_addstr(err, why);
	free(why);
}

/* One message read from mb and appended to d. */
static int copy_one(struct mailbox *mb, struct dest *d, uint32_t id, struct buf *raw,
		    struct buf *err)
{
	uint32_t flags = 0;
	int64_t received = 0;
	int rc;

	if (!message_meta(mb, id, &flags, &received)) {
		buf_addstr(err, _("the message is gone"));
		return ERR_NOTFOUND;
	}
	buf_reset(raw);
	rc = mx_read(mb, id, raw, err);
	if (rc == 0)
		rc = d->mb->ops->append(d->mb, raw->data, raw->len, flags, received, err);
	return rc;
}

/* Read and append every message, the destination opened once. */
static int copy_by_append(struct mailbox *mb, const struct config *cfg, const uint32_t *ids,
			  size_t n, const char *dest, bool move, size_t *done, struct buf *err)
{
	struct buf raw = BUF_INIT;
	struct dest d;
	int rc = dest_open(mb, dest, cfg, &d, err);

	for (size_t k = 0; rc == 0 && k < n; k++) {
		if (mx_cancelled(mb)) {
			buf_addstr(err, _("stopped"));
			rc = ERR_CANCEL;
			break;
		}
		mx_progress(mb, move ? _("Moving...") : _("Copying..."), k, n);
		rc = copy_one(mb, &d, ids[k], &raw, err);
		if (rc != 0) {
			name_failure(mb, ids[k], rc, err);
			break;
		}
		if (move)
			mark_deleted(mb, ids[k]);
		(*done)++;
	}
	if (rc == 0)
		mx_progress(mb, move ? _("Moving...") : _("Copying..."), n, n);
	dest_close(&d);
	buf_release(&raw);
	return rc;
}

int mx_copy_messages(struct mailbox *mb, const struct config *cfg, const uint32_t *ids, size_t n,
		     const char *dest, bool move, size_t *done, struct buf *err)
{
	size_t before = err->len;
	int rc = ERR_UNSUPPORTED;

	*done = 0;
	if (!n)
		return 0;
	if (mb->ops && mb->ops->copy) {
		rc = mb->ops->copy(mb, ids, n, dest, move, err);
		if (rc == 0)
			*done = n;
		if (rc != ERR_UNSUPPORTED)
			return rc;
		buf_setlen(err, before);
	}
	rc = copy_by_append(mb, cfg, ids, n, dest, move, done, err);
	if (rc != 0 && err->len == before)
		buf_addstr(err, err_str(rc));
	return rc;
}
