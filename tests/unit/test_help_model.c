/*
 * test_help_model.c - the help screen's rows from the live keymap (mutt's
 * three columns, macros, unbound functions, wrapping, narrow screens, wide
 * characters) and the help bar.
 */
#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/rc_test.h"
#include "ui/help_model.h"

/* The config after running the rc lines (NULL-terminated). */
static struct config *rc(const char *const *lines)
{
	struct config *c = config_new();

	for (; lines && *lines; lines++)
		ok(c, *lines);
	return c;
}

/* The first row whose text starts with prefix, or NULL. */
static const struct help_row *row_starting(const struct help_rows *r, const char *prefix)
{
	for (size_t i = 0; i < r->n; i++)
		if (strncmp(r->v[i].text, prefix, strlen(prefix)) == 0)
			return &r->v[i];
	return NULL;
}

/* The number of non-space bytes in s. */
static size_t squeeze(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s != ' ';
	return n;
}

/* The first row that is exactly text, or NULL. */
static const struct help_row *row_equal(const struct help_rows *r, const char *text)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].text, text) == 0)
			return &r->v[i];
	return NULL;
}

/* Index of the "Unbound functions:" heading (fails when missing). */
static size_t heading_at(const struct help_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == HELP_ROW_HEADING) {
			assert_string_equal(r->v[i].text, "Unbound functions:");
			return i;
		}
	fail_msg("no heading");
	return 0;
}

/* True when op is listed as unbound. */
static bool listed_unbound(const struct help_rows *r, enum op op)
{
	for (size_t i = heading_at(r); i < r->n; i++)
		if (r->v[i].kind == HELP_ROW_UNBOUND && r->v[i].op == op)
			return true;
	return false;
}

/* The column where needle starts in the row (by text_width), failing when absent. */
static size_t col_of(const char *row, const char *needle)
{
	const char *p = strstr(row, needle);

	if (!p)
		fail_msg("\"%s\" not in \"%s\"", needle, row);
	return text_width(row, (size_t)(p - row));
}

static void assert_all_fit(const struct help_rows *r, int cols)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *t = r->v[i].text;
		size_t len = strlen(t);
		if (text_width(t, len) > (size_t)(cols < 1 ? 1 : cols))
			fail_msg("%d columns: row %zu \"%s\" is %zu wide", cols, i, t,
				 text_width(t, len));
		if (len && t[len - 1] == ' ')
			fail_msg("row \"%s\" ends with a space", t);
		assert_true(utf8_valid(t, len));
	}
}

static void default_index_bindings_in_mutts_columns(void **state)
{
	struct keymaps *k = keymaps_new();
	struct help_rows r = HELP_ROWS_INIT;
	struct buf want = BUF_INIT;
	const struct help_row *d;
	(void)state;

	assert_true(help_lines(k, MENU_INDEX, 80, &r) > 100);
	d = row_starting(&r, "d ");
	assert_non_null(d);
	/* 80 columns: functions at 12, descriptions at (80-10)/2 = 35 */
	buf_printf(&want, "d           %-23s%s", "delete-message",
		   op_description(OP_DELETE_MESSAGE));
	assert_string_equal(d->text, want.data);
	assert_int_equal(d->kind, HELP_ROW_BINDING);
	assert_int_equal(d->op, OP_DELETE_MESSAGE);
	assert_int_equal(col_of(row_starting(&r, "<Enter>")->text, "display-message"), 12);
	assert_false(listed_unbound(&r, OP_DELETE_MESSAGE));
	buf_release(&want);
	help_rows_release(&r);
	assert_null(r.v);
	keymaps_free(&k);
}

static void wide_screen_moves_the_columns(void **state)
{
	struct keymaps *k = keymaps_new();
	struct help_rows r = HELP_ROWS_INIT;
	(void)state;

	help_lines(k, MENU_INDEX, 100, &r); /* (100-32)/4 = 17 and (100-10)/2 = 45 */
	assert_int_equal(col_of(row_starting(&r, "d ")->text, "delete-message"), 17);
	assert_int_equal(col_of(row_starting(&r, "d ")->text, op_description(OP_DELETE_MESSAGE)),
			 45);
	/* a second layout replaces the first; under 50 columns mutt's function column is narrow */
	help_lines(k, MENU_INDEX, 45, &r);
	assert_string_equal(row_starting(&r, "d ")->text,
			    "d           delete mark this message for");
	assert_string_equal(row_starting(&r, "d ")[1].text, "                   deletion");
	help_rows_release(&r);
	keymaps_free(&k);
}

static void rc_binding_shows(void **state)
{
	static const char *const lines[] = { "bind index X quit", "bind index gz what-key", NULL };
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	const struct help_row *x;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	x = row_starting(&r, "X ");
	assert_non_null(x);
	assert_int_equal(x->op, OP_QUIT);
	assert_int_equal(col_of(x->text, "quit"), 12);
	assert_non_null(row_starting(&r, "gz          what-key"));
	assert_false(listed_unbound(&r, OP_WHAT_KEY));
	help_rows_release(&r);
	config_free(&c);
}

static void macro_with_description_is_cut_in_the_function_column(void **state)
{
	static const char *const lines[] = {
		"macro index Z \"<shell-escape>echo hi<enter>\" \"say hello\"",
		"macro index W <exit> leave",
		NULL,
	};
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	const struct help_row *z;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	z = row_starting(&r, "Z ");
	assert_non_null(z);
	/* exactly what mutt shows for this macro at 80 columns */
	assert_string_equal(z->text, "Z           M <shell-escape>ech... say hello");
	assert_int_equal(z->kind, HELP_ROW_MACRO);
	assert_int_equal(z->op, OP_NULL);
	assert_string_equal(row_starting(&r, "W ")->text,
			    "W           M <exit>               leave");
	help_rows_release(&r);
	config_free(&c);
}

static void macro_without_description_shows_its_keys(void **state)
{
	static const char *const lines[] = { "macro index Y \"<limit>~N<enter>\"", NULL };
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	assert_string_equal(row_starting(&r, "Y ")->text,
			    "Y           macro                  <limit>~N<enter>");
	help_rows_release(&r);
	config_free(&c);
}

static void long_macro_wraps_keeping_spaces_and_is_capped(void **state)
{
	struct keymaps *k = keymaps_new();
	struct help_rows r = HELP_ROWS_INIT;
	struct keyseq y = { { 'Y' }, 1 };
	struct buf macro = BUF_INIT, seen = BUF_INIT;
	size_t i;
	(void)state;

	/* 60 columns: the keys' column is 35 wide; 50 x "ab " needs 5 rows */
	for (int n = 0; n < 50; n++)
		buf_addstr(&macro, "ab ");
	keymap_macro(k, MENU_INDEX, &y, macro.data, NULL);
	help_lines(k, MENU_INDEX, 60, &r);
	for (i = 0; i < r.n && strncmp(r.v[i].text, "Y ", 2) != 0; i++)
		;
	assert_true(i + 4 < r.n);
	assert_int_equal(col_of(r.v[i].text, "ab"), 25);
	buf_addstr(&seen, r.v[i].text + 25);
	for (size_t j = i + 1; j < i + 5; j++) {
		assert_int_equal(r.v[j].kind, HELP_ROW_MORE);
		assert_true(strspn(r.v[j].text, " ") >= 25);
		buf_addstr(&seen, r.v[j].text + 25);
	}
	/* broken anywhere, spaces kept (the second row starts with one, the third mid-word):
	 * the rows hold the whole macro, but for the spaces that would end a row */
	assert_int_equal(r.v[i + 1].text[25], ' ');
	assert_int_equal(r.v[i + 2].text[25], 'b');
	assert_int_equal(squeeze(seen.data), squeeze(macro.data));
	assert_int_not_equal(r.v[i + 5].kind, HELP_ROW_MORE);

	/* a huge macro stops after 8 rows, the last ending with "..." */
	fill_buf(&macro, 'x', 5000);
	keymap_macro(k, MENU_INDEX, &y, macro.data, NULL);
	help_lines(k, MENU_INDEX, 60, &r);
	i = (size_t)(row_starting(&r, "Y ") - r.v);
	assert_int_equal(r.v[i + 7].kind, HELP_ROW_MORE);
	assert_int_not_equal(r.v[i + 8].kind, HELP_ROW_MORE);
	assert_non_null(strstr(r.v[i + 7].text, "xx..."));
	assert_all_fit(&r, 60);
	buf_release(&macro);
	buf_release(&seen);
	help_rows_release(&r);
	keymaps_free(&k);
}

static void description_wraps_at_spaces(void **state)
{
	static const char *const lines[] = {
		"macro index Q <exit> \"one two three four five six seven eight nine ten eleven\"",
		NULL,
	};
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	size_t i;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 52, &r); /* descriptions at 21, 31 wide */
	i = (size_t)(row_starting(&r, "Q ") - r.v);
	assert_string_equal(r.v[i].text, "Q           M <exit> one two three four five six");
	assert_string_equal(r.v[i + 1].text, "                     seven eight nine ten eleven");
	assert_int_equal(r.v[i + 1].kind, HELP_ROW_MORE);
	help_rows_release(&r);
	config_free(&c);
}

static void wide_characters_line_up(void **state)
{
	static const char *const lines[] = {
		"macro index Ü \"<limit>~N<enter>\" \"日本語の説明\"",
		"macro index 日 <exit> \"e\xcc\x81t\xc3\xa9 👩‍👩‍👧 説明\"",
		NULL,
	};
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	const char *u, *cjk;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	u = row_starting(&r, "Ü")->text;
	cjk = row_starting(&r, "日")->text;
	assert_string_equal(u, "Ü           M <limit>~N<enter>     日本語の説明");
	assert_int_equal(col_of(u, "M <"), 12);
	assert_int_equal(col_of(cjk, "M <"), 12);
	assert_int_equal(col_of(u, "日本"), 35);
	assert_int_equal(col_of(cjk, "e\xcc\x81"), 35);
	/* a description of wide characters wraps by columns too */
	help_lines(cfg_keymaps(c), MENU_INDEX, 40, &r); /* 21 columns: 10 wide characters */
	u = row_starting(&r, "Ü")->text;
	assert_int_equal(col_of(u, "日本"), 19);
	assert_all_fit(&r, 40);
	help_rows_release(&r);
	config_free(&c);
}

static void control_characters_are_shown_as_mutt_does(void **state)
{
	struct keymaps *k = keymaps_new();
	struct help_rows r = HELP_ROWS_INIT;
	struct keyseq e = { { 'E' }, 1 };
	(void)state;

	keymap_macro(k, MENU_INDEX, &e, "\x1b[A\n\t\x01\x7f",
		     "a\rb\xc2\x85"
		     "c\xff");
	help_lines(k, MENU_INDEX, 80, &r);
	assert_string_equal(row_starting(&r, "E ")->text,
			    "E           M \\e[A\\n\\t^A^?         a\\rb\xef\xbf\xbd"
			    "c\xef\xbf\xbd");
	help_rows_release(&r);
	keymaps_free(&k);
}

static void unbind_removes_the_line_and_lists_the_function(void **state)
{
	static const char *const lines[] = { "unbind index d", NULL };
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	assert_null(row_starting(&r, "d "));
	assert_true(listed_unbound(&r, OP_DELETE_MESSAGE));
	assert_non_null(row_starting(&r, "delete-message"));
	assert_int_equal(
		col_of(row_starting(&r, "delete-message")->text, op_description(OP_DELETE_MESSAGE)),
		35);
	help_rows_release(&r);
	config_free(&c);
}

static void unbound_functions_are_those_the_menu_offers_and_no_key_runs(void **state)
{
	struct keymaps *k = keymaps_new();
	struct help_rows r = HELP_ROWS_INIT;
	size_t h;
	enum op prev = OP_NULL;
	(void)state;

	help_lines(k, MENU_INDEX, 80, &r);
	h = heading_at(&r);
	assert_int_equal(r.v[h - 1].kind, HELP_ROW_BLANK);
	assert_string_equal(r.v[h - 1].text, "");
	assert_int_equal(r.v[h + 1].kind, HELP_ROW_BLANK);
	assert_true(listed_unbound(&r, OP_WHAT_KEY)); /* mutt leaves it unbound */
	assert_false(listed_unbound(&r, OP_EDIT_TO)); /* compose's, not the index's */
	for (size_t i = h + 2; i < r.n; i++) {
		if (r.v[i].kind == HELP_ROW_MORE)
			continue;
		assert_int_equal(r.v[i].kind, HELP_ROW_UNBOUND);
		assert_true(menu_offers(MENU_INDEX, r.v[i].op));
		assert_true(r.v[i].op > prev); /* name order, each once */
		prev = r.v[i].op;
		struct keyseq unused;
		assert_false(keymap_find_op(k, MENU_INDEX, r.v[i].op, &unused));
	}
	/* and every offered function with no key is there */
	for (int op = 1; op < OP_COUNT; op++) {
		struct keyseq unused;
		if (menu_offers(MENU_INDEX, (enum op)op) &&
		    !keymap_find_op(k, MENU_INDEX, (enum op)op, &unused))
			assert_true(listed_unbound(&r, (enum op)op));
	}
	/* a menu out of range has nothing to list but the heading */
	assert_int_equal(help_lines(k, (enum menu_id)MENU_COUNT, 80, &r), 3);
	assert_int_equal(heading_at(&r), 1);
	help_rows_release(&r);
	keymaps_free(&k);
}

static void each_visible_key_once(void **state)
{
	static const char *const lines[] = { "bind generic j exit", "bind index j next-entry",
					     NULL };
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	int js = 0;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 80, &r);
	for (size_t i = 0; i < r.n; i++)
		js += strncmp(r.v[i].text, "j ", 2) == 0;
	assert_int_equal(js, 1); /* generic's j is shadowed by the index's */
	assert_int_equal(row_starting(&r, "j ")->op, OP_NEXT_ENTRY);
	help_rows_release(&r);
	config_free(&c);
}

static void narrow_screen_gives_each_part_its_rows(void **state)
{
	static const char *const lines[] = {
		"macro index Z \"<shell-escape>echo hi<enter>\" \"say hello\"",
		NULL,
	};
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	const struct help_row *d, *z;
	(void)state;

	help_lines(cfg_keymaps(c), MENU_INDEX, 20, &r);
	d = row_equal(&r, "d");
	assert_non_null(d);
	assert_string_equal(d[1].text, "delete-message");
	assert_int_equal(d[1].kind, HELP_ROW_MORE);
	assert_int_equal(d[1].op, OP_DELETE_MESSAGE);
	assert_int_equal(d[2].kind, HELP_ROW_MORE);
	assert_int_equal(strncmp(d[2].text, op_description(OP_DELETE_MESSAGE), 5), 0);
	z = row_equal(&r, "Z");
	assert_non_null(z);
	assert_string_equal(z[1].text, "M <shell-escape>e...");
	assert_string_equal(z[2].text, "say hello");
	assert_all_fit(&r, 20);
	help_rows_release(&r);
	config_free(&c);
}

static void every_width_fits(void **state)
{
	static const char *const lines[] = {
		"macro index Ü \"<limit>~N<enter>\" \"日本語の説明とても長い説明です\"",
		"macro index 日日日日日日日日日日日日日日日日 <exit> \"👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧\"",
		"bind index <F12><F12><F12><F12><F12><F12><F12><F12><F12><F12> quit",
		"macro index M \"日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語\"",
		NULL,
	};
	struct config *c = rc(lines);
	struct help_rows r = HELP_ROWS_INIT;
	(void)state;

	for (int cols = -1; cols <= 130; cols++) {
		help_lines(cfg_keymaps(c), MENU_INDEX, cols, &r);
		assert_all_fit(&r, cols);
		help_lines(cfg_keymaps(c), MENU_PAGER, cols, &r);
		assert_all_fit(&r, cols);
	}
	help_rows_release(&r);
	config_free(&c);
}

static void help_bar_of_the_index_and_pager(void **state)
{
	struct keymaps *k = keymaps_new();
	struct buf bar = BUF_INIT;
	(void)state;

	help_bar(k, MENU_INDEX, &bar);
	assert_buf_eq(&bar, "q:Quit  d:Del  u:Undel  s:Save  m:Mail  r:Reply  g:Group  ?:Help");
	buf_reset(&bar);
	help_bar(k, MENU_PAGER, &bar);
	assert_buf_eq(&bar, "i:Exit  -:PrevPg  <Space>:NextPg  v:View Attachm.  d:Del  r:Reply  "
			    "j:Next  ?:Help");
	buf_reset(&bar);
	help_bar(k, MENU_EDITOR, &bar);
	help_bar(k, MENU_GENERIC, &bar);
	help_bar(k, (enum menu_id)MENU_COUNT, &bar);
	assert_buf_eq(&bar, "");
	help_bar(k, MENU_BROWSER, &bar);
	assert_non_null(strstr(bar.data, ":Chdir"));
	buf_release(&bar);
	keymaps_free(&k);
}

static void help_bar_follows_rebinding(void **state)
{
	static const char *const lines[] = {
		"bind index X quit",                /* X sorts before q: mutt shows X too */
		"unbind index d",                   /* no key deletes: Del is left out */
		"bind index \\Cu undelete-message", /* ^U sorts before u */
		"unbind index ?",
		"bind index <F1> help",
		NULL,
	};
	struct config *c = rc(lines);
	struct buf bar = BUF_INIT;
	static const struct help_item mine[] = {
		{ OP_WHAT_KEY, "Key" },
		{ OP_QUIT, "Quit" },
		{ OP_LIMIT, "Limit" },
	};
	(void)state;

	help_bar(cfg_keymaps(c), MENU_INDEX, &bar);
	assert_buf_eq(&bar, "X:Quit  ^U:Undel  s:Save  m:Mail  r:Reply  g:Group  <F1>:Help");
	buf_reset(&bar);
	help_bar_items(cfg_keymaps(c), MENU_INDEX, mine, 3, &bar);
	assert_buf_eq(&bar, "X:Quit  l:Limit");
	buf_release(&bar);
	config_free(&c);
}

static void title_names_the_menu(void **state)
{
	struct buf t = BUF_INIT;
	(void)state;

	help_title(MENU_INDEX, &t);
	assert_buf_eq(&t, "Help for index");
	buf_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_index_bindings_in_mutts_columns),
		cmocka_unit_test(wide_screen_moves_the_columns),
		cmocka_unit_test(rc_binding_shows),
		cmocka_unit_test(macro_with_description_is_cut_in_the_function_column),
		cmocka_unit_test(macro_without_description_shows_its_keys),
		cmocka_unit_test(long_macro_wraps_keeping_spaces_and_is_capped),
		cmocka_unit_test(description_wraps_at_spaces),
		cmocka_unit_test(wide_characters_line_up),
		cmocka_unit_test(control_characters_are_shown_as_mutt_does),
		cmocka_unit_test(unbind_removes_the_line_and_lists_the_function),
		cmocka_unit_test(unbound_functions_are_those_the_menu_offers_and_no_key_runs),
		cmocka_unit_test(each_visible_key_once),
		cmocka_unit_test(narrow_screen_gives_each_part_its_rows),
		cmocka_unit_test(every_width_fits),
		cmocka_unit_test(help_bar_of_the_index_and_pager),
		cmocka_unit_test(help_bar_follows_rebinding),
		cmocka_unit_test(title_names_the_menu),
	};
	return RUN_TESTS(tests);
}
