/*
 * mbox_lock.c - locking an mbox the way mail programs expect: a dot-lock
 * file (path.lock) and an fcntl lock, both held for one operation only.
 *
 * The dot-lock is made as every NFS-safe program does it: write a file
 * under a unique name, link(2) it to path.lock (atomic, and reported
 * reliably by the link count even when NFS loses the reply), remove the
 * unique name. A lock is stale when it is older than 5 minutes by the
 * file system's clock (our own fresh file's mtime, so that a client with a
 * wrong clock does not break live locks), or when it names a process of
 * this host that is gone (we write "pid host"; a SIGKILLed tern leaves
 * such a lock, and nobody should wait 5 minutes for a dead process).
 *
 * The fcntl lock uses open file description locks (F_OFD_SETLK) when the
 * kernel has them: they conflict with other programs' classic fcntl locks
 * as usual, but are not dropped when another descriptor of the same file
 * is closed in this process (a classic lock is, which would silently
 * unlock the mailbox whenever a reader thread closes its copy).
 *
 * Order: dot-lock, then fcntl (as procmail and Postfix take them). Either
 * one busy: both are let go, and we try again after a short, growing
 * sleep, so two programs taking them in opposite orders cannot deadlock.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "mx/mbox-private.h"

#define STALE_SECONDS 300

static atomic_uint lock_timeout_ms = 10000;

void mbox_set_lock_timeout(unsigned ms)
{
	atomic_store(&lock_timeout_ms, ms);
}

unsigned mbox_lock_timeout(void)
{
	return atomic_load(&lock_timeout_ms);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- fcntl --------------------------------------------------------------- */

static int fcntl_try(int fd, bool write)
{
	struct flock fl = { .l_type = write ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET };

#ifdef F_OFD_SETLK
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return 0;
	if (errno == EAGAIN || errno == EACCES)
		return ERR_AGAIN;
	if (errno != EINVAL)
		return ERR_IO;
		/* a kernel without OFD locks: classic ones */
#endif
	if (fcntl(fd, F_SETLK, &fl) == 0)
		return 0;
	return errno == EAGAIN || errno == EACCES ? ERR_AGAIN : ERR_IO;
}

void mbox_fcntl_unlock(int fd)
{
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET };

	if (fd < 0)
		return;
#ifdef F_OFD_SETLK
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return;
#endif
	fcntl(fd, F_SETLK, &fl);
}

/* ---- the dot-lock ------------------------------------------------------ */

enum { DOT_SKIP = 1 }; /* no dot-lock possible here (directory not writable) */

static void dir_and_base(const char *path, struct buf *dir, const char **base)
{
	const char *slash = strrchr(path, '/');

	buf_reset(dir);
	if (!slash) {
		buf_addstr(dir, ".");
		*base = path;
	} else {
		buf_add(dir, path, slash == path ? 1 : (size_t)(slash - path));
		*base = slash + 1;
	}
}

/* Does the lock file name a process of this host that no longer runs? */
static bool holder_dead(const char *lockpath)
{
	char text[300], host[256];
	long pid;
	int fd = open(lockpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0 || gethostname(host, sizeof(host)) != 0)
		return false;
	text[n] = '\0';
	host[sizeof(host) - 1] = '\0';
	char *end, *nl;
	pid = strtol(text, &end, 10);
	if (pid <= 0 || *end != ' ' || (nl = strchr(end + 1, '\n')) == NULL)
		return false;
	*nl = '\0';
	return strcmp(end + 1, host) == 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove lockpath when stale; fs_now is the file system's idea of now. */
static void break_stale(const char *lockpath, time_t fs_now)
{
	struct stat st, again;

	if (lstat(lockpath, &st) != 0)
		return;
	if (fs_now - st.st_mtime <= STALE_SECONDS && !holder_dead(lockpath))
		return;
	/* still the same file we judged (nobody replaced it meanwhile) */
	if (lstat(lockpath, &again) == 0 && again.st_ino == st.st_ino && again.st_dev == st.st_dev)
		unlink(lockpath);
}

static int dot_try(struct mbox_lock *l, const char *path)
{
	struct buf dir = BUF_INIT, tmp = BUF_INIT, lockpath = BUF_INIT, prefix = BUF_INIT;
	struct stat st;
	const char *base;
	char host[256];
	int fd, rc = ERR_AGAIN;

	dir_and_base(path, &dir, &base);
	buf_printf(&lockpath, "%s.lock", path);
	buf_printf(&prefix, ".%s.lock-tern-", base);
	fd = file_mkstemp(dir.data, prefix.data, &tmp);
	if (fd < 0) {
		rc = errno == EACCES || errno == EPERM || errno == EROFS ? DOT_SKIP : ERR_IO;
		goto out;
	}
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	buf_reset(&prefix);
	buf_printf(&prefix, "%ld %s\n", (long)getpid(), host);
	rc = write_all(fd, prefix.data, prefix.len) == 0 && fstat(fd, &st) == 0 ? 0 : ERR_IO;
	close(fd);
	if (rc)
		goto unlink_tmp;
	if (link(tmp.data, lockpath.data) != 0 && errno != EEXIST) {
		rc = errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP ? DOT_SKIP : ERR_IO;
		goto unlink_tmp;
	}
	/* the link count tells whether our link made it, whatever link() said */
	if (stat(tmp.data, &st) == 0 && st.st_nlink == 2 && stat(lockpath.data, &st) == 0) {
		l->dotlock = buf_detach(&lockpath, NULL);
		l->dot_dev = st.st_dev;
		l->dot_ino = st.st_ino;
		rc = 0;
	} else {
		break_stale(lockpath.data, st.st_mtime);
		rc = ERR_AGAIN;
	}
unlink_tmp:
	unlink(tmp.data);
out:
	buf_release(&dir);
	buf_release(&tmp);
	buf_release(&lockpath);
	buf_release(&prefix);
	return rc;
}

static void dot_release(struct mbox_lock *l)
{
	struct stat st;

	if (!l->dotlock)
		return;
	/* only ours: someone may have broken it as stale and made their own */
	if (lstat(l->dotlock, &st) == 0 && st.st_ino == l->dot_ino && st.st_dev == l->dot_dev)
		unlink(l->dotlock);
	free(l->dotlock);
	l->dotlock = NULL;
}

/* ---- both ---------------------------------------------------------------- */

/* Wait until try() stops saying ERR_AGAIN, the timeout passes, or mb is cancelled. */
static int wait_loop(int (*try)(void *), void *ctx, const struct mailbox *mb)
{
	int64_t deadline = mono_ms() + mbox_lock_timeout();
	long pause = 10;
	int rc;

	while ((rc = try(ctx)) == ERR_AGAIN) {
		if (mono_ms() >= deadline)
			return ERR_TIMEOUT;
		if (mb && mx_cancelled(mb))
			return ERR_CANCEL;
		sleep_ms(pause);
		pause = MIN(pause * 2, 250L);
	}
	return rc;
}

struct try_ctx {
	struct mbox_lock *l;
	const char *path;
	int fd;
	bool write, dot;
};

static int try_both(void *arg)
{
	struct try_ctx *c = arg;
	int rc = c->dot ? dot_try(c->l, c->path) : 0;

	if (rc == DOT_SKIP) {
		c->dot = false;
		rc = 0;
	}
	if (rc)
		return rc;
	rc = fcntl_try(c->fd, c->write);
	if (rc == 0)
		c->l->fd = c->fd;
	else
		dot_release(c->l);
	return rc;
}

int mbox_lock(struct mbox_lock *l, const char *path, int fd, bool write, const struct mailbox *mb,
	      struct buf *err)
{
	struct try_ctx c = { l, path, fd, write, true };
	int rc = wait_loop(try_both, &c, mb);

	if (rc == ERR_TIMEOUT)
		buf_printf(err, _("%s is locked by another program (timed out)"), path);
	else if (rc == ERR_IO)
		buf_printf(err, _("cannot lock %s: %s"), path, strerror(errno));
	else if (rc == ERR_CANCEL)
		buf_addstr(err, _("stopped while waiting for the mailbox lock"));
	return rc;
}

void mbox_unlock(struct mbox_lock *l)
{
	if (l->fd >= 0)
		mbox_fcntl_unlock(l->fd);
	l->fd = -1;
	dot_release(l);
}

struct fcntl_ctx {
	int fd;
	bool write;
};

static int try_fcntl(void *arg)
{
	struct fcntl_ctx *c = arg;
	return fcntl_try(c->fd, c->write);
}

int mbox_fcntl_lock(int fd, bool write, const struct mailbox *mb)
{
	struct fcntl_ctx c = { fd, write };
	return wait_loop(try_fcntl, &c, mb);
}
