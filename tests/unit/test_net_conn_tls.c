/*
 * test_net_conn_tls.c - implicit TLS against a server on 127.0.0.1 with
 * certificates made at test time: trusted through certificate_file or a CA
 * file, and refused, asked about and stored when they do not verify.
 */
#include <openssl/pem.h>
#include <sys/stat.h>

#include "tests/unit/net_conn_test.h"

/* Greet over TLS, echo one line, then wait for the client to go. */
static void script_tls_echo(struct srv *s)
{
	if (!srv_tls(s))
		return;
	srv_sends(s, "* OK tls ready\r\n");
	if (srv_read_line(s)) {
		srv_sends(s, s->got);
		srv_sends(s, "\n");
	}
	srv_wait_close(s);
}

/* What the ask callback saw and says. */
struct asked {
	int calls;
	enum cert_answer answer;
	bool host_matched, dates_valid, can_store;
	char sha256[100], subject[200], issuer[200], error[200], not_after[40];
};

static enum cert_answer ask(void *ctx, const struct cert_info *ci)
{
	struct asked *a = ctx;
	a->calls++;
	a->host_matched = ci->host_matched;
	a->dates_valid = ci->dates_valid;
	a->can_store = ci->can_store;
	snprintf(a->sha256, sizeof(a->sha256), "%s", ci->sha256);
	snprintf(a->subject, sizeof(a->subject), "%s", ci->subject);
	snprintf(a->issuer, sizeof(a->issuer), "%s", ci->issuer);
	snprintf(a->error, sizeof(a->error), "%s", ci->error);
	snprintf(a->not_after, sizeof(a->not_after), "%s", ci->not_after);
	return a->answer;
}

/*
 * Connect over implicit TLS to a server with cred; o_fn adjusts the options.
 * Returns conn_start_tls's code; on success the echo is checked too.
 */
static int tls_try(const struct cred *cred, const char *cert_file, const char *ca_file,
		   struct asked *a, bool verify_host, struct buf *err)
{
	struct srv s;
	srv_start(&s, script_tls_echo, cred);
	struct conn_opts o;
	test_opts(&o, &s);
	o.tls.cert_file = cert_file;
	o.tls.ca_file = ca_file;
	o.tls.verify_host = verify_host;
	if (a) {
		o.tls.ask = ask;
		o.tls.ask_ctx = a;
	}
	struct conn *c = NULL;
	int rc = conn_open(&o, &c, err);
	assert_int_equal(rc, 0);
	rc = conn_start_tls(c, err);
	if (rc == 0) {
		struct buf line = BUF_INIT;
		assert_true(conn_is_tls(c));
		assert_true(strncmp(conn_tls_desc(c), "TLSv1.", 6) == 0);
		assert_int_equal(conn_read_line(c, &line, 100, err), 0);
		assert_buf_eq(&line, "* OK tls ready");
		assert_int_equal(conn_write_str(c, "a1 LOGIN x y\r\n", err), 0);
		assert_int_equal(conn_flush(c, err), 0);
		assert_int_equal(conn_read_line(c, &line, 100, err), 0);
		assert_buf_eq(&line, "a1 LOGIN x y");
		buf_release(&line);
	} else {
		/* A refused certificate leaves nothing to talk over. */
		struct buf line = BUF_INIT, e2 = BUF_INIT;
		assert_int_not_equal(conn_write_str(c, "a1 LOGIN x y\r\n", &e2), 0);
		assert_int_not_equal(conn_read_line(c, &line, 100, &e2), 0);
		buf_release(&line);
		buf_release(&e2);
	}
	conn_free(&c);
	srv_stop(&s);
	return rc;
}

static void tls_ca_in_certificate_file_verifies(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	int rc = tls_try(&pki.good, pki.ca_pem, NULL, NULL, true, &err);
	if (rc)
		fail_msg("%d %s", rc, err.data);
	buf_release(&err);
}

static void tls_explicit_ca_file_verifies(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	assert_int_equal(tls_try(&pki.good, NULL, pki.ca_pem, NULL, true, &err), 0);
	/* And without any trust the same server is refused. */
	assert_int_equal(tls_try(&pki.good, NULL, NULL, NULL, true, &err), ERR_TLS);
	buf_release(&err);
}

static void tls_unknown_ca_without_callback_is_refused(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	assert_int_equal(tls_try(&pki.unknown, pki.ca_pem, NULL, NULL, true, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "certificate for 127.0.0.1 is signed by an unknown "
					 "authority"));
	assert_non_null(strstr(err.data, "rejected"));
	buf_release(&err);
}

static void tls_wrong_host_is_refused(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct asked a = { .answer = CERT_REJECT };
	assert_int_equal(tls_try(&pki.wrong, pki.ca_pem, NULL, &a, true, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "does not name the server 127.0.0.1"));
	assert_int_equal(a.calls, 1);
	assert_false(a.host_matched);
	assert_true(a.dates_valid);
	assert_false(a.can_store);
	assert_non_null(strstr(a.subject, "CN=wrong.invalid"));
	/* With $ssl_verify_host unset the name is not checked. */
	buf_reset(&err);
	assert_int_equal(tls_try(&pki.wrong, pki.ca_pem, NULL, NULL, false, &err), 0);
	buf_release(&err);
}

static void tls_expired_is_refused(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	assert_int_equal(tls_try(&pki.expired, pki.ca_pem, NULL, NULL, true, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "certificate for 127.0.0.1 has expired"));
	/* Accepted "always" by the user, an expired certificate is not stored. */
	char path[300];
	pki_path("expired-certs", path, sizeof(path));
	struct asked a = { .answer = CERT_ACCEPT_ALWAYS };
	assert_int_equal(tls_try(&pki.expired, path, pki.ca_pem, &a, true, &err), 0);
	assert_int_equal(a.calls, 1);
	assert_false(a.dates_valid);
	assert_false(a.can_store);
	struct stat st;
	assert_int_equal(stat(path, &st), -1);
	buf_release(&err);
}

static void tls_accept_always_stores_and_trusts(void **state)
{
	(void)state;
	char path[300], want[100];
	pki_path("accepted-certs", path, sizeof(path));
	pki_fingerprint(pki.selfsigned.cert, want, sizeof(want));
	struct buf err = BUF_INIT;
	struct asked a = { .answer = CERT_ACCEPT_ALWAYS };
	int rc = tls_try(&pki.selfsigned, path, NULL, &a, true, &err);
	if (rc)
		fail_msg("%d %s", rc, err.data);
	assert_int_equal(a.calls, 1);
	assert_string_equal(a.sha256, want);
	assert_int_equal(strlen(a.sha256), 32 * 3 - 1);
	assert_true(a.host_matched);
	assert_true(a.dates_valid);
	assert_true(a.can_store);
	assert_non_null(strstr(a.error, "unknown authority"));
	assert_non_null(strstr(a.subject, "CN=localhost"));
	assert_non_null(strstr(a.issuer, "O=tern tests"));
	assert_non_null(strstr(a.not_after, " UTC"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	struct buf data = BUF_INIT;
	assert_int_equal(file_read_all(path, &data, 0), 0);
	assert_non_null(strstr(data.data, "-----BEGIN CERTIFICATE-----"));
	/* The next connection trusts it without asking. */
	struct asked b = { .answer = CERT_REJECT };
	assert_int_equal(tls_try(&pki.selfsigned, path, NULL, &b, true, &err), 0);
	assert_int_equal(b.calls, 0);
	/* A different certificate is still asked about. */
	assert_int_equal(tls_try(&pki.unknown, path, NULL, &b, true, &err), ERR_TLS);
	assert_int_equal(b.calls, 1);
	buf_release(&data);
	buf_release(&err);
}

static void tls_accept_once_does_not_store(void **state)
{
	(void)state;
	char path[300];
	pki_path("once-certs", path, sizeof(path));
	struct buf err = BUF_INIT;
	struct asked a = { .answer = CERT_ACCEPT_ONCE };
	assert_int_equal(tls_try(&pki.unknown, path, NULL, &a, true, &err), 0);
	assert_int_equal(a.calls, 1);
	struct stat st;
	assert_int_equal(stat(path, &st), -1);
	/* Next time it is asked again, and without a callback refused. */
	assert_int_equal(tls_try(&pki.unknown, path, NULL, &a, true, &err), 0);
	assert_int_equal(a.calls, 2);
	assert_int_equal(tls_try(&pki.unknown, path, NULL, NULL, true, &err), ERR_TLS);
	buf_release(&err);
}

/* The server closes after the handshake without a word. */
static void script_tls_close(struct srv *s)
{
	srv_tls(s);
}

static void tls_peer_close_is_closed(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_tls_close, &pki.good);
	struct conn *c = test_open_tls(&s, NULL);
	struct buf err = BUF_INIT, line = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), ERR_CLOSED);
	assert_non_null(strstr(err.data, "closed the connection"));
	conn_free(&c);
	srv_stop(&s);
	buf_release(&err);
	buf_release(&line);
}

/* A plaintext server where TLS is expected: a handshake error, never plaintext. */
static void script_plain_greeting(struct srv *s)
{
	srv_sends(s, "* OK plain IMAP here\r\n");
	srv_wait_close(s);
}

static void tls_to_plaintext_server_fails(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_plain_greeting, NULL);
	struct conn_opts o;
	test_opts(&o, &s);
	o.tls.cert_file = pki.ca_pem;
	struct conn *c = NULL;
	struct buf err = BUF_INIT, line = BUF_INIT;
	assert_int_equal(conn_open(&o, &c, &err), 0);
	assert_int_equal(conn_start_tls(c, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "TLS handshake with 127.0.0.1:"));
	assert_int_not_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(line.len, 0);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&err);
	buf_release(&line);
}

/* Read everything up to "END", then answer with the byte count and a big literal. */
static void script_tls_bulk(struct srv *s)
{
	if (!srv_tls(s))
		return;
	size_t total = 0;
	while (srv_read_line(s) && strcmp(s->got, "END\r") != 0)
		total += strlen(s->got) + 1;
	char msg[64];
	snprintf(msg, sizeof(msg), "* got %zu\r\n* 1 FETCH (BODY[] {300000}\r\n", total);
	srv_sends(s, msg);
	static char big[300000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	srv_send(s, big, sizeof(big));
	srv_sends(s, ")\r\n");
	srv_wait_close(s);
}

static void tls_moves_bulk_both_ways(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_tls_bulk, &pki.good);
	struct conn *c = test_open_tls(&s, NULL);
	struct buf err = BUF_INIT, line = BUF_INIT, lit = BUF_INIT;
	/* 4,000 lines of 100 bytes: more than the queue holds, so some go out early. */
	char l100[101];
	memset(l100, 'q', 99);
	l100[99] = '\n';
	l100[100] = 0;
	for (int i = 0; i < 4000; i++)
		assert_int_equal(conn_write(c, l100, 100, &err), 0);
	assert_int_equal(conn_write_str(c, "END\r\n", &err), 0);
	assert_int_equal(conn_flush(c, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "* got 400000");
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(conn_read_n(c, 300000, &lit, &err), 0);
	assert_int_equal(lit.len, 300000);
	assert_int_equal(lit.data[299999], 'a' + 299999 % 26);
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, ")");
	conn_free(&c);
	srv_stop(&s);
	buf_release(&err);
	buf_release(&line);
	buf_release(&lit);
}

/* By name: "localhost" resolves (perhaps to ::1 first, where nobody listens) and is checked as a DNS name. */
static void tls_by_host_name(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_tls_echo, &pki.good);
	struct conn *c = test_open_tls(&s, "localhost");
	struct buf err = BUF_INIT, line = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "* OK tls ready");
	conn_free(&c);
	srv_stop(&s);
	buf_release(&err);
	buf_release(&line);
}

/* A server that accepts and never answers the handshake: a timeout, then a cancel. */
static void tls_handshake_times_out_or_cancels(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	int p[2];
	assert_int_equal(pipe(p), 0);
	for (int cancel = 0; cancel < 2; cancel++) {
		struct srv s;
		srv_start(&s, srv_silent, &pki.good);
		struct conn_opts o;
		test_opts(&o, &s);
		o.io_timeout_ms = cancel ? 5000 : 300;
		o.cancel_fd = cancel ? p[0] : -1;
		struct conn *c = NULL;
		assert_int_equal(conn_open(&o, &c, &err), 0);
		if (cancel)
			assert_int_equal(write(p[1], "x", 1), 1);
		buf_reset(&err);
		assert_int_equal(conn_start_tls(c, &err), cancel ? ERR_CANCEL : ERR_TIMEOUT);
		if (!cancel)
			assert_non_null(strstr(err.data, "for 0.3 s"));
		assert_false(conn_is_tls(c));
		conn_free(&c);
		srv_stop(&s);
	}
	close(p[0]);
	close(p[1]);
	buf_release(&err);
}

/* The names shown to the user carry no terminal controls, whatever the server put there. */
static void tls_cert_names_are_printable(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct asked a = { .answer = CERT_REJECT };
	assert_int_equal(tls_try(&pki.rude, NULL, NULL, &a, true, &err), ERR_TLS);
	assert_int_equal(a.calls, 1);
	for (const char *p = a.subject; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_null(strstr(a.subject, "\xc2\x9b"));
	assert_non_null(strstr(a.subject, "c\xc3\xa9")); /* UTF-8 letters stay */
	assert_non_null(strstr(a.subject, "CN=a"));
	buf_release(&err);
}

/* Connect to a server with cred using o's TLS settings; conn_start_tls's code. */
static int tls_with(const struct cred *cred, const struct conn_tls_opts *tls, struct buf *err)
{
	struct srv s;
	srv_start(&s, script_tls_echo, cred);
	struct conn_opts o;
	test_opts(&o, &s);
	o.tls = *tls;
	struct conn *c = test_open(&s, &o);
	buf_reset(err);
	int rc = conn_start_tls(c, err);
	conn_free(&c);
	srv_stop(&s);
	return rc;
}

static void tls_host_override_and_partial_chains(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct conn_opts base;
	conn_opts_init(&base);
	struct conn_tls_opts t = base.tls;
	t.use_system_store = false;
	t.cert_file = pki.ca_pem;
	/* $ssl_verify_host_override: the name to check instead of the one dialled. */
	t.verify_name = "wrong.invalid";
	assert_int_equal(tls_with(&pki.wrong, &t, &err), 0);
	assert_int_equal(tls_with(&pki.good, &t, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "does not name the server wrong.invalid"));
	/* The leaf alone as a trust anchor: only with $ssl_verify_partial_chains. */
	char leaf[300];
	pki_path("leaf.pem", leaf, sizeof(leaf));
	FILE *f = fopen(leaf, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_X509(f, pki.good.cert), 1);
	fclose(f);
	t.verify_name = NULL;
	t.cert_file = NULL;
	t.ca_file = leaf;
	assert_int_equal(tls_with(&pki.good, &t, &err), ERR_TLS);
	t.partial_chains = true;
	assert_int_equal(tls_with(&pki.good, &t, &err), 0);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tls_ca_in_certificate_file_verifies),
		cmocka_unit_test(tls_explicit_ca_file_verifies),
		cmocka_unit_test(tls_unknown_ca_without_callback_is_refused),
		cmocka_unit_test(tls_wrong_host_is_refused),
		cmocka_unit_test(tls_expired_is_refused),
		cmocka_unit_test(tls_accept_always_stores_and_trusts),
		cmocka_unit_test(tls_accept_once_does_not_store),
		cmocka_unit_test(tls_peer_close_is_closed),
		cmocka_unit_test(tls_to_plaintext_server_fails),
		cmocka_unit_test(tls_moves_bulk_both_ways),
		cmocka_unit_test(tls_by_host_name),
		cmocka_unit_test(tls_handshake_times_out_or_cancels),
		cmocka_unit_test(tls_cert_names_are_printable),
		cmocka_unit_test(tls_host_override_and_partial_chains),
	};
	return cmocka_run_group_tests(tests, pki_setup, pki_teardown);
}
