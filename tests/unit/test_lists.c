/*
 * test_lists.c - the list commands, aliases and attachments, run through
 * the rc language as a muttrc would run them, checked against mutt 2.2.
 */
#include <fcntl.h>
#include <regex.h>

#include "tests/unit/unit.h"

#include "config/config.h"
#include "config/internal.h"
#include "tests/unit/rc_test.h"

/* The list joined with '|'. */
static void assert_list(const struct config *c, enum cfg_list which, const char *want)
{
	const struct strlist *l = cfg_list(c, which);
	struct buf got = BUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addch(&got, '|');
		buf_addstr(&got, l->v[i]);
	}
	assert_buf_eq(&got, want);
	buf_release(&got);
}

static struct config *fresh(void)
{
	return config_new();
}

/* dump -> fresh config -> dump gives the same text, and the text is not empty. */
static void assert_round_trip(const struct config *c)
{
	struct buf d1 = BUF_INIT, d2 = BUF_INIT, err = BUF_INIT;
	struct config *c2 = fresh();
	int rc;

	config_lists_dump(c, &d1);
	assert_true(d1.len > 0);
	rc = config_source_text(c2, d1.data, d1.len, "dump", &err);
	if (rc != 0)
		fail_msg("the dump does not load: %s\n%s", err.data, d1.data);
	config_lists_dump(c2, &d2);
	if (!buf_eq(&d2, d1.data))
		fail_msg("dump changed:\n%s---\n%s", d1.data, d2.data);
	config_free(&c2);
	buf_release(&d1);
	buf_release(&d2);
	buf_release(&err);
}

/* ---- alternates, lists, subscribe ---------------------------------------- */

static void alternates_match_ignoring_case_with_exceptions(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alternates -group me '^me@example\\.org$' you@example");
	ok(c,
	   "alternates ME@EXAMPLE\\\\.ORG"); /* rc text ME@EXAMPLE\\.ORG: unquoted, \\ is one backslash */
	assert_list(c, L_ALTERNATES, "^me@example\\.org$|you@example|ME@EXAMPLE\\.ORG");
	assert_true(cfg_list_match(c, L_ALTERNATES, "Me@Example.org"));
	assert_true(cfg_list_match(c, L_ALTERNATES, "someyou@example.com"));
	ok(c, "unalternates someyou@");
	assert_list(c, L_UNALTERNATES, "someyou@");
	assert_false(cfg_list_match(c, L_ALTERNATES, "someyou@example.com"));
	assert_true(cfg_list_match(c, L_ALTERNATES, "you@example.com"));
	config_free(&c);
}

static void alternates_adding_again_does_not_duplicate(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alternates a@b a@b");
	ok(c, "alternates A@B");
	assert_list(c, L_ALTERNATES, "a@b");
	config_free(&c);
}

static void unalternates_removes_and_alternates_removes_the_exception(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alternates a@b c@d");
	ok(c, "unalternates A@B");
	assert_list(c, L_ALTERNATES, "c@d");
	assert_list(c, L_UNALTERNATES, "A@B");
	ok(c, "alternates a@b");
	assert_list(c, L_UNALTERNATES, "");
	ok(c, "unalternates *");
	assert_list(c, L_ALTERNATES, "");
	assert_list(c, L_UNALTERNATES, "");
	config_free(&c);
}

static void alternates_bad_regex_is_named_and_the_rest_is_added(void **state)
{
	struct config *c = fresh();

	(void)state;
	fails(c, "alternates good@x [bad good2@x", "alternates: bad regex '[bad'");
	assert_list(c, L_ALTERNATES, "good@x|good2@x");
	fails(c, "subscribe a@ *b", "subscribe: bad regex '*b'");
	assert_list(c, L_LISTS, "a@");
	fails(c, "alternates -group", "alternates: -group needs a group name");
	fails(c, "alternates", "alternates: too few arguments");
	config_free(&c);
}

static void subscribe_also_makes_a_list_known(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "lists ^mutt-dev@mutt\\\\.org$");
	ok(c, "subscribe -group mutt mutt-users@");
	assert_list(c, L_LISTS, "^mutt-dev@mutt\\.org$|mutt-users@");
	assert_list(c, L_SUBSCRIBE, "mutt-users@");
	assert_true(cfg_list_match(c, L_LISTS, "mutt-users@mutt.org"));
	assert_true(cfg_list_match(c, L_SUBSCRIBE, "mutt-users@mutt.org"));
	assert_false(cfg_list_match(c, L_SUBSCRIBE, "mutt-dev@mutt.org"));
	assert_false(cfg_list_match(c, L_IGNORE, "mutt-dev@mutt.org"));
	config_free(&c);
}

static void unlists_also_unsubscribes(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "subscribe a@ b@");
	ok(c, "unlists a@");
	assert_list(c, L_LISTS, "b@");
	assert_list(c, L_SUBSCRIBE, "b@");
	assert_list(c, L_UNLISTS, "a@");
	ok(c, "unsubscribe b@");
	assert_list(c, L_LISTS, "b@");
	assert_list(c, L_SUBSCRIBE, "");
	assert_list(c, L_UNSUBSCRIBE, "b@");
	ok(c, "subscribe b@");
	assert_list(c, L_UNSUBSCRIBE, "");
	ok(c, "unlists *");
	assert_list(c, L_LISTS, "");
	assert_list(c, L_SUBSCRIBE, "");
	config_free(&c);
}

static void unlists_exception_beats_a_broader_list(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "lists @lists\\.example\\.org$");
	ok(c, "unlists ^announce@");
	assert_true(cfg_list_match(c, L_LISTS, "dev@lists.example.org"));
	assert_false(cfg_list_match(c, L_LISTS, "announce@lists.example.org"));
	ok(c, "lists ^announce@");
	assert_true(cfg_list_match(c, L_LISTS, "announce@lists.example.org"));
	config_free(&c);
}

/* ---- ignore / unignore and header visibility -------------------------------- */

static void ignore_star_with_unignore_shows_only_those(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "ignore *");
	ok(c, "unignore from date subject to cc");
	assert_true(cfg_header_visible(c, "From", 4));
	assert_true(cfg_header_visible(c, "Subject: hello", 14));
	assert_true(cfg_header_visible(c, "ccx", 3)); /* a prefix match, as in mutt */
	assert_false(cfg_header_visible(c, "X-Mailer", 8));
	assert_false(cfg_header_visible(c, "Received: from x", 16));
	/* "from" (no colon) also shows the mbox From_ line */
	assert_true(cfg_header_visible(c, "From joe@x Mon Jan  1 00:00:00 2024", 35));
	config_free(&c);
}

static void unignore_with_colon_hides_the_mbox_from_line(void **state)
{
	struct config *c = fresh();
	const char *from_ = "From joe@x Mon Jan  1 00:00:00 2024";

	(void)state;
	ok(c, "ignore *");
	ok(c, "unignore from: subject");
	assert_true(cfg_header_visible(c, "From", 4));
	assert_true(cfg_header_visible(c, "From: joe@x", 11));
	assert_false(cfg_header_visible(c, from_, strlen(from_)));
	config_free(&c);
}

static void ignore_prefix_with_unignore_exception(void **state)
{
	struct config *c = fresh();

	(void)state;
	assert_true(cfg_header_visible(c, "X-Mailer", 8));
	ok(c, "ignore x- content-");
	assert_false(cfg_header_visible(c, "X-Mailer", 8));
	assert_false(cfg_header_visible(c, "Content-Type", 12));
	ok(c, "unignore x-mailer");
	assert_true(cfg_header_visible(c, "X-Mailer", 8));
	assert_false(cfg_header_visible(c, "X-Spam", 6));
	assert_list(c, L_IGNORE, "x-|content-");
	assert_list(c, L_UNIGNORE, "x-mailer");
	config_free(&c);
}

static void unignore_removes_the_ignore_entry_too(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "ignore X-Spam x-foo");
	ok(c, "unignore x-spam");
	assert_list(c, L_IGNORE, "x-foo");
	assert_list(c, L_UNIGNORE, "x-spam");
	/* and ignore takes an unignore entry back */
	ok(c, "ignore x-spam");
	assert_list(c, L_UNIGNORE, "");
	assert_false(cfg_header_visible(c, "X-Spam", 6));
	ok(c, "unignore *");
	assert_list(c, L_IGNORE, "");
	assert_true(cfg_header_visible(c, "X-Spam", 6));
	config_free(&c);
}

static void ignore_star_clears_unignore(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "unignore subject");
	ok(c, "ignore *");
	assert_list(c, L_UNIGNORE, "");
	assert_false(cfg_header_visible(c, "Subject", 7));
	config_free(&c);
}

/* ---- word lists -------------------------------------------------------------- */

static void hdr_order_adds_once_and_unhdr_order_star_clears(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "hdr_order From Date: From: To: Cc: Subject:");
	ok(c, "hdr_order date: to:");
	assert_list(c, L_HDR_ORDER, "From|Date:|From:|To:|Cc:|Subject:");
	ok(c, "unhdr_order from: CC:");
	assert_list(c, L_HDR_ORDER, "From|Date:|To:|Subject:");
	ok(c, "unhdr_order *");
	assert_list(c, L_HDR_ORDER, "");
	config_free(&c);
}

static void mime_lists_take_types_and_wildcards(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alternative_order text/enriched text/plain text application/postscript image/*");
	assert_list(c, L_ALTERNATIVE_ORDER,
		    "text/enriched|text/plain|text|application/postscript|image/*");
	ok(c, "auto_view text/html application/x-gunzip");
	ok(c, "mime_lookup application/octet-stream");
	ok(c, "unauto_view TEXT/HTML");
	assert_list(c, L_AUTO_VIEW, "application/x-gunzip");
	ok(c, "unmime_lookup *");
	assert_list(c, L_MIME_LOOKUP, "");
	ok(c, "unalternative_order text");
	assert_list(c, L_ALTERNATIVE_ORDER,
		    "text/enriched|text/plain|application/postscript|image/*");
	config_free(&c);
}

static void mime_lists_refuse_what_is_not_a_type(void **state)
{
	struct config *c = fresh();

	(void)state;
	fails(c, "auto_view text/html/x", "auto_view: bad MIME type 'text/html/x'");
	fails(c, "mime_lookup /plain", "mime_lookup: bad MIME type '/plain'");
	fails(c, "alternative_order text/plain text/h@ml image/png", "'text/h@ml'");
	assert_list(c, L_ALTERNATIVE_ORDER, "text/plain|image/png");
	config_free(&c);
}

static void mailto_allow_starts_with_mutts_default(void **state)
{
	struct config *c = fresh();

	(void)state;
	assert_list(c, L_MAILTO_ALLOW, "body|subject|cc|in-reply-to|references");
	/* Debian's Muttrc line, with its stray '=' */
	ok(c, "mailto_allow = cc in-reply-to references");
	assert_list(c, L_MAILTO_ALLOW, "body|subject|cc|in-reply-to|references");
	ok(c, "unmailto_allow Cc");
	ok(c, "mailto_allow x-label");
	assert_list(c, L_MAILTO_ALLOW, "body|subject|in-reply-to|references|x-label");
	ok(c, "unmailto_allow *");
	assert_list(c, L_MAILTO_ALLOW, "");
	ok(c, "mailto_allow *");
	assert_list(c, L_MAILTO_ALLOW, "*");
	config_free(&c);
}

static void sidebar_whitelist_expands_paths(void **state)
{
	struct config *c = fresh();
	struct buf want = BUF_INIT;

	(void)state;
	ok(c, "sidebar_whitelist /var/mail/x ~/Mail/inbox /var/mail/x");
	config_expand_path(c, "~/Mail/inbox", &want);
	assert_int_equal(cfg_list(c, L_SIDEBAR_WHITELIST)->n, 2);
	assert_string_equal(cfg_list(c, L_SIDEBAR_WHITELIST)->v[1], want.data);
	ok(c, "unsidebar_whitelist ~/Mail/inbox");
	assert_list(c, L_SIDEBAR_WHITELIST, "/var/mail/x");
	ok(c, "unsidebar_whitelist *");
	assert_list(c, L_SIDEBAR_WHITELIST, "");
	buf_release(&want);
	config_free(&c);
}

/* ---- mailboxes ----------------------------------------------------------------- */

static void mailboxes_expand_and_keep_options(void **state)
{
	struct config *c = fresh();
	struct buf want = BUF_INIT;
	const struct mailbox_opts *o;

	(void)state;
	ok(c, "mailboxes /var/mail/me -label Work -nonotify /srv/work -nopoll /srv/big =lists");
	config_expand_path(c, "=lists", &want);
	assert_int_equal(cfg_list(c, L_MAILBOXES)->n, 4);
	assert_string_equal(cfg_list(c, L_MAILBOXES)->v[3], want.data);
	o = cfg_mailbox_opts(c, 0);
	assert_null(o->label);
	assert_false(o->nonotify);
	assert_false(o->nopoll);
	o = cfg_mailbox_opts(c, 1);
	assert_string_equal(o->label, "Work");
	assert_true(o->nonotify);
	assert_false(o->nopoll);
	assert_true(cfg_mailbox_opts(c, 2)->nopoll);
	assert_null(cfg_mailbox_opts(c, 2)->label);
	assert_null(cfg_mailbox_opts(c, 4));
	buf_release(&want);
	config_free(&c);
}

static void mailboxes_again_updates_only_what_it_says(void **state)
{
	struct config *c = fresh();
	const struct mailbox_opts *o;

	(void)state;
	ok(c, "mailboxes -label Work -nonotify -nopoll /srv/work");
	ok(c, "mailboxes -poll /srv/work");
	assert_int_equal(cfg_list(c, L_MAILBOXES)->n, 1);
	o = cfg_mailbox_opts(c, 0);
	assert_string_equal(o->label, "Work");
	assert_true(o->nonotify);
	assert_false(o->nopoll);
	ok(c, "mailboxes -nolabel -notify /srv/work");
	o = cfg_mailbox_opts(c, 0);
	assert_null(o->label);
	assert_false(o->nonotify);
	config_free(&c);
}

static void unmailboxes_removes_one_or_all(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "mailboxes /a -label B /b /c");
	ok(c, "unmailboxes /a /nothing");
	assert_list(c, L_MAILBOXES, "/b|/c");
	assert_string_equal(cfg_mailbox_opts(c, 0)->label, "B");
	ok(c, "unmailboxes *");
	assert_list(c, L_MAILBOXES, "");
	config_free(&c);
}

static void mailboxes_options_without_a_mailbox_are_errors(void **state)
{
	struct config *c = fresh();

	(void)state;
	fails(c, "mailboxes /a -label", "mailboxes: no mailbox after '-label'");
	fails(c, "mailboxes -nopoll", "mailboxes: no mailbox after '-nopoll'");
	fails(c, "mailboxes", "mailboxes: too few arguments");
	assert_list(c, L_MAILBOXES, "/a");
	config_free(&c);
}

/* ---- my_hdr ---------------------------------------------------------------------- */

static void my_hdr_replaces_the_same_field(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "my_hdr Organization: A Really Big Company, Anytown, USA");
	ok(c, "my_hdr X-Operating-System: tern");
	ok(c, "my_hdr organization: Small");
	assert_list(c, L_MY_HDR, "organization: Small|X-Operating-System: tern");
	config_free(&c);
}

static void my_hdr_keeps_quoted_words_quoted(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "my_hdr From: \"Doe, John\" <j@example.org>");
	ok(c, "my_hdr 'X-Note: one  two'");
	assert_list(c, L_MY_HDR, "From: \"Doe, John\" <j@example.org>|X-Note: one  two");
	config_free(&c);
}

static void my_hdr_needs_a_field_name_and_colon(void **state)
{
	struct config *c = fresh();

	(void)state;
	fails(c, "my_hdr Organization Big", "my_hdr: invalid header field 'Organization Big'");
	fails(c, "my_hdr X-Foo : bar", "invalid header field");
	fails(c, "my_hdr : bar", "invalid header field");
	fails(c, "my_hdr", "my_hdr: too few arguments");
	fails(c, "my_hdr \"X-Foo: a\\nBcc: evil@x\"", "my_hdr: control character");
	assert_list(c, L_MY_HDR, "");
	config_free(&c);
}

static void unmy_hdr_by_name_with_or_without_colon(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "my_hdr To: a@b; my_hdr Cc: c@d; my_hdr X-To: e@f; my_hdr Organization: O");
	ok(c, "unmy_hdr to CC:");
	assert_list(c, L_MY_HDR, "X-To: e@f|Organization: O");
	ok(c, "unmy_hdr *");
	assert_list(c, L_MY_HDR, "");
	config_free(&c);
}

/* ---- aliases ------------------------------------------------------------------------- */

static void alias_defines_and_looks_up_ignoring_case(void **state)
{
	struct config *c = fresh();
	const struct alias *a;

	(void)state;
	ok(c, "alias muttdude me@cs.hmc.edu (Michael Elkins)");
	ok(c, "alias theguys manny, moe, jack");
	ok(c, "alias -group friends -group work Bob \"Smith, Bob\" <bob@example.org>");
	assert_int_equal(cfg_alias_count(c), 3);
	a = cfg_alias(c, "MUTTDUDE");
	assert_non_null(a);
	assert_string_equal(a->value, "me@cs.hmc.edu (Michael Elkins)");
	assert_string_equal(cfg_alias(c, "theguys")->value, "manny, moe, jack");
	a = cfg_alias(c, "bob");
	assert_string_equal(a->name, "Bob");
	assert_string_equal(a->value, "\"Smith, Bob\" <bob@example.org>");
	assert_null(cfg_alias(c, "nobody"));
	assert_string_equal(cfg_alias_at(c, 1)->name, "theguys");
	assert_null(cfg_alias_at(c, 3));
	config_free(&c);
}

static void alias_redefined_replaces_in_place(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alias A9 first@x");
	ok(c, "alias b second@x");
	ok(c, "alias a9 third@x");
	assert_int_equal(cfg_alias_count(c), 2);
	assert_string_equal(cfg_alias_at(c, 0)->name, "A9");
	assert_string_equal(cfg_alias_at(c, 0)->value, "third@x");
	config_free(&c);
}

static void alias_with_a_bad_address_is_an_error_naming_it(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alias bob bob@x");
	fails(c, "alias bob @@@", "alias 'bob': cannot read '@' as an address");
	fails(c, "alias whole \"John Doe <j@x.org>\"", "alias 'whole': cannot read");
	fails(c, "alias nobody", "alias 'nobody': no address");
	fails(c, "alias", "alias: no alias name");
	fails(c, "alias x \"a@b\\001\"", "alias: control character");
	/* the earlier definition is kept */
	assert_string_equal(cfg_alias(c, "bob")->value, "bob@x");
	assert_null(cfg_alias(c, "whole"));
	config_free(&c);
}

static void alias_semicolon_ends_the_command(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alias a a@b ; alias b c@d");
	assert_string_equal(cfg_alias(c, "a")->value, "a@b");
	assert_string_equal(cfg_alias(c, "b")->value, "c@d");
	config_free(&c);
}

static void unalias_removes_one_several_or_all(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alias a a@x; alias b b@x; alias c c@x; alias d d@x");
	ok(c, "unalias B -group g D nothing");
	assert_int_equal(cfg_alias_count(c), 2);
	assert_non_null(cfg_alias(c, "a"));
	assert_non_null(cfg_alias(c, "c"));
	assert_null(cfg_alias(c, "b"));
	ok(c, "alias e e@x");
	assert_string_equal(cfg_alias(c, "e")->value, "e@x");
	ok(c, "unalias *");
	assert_int_equal(cfg_alias_count(c), 0);
	assert_null(cfg_alias(c, "a"));
	fails(c, "unalias", "unalias: too few arguments");
	config_free(&c);
}

static void many_aliases_load_and_resolve(void **state)
{
	struct config *c = fresh();
	struct buf line = BUF_INIT;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		buf_reset(&line);
		buf_printf(&line, "alias user%d User %d <user%d@example.org>", i, i, i);
		ok(c, line.data);
	}
	assert_int_equal(cfg_alias_count(c), 20000);
	assert_string_equal(cfg_alias(c, "USER12345")->value, "User 12345 <user12345@example.org>");
	buf_release(&line);
	config_free(&c);
}

/* ---- attachments ------------------------------------------------------------------------ */

static void attachments_count_like_mutts_default_rules(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "attachments +A */.*");
	ok(c, "attachments -A text/x-vcard application/pgp.*");
	ok(c, "attachments -A application/x-pkcs7-.*");
	ok(c, "attachments +I text/plain");
	ok(c, "attachments -A message/external-body");
	ok(c, "attachments -I message/external-body");
	assert_true(cfg_attach_qualifies(c, 'A', "image", "png"));
	assert_false(cfg_attach_qualifies(c, 'A', "application", "pgp-signature"));
	assert_false(cfg_attach_qualifies(c, 'A', "TEXT", "X-VCARD"));
	assert_true(cfg_attach_qualifies(c, 'I', "text", "plain"));
	assert_false(cfg_attach_qualifies(c, 'I', "text", "plainer"));
	assert_false(cfg_attach_qualifies(c, 'I', "text", "html"));
	assert_false(cfg_attach_qualifies(c, 'R', "text", "plain"));
	config_free(&c);
}

static void attachments_dispositions_and_old_spellings(void **state)
{
	struct config *c = fresh();
	struct buf out = BUF_INIT;

	(void)state;
	ok(c, "attachments inline text/html");
	ok(c, "attachments -attach application/zip");
	ok(c, "attachments +root any");
	ok(c, "attachments +R image");
	ok(c, "attachments +R image");
	cfg_attach_format(c, &out);
	assert_buf_eq(&out, "attachments -A application/zip\n"
			    "attachments +I text/html\n"
			    "attachments +R */.*\n"
			    "attachments +R image/unknown\n");
	buf_release(&out);
	config_free(&c);
}

static void attachments_query_lists_the_rules_as_a_message(void **state)
{
	struct config *c = fresh();
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(run(c, "attachments ?", &err), 0);
	assert_buf_eq(&err, "attachments: no rules");
	ok(c, "attachments +A */.*; attachments +I text/plain");
	assert_int_equal(run(c, "attachments ?", &err), 0);
	assert_buf_eq(&err, "attachments +A */.*\nattachments +I text/plain");
	buf_release(&err);
	config_free(&c);
}

static void unattachments_removes_literally_or_all(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "attachments +A */.* image/jpeg; attachments -A text/x-vcard");
	ok(c, "unattachments +A */.*");
	assert_true(cfg_attach_qualifies(c, 'A', "image", "jpeg"));
	assert_false(cfg_attach_qualifies(c, 'A', "image", "png"));
	ok(c, "unattachments *");
	assert_false(cfg_attach_qualifies(c, 'A', "image", "jpeg"));
	config_free(&c);
}

static void attachments_errors_name_the_problem(void **state)
{
	struct config *c = fresh();

	(void)state;
	fails(c, "attachments", "attachments: no disposition");
	fails(c, "attachments +X text/plain", "attachments: bad disposition '+X'");
	fails(c, "attachments +", "bad disposition '+'");
	fails(c, "attachments +A", "attachments: no MIME type after '+A'");
	fails(c, "attachments +A text/[", "attachments: bad regex in 'text/['");
	fails(c, "unattachments ?", "unattachments: bad disposition '?'");
	config_free(&c);
}

/* ---- errors inside a file, the dump -------------------------------------------------------- */

static void a_bad_line_does_not_stop_the_file(void **state)
{
	struct config *c = fresh();
	struct buf err = BUF_INIT;
	static const char text[] = "alternates me@x\n"
				   "lists [oops\n"
				   "alias bad @@@\n"
				   "subscribe tern-users@\n"
				   "alias good g@x\n";

	(void)state;
	assert_int_not_equal(config_source_text(c, text, sizeof(text) - 1, "rc", &err), 0);
	assert_non_null(strstr(err.data, "lists: bad regex '[oops'"));
	assert_list(c, L_ALTERNATES, "me@x");
	assert_list(c, L_SUBSCRIBE, "tern-users@");
	assert_non_null(cfg_alias(c, "good"));
	assert_null(cfg_alias(c, "bad"));
	buf_release(&err);
	config_free(&c);
}

static void dump_reads_back_to_the_same_lists(void **state)
{
	struct config *c = fresh();

	(void)state;
	ok(c, "alternates '^me@example\\.org$' 'you@ex ample'; unalternates 'not me'");
	ok(c, "subscribe a@; lists b@ c@; unlists d@; unsubscribe b@");
	ok(c, "ignore *; unignore from: subject; hdr_order date from");
	ok(c, "alternative_order text/plain text/*; auto_view text/html; mime_lookup a/b");
	ok(c, "mailboxes /var/mail/me -label 'My Work' -nonotify -nopoll '/srv/wo rk'");
	ok(c, "my_hdr X-Note: \"quoted, text\" with \\$dollar \\#hash 'single'");
	ok(c, "my_hdr X-Tabs: a\\\tb");
	ok(c, "mailto_allow x-label; unmailto_allow body");
	ok(c, "sidebar_whitelist /srv/work");
	ok(c, "attachments +A */.*; attachments -I message/external-body");
	ok(c, "alias friend \"Doe, John\" <j@x.org>, 'Jane Q' <q@x.org>");
	ok(c, "alias -group g plain p@x");
	assert_round_trip(c);
	config_free(&c);
}

static void dump_of_defaults_is_empty(void **state)
{
	struct config *c = fresh();
	struct buf d = BUF_INIT;

	(void)state;
	ok(c, "unmailto_allow cc; mailto_allow cc");
	config_lists_dump(c, &d);
	assert_buf_eq(&d, "unmailto_allow *\n"
			  "mailto_allow body\n"
			  "mailto_allow subject\n"
			  "mailto_allow in-reply-to\n"
			  "mailto_allow references\n"
			  "mailto_allow cc\n");
	config_free(&c);
	c = fresh();
	buf_reset(&d);
	config_lists_dump(c, &d);
	assert_buf_eq(&d, "");
	buf_release(&d);
	config_free(&c);
}

/* ---- mutt's own example files ---------------------------------------------------------- */

#define MUTT_EXAMPLES "/usr/share/doc/mutt/examples/"

/*
 * Source path (with HOME a fresh directory holding an empty .muttrc-local,
 * which sample.muttrc sources) and check that it loads without an error
 * and that its dump reads back. Skips when mutt's examples are not installed.
 */
static void assert_file_loads(const char *path)
{
	char home[] = "/tmp/tern-test-lists-XXXXXX";
	struct buf local = BUF_INIT, err = BUF_INIT;
	char *old_home = xstrdup_or_null(getenv("HOME"));
	struct config *c;
	int fd;

	if (access(path, R_OK) != 0)
		skip();
	assert_non_null(mkdtemp(home));
	buf_printf(&local, "%s/.muttrc-local", home);
	fd = open(local.data, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	setenv("HOME", home, 1);
	c = fresh();
	assert_int_equal(config_source(c, path, &err), 0);
	for (size_t i = 0; i < config_error_count(c); i++)
		fail_msg("%s:%d: %s", path, config_error(c, i)->line, config_error(c, i)->msg);
	assert_round_trip(c);
	config_free(&c);
	if (old_home)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	unlink(local.data);
	rmdir(home);
	free(old_home);
	buf_release(&local);
	buf_release(&err);
}

static void mutts_sample_muttrc_loads_without_errors(void **state)
{
	(void)state;
	assert_file_loads(MUTT_EXAMPLES "sample.muttrc");
}

static void debians_system_muttrc_loads_without_errors(void **state)
{
	(void)state;
	assert_file_loads(MUTT_EXAMPLES "Muttrc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alternates_match_ignoring_case_with_exceptions),
		cmocka_unit_test(alternates_adding_again_does_not_duplicate),
		cmocka_unit_test(unalternates_removes_and_alternates_removes_the_exception),
		cmocka_unit_test(alternates_bad_regex_is_named_and_the_rest_is_added),
		cmocka_unit_test(subscribe_also_makes_a_list_known),
		cmocka_unit_test(unlists_also_unsubscribes),
		cmocka_unit_test(unlists_exception_beats_a_broader_list),
		cmocka_unit_test(ignore_star_with_unignore_shows_only_those),
		cmocka_unit_test(unignore_with_colon_hides_the_mbox_from_line),
		cmocka_unit_test(ignore_prefix_with_unignore_exception),
		cmocka_unit_test(unignore_removes_the_ignore_entry_too),
		cmocka_unit_test(ignore_star_clears_unignore),
		cmocka_unit_test(hdr_order_adds_once_and_unhdr_order_star_clears),
		cmocka_unit_test(mime_lists_take_types_and_wildcards),
		cmocka_unit_test(mime_lists_refuse_what_is_not_a_type),
		cmocka_unit_test(mailto_allow_starts_with_mutts_default),
		cmocka_unit_test(sidebar_whitelist_expands_paths),
		cmocka_unit_test(mailboxes_expand_and_keep_options),
		cmocka_unit_test(mailboxes_again_updates_only_what_it_says),
		cmocka_unit_test(unmailboxes_removes_one_or_all),
		cmocka_unit_test(mailboxes_options_without_a_mailbox_are_errors),
		cmocka_unit_test(my_hdr_replaces_the_same_field),
		cmocka_unit_test(my_hdr_keeps_quoted_words_quoted),
		cmocka_unit_test(my_hdr_needs_a_field_name_and_colon),
		cmocka_unit_test(unmy_hdr_by_name_with_or_without_colon),
		cmocka_unit_test(alias_defines_and_looks_up_ignoring_case),
		cmocka_unit_test(alias_redefined_replaces_in_place),
		cmocka_unit_test(alias_with_a_bad_address_is_an_error_naming_it),
		cmocka_unit_test(alias_semicolon_ends_the_command),
		cmocka_unit_test(unalias_removes_one_several_or_all),
		cmocka_unit_test(many_aliases_load_and_resolve),
		cmocka_unit_test(attachments_count_like_mutts_default_rules),
		cmocka_unit_test(attachments_dispositions_and_old_spellings),
		cmocka_unit_test(attachments_query_lists_the_rules_as_a_message),
		cmocka_unit_test(unattachments_removes_literally_or_all),
		cmocka_unit_test(attachments_errors_name_the_problem),
		cmocka_unit_test(a_bad_line_does_not_stop_the_file),
		cmocka_unit_test(dump_reads_back_to_the_same_lists),
		cmocka_unit_test(dump_of_defaults_is_empty),
		cmocka_unit_test(mutts_sample_muttrc_loads_without_errors),
		cmocka_unit_test(debians_system_muttrc_loads_without_errors),
	};
	return RUN_TESTS(tests);
}
