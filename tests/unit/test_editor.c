/*
 * test_editor.c - the prompts' line editor: every function of the editor
 * menu on ASCII, combining, wide and emoji text (the cursor never inside a
 * grapheme cluster), kill and yank, history limits, browsing, search and
 * the history file, completion with one and several candidates and the
 * two ready completers (rc commands, folders on a temporary directory),
 * and the visible part of a long line.
 */
#include "tests/unit/mh_test.h"

#include "ui/editor.h"

/* ---- Helpers --------------------------------------------------------------- */

/* Type the UTF-8 text s, one code point at a time. */
static void type(struct editor *e, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		assert_int_equal(editor_insert(e, cp), ED_CONTINUE);
	}
}

static void op_ok(struct editor *e, enum op op)
{
	assert_int_equal(editor_op(e, op), ED_CONTINUE);
}

static void set_var(struct config *c, enum var_id id, const char *value)
{
	struct buf err = BUF_INIT;

	if (cfg_set(c, id, value, &err) != 0)
		fail_msg("set %s=%s: %s", var_def(id)->name, value, err.data);
	buf_release(&err);
}

static void run_rc(struct config *c, const char *line)
{
	struct buf err = BUF_INIT;

	if (config_run(c, line, "test", 1, &err) != 0)
		fail_msg("'%s': %s", line, err.data);
	buf_release(&err);
}

/* A cluster boundary as text_width sees it: the widths of the two sides add up. */
static bool width_boundary(const char *s, size_t n, size_t i)
{
	return text_width(s, i) + text_width(s + i, n - i) == text_width(s, n);
}

/* An empty file, or a directory, dir/name. */
static void touch(const char *dir, const char *name, bool directory)
{
	char *p = path_of(dir, name);

	if (directory)
		assert_int_equal(mkdir(p, 0700), 0);
	else
		put(dir, name, "");
	free(p);
}

/* ---- Typing and moving ------------------------------------------------------------ */

static void insert_and_move_ascii(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	type(&e, "hello");
	assert_buf_eq(&e.text, "hello");
	assert_int_equal(e.cursor, 5);
	op_ok(&e, OP_BOL);
	assert_int_equal(e.cursor, 0);
	assert_int_equal(editor_op(&e, OP_BACKWARD_CHAR), ED_BEEP);
	op_ok(&e, OP_FORWARD_CHAR);
	op_ok(&e, OP_FORWARD_CHAR);
	type(&e, "X");
	assert_buf_eq(&e.text, "heXllo");
	assert_int_equal(e.cursor, 3);
	op_ok(&e, OP_EOL);
	assert_int_equal(e.cursor, 6);
	assert_int_equal(editor_op(&e, OP_FORWARD_CHAR), ED_BEEP);
	assert_int_equal(editor_op(&e, OP_DELETE_CHAR), ED_BEEP);
	op_ok(&e, OP_BACKSPACE);
	assert_buf_eq(&e.text, "heXll");
	op_ok(&e, OP_BOL);
	assert_int_equal(editor_op(&e, OP_BACKSPACE), ED_BEEP);
	op_ok(&e, OP_DELETE_CHAR);
	assert_buf_eq(&e.text, "eXll");
	editor_release(&e);
}

static void combining_mark_is_one_character(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	/* Typed as e + COMBINING ACUTE: the mark joins the e. */
	type(&e, "e\xcc\x81");
	type(&e, "t\xc3\xa9");
	assert_int_equal(e.cursor, 6);
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_FORWARD_CHAR);
	assert_int_equal(e.cursor, 3);
	op_ok(&e, OP_BACKSPACE);
	assert_buf_eq(&e.text, "t\xc3\xa9");
	assert_int_equal(e.cursor, 0);
	op_ok(&e, OP_EOL);
	op_ok(&e, OP_BACKWARD_CHAR);
	assert_int_equal(e.cursor, 1);
	editor_release(&e);
}

static void emoji_sequences_are_one_character(void **state)
{
	/* a, family (man ZWJ woman ZWJ girl), flag of France, thumbs up with skin tone, b */
	static const char family[] = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
				     "\xf0\x9f\x91\xa7";
	static const char flag[] = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7";
	static const char thumb[] = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";
	struct buf s = BUF_INIT;
	struct editor e;
	size_t stops[] = { 0,
			   1,
			   1 + strlen(family),
			   1 + strlen(family) + strlen(flag),
			   1 + strlen(family) + strlen(flag) + strlen(thumb),
			   2 + strlen(family) + strlen(flag) + strlen(thumb) };

	(void)state;
	buf_printf(&s, "a%s%s%sb", family, flag, thumb);
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, s.data);
	op_ok(&e, OP_BOL);
	for (size_t i = 1; i < ARRAY_SIZE(stops); i++) {
		op_ok(&e, OP_FORWARD_CHAR);
		assert_int_equal(e.cursor, stops[i]);
	}
	for (size_t i = ARRAY_SIZE(stops) - 1; i > 0; i--) {
		assert_int_equal(e.cursor, stops[i]);
		op_ok(&e, OP_BACKWARD_CHAR);
	}
	op_ok(&e, OP_FORWARD_CHAR);
	op_ok(&e, OP_DELETE_CHAR); /* the whole family */
	buf_reset(&s);
	buf_printf(&s, "a%s%sb", flag, thumb);
	assert_buf_eq(&e.text, s.data);
	buf_release(&s);
	editor_release(&e);
}

static void zwj_sequence_typed_piece_by_piece(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	type(&e, "\xf0\x9f\x91\xa8"); /* man */
	type(&e, "\xe2\x80\x8d");     /* ZWJ */
	type(&e, "\xf0\x9f\x91\xa9"); /* woman */
	assert_int_equal(e.cursor, 11);
	op_ok(&e, OP_BACKWARD_CHAR);
	assert_int_equal(e.cursor, 0);
	assert_int_equal(text_width(e.text.data, e.text.len), 2);
	editor_release(&e);
}

static void cursor_never_inside_a_cluster(void **state)
{
	static const char text[] = "x\xe6\x97\xa5\xe6\x9c\xac" /* CJK */
				   "e\xcc\x81\xcc\xa7"         /* e, two marks */
				   "\xe2\x9c\x8c\xef\xb8\x8f"  /* victory hand with VS16 */
				   "\x01\xff"                  /* a control, an invalid byte */
				   "\xea\xb0\x81"              /* Hangul syllable */
				   "\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbf!";
	struct editor e;
	size_t steps = 0, n = strlen(text);

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, text);
	op_ok(&e, OP_BOL);
	while (editor_op(&e, OP_FORWARD_CHAR) == ED_CONTINUE) {
		assert_true(width_boundary(text, n, e.cursor));
		steps++;
	}
	assert_int_equal(steps, 10);
	/* A cursor put inside a cluster by hand is moved to its end before an insert. */
	e.cursor = 10; /* between the e's two combining marks */
	type(&e, "Z");
	assert_memory_equal(e.text.data + 7, "e\xcc\x81\xcc\xa7Z", 6);
	assert_int_equal(e.cursor, 13);
	e.cursor = 2; /* inside the UTF-8 of a CJK character */
	op_ok(&e, OP_BACKWARD_CHAR);
	assert_int_equal(e.cursor, 1);
	editor_release(&e);
}

static void words_move_by_blanks(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "foo.bar  baz qux");
	op_ok(&e, OP_BACKWARD_WORD);
	assert_int_equal(e.cursor, 13);
	op_ok(&e, OP_BACKWARD_WORD);
	assert_int_equal(e.cursor, 9);
	op_ok(&e, OP_BACKWARD_WORD);
	assert_int_equal(e.cursor, 0);
	assert_int_equal(editor_op(&e, OP_BACKWARD_WORD), ED_BEEP);
	op_ok(&e, OP_FORWARD_WORD);
	assert_int_equal(e.cursor, 7);
	op_ok(&e, OP_FORWARD_WORD);
	assert_int_equal(e.cursor, 12);
	editor_release(&e);
}

static void long_line_moves_quickly(void **state)
{
	struct editor e;
	struct buf s = BUF_INIT;
	size_t words = 0;

	(void)state;
	for (int i = 0; i < 4000; i++)
		buf_addstr(&s, "w\xc3\xb6rd ");
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, s.data);
	/* Each step back must not walk the whole line (quadratic: seconds here). */
	while (editor_op(&e, OP_BACKWARD_WORD) == ED_CONTINUE)
		words++;
	assert_int_equal(words, 4000);
	op_ok(&e, OP_EOL);
	for (int i = 0; i < 4000; i++)
		op_ok(&e, OP_KILL_WORD);
	assert_buf_eq(&e.text, "");
	buf_release(&s);
	editor_release(&e);
}

/* ---- Kill and yank ------------------------------------------------------------ */

static void kill_word_takes_alphanumerics_or_one_character(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "foo.b\xc3\xa4r baz");
	op_ok(&e, OP_KILL_WORD);
	assert_buf_eq(&e.text, "foo.b\xc3\xa4r ");
	assert_buf_eq(&e.kill, "baz");
	op_ok(&e, OP_KILL_WORD); /* blanks, then the word with its umlaut */
	assert_buf_eq(&e.text, "foo.");
	op_ok(&e, OP_KILL_WORD); /* one punctuation character */
	assert_buf_eq(&e.text, "foo");
	op_ok(&e, OP_KILL_WORD);
	assert_buf_eq(&e.text, "");
	assert_int_equal(editor_op(&e, OP_KILL_WORD), ED_BEEP);
	editor_release(&e);
}

static void kill_eow_forward(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "  foo-bar");
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_KILL_EOW);
	assert_buf_eq(&e.text, "-bar");
	assert_buf_eq(&e.kill, "  foo");
	op_ok(&e, OP_KILL_EOW);
	assert_buf_eq(&e.text, "bar");
	op_ok(&e, OP_KILL_EOW);
	assert_buf_eq(&e.text, "");
	assert_int_equal(editor_op(&e, OP_KILL_EOW), ED_BEEP);
	editor_release(&e);
}

static void kill_eol_line_and_yank(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	assert_int_equal(editor_yank(&e), ED_BEEP);
	editor_set_text(&e, "hello world");
	op_ok(&e, OP_BACKWARD_WORD);
	op_ok(&e, OP_BACKWARD_CHAR);
	op_ok(&e, OP_KILL_EOL);
	assert_buf_eq(&e.text, "hello");
	assert_buf_eq(&e.kill, " world");
	op_ok(&e, OP_BOL);
	assert_int_equal(editor_yank(&e), ED_CONTINUE);
	assert_buf_eq(&e.text, " worldhello");
	assert_int_equal(e.cursor, 6);
	op_ok(&e, OP_KILL_LINE);
	assert_buf_eq(&e.text, "");
	assert_int_equal(e.cursor, 0);
	assert_int_equal(editor_yank(&e), ED_CONTINUE);
	assert_buf_eq(&e.text, " worldhello");
	editor_release(&e);
}

/* ---- Case and transposition -------------------------------------------------- */

static void case_words(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "hello w\xc3\xb6rld");
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_UPCASE_WORD);
	assert_buf_eq(&e.text, "HELLO w\xc3\xb6rld");
	assert_int_equal(e.cursor, 5);
	op_ok(&e, OP_UPCASE_WORD); /* from the blank: the next word */
	assert_buf_eq(&e.text, "HELLO W\xc3\x96RLD");
	assert_int_equal(editor_op(&e, OP_UPCASE_WORD), ED_BEEP);
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_FORWARD_CHAR);
	op_ok(&e, OP_FORWARD_CHAR);
	op_ok(&e, OP_DOWNCASE_WORD); /* from the middle: the whole word */
	assert_buf_eq(&e.text, "hello W\xc3\x96RLD");
	op_ok(&e, OP_CAPITALIZE_WORD);
	assert_buf_eq(&e.text, "hello W\xc3\xb6rld");
	editor_set_text(&e, "(\xcf\x89\xce\xbc\xce\xad\xce\xb3\xce\xb1");
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_CAPITALIZE_WORD);
	assert_buf_eq(&e.text, "(\xce\xa9\xce\xbc\xce\xad\xce\xb3\xce\xb1");
	assert_int_equal(e.cursor, e.text.len);
	editor_release(&e);
}

static void transpose_characters(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "a");
	assert_int_equal(editor_op(&e, OP_TRANSPOSE_CHARS), ED_BEEP);
	editor_set_text(&e, "abc");
	op_ok(&e, OP_TRANSPOSE_CHARS); /* at the end: the last two */
	assert_buf_eq(&e.text, "acb");
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_TRANSPOSE_CHARS); /* at the start: the first two */
	assert_buf_eq(&e.text, "cab");
	assert_int_equal(e.cursor, 2);
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_FORWARD_CHAR);
	op_ok(&e, OP_TRANSPOSE_CHARS); /* inside: the one before and the one under, then on */
	assert_buf_eq(&e.text, "acb");
	assert_int_equal(e.cursor, 2);
	editor_set_text(&e, "e\xcc\x81\xe6\x97\xa5");
	op_ok(&e, OP_TRANSPOSE_CHARS); /* clusters move whole */
	assert_buf_eq(&e.text, "\xe6\x97\xa5"
			       "e\xcc\x81");
	assert_int_equal(e.cursor, 6);
	editor_release(&e);
}

/* ---- Keys ----------------------------------------------------------------------- */

static void enter_abort_and_special_keys(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	type(&e, "x");
	assert_int_equal(editor_insert(&e, TK_UP), ED_UNHANDLED);
	assert_int_equal(editor_insert(&e, 0x1b), ED_UNHANDLED);
	assert_int_equal(editor_insert(&e, 0xD800), ED_UNHANDLED);
	assert_int_equal(editor_insert(&e, 0x07), ED_ABORT);
	assert_int_equal(editor_insert(&e, TK_ABORT), ED_ABORT);
	assert_int_equal(editor_insert(&e, '\r'), ED_DONE);
	assert_int_equal(editor_insert(&e, TK_ENTER), ED_DONE);
	assert_buf_eq(&e.text, "x");
	assert_int_equal(editor_op(&e, OP_BUFFY_CYCLE), ED_BUFFY_CYCLE);
	assert_int_equal(editor_op(&e, OP_NEXT_ENTRY), ED_UNHANDLED);
	assert_int_equal(editor_op(&e, OP_COMPLETE), ED_UNHANDLED); /* no completer */
	assert_int_equal(editor_op(&e, OP_COMPLETE_QUERY), ED_UNHANDLED);
	editor_release(&e);
}

static void quote_char_inserts_anything(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	assert_int_equal(editor_insert(&e, 0x01), ED_UNHANDLED);
	op_ok(&e, OP_QUOTE_CHAR);
	type(&e, "\x01");
	op_ok(&e, OP_QUOTE_CHAR);
	assert_int_equal(editor_insert(&e, 0x07), ED_CONTINUE);
	op_ok(&e, OP_QUOTE_CHAR);
	assert_int_equal(editor_insert(&e, '\r'), ED_CONTINUE);
	assert_int_equal(editor_insert(&e, 0x01), ED_UNHANDLED); /* quoting lasts one key */
	assert_buf_eq(&e.text, "\x01\x07\r");
	op_ok(&e, OP_BACKWARD_CHAR); /* each control is a character of its own */
	assert_int_equal(e.cursor, 2);
	editor_release(&e);
}

static void clear_on_type_replaces_the_suggestion(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "=inbox");
	e.clear_on_type = true;
	type(&e, "w");
	assert_buf_eq(&e.text, "w");
	editor_set_text(&e, "=inbox");
	e.clear_on_type = true;
	op_ok(&e, OP_BACKWARD_CHAR); /* a function keeps it */
	type(&e, "w");
	assert_buf_eq(&e.text, "=inbowx");
	editor_release(&e);
}

/* ---- History ----------------------------------------------------------------- */

static void history_limits_and_rules(void **state)
{
	struct config *c = config_new();
	struct history *h = history_new(c);

	(void)state;
	set_var(c, V_history, "3");
	history_add(h, HIST_CMD, "one");
	history_add(h, HIST_CMD, "two");
	history_add(h, HIST_CMD, "two"); /* a repeat of the newest */
	history_add(h, HIST_CMD, "");
	history_add(h, HIST_CMD, " secret"); /* mutt: a leading space keeps it out */
	assert_int_equal(history_count(h, HIST_CMD), 2);
	history_add(h, HIST_CMD, "three");
	history_add(h, HIST_CMD, "one");
	assert_int_equal(history_count(h, HIST_CMD), 3);
	assert_string_equal(history_at(h, HIST_CMD, 0), "one");
	assert_string_equal(history_at(h, HIST_CMD, 1), "three");
	assert_string_equal(history_at(h, HIST_CMD, 2), "two");
	assert_null(history_at(h, HIST_CMD, 3));
	assert_int_equal(history_count(h, HIST_FOLDER), 0); /* one history per kind */
	set_var(c, V_history, "1");
	history_add(h, HIST_CMD, "four");
	assert_int_equal(history_count(h, HIST_CMD), 1);
	set_var(c, V_history, "0");
	history_add(h, HIST_CMD, "five");
	assert_int_equal(history_count(h, HIST_CMD), 0);
	history_free(&h);
	assert_null(h);
	config_free(&c);
}

static void history_remove_dups(void **state)
{
	struct config *c = config_new();
	struct history *h = history_new(c);

	(void)state;
	history_add(h, HIST_PATTERN, "~N");
	history_add(h, HIST_PATTERN, "~F");
	history_add(h, HIST_PATTERN, "~N");
	history_add(h, HIST_PATTERN, "~O");
	assert_int_equal(history_count(h, HIST_PATTERN), 4);
	set_var(c, V_history_remove_dups, "yes");
	history_add(h, HIST_PATTERN, "~N");
	assert_int_equal(history_count(h, HIST_PATTERN), 3);
	assert_string_equal(history_at(h, HIST_PATTERN, 0), "~N");
	assert_string_equal(history_at(h, HIST_PATTERN, 1), "~O");
	assert_string_equal(history_at(h, HIST_PATTERN, 2), "~F");
	history_free(&h);
	config_free(&c);
}

static void history_file_keeps_more_than_history(void **state)
{
	struct config *c = config_new();
	struct history *h = history_new(c);
	char *dir = tmp_dir();
	char *path = path_of(dir, "h");
	struct buf data = BUF_INIT;

	(void)state;
	set_var(c, V_history_file, path);
	set_var(c, V_history, "2");
	set_var(c, V_save_history, "4");
	for (char name[] = "a"; name[0] <= 'e'; name[0]++)
		history_add(h, HIST_OTHER, name);
	assert_int_equal(history_count(h, HIST_OTHER), 2);
	assert_string_equal(history_at(h, HIST_OTHER, 1), "d");
	assert_null(history_at(h, HIST_OTHER, 2));
	assert_int_equal(history_save(h), 0);
	assert_int_equal(file_read_all(path, &data, 0), 0);
	assert_buf_eq(&data, "5:b|\n5:c|\n5:d|\n5:e|\n");
	buf_release(&data);
	free(path);
	rm_tree(&dir);
	history_free(&h);
	config_free(&c);
}

static void history_browsing_restores_the_typed_line(void **state)
{
	struct history *h = history_new(NULL);
	struct editor e;

	(void)state;
	editor_init(&e, h, HIST_FOLDER);
	assert_int_equal(editor_op(&e, OP_HISTORY_UP), ED_BEEP); /* nothing yet */
	type(&e, "=old");
	assert_int_equal(editor_insert(&e, '\r'), ED_DONE); /* Enter remembers */
	editor_set_text(&e, "=new");
	assert_int_equal(editor_insert(&e, '\n'), ED_DONE);
	editor_set_text(&e, "dra");
	op_ok(&e, OP_BOL);
	op_ok(&e, OP_HISTORY_UP);
	assert_buf_eq(&e.text, "=new");
	assert_int_equal(e.cursor, 4);
	op_ok(&e, OP_HISTORY_UP);
	assert_buf_eq(&e.text, "=old");
	op_ok(&e, OP_HISTORY_UP); /* past the oldest: back to the typed line */
	assert_buf_eq(&e.text, "dra");
	op_ok(&e, OP_HISTORY_DOWN); /* and round to the oldest */
	assert_buf_eq(&e.text, "=old");
	op_ok(&e, OP_HISTORY_DOWN);
	op_ok(&e, OP_HISTORY_DOWN);
	assert_buf_eq(&e.text, "dra");
	assert_int_equal(history_count(h, HIST_CMD), 0);
	editor_release(&e);
	history_free(&h);
}

static void history_search_steps_through_matches(void **state)
{
	struct history *h = history_new(NULL);
	struct editor e;
	const struct strlist *l;

	(void)state;
	history_add(h, HIST_CMD, "set sort=date");
	history_add(h, HIST_CMD, "push <limit>");
	history_add(h, HIST_CMD, "set index_format");
	editor_init(&e, h, HIST_CMD);
	type(&e, "SET");
	op_ok(&e, OP_HISTORY_SEARCH);
	assert_buf_eq(&e.text, "set index_format");
	l = editor_completions(&e);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0], "set index_format");
	assert_string_equal(l->v[1], "set sort=date");
	op_ok(&e, OP_HISTORY_SEARCH); /* ^R again: the next older match */
	assert_buf_eq(&e.text, "set sort=date");
	op_ok(&e, OP_HISTORY_SEARCH); /* wraps */
	assert_buf_eq(&e.text, "set index_format");
	op_ok(&e, OP_HISTORY_DOWN); /* back to what was typed */
	assert_buf_eq(&e.text, "SET");
	assert_int_equal(editor_completions(&e)->n, 0);
	editor_set_text(&e, "nothing like it");
	assert_int_equal(editor_op(&e, OP_HISTORY_SEARCH), ED_BEEP);
	assert_buf_eq(&e.text, "nothing like it");
	editor_release(&e);
	history_free(&h);
}

static void history_file_round_trip(void **state)
{
	static const char mutt_file[] = "0:ls -l|\n2:set a|\nnonsense\n2:set b|\n"
					"6:=inbox|\n1:bob@example.org|\n7:ab|\n5:y\xffz|\n";
	struct config *c = config_new();
	struct history *h = history_new(c), *h2;
	char *dir = tmp_dir();
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct stat st;

	(void)state;
	buf_printf(&path, "%s/history", dir);
	set_var(c, V_history_file, path.data);
	/* $save_history 0: no file at all */
	history_add(h, HIST_CMD, "set sort=date");
	assert_int_equal(history_save(h), 0);
	assert_int_equal(stat(path.data, &st), -1);
	/* mutt's lines, with a shell command (class 0: shell-escape's) and a bad line */
	assert_int_equal(file_write_atomic(path.data, mutt_file, strlen(mutt_file)), 0);
	set_var(c, V_save_history, "2");
	assert_int_equal(history_load(h), 0);
	assert_int_equal(history_count(h, HIST_CMD), 3);
	assert_string_equal(history_at(h, HIST_CMD, 0), "set b");
	assert_string_equal(history_at(h, HIST_FOLDER, 0), "=inbox");
	assert_string_equal(history_at(h, HIST_ADDRESS, 0), "bob@example.org");
	assert_string_equal(history_at(h, HIST_SEARCH, 0), "ab");
	assert_string_equal(history_at(h, HIST_OTHER, 0), "y\xef\xbf\xbdz");
	assert_string_equal(history_at(h, HIST_SHELL, 0), "ls -l");
	history_add(h, HIST_PATTERN, "~N\nx");
	assert_int_equal(history_save(h), 0);
	assert_int_equal(file_read_all(path.data, &data, 0), 0);
	assert_buf_eq(&data, "2:set a|\n2:set b|\n6:=inbox|\n4:~Nx|\n"
			     "1:bob@example.org|\n7:ab|\n5:y\xef\xbf\xbdz|\n0:ls -l|\n");
	assert_int_equal(stat(path.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	h2 = history_new(c);
	assert_int_equal(history_load(h2), 0);
	assert_int_equal(history_count(h2, HIST_CMD), 2);
	assert_string_equal(history_at(h2, HIST_PATTERN, 0), "~Nx");
	history_free(&h2);
	rm_tree(&dir);
	assert_int_equal(history_load(h), 0); /* a missing file is no error */
	history_free(&h);
	buf_release(&path);
	buf_release(&data);
	config_free(&c);
}

/* ---- Completion -------------------------------------------------------------- */

/* A completer over a fixed list: the candidates that start with the word. */
static int fixed_completer(const char *word, struct strlist *out, void *ctx)
{
	const char *const *v = ctx;

	for (; *v; v++)
		if (strncmp(*v, word, strlen(word)) == 0)
			strlist_add(out, *v);
	return 0;
}

static void complete_one_candidate_replaces_the_word(void **state)
{
	static const char *const names[] = { "inbox", "sent", NULL };
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_completer(&e, fixed_completer, (void *)names);
	editor_set_text(&e, "in tail");
	e.cursor = 2;
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "inbox tail");
	assert_int_equal(e.cursor, 5);
	assert_int_equal(editor_completions(&e)->n, 0);
	editor_set_text(&e, "x");
	assert_int_equal(editor_op(&e, OP_COMPLETE), ED_BEEP);
	assert_buf_eq(&e.text, "x");
	editor_release(&e);
}

static void complete_several_inserts_the_common_prefix(void **state)
{
	static const char *const names[] = { "f\xc3\xb6o-bar", "f\xc3\xb6o-baz",
					     "f\xc3\xb6\xc3\xa9", NULL };
	struct editor e;
	const struct strlist *l;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_completer(&e, fixed_completer, (void *)names);
	type(&e, "f");
	op_ok(&e, OP_COMPLETE);
	/* the common bytes end inside a character: cut back to it */
	assert_buf_eq(&e.text, "f\xc3\xb6");
	l = editor_completions(&e);
	assert_int_equal(l->n, 3);
	type(&e, "o");
	assert_int_equal(editor_completions(&e)->n, 0); /* typing drops the list */
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "f\xc3\xb6o-ba");
	assert_int_equal(editor_completions(&e)->n, 2);
	type(&e, "z");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "f\xc3\xb6o-baz");
	editor_release(&e);
}

static int recording_completer(const char *word, struct strlist *out, void *ctx)
{
	struct buf *seen = ctx;

	buf_reset(seen);
	buf_addstr(seen, word);
	strlist_add(out, "Joe <joe@example.org>");
	return 0;
}

static void complete_address_and_query(void **state)
{
	struct buf seen = BUF_INIT;
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_ADDRESS);
	editor_set_query(&e, recording_completer, &seen);
	editor_set_text(&e, "ann@example.org,  jo");
	op_ok(&e, OP_COMPLETE_QUERY);
	assert_buf_eq(&seen, "jo");
	assert_buf_eq(&e.text, "ann@example.org,  Joe <joe@example.org>");
	editor_release(&e);
	buf_release(&seen);
}

static void command_completer(void **state)
{
	struct config *c = config_new();
	struct strlist out = STRLIST_INIT;

	(void)state;
	assert_int_equal(editor_complete_command("unse", &out, c), 0);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0], "unset");
	assert_string_equal(out.v[1], "unsetenv");
	strlist_release(&out);
	assert_int_equal(editor_complete_command("  mailb", &out, c), 2);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "mailboxes");
	strlist_release(&out);
	assert_int_equal(editor_complete_command("set beep smart_w", &out, c), 9);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "smart_wrap");
	strlist_release(&out);
	assert_int_equal(editor_complete_command("set nosmart_w", &out, c), 6);
	assert_string_equal(out.v[0], "smart_wrap");
	strlist_release(&out);
	assert_int_equal(editor_complete_command("toggle sort_b", &out, c), 7);
	assert_true(out.n >= 2);
	assert_true(strlist_find(&out, "sort_browser") >= 0);
	strlist_release(&out);
	set_var(c, V_history, "42");
	assert_int_equal(editor_complete_command("set history=", &out, c), 12);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "\"42\""); /* as mutt puts it: quoted */
	strlist_release(&out);
	assert_int_equal(editor_complete_command("exec next-unr", &out, c), 5);
	assert_true(strlist_find(&out, "next-unread") >= 0);
	strlist_release(&out);
	assert_true(editor_complete_command("echo x", &out, c) < 0);
	assert_int_equal(out.n, 0);
	config_free(&c);
}

static void command_completer_in_the_editor(void **state)
{
	struct config *c = config_new();
	struct editor e;

	(void)state;
	editor_init(&e, NULL, HIST_CMD);
	editor_set_completer(&e, editor_complete_command, c);
	type(&e, "se");
	op_ok(&e, OP_COMPLETE); /* send-hook, send2-hook, set, setenv */
	assert_buf_eq(&e.text, "se");
	assert_true(editor_completions(&e)->n >= 4);
	type(&e, "t");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "set");
	assert_int_equal(editor_completions(&e)->n, 2);
	type(&e, " index_fo");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "set index_format");
	editor_release(&e);
	config_free(&c);
}

static void folder_completer(void **state)
{
	struct config *c = config_new();
	struct strlist out = STRLIST_INIT;
	char *dir = tmp_dir();
	struct buf line = BUF_INIT, word = BUF_INIT;

	(void)state;
	touch(dir, "inbox", true);
	touch(dir, "info", false);
	touch(dir, "work", true);
	touch(dir, ".hidden", false);
	touch(dir, "work/drafts", false);
	set_var(c, V_folder, dir);
	assert_int_equal(editor_complete_folder("=in", &out, c), 1);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0], "inbox/");
	assert_string_equal(out.v[1], "info");
	strlist_release(&out);
	assert_int_equal(editor_complete_folder("+", &out, c), 1);
	assert_int_equal(out.n, 3); /* no hidden files */
	strlist_release(&out);
	assert_int_equal(editor_complete_folder("=.h", &out, c), 1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], ".hidden");
	strlist_release(&out);
	assert_int_equal(editor_complete_folder("=work/d", &out, c), 6);
	assert_string_equal(out.v[0], "drafts");
	strlist_release(&out);
	buf_printf(&word, "%s/wo", dir);
	assert_int_equal(editor_complete_folder(word.data, &out, c), (int)strlen(dir) + 1);
	assert_string_equal(out.v[0], "work/");
	strlist_release(&out);
	/* A mailbox that is a directory is offered as the mailbox. */
	buf_printf(&line, "mailboxes =inbox %s/elsewhere", dir);
	run_rc(c, line.data);
	assert_int_equal(editor_complete_folder("=in", &out, c), 1);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0], "inbox");
	assert_string_equal(out.v[1], "info");
	strlist_release(&out);
	assert_int_equal(editor_complete_folder("", &out, c), 0);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0], "=elsewhere");
	assert_string_equal(out.v[1], "=inbox");
	strlist_release(&out);
	assert_int_equal(editor_complete_folder("=nothing", &out, c), 1);
	assert_int_equal(out.n, 0);
	assert_int_equal(editor_complete_folder("~", &out, c), 0);
	assert_string_equal(out.v[0], "~/");
	strlist_release(&out);
	rm_tree(&dir);
	buf_release(&line);
	buf_release(&word);
	config_free(&c);
}

static void folder_completer_in_the_editor(void **state)
{
	struct config *c = config_new();
	char *dir = tmp_dir();
	struct editor e;

	(void)state;
	touch(dir, "lists", true);
	touch(dir, "lists/tern-dev", true);
	touch(dir, "lists/tern-users", false);
	set_var(c, V_folder, dir);
	editor_init(&e, NULL, HIST_FOLDER);
	editor_set_completer(&e, editor_complete_folder, c);
	type(&e, "=l");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "=lists/");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "=lists/tern-");
	assert_int_equal(editor_completions(&e)->n, 2);
	type(&e, "d");
	op_ok(&e, OP_COMPLETE);
	assert_buf_eq(&e.text, "=lists/tern-dev/");
	editor_release(&e);
	rm_tree(&dir);
	config_free(&c);
}

/* ---- The visible part ----------------------------------------------------------- */

/* Check the view at every cursor position, moving left then right. */
static void check_view_everywhere(struct editor *e, int cols)
{
	size_t first = 0;
	int col;

	op_ok(e, OP_EOL);
	for (int pass = 0; pass < 2; pass++) {
		do {
			editor_view(e, cols, &first, &col);
			assert_true(col >= 0 && col < cols);
			assert_true(first <= e->cursor);
			assert_true(width_boundary(e->text.data, e->text.len, first));
			assert_int_equal(text_width(e->text.data + first, e->cursor - first),
					 (size_t)col);
		} while (editor_op(e, pass ? OP_FORWARD_CHAR : OP_BACKWARD_CHAR) == ED_CONTINUE);
	}
}

static void view_scrolls_by_half(void **state)
{
	struct editor e;
	size_t first = 0;
	int col;

	(void)state;
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, "abcdefghij");
	editor_view(&e, 20, &first, &col);
	assert_int_equal(first, 0);
	assert_int_equal(col, 10);
	editor_view(&e, 10, &first, &col); /* no cell left for the cursor: recentre */
	assert_int_equal(first, 5);
	assert_int_equal(col, 5);
	op_ok(&e, OP_BACKWARD_CHAR); /* still visible: the view stays */
	editor_view(&e, 10, &first, &col);
	assert_int_equal(first, 5);
	assert_int_equal(col, 4);
	op_ok(&e, OP_BOL);
	editor_view(&e, 10, &first, &col);
	assert_int_equal(first, 0);
	assert_int_equal(col, 0);
	check_view_everywhere(&e, 10);
	check_view_everywhere(&e, 1);
	editor_release(&e);
}

static void view_never_splits_wide_characters(void **state)
{
	struct editor e;
	struct buf s = BUF_INIT;

	(void)state;
	for (int i = 0; i < 8; i++)
		buf_addstr(&s, "\xe6\x97\xa5"
			       "e\xcc\x81"
			       "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9");
	editor_init(&e, NULL, HIST_OTHER);
	editor_set_text(&e, s.data);
	check_view_everywhere(&e, 7);
	check_view_everywhere(&e, 2);
	check_view_everywhere(&e, 1);
	check_view_everywhere(&e, 80);
	buf_release(&s);
	editor_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insert_and_move_ascii),
		cmocka_unit_test(combining_mark_is_one_character),
		cmocka_unit_test(emoji_sequences_are_one_character),
		cmocka_unit_test(zwj_sequence_typed_piece_by_piece),
		cmocka_unit_test(cursor_never_inside_a_cluster),
		cmocka_unit_test(words_move_by_blanks),
		cmocka_unit_test(long_line_moves_quickly),
		cmocka_unit_test(kill_word_takes_alphanumerics_or_one_character),
		cmocka_unit_test(kill_eow_forward),
		cmocka_unit_test(kill_eol_line_and_yank),
		cmocka_unit_test(case_words),
		cmocka_unit_test(transpose_characters),
		cmocka_unit_test(enter_abort_and_special_keys),
		cmocka_unit_test(quote_char_inserts_anything),
		cmocka_unit_test(clear_on_type_replaces_the_suggestion),
		cmocka_unit_test(history_limits_and_rules),
		cmocka_unit_test(history_remove_dups),
		cmocka_unit_test(history_file_keeps_more_than_history),
		cmocka_unit_test(history_browsing_restores_the_typed_line),
		cmocka_unit_test(history_search_steps_through_matches),
		cmocka_unit_test(history_file_round_trip),
		cmocka_unit_test(complete_one_candidate_replaces_the_word),
		cmocka_unit_test(complete_several_inserts_the_common_prefix),
		cmocka_unit_test(complete_address_and_query),
		cmocka_unit_test(command_completer),
		cmocka_unit_test(command_completer_in_the_editor),
		cmocka_unit_test(folder_completer),
		cmocka_unit_test(folder_completer_in_the_editor),
		cmocka_unit_test(view_scrolls_by_half),
		cmocka_unit_test(view_never_splits_wide_characters),
	};
	return RUN_TESTS(tests);
}
