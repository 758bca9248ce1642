/*
 * test_hooks.c - the -hook commands and unhook, run through the rc
 * language, checked against mutt 2.2's behaviour.
 */
#include <regex.h>

#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"
#include "tests/unit/rc_test.h"

/* The hooks of type t as "[!]pattern => command" joined with '|'. */
static void assert_hooks(const struct config *c, enum hook_type t, const char *want)
{
	struct buf got = BUF_INIT;

	for (size_t i = 0; i < cfg_hook_count(c, t); i++) {
		const struct hook *h = cfg_hook(c, t, i);

		if (i)
			buf_addch(&got, '|');
		if (h->name)
			buf_printf(&got, "%s: ", h->name);
		buf_printf(&got, "%s%s => %s", h->negate ? "!" : "", h->pattern, h->command);
	}
	assert_buf_eq(&got, want);
	buf_release(&got);
}

static bool hook_matches(const struct config *c, enum hook_type t, size_t i, const char *s)
{
	const struct hook *h = cfg_hook(c, t, i);

	assert_true(h->has_regex);
	return regexec(&h->regex, s, 0, NULL, 0) == 0;
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

/* ---- defining ---------------------------------------------------------------- */

static void folder_hook_command_is_the_rest_of_the_line(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "folder-hook . set sort=date-sent");
	ok(c, "folder-hook mutt \"set sort=threads\"");
	assert_hooks(c, HOOK_FOLDER, ". => set sort=date-sent|mutt => set sort=threads");
	assert_true(hook_matches(c, HOOK_FOLDER, 1, "/home/u/Mail/mutt-dev"));
	assert_false(hook_matches(c, HOOK_FOLDER, 1, "/home/u/Mail/MUTT")); /* case-sensitive */
	config_free(&c);
}

static void leading_bang_negates_but_a_quoted_one_does_not(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "send-hook !~l 'set signature=~/.sig'");
	ok(c, "send-hook '!~P' 'set x'");
	ok(c, "message-hook ! ~A 'set pager=builtin'");
	assert_hooks(c, HOOK_SEND, "!~l => set signature=~/.sig|!~P => set x");
	assert_true(cfg_hook(c, HOOK_SEND, 0)->negate);
	assert_false(cfg_hook(c, HOOK_SEND, 1)->negate);
	assert_hooks(c, HOOK_MESSAGE, "!~A => set pager=builtin");
	config_free(&c);
}

static void every_hook_type_is_kept_in_its_list(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "send2-hook '~f me@x' 'set sendmail=/bin/a'");
	ok(c, "reply-hook ~l 'set x'");
	ok(c, "account-hook imap://host/ 'set imap_user=me'");
	ok(c, "charset-hook ^x-unknown$ windows-1252");
	ok(c, "iconv-hook iso-8859-1 8859-1");
	ok(c, "crypt-hook bob@x 0xDEADBEEF");
	ok(c, "pgp-hook alice@x 0xCAFE");
	ok(c, "open-hook \\\\.gz$ 'gzip -cd %f > %t'");
	ok(c, "close-hook \\\\.gz$ 'gzip -c %t > %f'");
	ok(c, "append-hook \\\\.gz$ 'gzip -c %t >> %f'");
	ok(c, "index-format-hook date '~d<1d' '%[%H:%M]'");
	assert_hooks(c, HOOK_SEND2, "~f me@x => set sendmail=/bin/a");
	assert_hooks(c, HOOK_REPLY, "~l => set x");
	assert_hooks(c, HOOK_ACCOUNT, "imap://host/ => set imap_user=me");
	assert_hooks(c, HOOK_CHARSET, "^x-unknown$ => windows-1252");
	assert_true(hook_matches(c, HOOK_CHARSET, 0, "X-UNKNOWN")); /* charsets ignore case */
	assert_hooks(c, HOOK_ICONV, "iso-8859-1 => 8859-1");
	assert_hooks(c, HOOK_CRYPT, "bob@x => 0xDEADBEEF|alice@x => 0xCAFE");
	assert_true(hook_matches(c, HOOK_CRYPT, 0, "BOB@X"));
	assert_hooks(c, HOOK_OPEN, "\\.gz$ => gzip -cd %f > %t");
	assert_true(hook_matches(c, HOOK_OPEN, 0, "/m/box.gz"));
	assert_hooks(c, HOOK_CLOSE, "\\.gz$ => gzip -c %t > %f");
	assert_hooks(c, HOOK_APPEND, "\\.gz$ => gzip -c %t >> %f");
	assert_hooks(c, HOOK_INDEX_FORMAT, "date: ~d<1d => %[%H:%M]");
	assert_false(cfg_hook(c, HOOK_SEND2, 0)->has_regex);
	assert_null(cfg_hook(c, HOOK_SEND2, 1));
	assert_int_equal(cfg_hook_count(c, HOOK_COUNT), 0);
	config_free(&c);
}

static void save_fcc_and_mbox_targets_are_expanded(void **state)
{
	struct config *c = config_new();
	struct buf mbox = BUF_INIT, save = BUF_INIT, fcc = BUF_INIT;

	(void)state;
	ok(c, "set folder=/home/u/Mail");
	ok(c, "save-hook . ~/Mail/%F");
	ok(c, "fcc-hook '[@.]aol\\.com$' +spammers");
	ok(c, "mbox-hook =inbox =archive");
	config_expand_path(c, "~/Mail/%F", &save);
	config_expand_path(c, "+spammers", &fcc);
	config_expand_path(c, "=archive", &mbox);
	assert_string_equal(cfg_hook(c, HOOK_SAVE, 0)->command, save.data);
	assert_string_equal(cfg_hook(c, HOOK_FCC, 0)->command, fcc.data);
	assert_string_equal(cfg_hook(c, HOOK_MBOX, 0)->command, mbox.data);
	buf_release(&mbox);
	buf_release(&save);
	buf_release(&fcc);
	config_free(&c);
}

static void fcc_hook_expands_each_mailbox_of_fcc_delimiter(void **state)
{
	struct config *c = config_new();
	struct buf one = BUF_INIT, two = BUF_INIT, want = BUF_INIT;

	(void)state;
	ok(c, "set folder=/home/u/Mail");
	ok(c, "set fcc_delimiter=,");
	ok(c, "fcc-hook 'foo@example\\.com$' '+one,+two'");
	config_expand_path(c, "+one", &one);
	config_expand_path(c, "+two", &two);
	buf_printf(&want, "%s,%s", one.data, two.data);
	assert_string_equal(cfg_hook(c, HOOK_FCC, 0)->command, want.data);
	buf_release(&one);
	buf_release(&two);
	buf_release(&want);
	config_free(&c);
}

static void folder_hook_expands_a_leading_mailbox_shortcut(void **state)
{
	struct config *c = config_new();
	struct buf folder = BUF_INIT;

	(void)state;
	ok(c, "set folder=/home/u/Mail.d");
	ok(c, "folder-hook =lists/ 'set sort=threads'");
	ok(c, "folder-hook (=lists) 'set sort=date'");
	config_expand_path(c, "=", &folder);
	/* the inserted path is quoted for the regex: the '.' is literal */
	assert_true(hook_matches(c, HOOK_FOLDER, 0, "/home/u/Mail.d/lists/tern"));
	assert_false(hook_matches(c, HOOK_FOLDER, 0, "/home/u/MailXd/lists/tern"));
	assert_string_equal(cfg_hook(c, HOOK_FOLDER, 1)->pattern, "(=lists)");
	/* an unknown ~user is left alone, and not quoted */
	ok(c, "folder-hook ~no-such-user-here?x 'set sort=size'");
	assert_string_equal(cfg_hook(c, HOOK_FOLDER, 2)->pattern, "~no-such-user-here?x");
	buf_release(&folder);
	config_free(&c);
}

static void folder_hook_refuses_shortcuts_without_a_value(void **state)
{
	struct config *c = config_new();

	(void)state;
	fails(c, "folder-hook ^/home/u/Mail/bar 'set sort=threads'",
	      "folder-hook: the current mailbox shortcut '^' has no value here (write "
	      "'(^/home/u/Mail/bar)' for a regex)");
	/* the previous mailbox is empty while the configuration is read */
	fails(c, "mbox-hook - =y", "mbox-hook: the mailbox shortcut in '-' expands to nothing");
	fails(c, "save-hook . -", "save-hook: the mailbox expands to nothing");
	ok(c, "mbox-hook -x =y");
	assert_string_equal(cfg_hook(c, HOOK_MBOX, 0)->pattern, "x");
	assert_int_equal(cfg_hook_count(c, HOOK_FOLDER), 0);
	config_free(&c);
}

/* ---- repeats ------------------------------------------------------------------------ */

static void command_hooks_keep_several_commands_but_no_duplicates(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "folder-hook . 'set sort=date'");
	ok(c, "folder-hook . 'set sort=date'");
	ok(c, "folder-hook . 'push <collapse-all>'");
	ok(c, "folder-hook !. 'set sort=date'");
	assert_hooks(c, HOOK_FOLDER,
		     ". => set sort=date|. => push <collapse-all>|!. => set sort=date");
	ok(c, "crypt-hook bob@x 0x1; crypt-hook bob@x 0x2; crypt-hook bob@x 0x1");
	assert_hooks(c, HOOK_CRYPT, "bob@x => 0x1|bob@x => 0x2");
	config_free(&c);
}

static void target_hooks_replace_in_place(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "set folder=/m");
	ok(c, "save-hook . +default; save-hook ^judge +diplomacy; save-hook . +other");
	assert_hooks(c, HOOK_SAVE, ". => /m/other|^judge => /m/diplomacy");
	ok(c, "charset-hook x-a utf-8; charset-hook x-a latin1");
	assert_hooks(c, HOOK_CHARSET, "x-a => latin1");
	ok(c, "index-format-hook date ~A '%[%y]'; index-format-hook subj ~A '**'");
	ok(c, "index-format-hook date ~A '%[%m/%y]'");
	assert_hooks(c, HOOK_INDEX_FORMAT, "date: ~A => %[%m/%y]|subj: ~A => **");
	config_free(&c);
}

static void fcc_save_hook_is_in_both_lists_in_order(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "set folder=/m");
	ok(c, "fcc-hook a +fa; save-hook b +sb; fcc-save-hook c +both; fcc-hook d +fd");
	assert_hooks(c, HOOK_FCC, "a => /m/fa|c => /m/both|d => /m/fd");
	assert_hooks(c, HOOK_SAVE, "b => /m/sb|c => /m/both");
	assert_int_equal(cfg_hook(c, HOOK_FCC, 1)->type, HOOK_FCC_SAVE);
	assert_int_equal(cfg_hook_count(c, HOOK_FCC_SAVE), 0);
	/* a later fcc-save-hook for the pattern changes both copies */
	ok(c, "fcc-save-hook c +again");
	assert_hooks(c, HOOK_FCC, "a => /m/fa|c => /m/again|d => /m/fd");
	assert_hooks(c, HOOK_SAVE, "b => /m/sb|c => /m/again");
	config_free(&c);
}

/* ---- errors ------------------------------------------------------------------------- */

static void hook_errors_name_the_problem(void **state)
{
	struct config *c = config_new();

	(void)state;
	fails(c, "folder-hook [ 'set x'", "folder-hook: bad regex '['");
	fails(c, "account-hook 'a(' 'set x'", "account-hook: bad regex 'a('");
	fails(c, "save-hook . +a +b", "save-hook: too many arguments");
	fails(c, "send-hook ~A", "send-hook: too few arguments");
	fails(c, "send-hook", "send-hook: too few arguments");
	fails(c, "index-format-hook date ~A", "index-format-hook: too few arguments");
	fails(c, "open-hook \\\\.gz$ 'gzip -cd %f'",
	      "open-hook: the command 'gzip -cd %f' needs %f and %t");
	fails(c, "send-hook '' 'set x'", "send-hook: empty argument");
	for (int t = 0; t < HOOK_COUNT; t++)
		assert_int_equal(cfg_hook_count(c, t), 0);
	config_free(&c);
}

static void a_bad_hook_does_not_stop_the_file(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	static const char text[] = "folder-hook . 'set sort=date'\n"
				   "folder-hook '*bad' 'set x'\n"
				   "send-hook . 'set y'\n";

	(void)state;
	assert_int_not_equal(config_source_text(c, text, sizeof(text) - 1, "rc", &err), 0);
	assert_non_null(strstr(err.data, "folder-hook: bad regex '*bad'"));
	assert_int_equal(cfg_hook_count(c, HOOK_FOLDER), 1);
	assert_int_equal(cfg_hook_count(c, HOOK_SEND), 1);
	buf_release(&err);
	config_free(&c);
}

/* ---- unhook -------------------------------------------------------------------------- */

static void unhook_removes_a_type_or_everything(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "folder-hook . 'set x'; send-hook . 'set y'; crypt-hook a b");
	ok(c, "unhook Send-Hook pgp-hook");
	assert_int_equal(cfg_hook_count(c, HOOK_SEND), 0);
	assert_int_equal(cfg_hook_count(c, HOOK_CRYPT), 0);
	assert_int_equal(cfg_hook_count(c, HOOK_FOLDER), 1);
	ok(c, "index-format-hook d ~A x; unhook *");
	assert_int_equal(cfg_hook_count(c, HOOK_FOLDER), 0);
	assert_int_equal(cfg_hook_count(c, HOOK_INDEX_FORMAT), 0);
	fails(c, "unhook nosuch-hook", "unhook: unknown hook type 'nosuch-hook'");
	fails(c, "unhook", "unhook: too few arguments");
	config_free(&c);
}

static void unhook_fcc_hook_leaves_fcc_save_hooks(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "set folder=/m");
	ok(c, "fcc-hook a +fa; fcc-save-hook c +both; save-hook b +sb");
	ok(c, "unhook fcc-hook");
	assert_hooks(c, HOOK_FCC, "c => /m/both");
	ok(c, "unhook fcc-save-hook");
	assert_hooks(c, HOOK_FCC, "");
	assert_hooks(c, HOOK_SAVE, "b => /m/sb");
	config_free(&c);
}

/* ---- dump ------------------------------------------------------------------------------ */

static void dump_reads_back_to_the_same_hooks(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "folder-hook . 'set sort=date; set x=\"y\"'");
	ok(c, "folder-hook !'/tmp/it'\\''s$' 'push <collapse-all>'");
	ok(c, "send-hook '~t ^me@cs\\.hmc\\.edu$' 'my_hdr From: Mutt User <user@host>'");
	ok(c, "message-hook '~f freshmeat-news' 'set pager=\"less \\\"+/^  subject: .*\\\"\"'");
	ok(c, "fcc-hook a /m/fa; save-hook b /m/sb; fcc-save-hook c /m/both; save-hook e /m/e");
	ok(c, "fcc-save-hook !f /m/f; fcc-hook g /m/g");
	ok(c, "account-hook . 'unset imap_user'; charset-hook x-a utf-8; iconv-hook a b");
	ok(c, "mbox-hook /var/mail/x /m/x; crypt-hook '!bob' 0x1");
	ok(c, "open-hook '\\.gz$' 'gzip -cd %f > %t'; index-format-hook date ~A '%[%y] $x `no`'");
	assert_round_trip(c);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folder_hook_command_is_the_rest_of_the_line),
		cmocka_unit_test(leading_bang_negates_but_a_quoted_one_does_not),
		cmocka_unit_test(every_hook_type_is_kept_in_its_list),
		cmocka_unit_test(save_fcc_and_mbox_targets_are_expanded),
		cmocka_unit_test(fcc_hook_expands_each_mailbox_of_fcc_delimiter),
		cmocka_unit_test(folder_hook_expands_a_leading_mailbox_shortcut),
		cmocka_unit_test(folder_hook_refuses_shortcuts_without_a_value),
		cmocka_unit_test(command_hooks_keep_several_commands_but_no_duplicates),
		cmocka_unit_test(target_hooks_replace_in_place),
		cmocka_unit_test(fcc_save_hook_is_in_both_lists_in_order),
		cmocka_unit_test(hook_errors_name_the_problem),
		cmocka_unit_test(a_bad_hook_does_not_stop_the_file),
		cmocka_unit_test(unhook_removes_a_type_or_everything),
		cmocka_unit_test(unhook_fcc_hook_leaves_fcc_save_hooks),
		cmocka_unit_test(dump_reads_back_to_the_same_hooks),
	};
	return RUN_TESTS(tests);
}
