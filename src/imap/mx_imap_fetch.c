/*
 * mx_imap_fetch.c - the IMAP backend's untagged data and header fetching:
 * FETCH responses become messages (flags, size, delivery time, and the
 * envelope parsed from the header fields the index needs, by the same code
 * as local folders), pipelined in batches of sequence ranges so that the
 * round trips overlap, each batch added to the model as it completes.
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

static uint32_t msg_flags(const struct imap_flags *f)
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

/* A FETCH with headers: one more message for the batch. */
static void add_fetched(struct imap_batch *b, const struct imap_fetch *f)
{
	const struct imap_str *h = section(f, "HEADER");
	struct header_list hl = { 0 };
	struct envelope env;
	struct message *m;

	if (!(f->have & IMAP_FETCH_UID) || !h)
		return; /* not the answer to our FETCH: ignore */
	ALLOC_GROW(b->msgs, b->n + 1, b->cap);
	m = &b->msgs[b->n++];
	memset(m, 0, sizeof(*m));
	headers_parse(h->s, h->len, &hl);
	envelope_init(&env);
	envelope_from_headers(&env, &hl);
	m->env = menv_pack(&env, arena_alloc(&b->mem, menv_packed_size(&env)));
	envelope_release(&env);
	header_list_release(&hl);
	m->loc.uid = f->uid;
	m->size = f->size;
	m->received = f->internaldate;
	m->flags = msg_flags(&f->flags);
}

/*
 * EXPUNGE n: the model's messages are in the server's order, so the n-th
 * goes; later sequence numbers shift down with it, on both sides.
 */
static void expunged(struct imap_mb *d, uint32_t seq)
{
	struct mailbox *mb = d->mb;
	uint32_t id = 0;

	if (!seq || seq > d->exists)
		return; /* out of range: a broken server; the next open sees the truth */
	d->exists--;
	mailbox_lock(mb);
	if (seq <= mb->n)
		id = mb->msgs[seq - 1].id;
	mailbox_unlock(mb);
	if (id)
		mx_remove(mb, &id, 1);
}

void imap_mb_untagged(void *ctx, const struct imap_resp *r)
{
	struct imap_mb *d = ctx;

	if (r->data == IMAP_DATA_EXISTS) {
		d->exists = r->num;
	} else if (r->data == IMAP_DATA_EXPUNGE) {
		expunged(d, r->num);
	} else if (r->data == IMAP_DATA_FETCH) {
		const struct imap_fetch *f = &r->fetch;
		const struct imap_str *body = d->body ? section(f, "") : NULL;
		if (d->batch)
			add_fetched(d->batch, f);
		else if (body && (f->have & IMAP_FETCH_UID) && f->uid == d->want_uid) {
			buf_add(d->body, body->s, body->len);
			d->got_body = true;
		}
	} else if (r->status == IMAP_ST_OK) {
		const struct imap_code_data *c = &r->code;
		if (c->code == IMAP_CODE_UIDVALIDITY)
			d->uidvalidity = c->num;
		else if (c->code == IMAP_CODE_UIDNEXT)
			d->uidnext = c->num;
		else if (c->code == IMAP_CODE_HIGHESTMODSEQ)
			d->highestmodseq = c->modseq;
		else if (c->code == IMAP_CODE_READ_ONLY)
			d->read_only = true;
	}
}

/* Send FETCH lo:hi for headers; *tag gets its tag. */
static int send_fetch(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *tag, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_addf(
		&cmd,
		"FETCH %u:%u (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" HEADER_FIELDS
		")])",
		lo, hi);
	imap_cmd_finish(&cmd);
	session_tag(d->s, tag);
	rc = session_send(d->s, tag->data, &cmd, err);
	imap_cmd_release(&cmd);
	return rc;
}

int imap_fetch_headers(struct imap_mb *d, uint32_t lo, uint32_t hi, struct buf *err)
{
	long depth =
		d->mb->set.cfg ? cfg_num(d->mb->set.cfg, V_imap_pipeline_depth) : DEFAULT_DEPTH;
	size_t total = hi >= lo ? hi - lo + 1 : 0, done = 0;
	struct buf *tags = xcalloc((size_t)MAX(depth, 1), sizeof(*tags));
	uint32_t next = lo;
	size_t sent = 0, waited = 0;
	int rc = 0;

	depth = MAX(depth, 1);
	while (rc == 0 && (next <= hi || waited < sent)) {
		/* keep depth commands in flight */
		while (rc == 0 && next <= hi && sent - waited < (size_t)depth) {
			uint32_t end = MIN(hi, next + FETCH_BATCH - 1);
			rc = send_fetch(d, next, end, &tags[sent % (size_t)depth], err);
			sent++;
			next = end + 1;
		}
		if (rc != 0)
			break;
		struct imap_batch b = { 0 };
		d->batch = &b;
		rc = session_wait(d->s, tags[waited % (size_t)depth].data, NULL, err);
		d->batch = NULL;
		waited++;
		if (rc == 0 && b.n) {
			done += b.n;
			mx_add(d->mb, b.msgs, b.n, &b.mem);
			mx_progress(d->mb, _("Fetching message headers..."), done, total);
		}
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
