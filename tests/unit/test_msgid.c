/* test_msgid.c - Message-ID, In-Reply-To and References values */
#include <time.h>

#include "tests/unit/unit.h"

#include "email/email.h"

static void id_is(const char *in, const char *want)
{
	char *id = msgid_parse(in, strlen(in));

	if (!want && id)
		fail_msg("\"%s\" gives \"%s\", want none", in, id);
	if (want && (!id || strcmp(id, want) != 0))
		fail_msg("\"%s\" gives \"%s\", want \"%s\"", in, id ? id : "(none)", want);
	free(id);
}

/* The ids of in, joined by single spaces. */
static void list_is(const char *in, size_t len, const char *want)
{
	struct strlist l = STRLIST_INIT;
	struct buf b = BUF_INIT;

	msgid_parse_list(in, len, &l);
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", l.v[i]);
	assert_buf_eq(&b, want);
	strlist_release(&l);
	buf_release(&b);
}

#define LIST_IS(in, want) list_is(in, strlen(in), want)

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void msgid_plain(void **state)
{
	id_is("<20250213.1234@mail.example.com>", "<20250213.1234@mail.example.com>");
	id_is("  <a@b>  ", "<a@b>");
}

static void msgid_first_of_several(void **state)
{
	id_is("<a@x> <b@y>", "<a@x>");
}

static void msgid_cfws_removed(void **state)
{
	id_is("(comment) <a@b> (trailing)", "<a@b>");
	id_is("(see <not@this>) <a@b>", "<a@b>");
	id_is("((nested) (more <no@no>)) <a@b>", "<a@b>");
	id_is("\r\n <a@b>", "<a@b>");
}

static void msgid_white_space_inside_brackets_removed(void **state)
{
	id_is("<abc@\r\n def.example>", "<abc@def.example>");
	id_is("< abc @ def >", "<abc@def>");
	id_is("<a\tb@c>", "<ab@c>");
}

static void msgid_missing_brackets_single_token(void **state)
{
	id_is("1234.5678@host.example", "<1234.5678@host.example>");
	id_is("  1234.5678@host.example (added by relay) ", "<1234.5678@host.example>");
	/* Not one id-like token: nothing. */
	id_is("two words@host", NULL);
	id_is("no-at-sign", NULL);
	id_is("@host", NULL);
	id_is("user@", NULL);
}

static void msgid_without_at_sign(void **state)
{
	id_is("<1234.5678>", "<1234.5678>");
	LIST_IS("<a> <b@c>", "<a> <b@c>");
}

static void msgid_junk_text_around(void **state)
{
	id_is("Your message of \"Mon, 1 Jan 2024 <not@this>\" <id@x>", "<id@x>");
	id_is("Your message of Mon, 1 Jan 2024 10:00:00 +0000 <id@x>", "<id@x>");
	LIST_IS("<a@x> from Joe's message of \"Mon\" <b@y>", "<a@x> <b@y>");
}

static void msgid_stray_open_bracket(void **state)
{
	id_is("<junk <real@id>", "<real@id>");
	id_is("<<real@id>>", "<real@id>");
	id_is("< >", NULL);
	id_is("<>", NULL);
	id_is("<", NULL);
	id_is(">", NULL);
}

static void msgid_unterminated_last_id(void **state)
{
	id_is("<unterminated@id more text", "<unterminated@id>");
	id_is("<no-at-sign-unterminated", NULL);
	LIST_IS("<a@x> <b@y", "<a@x> <b@y>");
}

static void msgid_unclosed_quote_and_comment_are_text(void **state)
{
	id_is("\"unclosed <a@b>", "<a@b>");
	id_is("(unclosed <a@b>", "<a@b>");
	id_is("\"closed <x@y>\" \"unclosed <a@b>", "<a@b>");
}

static void msgid_eight_bit_and_nul_sanitised(void **state)
{
	const char in[] = "<a\0b@c>";
	char *id = msgid_parse(in, sizeof(in) - 1);

	assert_string_equal(id, "<ab@c>");
	free(id);
	id_is("<\xFF@bad>", "<\xEF\xBF\xBD@bad>");
	id_is("<\xC3\xA9t\xC3\xA9@utf8.example>", "<\xC3\xA9t\xC3\xA9@utf8.example>");
}

static void msgid_empty_and_blank(void **state)
{
	id_is("", NULL);
	id_is("   ", NULL);
	LIST_IS("", "");
	LIST_IS(" \r\n ", "");
}

static void msgid_overlong_id_rejected(void **state)
{
	struct buf b = BUF_INIT;

	buf_addch(&b, '<');
	fill_buf(&b, 'a', 2000);
	buf_addstr(&b, "@x> <ok@x>");
	char *id = msgid_parse(b.data, b.len);
	assert_string_equal(id, "<ok@x>");
	free(id);
	buf_release(&b);
}

static void msgid_list_separators(void **state)
{
	LIST_IS("<a@x> <b@y>\r\n\t<c@z>", "<a@x> <b@y> <c@z>");
	LIST_IS("<a@x>,<b@y>, <c@z>", "<a@x> <b@y> <c@z>");
	LIST_IS("<a@x><b@y><c@z>", "<a@x> <b@y> <c@z>");
	LIST_IS("<a@x> (comment <no@no>) <b@y>", "<a@x> <b@y>");
}

static void msgid_list_without_brackets(void **state)
{
	LIST_IS("a@x b@y, c@z", "<a@x> <b@y> <c@z>");
	/* Words that are not ids make the whole value text, not ids. */
	LIST_IS("joe@x.example's message of Monday", "");
	/* Once brackets are used, bare words are text. */
	LIST_IS("a@x <b@y>", "<b@y>");
}

static void msgid_list_appends(void **state)
{
	struct strlist l = STRLIST_INIT;

	strlist_add(&l, "<old@x>");
	msgid_parse_list("<new@y>", 7, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "<old@x>");
	assert_string_equal(l.v[1], "<new@y>");
	strlist_release(&l);
}

static void msgid_list_caps_keeping_root_and_newest(void **state)
{
	struct buf b = BUF_INIT;
	struct strlist l = STRLIST_INIT;

	for (int i = 0; i < 5000; i++)
		buf_printf(&b, "<%d@x> ", i);
	msgid_parse_list(b.data, b.len, &l);
	assert_int_equal(l.n, 1000);
	assert_string_equal(l.v[0], "<0@x>");
	assert_string_equal(l.v[1], "<4001@x>");
	assert_string_equal(l.v[999], "<4999@x>");
	strlist_release(&l);

	/* Exactly at the cap: nothing dropped. */
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "<%d@x>", i);
	msgid_parse_list(b.data, b.len, &l);
	assert_int_equal(l.n, 1000);
	assert_string_equal(l.v[1], "<1@x>");
	strlist_release(&l);
	buf_release(&b);
}

/* A value of about 1 MB built from unit; fails if parsing is not linear. */
static void megabyte(const char *unit)
{
	struct buf b = BUF_INIT;
	struct strlist l = STRLIST_INIT;

	while (b.len < (1u << 20))
		buf_addstr(&b, unit);
	double t0 = seconds();
	char *id = msgid_parse(b.data, b.len);
	msgid_parse_list(b.data, b.len, &l);
	if (seconds() - t0 > 10.0)
		fail_msg("\"%s\" x %zu took %.1f s", unit, b.len / strlen(unit), seconds() - t0);
	assert_true(l.n <= 1000);
	free(id);
	strlist_release(&l);
	buf_release(&b);
}

static void msgid_megabyte_values_are_linear(void **state)
{
	static const char *const units[] = {
		"<a@b>", "<", ">",  "\"",  "\"\\", "(",  ")", "<a",   "a@b ",
		"a",     " ", "(<", "\"<", "<\"",  "<(", "@", "<a@b", "a@b",
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		megabyte(units[i]);
}

static void msgid_deep_comment_nesting_uses_no_recursion(void **state)
{
	struct buf b = BUF_INIT;

	fill_buf(&b, '(', 100000);
	fill_buf(&b, ')', 100000);
	buf_addstr(&b, " <a@b>");
	char *id = msgid_parse(b.data, b.len);
	assert_string_equal(id, "<a@b>");
	free(id);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msgid_plain),
		cmocka_unit_test(msgid_first_of_several),
		cmocka_unit_test(msgid_cfws_removed),
		cmocka_unit_test(msgid_white_space_inside_brackets_removed),
		cmocka_unit_test(msgid_missing_brackets_single_token),
		cmocka_unit_test(msgid_without_at_sign),
		cmocka_unit_test(msgid_junk_text_around),
		cmocka_unit_test(msgid_stray_open_bracket),
		cmocka_unit_test(msgid_unterminated_last_id),
		cmocka_unit_test(msgid_unclosed_quote_and_comment_are_text),
		cmocka_unit_test(msgid_eight_bit_and_nul_sanitised),
		cmocka_unit_test(msgid_empty_and_blank),
		cmocka_unit_test(msgid_overlong_id_rejected),
		cmocka_unit_test(msgid_list_separators),
		cmocka_unit_test(msgid_list_without_brackets),
		cmocka_unit_test(msgid_list_appends),
		cmocka_unit_test(msgid_list_caps_keeping_root_and_newest),
		cmocka_unit_test(msgid_megabyte_values_are_linear),
		cmocka_unit_test(msgid_deep_comment_nesting_uses_no_recursion),
	};
	return RUN_TESTS(tests);
}
