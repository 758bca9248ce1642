/*
 * session.h - one IMAP connection's life: connect (implicit TLS or
 * STARTTLS, never a fallback to plaintext when TLS is required), the
 * greeting and capabilities, authentication (SASL or LOGIN, never a secret
 * over an unencrypted link unless the user allows it), tagged commands, and
 * LOGOUT. Untagged data goes to a handler the backend sets. Only the
 * mailbox's worker thread uses a session.
 */
#ifndef TERN_IMAP_SESSION_H
#define TERN_IMAP_SESSION_H

#include "imap/parse.h"
#include "imap/util.h"
#include "net/conn.h"

struct config;
struct imap_session;

/* The capabilities tern uses (others are ignored). */
enum imap_cap {
	IMAP_CAP_IMAP4REV1,
	IMAP_CAP_IMAP4REV2,
	IMAP_CAP_STARTTLS,
	IMAP_CAP_LOGINDISABLED,
	IMAP_CAP_SASL_IR,
	IMAP_CAP_IDLE,
	IMAP_CAP_UIDPLUS,
	IMAP_CAP_MOVE,
	IMAP_CAP_CONDSTORE,
	IMAP_CAP_QRESYNC,
	IMAP_CAP_ENABLE,
	IMAP_CAP_LITERAL_PLUS,
	IMAP_CAP_LITERAL_MINUS,
	IMAP_CAP_COMPRESS_DEFLATE,
	IMAP_CAP_SPECIAL_USE,
	IMAP_CAP_UTF8_ACCEPT,
	IMAP_CAP_ID,
	IMAP_CAP_ESEARCH,
	IMAP_CAP_COUNT_
};

/* How to reach and log in to a server (imap_login_from_config fills it). */
struct imap_login {
	const char *host, *port;
	bool tls_at_once;        /* imaps:// */
	const char *user;        /* $imap_user or the URL's user */
	const char *pass;        /* $imap_pass; NULL or "": ask when a password is needed */
	const char *mechs;       /* $imap_authenticators: colon-separated, "" for tern's order */
	const char *oauth_cmd;   /* $imap_oauth_refresh_command, or "" */
	bool force_tls;          /* $ssl_force_tls: no TLS, no session */
	bool starttls;           /* $ssl_starttls: use STARTTLS when offered */
	bool allow_plain_secret; /* send a password over an unencrypted link */
	/* Ask for the password (prompt: "Password for alice@host: "); NULL: none can be had. */
	int (*ask_pass)(void *ctx, const char *prompt, struct buf *out, struct buf *err);
	void *ask_ctx;
	struct conn_opts conn; /* timeouts, TLS settings, cancel_fd, the certificate question */
};

/*
 * Defaults from the configuration: $imap_user, $imap_pass,
 * $imap_authenticators, $imap_oauth_refresh_command, $ssl_force_tls,
 * $ssl_starttls and the connection's settings. host, port, tls_at_once and
 * the callbacks are left to the caller. Plaintext secrets are allowed only
 * when the user turned both $ssl_force_tls and $ssl_starttls off.
 */
void imap_login_from_config(struct imap_login *l, const struct config *cfg);
/*
 * imap_login_from_config, then the server, port, TLS mode, and user and
 * password when the URL gives them. l->conn.port points into port, which
 * must outlive the login. The callbacks are left to the caller.
 */
void imap_login_for_url(struct imap_login *l, const struct config *cfg, const struct imap_url *u,
			char port[16]);

/*
 * Connect and log in. Returns 0 with *out, or an error with the reason in
 * err: ERR_TLS (TLS required and not to be had, or a certificate refused),
 * ERR_AUTH (login refused, or refusing to send a secret in the clear),
 * ERR_PROTO (the server broke the protocol: the connection is dropped),
 * ERR_CLOSED, ERR_TIMEOUT, ERR_CANCEL, ERR_IO, ERR_NOTFOUND.
 */
int imap_session_open(const struct imap_login *l, struct imap_session **out, struct buf *err);

/* True when the server announced capability c (after TLS and login, as last seen). */
bool imap_has(const struct imap_session *s, enum imap_cap c);
/* The flags imap_cmd_add_astring should use on this session (LITERAL+/-, UTF-8). */
unsigned imap_str_flags(const struct imap_session *s);
/* True once the link is encrypted. */
bool imap_is_tls(const struct imap_session *s);

/* Untagged data the session does not handle itself (FETCH, EXISTS...), with the handler's ctx. */
typedef void (*imap_untagged_fn)(void *ctx, const struct imap_resp *r);
void imap_set_untagged(struct imap_session *s, imap_untagged_fn fn, void *ctx);

/*
 * Send a built command (imap_cmd, without its tag: the session adds it) and
 * wait for its completion, passing untagged data to the handler. Returns 0
 * for OK; ERR_PROTO for NO or BAD, with the server's text in err and its
 * response code in *code (when code is not NULL); other errors as
 * imap_session_open. After an error other than NO/BAD the session is
 * broken: close it.
 */
int imap_run(struct imap_session *s, struct imap_cmd *cmd, enum imap_code *code, struct buf *err);
/* imap_run for a command without strings to quote ("NOOP", "SELECT INBOX" built by hand). */
int imap_run_text(struct imap_session *s, const char *text, enum imap_code *code, struct buf *err);

/*
 * IDLE (RFC 2177, session_idle.c). imap_idle_start sends IDLE and waits for
 * the server's "+": 0, ERR_PROTO when refused (NO/BAD), or a link error.
 * imap_run ends IDLE first (DONE, and the IDLE's completion), so callers of
 * commands never need to know. imap_idle_poll reads, without waiting, what
 * the server pushed meanwhile (untagged data to the handler). ended(ctx)
 * runs whenever IDLE ends (for a command, or the link failed).
 */
int imap_idle_start(struct imap_session *s, struct buf *err);
int imap_idle_poll(struct imap_session *s, struct buf *err);
bool imap_idling(const struct imap_session *s);
void imap_idle_hook(struct imap_session *s, void (*ended)(void *ctx), void *ctx);
/* The socket, for a poll while idling. */
int imap_session_fd(const struct imap_session *s);

/* LOGOUT (best effort, short timeout) and free. */
void imap_session_close(struct imap_session **s);

#endif /* TERN_IMAP_SESSION_H */
