/*
 * index_folder.c - leaving a folder (its changes written, deletions purged
 * per $delete) and opening another: change-folder, change-folder-readonly,
 * and the browser at start (-y).
 */
#include "ui/index.h"

bool index_leave_folder(struct index *ix)
{
	struct buf err = BUF_INIT;
	int purge = 1, rc;

	if (ix->busy) {
		mx_cancel(ix->mb);
		mx_wait(ix->mb);
		index_take_events(ix);
		ix->busy = false;
	}
	if (!ix->mb->set.read_only && ix->mb->n_deleted) {
		char q[128];
		snprintf(q, sizeof(q), _("Purge %zu deleted messages?"), ix->mb->n_deleted);
		purge = ui_quad(ix->u, V_delete, q);
		if (purge < 0)
			return false;
	}
	if (!ix->mb->set.read_only && (ix->mb->changed_flags || (purge && ix->mb->n_deleted))) {
		ui_message(ix->u, "%s", _("Writing changes..."));
		index_draw(ix);
		rc = mx_run(ix->mb, purge ? MX_OP_EXPUNGE : MX_OP_SYNC, &err);
		if (rc != 0) {
			ui_error(ix->u, "%s", err.len ? err.data : err_str(rc));
			buf_release(&err);
			ix->redraw = true;
			return false; /* nothing is lost: stay, so the user can decide */
		}
	}
	buf_release(&err);
	return true;
}

/* Open path in place of the current folder (already left); false with the reason shown. */
static bool open_folder(struct index *ix, const char *path, bool read_only)
{
	struct buf err = BUF_INIT;
	struct mailbox *mb;

	if (mx_probe(path, &err) == MX_UNKNOWN) {
		ui_error(ix->u, "%s", err.data);
		buf_release(&err);
		return false;
	}
	buf_release(&err);
	mb = mailbox_new(path, ix->cfg);
	mb->set.read_only |= read_only;
	/* The old folder's events are all taken (index_leave_folder waited): none is left to name it. */
	while (index_take_events(ix))
		;
	view_release(&ix->view);
	mailbox_free(ix->mbp);
	*ix->mbp = mb;
	ix->mb = ix->u->mb = mb;
	ix->cursor = ix->top = 0;
	view_idset_clear(&ix->collapsed);
	ix->partial = false;
	ix->force = ix->stale = true;
	if (index_start(ix, MX_OP_OPEN, NULL) == 0) {
		ix->loading = true;
		index_set_status(ix, STATUS_PROGRESS, _("Reading..."));
	}
	index_refresh_view(ix);
	return true;
}

void index_change_folder(struct index *ix, bool read_only)
{
	struct buf path = BUF_INIT, typed = BUF_INIT;

	if (ui_prompt_folder(
		    ix->u, read_only ? _("Open mailbox in read-only mode: ") : _("Open mailbox: "),
		    NULL, &typed) == 0) {
		config_expand_path(ix->cfg, typed.data, &path);
		if (index_leave_folder(ix))
			open_folder(ix, path.data, read_only);
	}
	ix->redraw = true;
	buf_release(&path);
	buf_release(&typed);
}

bool index_start_browser(struct index *ix, bool read_only)
{
	struct buf path = BUF_INIT;
	bool chosen = ui_browser(ix->u, NULL, true, &path) == 0;

	if (chosen && (!index_leave_folder(ix) || !open_folder(ix, path.data, read_only)))
		chosen = false;
	buf_release(&path);
	return chosen;
}
