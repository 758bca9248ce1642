/*
 * read_job.c - reading one message in a thread of its own, so that the
 * interface can wait for it with keys working and give up on it: a remote
 * folder (or a slow disk) must never freeze the screen.
 *
 * The job is shared by the waiting caller and the thread; whichever lets go
 * last frees it. The mailbox counts its running jobs and is not freed or
 * cleared before they end.
 */
#include <sys/eventfd.h>

#include "mx/mx-private.h"

struct mx_read_job {
	struct mailbox *mb;
	uint32_t id;
	enum mx_read_what what;
	int fd; /* eventfd: readable once the read ended */
	atomic_bool done;
	atomic_int refs;
	int rc;
	struct buf raw, err;
};

static void job_unref(struct mx_read_job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	close(j->fd);
	buf_release(&j->raw);
	buf_release(&j->err);
	free(j);
}

static void *job_run(void *arg)
{
	struct mx_read_job *j = arg;
	struct mailbox *mb = j->mb;
	uint64_t one = 1;

	j->rc = j->what == MX_READ_HEADERS   ? mx_read_headers(mb, j->id, &j->raw, &j->err)
		: j->what == MX_READ_DISPLAY ? mx_read_display(mb, j->id, &j->raw, &j->err)
					     : mx_read(mb, j->id, &j->raw, &j->err);
	atomic_store(&j->done, true);
	if (write(j->fd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow after one write: nothing to do */
	}
	job_unref(j);
	mx_job_leave(mb); /* last: the mailbox may be freed now */
	return NULL;
}

int mx_read_start(struct mailbox *mb, uint32_t id, enum mx_read_what what, struct mx_read_job **out)
{
	struct mx_read_job *j = xcalloc(1, sizeof(*j));

	j->mb = mb;
	j->id = id;
	j->what = what;
	j->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	buf_init(&j->raw, 0);
	buf_init(&j->err, 0);
	atomic_init(&j->refs, 2);
	if (j->fd < 0) {
		free(j);
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

int mx_read_job_fd(const struct mx_read_job *j)
{
	return j->fd;
}

bool mx_read_job_done(const struct mx_read_job *j)
{
	return atomic_load(&j->done);
}

int mx_read_job_finish(struct mx_read_job **jp, struct buf *raw, struct buf *err)
{
	struct mx_read_job *j = *jp;
	int rc;

	if (!mx_read_job_done(j))
		return ERR_AGAIN;
	rc = j->rc;
	buf_release(raw);
	*raw = j->raw; /* moved: the job's copy is never used again */
	buf_init(&j->raw, 0);
	buf_addbuf(err, &j->err);
	job_unref(j);
	*jp = NULL;
	return rc;
}

void mx_read_job_abandon(struct mx_read_job **jp)
{
	if (*jp)
		job_unref(*jp);
	*jp = NULL;
}

int mx_job_spawn(struct mailbox *mb, void *(*run)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	pthread_mutex_lock(&mb->readers_lock);
	mb->readers++;
	pthread_mutex_unlock(&mb->readers_lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, run, arg);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		mx_job_leave(mb);
		return ERR_IO;
	}
	return 0;
}

void mx_job_leave(struct mailbox *mb)
{
	pthread_mutex_lock(&mb->readers_lock);
	mb->readers--;
	pthread_cond_broadcast(&mb->readers_gone);
	pthread_mutex_unlock(&mb->readers_lock);
}

void mx_readers_wait(struct mailbox *mb)
{
	pthread_mutex_lock(&mb->readers_lock);
	while (mb->readers)
		pthread_cond_wait(&mb->readers_gone, &mb->readers_lock);
	pthread_mutex_unlock(&mb->readers_lock);
}
