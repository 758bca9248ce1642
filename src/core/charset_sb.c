/*
 * charset_sb.c - single-byte charsets (ISO-8859-x, KOI8, windows-125x...)
 * decoded through a 256-entry table instead of iconv.
 *
 * Why: an iconv descriptor costs about 35 KB (glibc gives every step a
 * buffer of 8,160 characters), and each thread keeps its own cache of
 * them, so a folder opened by several loader threads held over a megabyte
 * of them for a handful of charsets. A table is 1 KB, shared by every
 * thread, built once from iconv itself, and faster to apply.
 *
 * A charset qualifies when iconv turns every byte on its own into exactly
 * one code point, or rejects it (EILSEQ). A byte that iconv takes as the
 * start of a longer sequence (EINVAL), or consumes without output (a shift
 * state), means a multi-byte or stateful charset: those stay with iconv.
 */
#include <iconv.h>
#include <pthread.h>

#include "core/charset_sb.h"

#define SB_MAX 32

struct sb_table {
	char name[64];
	bool single; /* false: known not to qualify */
	uint32_t map[256];
};

static pthread_mutex_t sb_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sb_table *tables[SB_MAX];
static size_t ntables;

/* One byte through cd: its code point, SB_INVALID when rejected, or false when not single-byte. */
static bool probe_byte(iconv_t cd, unsigned char b, uint32_t *cp)
{
	char in[1] = { (char)b }, out[16];
	char *ip = in, *op = out;
	size_t il = 1, ol = sizeof(out), n;

	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		*cp = SB_INVALID;
		return errno == EILSEQ;
	}
	if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
		return false;
	n = (size_t)(op - out);
	if (n == 0 || !utf8_valid(out, n) || utf8_decode(out, n, cp) != n)
		return false;
	return true;
}

static void build(struct sb_table *t)
{
	iconv_t cd = iconv_open("UTF-8", t->name);

	t->single = false;
	if (cd == (iconv_t)-1)
		return;
	t->single = true;
	for (unsigned b = 0; b < 256 && t->single; b++)
		t->single = probe_byte(cd, (unsigned char)b, &t->map[b]);
	iconv_close(cd);
}

const uint32_t *sb_table_for(const char *canon)
{
	struct sb_table *t = NULL;

	if (strlen(canon) >= sizeof(t->name))
		return NULL;
	pthread_mutex_lock(&sb_lock);
	for (size_t i = 0; i < ntables; i++)
		if (strcmp(tables[i]->name, canon) == 0) {
			t = tables[i];
			goto out;
		}
	if (ntables < SB_MAX) {
		t = xcalloc(1, sizeof(*t));
		memcpy(t->name, canon, strlen(canon) + 1);
		build(t);
		tables[ntables++] = t;
	}
out:
	pthread_mutex_unlock(&sb_lock);
	return t && t->single ? t->map : NULL;
}
