/* test_header.c - splitting header blocks into fields */
#include "tests/unit/unit.h"

#include "email/email.h"

static void field_is(const struct header_field *f, const char *name, const char *value)
{
	assert_non_null(f);
	if (f->name_len != strlen(name) || memcmp(f->name, name, f->name_len) != 0)
		fail_msg("name is \"%.*s\", want \"%s\"", (int)f->name_len, f->name, name);
	if (f->value_len != strlen(value) || memcmp(f->value, value, f->value_len) != 0)
		fail_msg("value is \"%.*s\", want \"%s\"", (int)f->value_len, f->value, value);
}

static void headers_split_crlf_block_and_find_body(void **state)
{
	const char msg[] = "From: a@b\r\nSubject: hi\r\n\r\nbody\r\n";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 2);
	field_is(&h.v[0], "From", "a@b");
	field_is(&h.v[1], "Subject", "hi");
	assert_string_equal(msg + h.body_offset, "body\r\n");
	header_list_release(&h);
}

static void headers_accept_bare_lf(void **state)
{
	const char msg[] = "To: x@y\nSubject: s\n\nbody";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(msg + h.body_offset, "body");
	header_list_release(&h);
}

static void headers_keep_folded_value_raw_and_unfold(void **state)
{
	const char msg[] = "Subject: one\r\n two\r\n\tthree\r\nX: y\r\n\r\n";
	struct header_list h = { 0 };
	struct buf b = BUF_INIT;

	headers_parse(msg, sizeof(msg) - 1, &h);
	assert_int_equal(h.n, 2);
	field_is(&h.v[0], "Subject", "one\r\n two\r\n\tthree");
	header_unfold(h.v[0].value, h.v[0].value_len, &b);
	assert_buf_eq(&b, "one two\tthree");
	header_list_release(&h);
	buf_release(&b);
}

static void headers_value_starting_with_fold(void **state)
{
	const char msg[] = "Subject:\r\n  folded at once\r\n\r\n";
	struct header_list h = { 0 };

	headers_parse(msg, sizeof(msg) - 1, &h);
	assert_int_equal(h.n, 1);
	field_is(&h.v[0], "Subject", "folded at once");
	header_list_release(&h);
}

static void headers_obsolete_space_before_colon(void **state)
{
	const char msg[] = "Subject : obsolete\nDate\t: x\n\n";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 2);
	field_is(&h.v[0], "Subject", "obsolete");
	field_is(&h.v[1], "Date", "x");
	header_list_release(&h);
}

static void headers_empty_value_and_duplicates_kept_in_order(void **state)
{
	const char msg[] = "Subject:\nReceived: 1\nReceived: 2\n\n";
	struct header_list h = { 0 };

	headers_parse(msg, sizeof(msg) - 1, &h);
	assert_int_equal(h.n, 3);
	field_is(&h.v[0], "Subject", "");
	field_is(&h.v[1], "Received", "1");
	field_is(&h.v[2], "Received", "2");
	field_is(header_find(&h, "RECEIVED"), "Received", "1");
	assert_null(header_find(&h, "Cc"));
	header_list_release(&h);
}

static void headers_skip_mbox_from_lines(void **state)
{
	const char msg[] = "From alice@example.org Mon Jan  5 12:00:00 2026\n"
			   "Subject: s\n>From bob Tue\nTo: t\n\nb";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 2);
	field_is(&h.v[0], "Subject", "s");
	field_is(&h.v[1], "To", "t");
	assert_string_equal(msg + h.body_offset, "b");
	header_list_release(&h);
}

static void headers_non_header_line_starts_body(void **state)
{
	const char msg[] = "Subject: s\nthis is not a header\nmore\n";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), ERR_PARSE);
	assert_true(h.defects & DEFECT_NO_BODY_SEPARATOR);
	assert_int_equal(h.n, 1);
	/* Nothing is lost: the stray line is the first body line. */
	assert_string_equal(msg + h.body_offset, "this is not a header\nmore\n");
	header_list_release(&h);
}

static void headers_only_no_body(void **state)
{
	const char msg[] = "Subject: s\nTo: t";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 2);
	field_is(&h.v[1], "To", "t");
	assert_int_equal(h.body_offset, sizeof(msg) - 1);
	header_list_release(&h);
}

static void headers_empty_input(void **state)
{
	struct header_list h = { 0 };

	assert_int_equal(headers_parse("", 0, &h), ERR_PARSE);
	assert_true(h.defects & DEFECT_EMPTY_MESSAGE);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.body_offset, 0);
	header_list_release(&h);
}

static void headers_body_only_message(void **state)
{
	const char msg[] = "\nbody after a blank first line";
	struct header_list h = { 0 };

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), 0);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.body_offset, 1);
	header_list_release(&h);
}

static void headers_with_nul_bytes(void **state)
{
	const char msg[] = "Subject: a\0b\nX-Nul\0: v\n\nbody\0tail";
	struct header_list h = { 0 };

	headers_parse(msg, sizeof(msg) - 1, &h);
	assert_true(h.n >= 1);
	assert_int_equal(h.v[0].value_len, 3);
	assert_memory_equal(h.v[0].value, "a\0b", 3);
	/* the NUL in a name is an illegal character, the field is still kept */
	assert_int_equal(h.n, 2);
	assert_true(h.defects & DEFECT_BAD_HEADER_NAME);
	assert_int_equal(msg[h.body_offset], 'b');
	header_list_release(&h);
}

static void headers_one_megabyte_line(void **state)
{
	struct buf msg = BUF_INIT;
	struct header_list h = { 0 };
	const size_t big = 1 << 20;

	buf_addstr(&msg, "Subject: ");
	fill_buf(&msg, 'x', big);
	buf_addstr(&msg, "\nTo: a@b\n\nbody");
	assert_int_equal(headers_parse(msg.data, msg.len, &h), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.v[0].value_len, big);
	assert_string_equal(msg.data + h.body_offset, "body");
	header_list_release(&h);
	buf_release(&msg);
}

static void headers_many_continuation_lines(void **state)
{
	struct buf msg = BUF_INIT, un = BUF_INIT;
	struct header_list h = { 0 };

	buf_addstr(&msg, "References: <0@x>");
	for (int i = 1; i < 100000; i++)
		buf_printf(&msg, "\r\n <%d@x>", i);
	buf_addstr(&msg, "\r\n\r\n");
	headers_parse(msg.data, msg.len, &h);
	assert_int_equal(h.n, 1);
	header_unfold(h.v[0].value, h.v[0].value_len, &un);
	assert_null(memchr(un.data, '\n', un.len));
	assert_non_null(strstr(un.data, " <99999@x>"));
	header_list_release(&h);
	buf_release(&msg);
	buf_release(&un);
}

static void headers_cap_field_count_and_keep_rest_as_body(void **state)
{
	struct buf msg = BUF_INIT;
	struct header_list h = { 0 };

	for (int i = 0; i < EMAIL_MAX_HEADERS + 5; i++)
		buf_addstr(&msg, "X: y\n");
	buf_addstr(&msg, "\nbody");
	assert_int_equal(headers_parse(msg.data, msg.len, &h), ERR_PARSE);
	assert_int_equal(h.n, EMAIL_MAX_HEADERS);
	assert_true(h.defects & DEFECT_HEADER_LIMIT);
	/* The fields past the cap are still in the message, as body text. */
	assert_true(msg.len - h.body_offset == 5 * 5 + 5);
	header_list_release(&h);
	buf_release(&msg);
}

static void headers_reuse_list_between_messages(void **state)
{
	struct header_list h = { 0 };

	headers_parse("A: 1\nB: 2\nC: 3\n\n", 17, &h);
	assert_int_equal(h.n, 3);
	headers_parse("D: 4\n\n", 6, &h);
	assert_int_equal(h.n, 1);
	field_is(&h.v[0], "D", "4");
	header_list_release(&h);
}

static void header_unfold_keeps_lone_cr(void **state)
{
	struct buf b = BUF_INIT;

	header_unfold("a\rb\r\n c\n d", 10, &b);
	assert_buf_eq(&b, "a\rb c d");
	buf_release(&b);
}

static void headers_leading_continuation_is_a_nameless_field(void **state)
{
	const char msg[] = " stray first line\n  and its fold\nFrom: a@b\nSubject: s\n\nbody";
	struct header_list h = { 0 };
	struct envelope e;

	assert_int_equal(headers_parse(msg, sizeof(msg) - 1, &h), ERR_PARSE);
	assert_true(h.defects & DEFECT_BAD_HEADER_NAME);
	assert_int_equal(h.n, 3);
	field_is(&h.v[0], "", "stray first line\n  and its fold");
	field_is(&h.v[1], "From", "a@b");
	assert_string_equal(msg + h.body_offset, "body");
	/* The real fields after it still make the envelope. */
	envelope_init(&e);
	envelope_from_headers(&e, &h);
	assert_string_equal(e.subject, "s");
	assert_int_equal(addrlist_count(&e.from), 1);
	envelope_release(&e);
	header_list_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_split_crlf_block_and_find_body),
		cmocka_unit_test(headers_accept_bare_lf),
		cmocka_unit_test(headers_keep_folded_value_raw_and_unfold),
		cmocka_unit_test(headers_value_starting_with_fold),
		cmocka_unit_test(headers_obsolete_space_before_colon),
		cmocka_unit_test(headers_empty_value_and_duplicates_kept_in_order),
		cmocka_unit_test(headers_skip_mbox_from_lines),
		cmocka_unit_test(headers_non_header_line_starts_body),
		cmocka_unit_test(headers_only_no_body),
		cmocka_unit_test(headers_empty_input),
		cmocka_unit_test(headers_body_only_message),
		cmocka_unit_test(headers_with_nul_bytes),
		cmocka_unit_test(headers_one_megabyte_line),
		cmocka_unit_test(headers_many_continuation_lines),
		cmocka_unit_test(headers_cap_field_count_and_keep_rest_as_body),
		cmocka_unit_test(headers_reuse_list_between_messages),
		cmocka_unit_test(header_unfold_keeps_lone_cr),
		cmocka_unit_test(headers_leading_continuation_is_a_nameless_field),
	};
	return RUN_TESTS(tests);
}
