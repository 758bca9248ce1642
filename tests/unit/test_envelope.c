/* test_envelope.c - building the envelope from header fields, and email_parse */
#include "tests/unit/unit.h"

#include "email/email.h"

static void parse_env(const char *msg, struct envelope *e)
{
	envelope_init(e);
	email_parse(msg, strlen(msg), e, NULL);
}

static void envelope_collects_the_index_fields(void **state)
{
	struct envelope e;

	parse_env("From: Alice <alice@example.org>\n"
		  "To: bob@example.org, carol@example.org\n"
		  "Cc: dave@example.org\n"
		  "Subject: Re: Lunch?\n"
		  "Message-ID: <m2@example.org>\n"
		  "In-Reply-To: <m1@example.org>\n"
		  "References: <m0@example.org> <m1@example.org>\n"
		  "Date: Tue, 3 Mar 2026 12:00:00 +0100\n"
		  "List-Id: Dev list <dev.example.org>\n"
		  "X-Label: work\n"
		  "\nbody\n",
		  &e);
	assert_int_equal(addrlist_count(&e.from), 1);
	assert_string_equal(addrlist_first(&e.from)->mailbox, "alice@example.org");
	assert_string_equal(addrlist_first(&e.from)->name, "Alice");
	assert_int_equal(addrlist_count(&e.to), 2);
	assert_int_equal(addrlist_count(&e.cc), 1);
	assert_string_equal(e.subject, "Re: Lunch?");
	assert_int_equal(e.subject_skip, 4);
	assert_string_equal(e.message_id, "<m2@example.org>");
	assert_int_equal(e.in_reply_to.n, 1);
	assert_string_equal(e.in_reply_to.v[0], "<m1@example.org>");
	assert_int_equal(e.references.n, 2);
	assert_string_equal(e.references.v[1], "<m1@example.org>");
	assert_true(e.date.valid);
	assert_int_equal(e.date.time, 1772535600); /* 2026-03-03 11:00:00 UTC */
	assert_int_equal(e.date.tz_minutes, 60);
	assert_string_equal(e.date_text, "Tue, 3 Mar 2026 12:00:00 +0100");
	assert_string_equal(e.list_id, "Dev list <dev.example.org>");
	assert_string_equal(e.x_label, "work");
	assert_int_equal(e.defects, 0);
	envelope_release(&e);
}

static void envelope_field_names_are_case_insensitive(void **state)
{
	struct envelope e;

	parse_env("SUBJECT: loud\nmessage-id: <a@b>\nfRoM: x@y\n\n", &e);
	assert_string_equal(e.subject, "loud");
	assert_string_equal(e.message_id, "<a@b>");
	assert_int_equal(addrlist_count(&e.from), 1);
	envelope_release(&e);
}

static void envelope_decodes_encoded_subject(void **state)
{
	struct envelope e;

	parse_env("Subject: =?UTF-8?B?w4lsw6h2ZQ==?= =?ISO-8859-1?Q?_caf=E9?=\n\n", &e);
	assert_string_equal(e.subject, "\xC3\x89l\xC3\xA8ve caf\xC3\xA9");
	envelope_release(&e);
}

static void envelope_first_singular_header_wins(void **state)
{
	struct envelope e;

	parse_env("Subject: first\nSubject: second\nMessage-ID: <1@x>\nMessage-ID: <2@x>\n"
		  "Date: Tue, 3 Mar 2026 12:00:00 +0000\nDate: junk\n\n",
		  &e);
	assert_string_equal(e.subject, "first");
	assert_string_equal(e.message_id, "<1@x>");
	assert_true(e.date.valid);
	assert_true(e.defects & DEFECT_DUPLICATE_HEADER);
	envelope_release(&e);
}

static void envelope_address_headers_accumulate(void **state)
{
	struct envelope e;

	parse_env("To: a@x\nTo: b@x\n\n", &e);
	assert_int_equal(addrlist_count(&e.to), 2);
	envelope_release(&e);
}

static void envelope_keeps_unparseable_date_as_text(void **state)
{
	struct envelope e;

	parse_env("Date: sometime next week\n\n", &e);
	assert_false(e.date.valid);
	assert_string_equal(e.date_text, "sometime next week");
	assert_true(e.defects & DEFECT_BAD_DATE);
	envelope_release(&e);
}

static void envelope_missing_headers_are_null(void **state)
{
	struct envelope e;

	parse_env("X-Other: 1\n\nbody", &e);
	assert_null(e.subject);
	assert_null(e.message_id);
	assert_null(e.date_text);
	assert_false(e.date.valid);
	assert_int_equal(e.from.n, 0);
	envelope_release(&e);
}

static void envelope_subject_with_8bit_bytes_is_utf8(void **state)
{
	struct envelope e;

	/* Latin-1 bytes in a header with no declaration: kept, as UTF-8. */
	parse_env("Subject: caf\xE9 cr\xE8me\n\n", &e);
	assert_non_null(e.subject);
	assert_true(utf8_valid(e.subject, strlen(e.subject)));
	assert_string_equal(e.subject, "caf\xC3\xA9 cr\xC3\xA8me");
	envelope_release(&e);
}

static void envelope_from_nested_message_is_separate(void **state)
{
	const char msg[] = "Subject: outer\nMIME-Version: 1.0\n"
			   "Content-Type: message/rfc822\n\n"
			   "Subject: inner\nFrom: in@x\n\nhello\n";
	struct envelope e;
	struct body *b = NULL;

	envelope_init(&e);
	email_parse(msg, sizeof(msg) - 1, &e, &b);
	assert_string_equal(e.subject, "outer");
	assert_non_null(b);
	assert_int_equal(b->type, MIME_MESSAGE);
	assert_non_null(b->env);
	assert_string_equal(b->env->subject, "inner");
	body_free(&b);
	envelope_release(&e);
}

static void subject_prefixes_in_many_languages(void **state)
{
	assert_int_equal(subject_prefix_len("Re: x"), 4);
	assert_int_equal(subject_prefix_len("RE: Fwd: x"), 9);
	assert_int_equal(subject_prefix_len("Re[2]: x"), 7);
	assert_int_equal(subject_prefix_len("Re(3):x"), 6);
	assert_int_equal(subject_prefix_len("AW: WG: x"), 8);
	assert_int_equal(subject_prefix_len("SV: x"), 4);
	assert_int_equal(subject_prefix_len("Fw: re:x"), 7);
	assert_int_equal(subject_prefix_len("  Re:  x"), 7);
	/* 回复：x (Chinese "reply" with a fullwidth colon) */
	assert_int_equal(subject_prefix_len("\xE5\x9B\x9E\xE5\xA4\x8D\xEF\xBC\x9Ax"), 9);
	/* words that merely start like a prefix */
	assert_int_equal(subject_prefix_len("Regarding: x"), 0);
	assert_int_equal(subject_prefix_len("Release notes"), 0);
	assert_int_equal(subject_prefix_len("Re x"), 0);
	assert_int_equal(subject_prefix_len("Re[x]: y"), 0);
	assert_int_equal(subject_prefix_len(""), 0);
}

static void email_parse_empty_message(void **state)
{
	struct envelope e;
	struct body *b = NULL;

	envelope_init(&e);
	assert_int_equal(email_parse("", 0, &e, &b), ERR_PARSE);
	assert_true(e.defects & DEFECT_EMPTY_MESSAGE);
	assert_non_null(b);
	assert_int_equal(b->length, 0);
	body_free(&b);
	envelope_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(envelope_collects_the_index_fields),
		cmocka_unit_test(envelope_field_names_are_case_insensitive),
		cmocka_unit_test(envelope_decodes_encoded_subject),
		cmocka_unit_test(envelope_first_singular_header_wins),
		cmocka_unit_test(envelope_address_headers_accumulate),
		cmocka_unit_test(envelope_keeps_unparseable_date_as_text),
		cmocka_unit_test(envelope_missing_headers_are_null),
		cmocka_unit_test(envelope_subject_with_8bit_bytes_is_utf8),
		cmocka_unit_test(envelope_from_nested_message_is_separate),
		cmocka_unit_test(subject_prefixes_in_many_languages),
		cmocka_unit_test(email_parse_empty_message),
	};
	return RUN_TESTS(tests);
}
