/*
 * index.c - the message index: one line per message in the view's order,
 * the cursor, a help bar and a status bar, in mutt's layout. It waits on
 * the terminal and the model's events together, so keys work while a
 * folder loads.
 */
#include <poll.h>
#include <time.h>

#include "ui/ui-private.h"

/*
 * While a folder loads, events arrive for every batch of messages; building
 * the view of a big folder (sorting, threading) on each would take the
 * interface's time and the model's lock from the loader. Ten times a
 * second keeps the screen live.
 */
#define REBUILD_MS 100

enum status_kind {
	STATUS_NONE,
	STATUS_PROGRESS, /* an operation's progress, or "stopping": cleared when it ends */
	STATUS_NOTE,     /* a result that stays until the next one */
};

struct index {
	struct mailbox *mb;
	const struct config *cfg;
	struct mx_queue *q;
	struct view view;
	struct view_opts vopts;
	size_t cursor;
	size_t top;
	char status[256]; /* progress or the last operation's result */
	enum status_kind status_kind;
	bool loading;
	bool busy;     /* an operation (open, check, sync) runs in the background */
	enum mx_op op; /* which, when busy */
	bool partial;  /* the user stopped the open: a check would read the rest */
	bool stale;    /* the model changed since the view was built */
	bool redraw;
	int check_ms;          /* $mail_check, in milliseconds */
	int64_t built_ms;      /* when the view was last built */
	int64_t build_cost_ms; /* how long that took */
	int64_t active_ms;     /* the last key or event (mail is checked after $mail_check idle) */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_status(struct index *ix, enum status_kind kind, const char *text)
{
	snprintf(ix->status, sizeof(ix->status), "%s", text);
	ix->status_kind = kind;
	ix->redraw = true;
}

void ui_bar(int y, const char *text)
{
	attron(A_REVERSE);
	ui_put(y, 0, text, COLS, true);
	attroff(A_REVERSE);
}

static int page_rows(void)
{
	return LINES > 3 ? LINES - 3 : 1;
}

/* Rebuild the view when the model changed, keeping the cursor on its message. */
static void refresh_view(struct index *ix)
{
	uint32_t cur_id = ix->view.n ? ix->view.ids[ix->cursor] : 0;

	ix->stale = false;
	mailbox_lock(ix->mb);
	if (ix->view.ids && ix->view.generation == ix->mb->generation) {
		mailbox_unlock(ix->mb);
		return;
	}
	int64_t t0 = now_ms();
	view_release(&ix->view);
	view_build(ix->mb, &ix->vopts, &ix->view);
	mailbox_unlock(ix->mb);
	ix->built_ms = now_ms();
	ix->build_cost_ms = ix->built_ms - t0;
	ix->redraw = true;
	ix->cursor = 0;
	for (size_t r = 0; cur_id && r < ix->view.n; r++)
		if (ix->view.ids[r] == cur_id)
			ix->cursor = r;
}

static void draw(struct index *ix)
{
	struct buf line = BUF_INIT, status = BUF_INIT;
	int rows = page_rows();

	ix->redraw = false;
	erase();
	ui_bar(0, _("q:Quit  j:Next  k:Prev  Enter:Open  PgDn/PgUp:Page  ^C:Stop loading"));
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
	mailbox_lock(ix->mb);
	for (int r = 0; r < rows && ix->top + (size_t)r < ix->view.n; r++) {
		size_t row = ix->top + (size_t)r;
		buf_reset(&line);
		mx_index_line(ix->mb, ix->cfg, &ix->view, row, (size_t)COLS, &line);
		if (row == ix->cursor)
			attron(A_REVERSE);
		ui_put(1 + r, 0, line.data, COLS, row == ix->cursor);
		if (row == ix->cursor)
			attroff(A_REVERSE);
	}
	buf_printf(&status, "-- tern: %s [%s %zu", ix->mb->path, _("Msgs:"), ix->mb->n);
	if (ix->mb->n_new)
		buf_printf(&status, " %s %zu", _("New:"), ix->mb->n_new);
	buf_addch(&status, ']');
	mailbox_unlock(ix->mb);
	if (ix->status[0])
		buf_printf(&status, " %s", ix->status);
	ui_bar(LINES - 2, status.data);
	refresh();
	buf_release(&line);
	buf_release(&status);
}

static void move_cursor(struct index *ix, long delta)
{
	long c = (long)ix->cursor + delta;

	if (c < 0)
		c = 0;
	if (ix->view.n && c >= (long)ix->view.n)
		c = (long)ix->view.n - 1;
	ix->cursor = (size_t)c;
}

static void open_message(struct index *ix)
{
	if (!ix->view.n)
		return;
	ui_pager(ix->mb, ix->view.ids[ix->cursor]);
}

static bool handle_key(struct index *ix, int ch)
{
	switch (ch) {
	case 'q':
		return false;
	case 'j':
	case KEY_DOWN:
		move_cursor(ix, 1);
		break;
	case 'k':
	case KEY_UP:
		move_cursor(ix, -1);
		break;
	case KEY_NPAGE:
	case '>':
		move_cursor(ix, page_rows());
		break;
	case KEY_PPAGE:
	case '<':
		move_cursor(ix, -page_rows());
		break;
	case KEY_HOME:
	case '=':
		ix->cursor = 0;
		break;
	case KEY_END:
	case '*':
		move_cursor(ix, (long)ix->view.n);
		break;
	case 3: /* Ctrl-C: stop a long operation, not the program */
		if (ix->busy) {
			mx_cancel(ix->mb);
			set_status(ix, STATUS_PROGRESS, _("(stopping...)"));
		}
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		open_message(ix);
		break;
	}
	return true;
}

static void show_progress(struct index *ix, const struct mx_event *ev)
{
	const char *label = ev->text ? ev->text : "";
	char text[sizeof(ix->status)];

	if (ev->total)
		snprintf(text, sizeof(text), "%s %zu/%zu (%zu%%)", label, ev->done, ev->total,
			 ev->done * 100 / ev->total);
	else
		snprintf(text, sizeof(text), "%s %zu", label, ev->done);
	set_status(ix, STATUS_PROGRESS, text);
}

/* An operation ended: say how, unless it went well quietly. */
static void operation_done(struct index *ix, const struct mx_event *ev)
{
	bool opening = ev->op == MX_OP_OPEN;

	/*
	 * A check that asked for a reopen ends after the reopen began: its end
	 * is not the open's.
	 */
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
		set_status(ix, STATUS_NOTE,
			   opening ? _("(stopped: not every message was read)") : _("(stopped)"));
	} else if (ev->rc) {
		set_status(ix, STATUS_NOTE, ev->text ? ev->text : err_str(ev->rc));
	} else if (ix->status_kind == STATUS_PROGRESS) {
		set_status(ix, STATUS_NONE, "");
	}
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
		set_status(ix, STATUS_PROGRESS, _("(the folder changed: reading it again)"));
		break;
	case MXE_DONE:
		operation_done(ix, ev);
		break;
	default: /* the model changed: the view follows */
		ix->stale = true;
		break;
	}
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
	return ix->stale && (!ix->loading || ix->view.n < (size_t)page_rows() ||
			     now - ix->built_ms >= rebuild_gap(ix));
}

/* How long to sleep: until the view is due, or $mail_check of idleness; -1: no limit. */
static int wait_ms(const struct index *ix, int64_t now)
{
	int64_t t = -1;

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
	if (mx_start(ix->mb, MX_OP_CHECK, ix->q) == 0) {
		ix->busy = true;
		ix->op = MX_OP_CHECK;
	}
}

/* Wait for a key or a model event; returns a key, or ERR after events were handled. */
static int next_input(struct index *ix)
{
	struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 },
				 { ix->q ? mx_queue_fd(ix->q) : -1, POLLIN, 0 } };
	struct mx_event ev;
	int ch = getch(); /* non-blocking: typed-ahead keys first */

	if (ch != ERR) {
		ix->active_ms = now_ms();
		return ch;
	}
	if (poll(fds, 2, wait_ms(ix, now_ms())) < 0)
		return ERR;
	if (fds[1].revents & POLLIN) {
		while (mx_queue_pop(ix->q, &ev)) {
			handle_event(ix, &ev);
			mx_event_release(&ev);
		}
		ix->active_ms = now_ms();
	}
	maybe_check(ix, now_ms());
	if (!(fds[0].revents & (POLLIN | POLLHUP)))
		return ERR;
	ix->active_ms = now_ms();
	return getch();
}

int ui_run(struct mailbox *mb, const struct config *cfg, struct mx_queue *q)
{
	struct index ix = { .mb = mb,
			    .cfg = cfg,
			    .q = q,
			    .loading = q != NULL,
			    .busy = q != NULL,
			    .op = MX_OP_OPEN };

	view_opts_from_config(cfg, &ix.vopts);
	ix.check_ms = cfg ? (int)cfg_num(cfg, V_mail_check) * 1000 : 5000;
	ix.active_ms = now_ms();
	if (!initscr())
		return ERR_IO;
	raw(); /* Ctrl-C is a key here: it stops operations, it does not kill tern */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	refresh_view(&ix);
	for (;;) {
		if (rebuild_due(&ix, now_ms()))
			refresh_view(&ix);
		if (ix.redraw)
			draw(&ix);
		int ch = next_input(&ix);
		if (ch == ERR)
			continue;
		ix.redraw = true;
		if (!handle_key(&ix, ch))
			break;
	}
	endwin();
	if (ix.busy)
		mx_cancel(mb);
	view_release(&ix.view);
	return 0;
}
