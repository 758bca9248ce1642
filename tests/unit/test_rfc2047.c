/*
 * test_rfc2047.c - encoded words: decoding what real mail carries, encoding
 * what we send, and the round trip between them.
 *
 * Encoded strings were made with iconv(1) and base64(1), e.g.
 * printf 'Привет' | iconv -t KOI8-R | base64
 */
#include <time.h>

#include "email/email.h"
#include "tests/unit/unit.h"

/* Decode and compare; returns the defects found. */
static unsigned dec(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	unsigned defects = 0;
	int rc = rfc2047_decode(in, strlen(in), &b, &defects);

	assert_buf_eq(&b, want);
	assert_true(utf8_valid(b.data, b.len));
	assert_int_equal(rc != 0, defects != 0);
	buf_release(&b);
	return defects;
}

static unsigned dec_phrase(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	unsigned defects = 0;

	rfc2047_decode_phrase(in, strlen(in), &b, &defects);
	assert_buf_eq(&b, want);
	buf_release(&b);
	return defects;
}

/* ---- Decoding: the rules ------------------------------------------------- */

static void rfc2047_plain_text_unchanged(void **state)
{
	(void)state;
	assert_int_equal(dec("Hello, world", "Hello, world"), 0);
	assert_int_equal(dec("a = b? c ?= d", "a = b? c ?= d"), 0);
	assert_int_equal(dec("  padded  ", "  padded  "), 0);
}

static void rfc2047_empty_input(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	assert_int_equal(rfc2047_decode("", 0, &b, NULL), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(rfc2047_decode_phrase("", 0, &b, NULL), 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	assert_int_equal(dec("=?utf-8?q?\?=", ""), 0);
	assert_int_equal(dec("=?utf-8?b?\?=", ""), 0);
}

static void rfc2047_q_encoding(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?caf=C3=A9?=", "café"), 0);
	assert_int_equal(dec("=?utf-8?q?caf=c3=a9?=", "café"), 0);
	assert_int_equal(dec("=?UTF-8?Q?a_b=5Fc?=", "a b_c"), 0);
	assert_int_equal(dec("=?iso-8859-1?Q?Gr=FC=DFe?=", "Grüße"), 0);
}

static void rfc2047_b_encoding(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?b?Y2Fmw6k=?=", "café"), 0);
	assert_int_equal(dec("=?UTF-8?B?SGVsbG8gV29ybGQ=?=", "Hello World"), 0);
	assert_int_equal(dec("=?koi8-r?B?8NLJ18XU?=", "Привет"), 0);
}

static void rfc2047_charset_with_language(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8*en?Q?caf=C3=A9?=", "café"), 0);
	assert_int_equal(dec("=?US-ASCII*EN-us?q?hi?=", "hi"), 0);
	/* words differing only in the language still join */
	assert_int_equal(dec("=?utf-8*en?B?ww==?= =?utf-8*fr?B?qQ==?=", "é"), 0);
}

static void rfc2047_unfolds(void **state)
{
	(void)state;
	assert_int_equal(dec("a\r\n b", "a b"), 0);
	assert_int_equal(dec("a\n\tb", "a\tb"), 0);
	assert_int_equal(dec("=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"), 0);
	assert_int_equal(dec("=?utf-8?q?a?=\r\n\t\r\n  x", "a\t  x"), 0);
}

static void rfc2047_drops_space_between_adjacent_words(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"), 0);
	assert_int_equal(dec("=?utf-8?q?a?=  \t =?iso-8859-1?q?b?=", "ab"), 0);
	assert_int_equal(dec("=?utf-8?q?a?==?utf-8?q?b?=", "ab"), 0);
	/* the space that belongs to the text is inside the word */
	assert_int_equal(dec("=?utf-8?q?a_?= =?utf-8?q?b?=", "a b"), 0);
}

static void rfc2047_keeps_space_between_word_and_text(void **state)
{
	(void)state;
	assert_int_equal(dec("Re: =?utf-8?q?caf=C3=A9?= ok", "Re: café ok"), 0);
	assert_int_equal(dec("x  =?utf-8?q?a?=\t y", "x  a\t y"), 0);
	assert_int_equal(dec(" =?utf-8?q?a?= ", " a "), 0);
}

/* B encoding splits bytes anywhere: a character cut between two words must survive. */
static void rfc2047_split_multibyte_char_across_words(void **state)
{
	(void)state;
	/* é = C3 A9: "ww==" is C3, "qQ==" is A9 */
	assert_int_equal(dec("=?utf-8?B?ww==?= =?utf-8?B?qQ==?=", "é"), 0);
	/* 日本語 split after 日本 + 2 bytes of 語 */
	assert_int_equal(dec("=?UTF-8?B?5pel5pys6Ko=?=\r\n =?UTF-8?B?ng==?=", "日本語"), 0);
	/* the same in Q, and across B and Q */
	assert_int_equal(dec("=?utf-8?q?=E6=97?= =?utf-8?q?=A5?=", "日"), 0);
	assert_int_equal(dec("=?utf-8?b?5pc=?= =?utf-8?q?=A5?=", "日"), 0);
	/* "utf8" and "UTF-8" are the same charset */
	assert_int_equal(dec("=?UTF-8?B?ww==?= =?utf8?B?qQ==?=", "é"), 0);
	/* Shift_JIS 日 (93 FA) split */
	assert_int_equal(dec("=?shift_jis?q?=93?= =?shift_jis?q?=FA?=", "日"), 0);
}

static void rfc2047_different_charsets_not_joined(void **state)
{
	(void)state;
	assert_int_equal(dec("=?iso-8859-1?q?=E9?= =?koi8-r?q?=F0?=", "éП"), 0);
	/* a cut character in a word of its own cannot be completed by another charset */
	unsigned d = dec("=?utf-8?q?=C3?= =?iso-8859-1?q?=A9?=", "Ã©");
	assert_true(d & DEFECT_BAD_CHARSET);
}

static void rfc2047_encoding_letter_case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(
		dec("=?utf-8?b?w6k=?==?utf-8?B?w6k=?==?utf-8?q?=C3=A9?==?utf-8?Q?=C3=A9?=", "éééé"),
		0);
}

/* ---- Decoding: broken forms real mail has -------------------------------- */

static void rfc2047_words_glued_to_text(void **state)
{
	(void)state;
	assert_int_equal(dec("foo=?utf-8?q?bar?=baz", "foobarbaz"), 0);
	assert_int_equal(dec("(=?utf-8?q?caf=C3=A9?=)", "(café)"), 0);
	assert_int_equal(dec("x=?utf-8?q?a?= =?utf-8?q?b?=y", "xaby"), 0);
}

static void rfc2047_missing_base64_padding(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?b?Y2Fmw6k?=", "café"), 0);
	assert_int_equal(dec("=?utf-8?b?YQ?=", "a"), 0);
	/* concatenated padded chunks */
	assert_int_equal(dec("=?utf-8?b?YQ==YQ==?=", "aa"), 0);
}

static void rfc2047_overlong_word(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, want = BUF_INIT;

	buf_addstr(&in, "=?utf-8?q?");
	for (int i = 0; i < 500; i++) {
		buf_addstr(&in, "=C3=A9");
		buf_addstr(&want, "é");
	}
	buf_addstr(&in, "?=");
	assert_int_equal(dec(in.data, want.data), 0);
	buf_release(&in);
	buf_release(&want);
}

static void rfc2047_q_word_with_literal_space_or_question_mark(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?caf=C3=A9 au lait?= ok", "café au lait ok"), 0);
	assert_int_equal(dec("=?utf-8?q?really?\?=", "really?"), 0);
	assert_int_equal(dec("=?utf-8?q?a?b?=", "a?b"), 0);
	/* not when another word starts inside: the first is unterminated */
	unsigned d = dec("=?utf-8?q?a b =?utf-8?q?c?=", "=?utf-8?q?a b c");
	assert_true(d & DEFECT_BAD_ENCODED_WORD);
	/* B never holds spaces */
	d = dec("=?utf-8?b?YW Jj?=", "=?utf-8?b?YW Jj?=");
	assert_true(d & DEFECT_BAD_ENCODED_WORD);
}

static void rfc2047_unknown_charset_decoded_with_fallback(void **state)
{
	(void)state;
	assert_int_equal(dec("=?x-bogus?q?caf=C3=A9?=", "café"), DEFECT_BAD_CHARSET);
	assert_int_equal(dec("=?x-bogus?q?caf=E9?=", "café"), DEFECT_BAD_CHARSET);
	assert_int_equal(dec("=?x-unknown?q?caf=E9?=", "café"), DEFECT_BAD_CHARSET);
	assert_int_equal(dec("=?utf-8//IGNORE?q?a=E9?=", "aé"), DEFECT_BAD_CHARSET);
}

static void rfc2047_lying_charset(void **state)
{
	(void)state;
	/* UTF-8 bytes under a latin-1 label, latin-1 bytes under a UTF-8 label */
	assert_int_equal(dec("=?iso-8859-1?q?caf=C3=A9?=", "café"), DEFECT_BAD_CHARSET);
	assert_int_equal(dec("=?utf-8?q?caf=E9?=", "café"), DEFECT_BAD_CHARSET);
	assert_int_equal(dec("=?us-ascii?q?caf=E9?=", "café"), DEFECT_BAD_CHARSET);
}

static void rfc2047_invalid_base64_kept_literal(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?b?!!!?=", "=?utf-8?b?!!!?="), DEFECT_BAD_ENCODED_WORD);
	assert_int_equal(dec("a =?utf-8?b?Y2Fm-w6k?= b", "a =?utf-8?b?Y2Fm-w6k?= b"),
			 DEFECT_BAD_ENCODED_WORD);
	/* a lone trailing sextet: the bytes before it are kept */
	assert_int_equal(dec("=?utf-8?b?YWJjZ?=", "abc"), DEFECT_BAD_ENCODED_WORD);
}

static void rfc2047_unterminated_word_kept_literal(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?caf=C3=A9", "=?utf-8?q?caf=C3=A9"),
			 DEFECT_BAD_ENCODED_WORD);
	assert_int_equal(dec("x =?utf-8?q?", "x =?utf-8?q?"), DEFECT_BAD_ENCODED_WORD);
	/* not an encoded word at all: no defect */
	assert_int_equal(dec("=?", "=?"), 0);
	assert_int_equal(dec("=?utf-8", "=?utf-8"), 0);
	assert_int_equal(dec("=??q?a?=", "=??q?a?="), 0);
}

static void rfc2047_unknown_encoding_kept_literal(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?x?abc?=", "=?utf-8?x?abc?="), DEFECT_BAD_ENCODED_WORD);
	assert_int_equal(dec("=?utf-8?qq?abc?=", "=?utf-8?qq?abc?="), 0);
}

static void rfc2047_bad_q_escape_kept(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?100=?=", "100="), DEFECT_BAD_ENCODED_WORD);
	assert_int_equal(dec("=?utf-8?q?a=ZZb?=", "a=ZZb"), DEFECT_BAD_ENCODED_WORD);
	assert_int_equal(dec("=?utf-8?q?a=4?=", "a=4"), DEFECT_BAD_ENCODED_WORD);
}

static void rfc2047_raw_8bit_text(void **state)
{
	(void)state;
	/* RFC 6532 UTF-8 is not a defect */
	assert_int_equal(dec("Caf\xc3\xa9 =?utf-8?q?=C3=A9?=", "Café é"), 0);
	/* undeclared legacy bytes are */
	assert_int_equal(dec("Caf\xe9 \x93ok\x94", "Café “ok”"), DEFECT_8BIT_HEADER);
	/* raw ISO-2022-JP is 7-bit, and recognised */
	assert_int_equal(dec("Re: \x1b$BF|K\\8l\x1b(B =?utf-8?q?=C3=A9?=", "Re: 日本語 é"), 0);
	charset_set_fallback("koi8-r");
	assert_int_equal(dec("\xf0\xd2\xc9\xd7\xc5\xd4 =?utf-8?q?=C3=A9?=", "Привет é"),
			 DEFECT_8BIT_HEADER);
	charset_set_fallback(NULL);
}

/* Envelope strings are C strings: a NUL must not cut them short. */
static void rfc2047_nul_becomes_replacement_char(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	assert_int_equal(dec("=?utf-8?q?a=00b?=", "a\xEF\xBF\xBD"
						  "b"),
			 0);
	assert_int_equal(dec("=?utf-8?b?AA==?=", "\xEF\xBF\xBD"), 0);
	assert_int_equal(dec("=?utf-16be?b?AGEAAABi?=", "a\xEF\xBF\xBD"
							"b"),
			 0);
	rfc2047_decode("a\0b", 3, &b, NULL);
	assert_buf_eq(&b, "a\xEF\xBF\xBD"
			  "b");
	assert_null(memchr(b.data, '\0', b.len));
	buf_release(&b);
}

static void rfc2047_control_chars_kept(void **state)
{
	(void)state;
	assert_int_equal(dec("=?utf-8?q?a=0Db=0Ac=1Bd=09e?=", "a\rb\nc\x1b"
							      "d\te"),
			 0);
	assert_int_equal(dec("a\x01z", "a\x01z"), 0);
}

static void rfc2047_demo_charsets(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "=?UTF-8?B?5pel5pys6Kqe?=", "日本語" },
		{ "=?ISO-8859-1?B?R3L832U=?=", "Grüße" },
		{ "=?iso-8859-2?Q?=A3=F3d=BC?=", "Łódź" },
		{ "=?iso-8859-7?B?yuHr5+zd8eE=?=", "Καλημέρα" },
		{ "=?ISO-8859-15?Q?=A4uro?=", "€uro" },
		{ "=?windows-1251?B?z/Do4uXy?=", "Привет" },
		{ "=?windows-1252?Q?=93Gr=FC=DFe=94?=", "“Grüße”" },
		{ "=?KOI8-R?B?8NLJ18XU?=", "Привет" },
		{ "=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語" },
		{ "=?shift_jis?B?k/qWe4zqg2WDWINn?=", "日本語テスト" },
		{ "=?EUC-JP?B?xvzL3Ljs?=", "日本語" },
		{ "=?gb2312?B?1tDOxA==?=", "中文" },
		{ "=?GBK?B?1tDOxA==?=", "中文" },
		{ "=?GB18030?B?1tDOxJUygjY=?=", "中文𠀀" },
		{ "=?big5?B?pKSk5Q==?=", "中文" },
		{ "=?EUC-KR?B?x9Gxub7u?=", "한국어" },
		{ "=?ks_c_5601-1987?B?x9Gxub7u?=", "한국어" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(dec(t[i].in, t[i].want), 0);
}

/* ISO-2022-JP words each end in ASCII; joined they still decode. */
static void rfc2047_iso2022jp_adjacent_words(void **state)
{
	(void)state;
	/* ESC$B F| ESC(B  and  ESC$B K\ ESC(B */
	assert_int_equal(
		dec("=?iso-2022-jp?B?GyRCRnwbKEI=?= =?iso-2022-jp?B?GyRCS1wbKEI=?=", "日本"), 0);
}

/* ---- Decoding phrases ------------------------------------------------------ */

static void rfc2047_phrase_quoted_string(void **state)
{
	(void)state;
	assert_int_equal(dec_phrase("\"Doe, John\"", "Doe, John"), 0);
	assert_int_equal(dec_phrase("\"say \\\"hi\\\" \\\\o/\"", "say \"hi\" \\o/"), 0);
	assert_int_equal(dec_phrase("John \"Q.\" Public", "John Q. Public"), 0);
	assert_int_equal(dec_phrase("\"unterminated", "unterminated"), 0);
	/* outside quotes a backslash is just a backslash */
	assert_int_equal(dec_phrase("a\\b", "a\\b"), 0);
	/* comments are the address parser's business */
	assert_int_equal(dec_phrase("John (the man)", "John (the man)"), 0);
}

static void rfc2047_phrase_word_inside_quotes(void **state)
{
	(void)state;
	assert_int_equal(dec_phrase("\"=?utf-8?q?J=C3=B6rg?= Smith\"", "Jörg Smith"), 0);
	assert_int_equal(dec_phrase("=?utf-8?q?J=C3=B6rg?= \"Smith\"", "Jörg Smith"), 0);
	assert_int_equal(dec_phrase("\"=?utf-8?B?ww==?=\" =?utf-8?B?qQ==?=", "é"), 0);
	assert_int_equal(dec_phrase("=?utf-8?q?M=C3=BCller?=, Hans", "Müller, Hans"), 0);
}

/* ---- Adversarial sizes ---------------------------------------------------- */

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sanitizers slow everything (iconv_open most) by up to ten times. */
#if defined(__SANITIZE_ADDRESS__)
#define TIME_SCALE 10
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TIME_SCALE 10
#endif
#endif
#ifndef TIME_SCALE
#define TIME_SCALE 1
#endif

/* Time one decode of in; generous bound, but a quadratic pass takes minutes. */
static void decode_within(const struct buf *in, double limit, struct buf *out)
{
	double t = seconds();
	unsigned defects = 0;

	rfc2047_decode(in->data, in->len, out, &defects);
	t = seconds() - t;
	if (t > limit * TIME_SCALE)
		fail_msg("decoding %zu bytes took %.2f s", in->len, t);
	assert_true(utf8_valid(out->data, out->len));
}

static void rfc2047_1mb_plain_value(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	for (size_t i = 0; in.len < (1u << 20); i++)
		buf_addstr(&in, i % 10 ? "word " : "\r\n\tfold ");
	decode_within(&in, 2.0, &out);
	assert_true(out.len > in.len * 9 / 10);
	buf_release(&in);
	buf_release(&out);
}

static void rfc2047_100000_adjacent_words(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	/* é split across every pair of words, the two halves in B */
	for (int i = 0; i < 50000; i++)
		buf_addstr(&in, "=?utf-8?B?ww==?=\r\n =?UTF-8?B?qQ==?= ");
	decode_within(&in, 2.0, &out);
	assert_int_equal(out.len, 100000 + 1);
	assert_memory_equal(out.data, "éé", 4);
	assert_int_equal(out.data[out.len - 1], ' ');
	buf_release(&in);
	buf_release(&out);
}

/* Alternating charsets force a conversion per word. */
static void rfc2047_100000_words_alternating_charsets(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	for (int i = 0; i < 50000; i++)
		buf_addstr(&in, "=?koi8-r?q?=F0?= =?iso-8859-7?q?=E1?= ");
	decode_within(&in, 3.0, &out);
	assert_memory_equal(out.data, "Пα", 4);
	buf_release(&in);
	buf_release(&out);
}

/*
 * More charsets than the descriptor cache holds, in turn: every word misses
 * the cache, which must stay cheap (no reloading of iconv's modules).
 */
static void rfc2047_words_cycling_through_many_charsets(void **state)
{
	(void)state;
	static const char *const cs[] = {
		"koi8-r",       "iso-8859-2",   "iso-8859-7",   "windows-1251",   "big5",
		"gbk",          "euc-kr",       "shift_jis",    "euc-jp",         "iso-2022-jp",
		"iso-8859-3",   "iso-8859-4",   "iso-8859-5",   "iso-8859-6",     "iso-8859-8",
		"iso-8859-10",  "iso-8859-13",  "iso-8859-14",  "iso-8859-16",    "windows-1250",
		"windows-1253", "windows-1255", "windows-1256", "windows-1257",   "windows-1258",
		"koi8-u",       "ibm866",       "macintosh",    "x-mac-cyrillic", "tis-620",
		"gb18030",      "utf-7",        "ibm437",       "ibm850",         "ibm852",
		"armscii-8",    "georgian-ps",  "pt154",        "viscii",         "cp737",
	};
	struct buf in = BUF_INIT, out = BUF_INIT;

	for (int i = 0; i < 100000; i++)
		buf_printf(&in, "=?%s?q?a?= ", cs[i % ARRAY_SIZE(cs)]);
	decode_within(&in, 3.0, &out);
	assert_int_equal(out.len, 100000 + 1);
	buf_release(&in);
	buf_release(&out);
}

/* Many charsets iconv does not know: each one is a miss in the descriptor cache. */
static void rfc2047_many_unknown_charsets(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	for (int i = 0; i < 20000; i++)
		buf_printf(&in, "=?x-bogus-%d?q?a?= ", i);
	decode_within(&in, 3.0, &out);
	assert_int_equal(out.len, 20000 + 1);
	buf_release(&in);
	buf_release(&out);
}

/* Word starts with no end: the search for "?=" must not restart each time. */
static void rfc2047_hostile_unterminated_words_linear(void **state)
{
	(void)state;
	static const char *const unit[] = { "=?a?q?", "=?utf-8?q?x", "=?", "=?a?q?a b ", "?=?" };
	struct buf in = BUF_INIT, out = BUF_INIT;

	for (size_t u = 0; u < ARRAY_SIZE(unit); u++) {
		buf_reset(&in);
		buf_reset(&out);
		while (in.len < (1u << 20))
			buf_addstr(&in, unit[u]);
		decode_within(&in, 2.0, &out);
		assert_true(out.len >= in.len - 2);
	}
	/* one huge valid word at the very end */
	buf_reset(&in);
	buf_reset(&out);
	while (in.len < (1u << 20))
		buf_addstr(&in, "=?a?q?=?b?b?");
	buf_addstr(&in, "=?utf-8?q?x?=");
	decode_within(&in, 2.0, &out);
	assert_int_equal(out.data[out.len - 1], 'x');
	buf_release(&in);
	buf_release(&out);
}

static void rfc2047_1mb_single_word(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	buf_addstr(&in, "=?utf-8?b?");
	while (in.len < (1u << 20))
		buf_addstr(&in, "w6nDqcOp");
	buf_addstr(&in, "?=");
	decode_within(&in, 2.0, &out);
	assert_int_equal(out.len, (in.len - 12) / 4 * 3);
	buf_release(&in);
	buf_release(&out);
}

/* ---- Encoding ------------------------------------------------------------- */

static void enc(const char *in, enum rfc2047_context ctx, size_t used, const char *want)
{
	struct buf b = BUF_INIT;

	rfc2047_encode(in, strlen(in), ctx, used, &b);
	assert_buf_eq(&b, want);
	buf_release(&b);
}

static void rfc2047_encode_ascii_unchanged(void **state)
{
	(void)state;
	enc("Hello, world", RFC2047_TEXT, 9, "Hello, world");
	enc("", RFC2047_TEXT, 9, "");
	enc("John Smith", RFC2047_PHRASE, 0, "John Smith");
}

static void rfc2047_encode_phrase_specials_quoted(void **state)
{
	(void)state;
	enc("Doe, John", RFC2047_PHRASE, 0, "\"Doe, John\"");
	enc("John Q. Public", RFC2047_PHRASE, 0, "\"John Q. Public\"");
	enc("say \"hi\" \\o/", RFC2047_PHRASE, 0, "\"say \\\"hi\\\" \\\\o/\"");
	enc(" lead", RFC2047_PHRASE, 0, "\" lead\"");
}

static void rfc2047_encode_non_ascii(void **state)
{
	(void)state;
	/* B is shorter for short words with a non-ASCII letter */
	enc("café", RFC2047_TEXT, 9, "=?UTF-8?B?Y2Fmw6k=?=");
	enc("日本語", RFC2047_TEXT, 9, "=?UTF-8?B?5pel5pys6Kqe?=");
	/* only the words that need it */
	enc("Re: café au lait", RFC2047_TEXT, 9, "Re: =?UTF-8?B?Y2Fmw6k=?= au lait");
	/* white space between two encoded words goes inside them */
	enc("café crème", RFC2047_TEXT, 9, "=?UTF-8?B?Y2Fmw6kgY3LDqG1l?=");
	enc("Jörg Müller", RFC2047_PHRASE, 0, "=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?=");
	/* Q when it is shorter: long mostly-ASCII words */
	enc("Donaudampfschifffahrtsgesellschaftskapitän", RFC2047_TEXT, 0,
	    "=?UTF-8?Q?Donaudampfschifffahrtsgesellschaftskapit=C3=A4n?=");
	/* a phrase word with specials is encoded, not quoted, next to encoded words */
	enc("Müller, Hans", RFC2047_PHRASE, 0, "=?UTF-8?B?TcO8bGxlciw=?= Hans");
}

/* Text that merely looks like an encoded word must not decode as one. */
static void rfc2047_encode_protects_encoded_word_lookalikes(void **state)
{
	(void)state;
	enc("=?utf-8?q?x?=", RFC2047_TEXT, 0, "=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?=");
	enc("a =?b", RFC2047_PHRASE, 0, "a =?UTF-8?B?PT9i?=");
	enc("line\nbreak", RFC2047_TEXT, 0, "=?UTF-8?Q?line=0Abreak?=");
}

/* The end of white space starting at i. */
static size_t skip_wsp_at(const struct buf *b, size_t i)
{
	while (i < b->len && is_wsp(b->data[i]))
		i++;
	return i;
}

/* Check the structural promises of an encoding of s. */
static void check_encoding(const char *s, size_t len, enum rfc2047_context ctx, size_t used)
{
	struct buf e = BUF_INIT, d = BUF_INIT;
	size_t col = used;

	rfc2047_encode(s, len, ctx, used, &e);
	/* lines with encoded words stay within 78 columns (unless used is absurd) */
	bool limit = used < 40 && mem_find(e.data, e.len, "=?", 2);
	for (size_t i = 0; i < e.len; i++) {
		unsigned char c = (unsigned char)e.data[i];
		if (c == '\r') {
			assert_true(i + 2 < e.len && e.data[i + 1] == '\n' &&
				    is_wsp(e.data[i + 2]));
			col = 0;
			i++;
			continue;
		}
		assert_true((c >= 0x20 && c < 0x7F) || c == '\t');
		col++;
		/* trailing white space after a plain word cannot be folded */
		if (is_wsp(c) && skip_wsp_at(&e, i) == e.len)
			break;
		if (limit && col > 78)
			fail_msg("line too long in \"%s\" (used %zu)", e.data, used);
	}
	/* every encoded word is at most 75 characters and holds whole characters */
	const char *p = e.data, *end = e.data + e.len;
	while ((p = mem_find(p, (size_t)(end - p), "=?UTF-8?", 8))) {
		const char *q = mem_find(p + 10, (size_t)(end - p - 10), "?=", 2);
		assert_non_null(q);
		assert_true(q + 2 - p <= 75);
		struct buf one = BUF_INIT;
		unsigned defects = 0;
		rfc2047_decode(p, (size_t)(q + 2 - p), &one, &defects);
		assert_int_equal(defects, 0);
		buf_release(&one);
		p = q + 2;
	}
	if (ctx == RFC2047_PHRASE)
		rfc2047_decode_phrase(e.data, e.len, &d, NULL);
	else
		rfc2047_decode(e.data, e.len, &d, NULL);
	if (d.len != len || memcmp(d.data, s, len) != 0)
		fail_msg("round trip of \"%s\" gave \"%s\" via \"%s\"", s, d.data, e.data);
	buf_release(&e);
	buf_release(&d);
}

static void rfc2047_encode_long_text_folds(void **state)
{
	(void)state;
	const char *s = "Ünïcödé text that is long enough to need several encoded words and "
			"more than one line, with ASCII words between: done. 日本語のテキストも"
			"少し入れておきます。ありがとうございました。";
	struct buf e = BUF_INIT;

	for (size_t used = 0; used < 80; used += 7) {
		check_encoding(s, strlen(s), RFC2047_TEXT, used);
		check_encoding(s, strlen(s), RFC2047_PHRASE, used);
	}
	rfc2047_encode(s, strlen(s), RFC2047_TEXT, 9, &e);
	assert_non_null(strstr(e.data, "\r\n "));
	buf_release(&e);
}

static void rfc2047_encode_never_splits_characters(void **state)
{
	(void)state;
	struct buf s = BUF_INIT;

	/* 4-byte characters make B boundaries land inside them unless avoided */
	for (int i = 0; i < 60; i++)
		buf_addstr(&s, "𠀀");
	check_encoding(s.data, s.len, RFC2047_TEXT, 9);
	buf_reset(&s);
	for (int i = 0; i < 60; i++)
		buf_addstr(&s, "é");
	check_encoding(s.data, s.len, RFC2047_TEXT, 9);
	check_encoding(s.data, s.len, RFC2047_PHRASE, 70);
	buf_release(&s);
}

static void rfc2047_encode_chooses_shorter_encoding(void **state)
{
	(void)state;
	struct buf e = BUF_INIT;

	rfc2047_encode("Donaudampfschifffahrtsgesellschaftskapitän Köln",
		       strlen("Donaudampfschifffahrtsgesellschaftskapitän Köln"), RFC2047_TEXT, 0,
		       &e);
	assert_non_null(strstr(e.data, "?Q?"));
	buf_reset(&e);
	rfc2047_encode("Привет мир", strlen("Привет мир"), RFC2047_TEXT, 0, &e);
	assert_non_null(strstr(e.data, "?B?"));
	buf_release(&e);
}

static void rfc2047_encode_round_trip(void **state)
{
	(void)state;
	static const char *const t[] = {
		"café",
		" leading and trailing ",
		"two  spaces\tand\ttabs é",
		"é ",
		" é",
		"a\tb é\t",
		"mixed ASCII and 日本語 text, with (parentheses) and \"quotes\"",
		"=?utf-8?q?not a word?=",
		"=?utf-8?q?x?= é",
		"question? mark?= é",
		"under_score é",
		"a_b=c?d",
		"control\x01char é",
		"cr\rlf\n",
		"\xF0\x9F\x98\x80 emoji \xF0\x9F\x98\x80\xF0\x9F\x98\x80",
		"x",
		"é",
		"averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongasciiword é",
		"Müller, Hans <not an address>",
		"\"quoted\" é",
		"back\\slash é",
		"=?",
		"?=",
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		for (size_t used = 0; used <= 78; used += 13) {
			check_encoding(t[i], strlen(t[i]), RFC2047_TEXT, used);
			check_encoding(t[i], strlen(t[i]), RFC2047_PHRASE, used);
		}
	}
}

/* Random valid UTF-8 from a small alphabet rich in the awkward cases. */
static void rfc2047_encode_round_trip_random(void **state)
{
	(void)state;
	static const char *const alpha[] = {
		"a", "Z", " ",  "  ", "\t",   "=",    "?",  "_",  "\"",    "\\", "(", ",",
		".", "é", "日", "𠀀", "\x01", "\r\n", "=?", "?=", "utf-8", "Q",  "B", "\x7f",
	};
	struct buf s = BUF_INIT;
	unsigned seed = 12345;

	for (int round = 0; round < 3000; round++) {
		buf_reset(&s);
		seed = seed * 1103515245u + 12345u;
		int n = (int)((seed >> 16) % 60);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_addstr(&s, alpha[(seed >> 16) % ARRAY_SIZE(alpha)]);
		}
		check_encoding(s.data, s.len, round % 2 ? RFC2047_PHRASE : RFC2047_TEXT,
			       (seed >> 8) % 80);
	}
	buf_release(&s);
}

static void rfc2047_encode_large_input(void **state)
{
	(void)state;
	struct buf s = BUF_INIT;
	double t = seconds();

	while (s.len < (1u << 20))
		buf_addstr(&s, "日本語 and ASCII ");
	check_encoding(s.data, s.len, RFC2047_TEXT, 9);
	double took = seconds() - t;
	buf_release(&s);
	if (took > 5.0 * TIME_SCALE)
		fail_msg("encoding 1 MB took %.2f s", took);
}

static void rfc2047_phrase_keeps_raw_jis_quotes_and_backslashes(void **state)
{
	struct buf out = BUF_INIT;
	/* "あ\" in raw ISO-2022-JP, inside a quoted string: ESC $ B $ " and ESC $ B ! @ */
	const char in[] = "\"\x1b$B$\"!@\x1b(B\" x";

	(void)state;
	rfc2047_decode_phrase(in, sizeof(in) - 1, &out, NULL);
	/* あ is U+3042; JIS 0x2140 is U+FF3C FULLWIDTH REVERSE SOLIDUS */
	assert_buf_eq(&out, "\xE3\x81\x82\xEF\xBC\xBC x");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc2047_plain_text_unchanged),
		cmocka_unit_test(rfc2047_empty_input),
		cmocka_unit_test(rfc2047_q_encoding),
		cmocka_unit_test(rfc2047_b_encoding),
		cmocka_unit_test(rfc2047_charset_with_language),
		cmocka_unit_test(rfc2047_unfolds),
		cmocka_unit_test(rfc2047_drops_space_between_adjacent_words),
		cmocka_unit_test(rfc2047_keeps_space_between_word_and_text),
		cmocka_unit_test(rfc2047_split_multibyte_char_across_words),
		cmocka_unit_test(rfc2047_different_charsets_not_joined),
		cmocka_unit_test(rfc2047_encoding_letter_case_insensitive),
		cmocka_unit_test(rfc2047_words_glued_to_text),
		cmocka_unit_test(rfc2047_missing_base64_padding),
		cmocka_unit_test(rfc2047_overlong_word),
		cmocka_unit_test(rfc2047_q_word_with_literal_space_or_question_mark),
		cmocka_unit_test(rfc2047_unknown_charset_decoded_with_fallback),
		cmocka_unit_test(rfc2047_lying_charset),
		cmocka_unit_test(rfc2047_invalid_base64_kept_literal),
		cmocka_unit_test(rfc2047_unterminated_word_kept_literal),
		cmocka_unit_test(rfc2047_unknown_encoding_kept_literal),
		cmocka_unit_test(rfc2047_bad_q_escape_kept),
		cmocka_unit_test(rfc2047_raw_8bit_text),
		cmocka_unit_test(rfc2047_nul_becomes_replacement_char),
		cmocka_unit_test(rfc2047_control_chars_kept),
		cmocka_unit_test(rfc2047_demo_charsets),
		cmocka_unit_test(rfc2047_iso2022jp_adjacent_words),
		cmocka_unit_test(rfc2047_phrase_quoted_string),
		cmocka_unit_test(rfc2047_phrase_word_inside_quotes),
		cmocka_unit_test(rfc2047_1mb_plain_value),
		cmocka_unit_test(rfc2047_100000_adjacent_words),
		cmocka_unit_test(rfc2047_100000_words_alternating_charsets),
		cmocka_unit_test(rfc2047_words_cycling_through_many_charsets),
		cmocka_unit_test(rfc2047_many_unknown_charsets),
		cmocka_unit_test(rfc2047_hostile_unterminated_words_linear),
		cmocka_unit_test(rfc2047_1mb_single_word),
		cmocka_unit_test(rfc2047_encode_ascii_unchanged),
		cmocka_unit_test(rfc2047_encode_phrase_specials_quoted),
		cmocka_unit_test(rfc2047_encode_non_ascii),
		cmocka_unit_test(rfc2047_encode_protects_encoded_word_lookalikes),
		cmocka_unit_test(rfc2047_encode_long_text_folds),
		cmocka_unit_test(rfc2047_encode_never_splits_characters),
		cmocka_unit_test(rfc2047_encode_chooses_shorter_encoding),
		cmocka_unit_test(rfc2047_encode_round_trip),
		cmocka_unit_test(rfc2047_encode_round_trip_random),
		cmocka_unit_test(rfc2047_encode_large_input),
		cmocka_unit_test(rfc2047_phrase_keeps_raw_jis_quotes_and_backslashes),
	};
	return RUN_TESTS(tests);
}
