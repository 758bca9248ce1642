/*
 * test_net_zlib.c - the deflate layer (conn_zlib.c, IMAP COMPRESS=DEFLATE)
 * over a socketpair: both ends as connections, or one end a raw peer that
 * sends hand-made deflate (a bomb, garbage, data that came with the OK).
 */
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <zlib.h>

#include "tests/unit/unit.h"

#include "net/conn_internal.h"

struct pair {
	struct conn *a, *b;
};

/* A connection over one end of a socketpair. */
static struct conn *adopt(int fd)
{
	struct conn_opts o;
	struct conn *c = NULL;
	struct buf err = BUF_INIT;

	conn_opts_init(&o);
	o.io_timeout_ms = 5000;
	assert_int_equal(conn_adopt_fd(fd, &o, &c, &err), 0);
	buf_release(&err);
	return c;
}

/* A connection and the raw socket of its peer. */
static void raw_peer(struct conn **c, int *peer)
{
	int fds[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	*c = adopt(fds[0]);
	*peer = fds[1];
}

/* raw_peer with the deflate layer on the connection. */
static struct conn *deflated_peer(int *peer)
{
	struct conn *c;
	struct buf err = BUF_INIT;

	raw_peer(&c, peer);
	assert_int_equal(conn_start_deflate(c, &err), 0);
	buf_release(&err);
	return c;
}

static void pair_open(struct pair *p, bool deflate)
{
	int fd;
	struct buf err = BUF_INIT;

	raw_peer(&p->a, &fd);
	p->b = adopt(fd);
	if (deflate) {
		assert_int_equal(conn_start_deflate(p->a, &err), 0);
		assert_int_equal(conn_start_deflate(p->b, &err), 0);
		assert_true(conn_is_compressed(p->a));
	}
	buf_release(&err);
}

static void pair_close(struct pair *p)
{
	conn_free(&p->a);
	conn_free(&p->b);
	assert_null(p->a);
}

/* Raw deflate of (s, n) ended with a sync flush, as a server sends it, appended to out. */
static void deflate_raw(z_stream *z, const void *s, size_t n, struct buf *out)
{
	z->next_in = (Bytef *)s;
	z->avail_in = (uInt)n;
	do {
		buf_grow(out, 65536);
		z->next_out = (Bytef *)out->data + out->len;
		z->avail_out = 65536;
		assert_int_equal(deflate(z, Z_SYNC_FLUSH), Z_OK);
		buf_setlen(out, out->len + (65536 - z->avail_out));
	} while (z->avail_out == 0);
}

static void raw_init(z_stream *z)
{
	memset(z, 0, sizeof(*z));
	assert_int_equal(deflateInit2(z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
}

static void deflate_round_trip_both_ways(void **state)
{
	struct pair p;
	struct buf err = BUF_INIT, line = BUF_INIT;

	(void)state;
	pair_open(&p, true);
	assert_int_equal(conn_write_str(p.a, "a0001 NOOP\r\n", &err), 0);
	assert_int_equal(conn_flush(p.a, &err), 0);
	assert_int_equal(conn_read_line(p.b, &line, 1000, &err), 0);
	assert_buf_eq(&line, "a0001 NOOP");
	assert_int_equal(conn_write_str(p.b, "a0001 OK done\r\n", &err), 0);
	assert_int_equal(conn_flush(p.b, &err), 0);
	assert_int_equal(conn_read_line(p.a, &line, 1000, &err), 0);
	assert_buf_eq(&line, "a0001 OK done");
	/* the sync flush made the command readable at once: nothing else is waiting */
	assert_int_equal(conn_poll(p.b, 0, &err), ERR_TIMEOUT);
	buf_release(&line);
	buf_release(&err);
	pair_close(&p);
}

struct big {
	struct conn *c;
	size_t lines;
	int rc;
};

static void *write_big(void *arg)
{
	struct big *b = arg;
	struct buf err = BUF_INIT, l = BUF_INIT;

	for (size_t i = 0; i < b->lines && b->rc == 0; i++) {
		buf_reset(&l);
		buf_printf(&l, "* %zu FETCH (UID %zu FLAGS (\\Seen) RFC822.SIZE %zu)\r\n", i + 1,
			   i + 1000, i * 7);
		b->rc = conn_write(b->c, l.data, l.len, &err);
	}
	if (b->rc == 0)
		b->rc = conn_flush(b->c, &err);
	buf_release(&l);
	buf_release(&err);
	return NULL;
}

static void deflate_large_transfer_counts_fewer_wire_bytes(void **state)
{
	struct pair p;
	struct big b = { .lines = 100000 };
	struct buf err = BUF_INIT, line = BUF_INIT, want = BUF_INIT;
	struct conn_stats st;
	pthread_t t;

	(void)state;
	pair_open(&p, true);
	b.c = p.b;
	assert_int_equal(pthread_create(&t, NULL, write_big, &b), 0);
	for (size_t i = 0; i < b.lines; i++) {
		buf_reset(&want);
		buf_printf(&want, "* %zu FETCH (UID %zu FLAGS (\\Seen) RFC822.SIZE %zu)", i + 1,
			   i + 1000, i * 7);
		assert_int_equal(conn_read_line(p.a, &line, 1000, &err), 0);
		if (!buf_eq(&line, want.data))
			fail_msg("line %zu is \"%s\"", i, line.data);
	}
	pthread_join(t, NULL);
	assert_int_equal(b.rc, 0);
	conn_get_stats(p.a, &st);
	print_message("# %llu bytes in, %llu on the wire\n", (unsigned long long)st.data_in,
		      (unsigned long long)st.wire_in);
	assert_true(st.data_in > 4000000);
	/* FETCH lines compress well (about 7.5 to 1 here) */
	assert_true(st.wire_in < st.data_in / 5);
	conn_get_stats(p.b, &st);
	assert_true(st.wire_out < st.data_out / 5);
	buf_release(&want);
	buf_release(&line);
	buf_release(&err);
	pair_close(&p);
}

struct bomb {
	int fd;
	size_t megabytes;
};

/* Send a stream that inflates to bomb->megabytes of "A" without a line end. */
static void *send_bomb(void *arg)
{
	struct bomb *b = arg;
	struct buf first = BUF_INIT, more = BUF_INIT, mb = BUF_INIT;
	z_stream z;

	raw_init(&z);
	fill_buf(&mb, 'A', 1024 * 1024);
	deflate_raw(&z, mb.data, mb.len, &first);
	/* once the window is all "A", the next megabyte's blocks decode the same every time */
	deflate_raw(&z, mb.data, mb.len, &more);
	deflateEnd(&z);
	bool ok = send(b->fd, first.data, first.len, MSG_NOSIGNAL) == (ssize_t)first.len;
	for (size_t i = 1; ok && i < b->megabytes; i++)
		ok = send(b->fd, more.data, more.len, MSG_NOSIGNAL) == (ssize_t)more.len;
	close(b->fd);
	buf_release(&first);
	buf_release(&more);
	buf_release(&mb);
	return NULL;
}

static struct conn *bombed(struct bomb *b, pthread_t *t)
{
	struct conn *c = deflated_peer(&b->fd);

	assert_int_equal(pthread_create(t, NULL, send_bomb, b), 0);
	return c;
}

static void deflate_bomb_line_stops_at_cap(void **state)
{
	struct bomb b = { .megabytes = 4096 }; /* 4 GB inflated, about 4 MB sent */
	struct buf err = BUF_INIT, line = BUF_INIT;
	pthread_t t;
	struct conn *c;

	(void)state;
	c = bombed(&b, &t);
	assert_int_equal(conn_read_line(c, &line, 1024 * 1024, &err), ERR_LIMIT);
	/* bounded: the read buffer holds about the cap, not the gigabytes */
	assert_true(c->rbuf.cap < 3 * 1024 * 1024);
	assert_true(c->stats.data_in < 3 * 1024 * 1024);
	assert_int_equal(conn_read_line(c, &line, 1024 * 1024, &err), ERR_CLOSED);
	conn_free(&c); /* the sender's next send fails and it stops */
	pthread_join(t, NULL);
	buf_release(&line);
	buf_release(&err);
}

static void deflate_bomb_literal_streams_in_bounded_steps(void **state)
{
	struct bomb b = { .megabytes = 64 };
	struct buf err = BUF_INIT, out = BUF_INIT;
	pthread_t t;
	struct conn *c;

	(void)state;
	c = bombed(&b, &t);
	/* a 16 MB literal read whole: exactly the bytes asked for, all "A" */
	assert_int_equal(conn_read_n(c, 16 * 1024 * 1024, &out, &err), 0);
	assert_int_equal(out.len, 16 * 1024 * 1024);
	assert_int_equal(out.data[0], 'A');
	assert_int_equal(out.data[out.len - 1], 'A');
	assert_null(memchr(out.data, 'B', out.len));
	conn_free(&c);
	pthread_join(t, NULL);
	buf_release(&out);
	buf_release(&err);
}

static void deflate_garbage_is_a_clean_error(void **state)
{
	/* 0xff: a final block of the reserved type 3; then noise */
	static const unsigned char junk[] = { 0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99, 0x01 };
	struct buf err = BUF_INIT, line = BUF_INIT;
	int peer;
	struct conn *c = deflated_peer(&peer);

	(void)state;
	assert_int_equal(send(peer, junk, sizeof(junk), 0), (ssize_t)sizeof(junk));
	assert_int_equal(conn_read_line(c, &line, 1000, &err), ERR_PROTO);
	assert_non_null(strstr(err.data, "does not inflate"));
	buf_reset(&err);
	/* the connection is done: no second try at the same stream */
	assert_int_equal(conn_read_line(c, &line, 1000, &err), ERR_CLOSED);
	assert_int_equal(conn_write_str(c, "x\r\n", &err), ERR_CLOSED);
	conn_free(&c);
	close(peer);
	buf_release(&line);
	buf_release(&err);
}

static void deflate_takes_bytes_that_came_with_the_ok(void **state)
{
	struct buf err = BUF_INIT, line = BUF_INIT, wire = BUF_INIT;
	struct conn *c;
	z_stream z;
	int peer;

	(void)state;
	raw_peer(&c, &peer);
	raw_init(&z);
	/* the OK and the first compressed response arrive in one read */
	buf_addstr(&wire, "a0002 OK DEFLATE active\r\n");
	deflate_raw(&z, "* 3 EXISTS\r\n", 12, &wire);
	deflateEnd(&z);
	assert_int_equal(send(peer, wire.data, wire.len, 0), (ssize_t)wire.len);
	assert_int_equal(conn_read_line(c, &line, 1000, &err), 0);
	assert_buf_eq(&line, "a0002 OK DEFLATE active");
	assert_int_equal(conn_start_deflate(c, &err), 0);
	assert_int_equal(conn_start_deflate(c, &err), ERR_INVAL); /* only once */
	assert_int_equal(conn_read_line(c, &line, 1000, &err), 0);
	assert_buf_eq(&line, "* 3 EXISTS");
	conn_free(&c);
	close(peer);
	buf_release(&wire);
	buf_release(&line);
	buf_release(&err);
}

/* Plaintext that fills a 16 KiB read exactly: pending must say what really waits. */
static void deflate_pending_is_exact_at_a_full_read(void **state)
{
	struct buf err = BUF_INIT, line = BUF_INIT, plain = BUF_INIT, wire = BUF_INIT;
	int peer;
	struct conn *c = deflated_peer(&peer);
	z_stream z;

	(void)state;
	raw_init(&z);
	fill_buf(&plain, 'a', 16383);
	buf_addch(&plain, '\n');
	deflate_raw(&z, plain.data, plain.len, &wire);
	assert_int_equal(send(peer, wire.data, wire.len, 0), (ssize_t)wire.len);
	assert_int_equal(conn_read_line(c, &line, 20000, &err), 0);
	assert_int_equal(line.len, 16383);
	/* nothing more was sent: an IDLE poll must wait, not wake for nothing */
	assert_int_equal(conn_poll(c, 50, &err), ERR_TIMEOUT);
	buf_reset(&wire);
	buf_addstr(&plain, "Z\n");
	deflate_raw(&z, plain.data, plain.len, &wire);
	assert_int_equal(send(peer, wire.data, wire.len, 0), (ssize_t)wire.len);
	assert_int_equal(conn_read_line(c, &line, 20000, &err), 0);
	assert_int_equal(line.len, 16383);
	/* the "Z" line is inside the layer already: the poll says so at once */
	assert_int_equal(conn_poll(c, 0, &err), 0);
	assert_int_equal(conn_read_line(c, &line, 20000, &err), 0);
	assert_buf_eq(&line, "Z");
	deflateEnd(&z);
	conn_free(&c);
	close(peer);
	buf_release(&wire);
	buf_release(&plain);
	buf_release(&line);
	buf_release(&err);
}

static void deflate_peer_closing_is_closed(void **state)
{
	struct buf err = BUF_INIT, line = BUF_INIT;
	int peer;
	struct conn *c = deflated_peer(&peer);

	(void)state;
	close(peer);
	assert_int_equal(conn_read_line(c, &line, 1000, &err), ERR_CLOSED);
	conn_free(&c);
	buf_release(&line);
	buf_release(&err);
}

static void plain_pair_is_not_compressed(void **state)
{
	struct pair p;
	struct conn_stats st;
	struct buf err = BUF_INIT, line = BUF_INIT;

	(void)state;
	pair_open(&p, false);
	assert_false(conn_is_compressed(p.a));
	assert_int_equal(conn_write_str(p.a, "hello\r\n", &err), 0);
	assert_int_equal(conn_flush(p.a, &err), 0);
	assert_int_equal(conn_read_line(p.b, &line, 100, &err), 0);
	conn_get_stats(p.a, &st);
	assert_int_equal(st.data_out, 7);
	assert_int_equal(st.wire_out, 7);
	buf_release(&line);
	buf_release(&err);
	pair_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deflate_round_trip_both_ways),
		cmocka_unit_test(deflate_large_transfer_counts_fewer_wire_bytes),
		cmocka_unit_test(deflate_bomb_line_stops_at_cap),
		cmocka_unit_test(deflate_bomb_literal_streams_in_bounded_steps),
		cmocka_unit_test(deflate_garbage_is_a_clean_error),
		cmocka_unit_test(deflate_takes_bytes_that_came_with_the_ok),
		cmocka_unit_test(deflate_pending_is_exact_at_a_full_read),
		cmocka_unit_test(deflate_peer_closing_is_closed),
		cmocka_unit_test(plain_pair_is_not_compressed),
	};
	return RUN_TESTS(tests);
}
