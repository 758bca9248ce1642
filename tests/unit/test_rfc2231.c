/*
 * test_rfc2231.c - MIME parameter lists: RFC 2045 syntax, RFC 2231
 * continuations and charsets, real-world violations, and writing them back.
 */
#include <time.h>

#include "email/email.h"
#include "tests/unit/unit.h"

/* Parse s into l (released by the caller); return params_parse's result. */
static int parse(const char *s, struct paramlist *l)
{
	memset(l, 0, sizeof(*l));
	int rc = params_parse(s, strlen(s), l);
	for (size_t i = 0; i < l->n; i++)
		assert_true(utf8_valid(l->v[i].value, strlen(l->v[i].value)));
	return rc;
}

static void assert_param(const struct paramlist *l, const char *name, const char *want)
{
	const char *v = params_get(l, name);

	if (!want && v)
		fail_msg("parameter %s is \"%s\", want none", name, v);
	if (want && (!v || strcmp(v, want) != 0))
		fail_msg("parameter %s is %s%s%s, want \"%s\"", name, v ? "\"" : "",
			 v ? v : "absent", v ? "\"" : "", want);
}

static void params_token_and_quoted_values(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; charset=us-ascii; name=\"a b;c.txt\"", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "charset");
	assert_param(&l, "charset", "us-ascii");
	assert_param(&l, "name", "a b;c.txt");
	assert_null(l.v[1].lang);
	paramlist_release(&l);
}

static void params_names_are_case_insensitive_and_lowered(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; CharSet=UTF-8", &l);
	assert_string_equal(l.v[0].name, "charset");
	assert_param(&l, "CHARSET", "UTF-8");
	paramlist_release(&l);
}

static void params_quoted_pairs_unescaped(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; a=\"say \\\"hi\\\" \\\\o/\"", &l);
	assert_param(&l, "a", "say \"hi\" \\o/");
	paramlist_release(&l);
}

static void params_windows_path_backslashes_kept(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; filename=\"C:\\docs\\a.txt\"", &l);
	assert_param(&l, "filename", "C:\\docs\\a.txt");
	paramlist_release(&l);
}

static void params_folded_value_is_unfolded(void **state)
{
	struct paramlist l;

	(void)state;
	parse(";\r\n\tname=\"long\r\n name\"", &l);
	assert_param(&l, "name", "long name");
	paramlist_release(&l);
}

static void params_continuations_join_in_order(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; name*0=\"abc\"; name*1=def; name*2=\"ghi\"", &l), 0);
	assert_int_equal(l.n, 1);
	assert_param(&l, "name", "abcdefghi");
	paramlist_release(&l);
}

static void params_continuations_any_order_with_gaps(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; x*3=\"d\"; name*5=\"3\"; name*0=\"1\"; x*0=a; name*2=\"2\"", &l);
	assert_param(&l, "name", "123");
	assert_param(&l, "x", "ad");
	/* Order of first appearance is kept. */
	assert_string_equal(l.v[0].name, "x");
	assert_string_equal(l.v[1].name, "name");
	paramlist_release(&l);
}

static void params_extended_charset_and_language(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; title*=utf-8'en-us'caf%C3%A9%20%e2%82%ac", &l), 0);
	assert_param(&l, "title", "caf\xC3\xA9 \xE2\x82\xAC");
	assert_string_equal(l.v[0].lang, "en-us");
	paramlist_release(&l);
	parse("; title*=iso-8859-1''caf%E9", &l);
	assert_param(&l, "title", "caf\xC3\xA9");
	assert_null(l.v[0].lang);
	paramlist_release(&l);
}

static void params_extended_unknown_charset_falls_back(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; title*=x-no-such-charset''caf%E9; b*=''%E2%82%AC", &l);
	assert_param(&l, "title", "caf\xC3\xA9");
	assert_param(&l, "b", "\xE2\x82\xAC");
	paramlist_release(&l);
}

static void params_extended_continuations_split_a_character(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; filename*1*=%A9.txt; filename*0*=utf-8''caf%C3; filename*2=\"!\"", &l);
	assert_param(&l, "filename", "caf\xC3\xA9.txt!");
	paramlist_release(&l);
}

static void params_malformed_percent_kept(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; a*=utf-8''100%; b*=utf-8''%zz%4", &l), ERR_PARSE);
	assert_param(&l, "a", "100%");
	assert_param(&l, "b", "%zz%4");
	paramlist_release(&l);
}

static void params_rfc2231_form_beats_plain_fallback(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; filename=\"fallback.txt\"; filename*=utf-8''r%C3%A9al.txt", &l);
	assert_int_equal(l.n, 1);
	assert_param(&l, "filename",
		     "r\xC3\xA9"
		     "al.txt");
	paramlist_release(&l);
}

static void params_duplicates_first_wins(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; charset=utf-8; charset=iso-8859-1; a*0=x; a*0=y", &l);
	assert_int_equal(l.n, 2);
	assert_param(&l, "charset", "utf-8");
	assert_param(&l, "a", "x");
	/* A second call appending to the same list keeps the first value too. */
	params_parse("; charset=koi8-r; new=1", strlen("; charset=koi8-r; new=1"), &l);
	assert_param(&l, "charset", "utf-8");
	assert_param(&l, "new", "1");
	paramlist_release(&l);
}

static void params_missing_semicolons(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse(" charset=us-ascii format=flowed name=\"x\" delsp=yes", &l),
			 ERR_PARSE);
	assert_int_equal(l.n, 4);
	assert_param(&l, "charset", "us-ascii");
	assert_param(&l, "format", "flowed");
	assert_param(&l, "name", "x");
	assert_param(&l, "delsp", "yes");
	paramlist_release(&l);
}

static void params_unquoted_value_with_spaces(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; name=My Annual Report.pdf ; size=3", &l);
	assert_param(&l, "name", "My Annual Report.pdf");
	assert_param(&l, "size", "3");
	paramlist_release(&l);
	parse("; name=file(1).txt", &l);
	assert_param(&l, "name", "file(1).txt");
	paramlist_release(&l);
}

static void params_comments_ignored(void **state)
{
	struct paramlist l;

	(void)state;
	parse(" (lead) ; charset=us-ascii (Plain (nested) text) ; (x) a = \"b\" (c)", &l);
	assert_int_equal(l.n, 2);
	assert_param(&l, "charset", "us-ascii");
	assert_param(&l, "a", "b");
	paramlist_release(&l);
}

static void params_rfc2047_words_in_values_decoded(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; name=\"=?utf-8?B?Y2Fmw6kucGRm?=\"; b==?iso-8859-1?Q?caf=E9?=", &l);
	assert_param(&l, "name", "caf\xC3\xA9.pdf");
	assert_param(&l, "b", "caf\xC3\xA9");
	paramlist_release(&l);
	/* A word split across continuations is joined first. */
	parse("; name*0=\"=?utf-8?Q?caf\"; name*1=\"=C3=A9?=\"", &l);
	assert_param(&l, "name", "caf\xC3\xA9");
	paramlist_release(&l);
}

static void params_raw_8bit_values_become_utf8(void **state)
{
	struct paramlist l;

	(void)state;
	parse("; a=\"caf\xC3\xA9\"; b=\"caf\xE9\"", &l);
	assert_param(&l, "a", "caf\xC3\xA9");
	assert_param(&l, "b", "caf\xC3\xA9");
	paramlist_release(&l);
}

static void params_unterminated_quote_keeps_rest(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; name=\"abc; def", &l), ERR_PARSE);
	assert_param(&l, "name", "abc; def");
	paramlist_release(&l);
}

static void params_junk_is_skipped(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("; ; novalue; =orphan; \"q\"; a=1; b*x*=2; c=\"v\"junk", &l),
			 ERR_PARSE);
	assert_param(&l, "a", "1");
	assert_param(&l, "b*x*", "2");
	assert_param(&l, "c", "v");
	assert_param(&l, "novalue", NULL);
	paramlist_release(&l);
}

static void params_empty_and_blank_input(void **state)
{
	struct paramlist l;

	(void)state;
	assert_int_equal(parse("", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse(" ;; ", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse("; a=", &l), 0);
	assert_param(&l, "a", "");
	paramlist_release(&l);
}

static void params_nul_bytes_dropped_from_values(void **state)
{
	struct paramlist l = { 0 };
	static const char s[] = "; name=\"evil\0.txt\"; x\0y=1";

	(void)state;
	params_parse(s, sizeof(s) - 1, &l);
	assert_param(&l, "name", "evil.txt");
	paramlist_release(&l);
}

static void params_item_count_is_capped(void **state)
{
	struct buf s = BUF_INIT;
	struct paramlist l = { 0 };
	clock_t t0 = clock();

	(void)state;
	for (int i = 0; i < 100000; i++)
		buf_printf(&s, "; p%d*%d=v", i % 7, i);
	assert_int_equal(params_parse(s.data, s.len, &l), ERR_PARSE);
	assert_true(l.n <= 7);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	paramlist_release(&l);
	buf_release(&s);
}

static void params_megabyte_value(void **state)
{
	struct buf s = BUF_INIT;
	struct paramlist l = { 0 };

	(void)state;
	buf_addstr(&s, "; name=\"");
	fill_buf(&s, 'x', 1 << 20);
	buf_addstr(&s, "\"; b=2");
	assert_int_equal(params_parse(s.data, s.len, &l), 0);
	assert_int_equal(strlen(params_get(&l, "name")), 1 << 20);
	assert_param(&l, "b", "2");
	paramlist_release(&l);
	buf_release(&s);
}

static void params_set_adds_or_replaces(void **state)
{
	struct paramlist l = { 0 };

	(void)state;
	params_set(&l, "Charset", "utf-8");
	params_set(&l, "charset", "us-ascii");
	assert_int_equal(l.n, 1);
	assert_param(&l, "charset", "us-ascii");
	paramlist_release(&l);
}

/* ---- Writing ---------------------------------------------------------------- */

static void format_is(const char *name, const char *value, const char *lang, const char *want)
{
	struct paramlist l = { 0 };
	struct buf out = BUF_INIT;

	params_set(&l, name, value);
	if (lang)
		l.v[0].lang = xstrdup(lang);
	params_format(&l, &out);
	assert_buf_eq(&out, want);
	buf_release(&out);
	paramlist_release(&l);
}

static void params_format_quotes_only_when_needed(void **state)
{
	(void)state;
	format_is("charset", "utf-8", NULL, "; charset=utf-8");
	format_is("name", "a b.txt", NULL, "; name=\"a b.txt\"");
	format_is("name", "say \"hi\" \\o/", NULL, "; name=\"say \\\"hi\\\" \\\\o/\"");
	format_is("name", "", NULL, "; name=\"\"");
	format_is("boundary", "=_a?b", NULL, "; boundary=\"=_a?b\"");
}

static void params_format_rfc2231_for_non_ascii(void **state)
{
	(void)state;
	format_is("filename", "caf\xC3\xA9 1.txt", NULL, "; filename*=utf-8''caf%C3%A9%201.txt");
	format_is("title", "a", "en", "; title*=utf-8'en'a");
	format_is("x", "tab\there", NULL, "; x*=utf-8''tab%09here");
	/* Text that looks like an RFC 2047 word must not be decoded by readers. */
	format_is("name", "=?utf-8?Q?x?=", NULL, "; name*=utf-8''%3D%3Futf-8%3FQ%3Fx%3F%3D");
	/* A malformed language tag is left out rather than written raw. */
	format_is("t", "a", "e n;", "; t=a");
}

/* Every line of a formatted list fits in 78 columns. */
static void assert_lines_fit(const struct buf *b)
{
	size_t col = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\r')
			continue;
		col = b->data[i] == '\n' ? 0 : col + 1;
		assert_true(col <= 78);
	}
}

static void round_trip(const char *name, const char *value, const char *lang)
{
	struct paramlist l = { 0 }, back = { 0 };
	struct buf out = BUF_INIT;

	params_set(&l, name, value);
	if (lang)
		l.v[0].lang = xstrdup(lang);
	params_set(&l, "other", "x");
	params_format(&l, &out);
	assert_lines_fit(&out);
	assert_int_equal(params_parse(out.data, out.len, &back), 0);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.v[0].name, name);
	assert_string_equal(back.v[0].value, value);
	if (lang)
		assert_string_equal(back.v[0].lang, lang);
	else
		assert_null(back.v[0].lang);
	assert_param(&back, "other", "x");
	paramlist_release(&l);
	paramlist_release(&back);
	buf_release(&out);
}

static void params_format_round_trips_long_values(void **state)
{
	struct buf v = BUF_INIT;

	(void)state;
	round_trip("name", "short", NULL);
	fill_buf(&v, 'a', 300);
	round_trip("filename", v.data, NULL);
	buf_reset(&v);
	for (int i = 0; i < 60; i++)
		buf_addstr(&v, "\"q\\ ");
	round_trip("filename", v.data, NULL);
	buf_reset(&v);
	for (int i = 0; i < 100; i++)
		buf_addstr(&v, "\xE2\x82\xAC\xC3\xA9x");
	round_trip("filename", v.data, "fr");
	buf_release(&v);
}

static void params_format_never_splits_a_character(void **state)
{
	struct paramlist l = { 0 };
	struct buf v = BUF_INIT, out = BUF_INIT;

	(void)state;
	for (int i = 0; i < 50; i++)
		buf_addstr(&v, "\xF0\x9F\x98\x80"); /* four-byte characters */
	params_set(&l, "filename", v.data);
	params_format(&l, &out);
	/* Each continuation decodes to whole characters on its own. */
	for (const char *p = out.data; (p = strstr(p, "*=")) != NULL; p += 2) {
		const char *e = strpbrk(p, ";");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t pct = 0;
		for (size_t i = 0; i < n; i++)
			pct += p[i] == '%';
		assert_int_equal(pct % 4, 0);
	}
	buf_release(&v);
	buf_release(&out);
	paramlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(params_token_and_quoted_values),
		cmocka_unit_test(params_names_are_case_insensitive_and_lowered),
		cmocka_unit_test(params_quoted_pairs_unescaped),
		cmocka_unit_test(params_windows_path_backslashes_kept),
		cmocka_unit_test(params_folded_value_is_unfolded),
		cmocka_unit_test(params_continuations_join_in_order),
		cmocka_unit_test(params_continuations_any_order_with_gaps),
		cmocka_unit_test(params_extended_charset_and_language),
		cmocka_unit_test(params_extended_unknown_charset_falls_back),
		cmocka_unit_test(params_extended_continuations_split_a_character),
		cmocka_unit_test(params_malformed_percent_kept),
		cmocka_unit_test(params_rfc2231_form_beats_plain_fallback),
		cmocka_unit_test(params_duplicates_first_wins),
		cmocka_unit_test(params_missing_semicolons),
		cmocka_unit_test(params_unquoted_value_with_spaces),
		cmocka_unit_test(params_comments_ignored),
		cmocka_unit_test(params_rfc2047_words_in_values_decoded),
		cmocka_unit_test(params_raw_8bit_values_become_utf8),
		cmocka_unit_test(params_unterminated_quote_keeps_rest),
		cmocka_unit_test(params_junk_is_skipped),
		cmocka_unit_test(params_empty_and_blank_input),
		cmocka_unit_test(params_nul_bytes_dropped_from_values),
		cmocka_unit_test(params_item_count_is_capped),
		cmocka_unit_test(params_megabyte_value),
		cmocka_unit_test(params_set_adds_or_replaces),
		cmocka_unit_test(params_format_quotes_only_when_needed),
		cmocka_unit_test(params_format_rfc2231_for_non_ascii),
		cmocka_unit_test(params_format_round_trips_long_values),
		cmocka_unit_test(params_format_never_splits_a_character),
	};
	return RUN_TESTS(tests);
}
