/*
 * test_browser_model.c - the folder browser's entries on real temporary
 * directories: classification by the model's probe, counts, "..", $mask,
 * sorting every way, the mailboxes view, moving between directories, the
 * $folder_format line, and errors.
 */
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include "tests/unit/mh_test.h"

#include "ui/browser_model.h"

#define MBOX_MSG "From alice@example.org Mon Jan  1 00:00:00 2024\nSubject: hi\n\nbody\n"

struct fixture {
	char *dir;
	struct config *c;
	struct browser_list l;
	struct buf err;
};

static void mkdir_in(const char *dir, const char *name)
{
	char *p = path_of(dir, name);

	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

/* A Maildir with its new/ and cur/ messages (NULL-terminated lists of names). */
static void make_maildir(const char *dir, const char *name, const char *const *new_files,
			 const char *const *cur_files)
{
	static const char *const subs[] = { "cur", "new", "tmp" };
	char *md = path_of(dir, name);
	char *sub;

	mkdir_in(dir, name);
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		mkdir_in(md, subs[i]);
	sub = path_of(md, "new");
	for (; new_files && *new_files; new_files++)
		put(sub, *new_files, "Subject: n\n\nx\n");
	free(sub);
	sub = path_of(md, "cur");
	for (; cur_files && *cur_files; cur_files++)
		put(sub, *cur_files, "Subject: c\n\nx\n");
	free(sub);
	free(md);
}

/* An MH folder with messages 1..n and the given sequence file. */
static void make_mh(const char *dir, const char *name, unsigned n, const char *seqs)
{
	char *mh = path_of(dir, name);

	mkdir_in(dir, name);
	for (unsigned i = 1; i <= n; i++)
		put_msg(mh, i);
	put(mh, ".mh_sequences", seqs);
	free(mh);
}

/* Set the access and modification times of dir/name (seconds since the epoch). */
static void set_times(const char *dir, const char *name, time_t atime, time_t mtime)
{
	char *p = path_of(dir, name);
	struct timespec ts[2] = { { atime, 0 }, { mtime, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW), 0);
	free(p);
}

static void set(struct fixture *f, enum var_id id, const char *value)
{
	buf_reset(&f->err);
	if (cfg_set(f->c, id, value, &f->err))
		fail_msg("set %s=%s: %s", var_def(id)->name, value, f->err.data);
}

static void run_rc(struct fixture *f, const char *line)
{
	buf_reset(&f->err);
	if (config_run(f->c, line, NULL, 0, &f->err))
		fail_msg("%s: %s", line, f->err.data);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->dir = tmp_dir();
	f->c = config_new();
	buf_init(&f->err, 0);
	browser_list_init(&f->l);
	set(f, V_folder, f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	browser_list_release(&f->l);
	config_free(&f->c);
	buf_release(&f->err);
	chmod(f->dir, 0700);
	rm_tree(&f->dir);
	free(f);
	return 0;
}

static void list(struct fixture *f, const char *dir)
{
	buf_reset(&f->err);
	if (browser_list_dir(f->c, dir, &f->l, &f->err))
		fail_msg("list %s: %s", dir, f->err.data);
}

static const struct browser_entry *entry(struct fixture *f, const char *name)
{
	long i = browser_find(&f->l, name, false);

	if (i < 0)
		fail_msg("no entry %s", name);
	return &f->l.v[i];
}

/* The names in list order, space-separated. */
static char *names(const struct browser_list *l)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", l->v[i].name);
	return buf_detach(&b, NULL);
}

#define assert_names(f, want) assert_owned_str(names(&(f)->l), want)

/* The $folder_format line of entry name (cols 0). */
static char *line_of(struct fixture *f, const char *fmt, const char *name)
{
	struct buf b = BUF_INIT;
	long i = browser_find(&f->l, name, false);

	assert_true(i >= 0);
	set(f, V_folder_format, fmt);
	browser_entry_line(f->c, &f->l.v[i], (size_t)i, 0, &b);
	return buf_detach(&b, NULL);
}

#define assert_line(f, fmt, name, want) assert_owned_str(line_of(f, fmt, name), want)

/* ---- listing and classification ------------------------------------------ */

static void dir_entries_are_classified_by_the_probe(void **state)
{
	struct fixture *f = *state;

	make_maildir(f->dir, "inbox", NULL, NULL);
	make_mh(f->dir, "mh", 1, "");
	put(f->dir, "box", MBOX_MSG);
	put(f->dir, "mmdf", "\001\001\001\001\nSubject: x\n\nbody\n\001\001\001\001\n");
	mkdir_in(f->dir, "sub");
	put(f->dir, "notes.txt", "just some text\n");
	list(f, f->dir);

	assert_int_equal(entry(f, "inbox")->type, MX_MAILDIR);
	assert_true(entry(f, "inbox")->is_dir);
	assert_int_equal(entry(f, "mh")->type, MX_MH);
	assert_int_equal(entry(f, "box")->type, MX_MBOX);
	assert_false(entry(f, "box")->is_dir);
	assert_int_equal(entry(f, "mmdf")->type, MX_MMDF);
	assert_int_equal(entry(f, "sub")->type, MX_UNKNOWN);
	assert_true(entry(f, "sub")->is_dir);
	assert_int_equal(entry(f, "notes.txt")->type, MX_UNKNOWN);
	assert_false(entry(f, "notes.txt")->is_dir);
	assert_int_equal(entry(f, "notes.txt")->total, BROWSER_COUNT_UNKNOWN);
	{
		char *want = path_of(f->dir, "notes.txt");
		assert_string_equal(entry(f, "notes.txt")->path, want);
		free(want);
	}
	assert_int_equal(f->l.mode, BROWSER_DIR);
	assert_string_equal(f->l.dir, f->dir);
	/* only the plain directory and ".." are descended into; mail folders open */
	assert_true(browser_entry_descends(entry(f, "sub")));
	assert_true(browser_entry_descends(entry(f, "..")));
	assert_false(browser_entry_descends(entry(f, "inbox")));
	assert_false(browser_entry_descends(entry(f, "mh")));
	assert_false(browser_entry_descends(entry(f, "box")));
}

static void dot_files_are_hidden_by_mask_but_not_dotdot(void **state)
{
	struct fixture *f = *state;

	put(f->dir, ".hidden", "x");
	put(f->dir, "shown", "x");
	list(f, f->dir);
	assert_names(f, ".. shown");
	assert_true(entry(f, "..")->is_parent);
	assert_true(entry(f, "..")->is_dir);

	/* a user's $mask is honoured; "." is never listed */
	set(f, V_mask, ".");
	list(f, f->dir);
	assert_names(f, ".. .hidden shown");
	set(f, V_mask, "!^s");
	list(f, f->dir);
	assert_names(f, ".. .hidden");
}

static void pipes_and_sockets_are_not_listed(void **state)
{
	struct fixture *f = *state;
	char *fifo = path_of(f->dir, "fifo");

	assert_int_equal(mkfifo(fifo, 0600), 0);
	free(fifo);
	put(f->dir, "file", "");
	list(f, f->dir);
	assert_names(f, ".. file");
	/* an empty file is an empty mbox for the probe */
	assert_int_equal(entry(f, "file")->type, MX_MBOX);
}

/* ---- counts --------------------------------------------------------------- */

static void maildir_counts_new_and_unseen(void **state)
{
	struct fixture *f = *state;
	const char *const new_files[] = { "1.a.host", "2.b.host", ".dotfile", NULL };
	const char *const cur_files[] = { "3.c.host:2,S", "4.d.host:2,RS", "5.e.host:2,F",
					  "6.f.host", NULL };

	make_maildir(f->dir, "md", new_files, cur_files);
	list(f, f->dir);
	assert_int_equal(entry(f, "md")->total, 6);
	assert_int_equal(entry(f, "md")->unread, 4); /* new/ and the two without S */
	assert_true(entry(f, "md")->has_new);
}

static void maildir_with_unread_only_in_cur_has_no_new_mail(void **state)
{
	struct fixture *f = *state;
	const char *const cur_files[] = { "3.c.host:2,", "4.d.host:2,S", NULL };

	make_maildir(f->dir, "md", NULL, cur_files);
	make_maildir(f->dir, "empty", NULL, NULL);
	list(f, f->dir);
	assert_int_equal(entry(f, "md")->total, 2);
	assert_int_equal(entry(f, "md")->unread, 1);
	assert_false(entry(f, "md")->has_new); /* mutt's "new" is new/, not unread */
	assert_int_equal(entry(f, "empty")->total, 0);
	assert_int_equal(entry(f, "empty")->unread, 0);
}

static void mh_counts_the_unseen_sequence(void **state)
{
	struct fixture *f = *state;

	/* continued line, overlapping ranges, a message that is gone (9), another sequence */
	make_mh(f->dir, "mh", 5, "cur: 1\nunseen: 2-3 3\n 5 9\nmine: 1-5\n");
	list(f, f->dir);
	assert_int_equal(entry(f, "mh")->type, MX_MH);
	assert_int_equal(entry(f, "mh")->total, 5);
	assert_int_equal(entry(f, "mh")->unread, 3);
	assert_true(entry(f, "mh")->has_new);

	/* the sequence's name is $mh_seq_unseen */
	set(f, V_mh_seq_unseen, "mine");
	list(f, f->dir);
	assert_int_equal(entry(f, "mh")->unread, 5);
}

static void mh_without_unseen_has_nothing_unread(void **state)
{
	struct fixture *f = *state;

	make_mh(f->dir, "mh", 3, "cur: 2\n");
	list(f, f->dir);
	assert_int_equal(entry(f, "mh")->total, 3);
	assert_int_equal(entry(f, "mh")->unread, 0);
	assert_false(entry(f, "mh")->has_new);
}

static void mbox_is_not_read_only_its_size_times_and_new_flag(void **state)
{
	struct fixture *f = *state;

	put(f->dir, "fresh", MBOX_MSG);
	put(f->dir, "seen", MBOX_MSG);
	set_times(f->dir, "fresh", 1000000000, 1000000100); /* modified after last read */
	set_times(f->dir, "seen", 1000000200, 1000000100);
	list(f, f->dir);
	assert_true(entry(f, "fresh")->has_new);
	assert_false(entry(f, "seen")->has_new);
	assert_int_equal(entry(f, "fresh")->total, BROWSER_COUNT_UNKNOWN);
	assert_int_equal(entry(f, "fresh")->unread, BROWSER_COUNT_UNKNOWN);
	assert_int_equal(entry(f, "fresh")->size, strlen(MBOX_MSG));
	assert_int_equal(entry(f, "fresh")->mtime, 1000000100);
	assert_int_equal(entry(f, "..")->size, 0); /* directories have no size, as in mutt */
}

/* ---- sorting -------------------------------------------------------------- */

/* Three mboxes: b (small, old, 2 msgs?) and so on; sizes and dates differ. */
static void make_three(struct fixture *f)
{
	const char *const two_new[] = { "1.a.h", "2.b.h", NULL };
	const char *const one_cur[] = { "3.c.h:2,S", NULL };

	put(f->dir, "b", MBOX_MSG MBOX_MSG MBOX_MSG);
	put(f->dir, "a", MBOX_MSG);
	make_maildir(f->dir, "c", two_new, one_cur);
	set_times(f->dir, "a", 1000000000, 1000000300);
	set_times(f->dir, "b", 1000000000, 1000000100);
	set_times(f->dir, "c", 1000000000, 1000000200);
}

static void sort(struct fixture *f, const char *how)
{
	set(f, V_sort_browser, how);
	browser_sort(&f->l, browser_sort_method(f->c, BROWSER_DIR));
}

static void sort_alpha_and_reverse_keep_dotdot_first(void **state)
{
	struct fixture *f = *state;

	make_three(f);
	list(f, f->dir); /* $sort_browser's default is alpha */
	assert_names(f, ".. a b c");
	sort(f, "reverse-alpha");
	assert_names(f, ".. c b a");
}

static void sort_by_date_and_reverse(void **state)
{
	struct fixture *f = *state;

	make_three(f);
	list(f, f->dir);
	sort(f, "date");
	assert_names(f, ".. b c a");
	sort(f, "reverse-date");
	assert_names(f, ".. a c b");
}

static void sort_by_size_and_reverse(void **state)
{
	struct fixture *f = *state;

	make_three(f);
	list(f, f->dir);
	sort(f, "size");
	assert_names(f, ".. c a b"); /* a directory's size is 0 */
	sort(f, "reverse-size");
	assert_names(f, ".. b a c");
}

static void sort_by_count_and_unread(void **state)
{
	struct fixture *f = *state;
	const char *const one_new[] = { "1.a.h", NULL };
	const char *const three_seen[] = { "2.a.h:2,S", "3.a.h:2,S", "4.a.h:2,S", NULL };

	make_maildir(f->dir, "m1", one_new, three_seen); /* 4 messages, 1 unread */
	make_mh(f->dir, "m2", 2, "unseen: 1-2\n");       /* 2 messages, 2 unread */
	put(f->dir, "m3", MBOX_MSG);                     /* unknown: counts as 0 */
	list(f, f->dir);
	sort(f, "count");
	assert_names(f, ".. m3 m2 m1");
	sort(f, "reverse-count");
	assert_names(f, ".. m1 m2 m3");
	sort(f, "unread");
	assert_names(f, ".. m3 m1 m2");
	sort(f, "reverse-unread");
	assert_names(f, ".. m2 m1 m3");
}

static void sort_browser_applies_when_listing_and_ties_go_by_name(void **state)
{
	struct fixture *f = *state;

	put(f->dir, "y", "");
	put(f->dir, "x", "");
	put(f->dir, "z", "12345");
	set(f, V_sort_browser, "size");
	list(f, f->dir);
	assert_names(f, ".. x y z");
	set(f, V_sort_browser, "reverse-size");
	list(f, f->dir);
	assert_names(f, ".. z y x");
}

/* ---- the mailboxes view ----------------------------------------------------- */

static void mailboxes_view_lists_the_mailboxes_in_order(void **state)
{
	struct fixture *f = *state;
	const char *const one_new[] = { "1.a.h", NULL };
	struct buf rc = BUF_INIT;

	make_maildir(f->dir, "work", one_new, NULL);
	make_mh(f->dir, "lists", 2, "unseen: 2\n");
	put(f->dir, "spool", MBOX_MSG);
	make_maildir(f->dir, "quiet", one_new, NULL);
	buf_printf(
		&rc,
		"mailboxes =work -label Lists =lists =gone %s/spool imap://mail.example.org/INBOX"
		" -nopoll =quiet",
		f->dir);
	run_rc(f, rc.data);
	buf_release(&rc);
	list(f, f->dir); /* the view keeps the directory for toggling back */
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	assert_int_equal(f->l.mode, BROWSER_MAILBOXES);
	assert_string_equal(f->l.dir, f->dir);
	/* unsorted ($sort_browser_mailboxes), =gone left out, $folder abbreviated */
	assert_names(f, "=work Lists =spool imap://mail.example.org/INBOX =quiet");
	assert_int_equal(entry(f, "=work")->type, MX_MAILDIR);
	assert_int_equal(entry(f, "=work")->total, 1);
	assert_true(entry(f, "=work")->has_new);
	assert_int_equal(entry(f, "Lists")->unread, 1);
	assert_int_equal(entry(f, "=spool")->type, MX_MBOX);
	assert_false(entry(f, "imap://mail.example.org/INBOX")->local);
	assert_int_equal(entry(f, "imap://mail.example.org/INBOX")->type, MX_IMAP);
	assert_int_equal(entry(f, "=quiet")->total, BROWSER_COUNT_UNKNOWN); /* -nopoll */
	assert_false(entry(f, "=quiet")->has_new);
	assert_true(browser_find(&f->l, f->dir, false) < 0);
	assert_int_equal(browser_find(&f->l, entry(f, "Lists")->path, true), 1);

	set(f, V_sort_browser_mailboxes, "alpha");
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	assert_names(f, "=quiet =spool =work Lists imap://mail.example.org/INBOX");
	set(f, V_browser_abbreviate_mailboxes, "no");
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	assert_true(browser_find(&f->l, entry(f, "Lists")->path, false) < 0);
	assert_true(browser_find(&f->l, entry(f, "Lists")->path, true) >= 0);
}

/* The mailboxes list is drawn by $mailbox_folder_format: new and total counts, the name. */
static void mailbox_list_lines_show_counts(void **state)
{
	struct fixture *f = *state;
	const char *const one_new[] = { "1.a.h", NULL };
	struct buf b = BUF_INIT;

	make_maildir(f->dir, "work", one_new, NULL);
	make_mh(f->dir, "lists", 2, "unseen: 2\n");
	run_rc(f, "mailboxes =work =lists");
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	browser_list_line(f->c, &f->l, 0, 0, &b);
	assert_string_equal(b.data, " 1      1      1 =work");
	buf_reset(&b);
	browser_list_line(f->c, &f->l, 1, 0, &b);
	assert_string_equal(b.data, " 2      1      2 =lists");
	/* a directory listing keeps $folder_format */
	list(f, f->dir);
	set(f, V_folder_format, "%f|");
	buf_reset(&b);
	browser_list_line(f->c, &f->l, (size_t)browser_find(&f->l, "lists", false), 0, &b);
	assert_string_equal(b.data, "lists/|");
	buf_release(&b);
}

static void inbox_sorts_ahead_of_its_siblings(void **state)
{
	struct fixture *f = *state;

	put(f->dir, "archive", "");
	put(f->dir, "INBOX", "");
	put(f->dir, "zoo", "");
	run_rc(f, "mailboxes =zoo =archive =INBOX");
	set(f, V_sort_browser_mailboxes, "alpha");
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	assert_names(f, "=INBOX =archive =zoo");
	browser_sort(&f->l, SORT_ORDER | SORT_REVERSE); /* unsorted ignores reverse, as mutt */
	assert_names(f, "=zoo =archive =INBOX");
}

/* ---- moving around ---------------------------------------------------------- */

static void going_up_keeps_the_cursor_on_the_directory_left(void **state)
{
	struct fixture *f = *state;
	char *sub = path_of(f->dir, "m");
	size_t sel = 99;

	mkdir_in(f->dir, "a");
	mkdir_in(f->dir, "m");
	mkdir_in(f->dir, "z");
	mkdir_in(sub, "inner");
	list(f, f->dir);
	assert_int_equal(
		browser_enter(f->c, &f->l, (size_t)browser_find(&f->l, "m", false), &sel, &f->err),
		0);
	assert_string_equal(f->l.dir, sub);
	assert_int_equal(sel, 0);
	assert_names(f, ".. inner");

	/* selecting ".." goes up and puts the cursor on "m" */
	assert_int_equal(browser_enter(f->c, &f->l, 0, &sel, &f->err), 0);
	assert_string_equal(f->l.dir, f->dir);
	assert_names(f, ".. a m z");
	assert_int_equal(sel, 2);
	free(sub);

	/* a file is not entered */
	put(f->dir, "file", "x");
	list(f, f->dir);
	assert_int_equal(browser_enter(f->c, &f->l, (size_t)browser_find(&f->l, "file", false),
				       &sel, &f->err),
			 ERR_INVAL);
	assert_non_null(strstr(f->err.data, "not a directory"));
}

static void parent_of_a_path_is_found_as_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	static const char *const cases[][2] = {
		{ "/a/b", "/a" },
		{ "/a/b/", "/a" },
		{ "/a", "/" },
		{ "/", "/" },
		{ "a", ".." },
		{ "a/b", "a" },
		{ "..", "../.." },
		{ "x/..", "x/../.." },
		{ "a..", ".." },
		{ "//", "/" },
		{ "/a/b/..", "/a/b/../.." },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		browser_parent_dir(cases[i][0], &b);
		if (!buf_eq(&b, cases[i][1]))
			fail_msg("parent of %s is %s, want %s", cases[i][0], b.data, cases[i][1]);
	}
	buf_release(&b);
}

static void change_dir_expands_shortcuts_and_relative_paths(void **state)
{
	struct fixture *f = *state;
	char *sub = path_of(f->dir, "sub");
	char *deep = path_of(sub, "deep");

	mkdir_in(f->dir, "sub");
	mkdir_in(sub, "deep");
	list(f, "/");
	assert_int_equal(browser_chdir(f->c, &f->l, "=sub", &f->err), 0);
	assert_string_equal(f->l.dir, sub);
	assert_int_equal(browser_chdir(f->c, &f->l, "deep/", &f->err), 0);
	assert_string_equal(f->l.dir, deep);
	assert_int_equal(browser_chdir(f->c, &f->l, "+", &f->err), 0);
	assert_string_equal(f->l.dir, f->dir);

	put(f->dir, "file", "x");
	buf_reset(&f->err);
	assert_int_equal(browser_chdir(f->c, &f->l, "=file", &f->err), ERR_INVAL);
	assert_non_null(strstr(f->err.data, "is not a directory"));
	assert_string_equal(f->l.dir, f->dir); /* the listing stays */
	free(sub);
	free(deep);
}

static void unreadable_directory_gives_a_clear_error(void **state)
{
	struct fixture *f = *state;
	char *gone = path_of(f->dir, "gone");
	char *locked = path_of(f->dir, "locked");

	put(f->dir, "keep", "");
	list(f, f->dir);
	assert_int_equal(browser_list_dir(f->c, gone, &f->l, &f->err), ERR_NOTFOUND);
	assert_non_null(strstr(f->err.data, gone));
	assert_non_null(strstr(f->err.data, strerror(ENOENT)));
	assert_string_equal(f->l.dir, f->dir); /* the old listing is kept */
	assert_true(browser_find(&f->l, "keep", false) >= 0);

	mkdir_in(f->dir, "locked");
	chmod(locked, 0);
	buf_reset(&f->err);
	if (geteuid() != 0) { /* root reads any directory */
		assert_int_equal(browser_list_dir(f->c, locked, &f->l, &f->err), ERR_IO);
		assert_non_null(strstr(f->err.data, strerror(EACCES)));
	}
	chmod(locked, 0700);
	free(gone);
	free(locked);
}

/* ---- $folder_format ------------------------------------------------------- */

static void folder_format_names_counts_and_flags(void **state)
{
	struct fixture *f = *state;
	const char *const new_files[] = { "1.a.h", "2.b.h", NULL };
	const char *const cur_files[] = { "3.c.h:2,S", NULL };
	char *target = path_of(f->dir, "sub"), *link = path_of(f->dir, "ln");

	make_maildir(f->dir, "md", new_files, cur_files);
	mkdir_in(f->dir, "sub");
	put(f->dir, "run", "");
	chmod(f->dir, 0700);
	assert_int_equal(symlink(target, link), 0);
	{
		char *run = path_of(f->dir, "run");
		assert_int_equal(chmod(run, 0750), 0);
		free(run);
	}
	list(f, f->dir);
	assert_line(f, "%C|%f|%i|%m|%n|%N|%t", "md", "3|md/|md|3|2|N| ");
	assert_line(f, "%f %F", "run", "run* -rwxr-x---");
	assert_line(f, "%f %F", "sub", "sub/ drwx------");
	assert_line(f, "%f", "ln", "ln@");
	assert_line(f, "[%m][%n][%N]", "run", "[][][ ]");
	assert_line(f, "%?m?%m msgs&no count?", "md", "3 msgs");
	assert_line(f, "%?m?%m msgs&no count?", "run", "no count");
	assert_line(f, "%3C|%-4m|%.3n|%Q", "md", "  3|3   |002|%Q");

	f->l.v[browser_find(&f->l, "md", false)].tagged = true;
	assert_line(f, "%t%N", "md", "*N");
	free(target);
	free(link);
}

static void folder_format_owner_size_links_and_dates(void **state)
{
	struct fixture *f = *state;
	struct passwd *pw = getpwuid(getuid());
	struct group *gr = getgrgid(getgid());
	time_t now = time(NULL);
	struct buf want = BUF_INIT;
	char when[64];
	struct tm tm;

	put(f->dir, "big", "");
	{
		char *p = path_of(f->dir, "big");
		assert_int_equal(truncate(p, 2048), 0);
		free(p);
	}
	put(f->dir, "old", "x");
	put(f->dir, "now", "x");
	set_times(f->dir, "old", 946684800, 946684800); /* 2000-01-01 */
	set_times(f->dir, "now", now, now);
	list(f, f->dir);

	buf_printf(&want, "%s %s", pw ? pw->pw_name : "?", gr ? gr->gr_name : "?");
	assert_line(f, "%u %g", "big", want.data);
	assert_line(f, "%l %s", "big", "1 2.0K");
	assert_line(f, "%-5.5s|", "big", "2.0K |");

	localtime_r(&(time_t){ 946684800 }, &tm);
	strftime(when, sizeof(when), "%b %d  %Y", &tm);
	assert_line(f, "%d", "old", when);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%b %d %H:%M", &tm);
	assert_line(f, "%d", "now", when);
	set(f, V_date_format, "!%Y");
	localtime_r(&(time_t){ 946684800 }, &tm);
	strftime(when, sizeof(when), "%Y", &tm);
	assert_line(f, "%D", "old", when);
	buf_release(&want);
}

static void folder_format_default_fits_the_width(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT;

	put(f->dir, "a-mailbox-with-a-rather-long-name", MBOX_MSG);
	list(f, f->dir);
	for (size_t i = 0; i < f->l.n; i++) {
		buf_reset(&b);
		browser_entry_line(f->c, &f->l.v[i], i, 40, &b);
		assert_true(text_width(b.data, b.len) <= 40);
		assert_true(b.len > 0);
	}
	/* mutt's default starts with the number, right-aligned in two columns */
	buf_reset(&b);
	browser_entry_line(f->c, &f->l.v[0], 0, 0, &b);
	assert_true(!strncmp(b.data, " 1   ", 5));
	buf_release(&b);

	/* a remote mailbox has no file: those letters are empty */
	run_rc(f, "mailboxes imaps://example.org/INBOX");
	assert_int_equal(browser_list_mailboxes(f->c, &f->l, &f->err), 0);
	assert_line(f, "[%f][%s][%F][%u][%d]", "imaps://example.org/INBOX",
		    "[imaps://example.org/INBOX][][][][]");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(dir_entries_are_classified_by_the_probe),
		T(dot_files_are_hidden_by_mask_but_not_dotdot),
		T(pipes_and_sockets_are_not_listed),
		T(maildir_counts_new_and_unseen),
		T(maildir_with_unread_only_in_cur_has_no_new_mail),
		T(mh_counts_the_unseen_sequence),
		T(mh_without_unseen_has_nothing_unread),
		T(mbox_is_not_read_only_its_size_times_and_new_flag),
		T(sort_alpha_and_reverse_keep_dotdot_first),
		T(sort_by_date_and_reverse),
		T(sort_by_size_and_reverse),
		T(sort_by_count_and_unread),
		T(sort_browser_applies_when_listing_and_ties_go_by_name),
		T(mailboxes_view_lists_the_mailboxes_in_order),
		T(mailbox_list_lines_show_counts),
		T(inbox_sorts_ahead_of_its_siblings),
		T(going_up_keeps_the_cursor_on_the_directory_left),
		cmocka_unit_test(parent_of_a_path_is_found_as_text),
		T(change_dir_expands_shortcuts_and_relative_paths),
		T(unreadable_directory_gives_a_clear_error),
		T(folder_format_names_counts_and_flags),
		T(folder_format_owner_size_links_and_dates),
		T(folder_format_default_fits_the_width),
	};
#undef T
	return RUN_TESTS(tests);
}
