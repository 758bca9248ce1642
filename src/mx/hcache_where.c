/*
 * hcache_where.c - where a folder's header cache is: $header_cache names
 * the default directory (""), a directory (existing, or ending in '/'), a
 * file shared by every folder, or something that turns caching off.
 */
#include <pwd.h>
#include <sys/stat.h>

#include "mx/hcache_int.h"

/* FNV-1a: stable across runs and machines (hash_bytes is randomised per process). */
static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void hc_hex_name(const char *folder, char out[HC_HEX + 1])
{
	snprintf(out, HC_HEX + 1, "%016llx", (unsigned long long)fnv1a(folder, strlen(folder)));
}

/* Create dir and its missing parents, 0700. Keeps errno of a failure. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0, saved = 0;

	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = ERR_IO;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = ERR_IO;
	saved = errno;
	free(p);
	errno = saved;
	return rc;
}

/* The default cache directory, or false when there is no home to put it in. */
static bool default_dir(struct buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says a relative $XDG_CACHE_HOME is to be ignored. */
	if (xdg && xdg[0] == '/') {
		buf_printf(out, "%s/tern/headers", xdg);
		return true;
	}
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return false;
	buf_printf(out, "%s/.cache/tern/headers", home);
	return true;
}

/* The directory setting names (for "": the default one), or 1 when it names a file or nothing. */
static int cache_dir(const char *setting, struct buf *dir, struct buf *err)
{
	size_t len = strlen(setting);
	struct stat st;

	if (!len) {
		if (default_dir(dir))
			return 0;
		buf_addstr(err, _("header cache: no home directory to keep it in"));
		return ERR_NOTFOUND;
	}
	if (stat(setting, &st) == 0 ? S_ISDIR(st.st_mode) : setting[len - 1] == '/') {
		buf_addstr(dir, setting);
		return 0;
	}
	return 1;
}

/*
 * Where folder's cache is under setting. Returns 1 when caching is off, 0
 * with a file, or an error with a note in err.
 */
int hc_cache_file(const char *setting, const char *folder, struct hc_where *w, struct buf *err)
{
	char hex[HC_HEX + 1];
	struct buf dir = BUF_INIT;
	struct stat st;
	int rc = cache_dir(setting, &dir, err);

	if (rc == 1) {
		/* A regular file, or nothing yet: one shared file. Anything else: off. */
		if (stat(setting, &st) == 0 && !S_ISREG(st.st_mode))
			goto out;
		buf_addstr(&w->file, setting);
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	while (dir.len > 1 && dir.data[dir.len - 1] == '/')
		buf_setlen(&dir, dir.len - 1);
	if (mkdir_p(dir.data) != 0) {
		buf_printf(err, _("header cache: cannot create %s: %s"), dir.data, strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	hc_hex_name(folder, hex);
	buf_printf(&w->file, "%s/%s.lmdb", dir.data, hex);
	w->ours = true;
out:
	buf_release(&dir);
	return rc;
}
