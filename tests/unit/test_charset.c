/*
 * test_charset.c - conversion to and from UTF-8: label mapping, fallbacks,
 * stateful charsets, the descriptor cache.
 *
 * The legacy byte strings were made with iconv(1), e.g.
 * printf 'Привет' | iconv -f UTF-8 -t KOI8-R | od -An -tx1
 */
#include <iconv.h>
#include <pthread.h>

#include "tests/unit/unit.h"

/* Convert from charset cs and compare with want; returns the return code. */
static int to_utf8(const char *cs, const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	int rc = charset_to_utf8(cs, in, len, &b);

	assert_buf_eq(&b, want);
	assert_true(utf8_valid(b.data, b.len));
	buf_release(&b);
	return rc;
}

#define TO_UTF8(cs, lit, want) to_utf8((cs), (lit), sizeof(lit) - 1, (want))

static void charset_decodes_demo_set(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("UTF-8", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "日本語"), 0);
	assert_int_equal(TO_UTF8("ISO-8859-1", "\x47\x72\xfc\xdf\x65", "Grüße"), 0);
	assert_int_equal(TO_UTF8("iso-8859-2", "\xa3\xf3\x64\xbc", "Łódź"), 0);
	assert_int_equal(TO_UTF8("iso-8859-7", "\xca\xe1\xeb\xe7\xec\xdd\xf1\xe1", "Καλημέρα"), 0);
	assert_int_equal(TO_UTF8("iso-8859-15", "\xa4\x75\x72\x6f", "€uro"), 0);
	assert_int_equal(TO_UTF8("windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет"), 0);
	assert_int_equal(TO_UTF8("windows-1252", "\x93\x47\x72\xfc\xdf\x65\x94", "“Grüße”"), 0);
	assert_int_equal(TO_UTF8("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"), 0);
	assert_int_equal(TO_UTF8("iso-2022-jp", "\x1b\x24\x42\x46\x7c\x4b\x5c\x38\x6c\x1b\x28\x42",
				 "日本語"),
			 0);
	assert_int_equal(TO_UTF8("shift_jis", "\x93\xfa\x96\x7b\x8c\xea\x83\x65\x83\x58\x83\x67",
				 "日本語テスト"),
			 0);
	assert_int_equal(TO_UTF8("euc-jp", "\xc6\xfc\xcb\xdc\xb8\xec", "日本語"), 0);
	assert_int_equal(TO_UTF8("gb2312", "\xd6\xd0\xce\xc4", "中文"), 0);
	assert_int_equal(TO_UTF8("gbk", "\xd6\xd0\xce\xc4", "中文"), 0);
	assert_int_equal(TO_UTF8("gb18030", "\xd6\xd0\xce\xc4\x95\x32\x82\x36", "中文𠀀"), 0);
	assert_int_equal(TO_UTF8("big5", "\xa4\xa4\xa4\xe5", "中文"), 0);
	assert_int_equal(TO_UTF8("euc-kr", "\xc7\xd1\xb1\xb9\xbe\xee", "한국어"), 0);
	assert_int_equal(TO_UTF8("ks_c_5601-1987", "\xc7\xd1\xb1\xb9\xbe\xee", "한국어"), 0);
}

/* Senders label a superset with the subset's name; read what they meant (WHATWG). */
static void charset_reads_supersets_of_declared_charsets(void **state)
{
	(void)state;
	/* windows-1252 smart quotes and euro in "iso-8859-1" text */
	assert_int_equal(TO_UTF8("iso-8859-1", "\x93hi\x94 \x80", "“hi” €"), 0);
	assert_int_equal(TO_UTF8("latin1", "\x80", "€"), 0);
	/* iso-8859-9 as windows-1254 */
	assert_int_equal(TO_UTF8("iso-8859-9", "\x80\xfd", "€ı"), 0);
	/* a GBK-only character labelled gb2312 */
	assert_int_equal(TO_UTF8("gb2312", "\xe9\x46", "镕"), 0);
	/* a CP949-only Hangul syllable labelled euc-kr */
	assert_int_equal(TO_UTF8("euc-kr", "\x8c\x63", "똠"), 0);
	/* NEC row 13 labelled shift_jis (CP932) */
	assert_int_equal(TO_UTF8("shift_jis", "\x87\x40", "①"), 0);
	/* tis-620 as windows-874 */
	assert_int_equal(TO_UTF8("tis-620", "\x80", "€"), 0);
}

/* Windows-1252 bytes that are undefined map to C1 controls, as browsers do. */
static void charset_cp1252_undefined_bytes_are_c1(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("windows-1252", "\x81\x8d\x8f\x90\x9d",
				 "\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90\xc2\x9d"),
			 0);
}

/* CP50221: Windows puts NEC row 13 into "iso-2022-jp"; glibc's decoder rejects it. */
static void charset_iso2022jp_with_nec_extensions(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("iso-2022-jp", "\x1b$B-!-_\x1b(B ok", "①㍻ ok"), 0);
	assert_int_equal(TO_UTF8("euc-jp", "\xad\xa1\xad\xea", "①㈱"), 0);
	/* half-width katakana by escape sequence */
	assert_int_equal(TO_UTF8("iso-2022-jp", "\x1b(I1\x1b(B", "ｱ"), 0);
}

/* A conversion that ends in a shifted state must not leak it into the next one. */
static void charset_iso2022jp_shift_state_reset_between_calls(void **state)
{
	(void)state;
	/* No closing ESC ( B: the text ends in JIS X 0208 mode. */
	TO_UTF8("iso-2022-jp", "\x1b$BF|", "日");
	assert_int_equal(TO_UTF8("iso-2022-jp", "FK", "FK"), 0);
	/* Same on the encoding side: each call starts and ends in ASCII. */
	struct buf b = BUF_INIT;
	assert_int_equal(charset_from_utf8("iso-2022-jp", "日", strlen("日"), &b), 0);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "\x1b$BF|\x1b(B", 8);
	buf_reset(&b);
	assert_int_equal(charset_from_utf8("iso-2022-jp", "a", 1, &b), 0);
	assert_buf_eq(&b, "a");
	buf_release(&b);
}

static void charset_iso2022jp_invalid_bytes_kept(void **state)
{
	(void)state;
	/* 8-bit bytes have no place in ISO-2022-JP: kept, and the state survives them */
	assert_int_equal(TO_UTF8("iso-2022-jp",
				 "a\xff"
				 "b \x1b$BF|\xffK\\\x1b(B",
				 "aÿb 日ÿ本"),
			 ERR_CHARSET);
	/* escape sequences iconv does not know are passed through, not lost */
	assert_int_equal(TO_UTF8("iso-2022-jp", "\x1b$Zx \x1b$BF|\x1b(B", "\x1b$Zx 日"), 0);
}

/* Raw ISO-2022-JP in undeclared text (old Japanese mail does that in headers). */
static void charset_undeclared_iso2022jp_detected(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8(NULL, "Re: \x1b$BF|K\\8l\x1b(B", "Re: 日本語"), ERR_CHARSET);
	assert_int_equal(TO_UTF8(NULL, "\x1b$B-!\x1b(B", "①"), ERR_CHARSET);
	/* not when declared otherwise, and not for a lone ESC ( B */
	assert_int_equal(TO_UTF8("us-ascii", "\x1b$BF|\x1b(B", "\x1b$BF|\x1b(B"), 0);
	assert_int_equal(TO_UTF8(NULL, "a\x1b(Bb", "a\x1b(Bb"), 0);
	/* nor when the reading is not clean */
	assert_int_equal(TO_UTF8(NULL, "\x1b$B/!\x1b(B", "\x1b$B/!\x1b(B"), 0);
}

static void charset_utf7(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("utf-7", "+AOk-t+AOk-", "été"), 0);
	/* RFC 2152's example */
	assert_int_equal(TO_UTF8("unicode-1-1-utf-7", "Hi Mom -+Jjo--!", "Hi Mom -☺-!"), 0);
	assert_int_equal(TO_UTF8("utf-7", "1 +- 1", "1 + 1"), 0);
}

/* A character cut off at the end is kept as bytes, never dropped. */
static void charset_truncated_multibyte_at_end(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("shift_jis", "\x93\xfa\x82", "日‚"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("utf-8", "ab\xe2\x82", "abâ‚"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("euc-kr", "\xc7", "Ç"), ERR_CHARSET);
}

static void charset_unknown_name_falls_back(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("x-no-such-charset", "abc", "abc"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("x-no-such-charset", "caf\xc3\xa9", "café"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("x-no-such-charset", "caf\xe9", "café"), ERR_CHARSET);
	assert_false(charset_known("x-no-such-charset"));
	assert_false(charset_known(NULL));
	assert_false(charset_known(""));
	assert_true(charset_known("koi8-r"));
	assert_true(charset_known("ks_c_5601-1987"));
}

/* Names are mail data: iconv must never see option suffixes or junk. */
static void charset_hostile_names_rejected(void **state)
{
	(void)state;
	struct buf big = BUF_INIT;

	assert_false(charset_known("utf-8//IGNORE"));
	assert_false(charset_known("ISO-8859-1//TRANSLIT"));
	assert_false(charset_known("../../etc/passwd"));
	assert_false(charset_known("utf\x01-8"));
	/* glibc drops punctuation: "UTF)8" would be UTF-8 without its checks */
	assert_false(charset_known("utf)8"));
	fill_buf(&big, 'a', 100000);
	assert_false(charset_known(big.data));
	struct buf c = BUF_INIT;
	assert_string_equal(charset_canonical(big.data, &c), "?");
	buf_release(&c);
	assert_int_equal(TO_UTF8(big.data, "x\xe9", "xé"), ERR_CHARSET);
	buf_release(&big);
}

/* iconv's own UTF-8 reader passes code points above U+10FFFF: its output is checked. */
static void charset_iconv_output_is_checked(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("iso-ir-193", "x\xf4\xb4\xb4\xb4y",
				 "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy"),
			 ERR_CHARSET);
	assert_int_equal(TO_UTF8("=?utf)8?q?", "\xf4\xb4\xb4\xb4", "ô´´´"), ERR_CHARSET);
}

static void charset_names_with_junk(void **state)
{
	(void)state;
	struct buf c = BUF_INIT;

	assert_string_equal(charset_canonical("\"utf-8\"", &c), "UTF-8");
	assert_string_equal(charset_canonical("  UTF-8 ", &c), "UTF-8");
	assert_string_equal(charset_canonical("utf-8*en", &c), "UTF-8");
	assert_string_equal(charset_canonical("'iso-8859-2';", &c), "ISO-8859-2");
	assert_string_equal(charset_canonical("UTF8", &c), "UTF-8");
	assert_string_equal(charset_canonical("ks_c_5601-1987", &c), "CP949");
	assert_string_equal(charset_canonical("LATIN1", &c), "CP1252");
	assert_string_equal(charset_canonical("x-unknown", &c), "");
	assert_string_equal(charset_canonical("unknown-8bit", &c), "");
	assert_string_equal(charset_canonical(NULL, &c), "");
	assert_string_equal(charset_canonical("*en", &c), "");
	assert_string_equal(charset_canonical("windows-1251", &c), "WINDOWS-1251");
	assert_string_equal(charset_canonical("unicode-1-1-utf-7", &c), "UTF-7");
	assert_string_equal(charset_canonical("x-mac-cyrillic", &c), "MAC-CYRILLIC");
	buf_release(&c);
	assert_int_equal(TO_UTF8(" \"KOI8-R\" ", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"), 0);
	assert_true(charset_is_utf8("\"UTF-8\""));
	assert_true(charset_is_utf8("utf8"));
	assert_false(charset_is_utf8("us-ascii"));
	assert_true(charset_is_ascii("US-ASCII"));
	assert_true(charset_is_ascii("ANSI_X3.4-1968"));
	assert_false(charset_is_ascii("utf-8"));
}

static void charset_undeclared_text(void **state)
{
	(void)state;
	/* RFC 6532: undeclared UTF-8 is fine */
	assert_int_equal(TO_UTF8(NULL, "caf\xc3\xa9", "café"), 0);
	assert_int_equal(TO_UTF8("", "plain", "plain"), 0);
	/* undeclared legacy bytes: windows-1252 */
	assert_int_equal(TO_UTF8(NULL, "caf\xe9 \x93q\x94", "café “q”"), ERR_CHARSET);
	/* both in one string: the UTF-8 stays, the rest is read per byte */
	assert_int_equal(TO_UTF8(NULL, "\xc3\xa9/\xe9", "é/é"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("x-unknown", "\xe9", "é"), ERR_CHARSET);
}

/* Labels that lie: keep what the bytes really are. */
static void charset_lying_labels(void **state)
{
	(void)state;
	assert_int_equal(TO_UTF8("us-ascii", "caf\xc3\xa9", "café"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("us-ascii", "caf\xe9", "café"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("iso-8859-1", "caf\xc3\xa9", "café"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("utf-8", "caf\xe9", "café"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("us-ascii", "plain", "plain"), 0);
}

static void charset_empty_and_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	assert_int_equal(charset_to_utf8("utf-8", "", 0, &b), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(charset_to_utf8("koi8-r", "a\0b", 3, &b), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_release(&b);
}

static void charset_assumed_charset(void **state)
{
	(void)state;
	charset_set_fallback("koi8-r");
	assert_int_equal(TO_UTF8(NULL, "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"), ERR_CHARSET);
	assert_int_equal(TO_UTF8("x-bogus", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"), ERR_CHARSET);
	/* valid UTF-8 is still UTF-8 */
	assert_int_equal(TO_UTF8(NULL, "Привет", "Привет"), 0);
	/* a multi-byte fallback whose trail bytes are ASCII must see them */
	charset_set_fallback("shift_jis");
	assert_int_equal(TO_UTF8(NULL, "\x83\x65\x83\x58\x83\x67", "テスト"), ERR_CHARSET);
	charset_set_fallback(NULL);
	assert_int_equal(TO_UTF8(NULL, "\xe9", "é"), ERR_CHARSET);
	charset_set_fallback("latin1");
	assert_int_equal(TO_UTF8(NULL, "\x80", "€"), ERR_CHARSET);
	charset_set_fallback(NULL);
}

static void charset_from_utf8_converts(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	assert_int_equal(charset_from_utf8("iso-8859-1", "Grüße", strlen("Grüße"), &b), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "\x47\x72\xfc\xdf\x65", 5);
	buf_reset(&b);
	assert_int_equal(charset_from_utf8("koi8-r", "Привет", strlen("Привет"), &b), 0);
	assert_buf_eq(&b, "\xf0\xd2\xc9\xd7\xc5\xd4");
	buf_reset(&b);
	assert_int_equal(charset_from_utf8("utf-8", "é", 2, &b), 0);
	assert_buf_eq(&b, "é");
	buf_reset(&b);
	assert_int_equal(charset_from_utf8("shift_jis", "日本語", strlen("日本語"), &b), 0);
	assert_buf_eq(&b, "\x93\xfa\x96\x7b\x8c\xea");
	buf_release(&b);
}

/* Reading maps labels to supersets; writing must produce what the label says. */
static void charset_from_utf8_uses_the_strict_charset(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	buf_addstr(&b, "keep");
	/* "€" is not in ISO-8859-1, even though we read that label as windows-1252 */
	assert_int_equal(charset_from_utf8("iso-8859-1", "1 €", strlen("1 €"), &b), ERR_CHARSET);
	assert_buf_eq(&b, "keep");
	assert_int_equal(charset_from_utf8("windows-1252", "€", strlen("€"), &b), 0);
	assert_buf_eq(&b, "keep\x80");
	buf_release(&b);
}

static void charset_from_utf8_errors(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;

	assert_int_equal(charset_from_utf8("x-no-such", "a", 1, &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8("x-unknown", "a", 1, &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8(NULL, "a", 1, &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8("koi8-r", "a\xff", 2, &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8("utf-8", "a\xff", 2, &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8("koi8-r", "日", strlen("日"), &b), ERR_CHARSET);
	assert_int_equal(charset_from_utf8("utf-8//TRANSLIT", "a", 1, &b), ERR_CHARSET);
	assert_int_equal(b.len, 0);
	/* a failure must not poison the cached descriptor */
	assert_int_equal(charset_from_utf8("koi8-r", "Привет", strlen("Привет"), &b), 0);
	assert_buf_eq(&b, "\xf0\xd2\xc9\xd7\xc5\xd4");
	buf_release(&b);
}

/* More charsets than cache slots, twice over: evictions must not mix them up. */
static void charset_cache_eviction_keeps_results_right(void **state)
{
	(void)state;
	static const struct {
		const char *cs, *in, *want;
	} t[] = {
		{ "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет" },
		{ "windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет" },
		{ "iso-8859-2", "\xa3\xf3\x64\xbc", "Łódź" },
		{ "iso-8859-7", "\xca\xe1\xeb\xe7\xec\xdd\xf1\xe1", "Καλημέρα" },
		{ "iso-8859-15", "\xa4", "€" },
		{ "euc-jp", "\xc6\xfc", "日" },
		{ "shift_jis", "\x93\xfa", "日" },
		{ "iso-2022-jp", "\x1b$BF|\x1b(B", "日" },
		{ "gbk", "\xd6\xd0", "中" },
		{ "big5", "\xa4\xa4", "中" },
		{ "euc-kr", "\xc7\xd1", "한" },
		{ "x-bogus-1", "a", "a" },
		{ "x-bogus-2", "b", "b" },
	};

	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < ARRAY_SIZE(t); i++)
			to_utf8(t[i].cs, t[i].in, strlen(t[i].in), t[i].want);
}

static void *thread_convert(void *arg)
{
	struct buf b = BUF_INIT;
	(void)arg;
	for (int i = 0; i < 100; i++) {
		buf_reset(&b);
		charset_to_utf8(i % 2 ? "koi8-r" : "iso-8859-7", "\xf0\xd2", 2, &b);
	}
	charset_to_utf8("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 6, &b);
	bool ok = strstr(b.data, "Привет") != NULL;
	buf_release(&b);
	return ok ? arg : NULL;
}

/* Each thread has its own cache, freed when the thread ends (LeakSanitizer checks). */
static void charset_threads_have_own_cache(void **state)
{
	(void)state;
	pthread_t th[4];
	int tag;

	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_convert, &tag), 0);
	charset_set_fallback("koi8-r");
	charset_set_fallback(NULL);
	for (int i = 0; i < 4; i++) {
		void *r;
		assert_int_equal(pthread_join(th[i], &r), 0);
		assert_ptr_equal(r, &tag);
	}
}

/* 1 MB of legacy text converts in one go, and per-byte fallbacks stay linear. */
static void charset_large_inputs(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT;

	fill_buf(&in, '\xe9', 1 << 20);
	assert_int_equal(charset_to_utf8("iso-8859-1", in.data, in.len, &out), 0);
	assert_int_equal(out.len, 2u << 20);
	buf_reset(&out);
	/* every byte invalid in Shift_JIS */
	buf_reset(&in);
	fill_buf(&in, '\xa0', 1 << 20);
	assert_int_equal(charset_to_utf8("shift_jis", in.data, in.len, &out), ERR_CHARSET);
	assert_true(utf8_valid(out.data, out.len));
	buf_reset(&out);
	assert_int_equal(charset_to_utf8("utf-8", in.data, in.len, &out), ERR_CHARSET);
	assert_int_equal(out.len, 2u << 20);
	buf_release(&in);
	buf_release(&out);
}

/*
 * Single-byte charsets are decoded by table (charset_sb.c): every byte must
 * come out as iconv itself gives it, and a byte iconv rejects as
 * windows-1252 with ERR_CHARSET.
 */
static void single_byte_tables_agree_with_iconv(void **state)
{
	static const char *const names[] = { "iso-8859-2",   "iso-8859-7",  "koi8-r",
					     "windows-1251", "iso-8859-15", "cp850" };
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		iconv_t cd = iconv_open("UTF-8", names[k]);
		assert_true(cd != (iconv_t)-1);
		for (unsigned b = 1; b < 256; b++) {
			char in[1] = { (char)b }, want[16], *ip = in, *op = want;
			size_t il = 1, ol = sizeof(want);
			struct buf got = BUF_INIT;
			int rc = charset_to_utf8(names[k], in, 1, &got);

			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
				if (rc != ERR_CHARSET)
					fail_msg("%s byte %#x: iconv rejects it, tern says %d",
						 names[k], b, rc);
			} else if (rc != 0 || got.len != (size_t)(op - want) ||
				   memcmp(got.data, want, got.len) != 0) {
				fail_msg("%s byte %#x: %d \"%s\"", names[k], b, rc, got.data);
			}
			buf_release(&got);
		}
		iconv_close(cd);
	}
}

/*
 * glibc's UHC reader can fail with no input left (a lead byte at the end
 * after an invalid pair): the fallback must not read past the input (found
 * by fuzz_charset; ASan reported the read).
 */
static void an_error_with_nothing_left_reads_nothing_more(void **state)
{
	static const char in[] = { 0x05, 'X', (char)0xaf, (char)0xa2, (char)0xe8 };
	char *heap = malloc(sizeof(in)); /* exactly the input: ASan sees one byte more */
	struct buf b = BUF_INIT;

	memcpy(heap, in, sizeof(in));
	assert_true(charset_to_utf8("ks_c_5601-1987", heap, sizeof(in), &b) <= 0);
	assert_true(utf8_valid(b.data, b.len));
	assert_true(b.len >= 2 && b.data[0] == 0x05 && b.data[1] == 'X');
	buf_release(&b);
	free(heap);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(charset_decodes_demo_set),
		cmocka_unit_test(an_error_with_nothing_left_reads_nothing_more),
		cmocka_unit_test(single_byte_tables_agree_with_iconv),
		cmocka_unit_test(charset_reads_supersets_of_declared_charsets),
		cmocka_unit_test(charset_cp1252_undefined_bytes_are_c1),
		cmocka_unit_test(charset_iso2022jp_with_nec_extensions),
		cmocka_unit_test(charset_iso2022jp_shift_state_reset_between_calls),
		cmocka_unit_test(charset_iso2022jp_invalid_bytes_kept),
		cmocka_unit_test(charset_undeclared_iso2022jp_detected),
		cmocka_unit_test(charset_utf7),
		cmocka_unit_test(charset_truncated_multibyte_at_end),
		cmocka_unit_test(charset_unknown_name_falls_back),
		cmocka_unit_test(charset_hostile_names_rejected),
		cmocka_unit_test(charset_iconv_output_is_checked),
		cmocka_unit_test(charset_names_with_junk),
		cmocka_unit_test(charset_undeclared_text),
		cmocka_unit_test(charset_lying_labels),
		cmocka_unit_test(charset_empty_and_nul),
		cmocka_unit_test(charset_assumed_charset),
		cmocka_unit_test(charset_from_utf8_converts),
		cmocka_unit_test(charset_from_utf8_uses_the_strict_charset),
		cmocka_unit_test(charset_from_utf8_errors),
		cmocka_unit_test(charset_cache_eviction_keeps_results_right),
		cmocka_unit_test(charset_threads_have_own_cache),
		cmocka_unit_test(charset_large_inputs),
	};
	return RUN_TESTS(tests);
}
