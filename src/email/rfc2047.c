/*
 * rfc2047.c - RFC 2047 encoded words: header text to UTF-8 and back.
 *
 * Decoding is one left-to-right pass over the unfolded value. Plain text is
 * passed on as spans of the input, each converted once; the decoded bytes of
 * adjacent encoded words in the same charset are collected and converted
 * together, so a character that a sender split between two words survives.
 *
 * Leniency, because this is what real mail carries: words glued to text
 * ("foo=?utf-8?q?bar?=baz"), missing base64 padding, words longer than 75
 * characters, Q words with literal spaces or '?' (when no other word starts
 * inside), charsets that lie or that iconv does not know, raw 8-bit text.
 * A word that cannot be decoded stays as its literal text.
 *
 * Cost: every byte is looked at a bounded number of times. The search for
 * the "?=" that ends a word is remembered between attempts, so text such as
 * "=?a?q?=?a?q?=?a?q?..." cannot make the scan quadratic.
 */
#include "email/email.h"
#include "email/internal.h"

/* RFC 2047 section 2: an encoded word is at most 75 characters... */
#define EW_MAX 75
/* ...of which "=?UTF-8?Q?" and "?=" take 12. */
#define EW_OVERHEAD 12
/* RFC 5322 section 2.1.1: lines SHOULD be at most 78 characters. */
#define LINE_COLS 78
/* A plain word longer than this could not be folded onto a line of its own. */
#define PLAIN_WORD_MAX (LINE_COLS - 1)
/* Longer "charset names" are not charset names; this bounds the look-ahead. */
#define EW_CHARSET_MAX 64

struct ew {
	const char *cs; /* charset, without any "*lang" suffix */
	size_t cslen;
	char enc; /* 'B' or 'Q' */
	const char *text;
	size_t textlen;
	size_t end; /* offset just past the closing "?=" */
};

struct dec {
	const char *s;
	size_t n;
	struct buf *out;
	struct buf word; /* decoded bytes of the pending run of adjacent words */
	const char *cs;  /* and their charset */
	size_t cslen;
	bool have_word;
	size_t text_start; /* pending plain text: s[text_start, ...) */
	bool have_text;
	/* Memo: the first "?=" at or after qe_from is at qe_pos (n: none). */
	bool qe_valid;
	size_t qe_from, qe_pos;
	unsigned defects;
};

/* ---- Small helpers -------------------------------------------------------- */

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Envelope strings are C strings: a NUL that a word or raw text smuggled in
 * becomes U+FFFD, from out->data[start] on.
 */
static void replace_nul(struct buf *out, size_t start)
{
	struct buf tmp = BUF_INIT;
	const char *p = out->data + start, *end = out->data + out->len;
	const char *z = memchr(p, '\0', (size_t)(end - p));

	if (!z)
		return;
	while (z) {
		buf_add(&tmp, p, (size_t)(z - p));
		buf_add(&tmp, "\xEF\xBF\xBD", 3);
		p = z + 1;
		z = memchr(p, '\0', (size_t)(end - p));
	}
	buf_add(&tmp, p, (size_t)(end - p));
	buf_setlen(out, start);
	buf_addbuf(out, &tmp);
	buf_release(&tmp);
}

/*
 * Same charset for joining adjacent words: compared ignoring case and
 * punctuation, so "UTF-8" and "utf8" join too.
 */
static bool same_charset(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < an && !is_alpha((unsigned char)a[i]) && !is_digit((unsigned char)a[i]))
			i++;
		while (j < bn && !is_alpha((unsigned char)b[j]) && !is_digit((unsigned char)b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (ascii_tolower((unsigned char)a[i]) != ascii_tolower((unsigned char)b[j]))
			return false;
		i++;
		j++;
	}
}

/* ---- Finding encoded words ------------------------------------------------ */

/* The first k in [from, to) where "?=" starts, or `to`. */
static size_t search_qe(const char *s, size_t n, size_t from, size_t to)
{
	const char *p = s + from;

	while (p < s + to && (p = memchr(p, '?', (size_t)(s + to - p)))) {
		if ((size_t)(p - s) + 1 < n && p[1] == '=')
			return (size_t)(p - s);
		p++;
	}
	return to;
}

/* The first "?=" at or after t (n when none), reusing the last answer. */
static size_t find_qe(struct dec *d, size_t t)
{
	size_t k;

	if (d->qe_valid && t >= d->qe_from && t <= d->qe_pos)
		return d->qe_pos;
	if (d->qe_valid && t < d->qe_from) {
		/* Only [t, qe_from) is new; beyond it the memo holds. */
		k = search_qe(d->s, d->n, t, d->qe_from);
		if (k == d->qe_from)
			k = d->qe_pos;
	} else {
		k = search_qe(d->s, d->n, t, d->n);
	}
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* The memo must agree with a plain search. */
	if (k != search_qe(d->s, d->n, t, d->n))
		abort();
#endif
	d->qe_valid = true;
	d->qe_from = t;
	d->qe_pos = k;
	return k;
}

/* Charset and language letters: printable ASCII but '?', which ends them. */
static bool is_charset_char(int c)
{
	return c > 0x20 && c < 0x7F && c != '?';
}

/*
 * Check the encoded text s[t, r) of a word in encoding enc. Q may hold
 * literal spaces and '?' (broken mailers), but another "=?" inside means this
 * word is unterminated and a real one starts there. B must be base64.
 */
static bool ew_text_ok(const char *s, size_t t, size_t r, char enc)
{
	for (size_t k = t; k < r; k++) {
		int c = (unsigned char)s[k];
		if (c == '=' && k + 1 < r && s[k + 1] == '?')
			return false;
		if (enc == 'B' && c != '=' && b64_value(c) < 0)
			return false;
	}
	return true;
}

/*
 * Parse the encoded word that starts at s[i] ("=?" already seen). Returns
 * false when there is none; sets a defect when it looked like one (charset
 * and encoding present) but was broken.
 */
static bool parse_ew(struct dec *d, size_t i, struct ew *w)
{
	const char *s = d->s;
	size_t n = d->n, p = i + 2, cs = p;

	while (p < n && p - cs <= EW_CHARSET_MAX && is_charset_char((unsigned char)s[p]))
		p++;
	if (p >= n || s[p] != '?' || p == cs || p - cs > EW_CHARSET_MAX)
		return false;
	/* RFC 2231 section 5: "charset*language". */
	const char *star = memchr(s + cs, '*', p - cs);
	w->cs = s + cs;
	w->cslen = star ? (size_t)(star - w->cs) : p - cs;
	if (!w->cslen || p + 2 >= n || s[p + 2] != '?')
		return false;
	w->enc = (char)ascii_toupper((unsigned char)s[p + 1]);
	size_t t = p + 3;
	size_t r = find_qe(d, t);
	if ((w->enc != 'B' && w->enc != 'Q') || r >= n || !ew_text_ok(s, t, r, w->enc)) {
		d->defects |= DEFECT_BAD_ENCODED_WORD;
		return false;
	}
	w->text = s + t;
	w->textlen = r - t;
	w->end = r + 2;
	return true;
}

/* ---- Decoding ------------------------------------------------------------- */

static void q_decode(struct dec *d, const char *s, size_t n)
{
	struct buf *o = &d->word;

	buf_grow(o, n);
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '_') {
			c = ' ';
		} else if (c == '=') {
			int hi = i + 2 < n ? hex_digit_value((unsigned char)s[i + 1]) : -1;
			int lo = hi >= 0 ? hex_digit_value((unsigned char)s[i + 2]) : -1;
			if (lo >= 0) {
				c = hi * 16 + lo;
				i += 2;
			} else {
				/* A malformed escape is kept as it is. */
				d->defects |= DEFECT_BAD_ENCODED_WORD;
			}
		}
		o->data[o->len++] = (char)c;
	}
	o->data[o->len] = '\0';
}

/*
 * Base64 without the strictness: padding may be missing, and a '=' in the
 * middle ends a quantum (encoders that concatenate padded chunks).
 */
static void b_decode(struct dec *d, const char *s, size_t n)
{
	struct buf *o = &d->word;
	unsigned acc = 0;
	int bits = 0;

	buf_grow(o, n);
	for (size_t i = 0; i < n; i++) {
		int v = b64_value((unsigned char)s[i]);
		if (v < 0) { /* '=': the rest of this quantum is padding */
			if (bits >= 6)
				d->defects |= DEFECT_BAD_ENCODED_WORD;
			acc = 0;
			bits = 0;
			continue;
		}
		acc = ((acc << 6) | (unsigned)v) & 0xFFFFu;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o->data[o->len++] = (char)((acc >> bits) & 0xFF);
		}
	}
	/* A lone sextet carries no byte: the word was cut. */
	if (bits >= 6)
		d->defects |= DEFECT_BAD_ENCODED_WORD;
	o->data[o->len] = '\0';
}

/* Convert and emit the pending run of adjacent encoded words. */
static void flush_word(struct dec *d)
{
	char cs[EW_CHARSET_MAX + 1];
	size_t start = d->out->len;

	if (!d->have_word)
		return;
	memcpy(cs, d->cs, d->cslen);
	cs[d->cslen] = '\0';
	if (charset_to_utf8(cs, d->word.data, d->word.len, d->out) != 0)
		d->defects |= DEFECT_BAD_CHARSET;
	replace_nul(d->out, start);
	buf_reset(&d->word);
	d->have_word = false;
}

/* Emit the pending plain text up to s[end]. */
static void flush_text(struct dec *d, size_t end)
{
	if (!d->have_text)
		return;
	d->have_text = false;

	const char *p = d->s + d->text_start;
	size_t n = end - d->text_start, start = d->out->len;
	if (!n)
		return;
	bool utf8 = utf8_valid(p, n);
	if (utf8 && !memchr(p, 0x1B, n)) {
		buf_add(d->out, p, n); /* ASCII, or RFC 6532 UTF-8 */
	} else {
		/* Legacy 8-bit bytes, or raw ISO-2022-JP (charset.c recognises it). */
		if (!utf8)
			d->defects |= DEFECT_8BIT_HEADER;
		charset_to_utf8(NULL, p, n, d->out);
	}
	replace_nul(d->out, start);
}

static void add_word(struct dec *d, const struct ew *w)
{
	if (!d->have_word || !same_charset(d->cs, d->cslen, w->cs, w->cslen)) {
		flush_word(d);
		d->cs = w->cs;
		d->cslen = w->cslen;
		d->have_word = true;
	}
	if (w->enc == 'B')
		b_decode(d, w->text, w->textlen);
	else
		q_decode(d, w->text, w->textlen);
}

static bool starts_word(struct dec *d, size_t i, struct ew *w)
{
	return i + 1 < d->n && d->s[i] == '=' && d->s[i + 1] == '?' && parse_ew(d, i, w);
}

/*
 * The pass itself. White space between two encoded words is dropped (RFC
 * 2047 section 6.2); white space next to plain text is text.
 */
static void decode_unfolded(struct dec *d)
{
	const char *s = d->s;
	size_t n = d->n, i = 0;
	bool last_ew = false;
	struct ew w;

	while (i < n) {
		size_t ws = i;
		while (i < n && is_wsp((unsigned char)s[i]))
			i++;
		if (starts_word(d, i, &w)) {
			if (!last_ew) {
				if (!d->have_text) {
					d->text_start = ws;
					d->have_text = true;
				}
				flush_text(d, i);
			}
			add_word(d, &w);
			i = w.end;
			last_ew = true;
			continue;
		}
		if (last_ew)
			flush_word(d);
		if (!d->have_text) {
			d->text_start = ws;
			d->have_text = true;
		}
		last_ew = false;
		/* A token of plain text, unless a word is glued into it. */
		size_t tok = i;
		while (i < n && !is_wsp((unsigned char)s[i])) {
			if (i > tok && starts_word(d, i, &w)) {
				flush_text(d, i);
				add_word(d, &w);
				i = w.end;
				last_ew = true;
				break;
			}
			i++;
		}
	}
	flush_text(d, n);
	flush_word(d);
}

static int decode(const char *in, size_t len, struct buf *out, unsigned *defects)
{
	struct dec d = { 0 };
	struct buf unfolded = BUF_INIT;

	if (!len)
		return 0;
	d.out = out;
	d.word = (struct buf)BUF_INIT;
	d.s = in;
	d.n = len;
	if (memchr(in, '\n', len)) {
		header_unfold(in, len, &unfolded);
		d.s = unfolded.data;
		d.n = unfolded.len;
	}
	buf_grow(out, d.n);
	decode_unfolded(&d);
	buf_release(&d.word);
	buf_release(&unfolded);
	if (defects)
		*defects |= d.defects;
	if (d.defects & DEFECT_BAD_ENCODED_WORD)
		return ERR_PARSE;
	return d.defects ? ERR_CHARSET : 0;
}

int rfc2047_decode(const char *in, size_t len, struct buf *out, unsigned *defects)
{
	return decode(in, len, out, defects);
}

/*
 * Remove quoted-string quoting and backslash escapes. Encoded words inside
 * quotes are then decoded like any other: many mailers put them there.
 * An unterminated quote runs to the end.
 */
static void unquote(const char *in, size_t len, struct buf *out)
{
	bool quoted = false;

	buf_grow(out, len);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		size_t jis = c == 0x1B ? jis_run_end(in, len, i) : i;
		if (jis > i) {
			/* JIS character codes may look like '"' or '\\': copy them as they are. */
			memcpy(out->data + out->len, in + i, jis - i);
			out->len += jis - i;
			i = jis - 1;
			continue;
		}
		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && c == '\\' && i + 1 < len)
			c = in[++i];
		out->data[out->len++] = c;
	}
	out->data[out->len] = '\0';
}

int rfc2047_decode_phrase(const char *in, size_t len, struct buf *out, unsigned *defects)
{
	struct buf plain = BUF_INIT;
	int rc;

	if (!len || !memchr(in, '"', len))
		return decode(in, len, out, defects);
	unquote(in, len, &plain);
	rc = decode(plain.data, plain.len, out, defects);
	buf_release(&plain);
	return rc;
}

/* ---- Encoding ------------------------------------------------------------- */

struct enc {
	struct buf *out;
	size_t col; /* columns used on the current line */
	bool phrase;
};

/* RFC 5322 atext: what a phrase word may hold without quoting. */
static bool is_atext(int c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Characters a Q word may carry as themselves (RFC 2047 section 5). */
static bool q_literal(int c, bool phrase)
{
	if (phrase)
		return is_alpha(c) || is_digit(c) || (c && strchr("!*+-/", c));
	return c > 0x20 && c < 0x7F && c != '=' && c != '?' && c != '_';
}

static size_t q_cost(int c, bool phrase)
{
	return c == ' ' || q_literal(c, phrase) ? 1 : 3;
}

static bool has_ew_start(const char *s, size_t n)
{
	return n >= 2 && mem_find(s, n, "=?", 2) != NULL;
}

/* A word that may go out as it is, between encoded words. */
static bool word_is_plain(const char *s, size_t n, bool phrase)
{
	if (n > PLAIN_WORD_MAX || has_ew_start(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (phrase ? !is_atext(c) : (c <= 0x20 || c >= 0x7F))
			return false;
	}
	return true;
}

/* Bytes of the character at s (1 for an invalid byte, which then goes alone). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode(s, n, &cp);
}

/* Plain white space and a word; fold before them when the line is full. */
static void emit_plain(struct enc *e, const char *ws, size_t wslen, const char *w, size_t wlen)
{
	if (wlen && wslen && e->col > 0 && e->col + wslen + wlen > LINE_COLS) {
		buf_add(e->out, "\r\n", 2);
		e->col = 0;
	}
	buf_add(e->out, ws, wslen);
	buf_add(e->out, w, wlen);
	e->col += wslen + wlen;
}

static void emit_q(struct enc *e, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == ' ') {
			buf_addch(e->out, '_');
		} else if (q_literal(c, e->phrase)) {
			buf_addch(e->out, c);
		} else {
			buf_addch(e->out, '=');
			buf_addch(e->out, hex[c >> 4]);
			buf_addch(e->out, hex[c & 15]);
		}
	}
}

static void emit_b(struct enc *e, const char *s, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)u[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)u[i + 1] << 8;
		if (i + 2 < n)
			v |= u[i + 2];
		char q[4] = { b64[v >> 18], b64[(v >> 12) & 63], '=', '=' };
		if (i + 1 < n)
			q[2] = b64[(v >> 6) & 63];
		if (i + 2 < n)
			q[3] = b64[v & 63];
		buf_add(e->out, q, 4);
	}
}

/* How many bytes of s (whole characters, at least one) fit in `room` encoded columns. */
static size_t fit_chars(const struct enc *e, bool b, const char *s, size_t n, size_t room,
			size_t *cost)
{
	size_t take = 0, c = 0;

	while (take < n) {
		size_t cl = char_len(s + take, n - take), nc;
		if (b) {
			nc = 4 * ((take + cl + 2) / 3);
		} else {
			nc = c;
			for (size_t k = 0; k < cl; k++)
				nc += q_cost((unsigned char)s[take + k], e->phrase);
		}
		if (nc > room && take)
			break;
		take += cl;
		c = nc;
	}
	*cost = c;
	return take;
}

/*
 * Text that needs encoding, white space included, preceded by the white
 * space ws that separates it from what came before. It goes out as encoded
 * words separated by a space or a fold, both of which decoding drops.
 */
static void emit_run(struct enc *e, const char *ws, size_t wslen, const char *s, size_t n)
{
	size_t qlen = 0, pos = 0;
	bool first = true;

	for (size_t i = 0; i < n; i++)
		qlen += q_cost((unsigned char)s[i], e->phrase);
	bool b = 4 * ((n + 2) / 3) < qlen;

	while (pos < n) {
		const char *sep = first ? ws : " ";
		size_t seplen = first ? wslen : 1, cost;
		size_t cl = char_len(s + pos, n - pos);
		size_t least = EW_OVERHEAD + (b ? 4 * ((cl + 2) / 3) : 3 * cl);
		if (seplen && e->col > 0 && e->col + seplen + least > LINE_COLS) {
			buf_add(e->out, "\r\n", 2);
			e->col = 0;
		}
		buf_add(e->out, sep, seplen);
		e->col += seplen;
		size_t room = e->col < LINE_COLS ? MIN(LINE_COLS - e->col, EW_MAX) : 0;
		room = room > EW_OVERHEAD ? room - EW_OVERHEAD : 0;
		size_t take = fit_chars(e, b, s + pos, n - pos, room, &cost);
		buf_addstr(e->out, b ? "=?UTF-8?B?" : "=?UTF-8?Q?");
		if (b)
			emit_b(e, s + pos, take);
		else
			emit_q(e, s + pos, take);
		buf_add(e->out, "?=", 2);
		e->col += EW_OVERHEAD + cost;
		pos += take;
		first = false;
	}
}

/* Plain printable ASCII (and tabs) that decoding would give back unchanged. */
static bool all_plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c >= 0x7F)
			return false;
	}
	return !has_ew_start(s, n);
}

/* A phrase of atoms: one or more words of atext separated by white space. */
static bool is_atom_phrase(const char *s, size_t n)
{
	if (!n || is_wsp((unsigned char)s[0]) || is_wsp((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_atext((unsigned char)s[i]) && !is_wsp((unsigned char)s[i]))
			return false;
	return true;
}

/* Split into words; plain words go out as they are, runs of the others encoded. */
static void encode_mixed(struct enc *e, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t ws = i, w, end;
		while (i < n && is_wsp((unsigned char)s[i]))
			i++;
		w = i;
		while (i < n && !is_wsp((unsigned char)s[i]))
			i++;
		if (w == n || word_is_plain(s + w, i - w, e->phrase)) {
			emit_plain(e, s + ws, w - ws, s + w, i - w);
			continue;
		}
		/* Extend the run over every following word that needs encoding. */
		for (end = i;;) {
			size_t j = end, k;
			while (j < n && is_wsp((unsigned char)s[j]))
				j++;
			for (k = j; k < n && !is_wsp((unsigned char)s[k]); k++)
				;
			if (j == n || word_is_plain(s + j, k - j, e->phrase))
				break;
			end = k;
		}
		/*
		 * White space at either end of the value goes inside the words:
		 * header parsers strip it when it stands alone.
		 */
		if (ws == 0)
			w = 0;
		size_t tail = end;
		while (tail < n && is_wsp((unsigned char)s[tail]))
			tail++;
		if (tail == n)
			end = n;
		emit_run(e, s + ws, w - ws, s + w, end - w);
		i = end;
	}
}

void rfc2047_encode(const char *utf8, size_t len, enum rfc2047_context ctx, size_t used,
		    struct buf *out)
{
	struct enc e = { out, used, ctx == RFC2047_PHRASE };

	buf_grow(out, len);
	if (!len)
		return;
	if (all_plain(utf8, len)) {
		if (!e.phrase || is_atom_phrase(utf8, len))
			buf_add(out, utf8, len);
		else
			rfc822_add_quoted(out, utf8, len);
		return;
	}
	encode_mixed(&e, utf8, len);
}
