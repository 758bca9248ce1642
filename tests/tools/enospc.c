/*
 * enospc.c - an LD_PRELOAD shim that runs a program out of disk space, for
 * the tests that check nothing is lost when a write fails.
 *
 * TERN_ENOSPC_AFTER=N: after N bytes have been written to regular files in
 * all (by write, pwrite or writev), every further write to a regular file
 * writes what is left of the budget and then fails with ENOSPC, as a full
 * disk does. Standard output and error, pipes, terminals and sockets are
 * never touched, so the program can still report the error.
 * TERN_ENOSPC_FSYNC=1: fsync and fdatasync fail with ENOSPC too, once the
 * budget is spent (some file systems report a full disk only there).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_llong budget = -1; /* -1: not read yet; LLONG_MAX: no limit */

static long long budget_left(void)
{
	long long b = atomic_load(&budget);
	if (b == -1) {
		const char *s = getenv("TERN_ENOSPC_AFTER");
		b = s && *s ? atoll(s) : __LONG_LONG_MAX__;
		atomic_store(&budget, b);
	}
	return b;
}

static int is_file(int fd)
{
	struct stat st;
	return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* How many of n bytes may be written now (taken from the budget); -1 and ENOSPC when none. */
static ssize_t take(int fd, size_t n)
{
	long long b;
	if (!is_file(fd) || n == 0)
		return (ssize_t)n;
	b = budget_left();
	if (b <= 0) {
		errno = ENOSPC;
		return -1;
	}
	if ((long long)n > b)
		n = (size_t)b;
	atomic_fetch_sub(&budget, (long long)n);
	return (ssize_t)n;
}

ssize_t write(int fd, const void *p, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	ssize_t k = take(fd, n);
	if (!real)
		real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return k < 0 ? -1 : real(fd, p, (size_t)k);
}

ssize_t pwrite(int fd, const void *p, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);
	ssize_t k = take(fd, n);
	if (!real)
		real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	return k < 0 ? -1 : real(fd, p, (size_t)k, off);
}

ssize_t pwrite64(int fd, const void *p, size_t n, off_t off)
{
	return pwrite(fd, p, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	/* Written as separate writes: simpler than cutting an iovec, and a short count is allowed. */
	ssize_t total = 0;
	for (int i = 0; i < cnt; i++) {
		ssize_t w = write(fd, iov[i].iov_base, iov[i].iov_len);
		if (w < 0)
			return total ? total : -1;
		total += w;
		if ((size_t)w < iov[i].iov_len)
			break;
	}
	return total;
}

static int sync_fails(int fd)
{
	const char *s = getenv("TERN_ENOSPC_FSYNC");
	if (s && *s == '1' && is_file(fd) && budget_left() <= 0) {
		errno = ENOSPC;
		return 1;
	}
	return 0;
}

int fsync(int fd)
{
	static int (*real)(int);
	if (sync_fails(fd))
		return -1;
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (sync_fails(fd))
		return -1;
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	return real(fd);
}
