/*
 * test_render.c - the renderer (src/mime): a message as mutt's pager shows
 * it (headers decoded, weeded and ordered; alternatives; charsets and
 * transfer encodings; attachment lines; embedded messages; format=flowed;
 * HTML as text) and --structure's MIME tree.
 */
#include "tests/unit/unit.h"

#include "mime/mime.h"

static struct config *cfg_with(const char *rc)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	if (rc && config_run(c, rc, NULL, 0, &err) != 0)
		fail_msg("%s: %s", rc, err.data);
	buf_release(&err);
	return c;
}

/* Render msg with the config made from rc (NULL: defaults) and compare. */
static void assert_render(const char *rc, const char *msg, const char *want)
{
	struct config *c = rc ? cfg_with(rc) : NULL;
	struct buf out = BUF_INIT;

	render_message_cfg(msg, strlen(msg), c, &out);
	if (!buf_eq(&out, want))
		fail_msg("rendered:\n%s\n---- want:\n%s", out.data, want);
	buf_release(&out);
	config_free(&c);
}

static void assert_structure(const char *msg, const char *want)
{
	struct buf out = BUF_INIT;

	render_structure(msg, strlen(msg), &out);
	if (!buf_eq(&out, want))
		fail_msg("structure:\n%s\n---- want:\n%s", out.data, want);
	buf_release(&out);
}

static void render_plain_message_headers_blank_line_body(void **state)
{
	assert_render(NULL, "From: a@example.org\nSubject: hi\n\nHello.\n",
		      "From: a@example.org\nSubject: hi\n\nHello.\n");
}

static void render_decodes_and_unfolds_headers(void **state)
{
	assert_render(
		NULL,
		"Subject: =?UTF-8?Q?Caf=C3=A9?=\n =?UTF-8?Q?_ouvert?=\n"
		"X-Long: one\n\ttwo\n"
		"From: \"Hale, Marcus\" <m@example.org>, =?UTF-8?B?UmVuw6ll?= <r@example.org>\n\n"
		"x\n",
		"Subject: Café ouvert\nX-Long: one two\n"
		"From: \"Hale, Marcus\" <m@example.org>, Renée <r@example.org>\n\nx\n");
}

#define HEADERS                                                                        \
	"Received: from x by y\nFrom: a@example.org\nX-Mailer: z\nTo: b@example.org\n" \
	"Subject: s\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nbody\n"

static void render_weeds_by_ignore_and_unignore(void **state)
{
	assert_render(
		"ignore *; unignore from: subject date", HEADERS,
		"From: a@example.org\nSubject: s\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nbody\n");
}

static void render_without_weed_shows_every_field(void **state)
{
	assert_render("ignore *; unignore from:; unset weed", HEADERS,
		      "Received: from x by y\nFrom: a@example.org\nX-Mailer: z\nTo: b@example.org\n"
		      "Subject: s\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nbody\n");
}

static void render_puts_hdr_order_fields_first(void **state)
{
	assert_render(
		"ignore *; unignore from: to subject date; hdr_order date from to subject", HEADERS,
		"Date: Mon, 2 Mar 2026 10:00:00 +0000\nFrom: a@example.org\nTo: b@example.org\n"
		"Subject: s\n\nbody\n");
}

#define ALT                                                                                    \
	"Subject: alt\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n" \
	"--b\nContent-Type: text/plain; charset=utf-8\n\nplain text\n"                         \
	"--b\nContent-Type: text/html; charset=utf-8\n\n<p>html &amp; <b>bold</b></p>\n--b--\n"

static void render_alternative_prefers_plain_text(void **state)
{
	assert_render(NULL, ALT,
		      "Subject: alt\nMIME-Version: 1.0\n"
		      "Content-Type: multipart/alternative; boundary=b\n\nplain text\n");
}

static void render_alternative_order_can_choose_html(void **state)
{
	assert_render("ignore *; unignore subject; alternative_order text/html text/plain", ALT,
		      "Subject: alt\n\nhtml & bold\n");
}

static void render_alternative_without_text_says_so(void **state)
{
	assert_render("ignore *",
		      "Content-Type: multipart/alternative; boundary=b\n\n"
		      "--b\nContent-Type: image/png\n\nx\n--b--\n",
		      "\n[-- Error: Could not display any parts of Multipart/Alternative! --]\n");
}

static void render_converts_iso_8859_7_to_utf8(void **state)
{
	assert_render("ignore *; unignore subject",
		      "Subject: =?ISO-8859-7?B?w+Xp3A==?=\n"
		      "Content-Type: text/plain; charset=ISO-8859-7\n"
		      "Content-Transfer-Encoding: 8bit\n\n\xc3\xe5\xe9\xdc \xf3\xef\xf5\n",
		      "Subject: Γειά\n\nΓειά σου\n");
}

static void render_converts_iso_2022_jp_to_utf8(void **state)
{
	assert_render("ignore *",
		      "Content-Type: text/plain; charset=ISO-2022-JP\n\n"
		      "\x1b$B$3$s$K$A$O\x1b(B\n",
		      "\nこんにちは\n");
}

static void render_decodes_qp_and_base64_and_drops_crlf(void **state)
{
	assert_render(
		"ignore *",
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 =\nau lait\n"
		"--b\nContent-Type: text/csv\nContent-Transfer-Encoding: base64\n\n"
		"YSxiDQoxLDINCg==\n--b--\n",
		"\n[-- Attachment #1 --]\n"
		"[-- Type: text/plain, Encoding: quoted-printable, Size: 0.1K --]\n\n"
		"café au lait\n\n"
		"[-- Attachment #2 --]\n[-- Type: text/csv, Encoding: base64, Size: 0.1K --]\n\n"
		"a,b\n1,2\n\n");
}

static void render_attachment_lines_as_mutt(void **state)
{
	assert_render(
		"ignore *",
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nSee attached.\n"
		"--b\nContent-Type: application/pdf; name=\"r.pdf\"\n"
		"Content-Transfer-Encoding: base64\n"
		"Content-Disposition: attachment; filename=\"report 2026.pdf\"\n\nJVBERi0=\n"
		"--b\nContent-Type: image/png\nContent-Description: the logo\n\nx\n--b--\n",
		"\n[-- Attachment #1 --]\n[-- Type: text/plain, Encoding: 7bit, Size: 0.1K --]\n\n"
		"See attached.\n\n"
		"[-- Attachment #2: report 2026.pdf --]\n"
		"[-- Type: application/pdf, Encoding: base64, Size: 0.1K --]\n\n"
		"[-- application/pdf is unsupported (use 'v' to view this part) --]\n\n"
		"[-- Attachment #3: the logo --]\n"
		"[-- Type: image/png, Encoding: 7bit, Size: 0.1K --]\n\n"
		"[-- image/png is unsupported (use 'v' to view this part) --]\n\n");
}

static void render_shows_embedded_message_with_weeded_headers(void **state)
{
	assert_render(
		"ignore *; unignore from: subject",
		"From: a@x\nSubject: Fwd: lunch\nContent-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: text/plain\n\nSee below.\n"
		"--o\nContent-Type: message/rfc822\n\n"
		"From: carol@x\nX-Junk: 1\nSubject: =?UTF-8?Q?d=C3=A9j=C3=A0?=\n"
		"Content-Type: multipart/alternative; boundary=i\n\n"
		"--i\nContent-Type: text/plain; charset=utf-8\n\nNoon?\n"
		"--i\nContent-Type: text/html\n\n<p>Noon?</p>\n--i--\n\n--o--\n",
		"From: a@x\nSubject: Fwd: lunch\n\n"
		"[-- Attachment #1 --]\n[-- Type: text/plain, Encoding: 7bit, Size: 0.1K --]\n\n"
		"See below.\n\n"
		"[-- Attachment #2 --]\n[-- Type: message/rfc822, Encoding: 7bit, Size: 0.2K --]\n\n"
		"From: carol@x\nSubject: déjà\n\nNoon?\n\n");
}

static void render_nested_multiparts_number_within_each(void **state)
{
	assert_render(
		"ignore *",
		"Content-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: multipart/related; boundary=r\n\n"
		"--r\nContent-Type: text/plain\n\nHi\n"
		"--r\nContent-Type: image/gif; name=a.gif\n\nx\n--r--\n"
		"--o\nContent-Type: application/zip; name=z.zip\n\nx\n--o--\n",
		"\n[-- Attachment #1 --]\n"
		"[-- Type: multipart/related, Encoding: 7bit, Size: 0.1K --]\n\n"
		"[-- Attachment #1 --]\n[-- Type: text/plain, Encoding: 7bit, Size: 0.1K --]\n\n"
		"Hi\n\n"
		"[-- Attachment #2: a.gif --]\n[-- Type: image/gif, Encoding: 7bit, Size: 0.1K --]\n\n"
		"[-- image/gif is unsupported (use 'v' to view this part) --]\n\n\n"
		"[-- Attachment #2: z.zip --]\n"
		"[-- Type: application/zip, Encoding: 7bit, Size: 0.1K --]\n\n"
		"[-- application/zip is unsupported (use 'v' to view this part) --]\n\n");
}

static void render_flowed_joins_and_wraps_paragraphs(void **state)
{
	assert_render("ignore *; set reflow_wrap=20",
		      "Content-Type: text/plain; format=flowed\n\n"
		      "one two three \nfour five six seven\n"
		      "> quoted and \n>> deeper\n"
		      " stuffed\n"
		      "a fixed line that is longer than twenty\n"
		      "-- \nsig\n",
		      "\none two three four\nfive six seven\n"
		      "> quoted and\n> > deeper\nstuffed\n"
		      "a fixed line that is longer than twenty\n-- \nsig\n");
}

static void render_flowed_delsp_removes_the_soft_space(void **state)
{
	assert_render("ignore *",
		      "Content-Type: text/plain; format=flowed; delsp=yes\n\n"
		      "ありが \nとう\n",
		      "\nありがとう\n");
}

static void render_flowed_untouched_without_reflow_text(void **state)
{
	assert_render("ignore *; unset reflow_text",
		      "Content-Type: text/plain; format=flowed\n\nsoft \nbreak\n",
		      "\nsoft \nbreak\n");
}

static void render_html_alone_as_text(void **state)
{
	assert_render("ignore *",
		      "Content-Type: text/html; charset=utf-8\n\n"
		      "<html><head><title>t</title><style>p{}</style></head><body>"
		      "<p>Hello&nbsp;&lt;you&gt; &#233;&#x263a;</p><!-- hidden -->"
		      "<ul><li>one</li><li>two</li></ul><script>x()</script>"
		      "line<br>break &bogus; a&b</body></html>\n",
		      "\nHello\u00a0<you> é☺\n\n* one\n* two\n\nline\nbreak &bogus; a&b\n");
}

static void render_message_weeds_as_debians_muttrc(void **state)
{
	const char *msg = HEADERS;
	struct buf out = BUF_INIT;

	render_message(msg, strlen(msg), &out);
	assert_buf_eq(&out, "Date: Mon, 2 Mar 2026 10:00:00 +0000\nFrom: a@example.org\n"
			    "To: b@example.org\nSubject: s\nX-Mailer: z\n\nbody\n");
	buf_release(&out);
}

static void render_damaged_message_is_shown_and_reported(void **state)
{
	const char *msg = "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n"
			  "--b\nContent-Type: text/plain\n\nno end\n";
	struct buf out = BUF_INIT;

	assert_int_equal(render_message(msg, strlen(msg), &out), ERR_PARSE);
	assert_non_null(strstr(out.data, "no end\n"));
	assert_non_null(strstr(out.data, "Subject: x\n"));
	buf_release(&out);
}

static void structure_lists_nested_parts_with_ids(void **state)
{
	assert_structure(
		"Content-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: multipart/alternative; boundary=a\n\n"
		"--a\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9\n"
		"--a\nContent-Type: text/html\n\n<p>x</p>\n--a--\n"
		"--o\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
		"Content-Disposition: attachment; filename=\"my report;v2.pdf\"\n\nJVBERi0=\n"
		"--o\nContent-Type: message/rfc822\n\nSubject: in\n\nbody\n--o--\n",
		"1  multipart/mixed; encoding=7bit; size=393\n"
		"1.1    multipart/alternative; encoding=7bit; size=142\n"
		"1.1.1      text/plain; charset=utf-8; encoding=quoted-printable; size=5\n"
		"1.1.2      text/html; charset=us-ascii; encoding=7bit; size=8\n"
		"1.2    application/pdf; encoding=base64; disposition=attachment; "
		"name=\"my report;v2.pdf\"; size=5\n"
		"1.3    message/rfc822; encoding=7bit; size=17\n"
		"1.3.1      text/plain; charset=us-ascii; encoding=7bit; size=4\n");
}

static void structure_of_a_single_part(void **state)
{
	assert_structure("Subject: x\n\nhello\n",
			 "1  text/plain; charset=us-ascii; encoding=7bit; size=6\n");
}

/* A part the backend left out is named, only when the backend says the message is partial. */
static void omitted_parts_are_named_only_in_a_partial_read(void **state)
{
	static const char msg[] = "Subject: big\nMIME-Version: 1.0\n"
				  "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
				  "--b\nContent-Type: text/plain\n\nthe text\n"
				  "--b\nContent-Type: application/pdf; name=\"a.pdf\"\n"
				  "Content-Transfer-Encoding: base64\nX-Tern-Omitted: 3000000\n\n\n"
				  "--b--\n";
	struct render_marks marks = { 0 };
	struct buf out = BUF_INIT;

	marks.partial = true;
	render_message_marked(msg, strlen(msg), NULL, &out, &marks);
	assert_non_null(strstr(out.data, "the text"));
	assert_non_null(strstr(out.data, "application/pdf, 2.9M, not downloaded"));
	assert_non_null(strstr(out.data, "Size: 2.9M"));
	render_marks_release(&marks);
	/* the same bytes read whole: the field is the sender's and changes nothing */
	buf_reset(&out);
	memset(&marks, 0, sizeof(marks));
	render_message_marked(msg, strlen(msg), NULL, &out, &marks);
	assert_null(strstr(out.data, "not downloaded"));
	assert_non_null(strstr(out.data, "is unsupported"));
	render_marks_release(&marks);
	buf_release(&out);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_plain_message_headers_blank_line_body),
		cmocka_unit_test(render_decodes_and_unfolds_headers),
		cmocka_unit_test(render_weeds_by_ignore_and_unignore),
		cmocka_unit_test(render_without_weed_shows_every_field),
		cmocka_unit_test(render_puts_hdr_order_fields_first),
		cmocka_unit_test(render_alternative_prefers_plain_text),
		cmocka_unit_test(render_alternative_order_can_choose_html),
		cmocka_unit_test(render_alternative_without_text_says_so),
		cmocka_unit_test(render_converts_iso_8859_7_to_utf8),
		cmocka_unit_test(render_converts_iso_2022_jp_to_utf8),
		cmocka_unit_test(render_decodes_qp_and_base64_and_drops_crlf),
		cmocka_unit_test(render_attachment_lines_as_mutt),
		cmocka_unit_test(render_shows_embedded_message_with_weeded_headers),
		cmocka_unit_test(render_nested_multiparts_number_within_each),
		cmocka_unit_test(render_flowed_joins_and_wraps_paragraphs),
		cmocka_unit_test(render_flowed_delsp_removes_the_soft_space),
		cmocka_unit_test(render_flowed_untouched_without_reflow_text),
		cmocka_unit_test(render_html_alone_as_text),
		cmocka_unit_test(render_message_weeds_as_debians_muttrc),
		cmocka_unit_test(render_damaged_message_is_shown_and_reported),
		cmocka_unit_test(structure_lists_nested_parts_with_ids),
		cmocka_unit_test(structure_of_a_single_part),
		cmocka_unit_test(omitted_parts_are_named_only_in_a_partial_read),
	};
	return RUN_TESTS(tests);
}
