/*
 * test_net_conn.c - connections over real sockets on 127.0.0.1: line and
 * literal reading, limits, close, timeout and cancel, and STARTTLS. The
 * certificate cases are in test_net_conn_tls.c.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "tests/unit/net_conn_test.h"

#include "config/config.h"

static long long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Plain reading ----------------------------------------------------------- */

static void script_lines(struct srv *s)
{
	srv_sends(s, "* OK hello\r\n* 1 FETCH (BODY[] {10}\r\nab\r\ncd\nefg)\r\nbare lf\n");
	srv_sends(s, "\r\n");
	if (srv_read_line(s)) {
		srv_sends(s, s->got);
		srv_sends(s, "\n");
	}
	srv_wait_close(s);
}

static void conn_reads_lines_and_a_literal(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_lines, NULL);
	struct conn *c = test_open(&s, NULL);
	struct buf line = BUF_INIT, lit = BUF_INIT, err = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "* OK hello");
	/* The rest came in the same segment: a poll answers at once. */
	if (conn_pending(c) > 0)
		assert_int_equal(conn_poll(c, 0, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "* 1 FETCH (BODY[] {10}");
	buf_addstr(&lit, "kept:");
	assert_int_equal(conn_read_n(c, 10, &lit, &err), 0);
	assert_buf_eq(&lit, "kept:ab\r\ncd\nefg");
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, ")");
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "bare lf");
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "");
	assert_int_equal(conn_pending(c), 0);
	/* Writes are queued until the flush. */
	assert_int_equal(conn_write_str(c, "a1 ", &err), 0);
	assert_int_equal(conn_write(c, "NOOP\r\nxyz", 6, &err), 0);
	assert_int_equal(conn_flush(c, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, "a1 NOOP");
	assert_false(conn_is_tls(c));
	conn_free(&c);
	assert_null(c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&lit);
	buf_release(&err);
}

/* A literal bigger than a read chunk, arriving in pieces. */
static void script_big_literal(struct srv *s)
{
	char chunk[1000];
	memset(chunk, 'x', sizeof(chunk));
	srv_sends(s, "* 1 FETCH (BODY[] {100000}\r\n");
	for (int i = 0; i < 100; i++) {
		chunk[0] = (char)('0' + i % 10);
		srv_send(s, chunk, sizeof(chunk));
	}
	srv_sends(s, ")\r\n");
	srv_wait_close(s);
}

static void conn_reads_a_big_literal(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_big_literal, NULL);
	struct conn *c = test_open(&s, NULL);
	struct buf line = BUF_INIT, lit = BUF_INIT, err = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(conn_read_n(c, 100000, &lit, &err), 0);
	assert_int_equal(lit.len, 100000);
	assert_int_equal(lit.data[0], '0');
	assert_int_equal(lit.data[99000], '9');
	assert_int_equal(lit.data[99999], 'x');
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_buf_eq(&line, ")");
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&lit);
	buf_release(&err);
}

static void script_long_line(struct srv *s)
{
	char big[150];
	memset(big, 'a', sizeof(big));
	srv_sends(s, "* OK exactly 100 bytes follow\r\n");
	char hundred[103];
	memset(hundred, 'b', 100);
	memcpy(hundred + 100, "\r\n", 3);
	srv_sends(s, hundred);
	srv_send(s, big, sizeof(big));
	srv_sends(s, "\r\n* after\r\n");
	srv_wait_close(s);
}

static void conn_line_over_max_is_limit(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_long_line, NULL);
	struct conn *c = test_open(&s, NULL);
	struct buf line = BUF_INIT, err = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(line.len, 100); /* exactly max is fine */
	assert_int_equal(conn_read_line(c, &line, 100, &err), ERR_LIMIT);
	assert_non_null(strstr(err.data, "longer than 100 bytes"));
	assert_int_equal(line.len, 0);
	/* The stream is out of step now: no more protocol on it. */
	buf_reset(&err);
	assert_int_equal(conn_read_line(c, &line, 1000, &err), ERR_CLOSED);
	assert_int_equal(conn_write_str(c, "x", &err), ERR_CLOSED);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

/* A line that never ends is cut at max, not read into memory forever. */
static void script_endless_line(struct srv *s)
{
	char big[4096];
	memset(big, 'z', sizeof(big));
	for (int i = 0; i < 64; i++)
		srv_send(s, big, sizeof(big));
	srv_wait_close(s);
}

static void conn_endless_line_stops_at_max(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_endless_line, NULL);
	struct conn *c = test_open(&s, NULL);
	struct buf line = BUF_INIT, err = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 10000, &err), ERR_LIMIT);
	assert_true(conn_pending(c) < 10000 + 16384 + 2);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

/* ---- The end of the stream, timeouts, cancel -------------------------------------- */

static void script_close_midline(struct srv *s)
{
	srv_sends(s, "* OK hello\r\n* half a li");
}

static void conn_peer_close_is_closed(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_close_midline, NULL);
	struct conn *c = test_open(&s, NULL);
	struct buf line = BUF_INIT, err = BUF_INIT;
	assert_int_equal(conn_read_line(c, &line, 100, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 100, &err), ERR_CLOSED);
	assert_non_null(strstr(err.data, "closed the connection"));
	buf_reset(&err);
	assert_int_equal(conn_read_n(c, 5, &line, &err), ERR_CLOSED);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

static void conn_silent_server_times_out(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, srv_silent, NULL);
	struct conn_opts o;
	test_opts(&o, &s);
	o.io_timeout_ms = 200;
	struct conn *c = test_open(&s, &o);
	struct buf line = BUF_INIT, err = BUF_INIT;
	long long t0 = ms_now();
	assert_int_equal(conn_read_line(c, &line, 100, &err), ERR_TIMEOUT);
	long long dt = ms_now() - t0;
	assert_true(dt >= 190 && dt < 1500);
	assert_non_null(strstr(err.data, "no answer from 127.0.0.1:"));
	assert_non_null(strstr(err.data, "for 0.2 s"));
	/* A timeout does not break the stream: IDLE waits this way. */
	buf_reset(&err);
	assert_int_equal(conn_poll(c, 50, &err), ERR_TIMEOUT);
	assert_int_equal(conn_write_str(c, "still usable\r\n", &err), 0);
	assert_int_equal(conn_flush(c, &err), 0);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

static void conn_cancel_fd_cancels_at_once(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, srv_silent, NULL);
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct conn_opts o;
	test_opts(&o, &s);
	o.io_timeout_ms = 5000;
	o.cancel_fd = p[0];
	struct conn *c = test_open(&s, &o);
	struct buf line = BUF_INIT, err = BUF_INIT;
	assert_int_equal(write(p[1], "x", 1), 1);
	long long t0 = ms_now();
	assert_int_equal(conn_read_line(c, &line, 100, &err), ERR_CANCEL);
	assert_true(ms_now() - t0 < 1000);
	assert_int_equal(conn_poll(c, 3000, &err), ERR_CANCEL);
	assert_true(ms_now() - t0 < 1000);
	conn_free(&c);
	srv_stop(&s);
	close(p[0]);
	close(p[1]);
	buf_release(&line);
	buf_release(&err);
}

static void conn_open_refused_port(void **state)
{
	(void)state;
	/* A port nobody listens on: bind one, then close it. */
	struct srv s;
	srv_start(&s, srv_silent, NULL);
	struct conn_opts o;
	test_opts(&o, &s);
	struct conn *c = test_open(&s, &o); /* let the server thread finish */
	conn_free(&c);
	srv_stop(&s);
	struct buf err = BUF_INIT;
	assert_int_equal(conn_open(&o, &c, &err), ERR_IO);
	assert_null(c);
	assert_non_null(strstr(err.data, "cannot connect to 127.0.0.1:"));
	buf_reset(&err);
	o.host = "";
	assert_int_equal(conn_open(&o, &c, &err), ERR_INVAL);
	buf_release(&err);
}

/*
 * A listener whose accept queue is full drops new SYNs, so connect hangs:
 * the connect timeout, then the cancel fd, end the wait.
 */
static void conn_open_hanging_connect(void **state)
{
	(void)state;
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	socklen_t len = sizeof(a);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	char port[8];
	snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
	struct conn_opts o;
	conn_opts_init(&o);
	o.host = "127.0.0.1";
	o.port = port;
	o.connect_timeout_ms = 300;
	/* Fill the queue; stop at the first connection that does not get in. */
	struct conn *held[4] = { NULL };
	struct buf err = BUF_INIT;
	int rc = 0;
	size_t n = 0;
	while (n < ARRAY_SIZE(held) && (rc = conn_open(&o, &held[n], &err)) == 0)
		n++;
	assert_int_equal(rc, ERR_TIMEOUT);
	assert_non_null(strstr(err.data, "no answer from 127.0.0.1:"));
	int p[2];
	assert_int_equal(pipe(p), 0);
	o.connect_timeout_ms = 5000;
	o.cancel_fd = p[0];
	assert_int_equal(write(p[1], "x", 1), 1);
	struct conn *c = NULL;
	long long t0 = ms_now();
	assert_int_equal(conn_open(&o, &c, &err), ERR_CANCEL);
	assert_true(ms_now() - t0 < 1000);
	assert_null(c);
	for (size_t i = 0; i < n; i++)
		conn_free(&held[i]);
	close(lfd);
	close(p[0]);
	close(p[1]);
	buf_release(&err);
}

/* ---- STARTTLS --------------------------------------------------------------------- */

#define INJECTED "* INJECTED evil\r\n"

/* The OK and an injected response in one write, then the handshake. */
static void script_starttls_inject(struct srv *s)
{
	srv_sends(s, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
	if (!srv_read_line(s) || strcmp(s->got, "a1 STARTTLS\r") != 0)
		return;
	srv_sends(s, "a1 OK begin TLS now\r\n" INJECTED);
	if (!srv_tls(s))
		return;
	srv_sends(s, "* OK after TLS\r\n");
	srv_wait_close(s);
}

static struct conn *starttls_until_ok(struct srv *s, struct buf *line, struct buf *err)
{
	struct conn_opts o;
	test_opts(&o, s);
	o.tls.cert_file = pki.ca_pem;
	struct conn *c = test_open(s, &o);
	assert_int_equal(conn_read_line(c, line, 1000, err), 0);
	assert_int_equal(conn_write_str(c, "a1 STARTTLS\r\n", err), 0);
	assert_int_equal(conn_flush(c, err), 0);
	assert_int_equal(conn_read_line(c, line, 1000, err), 0);
	assert_buf_eq(line, "a1 OK begin TLS now");
	return c;
}

static void starttls_discards_injected_bytes(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_starttls_inject, &pki.good);
	struct buf line = BUF_INIT, err = BUF_INIT;
	struct conn *c = starttls_until_ok(&s, &line, &err);
	/* The injected response is buffered: the test would see it if it leaked. */
	assert_int_equal(conn_pending(c), strlen(INJECTED));
	int rc = conn_start_tls(c, &err);
	if (rc)
		fail_msg("conn_start_tls: %d %s", rc, err.data);
	assert_int_equal(conn_pending(c), 0);
	assert_true(conn_is_tls(c));
	assert_int_equal(conn_read_line(c, &line, 1000, &err), 0);
	assert_buf_eq(&line, "* OK after TLS");
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

/* The injected bytes come a little later, in a segment of their own: they hit the handshake. */
static void script_starttls_inject_late(struct srv *s)
{
	srv_sends(s, "* OK ready\r\n");
	if (!srv_read_line(s))
		return;
	srv_sends(s, "a1 OK begin TLS now\r\n");
	usleep(100 * 1000);
	srv_sends(s, INJECTED);
	srv_tls(s);
	srv_sends(s, "* OK after TLS\r\n");
}

static void starttls_late_injection_never_reaches_caller(void **state)
{
	(void)state;
	struct srv s;
	srv_start(&s, script_starttls_inject_late, &pki.good);
	struct buf line = BUF_INIT, err = BUF_INIT;
	struct conn *c = starttls_until_ok(&s, &line, &err);
	assert_int_equal(conn_pending(c), 0);
	/* Plaintext inside the handshake is not TLS: it fails, never falls back. */
	assert_int_equal(conn_start_tls(c, &err), ERR_TLS);
	assert_non_null(strstr(err.data, "TLS handshake with 127.0.0.1:"));
	assert_false(conn_is_tls(c));
	assert_int_equal(conn_read_line(c, &line, 1000, &err), ERR_CLOSED);
	assert_int_equal(line.len, 0);
	conn_free(&c);
	srv_stop(&s);
	buf_release(&line);
	buf_release(&err);
}

/* ---- Options from the configuration -------------------------------------------- */

static void conn_opts_follow_the_config(void **state)
{
	(void)state;
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;
	struct conn_opts o;
	conn_opts_init(&o);
	o.cancel_fd = 7;
	conn_opts_from_config(&o, cfg);
	/* mutt's defaults: TLS 1.2 and 1.3 only, every check on. */
	assert_false(o.tls.tls1_0);
	assert_false(o.tls.tls1_1);
	assert_true(o.tls.tls1_2 && o.tls.tls1_3);
	assert_true(o.tls.verify_host && o.tls.verify_dates && o.tls.use_system_store);
	assert_null(o.tls.ca_file);
	assert_null(o.tls.ciphers);
	assert_int_equal(o.connect_timeout_ms, 30000);
	assert_int_equal(o.cancel_fd, 7);
	assert_int_equal(cfg_set(cfg, V_certificate_file, "/x/certs", &err), 0);
	assert_int_equal(cfg_set(cfg, V_ssl_use_tlsv1_1, "yes", &err), 0);
	assert_int_equal(cfg_set(cfg, V_ssl_verify_host, "no", &err), 0);
	assert_int_equal(cfg_set(cfg, V_connect_timeout, "-1", &err), 0);
	assert_int_equal(cfg_set(cfg, V_ssl_ciphers, "HIGH", &err), 0);
	conn_opts_from_config(&o, cfg);
	assert_string_equal(o.tls.cert_file, "/x/certs");
	assert_true(o.tls.tls1_1);
	assert_false(o.tls.verify_host);
	assert_int_equal(o.connect_timeout_ms, 0); /* conn_open's default, never "forever" */
	assert_string_equal(o.tls.ciphers, "HIGH");
	config_free(&cfg);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conn_reads_lines_and_a_literal),
		cmocka_unit_test(conn_reads_a_big_literal),
		cmocka_unit_test(conn_line_over_max_is_limit),
		cmocka_unit_test(conn_endless_line_stops_at_max),
		cmocka_unit_test(conn_peer_close_is_closed),
		cmocka_unit_test(conn_silent_server_times_out),
		cmocka_unit_test(conn_cancel_fd_cancels_at_once),
		cmocka_unit_test(conn_open_refused_port),
		cmocka_unit_test(conn_open_hanging_connect),
		cmocka_unit_test(starttls_discards_injected_bytes),
		cmocka_unit_test(starttls_late_injection_never_reaches_caller),
		cmocka_unit_test(conn_opts_follow_the_config),
	};
	return cmocka_run_group_tests(tests, pki_setup, pki_teardown);
}
