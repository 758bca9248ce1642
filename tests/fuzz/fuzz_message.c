/*
 * fuzz_message.c - a whole message through email_parse: the header splitter,
 * the envelope (every field kind) and the MIME tree together.
 *
 * Invariants: header fields lie inside the input, in order, and the body
 * starts after the last of them; every string the envelope hands out is
 * valid UTF-8; the MIME root covers exactly the body; nothing leaks.
 */
#include "email/email.h"

static void check_str(const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		abort();
}

static void check_addrs(const struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		check_str(l->v[i].name);
		check_str(l->v[i].mailbox);
		check_str(l->v[i].comment);
	}
}

static void check_headers(const char *s, size_t size, const struct header_list *h)
{
	const char *prev = s;

	if (h->body_offset > size)
		abort();
	for (size_t i = 0; i < h->n; i++) {
		const struct header_field *f = &h->v[i];
		if (f->name < prev || f->value + f->value_len > s + h->body_offset)
			abort();
		prev = f->value;
	}
}

static void check_envelope(const struct envelope *e)
{
	const struct addrlist *lists[] = {
		&e->from, &e->sender, &e->reply_to,         &e->to,
		&e->cc,   &e->bcc,    &e->mail_followup_to, &e->return_path
	};

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		check_addrs(lists[i]);
	check_str(e->subject);
	if (e->subject && e->subject_skip > strlen(e->subject))
		abort();
	check_str(e->message_id);
	check_str(e->date_text);
	check_str(e->list_id);
	check_str(e->list_post);
	check_str(e->x_label);
	check_str(e->organization);
	for (size_t i = 0; i < e->references.n; i++)
		check_str(e->references.v[i]);
	for (size_t i = 0; i < e->in_reply_to.n; i++)
		check_str(e->in_reply_to.v[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct header_list h = { 0 };
	struct envelope env;
	struct body *body = NULL;

	headers_parse(s, size, &h);
	check_headers(s, size, &h);
	envelope_init(&env);
	email_parse(s, size, &env, &body);
	check_envelope(&env);
	if (!body || body->offset != h.body_offset || body->offset + body->length != size)
		abort();
	body_free(&body);
	envelope_release(&env);
	header_list_release(&h);
	return 0;
}
