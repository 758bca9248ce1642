/*
 * conn_zlib.c - the deflate layer for IMAP COMPRESS=DEFLATE (RFC 4978): raw
 * deflate (RFC 1951, no zlib or gzip header) both ways, pushed above TLS
 * once the server said OK to COMPRESS DEFLATE.
 *
 * Reading inflates at most ZLIB_RECV_MAX bytes a call into the caller's
 * buffer, so a small stream that expands to gigabytes (a "zip bomb") costs
 * time the line and literal caps above soon end, never memory. Writing
 * compresses what conn_flush hands down and ends it with Z_SYNC_FLUSH, so a
 * command reaches the server whole at once instead of waiting in zlib's
 * window for more.
 */
#include <poll.h>
#include <zlib.h>

#include "core/core.h"
#include "net/conn_internal.h"

/* Most plaintext one recv returns: the bound on what a bomb inflates per call. */
#define ZLIB_RECV_MAX (64 * 1024)
/* Most plaintext one send compresses: bounds the compressed bytes held here. */
#define ZLIB_SEND_MAX (64 * 1024)
#define ZLIB_IN_CHUNK (16 * 1024)

struct zlib_layer {
	struct conn_layer base;
	z_stream in, out;
	bool in_ok, out_ok; /* inflateInit2/deflateInit2 succeeded: End them on close */
	/* Compressed bytes from below, not yet inflated: data[ipos..len). */
	struct buf ibuf;
	size_t ipos;
	/* A byte inflated ahead (inflate_some), returned first by the next recv. */
	unsigned char carry;
	bool have_carry;
	/* Compressed bytes not yet sent below: data[opos..len), and the plaintext they hold. */
	struct buf obuf;
	size_t opos, taken;
	int failed; /* a zlib error happened: every later call repeats it */
};

/* A zlib failure as tern's error, with the reason. */
static int zlib_error(struct zlib_layer *z, const z_stream *st, int zrc, bool inflating,
		      struct buf *err)
{
	const char *why = st->msg ? st->msg : zError(zrc);
	int rc = ERR_PROTO;

	if (zrc == Z_MEM_ERROR) {
		buf_addstr(err, _("out of memory for compression"));
		rc = ERR_IO;
	} else if (zrc == Z_STREAM_END) {
		buf_printf(err, _("%s ended its compressed stream"), z->base.conn->where);
	} else if (inflating) {
		buf_printf(err, _("%s sent compressed data that does not inflate (%s)"),
			   z->base.conn->where, why);
	} else {
		buf_printf(err, _("compression failed (%s)"), why);
		rc = ERR_IO;
	}
	z->failed = rc;
	return rc;
}

static int repeat_failure(const struct zlib_layer *z, struct buf *err)
{
	buf_printf(err, _("the compressed stream with %s is broken"), z->base.conn->where);
	return z->failed;
}

/* ---- Reading -------------------------------------------------------------------- */

/* One inflate of the buffered input into (out, n); the byte count in *got, or an error. */
static int run_inflate(struct zlib_layer *z, unsigned char *out, size_t n, size_t *got,
		       struct buf *err)
{
	z_stream *st = &z->in;

	st->next_in = (Bytef *)z->ibuf.data + z->ipos;
	st->avail_in = (uInt)(z->ibuf.len - z->ipos);
	st->next_out = out;
	st->avail_out = (uInt)n;
	int zrc = inflate(st, Z_SYNC_FLUSH);
	*got = n - st->avail_out;
	z->ipos = z->ibuf.len - st->avail_in;
	if (zrc == Z_OK || (zrc == Z_BUF_ERROR && *got == 0))
		return 0; /* Z_BUF_ERROR: no progress possible without input */
	/* Data past the stream's end, or data that is not deflate: nothing more is trusted. */
	return zlib_error(z, st, zrc, true, err);
}

/*
 * Inflate what is buffered into (p, n): > 0 bytes, 0 when zlib needs more
 * input, or an error. When the output fills the buffer, zlib may hold more:
 * one byte of lookahead (carry) finds out, so that pending() is true only
 * when data really waits (IDLE polls on it).
 */
static ssize_t inflate_some(struct zlib_layer *z, void *p, size_t n, struct buf *err)
{
	size_t cap = MIN(n, (size_t)ZLIB_RECV_MAX), got = 0, more = 0;
	unsigned char *out = p;
	int rc = 0;

	if (z->have_carry) {
		out[got++] = z->carry;
		z->have_carry = false;
	}
	if (got < cap)
		rc = run_inflate(z, out + got, cap - got, &more, err);
	got += more;
	if (rc == 0 && got == cap) {
		rc = run_inflate(z, &z->carry, 1, &more, err);
		z->have_carry = more == 1;
	}
	return rc ? rc : (ssize_t)got;
}

/* Read compressed bytes from below into ibuf: > 0, 0 at the end of the stream, or an error. */
static ssize_t fill_in(struct zlib_layer *z, short *wait, struct buf *err)
{
	struct conn_layer *below = z->base.below;

	if (z->ipos == z->ibuf.len) {
		buf_reset(&z->ibuf);
		z->ipos = 0;
	}
	buf_grow(&z->ibuf, ZLIB_IN_CHUNK);
	ssize_t r = below->ops->recv(below, z->ibuf.data + z->ibuf.len, ZLIB_IN_CHUNK, wait, err);
	if (r > 0)
		buf_setlen(&z->ibuf, z->ibuf.len + (size_t)r);
	return r;
}

static ssize_t zlib_recv(struct conn_layer *l, void *p, size_t n, short *wait, struct buf *err)
{
	struct zlib_layer *z = (struct zlib_layer *)l;

	if (z->failed)
		return repeat_failure(z, err);
	for (;;) {
		if (z->ipos < z->ibuf.len || z->have_carry) {
			ssize_t got = inflate_some(z, p, n, err);
			if (got != 0)
				return got;
		}
		ssize_t r = fill_in(z, wait, err);
		if (r <= 0)
			return r; /* the end, ERR_AGAIN or an error from below */
	}
}

static bool zlib_pending(const struct conn_layer *l)
{
	const struct zlib_layer *z = (const struct zlib_layer *)l;

	return z->ipos < z->ibuf.len || z->have_carry || l->below->ops->pending(l->below);
}

/* ---- Writing -------------------------------------------------------------------- */

/* Compress (p, n) into obuf, ending with a sync flush so that the server can act on it. */
static int deflate_into(struct zlib_layer *z, const void *p, size_t n, struct buf *err)
{
	z_stream *st = &z->out;

	buf_reset(&z->obuf);
	z->opos = 0;
	st->next_in = (Bytef *)p;
	st->avail_in = (uInt)n;
	do {
		/* deflateBound plus the flush marker's few bytes fits at once; the loop is a guard */
		size_t room = deflateBound(st, (uLong)st->avail_in) + 16;
		buf_grow(&z->obuf, room);
		st->next_out = (Bytef *)z->obuf.data + z->obuf.len;
		st->avail_out = (uInt)room;
		int zrc = deflate(st, Z_SYNC_FLUSH);
		if (zrc != Z_OK && zrc != Z_BUF_ERROR)
			return zlib_error(z, st, zrc, false, err);
		buf_setlen(&z->obuf, z->obuf.len + (room - st->avail_out));
	} while (st->avail_out == 0 || st->avail_in > 0);
	return 0;
}

/*
 * The plaintext count a send returns is only given once its compressed form
 * is all below; until then the caller (conn_flush) retries with the same
 * bytes, which are recognised by z->taken and not compressed twice.
 */
static ssize_t zlib_send(struct conn_layer *l, const void *p, size_t n, short *wait,
			 struct buf *err)
{
	struct zlib_layer *z = (struct zlib_layer *)l;
	struct conn_layer *below = l->below;

	if (z->failed)
		return repeat_failure(z, err);
	if (z->taken == 0) {
		size_t k = MIN(n, (size_t)ZLIB_SEND_MAX);
		int rc = deflate_into(z, p, k, err);
		if (rc)
			return rc;
		z->taken = k;
	}
	while (z->opos < z->obuf.len) {
		ssize_t r = below->ops->send(below, z->obuf.data + z->opos, z->obuf.len - z->opos,
					     wait, err);
		if (r <= 0)
			return r == 0 ? ERR_IO : r;
		z->opos += (size_t)r;
	}
	ssize_t done = (ssize_t)z->taken;
	z->taken = 0;
	return done;
}

/* ---- The rest --------------------------------------------------------------------- */

static void zlib_close(struct conn_layer *l)
{
	struct zlib_layer *z = (struct zlib_layer *)l;

	if (z->in_ok)
		inflateEnd(&z->in);
	if (z->out_ok)
		deflateEnd(&z->out);
	buf_release(&z->ibuf);
	buf_release(&z->obuf);
	free(z);
}

static const struct conn_layer_ops zlib_ops = {
	.name = "deflate",
	.recv = zlib_recv,
	.send = zlib_send,
	.pending = zlib_pending,
	.close = zlib_close,
};

static struct zlib_layer *layer_new(struct conn *c, struct buf *err)
{
	struct zlib_layer *z = xcalloc(1, sizeof(*z));
	int zrc;

	z->base.ops = &zlib_ops;
	z->base.conn = c;
	z->ibuf = (struct buf)BUF_INIT;
	z->obuf = (struct buf)BUF_INIT;
	/* -15: raw deflate with the largest window, as RFC 4978 asks */
	zrc = inflateInit2(&z->in, -15);
	z->in_ok = zrc == Z_OK;
	if (z->in_ok) {
		zrc = deflateInit2(&z->out, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
				   Z_DEFAULT_STRATEGY);
		z->out_ok = zrc == Z_OK;
	}
	if (!z->out_ok) {
		buf_printf(err, _("cannot set up compression: %s"), zError(zrc));
		zlib_close(&z->base);
		return NULL;
	}
	return z;
}

int conn_start_deflate(struct conn *c, struct buf *err)
{
	if (c->broken) {
		buf_printf(err, _("the connection to %s is no longer usable"), c->where);
		return ERR_CLOSED;
	}
	if (c->deflate_on || c->wbuf.len > 0) {
		buf_addstr(err, c->deflate_on ? _("compression is already on")
					      : _("unsent data before compression"));
		return ERR_INVAL;
	}
	struct zlib_layer *z = layer_new(c, err);
	if (!z)
		return ERR_IO;
	/* What came after the server's OK is compressed already: it is the layer's first input. */
	buf_add(&z->ibuf, c->rbuf.data + c->rpos, c->rbuf.len - c->rpos);
	buf_reset(&c->rbuf);
	c->rpos = 0;
	conn_push_layer(c, &z->base);
	c->deflate_on = true;
	log_msg(LOG_DEBUG, "conn: %s: COMPRESS=DEFLATE on", c->where);
	return 0;
}

bool conn_is_compressed(const struct conn *c)
{
	return c->deflate_on;
}
