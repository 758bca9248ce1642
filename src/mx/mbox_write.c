/*
 * mbox_write.c - sync: writing changed flags and removing deleted
 * messages by rewriting the whole file through a temporary one.
 *
 * Under the lock (dot-lock and fcntl, held from the first look to the
 * rename): take in mail appended since we last read (and mail written into
 * the file our previous rewrite replaced); then write ".<name>.tern-XXXXXX"
 * in the same directory (0600 while it is written, the mailbox's mode
 * once complete): the preamble and every kept message's region verbatim,
 * except that a message whose flags changed gets its Status:/X-Status:
 * lines replaced at the end of its header block (everything else byte for
 * byte). fsync it, rename it over the mailbox, fsync the directory.
 *
 * So a crash or SIGKILL at any moment leaves the old mailbox or the new
 * one, whole; at worst a stale temporary file, recognisable by its name
 * (the next rewrite removes it, under the lock, so it cannot be live).
 * A failed write (a full disk) removes the temporary file and leaves the
 * mailbox untouched. A file changed by a program that ignored our lock
 * while we wrote is detected before the rename, and nothing is replaced.
 *
 * With $mark_old, new messages are written as old (mutt does this when a
 * folder is left; the Maildir backend moves them to cur/ likewise).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/mbox-private.h"

#define COPY_CHUNK ((size_t)1 << 20)

/* A message as sync saw it, and where it goes. */
struct snap {
	uint32_t id, flags;
	uint64_t offset, body, size, end;
	uint32_t write_flags;
	uint8_t key;
	bool drop, rewrite;
	uint64_t new_offset, new_size;
};

struct writer {
	int in, out;
	uint64_t pos; /* bytes written to out */
	char *chunk;
	int error; /* errno of the first failure */
};

static int w_write(struct writer *w, const void *p, size_t n)
{
	if (w->error)
		return -1;
	if (write_all(w->out, p, n) != 0) {
		w->error = errno ? errno : EIO;
		return -1;
	}
	w->pos += n;
	return 0;
}

/* Copy [off, off + n) of the mailbox. */
static int w_copy(struct writer *w, uint64_t off, uint64_t n)
{
	while (n && !w->error) {
		size_t k = (size_t)MIN(n, (uint64_t)COPY_CHUNK);
		ssize_t got = pread(w->in, w->chunk, k, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			w->error = got < 0 ? errno : EIO;
			break;
		}
		w_write(w, w->chunk, (size_t)got);
		off += (uint64_t)got;
		n -= (uint64_t)got;
	}
	return w->error ? -1 : 0;
}

/* Read [off, off + n) of the mailbox into out (appended). */
static int w_read(struct writer *w, uint64_t off, size_t n, struct buf *out)
{
	size_t done = 0;

	buf_grow(out, n);
	while (done < n) {
		ssize_t got =
			pread(w->in, out->data + out->len + done, n - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			w->error = got < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)got;
	}
	buf_setlen(out, out->len + n);
	return 0;
}

/* One message with new Status: lines: From_ line, new header block, the rest verbatim. */
static int rewrite_one(struct writer *w, struct snap *s)
{
	struct buf hdr = BUF_INIT, out = BUF_INIT;
	size_t want = (size_t)MIN(s->size, (uint64_t)65536), blank = 0, end;

	if (w_copy(w, s->offset, s->body - s->offset) != 0)
		goto out;
	for (;;) {
		buf_reset(&hdr);
		if (w_read(w, s->body, want, &hdr) != 0)
			goto out;
		end = mbox_header_end(hdr.data, hdr.len, &blank);
		if (end < hdr.len || want == s->size)
			break;
		want = (size_t)MIN(s->size, (uint64_t)want * 4);
	}
	mbox_rewrite_status(hdr.data, blank, s->write_flags, &out);
	if (w_write(w, out.data, out.len) == 0)
		w_copy(w, s->body + blank, s->end - (s->body + blank));
	s->new_size = s->size - blank + out.len;
out:
	buf_release(&hdr);
	buf_release(&out);
	return w->error ? -1 : 0;
}

/* ---- what to write ----------------------------------------------------- */

static struct snap *snapshot(struct mailbox *mb, struct mbox_data *bd, bool expunge, size_t *np,
			     bool *work)
{
	struct snap *s;

	*work = false;
	mailbox_lock(mb);
	*np = mb->n;
	s = xcalloc(mb->n ? mb->n : 1, sizeof(*s));
	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		uint32_t f = m->flags & MBOX_FLAGS;
		if (mb->set.mark_old && !(f & (MSG_READ | MSG_OLD)))
			f |= MSG_OLD;
		s[i] = (struct snap){ .id = m->id,
				      .flags = m->flags,
				      .offset = m->loc.mbox.offset,
				      .body = m->loc.mbox.body_offset,
				      .size = m->size,
				      .end = i + 1 < mb->n ? mb->msgs[i + 1].loc.mbox.offset
							   : bd->size,
				      .write_flags = f,
				      .key = mbox_status_key(f) };
		s[i].drop = expunge && (m->flags & MSG_DELETED);
		s[i].rewrite = !s[i].drop && s[i].key != mbox_disk_get(bd, m->id);
		*work |= s[i].drop || s[i].rewrite;
	}
	mailbox_unlock(mb);
	return s;
}

/* ---- the rewrite ------------------------------------------------------- */

static void split_path(const char *path, struct buf *dir, struct buf *prefix)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

	if (!slash)
		buf_addstr(dir, ".");
	else
		buf_add(dir, path, slash == path ? 1 : (size_t)(slash - path));
	buf_printf(prefix, ".%s.tern-", base);
}

/*
 * Remove temporary files earlier rewrites left when they were killed.
 * Under our lock nobody else is writing one, so every file of that name
 * is stale.
 */
static void remove_stale_temps(const char *dir, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct buf path = BUF_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0 || strlen(de->d_name) != plen + 6)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		unlink(path.data);
	}
	closedir(d);
	buf_release(&path);
}

/* Write the new mailbox to a temporary file; its descriptor (fsynced, mode set) goes to *out. */
static int write_temp(struct mailbox *mb, const char *target, struct mbox_data *bd, int fd,
		      const struct stat *st, struct snap *s, size_t n, int *outfd, struct buf *tmp,
		      struct buf *err)
{
	struct buf dir = BUF_INIT, prefix = BUF_INIT;
	struct writer w = { .in = fd, .out = -1 };
	uint64_t run_start = 0, run_end = 0; /* verbatim regions waiting to be copied */
	struct stat now;
	int rc = 0;

	split_path(target, &dir, &prefix);
	remove_stale_temps(dir.data, prefix.data);
	w.out = file_mkstemp(dir.data, prefix.data, tmp);
	if (w.out < 0) {
		buf_printf(err, _("cannot create a temporary file in %s: %s"), dir.data,
			   strerror(errno));
		rc = mbox_errno_code(errno);
		goto out;
	}
	w.chunk = xmalloc(COPY_CHUNK);
	w_copy(&w, 0, bd->start);
	for (size_t i = 0; i < n && !w.error; i++) {
		if (s[i].drop)
			continue;
		if (s[i].rewrite || run_end != s[i].offset) {
			w_copy(&w, run_start, run_end - run_start);
			run_start = run_end = s[i].offset;
		}
		s[i].new_offset = w.pos + (run_end - run_start);
		s[i].new_size = s[i].size;
		if (s[i].rewrite)
			rewrite_one(&w, &s[i]);
		else
			run_end = s[i].end;
		if (s[i].rewrite)
			run_start = run_end = s[i].end;
		if ((i & 1023) == 0 && mx_cancelled(mb))
			w.error = ECANCELED;
	}
	w_copy(&w, run_start, run_end - run_start);
	/* whatever follows the model's last region (nothing, normally) stays too */
	w_copy(&w, bd->size, (uint64_t)st->st_size - bd->size);
	if (!w.error && fsync(w.out) != 0)
		w.error = errno;
	if (!w.error && fchmod(w.out, st->st_mode & 07777) != 0)
		w.error = errno;
	if (!w.error && fchown(w.out, st->st_uid, st->st_gid) != 0) {
		/* only root may give the file away; the mode is what matters */
	}
	if (w.error == ECANCELED) {
		buf_addstr(err, _("stopped: the mailbox was not changed"));
		rc = ERR_CANCEL;
	} else if (w.error) {
		buf_printf(err, _("%s (the mailbox was not changed)"), strerror(w.error));
		rc = mbox_errno_code(w.error);
	} else if (fstat(fd, &now) != 0 || now.st_size != st->st_size ||
		   now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
		   now.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
		/* someone wrote without the lock: replacing the file would lose it */
		buf_printf(err, _("%s changed while it was being written: not replaced"), mb->path);
		rc = ERR_AGAIN;
	}
	if (rc) {
		close(w.out);
		unlink(tmp->data);
		w.out = -1;
	}
	*outfd = w.out;
out:
	free(w.chunk);
	buf_release(&dir);
	buf_release(&prefix);
	return rc;
}

/*
 * Tell the model what sync did: locations after a rewrite (new_fd >= 0),
 * removed messages, flags now on disk (CHANGED cleared unless changed again
 * meanwhile).
 */
static void sync_done(struct mailbox *mb, struct mbox_data *bd, struct snap *s, size_t n,
		      bool rewritten)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	size_t ngone = 0;
	bool changed = false;
	const uint32_t mask = MSG_STORED | MSG_CHANGED;

	mailbox_lock(mb);
	for (size_t i = 0; i < n; i++) {
		struct message *m = mx_find(mb, s[i].id);
		if (s[i].drop && rewritten) {
			gone[ngone++] = s[i].id;
			continue;
		}
		if (rewritten) {
			union msg_loc loc = { .mbox = { s[i].new_offset,
							s[i].new_offset +
								(s[i].body - s[i].offset) } };
			mx_set_loc(mb, s[i].id, &loc, s[i].new_size);
		}
		if (!s[i].drop)
			mbox_disk_set(bd, s[i].id, s[i].key);
		if (m && !s[i].drop && (m->flags & mask) == (s[i].flags & mask))
			m->flags &= ~MSG_CHANGED;
	}
	mx_remove(mb, gone, ngone);
	for (size_t i = 0; i < mb->n; i++)
		changed |= (mb->msgs[i].flags & MSG_CHANGED) != 0;
	mb->changed_flags = changed;
	mailbox_unlock(mb);
	free(gone);
}

/* The new file is the mailbox now: bd follows it; the old one is watched for late appends. */
static void switch_file(struct mailbox *mb, struct mbox_data *bd, int old_fd, int new_fd)
{
	struct stat st;

	mailbox_lock(mb);
	if (bd->orphan_fd >= 0)
		close(bd->orphan_fd);
	bd->orphan_fd = old_fd;
	bd->orphan_size = fstat(old_fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	close(bd->fd);
	bd->fd = new_fd;
	if (fstat(new_fd, &st) == 0) {
		bd->dev = st.st_dev;
		bd->ino = st.st_ino;
		bd->mtime = st.st_mtim;
		bd->size = (uint64_t)st.st_size;
	}
	mbox_take_marks(bd, new_fd);
	mailbox_unlock(mb);
}

/* Rewrite the file and make it the mailbox. */
static int replace(struct mailbox *mb, struct mbox_data *bd, int fd, const struct stat *st,
		   struct snap *s, size_t n, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	/* a symbolic link stays one: the file it points to is what gets replaced */
	char *target = mbox_real_path(mb->path);
	int out = -1, rc = write_temp(mb, target, bd, fd, st, s, n, &out, &tmp, err);

	if (rc)
		goto done;
	/* fcntl lockers of the new file wait until the model follows it */
	mbox_fcntl_lock(out, true, NULL);
	if (rename(tmp.data, target) != 0) {
		buf_printf(err, _("cannot replace %s: %s (the mailbox was not changed)"), mb->path,
			   strerror(errno));
		rc = mbox_errno_code(errno);
		unlink(tmp.data);
		close(out);
		goto done;
	}
	file_fsync_parent(target);
	mbox_fcntl_unlock(out);
	mailbox_lock(mb);
	sync_done(mb, bd, s, n, true);
	switch_file(mb, bd, fd, out);
	mailbox_unlock(mb);
	/* seen, as when the folder is left ($mail_check_recent; mbox.c) */
	mbox_reset_atime(out, false);
	mbox_note_size(mb->path, bd->size);
done:
	buf_release(&tmp);
	free(target);
	return rc;
}

int mbox_sync(struct mailbox *mb, bool expunge, struct buf *err)
{
	struct mbox_data *bd = mb->bdata;
	struct mbox_lock l = MBOX_LOCK_INIT;
	struct snap *s = NULL;
	struct stat st;
	bool changed, work;
	size_t n;
	int fd = -1, rc;

	if (!bd || !bd->writable) {
		buf_addstr(err, bd ? _("the mailbox is read-only") : _("the mailbox is not open"));
		return ERR_INVAL;
	}
	rc = mbox_open_locked(mb->path, true, false, &l, &fd, &st, mb, err);
	if (rc)
		return rc;
	/* like mutt, take in what others appended first, so as to carry it over */
	rc = mbox_catch_up(mb, bd, fd, &changed, err);
	if (rc == 0 && changed) {
		buf_printf(err, _("%s was changed by another program: reopening it"), mb->path);
		mx_post(mb, &(struct mx_event){ .type = MXE_REOPEN });
		rc = ERR_AGAIN;
	}
	if (rc == 0 && (fstat(fd, &st) != 0 || (uint64_t)st.st_size != bd->size)) {
		buf_printf(err, _("%s is not fully read: not rewritten"), mb->path);
		rc = ERR_AGAIN;
	}
	if (rc)
		goto out;
	s = snapshot(mb, bd, expunge, &n, &work);
	if (!work) {
		sync_done(mb, bd, s, n, false);
		goto out;
	}
	rc = replace(mb, bd, fd, &st, s, n, err);
	if (rc == 0) {
		/* fd is watched as the replaced file now; the lock on it goes below */
		mbox_unlock(&l);
		free(s);
		return 0;
	}
out:
	mbox_unlock(&l);
	close(fd);
	free(s);
	return rc;
}
