/*
 * maildir_load.c - reading a Maildir's messages into the model: listing
 * cur/ and new/, then for each file, in name order, the header cache's
 * envelope or, on a miss, the file's header block parsed.
 *
 * Parsing runs in up to two threads (the operation's own and one
 * helper) that take files from a shared counter; each writes its results
 * into its own arena and marks the item ready. The operation's thread
 * hands the ready prefix to mx_add in batches, so the order stays the
 * listing's whichever thread parsed what, and the interface fills as the
 * files come. The helper's arena joins the mailbox's when it is done
 * (arena chunks never move, so the envelopes it made stay where they are).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/maildir.h"

/* The header block is read in pieces of this size, and never beyond the cap. */
#define HDR_CHUNK ((size_t)8192)
#define HDR_MAX   ((size_t)1 << 20)

static atomic_uint parser_threads = 2;

void maildir_set_threads(unsigned n)
{
	atomic_store(&parser_threads, n ? n : 1);
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

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void maildir_list_sort(struct maildir_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_names);
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

/* Per-thread scratch for parsing. */
struct parser {
	struct buf raw;
	struct header_list h;
	struct arena mem; /* envelopes made by this thread */
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

/* ---- the loader ------------------------------------------------------ */

struct loader {
	struct mailbox *mb;
	struct hcache *hc;
	int dirfd;
	struct item *items;
	size_t n;
	size_t *misses; /* indexes of items the cache did not have */
	size_t nmiss;
	atomic_size_t next; /* the next miss to parse */
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
	arena_release(&p->mem);
}

/* Parse the next miss; false when none is left. */
static bool parse_next(struct loader *ld, struct parser *p)
{
	size_t j;

	if (atomic_load(&ld->stop))
		return false;
	if (mx_cancelled(ld->mb)) {
		atomic_store(&ld->stop, true);
		return false;
	}
	j = atomic_fetch_add(&ld->next, 1);
	if (j >= ld->nmiss)
		return false;
	struct item *it = &ld->items[ld->misses[j]];
	atomic_store_explicit(&it->state, parse_item(ld->dirfd, p, it), memory_order_release);
	return true;
}

static void *helper_main(void *arg)
{
	struct helper *h = arg;

	while (parse_next(h->ld, &h->p))
		;
	return NULL;
}

static uint32_t item_flags(const struct loader *ld, const struct item *it)
{
	return maildir_flags_of(it->file, ld->mb->set.mark_old);
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
			m->flags = item_flags(ld, it);
			if (it->parsed && ld->hc) {
				const char *base = maildir_base(it->file);
				struct hcache_meta meta = { .size = it->size,
							    .received = it->received };
				hcache_store_meta(ld->hc, base, maildir_key_len(base), 0, it->env,
						  &meta);
			}
		}
		/* The own arena's chunks go to the mailbox now; the helper's when it is done. */
		mx_add(ld->mb, ld->batch, k, &ld->own.mem);
		mx_progress(ld->mb, _("Reading"), ld->emitted, ld->n);
	}
}

/* Look every file up in the cache; the misses are left for the parsers. */
static void lookup_all(struct loader *ld)
{
	for (size_t i = 0; i < ld->n; i++) {
		struct item *it = &ld->items[i];
		const char *base = maildir_base(it->file);
		size_t klen = maildir_key_len(base);
		struct hcache_meta meta;

		if ((i & 255) == 0 && mx_cancelled(ld->mb)) {
			atomic_store(&ld->stop, true);
			return;
		}
		it->env = ld->hc ? hcache_fetch_meta(ld->hc, base, klen, 0, &ld->own.mem, &meta)
				 : NULL;
		if (!it->env) {
			ld->misses[ld->nmiss++] = i;
			continue;
		}
		if (!maildir_size_field(base, klen, &it->size))
			it->size = meta.size;
		it->received = meta.received;
		atomic_store_explicit(&it->state, ITEM_READY, memory_order_relaxed);
		if (!ld->nmiss)
			emit(ld, false);
	}
}

static unsigned thread_count(size_t nmiss)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = atomic_load(&parser_threads);

	if (cpus > 0 && (unsigned long)cpus < n)
		n = (unsigned)cpus;
	/* A thread costs more than it saves on a few files (a check's new mail). */
	return nmiss < 64 ? 1 : n;
}

/* Parse the misses in this thread and up to n - 1 helpers, adding as items become ready. */
static void parse_all(struct loader *ld)
{
	unsigned nthreads = thread_count(ld->nmiss);
	struct helper *helpers = xcalloc(nthreads, sizeof(*helpers));

	for (unsigned t = 1; t < nthreads; t++) {
		helpers[t].ld = ld;
		helpers[t].started =
			pthread_create(&helpers[t].thread, NULL, helper_main, &helpers[t]) == 0;
	}
	while (parse_next(ld, &ld->own))
		emit(ld, false);
	for (unsigned t = 1; t < nthreads; t++) {
		if (!helpers[t].started)
			continue;
		pthread_join(helpers[t].thread, NULL);
		emit(ld, false);
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
	ld->dirfd = dirfd;
	ld->n = n;
	ld->items = xcalloc(n ? n : 1, sizeof(*ld->items));
	ld->misses = xmalloc((n ? n : 1) * sizeof(*ld->misses));
	atomic_init(&ld->next, 0);
	atomic_init(&ld->stop, false);
	for (size_t i = 0; i < n; i++) {
		ld->items[i].file = files[i];
		atomic_init(&ld->items[i].state, ITEM_PENDING);
	}
	lookup_all(ld);
	if (ld->nmiss && !atomic_load(&ld->stop))
		parse_all(ld);
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
	free(ld->misses);
	free(ld);
	return rc;
}
