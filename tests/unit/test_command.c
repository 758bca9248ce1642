/*
 * test_command.c - the rc core's commands (set and its forms, source,
 * finish, ifdef, echo, setenv, cd, the ones accepted for later), the
 * command table, and -D/-Q: the dump reads back to the same dump.
 */
#include <limits.h>
#include <sys/stat.h>

#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"
#include "tests/unit/rc_test.h"

/* A scratch directory for rc files (removed by the test's cleanup). */
static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tern-test-command-XXXXXX");
	if (!mkdtemp(tmpdir))
		fail_msg("mkdtemp failed");
}

static void remove_tmpdir(void)
{
	struct buf cmd = BUF_INIT;

	buf_printf(&cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd.data) != 0)
		fail_msg("cleanup failed");
	buf_release(&cmd);
}

/* Write text to tmpdir/name (directories made as needed); returns the path (caller frees). */
static char *write_file(const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	FILE *f;

	buf_printf(&path, "%s/%s", tmpdir, name);
	for (char *s = strchr(path.data + strlen(tmpdir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path.data, 0700);
		*s = '/';
	}
	if (!(f = fopen(path.data, "w")) || fputs(text, f) < 0 || fclose(f) != 0)
		fail_msg("cannot write %s", path.data);
	return buf_detach(&path, NULL);
}

/* ---- set ------------------------------------------------------------------------------- */

static void set_takes_several_assignments(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "set pager_context=3 sort=size nobeep my_x=\"a b\" invmarkers");
	assert_int_equal(cfg_num(c, V_pager_context), 3);
	assert_int_equal(cfg_sort(c, V_sort), SORT_SIZE);
	assert_false(cfg_bool(c, V_beep));
	assert_false(cfg_bool(c, V_markers));
	assert_string_equal(cfg_my_get(c, "my_x"), "a b");
	ok(c, "set pager_context = 4 sort =date");
	assert_int_equal(cfg_num(c, V_pager_context), 4);
	ok(c, "set");
	config_free(&c);
}

static void queries_answer_in_mutts_form(void **state)
{
	struct config *c = config_new();

	(void)state;
	says(c, "set beep?", "beep is set");
	says(c, "set ?beep ?copy", "beep is set\ncopy=yes");
	says(c, "set sort? timeout? realname=Q realname?",
	     "sort=date\ntimeout=600\nrealname=\"Q\"");
	says(c, "set my_q=\"a\\\"b\\n\"; set my_q?", "my_q=\"a\\\"b\\n\"");
	fails(c, "set ?timeout=5", "not allowed");
	fails(c, "set nosuch?", "nosuch: unknown variable");
	fails(c, "set my_none?", "my_none: unknown variable");
	config_free(&c);
}

static void unset_toggle_and_reset_take_lists(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "unset beep markers; toggle help wait_key");
	assert_false(cfg_bool(c, V_beep));
	assert_false(cfg_bool(c, V_markers));
	assert_false(cfg_bool(c, V_help));
	assert_false(cfg_bool(c, V_wait_key));
	ok(c, "reset beep help");
	assert_true(cfg_bool(c, V_beep));
	assert_true(cfg_bool(c, V_help));
	fails(c, "unset ?beep", "only for set");
	fails(c, "toggle &beep", "only for set");
	config_free(&c);
}

/* ---- the line: unknown commands, arguments ------------------------------------------ */

static void unknown_command_is_named(void **state)
{
	struct config *c = config_new();

	(void)state;
	fails(c, "frobnicate x", "frobnicate: unknown command");
	fails(c, "Set beep", "Set: unknown command");
	assert_int_equal(config_error_count(c), 2);
	assert_string_equal(config_error(c, 0)->file, "test");
	assert_int_equal(config_error(c, 0)->line, 1);
	assert_string_equal(config_error(c, 0)->msg, "frobnicate: unknown command");
	config_free(&c);
}

static void extra_arguments_are_an_error(void **state)
{
	struct config *c = config_new();

	(void)state;
	fails(c, "finish now", "finish: too many arguments");
	fails(c, "setenv A b c", "setenv: too many arguments");
	config_free(&c);
}

static void errors_without_a_file_have_no_location(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(config_run(c, "set nosuch", NULL, 0, &err), ERR_NOTFOUND);
	assert_null(config_error(c, 0)->file);
	assert_int_equal(config_error(c, 0)->line, 0);
	assert_null(config_error(c, 1));
	buf_release(&err);
	config_free(&c);
}

/* ---- source and finish ------------------------------------------------------------------- */

static void source_reads_files_relative_to_the_file(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	char *top;

	(void)state;
	make_tmpdir();
	free(write_file("sub/a.rc", "source b.rc\nset my_a=1\n"));
	free(write_file("sub/b.rc", "set my_b=insub\n"));
	free(write_file("b.rc", "set my_b=intop\n"));
	top = write_file("main.rc", "source sub/a.rc\nset my_top=1\n");
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(config_source(c, top, &err), 0);
	assert_string_equal(cfg_my_get(c, "my_b"), "insub");
	assert_string_equal(cfg_my_get(c, "my_a"), "1");
	assert_string_equal(cfg_my_get(c, "my_top"), "1");
	free(top);
	remove_tmpdir();
	buf_release(&err);
	config_free(&c);
}

static void source_falls_back_to_the_working_directory(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	char *top;

	(void)state;
	make_tmpdir();
	free(write_file("cwd/only-here.rc", "set my_x=cwd\n"));
	top = write_file("rc/main.rc", "source only-here.rc\n");
	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(chdir("cwd"), 0);
	assert_int_equal(config_source(c, top, &err), 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "cwd");
	assert_int_equal(chdir("/"), 0);
	free(top);
	remove_tmpdir();
	buf_release(&err);
	config_free(&c);
}

static void source_expands_home_and_variables(void **state)
{
	struct config *c = config_new();
	struct buf line = BUF_INIT;

	(void)state;
	make_tmpdir();
	free(write_file("home/.muttrc-extra", "set my_x=home\n"));
	free(write_file("v.rc", "set my_y=var\n"));
	setenv("HOME", "", 1);
	buf_printf(&line, "set my_dir=%s; setenv HOME %s/home; source ~/.muttrc-extra $my_dir/v.rc",
		   tmpdir, tmpdir);
	ok(c, line.data);
	assert_string_equal(cfg_my_get(c, "my_x"), "home");
	assert_string_equal(cfg_my_get(c, "my_y"), "var");
	remove_tmpdir();
	buf_release(&line);
	config_free(&c);
}

static void source_reads_a_commands_output(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	ok(c, "source \"printf 'set my_x=piped\\\\nset my_y=\\\"a b\\\"\\\\n' |\"");
	assert_string_equal(cfg_my_get(c, "my_x"), "piped");
	assert_string_equal(cfg_my_get(c, "my_y"), "a b");
	/* errors in the output name the command */
	assert_int_not_equal(run(c, "source 'echo set nosuch=1|'", &err), 0);
	assert_string_equal(config_error(c, 0)->file, "echo set nosuch=1|");
	assert_int_equal(config_error(c, 0)->line, 1);
	assert_int_equal(config_error_count(c), 1);
	buf_release(&err);
	config_free(&c);
}

static void errors_in_a_sourced_file_name_it_and_the_rest_loads(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	char *top, *inner;

	(void)state;
	make_tmpdir();
	inner = write_file("inner.rc", "set my_i1=1\nset pager_context=many\nset my_i2=2\n");
	top = write_file("top.rc", "set my_t1=1\nsource inner.rc\nset my_t2=2\nnosuchcmd\n");
	assert_int_equal(config_source(c, top, &err), ERR_INVAL);
	assert_int_equal(config_error_count(c), 2);
	assert_string_equal(config_error(c, 0)->file, inner);
	assert_int_equal(config_error(c, 0)->line, 2);
	assert_non_null(strstr(config_error(c, 0)->msg, "many"));
	assert_string_equal(config_error(c, 1)->file, top);
	assert_int_equal(config_error(c, 1)->line, 4);
	/* the first error, with its place */
	assert_non_null(strstr(err.data, inner));
	assert_non_null(strstr(err.data, ":2: "));
	assert_string_equal(cfg_my_get(c, "my_i2"), "2");
	assert_string_equal(cfg_my_get(c, "my_t2"), "2");
	free(top);
	free(inner);
	remove_tmpdir();
	buf_release(&err);
	config_free(&c);
}

static void source_of_a_missing_file_is_an_error_at_the_source_line(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;

	(void)state;
	fails(c, "source /nonexistent/tern.rc", "/nonexistent/tern.rc: No such file");
	assert_string_equal(config_error(c, 0)->file, "test");
	fails(c, "source", "which file");
	assert_int_not_equal(config_source(c, "/nonexistent/x.rc", &err), 0);
	assert_int_equal(config_error_count(c), 3);
	assert_non_null(strstr(config_error(c, 2)->msg, "/nonexistent/x.rc"));
	buf_release(&err);
	config_free(&c);
}

static void source_recursion_stops_at_the_depth_limit(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	char *self;

	(void)state;
	make_tmpdir();
	self = write_file("self.rc", "source self.rc\nset my_x=after\n");
	assert_int_equal(config_source(c, self, &err), ERR_LIMIT);
	assert_int_equal(config_error_count(c), 1);
	assert_non_null(strstr(config_error(c, 0)->msg, "more than 32 deep"));
	assert_string_equal(cfg_my_get(c, "my_x"), "after");
	free(self);
	remove_tmpdir();
	buf_release(&err);
	config_free(&c);
}

static void finish_stops_only_the_current_file(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	char *top;

	(void)state;
	make_tmpdir();
	free(write_file("inner.rc", "set my_i1=1\nfinish; set my_i2=2\nset my_i3=3\n"));
	top = write_file("top.rc", "source inner.rc; set my_t1=1\nset my_t2=2\n");
	assert_int_equal(config_source(c, top, &err), 0);
	assert_string_equal(cfg_my_get(c, "my_i1"), "1");
	assert_null(cfg_my_get(c, "my_i2"));
	assert_null(cfg_my_get(c, "my_i3"));
	assert_string_equal(cfg_my_get(c, "my_t1"), "1");
	assert_string_equal(cfg_my_get(c, "my_t2"), "2");
	/* outside a file it ends the line, and nothing more */
	ok(c, "finish; set my_x=1");
	assert_null(cfg_my_get(c, "my_x"));
	ok(c, "set my_x=2");
	assert_string_equal(cfg_my_get(c, "my_x"), "2");
	free(top);
	remove_tmpdir();
	buf_release(&err);
	config_free(&c);
}

/* ---- ifdef, echo, setenv, cd, accepted commands ------------------------------------------ */

static void ifdef_knows_variables_commands_functions_features_env(void **state)
{
	struct config *c = config_new();

	(void)state;
	setenv("TERN_IFDEF_TEST", "1", 1);
	ok(c,
	   "set my_v=1; ifdef beep set my_a=1; ifdef edit_hdrs set my_b=1; ifdef my_v set my_c=1");
	ok(c, "ifdef color set my_d=1; ifdef next-entry set my_e=1; ifdef imap set my_f=1");
	ok(c, "ifdef TERN_IFDEF_TEST set my_g=1; ifdef no_such_symbol set my_h=1");
	ok(c, "ifndef no_such_symbol set my_i=1; ifndef beep set my_j=1");
	for (const char *n = "abcdefgi"; *n; n++) {
		char name[8] = "my_";
		name[3] = *n;
		if (!cfg_my_get(c, name))
			fail_msg("%s not set", name);
	}
	assert_null(cfg_my_get(c, "my_h"));
	assert_null(cfg_my_get(c, "my_j"));
	unsetenv("TERN_IFDEF_TEST");
	config_free(&c);
}

static void ifdef_runs_a_quoted_line_or_the_rest_of_the_command(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "ifdef beep 'set my_a=1; set my_b=2'");
	assert_string_equal(cfg_my_get(c, "my_b"), "2");
	/* without quotes, ';' ends the guarded command */
	ok(c, "ifdef no_such set my_c=1; set my_d=1");
	assert_null(cfg_my_get(c, "my_c"));
	assert_string_equal(cfg_my_get(c, "my_d"), "1");
	/* the skipped command runs no `command` */
	ok(c, "ifdef no_such set my_e=`touch /tmp/tern-ifdef-ran`");
	assert_int_not_equal(access("/tmp/tern-ifdef-ran", F_OK), 0);
	fails(c, "ifdef beep", "too few arguments");
	fails(c, "ifdef beep nosuchcmd", "nosuchcmd: unknown command");
	fails(c, "ifdef beep 'set nosuch=1'", "nosuch: unknown variable");
	assert_int_equal(config_error_count(c), 3);
	config_free(&c);
}

static void echo_says_its_arguments(void **state)
{
	struct config *c = config_new();

	(void)state;
	says(c, "echo \"a\\nb\"", "a\nb");
	says(c, "echo hello   world", "hello world");
	says(c, "echo one; echo two", "two");
	says(c, "echo ''", "");
	fails(c, "echo", "nothing to say");
	config_free(&c);
}

static void setenv_changes_the_environment(void **state)
{
	struct config *c = config_new();

	(void)state;
	ok(c, "setenv TERN_SE \"a b\"; set my_x=$TERN_SE");
	assert_string_equal(getenv("TERN_SE"), "a b");
	assert_string_equal(cfg_my_get(c, "my_x"), "a b");
	says(c, "setenv ?TERN_SE", "TERN_SE=a b");
	ok(c, "setenv TERN_SE=c");
	assert_string_equal(getenv("TERN_SE"), "c");
	ok(c, "unsetenv TERN_SE");
	assert_null(getenv("TERN_SE"));
	says(c, "setenv ?TERN_SE", "TERN_SE is not in the environment");
	fails(c, "setenv TERN_SE", "usage: setenv");
	fails(c, "unsetenv", "usage: unsetenv");
	config_free(&c);
}

static void cd_changes_directory(void **state)
{
	struct config *c = config_new();
	char cwd[PATH_MAX];

	(void)state;
	ok(c, "cd /usr");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(cwd, "/usr");
	setenv("HOME", "/tmp", 1);
	ok(c, "cd");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(cwd, "/tmp");
	fails(c, "cd /nonexistent-dir", "No such file");
	config_free(&c);
}

static void a_sandbox_refuses_what_reaches_outside(void **state)
{
	struct config *c = config_new();

	(void)state;
	config_set_sandbox(c, true);
	fails(c, "source /etc/passwd", "disabled");
	fails(c, "source 'echo set my_x=1|'", "disabled");
	fails(c, "cd /", "disabled");
	fails(c, "setenv A b", "disabled");
	fails(c, "set my_x=`echo hi`", "disabled");
	ok(c, "set my_x=1");
	config_free(&c);
}

static void commands_for_later_are_accepted_and_noted(void **state)
{
	struct config *c = config_new();
	const struct strlist *u;

	(void)state;
	ok(c, "score '~f boss' +10; spam 'X-Spam: (.*)' %1; subjectrx '\\[x\\]' %L%R");
	ok(c, "group -group work -rx @work\\.com; unscore *; run (concat)");
	u = config_unimplemented_used(c);
	assert_int_equal(u->n, 6);
	assert_string_equal(u->v[0], "score");
	assert_string_equal(u->v[5], "run");
	fails(c, "score 'unterminated", "unterminated");
	config_free(&c);
}

/* ---- the command table --------------------------------------------------------------------- */

static void every_mutt_command_is_in_the_table(void **state)
{
	/* mutt 2.2's commands (man 5 muttrc and what mutt itself accepts), then NeoMutt's few. */
	static const char *const names[] = {
		"account-hook",
		"alias",
		"alternates",
		"alternative_order",
		"append-hook",
		"attachments",
		"auto_view",
		"bind",
		"cd",
		"charset-hook",
		"close-hook",
		"color",
		"crypt-hook",
		"echo",
		"exec",
		"fcc-hook",
		"fcc-save-hook",
		"folder-hook",
		"group",
		"hdr_order",
		"iconv-hook",
		"ignore",
		"index-format-hook",
		"lists",
		"macro",
		"mailboxes",
		"mailto_allow",
		"mbox-hook",
		"message-hook",
		"mime_lookup",
		"mono",
		"my_hdr",
		"nospam",
		"open-hook",
		"pgp-hook",
		"push",
		"reply-hook",
		"reset",
		"run",
		"save-hook",
		"score",
		"send-hook",
		"send2-hook",
		"set",
		"setenv",
		"sidebar_whitelist",
		"source",
		"spam",
		"subjectrx",
		"subscribe",
		"toggle",
		"unalias",
		"unalternates",
		"unalternative_order",
		"unattachments",
		"unauto_view",
		"uncolor",
		"ungroup",
		"unhdr_order",
		"unhook",
		"unignore",
		"unlists",
		"unmailboxes",
		"unmailto_allow",
		"unmime_lookup",
		"unmono",
		"unmy_hdr",
		"unscore",
		"unset",
		"unsetenv",
		"unsidebar_whitelist",
		"unsubjectrx",
		"unsubscribe",
		"ifdef",
		"ifndef",
		"finish",
		"unbind",
		"unmacro",
	};
	const struct rc_command *cmd;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(cmd = rc_command_find(names[i])))
			fail_msg("%s is missing", names[i]);
		assert_string_equal(cmd->name, names[i]);
	}
	assert_null(rc_command_find("nosuch"));
	assert_null(rc_command_find(""));
	assert_true(rc_command_find("set")->fn == cmd_set);
	assert_int_equal(rc_command_find("unset")->data, SET_UNSET);
	assert_true(rc_command_find("mono")->fn == cmd_color);
	assert_int_equal(rc_command_find("mono")->data, 1);
	assert_true(rc_command_find("pgp-hook")->fn == cmd_hook);
	assert_int_equal(rc_command_find("pgp-hook")->data, HOOK_CRYPT);
	assert_true(rc_command_find("unignore")->fn == cmd_unlist);
	assert_int_equal(rc_command_find("unignore")->data, L_IGNORE);
	assert_false(rc_command_find("score")->impl);
	assert_true(rc_command_find("source")->impl);
}

/* ---- -D and -Q ------------------------------------------------------------------------------ */

/* A config with a value of every type, and values rc syntax must work to write. */
static const char every_type[] =
	"set realname=\"Zoë \\\"Z\\\" O'Brien\"  # quotes of both kinds\n"
	"set signature='~/sig $HOME `x`'\n"
	"set attribution=\"On %d, %n wrote:\\n> ;#\\t\\e\\r\\001\\177 \\\\ $ \\` ^A\"\n"
	"set pager_context=3 noallow_8bit invhelp timeout=-7 pgp_timeout=99999999999\n"
	"set abort_nosubject=ask-no sort=reverse-last-date-received sort_aux=last-date\n"
	"set quote_regexp=\"^([ \\t]*[|>])+\" mask=\"!^\\\\.[^.]\" reply_regexp='^(Re|Aw):'\n"
	"set from=\"Zoë O'Brien <zoe@example.org>\" mbox_type=Maildir to_chars=\"→●○✉\"\n"
	"set folder=/mail record==sent spoolfile=\"/a dir/with #;\\$\\`\\\"\\\\ x\"\n"
	"set wrap=72 wrapmargin=5 wrap=60 hostname='a;b#c'\n"
	"set my_thing=\"x y\" 'my_odd name'='v' \"my_q\\\"\"=w my_nl=\"1\\n2\"\n"
	"set edit_hdrs pgp_autosign sidebar_sort_method=new\n"
	"set config_charset=iso-8859-1\n"
	"set my_latin1=\"caf\xe9\" my_raw=\"\\351\"\n";

static void dump(const struct config *c, struct buf *out)
{
	buf_reset(out);
	config_dump(c, out);
}

static void dump_reads_back_to_the_same_dump(void **state)
{
	struct config *c = config_new(), *back = config_new();
	struct buf err = BUF_INIT, d1 = BUF_INIT, d2 = BUF_INIT, v1 = BUF_INIT, v2 = BUF_INIT;

	(void)state;
	setenv("HOME", "/home/rt", 1);
	if (config_source_text(c, every_type, strlen(every_type), "every", &err) != 0)
		fail_msg("%s", err.data);
	dump(c, &d1);
	if (config_source_text(back, d1.data, d1.len, "dump", &err) != 0)
		fail_msg("the dump does not read back: %s\n%s", err.data, d1.data);
	dump(back, &d2);
	if (!buf_eq(&d2, d1.data))
		fail_msg("dump 1:\n%s\ndump 2:\n%s", d1.data, d2.data);
	for (size_t i = 0; i < V_COUNT; i++) {
		buf_reset(&v1);
		buf_reset(&v2);
		var_text(c, (enum var_id)i, &v1);
		var_text(back, (enum var_id)i, &v2);
		if (!buf_eq(&v2, v1.data))
			fail_msg("%s: '%s' came back as '%s'", var_def(i)->name, v1.data, v2.data);
	}
	assert_string_equal(cfg_my_get(back, "my_odd name"), "v");
	assert_string_equal(cfg_my_get(back, "my_q\""), "w");
	assert_int_equal(cfg_num(back, V_wrap), 60);
	assert_string_equal(cfg_my_get(back, "my_latin1"), "caf\xc3\xa9");
	assert_string_equal(cfg_my_get(back, "my_raw"), "\xe9");
	/* $config_charset comes last: the lines before it are read as they are */
	assert_non_null(strstr(d1.data, "set config_charset="));
	assert_string_equal(strstr(d1.data, "set config_charset="),
			    "set config_charset=\"iso-8859-1\"\n");
	buf_release(&err);
	buf_release(&d1);
	buf_release(&d2);
	buf_release(&v1);
	buf_release(&v2);
	config_free(&c);
	config_free(&back);
}

static void dump_holds_changed_settings_only(void **state)
{
	struct config *c = config_new();
	struct buf d = BUF_INIT;

	(void)state;
	dump(c, &d);
	assert_string_equal(d.data, "");
	ok(c, "set beep=yes nomarkers timeout=600 sort=size my_a=1 edit_hdrs");
	dump(c, &d);
	assert_string_equal(d.data,
			    "set edit_headers\nunset markers\nset sort=\"size\"\nset my_a=\"1\"\n");
	config_free(&c);
	buf_release(&d);
}

static void secrets_are_never_printed(void **state)
{
	struct config *c = config_new();
	struct buf d = BUF_INIT, q = BUF_INIT;

	(void)state;
	ok(c, "set my_pw=hunter2 imap_pass=$my_pw smtp_pass=other my_other=x");
	dump(c, &d);
	assert_null(strstr(d.data, "hunter2"));
	assert_null(strstr(d.data, "other\""));
	assert_non_null(strstr(d.data, "# imap_pass is set but not shown"));
	assert_non_null(strstr(d.data, "# my_pw is set but not shown"));
	assert_non_null(strstr(d.data, "set my_other=\"x\""));
	assert_int_equal(config_query(c, "imap_pass", &q), 0);
	assert_null(strstr(q.data, "hunter2"));
	buf_reset(&q);
	assert_int_equal(config_query(c, "pop_pass", &q), 0);
	assert_string_equal(q.data, "pop_pass=\"\"");
	config_free(&c);
	buf_release(&d);
	buf_release(&q);
}

static void query_prints_mutts_forms(void **state)
{
	struct config *c = config_new();
	struct buf q = BUF_INIT;
	static const char *const want[][2] = {
		{ "beep", "beep is set" },
		{ "markers", "markers is unset" },
		{ "copy", "copy=yes" },
		{ "timeout", "timeout=600" },
		{ "sort", "sort=date" },
		{ "mbox_type", "mbox_type=mbox" },
		{ "attach_sep", "attach_sep=\"\\n\"" },
		{ "quote_regexp", "quote_regexp=\"^([ \\t]*[|>:}#])+\"" },
		{ "my_e", "my_e=\"\033$`\\\\\"" },
	};

	(void)state;
	ok(c, "set my_e=\"\\e$\\`\\\\\" nomarkers");
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		buf_reset(&q);
		assert_int_equal(config_query(c, want[i][0], &q), 0);
		if (!buf_eq(&q, want[i][1]))
			fail_msg("%s: '%s', want '%s'", want[i][0], q.data, want[i][1]);
	}
	buf_reset(&q);
	assert_int_equal(config_query(c, "nosuchvar", &q), ERR_NOTFOUND);
	assert_int_equal(config_query(c, "my_none", &q), ERR_NOTFOUND);
	assert_int_equal(q.len, 0);
	config_free(&c);
	buf_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_takes_several_assignments),
		cmocka_unit_test(queries_answer_in_mutts_form),
		cmocka_unit_test(unset_toggle_and_reset_take_lists),
		cmocka_unit_test(unknown_command_is_named),
		cmocka_unit_test(extra_arguments_are_an_error),
		cmocka_unit_test(errors_without_a_file_have_no_location),
		cmocka_unit_test(source_reads_files_relative_to_the_file),
		cmocka_unit_test(source_falls_back_to_the_working_directory),
		cmocka_unit_test(source_expands_home_and_variables),
		cmocka_unit_test(source_reads_a_commands_output),
		cmocka_unit_test(errors_in_a_sourced_file_name_it_and_the_rest_loads),
		cmocka_unit_test(source_of_a_missing_file_is_an_error_at_the_source_line),
		cmocka_unit_test(source_recursion_stops_at_the_depth_limit),
		cmocka_unit_test(finish_stops_only_the_current_file),
		cmocka_unit_test(ifdef_knows_variables_commands_functions_features_env),
		cmocka_unit_test(ifdef_runs_a_quoted_line_or_the_rest_of_the_command),
		cmocka_unit_test(echo_says_its_arguments),
		cmocka_unit_test(setenv_changes_the_environment),
		cmocka_unit_test(cd_changes_directory),
		cmocka_unit_test(a_sandbox_refuses_what_reaches_outside),
		cmocka_unit_test(commands_for_later_are_accepted_and_noted),
		cmocka_unit_test(every_mutt_command_is_in_the_table),
		cmocka_unit_test(dump_reads_back_to_the_same_dump),
		cmocka_unit_test(dump_holds_changed_settings_only),
		cmocka_unit_test(secrets_are_never_printed),
		cmocka_unit_test(query_prints_mutts_forms),
	};
	return RUN_TESTS(tests);
}
