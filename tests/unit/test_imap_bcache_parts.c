/* test_imap_bcache_parts.c - the display read: which sections, and the message built from them */
#include <string.h>

#include "imap/bcache_parts.h"
#include "mime/mime.h"
#include "tests/unit/unit.h"

/* ---- a BODYSTRUCTURE parsed by the real parser ------------------------------ */

struct src {
	const char *p;
};

static int src_line(void *ctx, struct buf *line, struct buf *err)
{
	struct src *s = ctx;
	const char *end = strstr(s->p, "\r\n");

	(void)err;
	if (!end)
		return ERR_CLOSED;
	buf_add(line, s->p, (size_t)(end - s->p));
	s->p = end + 2;
	return 0;
}

static int src_literal(void *ctx, size_t n, struct buf *out, struct buf *err)
{
	(void)ctx;
	(void)n;
	(void)out;
	buf_addstr(err, "no literals here");
	return ERR_PROTO;
}

/* Parse "* 1 FETCH (BODYSTRUCTURE <bs>)" into r; the tree is r->fetch.body. */
static const struct imap_body *parse_bs(struct imap_resp *r, const char *bs)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct src s;
	struct imap_reader rd = { src_line, src_literal, &s };

	buf_printf(&text, "* 1 FETCH (BODYSTRUCTURE %s)\r\n", bs);
	s.p = text.data;
	memset(r, 0, sizeof(*r));
	assert_int_equal(imap_read_response(&rd, NULL, r, &err), 0);
	assert_non_null(r->fetch.body);
	buf_release(&text);
	buf_release(&err);
	return r->fetch.body;
}

#define TEXT_PLAIN(size) \
	"(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" " #size " 1 NIL NIL NIL NIL)"
#define TEXT_HTML(size) \
	"(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" " #size " 1 NIL NIL NIL NIL)"
#define IMAGE(size)                                                         \
	"(\"IMAGE\" \"PNG\" (\"NAME\" \"a.png\") NIL NIL \"BASE64\" " #size \
	" NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.png\")) NIL NIL)"

/* ---- sections the build reads ------------------------------------------------ */

struct secs {
	const char *spec[16];
	struct imap_str data[16];
	size_t n;
};

static void sec(struct secs *s, const char *spec, const char *data)
{
	s->spec[s->n] = spec;
	s->data[s->n].s = data;
	s->data[s->n].len = strlen(data);
	s->n++;
}

static const struct imap_str *sec_get(void *ctx, const char *spec)
{
	struct secs *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->spec[i], spec) == 0)
			return &s->data[i];
	return NULL;
}

static void plan_order_is(const struct imap_body *b, const struct strlist *order, const char *want,
			  uint64_t want_bytes)
{
	struct buf items = BUF_INIT, err = BUF_INIT;
	uint64_t bytes = 0;

	assert_int_equal(imap_parts_plan(b, order, &items, &bytes, &err), 0);
	assert_buf_eq(&items, want);
	assert_int_equal(bytes, want_bytes);
	buf_release(&items);
	buf_release(&err);
}

static void plan_is(const struct imap_body *b, const char *want, uint64_t want_bytes)
{
	plan_order_is(b, NULL, want, want_bytes);
}

/* ---- cases ------------------------------------------------------------------- */

static void mixed_text_and_image(void **state)
{
	struct imap_resp r;
	const struct imap_body *b = parse_bs(
		&r,
		"(" TEXT_PLAIN(6) IMAGE(300000) " \"MIXED\" (\"BOUNDARY\" \"=b1\") NIL NIL NIL)");
	struct secs s = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT, tree = BUF_INIT;

	(void)state;
	plan_is(b, "BODY.PEEK[HEADER] BODY.PEEK[1.MIME] BODY.PEEK[1] BODY.PEEK[2.MIME]", 6);
	sec(&s, "HEADER",
	    "From: a@b\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"=b1\"\r\n\r\n");
	sec(&s, "1.MIME", "Content-Type: text/plain; charset=utf-8\r\n\r\n");
	sec(&s, "1", "hello\r\n");
	sec(&s, "2.MIME",
	    "Content-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=a.png\r\n\r\n");
	assert_int_equal(imap_parts_build(b, NULL, sec_get, &s, &out, &err), 0);
	assert_buf_eq(&out, "From: a@b\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
			    "Content-Type: multipart/mixed; boundary=\"=b1\"\r\n\r\n"
			    "--=b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n\r\n"
			    "--=b1\r\nContent-Type: image/png; name=a.png\r\n"
			    "Content-Transfer-Encoding: base64\r\n"
			    "Content-Disposition: attachment; filename=a.png\r\n"
			    "X-Tern-Omitted: 300000\r\n\r\n\r\n"
			    "--=b1--\r\n");
	/* the MIME parser reads it as the same tree, without defects */
	buf_crlf_to_lf(&out, 0);
	assert_int_equal(render_structure(out.data, out.len, &tree), 0);
	assert_non_null(strstr(tree.data, "text/plain"));
	assert_non_null(strstr(tree.data, "image/png"));
	buf_release(&out);
	buf_release(&err);
	buf_release(&tree);
	imap_resp_release(&r);
}

static void one_alternative_and_a_message(void **state)
{
	struct imap_resp r;
	/* mixed: alternative(plain, html), message/rfc822(mixed(plain, image)) */
	const struct imap_body *b = parse_bs(
		&r,
		"((" TEXT_PLAIN(10) TEXT_HTML(
			20) " \"ALTERNATIVE\" (\"BOUNDARY\" \"alt\") NIL NIL NIL)"
			    "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 900 "
			    "(NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
			    "(" TEXT_PLAIN(30) IMAGE(
				    800) " \"MIXED\" (\"BOUNDARY\" \"in\") NIL NIL NIL) 20 NIL NIL NIL NIL)"
					 " \"MIXED\" (\"BOUNDARY\" \"out\") NIL NIL NIL)");

	(void)state;
	plan_is(b,
		"BODY.PEEK[HEADER] BODY.PEEK[1.MIME] BODY.PEEK[1.1.MIME] BODY.PEEK[1.1] "
		"BODY.PEEK[1.2.MIME] BODY.PEEK[2.MIME] BODY.PEEK[2.HEADER] BODY.PEEK[2.1.MIME] "
		"BODY.PEEK[2.1] BODY.PEEK[2.2.MIME]",
		40);
	/* $alternative_order text/html: the other alternative */
	char *html[] = { "text/enriched", "text/html" };
	struct strlist order = { html, 2, 2 };
	plan_order_is(b, &order,
		      "BODY.PEEK[HEADER] BODY.PEEK[1.MIME] BODY.PEEK[1.1.MIME] BODY.PEEK[1.2.MIME] "
		      "BODY.PEEK[1.2] BODY.PEEK[2.MIME] BODY.PEEK[2.HEADER] BODY.PEEK[2.1.MIME] "
		      "BODY.PEEK[2.1] BODY.PEEK[2.2.MIME]",
		      50);
	/* built, the MIME parser finds the whole tree, the omitted parts marked */
	struct secs s = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT, tree = BUF_INIT;

	sec(&s, "HEADER",
	    "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n");
	sec(&s, "1.MIME", "Content-Type: multipart/alternative; boundary=alt\r\n\r\n");
	sec(&s, "1.1.MIME", "Content-Type: text/plain\r\n\r\n");
	sec(&s, "1.1", "plain text");
	sec(&s, "1.2.MIME", "Content-Type: text/html\r\n\r\n");
	sec(&s, "2.MIME", "Content-Type: message/rfc822\r\n\r\n");
	sec(&s, "2.HEADER",
	    "Subject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n");
	sec(&s, "2.1.MIME", "Content-Type: text/plain\r\n\r\n");
	sec(&s, "2.1", "inner text\r\n");
	sec(&s, "2.2.MIME", "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	assert_int_equal(imap_parts_build(b, NULL, sec_get, &s, &out, &err), 0);
	assert_non_null(strstr(
		out.data,
		"\r\n\r\nplain text\r\n--alt\r\nContent-Type: text/html\r\nX-Tern-Omitted: 20\r\n\r\n\r\n--alt--\r\n"));
	assert_non_null(strstr(
		out.data,
		"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nX-Tern-Omitted: 800\r\n"));
	buf_crlf_to_lf(&out, 0);
	assert_int_equal(render_structure(out.data, out.len, &tree), 0);
	assert_non_null(strstr(tree.data, "2.1 "));
	assert_non_null(strstr(tree.data, "image/png"));
	assert_non_null(strstr(tree.data, "text/html"));
	buf_release(&out);
	buf_release(&err);
	buf_release(&tree);
	imap_resp_release(&r);
}

static void html_only_alternative_and_text_attachment(void **state)
{
	struct imap_resp r;
	const struct imap_body *b = parse_bs(
		&r,
		"((" TEXT_HTML(
			20) "(\"IMAGE\" \"GIF\" NIL NIL NIL \"BASE64\" 50 NIL NIL NIL NIL)"
			    " \"ALTERNATIVE\" (\"BOUNDARY\" \"a\") NIL NIL NIL)"
			    "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5000 100 NIL (\"ATTACHMENT\" NIL) NIL NIL)"
			    " \"MIXED\" (\"BOUNDARY\" \"m\") NIL NIL NIL)");

	(void)state;
	/* the html alternative is shown, and a text attachment too (the pager shows it inline) */
	plan_is(b,
		"BODY.PEEK[HEADER] BODY.PEEK[1.MIME] BODY.PEEK[1.1.MIME] BODY.PEEK[1.1] "
		"BODY.PEEK[1.2.MIME] BODY.PEEK[2.MIME] BODY.PEEK[2]",
		5020);
	imap_resp_release(&r);
}

static void single_part_messages(void **state)
{
	struct imap_resp r;
	struct secs s = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT;
	const struct imap_body *b = parse_bs(&r, TEXT_PLAIN(6));

	(void)state;
	plan_is(b, "BODY.PEEK[HEADER] BODY.PEEK[TEXT]", 6);
	imap_resp_release(&r);
	b = parse_bs(&r, "(\"APPLICATION\" \"PDF\" NIL NIL NIL \"BASE64\" 400000 NIL NIL NIL NIL)");
	plan_is(b, "BODY.PEEK[HEADER]", 0);
	/* a header block without its blank line gets one, after the omitted mark */
	sec(&s, "HEADER", "Subject: pdf\r\nContent-Type: application/pdf");
	assert_int_equal(imap_parts_build(b, NULL, sec_get, &s, &out, &err), 0);
	assert_buf_eq(
		&out,
		"Subject: pdf\r\nContent-Type: application/pdf\r\nX-Tern-Omitted: 400000\r\n\r\n");
	buf_release(&out);
	buf_release(&err);
	imap_resp_release(&r);
}

static void refusals(void **state)
{
	struct imap_resp r;
	struct secs s = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT, items = BUF_INIT;
	uint64_t bytes;
	const struct imap_body *b =
		parse_bs(&r, "(" TEXT_PLAIN(6) IMAGE(9) " \"MIXED\" NIL NIL NIL NIL)");

	(void)state;
	assert_int_equal(imap_parts_plan(b, NULL, &items, &bytes, &err),
			 ERR_PARSE); /* no boundary */
	assert_true(err.len > 0);
	imap_resp_release(&r);
	b = parse_bs(&r, "(" TEXT_PLAIN(6) IMAGE(9) " \"MIXED\" (\"BOUNDARY\" \"x\") NIL NIL NIL)");
	sec(&s, "HEADER", "Content-Type: multipart/mixed; boundary=x\r\n\r\n");
	buf_reset(&err);
	assert_int_equal(imap_parts_build(b, NULL, sec_get, &s, &out, &err),
			 ERR_PROTO); /* 1.MIME missing */
	assert_non_null(strstr(err.data, "1.MIME"));
	buf_release(&out);
	buf_release(&err);
	buf_release(&items);
	imap_resp_release(&r);
}

static void too_deep_and_too_many(void **state)
{
	struct imap_body nodes[IMAP_PARTS_MAX_DEPTH + 2];
	struct imap_param bd = { { "BOUNDARY", 8 }, { "b", 1 } };
	struct imap_body many = { 0 }, *kids = xcalloc(IMAP_PARTS_MAX_SECTIONS, sizeof(*kids));
	struct buf items = BUF_INIT, err = BUF_INIT;
	uint64_t bytes;

	(void)state;
	memset(nodes, 0, sizeof(nodes));
	for (size_t i = 0; i < IMAP_PARTS_MAX_DEPTH + 2; i++) {
		nodes[i].multipart = i + 1 < IMAP_PARTS_MAX_DEPTH + 2;
		nodes[i].type = (struct imap_str){ nodes[i].multipart ? "MULTIPART" : "TEXT", 0 };
		nodes[i].type.len = strlen(nodes[i].type.s);
		nodes[i].params = &bd;
		nodes[i].nparams = 1;
		nodes[i].parts = nodes[i].multipart ? &nodes[i + 1] : NULL;
		nodes[i].nparts = nodes[i].multipart;
	}
	assert_int_equal(imap_parts_plan(&nodes[0], NULL, &items, &bytes, &err), ERR_LIMIT);
	many.multipart = true;
	many.params = &bd;
	many.nparams = 1;
	many.parts = kids;
	many.nparts = IMAP_PARTS_MAX_SECTIONS;
	buf_reset(&items);
	assert_int_equal(imap_parts_plan(&many, NULL, &items, &bytes, &err), ERR_LIMIT);
	many.nparts = 10;
	buf_reset(&items);
	assert_int_equal(imap_parts_plan(&many, NULL, &items, &bytes, &err), 0);
	free(kids);
	buf_release(&items);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mixed_text_and_image),
		cmocka_unit_test(one_alternative_and_a_message),
		cmocka_unit_test(html_only_alternative_and_text_attachment),
		cmocka_unit_test(single_part_messages),
		cmocka_unit_test(refusals),
		cmocka_unit_test(too_deep_and_too_many),
	};
	return RUN_TESTS(tests);
}
