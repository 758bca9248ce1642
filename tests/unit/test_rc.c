/*
 * test_rc.c - the rc tokenizer and line reader: each quoting rule, escapes,
 * `command` and $variable expansion, comments, ';', continuation lines and
 * malformed input, checked against what mutt 2.2 does with the same text.
 */
#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"

/* Split text with flags; the tokens joined by '|' (or the error) go to out. */
static int split(struct config *c, const char *text, unsigned flags, struct buf *out)
{
	struct strlist toks = STRLIST_INIT;
	struct buf err = BUF_INIT;
	int rc = rc_split(c, text, flags, &toks, &err);

	buf_reset(out);
	if (rc)
		buf_addbuf(out, &err);
	for (size_t i = 0; !rc && i < toks.n; i++) {
		if (i)
			buf_addch(out, '|');
		buf_addstr(out, toks.v[i]);
	}
	strlist_release(&toks);
	buf_release(&err);
	return rc;
}

/* Assert that text splits into want (tokens joined by '|'). */
static void split_is(const char *text, unsigned flags, const char *want)
{
	struct config *c = config_new();
	struct buf out = BUF_INIT;

	if (split(c, text, flags, &out) != 0)
		fail_msg("'%s' failed: %s", text, out.data);
	if (!buf_eq(&out, want))
		fail_msg("'%s' split into '%s', want '%s'", text, out.data, want);
	buf_release(&out);
	config_free(&c);
}

/* Assert that text is refused with an error containing want. */
static void split_fails(const char *text, const char *want)
{
	struct config *c = config_new();
	struct buf out = BUF_INIT;

	if (split(c, text, 0, &out) == 0)
		fail_msg("'%s' was accepted as '%s'", text, out.data);
	if (!strstr(out.data, want))
		fail_msg("'%s': error '%s' does not say '%s'", text, out.data, want);
	buf_release(&out);
	config_free(&c);
}

/* The value of $my_x after running line in c. */
static const char *my_x(struct config *c, const char *line)
{
	struct buf err = BUF_INIT;
	int rc = config_run(c, line, "test", 1, &err);

	if (rc)
		fail_msg("'%s' failed: %s", line, err.data);
	buf_release(&err);
	return cfg_my_get(c, "my_x");
}

static void white_space_separates_arguments(void **state)
{
	(void)state;
	split_is("  a \t b\tc  ", 0, "a|b|c");
	split_is("", 0, "");
	split_is(" \t ", 0, "");
}

static void double_quotes_keep_white_space_and_join(void **state)
{
	(void)state;
	split_is("\"a b\"  c", 0, "a b|c");
	split_is("x\"a b\"y'c d'z", 0, "xa byc dz");
	split_is("\"\"", 0, "");
	split_is("\"a;b#c\"", 0, "a;b#c");
}

static void double_quotes_take_backslash_escapes(void **state)
{
	(void)state;
	split_is("\"a\\nb\\rc\\td\\fe\\ef\"", 0, "a\nb\rc\td\fe\033f");
	split_is("\"\\\\ \\\" \\$ \\` \\q\"", 0, "\\ \" $ ` q");
	/* \E is not escape: only \e is (as in mutt) */
	split_is("\"\\E\"", 0, "E");
}

static void octal_escapes_take_exactly_three_digits(void **state)
{
	(void)state;
	split_is("\"\\101\\1010\\18\"", 0, "AA018");
	split_is("\\101", 0, "A");
	/* a NUL cannot be part of a C string: it is dropped */
	split_is("\"a\\000b\"", 0, "ab");
}

static void control_escapes_c_and_caret(void **state)
{
	(void)state;
	split_is("\"\\cA\\CZ\\c?\"", 0, "\001\032\177");
	split_is("^A^^^[^1", TOK_CONDENSE, "\001^\033^1");
	split_is("^A", 0, "^A");
}

static void single_quotes_are_literal(void **state)
{
	(void)state;
	split_is("'a\\tb $HOME `echo x` \"q\"'", 0, "a\\tb $HOME `echo x` \"q\"");
	split_is("'it''s'", 0, "its");
	split_is("\"it's\"", 0, "it's");
}

static void backslash_outside_quotes_escapes_the_next_character(void **state)
{
	(void)state;
	split_is("a\\ b c\\#d e\\;f \\\"g\\'", 0, "a b|c#d|e;f|\"g'");
	split_is("\\$HOME", 0, "$HOME");
	split_is("a\\n", 0, "a\n");
	/* a backslash at the very end escapes nothing */
	split_is("ab\\", 0, "ab");
}

static void dollar_expands_the_environment(void **state)
{
	(void)state;
	setenv("TERN_T", "v a l", 1);
	split_is("$TERN_T ${TERN_T}x \"<$TERN_T>\"", 0, "v a l|v a lx|<v a l>");
	split_is("$TERN_NOT_SET_ANYWHERE.", 0, ".");
	unsetenv("TERN_T");
}

static void dollar_expands_variables_and_my_variables(void **state)
{
	struct config *c = config_new();

	(void)state;
	assert_string_equal(my_x(c, "set pager_context=7 my_x=$pager_context"), "7");
	assert_string_equal(my_x(c, "set my_x=$sort/$beep/$copy"), "date/yes/yes");
	assert_string_equal(my_x(c, "set my_y='a b' my_x=$my_y"), "a b");
	assert_string_equal(my_x(c, "set my_x=${my_y}_$my_y_x"), "a b_");
	config_free(&c);
}

static void dollar_prefers_the_environment_as_mutt_does(void **state)
{
	struct config *c = config_new();

	(void)state;
	setenv("pager_context", "env", 1);
	assert_string_equal(my_x(c, "set my_x=$pager_context"), "env");
	unsetenv("pager_context");
	config_free(&c);
}

static void dollar_is_literal_where_it_names_nothing(void **state)
{
	(void)state;
	split_is("$ $1 a$ $$ '$HOME'", 0, "$|$1|a$|$$|$HOME");
	/* mutt drops an unterminated "${" and reads on */
	split_is("\"${abc\"", 0, "abc");
}

static void expanded_values_are_not_read_again(void **state)
{
	(void)state;
	setenv("TERN_T", "a;b #c `echo x` \"", 1);
	split_is("$TERN_T", 0, "a;b #c `echo x` \"");
	unsetenv("TERN_T");
}

static void backticks_outside_quotes_are_read_again(void **state)
{
	struct config *c = config_new();

	(void)state;
	split_is("`echo one two`", 0, "one|two");
	split_is("pre`echo mid`post", 0, "premidpost");
	split_is("`echo \"'a b'\"` c", 0, "a b|c");
	/* mutt: the output is rc text, so ; and # in it count */
	split_is("`echo 'x;y'`", 0, "x");
	split_is("`echo 'a#b'`", 0, "a");
	/* `set attribution=`echo one two`` sets one and reads two as a variable */
	struct buf err = BUF_INIT;
	assert_int_equal(config_run(c, "set attribution=`echo one two`", "t", 1, &err),
			 ERR_NOTFOUND);
	assert_string_equal(cfg_str(c, V_attribution), "one");
	assert_non_null(strstr(err.data, "two"));
	buf_release(&err);
	config_free(&c);
}

static void backticks_in_double_quotes_insert_the_output(void **state)
{
	(void)state;
	split_is("\"`echo 'one  two'`\"", 0, "one  two");
	split_is("\"<`printf 'a;b#c\\n'`>\"", 0, "<a;b#c>");
	split_is("\"`echo '$HOME'`\"", 0, "$HOME");
}

static void backticks_keep_only_the_first_line(void **state)
{
	(void)state;
	split_is("\"`printf 'a\\nb'`\"", 0, "a");
	split_is("`printf 'x y\\nz'`", 0, "x|y");
	split_is("\"`printf 'crlf\\r\\n'`\"", 0, "crlf");
	split_is("\"[`true`]\"", 0, "[]");
}

static void backticks_are_literal_in_single_quotes_and_with_noshell(void **state)
{
	(void)state;
	split_is("'`echo x`'", 0, "`echo x`");
	split_is("`echo x`", TOK_NOSHELL, "`echo|x`");
	split_is("\\`echo", 0, "`echo");
}

static void backticks_are_refused_in_a_sandbox(void **state)
{
	struct config *c = config_new();
	struct buf out = BUF_INIT;

	(void)state;
	config_set_sandbox(c, true);
	assert_int_equal(split(c, "`echo x`", 0, &out), ERR_UNSUPPORTED);
	assert_non_null(strstr(out.data, "disabled"));
	buf_release(&out);
	config_free(&c);
}

static void unterminated_backtick_is_an_error(void **state)
{
	(void)state;
	split_fails("`echo x", "`");
	split_fails("\"`echo x\"", "`");
}

static void runaway_backtick_expansion_is_capped(void **state)
{
	struct config *c = config_new();
	struct buf out = BUF_INIT;

	(void)state;
	/* each expansion prints the same command again */
	setenv("TERN_L", "`printf '%s' \"$TERN_L\"`", 1);
	assert_int_equal(split(c, "`printf '%s' \"$TERN_L\"`", 0, &out), ERR_LIMIT);
	unsetenv("TERN_L");
	buf_release(&out);
	config_free(&c);
}

static void hash_starts_a_comment_even_inside_a_word(void **state)
{
	(void)state;
	split_is("a b # c d", 0, "a|b");
	split_is("a#b c", 0, "a");
	split_is("\"a#b\" 'c#d' e\\#f", 0, "a#b|c#d|e#f");
	split_is("a#b c", TOK_COMMENT, "a#b|c");
}

static void semicolon_ends_the_command_unless_quoted(void **state)
{
	(void)state;
	split_is("a;b", 0, "a");
	split_is("a ; b", 0, "a");
	split_is("\"a;b\" 'c;d' e\\;f", 0, "a;b|c;d|e;f");
	split_is("a;b", TOK_SEMICOLON, "a;b");
}

static void equal_and_question_stop_tokens_with_their_flags(void **state)
{
	(void)state;
	split_is("a=b", 0, "a=b");
	split_is("a=b", TOK_EQUAL, "a|=|b");
	split_is("a+=b a-=c a+b", TOK_EQUAL, "a|+|=|b|a|-|=|c|a+b");
	split_is("\"a=b\"=c", TOK_EQUAL, "a=b|=|c");
	split_is("a?", TOK_QUESTION, "a|?");
	split_is("a?", 0, "a?");
}

static void space_flag_reads_to_the_end_of_the_command(void **state)
{
	(void)state;
	split_is("a b  'c d';e", TOK_SPACE, "a b  c d");
}

static void pattern_flag_stops_at_pattern_operators(void **state)
{
	(void)state;
	split_is("a~b%c=d!e|f", TOK_PATTERN, "a|~|b|%|c|=|d|!|e|||f");
	split_is("'a~b'", TOK_PATTERN, "a~b");
}

static void unterminated_quotes_are_errors(void **state)
{
	(void)state;
	split_fails("\"abc", "unterminated \" quote");
	split_fails("'abc", "unterminated ' quote");
	split_fails("a \"b\\\"", "unterminated");
}

static void rc_more_peek_and_skip(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	/* the set command reads "=", "+=", "?" with rc_peek and rc_skip */
	assert_int_equal(
		config_run(c, "set pager_context = 4 ; set pager_context += 3", "t", 1, &err), 0);
	assert_int_equal(cfg_num(c, V_pager_context), 7);
	assert_int_equal(config_run(c, "set pager_context?", "t", 1, &err), 0);
	assert_string_equal(err.data, "pager_context=7");
	/* a '?' after white space starts the next argument */
	assert_int_equal(config_run(c, "set beep ?pager_context", "t", 1, &err), 0);
	assert_string_equal(err.data, "pager_context=7");
	buf_release(&err);
	config_free(&c);
}

/* ---- the line reader ---------------------------------------------------- */

static int source(struct config *c, const char *text, struct buf *err)
{
	return config_source_text(c, text, strlen(text), "/virtual/rc", err);
}

static void backslash_newline_joins_lines(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c, "set my_x=a\\\nb my_y=\"1 \\\n  2\"\n", &err), 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "ab");
	assert_string_equal(cfg_my_get(c, "my_y"), "1   2");
	/* mutt looks at the last character only: an escaped backslash continues too */
	assert_int_equal(source(c, "set my_z=a\\\\\nset\n", &err), 0);
	assert_string_equal(cfg_my_get(c, "my_z"), "aset");
	buf_release(&err);
	config_free(&c);
}

static void errors_name_the_first_line_of_a_joined_line(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c,
				"\n\nset my_a=1 \\\n my_b=2 \\\n nosuch=3\nset my_c=4\nnosuchcmd\n",
				&err),
			 ERR_NOTFOUND);
	assert_int_equal(config_error_count(c), 2);
	assert_string_equal(config_error(c, 0)->file, "/virtual/rc");
	assert_int_equal(config_error(c, 0)->line, 3);
	assert_non_null(strstr(config_error(c, 0)->msg, "nosuch"));
	assert_int_equal(config_error(c, 1)->line, 7);
	assert_string_equal(err.data, "/virtual/rc:3: nosuch: unknown variable");
	/* the rest of the file still loaded */
	assert_string_equal(cfg_my_get(c, "my_c"), "4");
	buf_release(&err);
	config_free(&c);
}

static void crlf_line_ends_and_a_missing_last_newline(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c, "set my_x=1\r\nset my_y=\"2\"\r\nset my_z=3", &err), 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "1");
	assert_string_equal(cfg_my_get(c, "my_y"), "2");
	assert_string_equal(cfg_my_get(c, "my_z"), "3");
	buf_release(&err);
	config_free(&c);
}

static void a_comment_line_ending_in_backslash_continues(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c, "# comment \\\nset my_x=1\nset my_y=2\n", &err), 0);
	assert_null(cfg_my_get(c, "my_x"));
	assert_string_equal(cfg_my_get(c, "my_y"), "2");
	buf_release(&err);
	config_free(&c);
}

static void config_charset_converts_the_lines_after_it(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c, "set config_charset=iso-8859-1\nset my_x=\"Zo\xeb\"\n", &err),
			 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "Zo\xc3\xab");
	buf_release(&err);
	config_free(&c);
}

static void config_charset_leaves_utf8_and_unknown_charsets_alone(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(source(c, "set config_charset=latin1\nset my_x=\"Zo\xc3\xab\"\n", &err),
			 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "Zo\xc3\xab");
	assert_int_equal(source(c, "set config_charset=no-such-charset\nset my_y=\"\xeb\"\n", &err),
			 0);
	assert_string_equal(cfg_my_get(c, "my_y"), "\xeb");
	buf_release(&err);
	config_free(&c);
}

static void one_bad_line_does_not_stop_the_file_but_many_do(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT, text = BUF_INIT;

	(void)state;
	for (int i = 0; i < 300; i++)
		buf_addstr(&text, "garbage\n");
	buf_addstr(&text, "set my_x=late\n");
	assert_int_not_equal(source(c, text.data, &err), 0);
	assert_null(cfg_my_get(c, "my_x"));
	assert_true(config_error_count(c) <= 130);
	assert_non_null(strstr(config_error(c, config_error_count(c) - 1)->msg, "not read"));
	buf_release(&err);
	buf_release(&text);
	config_free(&c);
}

static void empty_commands_between_semicolons_are_skipped(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(config_run(c, ";;set my_x=1;; ; ;set my_y=2;", "t", 1, &err), 0);
	assert_string_equal(cfg_my_get(c, "my_y"), "2");
	buf_release(&err);
	config_free(&c);
}

static void an_error_stops_the_rest_of_its_line(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(config_run(c, "set my_a=1 nosuch=1 my_b=1; set my_c=1", "t", 1, &err),
			 ERR_NOTFOUND);
	assert_string_equal(cfg_my_get(c, "my_a"), "1");
	assert_null(cfg_my_get(c, "my_b"));
	assert_null(cfg_my_get(c, "my_c"));
	buf_release(&err);
	config_free(&c);
}

/* A snapshot keeps the values it was made with while the original changes (a worker reads it). */
static void a_snapshot_keeps_its_values_when_the_original_changes(void **state)
{
	struct config *c = config_new(), *snap;
	struct buf err = BUF_INIT;

	assert_int_equal(config_run(c,
				    "set imap_user=alice imap_pass=secret imap_keepalive=60 "
				    "quote_regexp='^> ' my_box=INBOX",
				    "t", 1, &err),
			 0);
	snap = config_snapshot(c);
	assert_int_equal(config_run(c,
				    "set imap_user=bob imap_pass=other imap_keepalive=90 "
				    "quote_regexp='^: ' my_box=Sent",
				    "t", 2, &err),
			 0);
	assert_string_equal(cfg_str(snap, V_imap_user), "alice");
	assert_string_equal(cfg_str(snap, V_imap_pass), "secret");
	assert_int_equal(cfg_num(snap, V_imap_keepalive), 60);
	assert_non_null(cfg_regex(snap, V_quote_regexp, NULL));
	assert_int_equal(regexec(cfg_regex(snap, V_quote_regexp, NULL), "> quoted", 0, NULL, 0), 0);
	assert_string_equal(cfg_my_get(snap, "my_box"), "INBOX");
	assert_string_equal(cfg_str(c, V_imap_user), "bob");
	config_free(&c);
	/* the snapshot outlives the original: nothing of it was shared */
	assert_string_equal(cfg_str(snap, V_imap_pass), "secret");
	config_free(&snap);
	buf_release(&err);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_snapshot_keeps_its_values_when_the_original_changes),
		cmocka_unit_test(white_space_separates_arguments),
		cmocka_unit_test(double_quotes_keep_white_space_and_join),
		cmocka_unit_test(double_quotes_take_backslash_escapes),
		cmocka_unit_test(octal_escapes_take_exactly_three_digits),
		cmocka_unit_test(control_escapes_c_and_caret),
		cmocka_unit_test(single_quotes_are_literal),
		cmocka_unit_test(backslash_outside_quotes_escapes_the_next_character),
		cmocka_unit_test(dollar_expands_the_environment),
		cmocka_unit_test(dollar_expands_variables_and_my_variables),
		cmocka_unit_test(dollar_prefers_the_environment_as_mutt_does),
		cmocka_unit_test(dollar_is_literal_where_it_names_nothing),
		cmocka_unit_test(expanded_values_are_not_read_again),
		cmocka_unit_test(backticks_outside_quotes_are_read_again),
		cmocka_unit_test(backticks_in_double_quotes_insert_the_output),
		cmocka_unit_test(backticks_keep_only_the_first_line),
		cmocka_unit_test(backticks_are_literal_in_single_quotes_and_with_noshell),
		cmocka_unit_test(backticks_are_refused_in_a_sandbox),
		cmocka_unit_test(unterminated_backtick_is_an_error),
		cmocka_unit_test(runaway_backtick_expansion_is_capped),
		cmocka_unit_test(hash_starts_a_comment_even_inside_a_word),
		cmocka_unit_test(semicolon_ends_the_command_unless_quoted),
		cmocka_unit_test(equal_and_question_stop_tokens_with_their_flags),
		cmocka_unit_test(space_flag_reads_to_the_end_of_the_command),
		cmocka_unit_test(pattern_flag_stops_at_pattern_operators),
		cmocka_unit_test(unterminated_quotes_are_errors),
		cmocka_unit_test(rc_more_peek_and_skip),
		cmocka_unit_test(backslash_newline_joins_lines),
		cmocka_unit_test(errors_name_the_first_line_of_a_joined_line),
		cmocka_unit_test(crlf_line_ends_and_a_missing_last_newline),
		cmocka_unit_test(a_comment_line_ending_in_backslash_continues),
		cmocka_unit_test(config_charset_converts_the_lines_after_it),
		cmocka_unit_test(config_charset_leaves_utf8_and_unknown_charsets_alone),
		cmocka_unit_test(one_bad_line_does_not_stop_the_file_but_many_do),
		cmocka_unit_test(empty_commands_between_semicolons_are_skipped),
		cmocka_unit_test(an_error_stops_the_rest_of_its_line),
	};
	return RUN_TESTS(tests);
}
