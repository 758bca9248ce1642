/*
 * mh_load.c - listing an MH folder, loading its messages into the model
 * (through the header cache), and following what others change.
 *
 * Noticing changes: a refresh rescans the directory only when its mtime
 * (or the sequence file's) moved, or is too recent to rule out a second
 * change in the same clock tick. A number whose inode changed holds a
 * different message (renumbered by folder -pack, or removed and the number
 * reused), so it leaves the model and the new file joins. The listing
 * gives inodes without a stat per file; a file rewritten in place (same
 * inode) keeps its envelope until the folder is opened again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>

#include "mx/mh.h"

#define MH_BATCH    256 /* messages handed to the model at a time */
#define MH_BATCH_MS 200 /* ... or after this long, so that a slow disk still shows progress */

/* ===================================================================== */
/* The directory                                                          */
/* ===================================================================== */

static int cmp_entry(const void *a, const void *b)
{
	const struct mh_entry *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* A name made of digits only ("007" too): new messages are numbered above these. */
static uint32_t any_number(const char *name)
{
	unsigned long v;
	size_t n = strlen(name);

	return n && parse_ulong(name, n, &v) && v < UINT32_MAX ? (uint32_t)v : 0;
}

int mh_scan_dir(const char *dir, struct mh_entry **out, size_t *np, uint32_t *highest)
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
		/* ",N" is a removed message the user may still restore: its number stays taken */
		bool backup = de->d_name[0] == ',';
		uint32_t num = any_number(de->d_name + backup);
		if (highest && num > *highest)
			*highest = num;
		if (backup || !out || de->d_type == DT_DIR || !mh_number(de->d_name))
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
	if (out && n > 1)
		qsort(*out, n, sizeof(**out), cmp_entry);
	if (np)
		*np = n;
	return 0;
}

struct mh_entry *mh_files_find(struct mh_data *d, uint32_t num)
{
	struct mh_entry key = { .num = num };
	return d->n ? bsearch(&key, d->files, d->n, sizeof(*d->files), cmp_entry) : NULL;
}

/* splitmix64's finalizer: spreads every input bit over the result. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * Size and mtime tell an edited file; the inode tells a number that now
 * names another message (folder -pack renames files and keeps their mtime).
 */
uint64_t mh_file_validity(const struct stat *st)
{
	uint64_t v = mix64((uint64_t)st->st_size);

	v = mix64(v ^ (uint64_t)st->st_mtim.tv_sec);
	v = mix64(v ^ (uint64_t)st->st_mtim.tv_nsec);
	return mix64(v ^ (uint64_t)st->st_ino);
}

static void hcache_key(uint32_t num, char key[16], size_t *klen)
{
	*klen = (size_t)snprintf(key, 16, "%" PRIu32, num);
}

void mh_hcache_delete(struct mh_data *d, uint32_t num)
{
	char key[16];
	size_t klen;

	if (!d->hc)
		return;
	hcache_key(num, key, &klen);
	hcache_delete(d->hc, key, klen);
}

/* ===================================================================== */
/* Loading messages into the model                                       */
/* ===================================================================== */

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
	struct header_list h;
};

/* Hand the batch to the model, and note the ids it got. */
static void loader_flush(struct loader *l)
{
	struct mh_data *d = l->d;
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
		ALLOC_GROW(d->files, d->n + 1, d->cap);
		d->files[d->n++] = l->ents[i];
	}
	l->k = 0;
	l->flushed = mono_ms();
}

/* Parse the header block of the file at l->path into an envelope; NULL when it cannot be read. */
static struct menv *parse_file(struct loader *l, const struct stat *st)
{
	struct envelope env;
	struct menv *me;
	/* O_NONBLOCK: a FIFO put there by mistake must not hang the open */
	int fd = open(l->path.data, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return NULL;
	buf_reset(&l->raw);
	rc = mx_read_header_block(fd, &l->raw);
	close(fd);
	if (rc)
		return NULL;
	headers_parse(l->raw.data, l->raw.len, &l->h);
	envelope_init(&env);
	envelope_from_headers(&env, &l->h);
	if (st->st_size == 0)
		env.defects |= DEFECT_EMPTY_MESSAGE;
	me = menv_pack(&env, arena_alloc(&l->mem, menv_packed_size(&env)));
	envelope_release(&env);
	return me;
}

/* Read one numbered file into the batch; false when it is not (or no longer) a regular file. */
static bool load_one(struct loader *l, const struct mh_entry *e)
{
	struct message *m = &l->batch[l->k];
	struct menv *me = NULL;
	struct stat st;
	uint64_t validity;
	char key[16];
	size_t klen;

	buf_reset(&l->path);
	buf_printf(&l->path, "%s/%" PRIu32, l->mb->path, e->num);
	/* a stat is all a warm cache needs */
	if (stat(l->path.data, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	validity = mh_file_validity(&st);
	hcache_key(e->num, key, &klen);
	if (l->d->hc)
		me = hcache_fetch(l->d->hc, key, klen, validity, &l->mem);
	if (!me) {
		me = parse_file(l, &st);
		if (!me)
			return false;
		if (l->d->hc)
			hcache_store(l->d->hc, key, klen, validity, me);
	}
	memset(m, 0, sizeof(*m));
	m->env = me;
	m->loc.num = e->num;
	m->size = (uint64_t)st.st_size;
	m->received = st.st_mtime;
	m->flags = mh_seq_bits(l->q, e->num);
	/* e->ino stays readdir's: the next scan is compared with it */
	l->ents[l->k] = *e;
	l->ents[l->k].seen = m->flags;
	l->k++;
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
	l->flushed = mono_ms();
	for (size_t i = 0; i < n; i++) {
		if (mx_cancelled(mb)) {
			buf_printf(err, _("Reading %s was interrupted"), mb->path);
			rc = ERR_CANCEL;
			break;
		}
		load_one(l, &ents[i]);
		if (l->k == MH_BATCH || (l->k && mono_ms() - l->flushed >= MH_BATCH_MS))
			loader_flush(l);
		mx_progress(mb, _("Reading messages"), i + 1, n);
	}
	loader_flush(l);
	if (d->hc)
		hcache_commit(d->hc);
	if (d->n > 1)
		qsort(d->files, d->n, sizeof(*d->files), cmp_entry);
	arena_release(&l->mem);
	buf_release(&l->path);
	buf_release(&l->raw);
	header_list_release(&l->h);
	free(l);
	return rc;
}

/* ===================================================================== */
/* Following changes                                                     */
/* ===================================================================== */

static void stamp_take(const char *path, struct mh_stamp *s)
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
static bool stamp_changed(const struct mh_stamp *old, const struct mh_stamp *now)
{
	if (!old->valid || old->exists != now->exists)
		return true;
	if (!old->exists)
		return false;
	return old->mtime.tv_sec != now->mtime.tv_sec || old->mtime.tv_nsec != now->mtime.tv_nsec ||
	       old->ino != now->ino || old->size != now->size ||
	       old->taken.tv_sec - old->mtime.tv_sec < 2;
}

static int cmp_ino(const void *a, const void *b)
{
	const struct mh_entry *x = a, *y = b;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/*
 * Is fresh file f the message of gone entry g under a new number (folder
 * -pack, refile within the folder)? A rename keeps the inode, size and
 * mtime; a new file that happens to reuse a freed inode rarely keeps both.
 */
static bool renamed(struct mailbox *mb, const struct mh_entry *g, const struct mh_entry *f,
		    struct stat *st)
{
	struct buf path = BUF_INIT;
	struct message *m;
	bool same;

	buf_printf(&path, "%s/%" PRIu32, mb->path, f->num);
	same = stat(path.data, st) == 0 && S_ISREG(st->st_mode) && st->st_ino == g->ino;
	buf_release(&path);
	mailbox_lock(mb);
	m = mx_find(mb, g->id);
	same = same && m && m->size == (uint64_t)st->st_size && m->received == st->st_mtime;
	mailbox_unlock(mb);
	return same;
}

/*
 * Keep the messages that another program renumbered: the model keeps
 * their place, flags and unsynced changes, and the cache their envelope
 * under the new number. Matched entries leave gone[] and fresh[].
 */
static void follow_renames(struct mailbox *mb, struct mh_data *d, struct mh_entry *gone,
			   size_t *ngone, struct mh_entry *fresh, size_t *nfresh)
{
	size_t keep_f = 0, keep_g = 0;

	if (!*ngone || !*nfresh)
		return;
	qsort(gone, *ngone, sizeof(*gone), cmp_ino);
	for (size_t i = 0; i < *nfresh; i++) {
		struct mh_entry *g = bsearch(&fresh[i], gone, *ngone, sizeof(*gone), cmp_ino);
		struct stat st;

		if (!g || g->id == 0 || !renamed(mb, g, &fresh[i], &st)) {
			fresh[keep_f++] = fresh[i];
			continue;
		}
		mx_set_loc(mb, g->id, &(union msg_loc){ .num = fresh[i].num },
			   (uint64_t)st.st_size);
		if (d->hc) {
			char key[16];
			size_t klen;
			mailbox_lock(mb);
			hcache_key(fresh[i].num, key, &klen);
			hcache_store(d->hc, key, klen, mh_file_validity(&st),
				     mx_find(mb, g->id)->env);
			mailbox_unlock(mb);
		}
		g->num = fresh[i].num;
		ALLOC_GROW(d->files, d->n + 1, d->cap);
		d->files[d->n++] = *g;
		g->id = 0; /* taken */
	}
	*nfresh = keep_f;
	for (size_t i = 0; i < *ngone; i++)
		if (gone[i].id)
			gone[keep_g++] = gone[i];
	*ngone = keep_g;
}

/*
 * Follow the directory: files gone leave the model, new ones join it, and
 * renumbered ones move. A number whose inode changed holds another message.
 */
static int apply_dir(struct mailbox *mb, struct mh_data *d, const struct mh_entry *ents, size_t n,
		     const struct mh_seqs *q, struct buf *err)
{
	struct mh_entry *fresh = NULL, *gone = NULL;
	uint32_t *ids;
	size_t nfresh = 0, capf = 0, ngone = 0, capg = 0, kept = 0, i = 0, j = 0;
	int rc;

	while (i < d->n || j < n) {
		int c = i == d->n ? 1 : j == n ? -1 : cmp_entry(&d->files[i], &ents[j]);

		if (c == 0 && d->files[i].ino == ents[j].ino) {
			d->files[kept++] = d->files[i];
		} else {
			if (c <= 0) {
				ALLOC_GROW(gone, ngone + 1, capg);
				gone[ngone++] = d->files[i];
				mh_hcache_delete(d, d->files[i].num);
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
	follow_renames(mb, d, gone, &ngone, fresh, &nfresh);
	ids = xmalloc((ngone ? ngone : 1) * sizeof(*ids));
	for (i = 0; i < ngone; i++)
		ids[i] = gone[i].id;
	mx_remove(mb, ids, ngone);
	/* sorts d->files again */
	rc = load_entries(mb, d, fresh, nfresh, q, err);
	free(ids);
	free(gone);
	free(fresh);
	return rc;
}

uint32_t mh_merged_flags(uint32_t cur, uint32_t bits)
{
	uint32_t f = (cur & MSG_STORED & ~MH_BITS) | bits;

	if (f & MSG_READ)
		f &= ~MSG_OLD;
	return f;
}

/* Take flag changes others made in the sequences; our own unwritten changes win. */
static void apply_seqs(struct mailbox *mb, struct mh_data *d, const struct mh_seqs *q)
{
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++) {
		struct message *m = &mb->msgs[i];
		struct mh_entry *e;
		uint32_t bits = mh_seq_bits(q, m->loc.num);

		if (m->flags & MSG_CHANGED)
			continue;
		if ((m->flags & MH_BITS) != bits)
			mx_set_stored_flags(mb, m->id, mh_merged_flags(m->flags, bits));
		e = mh_files_find(d, m->loc.num);
		if (e)
			e->seen = bits;
	}
	mailbox_unlock(mb);
}

int mh_refresh(struct mailbox *mb, struct mh_data *d, struct buf *err)
{
	const char *names[NROLES];
	struct mh_stamp sd, ss;
	struct mh_entry *ents = NULL;
	struct buf seq_path = BUF_INIT;
	struct mh_seqs q;
	size_t n = 0;
	bool dir_changed;
	int rc;

	stamp_take(mb->path, &sd);
	buf_printf(&seq_path, "%s/%s", mb->path, MH_SEQ_FILE);
	stamp_take(seq_path.data, &ss);
	buf_release(&seq_path);
	if (!sd.exists) {
		buf_printf(err, _("%s: %s"), mb->path, strerror(ENOENT));
		return ERR_NOTFOUND;
	}
	dir_changed = stamp_changed(&d->dir, &sd);
	if (!dir_changed && !stamp_changed(&d->seq, &ss))
		return 0;
	mh_seq_names(&mb->set, names);
	rc = mh_seqs_read(mb->path, names, &q, NULL, err);
	if (rc)
		return rc;
	if (dir_changed) {
		rc = mh_scan_dir(mb->path, &ents, &n, NULL);
		if (rc)
			buf_printf(err, _("%s: %s"), mb->path, strerror(errno));
		else
			rc = apply_dir(mb, d, ents, n, &q, err);
	}
	if (rc == 0 || rc == ERR_CANCEL)
		apply_seqs(mb, d, &q);
	if (rc == 0) {
		d->dir = sd;
		d->seq = ss;
	}
	free(ents);
	mh_seqs_release(&q);
	return rc;
}
