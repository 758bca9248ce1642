/*
 * util.h - IMAP strings: astrings, quoted strings and literals in commands
 * built in parts, UID sets both ways, modified UTF-7 mailbox names, and
 * imap:// URLs. Pure string work: nothing here touches a connection.
 * See doc/internals/sasl-and-imap-strings.md.
 */
#ifndef TERN_IMAP_UTIL_H
#define TERN_IMAP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* ---- Strings in commands (util.c) ------------------------------------------ */

enum imap_str_flags {
	IMAP_STR_LITERAL_PLUS = 1u << 0,  /* LITERAL+ (RFC 7888): literals never wait */
	IMAP_STR_LITERAL_MINUS = 1u << 1, /* LITERAL-: literals up to 4096 bytes do not wait */
	IMAP_STR_UTF8 = 1u << 2,          /* UTF8=ACCEPT enabled: UTF-8 may be quoted */
};

/* The largest non-synchronizing literal LITERAL- allows (RFC 7888). */
#define IMAP_LITERAL_MINUS_MAX 4096

/*
 * Append (s, len) to out as an IMAP astring: an atom when every byte may
 * stand in one (and it is not "NIL"), else a quoted string with \" and \\
 * escaped when it has no CR, LF or 8-bit byte (8-bit allowed as valid UTF-8
 * under IMAP_STR_UTF8), else a literal. A literal the flags let go at once
 * is written whole ("{n+}\r\n" and the bytes). Otherwise only "{n}\r\n" is
 * written and *sync is set: the caller sends what it has, waits for the
 * server's "+" continuation, then sends the len bytes of s and goes on.
 * Returns 0, or ERR_INVAL when s holds a NUL, which no IMAP string carries
 * (nothing is appended then).
 */
int imap_add_astring(struct buf *out, const char *s, size_t len, unsigned flags, bool *sync);

/*
 * A command built in segments, for commands with synchronizing literals.
 * Every segment but the last ends with "{n}\r\n": after sending it, the
 * caller waits for a "+" continuation before sending the next one. A
 * command with no such literal is one segment. The tag is the caller's: it
 * writes it first with imap_cmd_add.
 */
struct imap_cmd {
	struct buf *seg;
	size_t n, cap;
};

void imap_cmd_init(struct imap_cmd *c);
/* Free every segment; the command is empty again. */
void imap_cmd_release(struct imap_cmd *c);
/* Append raw protocol text (a command name, a space, a UID set...). */
void imap_cmd_add(struct imap_cmd *c, const char *text);
void imap_cmd_addf(struct imap_cmd *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Append an astring (imap_add_astring); a synchronizing literal starts a new segment. */
int imap_cmd_add_astring(struct imap_cmd *c, const char *s, size_t len, unsigned flags);
/*
 * Append a mailbox name given in UTF-8: modified UTF-7 unless
 * IMAP_STR_UTF8, then as an astring. "INBOX" in any case is sent as INBOX.
 * Returns 0 or ERR_INVAL (not UTF-8, or a NUL).
 */
int imap_cmd_add_mailbox(struct imap_cmd *c, const char *name, unsigned flags);
/* Append (s, len) always as a literal (APPEND's message); 8-bit and NUL-free bytes. */
int imap_cmd_add_literal(struct imap_cmd *c, const char *s, size_t len, unsigned flags);
/* End the command with CRLF. */
void imap_cmd_finish(struct imap_cmd *c);

/* ---- UID sets (util_uidset.c) ------------------------------------------------- */

/* The shortest max_len honoured: one "a:b" element of two 10-digit UIDs. */
#define IMAP_UIDSET_MIN_LEN 21

/*
 * Append to out a UID set ("1:5,7,9:12") of as many of uids[0..n) as fit in
 * max_len bytes (raised to IMAP_UIDSET_MIN_LEN), runs of consecutive UIDs
 * written as ranges. uids should be ascending (duplicates are fine);
 * unsorted input still gives a correct, only longer, set. UID 0, which
 * does not exist, is skipped. Returns how many entries of uids were used:
 * the caller goes on from there.
 */
size_t imap_uidset_chunk(const uint32_t *uids, size_t n, size_t max_len, struct buf *out);
/* All of uids as sets of at most max_len bytes, each appended to out. */
void imap_uidset_format(const uint32_t *uids, size_t n, size_t max_len, struct strlist *out);

struct imap_range {
	uint32_t lo, hi; /* lo <= hi */
};

/* A parsed sequence-set: its ranges in the order the server gave them. */
struct imap_uidset {
	struct imap_range *v;
	size_t n, cap;
	uint64_t count; /* UIDs covered, counting overlaps twice */
};
#define IMAP_UIDSET_INIT      \
	{                     \
		NULL, 0, 0, 0 \
	}

/*
 * Parse an RFC 9051 sequence-set (VANISHED, COPYUID, APPENDUID, SEARCH
 * results) of len bytes into set (appending). "*" stands for `star` and is
 * refused when star is 0; a range may come in either order ("9:3" is
 * 3..9). Refuses 0, numbers past 2^32-1, empty elements and stray bytes
 * (ERR_PARSE), more than max_ranges elements (ERR_LIMIT). The reason goes
 * to err.
 */
int imap_uidset_parse(const char *s, size_t len, uint32_t star, size_t max_ranges,
		      struct imap_uidset *set, struct buf *err);
/* Whether uid is in the set (linear in the number of ranges). */
bool imap_uidset_contains(const struct imap_uidset *set, uint32_t uid);
/*
 * The set as a malloc'd array of UIDs in the server's order (COPYUID pairs
 * the n-th source with the n-th destination UID). ERR_LIMIT when the set
 * covers more than max UIDs: a server's "1:4294967295" must not cost 16 GB.
 */
int imap_uidset_expand(const struct imap_uidset *set, size_t max, uint32_t **uids, size_t *n);
void imap_uidset_release(struct imap_uidset *set);

/* ---- Modified UTF-7 (util_mutf7.c) --------------------------------------------- */

/*
 * Encode the UTF-8 mailbox name (utf8, len) as RFC 3501 5.1.3 modified
 * UTF-7, appending to out. Returns 0, or ERR_INVAL when the input is not
 * valid UTF-8 or holds a NUL (nothing appended then).
 */
int imap_mutf7_encode(const char *utf8, size_t len, struct buf *out);
/*
 * Decode a modified UTF-7 name to UTF-8, appending to out. Strict: refuses
 * bytes outside printable ASCII, a bare "&" or an unterminated shift, bad
 * base64, leftover or non-zero padding bits, unpaired surrogates, U+0000,
 * printable ASCII hidden in base64, and two shifts back to back (one would
 * do). Returns 0 or ERR_PARSE with the reason in err (nothing appended).
 */
int imap_mutf7_decode(const char *s, size_t len, struct buf *out, struct buf *err);

/* ---- imap:// URLs (util_url.c) --------------------------------------------------- */

struct imap_url {
	bool tls;             /* imaps:// (implicit TLS) */
	char *user;           /* %-decoded; NULL when the URL names none */
	char *pass;           /* mutt's user:pass@ form; NULL; wiped on release */
	char *auth;           /* ;AUTH=<mech> as given ("*" for any); NULL when absent */
	char *host;           /* IPv6 addresses without their brackets */
	unsigned port;        /* the URL's port or the default, 143 or 993 */
	bool port_given;      /* the URL said the port */
	char *mailbox;        /* %-decoded UTF-8; "INBOX" when the URL has no path */
	bool mailbox_given;   /* the URL had a non-empty path */
	uint32_t uidvalidity; /* ;UIDVALIDITY=n, 0 when absent */
};

/*
 * Parse an imap:// or imaps:// URL (RFC 5092, and mutt's forms:
 * imaps://user@host/INBOX, imap://user:pass@host, a user with a raw "@"
 * before the last one, a host with no path). Anything after "/;" (a
 * message part) is ignored. Returns 0 with u filled (imap_url_release
 * it), or ERR_PARSE with the reason in err and u left empty.
 */
int imap_url_parse(const char *url, struct imap_url *u, struct buf *err);
/*
 * Append u as a URL, %-encoding what RFC 5092 wants encoded, the port only
 * when not the default, never the password. mailbox replaces u's own when
 * not NULL (another folder on the same server).
 */
void imap_url_format(const struct imap_url *u, const char *mailbox, struct buf *out);
void imap_url_release(struct imap_url *u);

#endif
