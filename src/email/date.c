/*
 * date.c - Date: header values, RFC 5322 section 3.3 with the obsolete
 * syntax of section 4.3, and the broken forms real mail carries.
 *
 * The value is first cut into tokens (numbers, words, single punctuation
 * characters) with white space and comments dropped, which is how RFC 5322
 * lets CFWS appear almost anywhere. A small matcher then recognises one of
 * these shapes:
 *
 *   [day,] D Mon Y [time] [zone]       RFC 5322, also "D-Mon-Y" (IMAP)
 *   [day] Mon D time [zone] Y [zone]   ctime() / asctime(), also "Mon D[,] Y time"
 *   YYYY-MM-DD[T| ]time[zone]          ISO 8601 / RFC 3339
 *
 * Leniency, and the choices made where real mail is ambiguous:
 *   - day and month names in any case, abbreviated or full ("Sept", "July");
 *     the day name is never checked against the date (senders get it wrong),
 *     and any word before a leading comma is taken as a localised one;
 *   - commas missing or doubled, dots as time separators, AM/PM;
 *   - a missing time means midnight, a missing or unknown zone means UTC
 *     (RFC 5322 says to read military letters as -0000, i.e. "no idea");
 *   - "GMT+0100", "UTC+1", "UTC-05:30": the offset after UT/UTC/GMT/Z;
 *   - named zones take the meaning most mail uses: IST is India (+0530),
 *     BST is British Summer Time (+0100), CST is US Central (-0600, the RFC's
 *     meaning, not China), AST is Atlantic (-0400);
 *   - a leap second (:60) is accepted and read as :59, so that the date stays
 *     within its minute and day;
 *   - a word after a complete date ("+0200 CEST") is ignored.
 * Everything else is ERR_PARSE: an impossible date is never turned into
 * something plausible, so the caller can show the raw text instead.
 *
 * Conversion to UTC is plain civil-calendar arithmetic on 64-bit integers,
 * independent of the TZ environment and of the C library's mktime().
 */
#include <limits.h>

#include "email/email.h"
#include "email/internal.h"

/* A date needs about 20 tokens; more than this is junk, rejected early. */
#define DATE_MAX_TOKENS 48
#define MIN_YEAR        1
#define MAX_YEAR        9999
#define SECS_PER_DAY    86400
/* Largest zone offset accepted, in minutes (real ones are within +-14h). */
#define MAX_ZONE_MINUTES (23 * 60 + 59)

enum tok_kind { T_NUM, T_WORD, T_PUNCT };

struct tok {
	enum tok_kind kind;
	const char *s;
	size_t len;
	unsigned long val; /* T_NUM: value, or ULONG_MAX when longer than 9 digits */
};

struct parser {
	struct tok t[DATE_MAX_TOKENS];
	size_t n, i;
};

/* The broken-down date being assembled, in the sender's local time. */
struct fields {
	long year, mon, day, hour, min, sec;
	int tz; /* minutes east of UTC */
	bool have_zone;
};

/* ---- Tokens ----------------------------------------------------------- */

/* Index just past the comment starting at s[i] == '('; nesting and quoted pairs honoured. */
static size_t skip_comment(const char *s, size_t len, size_t i)
{
	size_t end = rfc822_comment_end(s, len, i);
	return end ? end : len; /* an unterminated comment runs to the end, as in most readers */
}

static int tokenize(const char *s, size_t len, struct parser *p)
{
	size_t i = 0;

	p->n = p->i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		struct tok *t;
		size_t start = i;

		if (is_space(c)) {
			i++;
			continue;
		}
		if (c == '(') {
			i = skip_comment(s, len, i);
			continue;
		}
		if (p->n == DATE_MAX_TOKENS)
			return ERR_PARSE;
		t = &p->t[p->n++];
		if (is_digit(c)) {
			while (i < len && is_digit((unsigned char)s[i]))
				i++;
			t->kind = T_NUM;
			if (!parse_ulong(s + start, i - start, &t->val) || i - start > 9)
				t->val = ULONG_MAX;
		} else if (is_alpha(c)) {
			while (i < len && is_alpha((unsigned char)s[i]))
				i++;
			t->kind = T_WORD;
		} else {
			i++;
			t->kind = T_PUNCT;
		}
		t->s = s + start;
		t->len = i - start;
	}
	return 0;
}

static const struct tok *peek(const struct parser *p, size_t ahead)
{
	return p->i + ahead < p->n ? &p->t[p->i + ahead] : NULL;
}

static bool tok_is_punct(const struct tok *t, char c)
{
	return t && t->kind == T_PUNCT && t->s[0] == c;
}

static bool tok_is_num(const struct tok *t, size_t min_digits, size_t max_digits)
{
	return t && t->kind == T_NUM && t->len >= min_digits && t->len <= max_digits;
}

/* Consume one punctuation token if it is one of the characters in set. */
static bool accept_punct(struct parser *p, const char *set)
{
	const struct tok *t = peek(p, 0);

	if (t && t->kind == T_PUNCT && t->s[0] && strchr(set, t->s[0])) {
		p->i++;
		return true;
	}
	return false;
}

/* ---- Names ------------------------------------------------------------- */

static const char *const month_names[] = {
	"january", "february", "march",     "april",   "may",      "june",
	"july",    "august",   "september", "october", "november", "december",
};

static const char *const day_names[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* True when the word is the full name or a prefix of at least 3 letters ("Sept", "Thurs"). */
static bool word_abbreviates(const struct tok *t, const char *full)
{
	return t->len >= 3 && t->len <= strlen(full) && ascii_strncasecmp(t->s, full, t->len) == 0;
}

/* Month number 1..12 for a month-name word, or 0. */
static int month_of(const struct tok *t)
{
	if (!t || t->kind != T_WORD)
		return 0;
	for (size_t m = 0; m < ARRAY_SIZE(month_names); m++)
		if (word_abbreviates(t, month_names[m]))
			return (int)m + 1;
	return 0;
}

static bool is_day_name(const struct tok *t)
{
	if (!t || t->kind != T_WORD)
		return false;
	for (size_t d = 0; d < ARRAY_SIZE(day_names); d++)
		if (word_abbreviates(t, day_names[d]))
			return true;
	return false;
}

struct zone_name {
	const char *name;
	short minutes;
};

/*
 * RFC 5322's obsolete zones, then the names real mail uses. Where a name is
 * ambiguous the meaning in the widest use wins (see the top of the file).
 */
static const struct zone_name zone_names[] = {
	{ "UT", 0 },        { "UTC", 0 },        { "GMT", 0 },        { "UCT", 0 },
	{ "Z", 0 },         { "EST", -5 * 60 },  { "EDT", -4 * 60 },  { "CST", -6 * 60 },
	{ "CDT", -5 * 60 }, { "MST", -7 * 60 },  { "MDT", -6 * 60 },  { "PST", -8 * 60 },
	{ "PDT", -7 * 60 }, { "AKST", -9 * 60 }, { "AKDT", -8 * 60 }, { "HST", -10 * 60 },
	{ "AST", -4 * 60 }, { "ADT", -3 * 60 },  { "NST", -210 },     { "NDT", -150 },
	{ "BRT", -3 * 60 }, { "ART", -3 * 60 },  { "WET", 0 },        { "WEST", 60 },
	{ "BST", 60 },      { "IST", 330 },      { "CET", 60 },       { "CEST", 120 },
	{ "MET", 60 },      { "MEST", 120 },     { "MEZ", 60 },       { "MESZ", 120 },
	{ "EET", 120 },     { "EEST", 180 },     { "MSK", 180 },      { "MSD", 240 },
	{ "SAST", 120 },    { "CAT", 120 },      { "EAT", 180 },      { "WAT", 60 },
	{ "IDT", 180 },     { "GST", 240 },      { "PKT", 300 },      { "NPT", 345 },
	{ "ICT", 420 },     { "WIB", 420 },      { "HKT", 480 },      { "SGT", 480 },
	{ "AWST", 480 },    { "PHT", 480 },      { "JST", 540 },      { "KST", 540 },
	{ "ACST", 570 },    { "ACDT", 630 },     { "AEST", 600 },     { "AEDT", 660 },
	{ "NZST", 720 },    { "NZDT", 780 },
};

/*
 * Offset of a zone-name word. Single letters are RFC 822's military zones,
 * whose signs RFC 822 got backwards; RFC 5322 says to read them as -0000.
 */
static bool zone_of_word(const struct tok *t, int *minutes)
{
	if (!t || t->kind != T_WORD)
		return false;
	if (t->len == 1 && ascii_tolower((unsigned char)t->s[0]) != 'j') {
		*minutes = 0;
		return true;
	}
	for (size_t z = 0; z < ARRAY_SIZE(zone_names); z++) {
		if (mem_eq_ci(t->s, t->len, zone_names[z].name)) {
			*minutes = zone_names[z].minutes;
			return true;
		}
	}
	return false;
}

/* Zones after which "+hh[mm]" is an offset from UTC: GMT+0100, UTC+1. */
static bool is_utc_word(const struct tok *t)
{
	return mem_eq_ci(t->s, t->len, "UT") || mem_eq_ci(t->s, t->len, "UTC") ||
	       mem_eq_ci(t->s, t->len, "GMT") || mem_eq_ci(t->s, t->len, "Z");
}

/* ---- Grammar pieces ---------------------------------------------------- */

/*
 * A numeric offset after its sign: "0200", "2", "02:00", "530". Returns
 * false on anything else or an out-of-range value.
 */
static bool parse_offset_digits(struct parser *p, int sign, int *tz)
{
	const struct tok *t = peek(p, 0);
	unsigned long h, m = 0;

	if (!tok_is_num(t, 1, 4))
		return false;
	p->i++;
	if (t->len >= 3) {
		h = t->val / 100;
		m = t->val % 100;
	} else {
		h = t->val;
		if (tok_is_punct(peek(p, 0), ':') && tok_is_num(peek(p, 1), 2, 2)) {
			m = peek(p, 1)->val;
			p->i += 2;
		}
	}
	if (m > 59 || h * 60 + m > MAX_ZONE_MINUTES)
		return false;
	*tz = sign * (int)(h * 60 + m);
	return true;
}

/*
 * An optional zone: "+0200", "-07:00", "GMT", "GMT+1", "CEST", "Z". An
 * unknown word is taken as a zone we cannot interpret: UTC, as RFC 5322 does
 * for -0000. Returns false only for a malformed numeric offset.
 */
static bool parse_zone(struct parser *p, struct fields *f)
{
	const struct tok *t = peek(p, 0);
	int sign;

	if (!t)
		return true;
	if (tok_is_punct(t, '+') || tok_is_punct(t, '-')) {
		sign = t->s[0] == '-' ? -1 : 1;
		p->i++;
		if (!parse_offset_digits(p, sign, &f->tz))
			return false;
		f->have_zone = true;
		return true;
	}
	if (t->kind != T_WORD)
		return true;
	p->i++;
	f->have_zone = true;
	if (!zone_of_word(t, &f->tz))
		f->tz = 0;
	if (is_utc_word(t)) {
		const struct tok *s = peek(p, 0);
		if ((tok_is_punct(s, '+') || tok_is_punct(s, '-')) &&
		    tok_is_num(peek(p, 1), 1, 4)) {
			p->i++;
			return parse_offset_digits(p, s->s[0] == '-' ? -1 : 1, &f->tz);
		}
	}
	return true;
}

/* "AM" / "PM" after a time: 12-hour clock to 24-hour. */
static bool parse_meridiem(struct parser *p, struct fields *f)
{
	const struct tok *t = peek(p, 0);
	bool pm;

	if (!t || t->kind != T_WORD)
		return true;
	if (mem_eq_ci(t->s, t->len, "am"))
		pm = false;
	else if (mem_eq_ci(t->s, t->len, "pm"))
		pm = true;
	else
		return true;
	p->i++;
	if (f->hour < 1 || f->hour > 12)
		return false;
	f->hour = (f->hour % 12) + (pm ? 12 : 0);
	return true;
}

/* True when the next tokens look like the start of a time: "10:" or "10.". */
static bool at_time(const struct parser *p)
{
	return tok_is_num(peek(p, 0), 1, 2) &&
	       (tok_is_punct(peek(p, 1), ':') || tok_is_punct(peek(p, 1), '.')) &&
	       tok_is_num(peek(p, 2), 1, 2);
}

/* "hh:mm[:ss[.frac]] [AM|PM]", with '.' accepted for ':' (but not mixed). */
static bool parse_time(struct parser *p, struct fields *f)
{
	char sep;

	if (!at_time(p))
		return false;
	sep = peek(p, 1)->s[0];
	f->hour = (long)peek(p, 0)->val;
	f->min = (long)peek(p, 2)->val;
	p->i += 3;
	if (tok_is_punct(peek(p, 0), sep) && tok_is_num(peek(p, 1), 1, 2)) {
		f->sec = (long)peek(p, 1)->val;
		p->i += 2;
		/* Fractions of a second (ISO 8601) are dropped. */
		if ((tok_is_punct(peek(p, 0), '.') || tok_is_punct(peek(p, 0), ',')) &&
		    tok_is_num(peek(p, 1), 1, SIZE_MAX))
			p->i += 2;
	}
	return parse_meridiem(p, f);
}

/* A year of 2 to 4 digits, with RFC 5322's reading of the short forms. */
static bool parse_year(struct parser *p, struct fields *f)
{
	const struct tok *t = peek(p, 0);

	if (!tok_is_num(t, 2, 4))
		return false;
	p->i++;
	f->year = (long)t->val;
	if (t->len == 2)
		f->year += f->year < 50 ? 2000 : 1900;
	else if (t->len == 3)
		f->year += 1900;
	return true;
}

static bool parse_day(struct parser *p, struct fields *f)
{
	if (!tok_is_num(peek(p, 0), 1, 2))
		return false;
	f->day = (long)peek(p, 0)->val;
	p->i++;
	return true;
}

/* The optional time and zone after a date; a bare date is midnight. */
static bool parse_time_zone(struct parser *p, struct fields *f)
{
	accept_punct(p, ",");
	if (at_time(p) && !parse_time(p, f))
		return false;
	return parse_zone(p, f);
}

/* "D Mon Y ...", "D-Mon-Y ..." (IMAP), "D. Mon Y". */
static bool parse_day_first(struct parser *p, struct fields *f)
{
	if (!parse_day(p, f))
		return false;
	accept_punct(p, "-.,/");
	if (!(f->mon = month_of(peek(p, 0))))
		return false;
	p->i++;
	accept_punct(p, "-.,/");
	if (!parse_year(p, f))
		return false;
	return parse_time_zone(p, f);
}

/* "Mon D time [zone] Y [zone]" (ctime, asctime, date(1)) or "Mon D[,] Y [time] [zone]". */
static bool parse_month_first(struct parser *p, struct fields *f)
{
	f->mon = month_of(peek(p, 0));
	p->i++;
	accept_punct(p, ".");
	if (!parse_day(p, f))
		return false;
	accept_punct(p, ",");
	if (!at_time(p)) {
		if (!parse_year(p, f))
			return false;
		return parse_time_zone(p, f);
	}
	if (!parse_time(p, f) || !parse_zone(p, f))
		return false;
	if (!parse_year(p, f))
		return false;
	return f->have_zone || parse_zone(p, f);
}

/* "YYYY-MM-DD" or "YYYY/MM/DD", then "T" or space, time and zone. */
static bool parse_iso(struct parser *p, struct fields *f)
{
	const struct tok *y = peek(p, 0), *sep = peek(p, 1), *t;

	if (!tok_is_num(peek(p, 2), 1, 2) || !tok_is_punct(peek(p, 3), sep->s[0]) ||
	    !tok_is_num(peek(p, 4), 1, 2))
		return false;
	f->year = (long)y->val;
	f->mon = (long)peek(p, 2)->val;
	f->day = (long)peek(p, 4)->val;
	p->i += 5;
	t = peek(p, 0);
	if (t && t->kind == T_WORD && t->len == 1 && ascii_tolower((unsigned char)t->s[0]) == 't') {
		p->i++;
		if (!parse_time(p, f))
			return false;
		return parse_zone(p, f);
	}
	return parse_time_zone(p, f);
}

static bool parse_fields(struct parser *p, struct fields *f)
{
	const struct tok *t;

	/*
	 * A leading word that is no English name but is followed by a comma
	 * is a localised day name ("Di, 1 Jul 2003", "Lun, ..."): skip it.
	 */
	t = peek(p, 0);
	if (t && t->kind == T_WORD && !month_of(t) && tok_is_punct(peek(p, 1), ','))
		p->i += 2;
	/* Leading day name, with any number of commas (or one dot) after it. */
	while ((t = peek(p, 0)) && (is_day_name(t) || tok_is_punct(t, ','))) {
		p->i++;
		if (t->kind == T_WORD)
			accept_punct(p, ".");
	}
	if (!t)
		return false;
	if (tok_is_num(t, 4, 4) && (tok_is_punct(peek(p, 1), '-') || tok_is_punct(peek(p, 1), '/')))
		return parse_iso(p, f);
	if (t->kind == T_NUM)
		return parse_day_first(p, f);
	if (month_of(t))
		return parse_month_first(p, f);
	return false;
}

/* Words after a complete date are zone names or day names that say nothing new. */
static bool only_words_left(const struct parser *p)
{
	for (size_t i = p->i; i < p->n; i++)
		if (p->t[i].kind != T_WORD && !tok_is_punct(&p->t[i], '.'))
			return false;
	return true;
}

/* ---- The calendar -------------------------------------------------------- */

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days in the months before m (1-based) of a common year. */
static const short days_before_month[13] = { 0,   0,   31,  59,  90,  120, 151,
					     181, 212, 243, 273, 304, 334 };

#define DAYS_PER_400Y 146097
#define DAYS_PER_100Y 36524
#define DAYS_PER_4Y   1461
/* Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
#define EPOCH_DAYS 719162

/* Floor division: the calendar needs it for dates before the epoch. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days from 1970-01-01 to y-m-d, for y >= 1. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t py = y - 1; /* whole years before y */
	int64_t days = py * 365 + py / 4 - py / 100 + py / 400;

	days += days_before_month[m] + (m > 2 && is_leap(y)) + d - 1;
	return days - EPOCH_DAYS;
}

struct civil {
	int64_t year;
	int mon, day, wday; /* wday: 0 = Sunday */
};

/*
 * The inverse, for any day count: peel off whole 400-, 100-, 4- and 1-year
 * cycles from 0001-01-01. The last year of a 100- or 4-year cycle is one
 * day longer, which the MIN() clamps account for.
 */
static struct civil civil_from_days(int64_t days)
{
	struct civil c;
	int64_t d = days + EPOCH_DAYS, n400, n100, n4, n1;
	int m;

	n400 = floor_div(d, DAYS_PER_400Y);
	d -= n400 * DAYS_PER_400Y;
	n100 = MIN(d / DAYS_PER_100Y, 3);
	d -= n100 * DAYS_PER_100Y;
	n4 = d / DAYS_PER_4Y;
	d -= n4 * DAYS_PER_4Y;
	n1 = MIN(d / 365, 3);
	d -= n1 * 365;
	c.year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
	for (m = 12; m > 1; m--)
		if (d >= days_before_month[m] + (m > 2 && is_leap(c.year)))
			break;
	c.mon = m;
	c.day = (int)(d - days_before_month[m] - (m > 2 && is_leap(c.year))) + 1;
	c.wday = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	return c;
}

static bool fields_valid(const struct fields *f)
{
	return f->year >= MIN_YEAR && f->year <= MAX_YEAR && f->mon >= 1 && f->mon <= 12 &&
	       f->day >= 1 && f->day <= days_in_month(f->year, (int)f->mon) && f->hour >= 0 &&
	       f->hour <= 23 && f->min >= 0 && f->min <= 59 && f->sec >= 0 && f->sec <= 60;
}

/* ---- Public ------------------------------------------------------------ */

int date_parse(const char *s, size_t len, struct mail_date *out)
{
	struct parser p;
	struct fields f = { 0 };
	int64_t t;

	memset(out, 0, sizeof(*out));
	if (tokenize(s, len, &p) != 0 || !parse_fields(&p, &f) || !only_words_left(&p) ||
	    !fields_valid(&f))
		return ERR_PARSE;
	if (f.sec == 60)
		f.sec = 59;
	t = days_from_civil(f.year, (int)f.mon, (int)f.day) * SECS_PER_DAY + f.hour * 3600 +
	    f.min * 60 + f.sec - (int64_t)f.tz * 60;
	if ((int64_t)(time_t)t != t) /* a 32-bit time_t cannot hold it */
		return ERR_PARSE;
	out->time = (time_t)t;
	out->tz_minutes = f.tz;
	out->valid = true;
	return 0;
}

void date_format(const struct mail_date *d, struct buf *out)
{
	static const char wday[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int tz = d->tz_minutes;
	int64_t local, secs;
	struct civil c;

	/* An offset no zone has would print as garbage: fall back to UTC. */
	if (tz < -MAX_ZONE_MINUTES || tz > MAX_ZONE_MINUTES)
		tz = 0;
	if (__builtin_add_overflow((int64_t)d->time, (int64_t)tz * 60, &local)) {
		local = d->time;
		tz = 0;
	}
	/* The remainder, not days * 86400, which overflows near INT64_MIN. */
	secs = local % SECS_PER_DAY;
	if (secs < 0)
		secs += SECS_PER_DAY;
	c = civil_from_days(floor_div(local, SECS_PER_DAY));
	buf_printf(out, "%s, %d %s %04lld %02d:%02d:%02d %c%02d%02d", wday[c.wday], c.day,
		   mon[c.mon - 1], (long long)c.year, (int)(secs / 3600), (int)(secs / 60 % 60),
		   (int)(secs % 60), tz < 0 ? '-' : '+', abs(tz) / 60, abs(tz) % 60);
}
