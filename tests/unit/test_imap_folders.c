/* test_imap_folders.c - folder entries from LIST responses, names, and the browser's IMAP rows */
#include "config/config.h"
#include "imap/folders.h"
#include "tests/unit/unit.h"
#include "ui/browser_model_imap.h"

static struct imap_list lst(const char *name, char delim, unsigned attrs)
{
	struct imap_list r;

	memset(&r, 0, sizeof(r));
	r.attrs = attrs;
	r.delim = delim;
	r.mailbox.s = name;
	r.mailbox.len = name ? strlen(name) : 0;
	return r;
}

static bool add(struct imap_folder_list *l, const char *name, unsigned attrs, bool utf8)
{
	struct imap_list r = lst(name, '/', attrs);

	return imap_folder_list_add(l, &r, utf8);
}

static void folder_names_decoded_from_mutf7(void **state)
{
	struct imap_folder_list l;

	(void)state;
	imap_folder_list_init(&l);
	assert_true(add(&l, "Entw&APw-rfe", 0, false));
	assert_true(add(&l, "&ZeVnLIqe-", IMAP_LIST_HASNOCHILDREN, false));
	assert_string_equal(l.v[0].name, "Entw\xc3\xbcrfe");
	assert_string_equal(l.v[1].name, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	assert_int_equal(l.v[1].attrs, IMAP_LIST_HASNOCHILDREN);
	assert_int_equal(l.v[1].delim, '/');
	/* under UTF8=ACCEPT the name is taken as sent, "&" and all */
	assert_true(add(&l, "Caf\xc3\xa9 &Co", 0, true));
	assert_string_equal(l.v[2].name, "Caf\xc3\xa9 &Co");
	assert_int_equal(l.dropped, 0);
	imap_folder_list_release(&l);
}

static void bad_names_are_dropped_and_counted(void **state)
{
	struct imap_folder_list l;
	struct buf big = BUF_INIT;
	struct imap_list r = lst("a\0b", '/', 0);

	(void)state;
	imap_folder_list_init(&l);
	assert_false(add(&l, "bad&-shift&", 0, false)); /* unterminated shift */
	assert_false(add(&l, "caf\xc3\xa9", 0, false)); /* 8-bit without UTF8=ACCEPT */
	assert_false(add(&l, "caf\xe9", 0, true));      /* not UTF-8 */
	assert_false(add(&l, "", 0, false));
	assert_false(add(&l, NULL, 0, false));
	r.mailbox.len = 3; /* a NUL inside a literal */
	assert_false(imap_folder_list_add(&l, &r, true));
	fill_buf(&big, 'x', IMAP_FOLDER_NAME_MAX + 1);
	assert_false(add(&l, big.data, 0, false));
	/* names that would drive the terminal: ESC hidden in modified UTF-7, C1 CSI in UTF-8 */
	assert_false(add(&l, "a&ABs-[2J", 0, false));
	assert_false(add(&l,
			 "a\xc2\x9b"
			 "2J",
			 0, true));
	assert_false(add(&l, "del\x7f", 0, true));
	assert_true(add(&l, "ok", 0, false));
	assert_false(add(&l, "ok", 0, false)); /* a repeat */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.dropped, 11);
	buf_release(&big);
	imap_folder_list_release(&l);
}

static void entry_count_is_capped(void **state)
{
	struct imap_folder_list l;
	char name[32];

	(void)state;
	imap_folder_list_init(&l);
	l.max = 100;
	for (int i = 0; i < 250; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		add(&l, name, 0, false);
	}
	assert_int_equal(l.n, 100);
	assert_int_equal(l.dropped, 150);
	imap_folder_list_release(&l);
	assert_int_equal(l.max, 100); /* the cap survives a release, for the next listing */
	assert_int_equal(l.n, 0);
}

static void sorted_with_inbox_first(void **state)
{
	struct imap_folder_list l;

	(void)state;
	imap_folder_list_init(&l);
	add(&l, "Sent", 0, false);
	add(&l, "Archive", 0, false);
	add(&l, "INBOX", 0, false);
	imap_folder_list_sort(&l);
	assert_string_equal(l.v[0].name, "INBOX");
	assert_string_equal(l.v[1].name, "Archive");
	assert_string_equal(l.v[2].name, "Sent");
	imap_folder_list_release(&l);
}

static void names_joined_and_split_by_delimiter(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	imap_folder_join("", '/', "Work", &b);
	assert_buf_eq(&b, "Work");
	imap_folder_join("Work", '/', "2026", &b);
	assert_buf_eq(&b, "Work/2026");
	imap_folder_join("INBOX", '.', "lists", &b);
	assert_buf_eq(&b, "INBOX.lists");
	imap_folder_join("flat", 0, "x", &b);
	assert_buf_eq(&b, "flatx");
	assert_string_equal(imap_folder_leaf("Work/2026/q1", '/'), "q1");
	assert_string_equal(imap_folder_leaf("INBOX.lists", '.'), "lists");
	assert_string_equal(imap_folder_leaf("a/b", 0), "a/b");
	imap_folder_parent("Work/2026/q1", '/', &b);
	assert_buf_eq(&b, "Work/2026");
	imap_folder_parent("Work", '/', &b);
	assert_buf_eq(&b, "");
	buf_release(&b);
}

static void special_use_and_children(void **state)
{
	(void)state;
	assert_string_equal(imap_folder_special(IMAP_LIST_SENT | IMAP_LIST_HASNOCHILDREN), "Sent");
	assert_string_equal(imap_folder_special(IMAP_LIST_TRASH), "Trash");
	assert_string_equal(imap_folder_special(IMAP_LIST_JUNK), "Junk");
	assert_null(imap_folder_special(IMAP_LIST_HASCHILDREN));
	assert_true(imap_folder_has_children(IMAP_LIST_HASCHILDREN));
	assert_true(imap_folder_has_children(IMAP_LIST_NOSELECT));
	assert_false(imap_folder_has_children(IMAP_LIST_NOSELECT | IMAP_LIST_NOINFERIORS));
	assert_false(imap_folder_has_children(IMAP_LIST_HASNOCHILDREN));
	assert_false(
		imap_folder_has_children(0)); /* no CHILDREN: open it, descend-directory enters */
}

static void browser_rows_for_one_level(void **state)
{
	struct imap_folder_list fl;
	struct browser_list l;
	struct imap_url u;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(imap_url_parse("imaps://alice@mail.example/Lists", &u, &err), 0);
	imap_folder_list_init(&fl);
	browser_list_init(&l);
	add(&fl, "Lists/dev", IMAP_LIST_HASCHILDREN, false);
	add(&fl, "Lists/&AOk-t&AOk-", IMAP_LIST_HASNOCHILDREN | IMAP_LIST_ARCHIVE, false);
	add(&fl, "Lists/node", IMAP_LIST_NOSELECT, false);
	browser_imap_fill(&u, "Lists", '/', IMAP_LIST_HASCHILDREN, &fl, &l);
	assert_true(l.imap);
	assert_string_equal(l.dir, "imaps://alice@mail.example/Lists");
	assert_int_equal(l.n, 5);
	/* "..": up to the top, which is the server's URL without a folder */
	assert_true(l.v[0].is_parent);
	assert_string_equal(l.v[0].imap_name, "");
	assert_string_equal(l.v[0].path, "imaps://alice@mail.example/");
	/* the folder listed, to open it */
	assert_string_equal(l.v[1].name, "Lists");
	assert_false(l.v[1].is_dir);
	assert_string_equal(l.v[2].name, "dev");
	assert_string_equal(l.v[2].imap_name, "Lists/dev");
	assert_true(l.v[2].is_dir);
	assert_false(l.v[2].local);
	assert_int_equal(l.v[2].type, MX_IMAP);
	assert_string_equal(l.v[3].name, "\xc3\xa9t\xc3\xa9");
	assert_string_equal(l.v[3].path, "imaps://alice@mail.example/Lists/%C3%A9t%C3%A9");
	assert_string_equal(l.v[3].special, "Archive");
	assert_false(l.v[3].is_dir);
	assert_true(l.v[4].noselect);
	assert_true(l.v[4].is_dir);
	browser_list_release(&l);
	imap_folder_list_release(&fl);
	imap_url_release(&u);
	buf_release(&err);
}

static void browser_top_level_has_no_parent(void **state)
{
	struct imap_folder_list fl;
	struct browser_list l;
	struct imap_url u;
	struct buf err = BUF_INIT, line = BUF_INIT;
	struct config *c = config_new();

	(void)state;
	assert_int_equal(imap_url_parse("imap://mail.example", &u, &err), 0);
	imap_folder_list_init(&fl);
	browser_list_init(&l);
	add(&fl, "INBOX", IMAP_LIST_HASNOCHILDREN, false);
	add(&fl, "Lists", IMAP_LIST_HASCHILDREN, false);
	add(&fl, "Papierkorb", IMAP_LIST_HASNOCHILDREN | IMAP_LIST_TRASH, false);
	browser_imap_fill(&u, "", '/', IMAP_LIST_NOSELECT, &fl, &l);
	assert_int_equal(l.n, 3);
	assert_false(l.v[0].is_parent);
	assert_string_equal(l.v[0].path, "imap://mail.example/INBOX");
	/* %f: "Lists/" for a folder with folders below, as mutt shows it */
	assert_int_equal(cfg_set(c, V_folder_format, "%f", &err), 0);
	browser_list_line(c, &l, 1, 0, &line);
	assert_buf_eq(&line, "Lists/");
	buf_reset(&line);
	browser_list_line(c, &l, 0, 0, &line);
	assert_buf_eq(&line, "INBOX");
	/* %d: a server folder has no date; its SPECIAL-USE role shows there */
	assert_int_equal(cfg_set(c, V_folder_format, "%f|%d|", &err), 0);
	buf_reset(&line);
	browser_list_line(c, &l, 2, 0, &line);
	assert_buf_eq(&line, "Papierkorb|[Trash]|");
	buf_reset(&line);
	browser_list_line(c, &l, 0, 0, &line);
	assert_buf_eq(&line, "INBOX||");
	config_free(&c);
	browser_list_release(&l);
	imap_folder_list_release(&fl);
	imap_url_release(&u);
	buf_release(&err);
	buf_release(&line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folder_names_decoded_from_mutf7),
		cmocka_unit_test(bad_names_are_dropped_and_counted),
		cmocka_unit_test(entry_count_is_capped),
		cmocka_unit_test(sorted_with_inbox_first),
		cmocka_unit_test(names_joined_and_split_by_delimiter),
		cmocka_unit_test(special_use_and_children),
		cmocka_unit_test(browser_rows_for_one_level),
		cmocka_unit_test(browser_top_level_has_no_parent),
	};
	return RUN_TESTS(tests);
}
