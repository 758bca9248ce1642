/*
 * index.c - the message index: one line per message in thread order, the
 * cursor, a help bar and a status bar, in mutt's layout.
 */
#include <locale.h>

#include <wchar.h>

#include "ui/ui-private.h"

struct index {
	struct mailbox *mb;
	struct thread_view view;
	size_t cursor;
	size_t top;
};

void ui_bar(int y, const char *text)
{
	attron(A_REVERSE);
	ui_put(y, 0, text, COLS, true);
	attroff(A_REVERSE);
}

static char flag_char(unsigned flags)
{
	if (flags & MSG_FLAGGED)
		return '!';
	if (flags & MSG_NEW)
		return 'N';
	if (!(flags & MSG_SEEN))
		return 'O';
	if (flags & MSG_REPLIED)
		return 'r';
	return ' ';
}

static void add_date(const struct envelope *e, struct buf *out)
{
	char s[16] = "";

	if (e->date.valid) {
		/* The sender's wall-clock time, as mutt's %d shows it. */
		time_t t = e->date.time + e->date.tz_minutes * 60;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(s, sizeof(s), "%b %d", &tm);
	}
	buf_printf(out, "%-6s", s);
}

/* Append s padded or cut to exactly `cols` columns. */
static void add_cols(struct buf *out, const char *s, int cols)
{
	int used = 0;

	while (*s) {
		uint32_t cp;
		size_t k = utf8_decode(s, strlen(s), &cp);
		int w = ui_cp_width(cp);
		if (used + w > cols)
			break;
		buf_add(out, s, k);
		used += w;
		s += k;
	}
	for (; used < cols; used++)
		buf_addch(out, ' ');
}

static void add_tree(const struct thread_view *v, size_t row, struct buf *out)
{
	int d = v->depth[row];

	if (d == 0)
		return;
	for (int level = 1; level < d; level++)
		buf_addstr(out,
			   level <= 32 && (v->cont[row] >> (level - 1) & 1) ? "\u2502 " : "  ");
	buf_addstr(out, v->last[row] ? "\u2514\u2500>" : "\u251c\u2500>");
}

void ui_index_line(const struct mailbox *mb, const struct thread_view *v, size_t row,
		   struct buf *out)
{
	int i = v->order[row];
	const struct message *m = &mb->msgs[i];
	const struct address *from = addrlist_first(&m->env.from);
	const char *who = from ? (from->name ? from->name : from->mailbox) : "";

	buf_printf(out, "%4d %c ", i + 1, flag_char(m->flags));
	add_date(&m->env, out);
	buf_addch(out, ' ');
	add_cols(out, who ? who : "", 20);
	buf_addch(out, ' ');
	add_tree(v, row, out);
	buf_addstr(out, m->env.subject ? m->env.subject : "");
}

static int page_rows(void)
{
	return LINES > 3 ? LINES - 3 : 1;
}

static void draw(struct index *ix)
{
	struct buf line = BUF_INIT, status = BUF_INIT;
	int rows = page_rows();

	erase();
	ui_bar(0, _("q:Quit  j:Next  k:Prev  Enter:Open  PgDn/PgUp:Page"));
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
	for (int r = 0; r < rows && ix->top + (size_t)r < ix->view.n; r++) {
		size_t row = ix->top + (size_t)r;
		buf_reset(&line);
		ui_index_line(ix->mb, &ix->view, row, &line);
		if (row == ix->cursor)
			attron(A_REVERSE);
		ui_put(1 + r, 0, line.data, COLS, row == ix->cursor);
		if (row == ix->cursor)
			attroff(A_REVERSE);
	}
	buf_printf(&status, "-- tern: %s [%s %zu]", ix->mb->path, _("Msgs:"), ix->mb->n);
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
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (ix->view.n)
			ui_pager(ix->mb, (size_t)ix->view.order[ix->cursor]);
		break;
	}
	return true;
}

int ui_run(struct mailbox *mb)
{
	struct index ix = { .mb = mb };

	if (mailbox_thread_view(mb, &ix.view) != 0)
		return ERR_INVAL;
	if (!initscr()) {
		thread_view_release(&ix.view);
		return ERR_IO;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	for (;;) {
		draw(&ix);
		int ch = getch();
		if (ch == ERR || !handle_key(&ix, ch))
			break;
	}
	endwin();
	thread_view_release(&ix.view);
	return 0;
}
