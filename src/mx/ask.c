/*
 * ask.c - a backend's question to the user (an unknown certificate, a
 * password), asked from the worker thread and answered by the interface.
 *
 * The question travels as an MXE_ASK event holding a ticket. The ticket is
 * shared: the worker waits on it (and gives up when the operation is
 * cancelled), the interface answers it; whichever lets go last frees it, so
 * neither side ever touches the other's memory after leaving.
 */
#include <time.h>

#include "mx/mx-private.h"

struct mx_ticket {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_int refs;
	bool answered;
	struct mx_ask q; /* a copy: strings owned by the ticket */
	int choice;
	struct buf secret;
};

static char **copy_lines(const char *const *lines, size_t n)
{
	char **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup(lines[i]);
	return v;
}

static struct mx_ticket *ticket_new(const struct mx_ask *a)
{
	struct mx_ticket *t = xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	atomic_init(&t->refs, 2); /* the worker and the event */
	t->q.kind = a->kind;
	t->q.title = xstrdup(a->title ? a->title : "");
	t->q.lines = (const char *const *)copy_lines(a->lines, a->nlines);
	t->q.nlines = a->nlines;
	t->q.prompt = xstrdup(a->prompt ? a->prompt : "");
	t->q.keys = xstrdup(a->keys ? a->keys : "");
	t->choice = -1;
	buf_init(&t->secret, 0);
	return t;
}

void mx_ticket_unref(struct mx_ticket *t)
{
	if (!t || atomic_fetch_sub(&t->refs, 1) != 1)
		return;
	for (size_t i = 0; i < t->q.nlines; i++)
		free((char *)t->q.lines[i]);
	free((void *)t->q.lines);
	free((char *)t->q.title);
	free((char *)t->q.prompt);
	free((char *)t->q.keys);
	buf_wipe(&t->secret);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	free(t);
}

const struct mx_ask *mx_ticket_question(const struct mx_ticket *t)
{
	return &t->q;
}

void mx_ticket_answer(struct mx_ticket *t, int choice, const char *secret)
{
	pthread_mutex_lock(&t->lock);
	if (t->answered) { /* the first answer stands */
		pthread_mutex_unlock(&t->lock);
		return;
	}
	t->choice = choice;
	if (secret)
		buf_addstr(&t->secret, secret);
	t->answered = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

/* Wait for the answer, waking now and then to see whether the operation was cancelled. */
static bool wait_answer(struct mailbox *mb, struct mx_ticket *t)
{
	bool answered;

	pthread_mutex_lock(&t->lock);
	while (!t->answered && !mx_cancelled(mb)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&t->cond, &t->lock, &ts);
	}
	answered = t->answered;
	pthread_mutex_unlock(&t->lock);
	return answered;
}

int mx_ask(struct mailbox *mb, const struct mx_ask *a, int *choice, struct buf *secret)
{
	struct mx_ticket *t;
	int rc = ERR_CANCEL;

	*choice = -1;
	if (!mb->events)
		return ERR_UNSUPPORTED; /* headless: nobody to ask */
	t = ticket_new(a);
	mx_post(mb, &(struct mx_event){ .type = MXE_ASK, .ticket = t });
	if (wait_answer(mb, t)) {
		*choice = t->choice;
		if (secret)
			buf_addbuf(secret, &t->secret);
		rc = t->choice < 0 ? ERR_CANCEL : 0;
	}
	mx_ticket_unref(t);
	return rc;
}
