/*
 * mailbox.c - the model: messages in mailbox order, their flags and counts,
 * changed only through these functions so that counts, ids and the
 * generation stay right whichever thread calls them.
 */
#include <sys/eventfd.h>
#include <sys/stat.h>

#include "mx/mx-private.h"

static const struct mx_ops *const all_ops[] = {
	&mx_maildir_ops,
	&mx_mh_ops,
	&mx_mmdf_ops,
	&mx_mbox_ops,
};

/* Backends above src/mx (mx_register_ops); written once at start-up. */
static const struct mx_ops *remote_ops[4];

void mx_register_ops(const struct mx_ops *ops)
{
	for (size_t i = 0; i < ARRAY_SIZE(remote_ops); i++)
		if (!remote_ops[i] || remote_ops[i] == ops) {
			remote_ops[i] = ops;
			return;
		}
}

/* The registered backend whose probe takes path (a URL), or NULL. */
static const struct mx_ops *remote_for(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(remote_ops) && remote_ops[i]; i++)
		if (remote_ops[i]->probe && remote_ops[i]->probe(path))
			return remote_ops[i];
	return NULL;
}

const struct mx_ops *mx_ops_for(enum mx_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_ops); i++)
		if (all_ops[i]->type == t)
			return all_ops[i];
	for (size_t i = 0; i < ARRAY_SIZE(remote_ops) && remote_ops[i]; i++)
		if (remote_ops[i]->type == t)
			return remote_ops[i];
	return NULL;
}

const char *mx_type_name(enum mx_type t)
{
	static const char *const names[] = { "unknown", "Maildir", "mbox", "MMDF",
					     "MH",      "IMAP",    "POP" };
	return (size_t)t < ARRAY_SIZE(names) ? names[t] : "unknown";
}

enum mx_type mx_probe(const char *path, struct buf *err)
{
	const struct mx_ops *remote = remote_for(path);
	struct stat st;

	if (remote)
		return remote->type;
	if (stat(path, &st) != 0) {
		buf_printf(err, _("%s: %s"), path, strerror(errno));
		return MX_UNKNOWN;
	}
	for (size_t i = 0; i < ARRAY_SIZE(all_ops); i++)
		if (all_ops[i]->probe && all_ops[i]->probe(path))
			return all_ops[i]->type;
	buf_printf(err, _("%s is not a mailbox (not a Maildir, MH folder, mbox or MMDF file)"),
		   path);
	return MX_UNKNOWN;
}

static void settings_from_config(struct mx_settings *s, const struct config *cfg);
static void settings_release(struct mx_settings *s);

bool mx_has_new(const char *path, const struct config *cfg)
{
	struct buf err = BUF_INIT;
	const struct mx_ops *ops = mx_ops_for(mx_probe(path, &err));
	struct mx_settings set = { 0 };
	bool r = false;

	buf_release(&err);
	if (ops && ops->has_new) {
		settings_from_config(&set, cfg);
		r = ops->has_new(path, &set);
		settings_release(&set);
	}
	return r;
}

static enum mx_type magic_type(const char *name)
{
	if (!ascii_strcasecmp(name, "Maildir"))
		return MX_MAILDIR;
	if (!ascii_strcasecmp(name, "MH"))
		return MX_MH;
	if (!ascii_strcasecmp(name, "MMDF"))
		return MX_MMDF;
	return MX_MBOX;
}

static void settings_from_config(struct mx_settings *s, const struct config *cfg)
{
	s->cfg = cfg ? config_snapshot(cfg) : NULL;
	if (!cfg) {
		s->mark_old = true;
		s->save_empty = true;
		s->header_cache = xstrdup("");
		s->mh_seq_unseen = xstrdup("unseen");
		s->mh_seq_replied = xstrdup("replied");
		s->mh_seq_flagged = xstrdup("flagged");
		s->new_type = MX_MBOX;
		s->spoolfile = xstrdup("");
		s->folder = xstrdup("");
		return;
	}
	s->mark_old = cfg_bool(cfg, V_mark_old);
	s->maildir_trash = cfg_bool(cfg, V_maildir_trash);
	s->mh_purge = cfg_bool(cfg, V_mh_purge);
	s->check_mbox_size = cfg_bool(cfg, V_check_mbox_size);
	s->save_empty = cfg_bool(cfg, V_save_empty);
	s->read_only = cfg_bool(cfg, V_read_only);
	s->header_cache = xstrdup(cfg_str(cfg, V_header_cache));
	s->mh_seq_unseen = xstrdup(cfg_str(cfg, V_mh_seq_unseen));
	s->mh_seq_replied = xstrdup(cfg_str(cfg, V_mh_seq_replied));
	s->mh_seq_flagged = xstrdup(cfg_str(cfg, V_mh_seq_flagged));
	s->new_type = magic_type(cfg_str(cfg, V_mbox_type));
	s->spoolfile = xstrdup(cfg_str(cfg, V_spoolfile));
	s->folder = xstrdup(cfg_str(cfg, V_folder));
}

static void settings_release(struct mx_settings *s)
{
	struct config *own = (struct config *)s->cfg; /* the snapshot settings_from_config made */

	config_free(&own);
	free(s->header_cache);
	free(s->mh_seq_unseen);
	free(s->mh_seq_replied);
	free(s->mh_seq_flagged);
	free(s->spoolfile);
	free(s->folder);
	memset(s, 0, sizeof(*s));
}

struct mailbox *mailbox_new(const char *path, const struct config *cfg)
{
	struct mailbox *mb = xcalloc(1, sizeof(*mb));
	pthread_mutexattr_t attr;
	char *real;

	/* Recursive: a pattern match holds the lock and may read a message. */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&mb->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	pthread_mutex_init(&mb->readers_lock, NULL);
	pthread_cond_init(&mb->readers_gone, NULL);
	mb->path = xstrdup(path);
	real = realpath(path, NULL);
	mb->realpath = real ? real : xstrdup(path);
	settings_from_config(&mb->set, cfg);
	atomic_init(&mb->cancel, false);
	mb->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	mb->next_id = 1;
	return mb;
}

void mailbox_free(struct mailbox **mbp)
{
	struct mailbox *mb = *mbp;

	if (!mb)
		return;
	mx_worker_join(mb, true);
	mx_readers_wait(mb);
	if (mb->ops && mb->ops->close)
		mb->ops->close(mb);
	free(mb->msgs);
	arena_release(&mb->mem);
	settings_release(&mb->set);
	free(mb->path);
	free(mb->realpath);
	pthread_mutex_destroy(&mb->lock);
	if (mb->cancel_fd >= 0)
		close(mb->cancel_fd);
	pthread_mutex_destroy(&mb->readers_lock);
	pthread_cond_destroy(&mb->readers_gone);
	free(mb);
	*mbp = NULL;
}

void mailbox_clear(struct mailbox *mb)
{
	mx_worker_join(mb, false);
	mx_readers_wait(mb);
	mailbox_lock(mb);
	if (mb->ops && mb->ops->close)
		mb->ops->close(mb);
	mb->bdata = NULL;
	free(mb->msgs);
	mb->msgs = NULL;
	mb->n = mb->cap = 0;
	arena_release(&mb->mem);
	mb->n_unread = mb->n_new = mb->n_flagged = mb->n_deleted = mb->n_tagged = 0;
	mb->changed_flags = false;
	mb->generation++;
	mailbox_unlock(mb);
}

/* How many model locks this thread holds (mx_lock_held). */
static _Thread_local int locks_held;

void mailbox_lock(struct mailbox *mb)
{
	pthread_mutex_lock(&mb->lock);
	locks_held++;
}

void mailbox_unlock(struct mailbox *mb)
{
	locks_held--;
	pthread_mutex_unlock(&mb->lock);
}

bool mx_lock_held(void)
{
	return locks_held > 0;
}

void *mx_alloc(struct mailbox *mb, size_t n)
{
	return arena_alloc(&mb->mem, n);
}

/* Counts a message contributes: +1 or -1 times each. */
static void count(struct mailbox *mb, uint32_t flags, int sign)
{
	if (!(flags & MSG_READ)) {
		mb->n_unread += (size_t)sign;
		if (!(flags & MSG_OLD))
			mb->n_new += (size_t)sign;
	}
	if (flags & MSG_FLAGGED)
		mb->n_flagged += (size_t)sign;
	if (flags & MSG_DELETED)
		mb->n_deleted += (size_t)sign;
	if (flags & MSG_TAGGED)
		mb->n_tagged += (size_t)sign;
}

void mx_add(struct mailbox *mb, struct message *msgs, size_t n, struct arena *mem)
{
	if (!n && !mem)
		return;
	mailbox_lock(mb);
	if (mem)
		arena_steal(&mb->mem, mem);
	ALLOC_GROW(mb->msgs, mb->n + n, mb->cap);
	for (size_t i = 0; i < n; i++) {
		struct message *m = &mb->msgs[mb->n];
		*m = msgs[i];
		m->id = mb->next_id++;
		m->index = (uint32_t)mb->n;
		m->flags &= ~(MSG_TAGGED | MSG_COLLAPSED);
		count(mb, m->flags, 1);
		if (m->flags & MSG_CHANGED)
			mb->changed_flags = true;
		mb->n++;
	}
	mb->generation++;
	mailbox_unlock(mb);
	if (n)
		mx_post(mb, &(struct mx_event){ .type = MXE_ADDED, .done = n });
}

uint32_t mx_reserve_ids(struct mailbox *mb, uint32_t n)
{
	uint32_t first;

	mailbox_lock(mb);
	first = mb->next_id;
	mb->next_id += n;
	mailbox_unlock(mb);
	return first;
}

static int cmp_msg_id(const void *a, const void *b)
{
	uint32_t x = ((const struct message *)a)->id, y = ((const struct message *)b)->id;
	return x < y ? -1 : x > y;
}

/*
 * Keep the messages whose ids are reserved, new and unique: a batch from a
 * server that repeats itself must not put two messages under one id (ids
 * are binary-searched). Returns how many are kept, in id order.
 */
static size_t fresh_ids(struct mailbox *mb, struct message *msgs, size_t n)
{
	size_t w = 0;

	qsort(msgs, n, sizeof(*msgs), cmp_msg_id);
	for (size_t r = 0; r < n; r++) {
		uint32_t id = msgs[r].id;
		if (id >= mb->next_id || (w && msgs[w - 1].id == id) || mx_find(mb, id))
			continue;
		msgs[w++] = msgs[r];
	}
	return w;
}

void mx_add_ids(struct mailbox *mb, struct message *msgs, size_t n, struct arena *mem)
{
	size_t i, j, k, low;

	mailbox_lock(mb);
	if (mem)
		arena_steal(&mb->mem, mem);
	n = fresh_ids(mb, msgs, n);
	ALLOC_GROW(mb->msgs, mb->n + n, mb->cap);
	/* merge from the back: each message of the model moves at most once */
	i = mb->n;
	j = n;
	k = mb->n + n;
	low = k;
	while (j > 0) {
		if (i > 0 && mb->msgs[i - 1].id > msgs[j - 1].id) {
			mb->msgs[--k] = mb->msgs[--i];
			continue;
		}
		struct message *m = &mb->msgs[--k];
		*m = msgs[--j];
		m->flags &= ~(MSG_TAGGED | MSG_COLLAPSED);
		count(mb, m->flags, 1);
		if (m->flags & MSG_CHANGED)
			mb->changed_flags = true;
		low = k;
	}
	mb->n += n;
	for (k = low; k < mb->n; k++)
		mb->msgs[k].index = (uint32_t)k;
	mb->generation++;
	mailbox_unlock(mb);
	if (n)
		mx_post(mb, &(struct mx_event){ .type = MXE_ADDED, .done = n });
}

struct message *mx_find(struct mailbox *mb, uint32_t id)
{
	/* Ids grow in mailbox order and removal keeps the order: binary search. */
	size_t lo = 0, hi = mb->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mb->msgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mb->n && mb->msgs[lo].id == id ? &mb->msgs[lo] : NULL;
}

void mx_set_loc(struct mailbox *mb, uint32_t id, const union msg_loc *loc, uint64_t size)
{
	mailbox_lock(mb);
	struct message *m = mx_find(mb, id);
	if (m) {
		m->loc = *loc;
		m->size = size;
	}
	mailbox_unlock(mb);
}

void mx_set_stored_flags(struct mailbox *mb, uint32_t id, uint32_t flags)
{
	mailbox_lock(mb);
	struct message *m = mx_find(mb, id);
	if (m && (m->flags & MSG_STORED) != (flags & MSG_STORED)) {
		count(mb, m->flags, -1);
		m->flags = (m->flags & ~MSG_STORED) | (flags & MSG_STORED);
		count(mb, m->flags, 1);
		mb->generation++;
	}
	mailbox_unlock(mb);
	mx_post(mb, &(struct mx_event){ .type = MXE_FLAGS });
}

void mx_change_flags(struct mailbox *mb, size_t i, uint32_t set, uint32_t clear)
{
	struct message *m;
	uint32_t old;

	if (i >= mb->n)
		return;
	m = &mb->msgs[i];
	old = m->flags;
	count(mb, old, -1);
	m->flags = (old | set) & ~clear;
	/* Reading a message makes it no longer new, and not old either. */
	if ((set & MSG_READ) && !(old & MSG_READ))
		m->flags &= ~MSG_OLD;
	if ((m->flags ^ old) & MSG_STORED) {
		m->flags |= MSG_CHANGED;
		mb->changed_flags = true;
	}
	count(mb, m->flags, 1);
	mb->generation++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

void mx_remove(struct mailbox *mb, const uint32_t *ids, size_t n)
{
	uint32_t *sorted;
	size_t w = 0, k = 0;

	if (!n)
		return;
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u32);
	mailbox_lock(mb);
	/* One pass: both lists are in id order. */
	for (size_t r = 0; r < mb->n; r++) {
		struct message *m = &mb->msgs[r];
		while (k < n && sorted[k] < m->id)
			k++;
		if (k < n && sorted[k] == m->id) {
			count(mb, m->flags, -1);
			continue;
		}
		mb->msgs[w] = *m;
		mb->msgs[w].index = (uint32_t)w;
		w++;
	}
	n = mb->n - w;
	mb->n = w;
	mb->generation++;
	mailbox_unlock(mb);
	free(sorted);
	if (n)
		mx_post(mb, &(struct mx_event){ .type = MXE_EXPUNGED, .done = n });
}

bool mx_cancelled(const struct mailbox *mb)
{
	return atomic_load(&((struct mailbox *)mb)->cancel);
}

int mx_read_display(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	if (mb->ops && mb->ops->read_display)
		return mb->ops->read_display(mb, id, raw, err);
	return mx_read(mb, id, raw, err);
}

int mx_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	if (!mb->ops || !mb->ops->read) {
		buf_addstr(err, _("this mailbox cannot read messages"));
		return ERR_UNSUPPORTED;
	}
	return mb->ops->read(mb, id, raw, err);
}

int mx_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct header_list h = { 0 };
	int rc;

	if (mb->ops && mb->ops->read_headers)
		return mb->ops->read_headers(mb, id, raw, err);
	rc = mx_read(mb, id, raw, err);
	if (rc == 0) {
		headers_parse(raw->data, raw->len, &h);
		buf_setlen(raw, h.body_offset);
		header_list_release(&h);
	}
	return rc;
}

int mx_append_to(const char *path, const struct config *cfg, const char *raw, size_t len,
		 uint32_t flags, int64_t received, struct buf *err)
{
	struct mailbox *mb = mailbox_new(path, cfg);
	const struct mx_ops *remote = remote_for(path);
	struct stat st;
	int rc;

	if (remote) { /* a URL: no file to look at or create */
		mb->type = remote->type;
		mb->ops = remote;
	} else if (stat(path, &st) != 0 && errno == ENOENT) {
		mb->type = mb->set.new_type;
		mb->ops = mx_ops_for(mb->type);
		rc = mb->ops->create ? mb->ops->create(path, err) : ERR_UNSUPPORTED;
		if (rc)
			goto out;
	} else {
		mb->type = mx_probe(path, err);
		mb->ops = mx_ops_for(mb->type);
	}
	if (!mb->ops || !mb->ops->append) {
		if (!err->len)
			buf_printf(err, _("%s: cannot append to this mailbox"), path);
		rc = ERR_UNSUPPORTED;
		goto out;
	}
	rc = mb->ops->append(mb, raw, len, flags, received, err);
out:
	mailbox_free(&mb);
	return rc;
}

int mx_copy_message(struct mailbox *mb, const struct config *cfg, size_t i, const char *dest,
		    struct buf *err)
{
	struct buf raw = BUF_INIT;
	uint32_t id, flags;
	int64_t received;
	int rc;

	mailbox_lock(mb);
	if (i >= mb->n) {
		mailbox_unlock(mb);
		return ERR_NOTFOUND;
	}
	id = mb->msgs[i].id;
	flags = mb->msgs[i].flags & MSG_STORED & ~MSG_DELETED;
	received = mb->msgs[i].received;
	mailbox_unlock(mb);
	rc = mx_read(mb, id, &raw, err);
	if (rc == 0)
		rc = mx_append_to(dest, cfg, raw.data, raw.len, flags, received, err);
	if (rc != 0 && !err->len)
		buf_addstr(err, err_str(rc));
	buf_release(&raw);
	return rc;
}

bool mx_same_folder(const struct mailbox *mb, const char *path)
{
	char *real = path ? realpath(path, NULL) : NULL;
	bool same = real && mb->realpath && strcmp(real, mb->realpath) == 0;

	free(real);
	return same;
}
