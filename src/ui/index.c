/*
 * index.c - the message index: one line per message in the view's order,
 * the cursor, a help bar and a status bar, in mutt's layout. It waits on
 * the terminal and the model's events together, so keys work while a
 * folder loads.
 */
#include <poll.h>

#include "ui/ui-private.h"

struct index {
	struct mailbox *mb;
	const struct config *cfg;
	struct mx_queue *q;
	struct view view;
	struct view_opts vopts;
	size_t cursor;
	size_t top;
	char status[256]; /* progress or the last operation's result */
	bool loading;
	bool busy;        /* an operation (open, check, sync) runs in the background */
	int check_ms;     /* $mail_check, in milliseconds */
};

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

	mailbox_lock(ix->mb);
	if (ix->view.ids && ix->view.generation == ix->mb->generation) {
		mailbox_unlock(ix->mb);
		return;
	}
	view_release(&ix->view);
	view_build(ix->mb, &ix->vopts, &ix->view);
	mailbox_unlock(ix->mb);
	ix->cursor = 0;
	for (size_t r = 0; cur_id && r < ix->view.n; r++)
		if (ix->view.ids[r] == cur_id)
			ix->cursor = r;
}

static void draw(struct index *ix)
{
	struct buf line = BUF_INIT, status = BUF_INIT;
	int rows = page_rows();

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
		if (ix->loading) {
			mx_cancel(ix->mb);
			snprintf(ix->status, sizeof(ix->status), "%s", _("(stopping...)"));
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

static void handle_event(struct index *ix, struct mx_event *ev)
{
	switch (ev->type) {
	case MXE_PROGRESS:
		if (ev->total)
			snprintf(ix->status, sizeof(ix->status), "%s %zu/%zu (%zu%%)",
				 ev->text ? ev->text : "", ev->done, ev->total,
				 ev->done * 100 / ev->total);
		else
			snprintf(ix->status, sizeof(ix->status), "%s %zu", ev->text ? ev->text : "",
				 ev->done);
		break;
	case MXE_REOPEN:
		/* The folder changed in a way only a fresh read can follow. */
		mailbox_clear(ix->mb);
		if (mx_start(ix->mb, MX_OP_OPEN, ix->q) == 0)
			ix->loading = ix->busy = true;
		snprintf(ix->status, sizeof(ix->status), "%s", _("(the folder changed: reading it again)"));
		break;
	case MXE_DONE:
		if (ev->op == MX_OP_CHECK && ev->rc == 0 && !ix->loading) {
			ix->busy = false;
			break;
		}
		ix->busy = false;
		ix->loading = false;
		if (ev->rc == ERR_CANCEL)
			snprintf(ix->status, sizeof(ix->status), "%s",
				 _("(stopped: not every message was read)"));
		else if (ev->rc)
			snprintf(ix->status, sizeof(ix->status), "%s",
				 ev->text ? ev->text : err_str(ev->rc));
		else
			ix->status[0] = '\0';
		break;
	default:
		break;
	}
}

/* Wait for a key or a model event; returns a key, or ERR after events were handled. */
static int next_input(struct index *ix)
{
	struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 },
				 { ix->q ? mx_queue_fd(ix->q) : -1, POLLIN, 0 } };
	struct mx_event ev;
	int ch = getch(); /* non-blocking: typed-ahead keys first */
	int n;

	if (ch != ERR)
		return ch;
	n = poll(fds, 2, ix->check_ms > 0 ? ix->check_ms : -1);
	if (n < 0)
		return ERR;
	if (n == 0) {
		/* Idle for $mail_check: look for new mail in the background. */
		if (!ix->busy && ix->q && mx_start(ix->mb, MX_OP_CHECK, ix->q) == 0)
			ix->busy = true;
		return ERR;
	}
	if (fds[1].revents & POLLIN) {
		while (mx_queue_pop(ix->q, &ev)) {
			handle_event(ix, &ev);
			mx_event_release(&ev);
		}
		refresh_view(ix);
	}
	return (fds[0].revents & (POLLIN | POLLHUP)) ? getch() : ERR;
}

int ui_run(struct mailbox *mb, const struct config *cfg, struct mx_queue *q)
{
	struct index ix = { .mb = mb, .cfg = cfg, .q = q, .loading = q != NULL, .busy = q != NULL };

	view_opts_from_config(cfg, &ix.vopts);
	ix.check_ms = cfg ? (int)cfg_num(cfg, V_mail_check) * 1000 : 5000;
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
		draw(&ix);
		int ch = next_input(&ix);
		if (ch == ERR)
			continue;
		if (!handle_key(&ix, ch))
			break;
	}
	endwin();
	if (ix.busy)
		mx_cancel(mb);
	view_release(&ix.view);
	return 0;
}
