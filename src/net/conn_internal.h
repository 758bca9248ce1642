/*
 * conn_internal.h - what the files of src/net/conn share: the connection,
 * and the layer interface (socket at the bottom, TLS above it, and deflate
 * for IMAP COMPRESS=DEFLATE above TLS: conn_zlib.c).
 */
#ifndef TERN_NET_CONN_INTERNAL_H
#define TERN_NET_CONN_INTERNAL_H

#include <sys/types.h>

#include "net/conn.h"

struct conn_layer;

/*
 * One layer's operations. recv and send never block: they return the byte
 * count (> 0), 0 for recv at the end of the stream, ERR_AGAIN with *wait set
 * to the poll events needed on the socket (POLLIN or POLLOUT: TLS may need
 * to write to read), or another negative code with the reason in err.
 */
struct conn_layer_ops {
	const char *name;
	ssize_t (*recv)(struct conn_layer *l, void *p, size_t n, short *wait, struct buf *err);
	ssize_t (*send)(struct conn_layer *l, const void *p, size_t n, short *wait,
			struct buf *err);
	/* True when the layer holds received data (SSL_pending), so a poll on the socket would lie. */
	bool (*pending)(const struct conn_layer *l);
	/* Best-effort close without waiting, then free the layer (not the ones below). */
	void (*close)(struct conn_layer *l);
};

struct conn_layer {
	const struct conn_layer_ops *ops;
	struct conn_layer *below; /* NULL for the socket */
	struct conn *conn;
};

struct conn {
	struct conn_layer *top;
	int fd;
	char *host, *port;
	char *where; /* "host:port", for messages */
	int connect_timeout_ms, io_timeout_ms, cancel_fd;
	struct conn_tls_opts tls; /* strings owned (copied) */
	struct buf rbuf;          /* received, not yet read: data[rpos..len) */
	size_t rpos;
	struct buf wbuf; /* queued for sending */
	bool broken;     /* a framing or transport error: no more protocol */
	bool tls_on;
	bool deflate_on;
	struct conn_stats stats; /* conn_get_stats */
	char tls_desc[96];       /* conn_tls_desc */
};

/* The socket layer (conn.c). */
struct conn_layer *conn_socket_layer_new(struct conn *c);

/*
 * Wait until the socket is ready for events, or timeout_ms passes
 * (ERR_TIMEOUT, naming c->where), or cancel_fd is readable (ERR_CANCEL).
 */
int conn_wait(struct conn *c, short events, int timeout_ms, struct buf *err);

/* Push l on top of c's stack. */
void conn_push_layer(struct conn *c, struct conn_layer *l);

/* Certificates (conn_cert.c), given OpenSSL objects as void to keep this header free of OpenSSL. */
/* Decide on a peer certificate that did not verify (code vr): 0 to accept, ERR_TLS to refuse. */
int conn_cert_decide(struct conn *c, void *x509_leaf, long vr, struct buf *err);
/* Add every certificate of the PEM file path to the X509_STORE store; a missing file is fine. */
int conn_cert_load_file(const char *path, void *x509_store, struct buf *err);

#endif /* TERN_NET_CONN_INTERNAL_H */
