/*
 * test_pager_layout.c - the pager's layout (src/ui/pager_layout.c): header
 * weeding and order, decoding, quote levels, signature, attachment lines,
 * header and body colour rules, wrapping ($smart_wrap, $markers, $wrap),
 * wide and combined characters, long lines, tabs, and search.
 */
#include <time.h>

#include "tests/unit/unit.h"

#include "ui/pager_layout.h"

static struct config *cfg_with(const char *rc)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	if (rc && config_run(c, rc, NULL, 0, &err) != 0)
		fail_msg("%s: %s", rc, err.data);
	buf_release(&err);
	return c;
}

/* Every display line's spans are ordered, non-overlapping, non-empty and inside the line. */
static void check_spans(const struct pager_doc *d)
{
	for (size_t i = 0; i < pager_doc_lines(d); i++) {
		const struct pager_line *l = pager_doc_line(d, i);
		uint32_t pos = 0;

		assert_int_equal(strlen(l->text) <= l->len, 1);
		for (size_t k = 0; k < l->nspans; k++) {
			assert_true(l->spans[k].start >= pos);
			assert_true(l->spans[k].start < l->spans[k].end);
			assert_true(l->spans[k].end <= l->len);
			pos = l->spans[k].end;
		}
	}
}

struct fixture {
	struct config *cfg;
	struct pager_doc *doc;
};

static struct fixture lay(const char *rc, const char *msg, unsigned flags, int cols)
{
	struct fixture f = { cfg_with(rc), NULL };

	f.doc = pager_doc_new(msg, strlen(msg), f.cfg, flags);
	assert_int_equal(pager_doc_layout(f.doc, cols), 0);
	check_spans(f.doc);
	return f;
}

static void done(struct fixture *f)
{
	pager_doc_free(&f->doc);
	assert_null(f->doc);
	config_free(&f->cfg);
}

static const struct pager_line *line(const struct fixture *f, size_t i)
{
	const struct pager_line *l = pager_doc_line(f->doc, i);

	assert_non_null(l);
	return l;
}

/* The display lines joined with '|', for compact comparisons. */
static void assert_lines(const struct fixture *f, const char *want)
{
	struct buf all = BUF_INIT;

	for (size_t i = 0; i < pager_doc_lines(f->doc); i++) {
		if (i)
			buf_addch(&all, '|');
		buf_add(&all, line(f, i)->text, line(f, i)->len);
	}
	assert_buf_eq(&all, want);
	buf_release(&all);
}

/* Lay msg out in cols columns with the config of rc and compare the lines (joined with '|'). */
static void expect_layout(const char *rc, const char *msg, int cols, const char *want)
{
	struct fixture f = lay(rc, msg, 0, cols);

	assert_lines(&f, want);
	done(&f);
}

/* The display line whose text is s. */
static size_t find_line(const struct fixture *f, const char *s)
{
	for (size_t i = 0; i < pager_doc_lines(f->doc); i++)
		if (line(f, i)->len == strlen(s) && memcmp(line(f, i)->text, s, strlen(s)) == 0)
			return i;
	fail_msg("no line \"%s\"", s);
	return 0;
}

static void assert_span(const struct pager_line *l, size_t k, uint32_t start, uint32_t end,
			int object, int level, int rule)
{
	assert_true(k < l->nspans);
	assert_int_equal(l->spans[k].start, start);
	assert_int_equal(l->spans[k].end, end);
	assert_int_equal(l->spans[k].object, object);
	assert_int_equal(l->spans[k].level, level);
	assert_int_equal(l->spans[k].rule, rule);
}

static const char *const simple = "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
				  "To: b@example.org\n"
				  "From: a@example.org\n"
				  "X-Spam: yes\n"
				  "Subject: hi\n"
				  "\n"
				  "Hello.\n";

/* ---- headers ----------------------------------------------------------------------- */

static void headers_weeded_and_in_hdr_order(void **state)
{
	struct fixture f =
		lay("ignore *; unignore from subject date; hdr_order subject from:", simple, 0, 80);

	(void)state;
	assert_lines(&f, "Subject: hi|From: a@example.org|Date: Mon, 1 Jan 2024 10:00:00 +0000||"
			 "Hello.");
	assert_true(line(&f, 0)->header);
	assert_false(line(&f, 3)->header);
	done(&f);
}

static void full_headers_show_every_field_in_message_order(void **state)
{
	struct fixture f = lay("ignore *; unignore from subject; hdr_order subject from", simple,
			       PAGER_FULL_HEADERS, 80);

	(void)state;
	assert_lines(&f, "Date: Mon, 1 Jan 2024 10:00:00 +0000|To: b@example.org|"
			 "From: a@example.org|X-Spam: yes|Subject: hi||Hello.");
	done(&f);
}

static void weed_unset_shows_every_field(void **state)
{
	struct fixture f = lay("ignore *; unset weed", simple, 0, 80);

	(void)state;
	assert_int_equal(find_line(&f, "X-Spam: yes"), 3);
	assert_int_equal(find_line(&f, "Hello."), 6);
	done(&f);
}

static void encoded_words_and_addresses_decoded(void **state)
{
	struct fixture f = lay(NULL,
			       "Subject: =?UTF-8?Q?Caf=C3=A9?=\n =?UTF-8?Q?_ouvert?=\n"
			       "From: =?UTF-8?B?UmVuw6ll?= <r@example.org>\n\nbody\n",
			       0, 80);

	(void)state;
	assert_lines(&f, "Subject: Café ouvert|From: Renée <r@example.org>||body");
	done(&f);
}

static void encoded_line_breaks_stay_in_their_field(void **state)
{
	/* a hostile subject must not fake a blank line or a header of its own */
	struct fixture f = lay(
		NULL, "Subject: =?UTF-8?Q?a=0A=0AFrom:_x?=\nTo: t@example.org\n\nbody\n", 0, 200);

	(void)state;
	assert_int_equal(pager_doc_logical_lines(f.doc), 4);
	assert_int_equal(find_line(&f, "To: t@example.org"), 1);
	assert_int_equal(find_line(&f, "body"), 3);
	assert_non_null(memchr(line(&f, 0)->text, '\n', line(&f, 0)->len));
	done(&f);
}

static void header_lines_are_hdrdefault(void **state)
{
	struct fixture f = lay(NULL, simple, 0, 80);
	size_t i = find_line(&f, "Subject: hi");

	(void)state;
	assert_int_equal(line(&f, i)->nspans, 1);
	assert_span(line(&f, i), 0, 0, 11, CO_HDRDEFAULT, 0, -1);
	assert_int_equal(line(&f, find_line(&f, "Hello."))->nspans, 0);
	done(&f);
}

static void header_rule_colours_the_whole_field(void **state)
{
	struct fixture f = lay("color header red default ^subject:", simple, 0, 80);
	const struct pager_line *s = line(&f, find_line(&f, "Subject: hi"));
	const struct pager_line *fr = line(&f, find_line(&f, "From: a@example.org"));

	(void)state;
	assert_int_equal(s->nspans, 1);
	assert_span(s, 0, 0, 11, CO_HEADER, 0, 0);
	assert_span(fr, 0, 0, 19, CO_HDRDEFAULT, 0, -1);
	done(&f);
}

static void header_rule_most_recent_wins(void **state)
{
	struct fixture f = lay("color header red default subject; color header blue default hi$",
			       simple, 0, 80);
	const struct pager_line *s = line(&f, find_line(&f, "Subject: hi"));

	(void)state;
	assert_span(s, 0, 0, 11, CO_HEADER, 0, 1);
	assert_int_equal(cfg_color_at(f.cfg, 1)->fg, 4);
	done(&f);
}

static void header_color_partial_colours_matches_only(void **state)
{
	struct fixture f =
		lay("set header_color_partial; color header red default ^[a-z]+:", simple, 0, 80);
	const struct pager_line *s = line(&f, find_line(&f, "Subject: hi"));

	(void)state;
	assert_int_equal(s->nspans, 2);
	assert_span(s, 0, 0, 8, CO_HEADER, 0, 0);
	assert_span(s, 1, 8, 11, CO_HDRDEFAULT, 0, -1);
	done(&f);
}

/* ---- body ----------------------------------------------------------------------------- */

static const char *const quoted = "From: a@example.org\n\n"
				  "On Monday b wrote:\n"
				  "> one\n"
				  "> > two\n"
				  ">>> three\n"
				  "  | four\n"
				  "plain\n"
				  "-- \n"
				  "A. Sender\n"
				  "> not quoted\n";

static void quote_levels_count_prefixes(void **state)
{
	struct fixture f = lay(NULL, quoted, 0, 80);

	(void)state;
	assert_span(line(&f, find_line(&f, "> one")), 0, 0, 5, CO_QUOTED, 0, -1);
	assert_span(line(&f, find_line(&f, "> > two")), 0, 0, 7, CO_QUOTED, 1, -1);
	assert_span(line(&f, find_line(&f, ">>> three")), 0, 0, 9, CO_QUOTED, 2, -1);
	assert_span(line(&f, find_line(&f, "  | four")), 0, 0, 8, CO_QUOTED, 0, -1);
	assert_int_equal(line(&f, find_line(&f, "plain"))->nspans, 0);
	assert_int_equal(line(&f, find_line(&f, "On Monday b wrote:"))->nspans, 0);
	done(&f);
}

static void quote_regexp_is_the_users(void **state)
{
	struct fixture f =
		lay("set quote_regexp='^(%+ ?)+'", "From: a@example.org\n\n%% x\n> y\n", 0, 80);

	(void)state;
	assert_span(line(&f, find_line(&f, "%% x")), 0, 0, 4, CO_QUOTED, 1, -1);
	assert_int_equal(line(&f, find_line(&f, "> y"))->nspans, 0);
	done(&f);
}

static void hide_quoted_leaves_quoted_lines_out(void **state)
{
	struct fixture f = lay(NULL, "\nhi\n> a\n> > b\nbye\n", PAGER_HIDE_QUOTED, 80);

	(void)state;
	assert_lines(&f, "|hi|bye");
	done(&f);
}

static void skip_quoted_as_mutt(void **state)
{
	const char *msg = "From: a@example.org\nSubject: s\n\nhi\n> a\n> b\n> c\nbye\n> d\n";
	struct fixture f = lay(NULL, msg, 0, 80);
	struct fixture g = lay("set pager_skip_quoted_context=2", msg, 0, 80);
	bool found;

	(void)state;
	/* from the headers: the first line after them */
	assert_int_equal(pager_doc_skip_quoted(f.doc, 0, &found), 2);
	assert_int_equal(pager_doc_skip_quoted(f.doc, 2, &found), 7);
	assert_true(line(&f, 4)->quoted);
	assert_false(line(&f, 7)->quoted);
	assert_int_equal(pager_doc_skip_quoted(g.doc, 2, &found), 5);
	/* the last quote has no unquoted text after it */
	assert_int_equal(pager_doc_skip_quoted(f.doc, 7, &found), PAGER_NONE);
	assert_true(found);
	assert_int_equal(pager_doc_skip_quoted(f.doc, 9, &found), PAGER_NONE);
	assert_false(found);
	done(&f);
	done(&g);
}

static void smileys_are_not_quoting(void **state)
{
	struct fixture f = lay(NULL, "From: a@example.org\n\n:-) fine\n> ok :-)\n:: x\n", 0, 80);

	(void)state;
	assert_int_equal(line(&f, find_line(&f, ":-) fine"))->nspans, 0);
	/* the quote before the smiley still counts */
	assert_span(line(&f, find_line(&f, "> ok :-)")), 0, 0, 8, CO_QUOTED, 0, -1);
	assert_span(line(&f, find_line(&f, ":: x")), 0, 0, 4, CO_QUOTED, 1, -1);
	done(&f);
}

static void signature_from_dash_dash_space(void **state)
{
	struct fixture f = lay(NULL, quoted, 0, 80);

	(void)state;
	assert_span(line(&f, find_line(&f, "-- ")), 0, 0, 3, CO_SIGNATURE, 0, -1);
	assert_span(line(&f, find_line(&f, "A. Sender")), 0, 0, 9, CO_SIGNATURE, 0, -1);
	/* inside the signature a quote character does not make a quoted line */
	assert_span(line(&f, find_line(&f, "> not quoted")), 0, 0, 12, CO_SIGNATURE, 0, -1);
	done(&f);
}

static void dash_dash_without_space_is_no_signature(void **state)
{
	struct fixture f = lay(NULL, "From: a@example.org\n\n--\nafter\n", 0, 80);

	(void)state;
	assert_int_equal(line(&f, find_line(&f, "after"))->nspans, 0);
	done(&f);
}

static const char *const mixed = "From: a@example.org\n"
				 "MIME-Version: 1.0\n"
				 "Content-Type: multipart/mixed; boundary=XX\n"
				 "\n"
				 "--XX\n"
				 "Content-Type: text/plain\n"
				 "\n"
				 "Text here.\n"
				 "-- \n"
				 "sig\n"
				 "--XX\n"
				 "Content-Type: application/pdf; name=a.pdf\n"
				 "Content-Transfer-Encoding: base64\n"
				 "\n"
				 "AAAA\n"
				 "--XX--\n";

/* A sender's line that looks like tern's is the sender's text, coloured as such. */
static void forged_attachment_lines_are_plain_text(void **state)
{
	struct fixture f = lay(NULL,
			       "From: a@example.org\n\nPay now.\n"
			       "[-- Attachment #2: invoice.pdf --]\n"
			       "[-- Good signature from Your Bank --]\n",
			       0, 100);

	(void)state;
	assert_int_equal(line(&f, find_line(&f, "[-- Attachment #2: invoice.pdf --]"))->nspans, 0);
	assert_int_equal(line(&f, find_line(&f, "[-- Good signature from Your Bank --]"))->nspans,
			 0);
	done(&f);
}

static void attachment_lines_from_the_renderer(void **state)
{
	struct fixture f = lay(NULL, mixed, 0, 100);
	const struct pager_line *a = line(&f, find_line(&f, "[-- Attachment #1 --]"));
	size_t after_sig;

	(void)state;
	assert_span(a, 0, 0, (uint32_t)a->len, CO_ATTACHMENT, 0, -1);
	assert_int_equal(line(&f, find_line(&f, "Text here."))->nspans, 0);
	assert_span(line(&f, find_line(&f, "sig")), 0, 0, 3, CO_SIGNATURE, 0, -1);
	/* the next part's lines end the signature */
	after_sig = find_line(&f, "[-- Attachment #2: a.pdf --]");
	assert_int_equal(line(&f, after_sig)->spans[0].object, CO_ATTACHMENT);
	assert_int_equal(line(&f, after_sig + 1)->spans[0].object, CO_ATTACHMENT);
	done(&f);
}

static void body_rule_spans_with_rule_index(void **state)
{
	struct fixture f = lay("color body red default fo+; color normal white default",
			       "From: a@example.org\n\nfoo bar foo\n> quoted foo here\n", 0, 80);
	const struct pager_line *p = line(&f, find_line(&f, "foo bar foo"));
	const struct pager_line *q = line(&f, find_line(&f, "> quoted foo here"));

	(void)state;
	assert_int_equal(p->nspans, 2);
	assert_span(p, 0, 0, 3, CO_BODY, 0, 0);
	assert_span(p, 1, 8, 11, CO_BODY, 0, 0);
	/* over a quoted line the match cuts the quoted span in two */
	assert_int_equal(q->nspans, 3);
	assert_span(q, 0, 0, 9, CO_QUOTED, 0, -1);
	assert_span(q, 1, 9, 12, CO_BODY, 0, 0);
	assert_span(q, 2, 12, 17, CO_QUOTED, 0, -1);
	done(&f);
}

static void body_rules_leftmost_match_then_most_recent(void **state)
{
	struct fixture f = lay("color body red default 'abc'; color body blue default 'bcd'; "
			       "color body green default 'ab'",
			       "From: a@example.org\n\nxbcdx abc\n", 0, 80);
	const struct pager_line *l = line(&f, find_line(&f, "xbcdx abc"));

	(void)state;
	assert_int_equal(l->nspans, 2);
	assert_span(l, 0, 1, 4, CO_BODY, 0, 1);
	/* "abc" and "ab" both start at 6: the most recent rule wins */
	assert_span(l, 1, 6, 8, CO_BODY, 0, 2);
	done(&f);
}

static void body_rules_skip_signature(void **state)
{
	struct fixture f = lay("color body red default sender", quoted, 0, 80);

	(void)state;
	assert_int_equal(line(&f, find_line(&f, "A. Sender"))->nspans, 1);
	done(&f);
}

static void mono_rules_only_with_mono(void **state)
{
	const char *msg = "From: a@example.org\n\nsay foo\n";
	struct fixture f =
		lay("mono body bold foo; color body red default say", msg, PAGER_MONO, 80);
	struct fixture g = lay("mono body bold foo; color body red default say", msg, 0, 80);

	(void)state;
	assert_int_equal(line(&f, 2)->nspans, 1);
	assert_span(line(&f, 2), 0, 4, 7, CO_BODY, 0, 0);
	assert_int_equal(line(&g, 2)->nspans, 1);
	assert_span(line(&g, 2), 0, 0, 3, CO_BODY, 0, 1);
	done(&f);
	done(&g);
}

/* ---- wrapping ------------------------------------------------------------------------------- */

static void wrap_plain_by_columns(void **state)
{
	struct fixture f =
		lay("unset smart_wrap; unset markers", "\naaaaaaaaaabbbbbbbbbbccccc\n", 0, 10);

	(void)state;
	assert_lines(&f, "|aaaaaaaaaa|bbbbbbbbbb|ccccc");
	assert_false(line(&f, 1)->continuation);
	assert_true(line(&f, 2)->continuation);
	assert_int_equal(line(&f, 2)->logical, line(&f, 1)->logical);
	done(&f);
}

static void markers_start_continuations(void **state)
{
	struct fixture f = lay("unset smart_wrap", "\naaaaaaaaaabbbbbbbbbbccccc\n", 0, 10);
	const struct pager_line *c = line(&f, 2);

	(void)state;
	assert_lines(&f, "|aaaaaaaaaa|+bbbbbbbbb|+bccccc");
	assert_span(c, 0, 0, 1, CO_MARKERS, 0, -1);
	done(&f);
}

static void markers_keep_quoted_spans_moved(void **state)
{
	struct fixture f = lay("unset smart_wrap", "\n> aaaaaaaabbbb\n", 0, 10);
	const struct pager_line *c = line(&f, 2);

	(void)state;
	assert_lines(&f, "|> aaaaaaaa|+bbbb");
	assert_span(line(&f, 1), 0, 0, 10, CO_QUOTED, 0, -1);
	assert_int_equal(c->nspans, 2);
	assert_span(c, 0, 0, 1, CO_MARKERS, 0, -1);
	assert_span(c, 1, 1, 5, CO_QUOTED, 0, -1);
	done(&f);
}

static void changed_settings_lay_out_again(void **state)
{
	struct fixture f = lay("unset markers", "\nhello world\n", 0, 8);
	struct buf err = BUF_INIT;

	(void)state;
	assert_lines(&f, "|hello |world");
	assert_int_equal(config_run(f.cfg, "unset smart_wrap", NULL, 0, &err), 0);
	pager_doc_layout(f.doc, 8);
	assert_lines(&f, "|hello wo|rld");
	buf_release(&err);
	done(&f);
}

static void smart_wrap_breaks_at_blanks(void **state)
{
	(void)state;
	expect_layout("unset markers", "\nhello world  foo\n", 8, "|hello |world  |foo");
}

static void smart_wrap_keeps_a_blank_with_its_mark(void **state)
{
	(void)state;
	/* a space carrying a combining mark is one cluster: no break after the space */
	expect_layout("unset markers", "\nab c \xcc\x81xyzwv\n", 6, "|ab |c \xcc\x81xyzw|v");
}

static void smart_wrap_cuts_a_long_word(void **state)
{
	(void)state;
	/* leading blanks only: cut the word rather than leave an empty line */
	expect_layout("unset markers", "\nab abcdefghijkl\n  xxxxxxxxxxx\n", 8,
		      "|ab |abcdefgh|ijkl|  xxxxxx|xxxxx");
}

static void wrap_variable_limits_the_width(void **state)
{
	(void)state;
	const char *msg = "\naaaaaaaaaabbbbbbbbbbcc\n", *want = "|aaaaaaaaaa|bbbbbbbbbb|cc";

	expect_layout("unset markers; unset smart_wrap; set wrap=10", msg, 80, want);
	expect_layout("unset markers; unset smart_wrap; set wrap=-70", msg, 80, want);
	/* wider than the screen: the screen wins */
	expect_layout("unset markers; unset smart_wrap; set wrap=40", msg, 10, want);
}

/* No display line is wider than cols, none splits a character, and together they are the text. */
static void assert_wraps_whole(const struct fixture *f, size_t first, const char *text, int cols)
{
	struct buf all = BUF_INIT;

	for (size_t i = first; i < pager_doc_lines(f->doc); i++) {
		const struct pager_line *l = line(f, i);

		assert_true(text_width(l->text, l->len) <= (size_t)cols);
		assert_true(utf8_valid(l->text, l->len));
		buf_add(&all, l->text, l->len);
	}
	assert_buf_eq(&all, text);
	buf_release(&all);
}

static void wide_characters_are_never_split(void **state)
{
	const char *text = "日本語のテキスト";
	struct buf msg = BUF_INIT;
	struct fixture f;

	(void)state;
	buf_printf(&msg, "\n%s\n", text);
	f = lay("unset markers", msg.data, 0, 5);
	/* two wide characters fill 4 of the 5 columns */
	assert_int_equal(pager_doc_lines(f.doc), 5);
	assert_int_equal(text_width(line(&f, 1)->text, line(&f, 1)->len), 4);
	assert_wraps_whole(&f, 1, text, 5);
	done(&f);
	buf_release(&msg);
}

static void clusters_stay_whole(void **state)
{
	/* e + combining acute; a family (ZWJ sequence); a flag; a thumbs up with skin tone */
	const char *text =
		"e\xcc\x81"
		"e\xcc\x81"
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
		"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"
		"e\xcc\x81";
	struct buf msg = BUF_INIT;
	struct fixture f;

	(void)state;
	buf_printf(&msg, "\n%s\n", text);
	f = lay("unset markers", msg.data, 0, 3);
	assert_wraps_whole(&f, 1, text, 3);
	assert_int_equal(pager_doc_lines(f.doc), 5);
	done(&f);
	buf_release(&msg);
}

static void one_column_still_progresses(void **state)
{
	(void)state;
	/* a wide character wider than the screen takes a line of its own, without markers */
	expect_layout(NULL, "\n日本\n", 1, "|日|本");
	/* and one that does not fit beside the marker goes without it */
	expect_layout(NULL, "\na日本\n", 2, "|a|日|本");
}

static void long_line_lays_out_fast(void **state)
{
	struct buf msg = BUF_INIT, text = BUF_INIT;
	struct fixture f;
	clock_t t0;

	(void)state;
	for (int i = 0; i < 1000; i++)
		buf_addstr(&text, i % 7 ? "word " : "日本 ");
	buf_addstr(&msg, "From: a@example.org\n\n");
	buf_addbuf(&msg, &text);
	buf_addch(&msg, '\n');
	t0 = clock();
	f = lay("unset markers; unset smart_wrap", msg.data, 0, 80);
	for (int cols = 20; cols < 120; cols++)
		pager_doc_layout(f.doc, cols);
	/* 100 layouts of 5,000 characters: well under a second when linear */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	pager_doc_layout(f.doc, 80);
	assert_wraps_whole(&f, 2, text.data, 80);
	assert_true(pager_doc_lines(f.doc) > 60);
	done(&f);
	buf_release(&msg);
	buf_release(&text);
}

static void huge_line_is_linear(void **state)
{
	struct buf msg = BUF_INIT;
	struct fixture f;
	clock_t t0;

	(void)state;
	buf_addch(&msg, '\n');
	for (int i = 0; i < 50000; i++)
		buf_addstr(&msg, i % 3 ? "abcdefghi\t" : "\xc3\xa9t\xc3\xa9 \xe2\x9c\x93 ");
	buf_addch(&msg, '\n');
	t0 = clock();
	f = lay(NULL, msg.data, 0, 80);
	/* 400,000 bytes in one line: quadratic work would take minutes */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	assert_true(pager_doc_lines(f.doc) > 5000);
	for (size_t i = 0; i < pager_doc_lines(f.doc); i++)
		assert_true(text_width(line(&f, i)->text, line(&f, i)->len) <= 80);
	done(&f);
	buf_release(&msg);
}

static void tabs_expand_to_stops(void **state)
{
	struct fixture f = lay("color body red default b", "\na\tb\n> 12345\tx\n", 0, 80);
	const struct pager_line *l = line(&f, 1), *q = line(&f, 2);

	(void)state;
	assert_lines(&f, "|a       b|> 12345 x");
	/* the span of "b" moved past the spaces */
	assert_span(l, 0, 8, 9, CO_BODY, 0, 0);
	assert_span(q, 0, 0, 9, CO_QUOTED, 0, -1);
	done(&f);
}

static void tab_at_the_edge_fills_the_line(void **state)
{
	(void)state;
	expect_layout("unset markers; unset smart_wrap", "\nabcdef\tgh\n", 7, "|abcdef |gh");
}

static void control_characters_kept_two_columns(void **state)
{
	(void)state;
	/* ^A takes two columns as the drawing code shows it */
	expect_layout("unset markers; unset smart_wrap",
		      "\na\x01\x02"
		      "bc\n",
		      4,
		      "|a\x01|\x02"
		      "bc");
}

/* ---- search ----------------------------------------------------------------------------- */

static regex_t compile(const char *re)
{
	regex_t r;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_ICASE), 0);
	return r;
}

static void search_marks_matches_over_colours(void **state)
{
	struct fixture f = lay(NULL, quoted, 0, 80);
	regex_t re = compile("o");
	const struct pager_line *q;

	(void)state;
	/* From:, On Monday, one, two, four, not quoted */
	assert_int_equal(pager_doc_search(f.doc, &re), 6);
	check_spans(f.doc);
	q = line(&f, find_line(&f, "> one"));
	assert_int_equal(q->nspans, 3);
	assert_span(q, 0, 0, 2, CO_QUOTED, 0, -1);
	assert_span(q, 1, 2, 3, CO_SEARCH, 0, -1);
	assert_span(q, 2, 3, 5, CO_QUOTED, 0, -1);
	assert_true(q->match);
	assert_false(line(&f, find_line(&f, "plain"))->match);
	regfree(&re);
	done(&f);
}

static void search_next_and_previous(void **state)
{
	struct fixture f = lay(NULL, "\nfoo\nbar\nfoo bar\nbaz\nfoo\n", 0, 80);
	regex_t re = compile("foo");

	(void)state;
	pager_doc_search(f.doc, &re);
	assert_int_equal(pager_doc_find(f.doc, PAGER_NONE, false), 1);
	assert_int_equal(pager_doc_find(f.doc, 1, false), 3);
	assert_int_equal(pager_doc_find(f.doc, 3, false), 5);
	assert_int_equal(pager_doc_find(f.doc, 5, false), PAGER_NONE);
	assert_int_equal(pager_doc_find(f.doc, 5, true), 3);
	assert_int_equal(pager_doc_find(f.doc, 1, true), PAGER_NONE);
	assert_int_equal(pager_doc_find(f.doc, pager_doc_lines(f.doc), true), 5);
	regfree(&re);
	done(&f);
}

static void search_cleared_and_kept_across_layouts(void **state)
{
	struct fixture f = lay("unset markers; unset smart_wrap", "\naaaaXXbbbb\n", 0, 5);
	regex_t re = compile("xx");

	(void)state;
	/* a match across a wrap marks both display lines */
	assert_int_equal(pager_doc_search(f.doc, &re), 2);
	assert_span(line(&f, 1), 0, 4, 5, CO_SEARCH, 0, -1);
	assert_span(line(&f, 2), 0, 0, 1, CO_SEARCH, 0, -1);
	pager_doc_layout(f.doc, 80);
	assert_true(line(&f, 1)->match);
	assert_span(line(&f, 1), 0, 4, 6, CO_SEARCH, 0, -1);
	assert_int_equal(pager_doc_search(f.doc, NULL), 0);
	assert_int_equal(line(&f, 1)->nspans, 0);
	assert_int_equal(pager_doc_find(f.doc, PAGER_NONE, false), PAGER_NONE);
	regfree(&re);
	done(&f);
}

static void empty_message_has_the_blank_line(void **state)
{
	(void)state;
	expect_layout(NULL, "", 80, "");
	expect_layout(NULL, "Subject: only\n", 80, "Subject: only|");
}

/* Random bytes from a small alphabet of troublesome pieces, laid out at every narrow width. */
static void hostile_text_keeps_the_invariants(void **state)
{
	static const char *const pieces[] = { "a",
					      " ",
					      "\t",
					      "\n",
					      "> ",
					      "-- \n",
					      "\x01",
					      "\xff",
					      "\xcc\x81",
					      "日",
					      "\xf0\x9f\x91\x8d",
					      "\xe2\x80\x8d",
					      "[-- x --]",
					      "\xc3",
					      "=?utf-8?q?=0A?=" };
	unsigned seed = 12345;
	regex_t re;

	(void)state;
	assert_int_equal(regcomp(&re, "a|日|x*", REG_EXTENDED), 0);
	for (int round = 0; round < 40; round++) {
		struct buf msg = BUF_INIT;
		struct fixture f;

		buf_addstr(&msg, "Subject: ");
		for (int k = 0; k < 200; k++) {
			seed = seed * 1103515245 + 12345;
			buf_addstr(&msg, pieces[(seed >> 16) % ARRAY_SIZE(pieces)]);
		}
		f = lay("color body red default 'a+'; set header_color_partial; "
			"color header blue default 'q'",
			msg.data, 0, 80);
		pager_doc_search(f.doc, &re);
		for (int cols = 1; cols < 24; cols++) {
			pager_doc_layout(f.doc, cols);
			check_spans(f.doc);
			for (size_t i = 0; cols > 1 && i < pager_doc_lines(f.doc); i++)
				assert_true(text_width(line(&f, i)->text, line(&f, i)->len) <=
					    (size_t)cols);
		}
		done(&f);
		buf_release(&msg);
	}
	regfree(&re);
}

static void search_before_the_first_layout(void **state)
{
	struct config *c = cfg_with(NULL);
	const char *msg = "\nnothing\nneedle\n";
	struct pager_doc *d = pager_doc_new(msg, strlen(msg), c, 0);
	regex_t re = compile("needle");

	(void)state;
	assert_int_equal(pager_doc_search(d, &re), 0);
	pager_doc_layout(d, 40);
	assert_int_equal(pager_doc_find(d, PAGER_NONE, false), 2);
	assert_span(pager_doc_line(d, 2), 0, 0, 6, CO_SEARCH, 0, -1);
	regfree(&re);
	pager_doc_free(&d);
	config_free(&c);
}

static void logical_lines_and_bounds(void **state)
{
	struct fixture f = lay(NULL, simple, 0, 80);
	size_t len;

	(void)state;
	assert_null(pager_doc_line(f.doc, pager_doc_lines(f.doc)));
	assert_null(pager_doc_logical(f.doc, pager_doc_logical_lines(f.doc), &len));
	assert_string_equal(pager_doc_logical(f.doc, pager_doc_logical_lines(f.doc) - 1, &len),
			    "Hello.");
	assert_int_equal(len, 6);
	assert_int_equal(pager_doc_layout(f.doc, 0), 0);
	check_spans(f.doc);
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_weeded_and_in_hdr_order),
		cmocka_unit_test(full_headers_show_every_field_in_message_order),
		cmocka_unit_test(weed_unset_shows_every_field),
		cmocka_unit_test(encoded_words_and_addresses_decoded),
		cmocka_unit_test(encoded_line_breaks_stay_in_their_field),
		cmocka_unit_test(header_lines_are_hdrdefault),
		cmocka_unit_test(header_rule_colours_the_whole_field),
		cmocka_unit_test(header_rule_most_recent_wins),
		cmocka_unit_test(header_color_partial_colours_matches_only),
		cmocka_unit_test(quote_levels_count_prefixes),
		cmocka_unit_test(quote_regexp_is_the_users),
		cmocka_unit_test(hide_quoted_leaves_quoted_lines_out),
		cmocka_unit_test(skip_quoted_as_mutt),
		cmocka_unit_test(smileys_are_not_quoting),
		cmocka_unit_test(signature_from_dash_dash_space),
		cmocka_unit_test(dash_dash_without_space_is_no_signature),
		cmocka_unit_test(attachment_lines_from_the_renderer),
		cmocka_unit_test(forged_attachment_lines_are_plain_text),
		cmocka_unit_test(body_rule_spans_with_rule_index),
		cmocka_unit_test(body_rules_leftmost_match_then_most_recent),
		cmocka_unit_test(body_rules_skip_signature),
		cmocka_unit_test(mono_rules_only_with_mono),
		cmocka_unit_test(wrap_plain_by_columns),
		cmocka_unit_test(markers_start_continuations),
		cmocka_unit_test(markers_keep_quoted_spans_moved),
		cmocka_unit_test(changed_settings_lay_out_again),
		cmocka_unit_test(smart_wrap_breaks_at_blanks),
		cmocka_unit_test(smart_wrap_keeps_a_blank_with_its_mark),
		cmocka_unit_test(smart_wrap_cuts_a_long_word),
		cmocka_unit_test(wrap_variable_limits_the_width),
		cmocka_unit_test(wide_characters_are_never_split),
		cmocka_unit_test(clusters_stay_whole),
		cmocka_unit_test(one_column_still_progresses),
		cmocka_unit_test(long_line_lays_out_fast),
		cmocka_unit_test(huge_line_is_linear),
		cmocka_unit_test(tabs_expand_to_stops),
		cmocka_unit_test(tab_at_the_edge_fills_the_line),
		cmocka_unit_test(control_characters_kept_two_columns),
		cmocka_unit_test(search_marks_matches_over_colours),
		cmocka_unit_test(search_next_and_previous),
		cmocka_unit_test(search_cleared_and_kept_across_layouts),
		cmocka_unit_test(empty_message_has_the_blank_line),
		cmocka_unit_test(hostile_text_keeps_the_invariants),
		cmocka_unit_test(search_before_the_first_layout),
		cmocka_unit_test(logical_lines_and_bounds),
	};
	return RUN_TESTS(tests);
}
