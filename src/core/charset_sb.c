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
#include <stdatomic.h>

#include "core/charset_sb.h"

#define SB_MAX 32

struct sb_table {
	char name[64];
	bool single; /* false: known not to qualify */
	uint32_t map[256];
};

static pthread_mutex_t sb_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sb_table *tables[SB_MAX];
static atomic_size_t ntables;

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

/* The table for canon among the first n, or NULL. */
static struct sb_table *find(const char *canon, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tables[i]->name, canon) == 0)
			return tables[i];
	return NULL;
}

/*
 * Called for every converted word, from every loader thread: a table once
 * published (tables[i] written before ntables counts it) is found without
 * the lock, which only guards building new ones.
 */
const uint32_t *sb_table_for(const char *canon)
{
	struct sb_table *t;

	if (strlen(canon) >= sizeof(t->name))
		return NULL;
	t = find(canon, atomic_load_explicit(&ntables, memory_order_acquire));
	if (!t) {
		pthread_mutex_lock(&sb_lock);
		size_t n = atomic_load_explicit(&ntables, memory_order_relaxed);
		t = find(canon, n);
		if (!t && n < SB_MAX) {
			t = xcalloc(1, sizeof(*t));
			memcpy(t->name, canon, strlen(canon) + 1);
			build(t);
			tables[n] = t;
			atomic_store_explicit(&ntables, n + 1, memory_order_release);
		}
		pthread_mutex_unlock(&sb_lock);
	}
	return t && t->single ? t->map : NULL;
}
