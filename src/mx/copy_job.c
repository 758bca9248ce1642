/*
 * copy_job.c - mx_copy_messages in a thread of its own, so that the
 * interface waits for a save with keys working: a stalled server never
 * freezes the screen, the backend's questions (create the folder? a
 * certificate) are answered meanwhile, and Ctrl-C stops the copy between
 * messages (or wakes its wait on the network through the cancel
 * descriptor).
 *
 * The job is shared by the caller and the thread, like a read job
 * (read_job.c), and counted among the mailbox's readers: the mailbox is not
 * freed or cleared while it runs.
 */
#include <sys/eventfd.h>

#include "mx/mx-private.h"

struct mx_copy_job {
	struct mailbox *mb;
	struct config
		*cfg; /* a snapshot: the interface's :set must not free what the thread reads */
	uint32_t *ids;
	size_t n, done;
	char *dest;
	bool move;
	int fd; /* eventfd: readable once the copy ended */
	atomic_bool finished;
	atomic_bool stopped; /* the caller cancelled it */
	atomic_int refs;
	int rc;
	struct buf err;
};

static void job_unref(struct mx_copy_job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->ids);
	free(j->dest);
	config_free(&j->cfg);
	buf_release(&j->err);
	free(j);
}

/*
 * The copy's cancel went through the mailbox's flag, which reads and the
 * next checks share: clear it when the copy ends (collected or
 * abandoned), or every later network wait would end at once.
 */
static void cancel_clear(struct mailbox *mb)
{
	uint64_t n;

	atomic_store(&mb->cancel, false);
	if (mb->cancel_fd >= 0 && read(mb->cancel_fd, &n, sizeof(n)) < 0) {
		/* nothing was pending */
	}
}

static void *job_run(void *arg)
{
	struct mx_copy_job *j = arg;
	struct mailbox *mb = j->mb;
	uint64_t one = 1;

	j->rc = mx_copy_messages(mb, j->cfg, j->ids, j->n, j->dest, j->move, &j->done, &j->err);
	if (atomic_load(&j->stopped))
		cancel_clear(mb);
	atomic_store(&j->finished, true);
	if (write(j->fd, &one, sizeof(one)) < 0) {
		/* one write cannot overflow the counter */
	}
	job_unref(j);
	mx_job_leave(mb); /* last: the mailbox may be freed now */
	return NULL;
}

int mx_copy_start(struct mailbox *mb, const struct config *cfg, const uint32_t *ids, size_t n,
		  const char *dest, bool move, struct mx_copy_job **out)
{
	struct mx_copy_job *j = xcalloc(1, sizeof(*j));

	j->mb = mb;
	j->cfg = cfg ? config_snapshot(cfg) : NULL;
	j->ids = xmalloc((n ? n : 1) * sizeof(*ids));
	memcpy(j->ids, ids, n * sizeof(*ids));
	j->n = n;
	j->dest = xstrdup(dest);
	j->move = move;
	j->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	buf_init(&j->err, 0);
	atomic_init(&j->refs, 2);
	if (j->fd < 0) {
		atomic_store(&j->refs, 1);
		job_unref(j);
		return ERR_IO;
	}
	if (mx_job_spawn(mb, job_run, j) != 0) {
		atomic_store(&j->refs, 1);
		job_unref(j);
		return ERR_IO;
	}
	*out = j;
	return 0;
}

int mx_copy_job_fd(const struct mx_copy_job *j)
{
	return j->fd;
}

bool mx_copy_job_done(const struct mx_copy_job *j)
{
	return atomic_load(&j->finished);
}

void mx_copy_job_stop(struct mx_copy_job *j)
{
	atomic_store(&j->stopped, true);
	mx_cancel(j->mb);
}

int mx_copy_job_finish(struct mx_copy_job **jp, size_t *done, struct buf *err)
{
	struct mx_copy_job *j = *jp;
	int rc;

	if (!mx_copy_job_done(j))
		return ERR_AGAIN;
	rc = j->rc;
	*done = j->done;
	buf_addbuf(err, &j->err);
	if (atomic_load(&j->stopped)) /* stopped after the thread looked */
		cancel_clear(j->mb);
	job_unref(j);
	*jp = NULL;
	return rc;
}

void mx_copy_job_abandon(struct mx_copy_job **jp)
{
	if (*jp) {
		mx_copy_job_stop(*jp);
		job_unref(*jp);
	}
	*jp = NULL;
}
