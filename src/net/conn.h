/*
 * conn.h - connections for the network protocols (IMAP, later POP3 and
 * SMTP): TCP, TLS over OpenSSL 3 (implicit or STARTTLS), certificate
 * verification with the user's say on unknown certificates, and buffered
 * line and literal reading with hard limits, timeouts and cancellation.
 *
 * A connection is a stack of layers (doc/internals/net.md): the socket at
 * the bottom, TLS pushed on top of it by conn_start_tls, and raw deflate
 * (IMAP COMPRESS=DEFLATE) on top of that by conn_start_deflate. Reads and
 * writes go through the top layer. Nothing here prints or logs protocol data: what
 * passes through may be a password.
 */
#ifndef TERN_NET_CONN_H
#define TERN_NET_CONN_H

#include "core/core.h"

struct config;
struct conn;

/* What the user said about a certificate that did not verify. */
enum cert_answer {
	CERT_REJECT,
	CERT_ACCEPT_ONCE,
	CERT_ACCEPT_ALWAYS, /* also store it in certificate_file */
};

/*
 * A server certificate that failed verification, for the question to the
 * user. Every string is valid UTF-8 without control characters (the server
 * chose them) and lives until the callback returns.
 */
struct cert_info {
	const char *host;       /* the name we connected to */
	const char *subject;    /* RFC 2253 one-line form */
	const char *issuer;     /* RFC 2253 one-line form */
	const char *not_before; /* "2026-11-22 20:58:51 UTC" */
	const char *not_after;
	const char *sha256; /* "AB:CD:...": 32 bytes in colon-separated hex */
	const char *error;  /* why it failed, translated ("signed by an unknown authority") */
	bool host_matched;  /* the certificate names host (or $ssl_verify_host is off) */
	bool dates_valid;   /* now is within its validity */
	/*
	 * Whether "accept always" makes sense: false for a certificate that is
	 * out of date or for another host, since a stored copy would not be
	 * accepted later either (it is then treated as accept once).
	 */
	bool can_store;
};

/* Ask the user about a certificate; NULL in conn_tls_opts means reject. */
typedef enum cert_answer (*conn_cert_ask_fn)(void *ctx, const struct cert_info *ci);

/* TLS settings, from $certificate_file, $ssl_* (conn_opts_from_config). */
struct conn_tls_opts {
	/* mutt's $certificate_file: PEM certificates the user accepted; they
	 * are trusted, and "accept always" appends to it. NULL or "": none. */
	const char *cert_file;
	const char *ca_file;     /* $ssl_ca_certificates_file: extra CAs (PEM), or NULL */
	bool use_system_store;   /* $ssl_usesystemcerts */
	bool verify_host;        /* $ssl_verify_host */
	bool verify_dates;       /* $ssl_verify_dates */
	const char *verify_name; /* $ssl_verify_host_override: check this name instead, or NULL */
	bool partial_chains;     /* $ssl_verify_partial_chains: a trusted intermediate is enough */
	bool tls1_0, tls1_1;     /* $ssl_use_tlsv1, $ssl_use_tlsv1_1 (off: minimum TLS 1.2) */
	bool tls1_2, tls1_3;     /* $ssl_use_tlsv1_2, $ssl_use_tlsv1_3 */
	const char *ciphers;     /* $ssl_ciphers (TLS 1.2 and below), or NULL */
	/* Called for a certificate that does not verify, on the thread that
	 * called conn_start_tls, which waits for the answer. */
	conn_cert_ask_fn ask;
	void *ask_ctx;
};

struct conn_opts {
	const char *host;       /* name or address literal; also the TLS name (SNI, check) */
	const char *port;       /* number or service name */
	int connect_timeout_ms; /* per address; <= 0: 30 s */
	int io_timeout_ms;      /* longest wait for the peer in one read/write; <= 0: 60 s */
	/* Readable means the user abandoned the operation: any wait ends at
	 * once with ERR_CANCEL. -1: none. Never read or closed here. */
	int cancel_fd;
	struct conn_tls_opts tls;
	/*
	 * Choices for the protocol above, which the connection only carries:
	 * compress when the server offers it ($imap_deflate), and tell the
	 * server the client's name and version ($imap_send_id).
	 */
	bool compress;
	bool send_id;
};

/* The biggest line conn_read_line accepts when the caller has no better cap. */
#define CONN_LINE_MAX (1024 * 1024)

/*
 * Defaults for everything (system store, host and date checks on, TLS 1.2
 * and 1.3, no cancel fd); host and port stay NULL.
 */
void conn_opts_init(struct conn_opts *o);
/*
 * Fill o's timeouts and TLS settings from the configuration ($connect_timeout,
 * $certificate_file, $ssl_*). The strings point into cfg: keep it alive and
 * unchanged until conn_open/conn_start_tls return. host, port, cancel_fd and
 * the ask callback are left as they were.
 */
void conn_opts_from_config(struct conn_opts *o, const struct config *cfg);

/*
 * Resolve o->host and connect (non-blocking, each address in turn, within
 * o->connect_timeout_ms each), with TCP_NODELAY. The options are copied.
 * Returns 0 with *out set (free with conn_free), or ERR_IO / ERR_TIMEOUT /
 * ERR_CANCEL / ERR_NOTFOUND (name not resolved) with the reason in err.
 */
int conn_open(const struct conn_opts *o, struct conn **out, struct buf *err);

/*
 * A connection over fd, a connected stream socket (a socketpair in tests),
 * which it owns from now on (closed on failure too) and makes non-blocking. o's host and port only
 * name it in messages (NULL: "socket:0"). Returns 0 with *out, or ERR_IO.
 */
int conn_adopt_fd(int fd, const struct conn_opts *o, struct conn **out, struct buf *err);

/*
 * Push TLS on the connection and do the handshake: at once for implicit TLS
 * (imaps), after the server's OK for STARTTLS. Bytes already received and
 * not yet read are discarded (silently, save a log line with their count):
 * they came in plaintext and could be injected (CVE-2020-14093 class).
 * The certificate is checked against the system store, ca_file and
 * cert_file, and the host name; one that fails goes to the ask callback.
 * Returns 0, or ERR_TLS (the reason in err; the connection is then
 * unusable), ERR_TIMEOUT, ERR_CANCEL, ERR_CLOSED, ERR_INVAL (TLS already
 * on, or unsent data).
 */
int conn_start_tls(struct conn *c, struct buf *err);

/*
 * Read one line into line (reset first), without its CRLF (a bare LF also
 * ends a line). A line longer than max bytes gives ERR_LIMIT, after which
 * the connection is unusable (close it). Other errors: ERR_CLOSED (the peer
 * closed), ERR_TIMEOUT, ERR_CANCEL, ERR_IO, ERR_TLS.
 */
int conn_read_line(struct conn *c, struct buf *line, size_t max, struct buf *err);
/* Read exactly n bytes (an IMAP literal; the caller caps n) and append them to out. */
int conn_read_n(struct conn *c, size_t n, struct buf *out, struct buf *err);
/*
 * Wait up to timeout_ms (< 0: the io timeout) until data may be read: 0,
 * or ERR_TIMEOUT, ERR_CANCEL. For IDLE. Under TLS, 0 can come for a record
 * that holds no data; the next read then waits as usual.
 */
int conn_poll(struct conn *c, int timeout_ms, struct buf *err);
/* Bytes received and buffered but not yet returned by a read. */
size_t conn_pending(const struct conn *c);

/*
 * Queue (data, len) for sending; it goes out on conn_flush, or earlier when
 * much is queued. Callers pipeline commands and flush once.
 */
int conn_write(struct conn *c, const void *data, size_t len, struct buf *err);
int conn_write_str(struct conn *c, const char *s, struct buf *err);
/* Send everything queued. Errors as for reading. */
int conn_flush(struct conn *c, struct buf *err);

/*
 * Push the deflate layer (RFC 4978: raw deflate both ways), after the
 * server's OK to COMPRESS DEFLATE. Bytes already received and not yet read
 * came after that OK and are compressed: they are the layer's first input.
 * A read inflates at most 64 KiB at a time, so a stream that expands
 * without end costs no more memory than the reader's own caps allow; data
 * that does not inflate is ERR_PROTO and the connection is then unusable.
 * Each flush ends with a sync flush, so nothing waits in the compressor.
 * Returns 0, or ERR_INVAL (already on, or unsent data), ERR_CLOSED, ERR_IO.
 */
int conn_start_deflate(struct conn *c, struct buf *err);
/* True once the deflate layer is on. */
bool conn_is_compressed(const struct conn *c);

/* Byte counts of a connection: above every layer and on the socket. */
struct conn_stats {
	uint64_t data_in, data_out; /* what the protocol read and wrote */
	uint64_t wire_in, wire_out; /* what crossed the socket (after TLS and compression) */
};
/* The counts so far (also logged at debug level when the connection is freed). */
void conn_get_stats(const struct conn *c, struct conn_stats *out);

/* True once TLS is on. */
bool conn_is_tls(const struct conn *c);
/* The protocol and cipher, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384", or "" without TLS. */
const char *conn_tls_desc(const struct conn *c);
/* "host:port" (an IPv6 address in brackets), for messages. */
const char *conn_where(const struct conn *c);
/* The socket, for an event loop (poll it for input; read with conn_*). */
int conn_fd(const struct conn *c);
/* Close (a best-effort TLS close_notify that never waits) and free; *c becomes NULL. */
void conn_free(struct conn **c);

#endif /* TERN_NET_CONN_H */
