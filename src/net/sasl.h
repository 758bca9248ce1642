/*
 * sasl.h - SASL client mechanisms (RFC 4422) for IMAP AUTHENTICATE and SMTP
 * AUTH: PLAIN, LOGIN, CRAM-MD5, XOAUTH2 and OAUTHBEARER, the choice among
 * them, and running a password or OAuth token command.
 *
 * The steps are pure: they turn a decoded challenge into raw response bytes
 * and never touch a connection, so one implementation serves every protocol
 * (the caller base64-encodes and sends). See doc/internals/sasl-and-imap-strings.md.
 */
#ifndef TERN_NET_SASL_H
#define TERN_NET_SASL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

/*
 * What a mechanism may use. Nothing is kept by reference: sasl_start copies
 * what the mechanism needs and wipes its copies in sasl_free.
 */
struct sasl_creds {
	const char *user;    /* authentication identity (authcid) */
	const char *authzid; /* identity to act as; NULL or "" for none */
	const char *pass;    /* password (PLAIN, LOGIN, CRAM-MD5) */
	const char *token;   /* OAuth 2 access token (XOAUTH2, OAUTHBEARER) */
	const char *host;    /* server name for OAUTHBEARER's host=; NULL to omit */
	unsigned port;       /* server port for OAUTHBEARER's port=; 0 to omit */
};

struct sasl;

/* The longest challenge or credential a mechanism accepts (a hostile server's challenge). */
#define SASL_MAX_FIELD 16384

/*
 * Start mechanism `mech` (case-insensitive name). When the mechanism
 * speaks first (PLAIN, XOAUTH2, OAUTHBEARER) its raw initial response is
 * appended to *initial; otherwise nothing is appended. A mechanism's initial
 * response is never empty, so initial->len == 0 means "none".
 *
 * Pass initial = NULL when the protocol cannot carry an initial response
 * (an IMAP server without SASL-IR): the mechanism then answers the server's
 * first, empty challenge with it.
 *
 * Returns 0 with *s set (free with sasl_free), ERR_UNSUPPORTED for an
 * unknown mechanism, ERR_INVAL when the credentials the mechanism needs are
 * missing or unusable (a NUL in a password...); the reason goes to err.
 */
int sasl_start(struct sasl **s, const char *mech, const struct sasl_creds *c, struct buf *initial,
	       struct buf *err);

/*
 * Answer the server's challenge (already base64-decoded: len bytes) by
 * appending the raw response to *response (possibly nothing: an empty
 * response). Returns 0, ERR_PROTO when the challenge is out of place (one
 * more than the mechanism has steps, an empty CRAM-MD5 challenge) or
 * ERR_LIMIT when it is too long; the reason goes to err. After ERR_PROTO the
 * caller cancels the exchange ("*" in IMAP and SMTP).
 */
int sasl_step(struct sasl *s, const char *challenge, size_t len, struct buf *response,
	      struct buf *err);

/*
 * The error an OAuth server sent as a challenge (XOAUTH2's and
 * OAUTHBEARER's JSON), made printable and short, for the caller to show
 * with the NO that follows. NULL when there was none.
 */
const char *sasl_server_error(const struct sasl *s);

/* The canonical (upper-case) name of the running mechanism. */
const char *sasl_mech(const struct sasl *s);

/* Wipe the credentials held and free; *s becomes NULL. NULL is fine. */
void sasl_free(struct sasl **s);

/* True when tern implements mechanism `mech` (case-insensitive). */
bool sasl_known(const char *mech);

/* ---- Choosing a mechanism (sasl_choose.c) --------------------------------- */

enum sasl_choose_flags {
	SASL_HAVE_TOKEN = 1u << 0,  /* an OAuth token command is configured */
	SASL_TLS = 1u << 1,         /* the link is encrypted */
	SASL_ALLOW_PLAIN = 1u << 2, /* the user allows secrets over an unencrypted link */
};

/*
 * The mechanism to use, or NULL when none fits. `wanted` is the user's
 * colon-separated list ($imap_authenticators, $smtp_authenticators), tried in
 * its order; NULL or "" means tern's order: OAUTHBEARER, XOAUTH2 (when
 * SASL_HAVE_TOKEN), then PLAIN, LOGIN, CRAM-MD5 over TLS; without TLS,
 * CRAM-MD5 first and the others only with SASL_ALLOW_PLAIN. server_has(ctx, name) says whether the server offers a
 * mechanism; nothing it does not offer is chosen.
 *
 * Without SASL_TLS, a mechanism that shows the password or token to an
 * eavesdropper (all but CRAM-MD5) is chosen only with SASL_ALLOW_PLAIN,
 * whatever `wanted` says; the OAuth mechanisms need SASL_HAVE_TOKEN. Names
 * tern does not know are skipped. NULL leaves the fallback to the caller
 * (IMAP's LOGIN command). Returns a static string.
 */
const char *sasl_choose(const char *wanted, bool (*server_has)(void *ctx, const char *mech),
			void *ctx, unsigned flags);

/* ---- Password and token commands (sasl_cmd.c) ----------------------------- */

/* The longest first line a password or token command may print. */
#define SASL_CMD_MAX_LINE 16384

/*
 * Run cmd through /bin/sh -c (the command is one argument: no quoting of
 * ours) with stdin from /dev/null, and append the first line of its
 * standard output, without the line end, to *out. Its standard error is
 * collected for the error message only. Returns 0; ERR_IO when the command
 * cannot run; ERR_AUTH when it exits non-zero or is killed (err gives the
 * status and the first line of its standard error); ERR_LIMIT when the
 * first line exceeds SASL_CMD_MAX_LINE; ERR_INVAL for a command that prints
 * nothing. The output is a secret: it is never logged, and the caller
 * wipes *out (buf_wipe) when done with it.
 */
int sasl_run_command(const char *cmd, struct buf *out, struct buf *err);

#endif
