/*
 * test_imap_parse.c - the IMAP response parser against scripted server
 * output: the responses tern relies on (SELECT, FETCH with ENVELOPE and
 * BODYSTRUCTURE, sections, LIST, ESEARCH, VANISHED...) and hostile ones
 * (absurd literals, deep nesting, huge lines, wrong types, zeros, control
 * characters), which must fail cleanly without allocating what they claim.
 */
#include "imap/parse.h"
#include "tests/unit/unit.h"

/* A server's byte stream, served as lines (split at LF, CR dropped) and literals. */
struct script {
	const char *data;
	size_t len, pos;
	size_t max_line;      /* the reader's own cap, 0 for none */
	size_t literal_calls; /* literal() calls */
	size_t literal_bytes; /* bytes asked for in all */
};

static int s_line(void *ctx, struct buf *line, struct buf *err)
{
	struct script *s = ctx;
	const char *p = s->data + s->pos, *nl;
	size_t n;

	nl = s->pos < s->len ? memchr(p, '\n', s->len - s->pos) : NULL;
	if (!nl) {
		buf_addstr(err, "connection closed");
		return ERR_CLOSED;
	}
	n = (size_t)(nl - p);
	if (s->max_line && n > s->max_line) {
		buf_addstr(err, "line too long");
		return ERR_LIMIT;
	}
	if (n && p[n - 1] == '\r')
		n--;
	buf_add(line, p, n);
	s->pos = (size_t)(nl + 1 - s->data);
	return 0;
}

static int s_literal(void *ctx, size_t n, struct buf *out, struct buf *err)
{
	struct script *s = ctx;

	s->literal_calls++;
	s->literal_bytes += n;
	if (s->len - s->pos < n) {
		buf_addstr(err, "connection closed");
		return ERR_CLOSED;
	}
	buf_add(out, s->data + s->pos, n);
	s->pos += n;
	return 0;
}

struct fx {
	struct script s;
	struct imap_reader r;
	struct imap_limits lim;
	struct imap_resp resp;
	struct buf err;
};

static void fx_start(struct fx *f, const char *data, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->s.data = data;
	f->s.len = len;
	f->r.line = s_line;
	f->r.literal = s_literal;
	f->r.ctx = &f->s;
	imap_limits_default(&f->lim);
	f->err = (struct buf)BUF_INIT;
}

static int fx_next(struct fx *f)
{
	buf_reset(&f->err);
	return imap_read_response(&f->r, &f->lim, &f->resp, &f->err);
}

static void fx_end(struct fx *f)
{
	imap_resp_release(&f->resp);
	buf_release(&f->err);
}

#define START(f, lit) fx_start((f), (lit), sizeof(lit) - 1)

/* Parse one response expecting success. */
#define OK1(f, lit)                                                \
	do {                                                       \
		START(f, lit);                                     \
		int rc_ = fx_next(f);                              \
		if (rc_)                                           \
			fail_msg("rc %d: %s", rc_, (f)->err.data); \
	} while (0)

static void assert_str(struct imap_str s, const char *want)
{
	if (!want) {
		assert_null(s.s);
		return;
	}
	assert_non_null(s.s);
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.s, want, s.len);
}

/* The error text must not carry control characters to the screen. */
static void assert_clean_err(const struct buf *err)
{
	assert_true(err->len > 0);
	for (size_t i = 0; i < err->len; i++)
		assert_true((unsigned char)err->data[i] >= 0x20 && err->data[i] != 0x7f);
}

/* A response that must fail with code `want`. */
static void expect_fail(const char *data, size_t len, int want, const struct imap_limits *lim)
{
	struct fx f;

	fx_start(&f, data, len);
	if (lim)
		f.lim = *lim;
	int rc = fx_next(&f);
	if (rc != want)
		fail_msg("rc %d, want %d (%s) for %.60s", rc, want, f.err.data, data);
	assert_clean_err(&f.err);
	fx_end(&f);
}
#define FAIL(lit, want) expect_fail((lit), sizeof(lit) - 1, (want), NULL)

static void tagged_ok_with_code(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "a1 OK [READ-WRITE] SELECT completed\r\n");
	assert_int_equal(f.resp.kind, IMAP_RESP_TAGGED);
	assert_string_equal(f.resp.tag, "a1");
	assert_int_equal(f.resp.status, IMAP_ST_OK);
	assert_int_equal(f.resp.code.code, IMAP_CODE_READ_WRITE);
	assert_string_equal(f.resp.text, "SELECT completed");
	fx_end(&f);
}

static void tagged_no_bad_and_bare(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "a2 NO [TRYCREATE] No such mailbox\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_NO);
	assert_int_equal(f.resp.code.code, IMAP_CODE_TRYCREATE);
	fx_end(&f);
	OK1(&f, "a3 BAD Unknown command\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_BAD);
	assert_int_equal(f.resp.code.code, IMAP_CODE_NONE);
	assert_string_equal(f.resp.text, "Unknown command");
	fx_end(&f);
	OK1(&f, "a4 ok\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_OK);
	assert_string_equal(f.resp.text, "");
	fx_end(&f);
	OK1(&f, "a5 OK [X-SOMETHING some args] fine\r\n");
	assert_int_equal(f.resp.code.code, IMAP_CODE_OTHER);
	assert_string_equal(f.resp.code.name, "X-SOMETHING");
	assert_string_equal(f.resp.code.arg, "some args");
	fx_end(&f);
	FAIL("a6 BYE no\r\n", ERR_PROTO);
	FAIL("a+7 OK x\r\n", ERR_PROTO);
}

static void tagged_uidplus_codes(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "a5 OK [APPENDUID 38505 3955] APPEND completed\r\n");
	assert_int_equal(f.resp.code.code, IMAP_CODE_APPENDUID);
	assert_int_equal(f.resp.code.num, 38505);
	assert_int_equal(f.resp.code.set.n, 1);
	assert_int_equal(f.resp.code.set.v[0].lo, 3955);
	fx_end(&f);
	OK1(&f, "a6 OK [COPYUID 38505 304,319:320 3958:3956] Done\r\n");
	assert_int_equal(f.resp.code.code, IMAP_CODE_COPYUID);
	assert_string_equal(f.resp.code.set.text, "304,319:320");
	assert_int_equal(f.resp.code.set.n, 2);
	assert_int_equal(f.resp.code.set.v[1].lo, 319);
	assert_int_equal(f.resp.code.set.v[1].hi, 320);
	assert_int_equal(f.resp.code.set2.n, 1);
	assert_int_equal(f.resp.code.set2.v[0].lo, 3956);
	assert_int_equal(f.resp.code.set2.v[0].hi, 3958);
	fx_end(&f);
	OK1(&f, "a7 OK [CLOSED] Previous mailbox closed\r\n");
	assert_int_equal(f.resp.code.code, IMAP_CODE_CLOSED);
	fx_end(&f);
	FAIL("a8 OK [COPYUID 1 1:* 2] x\r\n", ERR_PROTO);
}

static void untagged_capability(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN LITERAL+ IDLE\r\n");
	assert_int_equal(f.resp.kind, IMAP_RESP_UNTAGGED);
	assert_int_equal(f.resp.data, IMAP_DATA_CAPABILITY);
	assert_int_equal(f.resp.caps.n, 5);
	assert_string_equal(f.resp.caps.v[2], "AUTH=PLAIN");
	assert_string_equal(f.resp.caps.v[3], "LITERAL+");
	fx_end(&f);
	OK1(&f, "* OK [CAPABILITY IMAP4rev1 ID ENABLE] Dovecot ready.\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_OK);
	assert_int_equal(f.resp.code.code, IMAP_CODE_CAPABILITY);
	assert_int_equal(f.resp.code.caps.n, 3);
	assert_string_equal(f.resp.code.caps.v[2], "ENABLE");
	assert_string_equal(f.resp.text, "Dovecot ready.");
	fx_end(&f);
	OK1(&f, "* ENABLED CONDSTORE QRESYNC\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_ENABLED);
	assert_int_equal(f.resp.caps.n, 2);
	fx_end(&f);
	OK1(&f, "* BYE Server shutting down\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_BYE);
	fx_end(&f);
	OK1(&f, "* PREAUTH ready\r\n");
	assert_int_equal(f.resp.status, IMAP_ST_PREAUTH);
	fx_end(&f);
}

static const char select_script[] =
	"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n"
	"* 172 EXISTS\r\n"
	"* 0 RECENT\r\n"
	"* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
	"* OK [UIDNEXT 4392] Predicted next UID\r\n"
	"* OK [HIGHESTMODSEQ 715194045007] Highest\r\n"
	"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"
	"* OK [NOMODSEQ] Sorry\r\n"
	"A142 OK [READ-WRITE] SELECT completed\r\n";

static void select_responses(void **state)
{
	struct fx f;
	(void)state;

	START(&f, select_script);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.data, IMAP_DATA_FLAGS);
	assert_int_equal(f.resp.flags.sys, IMAP_FLAG_ANSWERED | IMAP_FLAG_FLAGGED |
						   IMAP_FLAG_DELETED | IMAP_FLAG_SEEN |
						   IMAP_FLAG_DRAFT);
	assert_int_equal(f.resp.flags.kw.n, 1);
	assert_string_equal(f.resp.flags.kw.v[0], "$Forwarded");
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.data, IMAP_DATA_EXISTS);
	assert_int_equal(f.resp.num, 172);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.data, IMAP_DATA_RECENT);
	assert_int_equal(f.resp.num, 0);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.code.code, IMAP_CODE_UIDVALIDITY);
	assert_int_equal(f.resp.code.num, 3857529045u);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.code.code, IMAP_CODE_UIDNEXT);
	assert_int_equal(f.resp.code.num, 4392);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.code.code, IMAP_CODE_HIGHESTMODSEQ);
	assert_true(f.resp.code.modseq == 715194045007ull);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.code.code, IMAP_CODE_PERMANENTFLAGS);
	assert_int_equal(f.resp.code.flags.sys,
			 IMAP_FLAG_DELETED | IMAP_FLAG_SEEN | IMAP_FLAG_ANYKW);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.code.code, IMAP_CODE_NOMODSEQ);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.kind, IMAP_RESP_TAGGED);
	assert_int_equal(f.resp.code.code, IMAP_CODE_READ_WRITE);
	assert_int_equal(fx_next(&f), ERR_CLOSED);
	fx_end(&f);
}

static void fetch_simple_items(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* 12 FETCH (UID 4827 FLAGS (\\Seen \\answered $Forwarded \\Recent) "
		"INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
		"MODSEQ (12121231000) X-GM-MSGID 1278455344230334865)\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_FETCH);
	assert_int_equal(f.resp.fetch.seq, 12);
	assert_int_equal(f.resp.fetch.have, IMAP_FETCH_UID | IMAP_FETCH_FLAGS |
						    IMAP_FETCH_INTERNALDATE | IMAP_FETCH_SIZE |
						    IMAP_FETCH_MODSEQ);
	assert_int_equal(f.resp.fetch.uid, 4827);
	assert_int_equal(f.resp.fetch.flags.sys,
			 IMAP_FLAG_SEEN | IMAP_FLAG_ANSWERED | IMAP_FLAG_RECENT);
	assert_int_equal(f.resp.fetch.flags.kw.n, 1);
	assert_true(f.resp.fetch.internaldate == 837596665);
	assert_int_equal(f.resp.fetch.tz_minutes, -420);
	assert_true(f.resp.fetch.size == 4286);
	assert_true(f.resp.fetch.modseq == 12121231000ull);
	fx_end(&f);
	/* A one-digit day, with a space or without. */
	OK1(&f, "* 1 FETCH (INTERNALDATE \" 1-Jan-2000 00:00:00 +0000\")\r\n");
	assert_true(f.resp.fetch.internaldate == 946684800);
	fx_end(&f);
	OK1(&f, "* 1 FETCH (INTERNALDATE \"1-Jan-2000 01:30:00 +0130\")\r\n");
	assert_true(f.resp.fetch.internaldate == 946684800);
	assert_int_equal(f.resp.fetch.tz_minutes, 90);
	fx_end(&f);
	FAIL("* 1 FETCH (INTERNALDATE \"31-Feb-2020 00:00:00 +0000\")\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (INTERNALDATE \"01-Jan-2020 24:00:00 +0000\")\r\n", ERR_PROTO);
}

static const char envelope_script[] =
	"* 7 FETCH (UID 99 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" {28}\r\n"
	"Subject with \"quotes\" inside"
	" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
	" NIL NIL"
	" ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
	" ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\") (\"John \\\"K\\\" Klensin\" NIL \"KLENSIN\" \"MIT.EDU\"))"
	" () NIL \"<B27397-0100000@cac.washington.edu>\"))\r\n";

static void fetch_envelope(void **state)
{
	struct fx f;
	const struct imap_envelope *e;
	(void)state;

	OK1(&f, envelope_script);
	assert_int_equal(f.s.literal_calls, 1);
	assert_true(f.resp.fetch.have & IMAP_FETCH_ENVELOPE);
	e = f.resp.fetch.envelope;
	assert_non_null(e);
	assert_str(e->date, "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)");
	assert_str(e->subject, "Subject with \"quotes\" inside");
	assert_int_equal(e->from.n, 1);
	assert_str(e->from.v[0].name, "Terry Gray");
	assert_str(e->from.v[0].adl, NULL);
	assert_str(e->from.v[0].mailbox, "gray");
	assert_str(e->from.v[0].host, "cac.washington.edu");
	assert_int_equal(e->sender.n, 0);
	assert_int_equal(e->reply_to.n, 0);
	/* Group syntax: a start (host NIL) and an end marker (mailbox NIL too). */
	assert_int_equal(e->to.n, 2);
	assert_str(e->to.v[0].mailbox, "undisclosed-recipients");
	assert_str(e->to.v[0].host, NULL);
	assert_str(e->to.v[1].mailbox, NULL);
	assert_int_equal(e->cc.n, 2);
	assert_str(e->cc.v[1].name, "John \"K\" Klensin");
	assert_int_equal(e->bcc.n, 0);
	assert_str(e->in_reply_to, NULL);
	assert_str(e->message_id, "<B27397-0100000@cac.washington.edu>");
	assert_int_equal(f.resp.fetch.uid, 99);
	fx_end(&f);
	OK1(&f, "* 8 FETCH (ENVELOPE NIL)\r\n");
	assert_null(f.resp.fetch.envelope);
	fx_end(&f);
}

static void bodystructure_single(void **state)
{
	struct fx f;
	const struct imap_body *b;
	(void)state;

	OK1(&f, "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL "
		"\"7BIT\" 3028 92 NIL NIL NIL NIL))\r\n");
	assert_int_equal(f.resp.fetch.have, IMAP_FETCH_BODYSTRUCTURE);
	b = f.resp.fetch.body;
	assert_false(b->multipart);
	assert_str(b->type, "TEXT");
	assert_str(b->subtype, "PLAIN");
	assert_int_equal(b->nparams, 1);
	assert_str(b->params[0].name, "CHARSET");
	assert_str(b->params[0].value, "US-ASCII");
	assert_str(b->id, NULL);
	assert_str(b->encoding, "7BIT");
	assert_true(b->size == 3028 && b->lines == 92);
	assert_str(b->disposition, NULL);
	fx_end(&f);
	/* BODY: no extension data; a text part without its line count (some servers). */
	OK1(&f, "* 1 FETCH (BODY (\"text\" \"html\" NIL NIL NIL NIL 10))\r\n");
	assert_int_equal(f.resp.fetch.have, IMAP_FETCH_BODY);
	assert_str(f.resp.fetch.body->encoding, NULL);
	assert_true(f.resp.fetch.body->lines == 0);
	fx_end(&f);
}

static void bodystructure_multipart_nested(void **state)
{
	struct fx f;
	const struct imap_body *b, *rel, *img;
	(void)state;

	OK1(&f,
	    "* 2 FETCH (UID 5 BODYSTRUCTURE ("
	    "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 100 5 NIL NIL NIL)"
	    "((\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"8BIT\" 200 10 NIL NIL NIL)"
	    "(\"IMAGE\" \"PNG\" (\"NAME\" \"a.png\") \"<id1>\" \"a picture\" \"BASE64\" 3000 NIL "
	    "(\"INLINE\" (\"FILENAME\" \"a.png\")) NIL) \"RELATED\" (\"BOUNDARY\" \"b2\") NIL NIL)"
	    " \"MIXED\" (\"BOUNDARY\" \"b1\") (\"ATTACHMENT\" NIL) (\"en\" \"de\") \"http://loc\" 7 "
	    "(1 (2 \"x\"))))\r\n");
	b = f.resp.fetch.body;
	assert_true(b->multipart);
	assert_str(b->subtype, "MIXED");
	assert_int_equal(b->nparts, 2);
	assert_str(b->params[0].value, "b1");
	assert_str(b->disposition, "ATTACHMENT");
	assert_int_equal(b->language.n, 2);
	assert_string_equal(b->language.v[1], "de");
	assert_str(b->location, "http://loc");
	assert_str(b->parts[0].encoding, "QUOTED-PRINTABLE");
	rel = &b->parts[1];
	assert_true(rel->multipart);
	assert_str(rel->subtype, "RELATED");
	assert_int_equal(rel->nparts, 2);
	img = &rel->parts[1];
	assert_str(img->type, "IMAGE");
	assert_str(img->id, "<id1>");
	assert_str(img->description, "a picture");
	assert_true(img->size == 3000);
	assert_str(img->disposition, "INLINE");
	assert_int_equal(img->ndparams, 1);
	assert_str(img->dparams[0].value, "a.png");
	assert_int_equal(f.resp.fetch.uid, 5);
	fx_end(&f);
}

static void bodystructure_message_rfc822(void **state)
{
	struct fx f;
	const struct imap_body *b, *inner;
	(void)state;

	OK1(&f,
	    "* 3 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1 NIL NIL NIL)"
	    "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 500 "
	    "(\"Mon, 1 Jan 2001 00:00:00 +0000\" \"inner\" ((NIL NIL \"a\" \"b.example\")) NIL NIL "
	    "NIL NIL NIL NIL \"<m@x>\") "
	    "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"ISO-8859-1\") NIL NIL \"8BIT\" 100 3 NIL NIL NIL) "
	    "20 NIL (\"ATTACHMENT\" (\"FILENAME\" \"fwd.eml\")) NIL NIL) \"MIXED\"))\r\n");
	b = f.resp.fetch.body;
	assert_int_equal(b->nparts, 2);
	assert_non_null(b->parts[1].envelope);
	assert_str(b->parts[1].envelope->subject, "inner");
	assert_str(b->parts[1].envelope->from.v[0].host, "b.example");
	assert_int_equal(b->parts[1].nparts, 1);
	inner = b->parts[1].parts;
	assert_str(inner->params[0].value, "ISO-8859-1");
	assert_true(inner->lines == 3);
	assert_true(b->parts[1].lines == 20);
	assert_str(b->parts[1].dparams[0].value, "fwd.eml");
	fx_end(&f);
}

static const char section_script[] =
	"* 3 FETCH (UID 9 BODY[HEADER.FIELDS (FROM \"SUBJECT\")] {37}\r\n"
	"From: a@b.example\r\nSubject: hello\r\n\r\n"
	" BODY[1]<0> NIL BINARY[2] ~{5}\r\n"
	"a\0b\0c"
	" RFC822.HEADER \"X: y\")\r\n";

static void fetch_sections(void **state)
{
	struct fx f;
	const struct imap_section *s;
	(void)state;

	OK1(&f, section_script);
	assert_int_equal(f.resp.fetch.nsections, 4);
	s = &f.resp.fetch.sections[0];
	assert_int_equal(s->kind, IMAP_SEC_BODY);
	assert_string_equal(s->spec, "HEADER.FIELDS (FROM \"SUBJECT\")");
	assert_int_equal(s->data.len, 37);
	assert_memory_equal(s->data.s, "From: a@b.example\r\nSubject", 26);
	s = &f.resp.fetch.sections[1];
	assert_string_equal(s->spec, "1");
	assert_true(s->has_origin);
	assert_int_equal(s->origin, 0);
	assert_null(s->data.s);
	s = &f.resp.fetch.sections[2];
	assert_int_equal(s->kind, IMAP_SEC_BINARY);
	assert_int_equal(s->data.len, 5);
	assert_memory_equal(s->data.s, "a\0b\0c", 5);
	s = &f.resp.fetch.sections[3];
	assert_int_equal(s->kind, IMAP_SEC_RFC822);
	assert_string_equal(s->spec, "HEADER");
	assert_str(s->data, "X: y");
	fx_end(&f);
	OK1(&f,
	    "* 4 FETCH (BINARY.SIZE[1] 1234 BODY.PEEK[TEXT]<10> \"abc\" EMAILID (M6d99ac3))\r\n");
	assert_int_equal(f.resp.fetch.nsections, 1);
	assert_string_equal(f.resp.fetch.sections[0].spec, "TEXT");
	assert_int_equal(f.resp.fetch.sections[0].origin, 10);
	assert_str(f.resp.fetch.sections[0].data, "abc");
	fx_end(&f);
	/* ~{n} is for BINARY[] only. */
	FAIL("* 3 FETCH (BODY[] ~{1}\r\nx)\r\n", ERR_PROTO);
}

static void vanished_and_expunge(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_VANISHED);
	assert_true(f.resp.vanished.earlier);
	assert_int_equal(f.resp.vanished.uids.n, 5);
	assert_int_equal(f.resp.vanished.uids.v[4].lo, 214);
	assert_int_equal(f.resp.vanished.uids.v[4].hi, 540);
	assert_string_equal(f.resp.vanished.uids.text, "41,43:116,118,120:211,214:540");
	fx_end(&f);
	OK1(&f, "* VANISHED 405,407\r\n");
	assert_false(f.resp.vanished.earlier);
	assert_int_equal(f.resp.vanished.uids.n, 2);
	fx_end(&f);
	OK1(&f, "* 3 EXPUNGE\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_EXPUNGE);
	assert_int_equal(f.resp.num, 3);
	fx_end(&f);
	FAIL("* VANISHED 1:*\r\n", ERR_PROTO);
	FAIL("* VANISHED (LATER) 1\r\n", ERR_PROTO);
}

static void esearch_and_search(void **state)
{
	struct fx f;
	const struct imap_esearch *es;
	(void)state;

	OK1(&f, "* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800 COUNT 15 ALL 7,10:12 "
		"PARTIAL (1:10 7) MODSEQ 917162500\r\n");
	es = &f.resp.esearch;
	assert_int_equal(f.resp.data, IMAP_DATA_ESEARCH);
	assert_string_equal(es->tag, "A285");
	assert_true(es->uid);
	assert_int_equal(es->have, IMAP_ESEARCH_MIN | IMAP_ESEARCH_MAX | IMAP_ESEARCH_COUNT |
					   IMAP_ESEARCH_ALL | IMAP_ESEARCH_MODSEQ);
	assert_int_equal(es->min, 7);
	assert_int_equal(es->max, 3800);
	assert_int_equal(es->count, 15);
	assert_int_equal(es->all.n, 2);
	assert_true(es->modseq == 917162500);
	fx_end(&f);
	/* A repeated item replaces the first. */
	OK1(&f, "* ESEARCH ALL 1,2,3,4,5 ALL 7,9\r\n");
	assert_int_equal(f.resp.esearch.all.n, 2);
	assert_string_equal(f.resp.esearch.all.text, "7,9");
	fx_end(&f);
	OK1(&f, "* ESEARCH UID COUNT 5\r\n");
	assert_true(f.resp.esearch.uid);
	assert_int_equal(f.resp.esearch.count, 5);
	fx_end(&f);
	OK1(&f, "* ESEARCH COUNT 0\r\n");
	assert_false(f.resp.esearch.uid);
	assert_int_equal(f.resp.esearch.have, IMAP_ESEARCH_COUNT);
	fx_end(&f);
	OK1(&f, "* ESEARCH (TAG \"A1\")\r\n");
	assert_int_equal(f.resp.esearch.have, 0);
	fx_end(&f);
	OK1(&f, "* SEARCH 2 5 6 7 (MODSEQ 917162500)\r\n");
	assert_int_equal(f.resp.search.n, 4);
	assert_int_equal(f.resp.search.v[3], 7);
	assert_true(f.resp.search.modseq == 917162500);
	fx_end(&f);
	OK1(&f, "* SEARCH\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_SEARCH);
	assert_int_equal(f.resp.search.n, 0);
	fx_end(&f);
	FAIL("* SEARCH 1 0 2\r\n", ERR_PROTO);
}

static void list_special_use(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_LIST);
	assert_int_equal(f.resp.list.attrs, IMAP_LIST_HASNOCHILDREN | IMAP_LIST_SENT);
	assert_int_equal(f.resp.list.delim, '/');
	assert_str(f.resp.list.mailbox, "Sent Items");
	fx_end(&f);
	OK1(&f, "* LIST (\\Noselect \\HasChildren \\X-Custom) \".\" {8}\r\n"
		"&AMk-t\xc3\xa9\r\n");
	assert_int_equal(f.resp.list.attrs, IMAP_LIST_NOSELECT | IMAP_LIST_HASCHILDREN);
	assert_int_equal(f.resp.list.other_attrs.n, 1);
	assert_string_equal(f.resp.list.other_attrs.v[0], "\\X-Custom");
	assert_str(f.resp.list.mailbox, "&AMk-t\xc3\xa9");
	fx_end(&f);
	OK1(&f, "* LSUB () NIL INBOX\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_LSUB);
	assert_int_equal(f.resp.list.delim, 0);
	assert_str(f.resp.list.mailbox, "INBOX");
	fx_end(&f);
	OK1(&f, "* LIST (\\Subscribed \\Trash \\Junk \\Archive \\Drafts \\All \\Flagged) \"\\\\\" "
		"\"a\\\"b\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n");
	assert_int_equal(f.resp.list.attrs, IMAP_LIST_SUBSCRIBED | IMAP_LIST_TRASH |
						    IMAP_LIST_JUNK | IMAP_LIST_ARCHIVE |
						    IMAP_LIST_DRAFTS | IMAP_LIST_ALL |
						    IMAP_LIST_FLAGGED);
	assert_int_equal(f.resp.list.delim, '\\');
	assert_str(f.resp.list.mailbox, "a\"b");
	fx_end(&f);
	FAIL("* LIST () \"ab\" x\r\n", ERR_PROTO);
}

static void status_id_other(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* STATUS \"INBOX\" (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777 "
		"APPENDLIMIT NIL UNSEEN 0)\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_STATUS);
	assert_str(f.resp.status_data.mailbox, "INBOX");
	assert_int_equal(f.resp.status_data.have, IMAP_STATUS_MESSAGES | IMAP_STATUS_UIDNEXT |
							  IMAP_STATUS_HIGHESTMODSEQ |
							  IMAP_STATUS_UNSEEN);
	assert_int_equal(f.resp.status_data.messages, 231);
	assert_true(f.resp.status_data.highestmodseq == 7011231777ull);
	fx_end(&f);
	OK1(&f, "* ID (\"name\" \"Dovecot\" \"version\" NIL)\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_ID);
	assert_int_equal(f.resp.nid, 2);
	assert_str(f.resp.id[0].value, "Dovecot");
	assert_str(f.resp.id[1].value, NULL);
	fx_end(&f);
	OK1(&f,
	    "* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")(\"#users/\" NIL \"X-PARAM\" (\"a\" \"b\"))) "
	    "NIL\r\n");
	assert_int_equal(f.resp.data, IMAP_DATA_NAMESPACE);
	assert_int_equal(f.resp.ns.personal.n, 1);
	assert_str(f.resp.ns.personal.v[0].prefix, "");
	assert_int_equal(f.resp.ns.personal.v[0].delim, '/');
	assert_int_equal(f.resp.ns.other.n, 2);
	assert_str(f.resp.ns.other.v[1].prefix, "#users/");
	assert_int_equal(f.resp.ns.other.v[1].delim, 0);
	assert_int_equal(f.resp.ns.shared.n, 0);
	fx_end(&f);
	FAIL("* NAMESPACE ((\"\" \"/\")) NIL\r\n", ERR_PROTO);
	OK1(&f, "* ID NIL\r\n");
	assert_int_equal(f.resp.nid, 0);
	fx_end(&f);
	/* Unknown data is skipped with its literals; the next response is intact. */
	START(&f, "* XSTUFF (a {3}\r\n) b\"c\" \"q(\")\r\n* 4 XTHING\r\na1 OK done\r\n");
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.data, IMAP_DATA_OTHER);
	assert_string_equal(f.resp.text, "* XSTUFF (a {3}");
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.data, IMAP_DATA_OTHER);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.kind, IMAP_RESP_TAGGED);
	fx_end(&f);
	OK1(&f, "+ YmFzZTY0\r\n");
	assert_int_equal(f.resp.kind, IMAP_RESP_CONTINUATION);
	assert_string_equal(f.resp.text, "YmFzZTY0");
	fx_end(&f);
	OK1(&f, "+\r\n");
	assert_int_equal(f.resp.kind, IMAP_RESP_CONTINUATION);
	assert_string_equal(f.resp.text, "");
	fx_end(&f);
}

/* The deviations doc/internals/imap-parse.md lists as tolerated. */
static void lenient_servers(void **state)
{
	struct fx f;
	(void)state;

	OK1(&f, "* 1 fetch ( uid 7  flags ( \\seen )  modseq (0) ) \r\n");
	assert_int_equal(f.resp.fetch.uid, 7);
	assert_int_equal(f.resp.fetch.flags.sys, IMAP_FLAG_SEEN);
	assert_true(f.resp.fetch.have & IMAP_FETCH_MODSEQ);
	fx_end(&f);
	OK1(&f, "* OK [READ-WRITE]\r\n");
	assert_int_equal(f.resp.code.code, IMAP_CODE_READ_WRITE);
	assert_string_equal(f.resp.text, "");
	fx_end(&f);
	/* A backslash before an ordinary character is kept; "()" as an address list. */
	OK1(&f, "* 2 FETCH (ENVELOPE (NIL \"C:\\temp\\\\x\" () NIL NIL NIL NIL NIL NIL NIL))\r\n");
	assert_str(f.resp.fetch.envelope->subject, "C:\\temp\\x");
	assert_int_equal(f.resp.fetch.envelope->from.n, 0);
	fx_end(&f);
	/* message/rfc822 without envelope; "()" parameters; NIL encoding. */
	OK1(&f, "* 3 FETCH (BODY (\"MESSAGE\" \"RFC822\" () NIL NIL NIL 42))\r\n");
	assert_null(f.resp.fetch.body->envelope);
	assert_int_equal(f.resp.fetch.body->nparams, 0);
	assert_true(f.resp.fetch.body->size == 42);
	fx_end(&f);
	/* A reader that leaves the CR in place. */
	OK1(&f, "a1 OK done\r\r\n");
	assert_string_equal(f.resp.text, "done");
	fx_end(&f);
}

/* ---- hostile servers ---- */

static void hostile_literal_absurd_size(void **state)
{
	struct fx f;
	(void)state;

	START(&f, "* 1 FETCH (BODY[] {99999999999999}\r\nxx)\r\n");
	assert_int_equal(fx_next(&f), ERR_LIMIT);
	assert_int_equal(f.s.literal_calls, 0);
	assert_clean_err(&f.err);
	fx_end(&f);
	START(&f, "* 1 FETCH (BODY[] {999999999999999999999999999999}\r\nxx)\r\n");
	assert_int_equal(fx_next(&f), ERR_LIMIT);
	assert_int_equal(f.s.literal_calls, 0);
	fx_end(&f);
	/* Over the configured total, counting earlier literals of the response. */
	START(&f, "* 1 FETCH (BODY[1] {40}\r\n0123456789012345678901234567890123456789"
		  " BODY[2] {40}\r\n0123456789012345678901234567890123456789)\r\n");
	f.lim.max_literal_total = 64;
	assert_int_equal(fx_next(&f), ERR_LIMIT);
	assert_int_equal(f.s.literal_calls, 1);
	fx_end(&f);
}

static void hostile_literal_signed_size(void **state)
{
	(void)state;
	FAIL("* 1 FETCH (BODY[] {-5}\r\nabcde)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[] {+5}\r\nabcde)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[] {5+}\r\nabcde)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[] {}\r\n)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[] {5} x\r\nabcde)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[] {0x10}\r\nabcde)\r\n", ERR_PROTO);
}

static void hostile_literal_ends_early(void **state)
{
	(void)state;
	/* The server closes inside the literal, then right after one. */
	FAIL("* 1 FETCH (BODY[] {100}\r\nshort", ERR_CLOSED);
	FAIL("* 1 FETCH (BODY[] {5}\r\nabcde", ERR_CLOSED);
	FAIL("* 1 FETCH (UID 1", ERR_CLOSED);
	FAIL("", ERR_CLOSED);
}

static void hostile_unbalanced_parens(void **state)
{
	(void)state;
	FAIL("* 1 FETCH (UID 1 FLAGS (\\Seen)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID 1))\r\n", ERR_PROTO);
	FAIL("* 1 FETCH UID 1)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\") NIL NIL NIL NIL NIL NIL NIL))\r\n",
	     ERR_PROTO);
	FAIL("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)\r\n",
	     ERR_PROTO);
	FAIL("* 1 FETCH (X-UNKNOWN (a (b))\r\n", ERR_PROTO);
	FAIL("* OK [UIDNEXT 5 text\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODY[HEADER.FIELDS (FROM] {1}\r\nx)\r\n", ERR_PROTO);
}

static void hostile_huge_line(void **state)
{
	struct buf wire = BUF_INIT;
	struct limits_fx {
		struct imap_limits lim;
	} l;
	struct fx f;
	(void)state;

	buf_addstr(&wire, "* OK ");
	fill_buf(&wire, 'x', 10 * 1024 * 1024);
	buf_addstr(&wire, "\r\n");
	/* The reader's own cap... */
	fx_start(&f, wire.data, wire.len);
	f.s.max_line = 1024 * 1024;
	assert_int_equal(fx_next(&f), ERR_LIMIT);
	fx_end(&f);
	/* ...or the parser's, when the reader has none. */
	imap_limits_default(&l.lim);
	l.lim.max_line = 1024 * 1024;
	expect_fail(wire.data, wire.len, ERR_LIMIT, &l.lim);
	buf_release(&wire);
}

static void hostile_deep_bodystructure(void **state)
{
	struct buf wire = BUF_INIT;
	struct imap_limits lim;
	(void)state;

	buf_addstr(&wire, "* 1 FETCH (BODYSTRUCTURE ");
	fill_buf(&wire, '(', 10000);
	buf_addstr(&wire, "\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1");
	fill_buf(&wire, ')', 10000);
	buf_addstr(&wire, " \"MIXED\")\r\n");
	expect_fail(wire.data, wire.len, ERR_LIMIT, NULL);
	/* A limit set absurdly high is clamped: still no stack overflow. */
	imap_limits_default(&lim);
	lim.max_depth = 1000000000;
	expect_fail(wire.data, wire.len, ERR_LIMIT, &lim);
	buf_release(&wire);
	/* Deep unknown items and deep extension data alike. */
	buf_addstr(&wire, "* 1 FETCH (X-FOO ");
	fill_buf(&wire, '(', 10000);
	buf_addstr(&wire, "\r\n");
	expect_fail(wire.data, wire.len, ERR_LIMIT, NULL);
	buf_release(&wire);
}

/* Nesting up to the cap works, and the recursion it takes fits on the stack. */
static void deep_message_nesting_within_cap(void **state)
{
	struct buf wire = BUF_INIT;
	const struct imap_body *b;
	struct fx f;
	int levels = 0;
	(void)state;

	buf_addstr(&wire, "* 1 FETCH (BODYSTRUCTURE ");
	for (int i = 0; i < 250; i++)
		buf_addstr(
			&wire,
			"(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 9 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ");
	buf_addstr(&wire, "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)");
	for (int i = 0; i < 250; i++)
		buf_addstr(&wire, " 2)");
	buf_addstr(&wire, ")\r\n");
	fx_start(&f, wire.data, wire.len);
	f.lim.max_depth = IMAP_DEPTH_CAP;
	f.lim.max_parts = 1000;
	assert_int_equal(fx_next(&f), 0);
	for (b = f.resp.fetch.body; b->nparts; b = b->parts)
		levels++;
	assert_int_equal(levels, 250);
	assert_str(b->type, "TEXT");
	fx_end(&f);
	buf_release(&wire);
}

static void hostile_too_many_parts(void **state)
{
	struct buf wire = BUF_INIT;
	struct imap_limits lim;
	(void)state;

	buf_addstr(&wire, "* 1 FETCH (BODYSTRUCTURE (");
	for (int i = 0; i < 20; i++)
		buf_addstr(&wire, "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)");
	buf_addstr(&wire, " \"MIXED\"))\r\n");
	imap_limits_default(&lim);
	lim.max_parts = 10;
	expect_fail(wire.data, wire.len, ERR_LIMIT, &lim);
	lim.max_parts = 20;
	{
		struct fx f;
		fx_start(&f, wire.data, wire.len);
		f.lim = lim;
		assert_int_equal(fx_next(&f), 0);
		assert_int_equal(f.resp.fetch.body->nparts, 20);
		fx_end(&f);
	}
	buf_release(&wire);
}

static void hostile_wrong_types(void **state)
{
	(void)state;
	FAIL("* 1 FETCH (UID \"abc\")\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (RFC822.SIZE NIL)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID 12abc)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID -1)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID +1)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID 4294967296)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (MODSEQ (9223372036854775808))\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (MODSEQ 5)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (FLAGS \\Seen)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (ENVELOPE \"x\")\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" \"big\" 3))\r\n",
	     ERR_PROTO);
	FAIL("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"A\") NIL NIL \"7BIT\" 1 3))\r\n",
	     ERR_PROTO);
	FAIL("* 1 FETCH (BODYSTRUCTURE (NIL \"PLAIN\" NIL NIL NIL \"7BIT\" 1 3))\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (INTERNALDATE 12)\r\n", ERR_PROTO);
	FAIL("* OK [UIDVALIDITY abc] x\r\n", ERR_PROTO);
	FAIL("* 4294967296 EXISTS\r\n", ERR_PROTO);
	FAIL("* STATUS INBOX (MESSAGES x)\r\n", ERR_PROTO);
	FAIL("* 1 FETCH \r\n", ERR_PROTO);
	FAIL("\r\n", ERR_PROTO);
}

static void hostile_sequence_zero(void **state)
{
	(void)state;
	FAIL("* 0 FETCH (UID 1)\r\n", ERR_PROTO);
	FAIL("* 0 EXPUNGE\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (UID 0)\r\n", ERR_PROTO);
	FAIL("* OK [UIDNEXT 0] x\r\n", ERR_PROTO);
	FAIL("* OK [UIDVALIDITY 0] x\r\n", ERR_PROTO);
	FAIL("* VANISHED 0:5\r\n", ERR_PROTO);
	FAIL("* ESEARCH MIN 0\r\n", ERR_PROTO);
}

static void hostile_many_items(void **state)
{
	static const char *const lists[] = {
		"* ID (\"a\" \"1\" \"b\" \"2\" \"c\" \"3\")\r\n",
		"* CAPABILITY A B C\r\n",
		"* LIST (\\A \\B \\C) \"/\" x\r\n",
		"* STATUS x (MESSAGES 1 RECENT 1 UNSEEN 1)\r\n",
		"* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"A\" \"1\" \"B\" \"2\" \"C\" \"3\") NIL NIL "
		"NIL 1 1))\r\n",
		"* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\")(NIL NIL \"a\" \"b\")(NIL NIL "
		"\"a\" \"b\")) NIL NIL NIL NIL NIL NIL NIL))\r\n",
		"* ESEARCH MIN 1 MAX 2 COUNT 3\r\n",
		"* 1 FETCH (X-A (1 2 3))\r\n",
	};
	struct buf wire = BUF_INIT;
	struct imap_limits lim;
	(void)state;

	buf_addstr(&wire, "* 1 FETCH (");
	for (int i = 0; i < 20000; i++)
		buf_addstr(&wire, "UID 1 ");
	buf_addstr(&wire, ")\r\n");
	expect_fail(wire.data, wire.len, ERR_LIMIT, NULL);
	buf_reset(&wire);
	buf_addstr(&wire, "* FLAGS (");
	for (int i = 0; i < 20000; i++)
		buf_printf(&wire, "k%d ", i);
	buf_addstr(&wire, ")\r\n");
	expect_fail(wire.data, wire.len, ERR_LIMIT, NULL);
	buf_reset(&wire);
	/* Many tiny literals in unknown data: counted too. */
	buf_addstr(&wire, "* XJUNK");
	for (int i = 0; i < 20000; i++)
		buf_addstr(&wire, " {0}\r\n");
	buf_addstr(&wire, "\r\n");
	expect_fail(wire.data, wire.len, ERR_LIMIT, NULL);
	buf_release(&wire);
	/* Every kind of list counts its entries. */
	imap_limits_default(&lim);
	lim.max_items = 2;
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		expect_fail(lists[i], strlen(lists[i]), ERR_LIMIT, &lim);
}

/* Many short strings before a long one: each costs its own size, not the rest of the line. */
static void hostile_many_strings_long_line(void **state)
{
	struct buf wire = BUF_INIT;
	struct fx f;
	(void)state;

	buf_addstr(&wire, "* ID (");
	for (int i = 0; i < 4999; i++)
		buf_addstr(&wire, "\"a\" \"\" ");
	buf_addstr(&wire, "\"z\" \"");
	fill_buf(&wire, 'x', 3 * 1024 * 1024);
	buf_addstr(&wire, "\")\r\n");
	fx_start(&f, wire.data, wire.len);
	assert_int_equal(fx_next(&f), 0);
	assert_int_equal(f.resp.nid, 5000);
	assert_int_equal(f.resp.id[4999].value.len, 3 * 1024 * 1024);
	/* The arena holds little more than the strings themselves. */
	assert_true(f.resp.arena_.total < 16 * 1024 * 1024);
	fx_end(&f);
	buf_release(&wire);
}

static void hostile_control_characters(void **state)
{
	struct fx f;
	(void)state;

	FAIL("* 1 FETCH (FLAGS (\\Seen\x1b[31m))\r\n", ERR_PROTO);
	FAIL("a1\x07 OK x\r\n", ERR_PROTO);
	FAIL("* OK hello\0world\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (ENVELOPE (NIL \"a\rb\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n", ERR_PROTO);
	FAIL("* 1 FETCH (ENVELOPE (NIL {3}\r\na\0b NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",
	     ERR_PROTO);
	FAIL("* LIST () \"/\" {3}\r\na\0b\r\n", ERR_PROTO);
	/* Legal in a quoted string: kept as sent, for the display to sanitise. */
	OK1(&f, "* 1 FETCH (ENVELOPE (NIL \"\x1b[2Jx\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
	assert_str(f.resp.fetch.envelope->subject, "\x1b[2Jx");
	fx_end(&f);
	/* The error quotes the line with control characters escaped. */
	START(&f, "* 1 FETCH (UID \x1b]0;pwned\x07)\r\n");
	assert_int_equal(fx_next(&f), ERR_PROTO);
	assert_clean_err(&f.err);
	assert_non_null(strstr(f.err.data, "\\x1b]0;pwned\\x07"));
	fx_end(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tagged_ok_with_code),
		cmocka_unit_test(tagged_no_bad_and_bare),
		cmocka_unit_test(tagged_uidplus_codes),
		cmocka_unit_test(untagged_capability),
		cmocka_unit_test(select_responses),
		cmocka_unit_test(fetch_simple_items),
		cmocka_unit_test(fetch_envelope),
		cmocka_unit_test(bodystructure_single),
		cmocka_unit_test(bodystructure_multipart_nested),
		cmocka_unit_test(bodystructure_message_rfc822),
		cmocka_unit_test(fetch_sections),
		cmocka_unit_test(vanished_and_expunge),
		cmocka_unit_test(esearch_and_search),
		cmocka_unit_test(list_special_use),
		cmocka_unit_test(status_id_other),
		cmocka_unit_test(lenient_servers),
		cmocka_unit_test(hostile_literal_absurd_size),
		cmocka_unit_test(hostile_literal_signed_size),
		cmocka_unit_test(hostile_literal_ends_early),
		cmocka_unit_test(hostile_unbalanced_parens),
		cmocka_unit_test(hostile_huge_line),
		cmocka_unit_test(hostile_deep_bodystructure),
		cmocka_unit_test(deep_message_nesting_within_cap),
		cmocka_unit_test(hostile_too_many_parts),
		cmocka_unit_test(hostile_wrong_types),
		cmocka_unit_test(hostile_sequence_zero),
		cmocka_unit_test(hostile_many_items),
		cmocka_unit_test(hostile_many_strings_long_line),
		cmocka_unit_test(hostile_control_characters),
	};
	return RUN_TESTS(tests);
}
