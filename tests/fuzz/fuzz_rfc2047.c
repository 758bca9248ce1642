/*
 * fuzz_rfc2047.c - RFC 2047 decoding and encoding on arbitrary bytes.
 *
 * Invariants: decoding (plain and phrase) always yields valid UTF-8 without
 * NUL bytes, and reports defects exactly when it returns an error; encoding
 * any valid UTF-8 text without NULs gives printable ASCII folded with CRLF
 * and white space, encoded words of at most 75 characters, and decodes back
 * to the very same text (in both contexts).
 */
#include "email/email.h"

static void check_decoded(const struct buf *b, int rc, unsigned defects)
{
	if (!utf8_valid(b->data, b->len) || memchr(b->data, '\0', b->len))
		abort();
	if ((rc != 0) != (defects != 0))
		abort();
}

static void check_wire(const struct buf *e)
{
	for (size_t i = 0; i < e->len; i++) {
		unsigned char c = (unsigned char)e->data[i];
		if (c == '\r') {
			if (i + 2 >= e->len || e->data[i + 1] != '\n' || !is_wsp(e->data[i + 2]))
				abort();
			i++;
		} else if ((c < 0x20 && c != '\t') || c >= 0x7F) {
			abort();
		}
	}
	const char *p = e->data, *end = e->data + e->len;
	while ((p = mem_find(p, (size_t)(end - p), "=?UTF-8?", 8))) {
		if (end - p < 12)
			abort();
		const char *q = mem_find(p + 10, (size_t)(end - p - 10), "?=", 2);
		if (!q || q + 2 - p > 75)
			abort();
		p = q + 2;
	}
}

static void round_trip(const char *s, size_t n, enum rfc2047_context ctx, size_t used)
{
	struct buf e = BUF_INIT, d = BUF_INIT;

	rfc2047_encode(s, n, ctx, used, &e);
	check_wire(&e);
	if (ctx == RFC2047_PHRASE)
		rfc2047_decode_phrase(e.data, e.len, &d, NULL);
	else
		rfc2047_decode(e.data, e.len, &d, NULL);
	if (d.len != n || memcmp(d.data, s, n) != 0)
		abort();
	buf_release(&e);
	buf_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf out = BUF_INIT, text = BUF_INIT;
	unsigned defects = 0;
	int rc;

	rc = rfc2047_decode(s, size, &out, &defects);
	check_decoded(&out, rc, defects);
	buf_reset(&out);
	defects = 0;
	rc = rfc2047_decode_phrase(s, size, &out, &defects);
	check_decoded(&out, rc, defects);

	/* Valid UTF-8 without NULs from the input, to encode and decode back. */
	utf8_sanitize(s, size, &text);
	for (size_t i = 0; i < text.len; i++)
		if (!text.data[i])
			text.data[i] = ' ';
	size_t used = size ? data[0] % 90 : 0;
	round_trip(text.data, text.len, RFC2047_TEXT, used);
	round_trip(text.data, text.len, RFC2047_PHRASE, used);

	buf_release(&out);
	buf_release(&text);
	return 0;
}
