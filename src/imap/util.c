/*
 * util.c - strings in IMAP commands (RFC 3501 and RFC 9051 astring,
 * quoted, literal; RFC 7888 LITERAL+ and LITERAL-), and commands built in
 * segments around synchronizing literals.
 */
#include "imap/util.h"
#include "core/core.h"

/* ASTRING-CHAR: a CHAR that is none of atom-specials except ']' (resp-specials). */
static bool astring_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return false;
	return !strchr("(){%*\"\\", c);
}

enum str_kind { STR_ATOM, STR_QUOTED, STR_LITERAL };

static enum str_kind classify(const char *s, size_t len, unsigned flags)
{
	bool atom = len > 0 && !mem_eq_ci(s, len, "NIL"), eight_bit = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n')
			return STR_LITERAL;
		if (c >= 0x80)
			eight_bit = true;
		if (!astring_char(c))
			atom = false;
	}
	if (atom)
		return STR_ATOM;
	/* RFC 6855: under UTF8=ACCEPT a quoted string may hold UTF-8, nothing else 8-bit */
	if (eight_bit && !((flags & IMAP_STR_UTF8) && utf8_valid(s, len)))
		return STR_LITERAL;
	return STR_QUOTED;
}

/* May a literal of len bytes go without waiting for the server's "+"? */
static bool nonsync_ok(size_t len, unsigned flags)
{
	return (flags & IMAP_STR_LITERAL_PLUS) ||
	       ((flags & IMAP_STR_LITERAL_MINUS) && len <= IMAP_LITERAL_MINUS_MAX);
}

/* A literal's header, and its bytes when it need not wait. */
static void add_literal(struct buf *out, const char *s, size_t len, unsigned flags, bool *sync)
{
	if (nonsync_ok(len, flags)) {
		buf_printf(out, "{%zu+}\r\n", len);
		buf_add(out, s, len);
		*sync = false;
	} else {
		buf_printf(out, "{%zu}\r\n", len);
		*sync = true;
	}
}

int imap_add_astring(struct buf *out, const char *s, size_t len, unsigned flags, bool *sync)
{
	*sync = false;
	if (len && memchr(s, '\0', len))
		return ERR_INVAL;
	switch (classify(s, len, flags)) {
	case STR_ATOM:
		buf_add(out, s, len);
		break;
	case STR_QUOTED:
		buf_addch(out, '"');
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"' || s[i] == '\\')
				buf_addch(out, '\\');
			buf_addch(out, s[i]);
		}
		buf_addch(out, '"');
		break;
	case STR_LITERAL:
		add_literal(out, s, len, flags, sync);
		break;
	}
	return 0;
}

/* ---- Commands in segments --------------------------------------------------- */

void imap_cmd_init(struct imap_cmd *c)
{
	c->seg = NULL;
	c->n = c->cap = 0;
}

void imap_cmd_release(struct imap_cmd *c)
{
	for (size_t i = 0; i < c->n; i++)
		buf_release(&c->seg[i]);
	free(c->seg);
	imap_cmd_init(c);
}

static struct buf *new_seg(struct imap_cmd *c)
{
	ALLOC_GROW(c->seg, c->n + 1, c->cap);
	buf_init(&c->seg[c->n], 0);
	return &c->seg[c->n++];
}

/* The segment being written. */
static struct buf *cur(struct imap_cmd *c)
{
	return c->n ? &c->seg[c->n - 1] : new_seg(c);
}

void imap_cmd_add(struct imap_cmd *c, const char *text)
{
	buf_addstr(cur(c), text);
}

void imap_cmd_addf(struct imap_cmd *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(cur(c), fmt, ap);
	va_end(ap);
}

/* After a synchronizing literal's header, its bytes open the next segment. */
static void after_header(struct imap_cmd *c, const char *s, size_t len, bool sync)
{
	if (sync)
		buf_add(new_seg(c), s, len);
}

int imap_cmd_add_astring(struct imap_cmd *c, const char *s, size_t len, unsigned flags)
{
	bool sync;
	int rc = imap_add_astring(cur(c), s, len, flags, &sync);

	if (rc == 0)
		after_header(c, s, len, sync);
	return rc;
}

/* Does the message's header (up to the first empty line) hold an 8-bit byte? */
static bool header_8bit(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return true;
		if (s[i] == '\n' && i + 1 < len &&
		    (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n')))
			return false;
	}
	return false;
}

int imap_cmd_add_literal(struct imap_cmd *c, const char *s, size_t len, unsigned flags)
{
	bool sync;

	if (len && memchr(s, '\0', len))
		return ERR_INVAL;
	/*
	 * RFC 6855 section 4: with UTF8=ACCEPT enabled, a message whose header
	 * is 8-bit (UTF-8 addresses or subjects) goes as UTF8 (literal8).
	 * Synchronizing: LITERAL+ covers literal8 only with BINARY (RFC 7888).
	 */
	if ((flags & IMAP_STR_UTF8) && header_8bit(s, len)) {
		imap_cmd_addf(c, "UTF8 (~{%zu}\r\n", len);
		buf_add(new_seg(c), s, len);
		imap_cmd_add(c, ")");
		return 0;
	}
	add_literal(cur(c), s, len, flags, &sync);
	after_header(c, s, len, sync);
	return 0;
}

int imap_cmd_add_mailbox(struct imap_cmd *c, const char *name, unsigned flags)
{
	struct buf enc = BUF_INIT;
	size_t len = strlen(name);
	int rc;

	/* INBOX is case-insensitive and never encoded (RFC 3501 5.1) */
	if (mem_eq_ci(name, len, "INBOX"))
		return imap_cmd_add_astring(c, "INBOX", 5, flags);
	if (flags & IMAP_STR_UTF8) {
		if (!utf8_valid(name, len))
			return ERR_INVAL;
		return imap_cmd_add_astring(c, name, len, flags);
	}
	rc = imap_mutf7_encode(name, len, &enc);
	if (rc == 0)
		rc = imap_cmd_add_astring(c, enc.data, enc.len, flags);
	buf_release(&enc);
	return rc;
}

void imap_cmd_finish(struct imap_cmd *c)
{
	buf_addstr(cur(c), "\r\n");
}
