/* test_menv.c - compact envelopes: packing keeps every field the index, sort and threads need */
#include "tests/unit/unit.h"

#include "mx/mx.h"

static struct menv *pack(const char *msg, struct envelope *e)
{
	envelope_init(e);
	email_parse(msg, strlen(msg), e, NULL);
	return menv_pack(e, xmalloc(menv_packed_size(e)));
}

static void menv_keeps_strings_and_dates(void **state)
{
	struct envelope e;
	struct menv *m =
		pack("Subject: Re: =?UTF-8?B?w6k=?=t\xC3\xA9\n"
		     "Message-ID: <a@x>\n"
		     "Date: Tue, 3 Mar 2026 12:00:00 +0100\n"
		     "List-Id: dev <dev.example.org>\nX-Label: work\nOrganization: Org\n\n",
		     &e);

	assert_int_equal(m->size, menv_packed_size(&e));
	assert_string_equal(menv_str(m, ME_SUBJECT), "Re: \xC3\xA9t\xC3\xA9");
	assert_string_equal(menv_subject_base(m), "\xC3\xA9t\xC3\xA9");
	assert_string_equal(menv_str(m, ME_MESSAGE_ID), "<a@x>");
	assert_string_equal(menv_str(m, ME_X_LABEL), "work");
	assert_true(m->date_valid);
	assert_int_equal(m->date, 1772535600);
	assert_int_equal(m->tz_minutes, 60);
	/* A date that parsed needs no text copy. */
	assert_null(menv_str(m, ME_DATE_TEXT));
	free(m);
	envelope_release(&e);
}

static void menv_keeps_an_unparseable_date_as_text(void **state)
{
	struct envelope e;
	struct menv *m = pack("Date: the day after tomorrow\n\n", &e);

	assert_false(m->date_valid);
	assert_string_equal(menv_str(m, ME_DATE_TEXT), "the day after tomorrow");
	assert_string_equal(menv_subject_base(m), "");
	free(m);
	envelope_release(&e);
}

static void menv_keeps_address_lists_with_groups(void **state)
{
	struct envelope e;
	struct menv *m = pack("From: Ann <ann@x.org>\n"
			      "To: team: bob@x.org, \"Carol C\" <c@x.org>;, dan@x.org (Dan)\n"
			      "Cc: not an address\n\n",
			      &e);
	struct maddr_iter it;
	struct maddr a;

	assert_true(menv_first_addr(m, MA_FROM, &a));
	assert_string_equal(a.name, "Ann");
	assert_string_equal(a.mailbox, "ann@x.org");
	menv_addrs(m, MA_TO, &it);
	assert_true(maddr_next(&it, &a));
	assert_int_equal(a.kind, ADDR_GROUP_START);
	assert_string_equal(a.name, "team");
	assert_null(a.mailbox);
	assert_true(maddr_next(&it, &a));
	assert_string_equal(a.mailbox, "bob@x.org");
	assert_null(a.name);
	assert_true(maddr_next(&it, &a));
	assert_string_equal(a.name, "Carol C");
	assert_true(maddr_next(&it, &a));
	assert_int_equal(a.kind, ADDR_GROUP_END);
	assert_true(maddr_next(&it, &a));
	/* a trailing comment stands in for a missing name */
	assert_string_equal(a.name, "Dan");
	assert_false(maddr_next(&it, &a));
	assert_int_equal(menv_addr_count(m, MA_TO), 3);
	assert_true(menv_first_addr(m, MA_CC, &a));
	assert_true(a.invalid);
	assert_false(menv_first_addr(m, MA_BCC, &a));
	assert_int_equal(menv_addr_count(m, MA_BCC), 0);
	free(m);
	envelope_release(&e);
}

static void menv_refs_end_with_in_reply_to_once(void **state)
{
	struct envelope e;
	struct menv *m;

	m = pack("References: <1@x> <2@x>\nIn-Reply-To: <3@x>\n\n", &e);
	assert_int_equal(m->nrefs, 3);
	assert_string_equal(menv_ref(m, 0), "<1@x>");
	assert_string_equal(menv_ref(m, 2), "<3@x>");
	assert_null(menv_ref(m, 3));
	free(m);
	envelope_release(&e);

	/* In-Reply-To already last in References: not repeated */
	m = pack("References: <1@x> <2@x>\nIn-Reply-To: <2@x>\n\n", &e);
	assert_int_equal(m->nrefs, 2);
	size_t n = 0;
	for (const char *r = menv_ref(m, 0); r; r = menv_ref_next(m, r))
		n++;
	assert_int_equal(n, 2);
	free(m);
	envelope_release(&e);

	/* Ten ids fit; an eleventh from In-Reply-To drops the second, not the parent. */
	m = pack("References: <1@x> <2@x> <3@x> <4@x> <5@x> <6@x> <7@x> <8@x> <9@x> <10@x>\n\n",
		 &e);
	assert_int_equal(m->nrefs, 10);
	assert_false(m->flags & MENV_REFS_TRIMMED);
	free(m);
	envelope_release(&e);
	m = pack("References: <1@x> <2@x> <3@x> <4@x> <5@x> <6@x> <7@x> <8@x> <9@x> <10@x>\n"
		 "In-Reply-To: <11@x>\n\n",
		 &e);
	assert_int_equal(m->nrefs, 10);
	assert_true(m->flags & MENV_REFS_TRIMMED);
	assert_string_equal(menv_ref(m, 0), "<1@x>");
	assert_string_equal(menv_ref(m, 1), "<3@x>");
	assert_string_equal(menv_ref(m, 9), "<11@x>");
	free(m);
	envelope_release(&e);

	m = pack("Subject: none\n\n", &e);
	assert_int_equal(m->nrefs, 0);
	assert_null(menv_ref(m, 0));
	assert_null(menv_ref_next(m, NULL));
	free(m);
	envelope_release(&e);
}

static void menv_is_position_independent(void **state)
{
	struct envelope e;
	struct menv *m = pack("Subject: moved\nFrom: a@b\nReferences: <r@x>\n\n", &e);
	struct menv *copy = xmalloc(m->size);
	struct maddr a;

	/* What the header cache does: a byte copy is a working envelope. */
	memcpy(copy, m, m->size);
	memset(m, 0xAA, m->size);
	free(m);
	assert_string_equal(menv_str(copy, ME_SUBJECT), "moved");
	assert_true(menv_first_addr(copy, MA_FROM, &a));
	assert_string_equal(a.mailbox, "a@b");
	assert_string_equal(menv_ref(copy, 0), "<r@x>");
	free(copy);
	envelope_release(&e);
}

static void menv_handles_many_references_linearly(void **state)
{
	struct buf msg = BUF_INIT;
	struct envelope e;
	struct menv *m;
	size_t n = 0;

	buf_addstr(&msg, "References:");
	for (int i = 0; i < 5000; i++)
		buf_printf(&msg, " <%d@x>", i);
	buf_addstr(&msg, "\n\n");
	m = pack(msg.data, &e);
	/* The root and the nearest ancestors, as threading uses them; ~x reads the rest. */
	assert_int_equal(m->nrefs, MENV_MAX_REFS);
	assert_true(m->flags & MENV_REFS_TRIMMED);
	for (const char *r = menv_ref(m, 0); r; r = menv_ref_next(m, r))
		n++;
	assert_int_equal(n, m->nrefs);
	assert_string_equal(menv_ref(m, 0), "<0@x>");
	assert_string_equal(menv_ref(m, 1), "<4991@x>");
	assert_string_equal(menv_ref(m, m->nrefs - 1), "<4999@x>");
	assert_int_equal(m->size, menv_packed_size(&e));
	free(m);
	envelope_release(&e);
	buf_release(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(menv_keeps_strings_and_dates),
		cmocka_unit_test(menv_keeps_an_unparseable_date_as_text),
		cmocka_unit_test(menv_keeps_address_lists_with_groups),
		cmocka_unit_test(menv_refs_end_with_in_reply_to_once),
		cmocka_unit_test(menv_is_position_independent),
		cmocka_unit_test(menv_handles_many_references_linearly),
	};
	return RUN_TESTS(tests);
}
