/*
 * envelope.c - the envelope: the header fields an index, a reply and the
 * threading need, decoded once from a header_list.
 */
#include "email/email.h"

void envelope_init(struct envelope *e)
{
	memset(e, 0, sizeof(*e));
}

void envelope_release(struct envelope *e)
{
	struct addrlist *lists[] = { &e->from, &e->sender, &e->reply_to,         &e->to,
				     &e->cc,   &e->bcc,    &e->mail_followup_to, &e->return_path };

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		addrlist_release(lists[i]);
	free(e->subject);
	free(e->message_id);
	strlist_release(&e->in_reply_to);
	strlist_release(&e->references);
	free(e->date_text);
	free(e->list_post);
	free(e->list_id);
	free(e->x_label);
	free(e->organization);
	envelope_init(e);
}

enum field_kind {
	F_ADDR,   /* address list: accumulates */
	F_TEXT,   /* unstructured text, RFC 2047 decoded: first wins */
	F_MSGID,  /* one message id: first wins */
	F_IDLIST, /* list of message ids: accumulates */
	F_DATE,
};

struct field_spec {
	const char *name;
	enum field_kind kind;
	size_t offset; /* of the member in struct envelope */
};

#define SPEC(n, k, m)                              \
	{                                          \
		n, k, offsetof(struct envelope, m) \
	}

static const struct field_spec specs[] = {
	SPEC("from", F_ADDR, from),
	SPEC("to", F_ADDR, to),
	SPEC("cc", F_ADDR, cc),
	SPEC("bcc", F_ADDR, bcc),
	SPEC("sender", F_ADDR, sender),
	SPEC("reply-to", F_ADDR, reply_to),
	SPEC("mail-followup-to", F_ADDR, mail_followup_to),
	SPEC("return-path", F_ADDR, return_path),
	SPEC("subject", F_TEXT, subject),
	SPEC("message-id", F_MSGID, message_id),
	SPEC("in-reply-to", F_IDLIST, in_reply_to),
	SPEC("references", F_IDLIST, references),
	SPEC("date", F_DATE, date),
	SPEC("list-post", F_TEXT, list_post),
	SPEC("list-id", F_TEXT, list_id),
	SPEC("x-label", F_TEXT, x_label),
	SPEC("organization", F_TEXT, organization),
};

static const struct field_spec *find_spec(const struct header_field *f)
{
	/* Cheap filter first: every spec name starts with one of these letters. */
	if (!f->name_len)
		return NULL;
	int c = ascii_tolower((unsigned char)f->name[0]);
	if (!strchr("ftcbsrmildxo", c))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++)
		if (mem_eq_ci(f->name, f->name_len, specs[i].name))
			return &specs[i];
	return NULL;
}

static char *decode_text(const struct header_field *f, unsigned *defects)
{
	struct buf b = BUF_INIT;

	rfc2047_decode(f->value, f->value_len, &b, defects);
	buf_rtrim(&b);
	return buf_detach(&b, NULL);
}

static void set_date(struct envelope *e, const struct header_field *f)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;

	header_unfold(f->value, f->value_len, &raw);
	utf8_sanitize(raw.data, raw.len, &text);
	buf_rtrim(&text);
	e->date_text = buf_detach(&text, NULL);
	if (date_parse(raw.data, raw.len, &e->date) != 0)
		e->defects |= DEFECT_BAD_DATE;
	buf_release(&raw);
}

static void apply_field(struct envelope *e, const struct field_spec *s,
			const struct header_field *f)
{
	void *member = (char *)e + s->offset;
	char **str = member;

	switch (s->kind) {
	case F_ADDR:
		if (addrlist_parse(f->value, f->value_len, member) != 0)
			e->defects |= DEFECT_BAD_ADDRESS;
		return;
	case F_IDLIST:
		msgid_parse_list(f->value, f->value_len, member);
		return;
	case F_TEXT:
		if (*str) {
			e->defects |= DEFECT_DUPLICATE_HEADER;
			return;
		}
		*str = decode_text(f, &e->defects);
		return;
	case F_MSGID:
		if (*str) {
			e->defects |= DEFECT_DUPLICATE_HEADER;
			return;
		}
		*str = msgid_parse(f->value, f->value_len);
		return;
	case F_DATE:
		if (e->date_text) {
			e->defects |= DEFECT_DUPLICATE_HEADER;
			return;
		}
		set_date(e, f);
		return;
	}
}

void envelope_from_headers(struct envelope *e, const struct header_list *h)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct field_spec *s = find_spec(&h->v[i]);
		if (s)
			apply_field(e, s, &h->v[i]);
	}
	if (e->subject)
		e->subject_skip = subject_prefix_len(e->subject);
	e->defects |= h->defects;
}

/* Reply and forward markers used by mail clients in many languages. */
static const char *const reply_words[] = {
	"re",     "fw",  "fwd", "aw",  "wg",  "sv",  "vs",  "antw",
	"doorst", "rif", "tr",  "odp", "res", "enc", "ynt",
};

/* 回复 / 答复 / 转发 / 回覆 / 轉寄, followed by an ASCII or fullwidth colon */
static const char *const cjk_words[] = {
	"\xE5\x9B\x9E\xE5\xA4\x8D", "\xE7\xAD\x94\xE5\xA4\x8D", "\xE8\xBD\xAC\xE5\x8F\x91",
	"\xE5\x9B\x9E\xE8\xA6\x86", "\xE8\xBD\x89\xE5\xAF\x84",
};

/* Length of one "Re:" / "RE[3]:" / "Fwd(2):" marker at s, or 0. */
static size_t one_prefix(const char *s)
{
	size_t w = 0, i;

	while (is_alpha((unsigned char)s[w]))
		w++;
	if (!w)
		goto cjk;
	for (i = 0; i < ARRAY_SIZE(reply_words); i++)
		if (mem_eq_ci(s, w, reply_words[i]))
			break;
	if (i == ARRAY_SIZE(reply_words))
		return 0;
	if (s[w] == '[' || s[w] == '(') {
		char close = s[w] == '[' ? ']' : ')';
		size_t d = w + 1;
		while (is_digit((unsigned char)s[d]))
			d++;
		if (d == w + 1 || s[d] != close)
			return 0;
		w = d + 1;
	} else if (s[w] == '^') {
		size_t d = w + 1;
		while (is_digit((unsigned char)s[d]))
			d++;
		w = d;
	}
	if (s[w] == ':')
		return w + 1;
	if (strncmp(s + w, "\xEF\xBC\x9A", 3) == 0) /* fullwidth colon */
		return w + 3;
	return 0;
cjk:
	for (i = 0; i < ARRAY_SIZE(cjk_words); i++) {
		size_t n = strlen(cjk_words[i]);
		if (strncmp(s, cjk_words[i], n) == 0) {
			if (s[n] == ':')
				return n + 1;
			if (strncmp(s + n, "\xEF\xBC\x9A", 3) == 0)
				return n + 3;
		}
	}
	return 0;
}

size_t subject_prefix_len(const char *subject)
{
	size_t skip = 0, k;

	for (;;) {
		while (is_space((unsigned char)subject[skip]))
			skip++;
		k = one_prefix(subject + skip);
		if (!k)
			return skip;
		skip += k;
	}
}
