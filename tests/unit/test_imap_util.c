/* test_imap_util.c - IMAP strings: astrings and literals, UID sets, modified UTF-7, URLs */
#include "imap/util.h"
#include "tests/unit/unit.h"

/* ---- astrings --------------------------------------------------------------- */

static void astring_is(const char *s, unsigned flags, const char *want, bool want_sync)
{
	struct buf out = BUF_INIT;
	bool sync = !want_sync;

	assert_int_equal(imap_add_astring(&out, s, strlen(s), flags, &sync), 0);
	assert_buf_eq(&out, want);
	assert_int_equal(sync, want_sync);
	buf_release(&out);
}

static void astring_atom_quoted_literal(void **state)
{
	(void)state;
	astring_is("INBOX", 0, "INBOX", false);
	astring_is("a]b", 0, "a]b", false); /* ']' may stand in an astring */
	astring_is("", 0, "\"\"", false);
	astring_is("nil", 0, "\"nil\"", false);
	astring_is("two words", 0, "\"two words\"", false);
	astring_is("a\"b\\c", 0, "\"a\\\"b\\\\c\"", false);
	astring_is("50%", 0, "\"50%\"", false);
	astring_is("{5}", 0, "\"{5}\"", false);
	astring_is("line\r\nbreak", 0, "{11}\r\n", true);
	astring_is("line\nbreak", IMAP_STR_LITERAL_PLUS, "{10+}\r\nline\nbreak", false);
	/* 8-bit: a literal, unless UTF8=ACCEPT and it is UTF-8 */
	astring_is("caf\xc3\xa9", 0, "{5}\r\n", true);
	astring_is("caf\xc3\xa9", IMAP_STR_UTF8, "\"caf\xc3\xa9\"", false);
	astring_is("caf\xe9", IMAP_STR_UTF8 | IMAP_STR_LITERAL_MINUS, "{4+}\r\ncaf\xe9", false);
}

static void astring_literal_minus_size_limit(void **state)
{
	struct buf s = BUF_INIT, out = BUF_INIT;
	bool sync;

	(void)state;
	fill_buf(&s, '\n', IMAP_LITERAL_MINUS_MAX);
	assert_int_equal(imap_add_astring(&out, s.data, s.len, IMAP_STR_LITERAL_MINUS, &sync), 0);
	assert_false(sync);
	assert_int_equal(out.len, strlen("{4096+}\r\n") + 4096);
	buf_reset(&out);
	buf_addch(&s, 'x');
	assert_int_equal(imap_add_astring(&out, s.data, s.len, IMAP_STR_LITERAL_MINUS, &sync), 0);
	assert_true(sync);
	assert_buf_eq(&out, "{4097}\r\n");
	buf_release(&s);
	buf_release(&out);
}

static void astring_nul_refused(void **state)
{
	struct buf out = BUF_INIT;
	bool sync;

	(void)state;
	assert_int_equal(imap_add_astring(&out, "a\0b", 3, IMAP_STR_LITERAL_PLUS, &sync),
			 ERR_INVAL);
	assert_int_equal(out.len, 0);
}

static void cmd_segments_at_synchronizing_literals(void **state)
{
	struct imap_cmd c;

	(void)state;
	imap_cmd_init(&c);
	imap_cmd_add(&c, "a1 LOGIN ");
	assert_int_equal(imap_cmd_add_astring(&c, "fred", 4, 0), 0);
	imap_cmd_add(&c, " ");
	assert_int_equal(imap_cmd_add_astring(&c, "pa\r\nss", 6, 0), 0);
	imap_cmd_finish(&c);
	assert_int_equal(c.n, 2);
	assert_buf_eq(&c.seg[0], "a1 LOGIN fred {6}\r\n");
	assert_buf_eq(&c.seg[1], "pa\r\nss\r\n");
	imap_cmd_release(&c);
	assert_int_equal(c.n, 0);

	/* APPEND: the message is always a literal; with LITERAL+ one segment */
	imap_cmd_addf(&c, "a2 APPEND %s ", "Sent");
	assert_int_equal(imap_cmd_add_literal(&c, "Hi\r\n", 4, IMAP_STR_LITERAL_PLUS), 0);
	imap_cmd_finish(&c);
	assert_int_equal(c.n, 1);
	assert_buf_eq(&c.seg[0], "a2 APPEND Sent {4+}\r\nHi\r\n\r\n");
	imap_cmd_release(&c);

	imap_cmd_add(&c, "a3 APPEND x ");
	assert_int_equal(imap_cmd_add_literal(&c, "Hi", 2, 0), 0);
	imap_cmd_finish(&c);
	assert_int_equal(c.n, 2);
	assert_buf_eq(&c.seg[0], "a3 APPEND x {2}\r\n");
	assert_buf_eq(&c.seg[1], "Hi\r\n");
	assert_int_equal(imap_cmd_add_literal(&c, "\0", 1, 0), ERR_INVAL);
	imap_cmd_release(&c);
}

static void cmd_mailbox_names(void **state)
{
	struct imap_cmd c;

	(void)state;
	imap_cmd_init(&c);
	assert_int_equal(imap_cmd_add_mailbox(&c, "inbox", 0), 0);
	imap_cmd_add(&c, " ");
	assert_int_equal(imap_cmd_add_mailbox(&c, "Entw\xc3\xbcrfe & Ablage", 0), 0);
	imap_cmd_add(&c, " ");
	assert_int_equal(imap_cmd_add_mailbox(&c, "Entw\xc3\xbcrfe", IMAP_STR_UTF8), 0);
	assert_buf_eq(&c.seg[0], "INBOX \"Entw&APw-rfe &- Ablage\" \"Entw\xc3\xbcrfe\"");
	assert_int_equal(imap_cmd_add_mailbox(&c, "bad\xff", 0), ERR_INVAL);
	assert_int_equal(imap_cmd_add_mailbox(&c, "bad\xff", IMAP_STR_UTF8), ERR_INVAL);
	imap_cmd_release(&c);
}

/* ---- UID sets ----------------------------------------------------------------- */

static void uidset_compresses_runs(void **state)
{
	static const uint32_t u[] = { 1, 2, 3, 4, 5, 7, 9, 10, 10, 11, 12, 0, 4294967295u };
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(imap_uidset_chunk(u, ARRAY_SIZE(u), 1000, &out), ARRAY_SIZE(u));
	assert_buf_eq(&out, "1:5,7,9:12,4294967295");
	buf_release(&out);
}

static void uidset_chunks_respect_max_len(void **state)
{
	enum { N = 5000 };
	uint32_t *u = xcalloc(N, sizeof(*u));
	struct strlist sets = STRLIST_INIT;
	struct imap_uidset back = IMAP_UIDSET_INIT;
	struct buf err = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < N; i++)
		u[i] = (uint32_t)(1000000 + 2 * i + (i % 7 == 0)); /* few runs: long sets */
	imap_uidset_format(u, N, 100, &sets);
	assert_true(sets.n > 1);
	for (size_t i = 0; i < sets.n; i++) {
		assert_true(strlen(sets.v[i]) <= 100);
		if (i + 1 < sets.n)
			assert_true(strlen(sets.v[i]) > 80); /* filled, not one UID per set */
		assert_int_equal(
			imap_uidset_parse(sets.v[i], strlen(sets.v[i]), 0, 1000, &back, &err), 0);
	}
	/* together the sets give every UID back, in order */
	uint32_t *got;
	size_t n;
	assert_int_equal(imap_uidset_expand(&back, N, &got, &n), 0);
	assert_int_equal(n, N);
	assert_memory_equal(got, u, N * sizeof(*u));
	free(got);
	free(u);
	imap_uidset_release(&back);
	strlist_release(&sets);
}

static void uidset_tiny_max_len_still_progresses(void **state)
{
	static const uint32_t u[] = { 4000000000u, 4000000002u, 4000000003u };
	struct strlist sets = STRLIST_INIT;

	(void)state;
	imap_uidset_format(u, ARRAY_SIZE(u), 1, &sets);
	assert_int_equal(sets.n, 2);
	assert_string_equal(sets.v[0], "4000000000");
	assert_string_equal(sets.v[1], "4000000002:4000000003");
	strlist_release(&sets);
}

static void uidset_parse_ranges(void **state)
{
	struct imap_uidset set = IMAP_UIDSET_INIT;
	struct buf err = BUF_INIT;
	uint32_t *v;
	size_t n;

	(void)state;
	assert_int_equal(imap_uidset_parse("3,9:7,20:*", 10, 22, 10, &set, &err), 0);
	assert_int_equal(set.n, 3);
	assert_int_equal(set.v[1].lo, 7);
	assert_int_equal(set.v[1].hi, 9);
	assert_int_equal(set.count, 7);
	assert_true(imap_uidset_contains(&set, 8));
	assert_true(imap_uidset_contains(&set, 22));
	assert_false(imap_uidset_contains(&set, 4));
	assert_int_equal(imap_uidset_expand(&set, 100, &v, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 7);
	assert_int_equal(v[6], 22);
	free(v);
	assert_int_equal(imap_uidset_expand(&set, 6, &v, &n), ERR_LIMIT);
	assert_null(v);
	imap_uidset_release(&set);

	/* a huge range parses (VANISHED may say so) but does not expand */
	assert_int_equal(imap_uidset_parse("1:4294967295", 12, 0, 10, &set, &err), 0);
	assert_true(set.count == 4294967295u);
	assert_int_equal(imap_uidset_expand(&set, 1000000, &v, &n), ERR_LIMIT);
	imap_uidset_release(&set);
}

static void uidset_parse_rejects(void **state)
{
	static const char *bad[] = {
		"",   ",",  "1,",  ",1", "1,,2", "0", "1:0", "4294967296", "99999999999999999999",
		"1:", ":5", "1 2", "a",  "1;2",  "*", "1:*", "-1",         "1::2",
	};
	struct imap_uidset set = IMAP_UIDSET_INIT;
	struct buf err = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (imap_uidset_parse(bad[i], strlen(bad[i]), 0, 10, &set, &err) != ERR_PARSE)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(set.n, 0);
	}
	assert_int_equal(imap_uidset_parse("1,2,3,4", 7, 0, 3, &set, &err), ERR_LIMIT);
	assert_int_equal(set.n, 0);
	imap_uidset_release(&set);
	buf_release(&err);
}

/* ---- Modified UTF-7 ------------------------------------------------------------ */

static void mutf7_both_ways(const char *utf8, const char *mutf7)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	assert_int_equal(imap_mutf7_encode(utf8, strlen(utf8), &out), 0);
	assert_buf_eq(&out, mutf7);
	buf_reset(&out);
	if (imap_mutf7_decode(mutf7, strlen(mutf7), &out, &err) != 0)
		fail_msg("%s: %s", mutf7, err.data);
	assert_buf_eq(&out, utf8);
	buf_release(&out);
}

static void mutf7_rfc3501_example_and_more(void **state)
{
	(void)state;
	mutf7_both_ways("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
			"~peter/mail/&U,BTFw-/&ZeVnLIqe-");
	mutf7_both_ways("a&b", "a&-b");
	mutf7_both_ways("&", "&-");
	mutf7_both_ways("", "");
	mutf7_both_ways("Entw\xc3\xbcrfe & Ablage", "Entw&APw-rfe &- Ablage");
	mutf7_both_ways("\xc3\xa9", "&AOk-");
	mutf7_both_ways("\xf0\x9f\x98\x80", "&2D3eAA-"); /* U+1F600: a surrogate pair */
	mutf7_both_ways("\x01x", "&AAE-x");
	mutf7_both_ways("\xc3\xa9&", "&AOk-&-");
}

static void mutf7_encode_rejects_bad_utf8(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(imap_mutf7_encode("a\xff", 2, &out), ERR_INVAL);
	assert_int_equal(imap_mutf7_encode("\xed\xa0\x80", 3, &out), ERR_INVAL); /* a surrogate */
	assert_int_equal(imap_mutf7_encode("a\0b", 3, &out), ERR_INVAL);
	assert_int_equal(out.len, 0);
}

static void mutf7_decode_rejects(void **state)
{
	static const char *bad[] = {
		"&",           /* never ends */
		"&AOk",        /* never ends */
		"a&AOk-&AOk-", /* two runs where one would do */
		"&AOl-",       /* non-zero padding bits */
		"&AOkA-",      /* a sixth of a unit left over */
		"&AGE-",       /* "a" hidden in base64 */
		"&2D0-",       /* a lone high surrogate */
		"&3gA-",       /* a lone low surrogate */
		"&2D3YPQ-",    /* high then high */
		"&AAA-",       /* NUL */
		"&A/k-",       /* '/' is not modified base64 */
		"&A=k-",       /* nor is padding */
		"caf\xc3\xa9", /* raw 8-bit */
		"a\tb",        /* raw control */
	};
	struct buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		if (imap_mutf7_decode(bad[i], strlen(bad[i]), &out, &err) != ERR_PARSE)
			fail_msg("\"%s\" was accepted as \"%s\"", bad[i], out.data);
		assert_int_equal(out.len, 0);
		assert_true(err.len > 0);
	}
	buf_release(&err);
}

/* A small deterministic generator, so that a failure repeats. */
static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static uint32_t random_code_point(uint32_t *x)
{
	static const uint32_t picks[] = { '&', '-', 'a', ' ', '~', 0x01, 0x7f, 0xe9 };
	uint32_t r = next_rand(x);

	switch (r % 4) {
	case 0:
		return picks[(r >> 8) % ARRAY_SIZE(picks)];
	case 1:
		return 0x20 + (r >> 8) % 0x5f;
	case 2:
		return 0x80 + (r >> 8) % (0xD800 - 0x80);
	default:
		return 0x10000 + (r >> 8) % 0x100000;
	}
}

/* Any UTF-8 name survives encode then decode. */
static void mutf7_round_trip_random_names(void **state)
{
	struct buf name = BUF_INIT, enc = BUF_INIT, dec = BUF_INIT, err = BUF_INIT;
	uint32_t x = 2463534242u;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		buf_reset(&name);
		buf_reset(&enc);
		buf_reset(&dec);
		for (uint32_t n = next_rand(&x) % 12; n > 0; n--)
			buf_add_utf8(&name, random_code_point(&x));
		assert_int_equal(imap_mutf7_encode(name.data, name.len, &enc), 0);
		if (imap_mutf7_decode(enc.data, enc.len, &dec, &err) != 0)
			fail_msg("%s: %s", enc.data, err.data);
		assert_true(dec.len == name.len && memcmp(dec.data, name.data, name.len) == 0);
	}
	buf_release(&name);
	buf_release(&enc);
	buf_release(&dec);
	buf_release(&err);
}

/* Whatever the decoder accepts is the one encoding of its name. */
static void mutf7_accepted_input_is_canonical(void **state)
{
	static const char alphabet[] = "&&&---AAOkZez09+,/a ";
	struct buf in = BUF_INIT, dec = BUF_INIT, enc = BUF_INIT, err = BUF_INIT;
	uint32_t x = 88172645u;
	int accepted = 0;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		buf_reset(&in);
		buf_reset(&dec);
		buf_reset(&enc);
		for (uint32_t n = 1 + next_rand(&x) % 10; n > 0; n--)
			buf_addch(&in, alphabet[next_rand(&x) % (sizeof(alphabet) - 1)]);
		if (imap_mutf7_decode(in.data, in.len, &dec, &err) != 0)
			continue;
		accepted++;
		assert_int_equal(imap_mutf7_encode(dec.data, dec.len, &enc), 0);
		if (!buf_eq(&enc, in.data))
			fail_msg("\"%s\" decodes, but its name encodes as \"%s\"", in.data,
				 enc.data);
	}
	assert_true(accepted > 1000);
	buf_release(&in);
	buf_release(&dec);
	buf_release(&enc);
	buf_release(&err);
}

/* ---- URLs ---------------------------------------------------------------------- */

static void url_full_rfc5092(void **state)
{
	struct imap_url u;
	struct buf err = BUF_INIT, out = BUF_INIT;

	(void)state;
	assert_int_equal(imap_url_parse("imap://fred%40example.com;AUTH=*@[2001:db8::1]:1430/"
					"Entw%C3%BCrfe/a%20b;UIDVALIDITY=42/;UID=20",
					&u, &err),
			 0);
	assert_false(u.tls);
	assert_string_equal(u.user, "fred@example.com");
	assert_null(u.pass);
	assert_string_equal(u.auth, "*");
	assert_string_equal(u.host, "2001:db8::1");
	assert_int_equal(u.port, 1430);
	assert_true(u.port_given);
	assert_string_equal(u.mailbox, "Entw\xc3\xbcrfe/a b");
	assert_true(u.mailbox_given);
	assert_int_equal(u.uidvalidity, 42);
	imap_url_format(&u, NULL, &out);
	assert_buf_eq(&out, "imap://fred%40example.com;AUTH=*@[2001:db8::1]:1430/"
			    "Entw%C3%BCrfe/a%20b;UIDVALIDITY=42");
	buf_reset(&out);
	imap_url_format(&u, "Sent", &out);
	assert_buf_eq(&out, "imap://fred%40example.com;AUTH=*@[2001:db8::1]:1430/Sent");
	imap_url_release(&u);
	buf_release(&out);
}

static void url_mutt_forms(void **state)
{
	struct imap_url u;
	struct buf err = BUF_INIT, out = BUF_INIT;

	(void)state;
	assert_int_equal(imap_url_parse("imaps://me@example.com@mail.example.com/INBOX", &u, &err),
			 0);
	assert_true(u.tls);
	assert_string_equal(u.user, "me@example.com");
	assert_string_equal(u.host, "mail.example.com");
	assert_int_equal(u.port, 993);
	assert_false(u.port_given);
	assert_string_equal(u.mailbox, "INBOX");
	imap_url_release(&u);

	/* a password is read but never written back; no path is INBOX */
	assert_int_equal(imap_url_parse("IMAP://joe:s3cr%3At@Host.Example:143", &u, &err), 0);
	assert_string_equal(u.user, "joe");
	assert_string_equal(u.pass, "s3cr:t");
	assert_string_equal(u.mailbox, "INBOX");
	assert_false(u.mailbox_given);
	imap_url_format(&u, NULL, &out);
	assert_buf_eq(&out, "imap://joe@Host.Example/");
	assert_null(strstr(out.data, "s3cr"));
	imap_url_release(&u);
	assert_null(u.pass);

	assert_int_equal(imap_url_parse("imaps://host/", &u, &err), 0);
	assert_null(u.user);
	assert_string_equal(u.mailbox, "INBOX");
	assert_false(u.mailbox_given);
	imap_url_release(&u);
	buf_release(&out);
}

static void url_rejects(void **state)
{
	static const char *bad[] = {
		"pop://host/",
		"imap:/host",
		"imap://",
		"imap:///INBOX",
		"imap://@host/",
		"imap://u@/x",
		"imap://host:0/",
		"imap://host:65536/",
		"imap://host:x/",
		"imap://host:/",
		"imap://[::1/",
		"imap://[::1]x/",
		"imap://ho st/",
		"imap://host/a%zz",
		"imap://host/a%00b",
		"imap://host/a%0d%0a",
		"imap://u%ff@host/",
		"imap://u;AUTH=@host/",
		"imap://host/x;UIDVALIDITY=0",
		"imap://host/x;UIDVALIDITY=12a",
	};
	struct imap_url u;
	struct buf err = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		if (imap_url_parse(bad[i], &u, &err) != ERR_PARSE)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_true(err.len > 0);
		assert_null(u.host);
	}
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(astring_atom_quoted_literal),
		cmocka_unit_test(astring_literal_minus_size_limit),
		cmocka_unit_test(astring_nul_refused),
		cmocka_unit_test(cmd_segments_at_synchronizing_literals),
		cmocka_unit_test(cmd_mailbox_names),
		cmocka_unit_test(uidset_compresses_runs),
		cmocka_unit_test(uidset_chunks_respect_max_len),
		cmocka_unit_test(uidset_tiny_max_len_still_progresses),
		cmocka_unit_test(uidset_parse_ranges),
		cmocka_unit_test(uidset_parse_rejects),
		cmocka_unit_test(mutf7_rfc3501_example_and_more),
		cmocka_unit_test(mutf7_encode_rejects_bad_utf8),
		cmocka_unit_test(mutf7_decode_rejects),
		cmocka_unit_test(mutf7_round_trip_random_names),
		cmocka_unit_test(mutf7_accepted_input_is_canonical),
		cmocka_unit_test(url_full_rfc5092),
		cmocka_unit_test(url_mutt_forms),
		cmocka_unit_test(url_rejects),
	};
	return RUN_TESTS(tests);
}
