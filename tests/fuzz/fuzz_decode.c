/*
 * fuzz_decode.c - libFuzzer target for the transfer decoders and encoders.
 *
 * The first byte picks the encoding (bits 0-2), a charset (bits 3-5), whether
 * to run the encoders (bit 7) and the chunking seed. Invariants: the
 * decoder gives the same bytes and defects fed whole or in random chunks;
 * base64 and quoted-printable encodings decode back to their input with
 * lines of at most 76 columns; a text part's conversion is valid UTF-8.
 */
#include "email/email.h"

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

static const enum mime_encoding encodings[] = {
	ENC_7BIT, ENC_8BIT, ENC_BINARY, ENC_QUOTED_PRINTABLE, ENC_BASE64, ENC_UUENCODE, ENC_OTHER,
};

static const char *const charsets[] = {
	NULL, "utf-8", "iso-8859-1", "windows-1252", "iso-2022-jp", "utf-16", "x-unknown", "koi8-r",
};

static void check_chunked(enum mime_encoding enc, const char *in, size_t len, unsigned seed)
{
	struct decoder whole, parts;
	struct buf a = BUF_INIT, b = BUF_INIT;

	decoder_init(&whole, enc);
	decoder_feed(&whole, in, len, &a);
	decoder_finish(&whole, &a);
	decoder_init(&parts, enc);
	for (size_t i = 0; i < len;) {
		seed = seed * 1103515245u + 12345u;
		size_t n = MIN(len - i, 1 + (seed >> 16) % 9);
		decoder_feed(&parts, in + i, n, &b);
		i += n;
	}
	decoder_finish(&parts, &b);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	CHECK(whole.defects == parts.defects);
	CHECK(a.data[a.len] == '\0' && b.data[b.len] == '\0');
	buf_release(&a);
	buf_release(&b);
}

static void check_lines(const struct buf *b, size_t max)
{
	size_t col = 0;

	for (size_t i = 0; i < b->len; i++) {
		col = b->data[i] == '\n' ? 0 : col + 1;
		CHECK(col <= max);
	}
}

static void check_encoders(const char *in, size_t len)
{
	struct buf enc = BUF_INIT, dec = BUF_INIT, want = BUF_INIT;

	base64_encode(in, len, 76, &enc);
	check_lines(&enc, 76);
	CHECK(mime_decode(ENC_BASE64, enc.data, enc.len, &dec) == 0);
	CHECK(dec.len == len && memcmp(dec.data, in, len) == 0);
	buf_reset(&enc);
	buf_reset(&dec);
	qp_encode(in, len, false, &enc);
	check_lines(&enc, 76);
	CHECK(mime_decode(ENC_QUOTED_PRINTABLE, enc.data, enc.len, &dec) == 0);
	CHECK(dec.len == len && memcmp(dec.data, in, len) == 0);
	buf_reset(&enc);
	buf_reset(&dec);
	/* Text mode writes line breaks as LF. */
	qp_encode(in, len, true, &enc);
	check_lines(&enc, 76);
	CHECK(mime_decode(ENC_QUOTED_PRINTABLE, enc.data, enc.len, &dec) == 0);
	for (size_t i = 0; i < len; i++)
		if (!(in[i] == '\r' && i + 1 < len && in[i + 1] == '\n'))
			buf_addch(&want, in[i]);
	CHECK(dec.len == want.len && memcmp(dec.data, want.data, want.len) == 0);
	buf_release(&enc);
	buf_release(&dec);
	buf_release(&want);
}

static void check_text(enum mime_encoding enc, const char *charset, const char *in, size_t len)
{
	struct body b = { 0 };
	struct buf out = BUF_INIT;

	b.encoding = enc;
	b.length = len;
	if (charset)
		params_set(&b.params, "charset", charset);
	body_text_utf8(in, &b, &out);
	CHECK(utf8_valid(out.data, out.len));
	paramlist_release(&b.params);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *in = (const char *)data + 1;
	size_t len = size - 1;
	enum mime_encoding enc = encodings[(sel & 7) % ARRAY_SIZE(encodings)];

	check_chunked(enc, in, len, sel);
	check_text(enc, charsets[(sel >> 3) & 7], in, len);
	if (sel & 0x80)
		check_encoders(in, len);
	return 0;
}
