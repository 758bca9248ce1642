/*
 * mx_imap_idle.c - new mail on an IMAP folder: IDLE when the server offers
 * it and $imap_idle is set, NOOP otherwise (doc/internals/imap.md, "IDLE").
 *
 * Between operations the session waits in IDLE and the interface polls the
 * watch descriptor. When the server pushes something, a check runs: it
 * reads what came without sending anything, fetches the headers of new
 * messages (which ends IDLE: any command does, in session_send), and goes
 * back to IDLE. Flag changes pushed while idle (FETCH) reach the model
 * here; expunges go through the backend's untagged handler as always.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include "config/config.h"
#include "imap/mx_imap_idle.h"

/* Servers may end an IDLE after 30 minutes (RFC 2177): start a new one sooner. */
#define IDLE_MAX_S 1740

static struct imap_watch *watch_of(struct imap_mb *d)
{
	return &((struct imap_mbw *)d)->w; /* d is the first member */
}

struct imap_mb *imap_mbw_new(void)
{
	struct imap_mbw *x = xcalloc(1, sizeof(*x));
	struct imap_watch *w = &x->w;
	struct epoll_event ev = { .events = EPOLLIN };

	w->sock = -1;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->kick = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (w->epfd >= 0 && w->kick >= 0 && w->timer >= 0) {
		ev.data.fd = w->kick;
		epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->kick, &ev);
		ev.data.fd = w->timer;
		epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->timer, &ev);
	} else { /* no watch: the interface checks every $mail_check */
		if (w->epfd >= 0)
			close(w->epfd);
		w->epfd = -1;
	}
	return &x->d;
}

void imap_mbw_free(struct imap_mb *d)
{
	struct imap_watch *w = watch_of(d);

	if (w->epfd >= 0)
		close(w->epfd);
	if (w->kick >= 0)
		close(w->kick);
	if (w->timer >= 0)
		close(w->timer);
	free(d);
}

static void drain(int fd)
{
	uint64_t n;

	if (fd >= 0 && read(fd, &n, sizeof(n)) < 0) {
		/* nothing was pending */
	}
}

void imap_watch_kick(struct imap_mb *d)
{
	struct imap_watch *w = watch_of(d);
	uint64_t one = 1;

	if (w->kick >= 0 && write(w->kick, &one, sizeof(one)) < 0) {
		/* already readable */
	}
}

/* IDLE ended (a command, or the link failed): the socket leaves the watch; a check resumes IDLE. */
static void idle_ended(void *ctx)
{
	struct imap_watch *w = watch_of(ctx);

	if (w->epfd < 0)
		return;
	if (w->sock >= 0)
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->sock, NULL);
	w->sock = -1;
	imap_watch_kick(ctx);
}

/*
 * A FETCH pushed while idle: another client changed flags. The model takes
 * them unless the user changed the message's flags and they wait to be
 * written (the next sync writes them, as after a reconnect).
 */
static void pushed_flags(struct imap_mb *d, const struct imap_fetch *f)
{
	struct mailbox *mb = d->mb;
	uint32_t id = 0, flags = 0;

	if (!(f->have & IMAP_FETCH_FLAGS) || !f->seq)
		return;
	mailbox_lock(mb);
	if (f->seq <= mb->n) {
		const struct message *m = &mb->msgs[f->seq - 1];
		uint32_t now = imap_msg_flags(&f->flags);
		bool same = !(f->have & IMAP_FETCH_UID) || f->uid == m->loc.uid;
		/* \Recent belongs to one session: keep the model's old/new */
		if (same && !(m->flags & MSG_CHANGED) &&
		    (m->flags & MSG_STORED & ~MSG_OLD) != (now & MSG_STORED & ~MSG_OLD)) {
			id = m->id;
			flags = (now & ~MSG_OLD) | (m->flags & MSG_OLD);
		}
	}
	mailbox_unlock(mb);
	if (id)
		mx_set_stored_flags(mb, id, flags);
}

static void untagged(void *ctx, const struct imap_resp *r)
{
	struct imap_mb *d = ctx;

	/* while idle no FETCH was asked for: every one is another client's change */
	if (r->data == IMAP_DATA_FETCH && imap_idling(d->s))
		pushed_flags(d, &r->fetch);
	else
		imap_mb_untagged(d, r);
}

void imap_watch_session(struct imap_mb *d)
{
	imap_set_untagged(d->s, untagged, d);
	imap_idle_hook(d->s, idle_ended, d);
}

/* $imap_keepalive in ms, at most IDLE_MAX_S; 0: none. */
static int64_t keepalive_ms(const struct imap_mb *d, bool idling)
{
	const struct config *cfg = d->mb->set.cfg;
	int64_t s = cfg ? cfg_num(cfg, V_imap_keepalive) : 0;

	if (s <= 0)
		s = idling ? IDLE_MAX_S : 0;
	return MIN(s, (int64_t)IDLE_MAX_S) * 1000;
}

static bool want_idle(struct imap_mb *d)
{
	const struct config *cfg = d->mb->set.cfg;

	return d->s && cfg && cfg_bool(cfg, V_imap_idle) && imap_has(d->s, IMAP_CAP_IDLE) &&
	       !watch_of(d)->refused;
}

/* Messages the server has and the model does not yet (EXISTS grew). */
static bool new_mail(struct imap_mb *d)
{
	size_t n;

	mailbox_lock(d->mb);
	n = d->mb->n;
	mailbox_unlock(d->mb);
	return d->exists > n;
}

static int load_new(struct imap_mb *d, struct buf *err)
{
	uint32_t n;

	if (d->hole_n) /* a load stopped part-way: the model is not a prefix; fill it by UID */
		return imap_resync(d, err);
	mailbox_lock(d->mb);
	n = (uint32_t)d->mb->n;
	mailbox_unlock(d->mb);
	return d->exists > n ? imap_load(d, n + 1, d->exists, err) : 0;
}

/* $imap_poll_timeout in ms: how long a poll for new mail waits for the server (mutt's); 0: no limit. */
static int poll_timeout_ms(const struct imap_mb *d)
{
	const struct config *cfg = d->mb->set.cfg;
	int64_t s = cfg ? cfg_num(cfg, V_imap_poll_timeout) : 0;

	return s > 0 ? (int)MIN(s, (int64_t)INT32_MAX / 1000) * 1000 : 0;
}

/*
 * Send cmd (DONE when NULL, ending the IDLE) and wait for its completion;
 * with ms > 0 the server's first answer must come within ms, or the link
 * counts as lost (ERR_TIMEOUT), as mutt's $imap_poll_timeout has it.
 */
static int run_within(struct imap_mb *d, const char *cmd, int ms, struct buf *err)
{
	struct imap_session *s = d->s;
	struct buf tag = BUF_INIT;
	int rc;

	if (cmd) {
		session_tag(s, &tag);
		rc = conn_write_str(s->conn, tag.data, err);
		if (rc == 0)
			rc = conn_write_str(s->conn, " ", err);
	} else {
		buf_addstr(&tag, s->idle_tag);
		rc = 0;
	}
	if (rc == 0)
		rc = conn_write_str(s->conn, cmd ? cmd : "DONE", err);
	if (rc == 0)
		rc = conn_write_str(s->conn, "\r\n", err);
	if (rc == 0)
		rc = conn_flush(s->conn, err);
	if (rc == 0 && ms > 0)
		rc = conn_poll(s->conn, ms, err);
	if (rc == 0) /* still idling while DONE is answered: what comes was pushed */
		rc = session_wait(s, tag.data, NULL, err);
	if (!cmd) {
		s->idling = false;
		idle_ended(d);
	}
	buf_release(&tag);
	return rc;
}

/*
 * Idle: read what the server pushed (nothing is sent), and end the IDLE
 * when $imap_keepalive has passed so a fresh one starts. Not idle: NOOP.
 */
static int look(struct imap_mb *d, struct buf *err)
{
	struct imap_watch *w = watch_of(d);
	int rc;

	if (!imap_idling(d->s)) /* IDLE about to start tells what NOOP would */
		return want_idle(d) ? 0 : run_within(d, "NOOP", poll_timeout_ms(d), err);
	rc = imap_idle_poll(d->s, err);
	/* the keepalive is due, or $imap_idle was unset meanwhile */
	if (rc == 0 && imap_idling(d->s) &&
	    (mono_ms() - w->idle_since >= keepalive_ms(d, true) - 1000 || !want_idle(d)))
		rc = run_within(d, NULL, poll_timeout_ms(d), err);
	return rc;
}

/* Into IDLE when it may be used; a refusal means NOOP polling from now on. */
static int idle_again(struct imap_mb *d, struct buf *err)
{
	struct imap_watch *w = watch_of(d);
	struct epoll_event ev = { .events = EPOLLIN };
	int rc;

	if (!want_idle(d) || imap_idling(d->s) || w->epfd < 0)
		return 0;
	rc = imap_idle_start(d->s, err);
	if (rc == ERR_PROTO) {
		w->refused = true;
		buf_reset(err);
		return 0;
	}
	if (rc != 0)
		return rc;
	w->idle_since = mono_ms();
	w->sock = imap_session_fd(d->s);
	ev.data.fd = w->sock;
	epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->sock, &ev);
	/* what came with the "+" is read now: the socket will not say so again */
	return imap_idle_poll(d->s, err);
}

/* The timer for the next keepalive: a fresh IDLE, or a NOOP when not idling. */
static void arm_timer(struct imap_mb *d)
{
	struct imap_watch *w = watch_of(d);
	bool idling = imap_idling(d->s);
	int64_t ms = keepalive_ms(d, idling);
	struct itimerspec t = { 0 };

	if (w->timer < 0)
		return;
	if (ms > 0) {
		if (idling)
			ms = MAX(1, w->idle_since + ms - mono_ms());
		t.it_value.tv_sec = ms / 1000;
		t.it_value.tv_nsec = (ms % 1000) * 1000000;
	}
	drain(w->timer);
	timerfd_settime(w->timer, 0, &t, NULL);
}

/* The check with the session held: the link's loss is taken up by logging in again. */
static int check_locked(struct imap_mb *d, struct buf *err)
{
	int rc;

	if (!d->s)
		return imap_reconnect(d, err);
	rc = look(d, err);
	if (imap_link_lost(rc)) {
		imap_watch_drop(d);            /* no LOGOUT: the server may be stopped, not gone */
		return imap_reconnect(d, err); /* which also fetches what arrived */
	}
	/* a few rounds at most: new mail may come with the "+" of the next IDLE */
	for (int round = 0; rc == 0 && round < 3; round++) {
		rc = load_new(d, err);
		if (rc == 0)
			rc = idle_again(d, err);
		if (!new_mail(d))
			break;
	}
	return rc;
}

int imap_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	int rc;

	(void)reopen;
	if (!d)
		return 0;
	pthread_mutex_lock(&d->lock);
	rc = check_locked(d, err);
	if (rc == 0 && d->s && !imap_idling(d->s))
		rc = idle_again(d, err); /* after a reconnect */
	if (rc != 0 && rc != ERR_PROTO)
		imap_watch_drop(d); /* stopped mid-command: the next check logs in afresh */
	if (rc == 0)
		imap_state_save(d);
	arm_timer(d);
	drain(watch_of(d)->kick); /* whatever ended IDLE during the check, it is taken up */
	pthread_mutex_unlock(&d->lock);
	return rc;
}

/* How long a closing session waits for the answer to DONE: a server that stopped is left. */
#define DONE_WAIT_MS 1000

void imap_watch_drop(struct imap_mb *d)
{
	if (!d->s)
		return;
	if (d->s->idling) { /* no LOGOUT: it would wait for a server that may not answer */
		d->s->idling = false;
		idle_ended(d);
	}
	conn_free(&d->s->conn);
	imap_session_close(&d->s);
}

void imap_watch_close(struct imap_mb *d)
{
	struct imap_session *s = d->s;
	struct buf err = BUF_INIT;
	int rc;

	if (!s || !s->idling)
		return;
	/* DONE first, then LOGOUT (imap_session_close); a server that does not
	 * answer DONE at once is stopped or gone: quitting must not wait for it */
	rc = run_within(d, NULL, DONE_WAIT_MS, &err);
	if (rc != 0)
		conn_free(&s->conn);
	buf_release(&err);
}

int imap_watch_fd(struct mailbox *mb)
{
	struct imap_mb *d = mb->bdata;

	return d ? watch_of(d)->epfd : -1;
}
