/*
 * slowopen.c - an LD_PRELOAD shim that makes opening some files slow, for
 * the tests that check a slow read never freezes the interface.
 *
 * TERN_SLOW_MATCH=S: opening a path that contains S (open, open64, openat,
 * openat64) first sleeps TERN_SLOW_MS milliseconds (default 3000). Other
 * paths are opened at once.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void maybe_wait(const char *path)
{
	const char *match = getenv("TERN_SLOW_MATCH");
	const char *ms = getenv("TERN_SLOW_MS");
	long n = ms && *ms ? atol(ms) : 3000;

	if (path && match && *match && strstr(path, match)) {
		struct timespec ts = { n / 1000, (n % 1000) * 1000000L };
		while (nanosleep(&ts, &ts) != 0)
			;
	}
}

static mode_t mode_of(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

#define SHIM(name, ...)                                                                           \
	int (*real)(__VA_ARGS__) = (int (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

int open(const char *path, int flags, ...)
{
	va_list ap;
	SHIM("open", const char *, int, mode_t);

	va_start(ap, flags);
	mode_t mode = mode_of(flags, ap);
	va_end(ap);
	maybe_wait(path);
	return real(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	SHIM("open64", const char *, int, mode_t);

	va_start(ap, flags);
	mode_t mode = mode_of(flags, ap);
	va_end(ap);
	maybe_wait(path);
	return real(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	SHIM("openat", int, const char *, int, mode_t);

	va_start(ap, flags);
	mode_t mode = mode_of(flags, ap);
	va_end(ap);
	maybe_wait(path);
	return real(dir, path, flags, mode);
}

int openat64(int dir, const char *path, int flags, ...)
{
	va_list ap;
	SHIM("openat64", int, const char *, int, mode_t);

	va_start(ap, flags);
	mode_t mode = mode_of(flags, ap);
	va_end(ap);
	maybe_wait(path);
	return real(dir, path, flags, mode);
}
