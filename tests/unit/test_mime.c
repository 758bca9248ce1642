/*
 * test_mime.c - the MIME tree: Content-Type and friends, multipart
 * splitting with exact offsets, message/rfc822 recursion, caps, and hostile
 * input.
 */
#include <time.h>

#include "email/email.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---------------------------------------------------------------- */

/* Every part lies within its parent, siblings are in order, caps hold. */
static void check_tree(const struct body *b, size_t lo, size_t hi, int depth, size_t *count)
{
	size_t prev_end = lo;

	for (; b; b = b->next) {
		assert_int_equal(b->depth, depth);
		assert_true(depth <= EMAIL_MAX_MIME_DEPTH);
		assert_true(b->hdr_offset >= prev_end);
		assert_true(b->hdr_offset <= b->offset);
		assert_true(b->offset >= lo && b->offset <= hi);
		assert_true(b->length <= hi - b->offset);
		assert_non_null(b->type_name);
		assert_non_null(b->subtype);
		if (b->type == MIME_MULTIPART)
			assert_non_null(b->parts);
		(*count)++;
		check_tree(b->parts, b->offset, b->offset + b->length, depth + 1, count);
		prev_end = b->offset + b->length;
	}
}

static struct body *parse_n(const char *data, size_t len)
{
	struct header_list h = { 0 };
	struct body *b = NULL;
	size_t count = 0;

	headers_parse(data, len, &h);
	int rc = mime_parse(data, len, &h, &b);
	header_list_release(&h);
	assert_non_null(b);
	assert_int_equal(rc == 0, b->defects == 0);
	assert_null(b->next);
	check_tree(b, 0, len, 0, &count);
	assert_int_equal(count, body_count(b));
	assert_true(count <= EMAIL_MAX_PARTS);
	return b;
}

#define parse(s) parse_n(s, strlen(s))

/* data[offset, offset + length) is exactly want. */
static void assert_content(const char *data, const struct body *b, const char *want)
{
	size_t n = strlen(want);

	if (b->length != n || memcmp(data + b->offset, want, n) != 0)
		fail_msg("content is \"%.*s\" (%zu bytes), want \"%s\"", (int)b->length,
			 data + b->offset, b->length, want);
}

static void assert_type(const struct body *b, const char *type, const char *sub)
{
	assert_string_equal(b->type_name, type);
	assert_string_equal(b->subtype, sub);
}

/* The n-th child (0-based) of b. */
static const struct body *child(const struct body *b, int n)
{
	const struct body *c = b->parts;

	while (c && n--)
		c = c->next;
	assert_non_null(c);
	return c;
}

static size_t nchildren(const struct body *b)
{
	size_t n = 0;

	for (const struct body *c = b->parts; c; c = c->next)
		n++;
	return n;
}

/* ---- Names and tokens --------------------------------------------------------- */

static void mime_type_names_map_case_insensitively(void **state)
{
	(void)state;
	assert_int_equal(mime_type_from_name("TEXT", 4), MIME_TEXT);
	assert_int_equal(mime_type_from_name("multipart", 9), MIME_MULTIPART);
	assert_int_equal(mime_type_from_name("Message", 7), MIME_MESSAGE);
	assert_int_equal(mime_type_from_name("application", 11), MIME_APPLICATION);
	assert_int_equal(mime_type_from_name("image", 5), MIME_IMAGE);
	assert_int_equal(mime_type_from_name("audio", 5), MIME_AUDIO);
	assert_int_equal(mime_type_from_name("video", 5), MIME_VIDEO);
	assert_int_equal(mime_type_from_name("model", 5), MIME_MODEL);
	assert_int_equal(mime_type_from_name("font", 4), MIME_FONT);
	assert_int_equal(mime_type_from_name("x-weird", 7), MIME_OTHER);
	assert_int_equal(mime_type_from_name("tex", 3), MIME_OTHER);
}

static void mime_encoding_tokens_parse_leniently(void **state)
{
	static const struct {
		const char *s;
		enum mime_encoding e;
	} cases[] = {
		{ "7bit", ENC_7BIT },
		{ " 8BIT ", ENC_8BIT },
		{ "binary", ENC_BINARY },
		{ "Quoted-Printable", ENC_QUOTED_PRINTABLE },
		{ "base64 (attachment)", ENC_BASE64 },
		{ "\"base64\"", ENC_BASE64 },
		{ "x-uuencode", ENC_UUENCODE },
		{ "uuencode", ENC_UUENCODE },
		{ "x-uue", ENC_UUENCODE },
		{ "x-gzip64", ENC_OTHER },
		{ "base6", ENC_OTHER },
		{ "", ENC_7BIT },
		{ "  ", ENC_7BIT },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(mime_encoding_from_name(cases[i].s, strlen(cases[i].s)),
				 cases[i].e);
	assert_string_equal(mime_encoding_name(ENC_QUOTED_PRINTABLE), "quoted-printable");
	assert_string_equal(mime_encoding_name(ENC_BASE64), "base64");
	assert_string_equal(mime_encoding_name(ENC_UUENCODE), "x-uuencode");
	assert_string_equal(mime_encoding_name(ENC_7BIT), "7bit");
	assert_string_equal(mime_encoding_name(ENC_OTHER), "x-unknown");
}

/* ---- Single parts ------------------------------------------------------------- */

static void mime_plain_message_is_one_leaf(void **state)
{
	const char *m = "Subject: hi\r\n\r\nHello\r\nworld\r\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(b->type, MIME_TEXT);
	assert_type(b, "text", "plain");
	assert_int_equal(b->encoding, ENC_7BIT);
	assert_int_equal(b->hdr_offset, 0);
	assert_content(m, b, "Hello\r\nworld\r\n");
	assert_int_equal(b->defects, 0);
	assert_null(body_charset(b));
	assert_false(body_is_attachment(b));
	body_free(&b);
	assert_null(b);
}

static void mime_content_type_case_comments_and_params(void **state)
{
	const char *m = "Content-Type: (c) TEXT / HTML (x) ; Charset=\"UTF-8\"\r\n"
			"Content-Transfer-Encoding: Quoted-Printable\r\n\r\nx";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_type(b, "text", "html");
	assert_int_equal(b->type, MIME_TEXT);
	assert_string_equal(body_charset(b), "UTF-8");
	assert_int_equal(b->encoding, ENC_QUOTED_PRINTABLE);
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_missing_subtype_gets_a_default(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Content-Type: text; charset=koi8-r\n\nx");
	assert_type(b, "text", "plain");
	assert_string_equal(body_charset(b), "koi8-r");
	assert_true(b->defects & DEFECT_BAD_PARAMS);
	body_free(&b);
	b = parse("Content-Type: image/\n\nx");
	assert_type(b, "application", "octet-stream");
	body_free(&b);
}

static void mime_garbage_content_type_is_text_plain(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Content-Type: \x01\x02 garbage\n\nx");
	assert_type(b, "text", "plain");
	assert_int_equal(b->type, MIME_TEXT);
	assert_true(b->defects & DEFECT_BAD_PARAMS);
	body_free(&b);
	/* A bare parameter list keeps its charset. */
	b = parse("Content-Type: charset=iso-8859-2\n\nx");
	assert_type(b, "text", "plain");
	assert_string_equal(body_charset(b), "iso-8859-2");
	body_free(&b);
	b = parse("Content-Type:\n\nx");
	assert_type(b, "text", "plain");
	assert_true(b->defects & DEFECT_BAD_PARAMS);
	body_free(&b);
}

static void mime_first_content_type_wins(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Received: x\nreceived: y\nContent-type: text/html\nContent-Language: en\n"
		  "CONTENT-TYPE: image/png\nContent-Transfer-Encoding: base64\n\nx");
	assert_type(b, "text", "html");
	assert_int_equal(b->encoding, ENC_BASE64);
	assert_true(b->defects & DEFECT_DUPLICATE_HEADER);
	body_free(&b);
}

static void mime_unknown_types_are_kept_as_written(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Content-Type: X-Vendor/X-Thing\nContent-Transfer-Encoding: x-custom\n\nx");
	assert_int_equal(b->type, MIME_OTHER);
	assert_type(b, "x-vendor", "x-thing");
	assert_int_equal(b->encoding, ENC_OTHER);
	assert_true(body_is_attachment(b));
	body_free(&b);
}

static void mime_disposition_filename_rfc2231(void **state)
{
	const char *m =
		"Content-Type: application/pdf; name=\"fallback.pdf\"\n"
		"Content-Disposition: ATTACHMENT;\n"
		" filename*0*=utf-8''r%C3%A9sum%C3%A9;\n filename*1=\".pdf\"; size=42\n\n%PDF";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(b->disposition, DISP_ATTACHMENT);
	assert_string_equal(b->filename, "r\xC3\xA9sum\xC3\xA9.pdf");
	assert_string_equal(params_get(&b->disp_params, "size"), "42");
	assert_true(body_is_attachment(b));
	body_free(&b);
}

static void mime_filename_falls_back_to_type_name(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Content-Type: image/png; name==?utf-8?Q?caf=C3=A9.png?=\n"
		  "Content-Disposition: inline\n\nx");
	assert_int_equal(b->disposition, DISP_INLINE);
	assert_string_equal(b->filename, "caf\xC3\xA9.png");
	assert_false(body_is_attachment(b));
	body_free(&b);
	b = parse("Content-Type: text/plain\nContent-Disposition: form-data\n\nx");
	assert_int_equal(b->disposition, DISP_OTHER);
	assert_null(b->filename);
	assert_false(body_is_attachment(b));
	body_free(&b);
	b = parse("Content-Disposition: filename=a.txt\n\nx");
	assert_int_equal(b->disposition, DISP_OTHER);
	assert_string_equal(b->filename, "a.txt");
	assert_true(body_is_attachment(b));
	body_free(&b);
}

static void mime_description_decoded_and_content_id_bare(void **state)
{
	struct body *b;

	(void)state;
	b = parse("Content-Description: =?iso-8859-1?Q?r=E9sum=E9?= \n"
		  "Content-ID:\n <part1.abc@example.com> \n\nx");
	assert_string_equal(b->description, "r\xC3\xA9sum\xC3\xA9");
	assert_string_equal(b->content_id, "part1.abc@example.com");
	body_free(&b);
	b = parse("Content-Description:   \nContent-ID: <>\n\nx");
	assert_null(b->description);
	assert_null(b->content_id);
	body_free(&b);
}

/* ---- Multipart ------------------------------------------------------------- */

static void mime_multipart_offsets_exclude_delimiter_line_breaks(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n"
			"preamble\r\n"
			"--=_b\r\n"
			"Content-Type: text/plain; charset=utf-8\r\n\r\n"
			"first\r\nbody\r\n"
			"--=_b\r\n"
			"\r\n"
			"second, no headers"
			"\r\n--=_b--\r\n"
			"epilogue\r\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(b->type, MIME_MULTIPART);
	assert_content(m, b, strstr(m, "preamble"));
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "first\r\nbody");
	assert_int_equal(child(b, 0)->hdr_offset, (size_t)(strstr(m, "Content-Type: text") - m));
	assert_string_equal(body_charset(child(b, 0)), "utf-8");
	assert_content(m, child(b, 1), "second, no headers");
	assert_type(child(b, 1), "text", "plain");
	assert_int_equal(child(b, 0)->depth, 1);
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_multipart_with_bare_lf(void **state)
{
	const char *m = "Content-Type: multipart/alternative; boundary=b\n\n"
			"--b\nContent-Type: text/plain\n\nplain\n"
			"--b\nContent-Type: text/html\n\n<p>html</p>\n\n"
			"--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "plain");
	assert_content(m, child(b, 1), "<p>html</p>\n");
	assert_type(child(b, 1), "text", "html");
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_missing_final_boundary_keeps_last_part(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\n\none\n--b\n\ntwo\nstill two\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "one");
	assert_content(m, child(b, 1), "two\nstill two\n");
	assert_true(b->defects & DEFECT_NO_FINAL_BOUNDARY);
	body_free(&b);
}

static void mime_lines_that_begin_with_boundary_are_content(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\n\n--bx\n--b-\n--b---\n -- b\n---b\n--B\n--b--x\n"
			"--b\t \r\n\ntwo\n--b-- \t\nepi";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "--bx\n--b-\n--b---\n -- b\n---b\n--B\n--b--x");
	assert_content(m, child(b, 1), "two");
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_transport_padding_after_delimiters(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=\"a b\"\r\n\r\n"
			"--a b  \r\n\r\none\r\n--a b\t\r\n\r\ntwo\r\n--a b-- \r\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "one");
	assert_content(m, child(b, 1), "two");
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_empty_parts_have_zero_length(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\n--b\n\n--b\nContent-Type: text/html\n--b\n\n\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(child(b, i)->length, 0);
	assert_type(child(b, 2), "text", "html");
	body_free(&b);
}

static void mime_part_body_without_blank_line_is_kept(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\nHello, no headers here\nline 2\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 1);
	assert_content(m, child(b, 0), "Hello, no headers here\nline 2");
	assert_true(child(b, 0)->defects & DEFECT_NO_BODY_SEPARATOR);
	assert_true(b->defects & DEFECT_NO_BODY_SEPARATOR); /* propagated up */
	body_free(&b);
}

static void mime_first_delimiter_without_preamble(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 1);
	assert_content(m, child(b, 0), "x");
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_delimiter_at_end_without_line_break(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(b, 0), "x");
	assert_int_equal(child(b, 1)->offset, strlen(m));
	assert_int_equal(child(b, 1)->length, 0);
	body_free(&b);
}

static void mime_outer_boundary_closes_unfinished_inner(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=outer\n\n"
			"--outer\n"
			"Content-Type: multipart/alternative; boundary=inner\n\n"
			"--inner\n\ninner one\n"
			"--inner\n\ninner two\n"
			"--outer\n\nouter two\n"
			"--outer--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	const struct body *alt = child(b, 0);
	assert_type(alt, "multipart", "alternative");
	assert_int_equal(nchildren(alt), 2);
	assert_content(m, child(alt, 0), "inner one");
	assert_content(m, child(alt, 1), "inner two");
	assert_true(alt->defects & DEFECT_NO_FINAL_BOUNDARY);
	assert_content(m, alt, "--inner\n\ninner one\n--inner\n\ninner two");
	assert_content(m, child(b, 1), "outer two");
	assert_int_equal(child(alt, 1)->depth, 2);
	body_free(&b);
}

static void mime_boundary_prefix_of_another_boundary(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\nContent-Type: multipart/related; boundary=b-inner\n\n"
			"--b-inner\n\nrel one\n--b-inner\n\nrel two\n--b-inner--\n"
			"--b\n\nlast\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	const struct body *rel = child(b, 0);
	assert_int_equal(nchildren(rel), 2);
	assert_content(m, child(rel, 0), "rel one");
	assert_content(m, child(rel, 1), "rel two");
	assert_content(m, child(b, 1), "last");
	assert_int_equal(b->defects, 0);
	body_free(&b);
	/* And the other way round: the inner boundary is a prefix of the outer one. */
	m = "Content-Type: multipart/mixed; boundary=bb\n\n"
	    "--bb\nContent-Type: multipart/related; boundary=b\n\n"
	    "--b\n\nrel one\n--b--\n--bb\n\nlast\n--bb--\n";
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	assert_content(m, child(child(b, 0), 0), "rel one");
	assert_content(m, child(b, 1), "last");
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_shared_boundary_outermost_wins(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\nContent-Type: multipart/alternative; boundary=b\n\n"
			"--b\n\ntwo\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_int_equal(nchildren(b), 2);
	/* The inner multipart never sees its boundary: it stays text. */
	assert_type(child(b, 0), "text", "plain");
	assert_true(child(b, 0)->defects & DEFECT_MISSING_BOUNDARY);
	assert_content(m, child(b, 1), "two");
	body_free(&b);
}

static void mime_multipart_without_boundary_is_text(void **state)
{
	const char *m = "Content-Type: multipart/mixed\n\n--b\n\nbody\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_type(b, "text", "plain");
	assert_null(b->parts);
	assert_true(b->defects & DEFECT_MISSING_BOUNDARY);
	assert_content(m, b, "--b\n\nbody\n--b--\n");
	body_free(&b);
	b = parse("Content-Type: multipart/mixed; boundary=\"\"\n\nx");
	assert_type(b, "text", "plain");
	body_free(&b);
}

static void mime_boundary_never_occurring_is_text(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=zz\n\n--b\n\nbody\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_type(b, "text", "plain");
	assert_null(b->parts);
	assert_true(b->defects & DEFECT_MISSING_BOUNDARY);
	assert_content(m, b, "--b\n\nbody\n");
	body_free(&b);
	/* Only a close delimiter: no part either. */
	m = "Content-Type: multipart/mixed; boundary=b\n\npre\n--b--\npost\n";
	b = parse(m);
	assert_type(b, "text", "plain");
	assert_content(m, b, "pre\n--b--\npost\n");
	body_free(&b);
}

static void mime_boundary_of_maximum_and_absurd_length(void **state)
{
	struct buf m = BUF_INIT, bnd = BUF_INIT;
	size_t lens[] = { 70, 998, 100000 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		buf_reset(&m);
		buf_reset(&bnd);
		fill_buf(&bnd, 'q', lens[i]);
		buf_printf(&m, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n", bnd.data);
		buf_printf(&m, "--%sq\n--%s\n\none\n--%s--\n", bnd.data, bnd.data, bnd.data);
		struct body *b = parse_n(m.data, m.len);
		assert_int_equal(nchildren(b), 1);
		assert_content(m.data, child(b, 0), "one");
		assert_int_equal(b->defects, 0);
		body_free(&b);
	}
	buf_release(&m);
	buf_release(&bnd);
}

static void mime_digest_parts_default_to_message(void **state)
{
	const char *m = "Content-Type: multipart/digest; boundary=d\n\n"
			"--d\n\nSubject: first\n\nbody one\n"
			"--d\nContent-Type: text/plain\n\nnot a message\n"
			"--d--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	const struct body *msg = child(b, 0);
	assert_type(msg, "message", "rfc822");
	assert_non_null(msg->env);
	assert_string_equal(msg->env->subject, "first");
	assert_content(m, msg->parts, "body one");
	assert_type(child(b, 1), "text", "plain");
	assert_null(child(b, 1)->env);
	body_free(&b);
}

/* ---- message/rfc822 ---------------------------------------------------------- */

static void mime_message_rfc822_parsed_in_place(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
			"--b\r\n\r\nSee attached.\r\n"
			"--b\r\nContent-Type: message/rfc822\r\n\r\n"
			"From: Ann <ann@example.com>\r\nSubject: =?utf-8?Q?caf=C3=A9?=\r\n"
			"Content-Type: text/html\r\n\r\n<p>inner</p>\r\n"
			"--b--\r\n";
	struct body *b;

	(void)state;
	b = parse(m);
	const struct body *msg = child(b, 1);
	assert_type(msg, "message", "rfc822");
	assert_content(m, msg,
		       "From: Ann <ann@example.com>\r\nSubject: =?utf-8?Q?caf=C3=A9?=\r\n"
		       "Content-Type: text/html\r\n\r\n<p>inner</p>");
	assert_non_null(msg->env);
	assert_string_equal(msg->env->subject, "caf\xC3\xA9");
	assert_int_equal(addrlist_count(&msg->env->from), 1);
	const struct body *inner = msg->parts;
	assert_non_null(inner);
	assert_null(inner->next);
	assert_type(inner, "text", "html");
	assert_int_equal(inner->depth, 2);
	assert_int_equal(inner->hdr_offset, msg->offset);
	assert_content(m, inner, "<p>inner</p>");
	assert_int_equal(body_count(b), 4);
	body_free(&b);
}

static void mime_rfc822_in_multipart_in_rfc822(void **state)
{
	const char *m = "Subject: outer\n"
			"Content-Type: message/rfc822\n\n"
			"Subject: middle\n"
			"Content-Type: multipart/mixed; boundary=m\n\n"
			"--m\n\nmiddle text\n"
			"--m\nContent-Type: message/global\n\n"
			"Subject: inner\n\ninner text\n"
			"--m--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_string_equal(b->env->subject, "middle");
	const struct body *mixed = b->parts;
	assert_type(mixed, "multipart", "mixed");
	assert_int_equal(mixed->depth, 1);
	assert_content(m, child(mixed, 0), "middle text");
	const struct body *glob = child(mixed, 1);
	assert_type(glob, "message", "global");
	assert_string_equal(glob->env->subject, "inner");
	assert_content(m, glob->parts, "inner text");
	assert_int_equal(glob->parts->depth, 3);
	assert_int_equal(body_count(b), 5);
	body_free(&b);
}

static void mime_encoded_rfc822_is_a_leaf(void **state)
{
	const char *m = "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
			"U3ViamVjdDogeAoKeQo=\n";
	struct body *b;

	(void)state;
	b = parse(m);
	assert_type(b, "message", "rfc822");
	assert_null(b->parts);
	assert_null(b->env);
	assert_true(b->defects & DEFECT_BAD_CTE);
	assert_content(m, b, "U3ViamVjdDogeAoKeQo=\n");
	body_free(&b);
	/* message/global may be encoded (RFC 6532): a leaf, but not a defect. */
	b = parse("Content-Type: message/global\nContent-Transfer-Encoding: base64\n\nU3U=\n");
	assert_null(b->parts);
	assert_int_equal(b->defects, 0);
	body_free(&b);
}

static void mime_empty_rfc822_part(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\nContent-Type: message/rfc822\n\n--b--\n";
	struct body *b;

	(void)state;
	b = parse(m);
	const struct body *msg = child(b, 0);
	assert_non_null(msg->env);
	assert_non_null(msg->parts);
	assert_int_equal(msg->length, 0);
	assert_int_equal(msg->parts->length, 0);
	body_free(&b);
}

/* ---- Caps and hostile input -------------------------------------------------- */

static void mime_empty_input(void **state)
{
	struct body *b;

	(void)state;
	b = parse_n("", 0);
	assert_type(b, "text", "plain");
	assert_int_equal(b->offset, 0);
	assert_int_equal(b->length, 0);
	assert_true(b->defects & DEFECT_EMPTY_MESSAGE);
	body_free(&b);
}

static void mime_nul_bytes_in_headers_and_bodies(void **state)
{
	static const char m[] = "Content-Type: multipart/mixed; bound\0ary=x; boundary=b\n\n"
				"--b\nContent-Type: text/pl\0ain; charset=\"ut\0f-8\"\n\n"
				"a\0b\n--b\0\n--b--\n";
	struct body *b;

	(void)state;
	b = parse_n(m, sizeof(m) - 1);
	assert_int_equal(nchildren(b), 1);
	const struct body *c = child(b, 0);
	/* "--b\0" is not a delimiter: it is content. */
	assert_int_equal(c->length, 8);
	assert_memory_equal(m + c->offset, "a\0b\n--b\0", 8);
	body_free(&b);
}

static void mime_megabyte_header_line(void **state)
{
	struct buf m = BUF_INIT;
	struct body *b;

	(void)state;
	buf_addstr(&m, "Content-Type: multipart/mixed; boundary=b; x=\"");
	fill_buf(&m, 'x', 1 << 20);
	buf_addstr(&m, "\"\n\n--b\nContent-Description: ");
	fill_buf(&m, 'y', 1 << 20);
	buf_addstr(&m, "\n\nbody\n--b--\n");
	b = parse_n(m.data, m.len);
	assert_int_equal(nchildren(b), 1);
	assert_content(m.data, child(b, 0), "body");
	assert_int_equal(strlen(child(b, 0)->description), 1 << 20);
	body_free(&b);
	buf_release(&m);
}

static void mime_deep_nesting_is_capped_and_fast(void **state)
{
	struct buf m = BUF_INIT;
	const int depth = 10000;
	clock_t t0;

	(void)state;
	buf_addstr(&m, "Content-Type: multipart/mixed; boundary=b0\n\n");
	for (int i = 1; i <= depth; i++)
		buf_printf(&m, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i - 1, i);
	buf_printf(&m, "--b%d\n\ndeepest\n", depth);
	for (int i = depth; i >= 0; i--)
		buf_printf(&m, "--b%d--\n", i);
	t0 = clock();
	struct body *b = parse_n(m.data, m.len);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	const struct body *p = b;
	for (int i = 0; i < EMAIL_MAX_MIME_DEPTH; i++) {
		assert_type(p, "multipart", "mixed");
		p = p->parts;
	}
	/* The part at the cap holds everything below it as text. */
	assert_int_equal(p->depth, EMAIL_MAX_MIME_DEPTH);
	assert_null(p->parts);
	assert_type(p, "text", "plain");
	assert_true(p->defects & DEFECT_DEPTH_LIMIT);
	assert_true(b->defects & DEFECT_DEPTH_LIMIT);
	char close[32];
	snprintf(close, sizeof(close), "\n--b%d--", EMAIL_MAX_MIME_DEPTH - 1);
	const char *end = mem_find(m.data, m.len, close, strlen(close));
	assert_non_null(end);
	assert_int_equal(p->offset + p->length, (size_t)(end - m.data));
	assert_true(mem_find(m.data + p->offset, p->length, "deepest", 7) != NULL);
	body_free(&b);
	buf_release(&m);
}

static void mime_deep_rfc822_chain_is_capped(void **state)
{
	struct buf m = BUF_INIT;

	(void)state;
	for (int i = 0; i < 100; i++)
		buf_addstr(&m, "Content-Type: message/rfc822\n\n");
	buf_addstr(&m, "\ntext\n");
	struct body *b = parse_n(m.data, m.len);
	const struct body *p = b;
	while (p->parts)
		p = p->parts;
	assert_int_equal(p->depth, EMAIL_MAX_MIME_DEPTH);
	assert_type(p, "message", "rfc822");
	assert_true(p->defects & DEFECT_DEPTH_LIMIT);
	assert_int_equal(p->offset + p->length, m.len);
	body_free(&b);
	buf_release(&m);
}

static void mime_sibling_parts_are_capped(void **state)
{
	struct buf m = BUF_INIT;
	const int nparts = 10005;
	clock_t t0;

	(void)state;
	buf_addstr(&m, "Content-Type: multipart/mixed; boundary=b\n\n");
	for (int i = 0; i < nparts; i++)
		buf_printf(&m, "--b\n\npart %d\n", i);
	buf_addstr(&m, "--b--\nepilogue\n");
	t0 = clock();
	struct body *b = parse_n(m.data, m.len);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_int_equal(body_count(b), EMAIL_MAX_PARTS);
	assert_content(m.data, child(b, 0), "part 0");
	assert_content(m.data, child(b, EMAIL_MAX_PARTS - 3), "part 9997");
	/* The last part holds the remainder, from its own delimiter line on. */
	const struct body *rest = child(b, EMAIL_MAX_PARTS - 2);
	assert_null(rest->next);
	assert_true(rest->defects & DEFECT_PART_LIMIT);
	assert_true(b->defects & DEFECT_PART_LIMIT);
	assert_int_equal(rest->offset + rest->length, m.len);
	assert_true(memcmp(m.data + rest->offset, "\npart 9998\n--b\n", 15) == 0);
	body_free(&b);
	buf_release(&m);
}

static void mime_many_lines_like_delimiters_stay_linear(void **state)
{
	struct buf m = BUF_INIT, bnd = BUF_INIT;
	clock_t t0;

	(void)state;
	fill_buf(&bnd, 'k', 4000);
	/* 31 nested multiparts sharing a long boundary prefix, then lines that almost match. */
	for (int i = 0; i < 31; i++)
		buf_printf(&m, "Content-Type: multipart/mixed; boundary=\"%s%d\"\n\n--%s%d\n",
			   bnd.data, i, bnd.data, i);
	buf_addstr(&m, "\n");
	for (int i = 0; i < 2000; i++)
		buf_printf(&m, "--%sX\n", bnd.data);
	t0 = clock();
	struct body *b = parse_n(m.data, m.len);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	body_free(&b);
	buf_release(&m);
	buf_release(&bnd);
}

static void mime_email_parse_reports_tree_defects(void **state)
{
	const char *m = "Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n";
	struct envelope env;
	struct body *b = NULL;

	(void)state;
	envelope_init(&env);
	assert_int_equal(email_parse(m, strlen(m), &env, &b), ERR_PARSE);
	assert_true(env.defects & DEFECT_NO_FINAL_BOUNDARY);
	assert_content(m, child(b, 0), "x\n");
	body_free(&b);
	envelope_release(&env);
}

static void mime_text_of_a_part(void **state)
{
	const char *m = "Content-Type: multipart/mixed; boundary=b\n\n"
			"--b\nContent-Type: text/plain; charset=iso-8859-1\n"
			"Content-Transfer-Encoding: quoted-printable\n\ncaf=E9=\n au lait\n--b--\n";
	struct body *b;
	struct buf out = BUF_INIT;

	(void)state;
	b = parse(m);
	assert_int_equal(body_text_utf8(m, child(b, 0), &out), 0);
	assert_buf_eq(&out, "caf\xC3\xA9 au lait");
	buf_release(&out);
	body_free(&b);
}

/* ---- Messages from files ------------------------------------------------------ */

/* "type/sub(child,child)" for the whole tree. */
static void describe(const struct body *b, struct buf *out)
{
	for (; b; b = b->next) {
		buf_printf(out, "%s/%s", b->type_name, b->subtype);
		if (b->parts) {
			buf_addch(out, '(');
			describe(b->parts, out);
			buf_addch(out, ')');
		}
		if (b->next)
			buf_addch(out, ',');
	}
}

static struct body *parse_file(const char *name, struct buf *data, const char *want_tree)
{
	const char *top = getenv("top_srcdir");
	struct buf path = BUF_INIT, tree = BUF_INIT;

	buf_printf(&path, "%s/tests/data/mime/%s", top ? top : "..", name);
	assert_int_equal(file_read_all(path.data, data, 1 << 20), 0);
	struct body *b = parse_n(data->data, data->len);
	describe(b, &tree);
	assert_buf_eq(&tree, want_tree);
	buf_release(&path);
	buf_release(&tree);
	return b;
}

static void assert_text(const char *data, const struct body *b, const char *want)
{
	struct buf out = BUF_INIT;

	body_text_utf8(data, b, &out);
	assert_buf_eq(&out, want);
	buf_release(&out);
}

static void mime_outlook_related_message(void **state)
{
	struct buf data = BUF_INIT, png = BUF_INIT;
	struct body *b;

	(void)state;
	b = parse_file("outlook_related.eml", &data,
		       "multipart/mixed(multipart/related(multipart/alternative(text/plain,"
		       "text/html),image/png),application/pdf)");
	assert_int_equal(b->defects, 0);
	const struct body *related = child(b, 0), *alt = child(related, 0);
	assert_text(data.data, child(alt, 0),
		    "Hi Bob,\n\nThe report is attached. Caf\xC3\xA9 at 10?\r\n");
	const struct body *img = child(related, 1);
	assert_string_equal(img->content_id, "image001.png@01D9A1B2.C3D4E5F0");
	assert_string_equal(img->filename, "image001.png");
	assert_int_equal(mime_decode(img->encoding, data.data + img->offset, img->length, &png), 0);
	assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(png.len, 48);
	const struct body *pdf = child(b, 1);
	assert_string_equal(pdf->filename, "Rapport trimestriel.pdf");
	assert_string_equal(params_get(&pdf->params, "name"), "Rapport trimestriel.pdf");
	assert_true(body_is_attachment(pdf));
	body_free(&b);
	buf_release(&png);
	buf_release(&data);
}

static void mime_apple_forwarded_message(void **state)
{
	struct buf data = BUF_INIT;
	struct body *b;

	(void)state;
	b = parse_file("forwarded.eml", &data,
		       "multipart/mixed(text/plain,message/rfc822(multipart/alternative(text/plain,"
		       "text/html)))");
	assert_int_equal(b->defects, 0);
	assert_content(data.data, child(b, 0), "See below.\n");
	const struct body *msg = child(b, 1);
	assert_false(body_is_attachment(msg));
	assert_string_equal(msg->env->subject, "lunch?");
	assert_text(data.data, child(msg->parts, 0), "Caf\xC3\xA9 at noon?");
	assert_content(data.data, child(msg->parts, 1), "<p>Caf\xC3\xA9 at noon?</p>");
	body_free(&b);
	buf_release(&data);
}

static void mime_truncated_message_keeps_partial_attachment(void **state)
{
	struct buf data = BUF_INIT, jpeg = BUF_INIT;
	struct body *b;

	(void)state;
	b = parse_file("truncated.eml", &data, "multipart/mixed(text/plain,image/jpeg,image/jpeg)");
	assert_true(b->defects & DEFECT_NO_FINAL_BOUNDARY);
	const struct body *last = child(b, 2);
	assert_string_equal(last->filename, "b.jpg");
	assert_int_equal(last->offset + last->length, data.len);
	mime_decode(last->encoding, data.data + last->offset, last->length, &jpeg);
	assert_memory_equal(jpeg.data, "\xFF\xD8\xFF\xE0", 4);
	body_free(&b);
	buf_release(&jpeg);
	buf_release(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mime_type_names_map_case_insensitively),
		cmocka_unit_test(mime_encoding_tokens_parse_leniently),
		cmocka_unit_test(mime_plain_message_is_one_leaf),
		cmocka_unit_test(mime_content_type_case_comments_and_params),
		cmocka_unit_test(mime_missing_subtype_gets_a_default),
		cmocka_unit_test(mime_garbage_content_type_is_text_plain),
		cmocka_unit_test(mime_first_content_type_wins),
		cmocka_unit_test(mime_unknown_types_are_kept_as_written),
		cmocka_unit_test(mime_disposition_filename_rfc2231),
		cmocka_unit_test(mime_filename_falls_back_to_type_name),
		cmocka_unit_test(mime_description_decoded_and_content_id_bare),
		cmocka_unit_test(mime_multipart_offsets_exclude_delimiter_line_breaks),
		cmocka_unit_test(mime_multipart_with_bare_lf),
		cmocka_unit_test(mime_missing_final_boundary_keeps_last_part),
		cmocka_unit_test(mime_lines_that_begin_with_boundary_are_content),
		cmocka_unit_test(mime_transport_padding_after_delimiters),
		cmocka_unit_test(mime_empty_parts_have_zero_length),
		cmocka_unit_test(mime_part_body_without_blank_line_is_kept),
		cmocka_unit_test(mime_first_delimiter_without_preamble),
		cmocka_unit_test(mime_delimiter_at_end_without_line_break),
		cmocka_unit_test(mime_outer_boundary_closes_unfinished_inner),
		cmocka_unit_test(mime_boundary_prefix_of_another_boundary),
		cmocka_unit_test(mime_shared_boundary_outermost_wins),
		cmocka_unit_test(mime_multipart_without_boundary_is_text),
		cmocka_unit_test(mime_boundary_never_occurring_is_text),
		cmocka_unit_test(mime_boundary_of_maximum_and_absurd_length),
		cmocka_unit_test(mime_digest_parts_default_to_message),
		cmocka_unit_test(mime_message_rfc822_parsed_in_place),
		cmocka_unit_test(mime_rfc822_in_multipart_in_rfc822),
		cmocka_unit_test(mime_encoded_rfc822_is_a_leaf),
		cmocka_unit_test(mime_empty_rfc822_part),
		cmocka_unit_test(mime_empty_input),
		cmocka_unit_test(mime_nul_bytes_in_headers_and_bodies),
		cmocka_unit_test(mime_megabyte_header_line),
		cmocka_unit_test(mime_deep_nesting_is_capped_and_fast),
		cmocka_unit_test(mime_deep_rfc822_chain_is_capped),
		cmocka_unit_test(mime_sibling_parts_are_capped),
		cmocka_unit_test(mime_many_lines_like_delimiters_stay_linear),
		cmocka_unit_test(mime_email_parse_reports_tree_defects),
		cmocka_unit_test(mime_text_of_a_part),
		cmocka_unit_test(mime_outlook_related_message),
		cmocka_unit_test(mime_apple_forwarded_message),
		cmocka_unit_test(mime_truncated_message_keeps_partial_attachment),
	};
	return RUN_TESTS(tests);
}
