/*
 * msgid.c - message ids from Message-ID, In-Reply-To and References.
 *
 * Ids are compared byte for byte by threading, so they are normalised the
 * same way everywhere: "<", the id without white space (broken folding puts
 * some inside the brackets) or control characters, ">".
 *
 * Leniency: junk text around ids ("Your message of "Mon, 1 Jan" <id@x>"),
 * comments and quoted strings outside the brackets are skipped (they may
 * hold '<'), ids without '@', a second '<' before the '>' (the first one was
 * junk), an unterminated last id, and ids without brackets when the value is
 * nothing but such ids. Every scan moves forward only, so a 1 MB value costs
 * linear time: an unclosed quote or comment is noticed once and from then on
 * its opening character is read as plain text.
 */
#include "email/email.h"
#include "email/internal.h"

/* An RFC 5322 line holds 998 characters; a longer "id" is junk. */
#define MSGID_MAX_LEN 998

/*
 * References grows by one id per reply. Past this many we keep the first
 * (the thread's root, which lets threading gather a thread whose middle is
 * gone) and the newest ones (the parent and its close ancestors, which
 * threading needs most). RFC 5322 section 3.6.4 suggests the same trimming.
 */
#define MSGID_MAX_REFS 1000

struct scan {
	const char *s;
	size_t len, pos;
	bool no_qstr, no_comment; /* one ran to the end unclosed: the rest are plain text */
	bool saw_lt;              /* a '<' was seen: the value uses brackets */
};

/* End of the quoted string opened at s[i], or 0 when it never closes. */
static size_t quoted_end(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

/* If a quoted string or comment starts at sc->pos, move past it and return true. */
static bool skip_cfws_text(struct scan *sc)
{
	char c = sc->s[sc->pos];
	size_t end;

	if (c == '"' && !sc->no_qstr) {
		if ((end = quoted_end(sc->s, sc->len, sc->pos)) != 0) {
			sc->pos = end;
			return true;
		}
		sc->no_qstr = true;
	} else if (c == '(' && !sc->no_comment) {
		if ((end = rfc822_comment_end(sc->s, sc->len, sc->pos)) != 0) {
			sc->pos = end;
			return true;
		}
		sc->no_comment = true;
	}
	return false;
}

static bool is_drop(unsigned char c)
{
	return c <= 0x20 || c == 0x7F;
}

/*
 * The normalised form of the id text (s, n): white space and control
 * characters dropped, bytes that are not UTF-8 replaced by U+FFFD. Writes it
 * to out unless out is NULL; returns its length either way, so that the cap
 * is checked on exactly what would be stored and the copy is sized exactly.
 */
static size_t id_text(const char *s, size_t n, char *out)
{
	size_t len = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		const char *src = s + i;
		size_t m = k;
		if (c >= 0x80 && k == 1) {
			src = "\xEF\xBF\xBD";
			m = 3;
		} else if (is_drop(c)) {
			m = 0;
		}
		if (out)
			memcpy(out + len, src, m);
		len += m;
		i += k;
	}
	return len;
}

/*
 * The next "<...>" id: sets [*a, *b) to the text between the brackets and
 * returns true, or returns false at the end of the value.
 */
static bool next_bracketed(struct scan *sc, size_t *a, size_t *b)
{
	const char *s = sc->s;

	while (sc->pos < sc->len) {
		if (skip_cfws_text(sc))
			continue;
		if (s[sc->pos] != '<') {
			sc->pos++;
			continue;
		}
		sc->saw_lt = true;
		size_t i = sc->pos + 1;
		while (i < sc->len && s[i] != '>' && s[i] != '<')
			i++;
		if (i < sc->len && s[i] == '<') { /* that '<' was junk: restart at this one */
			sc->pos = i;
			continue;
		}
		*a = sc->pos + 1;
		if (i < sc->len) {
			*b = i;
			sc->pos = i + 1;
		} else {
			/* Unterminated at the end: the id is the first word ("<id@x (sent by..."). */
			size_t j = *a;
			while (j < sc->len && is_drop((unsigned char)s[j]))
				j++;
			while (j < sc->len && !is_drop((unsigned char)s[j]))
				j++;
			*b = j;
			sc->pos = sc->len;
			if (!memchr(s + *a, '@', *b - *a))
				return false;
		}
		size_t k = id_text(s + *a, *b - *a, NULL);
		if (k && k <= MSGID_MAX_LEN)
			return true;
	}
	return false;
}

/* A character that may appear in an id written without brackets. */
static bool is_bare_char(unsigned char c)
{
	return c > 0x20 && c != 0x7F && !strchr("<>()\",;\\", c);
}

/*
 * The next word of a value without brackets: [*a, *b) and true, or false at
 * the end. Words are separated by white space, commas and comments.
 */
static bool next_word(struct scan *sc, size_t *a, size_t *b)
{
	const char *s = sc->s;

	while (sc->pos < sc->len) {
		unsigned char c = (unsigned char)s[sc->pos];
		if (c == '(' && skip_cfws_text(sc))
			continue;
		if (is_drop(c) || c == ',') {
			sc->pos++;
			continue;
		}
		*a = sc->pos;
		while (sc->pos < sc->len && is_bare_char((unsigned char)s[sc->pos]))
			sc->pos++;
		if (sc->pos == *a) /* a character no id has: the word is that character */
			sc->pos++;
		*b = sc->pos;
		return true;
	}
	return false;
}

/* left@right with something on both sides, made only of id characters. */
static bool is_bare_id(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	if (!at || at == s || at == s + n - 1 || id_text(s, n, NULL) > MSGID_MAX_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_bare_char((unsigned char)s[i]))
			return false;
	return true;
}

/* "<" + the normalised id text + ">", malloc'd. */
static char *normalise(const char *s, size_t n)
{
	size_t len = id_text(s, n, NULL);
	char *id = xmalloc(len + 3);

	id[0] = '<';
	id_text(s, n, id + 1);
	id[len + 1] = '>';
	id[len + 2] = '\0';
	return id;
}

char *msgid_parse(const char *s, size_t len)
{
	struct scan sc = { .s = s, .len = len };
	size_t a, b, a2, b2;

	if (next_bracketed(&sc, &a, &b))
		return normalise(s + a, b - a);
	if (sc.saw_lt)
		return NULL;
	/* No brackets at all: accept a value that is one id-like word. */
	sc = (struct scan){ .s = s, .len = len };
	if (!next_word(&sc, &a, &b) || !is_bare_id(s + a, b - a) || next_word(&sc, &a2, &b2))
		return NULL;
	return normalise(s + a, b - a);
}

/*
 * The ids of a list, as spans: the first one, and the newest ones in a ring
 * of MSGID_MAX_REFS - 1 that grows as needed, so that a short list costs a
 * small array and a huge value no more than the cap.
 */
struct id_ring {
	size_t first[2];
	size_t (*ring)[2];
	size_t cap;
	size_t count; /* ids seen */
};

static void ring_add(struct id_ring *r, size_t a, size_t b)
{
	if (r->count == 0) {
		r->first[0] = a;
		r->first[1] = b;
	} else {
		size_t slot = (r->count - 1) % (MSGID_MAX_REFS - 1);
		ALLOC_GROW(r->ring, slot + 1, r->cap);
		r->ring[slot][0] = a;
		r->ring[slot][1] = b;
	}
	r->count++;
}

static void ring_emit(const struct id_ring *r, const char *s, struct strlist *out)
{
	size_t rest = r->count ? r->count - 1 : 0;
	size_t keep = MIN(rest, (size_t)MSGID_MAX_REFS - 1);

	if (!r->count)
		return;
	strlist_push(out, normalise(s + r->first[0], r->first[1] - r->first[0]));
	for (size_t i = rest - keep; i < rest; i++) {
		const size_t *sp = r->ring[i % (MSGID_MAX_REFS - 1)];
		strlist_push(out, normalise(s + sp[0], sp[1] - sp[0]));
	}
}

/* Without brackets, a list counts only when every word of it is an id ("a@b c@d"). */
static void collect_bare(const char *s, size_t len, struct id_ring *r)
{
	struct scan sc = { .s = s, .len = len };
	size_t a, b;

	while (next_word(&sc, &a, &b))
		if (!is_bare_id(s + a, b - a))
			return;
	sc = (struct scan){ .s = s, .len = len };
	while (next_word(&sc, &a, &b))
		ring_add(r, a, b);
}

void msgid_parse_list(const char *s, size_t len, struct strlist *out)
{
	struct scan sc = { .s = s, .len = len };
	struct id_ring r = { 0 };
	size_t a, b;

	while (next_bracketed(&sc, &a, &b))
		ring_add(&r, a, b);
	if (!r.count && !sc.saw_lt)
		collect_bare(s, len, &r);
	ring_emit(&r, s, out);
	free(r.ring);
}
