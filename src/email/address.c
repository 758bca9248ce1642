/*
 * address.c - address lists: RFC 5322 section 3.4 with the obsolete syntax of
 * section 4.4, RFC 6532 (UTF-8 everywhere) and IDNA domains.
 *
 * The value is unfolded once, then a lexer turns it into tokens and the
 * parser looks at one entry (the text up to a top-level ',' or ';') at a
 * time. Every scan moves forward: unclosed quotes, comments and domain
 * literals are detected once and from then on read as literal characters,
 * comments nest with a counter, so hostile input costs linear time and no
 * stack. At most EMAIL_MAX_ADDRESSES entries are made; the rest of the
 * value becomes one invalid entry.
 *
 * What we store: names and comments decoded (RFC 2047), with runs of white
 * space collapsed to one space; local parts unquoted (the formatter quotes
 * them again); domains with valid A-labels turned into U-labels. That makes
 * the wire form read back as the same entries.
 *
 * Leniency, because real mail is broken in all these ways:
 *  - "Real Name user@host" (no angle brackets) and several addresses without
 *    commas between them;
 *  - anything before "<" is the display name, even with "@", "[" or specials
 *    in it ("john@x.com <john@x.com>", "[EXT] Bob <b@x>");
 *  - "Last, First <addr>" (Outlook without quotes): an entry made only of
 *    words, followed by one with a display name and "<addr>", is joined to
 *    it as its name. The price: "root, Joe <j@x>" also reads as one name;
 *    a bare local word before a named address is far rarer in real mail;
 *  - a missing ">", doubled "<<addr>>", stray ">" and ";", empty entries;
 *  - a bare word is a local mailbox without a domain (MAILER-DAEMON, root);
 *  - "a..b@docomo.ne.jp" and other undotted local parts are kept (and quoted
 *    on the wire);
 *  - unclosed quotes and parentheses become literal characters.
 * What still is not an address becomes an invalid entry with its raw text.
 */
#include <idn2.h>

#include "email/email.h"
#include "email/internal.h"

/* ---- Tokens ---------------------------------------------------------- */

enum tok_type {
	T_ATOM,    /* run of atext and 8-bit bytes (also encoded words) */
	T_QSTR,    /* "quoted string", quotes included */
	T_COMMENT, /* (comment), parentheses included */
	T_DOMLIT,  /* [domain literal], brackets included */
	T_SPECIAL, /* one of < > @ , ; : . */
	T_JUNK,    /* anything else, kept as text */
};

struct tok {
	enum tok_type type;
	char c;   /* the character of a T_SPECIAL */
	bool ws;  /* white space came before it */
	bool sep; /* white space or a comment came before it: a word boundary */
	size_t off, len;
};

struct lexer {
	const char *s;
	size_t len, pos;
	bool ws, sep; /* white space (or a comment) since the last token */
	/*
	 * Set once a quote (comment, literal) runs to the end of the input
	 * unclosed. No later quote or literal could close either; a later
	 * comment might, but reading the rest as text is a fair reading of
	 * broken input. Either way nothing is scanned twice, which would be
	 * quadratic.
	 */
	bool no_qstr, no_comment, no_domlit;
};

/* RFC 5322 atext symbols; with letters, digits and (RFC 6532) 8-bit bytes. */
static const bool atext_symbol[128] = {
	['!'] = true,  ['#'] = true, ['$'] = true, ['%'] = true, ['&'] = true,
	['\''] = true, ['*'] = true, ['+'] = true, ['-'] = true, ['/'] = true,
	['='] = true,  ['?'] = true, ['^'] = true, ['_'] = true, ['`'] = true,
	['{'] = true,  ['|'] = true, ['}'] = true, ['~'] = true,
};

static bool is_atext(unsigned char c)
{
	return c >= 0x80 || is_alpha(c) || is_digit(c) || atext_symbol[c];
}

static bool is_lex_space(unsigned char c)
{
	/* After unfolding, a lone CR is the only line-break remnant left. */
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_special(unsigned char c)
{
	switch (c) {
	case '<':
	case '>':
	case '@':
	case ',':
	case ';':
	case ':':
	case '.':
		return true;
	default:
		return false;
	}
}

/*
 * Where the quoted string or domain literal opened at s[i] stops: the index
 * of its closing character, of the first `stop` character, or len.
 */
static size_t scan_closing(const char *s, size_t len, size_t i, char close, char stop)
{
	for (i++; i < len; i++) {
		if (s[i] == 0x1B && jis_run_end(s, len, i) > i)
			i = jis_run_end(s, len, i) - 1;
		else if (s[i] == '\\')
			i++;
		else if (s[i] == close || (stop && s[i] == stop))
			return i;
	}
	return len;
}

/* The end of a quoted string, comment or literal starting at pos, or 0. */
static size_t lex_bracketed(struct lexer *lx, enum tok_type *type)
{
	const char *s = lx->s;
	size_t end = 0;

	switch (s[lx->pos]) {
	case '"':
		if (!lx->no_qstr && (end = scan_closing(s, lx->len, lx->pos, '"', 0)) < lx->len)
			end++;
		else
			end = 0;
		lx->no_qstr = !end;
		*type = T_QSTR;
		break;
	case '(':
		if (!lx->no_comment && !(end = rfc822_comment_end(s, lx->len, lx->pos)))
			lx->no_comment = true;
		*type = T_COMMENT;
		break;
	case '[':
		/* dtext excludes '[': a second one means this one is not a literal. */
		end = lx->no_domlit ? lx->len : scan_closing(s, lx->len, lx->pos, ']', '[');
		lx->no_domlit = end >= lx->len;
		end = end < lx->len && s[end] == ']' ? end + 1 : 0;
		*type = T_DOMLIT;
		break;
	}
	return end;
}

static bool is_junk(const struct lexer *lx, unsigned char c)
{
	if (is_atext(c) || is_special(c) || is_lex_space(c))
		return false;
	if (c == '"')
		return lx->no_qstr;
	if (c == '(')
		return lx->no_comment;
	if (c == '[')
		return lx->no_domlit;
	return true;
}

/* The next token, or false at the end of the input. */
static bool lex_next(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;
	size_t end;

	while (lx->pos < lx->len && is_lex_space((unsigned char)s[lx->pos])) {
		lx->pos++;
		lx->ws = lx->sep = true;
	}
	if (lx->pos >= lx->len)
		return false;
	t->off = lx->pos;
	t->ws = lx->ws;
	t->sep = lx->sep;
	lx->ws = lx->sep = false;
	unsigned char c = (unsigned char)s[lx->pos];
	if (c == 0x1B && (end = jis_run_end(s, lx->len, lx->pos)) > lx->pos) {
		t->type = T_ATOM; /* text for the phrase decoder, never an address */
	} else if (is_atext(c)) {
		end = lx->pos + 1;
		while (end < lx->len && is_atext((unsigned char)s[end]))
			end++;
		t->type = T_ATOM;
	} else if (is_special(c)) {
		end = lx->pos + 1;
		t->type = T_SPECIAL;
		t->c = (char)c;
	} else if ((c == '"' || c == '(' || c == '[') && (end = lex_bracketed(lx, &t->type))) {
		lx->sep = t->type == T_COMMENT;
	} else {
		/* A run of junk; an unclosed opener is junk too. */
		end = lx->pos + 1;
		while (end < lx->len && is_junk(lx, (unsigned char)s[end]))
			end++;
		t->type = T_JUNK;
	}
	t->len = end - lx->pos;
	lx->pos = end;
	return true;
}

/* ---- Text helpers ------------------------------------------------------ */

/* Make b valid UTF-8 without NUL bytes: callers get C strings they can trust. */
static void finish_text(struct buf *b)
{
	if (utf8_valid(b->data, b->len) && !memchr(b->data, '\0', b->len))
		return;
	struct buf t = BUF_INIT;
	for (size_t i = 0; i < b->len;) {
		size_t ok = utf8_valid_prefix(b->data + i, b->len - i);
		const char *nul = memchr(b->data + i, '\0', ok);
		if (nul)
			ok = (size_t)(nul - (b->data + i));
		buf_add(&t, b->data + i, ok);
		i += ok;
		if (i < b->len) {
			buf_add(&t, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
	buf_release(b);
	*b = t;
}

/*
 * Names and comments are shown on one line: runs of white space (tabs and
 * line-break remnants too) become one space, none at either end. Doing it
 * here also makes the wire form read back the same.
 */
static void collapse_ws(struct buf *b)
{
	size_t o = 0;
	bool space = false;

	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (is_lex_space((unsigned char)c)) {
			space = o > 0;
			continue;
		}
		if (space)
			b->data[o++] = ' ';
		space = false;
		b->data[o++] = c;
	}
	buf_setlen(b, o);
}

/* Raw bytes from a message as UTF-8: well-formed UTF-8 is kept, other bytes read in the fallback charset. */
static void add_raw_utf8(struct buf *out, const char *s, size_t n)
{
	charset_to_utf8(NULL, s, n, out);
}

static bool has_ctl(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return true;
	return false;
}

static bool is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/*
 * Append the content of a quoted string or comment (delimiters given)
 * without its quoting. A raw ISO-2022-JP run goes as it is: its '\\' bytes
 * are character codes, not escapes.
 */
static void add_unquoted(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++) {
		size_t run = s[i] == 0x1B ? jis_run_end(s, n - 1, i) : i;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		if (s[i] == '\\' && i + 2 < n)
			i++;
		buf_addch(out, s[i]);
	}
}

/* ---- IDNA ---------------------------------------------------------------- */

/* Longer labels cannot be valid IDNA (63 octets), and punycode is quadratic: don't try. */
#define IDN_MAX_LABEL 255

/* Host name text only: letters, digits, hyphens, dots, anything non-ASCII; not empty. */
static bool is_host_text(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && !is_alpha(c) && !is_digit(c) && c != '-' && c != '.')
			return false;
	}
	return true;
}

/*
 * The A-label form of a (NUL-terminated) label, malloc'd, or NULL when IDNA
 * refuses it. TR46 non-transitional processing as for a DNS lookup. TR46
 * maps some characters to ASCII that changes how an address reads (U+00A0
 * to a space, U+FF20 to '@'); those results are refused too. (libidn2's
 * STD3 flag would instead silently delete such characters.)
 */
static char *label_lookup(const char *label)
{
	uint8_t *a = NULL;

	if (idn2_lookup_u8((const uint8_t *)label, &a, IDN2_NONTRANSITIONAL) != IDN2_OK ||
	    !is_host_text((const char *)a)) {
		free(a);
		return NULL;
	}
	return (char *)a;
}

/*
 * The U-label for the A-label (or ASCII-mapped label) a, or NULL unless the
 * conversion is exact: converting the result back gives a again. That is
 * what lets the wire form round-trip.
 */
static char *alabel_to_unicode(const char *a)
{
	char *u = NULL, *back;

	if (idn2_to_unicode_8z8z(a, &u, 0) != IDN2_OK || !u || !*u || !utf8_valid(u, strlen(u)) ||
	    !is_host_text(u)) {
		free(u);
		return NULL;
	}
	back = label_lookup(u);
	if (!back || ascii_strcasecmp(back, a) != 0) {
		free(u);
		u = NULL;
	}
	free(back);
	return u;
}

/* Append one label in stored (Unicode) form: see domain_to_unicode. */
static void label_to_unicode(const char *l, size_t n, struct buf *scratch, struct buf *out)
{
	char *u = NULL, *a = NULL;
	bool ascii = is_ascii(l, n);

	if (n > IDN_MAX_LABEL || (ascii && !mem_startswith_ci(l, n, "xn--")))
		goto keep;
	buf_reset(scratch);
	buf_add(scratch, l, n);
	if (ascii) {
		/* Punycode keeps the case of ASCII letters: "XN--BCHER-KVA" would give "BüCHER". */
		u = alabel_to_unicode(str_lower(scratch->data));
	} else if ((a = label_lookup(scratch->data)) != NULL) {
		u = alabel_to_unicode(a);
	}
	if (u) {
		buf_addstr(out, u);
		free(u);
		free(a);
		return;
	}
	free(a);
keep:
	buf_add(out, l, n);
}

/*
 * Append domain d in the form we store: A-labels that are valid IDNA become
 * U-labels; non-ASCII labels are normalised (case, NFC) through IDNA when it
 * accepts them; everything else stays as written. ASCII labels never touch
 * libidn2, so ordinary domains cost nothing.
 */
static void domain_to_unicode(const char *d, size_t n, struct buf *out)
{
	struct buf scratch = BUF_INIT;
	size_t i = 0;

	if (n && d[0] == '[') {
		buf_add(out, d, n);
		return;
	}
	for (;;) {
		const char *dot = memchr(d + i, '.', n - i);
		size_t e = dot ? (size_t)(dot - d) : n;
		label_to_unicode(d + i, e - i, &scratch, out);
		if (!dot)
			break;
		buf_addch(out, '.');
		i = e + 1;
	}
	buf_release(&scratch);
}

/*
 * The A-label for the stored label (l, n), malloc'd, or NULL when the label
 * must go out as UTF-8 (RFC 6532) because it is not IDNA or because parsing
 * the A-label would not give this label back.
 */
static char *label_to_ascii(const char *l, size_t n)
{
	struct buf tmp = BUF_INIT, back = BUF_INIT;
	char *a;

	buf_add(&tmp, l, n);
	a = label_lookup(tmp.data);
	if (a) {
		label_to_unicode(a, strlen(a), &tmp, &back);
		if (back.len != n || memcmp(back.data, l, n) != 0) {
			free(a);
			a = NULL;
		}
	}
	buf_release(&tmp);
	buf_release(&back);
	return a;
}

/* Append domain d with its non-ASCII labels as A-labels (TR46 non-transitional). */
static void domain_to_ascii(const char *d, size_t n, struct buf *out)
{
	size_t i = 0;

	if (is_ascii(d, n) || d[0] == '[') {
		buf_add(out, d, n);
		return;
	}
	for (;;) {
		const char *dot = memchr(d + i, '.', n - i);
		size_t e = dot ? (size_t)(dot - d) : n;
		char *a = NULL;
		if (!is_ascii(d + i, e - i) && e - i <= IDN_MAX_LABEL)
			a = label_to_ascii(d + i, e - i);
		if (a)
			buf_addstr(out, a);
		else
			buf_add(out, d + i, e - i);
		free(a);
		if (!dot)
			break;
		buf_addch(out, '.');
		i = e + 1;
	}
}

/* ---- The parser -------------------------------------------------------- */

enum term { TERM_END, TERM_COMMA, TERM_SEMI, TERM_COLON };

struct parser {
	struct lexer lx;
	const char *text; /* the unfolded value */
	struct tok *t;    /* tokens of the entry (after those of a pending "Last," entry) */
	size_t nt, cap;
	struct tok term; /* the token that ended the last entry */
	struct addrlist *out;
	size_t added; /* entries appended by this call */
	bool in_group;
	bool invalid;    /* some text was kept as an invalid entry */
	bool stop;       /* the entry cap was reached */
	size_t rest_off; /* where the text kept as the last invalid entry starts */
	struct buf name, mbox, comment, tmp, dom, scratch;
};

static bool tok_is(const struct tok *t, char c)
{
	return t->type == T_SPECIAL && t->c == c;
}

static bool tok_is_word(const struct tok *t)
{
	return t->type == T_ATOM || t->type == T_QSTR;
}

static size_t tok_end(const struct tok *t)
{
	return t->off + t->len;
}

/* Index of the first special c among tokens [i, b), or b. */
static size_t find_special(const struct parser *p, size_t i, size_t b, char c)
{
	while (i < b && !tok_is(&p->t[i], c))
		i++;
	return i;
}

/* Index of the first token at or after i that is not a comment, or b. */
static size_t skip_comments(const struct parser *p, size_t i, size_t b)
{
	while (i < b && p->t[i].type == T_COMMENT)
		i++;
	return i;
}

static void push_tok(struct parser *p, const struct tok *t)
{
	ALLOC_GROW(p->t, p->nt + 1, p->cap);
	p->t[p->nt++] = *t;
}

static void push_entry(struct parser *p, enum addr_kind kind, char *name, char *mailbox,
		       char *comment, bool invalid)
{
	struct addrlist *l = p->out;

	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = (struct address){ kind, name, mailbox, comment, invalid };
	p->added++;
}

/* A copy of the buffer's string, or NULL when it is empty. */
static char *dup_or_null(const struct buf *b)
{
	return b->len ? xstrndup(b->data, b->len) : NULL;
}

/* False once the cap is reached; the text from off on is then kept as one invalid entry. */
static bool emit_room(struct parser *p, size_t off)
{
	if (p->stop)
		return false;
	if (p->added < EMAIL_MAX_ADDRESSES)
		return true;
	p->stop = true;
	p->rest_off = off;
	return false;
}

/* Keep the text [off, end) as an invalid entry (nothing when it is blank). */
static void push_invalid(struct parser *p, size_t off, size_t end)
{
	const char *s = p->text + off;
	size_t n = end - off;

	mem_trim(&s, &n);
	if (!n)
		return;
	buf_reset(&p->tmp);
	add_raw_utf8(&p->tmp, s, n);
	finish_text(&p->tmp);
	push_entry(p, ADDR_MAILBOX, NULL, xstrndup(p->tmp.data, p->tmp.len), NULL, true);
	p->invalid = true;
}

static void emit_invalid(struct parser *p, size_t a, size_t b)
{
	if (a < b && emit_room(p, p->t[a].off))
		push_invalid(p, p->t[a].off, tok_end(&p->t[b - 1]));
}

/*
 * A word holding raw ISO-2022-JP goes to the phrase decoder already
 * converted to UTF-8 and quoted: its bytes include '"' and '\\' ("$\"" is
 * a kana), which the decoder would take for quoting.
 */
static void add_jis_word(struct parser *p, const struct tok *t)
{
	const char *s = p->text + t->off;

	/* p->dom is free here: the address, if any, is already in p->mbox. */
	buf_reset(&p->scratch);
	buf_reset(&p->dom);
	if (t->type == T_QSTR)
		add_unquoted(&p->scratch, s, t->len);
	else
		buf_add(&p->scratch, s, t->len);
	add_raw_utf8(&p->dom, p->scratch.data, p->scratch.len);
	rfc822_add_quoted(&p->tmp, p->dom.data, p->dom.len);
}

/*
 * Decode the display name in tokens [a, b) into p->name. The phrase is
 * rebuilt for rfc2047_decode_phrase: white space and comments become one
 * space, atoms and quoted strings go as they are, and characters that are
 * not allowed in a phrase (broken mail: "[EXT] Bob", "Doe, John", an
 * unclosed quote) go as quoted strings so they are kept literally.
 */
static void decode_phrase(struct parser *p, size_t a, size_t b)
{
	struct buf *raw = &p->tmp;

	buf_reset(raw);
	buf_reset(&p->name);
	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		const char *s = p->text + t->off;
		if (t->type == T_COMMENT)
			continue;
		if (raw->len && t->sep)
			buf_addch(raw, ' ');
		if (tok_is_word(t) && memchr(s, 0x1B, t->len))
			add_jis_word(p, t);
		else if (tok_is_word(t) || tok_is(t, '.'))
			buf_add(raw, s, t->len);
		else
			rfc822_add_quoted(raw, s, t->len);
	}
	if (raw->len)
		rfc2047_decode_phrase(raw->data, raw->len, &p->name, NULL);
	finish_text(&p->name);
	collapse_ws(&p->name);
}

/* Decode the comments among tokens [a, b) into p->comment, separated by a space. */
static void decode_comments(struct parser *p, size_t a, size_t b)
{
	buf_reset(&p->comment);
	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		if (t->type != T_COMMENT)
			continue;
		buf_reset(&p->tmp);
		add_unquoted(&p->tmp, p->text + t->off, t->len);
		const char *s = p->tmp.data;
		size_t n = p->tmp.len;
		mem_trim(&s, &n);
		if (!n)
			continue;
		if (p->comment.len)
			buf_addch(&p->comment, ' ');
		rfc2047_decode(s, n, &p->comment, NULL);
	}
	finish_text(&p->comment);
	collapse_ws(&p->comment);
}

/* Append the domain in tokens [a, b) to p->dom as written; false if it is not a domain. */
static bool read_domain(struct parser *p, size_t a, size_t b)
{
	struct buf *d = &p->tmp;
	bool label = false, literal = false, prev_atom = false;

	buf_reset(d);
	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		const char *s = p->text + t->off;
		if (t->type == T_COMMENT)
			continue;
		if (literal)
			return false;
		if (t->type == T_DOMLIT) {
			if (d->len)
				return false;
			/* FWS inside a literal carries no meaning: drop it (not quoted-pairs). */
			for (size_t k = 0; k < t->len; k++) {
				if (s[k] == '\\' && k + 1 < t->len)
					buf_addch(d, s[k++]);
				else if (is_lex_space((unsigned char)s[k]))
					continue;
				buf_addch(d, s[k]);
			}
			literal = true;
			continue;
		}
		if (t->type == T_ATOM) {
			if (prev_atom && t->ws)
				return false;
			label = prev_atom = true;
		} else if (tok_is(t, '.')) {
			prev_atom = false;
		} else {
			return false;
		}
		buf_add(d, s, t->len);
	}
	if ((!label && !literal) || has_ctl(d->data, d->len))
		return false;
	buf_reset(&p->dom);
	add_raw_utf8(&p->dom, d->data, d->len);
	finish_text(&p->dom);
	return true;
}

/*
 * Read local-part [@ domain] from tokens [a, b) into p->mbox. Comments are
 * skipped; white space may surround dots (obsolete syntax) but not separate
 * two words. Quoted local parts are stored unquoted: the formatter quotes
 * them again. Returns false when the tokens are not an address.
 */
static bool parse_addr_spec(struct parser *p, size_t a, size_t b)
{
	struct buf *l = &p->tmp;
	size_t i, at = find_special(p, a, b, '@');
	bool word = false, prev_word = false;

	buf_reset(l);
	buf_reset(&p->mbox);
	for (i = a; i < at; i++) {
		const struct tok *t = &p->t[i];
		if (t->type == T_COMMENT)
			continue;
		if (!tok_is_word(t) && !tok_is(t, '.'))
			return false;
		if (tok_is_word(t) && prev_word && t->ws)
			return false;
		if (t->type == T_QSTR)
			add_unquoted(l, p->text + t->off, t->len);
		else
			buf_add(l, p->text + t->off, t->len);
		prev_word = tok_is_word(t);
		word = word || prev_word;
	}
	if (!word || has_ctl(l->data, l->len))
		return false;
	add_raw_utf8(&p->mbox, l->data, l->len);
	finish_text(&p->mbox);
	if (at == b) /* a local mailbox; "a@b" in quotes would read back as an address */
		return !memchr(p->mbox.data, '@', p->mbox.len);
	if (!read_domain(p, at + 1, b))
		return false;
	buf_addch(&p->mbox, '@');
	domain_to_unicode(p->dom.data, p->dom.len, &p->mbox);
	finish_text(&p->mbox);
	return true;
}

/* The angle-addr between tokens a and b: "<>", "<addr>" or "<@route,@route:addr>". */
static bool parse_angle(struct parser *p, size_t a, size_t b)
{
	size_t i = skip_comments(p, a, b);

	if (i < b && tok_is(&p->t[i], '@')) {
		/* An obsolete source route: meaningless today, dropped. */
		size_t colon = find_special(p, i, b, ':');
		if (colon == b || skip_comments(p, colon + 1, b) == b)
			return false;
		i = colon + 1;
	} else if (i == b) {
		buf_reset(&p->mbox); /* the null path <> */
		return true;
	}
	return parse_addr_spec(p, i, b);
}

/*
 * Append a mailbox whose address is in p->mbox. Tokens [a, b) are its whole
 * span (their comments go to `comment`), [pa, pb) its display name. With no
 * display name, the comment serves as the name ("user@host (Real Name)").
 */
static void emit_mailbox(struct parser *p, size_t a, size_t b, size_t pa, size_t pb)
{
	if (!emit_room(p, p->t[a].off))
		return;
	decode_phrase(p, pa, pb);
	decode_comments(p, a, b);
	char *name = dup_or_null(p->name.len ? &p->name : &p->comment);
	push_entry(p, ADDR_MAILBOX, name, xstrndup(p->mbox.data, p->mbox.len),
		   dup_or_null(&p->comment), false);
}

/*
 * Start of the local part that ends just before the '@' at `at`: words and
 * dots with no white space between them (comments are transparent).
 */
static size_t local_start(const struct parser *p, size_t i, size_t at)
{
	size_t j = at, start = at;

	while (j > i && !p->t[j].ws) {
		const struct tok *t = &p->t[j - 1];
		if (t->type != T_COMMENT && !tok_is_word(t) && !tok_is(t, '.'))
			break;
		j--;
		if (t->type != T_COMMENT)
			start = j;
	}
	return start;
}

/* End of the domain that follows the '@' at `at` (no white space inside). */
static size_t domain_end(const struct parser *p, size_t at, size_t b)
{
	size_t d = at + 1;

	if (d < b && !p->t[d].ws && p->t[d].type == T_DOMLIT)
		return d + 1;
	while (d < b && (p->t[d].type == T_ATOM || tok_is(&p->t[d], '.')) && !p->t[d].ws)
		d++;
	return d;
}

/* A lone word such as MAILER-DAEMON or root: a mailbox without a domain. */
static bool is_bare_word(const struct parser *p, size_t a, size_t b)
{
	bool first = true, atom = false;

	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		const char *s = p->text + t->off;
		if (t->type == T_COMMENT)
			continue;
		if ((!first && t->ws) || (t->type != T_ATOM && !tok_is(t, '.')))
			return false;
		/* An encoded word alone is a name without an address. */
		if (t->type == T_ATOM && t->len > 1 && s[0] == '=' && s[1] == '?')
			return false;
		atom = atom || t->type == T_ATOM;
		first = false;
	}
	return atom;
}

/* Tokens [i, b) after the last address of an entry (or an entry without one). */
static void parse_tail(struct parser *p, size_t i, size_t b, bool after_addr)
{
	if (i >= b)
		return;
	/* Comments right after a group's ';' are the CFWS RFC 5322 allows there. */
	if (skip_comments(p, i, b) >= b && p->added &&
	    p->out->v[p->out->n - 1].kind == ADDR_GROUP_END)
		return;
	if (!after_addr && is_bare_word(p, i, b) && parse_addr_spec(p, i, b))
		emit_mailbox(p, i, b, b, b);
	else
		emit_invalid(p, i, b);
}

/*
 * One entry: tokens [a, b) between top-level separators. It usually holds
 * one mailbox, but broken mail puts several in one entry without commas
 * ("a@x b@y", "A <a@x> B <b@y>"), so read mailboxes until the tokens run out.
 * Every scan index only moves forward.
 */
static void parse_entry(struct parser *p, size_t a, size_t b)
{
	size_t i = a, lt = a, at = a, end;
	bool any = false;

	while (i < b && !p->stop) {
		lt = find_special(p, MAX(lt, i), b, '<');
		if (lt < b) {
			size_t gt = find_special(p, lt + 1, b, '>');
			bool ok = parse_angle(p, lt + 1, gt);
			end = skip_comments(p, gt < b ? gt + 1 : b, b);
			if (ok)
				emit_mailbox(p, i, end, i, lt);
			else
				emit_invalid(p, i, end);
		} else {
			at = find_special(p, MAX(at, i), b, '@');
			if (at == b) {
				parse_tail(p, i, b, any);
				return;
			}
			size_t ls = local_start(p, i, at), de = domain_end(p, at, b);
			end = skip_comments(p, de, b);
			if (parse_addr_spec(p, ls, de))
				emit_mailbox(p, i, end, i, ls);
			else
				emit_invalid(p, i, end);
		}
		i = end;
		any = true;
	}
}

/* Close the open group, if any. */
static void group_end(struct parser *p, size_t off)
{
	if (p->in_group && emit_room(p, off)) {
		push_entry(p, ADDR_GROUP_END, NULL, NULL, NULL, false);
		p->in_group = false;
	}
}

/* "name:" opens a group; groups do not nest, so an open one is closed first. */
static void group_start(struct parser *p, size_t a, size_t b)
{
	size_t off = a < b ? p->t[a].off : p->term.off;

	group_end(p, off);
	if (!emit_room(p, off))
		return;
	decode_phrase(p, a, b);
	push_entry(p, ADDR_GROUP_START, dup_or_null(&p->name), NULL, NULL, false);
	p->in_group = true;
}

/* After a ',' inside "<...": is it an obsolete route ("<@a,@b:u@h>") or a missing '>'? */
static bool route_follows(const struct parser *p)
{
	size_t i = p->lx.pos;

	while (i < p->lx.len && is_lex_space((unsigned char)p->text[i]))
		i++;
	return i < p->lx.len && p->text[i] == '@';
}

/*
 * Append the tokens of the next entry to p->t and return what ended it. A
 * ':' ends it only where it can open a group (nothing address-like before
 * it); inside "<...>" a ',' or ';' means the '>' is missing. Stray '>' and
 * doubled '<' carry no text and are dropped.
 */
static enum term collect_entry(struct parser *p)
{
	struct tok t;
	bool angle = false, addr = false;

	while (lex_next(&p->lx, &t)) {
		char c = t.type == T_SPECIAL ? t.c : 0;
		if (angle && c == '<')
			continue;
		if (!angle && c == '>')
			continue;
		p->term = t;
		if (c == ';')
			return TERM_SEMI;
		if (c == ',' && (!angle || !route_follows(p)))
			return TERM_COMMA;
		if (!angle && c == ':' && !addr)
			return TERM_COLON;
		if (c == '<' || c == '@')
			addr = true;
		if (c == '<' || c == '>')
			angle = c == '<';
		push_tok(p, &t);
	}
	return TERM_END;
}

/* Only words and dots: possibly the "Last" of an unquoted "Last, First <addr>". */
static bool words_only(const struct parser *p, size_t a, size_t b)
{
	bool word = false;

	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		if (t->type == T_COMMENT)
			continue;
		if (!tok_is_word(t) && !tok_is(t, '.'))
			return false;
		word = true;
	}
	return word;
}

/* "First <addr>": a display name (without '@') before an angle-addr. */
static bool named_angle(const struct parser *p, size_t a, size_t b)
{
	bool name = false;

	for (size_t i = a; i < b; i++) {
		const struct tok *t = &p->t[i];
		if (tok_is(t, '<'))
			return name;
		if (tok_is(t, '@'))
			return false;
		name = name || t->type != T_COMMENT;
	}
	return false;
}

static void parser_init(struct parser *p, struct addrlist *out, const char *s, size_t len)
{
	struct buf *bufs[] = { &p->name, &p->mbox, &p->comment, &p->tmp, &p->dom, &p->scratch };

	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < ARRAY_SIZE(bufs); i++)
		buf_init(bufs[i], 0);
	p->out = out;
	p->text = p->lx.s = s;
	p->lx.len = len;
}

static void parser_release(struct parser *p)
{
	struct buf *bufs[] = { &p->name, &p->mbox, &p->comment, &p->tmp, &p->dom, &p->scratch };

	for (size_t i = 0; i < ARRAY_SIZE(bufs); i++)
		buf_release(bufs[i]);
	free(p->t);
}

/*
 * Parse the entry whose tokens follow a pending "Last," entry: joined to it
 * when it is "First <addr>", else both on their own. Returns the index where
 * the tokens of the current entry now start, or SIZE_MAX when it was
 * consumed.
 */
static size_t resolve_pending(struct parser *p, size_t e0, enum term term)
{
	size_t e1 = p->nt;

	if (term != TERM_COLON && named_angle(p, e0, e1)) {
		parse_entry(p, 0, e1);
		return SIZE_MAX;
	}
	parse_entry(p, 0, e0 - 1); /* without the comma */
	memmove(p->t, p->t + e0, (e1 - e0) * sizeof(*p->t));
	p->nt = e1 - e0;
	return 0;
}

int addrlist_parse(const char *s, size_t len, struct addrlist *out)
{
	struct parser p;
	struct buf text = BUF_INIT;
	bool pending = false; /* p.t starts with a words-only entry and its comma */

	if (len && memchr(s, '\n', len)) { /* most values are one line: no copy for them */
		header_unfold(s, len, &text);
		s = text.data;
		len = text.len;
	}
	parser_init(&p, out, s, len);
	for (;;) {
		size_t e0 = p.nt;
		enum term term = collect_entry(&p);
		struct tok sep = p.term;
		if (pending)
			e0 = resolve_pending(&p, e0, term);
		pending = false;
		if (e0 == SIZE_MAX) {
			/* joined to the pending entry */
		} else if (term == TERM_COLON) {
			group_start(&p, e0, p.nt);
		} else if (term == TERM_COMMA && words_only(&p, e0, p.nt)) {
			sep.type = T_JUNK; /* the comma becomes part of the name */
			push_tok(&p, &sep);
			pending = true;
			continue;
		} else {
			parse_entry(&p, e0, p.nt);
		}
		p.nt = 0;
		if (term == TERM_SEMI)
			group_end(&p, sep.off);
		if (term == TERM_END || p.stop)
			break;
	}
	if (p.stop)
		push_invalid(&p, p.rest_off, len);
	if (p.in_group)
		push_entry(&p, ADDR_GROUP_END, NULL, NULL, NULL, false);
	parser_release(&p);
	buf_release(&text);
	return p.invalid ? ERR_PARSE : 0;
}

/* ---- Lists ----------------------------------------------------------------- */

void addrlist_release(struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].mailbox);
		free(l->v[i].comment);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void addrlist_append(struct addrlist *l, const struct address *a)
{
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n].kind = a->kind;
	l->v[l->n].name = xstrdup_or_null(a->name);
	l->v[l->n].mailbox = xstrdup_or_null(a->mailbox);
	l->v[l->n].comment = xstrdup_or_null(a->comment);
	l->v[l->n].invalid = a->invalid;
	l->n++;
}

size_t addrlist_count(const struct addrlist *l)
{
	size_t c = 0;

	for (size_t i = 0; i < l->n; i++)
		c += l->v[i].kind == ADDR_MAILBOX;
	return c;
}

const struct address *addrlist_first(const struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind == ADDR_MAILBOX)
			return &l->v[i];
	return NULL;
}

/* ---- Formatting ------------------------------------------------------------ */

static bool is_dot_atom(const char *s, size_t n)
{
	if (!n || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !is_atext((unsigned char)s[i]))
			return false;
	}
	return true;
}

/*
 * Where the local part of a stored mailbox ends: at the '@' before a domain
 * literal (which cannot hold an unescaped '['), else at the last '@' (a
 * domain cannot hold one, a quoted local part can). n when there is none.
 */
static size_t mailbox_split(const char *m, size_t n)
{
	if (n && m[n - 1] == ']') {
		for (size_t i = n - 1; i > 0; i--)
			if (m[i] == '[' && m[i - 1] == '@')
				return i - 1;
	}
	const char *at = memrchr(m, '@', n);
	return at ? (size_t)(at - m) : n;
}

/* Columns already used on the current line of out. */
static size_t line_used(const struct buf *out)
{
	const char *nl = memrchr(out->data, '\n', out->len);

	return nl ? out->len - (size_t)(nl + 1 - out->data) : out->len;
}

/* Words of atext separated by single spaces: a phrase that needs no quoting. */
static bool is_plain_phrase(const char *s, size_t n)
{
	if (!n || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' ? s[i + 1] == ' ' : !is_atext((unsigned char)s[i]))
			return false;
	}
	return true;
}

static bool is_printable_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
			return false;
	return true;
}

static void format_name_wire(const char *name, struct buf *out)
{
	size_t n = strlen(name);

	if (is_printable_ascii(name, n) && !strstr(name, "=?")) {
		if (is_plain_phrase(name, n))
			buf_add(out, name, n);
		else
			rfc822_add_quoted(out, name, n);
		return;
	}
	rfc2047_encode(name, n, RFC2047_PHRASE, line_used(out), out);
}

/* Would the name, written bare, read as something else ("Doe, John", "a@b <c@d>")? */
static bool display_ambiguous(const char *s, size_t n)
{
	if (!n || is_space((unsigned char)s[0]) || is_space((unsigned char)s[n - 1]))
		return true;
	for (size_t i = 0; i < n; i++)
		if (strchr(",;:<>@\"()[]\\", s[i]))
			return true;
	return false;
}

static void format_name(const char *name, enum addr_format f, struct buf *out)
{
	size_t n = strlen(name);

	if (f == ADDR_FMT_WIRE)
		format_name_wire(name, out);
	else if (display_ambiguous(name, n))
		rfc822_add_quoted(out, name, n);
	else
		buf_add(out, name, n);
}

/* A local part needs quotes on screen only when it has spaces or specials. */
static bool display_local_plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '.' && !is_atext((unsigned char)s[i]))
			return false;
	return n > 0;
}

static void format_mailbox(const char *m, enum addr_format f, struct buf *out)
{
	size_t n = strlen(m), at = mailbox_split(m, n);
	bool plain = f == ADDR_FMT_WIRE ? is_dot_atom(m, at) : display_local_plain(m, at);

	if (!n) /* the null path */
		return;
	if (plain)
		buf_add(out, m, at);
	else
		rfc822_add_quoted(out, m, at);
	if (at == n)
		return;
	buf_addch(out, '@');
	if (f == ADDR_FMT_WIRE)
		domain_to_ascii(m + at + 1, n - at - 1, out);
	else
		buf_add(out, m + at + 1, n - at - 1);
}

/* The raw text of an invalid entry; on the wire, line breaks would end the header. */
static void format_invalid(const char *s, enum addr_format f, struct buf *out)
{
	size_t start = out->len;

	buf_addstr(out, s);
	if (f != ADDR_FMT_WIRE)
		return;
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] == '\r' || out->data[i] == '\n')
			out->data[i] = ' ';
}

void address_format(const struct address *a, enum addr_format f, struct buf *out)
{
	const char *m = a->mailbox ? a->mailbox : "";
	bool named = a->name && *a->name;

	switch (a->kind) {
	case ADDR_GROUP_START:
		if (named)
			format_name(a->name, f, out);
		buf_addch(out, ':');
		return;
	case ADDR_GROUP_END:
		buf_addch(out, ';');
		return;
	case ADDR_MAILBOX:
		break;
	}
	if (a->invalid) {
		format_invalid(m, f, out);
		return;
	}
	/* On the wire a bare address needs a domain: "<root>" and "<>" keep their brackets. */
	if (!named && *m && (f == ADDR_FMT_DISPLAY || mailbox_split(m, strlen(m)) < strlen(m))) {
		format_mailbox(m, f, out);
		return;
	}
	if (named) {
		format_name(a->name, f, out);
		buf_addch(out, ' ');
	}
	buf_addch(out, '<');
	format_mailbox(m, f, out);
	buf_addch(out, '>');
	if (f == ADDR_FMT_DISPLAY && a->comment && *a->comment &&
	    (!named || strcmp(a->name, a->comment) != 0))
		buf_printf(out, " (%s)", a->comment);
}

/* RFC 5322 section 2.1.1: lines SHOULD stay within 78 characters. */
#define WIRE_COLS 78

/* Does the line holding out[from] run past WIRE_COLS? */
static bool line_too_long(const struct buf *out, size_t from)
{
	const char *start = out->data, *p = out->data + from;
	const char *nl = memchr(p, '\n', out->len - from);
	const char *end = nl ? nl : out->data + out->len;

	for (const char *q = p; q > out->data; q--) {
		if (q[-1] == '\n') {
			start = q;
			break;
		}
	}
	if (end > p && end[-1] == '\r')
		end--;
	return (size_t)(end - start) > WIRE_COLS;
}

void addrlist_format(const struct addrlist *l, enum addr_format f, struct buf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct address *a = &l->v[i];
		bool after_start = i && l->v[i - 1].kind == ADDR_GROUP_START;
		size_t mark = out->len;
		if (!i || a->kind == ADDR_GROUP_END) {
			address_format(a, f, out);
			continue;
		}
		buf_addstr(out, after_start ? " " : ", ");
		address_format(a, f, out);
		/* On the wire, fold between entries rather than write overlong lines. */
		if (f == ADDR_FMT_WIRE && line_too_long(out, mark)) {
			buf_setlen(out, mark);
			buf_addstr(out, after_start ? "\r\n " : ",\r\n ");
			address_format(a, f, out);
		}
	}
}
