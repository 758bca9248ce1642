/*
 * conn.c - connections: opening the socket, the socket layer, waiting with
 * timeouts and cancellation, and the buffered reading and writing that
 * every protocol uses. TLS is in conn_tls.c, certificates in conn_cert.c.
 */
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include "core/core.h"
#include "net/conn_internal.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 30000
#define DEFAULT_IO_TIMEOUT_MS      60000
#define READ_CHUNK                 16384
/* Queued output past this is sent at once, so a big APPEND does not sit in memory twice. */
#define WRITE_HIGH_WATER (64 * 1024)

void conn_opts_init(struct conn_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->cancel_fd = -1;
	o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
	o->io_timeout_ms = DEFAULT_IO_TIMEOUT_MS;
	o->tls.use_system_store = true;
	o->tls.verify_host = true;
	o->tls.verify_dates = true;
	o->tls.tls1_2 = true;
	o->tls.tls1_3 = true;
}

/* ---- Waiting ------------------------------------------------------------ */

static void say_timeout(const struct conn *c, int ms, struct buf *err)
{
	if (ms % 1000 == 0)
		buf_printf(err, _("no answer from %s for %d s"), c->where, ms / 1000);
	else
		buf_printf(err, _("no answer from %s for %.1f s"), c->where, ms / 1000.0);
}

static bool cancelled(const struct conn *c)
{
	if (c->cancel_fd < 0)
		return false;
	struct pollfd p = { .fd = c->cancel_fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

int conn_wait(struct conn *c, short events, int timeout_ms, struct buf *err)
{
	long long deadline = mono_ms() + timeout_ms;
	for (;;) {
		struct pollfd p[2] = { { .fd = c->fd, .events = events },
				       { .fd = c->cancel_fd, .events = POLLIN } };
		long long left = deadline - mono_ms();
		if (left < 0)
			left = 0;
		int n = poll(p, c->cancel_fd >= 0 ? 2 : 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_printf(err, _("cannot wait for %s: %s"), c->where, strerror(errno));
			return ERR_IO;
		}
		/* Cancel wins over readiness: the user asked to stop. */
		if (c->cancel_fd >= 0 && p[1].revents) {
			buf_addstr(err, _("cancelled"));
			return ERR_CANCEL;
		}
		if (n > 0)
			return 0; /* errors and hang-ups show up in the next recv/send */
		if (left == 0) {
			say_timeout(c, timeout_ms, err);
			return ERR_TIMEOUT;
		}
	}
}

/* ---- The socket layer ------------------------------------------------------ */

/* A failed recv or send: ERR_AGAIN with the events to wait for, or an error. */
static ssize_t sock_error(struct conn_layer *l, bool sending, short *wait, struct buf *err)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		*wait = sending ? POLLOUT : POLLIN;
		return ERR_AGAIN;
	}
	if (errno == EPIPE || errno == ECONNRESET) {
		if (!sending)
			return 0; /* a reset reads as the end of the stream */
		buf_addstr(err, _("the server closed the connection"));
		return ERR_CLOSED;
	}
	if (sending)
		buf_printf(err, _("cannot write to %s: %s"), l->conn->where, strerror(errno));
	else
		buf_printf(err, _("cannot read from %s: %s"), l->conn->where, strerror(errno));
	return ERR_IO;
}

static ssize_t sock_recv(struct conn_layer *l, void *p, size_t n, short *wait, struct buf *err)
{
	ssize_t r;
	do
		r = recv(l->conn->fd, p, n, 0);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		l->conn->stats.wire_in += (uint64_t)r;
	return r >= 0 ? r : sock_error(l, false, wait, err);
}

static ssize_t sock_send(struct conn_layer *l, const void *p, size_t n, short *wait,
			 struct buf *err)
{
	ssize_t r;
	do /* MSG_NOSIGNAL: a peer that went away is an error here, not SIGPIPE. */
		r = send(l->conn->fd, p, n, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		l->conn->stats.wire_out += (uint64_t)r;
	return r >= 0 ? r : sock_error(l, true, wait, err);
}

static bool sock_pending(const struct conn_layer *l)
{
	(void)l;
	return false;
}

static void sock_close(struct conn_layer *l)
{
	free(l);
}

static const struct conn_layer_ops sock_ops = {
	.name = "socket",
	.recv = sock_recv,
	.send = sock_send,
	.pending = sock_pending,
	.close = sock_close,
};

struct conn_layer *conn_socket_layer_new(struct conn *c)
{
	struct conn_layer *l = xcalloc(1, sizeof(*l));
	l->ops = &sock_ops;
	l->conn = c;
	return l;
}

void conn_push_layer(struct conn *c, struct conn_layer *l)
{
	l->below = c->top;
	l->conn = c;
	c->top = l;
}

/* ---- Opening --------------------------------------------------------------- */

static void copy_tls_opts(struct conn_tls_opts *to, const struct conn_tls_opts *from)
{
	*to = *from;
	to->cert_file = from->cert_file && *from->cert_file ? xstrdup(from->cert_file) : NULL;
	to->ca_file = from->ca_file && *from->ca_file ? xstrdup(from->ca_file) : NULL;
	to->verify_name =
		from->verify_name && *from->verify_name ? xstrdup(from->verify_name) : NULL;
	to->ciphers = from->ciphers && *from->ciphers ? xstrdup(from->ciphers) : NULL;
}

static struct conn *conn_new(const struct conn_opts *o)
{
	struct conn *c = xcalloc(1, sizeof(*c));
	c->fd = -1;
	c->rbuf = (struct buf)BUF_INIT;
	c->wbuf = (struct buf)BUF_INIT;
	c->host = xstrdup(o->host ? o->host : "socket");
	c->port = xstrdup(o->port ? o->port : "0");
	struct buf w = BUF_INIT;
	/* An IPv6 literal gets brackets, so that its port stays readable. */
	if (strchr(c->host, ':'))
		buf_printf(&w, "[%s]:%s", c->host, c->port);
	else
		buf_printf(&w, "%s:%s", c->host, c->port);
	c->where = buf_detach(&w, NULL);
	c->connect_timeout_ms =
		o->connect_timeout_ms > 0 ? o->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
	c->io_timeout_ms = o->io_timeout_ms > 0 ? o->io_timeout_ms : DEFAULT_IO_TIMEOUT_MS;
	c->cancel_fd = o->cancel_fd;
	copy_tls_opts(&c->tls, &o->tls);
	return c;
}

/* Connect c->fd-to-be to one address. Returns 0 or an error with the reason in err. */
static int connect_one(struct conn *c, const struct addrinfo *ai, struct buf *err)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol);
	if (fd < 0) {
		buf_printf(err, _("cannot create a socket: %s"), strerror(errno));
		return ERR_IO;
	}
	c->fd = fd;
	int rc = 0;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS) {
			buf_printf(err, _("cannot connect to %s: %s"), c->where, strerror(errno));
			rc = ERR_IO;
			goto out;
		}
		rc = conn_wait(c, POLLOUT, c->connect_timeout_ms, err);
		if (rc)
			goto out;
		int soerr = 0;
		socklen_t len = sizeof(soerr);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
			soerr = errno;
		if (soerr) {
			buf_printf(err, _("cannot connect to %s: %s"), c->where, strerror(soerr));
			rc = ERR_IO;
			goto out;
		}
	}
	/* Commands are small and answered one by one: no Nagle delay. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
out:
	if (rc) {
		close(fd);
		c->fd = -1;
	}
	return rc;
}

int conn_open(const struct conn_opts *o, struct conn **out, struct buf *err)
{
	*out = NULL;
	if (!o->host || !*o->host || !o->port || !*o->port) {
		buf_addstr(err, _("no server name or port given"));
		return ERR_INVAL;
	}
	struct conn *c = conn_new(o);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int rc;
	int g = getaddrinfo(o->host, o->port, &hints, &res);
	if (g) {
		buf_printf(err, _("cannot find the server %s: %s"), c->where, gai_strerror(g));
		rc = ERR_NOTFOUND;
		goto out;
	}
	rc = ERR_IO;
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		struct buf e = BUF_INIT;
		rc = connect_one(c, ai, &e);
		if (rc == 0 || rc == ERR_CANCEL || !ai->ai_next) {
			buf_addbuf(err, &e);
			buf_release(&e);
			break;
		}
		buf_release(&e);
	}
	if (rc == 0) {
		c->top = conn_socket_layer_new(c);
		log_msg(LOG_DEBUG, "conn: connected to %s", c->where);
	}
out:
	if (res)
		freeaddrinfo(res);
	if (rc)
		conn_free(&c);
	*out = c;
	return rc;
}

int conn_adopt_fd(int fd, const struct conn_opts *o, struct conn **out, struct buf *err)
{
	int fl = fcntl(fd, F_GETFL);

	*out = NULL;
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		buf_printf(err, _("cannot use the socket: %s"), strerror(errno));
		close(fd);
		return ERR_IO;
	}
	struct conn *c = conn_new(o);
	c->fd = fd;
	c->top = conn_socket_layer_new(c);
	*out = c;
	return 0;
}

/* ---- Reading ----------------------------------------------------------------- */

static int check_usable(const struct conn *c, struct buf *err)
{
	if (!c->broken)
		return 0;
	buf_printf(err, _("the connection to %s is no longer usable"), c->where);
	return ERR_CLOSED;
}

/* Mark c unusable after an error that leaves the stream in an unknown state. */
static int fail(struct conn *c, int rc)
{
	if (rc != ERR_TIMEOUT && rc != ERR_CANCEL && rc != ERR_AGAIN)
		c->broken = true;
	return rc;
}

/* Receive into p through the top layer, waiting as it asks. > 0 bytes, or an error. */
static ssize_t recv_some(struct conn *c, void *p, size_t n, struct buf *err)
{
	if (cancelled(c)) {
		buf_addstr(err, _("cancelled"));
		return ERR_CANCEL;
	}
	for (;;) {
		short wait = 0;
		ssize_t r = c->top->ops->recv(c->top, p, n, &wait, err);
		if (r == 0) {
			buf_addstr(err, _("the server closed the connection"));
			return fail(c, ERR_CLOSED);
		}
		if (r > 0)
			c->stats.data_in += (uint64_t)r;
		if (r != ERR_AGAIN)
			return r > 0 ? r : fail(c, (int)r);
		int rc = conn_wait(c, wait, c->io_timeout_ms, err);
		if (rc)
			return fail(c, rc);
	}
}

/* Receive more into rbuf. */
static int fill(struct conn *c, struct buf *err)
{
	if (c->rpos == c->rbuf.len) {
		buf_reset(&c->rbuf);
		c->rpos = 0;
	} else if (c->rpos > c->rbuf.len / 2) {
		size_t keep = c->rbuf.len - c->rpos;
		memmove(c->rbuf.data, c->rbuf.data + c->rpos, keep);
		buf_setlen(&c->rbuf, keep);
		c->rpos = 0;
	}
	buf_grow(&c->rbuf, READ_CHUNK);
	ssize_t r = recv_some(c, c->rbuf.data + c->rbuf.len, READ_CHUNK, err);
	if (r < 0)
		return (int)r;
	buf_setlen(&c->rbuf, c->rbuf.len + (size_t)r);
	return 0;
}

static int line_too_long(struct conn *c, size_t max, struct buf *err)
{
	buf_printf(err, _("%s sent a line longer than %zu bytes"), c->where, max);
	c->broken = true;
	return ERR_LIMIT;
}

int conn_read_line(struct conn *c, struct buf *line, size_t max, struct buf *err)
{
	buf_reset(line);
	int rc = check_usable(c, err);
	size_t scanned = 0; /* bytes after rpos known to hold no LF */
	while (rc == 0) {
		const char *s = c->rbuf.data + c->rpos;
		size_t avail = c->rbuf.len - c->rpos;
		const char *nl = memchr(s + scanned, '\n', avail - scanned);
		if (nl) {
			size_t n = (size_t)(nl - s);
			size_t len = n > 0 && s[n - 1] == '\r' ? n - 1 : n;
			if (len > max)
				return line_too_long(c, max, err);
			buf_add(line, s, len);
			c->rpos += n + 1;
			return 0;
		}
		scanned = avail;
		/* - 1: the CR may be in and the LF not yet (and max may be SIZE_MAX) */
		if (avail > 0 && avail - 1 > max)
			return line_too_long(c, max, err);
		rc = fill(c, err);
	}
	return rc;
}

int conn_read_n(struct conn *c, size_t n, struct buf *out, struct buf *err)
{
	int rc = check_usable(c, err);
	while (rc == 0 && n > 0) {
		size_t avail = c->rbuf.len - c->rpos;
		if (avail > 0) {
			size_t take = MIN(avail, n);
			buf_add(out, c->rbuf.data + c->rpos, take);
			c->rpos += take;
			n -= take;
		} else if (n >= READ_CHUNK) {
			/* A big literal goes straight into out, not through rbuf. */
			buf_grow(out, n);
			ssize_t r = recv_some(c, out->data + out->len, n, err);
			if (r < 0)
				return (int)r;
			buf_setlen(out, out->len + (size_t)r);
			n -= (size_t)r;
		} else {
			rc = fill(c, err);
		}
	}
	return rc;
}

int conn_poll(struct conn *c, int timeout_ms, struct buf *err)
{
	int rc = check_usable(c, err);
	if (rc)
		return rc;
	if (conn_pending(c) > 0 || c->top->ops->pending(c->top))
		return 0;
	return conn_wait(c, POLLIN, timeout_ms < 0 ? c->io_timeout_ms : timeout_ms, err);
}

size_t conn_pending(const struct conn *c)
{
	return c->rbuf.len - c->rpos;
}

/* ---- Writing ----------------------------------------------------------------- */

int conn_write(struct conn *c, const void *data, size_t len, struct buf *err)
{
	int rc = check_usable(c, err);
	if (rc)
		return rc;
	buf_add(&c->wbuf, data, len);
	return c->wbuf.len >= WRITE_HIGH_WATER ? conn_flush(c, err) : 0;
}

int conn_write_str(struct conn *c, const char *s, struct buf *err)
{
	return conn_write(c, s, strlen(s), err);
}

int conn_flush(struct conn *c, struct buf *err)
{
	int rc = check_usable(c, err);
	size_t done = 0;
	while (rc == 0 && done < c->wbuf.len) {
		short wait = 0;
		ssize_t r = c->top->ops->send(c->top, c->wbuf.data + done, c->wbuf.len - done,
					      &wait, err);
		if (r > 0) {
			done += (size_t)r;
			c->stats.data_out += (uint64_t)r;
		} else if (r == ERR_AGAIN) {
			rc = conn_wait(c, wait, c->io_timeout_ms, err);
		} else {
			rc = r == 0 ? ERR_IO : (int)r;
		}
	}
	/* What was sent may have been a password: do not leave it in the heap. */
	if (done > 0) {
		size_t left = c->wbuf.len - done;
		memmove(c->wbuf.data, c->wbuf.data + done, left);
		explicit_bzero(c->wbuf.data + left, done);
		buf_setlen(&c->wbuf, left);
	}
	return rc ? fail(c, rc) : 0;
}

/* ---- The rest ---------------------------------------------------------------- */

bool conn_is_tls(const struct conn *c)
{
	return c->tls_on;
}

const char *conn_tls_desc(const struct conn *c)
{
	return c->tls_desc;
}

void conn_get_stats(const struct conn *c, struct conn_stats *out)
{
	*out = c->stats;
}

int conn_fd(const struct conn *c)
{
	return c->fd;
}

const char *conn_where(const struct conn *c)
{
	return c->where;
}

static void free_tls_opts(struct conn_tls_opts *t)
{
	free((char *)t->cert_file);
	free((char *)t->ca_file);
	free((char *)t->verify_name);
	free((char *)t->ciphers);
}

void conn_free(struct conn **cp)
{
	struct conn *c = *cp;
	if (!c)
		return;
	log_msg(LOG_DEBUG,
		"conn: %s: closed; read %llu bytes (%llu on the wire), wrote %llu (%llu)", c->where,
		(unsigned long long)c->stats.data_in, (unsigned long long)c->stats.wire_in,
		(unsigned long long)c->stats.data_out, (unsigned long long)c->stats.wire_out);
	while (c->top) {
		struct conn_layer *below = c->top->below;
		c->top->ops->close(c->top);
		c->top = below;
	}
	if (c->fd >= 0)
		close(c->fd);
	explicit_bzero(c->wbuf.data, c->wbuf.len);
	buf_release(&c->wbuf);
	buf_release(&c->rbuf);
	free_tls_opts(&c->tls);
	free(c->host);
	free(c->port);
	free(c->where);
	free(c);
	*cp = NULL;
}
