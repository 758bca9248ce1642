/*
 * mbox.c - the mbox and MMDF backends: the ops table, opening, checking
 * for changes by others, reading messages, has_new.
 *
 * The format, as tern reads and writes it:
 * - mbox: a message starts with a From_ line ("From sender date", any of
 *   the date forms mutt's is_from() takes) at the start of the file or
 *   after a blank line; "From " anywhere else is body text.
 *   Content-Length: is never trusted. A message's bytes are those between
 *   its From_ line and the blank line before the next one.
 * - Quoting is mboxrd: writing, a line matching ^>*From  gets one more
 *   '>'; reading, a line matching ^>+From  loses one. So a message that
 *   itself holds ">From " lines survives a round trip byte for byte, and
 *   mboxo writers' ">From " still reads as "From ".
 * - MMDF: each message between two "^A^A^A^A" lines (and, as mutt writes
 *   it, a From_ line after the first one for the delivery time); nothing
 *   is quoted.
 * - Flags live in Status: (R read, O old) and X-Status: (A replied,
 *   F flagged, D deleted), written as mutt writes them.
 *
 * Locking (mbox_lock.c): a dot-lock and an fcntl lock, per operation,
 * never across user interaction. Reading a message (read, read_headers)
 * takes no lock, so that the interface never waits on another program: it
 * reads from the descriptor of the file the model describes (a file
 * renamed over ours later does not disturb it) and checks that the
 * message's separator is still where the model says before it trusts the
 * bytes.
 *
 * Changes by others (check): a file that grew by whole messages (a From_
 * line, after the blank line that completes the old last message) gets
 * only the new messages parsed and added; anything else (shrunk, replaced,
 * rewritten in place, a new mtime) asks for a reopen, except a mtime cut
 * to whole seconds with the first and last bytes unchanged (mutt's
 * utime() as it leaves a folder). The rewrite is in
 * mbox_write.c, append and carrying over late appends in mbox_append.c.
 *
 * New mail (has_new) is mutt's rule: a non-empty file whose mtime is
 * newer than its atime, or with $check_mbox_size, one that is bigger than
 * when tern last read or wrote it. Appending new mail leaves mtime newer;
 * appending a read message (a save, an fcc) keeps what the times said.
 * Leaving a folder, and rewriting it, make atime >= mtime: what the folder
 * held has been seen. That is mutt with $mail_check_recent set, its
 * default; with it unset mutt marks a folder that still holds new mail as
 * new again (atime = mtime - 1), which mx_settings cannot ask for yet.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/mbox-private.h"

int mbox_errno_code(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return ERR_NOSPACE;
	case ENOENT:
		return ERR_NOTFOUND;
	default:
		return ERR_IO;
	}
}

static bool ts_eq(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool ts_gt(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* ---- probe, create, has_new -------------------------------------------- */

/*
 * The first bytes of a regular file (up to n); -1 when it is not one.
 * Without touching its atime where we may (a probe must not look like
 * reading the mail: has_new compares atime with mtime).
 */
static ssize_t peek(const char *path, char *buf, size_t n)
{
	struct stat st;
	ssize_t got = -1;
	int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
	int fd = open(path, flags | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = open(path, flags);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		do
			got = pread(fd, buf, n, 0);
		while (got < 0 && errno == EINTR);
	}
	close(fd);
	return got;
}

static bool mbox_probe(const char *path)
{
	char buf[MBOX_LINE_MAX + 2];
	ssize_t n = peek(path, buf, sizeof(buf));
	size_t next, len;

	if (n < 0)
		return false;
	if (n == 0)
		return true; /* an empty file is an empty mbox */
	len = mbox_line(buf, (size_t)n, &next);
	return mbox_is_from(buf, len, NULL, NULL, NULL);
}

static bool mmdf_probe(const char *path)
{
	char buf[8];
	ssize_t n = peek(path, buf, sizeof(buf));
	size_t next, len;

	if (n <= 0)
		return false;
	len = mbox_line(buf, (size_t)n, &next);
	return mbox_is_mmdf_sep(buf, len) && next > len;
}

static int mbox_create(const char *path, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);

	if (fd < 0) {
		buf_printf(err, _("cannot create %s: %s"), path, strerror(errno));
		return errno == EEXIST ? ERR_EXISTS : mbox_errno_code(errno);
	}
	close(fd);
	return file_fsync_parent(path);
}

/*
 * What tern last knew of each file's size, for $check_mbox_size: has_new
 * looks at folders that are not open, so the sizes are kept here, for the
 * process (mutt keeps them in its mailbox list).
 */
static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char **paths;
	uint64_t *sizes;
	size_t n, cap;
} known;

static char *canonical(const char *path)
{
	char *r = realpath(path, NULL);
	return r ? r : xstrdup(path);
}

void mbox_note_size(const char *path, uint64_t size)
{
	char *c = canonical(path);
	size_t i;

	pthread_mutex_lock(&known_lock);
	for (i = 0; i < known.n && strcmp(known.paths[i], c) != 0; i++)
		;
	if (i == known.n) {
		if (known.n == known.cap) {
			known.cap = known.cap ? known.cap * 2 : 16;
			known.paths = xreallocarray(known.paths, known.cap, sizeof(*known.paths));
			known.sizes = xreallocarray(known.sizes, known.cap, sizeof(*known.sizes));
		}
		known.paths[known.n++] = c;
		c = NULL;
	}
	known.sizes[i] = size;
	pthread_mutex_unlock(&known_lock);
	free(c);
}

uint64_t mbox_known_size(const char *path)
{
	char *c = canonical(path);
	uint64_t size = 0;

	pthread_mutex_lock(&known_lock);
	for (size_t i = 0; i < known.n; i++)
		if (strcmp(known.paths[i], c) == 0)
			size = known.sizes[i];
	pthread_mutex_unlock(&known_lock);
	free(c);
	return size;
}

static bool mbox_has_new(const char *path, const struct mx_settings *set)
{
	struct stat st;
	uint64_t size;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return false;
	size = set->check_mbox_size ? mbox_known_size(path) : 0;
	if (size)
		return (uint64_t)st.st_size > size;
	return ts_gt(st.st_mtim, st.st_atim);
}

void mbox_reset_atime(int fd, bool has_new)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	struct stat st;

	if (fstat(fd, &st) != 0)
		return;
	if (has_new && !ts_gt(st.st_mtim, st.st_atim)) {
		ts[0] = st.st_mtim;
		ts[0].tv_sec--;
	} else if (!has_new && ts_gt(st.st_mtim, st.st_atim)) {
		ts[0] = st.st_mtim;
	} else {
		return;
	}
	/* best effort: only the owner may set times */
	if (futimens(fd, ts) != 0) {
		/* nothing to do */
	}
}

/* ---- open ---------------------------------------------------------------- */

static struct mbox_data *data_new(void)
{
	struct mbox_data *bd = xcalloc(1, sizeof(*bd));

	bd->fd = -1;
	bd->orphan_fd = -1;
	return bd;
}

static void data_free(struct mbox_data *bd)
{
	if (bd->fd >= 0)
		close(bd->fd);
	if (bd->orphan_fd >= 0)
		close(bd->orphan_fd);
	free(bd->disk);
	free(bd);
}

char *mbox_real_path(const char *path)
{
	char *r = realpath(path, NULL);
	return r ? r : xstrdup(path);
}

int mbox_open_locked(const char *given, bool write, bool create, struct mbox_lock *l, int *fdp,
		     struct stat *st, const struct mailbox *mb, struct buf *err)
{
	int flags = (write ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY | (create ? O_CREAT : 0);
	/* through a symbolic link: lock the file itself (mutt's dotlock does so too) */
	char *path = mbox_real_path(given);
	int rc = ERR_AGAIN;

	for (int tries = 0; tries < 10; tries++) {
		struct stat now;
		int fd = open(path, flags, 0600);

		if (fd < 0) {
			buf_printf(err, _("cannot open %s: %s"), given, strerror(errno));
			rc = mbox_errno_code(errno);
			goto out;
		}
		if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
			buf_printf(err, _("%s is not a regular file"), given);
			close(fd);
			rc = ERR_INVAL;
			goto out;
		}
		rc = mbox_lock(l, path, fd, write, mb, err);
		if (rc) {
			close(fd);
			goto out;
		}
		/* still the file at path? (someone may have renamed another over it meanwhile) */
		if (fstat(fd, st) == 0 && stat(path, &now) == 0 && now.st_ino == st->st_ino &&
		    now.st_dev == st->st_dev) {
			*fdp = fd;
			goto out;
		}
		mbox_unlock(l);
		close(fd);
		rc = ERR_AGAIN;
	}
	buf_printf(err, _("%s keeps being replaced"), given);
out:
	free(path);
	return rc;
}

static int open_file(struct mailbox *mb, struct buf *err)
{
	struct mbox_data *bd = data_new();
	struct mbox_lock l = MBOX_LOCK_INIT;
	struct mbox_reader r;
	struct stat st;
	int fd = -1, rc;

	/* a folder we may read but not write opens read-only */
	bd->writable = !mb->set.read_only && access(mb->path, W_OK) == 0;
	rc = mbox_open_locked(mb->path, bd->writable, false, &l, &fd, &st, mb, err);
	if (rc) {
		data_free(bd);
		return rc;
	}
	bd->fd = fd;
	bd->dev = st.st_dev;
	bd->ino = st.st_ino;
	bd->mtime = st.st_mtim;
	mb->bdata = bd;
	mbox_reader_init(&r, fd, (uint64_t)st.st_size, 64 * 1024);
	bd->start = mbox_first_sep(&r, mb->type);
	mbox_reader_release(&r);
	bd->size = bd->start;
	rc = mbox_load(mb, bd, fd, bd->start, (uint64_t)st.st_size, err);
	mbox_take_marks(bd, fd);
	mbox_unlock(&l);
	mbox_note_size(mb->path, (uint64_t)st.st_size);
	return rc;
}

static int mbox_open(struct mailbox *mb, struct buf *err)
{
	mb->type = MX_MBOX;
	return open_file(mb, err);
}

static int mmdf_open(struct mailbox *mb, struct buf *err)
{
	mb->type = MX_MMDF;
	return open_file(mb, err);
}

static int mbox_append_op(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
			  int64_t received, struct buf *err)
{
	mb->type = MX_MBOX;
	return mbox_append(mb, raw, len, flags, received, err);
}

static int mmdf_append_op(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
			  int64_t received, struct buf *err)
{
	mb->type = MX_MMDF;
	return mbox_append(mb, raw, len, flags, received, err);
}

static void mbox_close(struct mailbox *mb)
{
	struct mbox_data *bd = mb->bdata;
	struct stat st;

	if (!bd)
		return;
	/* mail others appended to a file we replaced must not stay behind in it */
	if (bd->orphan_fd >= 0 && !mb->set.read_only) {
		struct buf err = BUF_INIT;
		struct mbox_lock l = MBOX_LOCK_INIT;
		int fd;
		if (mbox_open_locked(mb->path, true, false, &l, &fd, &st, NULL, &err) == 0) {
			mbox_salvage(mb, bd, fd, &err);
			mbox_unlock(&l);
			close(fd);
		}
		buf_release(&err);
	}
	/* the folder has been seen ($mail_check_recent): no new mail in it now */
	if (fstat(bd->fd, &st) == 0 && (uint64_t)st.st_size == bd->size &&
	    ts_eq(st.st_mtim, bd->mtime))
		mbox_reset_atime(bd->fd, false);
	data_free(bd);
	mb->bdata = NULL;
}

/* ---- check ---------------------------------------------------------------- */

static int mbox_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	struct mbox_data *bd = mb->bdata;
	struct mbox_lock l = MBOX_LOCK_INIT;
	struct stat st, ost;
	bool changed = false, orphan_grew, write;
	int fd, rc;

	*reopen = false;
	if (!bd) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	orphan_grew = bd->orphan_fd >= 0 && fstat(bd->orphan_fd, &ost) == 0 &&
		      (uint64_t)ost.st_size > bd->orphan_size;
	if (stat(mb->path, &st) != 0) {
		*reopen = true; /* gone: opening again says why */
		return 0;
	}
	if (!orphan_grew && st.st_ino == bd->ino && st.st_dev == bd->dev &&
	    (uint64_t)st.st_size == bd->size && ts_eq(st.st_mtim, bd->mtime))
		return 0;
	write = orphan_grew && bd->writable;
	rc = mbox_open_locked(mb->path, write, false, &l, &fd, &st, mb, err);
	if (rc)
		return rc;
	rc = mbox_catch_up(mb, bd, fd, &changed, err);
	mbox_unlock(&l);
	close(fd);
	if (rc == 0 && changed)
		*reopen = true;
	return rc;
}

/* ---- read ---------------------------------------------------------------- */

/* Where message id is, and a descriptor of the file the model describes (caller closes). */
static int locate(struct mailbox *mb, uint32_t id, union msg_loc *loc, uint64_t *size, int *fd,
		  struct buf *err)
{
	struct mbox_data *bd = mb->bdata;
	struct message *m;
	int rc = 0;

	mailbox_lock(mb);
	m = bd ? mx_find(mb, id) : NULL;
	if (!m) {
		buf_addstr(err, _("no such message"));
		rc = ERR_NOTFOUND;
	} else {
		*loc = m->loc;
		*size = m->size;
		/* a copy: a rewrite may switch bd->fd while we read */
		*fd = fcntl(bd->fd, F_DUPFD_CLOEXEC, 0);
		if (*fd < 0) {
			buf_printf(err, _("reading %s: %s"), mb->path, strerror(errno));
			rc = ERR_IO;
		}
	}
	mailbox_unlock(mb);
	return rc;
}

static int read_at(int fd, uint64_t off, size_t n, struct buf *out)
{
	size_t done = 0;

	buf_grow(out, n);
	while (done < n) {
		ssize_t got = pread(fd, out->data + out->len + done, n - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? ERR_IO : ERR_AGAIN;
		done += (size_t)got;
	}
	buf_setlen(out, out->len + n);
	return 0;
}

/* Is the separator still at loc? (Another program may have rewritten the file in place.) */
static bool separator_there(struct mailbox *mb, int fd, const union msg_loc *loc)
{
	struct buf line = BUF_INIT;
	size_t n =
		(size_t)MIN(loc->mbox.body_offset - loc->mbox.offset, (uint64_t)MBOX_LINE_MAX + 2);
	bool ok = read_at(fd, loc->mbox.offset, MIN(n, (size_t)5), &line) == 0;

	if (ok)
		ok = mb->type == MX_MMDF
			     ? memcmp(line.data, MMDF_SEP, MIN(line.len, (size_t)4)) == 0
			     : line.len == 5 && memcmp(line.data, "From ", 5) == 0;
	buf_release(&line);
	return ok;
}

static int read_message(struct mailbox *mb, uint32_t id, bool headers_only, struct buf *raw,
			struct buf *err)
{
	union msg_loc loc;
	uint64_t size;
	size_t start = raw->len, want;
	int fd, rc = locate(mb, id, &loc, &size, &fd, err);

	if (rc)
		return rc;
	if (!separator_there(mb, fd, &loc)) {
		rc = ERR_AGAIN;
		goto changed;
	}
	want = headers_only ? (size_t)MIN(size, (uint64_t)16384) : (size_t)size;
	for (;;) {
		size_t blank, end;
		rc = read_at(fd, loc.mbox.body_offset, want, raw);
		if (rc || !headers_only)
			break;
		end = mbox_header_end(raw->data + start, raw->len - start, &blank);
		if (end < raw->len - start || want == size) {
			buf_setlen(raw, start + end);
			break;
		}
		/* the header block goes on: read a bigger piece */
		buf_setlen(raw, start);
		want = (size_t)MIN(size, (uint64_t)want * 4);
	}
	if (rc)
		goto changed;
	if (mb->type != MX_MMDF)
		buf_setlen(raw, start + mbox_unquote(raw->data + start, raw->len - start));
	close(fd);
	return 0;
changed:
	close(fd);
	buf_setlen(raw, start);
	buf_printf(err, _("%s changed on disk: reopen it"), mb->path);
	return rc == ERR_AGAIN ? ERR_AGAIN : ERR_IO;
}

static int mbox_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, false, raw, err);
}

static int mbox_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, true, raw, err);
}

const struct mx_ops mx_mbox_ops = {
	.type = MX_MBOX,
	.name = "mbox",
	.probe = mbox_probe,
	.open = mbox_open,
	.check = mbox_check,
	.read = mbox_read,
	.read_headers = mbox_read_headers,
	.sync = mbox_sync,
	.append = mbox_append_op,
	.create = mbox_create,
	.has_new = mbox_has_new,
	.close = mbox_close,
};

const struct mx_ops mx_mmdf_ops = {
	.type = MX_MMDF,
	.name = "MMDF",
	.probe = mmdf_probe,
	.open = mmdf_open,
	.check = mbox_check,
	.read = mbox_read,
	.read_headers = mbox_read_headers,
	.sync = mbox_sync,
	.append = mmdf_append_op,
	.create = mbox_create,
	.has_new = mbox_has_new,
	.close = mbox_close,
};
