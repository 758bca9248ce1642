/*
 * parse_fetch.c - FETCH responses: UID, FLAGS, INTERNALDATE, RFC822.SIZE,
 * MODSEQ, ENVELOPE, BODY/BODYSTRUCTURE (parse_body.c), and section
 * contents (BODY[...]<n>, BINARY[...], RFC822.HEADER...). Items tern does
 * not know are skipped, literals included.
 */
#include "imap/parse_lex.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool two_digits(const char *s, unsigned *v)
{
	if (!is_digit(s[0]) || !is_digit(s[1]))
		return false;
	*v = (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	return true;
}

static int month_of(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (ascii_strncasecmp(s, months + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

static unsigned month_days(unsigned y, unsigned m)
{
	static const unsigned char days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/*
 * date-time: "dd-Mon-yyyy hh:mm:ss +zzzz" (the day may be " d" or "d").
 * False when malformed or out of range.
 */
static bool parse_date_time(const char *in, size_t n, int64_t *t, int *tz)
{
	char s[26];
	unsigned d, y1, y2, hh, mm, ss, zh, zm;
	int m;

	/* The day as "dd", " d" or "d": make it two characters. */
	if (n == 25) {
		s[0] = '0';
		memcpy(s + 1, in, 25);
	} else if (n == 26) {
		memcpy(s, in, 26);
		if (s[0] == ' ')
			s[0] = '0';
	} else {
		return false;
	}
	if (!two_digits(s, &d))
		return false;
	if (s[2] != '-' || s[6] != '-' || s[11] != ' ' || s[14] != ':' || s[17] != ':' ||
	    s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
		return false;
	m = month_of(s + 3);
	if (!m || !two_digits(s + 7, &y1) || !two_digits(s + 9, &y2) || !two_digits(s + 12, &hh) ||
	    !two_digits(s + 15, &mm) || !two_digits(s + 18, &ss) || !two_digits(s + 22, &zh) ||
	    !two_digits(s + 24, &zm))
		return false;
	y1 = y1 * 100 + y2;
	if (d < 1 || d > month_days(y1, (unsigned)m) || hh > 23 || mm > 59 || ss > 60 || zh > 23 ||
	    zm > 59)
		return false;
	*tz = (int)(zh * 60 + zm) * (s[21] == '-' ? -1 : 1);
	*t = days_from_civil(y1, (unsigned)m, d) * 86400 + hh * 3600 + mm * 60 + ss -
	     (int64_t)*tz * 60;
	return true;
}

static int internaldate(struct imap_lex *lx, struct imap_fetch *f)
{
	struct imap_str s;
	int rc = lx_string(lx, 0, &s);

	if (rc)
		return rc;
	if (!parse_date_time(s.s, s.len, &f->internaldate, &f->tz_minutes))
		return lx_fail(lx, ERR_PROTO, _("malformed INTERNALDATE"));
	f->have |= IMAP_FETCH_INTERNALDATE;
	return 0;
}

static int address(struct imap_lex *lx, struct imap_addr *a)
{
	return lx_open(lx) ?: lx_string(lx, LX_NIL, &a->name) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &a->adl) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &a->mailbox) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &a->host) ?: lx_close(lx);
}

/* "(" 1*address ")" / NIL; "()" is taken as NIL, and spaces between addresses are allowed. */
static int addr_list(struct imap_lex *lx, struct imap_addrs *l)
{
	size_t cap = 0;
	bool nil;
	int rc;

	if ((rc = lx_nil_or_open(lx, &nil)) || nil)
		return rc;
	while (lx_seq_next(lx, l->n, &rc))
		if ((rc = address(lx, LX_PUSH(lx, l->v, l->n, cap))))
			return rc;
	return rc;
}

int imap_parse_envelope(struct imap_lex *lx, struct imap_envelope **out)
{
	struct imap_envelope *e;

	*out = NULL;
	if (lx_nil(lx))
		return 0;
	e = arena_alloc(lx->a, sizeof(*e));
	memset(e, 0, sizeof(*e));
	*out = e;
	return lx_open(lx) ?: lx_string(lx, LX_NIL, &e->date) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &e->subject) ?: lx_sp(lx)
		?: addr_list(lx, &e->from) ?: lx_sp(lx)
		?: addr_list(lx, &e->sender) ?: lx_sp(lx)
		?: addr_list(lx, &e->reply_to) ?: lx_sp(lx)
		?: addr_list(lx, &e->to) ?: lx_sp(lx)
		?: addr_list(lx, &e->cc) ?: lx_sp(lx)
		?: addr_list(lx, &e->bcc) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &e->in_reply_to) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &e->message_id) ?: lx_close(lx);
}

/* "[" section "]" as text, parentheses and quoted header names included. */
static int section_spec(struct imap_lex *lx, const char **spec)
{
	const char *start = ++lx->p, *q;
	unsigned depth = 0;

	for (q = start; q < lx->end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c < 0x20 || c >= 0x7f || c == '{')
			break;
		if (c == '"') {
			for (q++; q < lx->end && *q != '"'; q++)
				if (*q == '\\' && q + 1 < lx->end)
					q++;
			if (q >= lx->end)
				break;
		} else if (c == '(') {
			if (++depth > lx->lim.max_depth)
				break;
		} else if (c == ')') {
			if (!depth--)
				break;
		} else if (c == ']' && !depth) {
			*spec = lx_dup(lx, start, (size_t)(q - start));
			lx->p = q + 1;
			return 0;
		}
	}
	lx->p = q;
	return lx_fail(lx, ERR_PROTO, _("malformed section"));
}

/* BODY[...]<origin>, BINARY[...]<origin>: the contents. */
static int section(struct imap_lex *lx, struct imap_fetch *f, enum imap_section_kind kind,
		   size_t *cap)
{
	struct imap_section *sec;
	int rc;

	if ((rc = lx_count(lx, f->nsections + 1)))
		return rc;
	sec = LX_PUSH(lx, f->sections, f->nsections, *cap);
	sec->kind = kind;
	if ((rc = section_spec(lx, &sec->spec)))
		return rc;
	if (lx_peek(lx) == '<') {
		lx->p++;
		if ((rc = lx_num32(lx, false, &sec->origin)) || (rc = lx_char(lx, '>')))
			return rc;
		sec->has_origin = true;
	}
	if ((rc = lx_sp(lx)))
		return rc;
	if (kind != IMAP_SEC_BINARY && lx_peek(lx) == '~')
		return lx_fail(lx, ERR_PROTO, _("binary literal outside BINARY[]"));
	return lx_string(lx, LX_NIL | LX_BINARY, &sec->data);
}

/* RFC822, RFC822.HEADER, RFC822.TEXT: section contents under old names. */
static int rfc822_item(struct imap_lex *lx, struct imap_fetch *f, const char *spec, size_t *cap)
{
	struct imap_section *sec;
	int rc;

	if ((rc = lx_count(lx, f->nsections + 1)))
		return rc;
	sec = LX_PUSH(lx, f->sections, f->nsections, *cap);
	sec->kind = IMAP_SEC_RFC822;
	sec->spec = spec;
	if (lx_peek(lx) == '~')
		return lx_fail(lx, ERR_PROTO, _("binary literal outside BINARY[]"));
	return lx_string(lx, LX_NIL | LX_BINARY, &sec->data);
}

static int body_item(struct imap_lex *lx, struct imap_fetch *f, bool ext)
{
	struct imap_body *b = arena_alloc(lx->a, sizeof(*b));

	memset(b, 0, sizeof(*b));
	f->body = b;
	f->have |= ext ? IMAP_FETCH_BODYSTRUCTURE : IMAP_FETCH_BODY;
	return imap_parse_body(lx, ext, b);
}

/* An item tern does not use: [section] and <origin> if any, then its value. */
static int unknown_item(struct imap_lex *lx)
{
	const char *spec;
	uint32_t origin;
	int rc;

	if (lx_peek(lx) == '[' && (rc = section_spec(lx, &spec)))
		return rc;
	if (lx_peek(lx) == '<') {
		lx->p++;
		if ((rc = lx_num32(lx, false, &origin)) || (rc = lx_char(lx, '>')))
			return rc;
	}
	return lx_sp(lx) ?: lx_skip_value(lx);
}

/* The value of item (s, n), the cursor after its name. */
static int item(struct imap_lex *lx, struct imap_fetch *f, const char *s, size_t n, size_t *cap)
{
	bool bracket = lx_peek(lx) == '[';

	/* BODY.PEEK is answered as BODY; a server echoing BODY.PEEK means the same. */
	if (bracket && (mem_eq_ci(s, n, "BODY") || mem_eq_ci(s, n, "BODY.PEEK")))
		return section(lx, f, IMAP_SEC_BODY, cap);
	if (bracket && mem_eq_ci(s, n, "BINARY"))
		return section(lx, f, IMAP_SEC_BINARY, cap);
	if (bracket)
		return unknown_item(lx);
	if (lx_sp(lx))
		return lx_fail(lx, ERR_PROTO, _("expected a space after a FETCH item"));
	if (mem_eq_ci(s, n, "UID")) {
		f->have |= IMAP_FETCH_UID;
		return lx_num32(lx, true, &f->uid);
	}
	if (mem_eq_ci(s, n, "FLAGS")) {
		f->have |= IMAP_FETCH_FLAGS;
		memset(&f->flags, 0, sizeof(f->flags));
		return lx_flags(lx, false, &f->flags);
	}
	if (mem_eq_ci(s, n, "INTERNALDATE"))
		return internaldate(lx, f);
	if (mem_eq_ci(s, n, "RFC822.SIZE")) {
		f->have |= IMAP_FETCH_SIZE;
		return lx_num64(lx, &f->size);
	}
	if (mem_eq_ci(s, n, "MODSEQ")) {
		f->have |= IMAP_FETCH_MODSEQ;
		return lx_open(lx) ?: lx_num64(lx, &f->modseq) ?: lx_close(lx);
	}
	if (mem_eq_ci(s, n, "ENVELOPE")) {
		f->have |= IMAP_FETCH_ENVELOPE;
		return imap_parse_envelope(lx, &f->envelope);
	}
	if (mem_eq_ci(s, n, "BODY") || mem_eq_ci(s, n, "BODYSTRUCTURE"))
		return body_item(lx, f, n == 13);
	if (mem_eq_ci(s, n, "RFC822"))
		return rfc822_item(lx, f, "", cap);
	if (mem_eq_ci(s, n, "RFC822.HEADER"))
		return rfc822_item(lx, f, "HEADER", cap);
	if (mem_eq_ci(s, n, "RFC822.TEXT"))
		return rfc822_item(lx, f, "TEXT", cap);
	return lx_skip_value(lx);
}

/* An item name: letters, digits, ".", "-" and "_" (X-GM-MSGID, BINARY.SIZE...). */
static bool item_name_ok(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
}

int imap_parse_fetch(struct imap_lex *lx, struct imap_fetch *f)
{
	size_t cap = 0, n = 0;
	const char *s = NULL;
	size_t len = 0;
	int rc;

	if ((rc = lx_sp(lx)) || (rc = lx_open(lx)))
		return rc;
	while (lx_list_next(lx, &n, &rc))
		if ((rc = lx_run(lx, item_name_ok, N_("expected a FETCH item"), &s, &len)) ||
		    (rc = item(lx, f, s, len, &cap)))
			return rc;
	return rc;
}
