/*
 * menv.c - compact, position-independent envelopes.
 *
 * Layout of data[]: strings and lists, each NUL-terminated; an address list
 * is a 4-byte count (native order, unaligned) then per entry one kind byte
 * (bit 7: invalid), the name and the mailbox, both NUL-terminated (an empty
 * name means none; a group marker has an empty mailbox). The refs block is
 * nrefs consecutive NUL-terminated ids.
 */
#include "mx/mx.h"

#define KIND_INVALID 0x80

static size_t str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* The name an address shows: its display name, else its comment. */
static const char *addr_name(const struct address *a)
{
	if (a->name && *a->name)
		return a->name;
	return a->comment && *a->comment ? a->comment : "";
}

static size_t addrs_size(const struct addrlist *l)
{
	size_t n = 4;

	if (!l->n)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		n += 1 + strlen(addr_name(&l->v[i])) + 1 +
		     str_size(l->v[i].mailbox ? l->v[i].mailbox : "");
	return n;
}

static const struct addrlist *addr_field(const struct envelope *e, enum menv_addr f)
{
	switch (f) {
	case MA_FROM:
		return &e->from;
	case MA_TO:
		return &e->to;
	case MA_CC:
		return &e->cc;
	case MA_BCC:
		return &e->bcc;
	case MA_SENDER:
		return &e->sender;
	case MA_REPLY_TO:
		return &e->reply_to;
	case MA_NADDR:
		break;
	}
	return NULL;
}

static const char *str_field(const struct envelope *e, enum menv_str f)
{
	switch (f) {
	case ME_SUBJECT:
		return e->subject;
	case ME_MESSAGE_ID:
		return e->message_id;
	case ME_DATE_TEXT:
		return e->date.valid ? NULL : e->date_text;
	case ME_X_LABEL:
		return e->x_label;
	case ME_NSTR:
		break;
	}
	return NULL;
}

/* In-Reply-To's first id joins the references unless References already ends with it. */
static const char *extra_ref(const struct envelope *e)
{
	if (!e->in_reply_to.n)
		return NULL;
	const char *irt = e->in_reply_to.v[0];
	if (e->references.n && strcmp(e->references.v[e->references.n - 1], irt) == 0)
		return NULL;
	return irt;
}

/* All reference ids: References, then the extra In-Reply-To id. */
static size_t ref_count(const struct envelope *e)
{
	return e->references.n + (extra_ref(e) ? 1 : 0);
}

static const char *ref_at(const struct envelope *e, size_t i)
{
	return i < e->references.n ? e->references.v[i] : extra_ref(e);
}

/*
 * The k-th kept id: the first (the thread's start) and the last
 * MENV_MAX_REFS - 1 (the nearest ancestors), as threading uses them.
 */
static size_t ref_kept(const struct envelope *e, size_t k)
{
	size_t n = ref_count(e);

	if (k == 0 || n <= MENV_MAX_REFS)
		return k;
	return n - (MENV_MAX_REFS - k);
}

static size_t refs_kept(const struct envelope *e)
{
	return MIN(ref_count(e), (size_t)MENV_MAX_REFS);
}

size_t menv_packed_size(const struct envelope *e)
{
	size_t n = sizeof(struct menv);

	for (int f = 0; f < ME_NSTR; f++)
		n += str_size(str_field(e, f));
	for (int f = 0; f < MA_NADDR; f++)
		n += addrs_size(addr_field(e, f));
	for (size_t k = 0; k < refs_kept(e); k++)
		n += str_size(ref_at(e, ref_kept(e, k)));
	return n;
}

struct packer {
	char *base; /* data[] */
	uint32_t pos;
};

static uint32_t put_str(struct packer *p, const char *s)
{
	uint32_t at = p->pos;
	size_t n = strlen(s) + 1;

	memcpy(p->base + p->pos, s, n);
	p->pos += (uint32_t)n;
	return at;
}

static uint32_t put_addrs(struct packer *p, const struct addrlist *l)
{
	uint32_t at = p->pos, count = (uint32_t)l->n;

	if (!l->n)
		return MENV_ABSENT;
	memcpy(p->base + p->pos, &count, 4);
	p->pos += 4;
	for (size_t i = 0; i < l->n; i++) {
		const struct address *a = &l->v[i];
		p->base[p->pos++] = (char)((unsigned)a->kind | (a->invalid ? KIND_INVALID : 0));
		put_str(p, addr_name(a));
		put_str(p, a->mailbox ? a->mailbox : "");
	}
	return at;
}

struct menv *menv_pack(const struct envelope *e, void *mem)
{
	struct menv *m = mem;
	struct packer p = { m->data, 0 };

	memset(m, 0, sizeof(*m));
	m->defects = e->defects;
	m->date = e->date.valid ? (int64_t)e->date.time : 0;
	m->tz_minutes = (int16_t)e->date.tz_minutes;
	m->date_valid = e->date.valid;
	m->subject_skip = (uint32_t)e->subject_skip;
	for (int f = 0; f < ME_NSTR; f++) {
		const char *s = str_field(e, f);
		m->str[f] = s ? put_str(&p, s) : MENV_ABSENT;
	}
	for (int f = 0; f < MA_NADDR; f++)
		m->addr[f] = put_addrs(&p, addr_field(e, f));
	m->nrefs = (uint32_t)refs_kept(e);
	m->refs = m->nrefs ? p.pos : MENV_ABSENT;
	if (ref_count(e) > MENV_MAX_REFS)
		m->flags |= MENV_REFS_TRIMMED;
	for (size_t k = 0; k < m->nrefs; k++)
		put_str(&p, ref_at(e, ref_kept(e, k)));
	m->size = (uint32_t)(sizeof(*m) + p.pos);
	return m;
}

const char *menv_str(const struct menv *e, enum menv_str f)
{
	return e->str[f] == MENV_ABSENT ? NULL : e->data + e->str[f];
}

const char *menv_subject_base(const struct menv *e)
{
	const char *s = menv_str(e, ME_SUBJECT);
	return s ? s + e->subject_skip : "";
}

void menv_addrs(const struct menv *e, enum menv_addr f, struct maddr_iter *it)
{
	it->p = NULL;
	it->left = 0;
	if (e->addr[f] == MENV_ABSENT)
		return;
	memcpy(&it->left, e->data + e->addr[f], 4);
	it->p = e->data + e->addr[f] + 4;
}

bool maddr_next(struct maddr_iter *it, struct maddr *out)
{
	unsigned char k;

	if (!it->left)
		return false;
	k = (unsigned char)*it->p++;
	out->kind = (enum addr_kind)(k & ~KIND_INVALID);
	out->invalid = k & KIND_INVALID;
	out->name = *it->p ? it->p : NULL;
	it->p += strlen(it->p) + 1;
	out->mailbox = out->kind == ADDR_MAILBOX ? it->p : NULL;
	it->p += strlen(it->p) + 1;
	it->left--;
	return true;
}

bool menv_first_addr(const struct menv *e, enum menv_addr f, struct maddr *out)
{
	struct maddr_iter it;

	menv_addrs(e, f, &it);
	while (maddr_next(&it, out))
		if (out->kind == ADDR_MAILBOX)
			return true;
	return false;
}

size_t menv_addr_count(const struct menv *e, enum menv_addr f)
{
	struct maddr_iter it;
	struct maddr a;
	size_t n = 0;

	menv_addrs(e, f, &it);
	while (maddr_next(&it, &a))
		n += a.kind == ADDR_MAILBOX;
	return n;
}

const char *menv_ref(const struct menv *e, uint32_t i)
{
	const char *p;

	if (i >= e->nrefs)
		return NULL;
	p = e->data + e->refs;
	while (i--)
		p += strlen(p) + 1;
	return p;
}

const char *menv_ref_next(const struct menv *e, const char *ref)
{
	/* The refs block is packed last, so it ends where the envelope does. */
	const char *end = e->data + (e->size - sizeof(*e));
	const char *next;

	if (!ref)
		return NULL;
	next = ref + strlen(ref) + 1;
	return next < end ? next : NULL;
}
