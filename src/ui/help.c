/*
 * help.c - the help screen of a menu: help_model.c's rows from the live
 * keymap, scrolled with the pager's keys, laid out again on a resize.
 */
#include "ui/help_model.h"
#include "ui/ui-private.h"

struct help {
	struct ui *u;
	enum menu_id menu;
	struct help_rows rows;
	struct menu_pos pos;
	int cols;
};

static int rows_shown(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

static void layout(struct help *h)
{
	h->cols = COLS > 0 ? COLS : 80;
	help_lines(h->u->km, h->menu, h->cols, &h->rows);
	h->pos.n = h->rows.n;
}

static void draw(struct ui *u, void *screen)
{
	struct help *h = screen;
	struct buf title = BUF_INIT;
	int rows = rows_shown();

	if (COLS != h->cols)
		layout(h);
	erase();
	for (int r = 0; r < rows && h->pos.top + (size_t)r < h->rows.n; r++)
		ui_put(r, 0, h->rows.v[h->pos.top + (size_t)r].text, COLS, false);
	help_title(h->menu, &title);
	buf_printf(&title, " -- (%zu%%)",
		   h->rows.n ? MIN((h->pos.top + (size_t)rows) * 100 / h->rows.n, (size_t)100)
			     : 100);
	ui_bar(LINES - 2, title.data);
	ui_draw_message(u);
	refresh();
	buf_release(&title);
}

static bool scroll_help(struct help *h, enum op op);

/* The wheel scrolls three rows, as in the pager. */
static void wheel_help(struct help *h, enum ui_mouse_kind kind)
{
	for (int i = 0; i < 3 && kind != MOUSE_CLICK && kind != MOUSE_DOUBLE; i++)
		scroll_help(h, kind == MOUSE_WHEEL_UP ? OP_PREVIOUS_LINE : OP_NEXT_LINE);
}

/* The pager's scrolling functions move the first row shown; the menu's move the page too. */
static bool scroll_help(struct help *h, enum op op)
{
	long rows = rows_shown(), max = MAX(0L, (long)h->rows.n - rows), t = (long)h->pos.top;

	switch (op) {
	case OP_NEXT_LINE:
	case OP_NEXT_ENTRY:
		t++;
		break;
	case OP_PREVIOUS_LINE:
	case OP_PREVIOUS_ENTRY:
		t--;
		break;
	case OP_NEXT_PAGE:
		t += rows;
		break;
	case OP_PREVIOUS_PAGE:
		t -= rows;
		break;
	case OP_HALF_DOWN:
		t += rows / 2;
		break;
	case OP_HALF_UP:
		t -= rows / 2;
		break;
	case OP_TOP:
	case OP_FIRST_ENTRY:
		t = 0;
		break;
	case OP_BOTTOM:
	case OP_LAST_ENTRY:
		t = max;
		break;
	default:
		return false;
	}
	h->pos.top = (size_t)MAX(0L, MIN(t, max));
	return true;
}

void ui_help(struct ui *u, enum menu_id menu)
{
	struct help h = { .u = u, .menu = menu, .rows = HELP_ROWS_INIT };
	void (*prev_draw)(struct ui *, void *) = u->screen_draw;
	void *prev_screen = u->screen;
	enum menu_id prev_menu = u->menu;

	layout(&h);
	ui_set_screen(u, MENU_PAGER, draw, &h);
	while (!u->quit) {
		int key;
		enum op op;

		draw(u, &h);
		op = ui_next_op(u, MENU_PAGER, &key);
		if (op == OP_EXIT || op == OP_QUIT || (op == OP_NULL && key == TK_ABORT))
			break;
		if (op == OP_NULL && key == TK_RESIZE)
			layout(&h);
		else if (op == OP_NULL && key == TK_MOUSE)
			wheel_help(&h, u->mouse.kind);
		else if (op != OP_NULL && !scroll_help(&h, op) && op != OP_HELP)
			ui_error(u, "%s", _("Press q to leave the help screen."));
		else
			u->message[0] = '\0';
	}
	ui_set_screen(u, prev_menu, prev_draw, prev_screen);
	help_rows_release(&h.rows);
	clearok(curscr, TRUE);
}
