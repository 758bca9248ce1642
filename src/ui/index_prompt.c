/*
 * index_prompt.c - the index's functions that ask for a line: the `:`
 * prompt, limit, search, the *-pattern functions, save and copy, jump.
 */
#include <poll.h>

#include "ui/editor.h"
#include "ui/index.h"

static struct pattern *ask_pattern(struct index *ix, const char *label, int kind,
				   const char *initial, struct buf *text)
{
	struct buf err = BUF_INIT;
	struct pattern *p = NULL;

	if (ui_prompt(ix->u, label, kind, initial, text) == 0 && text->len) {
		p = pattern_compile(text->data, ix->cfg, &err);
		if (!p)
			ui_error(ix->u, "%s", err.len ? err.data : _("Error in pattern."));
	}
	buf_release(&err);
	ix->redraw = true;
	return p;
}

/* enter-command: run an rc command; the view follows what it changed. */
static void enter_command(struct index *ix)
{
	struct buf line = BUF_INIT, err = BUF_INIT;

	if (ui_prompt(ix->u, ":", HIST_CMD, NULL, &line) == 0 && line.len) {
		if (config_run(ix->cfg, line.data, NULL, 0, &err) != 0)
			ui_error(ix->u, "%s", err.len ? err.data : _("Error in command."));
		else if (err.len)
			ui_message(ix->u, "%s", err.data);
		index_apply_config(ix);
		index_refresh_view(ix);
	}
	buf_release(&line);
	buf_release(&err);
}

static void limit(struct index *ix)
{
	struct buf text = BUF_INIT;
	struct pattern *p = ask_pattern(ix, _("Limit to messages matching: "), HIST_PATTERN,
					ix->limit_text, &text);

	if (!p && !text.len) {
		buf_release(&text);
		return;
	}
	pattern_free(&ix->limit);
	free(ix->limit_text);
	ix->limit_text = NULL;
	/* "all" (or ~A) shows every message again, as in mutt. */
	if (p && strcmp(text.data, "all") != 0 && strcmp(text.data, "~A") != 0) {
		ix->limit = p;
		ix->limit_text = xstrdup(text.data);
	} else {
		pattern_free(&p);
	}
	ix->vopts.limit = ix->limit;
	ix->force = ix->stale = true;
	index_refresh_view(ix);
	if (!ix->view.n)
		ui_error(ix->u, "%s", _("No messages matched criteria."));
	buf_release(&text);
}

/* Returned by search_from when the user stopped the search. */
#define SEARCH_STOPPED (-2L)

/*
 * The next row (in direction dir, wrapping per $wrap_search) whose message
 * matches p; -1 for none, SEARCH_STOPPED when the user typed Ctrl-C.
 */
static long search_from(struct index *ix, const struct pattern *p, int dir)
{
	size_t n = ix->view.n;
	bool wrap = cfg_bool(ix->cfg, V_wrap_search);
	struct ui_scan scan;
	long found = -1;

	ui_scan_begin(&scan, ix->u, _("Searching..."));
	for (size_t k = 1; k < n || (k == n && wrap); k++) {
		if (!ui_scan_step(&scan, k, n)) {
			found = SEARCH_STOPPED;
			break;
		}
		long r = (long)ix->cursor + dir * (long)k;
		if (r < 0 || r >= (long)n) {
			if (!wrap)
				break;
			r = (r + (long)n) % (long)n;
		}
		mailbox_lock(ix->mb);
		const struct message *m = mx_find(ix->mb, ix->view.ids[r]);
		bool hit = m && pattern_match(p, ix->mb, m);
		mailbox_unlock(ix->mb);
		if (hit) {
			found = r;
			break;
		}
	}
	ui_scan_end(&scan);
	return found;
}

static void search(struct index *ix, enum op op)
{
	struct buf text = BUF_INIT;

	if (op == OP_SEARCH || op == OP_SEARCH_REVERSE || !ix->search) {
		struct pattern *p = ask_pattern(
			ix, op == OP_SEARCH_REVERSE ? _("Reverse search for: ") : _("Search for: "),
			HIST_SEARCH, NULL, &text);
		if (!p) {
			buf_release(&text);
			return;
		}
		pattern_free(&ix->search);
		ix->search = p;
		ix->search_dir = op == OP_SEARCH_REVERSE ? -1 : 1;
	}
	int dir = op == OP_SEARCH_OPPOSITE ? -ix->search_dir : ix->search_dir;
	long r = search_from(ix, ix->search, dir);
	if (r == SEARCH_STOPPED)
		ui_error(ix->u, "%s", _("Search interrupted."));
	else if (r < 0)
		ui_error(ix->u, "%s", _("Not found."));
	else
		ix->cursor = (size_t)r;
	ix->redraw = true;
	buf_release(&text);
}

/* tag-, untag-, delete-, undelete-pattern: every shown message that matches. */
static void pattern_flags(struct index *ix, enum op op)
{
	static const struct {
		enum op op;
		const char *label;
		uint32_t set, clear;
	} kinds[] = {
		{ OP_TAG_PATTERN, N_("Tag messages matching: "), MSG_TAGGED, 0 },
		{ OP_UNTAG_PATTERN, N_("Untag messages matching: "), 0, MSG_TAGGED },
		{ OP_DELETE_PATTERN, N_("Delete messages matching: "), MSG_DELETED, 0 },
		{ OP_UNDELETE_PATTERN, N_("Undelete messages matching: "), 0, MSG_DELETED },
	};
	struct buf text = BUF_INIT;
	size_t k = 0, hits = 0;

	while (kinds[k].op != op)
		k++;
	struct pattern *p = ask_pattern(ix, _(kinds[k].label), HIST_PATTERN, NULL, &text);
	if (p) {
		struct ui_scan scan;
		size_t r;

		ui_scan_begin(&scan, ix->u, _("Searching..."));
		for (r = 0; r < ix->view.n && ui_scan_step(&scan, r, ix->view.n); r++) {
			mailbox_lock(ix->mb);
			struct message *m = mx_find(ix->mb, ix->view.ids[r]);
			if (m && pattern_match(p, ix->mb, m)) {
				mx_change_flags(ix->mb, m->index, kinds[k].set, kinds[k].clear);
				hits++;
			}
			mailbox_unlock(ix->mb);
		}
		ui_scan_end(&scan);
		if (r < ix->view.n)
			ui_error(ix->u, _("Interrupted: %zu messages matched before it."), hits);
		else if (!hits)
			ui_error(ix->u, "%s", _("No messages matched criteria."));
	}
	pattern_free(&p);
	buf_release(&text);
}

void index_save_suggestion(struct index *ix, uint32_t id, struct buf *out)
{
	struct maddr a;
	const struct message *m;

	mailbox_lock(ix->mb);
	if ((m = mx_find(ix->mb, id)) != NULL && menv_first_addr(m->env, MA_FROM, &a) &&
	    a.mailbox) {
		const char *at = strchr(a.mailbox, '@');
		buf_addch(out, '=');
		buf_add(out, a.mailbox, at ? (size_t)(at - a.mailbox) : strlen(a.mailbox));
	}
	mailbox_unlock(ix->mb);
}

size_t index_targets(struct index *ix, bool *tagged, uint32_t **ids)
{
	size_t n = 0;

	*tagged = ix->tag_prefix || (cfg_bool(ix->cfg, V_auto_tag) && ix->mb->n_tagged);
	ix->tag_prefix = false;
	*ids = xmalloc((ix->view.n ? ix->view.n : 1) * sizeof(**ids));
	if (!ix->view.n) {
		ui_error(ix->u, "%s", _("No visible messages."));
		return 0;
	}
	mailbox_lock(ix->mb);
	for (size_t r = 0; r < ix->view.n; r++) {
		const struct message *m = mx_find(ix->mb, ix->view.ids[r]);
		if (m && (*tagged ? (m->flags & MSG_TAGGED) != 0 : r == ix->cursor))
			(*ids)[n++] = m->id;
	}
	mailbox_unlock(ix->mb);
	if (!n && *tagged)
		ui_error(ix->u, "%s", _("No tagged messages."));
	return n;
}

/* What save marks deleted (and untagged per $delete_untag). */
static void mark_saved(struct index *ix, const uint32_t *ids, size_t n)
{
	uint32_t clear = cfg_bool(ix->cfg, V_delete_untag) ? MSG_TAGGED : 0;
	struct message *m;

	mailbox_lock(ix->mb);
	for (size_t k = 0; k < n; k++)
		if ((m = mx_find(ix->mb, ids[k])) != NULL)
			mx_change_flags(ix->mb, m->index, MSG_DELETED, clear);
	mailbox_unlock(ix->mb);
}

/* Wait this long before saying anything: a local copy usually ends well within it. */
#define COPY_QUIET_MS 100

/*
 * Wait for a copy job with keys working: the index follows the model's
 * events (a MOVE's expunges, progress), a backend's question is answered,
 * the first Ctrl-C stops the copy (it ends between messages, or its wait on
 * the server wakes), a second one stops waiting for it.
 */
static int wait_copy(struct index *ix, struct mx_copy_job **job, size_t *done, struct buf *err)
{
	struct pollfd p = { mx_copy_job_fd(*job), POLLIN, 0 };
	bool stopping = false;

	if (poll(&p, 1, COPY_QUIET_MS) <= 0 && !mx_copy_job_done(*job)) {
		int saved = ix->u->wake_fd;
		ix->u->wake_fd = mx_copy_job_fd(*job);
		ui_message(ix->u, "%s", _("Copying... (Ctrl-C stops)"));
		ui_draw_message(ix->u);
		refresh();
		while (!mx_copy_job_done(*job) && !ix->u->quit) {
			if (ui_key_source(-1, ix->u) != TK_ABORT)
				continue;
			if (stopping)
				break;
			stopping = true;
			mx_copy_job_stop(*job);
			ui_message(ix->u, "%s",
				   _("Stopping the copy... (Ctrl-C again: stop waiting)"));
			ui_draw_message(ix->u);
			refresh();
		}
		ix->u->wake_fd = saved;
		ix->u->message[0] = '\0';
	}
	if (!mx_copy_job_done(*job)) {
		/* what it copies meanwhile stays in the destination; nothing is marked */
		mx_copy_job_abandon(job);
		buf_addstr(err, _("stopped waiting for the copy"));
		return ERR_CANCEL;
	}
	return mx_copy_job_finish(job, done, err);
}

/* Copy (save: move) ids to path, all at once: on the server when it can, else read and appended. */
static int copy_many(struct index *ix, const uint32_t *ids, size_t n, const char *path, bool save,
		     size_t *done, struct buf *err)
{
	struct mx_copy_job *job = NULL;
	int rc;

	*done = 0;
	/* never here: a backend's question (mx_ask) would wait for this very thread */
	if ((rc = mx_copy_start(ix->mb, ix->cfg, ids, n, path, save, &job)) != 0) {
		buf_addstr(err, _("cannot start the copy (no thread)"));
		return rc;
	}
	rc = wait_copy(ix, &job, done, err);
	index_take_events(ix); /* the copy's last progress and expunges */
	/* no MXE_DONE ends a copy's progress (a running check shows its own again) */
	if (ix->status_kind == STATUS_PROGRESS)
		index_set_status(ix, STATUS_NONE, "");
	index_refresh_view(ix); /* a MOVE took messages out */
	return rc;
}

/* One message at a time through write (decode-save), stopping at the first failure. */
static void write_each(struct index *ix, const uint32_t *ids, size_t n, const char *path,
		       index_write_fn write, size_t *done, struct buf *err)
{
	for (*done = 0; *done < n && write(ix, ids[*done], path, err) == 0;)
		(*done)++;
}

/* write NULL: the messages as they are, all at once (mx_copy_messages). */
void index_save_to(struct index *ix, bool save, const char *const label[2], index_write_fn write)
{
	struct buf dest = BUF_INIT, suggest = BUF_INIT, err = BUF_INIT, path = BUF_INIT;
	uint32_t *ids = NULL;
	bool tagged;
	size_t n = index_targets(ix, &tagged, &ids), done = 0;

	if (!n)
		goto out;
	index_save_suggestion(ix, ids[0], &suggest);
	if (ui_prompt_folder(ix->u, _(label[tagged]), suggest.data, &dest) != 0)
		goto out;
	config_expand_path(ix->cfg, dest.data, &path);
	if (mx_same_folder(ix->mb, path.data)) {
		ui_error(ix->u, "%s", _("That is the folder open now."));
		goto out;
	}
	if (write)
		write_each(ix, ids, n, path.data, write, &done, &err);
	else
		copy_many(ix, ids, n, path.data, save, &done, &err);
	if (save)
		mark_saved(ix, ids, done);
	if (done < n)
		ui_error(ix->u, _("%s: %s (%zu of %zu messages)"), path.data,
			 err.len ? err.data : _("failed"), done, n);
	else
		ui_message(ix->u,
			   save ? _("%zu messages saved to %s") : _("%zu messages copied to %s"), n,
			   path.data);
out:
	ix->redraw = true; /* the prompt drew the screen while it waited */
	free(ids);
	buf_release(&dest);
	buf_release(&suggest);
	buf_release(&err);
	buf_release(&path);
}

/*
 * save-message (copy, then mark deleted; a server with MOVE moves) and
 * copy-message; copies stop at the first failure.
 */
static void save_copy(struct index *ix, bool save)
{
	static const char *const save_labels[2] = { N_("Save to mailbox: "),
						    N_("Save tagged to mailbox: ") };
	static const char *const copy_labels[2] = { N_("Copy to mailbox: "),
						    N_("Copy tagged to mailbox: ") };

	index_save_to(ix, save, save ? save_labels : copy_labels, NULL);
}

/* jump: to message number N (mailbox order, as mutt's %C in the view). */
static void jump(struct index *ix, int key)
{
	struct buf text = BUF_INIT;
	char first[2] = { key >= '1' && key <= '9' ? (char)key : 0, 0 };

	/* A digit that called jump is the number's first digit, as in mutt. */
	if (ui_prompt_keep(ix->u, _("Jump to message: "), HIST_OTHER, first, &text) == 0 &&
	    text.len) {
		char *end;
		long n = strtol(text.data, &end, 10);
		if (*end || n < 1 || (size_t)n > ix->view.n)
			ui_error(ix->u, "%s", _("Invalid message number."));
		else
			ix->cursor = (size_t)n - 1;
	}
	ix->redraw = true;
	buf_release(&text);
}

bool index_run_prompt_op(struct index *ix, enum op op, int key)
{
	switch (op) {
	case OP_ENTER_COMMAND:
		enter_command(ix);
		return true;
	case OP_LIMIT:
		limit(ix);
		return true;
	case OP_SEARCH:
	case OP_SEARCH_REVERSE:
	case OP_SEARCH_NEXT:
	case OP_SEARCH_OPPOSITE:
		search(ix, op);
		return true;
	case OP_TAG_PATTERN:
	case OP_UNTAG_PATTERN:
	case OP_DELETE_PATTERN:
	case OP_UNDELETE_PATTERN:
		pattern_flags(ix, op);
		return true;
	case OP_SAVE_MESSAGE:
	case OP_COPY_MESSAGE:
		save_copy(ix, op == OP_SAVE_MESSAGE);
		return true;
	case OP_JUMP:
		jump(ix, key);
		return true;
	default:
		return false;
	}
}
