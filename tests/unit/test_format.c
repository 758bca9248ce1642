/*
 * test_format.c - the expando engine: mutt's syntax, mutt's exact layouts
 * (the expected lines of the mutt_* tests were captured from mutt 2.2.12 in
 * tmux), widths by grapheme cluster, and cost on huge input.
 */
#include <time.h>

#include "config/config.h"
#include "tests/unit/unit.h"

/* ---- A fake caller ---------------------------------------------------- */

/* Values by letter: text, or a number when is_num; NULL text = unknown. */
struct fake {
	const char *text[128];
	long num[128];
	bool is_num[128];
	int calls;
	int tests;
	const char *last_arg; /* the last bracket argument seen */
	size_t last_arg_len;
	bool arg_terminated;
	bool junk_on_test;          /* append rubbish when asked for %?X? */
	const struct format *inner; /* %@x@ renders this */
};

static void fake_text(struct fake *f, int op, const char *v)
{
	f->text[op] = v;
	f->is_num[op] = false;
}

static void fake_num(struct fake *f, int op, long n)
{
	f->num[op] = n;
	f->is_num[op] = true;
}

static bool fake_cb(const struct expando *e, void *ctx, struct buf *out)
{
	struct fake *f = ctx;
	unsigned char op = (unsigned char)e->op;

	f->calls++;
	if (e->optional) {
		f->tests++;
		if (f->junk_on_test)
			buf_addstr(out, "JUNK");
	}
	if (e->arg) {
		f->last_arg = e->arg;
		f->last_arg_len = e->arg_len;
		f->arg_terminated = e->arg[e->arg_len] == '\0';
		if (op == '@' && f->inner) {
			format_render(f->inner, 0, fake_cb, f, out);
			return true;
		}
		if (op == '{' && e->arg_len == 5 && memcmp(e->arg, "%b %d", 5) == 0) {
			buf_addstr(out, "Jan 02");
			return true;
		}
		buf_printf(out, "%c%.*s", op, (int)e->arg_len, e->arg);
		return true;
	}
	if (op >= 128 || (!f->is_num[op] && !f->text[op])) {
		expando_unknown(e);
		return false;
	}
	if (f->is_num[op]) {
		if (!e->optional)
			expando_number(e, f->num[op], out);
		return f->num[op] != 0;
	}
	if (!e->optional)
		buf_addstr(out, f->text[op]);
	return f->text[op][0] != '\0';
}

/* Render fmt in cols columns; the caller frees. */
static char *render(const char *fmt, size_t cols, struct fake *f)
{
	struct format *c = format_compile(fmt);
	struct buf b = BUF_INIT;

	format_render(c, cols, fake_cb, f, &b);
	format_free(&c);
	return buf_detach(&b, NULL);
}

#define assert_render(fmt, cols, f, want)                                               \
	do {                                                                            \
		char *got_ = render((fmt), (cols), (f));                                \
		if (strcmp(got_, (want)) != 0)                                          \
			fail_msg("\"%s\" in %zu cols gives \"%s\", want \"%s\"", (fmt), \
				 (size_t)(cols), got_, (want));                         \
		free(got_);                                                             \
	} while (0)

/* A caller that knows a few index letters: as in the mutt runs below. */
static void fake_index(struct fake *f, int msg)
{
	static const char *from[] = { "Alice Example", "山田太郎", "Bob" };
	static const char *subj[] = {
		"Short",
		"日本語の件名です。長い件名です。長い件名です",
		"A very long subject line that goes on and on and on past the edge of any "
		"reasonable terminal width for sure yes",
	};
	static const char *label[] = { "lab0", "lab1", "lab2" };

	memset(f, 0, sizeof(*f));
	fake_num(f, 'C', msg + 1);
	fake_text(f, 'Z', "N  ");
	fake_text(f, 'L', from[msg]);
	fake_text(f, 'n', from[msg]);
	fake_text(f, 's', subj[msg]);
	fake_text(f, 'y', label[msg]);
	fake_num(f, 'l', msg + 1);
	fake_text(f, 'c', "0.3K");
}

/* ---- Plain syntax ----------------------------------------------------- */

static void format_plain_text_is_copied(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("hello, world", 0, &f, "hello, world");
	assert_int_equal(f.calls, 0);
}

static void format_empty_and_null_formats_render_nothing(void **state)
{
	struct fake f = { 0 };
	struct format *c = format_compile(NULL);
	struct buf b = BUF_INIT;
	(void)state;

	format_render(c, 80, fake_cb, &f, &b);
	assert_buf_eq(&b, "");
	format_free(&c);
	assert_null(c);
	format_free(&c); /* twice is harmless */
	format_render(NULL, 80, fake_cb, &f, &b);
	assert_buf_eq(&b, "");
	buf_release(&b);
	assert_render("", 0, &f, "");
	assert_render("", 80, &f, "");
}

static void format_percent_percent_is_a_percent(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("100%% done %%%%", 0, &f, "100% done %%");
}

static void format_backslash_escapes(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("a\\nb\\tc\\rd\\fe\\vf", 0, &f, "a\nb\tc\rd\fe\vf");
	assert_render("\\q\\%s\\\\", 0, &f, "q%s\\");
	assert_render("\\é", 0, &f, "é");
	assert_render("end\\", 0, &f, "end\\"); /* a trailing backslash is kept */
}

static void format_expando_asks_the_caller(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%s] by %n", 0, &f, "[Short] by Alice Example");
	assert_int_equal(f.calls, 2);
}

static void format_render_appends_to_out(void **state)
{
	struct fake f;
	struct format *c = format_compile("%s%>.x");
	struct buf b = BUF_INIT;
	(void)state;

	fake_index(&f, 0);
	buf_addstr(&b, "keep:");
	format_render(c, 10, fake_cb, &f, &b);
	assert_buf_eq(&b, "keep:Short....x");
	format_free(&c);
	buf_release(&b);
}

/* ---- Modifiers -------------------------------------------------------- */

static void format_min_width_right_justifies(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%8y]", 0, &f, "[    lab0]");
	assert_render("[%2y]", 0, &f, "[lab0]");
}

static void format_minus_left_justifies(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%-8y]", 0, &f, "[lab0    ]");
}

static void format_equals_centres_with_odd_column_left(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt: [%=7y][%=8y] gives "[  lab0 ][  lab0  ]" */
	assert_render("[%=7y][%=8y]", 0, &f, "[  lab0 ][  lab0  ]");
	assert_render("[%=14y]", 0, &f, "[     lab0     ]");
}

static void format_max_width_cuts(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt: [%-8.3n][%8.3n][%.3y] gives "[Ali     ][     Ali][lab]" */
	assert_render("[%-8.3n][%8.3n][%.3y]", 0, &f, "[Ali     ][     Ali][lab]");
	assert_render("[%-15.15L]", 0, &f, "[Alice Example  ]");
	assert_render("[%.0n]", 0, &f, "[]");
}

static void format_dot_without_digits_sets_no_maximum(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%.n][%-3.y]", 0, &f, "[Alice Example][lab0]");
}

static void format_zero_pads_numbers(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt: [%05C][%-05C][%.3C][%3.2C][%-4.4C][%05.3C][%0-5C] */
	assert_render("[%05C][%-05C][%.3C][%3.2C][%-4.4C][%05.3C][%0-5C]", 0, &f,
		      "[00001][1    ][001][ 01][0001][  001][1    ]");
	fake_num(&f, 'C', -7);
	assert_render("[%05C][%.3C][%5C]", 0, &f, "[-0007][-007][   -7]");
	fake_num(&f, 'C', 0);
	assert_render("[%.0C][%3.0C]", 0, &f, "[][   ]"); /* as printf */
}

static void format_numbers_are_never_cut(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	fake_num(&f, 'C', 123456);
	assert_render("[%-4.4C][%.2C][%3C]", 0, &f, "[123456][123456][123456]");
}

static void format_zero_pads_text_that_reads_as_a_number(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_text(&f, 'x', "42");
	fake_text(&f, 'y', "4.2K");
	assert_render("[%05x][%05y][%-05x]", 0, &f, "[00042][ 4.2K][42   ]");
}

static void format_underscore_lowercases(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%_L][%-15_L]", 0, &f, "[alice example][alice example  ]");
	fake_text(&f, 'x', "ÀÉÎ ΣΑΣ Ⱥ 日本");
	assert_render("%_x", 0, &f, "àéî σασ ⱥ 日本");
}

static void format_colon_turns_dots_into_underscores(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_text(&f, 'f', "INBOX.Lists.Mutt");
	assert_render("%:f %_:f %:_f", 0, &f, "INBOX_Lists_Mutt inbox_lists_mutt inbox_lists_mutt");
}

static void format_huge_widths_are_clamped(void **state)
{
	struct fake f;
	char *got;
	(void)state;

	fake_index(&f, 0);
	got = render("%999999999999999999999999y", 0, &f);
	assert_int_equal(strlen(got), 4096);
	free(got);
	got = render("%.999999999999999999999999n", 0, &f);
	assert_string_equal(got, "Alice Example");
	free(got);
}

/* ---- Unknown and broken syntax ---------------------------------------- */

static void format_unknown_expando_is_shown_as_written(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt's status line: "A%Qb" stays "A%Qb" */
	assert_render("A%Qb [%-5.2_:Q]", 0, &f, "A%Qb [%-5.2_:Q]");
}

static void format_without_callback_everything_is_as_written(void **state)
{
	struct format *c = format_compile("%s %-5n %{%b} %?x?y&z?");
	struct buf b = BUF_INIT;
	(void)state;

	format_render(c, 0, NULL, NULL, &b);
	assert_buf_eq(&b, "%s %-5n %{%b} y");
	format_free(&c);
	buf_release(&b);
}

static void format_broken_syntax_is_kept(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("50%", 0, &f, "50%");
	assert_render("x%-", 0, &f, "x%-");
	assert_render("x%5", 0, &f, "x%5");
	assert_render("x%5.", 0, &f, "x%5.");
	assert_render("% s", 0, &f, "% s");
	assert_render("%é", 0, &f, "%é");
	assert_render("%\x01", 0, &f, "%\x01");
	assert_render("x%>", 0, &f, "x%>");
	assert_render("x%|", 0, &f, "x%|");
	assert_render("x%*", 0, &f, "x%*");
	assert_render("x%5%y", 0, &f, "x%5%y"); /* as mutt shows it */
	assert_render("x%?", 0, &f, "x%?");
	assert_render("x%?y", 0, &f, "x%?y");
	assert_render("x%?yz", 0, &f, "x%?yz");
	assert_render("x%5?y?a?", 0, &f, "x%5?y?a?");
	assert_render("?&?", 0, &f, "?&?");
}

static void format_unterminated_bracket_is_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("[%{%b %d] %s", 0, &f, "[%{%b %d] %s");
	assert_render("%-5(abc", 0, &f, "%-5(abc");
	assert_int_equal(f.calls, 0);
}

/* ---- Dates and hooks -------------------------------------------------- */

static void format_dates_get_the_inner_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%{%b %d}|%[%H:%M]|%(%y)|%<!%c>", 0, &f, "Jan 02|[%H:%M|(%y|<!%c");
	assert_true(f.arg_terminated);
	assert_int_equal(f.last_arg_len, 3);
	assert_memory_equal(f.last_arg, "!%c", 3);
}

static void format_dates_take_modifiers(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt: [%-12{%b}][%12[%b]][%_{%b}][%=9{%b}][%.2{%b}] */
	assert_render("[%-12{%b %d}][%12{%b %d}][%_{%b %d}][%=10{%b %d}][%.2{%b %d}]", 0, &f,
		      "[Jan 02      ][      Jan 02][jan 02][  Jan 02  ][Ja]");
}

static void format_date_brackets_do_not_nest(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%{a{b}c}", 0, &f, "{a{bc}");
	assert_render("%<%%>", 0, &f, "<%%");
}

static void format_hook_expando_gets_its_name(void **state)
{
	struct fake f;
	struct format *inner = format_compile("<%s>");
	(void)state;

	fake_index(&f, 0);
	assert_render("%@date@", 0, &f, "@date");
	assert_int_equal(f.last_arg_len, 4);
	f.inner = inner;
	assert_render("[%-9@x@]", 0, &f, "[<Short>  ]"); /* the callback renders another format */
	format_free(&inner);
}

/* ---- Conditionals ----------------------------------------------------- */

static void format_conditional_picks_a_branch(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	fake_num(&f, 'M', 0);
	assert_render("%?l?%4l&%4c?|%?M?m&nom?|%?y?[%y]?|%?M?hidden?.", 0, &f, "   1|nom|[lab0]|.");
	fake_num(&f, 'l', 0);
	assert_render("(%?l?%4l&%4c?)", 0, &f, "(0.3K)");
}

static void format_conditional_drops_what_the_test_appends(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	f.junk_on_test = true;
	assert_render("%?y?yes&no?", 0, &f, "yes");
	assert_int_equal(f.tests, 1);
}

static void format_conditional_on_unknown_letter_takes_then(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt: %?Q?q&noq? gives "q" */
	assert_render("%?Q?q&noq?", 0, &f, "q");
}

static void format_nested_conditionals_in_branches(void **state)
{
	struct fake f;
	const char *fmt = "%?a?A%?b?B&b?&a%?c?C&c??.";
	(void)state;

	memset(&f, 0, sizeof(f));
	fake_num(&f, 'a', 1);
	fake_num(&f, 'b', 1);
	fake_num(&f, 'c', 1);
	assert_render(fmt, 0, &f, "AB.");
	fake_num(&f, 'b', 0);
	assert_render(fmt, 0, &f, "Ab.");
	fake_num(&f, 'a', 0);
	assert_render(fmt, 0, &f, "aC.");
	fake_num(&f, 'c', 0);
	assert_render(fmt, 0, &f, "ac.");
	/* Three deep, with expandos at every level. */
	fake_num(&f, 'a', 1);
	fake_num(&f, 'b', 2);
	fake_num(&f, 'c', 3);
	assert_render("%?a?%a(%?b?%b(%?c?%c&-?)&-?)&-?", 0, &f, "1(2(3))");
}

static void format_nested_conditional_is_skipped_unevaluated(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_num(&f, 'a', 0);
	fake_num(&f, 'b', 1);
	assert_render("%?a?%?b?x%b?&no?", 0, &f, "no");
	assert_int_equal(f.calls, 1); /* only %?a? was asked */
}

static void format_unclosed_conditional_is_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%?y?abc", 0, &f, "%?y?abc");
	assert_render("%?y?a&b", 0, &f, "%?y?a&b");
	/* What is inside stays live: expandos and closed conditionals. */
	assert_render("%?y?%y %?l?L&l? &%s", 0, &f, "%?y?lab0 L &Short");
	assert_render("%?y?%?l?x&y", 0, &f, "%?y?%?l?x&y");
}

static void format_ampersand_is_text_outside_a_then_branch(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	fake_num(&f, 'M', 0);
	assert_render("a&b %?M?x&y&z?", 0, &f, "a&b y&z");
}

static void format_percent_before_a_branch_end_is_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%?C?50%&x?|%?C?75%?|", 0, &f, "50%|75%|");
}

static void format_escaped_branch_ends_are_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%?C?a\\?b\\&c&d?", 0, &f, "a?b&c");
}

static void format_brackets_in_branches_protect_their_text(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("%?C?%[a?b&c]&no?", 0, &f, "[a?b&c");
}

static void format_conditionals_nest_32_deep_then_are_text(void **state)
{
	struct fake f = { 0 };
	struct buf fmt = BUF_INIT, want = BUF_INIT;
	char *got;
	(void)state;

	fake_num(&f, 'a', 1);
	for (int i = 0; i < 40; i++)
		buf_addstr(&fmt, "%?a?");
	buf_addstr(&fmt, "x");
	for (int i = 0; i < 40; i++)
		buf_addstr(&fmt, "?");
	got = render(fmt.data, 0, &f);
	/* The 8 innermost headers are text, and the last 8 '?' close nothing. */
	for (int i = 0; i < 8; i++)
		buf_addstr(&want, "%?a?");
	buf_addstr(&want, "x????????");
	assert_string_equal(got, want.data);
	free(got);
	buf_release(&fmt);
	buf_release(&want);
}

/* ---- Fills ------------------------------------------------------------ */

static void format_right_justify_pads_between(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt at 40 columns: %4C%>.%s and %s%>.%4C */
	assert_render("%4C%>.%s", 40, &f, "   1...............................Short");
	assert_render("%s%>.%4C", 40, &f, "Short...............................   1");
	assert_render("ab%>-cd", 40, &f, "ab------------------------------------cd");
}

static void format_right_justify_keeps_the_left_and_cuts_the_rest(void **state)
{
	struct fake f;
	(void)state;
	/* mutt at 40 columns: the right part is cut at the edge... */
	fake_index(&f, 2);
	assert_render("%4C%>.%s", 40, &f, "   3A very long subject line that goes o");
	fake_index(&f, 1);
	assert_render("%4C%>.%s", 40, &f, "   2日本語の件名です。長い件名です。長い");
	/* ...and a left part that fills the line leaves no room for it. */
	assert_render("%s%>.%4C", 40, &f, "日本語の件名です。長い件名です。長い件名");
	fake_index(&f, 2);
	assert_render("%s%>.%4C", 40, &f, "A very long subject line that goes on an");
	assert_render("%s%>.%4C", 5, &f, "A ver");
}

static void format_soft_fill_cuts_the_left_first(void **state)
{
	struct fake f;
	(void)state;
	/* mutt at 40 columns: %s%*.%4C */
	fake_index(&f, 0);
	assert_render("%s%*.%4C", 40, &f, "Short...............................   1");
	fake_index(&f, 1);
	assert_render("%s%*.%4C", 40, &f, "日本語の件名です。長い件名です。長い   2");
	fake_index(&f, 2);
	assert_render("%s%*.%4C", 40, &f, "A very long subject line that goes o   3");
}

static void format_soft_fill_right_wider_than_the_line(void **state)
{
	struct fake f;
	(void)state;
	/* mutt at 40 columns: %4C%*.%s */
	fake_index(&f, 1);
	assert_render("%4C%*.%s", 40, &f, "日本語の件名です。長い件名です。長い件名");
	fake_index(&f, 2);
	assert_render("%4C%*.%s", 40, &f, "A very long subject line that goes on an");
}

static void format_soft_fill_pads_a_straddling_wide_character(void **state)
{
	struct fake f;
	(void)state;
	/* mutt at 41 columns: %s%*.%-7.7L and %s%*.%-8.8L */
	fake_index(&f, 1);
	assert_render("%s%*.%-7.7L", 41, &f, "日本語の件名です。長い件名です。長山田太 ");
	assert_render("%s%*.%-8.8L", 41, &f, "日本語の件名です。長い件名です。 山田太郎");
	fake_index(&f, 2);
	assert_render("%s%*.%-7.7L", 41, &f, "A very long subject line that goesBob    ");
	fake_index(&f, 0);
	assert_render("%s%*.%-8.8L", 41, &f, "Short............................Alice Ex");
}

static void format_fill_to_the_end(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt's status line: "ab%|-" and "a%5|-b" */
	assert_render("ab%|-", 40, &f, "ab--------------------------------------");
	assert_render("a%5|-b", 10, &f, "a---------");
	assert_render("%s%|=", 3, &f, "Sho");
	fake_index(&f, 1);
	assert_render("%s%|=", 5, &f, "日本 "); /* cut: the half column is a space */
}

static void format_fill_to_the_end_drops_the_rest_even_in_branches(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt at 40: %?r?A&B?%>.%?r?C%|=?end */
	fake_num(&f, 'r', 1);
	assert_render("%?r?A&B?%>.%?r?C%|=?end", 40, &f,
		      "AC======================================");
	f.calls = 0;
	assert_render("x%|.%s", 0, &f, "x");
	assert_int_equal(f.calls, 0); /* %s was never asked for */
}

static void format_fill_with_a_wide_pad(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("ab%>日cd", 11, &f, "ab日日日 cd");
	assert_render("ab%|日", 7, &f, "ab日日 ");
	assert_render("ab%*日cd", 10, &f, "ab日日日cd");
}

static void format_fill_pad_is_a_whole_cluster(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("a%>e\xcc\x81z", 5, &f,
		      "ae\xcc\x81"
		      "e\xcc\x81"
		      "e\xcc\x81z");
	assert_render("a%>👍🏽z", 6, &f, "a👍🏽👍🏽z");
	assert_render("a%>👍🏽z", 7, &f,
		      "a👍🏽👍🏽 z"); /* a space where a pad does not fit */
}

static void format_fill_pad_that_cannot_repeat_is_a_space(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("a%>\xcc\x81z", 5, &f, "a   z");     /* a lone combining mark */
	assert_render("a%>\xe2\x80\x8bz", 5, &f, "a   z"); /* zero width space */
	assert_render("a%>🇫z", 6, &f, "a    z");           /* pairs would be flags */
}

static void format_modifiers_on_fills_are_ignored(void **state)
{
	struct fake f = { 0 };
	(void)state;
	/* mutt's status line: "a%5>-b" */
	assert_render("a%5>-b", 10, &f, "a--------b");
	assert_render("a%-5.2*-b", 10, &f, "a--------b");
}

/* As in mutt, the rest after a fill is laid out first: when it holds a fill
 * itself, it takes all the room it is given. */
static void format_later_fill_takes_the_room_after_an_earlier_one(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("ab%>.cd%>-ef", 12, &f, "abcd------ef");
	assert_render("ab%>.cd%>-ef", 6, &f, "abcdef");
	assert_render("ab%>.cd%>-ef", 5, &f, "abcde");
	assert_render("ab%>.cd%*-ef", 9, &f, "abcd---ef");
	assert_render("ab%>.cd%*-ef", 5, &f, "abcef"); /* soft: ef before cd */
	assert_render("ab%*.cd%*-ef", 5, &f, "cd-ef");
	assert_render("ab%*.cd%*-ef", 3, &f, "cef");
	assert_render("ab%*.cd%|-ef", 6, &f, "cd----");
	assert_render("ab%>.cd%|-ef", 6, &f, "abcd--");
}

static void format_fill_in_a_branch_lays_out_the_whole_line(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	/* mutt pads %> in a branch to the line's end and then cuts what follows
	 * the conditional; tern right-aligns it with the rest. */
	assert_render("%?C?a%>-b?|]", 20, &f, "a----------------b|]");
	fake_num(&f, 'M', 0);
	assert_render("%?M?a%>-b&c%>=d?|]", 10, &f, "c======d|]");
}

static void format_fills_do_nothing_in_zero_columns(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 0);
	assert_render("a%>-b%*.c%|=d", 0, &f, "abc");
	assert_render("%s%>.%s", 0, &f, "ShortShort");
}

static void format_line_is_cut_to_cols(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 2);
	assert_render("%s", 10, &f, "A very lon");
	assert_render("%s", 1, &f, "A");
	assert_render("ab", 1, &f, "a");
	fake_index(&f, 1);
	assert_render("%s", 5, &f, "日本 ");
	assert_render("%s", 1, &f, " ");
	assert_render("%s%>.x", 1, &f, " ");
	assert_render("x%*.%s", 1, &f, " ");
}

/* ---- mutt's defaults, as mutt 2.2 lays them out ----------------------- */

#define MUTT_INDEX "%4C %Z %{%b %d} %-15.15L (%?l?%4l&%4c?) %s"

static void format_mutt_default_index_format(void **state)
{
	struct fake f;
	(void)state;

	fake_index(&f, 0);
	assert_render(MUTT_INDEX, 80, &f, "   1 N   Jan 02 Alice Example   (   1) Short");
	fake_index(&f, 1);
	assert_render(
		MUTT_INDEX, 80, &f,
		"   2 N   Jan 02 山田太郎        (   2) 日本語の件名です。長い件名です。長い件名 ");
	assert_render(MUTT_INDEX, 60, &f,
		      "   2 N   Jan 02 山田太郎        (   2) 日本語の件名です。長 ");
	fake_index(&f, 2);
	assert_render(
		MUTT_INDEX, 80, &f,
		"   3 N   Jan 02 Bob             (   3) A very long subject line that goes on and");
	assert_render(MUTT_INDEX, 60, &f,
		      "   3 N   Jan 02 Bob             (   3) A very long subject l");
	assert_render(
		MUTT_INDEX, 0, &f,
		"   3 N   Jan 02 Bob             (   3) A very long subject line that goes on "
		"and on and on past the edge of any reasonable terminal width for sure yes");
}

#define MUTT_STATUS                                                                           \
	"-%r-Mutt: %f [Msgs:%?M?%M/?%m%?n? New:%n?%?o? Old:%o?%?d? Del:%d?%?F? Flag:%F?%?t? " \
	"Tag:%t?%?p? Post:%p?%?b? Inc:%b?%?B? Back:%B?%?l? %l?]---(%s/%?T?%T/?%S)-%>-(%P)---"

static void fake_status(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	fake_text(f, 'r', "%");
	fake_text(f, 'f', "t.mbox");
	fake_num(f, 'm', 3);
	fake_num(f, 'n', 3);
	for (const char *p = "ModFtpbBT"; *p; p++)
		fake_num(f, *p, 0);
	fake_text(f, 'l', "0.9K");
	fake_text(f, 's', "mailbox-order");
	fake_text(f, 'S', "date");
	fake_text(f, 'P', "all");
}

static void format_mutt_default_status_format(void **state)
{
	struct fake f;
	(void)state;

	fake_status(&f);
	assert_render(
		MUTT_STATUS, 80, &f,
		"-%-Mutt: t.mbox [Msgs:3 New:3 0.9K]---(mailbox-order/date)--------------(all)---");
	assert_render(MUTT_STATUS, 60, &f,
		      "-%-Mutt: t.mbox [Msgs:3 New:3 0.9K]---(mailbox-order/date)-(");
	fake_num(&f, 'd', 2);
	fake_num(&f, 'M', 1);
	fake_num(&f, 'T', 1);
	fake_text(&f, 'T', "x");
	assert_render(
		MUTT_STATUS, 80, &f,
		"-%-Mutt: t.mbox [Msgs:1/3 New:3 Del:2 0.9K]---(mailbox-order/x/date)----(all)---");
}

#define MUTT_PAGER "-%Z- %C/%m: %-20.20n   %s%*  -- (%P)"

static void format_mutt_default_pager_format(void **state)
{
	struct fake f;
	(void)state;

	fake_index(&f, 1);
	fake_num(&f, 'm', 3);
	fake_text(&f, 'P', "55%");
	assert_render(
		MUTT_PAGER, 80, &f,
		"-N  - 2/3: 山田太郎               日本語の件名です。長い件名です。長い  -- (55%)");
	fake_text(&f, 'P', "33%");
	assert_render(MUTT_PAGER, 50, &f, "-N  - 2/3: 山田太郎               日本語  -- (33%)");
}

static void format_mutt_default_compose_and_attach_formats(void **state)
{
	struct fake f = { 0 };
	(void)state;

	fake_text(&f, 'l', "1.2K");
	fake_num(&f, 'a', 2);
	assert_render("-- Mutt: Compose  [Approx. msg size: %l   Atts: %a]%>-", 60, &f,
		      "-- Mutt: Compose  [Approx. msg size: 1.2K   Atts: 2]--------");
	memset(&f, 0, sizeof(f));
	for (const char *p = "uDI"; *p; p++)
		fake_text(&f, *p, " ");
	fake_text(&f, 't', "*");
	fake_num(&f, 'n', 1);
	fake_text(&f, 'T', "");
	fake_text(&f, 'd', "a description that is longer than forty characters, surely");
	fake_text(&f, 'm', "application");
	fake_text(&f, 'M', "vnd.openxmlformats");
	fake_text(&f, 'e', "base64");
	fake_num(&f, 'C', 0);
	fake_text(&f, 's', "12K");
	assert_render("%u%D%I %t%4n %T%.40d%> [%.7m/%.10M, %.6e%?C?, %C?, %s] ", 100, &f,
		      "    *   1 a description that is longer than forty                 "
		      "[applica/vnd.openxm, base64, 12K] ");
}

static void format_mutt_default_folder_format(void **state)
{
	struct fake f = { 0 };
	(void)state;

	fake_num(&f, 'C', 1);
	fake_text(&f, 't', " ");
	fake_text(&f, 'N', "N");
	fake_text(&f, 'F', "drwx------");
	fake_num(&f, 'l', 2);
	fake_text(&f, 'u', "someverylonguser");
	fake_text(&f, 'g', "staff");
	fake_text(&f, 's', "4096");
	fake_text(&f, 'd', "Jan 02 10:00");
	fake_text(&f, 'f', "Mail/");
	assert_render("%2C %t %N %F %2l %-8.8u %-8.8g %8s %d %f", 80, &f,
		      " 1   N drwx------  2 somevery staff        4096 Jan 02 10:00 Mail/");
}

/* ---- Widths ----------------------------------------------------------- */

#define assert_width(s, w) assert_int_equal(text_width((s), strlen(s)), (w))

static void text_width_counts_columns_by_cluster(void **state)
{
	(void)state;
	assert_width("", 0);
	assert_width("hello", 5);
	assert_width("日本語", 6);    /* East Asian wide */
	assert_width("ＡＢ", 4);      /* fullwidth forms */
	assert_width("e\xcc\x81", 1); /* combining acute */
	assert_width("a\xcc\x81\xcc\xa7", 1);
	assert_width("\xcc\x81", 0); /* a mark with nothing to sit on */
	assert_width("👍", 2);
	assert_width("👍🏽", 2);                  /* skin tone */
	assert_width("☝🏽", 2);                   /* skin tone on a text-default symbol */
	assert_width("👨‍👩‍👧‍👦", 2); /* ZWJ family */
	assert_width("❤‍🔥", 2);                /* ZWJ after a narrow base */
	assert_width("🏳️‍🌈", 2);            /* flag with VS16 and ZWJ */
	assert_width("🇫🇷🇩🇪", 4);                      /* two flags */
	assert_width("🇫", 1);                         /* a lone indicator */
	assert_width("❤", 1);
	assert_width("❤️", 2);  /* VS16: emoji presentation */
	assert_width("1️⃣", 2); /* keycap */
	assert_width("☺︎", 1);  /* VS15 keeps text style */
	assert_width("한", 2);
	assert_width("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2); /* conjoining jamo: one syllable */
	assert_width("\xea\xb0\x80\xe1\x86\xa8", 2);             /* LV syllable + T jamo */
	assert_width("क्षि", 2);                                  /* Devanagari conjunct */
	/* A Prepend (U+0600, a format character: 0 columns) joins its digit. */
	assert_width("\xd8\x80"
		     "1",
		     1);
	assert_width("\t\n\x1b\x7f", 8); /* controls: ^I ^J ^[ ^? */
	assert_width("\r\n", 4);
	assert_width("\xc2\x85", 1); /* C1, drawn as U+FFFD */
	assert_width("\xff\xfe", 2); /* invalid bytes */
	assert_width("\xe6\x97", 2); /* a truncated sequence: two bad bytes */
}

static void text_cluster_steps_one_cluster(void **state)
{
	const char *fam = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9x"; /* man ZWJ woman, x */
	size_t cols = 9;

	(void)state;
	assert_int_equal(text_cluster(fam, strlen(fam), &cols), strlen(fam) - 1);
	assert_int_equal(cols, 2);
	assert_int_equal(text_cluster("e\xcc\x81x", 4, &cols), 3);
	assert_int_equal(cols, 1);
	assert_int_equal(text_cluster("\x01a", 2, &cols), 1);
	assert_int_equal(cols, 2);
	assert_int_equal(text_cluster("\xff" "a", 2, &cols), 1);
	assert_int_equal(cols, 1);
	assert_int_equal(text_cluster("", 0, &cols), 0);
	assert_int_equal(cols, 0);
}

static void text_fit_never_splits_a_cluster(void **state)
{
	const char *s = "a👨‍👩‍👧‍👦b";
	size_t w;
	(void)state;

	assert_int_equal(text_fit(s, strlen(s), 1, &w), 1);
	assert_int_equal(w, 1);
	assert_int_equal(text_fit(s, strlen(s), 2, &w), 1); /* the family does not fit */
	assert_int_equal(w, 1);
	assert_int_equal(text_fit(s, strlen(s), 3, &w), strlen(s) - 1);
	assert_int_equal(w, 3);
	assert_int_equal(text_fit("e\xcc\x81x", 4, 1, &w), 3);
	assert_int_equal(text_fit("🇫🇷🇩🇪", 16, 3, &w), 8);
	assert_int_equal(text_fit("abc", 3, 0, NULL), 0);
}

static void format_truncates_cjk_on_cluster_boundary(void **state)
{
	struct fake f;
	(void)state;
	fake_index(&f, 1);
	/* mutt: [%-8.3n][%8.3n] gives "[山      ][      山]" */
	assert_render("[%-8.3n][%8.3n]", 0, &f, "[山      ][      山]");
	assert_render("[%-5.5n][%.5n][%=.5n]", 0, &f, "[山田 ][ 山田][ 山田]");
	assert_render("[%.1n]", 0, &f, "[ ]");
}

static void format_truncation_keeps_emoji_sequences_whole(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_text(&f, 'x', "👨‍👩‍👧‍👦👍🏽🇫🇷❤️e\xcc\x81");
	assert_render("[%.2x]", 0, &f, "[👨‍👩‍👧‍👦]");
	assert_render("[%-.3x]", 0, &f, "[👨‍👩‍👧‍👦 ]");
	assert_render("[%.4x]", 0, &f, "[👨‍👩‍👧‍👦👍🏽]");
	assert_render("[%.6x]", 0, &f, "[👨‍👩‍👧‍👦👍🏽🇫🇷]");
	assert_render("[%.8x]", 0, &f, "[👨‍👩‍👧‍👦👍🏽🇫🇷❤️]");
	assert_render("[%.9x]", 0, &f,
		      "[👨‍👩‍👧‍👦👍🏽🇫🇷❤️e\xcc\x81]");
	assert_render("[%10x]", 0, &f,
		      "[ 👨‍👩‍👧‍👦👍🏽🇫🇷❤️e\xcc\x81]");
}

static void format_pads_combining_marks_by_columns(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_text(&f, 'x', "Ame\xcc\x81lie");
	assert_render("[%-8x][%.3x]", 0, &f, "[Ame\xcc\x81lie  ][Ame\xcc\x81]");
}

static void format_counts_controls_as_two_columns(void **state)
{
	struct fake f = { 0 };
	(void)state;
	fake_text(&f, 'x', "a\tb");
	assert_render("[%6x][%.2x][%.3x]", 0, &f, "[  a\tb][ a][a\t]");
	assert_render("%x%>.z", 7, &f, "a\tb..z");
}

static void format_line_stays_in_cols_when_parts_join(void **state)
{
	struct fake f = { 0 };
	char *got;
	(void)state;
	/* A VS16 at the start of the right part turns the left's last symbol
	 * into a wide emoji: the line must still fit. */
	fake_text(&f, 'x',
		  "\xef\xb8\x8f"
		  "abc");
	got = render("❤%x", 4, &f);
	assert_true(text_width(got, strlen(got)) <= 4);
	free(got);
	got = render("ab❤%>.%x", 6, &f);
	assert_true(text_width(got, strlen(got)) <= 6);
	free(got);
}

/* ---- Scale ------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void format_100kb_format_compiles_and_renders_linearly(void **state)
{
	struct fake f;
	struct buf fmt = BUF_INIT;
	struct format *c;
	struct buf out = BUF_INIT;
	double t = now();
	(void)state;

	fake_index(&f, 1);
	while (fmt.len < 100 * 1024)
		buf_addstr(&fmt, "%-5.5s %?l?%3l&x? %{%b %d} \\t%% ");
	c = format_compile(fmt.data);
	format_render(c, 0, fake_cb, &f, &out);
	assert_true(out.len > 60 * 1024);
	buf_reset(&out);
	format_render(c, 200, fake_cb, &f, &out);
	assert_true(text_width(out.data, out.len) <= 200);
	format_free(&c);
	assert_true(now() - t < 5.0);
	buf_release(&fmt);
	buf_release(&out);
}

static void format_100kb_of_fills_lays_out_linearly(void **state)
{
	struct fake f = { 0 };
	struct buf fmt = BUF_INIT, out = BUF_INIT;
	struct format *c;
	double t = now();
	(void)state;

	/* Zero-width text between fills: every part stays in the line. */
	while (fmt.len < 100 * 1024)
		buf_addstr(&fmt, "\xe2\x80\x8b%>.\xe2\x80\x8b%*-");
	buf_addstr(&fmt, "end");
	c = format_compile(fmt.data);
	format_render(c, 80, fake_cb, &f, &out);
	assert_int_equal(text_width(out.data, out.len), 80);
	assert_int_equal(memcmp(out.data + out.len - 3, "end", 3), 0);
	format_free(&c);
	assert_true(now() - t < 5.0);
	buf_release(&fmt);
	buf_release(&out);
}

static void format_1mb_expansion_is_linear(void **state)
{
	struct fake f = { 0 };
	struct buf big = BUF_INIT, out = BUF_INIT;
	struct format *c = format_compile("%_:x|%-20.10x|%x%*.%x%>-%x");
	double t = now();
	(void)state;

	while (big.len < 1024 * 1024)
		buf_addstr(&big, "Ame\xcc\x81lie. 日本語 👍🏽 ");
	fake_text(&f, 'x', big.data);
	format_render(c, 0, fake_cb, &f, &out);
	assert_true(out.len > 4 * big.len);
	buf_reset(&out);
	format_render(c, 120, fake_cb, &f, &out);
	assert_true(text_width(out.data, out.len) <= 120);
	format_free(&c);
	assert_true(now() - t < 5.0);
	buf_release(&big);
	buf_release(&out);
}

static void format_many_fills_beyond_the_inline_marks(void **state)
{
	struct fake f = { 0 };
	(void)state;
	assert_render("a%>.b%>.c%>.d%>.e%>.f%>.g%>.h%>.i%>.j%>.k%>.l", 12, &f, "abcdefghijkl");
	assert_render("a%>.b%>.c%>.d%>.e%>.f%>.g%>.h%>.i%>.j%>.k%>.l", 13, &f, "abcdefghijk.l");
	assert_render("a%*.b%*.c%*.d%*.e%*.f%*.g%*.h%*.i%*.j%*.k%*.l", 3, &f, "k.l");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_plain_text_is_copied),
		cmocka_unit_test(text_cluster_steps_one_cluster),
		cmocka_unit_test(format_empty_and_null_formats_render_nothing),
		cmocka_unit_test(format_percent_percent_is_a_percent),
		cmocka_unit_test(format_backslash_escapes),
		cmocka_unit_test(format_expando_asks_the_caller),
		cmocka_unit_test(format_render_appends_to_out),
		cmocka_unit_test(format_min_width_right_justifies),
		cmocka_unit_test(format_minus_left_justifies),
		cmocka_unit_test(format_equals_centres_with_odd_column_left),
		cmocka_unit_test(format_max_width_cuts),
		cmocka_unit_test(format_dot_without_digits_sets_no_maximum),
		cmocka_unit_test(format_zero_pads_numbers),
		cmocka_unit_test(format_numbers_are_never_cut),
		cmocka_unit_test(format_zero_pads_text_that_reads_as_a_number),
		cmocka_unit_test(format_underscore_lowercases),
		cmocka_unit_test(format_colon_turns_dots_into_underscores),
		cmocka_unit_test(format_huge_widths_are_clamped),
		cmocka_unit_test(format_unknown_expando_is_shown_as_written),
		cmocka_unit_test(format_without_callback_everything_is_as_written),
		cmocka_unit_test(format_broken_syntax_is_kept),
		cmocka_unit_test(format_unterminated_bracket_is_text),
		cmocka_unit_test(format_dates_get_the_inner_text),
		cmocka_unit_test(format_dates_take_modifiers),
		cmocka_unit_test(format_date_brackets_do_not_nest),
		cmocka_unit_test(format_hook_expando_gets_its_name),
		cmocka_unit_test(format_conditional_picks_a_branch),
		cmocka_unit_test(format_conditional_drops_what_the_test_appends),
		cmocka_unit_test(format_conditional_on_unknown_letter_takes_then),
		cmocka_unit_test(format_nested_conditionals_in_branches),
		cmocka_unit_test(format_nested_conditional_is_skipped_unevaluated),
		cmocka_unit_test(format_unclosed_conditional_is_text),
		cmocka_unit_test(format_ampersand_is_text_outside_a_then_branch),
		cmocka_unit_test(format_percent_before_a_branch_end_is_text),
		cmocka_unit_test(format_escaped_branch_ends_are_text),
		cmocka_unit_test(format_brackets_in_branches_protect_their_text),
		cmocka_unit_test(format_conditionals_nest_32_deep_then_are_text),
		cmocka_unit_test(format_right_justify_pads_between),
		cmocka_unit_test(format_right_justify_keeps_the_left_and_cuts_the_rest),
		cmocka_unit_test(format_soft_fill_cuts_the_left_first),
		cmocka_unit_test(format_soft_fill_right_wider_than_the_line),
		cmocka_unit_test(format_soft_fill_pads_a_straddling_wide_character),
		cmocka_unit_test(format_fill_to_the_end),
		cmocka_unit_test(format_fill_to_the_end_drops_the_rest_even_in_branches),
		cmocka_unit_test(format_fill_with_a_wide_pad),
		cmocka_unit_test(format_fill_pad_is_a_whole_cluster),
		cmocka_unit_test(format_fill_pad_that_cannot_repeat_is_a_space),
		cmocka_unit_test(format_modifiers_on_fills_are_ignored),
		cmocka_unit_test(format_later_fill_takes_the_room_after_an_earlier_one),
		cmocka_unit_test(format_fill_in_a_branch_lays_out_the_whole_line),
		cmocka_unit_test(format_fills_do_nothing_in_zero_columns),
		cmocka_unit_test(format_line_is_cut_to_cols),
		cmocka_unit_test(format_mutt_default_index_format),
		cmocka_unit_test(format_mutt_default_status_format),
		cmocka_unit_test(format_mutt_default_pager_format),
		cmocka_unit_test(format_mutt_default_compose_and_attach_formats),
		cmocka_unit_test(format_mutt_default_folder_format),
		cmocka_unit_test(text_width_counts_columns_by_cluster),
		cmocka_unit_test(text_fit_never_splits_a_cluster),
		cmocka_unit_test(format_truncates_cjk_on_cluster_boundary),
		cmocka_unit_test(format_truncation_keeps_emoji_sequences_whole),
		cmocka_unit_test(format_pads_combining_marks_by_columns),
		cmocka_unit_test(format_counts_controls_as_two_columns),
		cmocka_unit_test(format_line_stays_in_cols_when_parts_join),
		cmocka_unit_test(format_100kb_format_compiles_and_renders_linearly),
		cmocka_unit_test(format_100kb_of_fills_lays_out_linearly),
		cmocka_unit_test(format_1mb_expansion_is_linear),
		cmocka_unit_test(format_many_fills_beyond_the_inline_marks),
	};
	return RUN_TESTS(tests);
}
