/*
 * conn_cert.c - certificates that did not verify: $certificate_file (mutt's
 * ~/.mutt_certificates: PEM certificates the user accepted), the
 * description shown to the user, and storing an "accept always".
 */
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include "core/core.h"
#include "net/conn_internal.h"

/* A certificate file is small; a huge one is a mistake, not something to parse. */
#define CERT_FILE_MAX (8 * 1024 * 1024)

/* Call fn(cert, ctx) for each certificate of path, stopping when it returns true. */
static int each_cert(const char *path, bool (*fn)(X509 *x, void *ctx), void *ctx, struct buf *err)
{
	struct buf data = BUF_INIT;
	int rc = file_read_all(path, &data, CERT_FILE_MAX);
	if (rc) {
		if (rc == ERR_NOTFOUND) {
			rc = 0; /* nothing accepted yet */
		} else {
			buf_printf(err, _("cannot read %s: %s"), path,
				   rc == ERR_LIMIT ? err_str(rc) : strerror(errno));
			rc = ERR_TLS;
		}
		buf_release(&data);
		return rc;
	}
	BIO *bio = BIO_new_mem_buf(data.data, (int)data.len);
	X509 *x;
	while (bio && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		bool stop = fn(x, ctx);
		X509_free(x);
		if (stop)
			break;
	}
	ERR_clear_error(); /* the end of the file reads as an error */
	BIO_free(bio);
	buf_release(&data);
	return 0;
}

static bool add_to_store(X509 *x, void *store)
{
	/* A certificate already there (the same CA twice) is not an error. */
	if (X509_STORE_add_cert(store, x) != 1)
		ERR_clear_error();
	return false;
}

int conn_cert_load_file(const char *path, void *store, struct buf *err)
{
	return each_cert(path, add_to_store, store, err);
}

struct find {
	X509 *leaf;
	bool found;
};

static bool same_cert(X509 *x, void *ctx)
{
	struct find *f = ctx;
	/* The exact certificate (the DER encoding), as mutt compares, not a name. */
	f->found = X509_cmp(x, f->leaf) == 0;
	return f->found;
}

/* ---- Description --------------------------------------------------------------- */

struct cert_text {
	struct buf subject, issuer, not_before, not_after, sha256, error;
};

/*
 * Append (s, n) as valid UTF-8 with every C0 and C1 control replaced by '?':
 * the server wrote these names, and the user's terminal will show them.
 */
static void add_printable(const char *s, size_t n, struct buf *out)
{
	while (n > 0) {
		uint32_t cp;
		size_t k = utf8_decode(s, n, &cp);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			buf_addch(out, '?');
		else
			buf_add_utf8(out, cp);
		s += k;
		n -= k;
	}
}

/* Append the name on one line (RFC 2253 order and escapes, UTF-8 kept). */
static void name_text(const X509_NAME *name, struct buf *out)
{
	BIO *bio = BIO_new(BIO_s_mem());
	unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
	if (bio && X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
		char *p;
		long n = BIO_get_mem_data(bio, &p);
		if (n > 0)
			add_printable(p, (size_t)n, out);
	}
	BIO_free(bio);
}

static void time_text(const ASN1_TIME *t, struct buf *out)
{
	struct tm tm;
	char tmp[64];
	if (t && ASN1_TIME_to_tm(t, &tm) == 1 &&
	    strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M:%S UTC", &tm) > 0)
		buf_addstr(out, tmp);
	else
		buf_addstr(out, "?");
}

static void fingerprint(X509 *x, struct buf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (X509_digest(x, EVP_sha256(), md, &n) != 1)
		return;
	for (unsigned int i = 0; i < n; i++)
		buf_printf(out, "%s%02X", i ? ":" : "", md[i]);
}

static bool dates_ok(X509 *x)
{
	return X509_cmp_current_time(X509_get0_notBefore(x)) < 0 &&
	       X509_cmp_current_time(X509_get0_notAfter(x)) > 0;
}

static bool host_ok(const struct conn *c, X509 *x)
{
	if (!c->tls.verify_host)
		return true;
	const char *name = c->tls.verify_name ? c->tls.verify_name : c->host;
	if (X509_check_ip_asc(x, name, 0) == 1)
		return true;
	return X509_check_host(x, name, 0, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1;
}

/* Why verification failed, for the user. */
static void reason_text(const struct conn *c, long vr, struct buf *out)
{
	switch (vr) {
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		buf_printf(out, _("the certificate for %s is signed by an unknown authority"),
			   c->host);
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		buf_printf(out, _("the certificate for %s has expired"), c->host);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		buf_printf(out, _("the certificate for %s is not valid yet"), c->host);
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		buf_printf(out, _("the certificate does not name the server %s"),
			   c->tls.verify_name ? c->tls.verify_name : c->host);
		break;
	default:
		buf_printf(out, _("the certificate for %s did not verify: %s"), c->host,
			   X509_verify_cert_error_string(vr));
		break;
	}
}

/* ---- Storing ------------------------------------------------------------------------ */

/* Append x to path as PEM: one O_APPEND write, so readers never see half a certificate. */
static int store_cert(const char *path, X509 *x, struct buf *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	int rc = ERR_IO;
	if (!bio || PEM_write_bio_X509(bio, x) != 1) {
		buf_addstr(err, _("cannot encode the certificate"));
		ERR_clear_error();
		goto out;
	}
	char *p;
	long n = BIO_get_mem_data(bio, &p);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, p, (size_t)n) < 0 || fsync(fd) < 0) {
		buf_printf(err, _("cannot save the certificate in %s: %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	rc = close(fd) < 0 ? ERR_IO : 0;
	if (rc)
		buf_printf(err, _("cannot save the certificate in %s: %s"), path, strerror(errno));
out:
	BIO_free(bio);
	return rc;
}

/* ---- Deciding ----------------------------------------------------------------------- */

static void text_release(struct cert_text *t)
{
	buf_release(&t->subject);
	buf_release(&t->issuer);
	buf_release(&t->not_before);
	buf_release(&t->not_after);
	buf_release(&t->sha256);
	buf_release(&t->error);
}

static enum cert_answer ask_user(struct conn *c, X509 *x, struct cert_info *ci, struct cert_text *t)
{
	name_text(X509_get_subject_name(x), &t->subject);
	name_text(X509_get_issuer_name(x), &t->issuer);
	time_text(X509_get0_notBefore(x), &t->not_before);
	time_text(X509_get0_notAfter(x), &t->not_after);
	fingerprint(x, &t->sha256);
	*ci = (struct cert_info){
		.host = c->host,
		.subject = t->subject.data,
		.issuer = t->issuer.data,
		.not_before = t->not_before.data,
		.not_after = t->not_after.data,
		.sha256 = t->sha256.data,
		.error = t->error.data,
		.host_matched = host_ok(c, x),
		.dates_valid = dates_ok(x),
	};
	ci->can_store = c->tls.cert_file && ci->host_matched && ci->dates_valid;
	return c->tls.ask ? c->tls.ask(c->tls.ask_ctx, ci) : CERT_REJECT;
}

int conn_cert_decide(struct conn *c, void *leaf, long vr, struct buf *err)
{
	X509 *x = leaf;
	struct find f = { .leaf = x };
	/* A certificate the user accepted before, still in date and for this host.
	 * The file was read when the trust store was built, so it reads now. */
	struct buf scratch = BUF_INIT;
	if (c->tls.cert_file && (!c->tls.verify_dates || dates_ok(x)) && host_ok(c, x))
		each_cert(c->tls.cert_file, same_cert, &f, &scratch);
	buf_release(&scratch);
	if (f.found)
		return 0;
	struct cert_text t = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	reason_text(c, vr, &t.error);
	struct cert_info ci;
	enum cert_answer a = ask_user(c, x, &ci, &t);
	int rc = 0;
	if (a == CERT_REJECT) {
		buf_printf(err, _("%s (certificate rejected)"), t.error.data);
		rc = ERR_TLS;
	} else if (a == CERT_ACCEPT_ALWAYS && ci.can_store) {
		/* The user said yes: a file we cannot write costs the "always", not the connection. */
		struct buf e = BUF_INIT;
		if (store_cert(c->tls.cert_file, x, &e))
			log_msg(LOG_WARN, "conn: %s", e.data);
		buf_release(&e);
	}
	log_msg(LOG_INFO, "conn: %s: certificate %s: %s", c->where, t.sha256.data,
		rc ? "rejected" : "accepted");
	text_release(&t);
	return rc;
}
