/*
 * maildir_load.c - reading a Maildir's messages into the model: listing
 * cur/ and new/, then for each file, in name order, the header cache's
 * envelope or, on a miss, the file's header block parsed.
 *
 * The work runs in several threads (the operation's own and helpers; see
 * thread_count) that take chunks of files from a shared
 * counter. Each thread has its own handle on the header cache (LMDB read
 * transactions belong to one thread), so warm opens are parallel too, and
 * writes its results into its own arena, then marks the item ready. The
 * operation's thread hands the ready prefix to mx_add in batches, so the
 * order stays the listing's whichever thread did what, and the interface
 * fills as the files come. Envelopes parsed on a miss are stored through
 * the folder's own handle, from the operation's thread only. A helper's
 * arena joins the mailbox's when it is done (arena chunks never move, so
 * the envelopes it made stay where they are).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/maildir.h"

/* The header block is read in pieces of this size, and never beyond the cap. */
#define HDR_CHUNK ((size_t)8192)
#define HDR_MAX   ((size_t)1 << 20)

/* Threads maildir_set_threads asked for; 0: as many as processors, at least 4, at most 8. */
static atomic_uint parser_threads;

void maildir_set_threads(unsigned n)
{
	atomic_store(&parser_threads, n);
}

/* ---- listing --------------------------------------------------------- */

int maildir_list(int dirfd, int sub, struct maildir_list *l)
{
	const char *name = sub == MD_NEW ? "new" : "cur";
	struct dirent *de;
	DIR *d;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return ERR_IO;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char *s;
		/* Dot files are not messages (the spec); nor is anything sure not to be a file. */
		if (de->d_name[0] == '.' || de->d_type == DT_DIR || de->d_type == DT_FIFO ||
		    de->d_type == DT_SOCK || de->d_type == DT_CHR || de->d_type == DT_BLK)
			continue;
		s = arena_alloc(&l->mem, n + 5);
		memcpy(s, name, 3);
		s[3] = '/';
		memcpy(s + 4, de->d_name, n + 1);
		ALLOC_GROW(l->v, l->n + 1, l->cap);
		l->v[l->n++] = s;
	}
	int rc = errno ? ERR_IO : 0;
	closedir(d);
	return rc;
}

/* A name with the first bytes of its base as a number, so most comparisons touch no string. */
struct sort_key {
	uint64_t prefix;
	const char *name;
};

/* 'c' or 'n' (which orders the subdirectories as their names do), then 7 bytes of the base. */
static uint64_t name_prefix(const char *name)
{
	const char *base = name + 4;
	uint64_t v = (uint64_t)(unsigned char)name[0] << 56;
	int i;

	for (i = 0; i < 7 && base[i]; i++)
		v |= (uint64_t)(unsigned char)base[i] << 8 * (6 - i);
	return v;
}

static int cmp_keys(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return strcmp(x->name, y->name);
}

void maildir_list_sort(struct maildir_list *l)
{
	struct sort_key *k;

	if (l->n < 2)
		return;
	k = xmalloc(l->n * sizeof(*k));
	for (size_t i = 0; i < l->n; i++)
		k[i] = (struct sort_key){ name_prefix(l->v[i]), l->v[i] };
	qsort(k, l->n, sizeof(*k), cmp_keys);
	for (size_t i = 0; i < l->n; i++)
		l->v[i] = k[i].name;
	free(k);
}

void maildir_list_release(struct maildir_list *l)
{
	free(l->v);
	arena_release(&l->mem);
	memset(l, 0, sizeof(*l));
}

/* ---- one file -------------------------------------------------------- */

/* Where the header block ends in (p, n): after the first empty line; 0 when not yet seen. */
static size_t header_end(const char *p, size_t n, size_t from)
{
	const char *s = p + from, *end = p + n;

	if (from == 0 && n && p[0] == '\n')
		return 1;
	if (from == 0 && n > 1 && p[0] == '\r' && p[1] == '\n')
		return 2;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		s++;
		if (s < end && *s == '\n')
			return (size_t)(s + 1 - p);
		if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
			return (size_t)(s + 2 - p);
	}
	return 0;
}

int maildir_read_header_block(int fd, struct buf *out)
{
	size_t start = out->len, have = 0;

	while (have < HDR_MAX) {
		ssize_t r;
		buf_grow(out, HDR_CHUNK);
		r = read(fd, out->data + out->len, HDR_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r == 0)
			break;
		buf_setlen(out, out->len + (size_t)r);
		/* Look again from a little before the new bytes: the blank line may straddle them. */
		size_t from = have > 2 ? have - 2 : 0, end;
		have += (size_t)r;
		end = header_end(out->data + start, have, from);
		if (end) {
			buf_setlen(out, start + end);
			break;
		}
	}
	return 0;
}

/* Per-thread scratch: parsing buffers, the thread's own cache handle, its arena. */
struct parser {
	struct buf raw;
	struct header_list h;
	struct hcache *hc; /* this thread's handle on the folder's cache, or NULL */
	bool own_hc;       /* hc was opened for this thread (close it) */
	struct arena mem;  /* envelopes made or fetched by this thread */
};

enum { ITEM_PENDING, ITEM_READY, ITEM_SKIP };

struct item {
	const char *file;
	struct menv *env;
	uint64_t size;
	int64_t received;
	bool parsed; /* not from the cache: store it there */
	atomic_int state;
};

/* Read and parse one file. ITEM_SKIP when it vanished or is not a regular file. */
static int parse_item(int dirfd, struct parser *p, struct item *it)
{
	struct envelope env;
	struct stat st;
	const char *base = maildir_base(it->file);
	int fd = openat(dirfd, it->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return ITEM_SKIP; /* renamed or deleted since the listing: check will find it */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ITEM_SKIP;
	}
	buf_reset(&p->raw);
	if (maildir_read_header_block(fd, &p->raw) != 0) {
		close(fd);
		return ITEM_SKIP;
	}
	close(fd);
	headers_parse(p->raw.data, p->raw.len, &p->h);
	envelope_init(&env);
	envelope_from_headers(&env, &p->h);
	if (st.st_size == 0)
		env.defects |= DEFECT_EMPTY_MESSAGE;
	it->env = menv_pack(&env, arena_alloc(&p->mem, menv_packed_size(&env)));
	envelope_release(&env);
	if (!maildir_size_field(base, maildir_key_len(base), &it->size))
		it->size = (uint64_t)st.st_size;
	it->received = (int64_t)st.st_mtime;
	it->parsed = true;
	return ITEM_READY;
}

/* The cache's envelope for the item (no file is touched), or ITEM_PENDING on a miss. */
static int fetch_item(struct parser *p, struct item *it)
{
	const char *base = maildir_base(it->file);
	size_t klen = maildir_key_len(base);
	struct hcache_meta meta;

	if (!p->hc)
		return ITEM_PENDING;
	it->env = hcache_fetch_meta(p->hc, base, klen, 0, &p->mem, &meta);
	if (!it->env)
		return ITEM_PENDING;
	if (!maildir_size_field(base, klen, &it->size))
		it->size = meta.size;
	it->received = meta.received;
	return ITEM_READY;
}

/* ---- the loader ------------------------------------------------------ */

/*
 * Items are taken in chunks: a thread's cache lookups then go through
 * neighbouring keys (LMDB finds them on the page it is on), and its files
 * are neighbours in the directory.
 */
#define CHUNK 128

struct loader {
	struct mailbox *mb;
	struct hcache *hc; /* the folder's handle: stores go through it */
	int dirfd;
	struct item *items;
	size_t n;
	atomic_size_t next; /* the first item of the next chunk to take */
	atomic_bool stop;
	size_t scanned; /* items [0, scanned) are not pending */
	size_t emitted; /* items [0, emitted) went to mx_add */
	struct message batch[MAILDIR_BATCH];
	struct parser own; /* the operation thread's */
};

struct helper {
	pthread_t thread;
	struct loader *ld;
	struct parser p;
	bool started;
};

static void parser_release(struct parser *p)
{
	buf_release(&p->raw);
	header_list_release(&p->h);
	if (p->own_hc)
		hcache_close(&p->hc);
	arena_release(&p->mem);
}

/* Do the next chunk of items; false when none is left or the operation stops. */
static bool do_chunk(struct loader *ld, struct parser *p)
{
	size_t start, end;

	if (atomic_load(&ld->stop))
		return false;
	if (mx_cancelled(ld->mb)) {
		atomic_store(&ld->stop, true);
		return false;
	}
	start = atomic_fetch_add(&ld->next, CHUNK);
	if (start >= ld->n)
		return false;
	end = start + CHUNK < ld->n ? start + CHUNK : ld->n;
	for (size_t i = start; i < end; i++) {
		struct item *it = &ld->items[i];
		int state = fetch_item(p, it);
		if (state == ITEM_PENDING)
			state = parse_item(ld->dirfd, p, it);
		atomic_store_explicit(&it->state, state, memory_order_release);
	}
	return true;
}

static void *helper_main(void *arg)
{
	struct helper *h = arg;

	while (do_chunk(h->ld, &h->p))
		;
	return NULL;
}

/* Hand ready items to the model, a batch at a time; with all, also a short last batch. */
static void emit(struct loader *ld, bool all)
{
	while (ld->scanned < ld->n && atomic_load_explicit(&ld->items[ld->scanned].state,
							   memory_order_acquire) != ITEM_PENDING)
		ld->scanned++;
	while (ld->emitted < ld->scanned &&
	       (all || ld->scanned - ld->emitted >= MAILDIR_BATCH || ld->scanned == ld->n)) {
		size_t k = 0;
		while (ld->emitted < ld->scanned && k < MAILDIR_BATCH) {
			struct item *it = &ld->items[ld->emitted++];
			if (atomic_load_explicit(&it->state, memory_order_relaxed) != ITEM_READY)
				continue;
			struct message *m = &ld->batch[k++];
			memset(m, 0, sizeof(*m));
			m->env = it->env;
			m->loc.file = it->file;
			m->size = it->size;
			m->received = it->received;
			m->flags = maildir_flags_of(it->file, ld->mb->set.mark_old);
			if (it->parsed && ld->hc) {
				const char *base = maildir_base(it->file);
				struct hcache_meta meta = { .size = it->size,
							    .received = it->received };
				hcache_store_meta(ld->hc, base, maildir_key_len(base), 0, it->env,
						  &meta);
			}
		}
		/*
		 * The envelopes stay in the threads' arenas, which become the
		 * mailbox's at the end: handing chunks over per batch would
		 * keep them small.
		 */
		mx_add(ld->mb, ld->batch, k, NULL);
		mx_progress(ld->mb, _("Reading"), ld->emitted, ld->n);
	}
}

/*
 * More threads than processors pay when files are not in the page cache:
 * a thread waiting for the disk leaves its processor to another (a cold
 * open of 10,000 files here: 2.6 s with 2 threads, 1.7 s with 4).
 */
static unsigned thread_count(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned t = atomic_load(&parser_threads);

	if (!t)
		t = cpus < 4 ? 4 : cpus > 8 ? 8 : (unsigned)cpus;
	/* A thread costs more than it saves on a few files (a check's new mail). */
	return n < 4 * CHUNK ? 1 : t;
}

/* A helper's own handle on the cache (LMDB read transactions are per thread). */
static void helper_init(struct helper *h, struct loader *ld)
{
	struct buf err = BUF_INIT;

	h->ld = ld;
	if (ld->hc) {
		h->p.hc = hcache_open(ld->mb->set.header_cache, ld->mb->realpath, &err);
		h->p.own_hc = true;
	}
	buf_release(&err);
}

/* Work through the items in this thread and its helpers, adding as items become ready. */
static void run_all(struct loader *ld)
{
	unsigned nthreads = thread_count(ld->n);
	struct helper *helpers = xcalloc(nthreads, sizeof(*helpers));

	for (unsigned t = 1; t < nthreads; t++) {
		helper_init(&helpers[t], ld);
		helpers[t].started =
			pthread_create(&helpers[t].thread, NULL, helper_main, &helpers[t]) == 0;
	}
	while (do_chunk(ld, &ld->own))
		emit(ld, false);
	for (unsigned t = 1; t < nthreads; t++) {
		if (helpers[t].started) {
			pthread_join(helpers[t].thread, NULL);
			emit(ld, false);
		}
		/* Its envelopes are in the model already: their memory becomes the mailbox's. */
		mx_add(ld->mb, NULL, 0, &helpers[t].p.mem);
		parser_release(&helpers[t].p);
	}
	free(helpers);
}

int maildir_load(struct mailbox *mb, int dirfd, const char *const *files, size_t n, struct buf *err)
{
	struct maildir_data *md = mb->bdata;
	struct loader *ld = xcalloc(1, sizeof(*ld));
	int rc = 0;

	ld->mb = mb;
	ld->hc = md ? md->hc : NULL;
	ld->own.hc = ld->hc;
	ld->dirfd = dirfd;
	ld->n = n;
	ld->items = xcalloc(n ? n : 1, sizeof(*ld->items));
	atomic_init(&ld->next, 0);
	atomic_init(&ld->stop, false);
	for (size_t i = 0; i < n; i++) {
		ld->items[i].file = files[i];
		atomic_init(&ld->items[i].state, ITEM_PENDING);
	}
	run_all(ld);
	/* Stopped: the ready prefix is added, nothing after a gap (order is kept). */
	emit(ld, true);
	mx_add(mb, NULL, 0, &ld->own.mem);
	hcache_commit(ld->hc);
	if (atomic_load(&ld->stop)) {
		buf_addstr(err, _("stopped: not every message was read"));
		rc = ERR_CANCEL;
	}
	parser_release(&ld->own);
	free(ld->items);
	free(ld);
	return rc;
}
