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
 * operation's thread hands the ready prefix to mx_add, so the order stays
 * the listing's whichever thread did what: a first batch at once (the
 * interface's first screen), then all that is ready every EMIT_MS, since
 * mx_add takes the lock the interface holds while it sorts the view. Envelopes parsed on a miss are stored through
 * the folder's own handle, from the operation's thread only. A helper's
 * arena joins the mailbox's when it is done (arena chunks never move, so
 * the envelopes it made stay where they are).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "mx/maildir.h"

/* After the first batch, messages go to the model at most this often. */
#define EMIT_MS 50

/* Threads maildir_set_threads asked for; 0: as many as processors, at least 4, at most 8. */
static atomic_uint parser_threads;

void maildir_set_threads(unsigned n)
{
	atomic_store(&parser_threads, n);
}

/* ---- one file -------------------------------------------------------- */

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
	if (mx_read_header_block(fd, &p->raw) != 0) {
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
	size_t scanned;    /* items [0, scanned) are not pending */
	size_t emitted;    /* items [0, emitted) went to mx_add */
	int64_t last_emit; /* mono_ms of the last mx_add */
	struct message *batch;
	size_t batch_cap;
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
		if (atomic_load_explicit(&it->state, memory_order_relaxed) != ITEM_PENDING)
			continue; /* the probe in run_all did it */
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

/* Is it time to hand the ready items to the model? */
static bool emit_due(struct loader *ld, bool all)
{
	if (all || ld->scanned == ld->n)
		return true;
	if (ld->scanned - ld->emitted < MAILDIR_BATCH)
		return false;
	/* the first batch at once: it is the first screen */
	return !ld->emitted || mono_ms() - ld->last_emit >= EMIT_MS;
}

/* Hand the ready prefix to the model when due; with all, whatever is ready. */
static void emit(struct loader *ld, bool all)
{
	size_t k = 0;

	while (ld->scanned < ld->n && atomic_load_explicit(&ld->items[ld->scanned].state,
							   memory_order_acquire) != ITEM_PENDING)
		ld->scanned++;
	mx_progress(ld->mb, _("Reading"), ld->scanned, ld->n);
	if (ld->emitted == ld->scanned || !emit_due(ld, all))
		return;
	ALLOC_GROW(ld->batch, ld->scanned - ld->emitted, ld->batch_cap);
	while (ld->emitted < ld->scanned) {
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
			struct hcache_meta meta = { .size = it->size, .received = it->received };
			hcache_store_meta(ld->hc, base, maildir_key_len(base), 0, it->env, &meta);
		}
	}
	/*
	 * The envelopes stay in the threads' arenas, which become the
	 * mailbox's at the end: handing chunks over per batch would keep
	 * them small.
	 */
	mx_add(ld->mb, ld->batch, k, NULL);
	ld->last_emit = mono_ms();
}

/*
 * Threads for n items. Parsing files wants more threads than processors:
 * a thread waiting for the disk leaves its processor to another (a cold
 * open of 10,000 files here: 2.6 s with 2 threads, 1.7 s with 4). Taking
 * envelopes from the cache does no I/O, and there threads beyond the
 * processors only add work: cached tells which it will mostly be.
 */
static unsigned thread_count(size_t n, bool cached)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned t = atomic_load(&parser_threads);

	if (cpus < 1)
		cpus = 1;
	if (!t && cached)
		t = cpus > 8 ? 8 : (unsigned)cpus;
	else if (!t)
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
	/* Is the first file in the cache? Then most probably are (a warm open). */
	bool cached = ld->n && fetch_item(&ld->own, &ld->items[0]) == ITEM_READY;
	unsigned nthreads = thread_count(ld->n, cached);
	struct helper *helpers = xcalloc(nthreads, sizeof(*helpers));

	if (cached)
		atomic_store_explicit(&ld->items[0].state, ITEM_READY, memory_order_release);

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
	free(ld->batch);
	free(ld);
	return rc;
}

/* ---- check: following the folder -------------------------------------- */

/* Point message id at file (a copy goes into the mailbox's arena). */
void maildir_relocate(struct mailbox *mb, uint32_t id, const char *file)
{
	struct message *m;

	mailbox_lock(mb);
	m = mx_find(mb, id);
	if (m && strcmp(m->loc.file, file) != 0)
		m->loc.file = arena_strndup(&mb->mem, file, strlen(file));
	mailbox_unlock(mb);
}

/* A message of the model as check saw it. */
struct seen {
	uint32_t id;
	const char *file;
	bool found;
};

/* The model's messages, in a table by unique name. */
static struct seen *model_snapshot(struct mailbox *mb, size_t *np, struct hash **hp)
{
	struct seen *s;
	struct hash *h;

	mailbox_lock(mb);
	*np = mb->n;
	s = xcalloc(mb->n ? mb->n : 1, sizeof(*s));
	h = hash_new(mb->n);
	for (size_t i = 0; i < mb->n; i++) {
		const char *base = maildir_base(mb->msgs[i].loc.file);
		s[i] = (struct seen){ mb->msgs[i].id, mb->msgs[i].loc.file, false };
		hash_put(h, base, maildir_key_len(base), &s[i]);
	}
	mailbox_unlock(mb);
	*hp = h;
	return s;
}

/* A message another program renamed: follow it, and take its new flags unless ours wait to be written. */
static void follow_rename(struct mailbox *mb, const struct seen *s, const char *file)
{
	uint32_t now = maildir_flags_of(file, mb->set.mark_old);
	struct message *m;

	/* Under the lock: the user may be changing this message's flags right now. */
	mailbox_lock(mb);
	maildir_relocate(mb, s->id, file);
	m = mx_find(mb, s->id);
	if (m && !(m->flags & MSG_CHANGED) && (now & MSG_STORED) != (m->flags & MSG_STORED))
		mx_set_stored_flags(mb, s->id, now);
	mailbox_unlock(mb);
}

/* Forget messages whose files are gone, in the model and in the cache. */
static void drop_vanished(struct mailbox *mb, struct maildir_data *md, const struct seen *s,
			  size_t n)
{
	uint32_t *gone = xmalloc((n ? n : 1) * sizeof(*gone));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i].found)
			continue;
		gone[k++] = s[i].id;
		if (md->hc) {
			const char *base = maildir_base(s[i].file);
			hcache_delete(md->hc, base, maildir_key_len(base));
		}
	}
	mx_remove(mb, gone, k);
	free(gone);
}

/* Bring the model up to date with the folder when its directories changed. */
int maildir_refresh(struct mailbox *mb, int dirfd, struct buf *err)
{
	struct maildir_list l = { 0 };
	struct arena names = ARENA_INIT;
	const char **fresh = NULL;
	struct seen *s = NULL, added = { .found = true };
	struct hash *h = NULL;
	size_t n = 0, nfresh = 0;
	struct maildir_data *md = mb->bdata;
	int rc;

	if (!maildir_stamps_changed(dirfd, md))
		return 0;
	maildir_stamps_take(dirfd, md);
	rc = maildir_list_folder(mb->path, dirfd, &l, err);
	if (rc) {
		md->listed[MD_CUR] = md->listed[MD_NEW] = false;
		goto out;
	}
	s = model_snapshot(mb, &n, &h);
	fresh = xmalloc((l.n ? l.n : 1) * sizeof(*fresh));
	for (size_t i = 0; i < l.n; i++) {
		const char *base = maildir_base(l.v[i]);
		struct seen *m = hash_get(h, base, maildir_key_len(base));
		if (!m) {
			const char *f = arena_strndup(&names, l.v[i], strlen(l.v[i]));
			fresh[nfresh++] = f;
			/* a second file with this unique name (mid-move) is not another message */
			hash_put(h, maildir_base(f), maildir_key_len(base), &added);
			continue;
		}
		if (m->found) /* in cur/ and new/ at once, mid-move: one is enough */
			continue;
		m->found = true;
		if (strcmp(m->file, l.v[i]) != 0)
			follow_rename(mb, m, l.v[i]);
	}
	drop_vanished(mb, md, s, n);
	if (nfresh) {
		mx_add(mb, NULL, 0, &names);
		rc = maildir_load(mb, dirfd, fresh, nfresh, err);
	}
	if (md->hc)
		hcache_commit(md->hc);
out:
	if (rc)
		md->listed[MD_CUR] = md->listed[MD_NEW] = false;
	hash_free(&h);
	free(s);
	free(fresh);
	arena_release(&names);
	maildir_list_release(&l);
	return rc;
}
