/*
 * util_mutf7.c - modified UTF-7 mailbox names (RFC 3501 section 5.1.3):
 * printable ASCII stands for itself, "&" is "&-", everything else is UTF-16
 * in base64 with "," for "/", between "&" and "-", without padding.
 *
 * The decoder is strict because a name has exactly one correct encoding:
 * two spellings of one name would let a hostile server show a folder the
 * user cannot tell from another, and would break the header cache's keys.
 */
#include "core/core.h"
#include "imap/util.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static bool printable(uint32_t c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* ---- Encoding ------------------------------------------------------------------ */

struct enc {
	uint32_t acc; /* bits not yet written, the low `bits` of it */
	int bits;
	bool open; /* inside "&...-" */
};

static void put_unit(struct buf *out, struct enc *e, uint32_t unit)
{
	e->acc = ((e->acc & ((1u << e->bits) - 1)) << 16) | unit;
	e->bits += 16;
	while (e->bits >= 6) {
		e->bits -= 6;
		buf_addch(out, b64[(e->acc >> e->bits) & 63]);
	}
}

static void close_shift(struct buf *out, struct enc *e)
{
	if (e->bits)
		buf_addch(out, b64[(e->acc << (6 - e->bits)) & 63]);
	buf_addch(out, '-');
	*e = (struct enc){ 0 };
}

int imap_mutf7_encode(const char *utf8, size_t len, struct buf *out)
{
	struct enc e = { 0 };
	size_t i = 0;

	if (!utf8_valid(utf8, len) || (len && memchr(utf8, '\0', len)))
		return ERR_INVAL;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(utf8 + i, len - i, &cp);
		if (printable(cp)) {
			if (e.open)
				close_shift(out, &e);
			if (cp == '&')
				buf_addstr(out, "&-");
			else
				buf_addch(out, (int)cp);
			continue;
		}
		if (!e.open) {
			buf_addch(out, '&');
			e.open = true;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_unit(out, &e, 0xD800 + (cp >> 10));
			put_unit(out, &e, 0xDC00 + (cp & 0x3FF));
		} else {
			put_unit(out, &e, cp);
		}
	}
	if (e.open)
		close_shift(out, &e);
	return 0;
}

/* ---- Decoding ------------------------------------------------------------------ */

static int b64_value(int c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

struct dec {
	uint32_t high; /* a high surrogate waiting for its low half, or 0 */
};

/* One UTF-16 unit; NULL when fine, else the reason. */
static const char *take_unit(struct dec *d, uint32_t unit, struct buf *out)
{
	uint32_t cp;

	if (d->high) {
		if (unit < 0xDC00 || unit > 0xDFFF)
			return _("a high surrogate without its low half");
		cp = 0x10000 + ((d->high - 0xD800) << 10) + (unit - 0xDC00);
		d->high = 0;
	} else if (unit >= 0xD800 && unit <= 0xDBFF) {
		d->high = unit;
		return NULL;
	} else if (unit >= 0xDC00 && unit <= 0xDFFF) {
		return _("a low surrogate without its high half");
	} else {
		cp = unit;
	}
	if (cp == 0)
		return _("an encoded NUL");
	if (printable(cp))
		return _("printable ASCII encoded in base64");
	buf_add_utf8(out, cp);
	return NULL;
}

/* The base64 run after "&" at *i, up to and past its "-". */
static const char *decode_run(const char *s, size_t len, size_t *i, struct buf *out)
{
	struct dec d = { 0 };
	uint32_t acc = 0;
	int bits = 0;
	const char *why;

	for (; *i < len && s[*i] != '-'; (*i)++) {
		int v = b64_value((unsigned char)s[*i]);
		if (v < 0)
			return _("a byte that is not modified base64 inside &...-");
		acc = ((acc & ((1u << bits) - 1)) << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 16) {
			bits -= 16;
			if ((why = take_unit(&d, (acc >> bits) & 0xFFFF, out)))
				return why;
		}
	}
	if (*i >= len)
		return _("an \"&\" shift that never ends with \"-\"");
	if (bits >= 6)
		return _("base64 that stops inside a UTF-16 unit");
	if (acc & ((1u << bits) - 1))
		return _("padding bits that are not zero");
	if (d.high)
		return _("a high surrogate without its low half");
	(*i)++;
	return NULL;
}

int imap_mutf7_decode(const char *s, size_t len, struct buf *out, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	const char *why = NULL;
	bool after_run = false;
	size_t i = 0;

	while (i < len && !why) {
		unsigned char c = (unsigned char)s[i];
		if (!printable(c)) {
			why = _("a byte that is not printable ASCII");
		} else if (c != '&') {
			buf_addch(&tmp, c);
			after_run = false;
			i++;
		} else if (i + 1 < len && s[i + 1] == '-') {
			buf_addch(&tmp, '&');
			after_run = false;
			i += 2;
		} else if (after_run) {
			why = _("two encoded runs back to back");
		} else {
			i++;
			why = decode_run(s, len, &i, &tmp);
			after_run = true;
		}
	}
	if (why) {
		buf_printf(err, _("bad modified UTF-7 mailbox name (%s, near byte %zu)"), why, i);
		buf_release(&tmp);
		return ERR_PARSE;
	}
	buf_addbuf(out, &tmp);
	buf_release(&tmp);
	return 0;
}
