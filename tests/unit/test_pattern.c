/*
 * test_pattern.c - mutt's pattern language: every modifier, the operators
 * and their (equal, left-to-right) precedence, smart case, =substring,
 * absolute and relative dates with a fixed clock, sizes, $simple_search,
 * ~p/~P/~l/~u with a config, message-reading tests on an MH folder, and
 * errors.
 */
#include <sys/stat.h>

#include "tests/unit/mx_test.h"

#include "mx/mx.h"
#include "mx/pattern_int.h"

/* 2026-03-10 12:00:00 UTC */
#define NOW 1773144000

struct spec {
	const char *headers;
	uint32_t flags;
	int64_t received;
	uint64_t size;
};

/* A mailbox (whose folder does not exist) holding the messages of specs. */
static struct mailbox *mailbox_of(const struct spec *specs, size_t n)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	struct message *msgs = xcalloc(n, sizeof(*msgs));

	for (size_t i = 0; i < n; i++)
		msgs[i] = mx_test_message(mb, specs[i].headers, specs[i].flags, specs[i].received,
					  specs[i].size);
	mx_add(mb, msgs, n, NULL);
	free(msgs);
	return mb;
}

static struct mailbox *sample(void)
{
	static const struct spec specs[] = {
		{ "Subject: Lunch plans\nFrom: Alice Smith <alice@example.com>\nTo: bob@example.org\n"
		  "Cc: dev-list@lists.example.com\nDate: Mon, 9 Mar 2026 10:00:00 +0000\n"
		  "Message-ID: <a1@x>\nX-Label: work",
		  MSG_READ, 1773050400 /* 9 Mar 2026 10:00 */, 1000 },
		{ "Subject: Re: Lunch plans\nFrom: Bob <bob@example.org>\nTo: alice@example.com\n"
		  "Date: Tue, 10 Mar 2026 09:00:00 +0100\nMessage-ID: <b2@x>\nIn-Reply-To: <a1@x>\n"
		  "References: <a1@x>",
		  0, 1773133200 /* 10 Mar 2026 09:00 */, 5000 },
		{ "Subject: Release 2.0 [URGENT]\nFrom: \"Carol\" <carol@corp.test>\n"
		  "Sender: list-bounces@lists.example.com\nTo: announce@lists.example.com\n"
		  "Date: Thu, 1 Jan 2026 08:00:00 +0000\nMessage-ID: <c3@corp.test>",
		  MSG_OLD | MSG_FLAGGED, 1767254400 /* 1 Jan 2026 08:00 */, 2 * 1048576 },
		{ "Subject: tea\nFrom: me@home.test\nTo: someone@else.test\nCc: me@work.test\n"
		  "Date: Sat, 15 Feb 2025 12:00:00 +0000\nMessage-ID: <d4@home.test>",
		  MSG_READ | MSG_REPLIED | MSG_DELETED, 1739620800, 300 },
	};
	struct mailbox *mb = mailbox_of(specs, ARRAY_SIZE(specs));

	mx_change_flags(mb, 3, MSG_TAGGED, 0); /* the interface's flag: not loaded */
	return mb;
}

/* The numbers (from 1) of the messages that match, separated by spaces. */
static void matches(struct mailbox *mb, const struct config *cfg, const char *pat, struct buf *out)
{
	struct buf err = BUF_INIT;
	struct pattern *p = pattern_compile(pat, cfg, &err);

	if (!p)
		fail_msg("pattern \"%s\" does not compile: %s", pat, err.data);
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++)
		if (pattern_match(p, mb, &mb->msgs[i]))
			buf_printf(out, "%s%zu", out->len ? " " : "", i + 1);
	mailbox_unlock(mb);
	pattern_free(&p);
	assert_null(p);
	buf_release(&err);
}

#define CHECK_CFG(mb, cfg, pat, want)                                                             \
	do {                                                                                      \
		struct buf got_ = BUF_INIT;                                                       \
		matches((mb), (cfg), (pat), &got_);                                               \
		if (!buf_eq(&got_, (want)))                                                       \
			fail_msg("\"%s\" matched \"%s\", want \"%s\"", (pat), got_.data, (want)); \
		buf_release(&got_);                                                               \
	} while (0)
#define CHECK(mb, pat, want) CHECK_CFG(mb, NULL, pat, want)

/* Compiling pat fails with a message that contains want. */
static void error_is(const struct config *cfg, const char *pat, const char *want)
{
	struct buf err = BUF_INIT;
	struct pattern *p = pattern_compile(pat, cfg, &err);

	if (p)
		fail_msg("\"%s\" compiled, want an error with \"%s\"", pat, want);
	if (!strstr(err.data, want))
		fail_msg("\"%s\": error \"%s\" does not say \"%s\"", pat, err.data, want);
	buf_release(&err);
}

static struct config *config_with(const char *const *lines)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	for (; *lines; lines++)
		if (config_run(c, *lines, NULL, 0, &err) != 0)
			fail_msg("%s: %s", *lines, err.data);
	buf_release(&err);
	return c;
}

/* ---- flags ---------------------------------------------------------------------- */

static void pattern_flag_modifiers(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~A", "1 2 3 4");
	CHECK(mb, "~N", "2");
	CHECK(mb, "~O", "3");
	CHECK(mb, "~R", "1 4");
	CHECK(mb, "~U", "2 3");
	CHECK(mb, "~F", "3");
	CHECK(mb, "~D", "4");
	CHECK(mb, "~T", "4");
	CHECK(mb, "~Q", "4");
	CHECK(mb, "~v", "");
	CHECK(mb, "!~v", "1 2 3 4");
	mailbox_free(&mb);
}

static void pattern_new_and_old_follow_mutt(void **state)
{
	static const struct spec specs[] = {
		{ "Subject: a", MSG_OLD | MSG_READ, 0, 1 }, /* read wins over old */
		{ "Subject: b", MSG_OLD, 0, 1 },
		{ "Subject: c", 0, 0, 1 },
	};
	struct mailbox *mb = mailbox_of(specs, ARRAY_SIZE(specs));

	CHECK(mb, "~O", "2");
	CHECK(mb, "!~O", "1 3");
	CHECK(mb, "~N", "3");
	CHECK(mb, "!~N", "1 2");
	mailbox_free(&mb);
}

/* ---- strings -------------------------------------------------------------------- */

static void pattern_subject_regex(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~s lunch", "1 2");
	CHECK(mb, "~s '^re:'", "2");
	CHECK(mb, "~s 'plans$'", "1 2");
	CHECK(mb, "~s 'r.lease'", "3");
	CHECK(mb, "~s 'te[a-z]$'", "4");
	mailbox_free(&mb);
}

static void pattern_smart_case(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~s lunch", "1 2");
	CHECK(mb, "~s LUNCH", "");
	CHECK(mb, "~s Lunch", "1 2");
	CHECK(mb, "~s lUnch", "");
	CHECK(mb, "=s LUNCH", "");
	CHECK(mb, "=s lunch", "1 2");
	mailbox_free(&mb);
}

static void pattern_substring_is_not_a_regex(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "=s 2.0", "3");
	CHECK(mb, "=s .", "3");
	CHECK(mb, "~s .", "1 2 3 4");
	CHECK(mb, "=s '[urgent]'", "3");
	CHECK(mb, "=f example.com", "1");
	CHECK(mb, "=s 'x*'", "");
	mailbox_free(&mb);
}

static void pattern_address_modifiers(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~f alice", "1");
	CHECK(mb, "~f Smith", "1"); /* the display name counts */
	CHECK(mb, "~f carol", "3");
	CHECK(mb, "~t alice", "2");
	CHECK(mb, "~t lists", "3");
	CHECK(mb, "~c dev-list", "1");
	CHECK(mb, "~c work", "4");
	CHECK(mb, "~C bob", "1");
	CHECK(mb, "~C work.test", "4");
	CHECK(mb, "~e bounces", "3");
	CHECK(mb, "~e .", "3");
	CHECK(mb, "~L bounces", "3");
	CHECK(mb, "~L bob", "1 2");
	CHECK(mb, "~L else", "4");
	mailbox_free(&mb);
}

static void pattern_every_address_with_caret(void **state)
{
	struct mailbox *mb = sample();

	/* message 1: To bob@example.org, Cc dev-list@lists.example.com */
	CHECK(mb, "~C example", "1 2 3");
	CHECK(mb, "^~C example.org", "");
	CHECK(mb, "^~C example", "1 2 3");
	CHECK(mb, "^~C test", "4");
	mailbox_free(&mb);
}

static void pattern_id_references_label(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~i '<a1@x>'", "1");
	CHECK(mb, "~i corp", "3");
	CHECK(mb, "~x a1@x", "2");
	CHECK(mb, "~x b2", "");
	CHECK(mb, "~y work", "1");
	CHECK(mb, "!~y .", "2 3 4");
	mailbox_free(&mb);
}

/* ---- operators ----------------------------------------------------------------- */

static void pattern_not_or_and(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "!~s lunch", "3 4");
	CHECK(mb, "!!~s lunch", "1 2");
	CHECK(mb, "~s lunch ~N", "2");
	CHECK(mb, "~N | ~D", "2 4");
	CHECK(mb, "~N|~D|~F", "2 3 4");
	CHECK(mb, "~R ~s lunch ~y work", "1");
	mailbox_free(&mb);
}

static void pattern_and_or_are_left_to_right(void **state)
{
	struct mailbox *mb = sample();

	/* (lunch | flagged) read */
	CHECK(mb, "~s lunch | ~F ~R", "1");
	/* (flagged read) | lunch */
	CHECK(mb, "~F ~R | ~s lunch", "1 2");
	/* ((new | deleted) read) | flagged */
	CHECK(mb, "~N | ~D ~R | ~F", "3 4");
	CHECK(mb, "~s lunch (~F | ~R)", "1");
	mailbox_free(&mb);
}

static void pattern_groups(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "!(~N | ~D)", "1 3");
	CHECK(mb, "(~s lunch)", "1 2");
	CHECK(mb, "((~s lunch) ~N)", "2");
	CHECK(mb, "( ~F | ( ~T ~D ) )", "3 4");
	CHECK(mb, "!(!(~F))", "3");
	mailbox_free(&mb);
}

static void pattern_quoting(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~s \"lunch plans\"", "1 2");
	CHECK(mb, "~s 'lunch plans'", "1 2");
	CHECK(mb, "~s lunch\\ plans", "1 2");
	CHECK(mb, "~s '\\[URGENT\\]'", "3");
	CHECK(mb, "~s \"\\\\[URGENT]\"", "3");
	CHECK(mb, "~s \"(lunch|tea)\"", "1 2 4");
	CHECK(mb, "~s 'q|z' | ~F", "3");
	CHECK(mb, "~s '~'", "");
	mailbox_free(&mb);
}

/* ---- dates ---------------------------------------------------------------------- */

static void pattern_absolute_dates(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~d 9/3/2026", "1");
	CHECK(mb, "~d 9/3/26", "1");
	CHECK(mb, "~d 20260309", "1");
	CHECK(mb, "~d 10/3", "2"); /* this month and year */
	CHECK(mb, "~d 10", "2");
	CHECK(mb, "~d 1/1/2026-9/3/2026", "1 3");
	CHECK(mb, "~d 9/3/2026-1/1/2026", "1 3"); /* backwards */
	CHECK(mb, "~d -1/1/2026", "3 4");
	CHECK(mb, "~d 1/3/2026-", "1 2");
	CHECK(mb, "~d 15/2/25", "4");
	mailbox_free(&mb);
}

static void pattern_sent_date_is_an_instant(void **state)
{
	/* 23:30 on the 9th in New York is the 10th in UTC (the test's local zone) */
	static const struct spec specs[] = { { "Date: Mon, 9 Mar 2026 23:30:00 -0500", 0, 0, 1 } };
	struct mailbox *mb = mailbox_of(specs, ARRAY_SIZE(specs));

	CHECK(mb, "~d 10/3/2026", "1");
	CHECK(mb, "~d 9/3/2026", "");
	mailbox_free(&mb);
}

static void pattern_date_error_margins(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~d 8/3/2026*1d", "1");
	CHECK(mb, "~d 8/3/2026+1d", "1");
	CHECK(mb, "~d 8/3/2026+2d", "1 2");
	CHECK(mb, "~d 10/3/2026-1d", "1 2");
	CHECK(mb, "~d 2/1/2026-1d", "3");
	CHECK(mb, "~d 1/2/2026*1m", "3");
	CHECK(mb, "~d 1/3/2025*1y", "3 4");
	CHECK(mb, "~d 12/3/2026-1w", "1 2");
	CHECK(mb, "~d 10/3/2026-1d+1d", "1 2");
	mailbox_free(&mb);
}

static void pattern_relative_dates(void **state)
{
	struct mailbox *mb = sample();

	/* now: 10 Mar 2026 12:00; whole days count from the end of today */
	CHECK(mb, "~d <1d", "2");
	CHECK(mb, "~d <2d", "1 2");
	CHECK(mb, "~d >1d", "1 3 4");
	CHECK(mb, "~d =1d", "1");
	CHECK(mb, "~d =0d", "2");
	CHECK(mb, "~d <2w", "1 2");
	CHECK(mb, "~d <1m", "1 2");
	CHECK(mb, "~d <3m", "1 2 3");
	CHECK(mb, "~d <1y", "1 2 3");
	CHECK(mb, "~d >1y", "4");
	/* hours, minutes and seconds count from now */
	CHECK(mb, "~d <3H", "");
	CHECK(mb, "~d <5H", "2");
	CHECK(mb, "~d <300M", "2");
	CHECK(mb, "~d <18000S", "2");
	CHECK(mb, "~d >5H", "1 3 4");
	mailbox_free(&mb);
}

static void pattern_received_dates(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~r 9/3/2026", "1");
	CHECK(mb, "~r <1d", "2");
	CHECK(mb, "~r -31/12/2025", "4");
	CHECK(mb, "~r 1/1/2026-", "1 2 3");
	mailbox_free(&mb);
}

/* ---- sizes and numbers ---------------------------------------------------------- */

static void pattern_sizes(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~z 1000", "1");
	CHECK(mb, "~z <1K", "1 4");
	CHECK(mb, "~z >1K", "2 3");
	CHECK(mb, "~z 1K-10K", "2");
	CHECK(mb, "~z -1000", "1 4");
	CHECK(mb, "~z 4000-", "2 3");
	CHECK(mb, "~z 2M", "3");
	CHECK(mb, "~z >2M", "");
	CHECK(mb, "~z <301", "4");
	CHECK(mb, "~z <300", "");
	CHECK(mb, "~z 1k-2m", "2 3");
	CHECK(mb, "~z <0", "");
	CHECK(mb, "~z 0-", "1 2 3 4");
	mailbox_free(&mb);
}

static void pattern_message_numbers_and_score(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~m 2-3", "2 3");
	CHECK(mb, "~m <2", "1");
	CHECK(mb, "~m >3", "4");
	CHECK(mb, "~m 4", "4");
	CHECK(mb, "~m 2- ~N", "2");
	CHECK(mb, "~n 0", "1 2 3 4");
	CHECK(mb, "~n 1-", "");
	mailbox_free(&mb);
}

/* ---- the config ------------------------------------------------------------------ */

static void pattern_simple_search(void **state)
{
	static const char *const to_only[] = { "set simple_search='~t %s'", NULL };
	struct mailbox *mb = sample();
	struct config *c = config_with(to_only);

	CHECK(mb, "lunch", "1 2");       /* ~f "lunch" | ~s "lunch" */
	CHECK(mb, "alice", "1");         /* From, not To */
	CHECK(mb, "lunch plans", "1 2"); /* quoted as one string */
	CHECK(mb, "new", "2");
	CHECK(mb, "NEW", "2");
	CHECK(mb, "flag", "3");
	CHECK(mb, "all", "1 2 3 4");
	CHECK(mb, ".", "1 2 3 4");
	CHECK(mb, "say \"hi\"", "");
	CHECK(mb, "a\\~b", ""); /* an escaped ~ keeps it simple */
	CHECK_CFG(mb, c, "alice", "2");
	mailbox_free(&mb);
	config_free(&c);
}

static void pattern_personal_addresses(void **state)
{
	static const char *const me[] = { "set from=me@home.test", "alternates 'me@work\\.test'",
					  NULL };
	struct mailbox *mb = sample();
	struct config *c = config_with(me);

	CHECK_CFG(mb, c, "~P", "4");
	CHECK_CFG(mb, c, "~p", "4");
	CHECK_CFG(mb, c, "!~P", "1 2 3");
	CHECK_CFG(mb, c, "^~p", "");
	CHECK(mb, "~P", ""); /* no config: neither address is ours */
	mailbox_free(&mb);
	config_free(&c);
}

static void pattern_mailing_lists(void **state)
{
	static const char *const lists[] = { "lists '@lists\\.example\\.com$'",
					     "subscribe '^announce@'", NULL };
	struct mailbox *mb = sample();
	struct config *c = config_with(lists);

	CHECK_CFG(mb, c, "~l", "1 3");
	CHECK_CFG(mb, c, "~u", "3");
	CHECK_CFG(mb, c, "!~l", "2 4");
	CHECK_CFG(mb, c, "^~l", "3");
	CHECK(mb, "~l", "");
	mailbox_free(&mb);
	config_free(&c);
}

/* ---- reading messages: an MH folder ------------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	FILE *f;

	buf_printf(&path, "%s/%s", dir, name);
	f = fopen(path.data, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	buf_release(&path);
}

static char dir_template[32];

static struct mailbox *mh_sample(const char *const *settings)
{
	struct config *c = settings ? config_with(settings) : NULL;
	struct mailbox *mb;
	struct buf err = BUF_INIT;
	const char *dir = dir_template;

	memcpy(dir_template, "/tmp/test_pattern.XXXXXX", sizeof("/tmp/test_pattern.XXXXXX"));
	assert_non_null(mkdtemp(dir_template));
	write_file(dir, "1",
		   "From: a@x\nSubject: hello\nX-Custom: =?utf-8?q?caf=C3=A9?=\n"
		   "X-Fold: alpha\n   beta\n\nplain text body\nline two\n");
	write_file(dir, "2",
		   "From: b@x\nSubject: alt\nMIME-Version: 1.0\n"
		   "Content-Type: multipart/mixed; boundary=XX\n\n--XX\n"
		   "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
		   "c2VjcmV0IHdvcmQ=\n--XX\nContent-Type: application/octet-stream\n\nzebra\n"
		   "--XX--\n");
	write_file(
		dir, "3",
		"From: c@x\nSubject: old news\nExpires: Mon, 1 Jan 2001 00:00:00 +0000\n\nbye\n");
	write_file(dir, "4",
		   "From: d@x\nSubject: fresh\nExpires: Fri, 1 Jan 2100 00:00:00 +0000\n\nhi\n");
	mb = mailbox_new(dir, c);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	assert_int_equal(mb->n, 4);
	config_free(&c);
	buf_release(&err);
	return mb;
}

static void mh_cleanup(void)
{
	static const char *const names[] = { "1", "2", "3", "4", ".mh_sequences" };
	struct buf path = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir_template, names[i]);
		unlink(path.data);
	}
	rmdir(dir_template);
	buf_release(&path);
}

static void pattern_body_and_headers(void **state)
{
	struct mailbox *mb = mh_sample(NULL);

	CHECK(mb, "~b 'text body'", "1");
	CHECK(mb, "~b '^line two$'", "1");
	CHECK(mb, "~b secret", "2"); /* base64, decoded */
	CHECK(mb, "~b zebra", "");   /* not a text part */
	CHECK(mb, "~b hello", "");   /* a header, not the body */
	CHECK(mb, "~B hello", "1");
	CHECK(mb, "~B bye", "3");
	CHECK(mb, "~h café", "1"); /* RFC 2047 decoded */
	CHECK(mb, "~h 'X-Fold: alpha beta'", "1");
	CHECK(mb, "~h '^subject: old'", "3");
	CHECK(mb, "~h bye", "");
	CHECK(mb, "=b 'WORD'", "");
	CHECK(mb, "=b 'word'", "2");
	CHECK(mb, "~b plain ~b two", "1");
	CHECK(mb, "~E", "3");
	CHECK(mb, "!~E", "1 2 4");
	mailbox_free(&mb);
	mh_cleanup();
}

/* The envelope keeps 10 of the 15 ids of message 1: ~x finds the others in the file. */
static void pattern_references_beyond_the_envelope(void **state)
{
	struct buf refs = BUF_INIT, err = BUF_INIT;
	struct mailbox *mb;

	memcpy(dir_template, "/tmp/test_pattern.XXXXXX", sizeof("/tmp/test_pattern.XXXXXX"));
	assert_non_null(mkdtemp(dir_template));
	buf_addstr(&refs, "Subject: deep\nReferences:");
	for (int i = 0; i < 15; i++)
		buf_printf(&refs, " <r%d@x>", i);
	buf_addstr(&refs, "\n\nbody\n");
	write_file(dir_template, "1", refs.data);
	write_file(dir_template, "2", "Subject: shallow\nReferences: <r0@x> <r1@x>\n\nbody\n");
	mb = mailbox_new(dir_template, NULL);
	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), 0);
	assert_int_equal(mb->n, 2);
	assert_true(mb->msgs[0].env->flags & MENV_REFS_TRIMMED);
	CHECK(mb, "~x r0@x", "1 2");
	CHECK(mb, "~x r1@x", "1 2"); /* message 1 keeps it only in the file */
	CHECK(mb, "~x '^<r3@x>$'", "1");
	CHECK(mb, "~x r14@x", "1");
	CHECK(mb, "~x r15@x", "");
	mailbox_free(&mb);
	mh_cleanup();
	buf_release(&refs);
	buf_release(&err);
}

static void pattern_raw_search_without_thorough(void **state)
{
	static const char *const raw[] = { "set thorough_search=no", NULL };
	struct config *c = config_with(raw);
	struct mailbox *mb = mh_sample(raw);

	CHECK_CFG(mb, c, "~b secret", "");
	CHECK_CFG(mb, c, "~b c2VjcmV0", "2");
	CHECK_CFG(mb, c, "~b zebra", "2");
	CHECK_CFG(mb, c, "~h 'utf-8.q'", "1");
	CHECK_CFG(mb, c, "~h café", "");
	mailbox_free(&mb);
	config_free(&c);
	mh_cleanup();
}

static void pattern_mime_types_and_attachments(void **state)
{
	static const char *const rc[] = { "attachments +A */.*", "attachments +I */.*", NULL };
	struct mailbox *mb = mh_sample(NULL);
	struct config *c = config_with(rc);

	CHECK(mb, "~M multipart/mixed", "2");
	CHECK(mb, "~M '^application/'", "2");
	CHECK(mb, "~M text/plain", "1 2 3 4"); /* no Content-Type: text/plain */
	CHECK(mb, "=M octet", "2");
	CHECK(mb, "~X 0", "1 2 3 4"); /* no attachments rules: nothing counts */
	/* the first inline part of each list is the text itself, not an attachment */
	CHECK_CFG(mb, c, "~X 1", "2");
	CHECK_CFG(mb, c, "~X 0", "1 3 4");
	CHECK_CFG(mb, c, "~X 1-", "2");
	mailbox_free(&mb);
	config_free(&c);
	mh_cleanup();
}

static void pattern_reads_messages_only_when_needed(void **state)
{
	static const char *const yes[] = { "~b x",         "~B x", "~h x", "~E",
					   "~s a | !~h b", "~M x", "~X 1" };
	static const char *const no[] = { "~s x", "~f x ~d <1d", "~A", "lunch" };
	struct buf err = BUF_INIT;
	struct pattern *p;

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		p = pattern_compile(yes[i], NULL, &err);
		assert_non_null(p);
		assert_true(pattern_reads_messages(p));
		pattern_free(&p);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		p = pattern_compile(no[i], NULL, &err);
		assert_non_null(p);
		assert_false(pattern_reads_messages(p));
		pattern_free(&p);
	}
	assert_false(pattern_reads_messages(NULL));
	buf_release(&err);
}

static void pattern_unreadable_message_does_not_match(void **state)
{
	struct mailbox *mb = sample(); /* its path does not exist */

	CHECK(mb, "~b x", "");
	CHECK(mb, "!~b x", "1 2 3 4");
	CHECK(mb, "~h . | ~N", "2");
	mailbox_free(&mb);
}

static void pattern_regex_cost_is_capped(void **state)
{
	struct mailbox *mb = sample();

	error_is(NULL, "~s 'a+++++++++++++++++++++'", "repeats too much");
	error_is(NULL, "~s '(a?){9000}'", "repeats too much");
	error_is(NULL, "~s '((a{99}){99}){99}'", "repeats too much");
	error_is(NULL, "e\377tts*++++++++++", "repeats too much"); /* found by fuzz_pattern */
	CHECK(mb, "~s 'l{1}u{1,2}nch'", "1 2");
	CHECK(mb, "~s '(lunch|tea)+ *'", "1 2 4");
	CHECK(mb, "~s '[[:alpha:]]{3}$'", "1 2 4");
	CHECK(mb, "~s '[]a]'", "1 2 3 4");
	mailbox_free(&mb);
}

static void pattern_white_space_is_optional(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "   ~s   lunch   ", "1 2");
	CHECK(mb, "~s lunch|~F", "1 2 3");
	CHECK(mb, "~N|~D", "2 4");
	CHECK(mb, "!~N!~D", "1 3");
	CHECK(mb, "~s\tlunch\n", "1 2"); /* tabs and newlines are white space too */
	CHECK(mb, "\t~Q", "4");
	mailbox_free(&mb);
}

static void pattern_simple_search_templates(void **state)
{
	static const char *const no_s[] = { "set simple_search='~s'", NULL };
	static const char *const range[] = { "set simple_search='~m %s'", NULL };
	static const char *const percent[] = { "set simple_search='~s %s %%f'", NULL };
	struct mailbox *mb = sample();
	struct config *a = config_with(no_s), *b = config_with(range), *c = config_with(percent);

	CHECK_CFG(mb, a, "lunch", "1 2"); /* no %s: the text goes at the end */
	CHECK_CFG(mb, b, "2-3", "2 3");   /* a quoted range */
	CHECK_CFG(mb, b, "<2", "1");
	error_is(c, "tea", "%f: address groups"); /* %% is a percent sign */
	mailbox_free(&mb);
	config_free(&a);
	config_free(&b);
	config_free(&c);
}

static void pattern_iso_and_short_years(void **state)
{
	static const struct spec specs[] = {
		{ "Date: Fri, 31 Dec 1999 23:59:59 +0000", 0, 0, 1 },
		{ "Date: Sat, 1 Jan 2000 00:00:00 +0000", 0, 0, 1 },
		{ "Date: Thu, 1 Jan 2069 12:00:00 +0000", 0, 0, 1 },
		{ "Subject: no date", 0, 0, 1 },
	};
	struct mailbox *mb = mailbox_of(specs, ARRAY_SIZE(specs));

	CHECK(mb, "~d 31/12/99", "1"); /* 99: 1999 */
	CHECK(mb, "~d 1/1/0", "2");    /* 0: 2000 */
	CHECK(mb, "~d 1/1/69", "3");   /* below 70: 20YY */
	CHECK(mb, "~d 19991231", "1"); /* YYYYMMDD */
	CHECK(mb, "~d 19991231-20000101", "1 2");
	CHECK(mb, "~d 1/1/2000-", "2 3"); /* from the first second of the day */
	CHECK(mb, "~d -31/12/1999", "1"); /* to its last */
	CHECK(mb, "!~d 2/1/1970-", "4");  /* no date: the epoch, before every range */
	mailbox_free(&mb);
}

static void pattern_date_errors(void **state)
{
	error_is(NULL, "~d 0/1/2020", "invalid day of month");
	error_is(NULL, "~d 1/0/2020", "invalid month");
	error_is(NULL, "~d 1//2020", "invalid month");
	error_is(NULL, "~d 1/1/", "invalid year");
	error_is(NULL, "~d 20201301", "invalid month");
	error_is(NULL, "~d 20200132", "invalid day of month");
	error_is(NULL, "~d <", "invalid relative date");
	error_is(NULL, "~d <1", "invalid relative date");
	error_is(NULL, "~d 1/1/2020-x", "bad date");
	error_is(NULL, "~d 1/1/2020+", "bad date");
	error_is(NULL, "~d <999999999y", "bad date");
	error_is(NULL, "~r x", "~r: bad date 'x'");
}

static void pattern_escapes(void **state)
{
	struct mailbox *mb = sample();

	CHECK(mb, "~s \"\\122elease\"", "3"); /* octal: R */
	CHECK(mb, "~s \\122elease", "3");
	error_is(NULL, "~s '\\122elease'", "bad regex"); /* literal: \\1 is a back reference */
	CHECK(mb, "~s \"\\cA\"", "");                    /* control-A */
	CHECK(mb, "~s \"lunch\\ plans\"", "1 2");
	CHECK(mb, "~s l\\unch", "1 2"); /* \\u is just u */
	mailbox_free(&mb);
}

static void pattern_modifiers_not_supported_yet(void **state)
{
	static const char *const letters[] = { "~g", "~G", "~k", "~V",     "~H x",
					       "~S", "~=", "~$", "~<(~A)", "~>(~A)" };

	for (size_t i = 0; i < ARRAY_SIZE(letters); i++)
		error_is(NULL, letters[i], "not supported yet");
}

static void pattern_date_bounds_are_inclusive(void **state)
{
	static const struct spec specs[] = {
		{ "Date: Mon, 9 Mar 2026 00:00:00 +0000", 0, 0, 1 },
		{ "Date: Mon, 9 Mar 2026 23:59:59 +0000", 0, 0, 1 },
		{ "Date: Tue, 10 Mar 2026 00:00:00 +0000", 0, 0, 1 },
		{ "Date: Sun, 8 Mar 2026 23:59:59 +0000", 0, 0, 1 },
	};
	struct mailbox *mb = mailbox_of(specs, ARRAY_SIZE(specs));

	CHECK(mb, "~d 9/3/2026", "1 2");
	CHECK(mb, "~d =1d", "1 2");
	CHECK(mb, "~d <2d", "1 2 3 4"); /* from 8 Mar 23:59:59 */
	CHECK(mb, "~d >2d", "4");       /* until 8 Mar 23:59:59 */
	mailbox_free(&mb);
}

static void pattern_alternates_have_exceptions(void **state)
{
	static const char *const rc[] = { "alternates '@work\\.test$'", "unalternates '^me@'",
					  "lists '@lists\\.'", "unlists '^dev-list@'", NULL };
	struct mailbox *mb = sample();
	struct config *c = config_with(rc);

	CHECK_CFG(mb, c, "~p", "");  /* me@work.test is an exception */
	CHECK_CFG(mb, c, "~l", "3"); /* dev-list is not a list any more */
	mailbox_free(&mb);
	config_free(&c);
}

/* ---- errors ---------------------------------------------------------------------- */

static void pattern_errors_name_the_problem(void **state)
{
	error_is(NULL, "", "empty pattern");
	error_is(NULL, "~q", "~q: unknown pattern (position 1)");
	error_is(NULL, "~s a ~q", "~q: unknown pattern (position 6)");
	error_is(NULL, "(~s a", "missing )");
	error_is(NULL, "~A )", "unmatched )");
	error_is(NULL, "(~s a))", "unmatched )");
	error_is(NULL, "~s", "missing parameter");
	error_is(NULL, "~s ''", "empty expression");
	error_is(NULL, "~s 'abc", "unterminated quote");
	error_is(NULL, "~s (", "bad regex");
	error_is(NULL, "~s (lunch|tea)", "bad regex"); /* | ends an unquoted word, as in mutt */
	error_is(NULL, "~z abc", "bad range");
	error_is(NULL, "~z 1-2-3", "bad range");
	error_is(NULL, "~z >", "bad range");
	error_is(NULL, "~d 32/1/2020", "bad date");
	error_is(NULL, "~d 1/13/2020", "invalid month");
	error_is(NULL, "~d <3x", "bad date");
	error_is(NULL, "~d 1/1/2020*", "bad date");
	error_is(NULL, "~d 1/1/2020-2/2/2020junk", "bad date");
	error_is(NULL, "~g", "not supported yet");
	error_is(NULL, "~(~s a)", "not supported yet");
	error_is(NULL, "%f friends", "not supported yet");
	error_is(NULL, "=N", "substring");
	error_is(NULL, "~", "missing pattern letter");
	error_is(NULL, "~s a |", "missing pattern");
	error_is(NULL, "| ~s a", "missing pattern");
	error_is(NULL, "~s a !", "missing pattern");
	error_is(NULL, "~A ()", "missing pattern");
	error_is(NULL, "~s a x", "error in pattern at position 6");
	error_is(NULL, "~s '(a{999}){999}'", "repeats too much");
}

static void pattern_nesting_is_capped(void **state)
{
	struct buf s = BUF_INIT, err = BUF_INIT;
	struct pattern *p;

	for (int i = 0; i < 1000; i++)
		buf_addch(&s, '(');
	buf_addstr(&s, "~A");
	for (int i = 0; i < 1000; i++)
		buf_addch(&s, ')');
	error_is(NULL, s.data, "nested too deeply");
	/* 60 levels are fine */
	buf_reset(&s);
	for (int i = 0; i < 60; i++)
		buf_addstr(&s, "!(");
	buf_addstr(&s, "~A");
	for (int i = 0; i < 60; i++)
		buf_addch(&s, ')');
	p = pattern_compile(s.data, NULL, &err);
	assert_non_null(p);
	pattern_free(&p);
	/* alternating and/or chains deepen the tree too */
	buf_reset(&s);
	for (int i = 0; i < 2000; i++)
		buf_addstr(&s, i % 2 ? "~N | " : "~A ");
	buf_addstr(&s, "~A");
	error_is(NULL, s.data, "too complex");
	/* but long chains of one operator are flat */
	buf_reset(&s);
	for (int i = 0; i < 1000; i++)
		buf_addstr(&s, "~A | ");
	buf_addstr(&s, "~N");
	p = pattern_compile(s.data, NULL, &err);
	assert_non_null(p);
	pattern_free(&p);
	buf_release(&s);
	buf_release(&err);
}

static void pattern_too_long_is_refused(void **state)
{
	struct buf s = BUF_INIT;

	fill_buf(&s, 'a', PATTERN_MAX_LEN + 1);
	error_is(NULL, s.data, "longer than");
	buf_release(&s);
}

static void pattern_null_pattern_matches_everything(void **state)
{
	struct mailbox *mb = sample();
	struct pattern *p = NULL;

	assert_true(pattern_match(NULL, mb, &mb->msgs[0]));
	pattern_free(&p);
	assert_null(p);
	mailbox_free(&mb);
}

static void pattern_limits_a_view(void **state)
{
	struct mailbox *mb = sample();
	struct buf err = BUF_INIT;
	struct pattern *p = pattern_compile("~s lunch | ~F", NULL, &err);
	struct view_opts o = { .sort = SORT_ORDER, .sort_aux = SORT_DATE, .limit = p };
	struct view v;

	assert_non_null(p);
	mailbox_lock(mb);
	assert_int_equal(view_build(mb, &o, &v), 0);
	mailbox_unlock(mb);
	assert_int_equal(v.n, 3);
	view_release(&v);
	pattern_free(&p);
	mailbox_free(&mb);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pattern_flag_modifiers),
		cmocka_unit_test(pattern_new_and_old_follow_mutt),
		cmocka_unit_test(pattern_subject_regex),
		cmocka_unit_test(pattern_smart_case),
		cmocka_unit_test(pattern_substring_is_not_a_regex),
		cmocka_unit_test(pattern_address_modifiers),
		cmocka_unit_test(pattern_every_address_with_caret),
		cmocka_unit_test(pattern_id_references_label),
		cmocka_unit_test(pattern_not_or_and),
		cmocka_unit_test(pattern_and_or_are_left_to_right),
		cmocka_unit_test(pattern_groups),
		cmocka_unit_test(pattern_quoting),
		cmocka_unit_test(pattern_absolute_dates),
		cmocka_unit_test(pattern_sent_date_is_an_instant),
		cmocka_unit_test(pattern_date_error_margins),
		cmocka_unit_test(pattern_relative_dates),
		cmocka_unit_test(pattern_received_dates),
		cmocka_unit_test(pattern_sizes),
		cmocka_unit_test(pattern_message_numbers_and_score),
		cmocka_unit_test(pattern_simple_search),
		cmocka_unit_test(pattern_personal_addresses),
		cmocka_unit_test(pattern_mailing_lists),
		cmocka_unit_test(pattern_body_and_headers),
		cmocka_unit_test(pattern_references_beyond_the_envelope),
		cmocka_unit_test(pattern_raw_search_without_thorough),
		cmocka_unit_test(pattern_mime_types_and_attachments),
		cmocka_unit_test(pattern_reads_messages_only_when_needed),
		cmocka_unit_test(pattern_unreadable_message_does_not_match),
		cmocka_unit_test(pattern_errors_name_the_problem),
		cmocka_unit_test(pattern_nesting_is_capped),
		cmocka_unit_test(pattern_too_long_is_refused),
		cmocka_unit_test(pattern_null_pattern_matches_everything),
		cmocka_unit_test(pattern_limits_a_view),
		cmocka_unit_test(pattern_regex_cost_is_capped),
		cmocka_unit_test(pattern_white_space_is_optional),
		cmocka_unit_test(pattern_simple_search_templates),
		cmocka_unit_test(pattern_iso_and_short_years),
		cmocka_unit_test(pattern_date_errors),
		cmocka_unit_test(pattern_escapes),
		cmocka_unit_test(pattern_modifiers_not_supported_yet),
		cmocka_unit_test(pattern_date_bounds_are_inclusive),
		cmocka_unit_test(pattern_alternates_have_exceptions),
	};

	/* Dates are read in local time: make that UTC, and fix the clock. */
	setenv("TZ", "UTC", 1);
	tzset();
	setenv("USER", "tester", 1);
	pattern_set_now(NOW);
	return RUN_TESTS(tests);
}
