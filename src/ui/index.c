/*
 * index.c - the message index: one line per message in the view's order,
 * the cursor, a help bar and $status_format, in mutt's layout. Model events
 * arrive through the key source (keys.c) while it waits, so keys work while
 * a folder loads; functions are carried out in index_ops.c.
 */
#include <time.h>

#include "ui/color_model.h"
#include "ui/editor.h"
#include "ui/index.h"

/*
 * While a folder loads, events arrive for every batch of messages; building
 * the view of a big folder (sorting, threading) on each would take the
 * interface's time and the model's lock from the loader.
 */
#define REBUILD_MS 100

int64_t index_now_ms(void)
{
	return mono_ms();
}

void index_set_status(struct index *ix, enum status_kind kind, const char *text)
{
	snprintf(ix->status, sizeof(ix->status), "%s", text);
	ix->status_kind = kind;
	ix->redraw = true;
}

int index_page_rows(const struct index *ix)
{
	int rows = LINES - 2 - ui_help_rows(ix->u);
	return rows > 0 ? rows : 1;
}

void index_apply_config(struct index *ix)
{
	view_opts_from_config(ix->cfg, &ix->vopts);
	ix->vopts.limit = ix->limit;
	ix->vopts.collapsed = &ix->collapsed;
	ix->force = ix->stale = true;
}

static bool limit_progress(void *ctx, size_t done, size_t total)
{
	return ui_scan_step(ctx, done, total);
}

/*
 * Build the view (mailbox locked). A limit that reads every message shows
 * its progress; Ctrl-C then drops the limit, as the user would otherwise
 * wait again at every rebuild, and every message is shown.
 */
static void build_view(struct index *ix)
{
	struct view v = { 0 };
	struct ui_scan scan;
	int rc;

	ui_scan_begin(&scan, ix->u, _("Limiting..."));
	ix->vopts.progress = limit_progress;
	ix->vopts.progress_ctx = &scan;
	rc = view_build(ix->mb, &ix->vopts, &v);
	ix->vopts.progress = NULL;
	ui_scan_end(&scan);
	if (rc == ERR_CANCEL) {
		pattern_free(&ix->limit);
		free(ix->limit_text);
		ix->limit_text = NULL;
		ix->vopts.limit = NULL;
		ui_error(ix->u, "%s", _("Limit stopped: all messages are shown."));
		view_build(ix->mb, &ix->vopts, &v);
	}
	view_release(&ix->view);
	ix->view = v;
}

/* Rebuild the view when the model changed, keeping the cursor on its message. */
void index_refresh_view(struct index *ix)
{
	uint32_t cur_id = ix->view.n ? ix->view.ids[ix->cursor] : 0;
	int64_t t0 = index_now_ms();

	ix->stale = false;
	mailbox_lock(ix->mb);
	if (ix->view.ids && ix->view.generation == ix->mb->generation && !ix->force) {
		mailbox_unlock(ix->mb);
		return;
	}
	ix->force = false;
	/* $uncollapse_new: mail delivered since the last view opens its thread (not while loading). */
	ix->vopts.new_from = ix->loading || !ix->view.ids ? 0 : ix->view.id_end;
	build_view(ix);
	ix->builds++;
	mailbox_unlock(ix->mb);
	ix->built_ms = index_now_ms();
	ix->build_cost_ms = ix->built_ms - t0;
	ix->redraw = true;
	ix->cursor = 0;
	if (cur_id) {
		size_t r = view_row_of(&ix->view, cur_id);
		ix->cursor = r == SIZE_MAX ? 0 : r;
	}
}

/* Draw rows rows of the view from view row top at screen row y. */
static void draw_rows_at(struct index *ix, int y, int rows, size_t top)
{
	struct buf line = BUF_INIT;
	struct color_model *cm = ui_color_model(ix->u);

	mailbox_lock(ix->mb);
	for (int r = 0; r < rows; r++) {
		size_t row = top + (size_t)r;
		if (row >= ix->view.n) {
			move(y + r, 0);
			clrtoeol();
			continue;
		}
		buf_reset(&line);
		mx_index_line(ix->mb, ix->cfg, &ix->view, row, (size_t)COLS, &line);
		if (row == ix->cursor) {
			ui_set_object(ix->u, CO_INDICATOR);
		} else {
			const struct message *m = mx_find(ix->mb, ix->view.ids[row]);
			ui_set_style(ix->u, m ? color_index_style(cm, ix->mb, m, CO_INDEX)
					      : color_object_style(cm, CO_NORMAL, 0));
		}
		ui_put(y + r, 0, line.data, COLS, true);
		attrset(A_NORMAL);
	}
	mailbox_unlock(ix->mb);
	buf_release(&line);
}

static void draw_rows(struct index *ix, int rows)
{
	draw_rows_at(ix, ui_help_rows(ix->u), rows, ix->top);
}

void index_draw_mini(struct index *ix, int y, int rows)
{
	struct buf bar = BUF_INIT;
	int entries = rows - 1;
	size_t top = 0;

	/* The current message a third of the way down, as in mutt. */
	if (ix->cursor > (size_t)entries / 3)
		top = ix->cursor - (size_t)entries / 3;
	if (ix->view.n > (size_t)entries)
		top = MIN(top, ix->view.n - (size_t)entries);
	else
		top = 0;
	draw_rows_at(ix, y, entries, top);
	index_status_line(ix, (size_t)COLS, &bar);
	ui_bar_styled(ix->u, y + entries, bar.data);
	buf_release(&bar);
}

static void draw(struct ui *u, void *screen)
{
	struct index *ix = screen;
	struct buf bar = BUF_INIT;
	int rows = index_page_rows(ix);

	(void)u;
	ix->redraw = false;
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
	if (ui_help_rows(u)) {
		index_help_bar(ix, &bar);
		ui_bar_styled(ix->u, 0, bar.data);
	}
	draw_rows(ix, rows);
	buf_reset(&bar);
	index_status_line(ix, (size_t)COLS, &bar);
	ui_bar_styled(ix->u, LINES - 2, bar.data);
	ui_draw_message(ix->u);
	refresh();
	buf_release(&bar);
}

void index_draw(struct index *ix)
{
	draw(ix->u, ix);
}

static void show_progress(struct index *ix, const struct mx_event *ev)
{
	const char *label = ev->text ? ev->text : "";
	char text[sizeof(ix->status)];

	if (ev->total)
		snprintf(text, sizeof(text), "%s %zu/%zu (%zu%%)", label, ev->done, ev->total,
			 ev->done * 100 / ev->total);
	else if (ev->done)
		snprintf(text, sizeof(text), "%s %zu", label, ev->done);
	else /* a stage with nothing to count ("Connecting...") */
		snprintf(text, sizeof(text), "%s", label);
	index_set_status(ix, STATUS_PROGRESS, text);
}

/*
 * push and exec from the rc files run once the folder is open, as in mutt
 * (where opening comes first): a pushed <last-entry> means the last
 * message, not the last one read so far. Typed keys work before that.
 */
static void connect_input(struct index *ix)
{
	struct buf err = BUF_INIT;

	if (ix->input_connected)
		return;
	ix->input_connected = true;
	if (config_set_input(ix->cfg, ix->u->in, &err) != 0)
		ui_error(ix->u, "%s", err.data);
	buf_release(&err);
}

/* An operation ended: say how, unless it went well quietly. */
static void operation_done(struct index *ix, const struct mx_event *ev)
{
	bool opening = ev->op == MX_OP_OPEN;

	/* A check that asked for a reopen ends after the reopen began: its end is not the open's. */
	if (ix->busy && ev->op != ix->op)
		return;
	ix->busy = false;
	ix->loading = false;
	if (ev->rc == ERR_CANCEL) {
		/*
		 * What was read stays. A check now would take the unread messages
		 * for new mail and read them after all: no checks until the
		 * folder is opened again.
		 */
		ix->partial |= opening;
		index_set_status(ix, STATUS_NOTE,
				 opening ? _("(stopped: not every message was read)")
					 : _("(stopped)"));
	} else if (ev->rc) {
		index_set_status(ix, STATUS_NOTE, ev->text ? ev->text : err_str(ev->rc));
	} else if (ix->status_kind == STATUS_PROGRESS) {
		index_set_status(ix, STATUS_NONE, "");
	}
	if (ix->after_op)
		ix->after_op(ix, ev->rc);
	ix->after_op = NULL;
	if (opening)
		connect_input(ix);
}

static void handle_event(struct index *ix, struct mx_event *ev)
{
	switch (ev->type) {
	case MXE_PROGRESS:
		show_progress(ix, ev);
		break;
	case MXE_REOPEN:
		/* The folder changed in a way only a fresh read can follow. */
		mailbox_clear(ix->mb);
		ix->stale = true;
		if (mx_start(ix->mb, MX_OP_OPEN, ix->q) == 0) {
			ix->loading = ix->busy = true;
			ix->op = MX_OP_OPEN;
			ix->partial = false;
		}
		index_set_status(ix, STATUS_PROGRESS, _("(the folder changed: reading it again)"));
		break;
	case MXE_DONE:
		operation_done(ix, ev);
		break;
	case MXE_ASK: /* the ui takes the ticket; the key source asks */
		ui_queue_ask(ix->u, ev->ticket);
		ev->ticket = NULL;
		break;
	default: /* the model changed: the view follows */
		ix->stale = true;
		break;
	}
}

bool index_take_events(struct index *ix)
{
	struct mx_event ev;
	bool any = false;

	while (ix->q && mx_queue_pop(ix->q, &ev)) {
		handle_event(ix, &ev);
		mx_event_release(&ev);
		any = true;
	}
	if (any)
		ix->active_ms = index_now_ms();
	return any && ix->redraw;
}

/*
 * While a folder loads, the view is rebuilt at most every REBUILD_MS, and
 * never sooner than four times the last build took: a build sorts and
 * threads everything so far (and holds the loader off the model), so a
 * fixed pace would make a big folder's load cost grow with its square.
 */
static int64_t rebuild_gap(const struct index *ix)
{
	return MAX((int64_t)REBUILD_MS, 4 * ix->build_cost_ms);
}

/* Build the view again now? At once for the first screen, then by rebuild_gap. */
static bool rebuild_due(const struct index *ix, int64_t now)
{
	return ix->stale && (!ix->loading || ix->view.n < (size_t)index_page_rows(ix) ||
			     now - ix->built_ms >= rebuild_gap(ix));
}

int index_wait_ms(const struct index *ix)
{
	int64_t now = index_now_ms(), t = -1;

	if (ix->stale)
		t = MAX(0, ix->built_ms + rebuild_gap(ix) - now);
	if (ix->check_ms > 0 && !ix->busy && !ix->partial && ix->q) {
		int64_t c = MAX(0, ix->active_ms + ix->check_ms - now);
		t = t < 0 ? c : MIN(t, c);
	}
	return (int)MIN(t, (int64_t)INT32_MAX);
}

/* Idle for $mail_check: look for new mail in the background. */
static void maybe_check(struct index *ix, int64_t now)
{
	if (ix->check_ms <= 0 || ix->busy || ix->partial || !ix->q ||
	    now - ix->active_ms < ix->check_ms)
		return;
	ix->active_ms = now;
	index_start(ix, MX_OP_CHECK, NULL);
}

bool index_tick(struct index *ix)
{
	int64_t now = index_now_ms();

	if (rebuild_due(ix, now))
		index_refresh_view(ix);
	maybe_check(ix, now);
	return ix->redraw;
}

int index_queue_fd(const struct index *ix)
{
	return ix->q ? mx_queue_fd(ix->q) : -1;
}

int index_start(struct index *ix, enum mx_op op, void (*after)(struct index *, int))
{
	if (ix->busy || !ix->q || mx_start(ix->mb, op, ix->q) != 0)
		return ERR_AGAIN;
	ix->busy = true;
	ix->op = op;
	ix->after_op = after;
	return 0;
}

/* Set up curses: raw keys (Ctrl-C is a key: it stops operations, not tern), no echo. */
static int screen_init(void)
{
	if (!initscr())
		return ERR_IO;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	return 0;
}

int ui_run(struct mailbox **mbp, struct config *cfg, struct mx_queue *q, unsigned flags)
{
	struct mailbox *mb = *mbp;
	struct ui u = { .cfg = cfg, .km = cfg_keymaps(cfg), .mb = mb, .q = q, .wake_fd = -1 };
	struct index ix = { .u = &u,
			    .mb = mb,
			    .mbp = mbp,
			    .cfg = cfg,
			    .q = q,
			    .loading = q != NULL,
			    .busy = q != NULL,
			    .op = MX_OP_OPEN };
	struct buf err = BUF_INIT;

	index_apply_config(&ix);
	u.hist = history_new(cfg);
	history_load(u.hist);
	ix.check_ms = (int)cfg_num(cfg, V_mail_check) * 1000;
	ix.active_ms = index_now_ms();
	if (screen_init() != 0)
		return ERR_IO;
	ui_colors_init(&u);
	u.in = input_new(ui_key_source, &u);
	u.ix = &ix;
	if (!ix.loading)
		connect_input(&ix);
	ix.draw = draw;
	ui_set_screen(&u, MENU_INDEX, draw, &ix);
	index_refresh_view(&ix);
	if ((flags & UI_BROWSER_FIRST) && !index_start_browser(&ix, false))
		u.quit = true;
	while (!u.quit) {
		int key;
		enum op op;

		if (ix.redraw)
			draw(&u, &ix);
		op = ui_next_op(&u, MENU_INDEX, &key);
		index_run_op(&ix, op, key);
	}
	config_set_input(cfg, NULL, &err);
	endwin();
	ui_colors_free(&u);
	ui_drop_asks(&u); /* an operation waiting for an answer hears "no" */
	if (ix.busy)
		mx_cancel(ix.mb);
	mx_wait(ix.mb);
	index_release(&ix);
	history_save(u.hist);
	history_free(&u.hist);
	input_free(&u.in);
	buf_release(&err);
	return 0;
}
