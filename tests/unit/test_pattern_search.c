/*
 * test_pattern_search.c - ~b ~B ~h asked of the folder's server (the mx
 * search op): which terms go to the server as the answer, which are
 * narrowed by it and confirmed by reading, which stay local; the literal a
 * regex implies; and the answer kept while the mailbox holds the same
 * messages (flag changes keep it, new and removed messages ask again), with
 * a fake backend that counts searches and reads.
 */
#include "tests/unit/mx_test.h"

#include "mx/mx.h"
#include "mx/pattern_int.h"

/* ---- classification --------------------------------------------------------------- */

struct want {
	const char *pattern;
	enum pat_srv srv;
	enum mx_search_field field;
	const char *header, *text;
};

/* The first body or header node of p. */
static const struct pnode *read_node(const struct pattern *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].op == P_BODY || p->v[i].op == P_WHOLE || p->v[i].op == P_HEADER)
			return &p->v[i];
	return NULL;
}

static void check_class(const struct want *w)
{
	struct buf err = BUF_INIT;
	struct pattern *p = pattern_compile(w->pattern, NULL, &err);
	const struct pnode *n;

	if (!p)
		fail_msg("\"%s\" does not compile: %s", w->pattern, err.data);
	n = read_node(p);
	assert_non_null(n);
	if (n->srv != w->srv)
		fail_msg("\"%s\": srv %d, want %d", w->pattern, n->srv, w->srv);
	if (w->srv != PS_LOCAL) {
		if (n->srv_field != w->field || strcmp(n->srv_text, w->text) != 0)
			fail_msg("\"%s\": field %d text \"%s\", want %d \"%s\"", w->pattern,
				 n->srv_field, n->srv_text, w->field, w->text);
		if (w->header ? !n->srv_header || strcmp(n->srv_header, w->header) != 0
			      : n->srv_header != NULL)
			fail_msg("\"%s\": header \"%s\", want \"%s\"", w->pattern,
				 n->srv_header ? n->srv_header : "(none)",
				 w->header ? w->header : "(none)");
	}
	pattern_free(&p);
	buf_release(&err);
}

static void pattern_search_string_forms_take_the_servers_answer(void **state)
{
	static const struct want w[] = {
		{ "=b lunch", PS_ANSWER, MXS_BODY, NULL, "lunch" },
		{ "=B lunch", PS_ANSWER, MXS_WHOLE, NULL, "lunch" },
		{ "=b 'a.b*c'", PS_ANSWER, MXS_BODY, NULL, "a.b*c" }, /* a string, not a regex */
		{ "!=b lunch", PS_ANSWER, MXS_BODY, NULL, "lunch" },
		{ "~s x =b 'two words'", PS_ANSWER, MXS_BODY, NULL, "two words" },
		/* smart case: an upper-case letter makes it mind case, which IMAP cannot */
		{ "=b Lunch", PS_PREFILTER, MXS_BODY, NULL, "Lunch" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		check_class(&w[i]);
}

static void pattern_search_literal_regexes_are_strings(void **state)
{
	static const struct want w[] = {
		{ "~b lunch", PS_ANSWER, MXS_BODY, NULL, "lunch" },
		{ "~B lunch", PS_ANSWER, MXS_WHOLE, NULL, "lunch" },
		{ "~b 'lunch\\.plans'", PS_ANSWER, MXS_BODY, NULL, "lunch.plans" },
		{ "~b grüße", PS_ANSWER, MXS_BODY, NULL, "grüße" }, /* REG_ICASE regex */
		{ "~b Lunch", PS_PREFILTER, MXS_BODY, NULL, "Lunch" },
		{ "~B GRÜSSE", PS_PREFILTER, MXS_WHOLE, NULL, "GRÜSSE" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		check_class(&w[i]);
}

static void pattern_search_regexes_are_narrowed_by_their_literal(void **state)
{
	static const struct want w[] = {
		{ "~b 'invoice[0-9]+ paid'", PS_PREFILTER, MXS_BODY, NULL, "invoice" },
		{ "~b 'colou?r scheme'", PS_PREFILTER, MXS_BODY, NULL, "r scheme" },
		{ "~b '(ab|cd)efgh'", PS_PREFILTER, MXS_BODY, NULL, "efgh" },
		{ "~b 'hello\\w+'", PS_PREFILTER, MXS_BODY, NULL, "hello" },
		{ "~b '^Dear .*,$'", PS_PREFILTER, MXS_BODY, NULL, "Dear " },
		{ "~b 'abc+'", PS_PREFILTER, MXS_BODY, NULL, "abc" },
		{ "~b 'lun.h'", PS_PREFILTER, MXS_BODY, NULL, "lun" },
		/* no literal of 3 bytes, or none every match needs: read every message */
		{ "~b 'ab.c'", PS_LOCAL, MXS_BODY, NULL, NULL },
		{ "~b 'foo|barbaz'", PS_LOCAL, MXS_BODY, NULL, NULL },
		{ "~b 'x*yz'", PS_LOCAL, MXS_BODY, NULL, NULL },
		{ "~b 'abcd?'", PS_PREFILTER, MXS_BODY, NULL, "abc" },
		{ "~b '[a-z]{3,}'", PS_LOCAL, MXS_BODY, NULL, NULL },
		{ "~b \"one\\ntwo\"", PS_PREFILTER, MXS_BODY, NULL, "one" }, /* not across lines */
		{ "=b \"one\\ntwo\"", PS_LOCAL, MXS_BODY, NULL, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		check_class(&w[i]);
}

static void pattern_search_header_fields_split(void **state)
{
	static const struct want w[] = {
		{ "~h 'subject: lunch'", PS_ANSWER, MXS_HEADER, "subject", "lunch" },
		/* the field's name never minds case: the value decides */
		{ "~h 'Subject: lunch'", PS_ANSWER, MXS_HEADER, "Subject", "lunch" },
		{ "=h 'X-Spam:'", PS_ANSWER, MXS_HEADER, "X-Spam", "" },
		{ "=h 'List-Id:  dev'", PS_ANSWER, MXS_HEADER, "List-Id", "dev" },
		{ "~h 'Subject: Lunch'", PS_PREFILTER, MXS_HEADER, "Subject", "Lunch" },
		/* no field: TEXT (header and body) narrows, the headers confirm */
		{ "~h lunch", PS_PREFILTER, MXS_WHOLE, NULL, "lunch" },
		{ "~h 'bad field: lunch'", PS_PREFILTER, MXS_WHOLE, NULL, "lunch" },
		{ "~h '^Subject: lunch'", PS_PREFILTER, MXS_WHOLE, NULL, "lunch" },
		{ "~h '^Subject: a'", PS_LOCAL, MXS_WHOLE, NULL, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		check_class(&w[i]);
}

static void pattern_search_other_terms_stay_local(void **state)
{
	static const char *const pats[] = { "~s lunch", "~A", "~M text/plain", "~E", "lunch" };
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(pats); i++) {
		struct pattern *p = pattern_compile(pats[i], NULL, &err);
		assert_non_null(p);
		assert_int_equal(p->nsrv, 0);
		for (size_t j = 0; j < p->n; j++)
			assert_int_equal(p->v[j].srv, PS_LOCAL);
		pattern_free(&p);
	}
	buf_release(&err);
}

static void pattern_search_rx_literal(void **state)
{
	struct buf out = BUF_INIT;

	assert_true(pattern_rx_literal("plain words", &out));
	assert_string_equal(out.data, "plain words");
	assert_true(pattern_rx_literal("a\\+b\\(c\\)", &out));
	assert_string_equal(out.data, "a+b(c)");
	assert_false(pattern_rx_literal("ab[c]de+fgh", &out));
	assert_string_equal(out.data, "fgh");
	assert_false(pattern_rx_literal("über{2}", &out));
	assert_string_equal(out.data, "übe"); /* the r may be repeated: not required */
	assert_false(pattern_rx_literal("grü?n", &out));
	assert_string_equal(out.data, "gr"); /* ü (two bytes) dropped whole */
	assert_false(pattern_rx_literal("(x)|abc", &out));
	assert_int_equal(out.len, 0);
	assert_false(pattern_rx_literal("[]abc]def", &out));
	assert_string_equal(out.data, "def");
	buf_release(&out);
}

/* ---- matching with a fake searching backend ----------------------------------------- */

/* The fake backend's state (one test at a time). */
static struct {
	int rc;          /* what search returns */
	uint32_t ids[8]; /* ... and the ids it matches */
	size_t nids;
	unsigned searches; /* calls of search */
	unsigned reads;    /* calls of read */
	struct mx_search last;
	char last_text[64];
} fake;

static const char *const bodies[] = {
	"Subject: one\n\nLet us have lunch at noon.\n",
	"Subject: two\n\nLUNCH is served.\n",
	"Subject: three\n\nNothing to eat.\n",
	"Subject: four\n\nLunch? lunch!\n",
};

static int fake_search(struct mailbox *mb, const struct mx_search *q, uint32_t **ids, size_t *n,
		       struct buf *err)
{
	(void)mb;
	fake.searches++;
	fake.last = *q;
	snprintf(fake.last_text, sizeof(fake.last_text), "%s", q->text);
	if (fake.rc != 0) {
		buf_addstr(err, "no");
		return fake.rc;
	}
	*n = fake.nids;
	*ids = xmalloc((fake.nids ? fake.nids : 1) * sizeof(**ids));
	/* given in any order: the pattern sorts them */
	for (size_t i = 0; i < fake.nids; i++)
		(*ids)[i] = fake.ids[fake.nids - 1 - i];
	return 0;
}

static int fake_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	(void)mb;
	fake.reads++;
	if (id < 1 || id > ARRAY_SIZE(bodies)) {
		buf_addstr(err, "no such message");
		return ERR_NOTFOUND;
	}
	buf_addstr(raw, bodies[id - 1]);
	return 0;
}

static const struct mx_ops fake_ops = {
	.type = MX_MAILDIR,
	.name = "fake",
	.read = fake_read,
	.search = fake_search,
};
static const struct mx_ops fake_ops_no_search = {
	.type = MX_MAILDIR,
	.name = "fake",
	.read = fake_read,
};

static struct mailbox *fake_mailbox(const struct mx_ops *ops)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);

	for (size_t i = 0; i < ARRAY_SIZE(bodies); i++)
		mx_test_add(mb, bodies[i], 0, 1000 + (int64_t)i, strlen(bodies[i]));
	mb->ops = ops;
	memset(&fake, 0, sizeof(fake));
	return mb;
}

/* The numbers (from 1) of the messages p matches, separated by spaces. */
static void run(const struct pattern *p, struct mailbox *mb, struct buf *out)
{
	buf_reset(out);
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++)
		if (pattern_match(p, mb, &mb->msgs[i]))
			buf_printf(out, "%s%zu", out->len ? " " : "", i + 1);
	mailbox_unlock(mb);
}

static struct pattern *compile(const char *s)
{
	struct buf err = BUF_INIT;
	struct pattern *p = pattern_compile(s, NULL, &err);

	if (!p)
		fail_msg("\"%s\": %s", s, err.data);
	buf_release(&err);
	return p;
}

static void set_answer(const uint32_t *ids, size_t n)
{
	memcpy(fake.ids, ids, n * sizeof(*ids));
	fake.nids = n;
}

static void pattern_search_answer_reads_nothing(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops);
	struct pattern *p = compile("=b lunch");
	struct buf got = BUF_INIT;

	/* what a server says, even where reading would disagree (message 3) */
	set_answer((const uint32_t[]){ 1, 3, 4 }, 3);
	run(p, mb, &got);
	assert_string_equal(got.data, "1 3 4");
	assert_int_equal(fake.searches, 1); /* once for the four messages */
	assert_int_equal(fake.reads, 0);
	assert_int_equal(fake.last.field, MXS_BODY);
	assert_string_equal(fake.last_text, "lunch");
	pattern_free(&p);
	p = compile("!~b lunch");
	run(p, mb, &got);
	assert_string_equal(got.data, "2");
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

static void pattern_search_prefilter_reads_only_candidates(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops);
	struct pattern *p = compile("~b Lunch");
	struct buf got = BUF_INIT;

	/* the server (case-insensitive) finds 1, 2, 4; "Lunch" is only in 4 */
	set_answer((const uint32_t[]){ 1, 2, 4 }, 3);
	run(p, mb, &got);
	assert_string_equal(got.data, "4");
	assert_int_equal(fake.searches, 1);
	assert_int_equal(fake.reads, 3); /* not message 3 */
	pattern_free(&p);
	fake.reads = fake.searches = 0;
	p = compile("~b 'l[a-z]nch'"); /* narrowed by "nch"; ignores case */
	run(p, mb, &got);
	assert_string_equal(got.data, "1 2 4");
	assert_string_equal(fake.last_text, "nch");
	assert_int_equal(fake.reads, 3);
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

static void pattern_search_keeps_its_answer_across_flag_changes(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops);
	struct pattern *p = compile("=b lunch");
	struct buf got = BUF_INIT;

	set_answer((const uint32_t[]){ 2, 4 }, 2);
	/* tag-pattern: flags change between the matches of one loop */
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++)
		if (pattern_match(p, mb, &mb->msgs[i]))
			mx_change_flags(mb, i, MSG_TAGGED, 0);
	mailbox_unlock(mb);
	assert_int_equal(mb->n_tagged, 2);
	run(p, mb, &got);
	assert_string_equal(got.data, "2 4");
	assert_int_equal(fake.searches, 1);
	/* a new message: asked again */
	set_answer((const uint32_t[]){ 2, 4, 5 }, 3);
	mx_test_add(mb, "Subject: five", 0, 2000, 10);
	run(p, mb, &got);
	assert_string_equal(got.data, "2 4 5");
	assert_int_equal(fake.searches, 2);
	/* one removed: asked again */
	set_answer((const uint32_t[]){ 4, 5 }, 2);
	mx_remove(mb, (const uint32_t[]){ 2 }, 1);
	run(p, mb, &got);
	assert_string_equal(got.data, "3 4"); /* ids 4 and 5 are now the 3rd and 4th */
	assert_int_equal(fake.searches, 3);
	run(p, mb, &got);
	assert_int_equal(fake.searches, 3);
	assert_int_equal(fake.reads, 0);
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

static void pattern_search_another_mailbox_asks_again(void **state)
{
	struct mailbox *a = fake_mailbox(&fake_ops), *b = fake_mailbox(&fake_ops);
	struct pattern *p = compile("=b lunch");
	struct buf got = BUF_INIT;

	set_answer((const uint32_t[]){ 1 }, 1);
	run(p, a, &got);
	assert_string_equal(got.data, "1");
	set_answer((const uint32_t[]){ 3 }, 1);
	run(p, b, &got);
	assert_string_equal(got.data, "3");
	assert_int_equal(fake.searches, 2);
	pattern_free(&p);
	mailbox_free(&a);
	mailbox_free(&b);
	buf_release(&got);
}

static void pattern_search_failure_reads_instead(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops);
	struct pattern *p = compile("~b lunch");
	struct buf got = BUF_INIT;

	fake.rc = ERR_PROTO;
	run(p, mb, &got);
	assert_string_equal(got.data, "1 2 4"); /* read and matched here */
	assert_int_equal(fake.searches, 1);     /* not asked again for each message */
	assert_int_equal(fake.reads, 4);
	run(p, mb, &got);
	assert_int_equal(fake.searches, 1);
	/* busy (the model's lock is held and the connection is not free): asked at every message */
	pattern_free(&p);
	p = compile("~b lunch");
	fake.rc = ERR_AGAIN;
	fake.searches = fake.reads = 0;
	run(p, mb, &got);
	assert_string_equal(got.data, "1 2 4");
	assert_int_equal(fake.searches, 4);
	/* free again: the answer is the server's */
	fake.rc = 0;
	set_answer((const uint32_t[]){ 2 }, 1);
	run(p, mb, &got);
	assert_string_equal(got.data, "2");
	assert_int_equal(fake.searches, 5);
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

static void pattern_search_without_the_op_reads(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops_no_search);
	struct pattern *p = compile("=b lunch | ~s three");
	struct buf got = BUF_INIT;

	run(p, mb, &got);
	assert_string_equal(got.data, "1 2 3 4");
	assert_int_equal(fake.searches, 0);
	assert_int_equal(fake.reads, 4);
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

static void pattern_search_header_field_goes_as_header(void **state)
{
	struct mailbox *mb = fake_mailbox(&fake_ops);
	struct pattern *p = compile("~h 'subject: tw' | ~h Nothing");
	struct buf got = BUF_INIT;

	set_answer((const uint32_t[]){ 3 }, 1); /* both terms get this answer */
	run(p, mb, &got);
	/* message 3 by the first term; the second (TEXT, narrowing) rules out the others unread */
	assert_string_equal(got.data, "3");
	assert_int_equal(fake.searches, 2);
	assert_int_equal(fake.reads, 0);
	assert_int_equal(fake.last.field, MXS_WHOLE);
	assert_string_equal(fake.last_text, "Nothing");
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pattern_search_string_forms_take_the_servers_answer),
		cmocka_unit_test(pattern_search_literal_regexes_are_strings),
		cmocka_unit_test(pattern_search_regexes_are_narrowed_by_their_literal),
		cmocka_unit_test(pattern_search_header_fields_split),
		cmocka_unit_test(pattern_search_other_terms_stay_local),
		cmocka_unit_test(pattern_search_rx_literal),
		cmocka_unit_test(pattern_search_answer_reads_nothing),
		cmocka_unit_test(pattern_search_prefilter_reads_only_candidates),
		cmocka_unit_test(pattern_search_keeps_its_answer_across_flag_changes),
		cmocka_unit_test(pattern_search_another_mailbox_asks_again),
		cmocka_unit_test(pattern_search_failure_reads_instead),
		cmocka_unit_test(pattern_search_without_the_op_reads),
		cmocka_unit_test(pattern_search_header_field_goes_as_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
