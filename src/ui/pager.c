/*
 * pager.c - one message as text, scrolled by line and page. Long lines are
 * wrapped at the screen width by columns, so wide characters stay whole.
 */
#include "ui/ui-private.h"

struct pager {
	struct buf text;
	size_t *lines; /* byte offset of each screen line's start */
	size_t *ends;  /* and its end */
	size_t n, cap;
	size_t top;
};

static void add_line(struct pager *p, size_t start, size_t end)
{
	if (p->n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		p->lines = xreallocarray(p->lines, cap, sizeof(*p->lines));
		p->ends = xreallocarray(p->ends, cap, sizeof(*p->ends));
		p->cap = cap;
	}
	p->lines[p->n] = start;
	p->ends[p->n] = end;
	p->n++;
}

/* Split the text into screen lines of at most `width` columns. */
static void layout(struct pager *p, int width)
{
	const char *s = p->text.data;
	size_t i = 0, len = p->text.len;

	p->n = 0;
	while (i < len) {
		size_t start = i;
		int used = 0;
		while (i < len && s[i] != '\n') {
			uint32_t cp;
			size_t k = utf8_decode(s + i, len - i, &cp);
			int w = cp == '\t' ? 8 - used % 8 : ui_cp_width(cp);
			if (used + w > width && used > 0)
				break;
			used += w;
			i += k;
		}
		add_line(p, start, i);
		if (i < len && s[i] == '\n')
			i++;
	}
}

static void draw(struct pager *p, const char *title)
{
	int rows = LINES > 2 ? LINES - 2 : 1;
	struct buf line = BUF_INIT, status = BUF_INIT;

	erase();
	for (int r = 0; r < rows && p->top + (size_t)r < p->n; r++) {
		size_t k = p->top + (size_t)r;
		buf_reset(&line);
		buf_add(&line, p->text.data + p->lines[k], p->ends[k] - p->lines[k]);
		ui_put(r, 0, line.data, COLS, false);
	}
	size_t shown = p->top + (size_t)rows;
	buf_printf(&status, "-- %s -- (%zu%%)", title,
		   p->n ? (shown >= p->n ? 100 : shown * 100 / p->n) : 100);
	ui_bar(LINES - 2, status.data);
	refresh();
	buf_release(&line);
	buf_release(&status);
}

static void scroll_by(struct pager *p, long delta)
{
	long rows = LINES > 2 ? LINES - 2 : 1;
	long max = (long)p->n - rows;
	long t = (long)p->top + delta;

	if (t > max)
		t = max;
	if (t < 0)
		t = 0;
	p->top = (size_t)t;
}

struct pager_screen {
	struct pager *p;
	const char *title;
};

static void draw_screen(struct ui *u, void *screen)
{
	struct pager_screen *ps = screen;

	draw(ps->p, ps->title);
	ui_draw_message(u);
	refresh();
}

/* The pager's own functions; false for one the index should carry out. */
static bool pager_op(struct pager *p, enum op op)
{
	long page = LINES > 3 ? LINES - 3 : 1;

	switch (op) {
	case OP_NEXT_LINE:
		scroll_by(p, 1);
		return true;
	case OP_PREVIOUS_LINE:
		scroll_by(p, -1);
		return true;
	case OP_NEXT_PAGE:
		scroll_by(p, page);
		return true;
	case OP_PREVIOUS_PAGE:
		scroll_by(p, -page);
		return true;
	case OP_HALF_DOWN:
		scroll_by(p, page / 2);
		return true;
	case OP_HALF_UP:
		scroll_by(p, -page / 2);
		return true;
	case OP_TOP:
		p->top = 0;
		return true;
	case OP_BOTTOM:
		scroll_by(p, (long)p->n);
		return true;
	case OP_REDRAW_SCREEN:
		clearok(curscr, TRUE);
		return true;
	default:
		return false;
	}
}

static void load_message(struct ui *u, uint32_t id, struct pager *p, struct buf *title)
{
	struct buf raw = BUF_INIT, err = BUF_INIT;

	mailbox_lock(u->mb);
	const struct message *m = mx_find(u->mb, id);
	const char *subj = m ? menv_str(m->env, ME_SUBJECT) : NULL;
	buf_addstr(title, subj ? subj : "");
	mailbox_unlock(u->mb);
	buf_init(&p->text, 0);
	if (mx_read(u->mb, id, &raw, &err) == 0)
		render_message(raw.data, raw.len, &p->text);
	else
		buf_printf(&p->text, _("The message could not be read: %s\n"), err.data);
	buf_release(&raw);
	buf_release(&err);
}

enum op ui_pager(struct ui *u, uint32_t id)
{
	struct pager p = { 0 };
	struct buf title = BUF_INIT;
	struct pager_screen ps = { &p, NULL };
	enum op leave = OP_NULL;

	load_message(u, id, &p, &title);
	ps.title = title.data;
	layout(&p, COLS > 0 ? COLS : 80);
	ui_set_screen(u, MENU_PAGER, draw_screen, &ps);
	while (leave == OP_NULL) {
		int key;
		enum op op;

		draw_screen(u, &ps);
		op = ui_next_op(u, MENU_PAGER, &key);
		if (op == OP_NULL) {
			if (key == TK_ABORT)
				mx_cancel(
					u->mb); /* stop what loads in the background, as in the index */
			else if (key == TK_RESIZE) {
				layout(&p, COLS > 0 ? COLS : 80);
				scroll_by(&p, 0);
			} else if (key && key != TK_TIMEOUT)
				ui_error(u, _("Key is not bound.  Press '%s' for help."), "?");
			continue;
		}
		u->message[0] = '\0';
		if (op == OP_HELP) {
			ui_help(u, MENU_PAGER);
			ui_set_screen(u, MENU_PAGER, draw_screen, &ps);
		} else if (op == OP_EXIT)
			leave = OP_EXIT;
		else if (!pager_op(&p, op))
			leave = op; /* next-entry, delete-message...: the index does it */
	}
	free(p.lines);
	free(p.ends);
	buf_release(&p.text);
	buf_release(&title);
	return leave;
}
