/*
 * read.c - reading a message for the pager without freezing the screen.
 * The read runs in a thread of its own (mx_read_start); a quick one (any
 * local folder) is simply waited for, a slow one (a remote folder, a stalled
 * server, a slow disk) shows "Reading message..." while keys and model
 * events are handled, and Ctrl-C gives up on it.
 */
#include <poll.h>

#include "ui/ui-private.h"

/* Wait this long before saying anything: most reads end well within it. */
#define READ_QUIET_MS 100

int ui_read_message(struct ui *u, uint32_t id, struct buf *raw, struct buf *err)
{
	struct mx_read_job *job = NULL;
	int rc = mx_read_start(u->mb, id, MX_READ_DISPLAY, &job);

	if (rc != 0)
		return mx_read_display(u->mb, id, raw, err); /* no thread: read here */
	struct pollfd p = { mx_read_job_fd(job), POLLIN, 0 };
	if (poll(&p, 1, READ_QUIET_MS) <= 0 && !mx_read_job_done(job)) {
		int saved = u->wake_fd;
		u->wake_fd = mx_read_job_fd(job);
		ui_message(u, "%s", _("Reading message... (Ctrl-C stops)"));
		ui_draw_message(u);
		refresh();
		while (!mx_read_job_done(job) && !u->quit) {
			int key = ui_key_source(-1, u);
			if (key == TK_ABORT)
				break;
		}
		u->wake_fd = saved;
		u->message[0] = '\0';
	}
	if (!mx_read_job_done(job)) {
		mx_read_job_abandon(&job);
		buf_addstr(err, _("reading stopped"));
		return ERR_CANCEL;
	}
	return mx_read_job_finish(&job, raw, err);
}
