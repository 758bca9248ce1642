/*
 * mbox_parse.c - the text of an mbox: From_ lines (mutt's is_from() and
 * its leniency), the Status:/X-Status: flags, >From quoting, and the
 * header edits a rewrite makes. No I/O here.
 */
#include "mx/mbox-private.h"

/* ---- From_ lines ------------------------------------------------------- */

/* A cursor over a counted line, so that nothing needs a NUL terminator. */
struct cur {
	const char *p, *end;
};

static bool at_end(const struct cur *c)
{
	return c->p >= c->end;
}

/* mutt's next_word(): past the current word and the white space after it. */
static void next_word(struct cur *c)
{
	while (c->p < c->end && !is_space((unsigned char)*c->p))
		c->p++;
	while (c->p < c->end && is_space((unsigned char)*c->p))
		c->p++;
}

static const char *const day_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					   "jul", "aug", "sep", "oct", "nov", "dec" };

/* mutt's is_day_name(): three letters naming a day, then white space. */
static bool is_day_name(const struct cur *c)
{
	if (c->end - c->p < 4 || !is_space((unsigned char)c->p[3]))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(day_names); i++)
		if (mem_startswith_ci(c->p, 3, day_names[i]))
			return true;
	return false;
}

static int month_of(const struct cur *c)
{
	if (c->end - c->p < 3)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(month_names); i++)
		if (mem_startswith_ci(c->p, 3, month_names[i]))
			return (int)i;
	return -1;
}

/* sscanf("%d") at the cursor: an optional sign and digits (capped, so no overflow). */
static bool scan_int(struct cur *c, long *out)
{
	bool neg = false;
	long v = 0;
	const char *start;

	if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
		neg = *c->p++ == '-';
	start = c->p;
	while (c->p < c->end && is_digit((unsigned char)*c->p)) {
		if (v < 100000000)
			v = v * 10 + (*c->p - '0');
		c->p++;
	}
	*out = neg ? -v : v;
	return c->p > start;
}

/* "HH:MM:SS" or "HH:MM" (mutt accepts both). */
static bool scan_time(struct cur *c, long *h, long *m, long *s)
{
	*s = 0;
	if (!scan_int(c, h) || at_end(c) || *c->p++ != ':' || !scan_int(c, m))
		return false;
	if (c->p < c->end && *c->p == ':') {
		struct cur save = *c;
		c->p++;
		if (!scan_int(c, s))
			*c = save;
	}
	return true;
}

/*
 * The sender word: up to white space outside double quotes, backslash
 * escaping the next byte; pipermail's "user at host" counts as one word.
 * Leaves the cursor on the white space after it.
 */
static bool skip_sender(struct cur *c)
{
	bool q = false;

	for (; c->p < c->end && (q || !is_space((unsigned char)*c->p)); c->p++) {
		if (*c->p == '\\') {
			if (++c->p >= c->end)
				return false;
		} else if (*c->p == '"') {
			q = !q;
		}
	}
	if (q || at_end(c))
		return false;
	if (c->end - c->p >= 4 && mem_startswith_ci(c->p, 4, " at ")) {
		const char *sp = memchr(c->p + 4, ' ', (size_t)(c->end - c->p - 4));
		if (!sp)
			return false;
		c->p = sp;
	}
	return true;
}

int64_t mbox_days_from_civil(int64_t y, int64_t mon, int64_t d)
{
	/* Howard Hinnant's algorithm, after folding the month into 0-11. */
	y += mon / 12;
	mon %= 12;
	if (mon < 0) {
		mon += 12;
		y--;
	}
	int64_t m = mon + 1;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date part, from the day name on. */
static bool parse_date(struct cur *c, int64_t *received)
{
	long mday, h, mi, s, yr;
	int mon;

	next_word(c); /* the day name */
	if (at_end(c))
		return false;
	/* a local user named like a day ("From sat Sat Jan...") */
	if (is_day_name(c)) {
		next_word(c);
		if (at_end(c))
			return false;
	}
	if ((mon = month_of(c)) < 0)
		return false;
	next_word(c);
	if (at_end(c) || !scan_int(c, &mday))
		return false;
	next_word(c);
	if (at_end(c) || !scan_time(c, &h, &mi, &s))
		return false;
	next_word(c);
	if (at_end(c))
		return false;
	/* one or two zone words: "+0100", "PST", "MET DST" */
	if (is_alpha((unsigned char)*c->p) || *c->p == '+' || *c->p == '-') {
		next_word(c);
		if (at_end(c))
			return false;
		if (is_alpha((unsigned char)*c->p)) {
			next_word(c);
			if (at_end(c))
				return false;
		}
	}
	if (!scan_int(c, &yr))
		return false;
	yr = yr > 1900 ? yr : (yr < 70 ? yr + 2000 : yr + 1900);
	if (received)
		*received = mbox_days_from_civil(yr, mon, mday) * 86400 + h * 3600 + mi * 60 + s;
	return true;
}

bool mbox_is_from(const char *s, size_t n, int64_t *received, const char **sender,
		  size_t *sender_len)
{
	struct cur c = { s, s + n };
	const char *who = NULL;
	size_t who_len = 0;

	if (n < 5 || memcmp(s, "From ", 5) != 0)
		return false;
	next_word(&c);
	if (at_end(&c))
		return false;
	if (!is_day_name(&c)) {
		who = c.p;
		if (!skip_sender(&c))
			return false;
		who_len = (size_t)(c.p - who);
		c.p++;
		while (c.p < c.end && is_space((unsigned char)*c.p))
			c.p++;
		if (at_end(&c) || !is_day_name(&c))
			return false;
	}
	if (!parse_date(&c, received))
		return false;
	if (sender) {
		*sender = who;
		*sender_len = who_len;
	}
	return true;
}

bool mbox_is_mmdf_sep(const char *s, size_t n)
{
	return (n == 4 || (n == 5 && s[4] == '\r')) && memcmp(s, MMDF_SEP, 4) == 0;
}

size_t mbox_line(const char *s, size_t max, size_t *next)
{
	const char *nl = memchr(s, '\n', max);
	size_t n = nl ? (size_t)(nl - s) : max;

	*next = nl ? n + 1 : max;
	if (n && s[n - 1] == '\r')
		n--;
	return n;
}

void mbox_from_line(const char *sender, size_t n, int64_t when, struct buf *out)
{
	static const char *const days[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)when;
	struct tm tm;

	buf_addstr(out, "From ");
	/* One word, as is_from() reads it: no spaces, no controls, no quotes to pair. */
	size_t before = out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)sender[i];
		buf_addch(out, ch <= ' ' || ch == 0x7f || ch == '"' || ch == '\\' ? '_' : ch);
	}
	if (out->len == before || (n == 2 && memcmp(sender, "<>", 2) == 0)) {
		buf_setlen(out, before);
		buf_addstr(out, "MAILER-DAEMON");
	}
	if (!gmtime_r(&t, &tm)) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	int64_t day = (int64_t)mbox_days_from_civil(tm.tm_year + 1900, tm.tm_mon, tm.tm_mday);
	buf_printf(out, " %s %s %2d %02d:%02d:%02d %d\n", days[((day % 7) + 7) % 7],
		   months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		   tm.tm_year + 1900);
}

/* ---- Status: and X-Status: ---------------------------------------------- */

uint32_t mbox_header_flags(const struct header_list *h, bool mark_old)
{
	uint32_t f = 0;

	for (size_t i = 0; i < h->n; i++) {
		const struct header_field *hf = &h->v[i];
		bool x = mem_eq_ci(hf->name, hf->name_len, "X-Status");
		if (!x && !mem_eq_ci(hf->name, hf->name_len, "Status"))
			continue;
		for (size_t k = 0; k < hf->value_len; k++) {
			char ch = hf->value[k];
			if (!x && ch == 'R')
				f |= MSG_READ;
			else if (!x && ch == 'O' && mark_old)
				f |= MSG_OLD;
			else if ((!x && ch == 'r') || (x && ch == 'A'))
				f |= MSG_REPLIED;
			else if (x && ch == 'F')
				f |= MSG_FLAGGED;
			else if (x && ch == 'D')
				f |= MSG_DELETED;
		}
	}
	return f;
}

enum { KEY_READ = 1, KEY_OLD = 2, KEY_REPLIED = 4, KEY_FLAGGED = 8, KEY_DELETED = 16 };

uint8_t mbox_status_key(uint32_t flags)
{
	uint8_t k = 0;

	/* mutt writes "RO" for every read message: read implies old in the file. */
	if (flags & MSG_READ)
		k |= KEY_READ | KEY_OLD;
	else if (flags & MSG_OLD)
		k |= KEY_OLD;
	if (flags & MSG_REPLIED)
		k |= KEY_REPLIED;
	if (flags & MSG_FLAGGED)
		k |= KEY_FLAGGED;
	if (flags & MSG_DELETED)
		k |= KEY_DELETED;
	return k;
}

void mbox_status_lines(uint32_t flags, const char *eol, struct buf *out)
{
	uint8_t k = mbox_status_key(flags);

	if (k & KEY_OLD)
		buf_printf(out, "Status: %s%s", k & KEY_READ ? "RO" : "O", eol);
	if (k & (KEY_REPLIED | KEY_FLAGGED | KEY_DELETED))
		buf_printf(out, "X-Status: %s%s%s%s", k & KEY_REPLIED ? "A" : "",
			   k & KEY_FLAGGED ? "F" : "", k & KEY_DELETED ? "D" : "", eol);
}

/* Is the line (s, n) the start of a Status: or X-Status: field? */
static bool is_status_field(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == 'X' || s[0] == 'x') && s[1] == '-')
		i = 2;
	if (n - i < 6 || !mem_startswith_ci(s + i, 6, "status"))
		return false;
	i += 6;
	while (i < n && is_wsp((unsigned char)s[i]))
		i++;
	return i < n && s[i] == ':';
}

void mbox_rewrite_status(const char *hdr, size_t n, uint32_t flags, struct buf *out)
{
	const char *eol = "\n";
	bool dropping = false;
	size_t pos = 0;

	while (pos < n) {
		size_t next, len = mbox_line(hdr + pos, n - pos, &next);
		bool cont = len > 0 && is_wsp((unsigned char)hdr[pos]);
		if (pos == 0 && next > len + 1)
			eol = "\r\n";
		if (!cont)
			dropping = is_status_field(hdr + pos, len);
		if (!dropping)
			buf_add(out, hdr + pos, next);
		pos += next;
	}
	/* a last header line without its line ending (the file ended there) */
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addstr(out, eol);
	mbox_status_lines(flags, eol, out);
}

size_t mbox_header_end(const char *s, size_t n, size_t *blank)
{
	size_t pos = 0;

	while (pos < n) {
		size_t next, len = mbox_line(s + pos, n - pos, &next);
		if (len == 0 && next > 0) {
			*blank = pos;
			return pos + next;
		}
		pos += next;
	}
	*blank = n;
	return n;
}

/* ---- quoting --------------------------------------------------------------- */

/* Does the line at s (n bytes left) match ^>*From ? *gt gets the count of '>'. */
static bool quoted_from(const char *s, size_t n, size_t *gt)
{
	size_t i = 0;

	while (i < n && s[i] == '>')
		i++;
	*gt = i;
	return n - i >= 5 && memcmp(s + i, "From ", 5) == 0;
}

size_t mbox_unquote(char *s, size_t n)
{
	size_t r = 0, w = 0;

	while (r < n) {
		const char *nl = memchr(s + r, '\n', n - r);
		size_t len = nl ? (size_t)(nl - (s + r)) + 1 : n - r, gt;
		size_t skip = quoted_from(s + r, len, &gt) && gt > 0 ? 1 : 0;
		if (w != r || skip)
			memmove(s + w, s + r + skip, len - skip);
		w += len - skip;
		r += len;
	}
	return w;
}

void mbox_quote(const char *s, size_t n, struct buf *out)
{
	size_t r = 0;

	buf_grow(out, n + n / 64);
	while (r < n) {
		const char *nl = memchr(s + r, '\n', n - r);
		size_t len = nl ? (size_t)(nl - (s + r)) + 1 : n - r, gt;
		if (quoted_from(s + r, len, &gt))
			buf_addch(out, '>');
		buf_add(out, s + r, len);
		r += len;
	}
}

size_t mbox_count_lines(const char *s, size_t n)
{
	const uint64_t lf = 0x0a0a0a0a0a0a0a0aull, low7 = 0x7f7f7f7f7f7f7f7full;
	size_t c = 0, i = 0;

	/*
	 * Eight bytes at a time: a zero byte in x ^ LFs marks a newline; each
	 * lane of acc counts its bytes' newlines, summed every 255 words
	 * before a lane can overflow.
	 */
	while (i + 8 <= n) {
		uint64_t acc = 0;
		for (int k = 0; k < 255 && i + 8 <= n; k++, i += 8) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			x ^= lf;
			acc += (~(((x & low7) + low7) | x) >> 7) & 0x0101010101010101ull;
		}
		acc = (acc & 0x00ff00ff00ff00ffull) + ((acc >> 8) & 0x00ff00ff00ff00ffull);
		c += (size_t)((acc * 0x0001000100010001ull) >> 48);
	}
	for (; i < n; i++)
		c += s[i] == '\n';
	return c;
}
