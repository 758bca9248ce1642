/*
 * worker.c - running backend operations off the interface's thread, and
 * the event queue that reports back.
 *
 * One operation per mailbox at a time, in its own thread. The queue is a
 * mutex-guarded list with an eventfd the interface polls next to the
 * terminal, so it sleeps until a key or an event arrives.
 */
#include <sys/eventfd.h>
#include <time.h>

#include "mx/mx-private.h"

struct mx_queue {
	pthread_mutex_t lock;
	struct mx_event *v;
	size_t n, cap, head;
	int fd;
};

struct mx_worker {
	pthread_t thread;
	enum mx_op op;
	struct mailbox *mb;
	atomic_bool finished;
};

struct mx_queue *mx_queue_new(void)
{
	struct mx_queue *q = xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->lock, NULL);
	q->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return q;
}

void mx_queue_free(struct mx_queue **qp)
{
	struct mx_queue *q = *qp;

	if (!q)
		return;
	for (size_t i = q->head; i < q->n; i++)
		mx_event_release(&q->v[i]);
	free(q->v);
	if (q->fd >= 0)
		close(q->fd);
	pthread_mutex_destroy(&q->lock);
	free(q);
	*qp = NULL;
}

int mx_queue_fd(const struct mx_queue *q)
{
	return q->fd;
}

static void queue_push(struct mx_queue *q, const struct mx_event *ev)
{
	uint64_t one = 1;

	pthread_mutex_lock(&q->lock);
	if (q->head && q->head == q->n)
		q->head = q->n = 0;
	ALLOC_GROW(q->v, q->n + 1, q->cap);
	q->v[q->n] = *ev;
	q->v[q->n].text = xstrdup_or_null(ev->text);
	q->n++;
	pthread_mutex_unlock(&q->lock);
	if (write(q->fd, &one, sizeof(one)) < 0) {
		/* the counter is saturated: the reader is awake anyway */
	}
}

bool mx_queue_pop(struct mx_queue *q, struct mx_event *ev)
{
	uint64_t n;
	bool got = false;

	pthread_mutex_lock(&q->lock);
	if (q->head < q->n) {
		*ev = q->v[q->head++];
		got = true;
	}
	if (q->head == q->n && read(q->fd, &n, sizeof(n)) < 0) {
		/* nothing to drain */
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}

void mx_event_release(struct mx_event *ev)
{
	free(ev->text);
	ev->text = NULL;
	if (ev->ticket) { /* dropped unanswered: the asking side hears "no" */
		mx_ticket_answer(ev->ticket, -1, NULL);
		mx_ticket_unref(ev->ticket);
		ev->ticket = NULL;
	}
}

void mx_post(struct mailbox *mb, const struct mx_event *ev)
{
	struct mx_event copy = *ev;

	if (!mb->events)
		return;
	copy.mb = mb;
	queue_push(mb->events, &copy);
}

void mx_progress(struct mailbox *mb, const char *label, size_t done, size_t total)
{
	/* Rate-limited per thread: the interface redraws at most ten times a
	 * second; a new stage (another label) always shows. */
	static _Thread_local int64_t last;
	static _Thread_local const char *last_label;
	int64_t t = mono_ms();

	if (done != total && t - last < 100 && label == last_label)
		return;
	last = t;
	last_label = label;
	mx_post(mb, &(struct mx_event){ .type = MXE_PROGRESS,
					.text = (char *)label,
					.done = done,
					.total = total });
}

static int run_op(struct mailbox *mb, enum mx_op op, struct buf *err)
{
	const struct mx_ops *ops = mb->ops;
	bool reopen = false;
	int rc;

	switch (op) {
	case MX_OP_OPEN:
		if (!ops) {
			mb->type = mx_probe(mb->path, err);
			mb->ops = ops = mx_ops_for(mb->type);
			if (!ops)
				return ERR_NOTFOUND;
		}
		return ops->open ? ops->open(mb, err) : ERR_UNSUPPORTED;
	case MX_OP_CHECK:
		if (!ops || !ops->check)
			return 0;
		rc = ops->check(mb, &reopen, err);
		if (rc == 0 && reopen)
			mx_post(mb, &(struct mx_event){ .type = MXE_REOPEN });
		return rc;
	case MX_OP_SYNC:
	case MX_OP_EXPUNGE:
		if (mb->set.read_only) {
			buf_addstr(err, _("the mailbox is read-only"));
			return ERR_INVAL;
		}
		return ops && ops->sync ? ops->sync(mb, op == MX_OP_EXPUNGE, err) : ERR_UNSUPPORTED;
	}
	return ERR_INVAL;
}

/* A new operation starts uncancelled: the flag and the file descriptor both cleared. */
static void cancel_reset(struct mailbox *mb)
{
	uint64_t n;

	atomic_store(&mb->cancel, false);
	if (mb->cancel_fd >= 0 && read(mb->cancel_fd, &n, sizeof(n)) < 0) {
		/* nothing was pending */
	}
}

/* Cancel: the flag for loops, the descriptor to wake a wait on the network. */
static void cancel_set(struct mailbox *mb)
{
	uint64_t one = 1;

	atomic_store(&mb->cancel, true);
	if (mb->cancel_fd >= 0 && write(mb->cancel_fd, &one, sizeof(one)) < 0) {
		/* already readable */
	}
}

int mx_run(struct mailbox *mb, enum mx_op op, struct buf *err)
{
	cancel_reset(mb);
	return run_op(mb, op, err);
}

static void *worker_main(void *arg)
{
	struct mx_worker *w = arg;
	struct buf err = BUF_INIT;
	int rc = run_op(w->mb, w->op, &err);

	if (rc == 0 && mx_cancelled(w->mb))
		rc = ERR_CANCEL;
	mx_post(w->mb, &(struct mx_event){ .type = MXE_DONE,
					   .op = w->op,
					   .rc = rc,
					   .text = err.len ? err.data : NULL });
	buf_release(&err);
	atomic_store(&w->finished, true);
	return NULL;
}

void mx_worker_join(struct mailbox *mb, bool cancel)
{
	struct mx_worker *w = mb->worker;

	if (!w)
		return;
	if (cancel)
		cancel_set(mb);
	pthread_join(w->thread, NULL);
	free(w);
	mb->worker = NULL;
}

int mx_start(struct mailbox *mb, enum mx_op op, struct mx_queue *q)
{
	struct mx_worker *w;

	if (mb->worker) {
		if (!atomic_load(&mb->worker->finished))
			return ERR_AGAIN;
		mx_worker_join(mb, false);
	}
	mb->events = q;
	cancel_reset(mb);
	w = xcalloc(1, sizeof(*w));
	w->op = op;
	w->mb = mb;
	atomic_init(&w->finished, false);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		free(w);
		return ERR_AGAIN;
	}
	mb->worker = w;
	return 0;
}

void mx_cancel(struct mailbox *mb)
{
	cancel_set(mb);
}

void mx_wait(struct mailbox *mb)
{
	mx_worker_join(mb, false);
}
