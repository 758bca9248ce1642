/*
 * test_date.c - Date: parsing (RFC 5322, its obsolete syntax and the broken
 * forms real mail uses) and formatting. Expected times come from glibc's
 * timegm(), an oracle independent of date.c's own calendar arithmetic.
 */
#include <time.h>

#include "email/email.h"
#include "tests/unit/unit.h"

/* Seconds since the epoch of a UTC civil time, from libc. */
static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* Parse s and check it is the local time y-mo-d h:mi:s at offset tz (minutes). */
#define assert_date(s, y, mo, d, h, mi, sec, tz)                                                   \
	do {                                                                                       \
		struct mail_date md_;                                                              \
		int rc_ = date_parse((s), strlen(s), &md_);                                        \
		if (rc_ != 0 || !md_.valid)                                                        \
			fail_msg("\"%s\" did not parse (rc %d)", (s), rc_);                        \
		if (md_.time != utc(y, mo, d, h, mi, sec) - (tz)*60 || md_.tz_minutes != (tz))     \
			fail_msg("\"%s\" gave %lld %+d, want %lld %+d", (s), (long long)md_.time,  \
				 md_.tz_minutes, (long long)(utc(y, mo, d, h, mi, sec) - (tz)*60), \
				 (tz));                                                            \
	} while (0)

#define assert_bad_date(s)                                                      \
	do {                                                                    \
		struct mail_date md_;                                           \
		md_.valid = true;                                               \
		if (date_parse((s), strlen(s), &md_) != ERR_PARSE || md_.valid) \
			fail_msg("\"%s\" parsed, but is not a date", (s));      \
	} while (0)

static void date_rfc5322_canonical(void **state)
{
	(void)state;
	assert_date("Thu, 13 Feb 2025 23:31:30 +0100", 2025, 2, 13, 23, 31, 30, 60);
	assert_date("Fri, 21 Nov 1997 09:55:06 -0600", 1997, 11, 21, 9, 55, 6, -360);
	assert_date("Mon, 1 Jan 2024 00:00:00 +0000", 2024, 1, 1, 0, 0, 0, 0);
	assert_date("Tue, 1 Jul 2003 10:52:37 +0530", 2003, 7, 1, 10, 52, 37, 330);
}

static void date_day_name_and_seconds_are_optional(void **state)
{
	(void)state;
	assert_date("13 Feb 2025 23:31:30 +0100", 2025, 2, 13, 23, 31, 30, 60);
	assert_date("Thu, 13 Feb 2025 23:31 +0100", 2025, 2, 13, 23, 31, 0, 60);
	assert_date("13 Feb 2025 23:31 -0800", 2025, 2, 13, 23, 31, 0, -480);
}

static void date_comments_and_folding_anywhere(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003 10:52:37 +0200 (CEST)", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("(day) Tue,(x) 1 (d) Jul (m)\r\n 2003 (y) 10 : 52 : 37 (t) +0200", 2003, 7, 1,
		    10, 52, 37, 120);
	assert_date("Tue, 1 Jul 2003 10:52:37 +0200 (a (nested \\) comment) here)", 2003, 7, 1, 10,
		    52, 37, 120);
	/* An unterminated trailing comment is tolerated. */
	assert_date("Tue, 1 Jul 2003 10:52:37 +0200 (CEST", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("\tTue,\r\n\t1 Jul 2003\r\n 10:52:37\t+0200  ", 2003, 7, 1, 10, 52, 37, 120);
}

static void date_two_digit_years_follow_rfc5322(void **state)
{
	(void)state;
	assert_date("1 Jul 03 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("1 Jul 49 10:52:37 +0200", 2049, 7, 1, 10, 52, 37, 120);
	assert_date("1 Jul 50 10:52:37 +0200", 1950, 7, 1, 10, 52, 37, 120);
	assert_date("1 Jul 99 10:52:37 +0200", 1999, 7, 1, 10, 52, 37, 120);
	assert_date("1 Jul 00 10:52:37 +0200", 2000, 7, 1, 10, 52, 37, 120);
}

static void date_three_digit_years_add_1900(void **state)
{
	(void)state;
	assert_date("1 Jul 103 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("1 Jul 099 10:52:37 +0200", 1999, 7, 1, 10, 52, 37, 120);
}

static void date_obsolete_zones(void **state)
{
	static const struct {
		const char *zone;
		int tz;
	} zones[] = {
		{ "UT", 0 },     { "GMT", 0 },    { "Z", 0 },      { "EST", -300 },
		{ "EDT", -240 }, { "CST", -360 }, { "CDT", -300 }, { "MST", -420 },
		{ "MDT", -360 }, { "PST", -480 }, { "PDT", -420 }, { "est", -300 },
	};
	char s[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		snprintf(s, sizeof(s), "Sat, 1 Mar 2008 12:00:00 %s", zones[i].zone);
		assert_date(s, 2008, 3, 1, 12, 0, 0, zones[i].tz);
	}
}

static void date_military_zones_mean_unknown_offset(void **state)
{
	(void)state;
	/* RFC 5322 4.3: RFC 822 had their signs reversed, so they carry no information. */
	assert_date("Sat, 1 Mar 2008 12:00:00 A", 2008, 3, 1, 12, 0, 0, 0);
	assert_date("Sat, 1 Mar 2008 12:00:00 m", 2008, 3, 1, 12, 0, 0, 0);
	assert_date("Sat, 1 Mar 2008 12:00:00 Y", 2008, 3, 1, 12, 0, 0, 0);
}

static void date_common_named_zones(void **state)
{
	static const struct {
		const char *zone;
		int tz;
	} zones[] = {
		{ "UTC", 0 },    { "CET", 60 },    { "CEST", 120 }, { "MET", 60 },
		{ "MEST", 120 }, { "EET", 120 },   { "EEST", 180 }, { "WET", 0 },
		{ "WEST", 60 },  { "BST", 60 },    { "IST", 330 },  { "JST", 540 },
		{ "KST", 540 },  { "HKT", 480 },   { "SGT", 480 },  { "AEST", 600 },
		{ "AEDT", 660 }, { "NZST", 720 },  { "NZDT", 780 }, { "MSK", 180 },
		{ "NST", -210 }, { "AKST", -540 }, { "HST", -600 },
	};
	char s[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		snprintf(s, sizeof(s), "Sat, 1 Mar 2008 12:00:00 %s", zones[i].zone);
		assert_date(s, 2008, 3, 1, 12, 0, 0, zones[i].tz);
	}
}

static void date_unknown_or_missing_zone_is_utc(void **state)
{
	(void)state;
	assert_date("Sat, 1 Mar 2008 12:00:00", 2008, 3, 1, 12, 0, 0, 0);
	assert_date("Sat, 1 Mar 2008 12:00:00 XYZT", 2008, 3, 1, 12, 0, 0, 0);
	assert_date("Sat, 1 Mar 2008 12:00", 2008, 3, 1, 12, 0, 0, 0);
}

static void date_leap_second_is_accepted(void **state)
{
	(void)state;
	/* Read as :59 so that the date stays within its minute and its day. */
	assert_date("Sat, 31 Dec 2016 23:59:60 +0000", 2016, 12, 31, 23, 59, 59, 0);
	assert_bad_date("Sat, 31 Dec 2016 23:59:61 +0000");
}

static void date_full_and_lower_case_names(void **state)
{
	(void)state;
	assert_date("Tuesday, 1 July 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("tue, 1 jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("THU, 4 SEPT 2003 10:52:37 +0200", 2003, 9, 4, 10, 52, 37, 120);
	assert_date("Thurs, 4 September 2003 10:52:37 gmt", 2003, 9, 4, 10, 52, 37, 0);
}

static void date_wrong_day_name_is_ignored(void **state)
{
	(void)state;
	/* 1 Jul 2003 was a Tuesday; senders get this wrong and the date still counts. */
	assert_date("Fri, 1 Jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
}

static void date_localised_day_name_is_skipped(void **state)
{
	(void)state;
	assert_date("Di, 1 Jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("Mer, 2 Jul 2003 10:52:37 +0200", 2003, 7, 2, 10, 52, 37, 120);
	assert_bad_date("Di 1 Jul 2003 10:52:37 +0200"); /* without the comma: just a word */
}

static void date_missing_or_extra_commas(void **state)
{
	(void)state;
	assert_date("Tue 1 Jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("Tue,, 1 Jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date(", Tue, 1 Jul 2003, 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("Tue., 1. Jul. 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120);
}

static void date_dots_as_time_separators(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003 10.52.37 +0200", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("Tue, 1 Jul 2003 10.52 +0200", 2003, 7, 1, 10, 52, 0, 120);
}

static void date_offset_after_gmt_or_utc(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003 10:52:37 GMT+0100", 2003, 7, 1, 10, 52, 37, 60);
	assert_date("Tue, 1 Jul 2003 10:52:37 UTC+1", 2003, 7, 1, 10, 52, 37, 60);
	assert_date("Tue, 1 Jul 2003 10:52:37 UTC-5", 2003, 7, 1, 10, 52, 37, -300);
	assert_date("Tue, 1 Jul 2003 10:52:37 GMT+05:30", 2003, 7, 1, 10, 52, 37, 330);
	assert_date("Tue, 1 Jul 2003 10:52:37 GMT-3:30 (NST)", 2003, 7, 1, 10, 52, 37, -210);
	assert_date("Tue, 1 Jul 2003 10:52:37 +02:00", 2003, 7, 1, 10, 52, 37, 120);
}

static void date_numeric_zone_wins_over_trailing_name(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003 10:52:37 +0200 CEST", 2003, 7, 1, 10, 52, 37, 120);
	assert_date("Tue, 1 Jul 2003 10:52:37 -0700 PDT", 2003, 7, 1, 10, 52, 37, -420);
}

static void date_ctime_and_asctime(void **state)
{
	(void)state;
	assert_date("Mon Jan  2 15:04:05 2006", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("Mon Jan 02 15:04:05 2006", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("Mon Jan  2 15:04:05 MST 2006", 2006, 1, 2, 15, 4, 5, -420);
	assert_date("Mon Jan  2 15:04:05 -0700 2006", 2006, 1, 2, 15, 4, 5, -420);
	assert_date("Mon Jan  2 15:04:05 2006 +0100", 2006, 1, 2, 15, 4, 5, 60);
	assert_date("Jan 2 15:04:05 2006", 2006, 1, 2, 15, 4, 5, 0);
}

static void date_month_first_with_year_before_time(void **state)
{
	(void)state;
	assert_date("Jan 2, 2006 15:04:05 -0700", 2006, 1, 2, 15, 4, 5, -420);
	assert_date("Monday, January 2 2006 3:04 PM EST", 2006, 1, 2, 15, 4, 0, -300);
}

static void date_iso8601(void **state)
{
	(void)state;
	assert_date("2006-01-02T15:04:05Z", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("2006-01-02t15:04:05z", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("2006-01-02T15:04:05+07:00", 2006, 1, 2, 15, 4, 5, 420);
	assert_date("2006-01-02T15:04:05-0330", 2006, 1, 2, 15, 4, 5, -210);
	assert_date("2006-01-02T15:04:05.123456Z", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("2006-01-02 15:04:05 +0100", 2006, 1, 2, 15, 4, 5, 60);
	assert_date("2006-01-02 15:04", 2006, 1, 2, 15, 4, 0, 0);
	assert_date("2006-01-02", 2006, 1, 2, 0, 0, 0, 0);
	assert_date("2006/01/02 15:04:05", 2006, 1, 2, 15, 4, 5, 0);
	assert_bad_date("2006-01/02 15:04:05");
	assert_bad_date("2006-13-02T15:04:05Z");
}

static void date_imap_internaldate(void **state)
{
	(void)state;
	assert_date("02-Jan-2006 15:04:05 -0700", 2006, 1, 2, 15, 4, 5, -420);
	assert_date(" 2-Jan-2006 15:04:05 +0000", 2006, 1, 2, 15, 4, 5, 0);
	assert_date("Monday, 02-Jan-06 15:04:05 GMT", 2006, 1, 2, 15, 4, 5, 0); /* RFC 850 */
}

static void date_am_pm(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003 10:52:37 PM +0200", 2003, 7, 1, 22, 52, 37, 120);
	assert_date("Tue, 1 Jul 2003 10:52 am +0200", 2003, 7, 1, 10, 52, 0, 120);
	assert_date("Tue, 1 Jul 2003 12:05 AM +0200", 2003, 7, 1, 0, 5, 0, 120);
	assert_date("Tue, 1 Jul 2003 12:05PM +0200", 2003, 7, 1, 12, 5, 0, 120);
	assert_bad_date("Tue, 1 Jul 2003 13:05 PM +0200");
	assert_bad_date("Tue, 1 Jul 2003 0:05 AM +0200");
}

static void date_without_time_is_midnight(void **state)
{
	(void)state;
	assert_date("Tue, 1 Jul 2003", 2003, 7, 1, 0, 0, 0, 0);
	assert_date("1 Jul 2003 +0200", 2003, 7, 1, 0, 0, 0, 120);
}

static void date_impossible_days_are_rejected(void **state)
{
	(void)state;
	assert_bad_date("31 Apr 2003 10:00:00 +0000");
	assert_bad_date("30 Feb 2000 10:00:00 +0000");
	assert_bad_date("29 Feb 2001 10:00:00 +0000");
	assert_bad_date("29 Feb 1900 10:00:00 +0000");
	assert_bad_date("0 Jan 2003 10:00:00 +0000");
	assert_bad_date("32 Jan 2003 10:00:00 +0000");
	assert_date("29 Feb 2000 10:00:00 +0000", 2000, 2, 29, 10, 0, 0, 0);
	assert_date("29 Feb 2004 10:00:00 +0000", 2004, 2, 29, 10, 0, 0, 0);
	assert_date("31 Dec 2003 10:00:00 +0000", 2003, 12, 31, 10, 0, 0, 0);
}

static void date_impossible_times_are_rejected(void **state)
{
	(void)state;
	assert_bad_date("1 Jan 2003 24:00:00 +0000");
	assert_bad_date("1 Jan 2003 23:60:00 +0000");
	assert_bad_date("1 Jan 2003 99:00 +0000");
	assert_bad_date("1 Jan 2003 10:00:00 +0060");
	assert_bad_date("1 Jan 2003 10:00:00 +2500");
	assert_bad_date("1 Jan 2003 10:00:00 +");
	assert_bad_date("1 Jan 2003 10:00:00 +12345");
}

static void date_year_range_is_1_to_9999(void **state)
{
	(void)state;
	assert_date("1 Jan 0001 00:00:00 +0000", 1, 1, 1, 0, 0, 0, 0);
	assert_date("31 Dec 9999 23:59:59 +0000", 9999, 12, 31, 23, 59, 59, 0);
	assert_bad_date("1 Jan 0000 00:00:00 +0000");
	assert_bad_date("1 Jan 10000 00:00:00 +0000");
	assert_bad_date("1 Jan 99999999999999999999 00:00:00 +0000");
}

static void date_beyond_2038_uses_64_bits(void **state)
{
	struct mail_date d;

	(void)state;
	assert_int_equal(date_parse("Tue, 19 Jan 2038 03:14:08 +0000", 31, &d), 0);
	assert_true((long long)d.time == 2147483648LL);
	assert_date("1 Jan 2100 00:00:00 +0000", 2100, 1, 1, 0, 0, 0, 0);
	assert_date("1 Jan 1900 00:00:00 +0000", 1900, 1, 1, 0, 0, 0, 0);
	assert_date("31 Dec 1969 23:59:59 +0000", 1969, 12, 31, 23, 59, 59, 0);
}

static void date_garbage_is_rejected_not_1970(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"(only a comment)",
		"hello",
		"Tue,",
		"Tue, 1 Jul",
		"1 Foo 2003 10:00",
		"1/7/2003 10:00",
		"1.7.2003 10:00",
		"07/01/03",
		"1 Jul 2003 10:00:00 +0200 +0200",
		"1 Jul 2003 10:00:00 12",
		"1 Jul 2003 10:00:00:00",
		"1 Jul 3 10:00",
		"Jul 1",
		"2003",
		"Date: Tue, 1 Jul 2003 10:52:37 +0200",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_bad_date(bad[i]);
}

static void date_too_many_tokens_is_rejected(void **state)
{
	struct buf b = BUF_INIT;
	struct mail_date d;

	(void)state;
	buf_addstr(&b, "Tue, 1 Jul 2003 10:52:37 +0200");
	for (int i = 0; i < 100; i++)
		buf_addstr(&b, " CEST");
	assert_int_equal(date_parse(b.data, b.len, &d), ERR_PARSE);
	assert_false(d.valid);
	buf_release(&b);
}

static void date_long_comment_is_skipped(void **state)
{
	struct buf b = BUF_INIT;
	struct mail_date d;

	(void)state;
	buf_addstr(&b, "Tue, 1 Jul 2003 10:52:37 +0200 (");
	fill_buf(&b, 'x', 100000);
	buf_addstr(&b, ")");
	assert_int_equal(date_parse(b.data, b.len, &d), 0);
	assert_true(d.valid);
	buf_release(&b);
}

static void date_reads_only_len_bytes(void **state)
{
	const char *s = "Tue, 1 Jul 2003 10:52:37 +0200 garbage";
	char *heap = xstrndup(s, 30); /* exactly up to "+0200": ASan catches any overread */
	struct mail_date d;

	(void)state;
	assert_int_equal(date_parse(heap, 30, &d), 0);
	assert_true(d.time == utc(2003, 7, 1, 8, 52, 37));
	assert_int_equal(date_parse(s, 21, &d), 0); /* "... 10:52" */
	assert_true(d.time == utc(2003, 7, 1, 10, 52, 0));
	free(heap);
}

static void date_embedded_nul_is_rejected(void **state)
{
	struct mail_date d;

	(void)state;
	assert_int_equal(date_parse("1 Jul 2003\0 10:00", 17, &d), ERR_PARSE);
}

static void date_ignores_tz_environment(void **state)
{
	const char *zones[] = { "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham" };
	struct mail_date first, d;

	(void)state;
	assert_int_equal(date_parse("Tue, 1 Jul 2003 10:52:37 +0200", 30, &first), 0);
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		assert_int_equal(date_parse("Tue, 1 Jul 2003 10:52:37 +0200", 30, &d), 0);
		assert_true(d.time == first.time);
	}
	unsetenv("TZ");
	tzset();
}

static void check_format(time_t t, int tz, const char *want)
{
	struct mail_date d = { t, tz, true };
	struct buf b = BUF_INIT;

	date_format(&d, &b);
	assert_buf_eq(&b, want);
	buf_release(&b);
}

static void date_format_writes_rfc5322_in_sender_zone(void **state)
{
	(void)state;
	check_format(utc(2025, 2, 13, 22, 31, 30), 60, "Thu, 13 Feb 2025 23:31:30 +0100");
	check_format(utc(2025, 2, 14, 4, 31, 30), -300, "Thu, 13 Feb 2025 23:31:30 -0500");
	check_format(utc(2003, 7, 1, 5, 22, 37), 330, "Tue, 1 Jul 2003 10:52:37 +0530");
	check_format(0, 0, "Thu, 1 Jan 1970 00:00:00 +0000");
	check_format(-1, 0, "Wed, 31 Dec 1969 23:59:59 +0000");
	check_format(utc(2000, 2, 29, 12, 0, 0), 0, "Tue, 29 Feb 2000 12:00:00 +0000");
	check_format(utc(1, 1, 1, 0, 0, 0), 0, "Mon, 1 Jan 0001 00:00:00 +0000");
	check_format(utc(9999, 12, 31, 23, 59, 59), 0, "Fri, 31 Dec 9999 23:59:59 +0000");
	check_format(utc(2100, 3, 1, 0, 0, 0), -1, "Sun, 28 Feb 2100 23:59:00 -0001");
}

static void date_format_with_absurd_zone_falls_back_to_utc(void **state)
{
	(void)state;
	check_format(0, 100000, "Thu, 1 Jan 1970 00:00:00 +0000");
	check_format(0, -100000, "Thu, 1 Jan 1970 00:00:00 +0000");
}

static void date_format_survives_extreme_times(void **state)
{
	const int64_t times[] = { INT64_MIN, INT64_MIN + 1, -1, INT64_MAX - 1, INT64_MAX };
	struct buf b = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(times); i++) {
		struct mail_date d = { (time_t)times[i], i % 2 ? 1439 : -1439, true };
		buf_reset(&b);
		date_format(&d, &b); /* UBSan in the sanitizer build checks the arithmetic */
		assert_true(b.len > 0);
	}
	buf_release(&b);
}

static void date_format_then_parse_round_trips(void **state)
{
	static const int zones[] = { 0, 60, -300, 330, 345, -210, 840, -720, 1439, -1439 };
	struct buf b = BUF_INIT;
	struct mail_date in, out;
	/* A stride that is not a multiple of a day or a year visits every hour and weekday. */
	const int64_t step = 15485863;
	const int64_t lo = utc(1, 1, 2, 0, 0, 0), hi = utc(9999, 12, 30, 0, 0, 0);

	(void)state;
	for (int64_t t = lo; t < hi; t += step) {
		for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
			in = (struct mail_date){ (time_t)t, zones[z], true };
			buf_reset(&b);
			date_format(&in, &b);
			if (date_parse(b.data, b.len, &out) != 0 || out.time != in.time ||
			    out.tz_minutes != in.tz_minutes)
				fail_msg("\"%s\" did not round-trip (%lld)", b.data, (long long)t);
		}
	}
	buf_release(&b);
}

static void date_parse_then_format_is_canonical(void **state)
{
	struct buf b = BUF_INIT;
	struct mail_date d;
	const char *s = "tue,  1 JULY 03 10.52 PM (x) gmt+2";

	(void)state;
	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	date_format(&d, &b);
	assert_buf_eq(&b, "Tue, 1 Jul 2003 22:52:00 +0200");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_rfc5322_canonical),
		cmocka_unit_test(date_day_name_and_seconds_are_optional),
		cmocka_unit_test(date_comments_and_folding_anywhere),
		cmocka_unit_test(date_two_digit_years_follow_rfc5322),
		cmocka_unit_test(date_three_digit_years_add_1900),
		cmocka_unit_test(date_obsolete_zones),
		cmocka_unit_test(date_military_zones_mean_unknown_offset),
		cmocka_unit_test(date_common_named_zones),
		cmocka_unit_test(date_unknown_or_missing_zone_is_utc),
		cmocka_unit_test(date_leap_second_is_accepted),
		cmocka_unit_test(date_full_and_lower_case_names),
		cmocka_unit_test(date_wrong_day_name_is_ignored),
		cmocka_unit_test(date_localised_day_name_is_skipped),
		cmocka_unit_test(date_missing_or_extra_commas),
		cmocka_unit_test(date_dots_as_time_separators),
		cmocka_unit_test(date_offset_after_gmt_or_utc),
		cmocka_unit_test(date_numeric_zone_wins_over_trailing_name),
		cmocka_unit_test(date_ctime_and_asctime),
		cmocka_unit_test(date_month_first_with_year_before_time),
		cmocka_unit_test(date_iso8601),
		cmocka_unit_test(date_imap_internaldate),
		cmocka_unit_test(date_am_pm),
		cmocka_unit_test(date_without_time_is_midnight),
		cmocka_unit_test(date_impossible_days_are_rejected),
		cmocka_unit_test(date_impossible_times_are_rejected),
		cmocka_unit_test(date_year_range_is_1_to_9999),
		cmocka_unit_test(date_beyond_2038_uses_64_bits),
		cmocka_unit_test(date_garbage_is_rejected_not_1970),
		cmocka_unit_test(date_too_many_tokens_is_rejected),
		cmocka_unit_test(date_long_comment_is_skipped),
		cmocka_unit_test(date_reads_only_len_bytes),
		cmocka_unit_test(date_embedded_nul_is_rejected),
		cmocka_unit_test(date_ignores_tz_environment),
		cmocka_unit_test(date_format_writes_rfc5322_in_sender_zone),
		cmocka_unit_test(date_format_with_absurd_zone_falls_back_to_utc),
		cmocka_unit_test(date_format_survives_extreme_times),
		cmocka_unit_test(date_format_then_parse_round_trips),
		cmocka_unit_test(date_parse_then_format_is_canonical),
	};
	return RUN_TESTS(tests);
}
