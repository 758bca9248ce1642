/*
 * fuzz_msgid.c - msgid_parse and msgid_parse_list on arbitrary bytes.
 *
 * Invariants: every id is valid UTF-8 of the form "<...>" with no white
 * space or control characters inside and no more than 1,000 bytes; the list
 * is capped; msgid_parse gives the list's first id; parsing is idempotent
 * (an id parses to itself, a list written out parses to the same list).
 */
#include "email/email.h"

static void check_id(const char *id)
{
	size_t n = strlen(id);

	if (n < 3 || n > 1000 || id[0] != '<' || id[n - 1] != '>' || !utf8_valid(id, n))
		abort();
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c == 0x7F || c == '<' || c == '>')
			abort();
	}
	char *again = msgid_parse(id, n);
	if (!again || strcmp(again, id) != 0)
		abort();
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct strlist l = STRLIST_INIT, back = STRLIST_INIT;
	struct buf joined = BUF_INIT;
	char *first = msgid_parse(s, size);

	msgid_parse_list(s, size, &l);
	if (l.n > 1000)
		abort();
	if (first) {
		check_id(first);
		if (!l.n || strcmp(l.v[0], first) != 0)
			abort();
	}
	for (size_t i = 0; i < l.n; i++) {
		check_id(l.v[i]);
		buf_printf(&joined, "%s%s", i ? " " : "", l.v[i]);
	}
	msgid_parse_list(joined.data, joined.len, &back);
	if (back.n != l.n)
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(back.v[i], l.v[i]) != 0)
			abort();
	free(first);
	strlist_release(&l);
	strlist_release(&back);
	buf_release(&joined);
	return 0;
}
