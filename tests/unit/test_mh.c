/*
 * test_mh.c - the MH backend on real directories, reading: numbers and
 * ranges, the sequence file (parse, keep what is not ours), probe, open,
 * read, check, has_new and the header cache. Writing is in test_mh_sync.c.
 */
#include "tests/unit/mh_test.h"

static const char *const default_names[NROLES] = { "unseen", "flagged", "replied" };

static void parse_text(struct mh_seqs *q, const char *text)
{
	mh_seqs_init(q);
	buf_addstr(&q->text, text);
	q->exists = true;
	mh_seqs_parse(q, default_names);
}

static char *ranges_str(const struct ranges *r)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < r->n; i++)
		buf_printf(&b, "%s%u-%u", i ? " " : "", r->v[i].lo, r->v[i].hi);
	return buf_detach(&b, NULL);
}

#define assert_ranges(r, want) assert_owned_str(ranges_str(r), want)

static char *format(const struct mh_seqs *q)
{
	struct buf b = BUF_INIT;
	mh_seqs_format(q, default_names, &b);
	return buf_detach(&b, NULL);
}

/* ---- numbers, ranges, the sequence file ------------------------------ */

static void mh_numbers_are_canonical_decimals(void **state)
{
	assert_int_equal(mh_number("1"), 1);
	assert_int_equal(mh_number("4294967294"), 4294967294u);
	assert_int_equal(mh_number("4294967295"), 0);
	assert_int_equal(mh_number("99999999999999999999"), 0);
	assert_int_equal(mh_number("007"), 0);
	assert_int_equal(mh_number("0"), 0);
	assert_int_equal(mh_number(""), 0);
	assert_int_equal(mh_number(",3"), 0);
	assert_int_equal(mh_number("3a"), 0);
	assert_int_equal(mh_number("-3"), 0);
	assert_int_equal(mh_number(".3"), 0);
}

static void ranges_merge_subtract_and_find(void **state)
{
	struct ranges r = { 0 };
	const uint32_t pts[] = { 1, 6, 8, 20 };

	mh_ranges_add(&r, 5, 7);
	mh_ranges_add(&r, 1, 1);
	mh_ranges_add(&r, 2, 3);
	mh_ranges_add(&r, 8, 8);
	mh_ranges_add(&r, 6, 6);
	mh_ranges_normalize(&r);
	assert_ranges(&r, "1-3 5-8");
	assert_true(mh_ranges_has(&r, 3));
	assert_false(mh_ranges_has(&r, 4));
	assert_true(mh_ranges_has(&r, 8));
	assert_false(mh_ranges_has(&r, 9));
	assert_false(mh_ranges_has(&r, 0));
	mh_ranges_subtract(&r, pts, ARRAY_SIZE(pts));
	assert_ranges(&r, "2-3 5-5 7-7");
	mh_ranges_release(&r);
}

static void seqs_parse_managed_and_kept_lines(void **state)
{
	struct mh_seqs q;
	char *out;

	parse_text(&q, "cur: 5\nunseen: 7 1-3\nfoo: 1 3\n\nflagged: 2\nreplied: 9-10\n");
	assert_ranges(&q.role[ROLE_UNSEEN], "1-3 7-7");
	assert_ranges(&q.role[ROLE_FLAGGED], "2-2");
	assert_ranges(&q.role[ROLE_REPLIED], "9-10");
	assert_buf_eq(&q.other, "cur: 5\nfoo: 1 3\n");
	assert_int_equal(mh_seq_bits(&q, 2), MSG_FLAGGED);
	assert_int_equal(mh_seq_bits(&q, 9), MSG_READ | MSG_REPLIED);
	assert_int_equal(mh_seq_bits(&q, 4), MSG_READ);
	out = format(&q);
	assert_string_equal(out, "cur: 5\nfoo: 1 3\nunseen: 1-3 7\nflagged: 2\nreplied: 9-10\n");
	free(out);
	mh_seqs_release(&q);
}

static void seqs_parse_continuations_and_garbage(void **state)
{
	struct mh_seqs q;

	/* continuation lines (nmh reads the file as RFC 822 fields), junk tokens, CRLF, no final newline */
	parse_text(&q,
		   "unseen: 1\n 3-4\n\t9\r\nnot a sequence line\nflagged : 2 bogus 0 5-3 -1 7-\n"
		   "replied:12");
	assert_ranges(&q.role[ROLE_UNSEEN], "1-1 3-4 9-9");
	assert_ranges(&q.role[ROLE_FLAGGED], "2-2");
	assert_ranges(&q.role[ROLE_REPLIED], "12-12");
	assert_buf_eq(&q.other, "not a sequence line\n");
	mh_seqs_release(&q);
}

static void seqs_names_come_from_the_settings(void **state)
{
	struct mailbox *mb = mailbox_new("/nonexistent", NULL);
	const char *names[NROLES];
	struct mh_seqs q;

	set_str(&mb->set.mh_seq_unseen, "new");
	set_str(&mb->set.mh_seq_flagged, "bad name"); /* unusable: not managed */
	mh_seq_names(&mb->set, names);
	assert_string_equal(names[ROLE_UNSEEN], "new");
	assert_string_equal(names[ROLE_FLAGGED], "");
	assert_string_equal(names[ROLE_REPLIED], "replied");
	mh_seqs_init(&q);
	buf_addstr(&q.text, "unseen: 1\nnew: 2\nreplied: 3\n");
	mh_seqs_parse(&q, names);
	assert_ranges(&q.role[ROLE_UNSEEN], "2-2");
	assert_buf_eq(&q.other, "unseen: 1\n");
	mh_seqs_release(&q);
	mailbox_free(&mb);
}

static void seqs_forget_leaves_every_sequence_but_cur(void **state)
{
	struct mh_seqs q;
	const uint32_t gone[] = { 3, 5 };
	char *out;

	parse_text(&q, "cur: 3\nfoo: 1 3-6\nbar: 5\nbaz: 2\nodd: 3 x\nunseen: 1-5\n");
	mh_seqs_forget(&q, gone, ARRAY_SIZE(gone));
	out = format(&q);
	/* baz untouched, bar emptied and dropped, a line that does not parse kept as it was */
	assert_string_equal(out, "cur: 3\nfoo: 1 4 6\nbaz: 2\nodd: 3 x\nunseen: 1-2 4\n");
	free(out);
	mh_seqs_release(&q);
}

/* ---- probe ------------------------------------------------------------ */

static void probe_follows_mutts_markers_and_numbered_files(void **state)
{
	char *dir = tmp_dir(), *sub;

	assert_false(mx_mh_ops.probe(dir)); /* an empty directory is nothing yet */
	put(dir, "notes", "x");
	mkdir((sub = path_of(dir, "5")), 0700); /* a numbered directory is no message */
	free(sub);
	assert_false(mx_mh_ops.probe(dir));
	put(dir, "12", "Subject: x\n\n");
	assert_true(mx_mh_ops.probe(dir));
	unlink((sub = path_of(dir, "12")));
	free(sub);
	put(dir, ".xmhcache", "");
	assert_true(mx_mh_ops.probe(dir));
	unlink((sub = path_of(dir, ".xmhcache")));
	free(sub);
	put(dir, MH_SEQ_FILE, "");
	assert_true(mx_mh_ops.probe(dir));
	/* a Maildir is never MH, whatever else it holds */
	mkdir((sub = path_of(dir, "cur")), 0700);
	free(sub);
	assert_false(mx_mh_ops.probe(dir));
	assert_false(mx_mh_ops.probe("/nonexistent/x"));
	rm_tree(&dir);
}

/* ---- open, read ------------------------------------------------------- */

static void open_loads_numbered_files_in_order_and_nothing_else(void **state)
{
	char *dir = folder(0, "unseen: 2 10\nflagged: 1\nreplied: 1-2\n"), *sub;
	struct mailbox *mb;

	put_msg(dir, 10);
	put_msg(dir, 2);
	put_msg(dir, 1);
	put(dir, "4", ""); /* empty: still a message */
	put(dir, ",3", "Subject: removed\n\n");
	put(dir, "007", "Subject: not canonical\n\n");
	put(dir, "notes", "Subject: stray\n\n");
	put(dir, ".hidden", "Subject: dot\n\n");
	put(dir, "1.orig", "Subject: backup\n\n");
	mkdir((sub = path_of(dir, "5")), 0700);
	free(sub);
	mkfifo((sub = path_of(dir, "6")), 0600); /* must not hang the open */
	free(sub);
	mb = mb_open(dir, NULL);
	assert_model(mb, "1:FR 2:NR 4: 10:N");
	assert_string_equal(subject(mb, 1), "s1");
	assert_string_equal(subject(mb, 10), "s10");
	assert_int_equal(mb->msgs[idx(mb, 4)].size, 0);
	assert_true(mb->msgs[idx(mb, 4)].env->defects & DEFECT_EMPTY_MESSAGE);
	assert_int_equal(mb->n_unread, 2);
	assert_int_equal(mb->n_flagged, 1);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void open_fails_cleanly_on_a_missing_folder(void **state)
{
	struct mailbox *mb = mb_new("/nonexistent/tern-mh", NULL);
	struct buf err = BUF_INIT;

	assert_int_equal(mx_run(mb, MX_OP_OPEN, &err), ERR_NOTFOUND);
	assert_non_null(strstr(err.data, "/nonexistent/tern-mh"));
	buf_release(&err);
	mailbox_free(&mb);
}

static void a_cancelled_open_leaves_a_valid_folder_that_check_completes(void **state)
{
	char *dir = folder(600, "unseen: 1-600\n");
	struct mailbox *mb = mb_new(dir, NULL);
	struct buf err = BUF_INIT;

	/* the flag as Ctrl-C sets it while the open runs (mx_run would clear it first) */
	atomic_store(&mb->cancel, true);
	assert_int_equal(mx_mh_ops.open(mb, &err), ERR_CANCEL);
	assert_true(err.len > 0);
	assert_true(mb->n < 600);
	atomic_store(&mb->cancel, false);
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_int_equal(mb->n, 600);
	for (size_t i = 0; i < mb->n; i++) {
		assert_int_equal(mb->msgs[i].loc.num, i + 1);
		assert_int_equal(mb->msgs[i].index, i);
		assert_false(mb->msgs[i].flags & MSG_READ);
	}
	assert_int_equal(mb->n_unread, 600);
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void check_of_a_removed_folder_is_an_error(void **state)
{
	char *dir = folder(2, NULL), *keep = xstrdup(dir);
	struct mailbox *mb = mb_open(dir, NULL);
	struct buf err = BUF_INIT;

	rm_tree(&dir);
	assert_int_equal(mx_run(mb, MX_OP_CHECK, &err), ERR_NOTFOUND);
	assert_non_null(strstr(err.data, keep));
	assert_int_equal(mb->n, 2); /* what was shown stays until the user decides */
	buf_release(&err);
	free(keep);
	mailbox_free(&mb);
}

static void read_gives_the_file_and_read_headers_the_header_block(void **state)
{
	char *dir = folder(2, NULL);
	struct mailbox *mb = mb_open(dir, NULL);
	struct buf raw = BUF_INIT, err = BUF_INIT;
	uint32_t id = mb->msgs[idx(mb, 2)].id;

	assert_int_equal(mx_read(mb, id, &raw, &err), 0);
	assert_buf_eq(&raw, "From: a2@example.org\nSubject: s2\nMessage-ID: <2@x>\n\nbody 2\n");
	buf_reset(&raw);
	assert_int_equal(mx_read_headers(mb, id, &raw, &err), 0);
	assert_buf_eq(&raw, "From: a2@example.org\nSubject: s2\nMessage-ID: <2@x>\n\n");
	buf_reset(&raw);
	assert_int_equal(mx_read(mb, 9999, &raw, &err), ERR_NOTFOUND);
	/* removed behind our back: an error, not a crash */
	{
		char *p = path_of(dir, "2");
		unlink(p);
		free(p);
	}
	buf_reset(&err);
	assert_int_equal(mx_read(mb, id, &raw, &err), ERR_NOTFOUND);
	assert_true(err.len > 0);
	buf_release(&raw);
	buf_release(&err);
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- check ------------------------------------------------------------ */

static void check_sees_new_vanished_and_replaced_files(void **state)
{
	char *dir = folder(3, "unseen: 3\n"), *p;
	struct mailbox *mb = mb_open(dir, NULL);

	put_msg(dir, 7);
	unlink((p = path_of(dir, "1")));
	free(p);
	/*
	 * 2 replaced by another message under the same number, written aside
	 * and renamed over it as programs do (a file unlinked first could give
	 * its inode number to the new one, and a replacement is told by inode)
	 */
	put(dir, "2.new", "Subject: other\n\n");
	{
		char *q = path_of(dir, "2.new");
		assert_int_equal(rename(q, (p = path_of(dir, "2"))), 0);
		free(q);
		free(p);
	}
	put(dir, ",3", "Subject: stale backup\n\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	/* new files join at the end, as in mutt: the model keeps its unsynced flags, no reopen */
	assert_model(mb, "3:N 2: 7:");
	assert_string_equal(subject(mb, 2), "other");
	assert_string_equal(subject(mb, 7), "s7");
	/* nothing changed: the check does no work and the model stays */
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "3:N 2: 7:");
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void check_follows_renumbered_messages(void **state)
{
	char *dir = folder(5, "unseen: 1-5\n"), *from, *to;
	struct mailbox *mb = mb_open(dir, NULL);
	uint32_t id4 = mb->msgs[idx(mb, 4)].id, id5 = mb->msgs[idx(mb, 5)].id;

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 4), MSG_FLAGGED, 0); /* not written yet */
	mailbox_unlock(mb);
	/* what folder -pack does after 2 and 3 were removed: 4 -> 2, 5 -> 3 */
	for (int i = 2; i <= 3; i++) {
		char a[8], b[8];
		snprintf(a, sizeof(a), "%d", i);
		snprintf(b, sizeof(b), "%d", i + 2);
		from = path_of(dir, b);
		to = path_of(dir, a);
		assert_int_equal(rename(from, to), 0);
		free(from);
		free(to);
	}
	put(dir, MH_SEQ_FILE, "unseen: 1-3\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	/* the same messages, in their places, with the change not yet written */
	assert_model(mb, "1:N 2:NF 3:N");
	assert_int_equal(mb->msgs[1].id, id4);
	assert_int_equal(mb->msgs[2].id, id5);
	assert_string_equal(subject(mb, 2), "s4");
	assert_true(mb->msgs[1].flags & MSG_CHANGED);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_file(dir, MH_SEQ_FILE, "unseen: 1-3\nflagged: 2\n");
	mailbox_free(&mb);
	rm_tree(&dir);
}

static void check_applies_sequence_changes_but_keeps_ours(void **state)
{
	char *dir = folder(3, "unseen: 1-3\n");
	struct mailbox *mb = mb_open(dir, NULL);

	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, 3), MSG_FLAGGED, 0); /* not written yet */
	mailbox_unlock(mb);
	put(dir, MH_SEQ_FILE, "unseen: 2\nflagged: 1\nreplied: 3\n");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1:F 2:N 3:NF");
	assert_true(mb->msgs[2].flags & MSG_CHANGED);
	/* the sequence file removed: every message is read */
	put(dir, MH_SEQ_FILE, "");
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1: 2: 3:NF");
	mailbox_free(&mb);
	rm_tree(&dir);
}

/* ---- has_new ---------------------------------------------------------- */

static void has_new_needs_an_unseen_message_that_exists(void **state)
{
	char *dir = folder(3, NULL);

	assert_false(mx_has_new(dir, NULL));
	put(dir, MH_SEQ_FILE, "unseen: 4-9\n");
	assert_false(mx_has_new(dir, NULL));
	put(dir, MH_SEQ_FILE, "unseen: 2 100-200\n"); /* past the direct probes: a scan */
	assert_true(mx_has_new(dir, NULL));
	put(dir, MH_SEQ_FILE, "unseen: 3\n");
	assert_true(mx_has_new(dir, NULL));
	rm_tree(&dir);
}

static void has_new_reads_the_sequence_mh_seq_unseen_names(void **state)
{
	char *dir = folder(3, "unseen: 2\nfresh: 3\n");
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(config_run(cfg, "set mh_seq_unseen=fresh", NULL, 0, &err), 0);
	assert_true(mx_has_new(dir, cfg));
	put(dir, MH_SEQ_FILE, "unseen: 2\nfresh: 9\n");
	assert_false(mx_has_new(dir, cfg));
	assert_true(mx_has_new(dir, NULL)); /* the default name, unseen */
	config_free(&cfg);
	buf_release(&err);
	rm_tree(&dir);
}

/* ---- the header cache ------------------------------------------------- */

/* Rewrite file num with text of the same size, keeping its mtime and inode. */
static void rewrite_in_place(const char *dir, unsigned num, const char *text)
{
	char name[16], *p;
	struct stat st;
	int fd;

	snprintf(name, sizeof(name), "%u", num);
	p = path_of(dir, name);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(strlen(text), (size_t)st.st_size);
	fd = open(p, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, text, strlen(text), 0), (ssize_t)strlen(text));
	assert_int_equal(futimens(fd, (struct timespec[2]){ st.st_atim, st.st_mtim }), 0);
	close(fd);
	free(p);
}

static void header_cache_serves_a_warm_open_and_notices_edits(void **state)
{
	char *dir = folder(3, NULL), *cache = tmp_dir(), *cache_dir = path_of(cache, "hc/");
	struct mailbox *mb = mb_open(dir, cache_dir);
	char *p;

	assert_string_equal(subject(mb, 2), "s2");
	mailbox_free(&mb);
	/* same size, mtime and inode: the cache's envelope is used, the file is not parsed */
	rewrite_in_place(dir, 2,
			 "From: a2@example.org\nSubject: XX\nMessage-ID: <2@x>\n\nbody 2\n");
	mb = mb_open(dir, cache_dir);
	assert_string_equal(subject(mb, 2), "s2");
	mailbox_free(&mb);
	/* another size: parsed again */
	put(dir, "2", "Subject: longer now\n\n");
	/* the same number holding another file (another inode), even of the same size and time */
	put(dir, "tmp", "From: a3@example.org\nSubject: YY\nMessage-ID: <3@x>\n\nbody 3\n");
	{
		struct stat st;
		char *t = path_of(dir, "tmp");
		assert_int_equal(stat((p = path_of(dir, "3")), &st), 0);
		assert_int_equal(
			utimensat(AT_FDCWD, t, (struct timespec[2]){ st.st_atim, st.st_mtim }, 0),
			0);
		assert_int_equal(rename(t, p), 0);
		free(t);
		free(p);
	}
	mb = mb_open(dir, cache_dir);
	assert_string_equal(subject(mb, 2), "longer now");
	assert_string_equal(subject(mb, 3), "YY");
	assert_string_equal(subject(mb, 1), "s1");
	mailbox_free(&mb);
	free(cache_dir);
	rm_tree(&cache);
	rm_tree(&dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mh_numbers_are_canonical_decimals),
		cmocka_unit_test(ranges_merge_subtract_and_find),
		cmocka_unit_test(seqs_parse_managed_and_kept_lines),
		cmocka_unit_test(seqs_parse_continuations_and_garbage),
		cmocka_unit_test(seqs_names_come_from_the_settings),
		cmocka_unit_test(seqs_forget_leaves_every_sequence_but_cur),
		cmocka_unit_test(probe_follows_mutts_markers_and_numbered_files),
		cmocka_unit_test(open_loads_numbered_files_in_order_and_nothing_else),
		cmocka_unit_test(open_fails_cleanly_on_a_missing_folder),
		cmocka_unit_test(a_cancelled_open_leaves_a_valid_folder_that_check_completes),
		cmocka_unit_test(check_of_a_removed_folder_is_an_error),
		cmocka_unit_test(read_gives_the_file_and_read_headers_the_header_block),
		cmocka_unit_test(check_sees_new_vanished_and_replaced_files),
		cmocka_unit_test(check_follows_renumbered_messages),
		cmocka_unit_test(check_applies_sequence_changes_but_keeps_ours),
		cmocka_unit_test(has_new_needs_an_unseen_message_that_exists),
		cmocka_unit_test(has_new_reads_the_sequence_mh_seq_unseen_names),
		cmocka_unit_test(header_cache_serves_a_warm_open_and_notices_edits),
	};
	return RUN_TESTS(tests);
}
