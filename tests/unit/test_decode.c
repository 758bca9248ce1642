/*
 * test_decode.c - content-transfer-encoding decoders and encoders: base64,
 * quoted-printable, uuencode, chunked feeding, and round trips.
 */
#include <time.h>

#include "email/email.h"
#include "tests/unit/unit.h"

/* Decode in one call; check that chunked feeding gives the same result. */
static unsigned decode_all(enum mime_encoding enc, const char *in, size_t len, struct buf *out);

/* Assert that decoding (in, len) gives exactly (want, wlen). */
static void check_decode_n(enum mime_encoding enc, const char *in, size_t len, const char *want,
			   size_t wlen, bool want_defect)
{
	struct buf out = BUF_INIT;
	unsigned defects = decode_all(enc, in, len, &out);

	if (out.len != wlen || memcmp(out.data, want, wlen) != 0)
		fail_msg("decoding \"%.*s\" gave \"%s\" (%zu bytes), want \"%.*s\"", (int)len, in,
			 out.data, out.len, (int)wlen, want);
	if (want_defect != (defects != 0))
		fail_msg("decoding \"%.*s\": defects %#x, want %s", (int)len, in, defects,
			 want_defect ? "some" : "none");
	buf_release(&out);
}

#define check_decode(enc, in, want, bad) \
	check_decode_n(enc, in, strlen(in), want, strlen(want), bad)

static void feed_chunks(enum mime_encoding enc, const char *in, size_t len, unsigned seed,
			struct buf *out, unsigned *defects)
{
	struct decoder d;
	size_t i = 0;

	decoder_init(&d, enc);
	while (i < len) {
		size_t n = 1;
		if (seed) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 7;
		}
		n = MIN(n, len - i);
		decoder_feed(&d, in + i, n, out);
		i += n;
	}
	decoder_finish(&d, out);
	*defects = d.defects;
}

static unsigned decode_all(enum mime_encoding enc, const char *in, size_t len, struct buf *out)
{
	struct decoder d;
	struct buf whole = BUF_INIT;
	size_t start = out->len;
	unsigned seeds[] = { 0, 1, 7, 12345 };

	decoder_init(&d, enc);
	decoder_feed(&d, in, len, out);
	decoder_finish(&d, out);
	assert_int_equal(mime_decode(enc, in, len, &whole) == 0, d.defects == 0);
	assert_int_equal(whole.len, out->len - start);
	buf_release(&whole);
	for (size_t s = 0; s < ARRAY_SIZE(seeds); s++) {
		struct buf chunked = BUF_INIT;
		unsigned defects;
		feed_chunks(enc, in, len, seeds[s], &chunked, &defects);
		if (chunked.len != out->len - start ||
		    memcmp(chunked.data, out->data + start, chunked.len) != 0)
			fail_msg("chunked decoding (seed %u) of \"%.*s\" differs: \"%s\" vs \"%s\"",
				 seeds[s], (int)len, in, chunked.data, out->data + start);
		assert_int_equal(defects, d.defects);
		buf_release(&chunked);
	}
	return d.defects;
}

/* ---- base64 --------------------------------------------------------------- */

static void base64_decodes_quanta(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "", "", false);
	check_decode(ENC_BASE64, "QQ==", "A", false);
	check_decode(ENC_BASE64, "QUI=", "AB", false);
	check_decode(ENC_BASE64, "QUJD", "ABC", false);
	check_decode(ENC_BASE64, "SGVsbG8sIHdvcmxkIQ==", "Hello, world!", false);
}

static void base64_ignores_line_breaks(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "SGVs\r\nbG8s\nIHdv cmxk\tIQ==\r\n", "Hello, world!", false);
}

static void base64_skips_junk_with_defect(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "SGV*sbG8!", "Hello", true);
	check_decode(ENC_BASE64, "!!!@@@", "", true);
}

static void base64_tolerates_missing_padding(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "QQ", "A", false);
	check_decode(ENC_BASE64, "QUI", "AB", false);
}

static void base64_tolerates_extra_padding(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "QQ====", "A", false);
	check_decode(ENC_BASE64, "QUJD==\n", "ABC", false);
}

static void base64_concatenated_blocks_decode_in_turn(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "QQ==QUI=QUJD", "AABABC", false);
}

static void base64_lone_final_character_is_defect(void **state)
{
	(void)state;
	check_decode(ENC_BASE64, "QUJDR", "ABC", true);
	check_decode(ENC_BASE64, "QUJDR=", "ABC", true);
}

static void base64_decodes_nul_and_high_bytes(void **state)
{
	(void)state;
	check_decode_n(ENC_BASE64, "AP+A", 4, "\0\xff\x80", 3, false);
}

static void base64_split_inside_quantum_matches_whole(void **state)
{
	struct decoder d;
	struct buf out = BUF_INIT;

	(void)state;
	decoder_init(&d, ENC_BASE64);
	decoder_feed(&d, "SG", 2, &out);
	decoder_feed(&d, "Vsb", 3, &out);
	decoder_feed(&d, "G8=", 3, &out);
	decoder_finish(&d, &out);
	assert_buf_eq(&out, "Hello");
	assert_int_equal(d.defects, 0);
	buf_release(&out);
}

static void base64_encode_wraps_lines_with_lf(void **state)
{
	struct buf out = BUF_INIT, in = BUF_INIT;

	(void)state;
	fill_buf(&in, 'a', 60);
	base64_encode(in.data, in.len, 76, &out);
	/* 60 bytes are 80 characters: one full line of 76 and one of 4 */
	assert_int_equal(out.len, 82);
	assert_int_equal(out.data[76], '\n');
	assert_int_equal(out.data[81], '\n');
	buf_reset(&out);
	base64_encode("ABC", 3, 0, &out);
	assert_buf_eq(&out, "QUJD");
	buf_reset(&out);
	base64_encode("", 0, 76, &out);
	assert_buf_eq(&out, "");
	buf_reset(&out);
	base64_encode("A", 1, 76, &out);
	assert_buf_eq(&out, "QQ==\n");
	buf_release(&out);
	buf_release(&in);
}

static void base64_round_trips_every_byte_and_length(void **state)
{
	unsigned char all[256];

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)(255 - i);
	for (size_t len = 0; len <= 256; len++) {
		struct buf enc = BUF_INIT, dec = BUF_INIT;
		base64_encode(all, len, 76, &enc);
		assert_int_equal(mime_decode(ENC_BASE64, enc.data, enc.len, &dec), 0);
		assert_int_equal(dec.len, len);
		assert_memory_equal(dec.data, all, len);
		buf_release(&enc);
		buf_release(&dec);
	}
}

static void base64_decodes_megabytes_quickly(void **state)
{
	struct buf raw = BUF_INIT, enc = BUF_INIT, dec = BUF_INIT;
	clock_t t0;

	(void)state;
	for (size_t i = 0; i < 4u << 20; i++)
		buf_addch(&raw, (int)(i * 7 + (i >> 9)));
	base64_encode(raw.data, raw.len, 76, &enc);
	t0 = clock();
	assert_int_equal(mime_decode(ENC_BASE64, enc.data, enc.len, &dec), 0);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	assert_int_equal(dec.len, raw.len);
	assert_memory_equal(dec.data, raw.data, raw.len);
	buf_release(&raw);
	buf_release(&enc);
	buf_release(&dec);
}

/* ---- quoted-printable ----------------------------------------------------- */

static void qp_decodes_escapes_any_case(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "caf=C3=A9 =e2=82=ac", "caf\xC3\xA9 \xE2\x82\xAC",
		     false);
	check_decode_n(ENC_QUOTED_PRINTABLE, "a=00b", 5, "a\0b", 3, false);
}

static void qp_soft_breaks_crlf_and_lf(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "long=\r\nline=\nend", "longlineend", false);
}

static void qp_soft_break_with_transport_padding(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "a= \t\r\nb=  \nc", "abc", false);
}

static void qp_drops_trailing_white_space(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "a  \r\nb\t \nc   ", "a\r\nb\nc", false);
}

static void qp_keeps_inner_white_space(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "a  b\t=\r\nc =20\n", "a  b\tc  \n", false);
}

static void qp_keeps_malformed_escapes_literally(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "1+1=2", "1+1=2", true);
	check_decode(ENC_QUOTED_PRINTABLE, "=G1", "=G1", true);
	check_decode(ENC_QUOTED_PRINTABLE, "=4\n", "=4\n", true);
	check_decode(ENC_QUOTED_PRINTABLE, "=4", "=4", true);
	check_decode(ENC_QUOTED_PRINTABLE, "==41", "=A", true);
	check_decode(ENC_QUOTED_PRINTABLE, "= x", "= x", true);
	check_decode(ENC_QUOTED_PRINTABLE, "=\rx", "=\rx", true);
}

static void qp_equals_at_end_is_soft_break(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "abc=", "abc", false);
	check_decode(ENC_QUOTED_PRINTABLE, "abc=  ", "abc", false);
}

static void qp_keeps_line_breaks_as_written(void **state)
{
	(void)state;
	check_decode(ENC_QUOTED_PRINTABLE, "a\r\nb\nc\rd", "a\r\nb\nc\rd", false);
}

static void qp_long_white_space_run_is_bounded(void **state)
{
	struct buf in = BUF_INIT, want = BUF_INIT;

	(void)state;
	fill_buf(&in, ' ', 1000);
	buf_addch(&in, 'x');
	buf_addbuf(&want, &in);
	check_decode_n(ENC_QUOTED_PRINTABLE, in.data, in.len, want.data, want.len, false);
	buf_release(&in);
	buf_release(&want);
}

static void qp_split_inside_soft_break_matches_whole(void **state)
{
	struct decoder d;
	struct buf out = BUF_INIT;

	(void)state;
	decoder_init(&d, ENC_QUOTED_PRINTABLE);
	decoder_feed(&d, "ab=", 3, &out);
	decoder_feed(&d, "\r", 1, &out);
	decoder_feed(&d, "\ncd=C", 5, &out);
	decoder_feed(&d, "3=A9 ", 5, &out);
	decoder_feed(&d, "\r\n", 2, &out);
	decoder_finish(&d, &out);
	assert_buf_eq(&out, "abcd\xC3\xA9\r\n");
	assert_int_equal(d.defects, 0);
	buf_release(&out);
}

static void check_qp_round_trip(const char *in, size_t len, bool is_text)
{
	struct buf enc = BUF_INIT, dec = BUF_INIT;

	qp_encode(in, len, is_text, &enc);
	/* Every encoded line fits in 76 columns and is plain ASCII. */
	size_t col = 0;
	for (size_t i = 0; i < enc.len; i++) {
		unsigned char c = (unsigned char)enc.data[i];
		assert_true(c == '\n' || (c >= 32 && c < 127) || c == '\t');
		col = c == '\n' ? 0 : col + 1;
		assert_true(col <= 76);
	}
	assert_int_equal(mime_decode(ENC_QUOTED_PRINTABLE, enc.data, enc.len, &dec), 0);
	if (dec.len != len || memcmp(dec.data, in, len) != 0)
		fail_msg("qp round trip of \"%.*s\" gave \"%s\" via \"%s\"", (int)len, in, dec.data,
			 enc.data);
	buf_release(&enc);
	buf_release(&dec);
}

static void qp_encode_protects_what_transport_breaks(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	qp_encode("From here\n.\nend  \ntab\t\n", 23, true, &out);
	assert_buf_eq(&out, "=46rom here\n=2E\nend =20\ntab=09\n");
	buf_reset(&out);
	qp_encode("a=b \xC3\xA9", 6, true, &out);
	assert_buf_eq(&out, "a=3Db =C3=A9");
	buf_reset(&out);
	qp_encode("a\r\nb", 4, false, &out);
	assert_buf_eq(&out, "a=0D=0Ab");
	buf_reset(&out);
	qp_encode("a\r\nb", 4, true, &out);
	assert_buf_eq(&out, "a\nb");
	buf_release(&out);
}

static void qp_encode_soft_breaks_at_76_columns(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;

	(void)state;
	fill_buf(&in, 'x', 200);
	qp_encode(in.data, in.len, true, &out);
	assert_true(out.len > 200);
	assert_int_equal(out.data[75], '=');
	assert_int_equal(out.data[76], '\n');
	check_qp_round_trip(in.data, in.len, true);
	/* Escapes are never split by a soft break. */
	buf_reset(&in);
	for (int i = 0; i < 100; i++)
		buf_addstr(&in, "\xC3\xA9");
	check_qp_round_trip(in.data, in.len, true);
	buf_release(&in);
	buf_release(&out);
}

static void qp_round_trips(void **state)
{
	static const char *const texts[] = {
		"",
		"plain",
		"trailing space \nand tab\t\n",
		"From the start\nFrom\n.\n..\n",
		"=== equals ===",
		"caf\xC3\xA9 \xE2\x82\xAC\n",
		" ",
		"\t",
		"x                                                                           y",
	};
	unsigned char all[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		check_qp_round_trip(texts[i], strlen(texts[i]), true);
	for (int i = 0; i < 512; i++)
		all[i] = (unsigned char)(i * 37);
	check_qp_round_trip((const char *)all, sizeof(all), false);
	check_qp_round_trip("a\r\n\r\nb\rc\n", 9, false);
}

/* ---- uuencode and identity ------------------------------------------------ */

static void uu_decodes_between_begin_and_end(void **state)
{
	(void)state;
	check_decode(ENC_UUENCODE, "preamble text\nbegin 644 cat.txt\n#0V%T\n`\nend\n", "Cat",
		     false);
	check_decode(ENC_UUENCODE,
		     "begin 600 x\r\n"
		     "L2&5L;&\\L('=O<FQD(2!4:&ES(&ES(&$@=75E;F-O9&4@=&5S=\"!L:6YE+BX`\r\n"
		     "`\r\nend\r\n",
		     "Hello, world! This is a uuencode test line..", false);
}

static void uu_end_line_without_backtick_line(void **state)
{
	(void)state;
	check_decode(ENC_UUENCODE, "begin 644 f\n\"86(`\nend\ntrailing\n", "ab", false);
}

static void uu_stripped_trailing_spaces_still_decode(void **state)
{
	(void)state;
	/* "ab" encoded as "\"86( " with the padding space stripped by a mailer */
	check_decode(ENC_UUENCODE, "begin 644 f\n\"86(\n \nend\n", "ab", false);
}

static void uu_without_begin_shows_input_as_is(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	/* Not uuencoded after all: nothing may vanish, so the text is kept. */
	assert_int_equal(mime_decode(ENC_UUENCODE, "#0V%T\n", 6, &out), ERR_PARSE);
	assert_buf_eq(&out, "#0V%T\n");
	buf_release(&out);
}

static void identity_encodings_pass_bytes_through(void **state)
{
	enum mime_encoding encs[] = { ENC_7BIT, ENC_8BIT, ENC_BINARY, ENC_OTHER };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(encs); i++)
		check_decode_n(encs[i], "a=41\0\r\n\xff", 8, "a=41\0\r\n\xff", 8, false);
}

/* ---- body_text_utf8 --------------------------------------------------------- */

static void text_of(const char *charset, enum mime_encoding enc, const char *data, const char *want,
		    bool want_ok)
{
	struct body b = { 0 };
	struct buf out = BUF_INIT;

	b.encoding = enc;
	b.offset = 0;
	b.length = strlen(data);
	if (charset)
		params_set(&b.params, "charset", charset);
	int rc = body_text_utf8(data, &b, &out);
	assert_buf_eq(&out, want);
	assert_true(utf8_valid(out.data, out.len));
	assert_int_equal(rc == 0, want_ok);
	paramlist_release(&b.params);
	buf_release(&out);
}

static void body_text_converts_after_decoding(void **state)
{
	(void)state;
	text_of("iso-8859-1", ENC_QUOTED_PRINTABLE, "caf=E9", "caf\xC3\xA9", true);
	text_of("utf-8", ENC_BASE64, "Y2Fmw6k=", "caf\xC3\xA9", true);
	text_of(NULL, ENC_7BIT, "plain", "plain", true);
	text_of("iso-8859-15", ENC_8BIT, "\xA4", "\xE2\x82\xAC", true);
}

static void body_text_unknown_charset_falls_back(void **state)
{
	(void)state;
	text_of("x-no-such-charset", ENC_QUOTED_PRINTABLE, "caf=E9", "caf\xC3\xA9", false);
}

static void body_text_is_valid_utf8_after_bad_base64(void **state)
{
	(void)state;
	/* "/w==" is the single byte 0xFF: not UTF-8, shown through the fallback */
	text_of("utf-8", ENC_BASE64, "/w==*", "\xC3\xBF", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_decodes_quanta),
		cmocka_unit_test(base64_ignores_line_breaks),
		cmocka_unit_test(base64_skips_junk_with_defect),
		cmocka_unit_test(base64_tolerates_missing_padding),
		cmocka_unit_test(base64_tolerates_extra_padding),
		cmocka_unit_test(base64_concatenated_blocks_decode_in_turn),
		cmocka_unit_test(base64_lone_final_character_is_defect),
		cmocka_unit_test(base64_decodes_nul_and_high_bytes),
		cmocka_unit_test(base64_split_inside_quantum_matches_whole),
		cmocka_unit_test(base64_encode_wraps_lines_with_lf),
		cmocka_unit_test(base64_round_trips_every_byte_and_length),
		cmocka_unit_test(base64_decodes_megabytes_quickly),
		cmocka_unit_test(qp_decodes_escapes_any_case),
		cmocka_unit_test(qp_soft_breaks_crlf_and_lf),
		cmocka_unit_test(qp_soft_break_with_transport_padding),
		cmocka_unit_test(qp_drops_trailing_white_space),
		cmocka_unit_test(qp_keeps_inner_white_space),
		cmocka_unit_test(qp_keeps_malformed_escapes_literally),
		cmocka_unit_test(qp_equals_at_end_is_soft_break),
		cmocka_unit_test(qp_keeps_line_breaks_as_written),
		cmocka_unit_test(qp_long_white_space_run_is_bounded),
		cmocka_unit_test(qp_split_inside_soft_break_matches_whole),
		cmocka_unit_test(qp_encode_protects_what_transport_breaks),
		cmocka_unit_test(qp_encode_soft_breaks_at_76_columns),
		cmocka_unit_test(qp_round_trips),
		cmocka_unit_test(uu_decodes_between_begin_and_end),
		cmocka_unit_test(uu_end_line_without_backtick_line),
		cmocka_unit_test(uu_stripped_trailing_spaces_still_decode),
		cmocka_unit_test(uu_without_begin_shows_input_as_is),
		cmocka_unit_test(identity_encodings_pass_bytes_through),
		cmocka_unit_test(body_text_converts_after_decoding),
		cmocka_unit_test(body_text_unknown_charset_falls_back),
		cmocka_unit_test(body_text_is_valid_utf8_after_bad_base64),
	};
	return RUN_TESTS(tests);
}
