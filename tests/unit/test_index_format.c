/*
 * test_index_format.c - index lines through $index_format: each of mutt's
 * expandos that the headless --list and the index rely on, $to_chars,
 * %Z's flag combinations, dates in the sender's and the local zone,
 * widths with wide characters, the thread tree and hidden subjects.
 */
#include <stdlib.h>
#include <time.h>

#include "tests/unit/mx_test.h"

#include "mx/mx.h"

struct fx {
	struct mailbox *mb;
	struct config *cfg;
	struct view v;
	bool built;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	/* %D and %[ ] are in the local zone: make it known. */
	setenv("TZ", "UTC", 1);
	tzset();
	f->mb = mailbox_new("/tmp/some/folder/inbox", NULL);
	f->cfg = config_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->built)
		view_release(&f->v);
	mailbox_free(&f->mb);
	config_free(&f->cfg);
	free(f);
	return 0;
}

static void rc(struct fx *f, const char *line)
{
	struct buf err = BUF_INIT;

	if (config_run(f->cfg, line, NULL, 0, &err) != 0)
		fail_msg("%s: %s", line, err.data);
	buf_release(&err);
}

static void add_msg(struct fx *f, const char *headers, uint32_t flags, uint64_t size,
		    uint32_t lines)
{
	/* received Sat, 28 Feb 2026 12:00:00 UTC */
	struct message m = mx_test_message(f->mb, headers, flags, 1772280000, size);

	m.lines = lines;
	mx_add(f->mb, &m, 1, NULL);
}

static void add(struct fx *f, const char *headers)
{
	add_msg(f, headers, MSG_READ, 1000, 0);
}

static void build(struct fx *f, int sort)
{
	struct view_opts o = { .sort = sort, .sort_aux = SORT_DATE };

	if (f->built)
		view_release(&f->v);
	mailbox_lock(f->mb);
	assert_int_equal(view_build(f->mb, &o, &f->v), 0);
	mailbox_unlock(f->mb);
	f->built = true;
}

/* The line of `row` through fmt in cols columns. */
static void assert_line(struct fx *f, size_t row, const char *fmt, size_t cols, const char *want)
{
	struct buf out = BUF_INIT;

	if (!f->built)
		build(f, SORT_ORDER);
	mailbox_lock(f->mb);
	mx_index_line_fmt(f->mb, f->cfg, fmt, &f->v, row, cols, &out);
	mailbox_unlock(f->mb);
	if (!buf_eq(&out, want))
		fail_msg("%s gives \"%s\", want \"%s\"", fmt, out.data, want);
	buf_release(&out);
}

#define ZED  "From: Zed Nakamura <zed@example.org>\nTo: Bob <bob@example.org>\n"
#define DATE "Date: Tue, 3 Mar 2026 14:05:09 +0100\n"

static void fmt_C_numbers_rows_from_one(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a");
	add(f, ZED "Subject: b");
	assert_line(f, 0, "%C", 0, "1");
	assert_line(f, 1, "%4C|%-3C|%03C", 0, "   2|2  |002");
}

static void fmt_n_is_the_name_else_the_address(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a");
	add(f, "From: anon@example.org\nSubject: b");
	assert_line(f, 0, "%n", 0, "Zed Nakamura");
	assert_line(f, 1, "%n", 0, "anon@example.org");
}

static void fmt_f_is_the_whole_from(void **state)
{
	struct fx *f = *state;

	add(f, "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.org>, c@example.org\nSubject: a");
	assert_line(f, 0, "%f", 0, "Renée <renee@example.org>, c@example.org");
}

static void fmt_F_names_the_recipient_of_the_users_mail(void **state)
{
	struct fx *f = *state;

	rc(f, "set from=me@example.org");
	add(f, "From: Me <me@example.org>\nTo: Bob <bob@example.org>\nSubject: a");
	add(f, ZED "Subject: b");
	assert_line(f, 0, "%F", 0, "To Bob");
	assert_line(f, 1, "%F", 0, "Zed Nakamura");
}

static void fmt_L_names_a_subscribed_list(void **state)
{
	struct fx *f = *state;

	rc(f, "subscribe dev@lists.example.org");
	add(f, "From: Zed <zed@example.org>\nTo: dev@lists.example.org\nSubject: a");
	add(f, ZED "Subject: b");
	assert_line(f, 0, "%L", 0, "To dev@lists.example.org");
	assert_line(f, 1, "%L", 0, "Zed Nakamura");
}

static void fmt_t_is_the_first_recipient(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a");
	add(f, "From: z@example.org\nCc: Carol <carol@example.org>\nSubject: b");
	assert_line(f, 0, "%t", 0, "To Bob");
	assert_line(f, 1, "%t", 0, "Cc Carol");
}

static void fmt_s_is_the_decoded_subject(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: Re: =?ISO-8859-7?Q?=C3=E5=E9=DC?= there");
	assert_line(f, 0, "[%s]", 0, "[Re: Γειά there]");
}

static void fmt_i_is_the_message_id_or_no_id(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a\nMessage-ID: <abc@example.org>");
	add(f, ZED "Subject: b");
	assert_line(f, 0, "%i", 0, "<abc@example.org>");
	assert_line(f, 1, "%i", 0, "<no.id>");
}

static void fmt_l_is_the_line_count(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED "Subject: a", MSG_READ, 100, 42);
	add_msg(f, ZED "Subject: b", MSG_READ, 100, 0);
	assert_line(f, 0, "%l|%?l?has lines&no lines?", 0, "42|has lines");
	assert_line(f, 1, "%4l|%?l?has lines&no lines?", 0, "   0|no lines");
}

static void fmt_c_is_the_size_as_mutt_writes_it(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED "Subject: a", MSG_READ, 0, 0);
	add_msg(f, ZED "Subject: b", MSG_READ, 1234, 0);
	add_msg(f, ZED "Subject: c", MSG_READ, 52000, 0);
	add_msg(f, ZED "Subject: d", MSG_READ, 2000000, 0);
	assert_line(f, 0, "%c", 0, "0K");
	assert_line(f, 1, "%c", 0, "1.2K");
	assert_line(f, 2, "%c", 0, "50K"); /* mutt rounds at 51 bytes past 1K */
	assert_line(f, 3, "%c", 0, "1.9M");
	rc(f, "set size_show_bytes size_units_on_left");
	assert_line(f, 2, "%c", 0, "K50");
}

static void fmt_S_is_the_strongest_status(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED "Subject: a", 0, 10, 0);
	add_msg(f, ZED "Subject: b", MSG_OLD, 10, 0);
	add_msg(f, ZED "Subject: c", MSG_READ | MSG_REPLIED, 10, 0);
	add_msg(f, ZED "Subject: d", MSG_READ | MSG_FLAGGED | MSG_REPLIED, 10, 0);
	add_msg(f, ZED "Subject: e", MSG_READ | MSG_FLAGGED | MSG_DELETED, 10, 0);
	add_msg(f, ZED "Subject: f", MSG_READ, 10, 0);
	assert_line(f, 0, "%S", 0, "N");
	assert_line(f, 1, "%S", 0, "O");
	assert_line(f, 2, "%S", 0, "r");
	assert_line(f, 3, "%S", 0, "!");
	assert_line(f, 4, "%S", 0, "D");
	assert_line(f, 5, "%S", 0, "-");
}

static void fmt_Z_new_old_and_read(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED "Subject: a", 0, 10, 0);
	add_msg(f, ZED "Subject: b", MSG_OLD, 10, 0);
	add_msg(f, ZED "Subject: c", MSG_READ, 10, 0);
	assert_line(f, 0, "[%Z]", 0, "[N  ]");
	assert_line(f, 1, "[%Z]", 0, "[O  ]");
	assert_line(f, 2, "[%Z]", 0, "[   ]");
}

static void fmt_Z_replied_deleted_flagged_tagged(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED "Subject: a", MSG_READ | MSG_REPLIED, 10, 0);
	add_msg(f, ZED "Subject: b", MSG_READ | MSG_DELETED | MSG_FLAGGED, 10, 0);
	add_msg(f, ZED "Subject: c", MSG_DELETED | MSG_TAGGED | MSG_FLAGGED, 10, 0);
	add_msg(f, ZED "Subject: d", MSG_OLD | MSG_REPLIED | MSG_DELETED, 10, 0);
	/* tags are the interface's, never loaded: set like the interface does */
	mailbox_lock(f->mb);
	mx_change_flags(f->mb, 2, MSG_TAGGED, 0);
	mailbox_unlock(f->mb);
	assert_line(f, 0, "[%Z]", 0, "[r  ]");
	assert_line(f, 1, "[%Z]", 0, "[ D!]");
	assert_line(f, 2, "[%Z]", 0, "[ND*]");
	assert_line(f, 3, "[%Z]", 0, "[OD ]");
}

static void fmt_Z_and_T_show_to_chars(void **state)
{
	struct fx *f = *state;

	rc(f, "set from=me@example.org");
	rc(f, "subscribe dev@lists.example.org");
	add(f, "From: z@example.org\nTo: me@example.org\nSubject: only me");
	add(f, "From: z@example.org\nTo: me@example.org, x@example.org\nSubject: me and x");
	add(f, "From: z@example.org\nTo: x@example.org\nCc: me@example.org\nSubject: cc");
	add(f, "From: me@example.org\nTo: x@example.org\nSubject: mine");
	add(f, "From: z@example.org\nTo: dev@lists.example.org\nSubject: list");
	add(f, "From: z@example.org\nTo: x@example.org\nSubject: other");
	assert_line(f, 0, "[%Z]", 0, "[  +]");
	assert_line(f, 1, "%T", 0, "T");
	assert_line(f, 2, "%T", 0, "C");
	assert_line(f, 3, "%T", 0, "F");
	assert_line(f, 4, "%T", 0, "L");
	assert_line(f, 5, "[%T]", 0, "[ ]");
}

static void fmt_to_chars_is_multibyte_and_short_tables_give_spaces(void **state)
{
	struct fx *f = *state;

	rc(f, "set from=me@example.org");
	rc(f, "set to_chars=\"·→⇉\"");
	add(f, "From: z@example.org\nTo: me@example.org\nSubject: only me");
	add(f, "From: z@example.org\nTo: x@example.org, me@example.org\nSubject: me and x");
	add(f, "From: me@example.org\nTo: x@example.org\nSubject: mine");
	add(f, "From: z@example.org\nTo: x@example.org\nSubject: other");
	assert_line(f, 0, "[%T]", 0, "[→]");
	assert_line(f, 1, "[%Z]", 0, "[  ⇉]");
	assert_line(f, 2, "[%T]", 0, "[ ]");
	assert_line(f, 3, "[%T]", 0, "[·]");
}

static void fmt_d_uses_date_format_in_the_senders_zone(void **state)
{
	struct fx *f = *state;

	add(f, ZED DATE "Subject: a");
	/* mutt's default $date_format, with '!': English whatever the locale */
	assert_line(f, 0, "%d", 0, "Tue, Mar 03, 2026 at 02:05:09PM +0100");
	rc(f, "set date_format=\"%Y-%m-%d %H:%M %z\"");
	assert_line(f, 0, "%d", 0, "2026-03-03 14:05 +0100");
}

static void fmt_D_and_brackets_are_local_time(void **state)
{
	struct fx *f = *state;

	add(f, ZED DATE "Subject: a");
	rc(f, "set date_format=\"%Y-%m-%d %H:%M\"");
	assert_line(f, 0, "%D", 0, "2026-03-03 13:05");
	assert_line(f, 0, "%[%H:%M %Z]", 0, "13:05 UTC");
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	assert_line(f, 0, "%[%d %H:%M]|%{%d %H:%M}", 0, "03 22:05|03 14:05");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void fmt_braces_are_strftime_in_the_senders_zone(void **state)
{
	struct fx *f = *state;

	add(f, "From: z@example.org\nDate: Sun, 1 Mar 2026 23:30:00 -0500\nSubject: a");
	assert_line(f, 0, "%{%a %d %b %H:%M %Z}", 0, "Sun 01 Mar 23:30 -0500");
	assert_line(f, 0, "%{!%A}|%%{x}", 0, "Sunday|%{x}");
}

static void fmt_dates_without_date_use_the_delivery_time(void **state)
{
	struct fx *f = *state;

	add(f, "From: z@example.org\nSubject: no date");
	add(f, "From: z@example.org\nDate: not a date at all\nSubject: bad date");
	assert_line(f, 0, "%{%Y-%m-%d %H:%M}", 0, "2026-02-28 12:00");
	assert_line(f, 1, "%(%Y-%m-%d)|%{%Y}", 0, "2026-02-28|2026");
}

static void fmt_width_pads_and_cuts_by_columns(void **state)
{
	struct fx *f = *state;

	add(f, "From: Ann Example <ann@example.org>\nSubject: a");
	assert_line(f, 0, "[%-6.6n]", 0, "[Ann Ex]");
	assert_line(f, 0, "[%12n]", 0, "[ Ann Example]");
	assert_line(f, 0, "[%=13n]", 0, "[ Ann Example ]");
}

static void fmt_width_counts_wide_characters_as_two_columns(void **state)
{
	struct fx *f = *state;

	add(f, "From: =?UTF-8?B?5qOu5rKiIOWBpeS6jA==?= <k@example.jp>\nSubject: a");
	/* 森沢 健二 takes 9 columns */
	assert_line(f, 0, "[%-10.10n]", 0, "[森沢 健二 ]");
	/* a wide character that does not fit in the last column becomes a space */
	assert_line(f, 0, "[%-6.6n]", 0, "[森沢  ]");
	assert_line(f, 0, "[%-4.4n]", 0, "[森沢]");
}

static void fmt_fill_right_aligns_in_the_given_columns(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: hello");
	assert_line(f, 0, "%s%>.%C", 12, "hello......1");
	assert_line(f, 0, "%s%|-", 8, "hello---");
}

#define T1 "From: a@x\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <1@x>\nSubject: plan\n"
#define T2 \
	"From: b@x\nDate: Mon, 2 Mar 2026 11:00:00 +0000\nMessage-ID: <2@x>\nIn-Reply-To: <1@x>\n"
#define T3 \
	"From: c@x\nDate: Mon, 2 Mar 2026 12:00:00 +0000\nMessage-ID: <3@x>\nIn-Reply-To: <1@x>\n"
#define T4 \
	"From: d@x\nDate: Mon, 2 Mar 2026 13:00:00 +0000\nMessage-ID: <4@x>\nReferences: <1@x> <3@x>\n"

static void threaded(struct fx *f)
{
	add(f, T1);
	add(f, T2 "Subject: Re: plan");
	add(f, T3 "Subject: Re: plan");
	add(f, T4 "Subject: other topic");
	rc(f, "set sort=threads");
	build(f, SORT_THREADS);
}

static void fmt_s_draws_the_thread_tree_and_hides_repeated_subjects(void **state)
{
	struct fx *f = *state;

	threaded(f);
	assert_line(f, 0, "%s", 0, "plan");
	assert_line(f, 1, "%s", 0, "├─>");
	assert_line(f, 2, "%s", 0, "└─>");
	assert_line(f, 3, "%s", 0, "  └─>other topic");
}

static void fmt_s_shows_every_subject_without_hide_thread_subject(void **state)
{
	struct fx *f = *state;

	rc(f, "unset hide_thread_subject");
	threaded(f);
	assert_line(f, 1, "%s", 0, "├─>Re: plan");
	assert_line(f, 2, "%s", 0, "└─>Re: plan");
}

static void fmt_s_tree_in_ascii_and_narrow(void **state)
{
	struct fx *f = *state;

	rc(f, "set ascii_chars narrow_tree");
	threaded(f);
	assert_line(f, 1, "%s", 0, "|>");
	assert_line(f, 3, "%s", 0, " `>other topic");
}

static void fmt_e_and_E_count_within_the_thread(void **state)
{
	struct fx *f = *state;

	threaded(f);
	assert_line(f, 2, "%e/%E", 0, "3/4");
	assert_line(f, 0, "%?E?thread of %E?", 0, "thread of 4");
}

static void fmt_b_and_m_describe_the_folder(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a");
	add(f, ZED "Subject: b");
	assert_line(f, 1, "%b %m", 0, "inbox 2");
}

static void fmt_unknown_letters_stay_as_written(void **state)
{
	struct fx *f = *state;

	add(f, ZED "Subject: a");
	assert_line(f, 0, "%-5Q|%%|%s", 0, "%-5Q|%|a");
}

static void fmt_null_format_is_index_format(void **state)
{
	struct fx *f = *state;

	add_msg(f, ZED DATE "Subject: hello", 0, 1234, 0);
	/* mutt's default: "%4C %Z %{%b %d} %-15.15L (%?l?%4l&%4c?) %s" */
	assert_line(f, 0, NULL, 0, "   1 N   Mar 03 Zed Nakamura    (1.2K) hello");
	rc(f, "set index_format=\"%C:%s\"");
	assert_line(f, 0, NULL, 0, "1:hello");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(fmt_C_numbers_rows_from_one),
		T(fmt_n_is_the_name_else_the_address),
		T(fmt_f_is_the_whole_from),
		T(fmt_F_names_the_recipient_of_the_users_mail),
		T(fmt_L_names_a_subscribed_list),
		T(fmt_t_is_the_first_recipient),
		T(fmt_s_is_the_decoded_subject),
		T(fmt_i_is_the_message_id_or_no_id),
		T(fmt_l_is_the_line_count),
		T(fmt_c_is_the_size_as_mutt_writes_it),
		T(fmt_S_is_the_strongest_status),
		T(fmt_Z_new_old_and_read),
		T(fmt_Z_replied_deleted_flagged_tagged),
		T(fmt_Z_and_T_show_to_chars),
		T(fmt_to_chars_is_multibyte_and_short_tables_give_spaces),
		T(fmt_d_uses_date_format_in_the_senders_zone),
		T(fmt_D_and_brackets_are_local_time),
		T(fmt_braces_are_strftime_in_the_senders_zone),
		T(fmt_dates_without_date_use_the_delivery_time),
		T(fmt_width_pads_and_cuts_by_columns),
		T(fmt_width_counts_wide_characters_as_two_columns),
		T(fmt_fill_right_aligns_in_the_given_columns),
		T(fmt_s_draws_the_thread_tree_and_hides_repeated_subjects),
		T(fmt_s_shows_every_subject_without_hide_thread_subject),
		T(fmt_s_tree_in_ascii_and_narrow),
		T(fmt_e_and_E_count_within_the_thread),
		T(fmt_b_and_m_describe_the_folder),
		T(fmt_unknown_letters_stay_as_written),
		T(fmt_null_format_is_index_format),
#undef T
	};
	return RUN_TESTS(tests);
}
