/*
 * conn_tls.c - the TLS layer (OpenSSL 3): the context from the options,
 * the handshake, and reading and writing through the layer below by a BIO
 * of our own, so that TLS neither touches the socket directly nor raises
 * SIGPIPE, and a layer could sit between it and the socket.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include "core/core.h"
#include "net/conn_internal.h"

struct tls_layer {
	struct conn_layer base;
	SSL_CTX *ctx;
	SSL *ssl;
	BIO_METHOD *meth;
	bool eof;     /* the layer below reached the end of the stream */
	int below_rc; /* an error from below, its reason in below_err */
	struct buf below_err;
};

/* ---- The BIO over the layer below ----------------------------------------------- */

/* Move bytes through the layer below; OpenSSL sees "retry" where that layer would block. */
static int bio_io(BIO *b, bool sending, char *p, size_t n, size_t *done)
{
	struct tls_layer *t = BIO_get_data(b);
	struct conn_layer *below = t->base.below;
	short wait = 0;
	BIO_clear_retry_flags(b);
	ssize_t r = sending ? below->ops->send(below, p, n, &wait, &t->below_err)
			    : below->ops->recv(below, p, n, &wait, &t->below_err);
	if (r > 0) {
		*done = (size_t)r;
		return 1;
	}
	/* The retry direction follows what the layer below waits for (TLS may read to write). */
	if (r == ERR_AGAIN && wait == POLLOUT)
		BIO_set_retry_write(b);
	else if (r == ERR_AGAIN)
		BIO_set_retry_read(b);
	else if (r == 0 && !sending)
		t->eof = true;
	else
		t->below_rc = r ? (int)r : ERR_IO;
	return 0;
}

static int bio_write(BIO *b, const char *p, size_t n, size_t *written)
{
	return bio_io(b, true, (char *)p, n, written);
}

static int bio_read(BIO *b, char *p, size_t n, size_t *got)
{
	return bio_io(b, false, p, n, got);
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b;
	(void)num;
	(void)ptr;
	return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static BIO_METHOD *bio_method_new(void)
{
	BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tern-conn");
	if (!m)
		return NULL;
	BIO_meth_set_write_ex(m, bio_write);
	BIO_meth_set_read_ex(m, bio_read);
	BIO_meth_set_ctrl(m, bio_ctrl);
	BIO_meth_set_create(m, bio_create);
	return m;
}

/* ---- Errors ------------------------------------------------------------------- */

/* The first OpenSSL error in the queue as text, or fallback; the queue is cleared. */
static void add_ssl_error(struct buf *err, const char *fallback)
{
	unsigned long e = ERR_get_error();
	if (e) {
		char tmp[256];
		ERR_error_string_n(e, tmp, sizeof(tmp));
		const char *reason = ERR_reason_error_string(e);
		buf_addstr(err, reason ? reason : tmp);
	} else {
		buf_addstr(err, fallback);
	}
	ERR_clear_error();
}

/*
 * Turn a failed SSL_* call into ERR_AGAIN (with the poll events), 0 (the end
 * of the stream) or an error with its reason.
 */
static ssize_t tls_result(struct tls_layer *t, int ret, short *wait, struct buf *err)
{
	switch (SSL_get_error(t->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		*wait = POLLIN;
		return ERR_AGAIN;
	case SSL_ERROR_WANT_WRITE:
		*wait = POLLOUT;
		return ERR_AGAIN;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	default:
		break;
	}
	if (t->below_rc) {
		buf_addbuf(err, &t->below_err);
		ERR_clear_error();
		return t->below_rc;
	}
	if (t->eof) {
		ERR_clear_error();
		return 0;
	}
	buf_printf(err, _("TLS error with %s: "), t->base.conn->where);
	add_ssl_error(err, _("unknown error"));
	return ERR_TLS;
}

/* ---- Layer operations ------------------------------------------------------------ */

static ssize_t tls_recv(struct conn_layer *l, void *p, size_t n, short *wait, struct buf *err)
{
	struct tls_layer *t = (struct tls_layer *)l;
	size_t got = 0;
	ERR_clear_error();
	int ok = SSL_read_ex(t->ssl, p, n, &got);
	return ok ? (ssize_t)got : tls_result(t, ok, wait, err);
}

static ssize_t tls_send(struct conn_layer *l, const void *p, size_t n, short *wait, struct buf *err)
{
	struct tls_layer *t = (struct tls_layer *)l;
	size_t done = 0;
	ERR_clear_error();
	int ok = SSL_write_ex(t->ssl, p, n, &done);
	if (ok)
		return (ssize_t)done;
	ssize_t r = tls_result(t, ok, wait, err);
	if (r == 0) {
		buf_addstr(err, _("the server closed the connection"));
		r = ERR_CLOSED;
	}
	return r;
}

static bool tls_pending(const struct conn_layer *l)
{
	const struct tls_layer *t = (const struct tls_layer *)l;
	return SSL_pending(t->ssl) > 0;
}

static void tls_close(struct conn_layer *l)
{
	struct tls_layer *t = (struct tls_layer *)l;
	if (t->ssl) {
		/* One non-blocking close_notify if the link still works; never wait for the reply. */
		if (!t->base.conn->broken && SSL_is_init_finished(t->ssl))
			SSL_shutdown(t->ssl);
		SSL_free(t->ssl); /* frees the BIO too */
	}
	ERR_clear_error();
	SSL_CTX_free(t->ctx);
	BIO_meth_free(t->meth);
	buf_release(&t->below_err);
	free(t);
}

static const struct conn_layer_ops tls_ops = {
	.name = "tls",
	.recv = tls_recv,
	.send = tls_send,
	.pending = tls_pending,
	.close = tls_close,
};

/* ---- Setting up --------------------------------------------------------------------- */

static int protocol_range(const struct conn_tls_opts *o, SSL_CTX *ctx, struct buf *err)
{
	static const struct {
		int version;
		size_t offset;
	} v[] = {
		{ TLS1_VERSION, offsetof(struct conn_tls_opts, tls1_0) },
		{ TLS1_1_VERSION, offsetof(struct conn_tls_opts, tls1_1) },
		{ TLS1_2_VERSION, offsetof(struct conn_tls_opts, tls1_2) },
		{ TLS1_3_VERSION, offsetof(struct conn_tls_opts, tls1_3) },
	};
	int lo = 0, hi = 0;
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		if (!*(const bool *)((const char *)o + v[i].offset))
			continue;
		if (!lo)
			lo = v[i].version;
		hi = v[i].version;
	}
	if (!lo) {
		buf_addstr(err, _("every TLS version is turned off ($ssl_use_tlsv1_*)"));
		return ERR_TLS;
	}
	SSL_CTX_set_min_proto_version(ctx, lo);
	SSL_CTX_set_max_proto_version(ctx, hi);
	/* OpenSSL 3's default security level refuses TLS 1.0 and 1.1 outright: a
	 * user who turned them on for an old server means it. */
	if (lo < TLS1_2_VERSION)
		SSL_CTX_set_security_level(ctx, 0);
	return 0;
}

/* Does dir hold OpenSSL's hashed links ("1a2b3c4d.0"), so that lookups can be lazy? */
static bool dir_is_hashed(const char *dir)
{
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	bool yes = false;

	while (d && !yes && (e = readdir(d)) != NULL)
		yes = strlen(e->d_name) == 10 && strspn(e->d_name, "0123456789abcdef") == 8 &&
		      e->d_name[8] == '.' && isdigit((unsigned char)e->d_name[9]);
	if (d)
		closedir(d);
	return yes;
}

/*
 * The system store. Its bundle file holds every CA, and parsing it costs
 * about 0.2 s a connection; the hashed directory beside it is read lazily,
 * one CA per lookup. So the directory when it is hashed (Debian's is), the
 * file only without one or when $SSL_CERT_FILE names it.
 */
static void system_store(SSL_CTX *ctx)
{
	const char *env_dir = getenv(X509_get_default_cert_dir_env());
	const char *dir = env_dir && *env_dir ? env_dir : X509_get_default_cert_dir();
	const char *env_file = getenv(X509_get_default_cert_file_env());
	bool lazy = dir_is_hashed(dir);

	if (lazy && SSL_CTX_set_default_verify_dir(ctx) != 1)
		lazy = false;
	if ((!lazy || (env_file && *env_file)) && SSL_CTX_set_default_verify_file(ctx) != 1)
		ERR_clear_error(); /* no system store is not fatal: certificate_file may do */
	ERR_clear_error();
}

static int trust_setup(const struct conn *c, SSL_CTX *ctx, struct buf *err)
{
	const struct conn_tls_opts *o = &c->tls;
	if (o->use_system_store)
		system_store(ctx);
	if (o->ca_file && SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) != 1) {
		buf_printf(err, _("cannot load the certificates of %s: "), o->ca_file);
		add_ssl_error(err, _("unknown error"));
		return ERR_TLS;
	}
	return o->cert_file ? conn_cert_load_file(o->cert_file, SSL_CTX_get_cert_store(ctx), err)
			    : 0;
}

static SSL_CTX *ctx_new(const struct conn *c, struct buf *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		buf_addstr(err, _("cannot set up TLS: "));
		add_ssl_error(err, _("unknown error"));
		return NULL;
	}
	/* Verification is done by OpenSSL, but judged after the handshake (tls_verify). */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* Never TLS compression (CRIME); IMAP's COMPRESS does it above TLS instead. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
	int rc = protocol_range(&c->tls, ctx, err);
	if (rc == 0 && c->tls.ciphers && SSL_CTX_set_cipher_list(ctx, c->tls.ciphers) != 1) {
		buf_printf(err, _("no usable cipher in $ssl_ciphers \"%s\""), c->tls.ciphers);
		ERR_clear_error();
		rc = ERR_TLS;
	}
	if (rc == 0)
		rc = trust_setup(c, ctx, err);
	if (rc) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* The name the certificate must carry: SNI for names, an IP check for address literals. */
static int name_setup(const struct conn *c, SSL *ssl)
{
	const char *name = c->tls.verify_name ? c->tls.verify_name : c->host;
	unsigned char addr[16];
	bool is_ip =
		inet_pton(AF_INET, c->host, addr) == 1 || inet_pton(AF_INET6, c->host, addr) == 1;
	if (!is_ip && SSL_set_tlsext_host_name(ssl, c->host) != 1)
		return -1;
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	if (!c->tls.verify_dates)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
	if (c->tls.partial_chains)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	if (!c->tls.verify_host)
		return 0;
	X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	bool name_is_ip =
		inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
	if (name_is_ip)
		return X509_VERIFY_PARAM_set1_ip_asc(param, name) == 1 ? 0 : -1;
	return X509_VERIFY_PARAM_set1_host(param, name, 0) == 1 ? 0 : -1;
}

static struct tls_layer *layer_new(struct conn *c, struct buf *err)
{
	struct tls_layer *t = xcalloc(1, sizeof(*t));
	t->below_err = (struct buf)BUF_INIT;
	t->base.ops = &tls_ops;
	t->ctx = ctx_new(c, err);
	if (!t->ctx)
		goto fail;
	t->meth = bio_method_new();
	t->ssl = SSL_new(t->ctx);
	BIO *bio = t->meth ? BIO_new(t->meth) : NULL;
	if (!t->ssl || !bio || name_setup(c, t->ssl) < 0) {
		BIO_free(bio);
		buf_addstr(err, _("cannot set up TLS: "));
		add_ssl_error(err, _("unknown error"));
		goto fail;
	}
	BIO_set_data(bio, t);
	SSL_set_bio(t->ssl, bio, bio);
	return t;
fail:
	t->base.conn = c;
	tls_close(&t->base);
	return NULL;
}

/* ---- The handshake ------------------------------------------------------------------ */

static int handshake(struct conn *c, struct tls_layer *t, struct buf *err)
{
	for (;;) {
		ERR_clear_error();
		int ret = SSL_connect(t->ssl);
		if (ret == 1)
			return 0;
		short wait = 0;
		struct buf e = BUF_INIT;
		ssize_t r = tls_result(t, ret, &wait, &e);
		if (r == ERR_AGAIN) {
			buf_release(&e);
			int rc = conn_wait(c, wait, c->io_timeout_ms, err);
			if (rc)
				return rc;
			continue;
		}
		if (r == 0) {
			buf_printf(err, _("%s closed the connection during the TLS handshake"),
				   c->where);
			r = ERR_CLOSED;
		} else {
			buf_printf(err, _("TLS handshake with %s failed: "), c->where);
			/* tls_result's prefix would repeat the host: keep its reason only. */
			const char *colon = strstr(e.data, ": ");
			buf_addstr(err, colon ? colon + 2 : e.data);
		}
		buf_release(&e);
		return (int)r;
	}
}

static int tls_verify(struct conn *c, struct tls_layer *t, struct buf *err)
{
	X509 *leaf = SSL_get0_peer_certificate(t->ssl);
	if (!leaf) {
		buf_printf(err, _("%s sent no certificate"), c->where);
		return ERR_TLS;
	}
	long vr = SSL_get_verify_result(t->ssl);
	return vr == X509_V_OK ? 0 : conn_cert_decide(c, leaf, vr, err);
}

static void describe(struct conn *c, SSL *ssl)
{
	const char *cipher = SSL_get_cipher_name(ssl);
	snprintf(c->tls_desc, sizeof(c->tls_desc), "%s %s", SSL_get_version(ssl),
		 cipher ? cipher : "");
}

/* Drop what came in plaintext before TLS: it could be injected (doc/internals/net.md). */
static void discard_plaintext(struct conn *c)
{
	size_t n = conn_pending(c);
	if (n > 0)
		log_msg(LOG_WARN, "conn: %s: discarded %zu bytes received before the TLS handshake",
			c->where, n);
	explicit_bzero(c->rbuf.data, c->rbuf.len);
	buf_reset(&c->rbuf);
	c->rpos = 0;
}

int conn_start_tls(struct conn *c, struct buf *err)
{
	if (c->broken) {
		buf_printf(err, _("the connection to %s is no longer usable"), c->where);
		return ERR_CLOSED;
	}
	if (c->tls_on || c->wbuf.len > 0) {
		buf_addstr(err, c->tls_on ? _("TLS is already on") : _("unsent data before TLS"));
		return ERR_INVAL;
	}
	discard_plaintext(c);
	struct tls_layer *t = layer_new(c, err);
	if (!t) {
		c->broken = true;
		return ERR_TLS;
	}
	conn_push_layer(c, &t->base);
	int rc = handshake(c, t, err);
	if (rc == 0)
		rc = tls_verify(c, t, err);
	if (rc) {
		/* A half-done or refused TLS never falls back to plaintext. */
		c->broken = true;
		return rc;
	}
	c->tls_on = true;
	describe(c, t->ssl);
	log_msg(LOG_DEBUG, "conn: %s: %s", c->where, c->tls_desc);
	return 0;
}
