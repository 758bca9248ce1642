/*
 * test_imap_idle.c - IDLE on a session (src/imap/session_idle.c) against a
 * peer this test plays itself on a loopback socket: the server's lines are
 * written before the client reads them, and what the client sent is read
 * back and compared byte for byte.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "imap/session_int.h"
#include "tests/unit/unit.h"

struct peer {
	struct imap_session *s;
	int fd; /* the server's end */
	int exists, expunged, ended;
};

static void on_untagged(void *ctx, const struct imap_resp *r)
{
	struct peer *p = ctx;

	if (r->data == IMAP_DATA_EXISTS)
		p->exists = (int)r->num;
	else if (r->data == IMAP_DATA_EXPUNGE)
		p->expunged++;
}

static void on_ended(void *ctx)
{
	((struct peer *)ctx)->ended++;
}

/* A session over loopback, its server end in p->fd. */
static void peer_open(struct peer *p)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	struct conn_opts o;
	struct buf err = BUF_INIT;
	char port[16];
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	memset(p, 0, sizeof(*p));
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
	conn_opts_init(&o);
	o.host = "127.0.0.1";
	o.port = port;
	o.io_timeout_ms = 2000;
	p->s = xcalloc(1, sizeof(*p->s));
	imap_limits_default(&p->s->lim);
	assert_int_equal(conn_open(&o, &p->s->conn, &err), 0);
	p->fd = accept(lfd, NULL, NULL);
	assert_true(p->fd >= 0);
	close(lfd);
	imap_set_untagged(p->s, on_untagged, p);
	imap_idle_hook(p->s, on_ended, p);
	buf_release(&err);
}

static void peer_close(struct peer *p)
{
	conn_free(&p->s->conn);
	imap_resp_release(&p->s->resp);
	free(p->s);
	close(p->fd);
}

static void say(struct peer *p, const char *text)
{
	assert_int_equal(write(p->fd, text, strlen(text)), (ssize_t)strlen(text));
}

/* What the client sent so far (waits a little for the first byte). */
static void heard(struct peer *p, const char *want)
{
	char got[512];
	size_t n = 0, w = strlen(want);

	while (n < w) {
		struct pollfd pf = { p->fd, POLLIN, 0 };
		if (poll(&pf, 1, 2000) <= 0)
			break;
		ssize_t r = read(p->fd, got + n, sizeof(got) - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void start_idle(struct peer *p)
{
	struct buf err = BUF_INIT;

	say(p, "* 4 EXISTS\r\n+ idling\r\n");
	assert_int_equal(imap_idle_start(p->s, &err), 0);
	assert_true(imap_idling(p->s));
	heard(p, "a0001 IDLE\r\n");
	buf_release(&err);
}

static void idle_start_takes_untagged_before_the_continuation(void **state)
{
	struct peer p;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	assert_int_equal(p.exists, 4);
	assert_int_equal(p.ended, 0);
	assert_int_equal(imap_session_fd(p.s), conn_fd(p.s->conn));
	peer_close(&p);
}

static void idle_refused_is_err_proto_and_not_idling(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;

	(void)state;
	peer_open(&p);
	say(&p, "a0001 BAD no IDLE here\r\n");
	assert_int_equal(imap_idle_start(p.s, &err), ERR_PROTO);
	assert_false(imap_idling(p.s));
	assert_non_null(strstr(err.data, "no IDLE here"));
	buf_release(&err);
	peer_close(&p);
}

static void idle_poll_reads_what_was_pushed_without_waiting(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;
	int64_t t0;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	t0 = mono_ms();
	assert_int_equal(imap_idle_poll(p.s, &err), 0); /* nothing there: no wait */
	assert_true(mono_ms() - t0 < 500);
	say(&p, "* 7 EXISTS\r\n* 2 EXPUNGE\r\n* 3 EXPUNGE\r\n");
	usleep(50 * 1000);
	assert_int_equal(imap_idle_poll(p.s, &err), 0);
	assert_int_equal(p.exists, 7);
	assert_int_equal(p.expunged, 2);
	assert_true(imap_idling(p.s));
	assert_int_equal(p.ended, 0);
	buf_release(&err);
	peer_close(&p);
}

static void a_command_sends_done_first(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	/* the answers may come before the client asks: it reads them in order */
	say(&p, "* 9 EXISTS\r\na0001 OK IDLE terminated\r\na0002 OK NOOP completed\r\n");
	assert_int_equal(imap_run_text(p.s, "NOOP", NULL, &err), 0);
	heard(&p, "DONE\r\na0002 NOOP\r\n");
	assert_false(imap_idling(p.s));
	assert_int_equal(p.ended, 1);
	assert_int_equal(p.exists, 9); /* what came between DONE and the OK */
	/* not idling: a command goes out as it is */
	say(&p, "a0003 OK NOOP completed\r\n");
	assert_int_equal(imap_run_text(p.s, "NOOP", NULL, &err), 0);
	heard(&p, "a0003 NOOP\r\n");
	assert_int_equal(p.ended, 1);
	buf_release(&err);
	peer_close(&p);
}

static void bye_while_idle_ends_it_with_err_closed(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	say(&p, "* BYE idle for too long\r\n");
	usleep(50 * 1000);
	assert_int_equal(imap_idle_poll(p.s, &err), ERR_CLOSED);
	assert_false(imap_idling(p.s));
	assert_int_equal(p.ended, 1);
	assert_non_null(strstr(err.data, "idle for too long"));
	buf_release(&err);
	peer_close(&p);
}

static void a_hang_up_while_idle_ends_it(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	shutdown(p.fd, SHUT_WR);
	usleep(50 * 1000);
	assert_int_equal(imap_idle_poll(p.s, &err), ERR_CLOSED);
	assert_false(imap_idling(p.s));
	assert_int_equal(p.ended, 1);
	buf_release(&err);
	peer_close(&p);
}

static void the_server_ending_idle_leaves_a_usable_session(void **state)
{
	struct peer p;
	struct buf err = BUF_INIT;

	(void)state;
	peer_open(&p);
	start_idle(&p);
	say(&p, "a0001 OK IDLE over\r\n");
	usleep(50 * 1000);
	assert_int_equal(imap_idle_poll(p.s, &err), 0);
	assert_false(imap_idling(p.s));
	assert_int_equal(p.ended, 1);
	say(&p, "a0002 OK NOOP completed\r\n");
	assert_int_equal(imap_run_text(p.s, "NOOP", NULL, &err), 0);
	heard(&p, "a0002 NOOP\r\n"); /* no DONE: IDLE was over */
	buf_release(&err);
	peer_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(idle_start_takes_untagged_before_the_continuation),
		cmocka_unit_test(idle_refused_is_err_proto_and_not_idling),
		cmocka_unit_test(idle_poll_reads_what_was_pushed_without_waiting),
		cmocka_unit_test(a_command_sends_done_first),
		cmocka_unit_test(bye_while_idle_ends_it_with_err_closed),
		cmocka_unit_test(a_hang_up_while_idle_ends_it),
		cmocka_unit_test(the_server_ending_idle_leaves_a_usable_session),
	};

	return RUN_TESTS(tests);
}
