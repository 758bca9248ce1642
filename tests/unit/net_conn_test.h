/*
 * net_conn_test.h - shared by the connection tests: certificates made at
 * test time (a test CA, a second unknown CA, leaf certificates good, for the
 * wrong host, expired and self-signed), and a scripted server on
 * 127.0.0.1 run in a thread, plain or TLS.
 */
#ifndef TERN_NET_CONN_TEST_H
#define TERN_NET_CONN_TEST_H

#include <openssl/ssl.h>
#include <pthread.h>

#include "tests/unit/unit.h"

#include "net/conn.h"

struct cred {
	X509 *cert;
	EVP_PKEY *key;
};

struct pki {
	char dir[256];          /* scratch directory, removed at the end */
	char ca_pem[300];       /* the test CA as PEM */
	struct cred ca;         /* the test CA */
	struct cred other;      /* a CA nobody trusts */
	struct cred good;       /* localhost, 127.0.0.1, from the test CA */
	struct cred wrong;      /* wrong.invalid, from the test CA */
	struct cred expired;    /* 127.0.0.1, from the test CA, expired a year ago */
	struct cred unknown;    /* 127.0.0.1, from the other CA */
	struct cred selfsigned; /* 127.0.0.1, its own issuer */
	struct cred rude;       /* self-signed, with terminal controls in its name */
};

extern struct pki pki;

int pki_setup(void **state);
int pki_teardown(void **state);
/* "<pki.dir>/name" into out (size n). */
void pki_path(const char *name, char *out, size_t n);
/* The SHA-256 fingerprint of x in the form conn reports. */
void pki_fingerprint(X509 *x, char *out, size_t n);

struct srv;
typedef void (*srv_script)(struct srv *s);

/* A server for one connection; the script talks to the client. */
struct srv {
	int lfd, fd;
	char port[8];
	pthread_t thread;
	srv_script script;
	const struct cred *cred; /* for srv_tls */
	SSL_CTX *ctx;
	SSL *ssl;
	char got[256]; /* the last line srv_read_line read */
};

/* Listen on 127.0.0.1 (any port) and run script in a thread for the first connection. */
void srv_start(struct srv *s, srv_script script, const struct cred *cred);
/* Wait for the script to end and free everything. */
void srv_stop(struct srv *s);

/* For scripts: plain or (after srv_tls) TLS I/O; each gives up after a few seconds. */
void srv_send(struct srv *s, const void *p, size_t n);
void srv_sends(struct srv *s, const char *str);
/* Read a line (up to LF) into s->got; false at the end of the stream. */
bool srv_read_line(struct srv *s);
/* The TLS handshake as the server; false when it fails. */
bool srv_tls(struct srv *s);
/* Wait until the client closes (or a few seconds pass). */
void srv_wait_close(struct srv *s);

/* A script that says nothing and waits for the client to go. */
void srv_silent(struct srv *s);

/* Options for 127.0.0.1:port with short timeouts and no system store. */
void test_opts(struct conn_opts *o, const struct srv *s);
/* Connect to s with o (test_opts when NULL), failing the test on an error. */
struct conn *test_open(const struct srv *s, const struct conn_opts *o);
/* Connect to s by host (NULL: 127.0.0.1) trusting the test CA, and start TLS; fails the test on an error. */
struct conn *test_open_tls(const struct srv *s, const char *host);

#endif /* TERN_NET_CONN_TEST_H */
