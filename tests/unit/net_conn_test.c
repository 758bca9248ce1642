/*
 * net_conn_test.c - certificates and a scripted server for test_net_conn.
 */
#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "tests/unit/net_conn_test.h"

struct pki pki;

#define DAY (24L * 3600)

static EVP_PKEY *ec_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	assert_non_null(k);
	return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

/*
 * A certificate for cn valid from `from` to `to` seconds from now, signed
 * by issuer (NULL: self-signed); san NULL for a CA.
 */
static struct cred make_cred(const char *cn, const char *san, const struct cred *issuer, long from,
			     long to)
{
	static long serial = 1;
	struct cred c = { X509_new(), ec_key() };
	X509 *x = c.cert;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_gmtime_adj(X509_getm_notBefore(x), from);
	X509_gmtime_adj(X509_getm_notAfter(x), to);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"tern tests", -1,
				   -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->cert) : name);
	X509_set_pubkey(x, c.key);
	X509 *icert = issuer ? issuer->cert : x;
	if (san) {
		add_ext(x, icert, NID_basic_constraints, "CA:FALSE");
		add_ext(x, icert, NID_subject_alt_name, san);
	} else {
		add_ext(x, icert, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, icert, NID_key_usage, "critical,keyCertSign,cRLSign");
	}
	assert_true(X509_sign(x, issuer ? issuer->key : c.key, EVP_sha256()) > 0);
	return c;
}

static void cred_free(struct cred *c)
{
	X509_free(c->cert);
	EVP_PKEY_free(c->key);
}

void pki_path(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", pki.dir, name);
}

void pki_fingerprint(X509 *x, char *out, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	assert_int_equal(X509_digest(x, EVP_sha256(), md, &len), 1);
	size_t at = 0;
	for (unsigned int i = 0; i < len && at + 4 <= n; i++)
		at += (size_t)snprintf(out + at, n - at, "%s%02X", i ? ":" : "", md[i]);
}

int pki_setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(pki.dir, sizeof(pki.dir), "%s/tern-conn-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(pki.dir))
		return -1;
	pki.ca = make_cred("tern test CA", NULL, NULL, -DAY, 30 * DAY);
	pki.other = make_cred("nobody's CA", NULL, NULL, -DAY, 30 * DAY);
	const char *san = "DNS:localhost,IP:127.0.0.1";
	pki.good = make_cred("localhost", san, &pki.ca, -DAY, 30 * DAY);
	pki.wrong = make_cred("wrong.invalid", "DNS:wrong.invalid", &pki.ca, -DAY, 30 * DAY);
	pki.expired = make_cred("localhost", san, &pki.ca, -400 * DAY, -365 * DAY);
	pki.unknown = make_cred("localhost", san, &pki.other, -DAY, 30 * DAY);
	pki.selfsigned = make_cred("localhost", san, NULL, -DAY, 30 * DAY);
	/* ESC [ 2 J (clear screen), then C1 CSI (U+009B) and an e acute. */
	pki.rude = make_cred("a\x1b[2Jb\xc2\x9b"
			     "2Jc\xc3\xa9",
			     san, NULL, -DAY, 30 * DAY);
	pki_path("ca.pem", pki.ca_pem, sizeof(pki.ca_pem));
	FILE *f = fopen(pki.ca_pem, "w");
	if (!f || PEM_write_X509(f, pki.ca.cert) != 1)
		return -1;
	fclose(f);
	signal(SIGPIPE, SIG_IGN); /* the test server's writes to a client that gave up */
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int pki_teardown(void **state)
{
	(void)state;
	struct cred *all[] = { &pki.ca,      &pki.other,   &pki.good,      &pki.wrong,
			       &pki.expired, &pki.unknown, &pki.selfsigned };
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		cred_free(all[i]);
	nftw(pki.dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* ---- The server --------------------------------------------------------------- */

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	s->fd = accept(s->lfd, NULL, NULL);
	if (s->fd < 0)
		return NULL;
	/* A client that misbehaves must not hang the test. */
	struct timeval tv = { .tv_sec = 3 };
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	s->script(s);
	if (s->ssl) {
		SSL_shutdown(s->ssl);
		SSL_free(s->ssl);
		s->ssl = NULL;
	}
	close(s->fd);
	s->fd = -1;
	ERR_clear_error();
	return NULL;
}

void srv_start(struct srv *s, srv_script script, const struct cred *cred)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->script = script;
	s->cred = cred;
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 4), 0);
	socklen_t len = sizeof(a);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	snprintf(s->port, sizeof(s->port), "%d", ntohs(a.sin_port));
	assert_int_equal(pthread_create(&s->thread, NULL, srv_main, s), 0);
}

void srv_stop(struct srv *s)
{
	/* Unblock an accept that never got its client. */
	shutdown(s->lfd, SHUT_RDWR);
	pthread_join(s->thread, NULL);
	close(s->lfd);
	SSL_CTX_free(s->ctx);
}

void srv_send(struct srv *s, const void *p, size_t n)
{
	if (s->ssl) {
		size_t done;
		SSL_write_ex(s->ssl, p, n, &done);
		return;
	}
	if (write(s->fd, p, n) < 0)
		return; /* the client went away: its test says what it saw */
}

void srv_sends(struct srv *s, const char *str)
{
	srv_send(s, str, strlen(str));
}

static ssize_t srv_recv(struct srv *s, char *p, size_t n)
{
	if (!s->ssl)
		return read(s->fd, p, n);
	size_t got = 0;
	return SSL_read_ex(s->ssl, p, n, &got) == 1 ? (ssize_t)got : 0;
}

bool srv_read_line(struct srv *s)
{
	size_t n = 0;
	char ch;
	while (n + 1 < sizeof(s->got) && srv_recv(s, &ch, 1) == 1) {
		if (ch == '\n') {
			s->got[n] = 0;
			return true;
		}
		s->got[n++] = ch;
	}
	s->got[n] = 0;
	return false;
}

bool srv_tls(struct srv *s)
{
	s->ctx = SSL_CTX_new(TLS_server_method());
	if (!s->ctx || SSL_CTX_use_certificate(s->ctx, s->cred->cert) != 1 ||
	    SSL_CTX_use_PrivateKey(s->ctx, s->cred->key) != 1)
		return false;
	s->ssl = SSL_new(s->ctx);
	SSL_set_fd(s->ssl, s->fd);
	if (SSL_accept(s->ssl) == 1)
		return true;
	SSL_free(s->ssl);
	s->ssl = NULL;
	return false;
}

void srv_wait_close(struct srv *s)
{
	char tmp[256];
	while (srv_recv(s, tmp, sizeof(tmp)) > 0)
		;
}

void test_opts(struct conn_opts *o, const struct srv *s)
{
	conn_opts_init(o);
	o->host = "127.0.0.1";
	o->port = s->port;
	o->connect_timeout_ms = 2000;
	o->io_timeout_ms = 2000;
	o->tls.use_system_store = false;
}

void srv_silent(struct srv *s)
{
	srv_wait_close(s);
}

struct conn *test_open(const struct srv *s, const struct conn_opts *o)
{
	struct conn_opts def;
	if (!o) {
		test_opts(&def, s);
		o = &def;
	}
	struct conn *c = NULL;
	struct buf err = BUF_INIT;
	int rc = conn_open(o, &c, &err);
	if (rc)
		fail_msg("conn_open: %d %s", rc, err.data);
	buf_release(&err);
	assert_non_null(c);
	return c;
}

struct conn *test_open_tls(const struct srv *s, const char *host)
{
	struct conn_opts o;
	test_opts(&o, s);
	if (host)
		o.host = host;
	o.tls.cert_file = pki.ca_pem;
	struct conn *c = test_open(s, &o);
	struct buf err = BUF_INIT;
	int rc = conn_start_tls(c, &err);
	if (rc)
		fail_msg("conn_start_tls: %d %s", rc, err.data);
	buf_release(&err);
	return c;
}
