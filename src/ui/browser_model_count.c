/*
 * browser_model_count.c - message counts of a Maildir or MH folder for the
 * browser, from directory listings and the MH sequence file: no message is
 * opened, so a listing of many folders stays cheap.
 *
 * mx.h offers no count (only mx_has_new), and the MH backend's sequence
 * parser is private to src/mx (mh.h), so the two rules are restated here:
 * a Maildir message is a file in new/ or cur/ whose name does not start
 * with a dot, unread when it is in new/ or has no S in its ":2," flags; an
 * MH message is a file with a canonical decimal name, unread when the
 * $mh_seq_unseen sequence of .mh_sequences names it.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "ui/browser_model_int.h"

/* Bytes of .mh_sequences read at most (the backend's own cap). */
#define BM_SEQ_MAX (16u << 20)

/* ---- Maildir ------------------------------------------------------------ */

/* True when the file name carries the S (seen) flag in its ":2," info. */
static bool maildir_seen(const char *name)
{
	const char *info = strchr(name, ':');

	return info && !strncmp(info, ":2,", 3) && strchr(info + 3, 'S');
}

/* Count the messages of path/sub; with all_unread every one is unread (new/). */
static bool maildir_scan(const char *path, const char *sub, bool all_unread, long *n, long *unread)
{
	struct buf p = BUF_INIT;
	struct dirent *de;
	DIR *d;

	buf_printf(&p, "%s/%s", path, sub);
	d = opendir(p.data);
	buf_release(&p);
	if (!d)
		return false;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || de->d_type == DT_DIR)
			continue;
		(*n)++;
		if (all_unread || !maildir_seen(de->d_name))
			(*unread)++;
	}
	closedir(d);
	return true;
}

static void count_maildir(const char *path, struct browser_entry *e)
{
	long n = 0, unread = 0;

	if (maildir_scan(path, "new", true, &n, &unread) &&
	    maildir_scan(path, "cur", false, &n, &unread)) {
		e->total = n;
		e->unread = unread;
	}
}

/* ---- MH ----------------------------------------------------------------- */

struct nums {
	uint32_t *v;
	size_t n, cap;
};

/* The message number of a file name, or 0: canonical decimals only ("007" is no message). */
static uint32_t mh_num(const char *s)
{
	unsigned long v;

	if (s[0] < '1' || s[0] > '9' || !parse_ulong(s, strlen(s), &v) || v >= UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The message numbers in dir, sorted. */
static bool mh_messages(const char *dir, struct nums *out)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	uint32_t num;

	if (!d)
		return false;
	while ((de = readdir(d)) != NULL) {
		if (de->d_type == DT_DIR || (num = mh_num(de->d_name)) == 0)
			continue;
		ALLOC_GROW(out->v, out->n + 1, out->cap);
		out->v[out->n++] = num;
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_u32);
	return true;
}

/* How many of the sorted nums are < x. */
static size_t below(const struct nums *nums, uint64_t x)
{
	return x > UINT32_MAX ? nums->n : u32_lower_bound(nums->v, nums->n, (uint32_t)x);
}

/*
 * Mark the messages that one "N" or "LO-HI" token names. Marks, rather
 * than adds up, so that overlapping ranges count a message once.
 */
static void mark_token(const char *tok, size_t len, const struct nums *nums, bool *unseen)
{
	const char *dash = memchr(tok, '-', len);
	size_t first_len = dash ? (size_t)(dash - tok) : len;
	unsigned long lo, hi;

	if (!parse_ulong(tok, first_len, &lo))
		return;
	hi = lo;
	if (dash && !parse_ulong(dash + 1, len - first_len - 1, &hi))
		return;
	for (size_t i = below(nums, lo); i < nums->n && nums->v[i] <= hi; i++)
		unseen[i] = true;
}

/*
 * Apply the value of every "name:" line of the sequence text (a line
 * continues on following lines that start with white space).
 */
static void mark_sequence(const struct buf *text, const char *name, const struct nums *nums,
			  bool *unseen)
{
	size_t nlen = strlen(name);
	const char *p = text->data, *end = p + text->len;
	bool in_seq = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;

		if (!is_wsp((unsigned char)*p)) {
			const char *colon = memchr(p, ':', (size_t)(eol - p));
			in_seq = colon && (size_t)(colon - p) == nlen && !memcmp(p, name, nlen);
			q = colon ? colon + 1 : eol;
		}
		while (in_seq && q < eol) {
			const char *tok;
			while (q < eol && is_space((unsigned char)*q))
				q++;
			for (tok = q; q < eol && !is_space((unsigned char)*q); q++)
				;
			if (q > tok)
				mark_token(tok, (size_t)(q - tok), nums, unseen);
		}
		p = eol + (nl != NULL);
	}
}

static void count_mh(const struct config *c, const char *path, struct browser_entry *e)
{
	struct nums nums = { 0 };
	struct buf seq = BUF_INIT, text = BUF_INIT;
	const char *name = cfg_str(c, V_mh_seq_unseen);
	bool *unseen = NULL;
	long unread = 0;

	if (!mh_messages(path, &nums))
		goto out;
	buf_printf(&seq, "%s/.mh_sequences", path);
	unseen = xcalloc(nums.n + 1, sizeof(*unseen));
	/* no sequence file (or an unreadable one): nothing is unseen, as for the backend */
	if (*name && file_read_all(seq.data, &text, BM_SEQ_MAX) == 0)
		mark_sequence(&text, name, &nums, unseen);
	for (size_t i = 0; i < nums.n; i++)
		unread += unseen[i];
	e->total = (long)nums.n;
	e->unread = unread;
out:
	free(unseen);
	free(nums.v);
	buf_release(&seq);
	buf_release(&text);
}

void bm_count(const struct config *c, const char *path, enum mx_type type, struct browser_entry *e)
{
	if (type == MX_MAILDIR)
		count_maildir(path, e);
	else if (type == MX_MH)
		count_mh(c, path, e);
}
