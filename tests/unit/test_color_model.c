/*
 * test_color_model.c - colour rules resolved to styles: mutt's defaults,
 * rules replacing them and each other, quoted levels cycling, index
 * patterns (most recent first) and their parts, mono terminals, header
 * and body regex spans (leftmost, longest, most recent), merging over
 * normal, and rules reduced to the terminal's colours (the arithmetic
 * itself: test_color_model_reduce.c).
 */
#include "tests/unit/mx_test.h"

#include "tests/unit/rc_test.h"
#include "ui/color_model.h"

#define RED     1
#define GREEN   2
#define YELLOW  3
#define BLUE    4
#define MAGENTA 5
#define CYAN    6
#define WHITE   7
#define DEF     COLOR_DEFAULT

#define RULES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A config that ran rc lines, its model for a terminal of ncolors, and maybe a mailbox. */
struct fx {
	struct config *c;
	struct color_model *cm;
	struct mailbox *mb;
};

/* Three messages: 1 flagged and read, 2 new, 3 flagged and new. */
static struct mailbox *sample(void)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);

	mx_test_add(mb, "Subject: Lunch plans\nFrom: Alice <alice@example.com>",
		    MSG_READ | MSG_FLAGGED, 1773050400, 1000);
	mx_test_add(mb, "Subject: Release\nFrom: Bob <bob@example.org>", 0, 1773133200, 2000);
	mx_test_add(mb, "Subject: Lunch again\nFrom: Carol <carol@example.net>", MSG_FLAGGED,
		    1773133300, 3000);
	return mb;
}

static struct fx fx_new(int ncolors, const char *const *lines)
{
	struct fx f = { config_new(), NULL, sample() };

	for (size_t i = 0; lines[i]; i++)
		ok(f.c, lines[i]);
	f.cm = color_model_new(f.c, ncolors, NULL);
	return f;
}

static void fx_free(struct fx *f)
{
	mailbox_free(&f->mb);
	color_model_free(&f->cm);
	assert_null(f->cm);
	color_model_free(&f->cm); /* freeing twice is harmless */
	config_free(&f->c);
}

static void assert_style(struct ui_style s, int fg, int bg, unsigned attrs)
{
	if (s.fg != fg || s.bg != bg || s.attrs != attrs)
		fail_msg("style fg %d bg %d attrs %#x, want %d %d %#x", s.fg, s.bg, s.attrs, fg, bg,
			 attrs);
}

/* The style of object o (level) with rules on a terminal of ncolors. */
static struct ui_style style_of(const char *const *rules, int ncolors, enum color_object o,
				int level)
{
	struct fx f = fx_new(ncolors, rules);
	struct ui_style s = color_object_style(f.cm, o, level);

	fx_free(&f);
	return s;
}

/* The style of message i's index part. */
static struct ui_style row(struct fx *f, size_t i, enum color_object part)
{
	struct ui_style s;

	mailbox_lock(f->mb);
	s = color_index_style(f->cm, f->mb, &f->mb->msgs[i], part);
	mailbox_unlock(f->mb);
	return s;
}

/* ---- plain objects -------------------------------------------------------------- */

static void defaults_follow_mutt(void **state)
{
	static const struct {
		enum color_object o;
		unsigned attrs;
	} want[] = {
		{ CO_NORMAL, 0 },
		{ CO_INDICATOR, CA_REVERSE },
		{ CO_STATUS, CA_REVERSE },
		{ CO_SEARCH, CA_REVERSE },
		{ CO_MARKERS, CA_REVERSE },
		{ CO_TREE, 0 },
		{ CO_TILDE, 0 },
		{ CO_ERROR, 0 },
		{ CO_HDRDEFAULT, 0 },
		{ CO_BOLD, CA_BOLD },
		{ CO_UNDERLINE, CA_UNDERLINE },
		{ CO_SIDEBAR_HIGHLIGHT, CA_UNDERLINE },
		{ CO_SIDEBAR_INDICATOR, CA_REVERSE },
		{ CO_QUOTED, 0 },
	};
	struct fx f = fx_new(256, RULES(NULL));

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_style(color_object_style(f.cm, want[i].o, 3), DEF, DEF, want[i].attrs);
	assert_int_equal(color_model_depth(f.cm), COLOR_DEPTH_256);
	fx_free(&f);
}

static void a_rule_replaces_the_default(void **state)
{
	struct fx f = fx_new(
		256, RULES("color indicator black cyan", "color sidebar_indicator red blue"));

	(void)state;
	/* mutt's reverse is gone: the rule says everything */
	assert_style(color_object_style(f.cm, CO_INDICATOR, 0), 0, CYAN, 0);
	assert_style(color_object_style(f.cm, CO_SIDEBAR_INDICATOR, 0), RED, BLUE, 0);
	assert_style(color_object_style(f.cm, CO_STATUS, 0), DEF, DEF, CA_REVERSE);
	/* mutt's sidebar borrows the indicator's colour when it has none */
	assert_style(
		style_of(RULES("color indicator yellow magenta"), 256, CO_SIDEBAR_INDICATOR, 0),
		YELLOW, MAGENTA, 0);
	fx_free(&f);
}

static void a_later_rule_replaces_an_earlier(void **state)
{
	(void)state;
	assert_style(
		style_of(RULES("color status red blue", "color status underline green default"),
			 256, CO_STATUS, 0),
		GREEN, DEF, CA_UNDERLINE);
}

static void default_colours_take_normal(void **state)
{
	struct fx f = fx_new(256, RULES("color normal white black", "color tree red default",
					"color tilde default blue"));

	(void)state;
	assert_style(color_object_style(f.cm, CO_NORMAL, 0), WHITE, 0, 0);
	assert_style(color_object_style(f.cm, CO_TREE, 0), RED, 0, 0);
	assert_style(color_object_style(f.cm, CO_TILDE, 0), WHITE, BLUE, 0);
	/* defaults merge too: reverse white on black */
	assert_style(color_object_style(f.cm, CO_STATUS, 0), WHITE, 0, CA_REVERSE);
	/* the layer keeps what the rule said */
	assert_style(color_object_layer(f.cm, CO_TREE, 0), RED, DEF, 0);
	fx_free(&f);
}

static void attributes_add_to_normal_unless_none(void **state)
{
	struct fx f = fx_new(256, RULES("color normal bold default default",
					"color status underline red blue",
					"color tilde none blue default"));

	(void)state;
	assert_style(color_object_style(f.cm, CO_NORMAL, 0), DEF, DEF, CA_BOLD);
	assert_style(color_object_style(f.cm, CO_STATUS, 0), RED, BLUE, CA_BOLD | CA_UNDERLINE);
	assert_style(color_object_style(f.cm, CO_TILDE, 0), BLUE, DEF, 0);
	assert_int_equal(color_object_layer(f.cm, CO_TILDE, 0).attrs, CA_NONE);
	fx_free(&f);
}

static void merge_rules(void **state)
{
	struct ui_style under = { RED, BLUE, CA_BOLD };

	(void)state;
	assert_style(color_merge((struct ui_style){ DEF, DEF, CA_UNDERLINE }, under), RED, BLUE,
		     CA_BOLD | CA_UNDERLINE);
	assert_style(color_merge((struct ui_style){ GREEN, DEF, 0 }, under), GREEN, BLUE, CA_BOLD);
	assert_style(color_merge((struct ui_style){ DEF, 0, CA_NONE | CA_ITALIC }, under), RED, 0,
		     CA_ITALIC);
	assert_style(color_merge(under, (struct ui_style){ DEF, DEF, CA_NONE }), RED, BLUE,
		     CA_BOLD);
}

static void bright_is_bold_foreground_and_light_background(void **state)
{
	const char *const *rules =
		RULES("color error brightred brightblue", "color message lightgreen default");

	(void)state;
	assert_style(style_of(rules, 256, CO_ERROR, 0), RED, BLUE + 8, CA_BOLD);
	assert_style(style_of(rules, 16, CO_MESSAGE, 0), GREEN + 8, DEF, 0);
	/* 8 colours: the background loses its brightness, a light foreground becomes bold */
	assert_style(style_of(rules, 8, CO_ERROR, 0), RED, BLUE, CA_BOLD);
	assert_style(style_of(rules, 8, CO_MESSAGE, 0), GREEN, DEF, CA_BOLD);
}

static void rgb_rules_are_reduced_to_the_terminal(void **state)
{
	const char *const *rules = RULES("color status '#ff0000' color244");

	(void)state;
	assert_style(style_of(rules, 0x1000000, CO_STATUS, 0), COLOR_RGB_FLAG | 0xff0000, 244, 0);
	assert_style(style_of(rules, 256, CO_STATUS, 0), 196, 244, 0);
	assert_style(style_of(rules, 16, CO_STATUS, 0), 9, 8, 0);
	assert_style(style_of(rules, 8, CO_STATUS, 0), RED, 0, CA_BOLD);
}

/* ---- quoted ---------------------------------------------------------------------- */

/* The foregrounds of quoted levels 0..n-1 must be want[]. */
static void assert_quoted(const char *const *rules, const int *want, int n)
{
	struct fx f = fx_new(256, rules);

	for (int l = 0; l < n; l++)
		if (color_object_style(f.cm, CO_QUOTED, l).fg != want[l])
			fail_msg("quoted level %d: fg %d, want %d", l,
				 color_object_style(f.cm, CO_QUOTED, l).fg, want[l]);
	fx_free(&f);
}

static void quoted_levels_cycle(void **state)
{
	static const int want[] = { RED, GREEN, BLUE, RED, GREEN, BLUE, RED };

	(void)state;
	assert_quoted(RULES("color quoted red default", "color quoted1 green default",
			    "color quoted2 blue default"),
		      want, ARRAY_SIZE(want));
}

static void quoted_gaps_take_quoted0(void **state)
{
	static const int want[] = { RED, RED, RED, BLUE, RED, RED, RED, BLUE, RED };

	(void)state;
	/* quoted3 first: the order does not matter */
	assert_quoted(RULES("color quoted3 blue default", "color quoted red default"), want,
		      ARRAY_SIZE(want));
}

static void quoted_gap_without_quoted0_is_normal(void **state)
{
	static const int want[] = { WHITE, GREEN, WHITE, GREEN };

	(void)state;
	assert_quoted(RULES("color normal white default", "color quoted1 green default"), want,
		      ARRAY_SIZE(want));
}

/* ---- index ------------------------------------------------------------------------ */

static void index_most_recent_matching_rule_wins(void **state)
{
	struct fx f = fx_new(256, RULES("color normal white default", "color index red default ~F",
					"color index blue default ~N"));

	(void)state;
	assert_int_equal(row(&f, 0, CO_INDEX).fg, RED);
	assert_int_equal(row(&f, 1, CO_INDEX).fg, BLUE);
	assert_int_equal(row(&f, 2, CO_INDEX).fg, BLUE);
	/* asked again (from the row cache): the same */
	assert_int_equal(row(&f, 2, CO_INDEX).fg, BLUE);
	fx_free(&f);
}

static void index_replaced_rule_keeps_its_place(void **state)
{
	struct fx f = fx_new(256, RULES("color index red default ~F", "color index blue default ~N",
					"color index green default ~F"));

	(void)state;
	assert_int_equal(row(&f, 0, CO_INDEX).fg, GREEN);
	/* ~F was redefined, not moved: ~N is still the more recent */
	assert_int_equal(row(&f, 2, CO_INDEX).fg, BLUE);
	fx_free(&f);
}

static void index_row_without_match_is_normal(void **state)
{
	struct fx f = fx_new(
		256, RULES("color normal yellow black", "color index red default '~s Release'"));

	(void)state;
	assert_style(row(&f, 0, CO_INDEX), YELLOW, 0, 0);
	/* default background: normal's */
	assert_style(row(&f, 1, CO_INDEX), RED, 0, 0);
	/* not an index object: its plain style */
	assert_style(row(&f, 1, CO_TREE), YELLOW, 0, 0);
	fx_free(&f);
}

static void index_parts_fall_back_to_the_row(void **state)
{
	struct fx f = fx_new(256, RULES("color index red blue ~F",
					"color index_subject bold yellow default '~s Lunch'",
					"color index_author green default '~f bob'"));

	(void)state;
	assert_style(row(&f, 0, CO_INDEX_SUBJECT), YELLOW, BLUE, CA_BOLD);
	assert_style(row(&f, 0, CO_INDEX_AUTHOR), RED, BLUE, 0);
	assert_style(row(&f, 0, CO_INDEX_DATE), RED, BLUE, 0);
	assert_style(row(&f, 1, CO_INDEX_AUTHOR), GREEN, DEF, 0);
	assert_style(row(&f, 1, CO_INDEX_SUBJECT), DEF, DEF, 0);
	fx_free(&f);
}

static void index_styles_follow_flag_changes(void **state)
{
	struct fx f = fx_new(256, RULES("color index magenta default ~D"));

	(void)state;
	assert_int_equal(row(&f, 1, CO_INDEX).fg, DEF);
	mx_change_flags(f.mb, 1, MSG_DELETED, 0);
	assert_int_equal(row(&f, 1, CO_INDEX).fg, MAGENTA);
	mx_change_flags(f.mb, 1, 0, MSG_DELETED);
	assert_int_equal(row(&f, 1, CO_INDEX).fg, DEF);
	fx_free(&f);
}

static void index_rows_are_kept_until_forgotten(void **state)
{
	struct fx f = fx_new(256, RULES("color index magenta default ~D"));
	struct mailbox *other = mailbox_new("/nonexistent", NULL);

	(void)state;
	assert_int_equal(row(&f, 1, CO_INDEX).fg, DEF);
	/* a change the mailbox does not count: the kept style stays until forgotten */
	f.mb->msgs[1].flags |= MSG_DELETED;
	assert_int_equal(row(&f, 1, CO_INDEX).fg, DEF);
	color_model_forget(f.cm);
	assert_int_equal(row(&f, 1, CO_INDEX).fg, MAGENTA);
	/* another folder's message with the same id is not taken for it */
	mx_test_add(other, "Subject: x", 0, 0, 1);
	mx_test_add(other, "Subject: y", 0, 0, 1);
	mailbox_lock(other);
	assert_int_equal(other->msgs[1].id, f.mb->msgs[1].id);
	assert_int_equal(color_index_style(f.cm, other, &other->msgs[1], CO_INDEX).fg, DEF);
	mailbox_unlock(other);
	mailbox_free(&other);
	fx_free(&f);
}

static void index_bad_pattern_is_reported_and_skipped(void **state)
{
	struct fx f =
		fx_new(256, RULES("color index red default ~F", "color index blue default '~s ('"));
	struct buf err = BUF_INIT;

	(void)state;
	color_model_free(&f.cm);
	f.cm = color_model_new(f.c, 256, &err);
	assert_non_null(strstr(err.data, "color index '~s ('"));
	assert_int_equal(row(&f, 0, CO_INDEX).fg, RED);
	fx_free(&f);
	buf_release(&err);
}

/* ---- mono ------------------------------------------------------------------------- */

static void mono_terminal_uses_only_mono_rules(void **state)
{
	const char *const *rules = RULES("color indicator red blue", "mono indicator bold",
					 "mono quoted underline", "color tree green default");

	(void)state;
	assert_style(style_of(rules, 0, CO_INDICATOR, 0), DEF, DEF, CA_BOLD);
	assert_style(style_of(rules, 0, CO_QUOTED, 2), DEF, DEF, CA_UNDERLINE);
	assert_style(style_of(rules, 0, CO_TREE, 0), DEF, DEF, 0);
	/* mutt's default mono attributes */
	assert_style(style_of(rules, 0, CO_STATUS, 0), DEF, DEF, CA_REVERSE);
	/* and a colour terminal ignores mono rules */
	assert_style(style_of(rules, 256, CO_INDICATOR, 0), RED, BLUE, 0);
	assert_style(style_of(rules, 256, CO_QUOTED, 2), DEF, DEF, 0);
}

static void mono_index_rules(void **state)
{
	struct fx f = fx_new(0, RULES("mono index underline ~F", "color index red default ~F"));

	(void)state;
	assert_int_equal(color_model_depth(f.cm), COLOR_DEPTH_MONO);
	assert_style(row(&f, 0, CO_INDEX), DEF, DEF, CA_UNDERLINE);
	assert_style(row(&f, 1, CO_INDEX), DEF, DEF, 0);
	color_model_free(&f.cm);
	f.cm = color_model_new(f.c, 16, NULL);
	assert_style(row(&f, 0, CO_INDEX), RED, DEF, 0);
	fx_free(&f);
}

/* ---- header and body spans --------------------------------------------------------- */

/* With rules, the spans of line for object o (at most max) must read "start-end:rule ...". */
static void assert_spans(const char *const *rules, enum color_object o, const char *line,
			 size_t max, const char *want)
{
	struct fx f = fx_new(256, rules);
	struct ui_span spans[16];
	size_t n = color_line_spans(f.cm, o, line, strlen(line), spans, max < 16 ? max : 16);
	struct buf out = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(spans[i].object, o);
		if (i > 0)
			assert_true(spans[i].start >= spans[i - 1].end);
		buf_printf(&out, "%s%u-%u:%d", i ? " " : "", spans[i].start, spans[i].end,
			   spans[i].rule);
	}
	if (!buf_eq(&out, want))
		fail_msg("\"%s\": spans \"%s\", want \"%s\"", line, out.data, want);
	buf_release(&out);
	fx_free(&f);
}

static void body_spans_in_order(void **state)
{
	const char *const *rules = RULES("color body green default '[a-z]+@[a-z.]+'",
					 "color body brightblue default 'https?://[^ ]+'");

	(void)state;
	assert_spans(rules, CO_BODY, "see http://x.org or mail bob@y.net", 16, "4-16:1 25-34:0");
	assert_spans(rules, CO_BODY, "nothing here", 16, "");
	/* body rules do not colour headers, nor other objects */
	assert_spans(rules, CO_HEADER, "From: bob@y.net", 16, "");
	assert_spans(rules, CO_TREE, "bob@y.net", 16, "");
}

static void body_overlap_first_start_then_longest(void **state)
{
	(void)state;
	/* the URL rule is the oldest, but its match starts first and is the longest */
	assert_spans(RULES("color body blue default 'https?://[^ ]+'",
			   "color body green default '[a-z]+@[a-z.]+'",
			   "color body red default 'http'"),
		     CO_BODY, "go http://me@x.org/ now", 16, "3-19:0");
}

static void body_same_match_most_recent_rule_wins(void **state)
{
	struct fx f =
		fx_new(256, RULES("color body red default 'foo'", "color body green default 'f.o'",
				  "color body blue default 'o+'"));
	struct ui_span span;

	(void)state;
	assert_int_equal(color_line_spans(f.cm, CO_BODY, "a foo", 5, &span, 1), 1);
	assert_int_equal(span.start, 2);
	assert_int_equal(span.end, 5);
	assert_int_equal(span.rule, 1);
	assert_style(color_span_style(f.cm, &span), GREEN, DEF, 0);
	fx_free(&f);
}

static void body_spans_repeat_and_stop_at_max(void **state)
{
	const char *const *rules = RULES("color body red default 'ab'");

	(void)state;
	assert_spans(rules, CO_BODY, "ab ab abab", 16, "0-2:0 3-5:0 6-8:0 8-10:0");
	assert_spans(rules, CO_BODY, "ab ab abab", 2, "0-2:0 3-5:0");
	assert_spans(rules, CO_BODY, "ab ab abab", 0, "");
}

static void body_empty_matches_are_stepped_over(void **state)
{
	(void)state;
	assert_spans(RULES("color body red default 'x*'"), CO_BODY, "abxxcx", 16, "2-4:0 5-6:0");
}

static void body_anchor_only_at_line_start(void **state)
{
	const char *const *rules =
		RULES("color body red default '^>'", "color body blue default '[0-9]+$'");
	struct fx f = fx_new(256, rules);
	struct ui_span s[4];

	(void)state;
	assert_spans(rules, CO_BODY, "> a > b", 16, "0-1:0");
	/* lines separated by '\n' are matched each on its own */
	assert_spans(rules, CO_BODY, "x 12\n> y", 16, "2-4:1 5-6:0");
	/* the line need not end with a NUL: '$' is at len */
	assert_int_equal(color_line_spans(f.cm, CO_BODY, "> 12345", 4, s, 4), 2);
	assert_int_equal(s[1].start, 2);
	assert_int_equal(s[1].end, 4);
	fx_free(&f);
}

static void header_rule_colours_the_whole_line(void **state)
{
	const char *const *rules = RULES("color header red default '^subject:'",
					 "color header blue default '^(from|subject):'");

	(void)state;
	/* header regexes ignore case, the most recent matching rule wins */
	assert_spans(rules, CO_HEADER, "Subject: lunch", 16, "0-14:1");
	assert_spans(rules, CO_HEADER, "To: bob", 16, "");
}

static void header_continuation_line_decides(void **state)
{
	const char *const *rules =
		RULES("color header red default '^x-foo:'", "color header green default 'urgent'");

	(void)state;
	assert_spans(rules, CO_HEADER, "X-Foo: a\n b", 16, "0-11:0");
	assert_spans(rules, CO_HEADER, "X-Foo: a\n urgent", 16, "0-16:1");
	/* '^' anchors each line: " x-foo:" on the second line does not match */
	assert_spans(rules, CO_HEADER, "To: a\n x-foo: b", 16, "");
}

static void header_color_partial_colours_matches(void **state)
{
	(void)state;
	assert_spans(RULES("set header_color_partial", "color header red default 'bob'"), CO_HEADER,
		     "From: bob, Bob", 16, "6-9:0 11-14:0");
}

static void span_style_by_rule_or_object(void **state)
{
	struct fx f = fx_new(256, RULES("color normal white black", "color body red default 'x'",
					"color quoted1 underline cyan default"));
	struct ui_span quoted = { 0, 3, CO_QUOTED, 1, -1 };
	struct ui_span body = { 0, 1, CO_BODY, 0, 1 };
	struct ui_span stale = { 0, 1, CO_HDRDEFAULT, 0, 99 };

	(void)state;
	assert_style(color_span_style(f.cm, &quoted), CYAN, 0, CA_UNDERLINE);
	assert_style(color_span_style(f.cm, &body), RED, 0, 0);
	/* a rule the model does not know: the object's style */
	assert_style(color_span_style(f.cm, &stale), WHITE, 0, 0);
	fx_free(&f);
}

/* ---- the model and the config ------------------------------------------------------ */

static void model_knows_when_rules_change(void **state)
{
	struct fx f = fx_new(256, RULES("color status red default"));

	(void)state;
	assert_true(color_model_current(f.cm, f.c));
	ok(f.c, "color status red default"); /* the same rule again */
	assert_true(color_model_current(f.cm, f.c));
	ok(f.c, "color status green default");
	assert_false(color_model_current(f.cm, f.c));
	color_model_free(&f.cm);
	f.cm = color_model_new(f.c, 256, NULL);
	assert_true(color_model_current(f.cm, f.c));
	ok(f.c, "set header_color_partial");
	assert_false(color_model_current(f.cm, f.c));
	color_model_free(&f.cm);
	f.cm = color_model_new(f.c, 256, NULL);
	ok(f.c, "uncolor status");
	assert_false(color_model_current(f.cm, f.c));
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_follow_mutt),
		cmocka_unit_test(a_rule_replaces_the_default),
		cmocka_unit_test(a_later_rule_replaces_an_earlier),
		cmocka_unit_test(default_colours_take_normal),
		cmocka_unit_test(attributes_add_to_normal_unless_none),
		cmocka_unit_test(merge_rules),
		cmocka_unit_test(bright_is_bold_foreground_and_light_background),
		cmocka_unit_test(rgb_rules_are_reduced_to_the_terminal),
		cmocka_unit_test(quoted_levels_cycle),
		cmocka_unit_test(quoted_gaps_take_quoted0),
		cmocka_unit_test(quoted_gap_without_quoted0_is_normal),
		cmocka_unit_test(index_most_recent_matching_rule_wins),
		cmocka_unit_test(index_replaced_rule_keeps_its_place),
		cmocka_unit_test(index_row_without_match_is_normal),
		cmocka_unit_test(index_parts_fall_back_to_the_row),
		cmocka_unit_test(index_styles_follow_flag_changes),
		cmocka_unit_test(index_rows_are_kept_until_forgotten),
		cmocka_unit_test(index_bad_pattern_is_reported_and_skipped),
		cmocka_unit_test(mono_terminal_uses_only_mono_rules),
		cmocka_unit_test(mono_index_rules),
		cmocka_unit_test(body_spans_in_order),
		cmocka_unit_test(body_overlap_first_start_then_longest),
		cmocka_unit_test(body_same_match_most_recent_rule_wins),
		cmocka_unit_test(body_spans_repeat_and_stop_at_max),
		cmocka_unit_test(body_empty_matches_are_stepped_over),
		cmocka_unit_test(body_anchor_only_at_line_start),
		cmocka_unit_test(header_rule_colours_the_whole_line),
		cmocka_unit_test(header_continuation_line_decides),
		cmocka_unit_test(header_color_partial_colours_matches),
		cmocka_unit_test(span_style_by_rule_or_object),
		cmocka_unit_test(model_knows_when_rules_change),
	};
	return RUN_TESTS(tests);
}
