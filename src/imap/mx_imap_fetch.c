/*
 * mx_imap_fetch.c - the IMAP backend's untagged data and header fetching:
 * FETCH responses become messages (flags, size, delivery time, and the
 * envelope parsed from the header fields the index needs, by the same code
 * as local folders), pipelined in batches of sequence ranges so that the
 * round trips overlap, each batch added to the model as it completes. A
 * cold load asks for the newest batch first: the first screen is there
 * after one round trip, whatever the folder's size. Each message goes in
 * under an id reserved for its sequence number (mx_add_ids), so the
 * model's order is the server's while batches arrive top-down.
 */
#include "email/email.h"
#include "imap/mx_imap_int.h"

/* Messages per FETCH command, and commands in flight at once ($imap_pipeline_depth). */
#define FETCH_BATCH   500
#define DEFAULT_DEPTH 15

/* The header fields the index, threads, patterns and replies use. */
#define HEADER_FIELDS                                                                    \
	"DATE FROM SENDER REPLY-TO TO CC BCC SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES " \
	"CONTENT-TYPE CONTENT-TRANSFER-ENCODING MIME-VERSION X-LABEL LIST-POST LIST-ID " \
	"MAIL-FOLLOWUP-TO ORGANIZATION STATUS X-STATUS"

uint32_t imap_msg_flags(const struct imap_flags *f)
{
	uint32_t m = 0;

	if (f->sys & IMAP_FLAG_SEEN)
		m |= MSG_READ;
	else if (!(f->sys & IMAP_FLAG_RECENT))
		m |= MSG_OLD; /* unread and not new: mutt's "old" */
	if (f->sys & IMAP_FLAG_ANSWERED)
		m |= MSG_REPLIED;
	if (f->sys & IMAP_FLAG_FLAGGED)
		m |= MSG_FLAGGED;
	if (f->sys & IMAP_FLAG_DELETED)
		m |= MSG_DELETED;
	if (f->sys & IMAP_FLAG_DRAFT)
		m |= MSG_DRAFT;
	for (size_t i = 0; i < f->kw.n; i++)
		if (ascii_strcasecmp(f->kw.v[i], "$Forwarded") == 0)
			m |= MSG_PASSED;
	return m;
}

/* The bytes of the first section whose spec starts with prefix, or NULL. */
static const struct imap_str *section(const struct imap_fetch *f, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < f->nsections; i++)
		if (ascii_strncasecmp(f->sections[i].spec, prefix, n) == 0 && f->sections[i].data.s)
			return &f->sections[i].data;
	return NULL;
}

/* The cache key of a UID: its decimal digits. */
static size_t uid_key(uint32_t uid, char *key)
{
	return (size_t)snprintf(key, 12, "%u", uid);
}

/* A message from a FETCH with headers, its envelope in mem; false when the FETCH has none. */
static bool message_of(struct imap_mb *d, const struct imap_fetch *f, struct arena *mem,
		       struct message *m)
{
	const struct imap_str *h = section(f, "HEADER");
	struct header_list hl = { 0 };
	struct envelope env;

	if (!(f->have & IMAP_FETCH_UID) || !h)
		return false; /* not the answer to our FETCH: ignore */
	memset(m, 0, sizeof(*m));
	headers_parse(h->s, h->len, &hl);
	envelope_init(&env);
	envelope_from_headers(&env, &hl);
	m->env = menv_pack(&env, arena_alloc(mem, menv_packed_size(&env)));
	envelope_release(&env);
	header_list_release(&hl);
	m->loc.uid = f->uid;
	m->size = f->size;
	m->received = f->internaldate;
	m->flags = imap_msg_flags(&f->flags);
	if (d->hc) {
		char key[12];
		struct hcache_meta meta = { m->size, m->received, 0 };
		hcache_store_meta(d->hc, key, uid_key(f->uid, key), d->uidvalidity, m->env, &meta);
	}
	return true;
}

/* The id reserved for a fetched message, or false when it was not asked for. */
static bool fetched_id(const struct imap_mb *d, const struct imap_fetch *f, uint32_t *id)
{
	if (d->uid_ids) {
		const struct imap_uid_flags *p =
			(f->have & IMAP_FETCH_UID) ? imap_uid_find(d->uid_ids, d->nuid_ids, f->uid)
						   : NULL;
		if (p)
			*id = p->flags;
		return p != NULL;
	}
	if (f->seq < d->ids_lo || f->seq - d->ids_lo >= d->ids_n)
		return false; /* a server's FETCH nobody asked for */
	*id = d->ids_base + (f->seq - d->ids_lo);
	return true;
}

/* A FETCH with headers, streamed: one more message for the batch, under its reserved id. */
static void add_fetched(struct imap_mb *d, struct imap_batch *b, const struct imap_fetch *f)
{
	uint32_t id;

	if (!fetched_id(d, f, &id))
		return;
	ALLOC_GROW(b->msgs, b->n + 1, b->cap);
	if (message_of(d, f, &b->mem, &b->msgs[b->n]))
		b->msgs[b->n++].id = id;
}

/* The slot of sequence number seq in a warm open, or NULL. */
static struct message *slot(struct imap_mb *d, uint32_t seq)
{
	return seq >= d->slot_lo && seq - d->slot_lo < d->nslots ? &d->slots[seq - d->slot_lo]
								 : NULL;
}

void imap_slot_from_cache(struct imap_mb *d, struct message *m, uint32_t uid, uint32_t flags)
{
	struct hcache_meta meta;
	char key[12];

	memset(m, 0, sizeof(*m));
	m->loc.uid = uid;
	m->flags = flags;
	m->env = hcache_fetch_meta(d->hc, key, uid_key(uid, key), d->uidvalidity, &d->slot_mem,
				   &meta);
	if (m->env) {
		m->size = meta.size;
		m->received = meta.received;
		d->hits++;
	}
}

/* A warm open's FETCH (UID FLAGS): the cache's envelope when it has one. */
static void cached(struct imap_mb *d, const struct imap_fetch *f)
{
	struct message *m = slot(d, f->seq);

	if (m && (f->have & IMAP_FETCH_UID))
		imap_slot_from_cache(d, m, f->uid, imap_msg_flags(&f->flags));
}

/* The model's message with sequence number seq (around a hole), or NULL. Caller holds the lock. */
static struct message *by_seq(struct imap_mb *d, uint32_t seq)
{
	struct mailbox *mb = d->mb;

	if (d->hole_n && seq >= d->hole_lo) {
		if (seq - d->hole_lo < d->hole_n)
			return NULL;
		seq -= d->hole_n;
	}
	return seq && seq <= mb->n ? &mb->msgs[seq - 1] : NULL;
}

/*
 * EXPUNGE n: the model's messages are in the server's order, so the n-th
 * goes; later sequence numbers shift down with it, on both sides.
 */
static void expunged(struct imap_mb *d, uint32_t seq)
{
	struct mailbox *mb = d->mb;
	const struct message *m;
	uint32_t id;

	if (!seq || seq > d->exists)
		return; /* out of range: a broken server; the next open sees the truth */
	mailbox_lock(mb);
	m = by_seq(d, seq);
	id = m ? m->id : 0;
	mailbox_unlock(mb);
	d->exists--;
	if (d->hole_n && seq >= d->hole_lo && seq - d->hole_lo < d->hole_n)
		d->hole_n--; /* one the model never had */
	else if (d->hole_n && seq < d->hole_lo)
		d->hole_lo--; /* the hole moves down with what is after it */
	if (id)
		mx_remove(mb, &id, 1);
}

/* VANISHED without EARLIER (QRESYNC's EXPUNGE): the messages with those UIDs go. */
static void vanished_now(struct imap_mb *d, const struct imap_set *set)
{
	struct mailbox *mb = d->mb;
	uint32_t *ids;
	size_t n = 0;

	mailbox_lock(mb);
	ids = xmalloc((mb->n ? mb->n : 1) * sizeof(*ids));
	for (size_t i = 0; i < mb->n; i++)
		for (size_t k = 0; k < set->n; k++)
			if (mb->msgs[i].loc.uid >= set->v[k].lo &&
			    mb->msgs[i].loc.uid <= set->v[k].hi) {
				ids[n++] = mb->msgs[i].id;
				break;
			}
	mailbox_unlock(mb);
	d->exists = d->exists >= n ? d->exists - (uint32_t)n : 0;
	mx_remove(mb, ids, n);
	free(ids);
}

/* The model's message with this UID (the model is in UID order), or NULL. Caller holds the lock. */
static struct message *by_uid(struct mailbox *mb, uint32_t uid)
{
	size_t lo = 0, hi = mb->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mb->msgs[mid].loc.uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mb->n && mb->msgs[lo].loc.uid == uid ? &mb->msgs[lo] : NULL;
}

/*
 * A FETCH of flags nobody asked for: another client changed them (RFC 3501
 * lets the server say so in any response). The user's own change not yet
 * written wins; it goes out at the next sync.
 */
static void flags_changed(struct imap_mb *d, const struct imap_fetch *f)
{
	struct mailbox *mb = d->mb;
	struct message *m;

	if (!(f->have & IMAP_FETCH_FLAGS))
		return;
	mailbox_lock(mb);
	m = (f->have & IMAP_FETCH_UID) ? by_uid(mb, f->uid) : by_seq(d, f->seq);
	if (m && !(m->flags & MSG_CHANGED)) {
		/* \Recent is the session's that saw the message first: keep new or old */
		uint32_t now = (imap_msg_flags(&f->flags) & ~MSG_OLD) | (m->flags & MSG_OLD);
		if ((now & MSG_STORED) != (m->flags & MSG_STORED))
			mx_set_stored_flags(mb, m->id, now);
	}
	mailbox_unlock(mb);
}

void imap_mb_untagged(void *ctx, const struct imap_resp *r)
{
	struct imap_mb *d = ctx;

	if (r->data == IMAP_DATA_EXISTS) {
		d->exists = r->num;
	} else if (r->data == IMAP_DATA_EXPUNGE) {
		expunged(d, r->num);
	} else if (r->data == IMAP_DATA_VANISHED) {
		if (d->qresync_select && r->vanished.earlier)
			imap_qresync_vanished(d, &r->vanished.uids);
		else
			vanished_now(d, &r->vanished.uids);
	} else if (r->data == IMAP_DATA_FETCH) {
		const struct imap_fetch *f = &r->fetch;
		const struct imap_str *body = d->body ? section(f, "") : NULL;
		struct message *m;
		/* a read job's body first: it may come in the middle of a load */
		if (body && (f->have & IMAP_FETCH_UID) && f->uid == d->want_uid) {
			buf_add(d->body, body->s, body->len);
			d->got_body = true;
		} else if (d->qresync_select) {
			imap_qresync_fetch(d, f);
		} else if (d->flags_pass) {
			cached(d, f);
		} else if (d->slots && (m = slot(d, f->seq)) != NULL) {
			message_of(d, f, &d->slot_mem, m);
		} else if (d->batch) {
			add_fetched(d, d->batch, f);
		} else {
			flags_changed(d, f);
		}
	} else if (r->status == IMAP_ST_OK) {
		const struct imap_code_data *c = &r->code;
		if (c->code == IMAP_CODE_UIDVALIDITY)
			d->uidvalidity = c->num;
		else if (c->code == IMAP_CODE_UIDNEXT)
			d->uidnext = c->num;
		else if (c->code == IMAP_CODE_HIGHESTMODSEQ)
			d->highestmodseq = c->modseq;
		else if (c->code == IMAP_CODE_NOMODSEQ)
			d->highestmodseq = 0;
		else if (c->code == IMAP_CODE_READ_ONLY)
			d->read_only = true;
	}
}

#define FETCH_ITEMS \
	"(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" HEADER_FIELDS ")])"

/* Send FETCH lo:hi for headers; *tag gets its tag. */
static int send_fetch(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *tag, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_addf(&cmd, "FETCH %u:%u " FETCH_ITEMS, lo, hi);
	imap_cmd_finish(&cmd);
	session_tag(d->s, tag);
	rc = session_send(d->s, tag->data, &cmd, err);
	imap_cmd_release(&cmd);
	return rc;
}

/* Ranges of sequence numbers to fetch headers for, and what to do with each batch. */
struct plan {
	struct imap_range *v;
	size_t n;
	bool stream; /* add each batch to the model as it completes */
};

/*
 * Split lo..hi into FETCH_BATCH-sized ranges, the newest first: the first
 * screen of a big folder (sorted by date, the cursor at the end) is what
 * the first answers fill.
 */
static void plan_add_newest_first(struct plan *p, size_t *cap, uint32_t lo, uint32_t hi)
{
	while (lo <= hi) {
		uint32_t start = hi - lo >= FETCH_BATCH - 1 ? hi - (FETCH_BATCH - 1) : lo;
		ALLOC_GROW(p->v, p->n + 1, *cap);
		p->v[p->n++] = (struct imap_range){ start, hi };
		if (start == lo)
			break;
		hi = start - 1;
	}
}

/* Split lo..hi into FETCH_BATCH-sized ranges (appended to p). */
static void plan_add(struct plan *p, size_t *cap, uint32_t lo, uint32_t hi)
{
	while (lo <= hi) {
		uint32_t end = (uint32_t)MIN((uint64_t)hi, (uint64_t)lo + FETCH_BATCH - 1);
		ALLOC_GROW(p->v, p->n + 1, *cap);
		p->v[p->n++] = (struct imap_range){ lo, end };
		if (end == UINT32_MAX)
			break;
		lo = end + 1;
	}
}

/*
 * A read job is waiting (the user opened a message during a long load):
 * with no command in flight, let it have the session, then go on.
 */
static void let_readers_in(struct imap_mb *d)
{
	if (!atomic_load(&d->readers))
		return;
	pthread_mutex_unlock(&d->lock);
	while (atomic_load(&d->readers))
		usleep(1000);
	pthread_mutex_lock(&d->lock);
}

/* A streamed batch came: the hole (the top of which it was) shrinks. */
static void hole_filled(struct imap_mb *d, const struct imap_range *r)
{
	uint32_t n = r->hi - r->lo + 1;

	if (d->hole_n && r->hi == d->hole_lo + d->hole_n - 1)
		d->hole_n = n < d->hole_n ? d->hole_n - n : 0;
}

/* FETCH the headers of the plan's ranges, depth commands in flight at once. */
static int run_plan(struct imap_mb *d, const struct plan *p, size_t total, struct buf *err)
{
	long depth =
		d->mb->set.cfg ? cfg_num(d->mb->set.cfg, V_imap_pipeline_depth) : DEFAULT_DEPTH;
	struct buf *tags;
	size_t sent = 0, waited = 0, done = 0;
	int rc = 0;

	depth = MAX(depth, 1);
	tags = xcalloc((size_t)depth, sizeof(*tags));
	/* said before the first answer: a server that stalls shows what tern waits for */
	mx_progress(d->mb, _("Fetching message headers..."), 0, total);
	while (rc == 0 && waited < p->n) {
		if (sent == waited)
			let_readers_in(d);
		/* a waiting reader stops new commands, so the pipeline drains for it */
		while (rc == 0 && sent < p->n && sent - waited < (size_t)depth &&
		       !atomic_load(&d->readers)) {
			rc = send_fetch(d, p->v[sent].lo, p->v[sent].hi,
					&tags[sent % (size_t)depth], err);
			sent++;
		}
		if (rc != 0)
			break;
		if (sent == waited)
			continue; /* a reader came between: let it in first */
		struct imap_batch b = { 0 };
		d->batch = p->stream ? &b : NULL;
		rc = session_wait(d->s, tags[waited % (size_t)depth].data, NULL, err);
		d->batch = NULL;
		done += p->v[waited].hi - p->v[waited].lo + 1;
		waited++;
		if (rc == 0 && p->stream)
			hole_filled(d, &p->v[waited - 1]);
		if (rc == 0 && b.n)
			mx_add_ids(d->mb, b.msgs, b.n, &b.mem);
		if (rc == 0)
			mx_progress(d->mb, _("Fetching message headers..."), MIN(done, total),
				    total);
		free(b.msgs);
		arena_release(&b.mem);
		if (rc == 0 && mx_cancelled(d->mb)) {
			buf_addstr(err, _("stopped"));
			rc = ERR_CANCEL; /* the commands in flight die with the session */
		}
	}
	for (long i = 0; i < depth; i++)
		buf_release(&tags[i]);
	free(tags);
	return rc;
}

/* The warm pass: UIDs and flags of lo..hi, envelopes from the cache. */
static int flags_pass(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *err)
{
	char cmd[64];
	int rc;

	snprintf(cmd, sizeof(cmd), "FETCH %u:%u (UID FLAGS)", lo, hi);
	mx_progress(d->mb, _("Reading the header cache..."), 0, 0);
	d->flags_pass = true;
	rc = imap_run_text(d->s, cmd, NULL, err);
	d->flags_pass = false;
	return rc;
}

/* A message the server sent no headers for keeps its place, with an empty envelope. */
static void fill_gaps(struct imap_mb *d)
{
	struct envelope env;

	envelope_init(&env);
	for (uint32_t i = 0; i < d->nslots; i++)
		if (!d->slots[i].env)
			d->slots[i].env =
				menv_pack(&env, arena_alloc(&d->slot_mem, menv_packed_size(&env)));
	envelope_release(&env);
}

int imap_load_slots(struct imap_mb *d, struct buf *err)
{
	uint32_t lo = d->slot_lo;
	struct plan p = { 0 };
	size_t cap = 0, missing = 0;
	int rc;

	for (uint32_t i = 0; i < d->nslots; i++) {
		uint32_t start = i;
		if (d->slots[i].env)
			continue;
		while (i + 1 < d->nslots && !d->slots[i + 1].env)
			i++;
		plan_add(&p, &cap, lo + start, lo + i);
		missing += i - start + 1;
	}
	rc = p.n ? run_plan(d, &p, missing, err) : 0;
	free(p.v);
	if (rc == 0) {
		fill_gaps(d);
		mx_add(d->mb, d->slots, d->nslots, &d->slot_mem);
	}
	free(d->slots);
	d->slots = NULL;
	d->nslots = 0;
	arena_release(&d->slot_mem);
	return rc;
}

int imap_load(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *err)
{
	struct plan p = { .stream = true };
	size_t cap = 0;
	int rc = 0;

	if (hi < lo)
		return 0;
	if (d->hc) {
		d->slot_lo = lo;
		d->nslots = hi - lo + 1;
		d->slots = xcalloc(d->nslots, sizeof(*d->slots));
		d->hits = 0;
		rc = flags_pass(d, lo, hi, err);
		if (rc == 0 && d->hits) {
			rc = imap_load_slots(d, err);
		} else {
			free(d->slots);
			d->slots = NULL;
			d->nslots = 0;
			arena_release(&d->slot_mem);
		}
		if (rc != 0 || d->hits) {
			hcache_commit(d->hc);
			return rc;
		}
	}
	plan_add_newest_first(&p, &cap, lo, hi);
	d->ids_lo = lo;
	d->ids_n = hi - lo + 1;
	d->ids_base = mx_reserve_ids(d->mb, d->ids_n);
	d->hole_lo = lo;
	d->hole_n = d->ids_n;
	rc = run_plan(d, &p, hi - lo + 1, err);
	d->ids_n = 0;
	free(p.v);
	if (d->hc)
		hcache_commit(d->hc);
	return rc;
}

int imap_fetch_uids(struct imap_mb *d, const uint32_t *uids, size_t n, struct buf *err)
{
	struct buf set = BUF_INIT;
	size_t done = 0;
	int rc = 0;

	while (rc == 0 && done < n) {
		struct imap_batch b = { 0 };
		struct imap_cmd cmd;
		size_t k = imap_uidset_chunk(uids + done, MIN(n - done, (size_t)FETCH_BATCH), 4000,
					     &set);
		imap_cmd_init(&cmd);
		imap_cmd_addf(&cmd, "UID FETCH %s " FETCH_ITEMS, set.data);
		imap_cmd_finish(&cmd);
		d->batch = &b;
		rc = imap_run(d->s, &cmd, NULL, err);
		d->batch = NULL;
		imap_cmd_release(&cmd);
		if (rc == 0 && b.n)
			mx_add_ids(d->mb, b.msgs, b.n, &b.mem);
		free(b.msgs);
		arena_release(&b.mem);
		done += k ? k : n - done; /* a chunk of nothing would never end */
		buf_reset(&set);
	}
	buf_release(&set);
	if (d->hc)
		hcache_commit(d->hc);
	return rc;
}
