/*
 * mx_imap_search.c - the mx search op: a body or header term of a pattern
 * matched by the server (UID SEARCH, RFC 9051 6.4.4) instead of by
 * downloading every message.
 *
 *   UID SEARCH [RETURN (ALL)] [CHARSET UTF-8] BODY|TEXT|HEADER field <string>
 *
 * RETURN (ALL) when the server has ESEARCH (RFC 4731): the answer is a UID
 * set ("1:400,502"), not a number per message. CHARSET UTF-8 only for text
 * beyond ASCII, and never after ENABLE UTF8=ACCEPT (RFC 6855 forbids it
 * then). The string goes as an atom, a quoted string or a literal as
 * imap_cmd_add_astring decides (a synchronizing literal waits for "+").
 *
 * pattern_match calls this with the model's lock held: the session's lock
 * is then only tried (ERR_AGAIN while a load or a read has it), and a lost
 * link is not taken up again here, since a reconnect changes the model the
 * caller is walking. The UIDs are mapped to message ids under the model's
 * lock; UIDs the model does not know (delivered since) are left out.
 */
#include "imap/mx_imap_int.h"

/* More ranges than this in one answer is a hostile server, not a folder. */
#define SEARCH_MAX_RANGES (1u << 22)

/* What the untagged handler collects while the SEARCH runs. */
struct search_ctx {
	struct imap_mb *d;
	struct imap_range *v; /* matching UIDs */
	size_t n, cap;
	bool too_many;
};

static void add_range(struct search_ctx *c, uint32_t lo, uint32_t hi)
{
	if (c->n >= SEARCH_MAX_RANGES) {
		c->too_many = true;
		return;
	}
	ALLOC_GROW(c->v, c->n + 1, c->cap);
	c->v[c->n].lo = MIN(lo, hi);
	c->v[c->n].hi = MAX(lo, hi);
	c->n++;
}

/* SEARCH and ESEARCH go to us, the rest (EXISTS, FETCH, EXPUNGE...) to the backend as usual. */
static void search_untagged(void *ctx, const struct imap_resp *r)
{
	struct search_ctx *c = ctx;

	if (r->data == IMAP_DATA_SEARCH) {
		for (size_t i = 0; i < r->search.n; i++)
			add_range(c, r->search.v[i], r->search.v[i]);
	} else if (r->data == IMAP_DATA_ESEARCH) {
		/* no ALL: nothing matched */
		if (r->esearch.uid && (r->esearch.have & IMAP_ESEARCH_ALL))
			for (size_t i = 0; i < r->esearch.all.n; i++)
				add_range(c, r->esearch.all.v[i].lo, r->esearch.all.v[i].hi);
	} else {
		imap_mb_untagged(c->d, r);
	}
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* The command for q; ERR_UNSUPPORTED for text no IMAP string can carry. */
static int build(const struct imap_session *s, const struct mx_search *q, struct imap_cmd *cmd)
{
	unsigned flags = imap_str_flags(s);
	const char *key = q->field == MXS_BODY    ? " BODY "
			  : q->field == MXS_WHOLE ? " TEXT "
						  : " HEADER ";

	if (!utf8_valid(q->text, strlen(q->text)) || (q->field == MXS_HEADER && !q->header))
		return ERR_UNSUPPORTED;
	imap_cmd_add(cmd, "UID SEARCH");
	if (imap_has(s, IMAP_CAP_ESEARCH))
		imap_cmd_add(cmd, " RETURN (ALL)");
	if (!(flags & IMAP_STR_UTF8) && !is_ascii(q->text))
		imap_cmd_add(cmd, " CHARSET UTF-8");
	imap_cmd_add(cmd, key);
	if (q->field == MXS_HEADER) {
		if (imap_cmd_add_astring(cmd, q->header, strlen(q->header), flags) != 0)
			return ERR_UNSUPPORTED;
		imap_cmd_add(cmd, " ");
	}
	if (imap_cmd_add_astring(cmd, q->text, strlen(q->text), flags) != 0)
		return ERR_UNSUPPORTED;
	imap_cmd_finish(cmd);
	return 0;
}

/* Build and run the search with our handler for its answer; d->lock is held. */
static int run(struct imap_mb *d, const struct mx_search *q, struct search_ctx *c, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	if (!d->s)
		return ERR_CLOSED;
	imap_cmd_init(&cmd);
	c->n = 0;
	if ((rc = build(d->s, q, &cmd)) == 0) {
		imap_set_untagged(d->s, search_untagged, c);
		rc = imap_run(d->s, &cmd, NULL, err);
		imap_set_untagged(d->s, imap_mb_untagged, d);
	}
	imap_cmd_release(&cmd);
	if (rc == 0 && c->too_many) {
		buf_addstr(err, _("the server's search answer is too long"));
		rc = ERR_LIMIT;
	}
	return rc;
}

static int range_cmp(const void *a, const void *b)
{
	const struct imap_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort the ranges and merge those that overlap or touch: disjoint, ascending. */
static void normalise(struct search_ctx *c)
{
	size_t w = 0;

	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), range_cmp);
	for (size_t i = 0; i < c->n; i++) {
		if (w && (uint64_t)c->v[i].lo <= (uint64_t)c->v[w - 1].hi + 1)
			c->v[w - 1].hi = MAX(c->v[w - 1].hi, c->v[i].hi);
		else
			c->v[w++] = c->v[i];
	}
	c->n = w;
}

static bool contains(const struct search_ctx *c, uint32_t uid)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (uid < c->v[mid].lo)
			hi = mid;
		else if (uid > c->v[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* The ids of the model's messages whose UIDs the server matched. */
static void map_ids(struct mailbox *mb, const struct search_ctx *c, uint32_t **ids, size_t *n)
{
	size_t k = 0;

	mailbox_lock(mb);
	*ids = xmalloc((mb->n ? mb->n : 1) * sizeof(**ids));
	for (size_t i = 0; i < mb->n; i++)
		if (mb->msgs[i].loc.uid && contains(c, mb->msgs[i].loc.uid))
			(*ids)[k++] = mb->msgs[i].id;
	mailbox_unlock(mb);
	*n = k;
}

/* Take the session's lock: only try it under the model's lock (see the top). */
static int lock_session(struct imap_mb *d, struct buf *err)
{
	if (mx_lock_held()) {
		if (pthread_mutex_trylock(&d->lock) != 0) {
			buf_addstr(err, _("the folder is busy: try again when it has loaded"));
			return ERR_AGAIN;
		}
		return 0;
	}
	atomic_fetch_add(&d->readers, 1); /* a load in progress pauses for us */
	pthread_mutex_lock(&d->lock);
	atomic_fetch_sub(&d->readers, 1);
	return 0;
}

int imap_search(struct mailbox *mb, const struct mx_search *q, uint32_t **ids, size_t *n,
		struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	struct search_ctx c = { d, NULL, 0, 0, false };
	int rc;

	*ids = NULL;
	*n = 0;
	if (!d) {
		buf_addstr(err, _("the IMAP connection is closed"));
		return ERR_CLOSED;
	}
	if ((rc = lock_session(d, err)) != 0)
		return rc;
	rc = run(d, q, &c, err);
	if (imap_link_lost(rc) && !mx_lock_held() && imap_reconnect(d, err) == 0) {
		buf_reset(err);
		rc = run(d, q, &c, err);
	}
	pthread_mutex_unlock(&d->lock);
	if (rc == 0) {
		normalise(&c);
		map_ids(mb, &c, ids, n);
	} else if (rc == ERR_CLOSED && !err->len) {
		buf_addstr(err, _("the IMAP connection is closed"));
	}
	free(c.v);
	return rc;
}
