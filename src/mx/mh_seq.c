/*
 * mh_seq.c - MH message numbers, ranges of them, and the sequence file
 * .mh_sequences (mh-sequence(5)).
 *
 * The file is shared with nmh, mutt and others. tern rewrites only its
 * three sequences and copies every other line as it found it (except that
 * an expunge takes the removed numbers out of every sequence, as nmh's rmm
 * does). It replaces the file by a temporary file and rename, holding the
 * fcntl lock nmh takes ("datalocking: fcntl", nmh's default): nmh retries a
 * busy lock by opening the file again, so it then sees the new file.
 */
#include <fcntl.h>
#include <inttypes.h>

#include "mx/mh.h"

#define MH_LOCK_TRIES 50 /* 100 ms apart */

/* ===================================================================== */
/* Numbers and ranges                                                    */
/* ===================================================================== */

uint32_t mh_number(const char *name)
{
	size_t n = strlen(name);
	unsigned long v;

	if (!n || name[0] == '0' || !parse_ulong(name, n, &v) || v >= UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

void mh_ranges_add(struct ranges *r, uint32_t lo, uint32_t hi)
{
	ALLOC_GROW(r->v, r->n + 1, r->cap);
	r->v[r->n++] = (struct range){ lo, hi };
}

void mh_ranges_release(struct ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void mh_ranges_normalize(struct ranges *r)
{
	size_t w = 0;

	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), cmp_range);
	for (size_t i = 0; i < r->n; i++) {
		if (w && (uint64_t)r->v[w - 1].hi + 1 >= r->v[i].lo)
			r->v[w - 1].hi = MAX(r->v[w - 1].hi, r->v[i].hi);
		else
			r->v[w++] = r->v[i];
	}
	r->n = w;
}

bool mh_ranges_has(const struct ranges *r, uint32_t num)
{
	size_t lo = 0, hi = r->n;

	/* the first range starting after num; the one before it may hold num */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->v[mid].lo <= num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && r->v[lo - 1].hi >= num;
}

void mh_ranges_subtract(struct ranges *r, const uint32_t *pts, size_t n)
{
	struct ranges out = { 0 };
	size_t k = 0;

	for (size_t i = 0; i < r->n; i++) {
		uint64_t start = r->v[i].lo;
		while (k < n && pts[k] < r->v[i].lo)
			k++;
		for (; k < n && pts[k] <= r->v[i].hi; k++) {
			if (pts[k] > start)
				mh_ranges_add(&out, (uint32_t)start, pts[k] - 1);
			start = (uint64_t)pts[k] + 1;
		}
		if (start <= r->v[i].hi)
			mh_ranges_add(&out, (uint32_t)start, r->v[i].hi);
	}
	mh_ranges_release(r);
	*r = out;
}

/* Does r (normalized) hold any of pts[0..n) (sorted)? */
static bool ranges_hit(const struct ranges *r, const uint32_t *pts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (mh_ranges_has(r, pts[i]))
			return true;
	return false;
}

/* " 1 3-5 9" */
static void ranges_format(const struct ranges *r, struct buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		buf_printf(out, " %" PRIu32, r->v[i].lo);
		if (r->v[i].hi != r->v[i].lo)
			buf_printf(out, "-%" PRIu32, r->v[i].hi);
	}
}

/* ===================================================================== */
/* Parsing and formatting                                                */
/* ===================================================================== */

/* A name we can read and write back: nonempty, no white space, colon or control bytes. */
static bool seq_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == ':' || *s == 0x7f)
			return false;
	return true;
}

void mh_seq_names(const struct mx_settings *set, const char *names[NROLES])
{
	names[ROLE_UNSEEN] = set->mh_seq_unseen ? set->mh_seq_unseen : "";
	names[ROLE_FLAGGED] = set->mh_seq_flagged ? set->mh_seq_flagged : "";
	names[ROLE_REPLIED] = set->mh_seq_replied ? set->mh_seq_replied : "";
	for (int r = 0; r < NROLES; r++)
		if (!seq_name_ok(names[r]))
			names[r] = "";
}

/* The roles (a bit each) whose sequence is called (name, n): several when names repeat. */
static unsigned roles_named(const char *const names[NROLES], const char *name, size_t n)
{
	unsigned roles = 0;

	for (int r = 0; r < NROLES; r++)
		if (names[r][0] && strlen(names[r]) == n && !memcmp(names[r], name, n))
			roles |= 1u << r;
	return roles;
}

/* "N" or "LO-HI" with 0 < LO <= HI < UINT32_MAX. */
static bool parse_seq_token(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	const char *dash = memchr(s, '-', n);
	unsigned long a, b;

	if (!parse_ulong(s, dash ? (size_t)(dash - s) : n, &a))
		return false;
	b = a;
	if (dash && !parse_ulong(dash + 1, n - (size_t)(dash - s) - 1, &b))
		return false;
	if (a == 0 || a > b || b >= UINT32_MAX)
		return false;
	*lo = (uint32_t)a;
	*hi = (uint32_t)b;
	return true;
}

/* The numbers and ranges in (p, n) into r (not normalized); false when something did not parse. */
static bool parse_list(const char *p, size_t n, struct ranges *r)
{
	const char *end = p + n;
	bool clean = true;

	while (p < end) {
		const char *tok;
		uint32_t lo, hi;

		while (p < end && is_space((unsigned char)*p))
			p++;
		tok = p;
		while (p < end && !is_space((unsigned char)*p))
			p++;
		if (p == tok)
			continue;
		if (parse_seq_token(tok, (size_t)(p - tok), &lo, &hi))
			mh_ranges_add(r, lo, hi);
		else
			clean = false;
	}
	return clean;
}

/*
 * One logical line of the file: a line and the lines continuing it
 * (starting with white space), newlines included. name is empty when the
 * line has no colon.
 */
struct seq_line {
	const char *p;
	size_t len;
	const char *name, *list;
	size_t name_len, list_len;
};

static size_t line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
}

/* Blank lines are skipped. False at the end. */
static bool next_line(const char **pp, const char *end, struct seq_line *l)
{
	const char *p = *pp, *colon, *q;
	size_t first;

	while (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')))
		p += *p == '\r' ? 2 : 1;
	if (p >= end)
		return false;
	first = line_len(p, end);
	l->p = p;
	l->len = first;
	while (p + l->len < end && is_wsp((unsigned char)p[l->len]))
		l->len += line_len(p + l->len, end);
	*pp = p + l->len;
	colon = memchr(p, ':', first);
	l->name = p;
	l->name_len = 0;
	l->list = NULL;
	l->list_len = 0;
	if (colon) {
		q = colon;
		while (q > p && is_wsp((unsigned char)q[-1]))
			q--;
		l->name_len = (size_t)(q - p);
		l->list = colon + 1;
		l->list_len = l->len - (size_t)(colon + 1 - p);
	}
	return true;
}

void mh_seqs_parse(struct mh_seqs *q, const char *const names[NROLES])
{
	const char *p = q->text.data, *end = p + q->text.len;
	struct seq_line l;

	while (next_line(&p, end, &l)) {
		unsigned roles = l.name_len ? roles_named(names, l.name, l.name_len) : 0;

		if (!roles) {
			buf_add(&q->other, l.p, l.len);
			if (l.p[l.len - 1] != '\n')
				buf_addch(&q->other, '\n');
			continue;
		}
		for (int r = 0; r < NROLES; r++)
			if (roles & (1u << r))
				parse_list(l.list, l.list_len, &q->role[r]);
	}
	for (int r = 0; r < NROLES; r++)
		mh_ranges_normalize(&q->role[r]);
}

void mh_seqs_forget(struct mh_seqs *q, const uint32_t *nums, size_t n)
{
	struct buf other = BUF_INIT;
	const char *p = q->other.data, *end = p + q->other.len;
	struct seq_line l;

	for (int r = 0; r < NROLES; r++)
		mh_ranges_subtract(&q->role[r], nums, n);
	if (!n)
		return;
	while (next_line(&p, end, &l)) {
		struct ranges r = { 0 };
		/*
		 * nmh keeps "cur" pointing at a removed message; a line we cannot
		 * parse fully is better kept than half rewritten.
		 */
		bool keep = !l.name_len || (l.name_len == 3 && !memcmp(l.name, "cur", 3)) ||
			    !parse_list(l.list, l.list_len, &r);
		if (!keep) {
			mh_ranges_normalize(&r);
			keep = !ranges_hit(&r, nums, n);
		}
		if (keep) {
			buf_add(&other, l.p, l.len);
		} else {
			mh_ranges_subtract(&r, nums, n);
			if (r.n) {
				buf_add(&other, l.name, l.name_len);
				buf_addch(&other, ':');
				ranges_format(&r, &other);
				buf_addch(&other, '\n');
			}
		}
		mh_ranges_release(&r);
	}
	buf_release(&q->other);
	q->other = other;
}

void mh_seqs_init(struct mh_seqs *q)
{
	memset(q, 0, sizeof(*q));
	q->other = (struct buf)BUF_INIT;
	q->text = (struct buf)BUF_INIT;
}

void mh_seqs_release(struct mh_seqs *q)
{
	for (int r = 0; r < NROLES; r++)
		mh_ranges_release(&q->role[r]);
	buf_release(&q->other);
	buf_release(&q->text);
	q->exists = false;
}

void mh_seqs_format(const struct mh_seqs *q, const char *const names[NROLES], struct buf *out)
{
	buf_addbuf(out, &q->other);
	for (int r = 0; r < NROLES; r++) {
		struct ranges u = { 0 };
		bool first = names[r][0] != '\0';

		for (int s = 0; s < r && first; s++)
			first = strcmp(names[s], names[r]) != 0;
		if (!first)
			continue;
		/* roles sharing a name share one line */
		for (int s = r; s < NROLES; s++)
			if (!strcmp(names[s], names[r]))
				for (size_t i = 0; i < q->role[s].n; i++)
					mh_ranges_add(&u, q->role[s].v[i].lo, q->role[s].v[i].hi);
		mh_ranges_normalize(&u);
		if (u.n) {
			buf_printf(out, "%s:", names[r]);
			ranges_format(&u, out);
			buf_addch(out, '\n');
		}
		mh_ranges_release(&u);
	}
}

uint32_t mh_seq_bits(const struct mh_seqs *q, uint32_t num)
{
	uint32_t f = MSG_READ;

	if (mh_ranges_has(&q->role[ROLE_UNSEEN], num))
		f &= ~MSG_READ;
	if (mh_ranges_has(&q->role[ROLE_FLAGGED], num))
		f |= MSG_FLAGGED;
	if (mh_ranges_has(&q->role[ROLE_REPLIED], num))
		f |= MSG_REPLIED;
	return f;
}

bool mh_role_member(int r, uint32_t flags)
{
	switch (r) {
	case ROLE_UNSEEN:
		return !(flags & MSG_READ);
	case ROLE_FLAGGED:
		return flags & MSG_FLAGGED;
	case ROLE_REPLIED:
		return flags & MSG_REPLIED;
	}
	return false;
}

/* ===================================================================== */
/* Locking, reading, writing                                             */
/* ===================================================================== */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

#ifdef F_OFD_SETLK
/* Open-file-description locks: they also keep out the other threads of this process. */
#define MH_SETLK F_OFD_SETLK
#else
#define MH_SETLK F_SETLK
#endif

/*
 * Open path and lock it (exclusively for write, shared otherwise). The
 * lock belongs to an inode and the file is replaced by rename, so a lock
 * won on a file already replaced is tried again on the new one. *fdp is -1
 * when the file does not exist (reading) or cannot be opened to lock (the
 * caller reads and writes without, and any real error shows there).
 */
static int seqs_lock(const char *path, bool write, int *fdp)
{
	for (int tries = 0;; tries++) {
		int fd = write ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)
			       : open(path, O_RDONLY | O_CLOEXEC);
		struct flock fl = { .l_type = write ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET };
		struct stat a, b;
		bool busy;

		*fdp = -1;
		if (fd < 0)
			return errno == ENOENT || errno == EACCES || errno == EROFS ? 0 : ERR_IO;
		if (fcntl(fd, MH_SETLK, &fl) != 0) {
			busy = errno == EAGAIN || errno == EACCES || errno == EINTR;
			if (!busy) {
				/* no locks on this file system: go on without */
				*fdp = fd;
				return 0;
			}
		} else {
			if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
			    a.st_dev == b.st_dev) {
				*fdp = fd;
				return 0;
			}
			busy = false; /* replaced meanwhile: lock the new file */
		}
		close(fd);
		if (tries >= MH_LOCK_TRIES) {
			errno = EAGAIN;
			return ERR_AGAIN;
		}
		if (busy)
			sleep_ms(100);
	}
}

int mh_seqs_read(const char *dir, const char *const names[NROLES], struct mh_seqs *q, int *lockfd,
		 struct buf *err)
{
	struct buf path = BUF_INIT;
	int fd = -1, rc;

	mh_seqs_init(q);
	buf_printf(&path, "%s/%s", dir, MH_SEQ_FILE);
	rc = seqs_lock(path.data, lockfd != NULL, &fd);
	/*
	 * By path, under the lock: whoever replaces the file holds the lock
	 * first, and seqs_lock made sure that it is the file we locked.
	 */
	if (rc == 0) {
		rc = file_read_all(path.data, &q->text, MH_SEQ_MAX);
		q->exists = rc == 0;
		if (rc == ERR_NOTFOUND)
			rc = 0;
	}
	if (rc == ERR_LIMIT)
		buf_printf(err, _("%s is too large (over %u bytes)"), path.data, MH_SEQ_MAX);
	else if (rc == ERR_AGAIN)
		buf_printf(err, _("%s is locked by another program"), path.data);
	else if (rc)
		buf_printf(err, _("%s: %s"), path.data, strerror(errno));
	if (rc == 0)
		mh_seqs_parse(q, names);
	else
		mh_seqs_release(q);
	if (lockfd && rc == 0)
		*lockfd = fd;
	else if (fd >= 0)
		close(fd);
	buf_release(&path);
	return rc;
}

int mh_seqs_write(const char *dir, const struct mh_seqs *q, const char *const names[NROLES],
		  struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = 0;

	mh_seqs_format(q, names, &text);
	if (!q->exists || !buf_eq(&q->text, text.data)) {
		buf_printf(&path, "%s/%s", dir, MH_SEQ_FILE);
		rc = file_write_atomic(path.data, text.data, text.len);
		if (rc)
			buf_printf(err, _("cannot write %s: %s"), path.data, strerror(errno));
	}
	buf_release(&path);
	buf_release(&text);
	return rc;
}
