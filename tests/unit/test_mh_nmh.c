/*
 * test_mh_nmh.c - the MH backend against nmh itself (Debian's nmh, whose
 * programs live in /usr/bin/mh): folders tern writes are read by nmh's
 * scan, mark and pick, and what nmh's mark, rmm and folder -pack do is
 * seen by tern's open and check. nmh runs with its own profile in a
 * temporary directory (MH, MHCONTEXT), so no user setup is needed or touched.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "tests/unit/mh_test.h"

#define NMH_BIN "/usr/bin/mh"

struct env {
	char *root;   /* temporary: profile, context, Mail/ */
	char *folder; /* root/Mail/inbox */
};

/* An nmh setup with folder inbox holding messages 1..n (subjects with an encoded word in 2). */
static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof(*e));
	struct buf b = BUF_INIT;
	const char *t = getenv("TMPDIR");

	buf_printf(&b, "%s/tern-nmh-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(b.data))
		return -1;
	e->root = buf_detach(&b, NULL);
	buf_printf(&b, "%s/Mail", e->root);
	mkdir(b.data, 0700);
	buf_addstr(&b, "/inbox");
	mkdir(b.data, 0700);
	e->folder = buf_detach(&b, NULL);
	buf_printf(&b, "Path: %s/Mail\n", e->root);
	put(e->root, "profile", b.data);
	buf_reset(&b);
	buf_printf(&b, "%s/profile", e->root);
	setenv("MH", b.data, 1);
	buf_reset(&b);
	buf_printf(&b, "%s/context", e->root);
	setenv("MHCONTEXT", b.data, 1);
	buf_release(&b);
	for (int i = 1; i <= 5; i++) {
		char name[8], text[200];
		snprintf(name, sizeof(name), "%d", i);
		snprintf(text, sizeof(text),
			 "From: User %d <u%d@example.org>\nTo: me@example.org\n"
			 "Subject: %s %d\nDate: Mon, %d Jan 2024 10:00:00 +0000\n\nbody %d\n",
			 i, i, i == 2 ? "=?UTF-8?Q?caf=C3=A9?=" : "plain", i, i, i);
		put(e->folder, name, text);
	}
	put(e->folder, ".mh_sequences", "unseen: 1-5\n");
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	rm_tree(&e->root);
	free(e->folder);
	free(e);
	return 0;
}

/* Run an nmh command line (programs from NMH_BIN); its standard output, or fail on a non-zero exit. */
static char *nmh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	char chunk[4096];
	size_t n;
	va_list ap;
	FILE *f;
	int status;

	buf_addstr(&cmd, "PATH=" NMH_BIN ":$PATH; export PATH; ");
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_addstr(&cmd, " 2>&1");
	f = popen(cmd.data, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&out, chunk, n);
	status = pclose(f);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s: exit %d: %s", cmd.data, WEXITSTATUS(status), out.data);
	buf_release(&cmd);
	return buf_detach(&out, NULL);
}

#define assert_nmh(want, ...) assert_owned_str(nmh(__VA_ARGS__), want)

static void change(struct mailbox *mb, uint32_t num, uint32_t set, uint32_t clear)
{
	mailbox_lock(mb);
	mx_change_flags(mb, idx(mb, num), set, clear);
	mailbox_unlock(mb);
}

/* ---- tern writes, nmh reads ------------------------------------------ */

static void nmh_reads_the_flags_tern_synced(void **state)
{
	struct env *e = *state;
	struct mailbox *mb = mb_open(e->folder, NULL);

	change(mb, 1, MSG_READ | MSG_REPLIED, 0);
	change(mb, 3, MSG_FLAGGED, 0);
	change(mb, 4, MSG_READ | MSG_FLAGGED, 0);
	assert_int_equal(run(mb, MX_OP_SYNC), 0);
	assert_nmh("unseen: 2-3 5\n", "mark +inbox -list -sequence unseen");
	assert_nmh("flagged: 3-4\n", "mark +inbox -list -sequence flagged");
	assert_nmh("replied: 1\n", "mark +inbox -list -sequence replied");
	/* pick takes a sequence name as a message list */
	assert_nmh("3\n4\n", "pick +inbox flagged");
	assert_nmh("2\n3\n5\n", "pick +inbox unseen");
	mailbox_free(&mb);
}

static void nmh_sees_what_tern_expunged(void **state)
{
	struct env *e = *state;
	struct mailbox *mb = mb_open(e->folder, NULL);
	char *seq;

	change(mb, 2, MSG_DELETED, 0);
	change(mb, 4, MSG_DELETED | MSG_FLAGGED, 0);
	change(mb, 5, MSG_FLAGGED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	assert_nmh("1\n3\n5\n", "scan +inbox -format '%%(msg)'");
	assert_nmh("1\n3\n5\n", "pick +inbox unseen");
	assert_nmh("5\n", "pick +inbox flagged");
	seq = get(e->folder, ".mh_sequences");
	assert_string_equal(seq, "unseen: 1 3 5\nflagged: 5\n");
	free(seq);
	mailbox_free(&mb);
}

static void nmh_scans_messages_tern_appended(void **state)
{
	struct env *e = *state;
	struct buf err = BUF_INIT;
	const char *m = "From: New <new@example.org>\nSubject: appended\n\nhello\n";

	/* nmh's rmm leaves ,5 behind; neither tern nor nmh gives 5 out again */
	free(nmh("rmm +inbox 5"));
	assert_int_equal(mx_append_to(e->folder, NULL, m, strlen(m), 0, 0, &err), 0);
	assert_int_equal(
		mx_append_to(e->folder, NULL, m, strlen(m), MSG_READ | MSG_FLAGGED, 0, &err), 0);
	assert_nmh("1\n2\n3\n4\n6\n7\n", "scan +inbox -format '%%(msg)'");
	assert_nmh("6 appended\n7 appended\n", "scan +inbox 6-7 -format '%%(msg) %%{subject}'");
	assert_nmh("1\n2\n3\n4\n6\n", "pick +inbox unseen");
	assert_nmh("7\n", "pick +inbox flagged");
	buf_release(&err);
}

static void tern_keeps_the_sequences_nmh_made(void **state)
{
	struct env *e = *state;
	struct mailbox *mb;

	free(nmh("pick +inbox -from u2@example.org -sequence picked"));
	free(nmh("mark +inbox 4 -sequence todo -add"));
	mb = mb_open(e->folder, NULL);
	change(mb, 2, MSG_READ, 0);
	change(mb, 4, MSG_DELETED, 0);
	assert_int_equal(run(mb, MX_OP_EXPUNGE), 0);
	/* picked survives as nmh wrote it; 4 left todo, which emptied it (rmm does the same) */
	assert_nmh("picked: 2\n", "mark +inbox -list -sequence picked");
	assert_nmh("1\n3\n5\n", "pick +inbox unseen");
	assert_nmh("2\n", "pick +inbox picked");
	mailbox_free(&mb);
}

/*
 * nmh's mark while tern holds the sequence file's lock and replaces the
 * file: nmh must wait (it respects the lock), then work on the new file
 * (it opens it again on each try), so that both changes survive.
 */
static void nmh_waits_for_terns_lock_and_sees_the_new_file(void **state)
{
	struct env *e = *state;
	const char *names[NROLES] = { "unseen", "flagged", "replied" };
	struct buf err = BUF_INIT, cmd = BUF_INIT;
	struct mh_seqs q;
	int lockfd = -1, status;
	char *seq;
	FILE *f;

	assert_int_equal(mh_seqs_read(e->folder, names, &q, &lockfd, &err), 0);
	assert_true(lockfd >= 0);
	buf_printf(&cmd, "PATH=" NMH_BIN ":$PATH; mark +inbox 5 -sequence flagged -add");
	f = popen(cmd.data, "r");
	assert_non_null(f);
	usleep(1500 * 1000); /* nmh tries, finds the lock, sleeps a second, tries again */
	mh_ranges_add(&q.role[ROLE_REPLIED], 2, 2);
	assert_int_equal(mh_seqs_write(e->folder, &q, names, &err), 0);
	seq = get(e->folder, ".mh_sequences");
	assert_string_equal(seq, "unseen: 1-5\nreplied: 2\n"); /* nmh has not written yet */
	free(seq);
	close(lockfd);
	status = pclose(f);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_nmh("replied: 2\n", "mark +inbox -list -sequence replied");
	assert_nmh("flagged: 5\n", "mark +inbox -list -sequence flagged");
	mh_seqs_release(&q);
	buf_release(&err);
	buf_release(&cmd);
}

/* ---- nmh writes, tern reads ------------------------------------------ */

static void tern_reads_the_sequences_nmh_wrote(void **state)
{
	struct env *e = *state;
	struct mailbox *mb;

	free(nmh("mark +inbox 1-3 -sequence unseen -delete"));
	free(nmh("mark +inbox 2 4 -sequence flagged -add"));
	free(nmh("mark +inbox 3-5 -sequence replied -add"));
	assert_true(mx_mh_ops.probe(e->folder));
	mb = mb_open(e->folder, NULL);
	assert_model(mb, "1: 2:F 3:R 4:NFR 5:NR");
	mailbox_free(&mb);
}

static void tern_check_follows_nmhs_mark_rmm_and_pack(void **state)
{
	struct env *e = *state;
	struct mailbox *mb = mb_open(e->folder, NULL);

	free(nmh("mark +inbox 1 -sequence unseen -delete"));
	free(nmh("mark +inbox 5 -sequence flagged -add"));
	free(nmh("rmm +inbox 2 3"));
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1: 4:N 5:NF");
	/* renumbering: 4 and 5 become 2 and 3, with their sequences */
	free(nmh("folder +inbox -pack"));
	assert_int_equal(run(mb, MX_OP_CHECK), 0);
	assert_model(mb, "1: 2:N 3:NF");
	assert_string_equal(menv_str(mb->msgs[idx(mb, 3)].env, ME_SUBJECT), "plain 5");
	mailbox_free(&mb);
}

static void tern_and_nmh_agree_on_subjects(void **state)
{
	struct env *e = *state;
	struct mailbox *mb = mb_open(e->folder, NULL);
	struct buf want = BUF_INIT;

	/* scan's %{subject} is the raw field; %(decode) decodes it as tern does */
	for (uint32_t num = 1; num <= 5; num++)
		buf_printf(&want, "%u %s\n", num, menv_str(mb->msgs[idx(mb, num)].env, ME_SUBJECT));
	assert_nmh(want.data, "scan +inbox -format '%%(msg) %%(decode{subject})'");
	assert_string_equal(menv_str(mb->msgs[idx(mb, 2)].env, ME_SUBJECT), "café 2");
	buf_release(&want);
	mailbox_free(&mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(nmh_reads_the_flags_tern_synced, setup, teardown),
		cmocka_unit_test_setup_teardown(nmh_sees_what_tern_expunged, setup, teardown),
		cmocka_unit_test_setup_teardown(nmh_scans_messages_tern_appended, setup, teardown),
		cmocka_unit_test_setup_teardown(tern_keeps_the_sequences_nmh_made, setup, teardown),
		cmocka_unit_test_setup_teardown(nmh_waits_for_terns_lock_and_sees_the_new_file,
						setup, teardown),
		cmocka_unit_test_setup_teardown(tern_reads_the_sequences_nmh_wrote, setup,
						teardown),
		cmocka_unit_test_setup_teardown(tern_check_follows_nmhs_mark_rmm_and_pack, setup,
						teardown),
		cmocka_unit_test_setup_teardown(tern_and_nmh_agree_on_subjects, setup, teardown),
	};
	struct stat st;

	if (stat(NMH_BIN "/scan", &st) != 0) {
		/* a missing dependency is a failure, not a skip: quickstart installs nmh */
		printf("1..1\nnot ok 1 - nmh is not installed (apt-get install nmh)\n");
		return 1;
	}
	setenv("LC_ALL", "C.UTF-8", 1);
	return RUN_TESTS(tests);
}
