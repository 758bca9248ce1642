/*
 * fuzz_address.c - addrlist_parse on arbitrary bytes.
 *
 * Invariants: every string handed out is valid UTF-8 (C strings, so no NUL
 * inside); groups are balanced and never nested; the entry cap holds; and
 * the valid entries survive the wire round trip: formatting them with
 * ADDR_FMT_WIRE and parsing the result gives the same kinds, names and
 * mailboxes, with nothing invalid.
 */
#include "email/email.h"

static void check_text(const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		abort();
}

static bool same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void check_entries(const struct addrlist *l)
{
	bool open = false;

	if (l->n > EMAIL_MAX_ADDRESSES + 2)
		abort();
	for (size_t i = 0; i < l->n; i++) {
		const struct address *a = &l->v[i];
		check_text(a->name);
		check_text(a->mailbox);
		check_text(a->comment);
		switch (a->kind) {
		case ADDR_MAILBOX:
			if (!a->mailbox)
				abort();
			break;
		case ADDR_GROUP_START:
			if (open || a->mailbox || a->invalid)
				abort();
			open = true;
			break;
		case ADDR_GROUP_END:
			if (!open || a->name || a->mailbox)
				abort();
			open = false;
			break;
		}
	}
	if (open)
		abort();
}

static void check_round_trip(const struct addrlist *l)
{
	struct addrlist valid = { 0 }, back = { 0 };
	struct buf wire = BUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].invalid)
			addrlist_append(&valid, &l->v[i]);
	addrlist_format(&valid, ADDR_FMT_WIRE, &wire);
	if (addrlist_parse(wire.data, wire.len, &back) != 0 || back.n != valid.n)
		abort();
	for (size_t i = 0; i < valid.n; i++) {
		const struct address *a = &valid.v[i], *b = &back.v[i];
		if (a->kind != b->kind || b->invalid || !same_str(a->name, b->name) ||
		    !same_str(a->mailbox, b->mailbox))
			abort();
	}
	addrlist_release(&valid);
	addrlist_release(&back);
	buf_release(&wire);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addrlist l = { 0 };
	struct buf display = BUF_INIT;

	addrlist_parse((const char *)data, size, &l);
	check_entries(&l);
	check_round_trip(&l);
	addrlist_format(&l, ADDR_FMT_DISPLAY, &display);
	check_text(display.data);
	(void)addrlist_count(&l);
	(void)addrlist_first(&l);
	buf_release(&display);
	addrlist_release(&l);
	return 0;
}
