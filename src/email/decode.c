/*
 * decode.c - content-transfer-encodings: incremental decoders for base64,
 * quoted-printable and uuencode, whole-part helpers, and the encoders used
 * when sending.
 *
 * Every decoder is a byte-at-a-time state machine (with fast paths for runs
 * of ordinary bytes) whose state lives in struct decoder, so a part may be
 * fed in chunks split anywhere and gives the same bytes as one feed.
 * Nothing is ever dropped silently: malformed input is kept literally where
 * that makes sense (quoted-printable) and flagged in d->defects.
 */
#include "email/email.h"

static const char hex_upper[] = "0123456789ABCDEF";

static bool is_identity(enum mime_encoding enc)
{
	return enc != ENC_BASE64 && enc != ENC_QUOTED_PRINTABLE && enc != ENC_UUENCODE;
}

void decoder_init(struct decoder *d, enum mime_encoding enc)
{
	memset(d, 0, sizeof(*d));
	d->enc = enc;
}

/* ---- base64 ----------------------------------------------------------- */

/* Alphabet value + 1; 0 for anything else. */
static const unsigned char b64_value[256] = {
	['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
	['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
	['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
	['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
	['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
	['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
	['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63,
	['/'] = 64,
};

/*
 * '=' ends a quantum; leftover bits are dropped. Padding after two or three
 * characters is right and extra '=' are tolerated; after one character it
 * is a defect (those 6 bits cannot make a byte). Data after padding starts
 * a new quantum: some mailers concatenate base64 blocks.
 */
static void b64_pad(struct decoder *d)
{
	/* d->state: characters into the current quantum */
	if (d->state == 1)
		d->defects |= DEFECT_BAD_BASE64;
	d->acc = 0;
	d->nbits = 0;
	d->state = 0;
}

/*
 * Decode whole quanta of four alphabet characters at in, the common case,
 * into o; stops at anything else. Returns the bytes of input consumed.
 */
static size_t b64_quanta(const unsigned char *in, size_t len, char **o)
{
	size_t i = 0;
	char *w = *o;

	for (; i + 4 <= len; i += 4) {
		unsigned a = b64_value[in[i]], b = b64_value[in[i + 1]];
		unsigned c = b64_value[in[i + 2]], e = b64_value[in[i + 3]];
		if (!a || !b || !c || !e)
			break;
		uint32_t v = (a - 1) << 18 | (b - 1) << 12 | (c - 1) << 6 | (e - 1);
		w[0] = (char)(v >> 16);
		w[1] = (char)(v >> 8);
		w[2] = (char)v;
		w += 3;
	}
	*o = w;
	return i;
}

static void b64_feed(struct decoder *d, const unsigned char *in, size_t len, struct buf *out)
{
	buf_grow(out, len / 4 * 3 + 3);
	char *o = out->data + out->len;
	uint32_t acc = d->acc;
	int nbits = d->nbits, pos = d->state;

	for (size_t i = 0; i < len; i++) {
		if (pos == 0) { /* on a quantum boundary no bits are pending */
			i += b64_quanta(in + i, len - i, &o);
			if (i >= len)
				break;
		}
		unsigned v = b64_value[in[i]];
		if (v) {
			acc = (acc << 6) | (v - 1);
			nbits += 6;
			if (nbits >= 8) {
				nbits -= 8;
				*o++ = (char)(acc >> nbits);
			}
			pos = (pos + 1) & 3;
		} else if (in[i] == '=') {
			d->acc = acc;
			d->nbits = nbits;
			d->state = pos;
			b64_pad(d);
			acc = 0;
			nbits = 0;
			pos = d->state;
		} else if (!is_space(in[i])) {
			d->defects |= DEFECT_BAD_BASE64; /* junk: skipped */
		}
	}
	d->acc = acc & 0xFF; /* only the bits below nbits (< 8) matter */
	d->nbits = nbits;
	d->state = pos;
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
}

static void b64_finish(struct decoder *d)
{
	/* A lone final character carries 6 bits: not even one byte. */
	if (d->state == 1)
		d->defects |= DEFECT_BAD_BASE64;
}

/* ---- quoted-printable ----------------------------------------------------- */

enum qp_state {
	QP_TEXT, /* pending: a run of white space that may turn out to be trailing */
	QP_CR,   /* a CR; pending: white space before it */
	QP_EQ,   /* pending: "=" */
	QP_EQ1,  /* pending: "=" and one hex digit */
	QP_EQWS, /* pending: "=" and white space (a soft break with padding?) */
	QP_EQCR, /* pending: "=", white space and a CR */
};

static void pending_flush(struct decoder *d, struct buf *out)
{
	buf_add(out, d->pending, d->npending);
	d->npending = 0;
}

/* A malformed escape: keep it literally, go back to text. */
static void qp_literal(struct decoder *d, struct buf *out)
{
	d->defects |= DEFECT_BAD_QP;
	pending_flush(d, out);
	d->state = QP_TEXT;
}

/* An '=' sequence step. Returns false when c must be processed again as text. */
static bool qp_escape(struct decoder *d, int c, struct buf *out)
{
	int hi;

	switch (d->state) {
	case QP_EQ:
		if (hex_digit_value(c) >= 0) {
			d->pending[d->npending++] = (char)c;
			d->state = QP_EQ1;
			return true;
		}
		break;
	case QP_EQ1:
		hi = hex_digit_value((unsigned char)d->pending[1]);
		if (hex_digit_value(c) >= 0) {
			buf_addch(out, hi * 16 + hex_digit_value(c));
			d->npending = 0;
			d->state = QP_TEXT;
			return true;
		}
		qp_literal(d, out);
		return false;
	case QP_EQWS:
		break;
	case QP_EQCR:
		if (c == '\n') {
			d->npending = 0; /* a soft line break */
			d->state = QP_TEXT;
			return true;
		}
		qp_literal(d, out);
		return false;
	}
	/* QP_EQ and QP_EQWS: padding, then the line break of a soft break. */
	if (c == '\n') {
		d->npending = 0;
		d->state = QP_TEXT;
		return true;
	}
	if ((is_wsp(c) || c == '\r') && d->npending < sizeof(d->pending)) {
		d->pending[d->npending++] = (char)c;
		d->state = c == '\r' ? QP_EQCR : QP_EQWS;
		return true;
	}
	qp_literal(d, out);
	return false;
}

/* One byte of text (not in an escape). */
static void qp_text(struct decoder *d, int c, struct buf *out)
{
	if (d->state == QP_CR) {
		d->state = QP_TEXT;
		if (c == '\n') {
			d->npending = 0; /* trailing white space is transport padding */
			buf_add(out, "\r\n", 2);
			return;
		}
		pending_flush(d, out);
		buf_addch(out, '\r');
	}
	if (is_wsp(c)) {
		if (d->npending == sizeof(d->pending))
			pending_flush(d, out); /* absurdly long run: keep its start */
		d->pending[d->npending++] = (char)c;
	} else if (c == '\r') {
		d->state = QP_CR;
	} else if (c == '\n') {
		d->npending = 0;
		buf_addch(out, '\n');
	} else {
		pending_flush(d, out);
		if (c == '=') {
			d->pending[d->npending++] = '=';
			d->state = QP_EQ;
		} else {
			buf_addch(out, c);
		}
	}
}

static bool qp_plain(unsigned char c)
{
	return c != '=' && c != ' ' && c != '\t' && c != '\r' && c != '\n';
}

static void qp_feed(struct decoder *d, const unsigned char *in, size_t len, struct buf *out)
{
	size_t i = 0;

	buf_grow(out, len);
	while (i < len) {
		if (d->state == QP_TEXT && !d->npending && qp_plain(in[i])) {
			size_t j = i + 1;
			while (j < len && qp_plain(in[j]))
				j++;
			buf_add(out, in + i, j - i);
			i = j;
			continue;
		}
		if (d->state == QP_TEXT && in[i] == '=' && i + 2 < len) {
			int hi = hex_digit_value(in[i + 1]), lo = hex_digit_value(in[i + 2]);
			if (hi >= 0 && lo >= 0) { /* the common escape, in one step */
				pending_flush(d, out);
				buf_addch(out, hi * 16 + lo);
				i += 3;
				continue;
			}
		}
		if (d->state >= QP_EQ) {
			/* A byte that ends a malformed escape is read again as text. */
			if (qp_escape(d, in[i], out))
				i++;
			continue;
		}
		qp_text(d, in[i], out);
		i++;
	}
}

static void qp_finish(struct decoder *d, struct buf *out)
{
	switch (d->state) {
	case QP_TEXT:
		break; /* white space at the very end is trailing: dropped */
	case QP_CR:
		buf_addch(out, '\r');
		break;
	case QP_EQ1:
		qp_literal(d, out);
		break;
	default:
		break; /* "=" [padding] at the end: a soft break */
	}
	d->npending = 0;
	d->state = QP_TEXT;
}

/* ---- uuencode --------------------------------------------------------- */

enum uu_state {
	UU_SEEK,       /* at a line start before "begin "; npending: chars matched */
	UU_SEEK_SKIP,  /* rest of a line before "begin " */
	UU_BEGIN_SKIP, /* rest of the "begin" line */
	UU_LINE,       /* start of a data line */
	UU_END,        /* pending: "e", "en" or "end" at a data line start */
	UU_DATA,       /* in a data line: left bytes due, nbits characters in acc */
	UU_DONE_SKIP,  /* rest of the zero-length line that ends the data */
};

/* Emit the whole bytes held in the nbits characters of acc, at most d->left. */
static void uu_flush(struct decoder *d, struct buf *out)
{
	int nbytes = d->nbits * 6 / 8;

	for (int k = 0; k < nbytes && d->left > 0; k++, d->left--)
		buf_addch(out, (int)((d->acc >> (8 * (2 - k) - (4 - d->nbits) * 6)) & 0xFF));
	d->acc = 0;
	d->nbits = 0;
}

static void uu_data(struct decoder *d, int c, struct buf *out)
{
	if (c == '\n') {
		if (d->nbits >= 2)
			uu_flush(d, out); /* a line whose trailing spaces were stripped */
		d->acc = 0;
		d->nbits = 0;
		d->state = UU_LINE;
		return;
	}
	if (c == '\r' || d->left <= 0)
		return;
	if (c < 32 || c > 96)
		d->defects |= DEFECT_BAD_BASE64;
	d->acc = (d->acc << 6) | (uint32_t)((c - 32) & 63);
	if (++d->nbits == 4)
		uu_flush(d, out);
}

/* The first character of a data line: its length, or the end marker. */
static void uu_line_start(struct decoder *d, int c)
{
	int n = (c - 32) & 63;

	if (c == '\n' || c == '\r')
		return;
	if (n == 0) {
		d->state = UU_DONE_SKIP;
		return;
	}
	d->left = n;
	d->acc = 0;
	d->nbits = 0;
	d->state = UU_DATA;
}

/* "end" was not an end line after all: replay the held bytes as data. */
static void uu_replay(struct decoder *d, struct buf *out)
{
	char held[4];
	size_t n = d->npending;

	memcpy(held, d->pending, n);
	d->npending = 0;
	uu_line_start(d, held[0]);
	for (size_t k = 1; k < n; k++)
		uu_data(d, (unsigned char)held[k], out);
}

static void uu_byte(struct decoder *d, int c, struct buf *out)
{
	static const char begin[] = "begin ";

	switch (d->state) {
	case UU_SEEK:
		if (c == begin[d->npending]) {
			if (++d->npending == sizeof(begin) - 1) {
				d->npending = 0;
				d->state = UU_BEGIN_SKIP;
				d->seen_begin = true;
			}
			return;
		}
		d->npending = 0;
		d->state = c == '\n' ? UU_SEEK : UU_SEEK_SKIP;
		return;
	case UU_SEEK_SKIP:
	case UU_BEGIN_SKIP:
	case UU_DONE_SKIP:
		if (c == '\n')
			d->state = d->state == UU_BEGIN_SKIP ? UU_LINE : UU_SEEK;
		return;
	case UU_LINE:
		if (c == 'e') {
			d->pending[0] = 'e';
			d->npending = 1;
			d->state = UU_END;
			return;
		}
		uu_line_start(d, c);
		return;
	case UU_END:
		if (d->npending < 3 && c == "end"[d->npending]) {
			d->pending[d->npending++] = (char)c;
			return;
		}
		if (d->npending == 3 && c == '\n') {
			d->npending = 0;
			d->state = UU_SEEK; /* another file may follow */
			return;
		}
		if (d->npending == 3 && (is_wsp(c) || c == '\r'))
			return;
		uu_replay(d, out);
		uu_byte(d, c, out);
		return;
	case UU_DATA:
		uu_data(d, c, out);
		return;
	}
}

static void uu_finish(struct decoder *d, struct buf *out)
{
	if (d->state == UU_END)
		uu_replay(d, out);
	if (d->state == UU_DATA && d->nbits >= 2)
		uu_flush(d, out);
}

/* ---- The decoder interface ------------------------------------------------ */

void decoder_feed(struct decoder *d, const char *in, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)in;

	switch (d->enc) {
	case ENC_BASE64:
		b64_feed(d, u, len, out);
		break;
	case ENC_QUOTED_PRINTABLE:
		qp_feed(d, u, len, out);
		break;
	case ENC_UUENCODE:
		buf_grow(out, len / 4 * 3);
		for (size_t i = 0; i < len; i++)
			uu_byte(d, u[i], out);
		break;
	default:
		buf_add(out, in, len);
		break;
	}
}

void decoder_finish(struct decoder *d, struct buf *out)
{
	switch (d->enc) {
	case ENC_BASE64:
		b64_finish(d);
		break;
	case ENC_QUOTED_PRINTABLE:
		qp_finish(d, out);
		break;
	case ENC_UUENCODE:
		uu_finish(d, out);
		break;
	default:
		break;
	}
}

int mime_decode(enum mime_encoding enc, const char *in, size_t len, struct buf *out)
{
	struct decoder d;

	decoder_init(&d, enc);
	decoder_feed(&d, in, len, out);
	decoder_finish(&d, out);
	if (enc == ENC_UUENCODE && !d.seen_begin && len) {
		/* No "begin" line: not uuencoded after all. Show it as it is, never nothing. */
		buf_add(out, in, len);
		d.defects |= DEFECT_BAD_CTE;
	}
	return d.defects ? ERR_PARSE : 0;
}

int body_text_utf8(const char *data, const struct body *b, struct buf *out)
{
	const char *in = data + b->offset;
	struct buf raw = BUF_INIT;
	int rc, crc;

	/* Most text is not encoded: convert it in place, without a copy. */
	if (is_identity(b->encoding))
		return charset_to_utf8(body_charset(b), in, b->length, out);
	rc = mime_decode(b->encoding, in, b->length, &raw);
	crc = charset_to_utf8(body_charset(b), raw.data, raw.len, out);
	buf_release(&raw);
	return crc ? crc : rc;
}

/* ---- Encoders ------------------------------------------------------------- */

void base64_encode(const void *in, size_t len, size_t line_len, struct buf *out)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = in;
	size_t col = 0, enc_len = (len + 2) / 3 * 4;

	buf_grow(out, enc_len + (line_len ? enc_len / line_len + 1 : 0));
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;
		size_t n = MIN(len - i, 3);
		char q[4];
		if (n > 1)
			v |= (uint32_t)s[i + 1] << 8;
		if (n > 2)
			v |= s[i + 2];
		q[0] = alphabet[(v >> 18) & 63];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
		q[3] = n > 2 ? alphabet[v & 63] : '=';
		for (int k = 0; k < 4; k++) {
			if (line_len && col == line_len) {
				buf_addch(out, '\n');
				col = 0;
			}
			buf_addch(out, q[k]);
			col++;
		}
	}
	if (line_len && col)
		buf_addch(out, '\n');
	buf_grow(out, 0);
}

#define QP_LINE_MAX 76

/* Length of the hard line break at s (text mode), or 0. */
static size_t qp_break_len(const char *s, size_t n, bool is_text)
{
	if (!is_text || !n)
		return 0;
	if (s[0] == '\n')
		return 1;
	if (s[0] == '\r' && n > 1 && s[1] == '\n')
		return 2;
	return 0;
}

/* True when byte i of (s, n) must be written as =XX. */
static bool qp_must_encode(const char *s, size_t n, size_t i, size_t col, bool is_text)
{
	unsigned char c = (unsigned char)s[i];

	if (c == '=' || c < 32 || c > 126)
		return c != '\t' || i + 1 == n || qp_break_len(s + i + 1, n - i - 1, is_text);
	if (c == ' ') /* trailing white space would be lost in transport */
		return i + 1 == n || qp_break_len(s + i + 1, n - i - 1, is_text);
	if (col == 0 && c == '.')
		return true; /* a lone "." ends an SMTP message */
	if (col == 0 && c == 'F' && n - i >= 5 && memcmp(s + i, "From ", 5) == 0)
		return true; /* mbox would turn it into ">From " */
	return false;
}

void qp_encode(const char *in, size_t len, bool is_text, struct buf *out)
{
	size_t col = 0;

	buf_grow(out, len + len / 8 + 16);
	for (size_t i = 0; i < len; i++) {
		size_t brk = qp_break_len(in + i, len - i, is_text);
		if (brk) {
			buf_addch(out, '\n');
			col = 0;
			i += brk - 1;
			continue;
		}
		bool enc = qp_must_encode(in, len, i, col, is_text);
		size_t w = enc ? 3 : 1;
		/* The last character of a line may use column 76; others leave room for '='. */
		bool last = i + 1 == len || qp_break_len(in + i + 1, len - i - 1, is_text);
		if (col + w > (last ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			buf_add(out, "=\n", 2);
			col = 0;
			enc = qp_must_encode(in, len, i, col, is_text);
			w = enc ? 3 : 1;
		}
		if (enc) {
			unsigned char c = (unsigned char)in[i];
			buf_addch(out, '=');
			buf_addch(out, hex_upper[c >> 4]);
			buf_addch(out, hex_upper[c & 15]);
		} else {
			buf_addch(out, in[i]);
		}
		col += w;
	}
	buf_grow(out, 0);
}
