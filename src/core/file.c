/* file.c - whole-file reads and crash-safe replacement of files */
#include <fcntl.h>
#include <sys/stat.h>

#include "core/core.h"

int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int file_read_all(const char *path, struct buf *out, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = ERR_IO;
	size_t start = out->len;

	if (fd < 0)
		return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	for (;;) {
		buf_grow(out, 65536);
		ssize_t r = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		if (max && out->len - start > max) {
			rc = ERR_LIMIT;
			goto out;
		}
	}
	rc = 0;
out:
	out->data[out->len] = '\0';
	close(fd);
	return rc;
}

int file_mkstemp(const char *dir, const char *prefix, struct buf *path_out)
{
	mode_t old;
	int fd;

	buf_reset(path_out);
	buf_printf(path_out, "%s/%sXXXXXX", dir, prefix);
	/* mkstemp already uses 0600; the umask makes sure nothing widens it. */
	old = umask(077);
	fd = mkostemp(path_out->data, O_CLOEXEC);
	umask(old);
	return fd;
}

int file_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ERR_IO;
	/* Some file systems cannot sync a directory (EINVAL): nothing more can be done there. */
	if (fsync(fd) < 0 && errno != EINVAL)
		rc = ERR_IO;
	close(fd);
	return rc;
}

int file_fsync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int rc = file_fsync_dir(dir);

	free(dir);
	return rc;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int rc = ERR_IO;
	int fd = file_mkstemp(dir, ".tern-tmp-", &tmp);

	if (fd < 0)
		goto out;
	rc = write_all(fd, data, len);
	if (!rc && fsync(fd) < 0)
		rc = errno == ENOSPC ? ERR_NOSPACE : ERR_IO;
	if (close(fd) < 0 && !rc)
		rc = ERR_IO;
	if (!rc && rename(tmp.data, path) < 0)
		rc = ERR_IO;
	if (rc)
		unlink(tmp.data);
	else
		rc = file_fsync_parent(path);
out:
	free(dir);
	buf_release(&tmp);
	return rc;
}

int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
