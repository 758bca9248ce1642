/*
 * mbox_append.c - adding messages at the end of an mbox or MMDF file, and
 * taking in what others added: new mail appended while the folder is open,
 * and mail a delivery agent wrote into the file our last rewrite replaced.
 *
 * An append is one write of whole messages under the lock, then fsync;
 * when either fails the file is cut back to its old size, so a reader
 * never sees half a message and a full disk costs nothing.
 *
 * Why the replaced file is watched: a program that opened the mailbox
 * before our rename and then waited for its fcntl lock (mutt does this
 * when it appends) gets the lock on the old, unlinked file and writes
 * there. Until the folder is closed, check and sync look at that file
 * and carry anything new in it over to the mailbox.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/mbox-private.h"

static int pwrite_all(int fd, const char *p, size_t n, uint64_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/* What must come before new messages so that the file's last one is properly ended. */
static const char *padding(int fd, enum mx_type type, uint64_t size)
{
	char t[4] = { 0 };
	size_t n = (size_t)MIN(size, (uint64_t)4);

	if (size == 0)
		return "";
	if (pread(fd, t + 4 - n, n, (off_t)(size - n)) != (ssize_t)n)
		return "\n\n"; /* unreadable: an extra blank line is harmless */
	if (type == MX_MMDF)
		return t[3] == '\n' ? "" : "\n";
	if (t[3] == '\n' && (t[2] == '\n' || (t[2] == '\r' && t[1] == '\n')))
		return "";
	return t[3] == '\n' ? "\n" : "\n\n";
}

int mbox_append_bytes(int fd, enum mx_type type, const char *data, size_t len, struct buf *err)
{
	struct stat st;
	const char *pad;
	int e;

	if (fstat(fd, &st) != 0)
		goto fail_nocut;
	pad = padding(fd, type, (uint64_t)st.st_size);
	if (pwrite_all(fd, pad, strlen(pad), (uint64_t)st.st_size) != 0 ||
	    pwrite_all(fd, data, len, (uint64_t)st.st_size + strlen(pad)) != 0 || fsync(fd) != 0)
		goto fail;
	return 0;
fail:
	e = errno;
	/* nothing half-written may stay */
	if (ftruncate(fd, st.st_size) == 0)
		fsync(fd);
	errno = e;
fail_nocut:
	e = errno;
	buf_printf(err, _("writing to the mailbox: %s"), strerror(e));
	return mbox_errno_code(e);
}

/* ---- formatting a message --------------------------------------------- */

/* The envelope sender: Return-Path, else Sender, else From (mutt's order). */
static void envelope_sender(const char *raw, size_t hdr_len, struct buf *out)
{
	static const char *const fields[] = { "Return-Path", "Sender", "From" };
	struct header_list h = { 0 };

	headers_parse(raw, hdr_len, &h);
	for (size_t i = 0; i < ARRAY_SIZE(fields) && !out->len; i++) {
		const struct header_field *f = header_find(&h, fields[i]);
		struct addrlist l = { 0 };
		const struct address *a;
		if (!f)
			continue;
		addrlist_parse(f->value, f->value_len, &l);
		a = addrlist_first(&l);
		if (a && a->mailbox)
			buf_addstr(out, *a->mailbox ? a->mailbox : "<>");
		addrlist_release(&l);
	}
	header_list_release(&h);
}

void mx_from_line(const char *raw, size_t len, int64_t received, struct buf *out)
{
	struct buf sender = BUF_INIT;
	size_t blank;

	envelope_sender(raw, mbox_header_end(raw, len, &blank), &sender);
	mbox_from_line(sender.data, sender.len, received ? received : (int64_t)time(NULL), out);
	buf_release(&sender);
}

/*
 * The bytes that store one message: separator, From_ line, the header
 * block with Status: lines for flags, the (quoted) body, the end.
 */
static void format_message(enum mx_type type, const char *raw, size_t len, uint32_t flags,
			   int64_t received, struct buf *out)
{
	struct buf sender = BUF_INIT, head = BUF_INIT;
	size_t next, line = mbox_line(raw, len, &next), blank, hdr_end;
	int64_t from_time = 0;

	/* a From_ line of its own (an mbox message saved whole) gives way to ours */
	if (mbox_is_from(raw, line, &from_time, NULL, NULL)) {
		raw += next;
		len -= next;
	}
	if (!received)
		received = from_time ? from_time : (int64_t)time(NULL);
	hdr_end = mbox_header_end(raw, len, &blank);
	envelope_sender(raw, hdr_end, &sender);
	if (type == MX_MMDF)
		buf_add(out, MMDF_SEP, MMDF_SEP_LEN);
	mbox_from_line(sender.data, sender.len, received, out);
	mbox_rewrite_status(raw, blank, flags, &head);
	if (type == MX_MMDF) {
		buf_addbuf(out, &head);
		buf_add(out, raw + blank, len - blank);
	} else {
		mbox_quote(head.data, head.len, out);
		mbox_quote(raw + blank, len - blank, out);
	}
	if (out->data[out->len - 1] != '\n')
		buf_addch(out, '\n');
	if (type == MX_MMDF)
		buf_add(out, MMDF_SEP, MMDF_SEP_LEN);
	else
		buf_addch(out, '\n');
	buf_release(&sender);
	buf_release(&head);
}

int mbox_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags, int64_t received,
		struct buf *err)
{
	struct mbox_lock l = MBOX_LOCK_INIT;
	struct buf data = BUF_INIT;
	struct stat st;
	bool had_new, is_new = !(flags & (MSG_READ | MSG_OLD));
	int fd, rc;

	format_message(mb->type, raw, len, flags & MBOX_FLAGS, received, &data);
	rc = mbox_open_locked(mb->path, true, true, &l, &fd, &st, mb, err);
	if (rc)
		goto out;
	had_new = st.st_size > 0 && (st.st_mtim.tv_sec > st.st_atim.tv_sec ||
				     (st.st_mtim.tv_sec == st.st_atim.tv_sec &&
				      st.st_mtim.tv_nsec > st.st_atim.tv_nsec));
	rc = mbox_append_bytes(fd, mb->type, data.data, data.len, err);
	/*
	 * New mail makes mtime > atime (set explicitly: a file created in the
	 * same clock tick has them equal); a read message (a save, an fcc) is
	 * no new mail, so the times keep saying what they said.
	 */
	if (rc == 0)
		mbox_reset_atime(fd, is_new || had_new);
	if (rc == 0 && !is_new && fstat(fd, &st) == 0)
		mbox_note_size(mb->path, (uint64_t)st.st_size);
	mbox_unlock(&l);
	close(fd);
out:
	buf_release(&data);
	return rc;
}

/* ---- what others added ------------------------------------------------ */

/* Does (d, n) begin with a separator of this type? */
static bool starts_message(enum mx_type type, const char *d, size_t n)
{
	size_t next, line = mbox_line(d, MIN(n, (size_t)MBOX_LINE_MAX + 2), &next);

	return type == MX_MMDF ? mbox_is_mmdf_sep(d, line)
			       : mbox_is_from(d, line, NULL, NULL, NULL);
}

int mbox_salvage(struct mailbox *mb, struct mbox_data *bd, int fd, struct buf *err)
{
	struct buf late = BUF_INIT, data = BUF_INIT;
	struct stat st;
	size_t skip = 0;
	int rc;

	if (bd->orphan_fd < 0 || fstat(bd->orphan_fd, &st) != 0 ||
	    (uint64_t)st.st_size <= bd->orphan_size)
		return 0;
	/* wait for the writer to finish */
	rc = mbox_fcntl_lock(bd->orphan_fd, false, mb);
	if (rc) {
		buf_printf(err, _("%s: cannot lock the replaced file to carry its new mail over"),
			   mb->path);
		return rc;
	}
	if (fstat(bd->orphan_fd, &st) == 0 && (uint64_t)st.st_size > bd->orphan_size) {
		size_t n = (size_t)((uint64_t)st.st_size - bd->orphan_size);
		buf_grow(&late, n);
		ssize_t got = pread(bd->orphan_fd, late.data, n, (off_t)bd->orphan_size);
		buf_setlen(&late, got > 0 ? (size_t)got : 0);
	}
	mbox_fcntl_unlock(bd->orphan_fd);
	while (skip < late.len && (late.data[skip] == '\n' || late.data[skip] == '\r'))
		skip++;
	if (skip < late.len) {
		/* never lose it, even when it does not look like a message */
		if (!starts_message(mb->type, late.data + skip, late.len - skip)) {
			if (mb->type == MX_MMDF)
				buf_add(&data, MMDF_SEP, MMDF_SEP_LEN);
			mbox_from_line("MAILER-DAEMON", 13, (int64_t)time(NULL), &data);
		}
		buf_add(&data, late.data + skip, late.len - skip);
		rc = mbox_append_bytes(fd, mb->type, data.data, data.len, err);
	}
	if (rc == 0)
		bd->orphan_size += late.len;
	buf_release(&late);
	buf_release(&data);
	return rc;
}

/* The last message's region now ends at `end`: its size may have changed (LF padding). */
static void fix_last(struct mailbox *mb, struct mbox_reader *r, uint64_t end)
{
	union msg_loc loc;
	uint64_t size, ce;
	uint32_t id;

	if (mb->type == MX_MMDF)
		return; /* padding goes after the closing line there */
	mailbox_lock(mb);
	if (!mb->n) {
		mailbox_unlock(mb);
		return;
	}
	id = mb->msgs[mb->n - 1].id;
	loc = mb->msgs[mb->n - 1].loc;
	size = mb->msgs[mb->n - 1].size;
	mailbox_unlock(mb);
	ce = mbox_content_end(r, loc.mbox.offset, loc.mbox.body_offset, end);
	if (ce - loc.mbox.body_offset != size)
		mx_set_loc(mb, id, &loc, ce - loc.mbox.body_offset);
}

static bool is_writable(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_ACCMODE) == O_RDWR;
}

int mbox_catch_up(struct mailbox *mb, struct mbox_data *bd, int fd, bool *changed, struct buf *err)
{
	struct mbox_reader r;
	struct stat st;
	uint64_t first;
	int rc = 0;

	*changed = false;
	if (is_writable(fd) && (rc = mbox_salvage(mb, bd, fd, err)) != 0)
		return rc;
	if (fstat(fd, &st) != 0) {
		buf_printf(err, _("%s: %s"), mb->path, strerror(errno));
		return ERR_IO;
	}
	if (st.st_dev != bd->dev || st.st_ino != bd->ino) {
		*changed = true;
		return 0;
	}
	if ((uint64_t)st.st_size == bd->size && st.st_mtim.tv_sec == bd->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == bd->mtime.tv_nsec)
		return 0;
	if ((uint64_t)st.st_size == bd->size && st.st_mtim.tv_sec == bd->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == 0 && mbox_marks_same(bd, fd)) {
		/* utime() with whole seconds (mutt resetting times as it leaves): touched only */
		bd->mtime = st.st_mtim;
		return 0;
	}
	if ((uint64_t)st.st_size <= bd->size || !mbox_marks_same(bd, fd)) {
		*changed = true;
		return 0;
	}
	mbox_reader_init(&r, fd, (uint64_t)st.st_size, 64 * 1024);
	if (!mbox_appended_at(&r, mb->type, bd->size, &first)) {
		*changed = true;
	} else {
		fix_last(mb, &r, first);
		rc = mbox_load(mb, bd, fd, first, (uint64_t)st.st_size, err);
		bd->mtime = st.st_mtim;
		mbox_take_marks(bd, fd);
		mbox_note_size(mb->path, (uint64_t)st.st_size);
	}
	mbox_reader_release(&r);
	return rc;
}
