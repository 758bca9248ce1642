/*
 * menu.c - moving through a list of rows (the index, the browser, help):
 * mutt's generic movement functions on a cursor and the first row shown.
 */
#include "ui/ui-private.h"

static void set_cursor(struct menu_pos *p, long row)
{
	if (!p->n)
		return;
	p->cursor = (size_t)MAX(0L, MIN(row, (long)p->n - 1));
}

bool menu_move(struct ui *u, struct menu_pos *p, enum op op, int rows)
{
	long c = (long)p->cursor, top = (long)p->top, r = MAX(rows, 1);

	switch (op) {
	case OP_NEXT_ENTRY:
		if (p->cursor + 1 >= p->n)
			ui_error(u, "%s", _("You are on the last entry."));
		set_cursor(p, c + 1);
		break;
	case OP_PREVIOUS_ENTRY:
		if (!p->cursor)
			ui_error(u, "%s", _("You are on the first entry."));
		set_cursor(p, c - 1);
		break;
	case OP_NEXT_PAGE:
		if (top + r >= (long)p->n) {
			ui_error(u, "%s", _("You are on the last page."));
			set_cursor(p, (long)p->n - 1);
			break;
		}
		p->top = (size_t)(top + r);
		set_cursor(p, MAX(c + r, (long)p->top));
		break;
	case OP_PREVIOUS_PAGE:
		if (!top)
			ui_error(u, "%s", _("You are on the first page."));
		p->top = (size_t)MAX(0L, top - r);
		set_cursor(p, c - r);
		break;
	case OP_HALF_DOWN:
		set_cursor(p, c + r / 2);
		break;
	case OP_HALF_UP:
		set_cursor(p, c - r / 2);
		break;
	case OP_FIRST_ENTRY:
		set_cursor(p, 0);
		break;
	case OP_LAST_ENTRY:
		set_cursor(p, (long)p->n - 1);
		break;
	case OP_TOP_PAGE:
		set_cursor(p, top);
		break;
	case OP_MIDDLE_PAGE:
		set_cursor(p, top + MIN(r, (long)p->n - top) / 2);
		break;
	case OP_BOTTOM_PAGE:
		set_cursor(p, top + r - 1);
		break;
	case OP_CURRENT_TOP:
		p->top = p->cursor;
		break;
	case OP_CURRENT_MIDDLE:
		p->top = (size_t)MAX(0L, c - r / 2);
		break;
	case OP_CURRENT_BOTTOM:
		p->top = (size_t)MAX(0L, c - r + 1);
		break;
	default:
		return false;
	}
	return true;
}

void menu_scroll_into_view(struct menu_pos *p, int rows)
{
	size_t r = (size_t)MAX(rows, 1);

	if (p->cursor < p->top)
		p->top = p->cursor;
	if (p->cursor >= p->top + r)
		p->top = p->cursor - r + 1;
}

/* Rows one notch of the wheel scrolls, as in most terminal programs. */
#define WHEEL_ROWS 3

/* Scroll by delta rows; at either end the cursor moves instead, so the wheel still reaches the first and last rows. */
static void wheel(struct menu_pos *p, long delta, int rows)
{
	long r = MAX(rows, 1), last_top = MAX(0L, (long)p->n - r);
	long top = MAX(0L, MIN((long)p->top + delta, last_top));

	if (top == (long)p->top)
		set_cursor(p, (long)p->cursor + delta);
	p->top = (size_t)top;
	if (p->cursor < p->top)
		set_cursor(p, top);
	else if ((long)p->cursor >= top + r)
		set_cursor(p, top + r - 1);
}

bool menu_mouse(struct ui *u, struct menu_pos *p, int first, int rows)
{
	const struct ui_mouse *m = &u->mouse;
	long row = (long)p->top + (m->y - first);

	switch (m->kind) {
	case MOUSE_WHEEL_UP:
		wheel(p, -WHEEL_ROWS, rows);
		return false;
	case MOUSE_WHEEL_DOWN:
		wheel(p, WHEEL_ROWS, rows);
		return false;
	case MOUSE_CLICK:
	case MOUSE_DOUBLE:
		if (m->y < first || m->y >= first + rows || row >= (long)p->n)
			return false; /* a bar, or below the last row */
		set_cursor(p, row);
		return m->kind == MOUSE_DOUBLE;
	default:
		return false;
	}
}
