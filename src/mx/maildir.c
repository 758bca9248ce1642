/*
 * maildir.c - the Maildir backend: the ops table (open, check, read, sync,
 * append, create, has_new). Names are in maildir_name.c, reading the
 * folder into the model in maildir_load.c.
 *
 * Nothing here locks: Maildir needs no locks (each change is one atomic
 * rename, link or unlink). What others may do at any time is rename a
 * file (flags), move it from new/ to cur/, or delete it; so a message is
 * found again by its unique name whenever its file is not where the
 * model last saw it.
 *
 * Choices (doc/internals/mx.md may say more):
 * - Mailbox order is the listing sorted by name, cur/ then new/ (mutt's);
 *   messages that arrive later are added at the end.
 * - An unread message in cur/ is old when $mark_old is set (mutt's rule);
 *   with $mark_old set, sync makes every new message old (it moves to cur/
 *   with an empty info), as mutt does when a folder is left.
 * - A message with any flag, or old, lives in cur/ (new/ files have no
 *   info). One the user makes new again goes back to new/ when its name
 *   has no letter to keep (mutt moves it there too). A file whose name
 *   already says the flags is not renamed.
 * - T is written for a deleted message only with $maildir_trash (or when
 *   the file had it already), as mutt does; expunge unlinks deleted
 *   messages unless $maildir_trash is set, and then T is all they get and
 *   they stay in the folder, shown deleted.
 * - Received time is the file's mtime; size is the name's S= when present,
 *   else the file's size. Both go into the header cache with the envelope,
 *   so a warm open stats nothing. The cache needs no validity stamp: a
 *   Maildir file's content never changes under its unique name.
 * - check is two stats when nothing changed: the mtimes of cur/ and new/.
 *   A listing taken within a second of a change to its directory is not
 *   trusted (timestamps are coarse), so the next check lists again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/maildir.h"

static int open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static bool maildir_probe(const char *path)
{
	struct buf p = BUF_INIT;
	struct stat st;
	bool r;

	buf_printf(&p, "%s/cur", path);
	r = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_release(&p);
	return r;
}

static enum err errno_code(int e)
{
	return e == ENOSPC || e == EDQUOT ? ERR_NOSPACE : e == ENOENT ? ERR_NOTFOUND : ERR_IO;
}

static int open_folder(struct mailbox *mb, struct buf *err)
{
	int fd = open_dir(mb->path);

	if (fd < 0)
		buf_printf(err, _("%s is not a readable Maildir: %s"), mb->path, strerror(errno));
	return fd;
}

/*
 * The open folder's directory, with others' changes taken in first (check,
 * and sync, which must not write over them): a descriptor, or a negative
 * enum err with the reason in err. *rc gets the refresh's result.
 */
static int open_refreshed(struct mailbox *mb, int *rc, struct buf *err)
{
	int dirfd;

	if (!mb->bdata) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	dirfd = open_folder(mb, err);
	if (dirfd < 0)
		return ERR_NOTFOUND;
	*rc = maildir_refresh(mb, dirfd, err);
	return dirfd;
}

/* ===================================================================== */
/* Finding a message's file                                              */
/* ===================================================================== */

/* The message's relative name, copied. */
static int message_file(struct mailbox *mb, uint32_t id, struct buf *file, struct buf *err)
{
	struct message *m;

	mailbox_lock(mb);
	m = mx_find(mb, id);
	if (m)
		buf_addstr(file, m->loc.file);
	mailbox_unlock(mb);
	if (m)
		return 0;
	buf_addstr(err, _("no such message"));
	return ERR_NOTFOUND;
}

/* Open message id's file for reading, looking for it again when it moved. */
static int open_message(struct mailbox *mb, uint32_t id, int *fdp, struct buf *err)
{
	struct buf file = BUF_INIT;
	int dirfd = -1, fd = -1, rc = message_file(mb, id, &file, err);

	if (rc)
		goto out;
	dirfd = open_folder(mb, err);
	if (dirfd < 0) {
		rc = ERR_IO;
		goto out;
	}
	fd = openat(dirfd, file.data, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT) {
		const char *base = maildir_base(file.data);
		struct buf now = BUF_INIT;
		if (maildir_find(dirfd, base, maildir_key_len(base), &now) == 0) {
			maildir_relocate(mb, id, now.data);
			fd = openat(dirfd, now.data, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		} else {
			errno = ENOENT;
		}
		buf_release(&now);
	}
	if (fd < 0) {
		buf_printf(err, _("%s/%s: %s"), mb->path, file.data, strerror(errno));
		rc = errno_code(errno);
	}
out:
	if (dirfd >= 0)
		close(dirfd);
	buf_release(&file);
	*fdp = fd;
	return rc;
}

static int read_fd_all(int fd, struct buf *out)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_size > 0)
		buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t r;
		buf_grow(out, 65536);
		r = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r == 0)
			return 0;
		buf_setlen(out, out->len + (size_t)r);
	}
}

static int read_message(struct mailbox *mb, uint32_t id, bool headers, struct buf *raw,
			struct buf *err)
{
	int fd, rc = open_message(mb, id, &fd, err);

	if (rc)
		return rc;
	rc = headers ? mx_read_header_block(fd, raw) : read_fd_all(fd, raw);
	if (rc)
		buf_printf(err, _("cannot read a message of %s: %s"), mb->path, strerror(errno));
	close(fd);
	return rc;
}

static int maildir_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, false, raw, err);
}

static int maildir_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, true, raw, err);
}

/* ===================================================================== */
/* Open and check                                                        */
/* ===================================================================== */

static void maildir_close(struct mailbox *mb)
{
	struct maildir_data *md = mb->bdata;

	if (!md)
		return;
	hcache_close(&md->hc);
	free(md);
	mb->bdata = NULL;
}

static int maildir_open(struct mailbox *mb, struct buf *err)
{
	struct maildir_list l = { 0 };
	struct buf hc_err = BUF_INIT;
	struct maildir_data *md;
	int dirfd = open_folder(mb, err), rc;

	if (dirfd < 0)
		return ERR_NOTFOUND;
	maildir_close(mb);
	md = xcalloc(1, sizeof(*md));
	mb->bdata = md;
	md->hc = hcache_open(mb->set.header_cache, mb->realpath, &hc_err);
	if (hc_err.len) /* the folder still opens, only more slowly */
		log_msg(LOG_WARN, "%s: %s", mb->path, hc_err.data);
	buf_release(&hc_err);
	maildir_stamps_take(dirfd, md);
	rc = maildir_list_folder(mb->path, dirfd, &l, err);
	if (rc == 0) {
		/* The names are the messages' locations: their memory becomes the mailbox's. */
		mx_add(mb, NULL, 0, &l.mem);
		rc = maildir_load(mb, dirfd, l.v, l.n, err);
	} else {
		md->listed[MD_CUR] = md->listed[MD_NEW] = false;
	}
	maildir_list_release(&l);
	close(dirfd);
	return rc;
}

static int maildir_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	int dirfd, rc;

	*reopen = false;
	dirfd = open_refreshed(mb, &rc, err);
	if (dirfd < 0)
		return dirfd;
	close(dirfd);
	return rc;
}

/* ===================================================================== */
/* Sync                                                                  */
/* ===================================================================== */

enum job_state { JOB_PENDING, JOB_WRITTEN, JOB_REMOVED, JOB_FAILED };

/* A message sync writes: its flags to its name, or its removal. */
struct job {
	uint32_t id;
	uint32_t flags; /* the model's, when sync began */
	const char *file;
	const char *now; /* its name after the rename (mailbox arena), or NULL */
	bool unlink, make_old;
	enum job_state state;
};

/* Does message m need writing? Fills j when so. */
static bool job_for(const struct mailbox *mb, const struct message *m, bool expunge, struct job *j)
{
	bool is_new = !(m->flags & (MSG_READ | MSG_OLD));

	*j = (struct job){ .id = m->id, .flags = m->flags, .file = m->loc.file };
	j->unlink = expunge && (m->flags & MSG_DELETED) && !mb->set.maildir_trash;
	/* read-only: what the user did not ask for is not worth an error */
	j->make_old = mb->set.mark_old && !mb->set.read_only && is_new &&
		      maildir_sub(m->loc.file) == MD_NEW;
	return j->unlink || j->make_old || (m->flags & MSG_CHANGED) ||
	       (expunge && (m->flags & MSG_DELETED));
}

static struct job *jobs_take(struct mailbox *mb, bool expunge, size_t *np)
{
	struct job *jobs;
	size_t n = 0;

	mailbox_lock(mb);
	jobs = xmalloc((mb->n ? mb->n : 1) * sizeof(*jobs));
	for (size_t i = 0; i < mb->n; i++)
		n += job_for(mb, &mb->msgs[i], expunge, &jobs[n]);
	mailbox_unlock(mb);
	*np = n;
	return jobs;
}

/* True when the file's name has the letter T (trashed by someone already). */
static bool has_trash_letter(const char *file)
{
	return (maildir_flags_of(file, false) & MSG_DELETED) != 0;
}

/* The stored flags the file's name should say. */
static uint32_t flags_to_write(const struct mailbox *mb, const struct job *j, const char *file)
{
	uint32_t f = j->flags & MSG_STORED;

	if (!mb->set.maildir_trash && !has_trash_letter(file))
		f &= ~MSG_DELETED;
	if (j->make_old)
		f |= MSG_OLD;
	return f;
}

/* Rename or unlink j's file, from `file`; errno is kept on failure. */
static int job_apply(struct mailbox *mb, int dirfd, struct job *j, const char *file,
		     struct buf *target)
{
	if (j->unlink)
		return unlinkat(dirfd, file, 0) == 0 ? 0 : ERR_IO;
	uint32_t want = flags_to_write(mb, j, file);

	buf_reset(target);
	/* Already right (in another program's spelling, or a deletion we do not write)? */
	if ((maildir_flags_of(file, mb->set.mark_old) & MSG_STORED) == want) {
		buf_addstr(target, file);
		return 0;
	}
	maildir_name_for(file, want, target);
	if (strcmp(target->data, file) == 0)
		return 0;
	return renameat(dirfd, file, dirfd, target->data) == 0 ? 0 : ERR_IO;
}

/* Do job j; when its file is not where we saw it, find it by its unique name first. */
static int job_run(struct mailbox *mb, int dirfd, struct job *j, struct buf *err)
{
	struct buf target = BUF_INIT, found = BUF_INIT;
	const char *base = maildir_base(j->file);
	int rc = job_apply(mb, dirfd, j, j->file, &target);

	if (rc && errno == ENOENT) {
		if (maildir_find(dirfd, base, maildir_key_len(base), &found) == 0) {
			rc = job_apply(mb, dirfd, j, found.data, &target);
		} else {
			/* gone: deleted by someone else, which is what unlinking wanted anyway */
			rc = 0;
			j->unlink = true;
		}
	}
	if (rc) {
		if (!err->len)
			buf_printf(err, _("cannot write the flags of %s/%s: %s"), mb->path, j->file,
				   strerror(errno));
		j->state = JOB_FAILED;
	} else if (j->unlink) {
		j->state = JOB_REMOVED;
	} else {
		j->state = JOB_WRITTEN;
		if (target.len && strcmp(target.data, j->file) != 0) {
			mailbox_lock(mb);
			j->now = arena_strndup(&mb->mem, target.data, target.len);
			mailbox_unlock(mb);
		}
	}
	buf_release(&target);
	buf_release(&found);
	return rc;
}

/* One written job into the model: its new name, CHANGED cleared unless changed again meanwhile. */
static bool job_done(struct mailbox *mb, const struct job *j)
{
	const uint32_t mask = MSG_STORED | MSG_CHANGED;
	struct message *m = mx_find(mb, j->id);
	bool pending;

	if (!m)
		return false;
	if (j->now)
		m->loc.file = j->now;
	if ((m->flags & mask) == (j->flags & mask))
		m->flags &= ~MSG_CHANGED;
	if (!j->make_old || (m->flags & (MSG_READ | MSG_OLD)))
		return false;
	/* The message is old now, on disk and in the model: no write left to do for it. */
	pending = (m->flags & MSG_CHANGED) != 0;
	mx_change_flags(mb, m->index, MSG_OLD, 0);
	if (!pending)
		m->flags &= ~MSG_CHANGED;
	return true;
}

/* Tell the model what sync did. */
static void jobs_done(struct mailbox *mb, struct maildir_data *md, const struct job *jobs, size_t n)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	size_t ngone = 0;
	bool changed = false, aged = false;

	mailbox_lock(mb);
	for (size_t i = 0; i < n; i++) {
		const struct job *j = &jobs[i];
		if (j->state == JOB_REMOVED) {
			const char *base = maildir_base(j->file);
			gone[ngone++] = j->id;
			if (md->hc)
				hcache_delete(md->hc, base, maildir_key_len(base));
		} else if (j->state == JOB_WRITTEN) {
			aged |= job_done(mb, j);
		}
	}
	mx_remove(mb, gone, ngone);
	for (size_t i = 0; i < mb->n; i++)
		changed |= (mb->msgs[i].flags & MSG_CHANGED) != 0;
	mb->changed_flags = changed;
	mailbox_unlock(mb);
	if (aged)
		mx_post(mb, &(struct mx_event){ .type = MXE_FLAGS });
	if (md->hc)
		hcache_commit(md->hc);
	free(gone);
}

static void fsync_subdirs(int dirfd)
{
	for (int s = MD_CUR; s <= MD_NEW; s++) {
		int fd = openat(dirfd, maildir_sub_name(s), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
}

static int maildir_sync(struct mailbox *mb, bool expunge, struct buf *err)
{
	struct maildir_data *md = mb->bdata;
	struct job *jobs = NULL;
	size_t n = 0;
	int dirfd, rc;

	/* Like mutt, take in what others changed first, so as not to write over it. */
	dirfd = open_refreshed(mb, &rc, err);
	if (dirfd < 0)
		return dirfd;
	if (rc)
		goto out;
	jobs = jobs_take(mb, expunge, &n);
	if (n && mb->set.read_only) {
		buf_printf(err, _("%s is read-only: changes cannot be written"), mb->path);
		rc = ERR_INVAL;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if ((i & 255) == 0) {
			if (mx_cancelled(mb)) {
				if (!err->len)
					buf_addstr(err, _("stopped: not every change was written"));
				rc = rc ? rc : ERR_CANCEL;
				break;
			}
			mx_progress(mb, _("Writing changes"), i, n);
		}
		int r = job_run(mb, dirfd, &jobs[i], err);
		rc = rc ? rc : r;
	}
	if (n) {
		fsync_subdirs(dirfd);
		jobs_done(mb, md, jobs, n);
	}
out:
	free(jobs);
	close(dirfd);
	return rc;
}

/* ===================================================================== */
/* Append, create, has_new                                               */
/* ===================================================================== */

/* Write (raw, len) to tmp/<unique>, complete and synced, with mtime received. */
static int write_temp(int dirfd, const char *raw, size_t len, int64_t received, struct buf *tmp)
{
	int fd = -1, rc;

	for (int tries = 0; fd < 0 && tries < 8; tries++) {
		buf_reset(tmp);
		buf_addstr(tmp, "tmp/");
		maildir_unique(len, tmp);
		fd = openat(dirfd, tmp->data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return errno_code(errno);
	}
	if (fd < 0)
		return ERR_EXISTS;
	rc = write_all(fd, raw, len);
	if (rc)
		rc = errno_code(errno);
	if (!rc && fsync(fd) != 0)
		rc = errno_code(errno);
	if (!rc && received > 0) {
		struct timespec t[2] = { { (time_t)received, 0 }, { (time_t)received, 0 } };
		futimens(fd, t); /* only the shown date suffers if it fails */
	}
	if (close(fd) != 0 && !rc)
		rc = errno_code(errno);
	if (rc) {
		int saved = errno;
		unlinkat(dirfd, tmp->data, 0);
		errno = saved;
	}
	return rc;
}

/* Where a delivered message goes: new/<unique>, or cur/<unique>:2,<letters> when it has flags. */
static void delivery_name(const struct mailbox *mb, const char *tmp, uint32_t flags,
			  struct buf *out)
{
	uint32_t f = flags & MSG_STORED;

	if (!mb->set.maildir_trash)
		f &= ~MSG_DELETED;
	buf_reset(out);
	if (!f) {
		buf_printf(out, "new/%s", maildir_base(tmp));
		return;
	}
	buf_printf(out, "cur/%s:2,", maildir_base(tmp));
	maildir_letters(f, NULL, out);
}

/*
 * Move the complete tmp file into place: link() fails rather than replace
 * a file of the same name; where hard links are not supported, a rename
 * that refuses to replace does the same. *moved says tmp is gone.
 */
static int deliver(int dirfd, const char *tmp, const char *dest, bool *moved)
{
	*moved = false;
	if (linkat(dirfd, tmp, dirfd, dest, 0) == 0)
		return 0;
	if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK)
		return errno == EEXIST ? ERR_EXISTS : errno_code(errno);
	if (renameat2(dirfd, tmp, dirfd, dest, RENAME_NOREPLACE) != 0)
		return errno == EEXIST ? ERR_EXISTS : errno_code(errno);
	*moved = true;
	return 0;
}

static int maildir_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
			  int64_t received, struct buf *err)
{
	struct buf tmp = BUF_INIT, dest = BUF_INIT;
	bool moved = false;
	int dirfd = open_folder(mb, err), rc;

	if (dirfd < 0)
		return ERR_NOTFOUND;
	rc = write_temp(dirfd, raw, len, received, &tmp);
	if (rc) {
		buf_printf(err, _("cannot write a message into %s: %s"), mb->path, strerror(errno));
		goto out;
	}
	delivery_name(mb, tmp.data, flags, &dest);
	rc = deliver(dirfd, tmp.data, dest.data, &moved);
	if (rc)
		buf_printf(err, _("cannot add a message to %s: %s"), mb->path,
			   rc == ERR_EXISTS ? strerror(EEXIST) : strerror(errno));
	if (!moved)
		unlinkat(dirfd, tmp.data, 0);
	if (rc == 0) {
		int sub = openat(dirfd, dest.data[0] == 'c' ? "cur" : "new",
				 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0) {
			fsync(sub);
			close(sub);
		}
	}
out:
	close(dirfd);
	buf_release(&tmp);
	buf_release(&dest);
	return rc;
}

static int maildir_create(const char *path, struct buf *err)
{
	struct buf sub = BUF_INIT;
	int rc = 0;

	if (mkdir(path, 0700) != 0) {
		buf_printf(err, _("cannot create %s: %s"), path, strerror(errno));
		return errno == EEXIST ? ERR_EXISTS : ERR_IO;
	}
	/* tmp/ and new/ first: a directory with cur/ is a Maildir to everyone */
	for (int i = 2; i >= 0 && !rc; i--) {
		static const char *const subs[] = { "cur", "new", "tmp" };
		buf_reset(&sub);
		buf_printf(&sub, "%s/%s", path, subs[i]);
		if (mkdir(sub.data, 0700) != 0) {
			buf_printf(err, _("cannot create %s: %s"), sub.data, strerror(errno));
			rc = ERR_IO;
		}
	}
	if (rc) {
		for (int i = 0; i < 3; i++) {
			static const char *const subs[] = { "cur", "new", "tmp" };
			buf_reset(&sub);
			buf_printf(&sub, "%s/%s", path, subs[i]);
			rmdir(sub.data);
		}
		rmdir(path);
	}
	buf_release(&sub);
	return rc;
}

/* A file in new/ (dot files and directories are not messages). */
static bool maildir_has_new(const char *path, const struct mx_settings *set)
{
	(void)set;
	struct buf dir = BUF_INIT;
	struct dirent *de;
	bool found = false;
	DIR *d;

	buf_printf(&dir, "%s/new", path);
	d = opendir(dir.data);
	buf_release(&dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = de->d_name[0] != '.' && de->d_type != DT_DIR;
	closedir(d);
	return found;
}

const struct mx_ops mx_maildir_ops = {
	.type = MX_MAILDIR,
	.name = "Maildir",
	.probe = maildir_probe,
	.open = maildir_open,
	.check = maildir_check,
	.read = maildir_read,
	.read_headers = maildir_read_headers,
	.sync = maildir_sync,
	.append = maildir_append,
	.create = maildir_create,
	.has_new = maildir_has_new,
	.close = maildir_close,
};
