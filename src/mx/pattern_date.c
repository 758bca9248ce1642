/*
 * pattern_date.c - the date ranges of ~d and ~r, read as mutt 2.2 reads
 * them (eval_date_minmax and its helpers in mutt's pattern.c), in local
 * time:
 *
 *   DD[/MM[/[YY]YY]] or YYYYMMDD   that day (a missing month or year is
 *                                  the current one; YY < 70 is 20YY)
 *   D1-D2, -D2, D1-                from D1, until D2 (inclusive days)
 *   D1*Nu, D1+Nu, D1-Nu            error margins: N units both ways,
 *                                  after, before (may be combined)
 *   <Nu, >Nu, =Nu                  less than, more than, exactly N units
 *                                  ago (u: y m w d, or H M S)
 *
 * Where mutt silently ignores what it cannot read (a missing unit, text
 * after the second date), tern reports it: a typo should not quietly
 * select other messages than the user meant. Open ends are the epoch's
 * second day and the year 9999 (mutt stops at 2030).
 */
#include "mx/pattern_int.h"

static time_t fake_now;

time_t pattern_now(void)
{
	return fake_now ? fake_now : time(NULL);
}

void pattern_set_now(time_t t)
{
	fake_now = t;
}

#define OFFSET_MAX 100000 /* units in one offset: far beyond any mailbox */

enum {
	PDR_NONE = 0,
	PDR_MINUS = 1 << 0,
	PDR_PLUS = 1 << 1,
	PDR_WINDOW = 1 << 2,
	PDR_ABSOLUTE = 1 << 3,
	PDR_DONE = 1 << 4,
	PDR_ERROR = 1 << 8,
};

/* Normalise out-of-range fields as a plain calendar (mutt_normalize_time). */
static void normalize(struct tm *tm)
{
	time_t t = timegm(tm);
	gmtime_r(&t, tm);
}

static void now_tm(struct tm *tm)
{
	time_t now = pattern_now();
	localtime_r(&now, tm);
}

/* Up to 999999999: every field of a date fits an int. */
static bool number(const char **pp, long *out)
{
	int64_t v;

	if (!pattern_digits(pp, 999999999, &v))
		return false;
	*out = (long)v;
	return true;
}

/* Apply "Nu" to tm with the given sign. Returns the text after it, or NULL. */
static const char *offset(struct tm *tm, const char *s, int sign)
{
	const char *p = s;
	long n;

	if (!number(&p, &n) || n > OFFSET_MAX)
		return NULL;
	n *= sign;
	switch (*p) {
	case 'y':
		tm->tm_year += (int)n;
		break;
	case 'm':
		tm->tm_mon += (int)n;
		break;
	case 'w':
		tm->tm_mday += 7 * (int)n;
		break;
	case 'd':
		tm->tm_mday += (int)n;
		break;
	case 'H':
		tm->tm_hour += (int)n;
		break;
	case 'M':
		tm->tm_min += (int)n;
		break;
	case 'S':
		tm->tm_sec += (int)n;
		break;
	default:
		return NULL;
	}
	normalize(tm);
	return p + 1;
}

/* An absolute date into t's day, month and year (mutt's getDate). NULL on error. */
static const char *absolute(const char *s, struct tm *t, struct buf *err)
{
	const char *p = s;
	struct tm now;
	long v;
	size_t digits = 0;

	now_tm(&now);
	while (digits < 8 && is_digit((unsigned char)s[digits]))
		digits++;
	if (digits == 8) { /* YYYYMMDD */
		t->tm_year =
			(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		t->tm_year -= t->tm_year > 1900 ? 1900 : 0;
		t->tm_mon = (s[4] - '0') * 10 + (s[5] - '0') - 1;
		t->tm_mday = (s[6] - '0') * 10 + (s[7] - '0');
		p = s + 8;
	} else {
		if (!number(&p, &v) || v < 1 || v > 31) {
			buf_printf(err, _("invalid day of month: %s"), s);
			return NULL;
		}
		t->tm_mday = (int)v;
		t->tm_mon = now.tm_mon;
		t->tm_year = now.tm_year;
		if (*p != '/')
			return p;
		p++;
		if (!number(&p, &v) || v < 1 || v > 12) {
			buf_printf(err, _("invalid month: %s"), s);
			return NULL;
		}
		t->tm_mon = (int)v - 1;
		if (*p != '/')
			return p;
		p++;
		if (!number(&p, &v)) {
			buf_printf(err, _("invalid year: %s"), s);
			return NULL;
		}
		t->tm_year = v < 70 ? (int)v + 100 : v > 1900 ? (int)v - 1900 : (int)v;
		return p;
	}
	if (t->tm_mday < 1 || t->tm_mday > 31) {
		buf_printf(err, _("invalid day of month: %s"), s);
		return NULL;
	}
	if (t->tm_mon < 0 || t->tm_mon > 11) {
		buf_printf(err, _("invalid month: %s"), s);
		return NULL;
	}
	return p;
}

static const char *skip_ws(const char *p)
{
	while (is_wsp((unsigned char)*p))
		p++;
	return p;
}

static void copy_day(struct tm *to, const struct tm *from)
{
	to->tm_year = from->tm_year;
	to->tm_mon = from->tm_mon;
	to->tm_mday = from->tm_mday;
}

/* What follows the first date (or starts the text): -D2, -Nu, +Nu, *Nu (parse_date_range). */
static int margins(const char *pc, struct tm *min, struct tm *max, bool have_min,
		   const struct tm *base_min, struct buf *err)
{
	unsigned flag = PDR_NONE;
	const char *pt;

	while (*pc && !(flag & PDR_DONE)) {
		char ch = *pc++;

		pc = skip_ws(pc);
		switch (ch) {
		case '-':
			if ((pt = offset(min, pc, -1))) {
				pc = pt;
				if (flag == PDR_NONE && !have_min)
					copy_day(max, min);
				flag |= PDR_MINUS;
			} else if (flag == PDR_NONE) {
				flag |= PDR_ABSOLUTE | PDR_DONE;
				if (!(pc = absolute(pc, max, err)))
					return ERR_PARSE;
				if (!have_min)
					*min = *base_min;
			} else {
				flag |= PDR_ERROR | PDR_DONE;
			}
			break;
		case '+':
			if ((pt = offset(max, pc, 1))) {
				pc = pt;
				flag |= PDR_PLUS;
			} else {
				flag |= PDR_ERROR | PDR_DONE;
			}
			break;
		case '*':
			if ((pt = offset(min, pc, -1))) {
				pc = offset(max, pc, 1);
				flag |= PDR_WINDOW;
			} else {
				flag |= PDR_ERROR | PDR_DONE;
			}
			break;
		default:
			flag |= PDR_ERROR | PDR_DONE;
		}
		if (flag & PDR_ERROR)
			pc--;
		pc = skip_ws(pc);
	}
	if ((flag & PDR_ERROR) || *pc) {
		buf_printf(err, _("invalid relative date: %s"), pc);
		return ERR_PARSE;
	}
	return 0;
}

/* <Nu, >Nu, =Nu */
static int relative(const char *s, struct tm *min, struct tm *max, struct buf *err)
{
	struct tm *tm = s[0] == '<' ? min : max;
	const char *p = s + 1;

	now_tm(tm);
	while (is_digit((unsigned char)*p))
		p++;
	/* whole days count from the end of today, hours and less from now */
	if (!*p || !strchr("HMS", *p)) {
		tm->tm_hour = 23;
		tm->tm_min = tm->tm_sec = 59;
	}
	p = offset(tm, s + 1, -1);
	if (!p || *skip_ws(p)) {
		buf_printf(err, _("invalid relative date: %s"), s + 1);
		return ERR_PARSE;
	}
	if (s[0] == '=') {
		*min = *max;
		min->tm_hour = min->tm_min = min->tm_sec = 0;
	}
	return 0;
}

/* Swap the days when the range was written backwards (adjust_date_range). */
static void adjust(struct tm *min, struct tm *max)
{
	if (min->tm_year > max->tm_year ||
	    (min->tm_year == max->tm_year && min->tm_mon > max->tm_mon) ||
	    (min->tm_year == max->tm_year && min->tm_mon == max->tm_mon &&
	     min->tm_mday > max->tm_mday)) {
		struct tm t = *min;
		copy_day(min, max);
		copy_day(max, &t);
		min->tm_hour = min->tm_min = min->tm_sec = 0;
		max->tm_hour = 23;
		max->tm_min = max->tm_sec = 59;
	}
}

static int absolute_range(const char *s, struct tm *min, struct tm *max, struct buf *err)
{
	const char *pc = s;
	bool have_min = false;
	struct tm base_min;

	if (is_digit((unsigned char)*pc)) {
		if (!(pc = absolute(pc, min, err)))
			return ERR_PARSE;
		have_min = true;
		pc = skip_ws(pc);
		if (*pc == '-' && !*skip_ws(pc + 1))
			return 0; /* D1-: until the far end */
	}
	if (!have_min) { /* relative to today, e.g. -3d+1d */
		base_min = *min;
		now_tm(min);
		min->tm_hour = min->tm_min = min->tm_sec = 0;
	}
	/* if nothing follows, the range is that one day */
	copy_day(max, min);
	return margins(pc, min, max, have_min, &base_min, err);
}

static bool to_time(struct tm *tm, int64_t *out)
{
	time_t t;

	tm->tm_isdst = -1;
	t = mktime(tm);
	if (t == (time_t)-1 && (tm->tm_year != 69 || tm->tm_mon != 11 || tm->tm_mday != 31))
		return false;
	*out = (int64_t)t;
	return true;
}

int pattern_date_range(const char *s, int64_t *min_out, int64_t *max_out, struct buf *err)
{
	struct tm min = { 0 }, max = { 0 };
	int rc;

	min.tm_mday = 2; /* 2 January 1970: no time zone takes it below zero */
	min.tm_year = 70;
	max.tm_year = 9999 - 1900;
	max.tm_mon = 11;
	max.tm_mday = 31;
	max.tm_hour = 23;
	max.tm_min = max.tm_sec = 59;
	s = skip_ws(s);
	if (*s == '<' || *s == '>' || *s == '=')
		rc = relative(s, &min, &max, err);
	else
		rc = absolute_range(s, &min, &max, err);
	if (rc != 0)
		return rc;
	adjust(&min, &max);
	if (!to_time(&min, min_out) || !to_time(&max, max_out)) {
		buf_addstr(err, _("date out of range"));
		return ERR_PARSE;
	}
	return 0;
}
