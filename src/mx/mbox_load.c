/*
 * mbox_load.c - turning an mbox or MMDF file into messages for the model.
 *
 * One pass over the file through big reads (mbox_scan.c). For each
 * message: its From_ line gives the delivery time, its header block alone
 * is parsed (envelope, Status: flags), the body is only scanned for the
 * next separator and counted in lines. Content-Length is never consulted.
 *
 * A big mbox is cut into equal byte ranges, one per thread; a thread
 * finds the first separator in its range and parses the messages that
 * begin there (the last one may end in the next range). The calling
 * thread takes the first range and hands its messages to the model in
 * batches as it goes, so the interface fills at once; the other ranges
 * follow in order when their threads are done. MMDF separators cannot be
 * told apart from the closing lines without reading from the start, so
 * MMDF is read by one thread.
 *
 * No header cache: finding the messages needs the whole file read anyway,
 * and an entry keyed by offset goes stale whenever another program
 * rewrites the file (mutt does not cache mbox either).
 */
#include "mx/mbox-private.h"

#define BATCH       256
#define WINDOW      ((size_t)256 << 10)
#define SPLIT_MIN   ((uint64_t)32 << 20) /* smaller files: one thread */
#define THREADS_MAX 8

/* 0: one per processor (parsing is CPU work once the file is cached), at most THREADS_MAX */
static atomic_uint parser_threads = 0;
/* Smaller files are read by one thread: starting others costs more than it saves. */
static _Atomic uint64_t split_min = (uint64_t)32 << 20;

void mbox_set_threads(unsigned n, uint64_t min_bytes)
{
	atomic_store(&parser_threads, n);
	atomic_store(&split_min, min_bytes);
}

void mbox_disk_set(struct mbox_data *bd, uint32_t id, uint8_t key)
{
	if (id >= bd->disk_cap) {
		size_t cap = MAX((size_t)id + 1, bd->disk_cap * 2);
		bd->disk = xrealloc(bd->disk, cap);
		memset(bd->disk + bd->disk_cap, 0, cap - bd->disk_cap);
		bd->disk_cap = cap;
	}
	bd->disk[id] = key;
}

uint8_t mbox_disk_get(const struct mbox_data *bd, uint32_t id)
{
	return id < bd->disk_cap ? bd->disk[id] : 0;
}

/* One thread's work: a byte range and the messages that begin in it. */
struct part {
	struct mailbox *mb;
	enum mx_type type;
	uint64_t from, to; /* separators in [from, to) are this part's */
	bool first;        /* from is a separator already (the first part) */
	struct mbox_reader r;
	struct header_list h;
	struct arena mem;
	struct message *msgs;
	uint8_t *keys;
	size_t n, cap;
	uint64_t end;  /* end of the last region parsed */
	bool complete; /* every message of the range was parsed */
	atomic_bool *stop;
	/* the calling thread's part hands batches over as it goes */
	struct loader *ld;
	pthread_t thread;
	bool started;
};

struct loader {
	struct mailbox *mb;
	struct mbox_data *bd;
	uint64_t total_bytes;
	size_t added;
	bool stopped; /* something was not added: what follows must not be either */
};

/* The header block at body (not beyond limit), parsed into p->h and env; returns its end. */
static uint64_t parse_header(struct part *p, uint64_t body, uint64_t limit, struct envelope *env,
			     uint32_t *lines)
{
	size_t avail = 0, blank, n = 0, end = 0;
	const char *d = body < limit ? mbox_reader_at(&p->r, body, 1, &avail) : NULL;

	if (d) {
		n = (size_t)MIN((uint64_t)MIN(avail, MBOX_HDR_MAX), limit - body);
		end = mbox_header_end(d, n, &blank);
	}
	if (d && end == n && n < MBOX_HDR_MAX && body + n < limit) {
		/* the block goes on past the window: read it from its start */
		d = mbox_reader_at(&p->r, body, MBOX_HDR_MAX, &avail);
		n = d ? (size_t)MIN((uint64_t)MIN(avail, MBOX_HDR_MAX), limit - body) : 0;
		end = d ? mbox_header_end(d, n, &blank) : 0;
	}
	headers_parse(d ? d : "", end, &p->h);
	envelope_from_headers(env, &p->h);
	if (end == 0)
		env->defects |= DEFECT_EMPTY_MESSAGE;
	*lines = d ? (uint32_t)mbox_count_lines(d, end) : 0;
	return body + end;
}

/* Parse the message whose separator is at s into m; returns where its region ends. */
static uint64_t parse_one(struct part *p, uint64_t s, struct message *m, uint8_t *key)
{
	struct mbox_span sp;
	struct envelope env;
	uint64_t hdr_end, nl = 0;
	uint32_t hdr_lines;

	envelope_init(&env);
	if (p->type == MX_MMDF) {
		mbox_span_at(&p->r, p->type, s, &sp);
		hdr_end = parse_header(p, sp.body, sp.content_end, &env, &hdr_lines);
		m->flags = mbox_header_flags(&p->h, p->mb->set.mark_old);
		sp.lines = sp.lines > hdr_lines ? sp.lines - hdr_lines : 0;
	} else {
		/*
		 * The header first, while it is in the window; then the body,
		 * scanned once. p->h points into the window, which the scan may
		 * refill: the flags are taken before it.
		 */
		mbox_span_head(&p->r, s, &sp);
		hdr_end = parse_header(p, sp.body, p->r.end, &env, &hdr_lines);
		m->flags = mbox_header_flags(&p->h, p->mb->set.mark_old);
		sp.end = mbox_next_sep(&p->r, hdr_end, &nl);
		mbox_span_tail(&p->r, &sp, hdr_end, nl);
	}
	m->env = menv_pack(&env, arena_alloc(&p->mem, menv_packed_size(&env)));
	m->loc.mbox.offset = sp.start;
	m->loc.mbox.body_offset = sp.body;
	m->size = sp.content_end - sp.body;
	m->received = sp.received ? sp.received : (env.date.valid ? (int64_t)env.date.time : 0);
	m->lines = sp.lines;
	*key = mbox_status_key(m->flags);
	envelope_release(&env);
	return sp.end;
}

/* Hand messages to the model with their status keys; ids are given in order by mx_add. */
static void add_batch(struct loader *ld, struct message *msgs, const uint8_t *keys, size_t n,
		      struct arena *mem)
{
	struct mailbox *mb = ld->mb;

	mailbox_lock(mb);
	uint32_t first = mb->next_id;
	mx_add(mb, msgs, n, mem);
	for (size_t i = 0; i < n; i++)
		mbox_disk_set(ld->bd, first + (uint32_t)i, keys[i]);
	mailbox_unlock(mb);
	ld->added += n;
}

/* Progress, the total estimated from how far the first part got (threads run at one pace). */
static void progress(struct loader *ld, uint64_t bytes_done)
{
	size_t total = ld->added;

	if (bytes_done)
		total = (size_t)MAX((uint64_t)ld->added,
				    (uint64_t)ld->added * ld->total_bytes / bytes_done);
	mx_progress(ld->mb, _("Reading"), ld->added, total);
}

static void part_push(struct part *p, const struct message *m, uint8_t key)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : BATCH;
		p->msgs = xreallocarray(p->msgs, p->cap, sizeof(*p->msgs));
		p->keys = xrealloc(p->keys, p->cap);
	}
	p->msgs[p->n] = *m;
	p->keys[p->n++] = key;
}

/* Parse the messages of p's range. The calling thread's part (p->ld set) adds as it goes. */
static void part_run(struct part *p)
{
	uint64_t s = p->first ? p->from : mbox_next_sep(&p->r, p->from, NULL);

	p->end = s;
	p->complete = true;
	while (s < p->to && s < p->r.end) {
		struct message m = { 0 };
		uint8_t key;
		if (atomic_load(p->stop) || mx_cancelled(p->mb)) {
			atomic_store(p->stop, true);
			p->complete = false;
			break;
		}
		s = parse_one(p, s, &m, &key);
		if (p->r.error) {
			p->complete = false;
			atomic_store(p->stop, true);
			break;
		}
		part_push(p, &m, key);
		p->end = s;
		if (p->ld && p->n == BATCH) {
			add_batch(p->ld, p->msgs, p->keys, p->n, &p->mem);
			p->n = 0;
			progress(p->ld, p->end - p->from);
		}
	}
}

static void *part_main(void *arg)
{
	part_run(arg);
	return NULL;
}

static void part_release(struct part *p)
{
	mbox_reader_release(&p->r);
	header_list_release(&p->h);
	arena_release(&p->mem);
	free(p->msgs);
	free(p->keys);
}

/* Add a finished helper's messages, unless something before them was left out. */
static void part_emit(struct loader *ld, struct part *p)
{
	if (ld->stopped)
		return;
	for (size_t i = 0; i < p->n; i += BATCH) {
		size_t k = MIN((size_t)BATCH, p->n - i);
		add_batch(ld, p->msgs + i, p->keys + i, k, i + k == p->n ? &p->mem : NULL);
		mx_progress(ld->mb, _("Reading"), ld->added, 0);
	}
	if (p->n)
		ld->bd->size = p->end;
	ld->stopped = !p->complete;
}

static unsigned thread_count(enum mx_type type, uint64_t bytes)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = atomic_load(&parser_threads);

	if (n == 0)
		n = cpus > 0 ? (unsigned)MIN(cpus, (long)THREADS_MAX) : 1;
	if (type == MX_MMDF || bytes < atomic_load(&split_min))
		return 1;
	return MIN(n, (unsigned)THREADS_MAX);
}

int mbox_load(struct mailbox *mb, struct mbox_data *bd, int fd, uint64_t from, uint64_t file_size,
	      struct buf *err)
{
	struct loader ld = { .mb = mb, .bd = bd, .total_bytes = file_size - from };
	unsigned nt = thread_count(mb->type, file_size - from);
	struct part *parts = xcalloc(nt, sizeof(*parts));
	atomic_bool stop;
	int rc = 0;

	atomic_init(&stop, false);
	for (unsigned t = 0; t < nt; t++) {
		struct part *p = &parts[t];
		p->mb = mb;
		p->type = mb->type == MX_MMDF ? MX_MMDF : MX_MBOX;
		p->from = from + (file_size - from) * t / nt;
		p->to = t + 1 == nt ? file_size : from + (file_size - from) * (t + 1) / nt;
		p->first = t == 0;
		p->stop = &stop;
		mbox_reader_init(&p->r, fd, file_size, WINDOW);
	}
	parts[0].ld = &ld;
	for (unsigned t = 1; t < nt; t++)
		parts[t].started =
			pthread_create(&parts[t].thread, NULL, part_main, &parts[t]) == 0;
	part_run(&parts[0]);
	add_batch(&ld, parts[0].msgs, parts[0].keys, parts[0].n, &parts[0].mem);
	bd->size = parts[0].end;
	ld.stopped = !parts[0].complete;
	for (unsigned t = 1; t < nt; t++) {
		if (parts[t].started)
			pthread_join(parts[t].thread, NULL);
		else
			part_run(&parts[t]); /* no thread to be had: do it here */
		part_emit(&ld, &parts[t]);
	}
	mx_progress(mb, _("Reading"), ld.added, ld.added);
	for (unsigned t = 0; t < nt; t++) {
		if (parts[t].r.error && !rc) {
			buf_printf(err, _("reading %s: %s"), mb->path, strerror(parts[t].r.error));
			rc = mbox_errno_code(parts[t].r.error);
		}
		part_release(&parts[t]);
	}
	if (!rc && ld.stopped) {
		buf_addstr(err, _("stopped: not every message was read"));
		rc = ERR_CANCEL;
	}
	free(parts);
	return rc;
}

void mbox_take_marks(struct mbox_data *bd, int fd)
{
	size_t n = (size_t)MIN(bd->size - bd->start, (uint64_t)sizeof(bd->tail));
	ssize_t got = n ? pread(fd, bd->tail, n, (off_t)(bd->size - n)) : 0;

	bd->tail_len = got > 0 ? (size_t)got : 0;
	got = n ? pread(fd, bd->head, n, (off_t)bd->start) : 0;
	bd->head_len = got > 0 ? (size_t)got : 0;
}

static bool same_bytes(int fd, const unsigned char *want, size_t n, uint64_t off)
{
	unsigned char now[64];

	return n == 0 || (pread(fd, now, n, (off_t)off) == (ssize_t)n && memcmp(now, want, n) == 0);
}

bool mbox_marks_same(const struct mbox_data *bd, int fd)
{
	return same_bytes(fd, bd->tail, bd->tail_len, bd->size - bd->tail_len) &&
	       same_bytes(fd, bd->head, bd->head_len, bd->start);
}
