/*
 * util_url.c - imap:// and imaps:// URLs (RFC 5092), with the forms mutt
 * users have in their rc files: a password after the user (read, never
 * written back), a raw "@" inside the user (the last "@" ends it), a host
 * with no path (INBOX).
 */
#include <openssl/crypto.h>

#include "core/core.h"
#include "imap/util.h"

/* achar (RFC 5092): unreserved, sub-delims-sh, "&", "=" and "~". */
static bool achar(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("-._~!$'()*+,&=", c));
}

/* Undo %XX; false on a bad escape, an encoded NUL, or a control character. */
static bool pct_decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return false;
			int hi = hex_digit_value((unsigned char)s[i + 1]);
			int lo = hex_digit_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return false;
		buf_addch(out, c);
	}
	return true;
}

static void pct_encode(struct buf *out, const char *s, const char *also_safe)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (achar(c) || strchr(also_safe, c))
			buf_addch(out, c);
		else
			buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* A %-decoded copy of (s, n), or NULL with a reason. */
static char *decoded(const char *s, size_t n, const char *what, struct buf *err)
{
	struct buf b;

	buf_init(&b, n + 1); /* never grown: no stray copy of a password */
	if (!pct_decode(s, n, &b) || !utf8_valid(b.data, b.len)) {
		buf_printf(err, _("bad %%-escape or control character in the URL's %s"), what);
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* userinfo = enc-user [":" pass] [";AUTH=" mech], or ";AUTH=" alone. */
static int parse_userinfo(const char *s, const char *e, struct imap_url *u, struct buf *err)
{
	const char *semi = e, *colon;

	for (const char *q = s; q < e; q++) {
		if (mem_startswith_ci(q, (size_t)(e - q), ";AUTH=")) {
			semi = q;
			break;
		}
	}
	if (semi < e) {
		const char *m = semi + 6;
		if (m == e) {
			buf_addstr(err, _("empty ;AUTH= in the URL"));
			return ERR_PARSE;
		}
		if (!(u->auth = decoded(m, (size_t)(e - m), _("authentication mechanism"), err)))
			return ERR_PARSE;
	}
	colon = memchr(s, ':', (size_t)(semi - s));
	if (colon) {
		if (!(u->pass = decoded(colon + 1, (size_t)(semi - colon - 1), _("password"), err)))
			return ERR_PARSE;
	} else {
		colon = semi;
	}
	if (colon == s && !u->auth) {
		buf_addstr(err, _("empty user name in the URL"));
		return ERR_PARSE;
	}
	if (colon > s && !(u->user = decoded(s, (size_t)(colon - s), _("user name"), err)))
		return ERR_PARSE;
	return 0;
}

static bool host_char(unsigned char c, bool bracketed)
{
	if (bracketed)
		return hex_digit_value(c) >= 0 || c == ':' || c == '.';
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c >= 0x80;
}

static int parse_port(const char *s, const char *e, struct imap_url *u, struct buf *err)
{
	unsigned long port;

	if (!parse_ulong(s, (size_t)(e - s), &port) || port == 0 || port > 65535) {
		buf_addstr(err, _("bad port in the URL"));
		return ERR_PARSE;
	}
	u->port = (unsigned)port;
	u->port_given = true;
	return 0;
}

/* host [":" port], host an IPv6 address in brackets or a name. */
static int parse_hostport(const char *s, const char *e, struct imap_url *u, struct buf *err)
{
	bool bracketed = s < e && *s == '[';
	const char *h = s + bracketed, *he;

	if (bracketed) {
		he = memchr(h, ']', (size_t)(e - h));
		if (!he) {
			buf_addstr(err, _("unclosed [ in the URL's host"));
			return ERR_PARSE;
		}
	} else {
		he = memchr(h, ':', (size_t)(e - h));
		if (!he)
			he = e;
	}
	for (const char *q = h; q < he; q++) {
		if (!host_char((unsigned char)*q, bracketed)) {
			buf_addstr(err, _("bad character in the URL's host"));
			return ERR_PARSE;
		}
	}
	if (he == h) {
		buf_addstr(err, _("no host in the URL"));
		return ERR_PARSE;
	}
	u->host = xstrndup(h, (size_t)(he - h));
	u->port = u->tls ? 993 : 143;
	s = he + bracketed;
	if (s == e)
		return 0;
	if (*s != ':') {
		buf_addstr(err, _("bad character after the URL's host"));
		return ERR_PARSE;
	}
	return parse_port(s + 1, e, u, err);
}

/* The path: a mailbox, maybe ";UIDVALIDITY=n", maybe "/;UID=..." (ignored). */
static int parse_path(const char *s, struct imap_url *u, struct buf *err)
{
	const char *e = s + strlen(s), *part = mem_find(s, (size_t)(e - s), "/;", 2);

	if (part)
		e = part;
	for (const char *q = s; q < e; q++) {
		if (mem_startswith_ci(q, (size_t)(e - q), ";UIDVALIDITY=")) {
			unsigned long v;
			const char *n = q + 13;
			if (!parse_ulong(n, (size_t)(e - n), &v) || v == 0 || v > UINT32_MAX) {
				buf_addstr(err, _("bad ;UIDVALIDITY= in the URL"));
				return ERR_PARSE;
			}
			u->uidvalidity = (uint32_t)v;
			e = q;
			break;
		}
	}
	if (e == s)
		return 0;
	if (!(u->mailbox = decoded(s, (size_t)(e - s), _("mailbox"), err)))
		return ERR_PARSE;
	u->mailbox_given = true;
	return 0;
}

static int parse(const char *url, struct imap_url *u, struct buf *err)
{
	size_t len = strlen(url);
	const char *p, *slash, *at = NULL;
	int rc;

	if (mem_startswith_ci(url, len, "imaps://")) {
		u->tls = true;
		p = url + 8;
	} else if (mem_startswith_ci(url, len, "imap://")) {
		p = url + 7;
	} else {
		buf_addstr(err, _("not an imap:// or imaps:// URL"));
		return ERR_PARSE;
	}
	slash = strchr(p, '/');
	if (!slash)
		slash = url + len;
	for (const char *q = p; q < slash; q++)
		if (*q == '@')
			at = q;
	if (at && (rc = parse_userinfo(p, at, u, err)))
		return rc;
	if ((rc = parse_hostport(at ? at + 1 : p, slash, u, err)))
		return rc;
	if (*slash && (rc = parse_path(slash + 1, u, err)))
		return rc;
	return 0;
}

int imap_url_parse(const char *url, struct imap_url *u, struct buf *err)
{
	int rc;

	memset(u, 0, sizeof(*u));
	rc = parse(url, u, err);
	if (rc) {
		imap_url_release(u);
		return rc;
	}
	if (!u->mailbox)
		u->mailbox = xstrdup("INBOX");
	return 0;
}

void imap_url_format(const struct imap_url *u, const char *mailbox, struct buf *out)
{
	buf_addstr(out, u->tls ? "imaps://" : "imap://");
	if (u->user)
		pct_encode(out, u->user, "");
	if (u->auth) {
		buf_addstr(out, ";AUTH=");
		pct_encode(out, u->auth, "");
	}
	if (u->user || u->auth)
		buf_addch(out, '@');
	if (strchr(u->host, ':'))
		buf_printf(out, "[%s]", u->host);
	else
		buf_addstr(out, u->host);
	if (u->port && u->port != (u->tls ? 993u : 143u))
		buf_printf(out, ":%u", u->port);
	buf_addch(out, '/');
	if (!mailbox && u->mailbox_given)
		mailbox = u->mailbox;
	if (mailbox)
		pct_encode(out, mailbox, ":@/");
	if (mailbox && mailbox == u->mailbox && u->uidvalidity)
		buf_printf(out, ";UIDVALIDITY=%u", u->uidvalidity);
}

void imap_url_release(struct imap_url *u)
{
	if (u->pass)
		OPENSSL_cleanse(u->pass, strlen(u->pass));
	free(u->user);
	free(u->pass);
	free(u->auth);
	free(u->host);
	free(u->mailbox);
	memset(u, 0, sizeof(*u));
}
