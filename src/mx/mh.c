/*
 * mh.c - the MH backend: a folder is a directory of messages in files
 * named by decimal numbers, with their flags kept as message sets in
 * .mh_sequences (mh-sequence(5)).
 *
 * Flags: a message is unread when its number is in the $mh_seq_unseen
 * sequence, replied and flagged when in $mh_seq_replied / $mh_seq_flagged.
 * MH has nowhere to keep "old", "draft", "passed" or (before an expunge)
 * "deleted": as in mutt, those live in the model only.
 *
 * The sequence file is shared with nmh, mutt and others. tern rewrites
 * only its three sequences, copies every other line as it found it, and
 * replaces the file atomically while holding a lock on it. It re-reads the
 * file under that lock, so that what others changed since tern last looked
 * is merged rather than overwritten: for a message tern did not change the
 * file's membership wins, and numbers tern does not know (mail delivered
 * since the last check) keep theirs.
 *
 * Noticing changes: check rescans the directory only when its mtime (or
 * the sequence file's) moved, or is too recent to rule out a second change
 * in the same clock tick. A number whose inode changed holds a different
 * message (renumbered by folder -pack, or removed and the number reused).
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>

#include "mx/mx-private.h"

#define MH_SEQ_FILE     ".mh_sequences"
#define MH_SEQ_MAX      (16u << 20) /* bytes of .mh_sequences we are willing to read */
#define MH_HEADER_MAX   (4u << 20)  /* bytes of one header block read while loading */
#define MH_READ_CHUNK   16384
#define MH_BATCH        256 /* messages handed to the model at a time */
#define MH_BATCH_MS     200 /* ... or after this long, so that a slow disk still shows progress */
#define MH_LOCK_TRIES   50  /* 100 ms apart */
#define MH_APPEND_TRIES 1000

/* The flags MH stores (in sequences); the other stored flags live in the model only. */
#define MH_BITS (MSG_READ | MSG_REPLIED | MSG_FLAGGED)

/* The sequences tern manages, in the order mutt writes them. */
enum mh_role { ROLE_UNSEEN, ROLE_FLAGGED, ROLE_REPLIED, NROLES };

/* The message numbers of one sequence: sorted, disjoint, non-adjacent [lo, hi] ranges. */
struct range {
	uint32_t lo, hi;
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

struct mh_seqs {
	struct ranges role[NROLES];
	struct buf other; /* lines of the sequences tern does not manage, verbatim */
	struct buf text;  /* the whole file as read */
	bool exists;
};

/* A numbered file: on disk (from a scan) or in the model (with its message id). */
struct mh_entry {
	uint32_t num;
	uint32_t id;
	ino_t ino;
};

/* What a path looked like, to tell later whether it may have changed. */
struct stamp {
	bool valid, exists;
	struct timespec mtime, taken;
	ino_t ino;
	off_t size;
};

/* The backend's state (mb->bdata); touched only by operations in the worker. */
struct mh_data {
	struct mh_entry *files; /* the messages in the model, by number */
	size_t n, cap;
	struct hcache *hc;
	struct stamp dir, seq;
};

/* ===================================================================== */
/* Numbers and ranges                                                    */
/* ===================================================================== */

/*
 * The message number a file name stands for, or 0. Only canonical decimal
 * names count ("007" is not message 7: tern names files by number).
 */
static uint32_t mh_number(const char *name)
{
	size_t n = strlen(name);
	unsigned long v;

	if (!n || name[0] == '0' || !parse_ulong(name, n, &v) || v >= UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

static void ranges_add(struct ranges *r, uint32_t lo, uint32_t hi)
{
	ALLOC_GROW(r->v, r->n + 1, r->cap);
	r->v[r->n++] = (struct range){ lo, hi };
}

static void ranges_release(struct ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge overlapping or adjacent ranges. */
static void ranges_normalize(struct ranges *r)
{
	size_t w = 0;

	qsort(r->v, r->n, sizeof(*r->v), cmp_range);
	for (size_t i = 0; i < r->n; i++) {
		if (w && (uint64_t)r->v[w - 1].hi + 1 >= r->v[i].lo)
			r->v[w - 1].hi = MAX(r->v[w - 1].hi, r->v[i].hi);
		else
			r->v[w++] = r->v[i];
	}
	r->n = w;
}

static bool ranges_has(const struct ranges *r, uint32_t num)
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

/* Remove the numbers pts[0..n) (sorted, unique) from r (normalized). */
static void ranges_subtract(struct ranges *r, const uint32_t *pts, size_t n)
{
	struct ranges out = { 0 };
	size_t k = 0;

	for (size_t i = 0; i < r->n; i++) {
		uint64_t start = r->v[i].lo;
		while (k < n && pts[k] < r->v[i].lo)
			k++;
		for (; k < n && pts[k] <= r->v[i].hi; k++) {
			if (pts[k] > start)
				ranges_add(&out, (uint32_t)start, pts[k] - 1);
			start = (uint64_t)pts[k] + 1;
		}
		if (start <= r->v[i].hi)
			ranges_add(&out, (uint32_t)start, r->v[i].hi);
	}
	ranges_release(r);
	*r = out;
}

/* ===================================================================== */
/* The sequence file                                                     */
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

/* The managed sequences' names; "" for a role whose name is unusable (then it is not managed). */
static void seq_names(const struct mx_settings *set, const char *names[NROLES])
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

/* Add the numbers and ranges in (p, n) to the sequences of roles; what does not parse is skipped. */
static void seqs_parse_list(struct mh_seqs *q, unsigned roles, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		const char *tok;
		uint32_t lo, hi;

		while (p < end && is_space((unsigned char)*p))
			p++;
		tok = p;
		while (p < end && !is_space((unsigned char)*p))
			p++;
		if (p == tok || !parse_seq_token(tok, (size_t)(p - tok), &lo, &hi))
			continue;
		for (int r = 0; r < NROLES; r++)
			if (roles & (1u << r))
				ranges_add(&q->role[r], lo, hi);
	}
}

/*
 * Parse q->text: "name: 1 3-5 ..." lines, continued (RFC 5322 style) by
 * lines starting with white space. Lines of other sequences, and lines
 * that are not sequences at all, are kept verbatim; blank lines are dropped.
 */
static void seqs_parse(struct mh_seqs *q, const char *const names[NROLES])
{
	const char *p = q->text.data, *end = p + q->text.len;
	unsigned roles = 0; /* of the line being continued */
	bool kept = false;  /* the line being continued was kept verbatim */

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		const char *colon;

		if (n && p[n - 1] == '\r')
			n--;
		if (!n) {
			roles = 0;
			kept = false;
		} else if (is_wsp((unsigned char)*p) && roles) {
			seqs_parse_list(q, roles, p, n);
		} else if (is_wsp((unsigned char)*p) && kept) {
			buf_add(&q->other, p, (size_t)(eol - p));
			buf_addch(&q->other, '\n');
		} else {
			const char *name_end;
			colon = memchr(p, ':', n);
			name_end = colon ? colon : p;
			while (name_end > p && is_wsp((unsigned char)name_end[-1]))
				name_end--;
			roles = colon ? roles_named(names, p, (size_t)(name_end - p)) : 0;
			kept = !roles;
			if (roles) {
				seqs_parse_list(q, roles, colon + 1, n - (size_t)(colon + 1 - p));
			} else {
				buf_add(&q->other, p, (size_t)(eol - p));
				buf_addch(&q->other, '\n');
			}
		}
		p = nl ? nl + 1 : end;
	}
	for (int r = 0; r < NROLES; r++)
		ranges_normalize(&q->role[r]);
}

static void seqs_init(struct mh_seqs *q)
{
	memset(q, 0, sizeof(*q));
	q->other = (struct buf)BUF_INIT;
	q->text = (struct buf)BUF_INIT;
}

static void seqs_release(struct mh_seqs *q)
{
	for (int r = 0; r < NROLES; r++)
		ranges_release(&q->role[r]);
	buf_release(&q->other);
	buf_release(&q->text);
	q->exists = false;
}

/* The file again: the lines kept verbatim, then tern's sequences (non-empty ones) as mutt writes them. */
static void seqs_format(const struct mh_seqs *q, const char *const names[NROLES], struct buf *out)
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
					ranges_add(&u, q->role[s].v[i].lo, q->role[s].v[i].hi);
		ranges_normalize(&u);
		if (u.n) {
			buf_printf(out, "%s:", names[r]);
			for (size_t i = 0; i < u.n; i++) {
				buf_printf(out, " %" PRIu32, u.v[i].lo);
				if (u.v[i].hi != u.v[i].lo)
					buf_printf(out, "-%" PRIu32, u.v[i].hi);
			}
			buf_addch(out, '\n');
		}
		ranges_release(&u);
	}
}

/* The stored flags the sequences give message num. */
static uint32_t seq_bits(const struct mh_seqs *q, uint32_t num)
{
	uint32_t f = MSG_READ;

	if (ranges_has(&q->role[ROLE_UNSEEN], num))
		f &= ~MSG_READ;
	if (ranges_has(&q->role[ROLE_FLAGGED], num))
		f |= MSG_FLAGGED;
	if (ranges_has(&q->role[ROLE_REPLIED], num))
		f |= MSG_REPLIED;
	return f;
}

/* Does a message with these flags belong in the sequence of role r? */
static bool role_member(int r, uint32_t flags)
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
 * Open path and lock it (exclusively for write, shared otherwise), the
 * fcntl lock nmh takes by default. The lock belongs to an inode and we
 * replace the file by rename, so a lock won on a file already replaced is
 * tried again on the new one. *fdp is -1 when the file does not exist
 * (reading) or cannot be opened to lock (the caller reads and writes
 * without, and any real error shows there). ERR_AGAIN when it stays locked.
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

/* Append the whole of fd (from its start) to out; ERR_LIMIT past max bytes. */
static int read_fd_all(int fd, struct buf *out, size_t max)
{
	size_t start = out->len;
	off_t off = 0;

	for (;;) {
		ssize_t r;
		buf_grow(out, MH_READ_CHUNK);
		r = pread(fd, out->data + out->len, MH_READ_CHUNK, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r == 0)
			return 0;
		buf_setlen(out, out->len + (size_t)r);
		off += r;
		if (out->len - start > max)
			return ERR_LIMIT;
	}
}

/*
 * Read and parse dir's .mh_sequences into q (empty when there is none).
 * With lockfd, the file stays locked for writing until the caller closes
 * *lockfd (it may be -1: see seqs_lock); without, it is locked only while
 * being read.
 */
static int seqs_read(const char *dir, const char *const names[NROLES], struct mh_seqs *q,
		     int *lockfd, struct buf *err)
{
	struct buf path = BUF_INIT;
	int fd = -1, rc;

	seqs_init(q);
	buf_printf(&path, "%s/%s", dir, MH_SEQ_FILE);
	rc = seqs_lock(path.data, lockfd != NULL, &fd);
	if (rc == 0 && fd >= 0) {
		q->exists = true;
		rc = read_fd_all(fd, &q->text, MH_SEQ_MAX);
	} else if (rc == 0) {
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
		seqs_parse(q, names);
	else
		seqs_release(q);
	if (lockfd && rc == 0)
		*lockfd = fd;
	else if (fd >= 0)
		close(fd);
	buf_release(&path);
	return rc;
}

/* Replace dir's .mh_sequences with the text of q, unless it already says that. */
static int seqs_write(const char *dir, const struct mh_seqs *q, const char *const names[NROLES],
		      struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = 0;

	seqs_format(q, names, &text);
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

/* ===================================================================== */
/* Files                                                                 */
/* ===================================================================== */

static int cmp_entry(const void *a, const void *b)
{
	const struct mh_entry *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/*
 * The numbered files of dir, sorted by number, into *out (may be NULL),
 * and in *highest (may be NULL) the highest number any file uses, ",N"
 * backups of removed messages included: like mutt, we do not give a new
 * message the number of one the user may still undelete.
 */
static int scan_dir(const char *dir, struct mh_entry **out, size_t *np, uint32_t *highest)
{
	struct dirent *de;
	size_t n = 0, cap = 0;
	DIR *d = opendir(dir);

	if (out)
		*out = NULL;
	if (np)
		*np = 0;
	if (!d)
		return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		bool backup = de->d_name[0] == ',';
		uint32_t num = mh_number(de->d_name + backup);
		if (!num)
			continue;
		if (highest && num > *highest)
			*highest = num;
		if (backup || !out)
			continue;
		ALLOC_GROW(*out, n + 1, cap);
		(*out)[n++] = (struct mh_entry){ .num = num, .ino = de->d_ino };
	}
	if (errno) {
		int saved = errno;
		closedir(d);
		if (out) {
			free(*out);
			*out = NULL;
		}
		errno = saved;
		return ERR_IO;
	}
	closedir(d);
	if (out)
		qsort(*out, n, sizeof(**out), cmp_entry);
	if (np)
		*np = n;
	return 0;
}

/* The header cache's validity stamp for a file: its size and mtime, mixed (splitmix64). */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t file_validity(const struct stat *st)
{
	uint64_t v = mix64((uint64_t)st->st_size);

	v = mix64(v ^ (uint64_t)st->st_mtim.tv_sec);
	return mix64(v ^ (uint64_t)st->st_mtim.tv_nsec);
}

/* Offset just past the blank line ending the header block in p[0..n), looking from `from`; 0 if none yet. */
static size_t header_end(const char *p, size_t n, size_t from)
{
	const char *nl = from < n ? memchr(p + from, '\n', n - from) : NULL;

	while (nl) {
		size_t i = (size_t)(nl - p);
		if (i == 0 || p[i - 1] == '\n' ||
		    (p[i - 1] == '\r' && (i == 1 || p[i - 2] == '\n')))
			return i + 1;
		nl = i + 1 < n ? memchr(nl + 1, '\n', n - i - 1) : NULL;
	}
	return 0;
}

/* Append fd's header block (and perhaps a little of the body) to out. */
static int read_header_block(int fd, struct buf *out)
{
	size_t start = out->len;

	for (;;) {
		size_t had = out->len - start;
		ssize_t r;

		buf_grow(out, MH_READ_CHUNK);
		r = read(fd, out->data + out->len, MH_READ_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r == 0)
			return 0;
		buf_setlen(out, out->len + (size_t)r);
		if (header_end(out->data + start, out->len - start, had) ||
		    out->len - start >= MH_HEADER_MAX)
			return 0;
	}
}

/* ===================================================================== */
/* Loading messages into the model                                       */
/* ===================================================================== */

static void files_add(struct mh_data *d, const struct mh_entry *e)
{
	ALLOC_GROW(d->files, d->n + 1, d->cap);
	d->files[d->n++] = *e;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Messages read but not handed to the model yet. */
struct loader {
	struct mailbox *mb;
	struct mh_data *d;
	const struct mh_seqs *q;
	struct arena mem; /* their envelopes */
	struct message batch[MH_BATCH];
	struct mh_entry ents[MH_BATCH];
	size_t k;
	int64_t flushed; /* ms */
	struct buf path, raw;
};

/* Hand the batch to the model, and note the ids it got. */
static void loader_flush(struct loader *l)
{
	uint32_t first;

	if (!l->k)
		return;
	/* The lock is recursive: holding it across mx_add tells us which ids it gave. */
	mailbox_lock(l->mb);
	first = l->mb->next_id;
	mx_add(l->mb, l->batch, l->k, &l->mem);
	mailbox_unlock(l->mb);
	for (size_t i = 0; i < l->k; i++) {
		l->ents[i].id = first + (uint32_t)i;
		files_add(l->d, &l->ents[i]);
	}
	l->k = 0;
	l->flushed = now_ms();
}

/* The envelope of the open file fd (message num), from the header cache or its header block. */
static struct menv *load_envelope(struct loader *l, int fd, uint32_t num, const struct stat *st)
{
	char key[16];
	int klen = snprintf(key, sizeof(key), "%" PRIu32, num);
	uint64_t validity = file_validity(st);
	struct envelope env;
	struct menv *me = NULL;

	if (l->d->hc)
		me = hcache_fetch(l->d->hc, key, (size_t)klen, validity, &l->mem);
	if (me)
		return me;
	buf_reset(&l->raw);
	if (read_header_block(fd, &l->raw) != 0)
		return NULL;
	envelope_init(&env);
	email_parse(l->raw.data, l->raw.len, &env, NULL);
	me = menv_pack(&env, arena_alloc(&l->mem, menv_packed_size(&env)));
	envelope_release(&env);
	if (l->d->hc)
		hcache_store(l->d->hc, key, (size_t)klen, validity, me);
	return me;
}

/* Read one numbered file into the batch; false when it is not (or no longer) a readable file. */
static bool load_one(struct loader *l, const struct mh_entry *e)
{
	struct message *m = &l->batch[l->k];
	struct menv *me = NULL;
	struct stat st;
	int fd;

	buf_reset(&l->path);
	buf_printf(&l->path, "%s/%" PRIu32, l->mb->path, e->num);
	fd = open(l->path.data, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		me = load_envelope(l, fd, e->num, &st);
	close(fd);
	if (!me)
		return false;
	memset(m, 0, sizeof(*m));
	m->env = me;
	m->loc.num = e->num;
	m->size = (uint64_t)st.st_size;
	m->received = st.st_mtime;
	m->flags = seq_bits(l->q, e->num);
	l->ents[l->k++] = *e;
	return true;
}

/*
 * Add the messages in files ents[0..n) to the model (and to d->files), in
 * batches, with progress. Files that cannot be read are skipped (a later
 * check tries them again). ERR_CANCEL when the user stopped it: what was
 * read so far stays.
 */
static int load_entries(struct mailbox *mb, struct mh_data *d, const struct mh_entry *ents,
			size_t n, const struct mh_seqs *q, struct buf *err)
{
	struct loader *l = xcalloc(1, sizeof(*l));
	int rc = 0;

	l->mb = mb;
	l->d = d;
	l->q = q;
	l->mem = (struct arena)ARENA_INIT;
	l->path = (struct buf)BUF_INIT;
	l->raw = (struct buf)BUF_INIT;
	l->flushed = now_ms();
	for (size_t i = 0; i < n; i++) {
		if (mx_cancelled(mb)) {
			buf_printf(err, _("Reading %s was interrupted"), mb->path);
			rc = ERR_CANCEL;
			break;
		}
		load_one(l, &ents[i]);
		if (l->k == MH_BATCH || (l->k && now_ms() - l->flushed >= MH_BATCH_MS))
			loader_flush(l);
		mx_progress(mb, _("Reading messages"), i + 1, n);
	}
	loader_flush(l);
	if (d->hc)
		hcache_commit(d->hc);
	qsort(d->files, d->n, sizeof(*d->files), cmp_entry);
	arena_release(&l->mem);
	buf_release(&l->path);
	buf_release(&l->raw);
	free(l);
	return rc;
}

/* ===================================================================== */
/* Open, check                                                           */
/* ===================================================================== */

static void stamp_take(const char *path, struct stamp *s)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->valid = true;
	clock_gettime(CLOCK_REALTIME, &s->taken);
	if (stat(path, &st) == 0) {
		s->exists = true;
		s->mtime = st.st_mtim;
		s->ino = st.st_ino;
		s->size = st.st_size;
	}
}

/*
 * May the path have changed between stamps old and now? Also yes when old
 * was taken within a second or two of the mtime it saw: a change in the
 * same clock tick would leave the mtime as it was.
 */
static bool stamp_changed(const struct stamp *old, const struct stamp *now)
{
	if (!old->valid || old->exists != now->exists)
		return true;
	if (!old->exists)
		return false;
	return old->mtime.tv_sec != now->mtime.tv_sec || old->mtime.tv_nsec != now->mtime.tv_nsec ||
	       old->ino != now->ino || old->size != now->size ||
	       old->taken.tv_sec - old->mtime.tv_sec < 2;
}

static void stamps_take(const struct mailbox *mb, struct stamp *dir, struct stamp *seq)
{
	struct buf path = BUF_INIT;

	stamp_take(mb->path, dir);
	buf_printf(&path, "%s/%s", mb->path, MH_SEQ_FILE);
	stamp_take(path.data, seq);
	buf_release(&path);
}

static void hcache_key_delete(struct mh_data *d, uint32_t num)
{
	char key[16];
	int klen = snprintf(key, sizeof(key), "%" PRIu32, num);

	if (d->hc)
		hcache_delete(d->hc, key, (size_t)klen);
}

/*
 * Follow the directory: files gone (or replaced: another inode under the
 * same number) leave the model, new ones join it.
 */
static int apply_dir(struct mailbox *mb, struct mh_data *d, const struct mh_entry *ents, size_t n,
		     const struct mh_seqs *q, struct buf *err)
{
	struct mh_entry *fresh = NULL;
	uint32_t *gone = NULL;
	size_t nfresh = 0, capf = 0, ngone = 0, capg = 0, kept = 0, i = 0, j = 0;
	int rc;

	while (i < d->n || j < n) {
		int c = i == d->n ? 1 : j == n ? -1 : cmp_entry(&d->files[i], &ents[j]);
		bool same = c == 0 && d->files[i].ino == ents[j].ino;

		if (same) {
			d->files[kept++] = d->files[i];
		} else {
			if (c <= 0) {
				ALLOC_GROW(gone, ngone + 1, capg);
				gone[ngone++] = d->files[i].id;
				hcache_key_delete(d, d->files[i].num);
			}
			if (c >= 0) {
				ALLOC_GROW(fresh, nfresh + 1, capf);
				fresh[nfresh++] = ents[j];
			}
		}
		i += c <= 0;
		j += c >= 0;
	}
	d->n = kept;
	mx_remove(mb, gone, ngone);
	rc = load_entries(mb, d, fresh, nfresh, q, err);
	free(gone);
	free(fresh);
	return rc;
}

/* The flags a message gets when the sequences say bits: MH's own flags replaced, the rest kept. */
static uint32_t merged_flags(uint32_t cur, uint32_t bits)
{
	uint32_t f = (cur & MSG_STORED & ~MH_BITS) | bits;

	if (f & MSG_READ)
		f &= ~MSG_OLD;
	return f;
}

/* Take flag changes others made in the sequences; our own unwritten changes win. */
static void apply_seqs(struct mailbox *mb, const struct mh_seqs *q)
{
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++) {
		struct message *m = &mb->msgs[i];
		uint32_t bits = seq_bits(q, m->loc.num);
		if (!(m->flags & MSG_CHANGED) && (m->flags & MH_BITS) != bits)
			mx_set_stored_flags(mb, m->id, merged_flags(m->flags, bits));
	}
	mailbox_unlock(mb);
}

/* Bring the model up to date with the folder, if the stamps say it may have changed. */
static int mh_refresh(struct mailbox *mb, struct mh_data *d, struct buf *err)
{
	const char *names[NROLES];
	struct stamp sd, ss;
	struct mh_entry *ents = NULL;
	struct mh_seqs q;
	size_t n = 0;
	bool dir_changed;
	int rc;

	stamps_take(mb, &sd, &ss);
	if (!sd.exists) {
		buf_printf(err, _("%s: %s"), mb->path, strerror(ENOENT));
		return ERR_NOTFOUND;
	}
	dir_changed = stamp_changed(&d->dir, &sd);
	if (!dir_changed && !stamp_changed(&d->seq, &ss))
		return 0;
	seq_names(&mb->set, names);
	rc = seqs_read(mb->path, names, &q, NULL, err);
	if (rc == 0 && dir_changed) {
		rc = scan_dir(mb->path, &ents, &n, NULL);
		if (rc)
			buf_printf(err, _("%s: %s"), mb->path, strerror(errno));
		else
			rc = apply_dir(mb, d, ents, n, &q, err);
	}
	if (rc == 0 || rc == ERR_CANCEL)
		apply_seqs(mb, &q);
	if (rc == 0) {
		d->dir = sd;
		d->seq = ss;
	}
	free(ents);
	seqs_release(&q);
	return rc;
}

static void mh_close(struct mailbox *mb)
{
	struct mh_data *d = mb->bdata;

	if (!d)
		return;
	hcache_close(&d->hc);
	free(d->files);
	free(d);
	mb->bdata = NULL;
}

static int mh_open(struct mailbox *mb, struct buf *err)
{
	struct buf hc_err = BUF_INIT;
	struct mh_data *d;
	struct stat st;

	errno = ENOTDIR;
	if (stat(mb->path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		buf_printf(err, _("%s is not an MH folder: %s"), mb->path, strerror(errno));
		return ERR_NOTFOUND;
	}
	mh_close(mb);
	d = xcalloc(1, sizeof(*d));
	mb->bdata = d;
	d->hc = hcache_open(mb->set.header_cache, mb->realpath, &hc_err);
	if (hc_err.len) /* the folder still opens, only more slowly */
		log_msg(LOG_WARN, "%s: %s", mb->path, hc_err.data);
	buf_release(&hc_err);
	/* the stamps start invalid, so refresh reads everything */
	return mh_refresh(mb, d, err);
}

static int mh_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	*reopen = false;
	if (!mb->bdata) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	return mh_refresh(mb, mb->bdata, err);
}

/* ===================================================================== */
/* Reading messages                                                      */
/* ===================================================================== */

/* The path of message id into path. */
static int message_path(struct mailbox *mb, uint32_t id, struct buf *path, struct buf *err)
{
	struct message *m;

	mailbox_lock(mb);
	m = mx_find(mb, id);
	if (m)
		buf_printf(path, "%s/%" PRIu32, mb->path, m->loc.num);
	mailbox_unlock(mb);
	if (m)
		return 0;
	buf_addstr(err, _("no such message"));
	return ERR_NOTFOUND;
}

static int mh_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc = message_path(mb, id, &path, err);

	if (rc == 0) {
		rc = file_read_all(path.data, raw, 0);
		if (rc)
			buf_printf(err, _("%s: %s"), path.data,
				   strerror(rc == ERR_NOTFOUND ? ENOENT : errno));
	}
	buf_release(&path);
	return rc;
}

static int mh_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct buf path = BUF_INIT;
	struct header_list h = { 0 };
	size_t start = raw->len;
	int fd, rc = message_path(mb, id, &path, err);

	if (rc)
		goto out;
	fd = open(path.data, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (rc = read_header_block(fd, raw)) != 0) {
		rc = fd < 0 && errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
		buf_printf(err, _("%s: %s"), path.data, strerror(errno));
	}
	if (fd >= 0)
		close(fd);
	if (rc == 0) {
		/* the same cut as mx_read_headers makes of a whole message */
		headers_parse(raw->data + start, raw->len - start, &h);
		buf_setlen(raw, start + h.body_offset);
		header_list_release(&h);
	}
out:
	buf_release(&path);
	return rc;
}

/* ===================================================================== */
/* Sync and expunge                                                      */
/* ===================================================================== */

/* A message as sync saw it. */
struct snap {
	uint32_t num, id, flags;
	bool removed;
};

static int cmp_snap(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* The model's messages, by number. */
static struct snap *snapshot(struct mailbox *mb, size_t *np)
{
	struct snap *s;

	mailbox_lock(mb);
	*np = mb->n;
	s = xcalloc(mb->n ? mb->n : 1, sizeof(*s));
	for (size_t i = 0; i < mb->n; i++)
		s[i] = (struct snap){ mb->msgs[i].loc.num, mb->msgs[i].id, mb->msgs[i].flags,
				      false };
	mailbox_unlock(mb);
	qsort(s, *np, sizeof(*s), cmp_snap);
	return s;
}

/* Remove the file of message num: unlink it ($mh_purge) or, as MH does, rename it to ",num". */
static int remove_file(const char *dir, uint32_t num, bool purge)
{
	struct buf path = BUF_INIT, backup = BUF_INIT;
	int rc;

	buf_printf(&path, "%s/%" PRIu32, dir, num);
	buf_printf(&backup, "%s/,%" PRIu32, dir, num);
	rc = purge ? unlink(path.data) : rename(path.data, backup.data);
	/* already gone is as good as removed */
	rc = rc == 0 || errno == ENOENT ? 0 : ERR_IO;
	buf_release(&path);
	buf_release(&backup);
	return rc;
}

/* Remove the deleted messages' files; s[i].removed tells which went. */
static int expunge_files(struct mailbox *mb, struct snap *s, size_t n, struct buf *err)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(s[i].flags & MSG_DELETED))
			continue;
		if (remove_file(mb->path, s[i].num, mb->set.mh_purge) == 0) {
			s[i].removed = true;
		} else if (!rc) {
			buf_printf(err, _("cannot remove message %" PRIu32 " of %s: %s"), s[i].num,
				   mb->path, strerror(errno));
			rc = ERR_IO;
		}
	}
	return rc;
}

/*
 * The sequences after sync: numbers tern changed or removed take the
 * model's word, every other number keeps what the file says.
 */
static void seqs_update(struct mh_seqs *q, const struct snap *s, size_t n)
{
	uint32_t *ours = xmalloc((n ? n : 1) * sizeof(*ours));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i].removed || (s[i].flags & MSG_CHANGED))
			ours[k++] = s[i].num;
	for (int r = 0; r < NROLES; r++) {
		ranges_subtract(&q->role[r], ours, k);
		for (size_t i = 0; i < n; i++)
			if (!s[i].removed && (s[i].flags & MSG_CHANGED) &&
			    role_member(r, s[i].flags))
				ranges_add(&q->role[r], s[i].num, s[i].num);
		ranges_normalize(&q->role[r]);
	}
	free(ours);
}

/*
 * Tell the model what sync did: removed messages leave; written ones are
 * no longer CHANGED (unless changed again meanwhile); messages tern did not
 * touch take the flags others gave them in the file (file_q, as read).
 */
static void sync_done(struct mailbox *mb, struct mh_data *d, const struct snap *s, size_t n,
		      const struct mh_seqs *file_q, bool written)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	size_t ngone = 0, kept = 0;
	bool changed = false;

	mailbox_lock(mb);
	for (size_t i = 0; i < n; i++) {
		struct message *m = mx_find(mb, s[i].id);
		if (s[i].removed) {
			gone[ngone++] = s[i].id;
			hcache_key_delete(d, s[i].num);
		} else if (!m) {
			continue;
		} else if (s[i].flags & MSG_CHANGED) {
			uint32_t mask = MSG_STORED | MSG_CHANGED;
			if (written && (m->flags & mask) == (s[i].flags & mask))
				m->flags &= ~MSG_CHANGED;
		} else if (file_q && !(m->flags & MSG_CHANGED)) {
			uint32_t bits = seq_bits(file_q, s[i].num);
			if ((m->flags & MH_BITS) != bits)
				mx_set_stored_flags(mb, m->id, merged_flags(m->flags, bits));
		}
	}
	mx_remove(mb, gone, ngone);
	for (size_t i = 0; i < mb->n; i++)
		changed |= (mb->msgs[i].flags & MSG_CHANGED) != 0;
	mb->changed_flags = changed;
	mailbox_unlock(mb);
	/* d->files and the snapshot are both sorted by number */
	for (size_t i = 0, j = 0; i < d->n; i++) {
		while (j < n && s[j].num < d->files[i].num)
			j++;
		if (!(j < n && s[j].num == d->files[i].num && s[j].id == d->files[i].id &&
		      s[j].removed))
			d->files[kept++] = d->files[i];
	}
	d->n = kept;
	if (d->hc)
		hcache_commit(d->hc);
	free(gone);
}

static int mh_sync(struct mailbox *mb, bool expunge, struct buf *err)
{
	struct mh_data *d = mb->bdata;
	const char *names[NROLES];
	struct mh_seqs q, file_q;
	struct buf later = BUF_INIT; /* a second error, when expunging already failed */
	struct snap *s;
	size_t n;
	int lockfd = -1, rc, rc_rm = 0;
	bool have_q;

	if (!d) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	/* Like mutt, take in what others changed first, so as not to write over it. */
	rc = mh_refresh(mb, d, err);
	if (rc)
		return rc;
	s = snapshot(mb, &n);
	if (expunge)
		rc_rm = expunge_files(mb, s, n, err);
	seq_names(&mb->set, names);
	seqs_init(&file_q);
	rc = seqs_read(mb->path, names, &q, &lockfd, rc_rm ? &later : err);
	have_q = rc == 0;
	if (have_q) {
		/* a copy of the file's word, for the messages we leave alone */
		for (int r = 0; r < NROLES; r++)
			for (size_t i = 0; i < q.role[r].n; i++)
				ranges_add(&file_q.role[r], q.role[r].v[i].lo, q.role[r].v[i].hi);
		seqs_update(&q, s, n);
		rc = seqs_write(mb->path, &q, names, rc_rm ? &later : err);
	}
	if (lockfd >= 0)
		close(lockfd);
	sync_done(mb, d, s, n, have_q ? &file_q : NULL, have_q && rc == 0);
	if (have_q)
		seqs_release(&q);
	seqs_release(&file_q);
	buf_release(&later);
	free(s);
	return rc_rm ? rc_rm : rc;
}

/* ===================================================================== */
/* Append, create, probe, has_new                                        */
/* ===================================================================== */

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ERR_IO;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = ERR_IO;
	close(fd);
	return rc;
}

/*
 * Give the complete file tmp the next free number in dir: a hard link
 * fails rather than replace a number someone else took meanwhile, and we
 * then try the next one. Where hard links are not supported, a rename that
 * refuses to replace does the same.
 */
static int link_numbered(const char *dir, const char *tmp, uint32_t *num, bool *moved)
{
	struct buf path = BUF_INIT;
	uint32_t highest = 0;
	int rc = scan_dir(dir, NULL, NULL, &highest);

	*moved = false;
	for (int tries = 0; rc == 0; tries++) {
		if (tries == MH_APPEND_TRIES || highest >= UINT32_MAX - 1) {
			errno = EEXIST;
			rc = ERR_LIMIT;
			break;
		}
		*num = ++highest;
		buf_reset(&path);
		buf_printf(&path, "%s/%" PRIu32, dir, *num);
		if (link(tmp, path.data) == 0)
			break;
		if (errno == EEXIST)
			continue;
		if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK) {
			rc = ERR_IO;
			break;
		}
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path.data, RENAME_NOREPLACE) == 0) {
			*moved = true;
			break;
		}
		if (errno != EEXIST)
			rc = ERR_IO;
	}
	buf_release(&path);
	return rc;
}

/* Add message num to the sequences its flags call for (nothing when it is read and unmarked). */
static int seqs_add(struct mailbox *mb, uint32_t num, uint32_t flags, struct buf *err)
{
	const char *names[NROLES];
	struct mh_seqs q;
	bool any = false;
	int lockfd = -1, rc;

	seq_names(&mb->set, names);
	for (int r = 0; r < NROLES; r++)
		any |= names[r][0] && role_member(r, flags);
	if (!any)
		return 0;
	rc = seqs_read(mb->path, names, &q, &lockfd, err);
	if (rc == 0) {
		for (int r = 0; r < NROLES; r++)
			if (role_member(r, flags))
				ranges_add(&q.role[r], num, num);
		for (int r = 0; r < NROLES; r++)
			ranges_normalize(&q.role[r]);
		rc = seqs_write(mb->path, &q, names, err);
		seqs_release(&q);
	}
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}

/* Write (raw, len) to a new temporary file in dir, complete and synced, with mtime received. */
static int write_temp(const char *dir, const char *raw, size_t len, int64_t received,
		      struct buf *tmp)
{
	int fd = file_mkstemp(dir, ".tern-append-", tmp);
	int rc;

	if (fd < 0)
		return ERR_IO;
	rc = write_all(fd, raw, len);
	if (!rc && fsync(fd) != 0)
		rc = errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
	if (!rc && received > 0) {
		struct timespec t[2] = { { (time_t)received, 0 }, { (time_t)received, 0 } };
		futimens(fd, t); /* only the shown date suffers if it fails */
	}
	if (close(fd) != 0 && !rc)
		rc = ERR_IO;
	if (rc) {
		int saved = errno;
		unlink(tmp->data);
		errno = saved;
	}
	return rc;
}

static int mh_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
		     int64_t received, struct buf *err)
{
	struct buf tmp = BUF_INIT, seq_err = BUF_INIT;
	uint32_t num = 0;
	bool moved = false;
	int rc = write_temp(mb->path, raw, len, received, &tmp);

	if (rc) {
		buf_printf(err, _("cannot write a message into %s: %s"), mb->path, strerror(errno));
		goto out;
	}
	rc = link_numbered(mb->path, tmp.data, &num, &moved);
	if (rc)
		buf_printf(err, _("cannot add a message to %s: %s"), mb->path, strerror(errno));
	if (!moved)
		unlink(tmp.data);
	if (rc)
		goto out;
	fsync_dir(mb->path);
	/*
	 * The message is in. Failing now would invite a second copy, so, like
	 * mutt, a sequence file we cannot update costs only the new flags.
	 */
	if (seqs_add(mb, num, flags, &seq_err) != 0)
		log_msg(LOG_WARN, "%s", seq_err.data);
out:
	buf_release(&tmp);
	buf_release(&seq_err);
	return rc;
}

static int mh_create(const char *path, struct buf *err)
{
	struct buf seq = BUF_INIT;
	int fd, rc = 0;

	if (mkdir(path, 0700) != 0) {
		buf_printf(err, _("cannot create %s: %s"), path, strerror(errno));
		return errno == EEXIST ? ERR_EXISTS : ERR_IO;
	}
	/* an empty sequence file is what makes an empty directory an MH folder */
	buf_printf(&seq, "%s/%s", path, MH_SEQ_FILE);
	fd = open(seq.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		buf_printf(err, _("cannot create %s: %s"), seq.data, strerror(errno));
		rc = ERR_IO;
		rmdir(path);
	} else {
		close(fd);
	}
	buf_release(&seq);
	return rc;
}

static bool exists_in(const char *dir, const char *name, bool want_dir)
{
	struct buf path = BUF_INIT;
	struct stat st;
	bool r;

	buf_printf(&path, "%s/%s", dir, name);
	r = stat(path.data, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
	buf_release(&path);
	return r;
}

/*
 * A directory, not a Maildir, with a sequence file, one of the cache files
 * MH readers leave (mutt's list), or a numbered file.
 */
static bool mh_probe(const char *path)
{
	static const char *const markers[] = { MH_SEQ_FILE,  ".xmhcache",       ".mew_cache",
					       ".mew-cache", ".sylpheed_cache", ".overview" };
	struct stat st;
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || exists_in(path, "cur", true))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(markers); i++)
		if (exists_in(path, markers[i], false))
			return true;
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = mh_number(de->d_name) != 0;
	closedir(d);
	return found;
}

/*
 * Unseen messages that still exist? The sequence can name messages long
 * gone, so each candidate is looked for: a few directly, many with one scan.
 */
static bool mh_has_new(const char *path)
{
	static const char *const names[NROLES] = { "unseen", "", "" };
	struct mh_entry *ents = NULL;
	struct buf err = BUF_INIT;
	struct mh_seqs q;
	size_t n = 0, probes = 0;
	bool found = false, done = false;
	int rc = seqs_read(path, names, &q, NULL, &err);

	buf_release(&err);
	if (rc)
		return false;
	for (size_t i = q.role[ROLE_UNSEEN].n; i-- > 0 && !done;) {
		const struct range *r = &q.role[ROLE_UNSEEN].v[i];
		for (uint64_t num = r->hi; num >= r->lo && !done; num--) {
			struct buf name = BUF_INIT;
			buf_printf(&name, "%" PRIu64, num);
			found = exists_in(path, name.data, false);
			buf_release(&name);
			done = found || ++probes == 32;
		}
	}
	if (!found && done && scan_dir(path, &ents, &n, NULL) == 0)
		for (size_t i = 0; i < n && !found; i++)
			found = ranges_has(&q.role[ROLE_UNSEEN], ents[i].num);
	free(ents);
	seqs_release(&q);
	return found;
}

const struct mx_ops mx_mh_ops = {
	.type = MX_MH,
	.name = "MH",
	.probe = mh_probe,
	.open = mh_open,
	.check = mh_check,
	.read = mh_read,
	.read_headers = mh_read_headers,
	.sync = mh_sync,
	.append = mh_append,
	.create = mh_create,
	.has_new = mh_has_new,
	.close = mh_close,
};
