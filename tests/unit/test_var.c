/*
 * test_var.c - typed variables: valid and invalid values of every type,
 * defaults (dynamic ones too), reset, path shortcuts, synonyms and $my_
 * variables. Expected values come from running mutt 2.2 on the same text.
 */
#include <limits.h>
#include <pwd.h>
#include <sys/utsname.h>

#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"
#include "tests/unit/rc_test.h"

static struct config *cfg(void)
{
	return config_new();
}

/* The -Q form of a variable. */
static void query_is(struct config *c, const char *name, const char *want)
{
	struct buf out = BUF_INIT;

	if (config_query(c, name, &out) != 0)
		fail_msg("query of %s failed", name);
	if (!buf_eq(&out, want))
		fail_msg("%s: '%s', want '%s'", name, out.data, want);
	buf_release(&out);
}

/* ---- booleans and quadoptions --------------------------------------------------- */

static void bool_takes_set_unset_toggle_and_yes_no(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_true(cfg_bool(c, V_beep));
	ok(c, "unset beep");
	assert_false(cfg_bool(c, V_beep));
	ok(c, "toggle beep");
	assert_true(cfg_bool(c, V_beep));
	ok(c, "set nobeep");
	assert_false(cfg_bool(c, V_beep));
	ok(c, "set invbeep");
	assert_true(cfg_bool(c, V_beep));
	ok(c, "set beep=No");
	assert_false(cfg_bool(c, V_beep));
	ok(c, "set beep=YES nobeep invbeep");
	assert_true(cfg_bool(c, V_beep));
	query_is(c, "beep", "beep is set");
	config_free(&c);
}

static void bool_refuses_other_values(void **state)
{
	struct config *c = cfg();

	(void)state;
	fails(c, "set beep=1", "yes or no");
	fails(c, "set beep=on", "yes or no");
	fails(c, "set beep=ask-yes", "yes or no");
	fails(c, "set beep=", "yes or no");
	fails(c, "set nobeep=yes", "beep");
	fails(c, "unset beep=yes", "beep");
	fails(c, "set beep+=yes", "beep");
	assert_true(cfg_bool(c, V_beep));
	config_free(&c);
}

static void quad_takes_its_four_values_and_toggles_like_mutt(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_int_equal(cfg_quad(c, V_abort_nosubject), QUAD_ASK_YES);
	ok(c, "set copy=Ask-No");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_ASK_NO);
	query_is(c, "copy", "copy=ask-no");
	ok(c, "toggle copy");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_ASK_YES);
	ok(c, "set invcopy");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_ASK_NO);
	ok(c, "set copy=no");
	ok(c, "toggle copy");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_YES);
	ok(c, "unset copy");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_NO);
	ok(c, "set copy");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_YES);
	fails(c, "set copy=maybe", "ask-yes");
	assert_int_equal(cfg_quad(c, V_copy), QUAD_YES);
	config_free(&c);
}

/* ---- numbers ------------------------------------------------------------------- */

static void number_accepts_decimal_with_sign_and_leading_space(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_int_equal(cfg_num(c, V_timeout), 600);
	ok(c, "set timeout=+5");
	assert_int_equal(cfg_num(c, V_timeout), 5);
	ok(c, "set timeout=\" 12\"");
	assert_int_equal(cfg_num(c, V_timeout), 12);
	ok(c, "set timeout=010");
	assert_int_equal(cfg_num(c, V_timeout), 10);
	ok(c, "set timeout=-32768");
	assert_int_equal(cfg_num(c, V_timeout), -32768);
	query_is(c, "timeout", "timeout=-32768");
	config_free(&c);
}

static void number_refuses_junk_and_out_of_range(void **state)
{
	struct config *c = cfg();

	(void)state;
	fails(c, "set timeout=abc", "must be a number");
	fails(c, "set timeout=0x10", "must be a number");
	fails(c, "set timeout=\"5 \"", "must be a number");
	fails(c, "set timeout=", "must be a number");
	fails(c, "set timeout=-", "must be a number");
	/* mutt keeps these in a short */
	fails(c, "set timeout=32768", "between -32768 and 32767");
	fails(c, "set timeout=99999999999999999999999", "between");
	assert_int_equal(cfg_num(c, V_timeout), 600);
	config_free(&c);
}

static void long_numbers_take_the_range_of_a_long(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set pgp_timeout=99999999999");
	assert_int_equal(cfg_num(c, V_pgp_timeout), 99999999999L);
	fails(c, "set pgp_timeout=99999999999999999999", "between");
	ok(c, "set pgp_timeout=-9223372036854775808");
	assert_true(cfg_num(c, V_pgp_timeout) == LONG_MIN);
	config_free(&c);
}

static void negative_values_become_zero_where_mutt_does_so(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set history=-1 pager_index_lines=-4 error_history=-2 imap_pipeline_depth=-3");
	assert_int_equal(cfg_num(c, V_history), 0);
	assert_int_equal(cfg_num(c, V_pager_index_lines), 0);
	assert_int_equal(cfg_num(c, V_error_history), 0);
	assert_int_equal(cfg_num(c, V_imap_pipeline_depth), 0);
	ok(c, "set timeout=-1");
	assert_int_equal(cfg_num(c, V_timeout), -1);
	config_free(&c);
}

static void wrapmargin_sets_wrap_from_the_other_side(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set wrapmargin=7");
	assert_int_equal(cfg_num(c, V_wrap), -7);
	assert_int_equal(cfg_num(c, V_wrapmargin), 7);
	config_free(&c);
}

static void plus_and_minus_equal_add_and_subtract(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set pager_context=3; set pager_context+=4");
	assert_int_equal(cfg_num(c, V_pager_context), 7);
	ok(c, "set pager_context-=10");
	assert_int_equal(cfg_num(c, V_pager_context), -3);
	fails(c, "set timeout=32000; set timeout+=1000", "between");
	assert_int_equal(cfg_num(c, V_timeout), 32000);
	fails(c, "set pager_context+=x", "must be a number");
	ok(c, "set indent_string=\"> \" indent_string+=\">\"");
	assert_string_equal(cfg_str(c, V_indent_string), "> >");
	fails(c, "set indent_string-=x", "-=");
	fails(c, "set sort+=date", "+=");
	fails(c, "set copy-=yes", "copy");
	config_free(&c);
}

/* ---- strings and paths ------------------------------------------------------------ */

static void string_unset_clears_and_toggle_shows(void **state)
{
	struct config *c = cfg();
	struct buf err = BUF_INIT;

	(void)state;
	ok(c, "set realname=\"Joe Q\"");
	assert_string_equal(cfg_str(c, V_realname), "Joe Q");
	assert_int_equal(config_run(c, "toggle realname", "t", 1, &err), 0);
	assert_string_equal(err.data, "realname=\"Joe Q\"");
	assert_string_equal(cfg_str(c, V_realname), "Joe Q");
	ok(c, "set norealname");
	assert_string_equal(cfg_str(c, V_realname), "");
	ok(c, "set realname=x; unset realname");
	assert_string_equal(cfg_str(c, V_realname), "");
	/* mutt: unset with a value sets it */
	ok(c, "unset realname=y");
	assert_string_equal(cfg_str(c, V_realname), "y");
	buf_release(&err);
	config_free(&c);
}

static void set_without_a_value_shows_a_non_boolean(void **state)
{
	struct config *c = cfg();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(config_run(c, "set sort", "t", 1, &err), 0);
	assert_string_equal(err.data, "sort=date");
	assert_int_equal(config_run(c, "unset timeout", "t", 1, &err), 0);
	assert_string_equal(err.data, "timeout=600");
	assert_int_equal(cfg_num(c, V_timeout), 600);
	assert_int_equal(config_unimplemented_used(c)->n, 0);
	buf_release(&err);
	config_free(&c);
}

static void path_expands_home_and_users(void **state)
{
	struct config *c;
	struct passwd *root = getpwuid(0);

	(void)state;
	setenv("HOME", "/home/tester", 1);
	c = cfg();
	ok(c, "set signature=~/sig record=~ mbox='~/a b'");
	assert_string_equal(cfg_str(c, V_signature), "/home/tester/sig");
	assert_string_equal(cfg_str(c, V_record), "/home/tester");
	assert_string_equal(cfg_str(c, V_mbox), "/home/tester/a b");
	ok(c, "set record=~nosuchuserhere/x");
	assert_string_equal(cfg_str(c, V_record), "~nosuchuserhere/x");
	ok(c, "set record=x/~/y");
	assert_string_equal(cfg_str(c, V_record), "x/~/y");
	if (root) {
		struct buf want = BUF_INIT;
		buf_printf(&want, "%s/mail", root->pw_name ? root->pw_dir : "");
		ok(c, "set record=~root/mail");
		assert_string_equal(cfg_str(c, V_record), want.data);
		buf_release(&want);
	}
	/* the default is expanded too */
	assert_string_equal(cfg_str(c, V_folder), "/home/tester/Mail");
	config_free(&c);
}

static void path_expands_folder_shortcuts_when_set(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set folder=/f record==sent postponed=+drafts");
	assert_string_equal(cfg_str(c, V_record), "/f/sent");
	assert_string_equal(cfg_str(c, V_postponed), "/f/drafts");
	ok(c, "set folder=imaps://host/ trash==Trash");
	assert_string_equal(cfg_str(c, V_trash), "imaps://host/Trash");
	/* as in mutt, a later $folder does not move what was expanded */
	assert_string_equal(cfg_str(c, V_record), "/f/sent");
	ok(c, "set folder=\"\" trash==x");
	assert_string_equal(cfg_str(c, V_trash), "/x");
	config_free(&c);
}

static void path_expands_mailbox_shortcuts(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set spoolfile=/var/mail/me mbox=/m record=/r");
	ok(c, "set trash=! postponed=>x history_file=<.old");
	assert_string_equal(cfg_str(c, V_trash), "/var/mail/me");
	assert_string_equal(cfg_str(c, V_postponed), "/mx");
	assert_string_equal(cfg_str(c, V_history_file), "/r.old");
	/* no folder was visited while rc files are read */
	ok(c, "set trash=-x postponed=^y history_file=!!z");
	assert_string_equal(cfg_str(c, V_trash), "x");
	assert_string_equal(cfg_str(c, V_postponed), "y");
	assert_string_equal(cfg_str(c, V_history_file), "z");
	config_free(&c);
}

static void expanded_paths_expand_to_themselves(void **state)
{
	struct config *c = cfg();
	struct buf again = BUF_INIT;

	(void)state;
	/* "-!x" is "!x" after one step: expansion goes on until nothing is left */
	ok(c, "set spoolfile=/s trash=-!x");
	assert_string_equal(cfg_str(c, V_trash), "/sx");
	config_expand_path(c, cfg_str(c, V_trash), &again);
	assert_string_equal(again.data, "/sx");
	buf_release(&again);
	config_free(&c);
}

/* ---- regexes ----------------------------------------------------------------------- */

static bool matches(struct config *c, enum var_id id, const char *s)
{
	bool neg;
	const regex_t *re = cfg_regex(c, id, &neg);

	assert_non_null(re);
	return (regexec(re, s, 0, NULL, 0) == 0) != neg;
}

static void regex_uses_smart_case(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set quote_regexp='^>+'");
	assert_true(matches(c, V_quote_regexp, ">> x"));
	ok(c, "set reply_regexp='^re:'");
	assert_true(matches(c, V_reply_regexp, "RE: hi"));
	ok(c, "set reply_regexp='^Re:'");
	assert_false(matches(c, V_reply_regexp, "RE: hi"));
	assert_true(matches(c, V_reply_regexp, "Re: hi"));
	/* a non-ASCII capital counts too */
	ok(c, "set reply_regexp='^Äw'");
	assert_false(matches(c, V_reply_regexp, "äw"));
	config_free(&c);
}

static void regex_mask_negates_with_bang_and_keeps_case(void **state)
{
	struct config *c = cfg();
	bool neg;

	(void)state;
	assert_true(matches(c, V_mask, "file"));
	assert_false(matches(c, V_mask, ".hidden"));
	query_is(c, "mask", "mask=\"!^\\\\.[^.]\"");
	ok(c, "set mask=abc");
	assert_true(matches(c, V_mask, "xabc"));
	assert_false(matches(c, V_mask, "ABC"));
	assert_non_null(cfg_regex(c, V_mask, &neg));
	assert_false(neg);
	/* elsewhere a '!' is part of the regex */
	ok(c, "set quote_regexp=!x");
	assert_true(matches(c, V_quote_regexp, "!x"));
	config_free(&c);
}

static void regex_refuses_a_bad_pattern_and_empty_is_none(void **state)
{
	struct config *c = cfg();

	(void)state;
	fails(c, "set quote_regexp=\"(\"", "bad regex");
	assert_true(matches(c, V_quote_regexp, "> x"));
	ok(c, "set quote_regexp=\"\"");
	assert_null(cfg_regex(c, V_quote_regexp, NULL));
	config_free(&c);
}

/* ---- sort, address, mbtable, magic ---------------------------------------------- */

static void sort_takes_each_sets_names_and_prefixes(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set sort=reverse-date-received sort_aux=last-size");
	assert_int_equal(cfg_sort(c, V_sort), SORT_RECEIVED | SORT_REVERSE);
	assert_int_equal(cfg_sort(c, V_sort_aux), SORT_SIZE | SORT_LAST);
	ok(c, "set sort=reverse-last-mailbox-order");
	query_is(c, "sort", "sort=reverse-last-mailbox-order");
	ok(c, "set sort=date-sent");
	query_is(c, "sort", "sort=date");
	ok(c, "set sort_alias=unsorted sort_browser=reverse-alpha pgp_sort_keys=trust");
	query_is(c, "sort_alias", "sort_alias=unsorted");
	query_is(c, "sort_browser", "sort_browser=reverse-alpha");
	assert_int_equal(cfg_sort(c, V_pgp_sort_keys), SORT_TRUST);
	ok(c, "set sidebar_sort_method=new");
	query_is(c, "sidebar_sort_method", "sidebar_sort_method=unread");
	ok(c, "set sidebar_sort_method=mailbox-order");
	query_is(c, "sidebar_sort_method", "sidebar_sort_method=unsorted");
	query_is(c, "sort_thread_groups", "sort_thread_groups=aux");
	ok(c, "set sort_thread_groups=reverse-last-aux");
	assert_int_equal(cfg_sort(c, V_sort_thread_groups), SORT_AUX | SORT_REVERSE | SORT_LAST);
	config_free(&c);
}

static void sort_refuses_names_of_other_sets_and_wrong_case(void **state)
{
	struct config *c = cfg();

	(void)state;
	fails(c, "set sort=REVERSE-date", "unknown sorting method");
	fails(c, "set sort=alpha", "alpha");
	fails(c, "set sort_alias=date", "date");
	fails(c, "set pgp_sort_keys=unsorted", "unsorted");
	/* "last-" comes after "reverse-" only */
	fails(c, "set sort=last-reverse-date", "reverse-date");
	fails(c, "set sort=", "unknown sorting method");
	assert_int_equal(cfg_sort(c, V_sort), SORT_DATE);
	config_free(&c);
}

static void sort_aux_takes_threads_as_date(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set sort_aux=reverse-threads");
	query_is(c, "sort_aux", "sort_aux=reverse-date");
	config_free(&c);
}

static void address_is_checked_and_kept_as_written(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set from=\"Zoë <zoe@example.org>, x@y\"");
	assert_string_equal(cfg_str(c, V_from), "Zoë <zoe@example.org>, x@y");
	fails(c, "set from=\"x@\"", "not a valid address");
	fails(c, "set from=\"Joe <a@b>, (just a comment)\"", "not a valid address");
	assert_string_equal(cfg_str(c, V_from), "Zoë <zoe@example.org>, x@y");
	ok(c, "set from=");
	assert_string_equal(cfg_str(c, V_from), "");
	config_free(&c);
}

static void mbtable_must_be_utf8(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set to_chars=\"→●○✉\"");
	assert_string_equal(cfg_str(c, V_to_chars), "→●○✉");
	fails(c, "set to_chars=\"\\377\"", "UTF-8");
	assert_string_equal(cfg_str(c, V_to_chars), "→●○✉");
	config_free(&c);
}

static void magic_is_one_of_four_in_any_case(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_string_equal(cfg_str(c, V_mbox_type), "mbox");
	ok(c, "set mbox_type=maildir");
	assert_string_equal(cfg_str(c, V_mbox_type), "Maildir");
	ok(c, "set mbox_type=mmdf");
	query_is(c, "mbox_type", "mbox_type=MMDF");
	ok(c, "set mbox_type=Mh");
	assert_string_equal(cfg_str(c, V_mbox_type), "MH");
	fails(c, "set mbox_type=xx", "Maildir");
	config_free(&c);
}

/* ---- defaults, reset, names --------------------------------------------------------- */

static void defaults_come_from_vars_def_with_tern_for_mutt(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_string_equal(cfg_str(c, V_attach_sep), "\n");
	assert_string_equal(cfg_str(c, V_alias_format), "%4n %2f %t %-10a   %r");
	assert_non_null(strstr(cfg_str(c, V_status_format), "-%r-tern: %f"));
	assert_non_null(strstr(cfg_str(c, V_compose_format), "-- tern: Compose"));
	assert_int_equal(strncmp(cfg_str(c, V_ts_status_format), "tern with", 9), 0);
	for (size_t i = 0; i < V_COUNT; i++)
		if (cfg_changed(c, (enum var_id)i))
			fail_msg("%s differs from its default in a new config", var_def(i)->name);
	config_free(&c);
}

static void dynamic_defaults_follow_the_environment(void **state)
{
	struct config *c;
	struct utsname u;

	(void)state;
	setenv("VISUAL", "vis", 1);
	setenv("EDITOR", "ed", 1);
	setenv("MAIL", "/var/spool/mail/t", 1);
	setenv("TMPDIR", "/scratch", 1);
	setenv("SHELL", "/bin/zsh", 1);
	c = cfg();
	assert_string_equal(cfg_str(c, V_editor), "vis");
	assert_string_equal(cfg_str(c, V_visual), "vis");
	assert_string_equal(cfg_str(c, V_spoolfile), "/var/spool/mail/t");
	assert_string_equal(cfg_str(c, V_tmpdir), "/scratch");
	assert_string_equal(cfg_str(c, V_shell), "/bin/zsh");
	assert_int_equal(uname(&u), 0);
	assert_string_equal(cfg_str(c, V_hostname), u.nodename);
	config_free(&c);

	unsetenv("VISUAL");
	unsetenv("MAIL");
	setenv("MAILDIR", "~/Maildir", 1);
	unsetenv("TMPDIR");
	setenv("HOME", "/home/t", 1);
	c = cfg();
	assert_string_equal(cfg_str(c, V_editor), "ed");
	assert_string_equal(cfg_str(c, V_spoolfile), "/home/t/Maildir");
	assert_string_equal(cfg_str(c, V_tmpdir), "/tmp");
	config_free(&c);

	unsetenv("EDITOR");
	unsetenv("MAILDIR");
	c = cfg();
	assert_string_equal(cfg_str(c, V_editor), "vi");
	assert_int_equal(strncmp(cfg_str(c, V_spoolfile), "/var/mail/", 10), 0);
	config_free(&c);
	unsetenv("SHELL");
}

static void realname_comes_from_the_gecos_field(void **state)
{
	struct passwd *pw = getpwuid(getuid());
	struct config *c = cfg();
	struct buf want = BUF_INIT;

	(void)state;
	if (pw && pw->pw_gecos) {
		const char *comma = strchr(pw->pw_gecos, ',');
		buf_add(&want, pw->pw_gecos,
			comma ? (size_t)(comma - pw->pw_gecos) : strlen(pw->pw_gecos));
		if (!strchr(want.data, '&'))
			assert_string_equal(cfg_str(c, V_realname), want.data);
	}
	buf_release(&want);
	config_free(&c);
}

static void reset_restores_defaults_one_or_all(void **state)
{
	struct config *c = cfg();

	(void)state;
	ok(c, "set timeout=5 sort=size nobeep quote_regexp=x my_keep=1");
	assert_true(cfg_changed(c, V_timeout));
	ok(c, "reset timeout");
	assert_int_equal(cfg_num(c, V_timeout), 600);
	assert_false(cfg_changed(c, V_timeout));
	ok(c, "set &sort");
	assert_int_equal(cfg_sort(c, V_sort), SORT_DATE);
	ok(c, "reset all");
	assert_true(cfg_bool(c, V_beep));
	assert_true(matches(c, V_quote_regexp, "> x"));
	/* mutt's reset all leaves $my_ variables alone */
	assert_string_equal(cfg_my_get(c, "my_keep"), "1");
	ok(c, "set timeout=1; reset *");
	assert_int_equal(cfg_num(c, V_timeout), 600);
	fails(c, "set &timeout=6", "not allowed with reset");
	fails(c, "reset timeout=6", "not allowed with reset");
	config_free(&c);
}

static void old_names_are_synonyms(void **state)
{
	struct config *c = cfg();

	(void)state;
	assert_int_equal(var_lookup("edit_hdrs"), V_edit_headers);
	assert_int_equal(var_lookup("hdr_format"), V_index_format);
	assert_int_equal(var_lookup("pgp_create_traditional"), V_pgp_autoinline);
	assert_int_equal(var_lookup("xterm_set_titles"), V_ts_enabled);
	assert_int_equal(var_lookup("no_such_thing"), -1);
	ok(c, "set edit_hdrs forw_format=x pgp_autosign");
	assert_true(cfg_bool(c, V_edit_headers));
	assert_true(cfg_bool(c, V_crypt_autosign));
	assert_string_equal(cfg_str(c, V_forward_format), "x");
	/* mutt names a boolean as asked, the others by their current name */
	query_is(c, "edit_hdrs", "edit_hdrs is set");
	query_is(c, "forw_format", "forward_format=\"x\"");
	ok(c, "set noedit_hdrs");
	assert_false(cfg_bool(c, V_edit_headers));
	config_free(&c);
}

static void names_are_case_sensitive_and_unknown_ones_named(void **state)
{
	struct config *c = cfg();

	(void)state;
	fails(c, "set Beep", "Beep: unknown variable");
	fails(c, "set TIMEOUT=4", "TIMEOUT: unknown variable");
	fails(c, "set nosuchvar=1", "nosuchvar: unknown variable");
	fails(c, "unset nosuchvar", "nosuchvar: unknown variable");
	fails(c, "set =4", "missing");
	config_free(&c);
}

static void unimplemented_variables_are_noted_once(void **state)
{
	struct config *c = cfg();
	const struct strlist *u;

	(void)state;
	assert_int_equal(var_def(V_ssl_use_sslv3)->flags & VF_IMPL, 0);
	ok(c, "set ssl_use_sslv3 pgp_autosign; unset ssl_use_sslv3; set beep?");
	u = config_unimplemented_used(c);
	assert_int_equal(u->n, 2);
	assert_string_equal(u->v[0], "ssl_use_sslv3");
	assert_string_equal(u->v[1], "pgp_autosign");
	config_free(&c);
}

/* ---- $my_ variables ------------------------------------------------------------------ */

static void my_variables_are_made_shown_and_removed(void **state)
{
	struct config *c = cfg();
	struct buf err = BUF_INIT;

	(void)state;
	fails(c, "set my_x", "my_x: unknown variable");
	ok(c, "set my_x=1 my_x+=2 my_=e my_a.b=f");
	assert_string_equal(cfg_my_get(c, "my_x"), "12");
	assert_string_equal(cfg_my_get(c, "my_"), "e");
	assert_string_equal(cfg_my_get(c, "my_a.b"), "f");
	assert_int_equal(config_run(c, "set my_x", "t", 1, &err), 0);
	assert_string_equal(err.data, "my_x=\"12\"");
	assert_int_equal(config_run(c, "set ?my_x; toggle my_x; set invmy_x", "t", 1, &err), 0);
	assert_string_equal(cfg_my_get(c, "my_x"), "12");
	ok(c, "set nomy_x");
	assert_null(cfg_my_get(c, "my_x"));
	ok(c, "set my_x=1; unset my_x; set my_y=1; reset my_y; set my_z=1; set &my_z");
	assert_null(cfg_my_get(c, "my_x"));
	assert_null(cfg_my_get(c, "my_y"));
	assert_null(cfg_my_get(c, "my_z"));
	/* removing one that is not there is quiet, as in mutt */
	ok(c, "unset my_never");
	fails(c, "set my_n=1; set my_n-=1", "-=");
	assert_int_equal(config_unimplemented_used(c)->n, 0);
	buf_release(&err);
	config_free(&c);
}

static void cfg_set_and_cfg_format_for_the_program(void **state)
{
	struct config *c = cfg();
	struct buf err = BUF_INIT, out = BUF_INIT;

	(void)state;
	assert_int_equal(cfg_set(c, V_folder, "/mail", &err), 0);
	assert_int_equal(cfg_set(c, V_record, "=sent", &err), 0);
	assert_string_equal(cfg_str(c, V_record), "/mail/sent");
	assert_int_equal(cfg_set(c, V_sort, "nonsense", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "nonsense"));
	cfg_set(c, V_realname, "a\"b $c", &err);
	cfg_format(c, V_realname, &out);
	assert_string_equal(out.data, "\"a\\\"b \\$c\"");
	buf_reset(&out);
	cfg_format(c, V_beep, &out);
	assert_string_equal(out.data, "yes");
	buf_release(&err);
	buf_release(&out);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bool_takes_set_unset_toggle_and_yes_no),
		cmocka_unit_test(bool_refuses_other_values),
		cmocka_unit_test(quad_takes_its_four_values_and_toggles_like_mutt),
		cmocka_unit_test(number_accepts_decimal_with_sign_and_leading_space),
		cmocka_unit_test(number_refuses_junk_and_out_of_range),
		cmocka_unit_test(long_numbers_take_the_range_of_a_long),
		cmocka_unit_test(negative_values_become_zero_where_mutt_does_so),
		cmocka_unit_test(wrapmargin_sets_wrap_from_the_other_side),
		cmocka_unit_test(plus_and_minus_equal_add_and_subtract),
		cmocka_unit_test(string_unset_clears_and_toggle_shows),
		cmocka_unit_test(set_without_a_value_shows_a_non_boolean),
		cmocka_unit_test(path_expands_home_and_users),
		cmocka_unit_test(path_expands_folder_shortcuts_when_set),
		cmocka_unit_test(path_expands_mailbox_shortcuts),
		cmocka_unit_test(expanded_paths_expand_to_themselves),
		cmocka_unit_test(regex_uses_smart_case),
		cmocka_unit_test(regex_mask_negates_with_bang_and_keeps_case),
		cmocka_unit_test(regex_refuses_a_bad_pattern_and_empty_is_none),
		cmocka_unit_test(sort_takes_each_sets_names_and_prefixes),
		cmocka_unit_test(sort_refuses_names_of_other_sets_and_wrong_case),
		cmocka_unit_test(sort_aux_takes_threads_as_date),
		cmocka_unit_test(address_is_checked_and_kept_as_written),
		cmocka_unit_test(mbtable_must_be_utf8),
		cmocka_unit_test(magic_is_one_of_four_in_any_case),
		cmocka_unit_test(defaults_come_from_vars_def_with_tern_for_mutt),
		cmocka_unit_test(dynamic_defaults_follow_the_environment),
		cmocka_unit_test(realname_comes_from_the_gecos_field),
		cmocka_unit_test(reset_restores_defaults_one_or_all),
		cmocka_unit_test(old_names_are_synonyms),
		cmocka_unit_test(names_are_case_sensitive_and_unknown_ones_named),
		cmocka_unit_test(unimplemented_variables_are_noted_once),
		cmocka_unit_test(my_variables_are_made_shown_and_removed),
		cmocka_unit_test(cfg_set_and_cfg_format_for_the_program),
	};
	return RUN_TESTS(tests);
}
