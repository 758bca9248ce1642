/*
 * test_color.c - color, mono, uncolor and unmono, run through the rc
 * language, checked against what mutt 2.2 accepts and refuses.
 */
#include <regex.h>

#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"
#include "tests/unit/rc_test.h"

/* The rule that one color line makes, on a fresh config. */
static struct config *one_rule(const char *line, const struct color_rule **r)
{
	struct config *c = config_new();

	ok(c, line);
	assert_int_equal(cfg_color_count(c), 1);
	*r = cfg_color_at(c, 0);
	return c;
}

static void assert_colors(const char *line, int fg, int bg, unsigned attrs)
{
	const struct color_rule *r;
	struct config *c = one_rule(line, &r);

	if (r->fg != fg || r->bg != bg || r->attrs != attrs)
		fail_msg("'%s' gave fg %d bg %d attrs %#x, want %d %d %#x", line, r->fg, r->bg,
			 r->attrs, fg, bg, attrs);
	config_free(&c);
}

static void assert_round_trip(const struct config *c)
{
	struct buf d1 = BUF_INIT, d2 = BUF_INIT, err = BUF_INIT;
	struct config *c2 = config_new();

	config_lists_dump(c, &d1);
	assert_true(d1.len > 0);
	if (config_source_text(c2, d1.data, d1.len, "dump", &err) != 0)
		fail_msg("the dump does not load: %s\n%s", err.data, d1.data);
	config_lists_dump(c2, &d2);
	if (!buf_eq(&d2, d1.data))
		fail_msg("dump changed:\n%s---\n%s", d1.data, d2.data);
	config_free(&c2);
	buf_release(&d1);
	buf_release(&d2);
	buf_release(&err);
}

/* ---- objects ------------------------------------------------------------------ */

static void every_object_has_a_name_that_reads_back(void **state)
{
	struct buf line = BUF_INIT;

	(void)state;
	for (int o = 0; o < CO_COUNT; o++) {
		const struct color_rule *r;
		struct config *c;
		bool pattern =
			o == CO_HEADER || o == CO_BODY || (o >= CO_INDEX && o <= CO_INDEX_SIZE);

		buf_reset(&line);
		buf_printf(&line, "color %s red blue%s", color_object_name(o), pattern ? " x" : "");
		c = one_rule(line.data, &r);
		assert_int_equal(r->object, o);
		if (pattern)
			assert_string_equal(r->pattern, "x");
		else
			assert_null(r->pattern);
		config_free(&c);
	}
	buf_release(&line);
}

static void objects_ignore_case_and_quoted_takes_a_level(void **state)
{
	const struct color_rule *r;
	struct config *c;

	(void)state;
	c = one_rule("color Normal red blue", &r);
	assert_int_equal(r->object, CO_NORMAL);
	config_free(&c);
	c = one_rule("color QUOTED red blue", &r);
	assert_int_equal(r->object, CO_QUOTED);
	assert_int_equal(r->level, 0);
	config_free(&c);
	c = one_rule("color quoted10 red blue", &r);
	assert_int_equal(r->level, 10);
	config_free(&c);
	c = one_rule("color compose security_both red blue", &r);
	assert_int_equal(r->object, CO_COMPOSE_SECURITY_BOTH);
	config_free(&c);
	c = one_rule("color compose_header red blue", &r);
	assert_int_equal(r->object, CO_COMPOSE_HEADER);
	config_free(&c);
}

static void quoted_and_quoted0_are_the_same_rule(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "color quoted red blue; color quoted0 green blue; color quoted1 yellow blue");
	assert_int_equal(cfg_color_count(c), 2);
	assert_int_equal(cfg_color_at(c, 0)->fg, 2);
	assert_int_equal(cfg_color_at(c, 1)->level, 1);
	config_free(&c);
}

/* ---- colours and attributes ----------------------------------------------------- */

static void colour_names_numbers_and_direct_colour(void **state)
{
	(void)state;
	assert_colors("color normal black white", 0, 7, 0);
	assert_colors("color normal RED Magenta", 1, 5, 0);
	assert_colors("color normal default default", COLOR_DEFAULT, COLOR_DEFAULT, 0);
	assert_colors("color normal color0 color255", 0, 255, 0);
	assert_colors("color normal color007 cyan", 7, 6, 0);
	assert_colors("color normal '#ff8000' '#000000'", COLOR_RGB_FLAG | 0xff8000, COLOR_RGB_FLAG,
		      0);
}

static void bright_is_bold_in_front_and_plus_8_behind(void **state)
{
	(void)state;
	/* mutt: "bright" on the foreground asks for bold, on the background for colour+8 */
	assert_colors("color indicator brightyellow brightred", 3, 9, CA_BOLD);
	assert_colors("color normal lightblue lightgreen", 12, 10, 0);
	assert_colors("color normal brightdefault brightdefault", COLOR_DEFAULT, COLOR_DEFAULT,
		      CA_BOLD);
	assert_colors("color normal brightcolor3 lightcolor200", 3, 200, CA_BOLD);
}

static void attributes_come_before_the_foreground(void **state)
{
	(void)state;
	assert_colors("color status bold underline reverse standout blink italic red blue", 1, 4,
		      CA_BOLD | CA_UNDERLINE | CA_REVERSE | CA_STANDOUT | CA_BLINK | CA_ITALIC);
	assert_colors("color status bold none red blue", 1, 4, CA_NONE);
	assert_colors("color status normal underline red blue", 1, 4, CA_NONE | CA_UNDERLINE);
	assert_colors("color status none brightred blue", 1, 4, CA_NONE | CA_BOLD);
}

static void colour_errors_name_the_word(void **state)
{
	struct config *c = config_new();

	(void)state;
	fails(c, "color indx red blue", "color: unknown object 'indx'");
	fails(c, "color quotedx red blue", "color: unknown object 'quotedx'");
	fails(c, "color compose footer red blue", "color: unknown compose object 'footer'");
	fails(c, "color compose", "color: compose needs an object");
	fails(c, "color normal purple blue", "color: unknown colour 'purple'");
	fails(c, "color normal red brightpurple", "color: unknown colour 'brightpurple'");
	fails(c, "color normal color256 blue", "color: colour number out of range in 'color256'");
	fails(c, "color normal color-1 blue", "colour number out of range in 'color-1'");
	fails(c, "color normal '#ff00' blue", "color: unknown colour '#ff00'");
	fails(c, "color normal red", "color: too few arguments");
	fails(c, "color normal bold", "color: too few arguments");
	fails(c, "color", "color: too few arguments");
	fails(c, "color status red blue extra", "color: too many arguments");
	fails(c, "color header red blue", "color: header needs a regex");
	fails(c, "color index red blue", "color: index needs a pattern");
	fails(c, "color body red blue '['", "color: bad regex '['");
	fails(c, "mono normal italic bold", "mono: too many arguments");
	fails(c, "mono normal red", "mono: unknown attribute 'red'");
	fails(c, "mono body bold", "mono: body needs a regex");
	assert_int_equal(cfg_color_count(c), 0);
	config_free(&c);
}

static void a_bad_colour_does_not_stop_the_file(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	static const char text[] = "color normal white black\n"
				   "color indx red blue\n"
				   "color status yellow blue\n";

	(void)state;
	assert_int_not_equal(config_source_text(c, text, sizeof(text) - 1, "rc", &err), 0);
	assert_non_null(strstr(err.data, "color: unknown object 'indx'"));
	assert_int_equal(cfg_color_count(c), 2);
	buf_release(&err);
	config_free(&c);
}

/* ---- patterns ------------------------------------------------------------------------ */

static void header_regex_ignores_case_and_body_uses_smart_case(void **state)
{
	struct config *c = config_new();
	const struct color_rule *h, *lower, *upper;

	(void)state;
	ok(c, "color header brightred default ^(From|Subject):");
	ok(c, "color body magenta default \"(ftp|http|https)://[^ ]+\"");
	ok(c, "color body red default Tern");
	h = cfg_color_at(c, 0);
	lower = cfg_color_at(c, 1);
	upper = cfg_color_at(c, 2);
	assert_true(h->has_regex);
	assert_int_equal(regexec(&h->regex, "SUBJECT: hi", 0, NULL, 0), 0);
	assert_int_equal(regexec(&lower->regex, "see HTTPS://x.org", 0, NULL, 0), 0);
	assert_int_equal(regexec(&upper->regex, "Tern", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(&upper->regex, "tern", 0, NULL, 0), 0);
	config_free(&c);
}

static void same_pattern_replaces_and_new_pattern_adds(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c,
	   "color index red default ~N; color index blue default ~D; color index green default ~N");
	assert_int_equal(cfg_color_count(c), 2);
	assert_string_equal(cfg_color_at(c, 0)->pattern, "~N");
	assert_int_equal(cfg_color_at(c, 0)->fg, 2);
	ok(c, "color header red default ^from:; color header blue default ^FROM:");
	assert_int_equal(cfg_color_count(c), 3);
	assert_int_equal(cfg_color_at(c, 2)->fg, 4);
	ok(c, "color body red default x; color body red default X");
	assert_int_equal(cfg_color_count(c), 5);
	ok(c, "color normal red default; color normal blue default");
	assert_int_equal(cfg_color_count(c), 6);
	assert_int_equal(cfg_color_at(c, 5)->fg, 4);
	config_free(&c);
}

static void mono_rules_are_kept_apart_from_colour(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "color quoted brightblue default; mono quoted bold");
	ok(c, "mono index reverse ~N; mono body underline _[a-z]+_");
	assert_int_equal(cfg_color_count(c), 4);
	assert_false(cfg_color_at(c, 0)->mono);
	assert_true(cfg_color_at(c, 1)->mono);
	assert_int_equal(cfg_color_at(c, 1)->attrs, CA_BOLD);
	assert_int_equal(cfg_color_at(c, 1)->fg, COLOR_DEFAULT);
	ok(c, "mono quoted none");
	assert_int_equal(cfg_color_at(c, 1)->attrs, CA_NONE);
	config_free(&c);
}

/* ---- uncolor ---------------------------------------------------------------------------- */

static void uncolor_removes_patterns_or_all(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c,
	   "color index red default ~N; color index blue default ~D; color index green default ~F");
	ok(c, "mono index bold ~N");
	ok(c, "uncolor index ~D ~nothing");
	assert_int_equal(cfg_color_count(c), 3);
	ok(c, "uncolor index *");
	assert_int_equal(cfg_color_count(c), 1);
	assert_true(cfg_color_at(c, 0)->mono);
	ok(c, "unmono index ~N");
	assert_int_equal(cfg_color_count(c), 0);
	ok(c, "color header red default ^From:; uncolor header ^from:");
	assert_int_equal(cfg_color_count(c), 0);
	config_free(&c);
}

static void uncolor_of_a_plain_object_drops_its_colour(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "color status red blue; color quoted1 red blue; color normal red blue");
	ok(c, "uncolor status; uncolor quoted1 *");
	assert_int_equal(cfg_color_count(c), 1);
	assert_int_equal(cfg_color_at(c, 0)->object, CO_NORMAL);
	fails(c, "uncolor normal ~A", "uncolor: normal takes no pattern");
	fails(c, "uncolor index", "uncolor: too few arguments");
	fails(c, "unmono indx *", "unmono: unknown object 'indx'");
	config_free(&c);
}

/* ---- dump ---------------------------------------------------------------------------------- */

static void dump_reads_back_to_the_same_colours(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "color normal default default; color indicator brightyellow red");
	ok(c, "color status none brightred lightblue; color tree bold underline color200 color9");
	ok(c, "color quoted green default; color quoted3 '#abcdef' black");
	ok(c, "color header brightred default '^(From|Subject):'");
	ok(c, "color body magenta default \"(ftp|http|https)://[^ ]+\"");
	ok(c, "color body brightblue default \"it's \\\"quoted\\\" \\\\ #x $y\"");
	ok(c, "color index_author red default '~f me@x'; color compose security_none red blue");
	ok(c, "mono quoted bold; mono index reverse ~N; mono normal none");
	assert_round_trip(c);
	config_free(&c);
}

/* mutt's colour schemes load without an error, and their dumps read back. */
static void mutts_colour_files_load_without_errors(void **state)
{
	static const char *const files[] = {
		"/usr/share/doc/mutt/examples/colors.angdraug",
		"/usr/share/doc/mutt/examples/colors.default",
		"/usr/share/doc/mutt/examples/colors.linux",
	};

	(void)state;
	if (access(files[0], R_OK) != 0)
		skip();
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct config *c = config_new();
		struct buf err = BUF_INIT;

		assert_int_equal(config_source(c, files[i], &err), 0);
		assert_int_equal(config_error_count(c), 0);
		assert_true(cfg_color_count(c) > 10);
		assert_round_trip(c);
		buf_release(&err);
		config_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_object_has_a_name_that_reads_back),
		cmocka_unit_test(objects_ignore_case_and_quoted_takes_a_level),
		cmocka_unit_test(quoted_and_quoted0_are_the_same_rule),
		cmocka_unit_test(colour_names_numbers_and_direct_colour),
		cmocka_unit_test(bright_is_bold_in_front_and_plus_8_behind),
		cmocka_unit_test(attributes_come_before_the_foreground),
		cmocka_unit_test(colour_errors_name_the_word),
		cmocka_unit_test(a_bad_colour_does_not_stop_the_file),
		cmocka_unit_test(header_regex_ignores_case_and_body_uses_smart_case),
		cmocka_unit_test(same_pattern_replaces_and_new_pattern_adds),
		cmocka_unit_test(mono_rules_are_kept_apart_from_colour),
		cmocka_unit_test(uncolor_removes_patterns_or_all),
		cmocka_unit_test(uncolor_of_a_plain_object_drops_its_colour),
		cmocka_unit_test(dump_reads_back_to_the_same_colours),
		cmocka_unit_test(mutts_colour_files_load_without_errors),
	};
	return RUN_TESTS(tests);
}
