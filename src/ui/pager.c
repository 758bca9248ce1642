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

void ui_pager(struct mailbox *mb, uint32_t id)
{
	struct pager p = { 0 };
	struct buf raw = BUF_INIT, err = BUF_INIT, title = BUF_INIT;
	long page;

	mailbox_lock(mb);
	const struct message *m = mx_find(mb, id);
	const char *subj = m ? menv_str(m->env, ME_SUBJECT) : NULL;
	buf_addstr(&title, subj ? subj : "");
	mailbox_unlock(mb);
	buf_init(&p.text, 0);
	if (mx_read(mb, id, &raw, &err) == 0)
		render_message(raw.data, raw.len, &p.text);
	else
		buf_printf(&p.text, _("The message could not be read: %s\n"), err.data);
	buf_release(&raw);
	buf_release(&err);
	nodelay(stdscr, FALSE);
	layout(&p, COLS > 0 ? COLS : 80);
	for (;;) {
		draw(&p, title.data);
		page = LINES > 3 ? LINES - 3 : 1;
		int ch = getch();
		if (ch == ERR || ch == 'q' || ch == 'i')
			break;
		switch (ch) {
		case 'j':
		case KEY_DOWN:
		case '\r':
		case '\n':
			scroll_by(&p, 1);
			break;
		case 'k':
		case KEY_UP:
			scroll_by(&p, -1);
			break;
		case ' ':
		case KEY_NPAGE:
			scroll_by(&p, page);
			break;
		case '-':
		case KEY_PPAGE:
			scroll_by(&p, -page);
			break;
		case 'g':
		case KEY_HOME:
			p.top = 0;
			break;
		case 'G':
		case KEY_END:
			scroll_by(&p, (long)p.n);
			break;
		case 3: /* Ctrl-C: stop what loads in the background, as in the index */
			mx_cancel(mb);
			break;
		case KEY_RESIZE:
			layout(&p, COLS > 0 ? COLS : 80);
			scroll_by(&p, 0);
			break;
		}
	}
	nodelay(stdscr, TRUE);
	free(p.lines);
	free(p.ends);
	buf_release(&p.text);
	buf_release(&title);
}
