/*
 * mx_imap_bcache.c - the body cache's files (bcache.h): safe names, a
 * checked read, an atomic store, and the clean. Plain files, no index:
 * a file's name says what it is and its length whether it is whole.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "imap/bcache.h"

/* A crashed writer's temporary file is removed by a clean after this long. */
#define STALE_TMP_SECONDS 3600
#define TMP_PREFIX        ".tern-tmp-" /* file_write_atomic's */

static bool safe_byte(unsigned char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	if (c == '.')
		return !first; /* never ".", "..", nor a hidden file */
	return c != 0 && strchr("-_+,=@:", c) != NULL;
}

/* FNV-1a: a hash that is the same in every run (hash_bytes is not). */
static uint64_t stable_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void bcache_name_encode(const char *s, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	const size_t keep = BCACHE_NAME_MAX - 18; /* room for "%%" and 16 hex digits */
	size_t start = out->len, cut = start;

	if (!*s) {
		buf_addch(out, '%'); /* an encoding never ends in a lone '%' otherwise */
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (safe_byte(*p, p == (const unsigned char *)s)) {
			buf_addch(out, *p);
		} else {
			buf_addch(out, '%');
			buf_addch(out, hex[*p >> 4]);
			buf_addch(out, hex[*p & 15]);
		}
		if (out->len - start <= keep)
			cut = out->len; /* a whole byte's encoding ends here */
		if (out->len - start > BCACHE_NAME_MAX) {
			/* cut short, made unique by the hash of all of it ("%%" is never an escape) */
			buf_setlen(out, cut);
			buf_printf(out, "%%%%%016llx", (unsigned long long)stable_hash(s));
			return;
		}
	}
}

int bcache_dir(const char *root, const char *user, const char *host, unsigned port,
	       const char *mailbox, struct buf *out)
{
	struct buf acct = BUF_INIT;

	buf_reset(out);
	if (!root || root[0] != '/' || !host || !*host || !mailbox)
		return ERR_INVAL;
	buf_addstr(out, root);
	while (out->len > 1 && out->data[out->len - 1] == '/')
		buf_setlen(out, out->len - 1);
	if (user && *user)
		buf_printf(&acct, "%s@", user);
	buf_addstr(&acct, host);
	str_lower(acct.data + acct.len - strlen(host));
	buf_printf(&acct, ":%u", port);
	if (out->len > 1)
		buf_addch(out, '/');
	bcache_name_encode(acct.data, out);
	buf_addch(out, '/');
	bcache_name_encode(ascii_strcasecmp(mailbox, "INBOX") == 0 ? "INBOX" : mailbox, out);
	buf_release(&acct);
	return 0;
}

static void entry_path(struct buf *p, const char *dir, uint32_t uidvalidity, uint32_t uid)
{
	buf_reset(p);
	buf_printf(p, "%s/%u-%u", dir, uidvalidity, uid);
}

/* Read exactly size bytes of fd into out; false on a short or failed read. */
static bool get_all(int fd, uint64_t size, struct buf *out)
{
	size_t start = out->len, left = (size_t)size;

	buf_grow(out, left);
	while (left > 0) {
		ssize_t r = read(fd, out->data + out->len, left);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			buf_setlen(out, start);
			return false;
		}
		buf_setlen(out, out->len + (size_t)r);
		left -= (size_t)r;
	}
	return true;
}

int bcache_get(const char *dir, uint32_t uidvalidity, uint32_t uid, uint64_t size, struct buf *out)
{
	struct buf path = BUF_INIT;
	struct stat st;
	bool hit = false;
	int fd;

	if (size == 0 || size > SIZE_MAX / 2)
		return ERR_NOTFOUND;
	entry_path(&path, dir, uidvalidity, uid);
	fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	buf_release(&path);
	if (fd < 0)
		return ERR_NOTFOUND;
	/* the length is the check: a truncated or grown file is not the message */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == size)
		hit = get_all(fd, size, out);
	close(fd);
	return hit ? 0 : ERR_NOTFOUND;
}

/* mkdir -p, each new directory 0700. */
static int make_dirs(const char *dir, struct buf *err)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			buf_printf(err, "%s: %s", p, strerror(errno));
			rc = errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int bcache_put(const char *dir, uint32_t uidvalidity, uint32_t uid, const char *data, size_t len,
	       struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc = make_dirs(dir, err);

	if (rc != 0)
		return rc;
	entry_path(&path, dir, uidvalidity, uid);
	/* 0600, whole or not at all; its temporary name starts with TMP_PREFIX */
	rc = file_write_atomic(path.data, data, len);
	if (rc != 0)
		buf_printf(err, "%s: %s", path.data, strerror(errno));
	buf_release(&path);
	return rc;
}

/* "<v>-<u>" with both decimal and nothing else; false for any other name. */
static bool parse_entry(const char *name, uint32_t *v, uint32_t *u)
{
	char *end;
	unsigned long a, b;

	if (name[0] < '0' || name[0] > '9')
		return false;
	errno = 0;
	a = strtoul(name, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9' || errno || a > UINT32_MAX)
		return false;
	b = strtoul(end + 1, &end, 10);
	if (*end || errno || b > UINT32_MAX)
		return false;
	*v = (uint32_t)a;
	*u = (uint32_t)b;
	return true;
}

static bool uid_in(const uint32_t *uids, size_t n, uint32_t uid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uids[mid] == uid)
			return true;
		if (uids[mid] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Should the clean remove this directory entry? */
static bool unwanted(int dfd, const char *name, uint32_t uidvalidity, const uint32_t *uids,
		     size_t n)
{
	uint32_t v, u;
	struct stat st;

	if (strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0)
		return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		       st.st_mtime + STALE_TMP_SECONDS < time(NULL);
	if (!parse_entry(name, &v, &u))
		return false;
	return v != uidvalidity || !uid_in(uids, n, u);
}

int bcache_clean(const char *dir, uint32_t uidvalidity, const uint32_t *uids, size_t n,
		 size_t *removed, struct buf *err)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t count = 0;
	int rc = 0;

	if (removed)
		*removed = 0;
	if (!dp) {
		if (errno == ENOENT)
			return 0;
		buf_printf(err, "%s: %s", dir, strerror(errno));
		return ERR_IO;
	}
	while ((de = readdir(dp)) != NULL) {
		if (!unwanted(dirfd(dp), de->d_name, uidvalidity, uids, n))
			continue;
		if (unlinkat(dirfd(dp), de->d_name, 0) == 0) {
			count++;
		} else if (errno != ENOENT && rc == 0) {
			buf_printf(err, "%s/%s: %s", dir, de->d_name, strerror(errno));
			rc = ERR_IO;
		}
	}
	closedir(dp);
	if (removed)
		*removed = count;
	return rc;
}
