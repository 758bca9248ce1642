/*
 * pager.c - one message on the screen: pager_layout.c's display lines
 * (headers, the rendered body, quote levels, wrapping) drawn with their
 * colours, scrolled by line and page, searched with a regex, and the
 * weeded or full headers. Functions the pager does not carry out itself
 * (next-entry, delete-message...) go back to the index.
 */
#include "ui/color_model.h"
#include "ui/editor.h"
#include "ui/help_model.h"
#include "ui/index.h"
#include "ui/pager_layout.h"
#include "ui/ui-private.h"

struct pager {
	struct ui *u;
	struct pager_doc *doc;
	struct buf raw, title;
	unsigned flags; /* enum pager_flags */
	size_t top;
	regex_t re;
	bool have_re;
	bool search_back;
};

/*
 * $pager_index_lines: the rows of the mini-index above the message, its
 * status bar included; only as many as there are messages, and never so
 * many that fewer than three rows are left for the message.
 */
static int mini_rows(const struct pager *p)
{
	const struct index *ix = p->u->ix;
	long want = cfg_num(p->u->cfg, V_pager_index_lines);
	long entries = ix ? MIN(want - 1, (long)ix->view.n) : 0;

	entries = MIN(entries, (long)LINES - 6);
	return entries > 0 ? (int)entries + 1 : 0;
}

static int body_rows(const struct pager *p)
{
	int rows = LINES - 2 - ui_help_rows(p->u) - mini_rows(p);
	return rows > 0 ? rows : 1;
}

/* mutt's smart case: a pattern with an upper-case letter is case-sensitive. */
static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

static void build(struct pager *p)
{
	pager_doc_free(&p->doc);
	p->doc = pager_doc_new(p->raw.data, p->raw.len, p->u->cfg, p->flags);
	pager_doc_layout(p->doc, COLS > 0 ? COLS : 80);
	if (p->have_re)
		pager_doc_search(p->doc, &p->re);
}

/* Draw display line i at row y: the text in runs, each run in its span's style over normal. */
static void draw_line(struct pager *p, struct color_model *cm, int y, const struct pager_line *l)
{
	struct ui_style normal = color_object_style(cm, CO_NORMAL, 0);
	size_t at = 0, s = 0;
	int x = 0;

	move(y, 0);
	while (at < l->len && x < COLS) {
		size_t end = l->len;
		struct ui_style st = normal;
		char *run;

		if (s < l->nspans && l->spans[s].start <= at) {
			end = MIN(l->spans[s].end, l->len);
			st = color_merge(color_span_style(cm, &l->spans[s]), normal);
			s++;
		} else if (s < l->nspans) {
			end = l->spans[s].start;
		}
		if (end <= at) {
			at = MAX(at, end);
			continue;
		}
		run = xstrndup(l->text + at, end - at);
		ui_set_style(p->u, st);
		x += ui_put(y, x, run, COLS - x, false);
		free(run);
		at = end;
	}
	ui_set_style(p->u, normal);
	if (x < COLS)
		clrtoeol();
	attrset(A_NORMAL);
}

static void draw(struct ui *u, void *screen)
{
	struct pager *p = screen;
	struct color_model *cm = ui_color_model(u);
	struct buf status = BUF_INIT;
	int rows = body_rows(p), mini = mini_rows(p), top = ui_help_rows(u), y0 = top + mini;
	size_t n = pager_doc_lines(p->doc), shown = p->top + (size_t)rows;

	erase();
	if (top) { /* the help bar, as in mutt and in the index */
		help_bar(u->km, MENU_PAGER, &status);
		ui_bar_styled(u, 0, status.data);
		buf_reset(&status);
	}
	if (mini)
		index_draw_mini(u->ix, top, mini);
	for (int r = 0; r < rows; r++) {
		const struct pager_line *l = pager_doc_line(p->doc, p->top + (size_t)r);
		if (l) {
			draw_line(p, cm, y0 + r, l);
		} else if (cfg_bool(u->cfg, V_tilde)) {
			ui_set_object(u, CO_TILDE);
			ui_put(y0 + r, 0, "~", COLS, false);
			attrset(A_NORMAL);
		}
	}
	buf_printf(&status, "-- %s -- (%s)", p->title.data,
		   n <= (size_t)rows ? _("all")
		   : shown >= n      ? _("end")
				     : "");
	if (n > (size_t)rows && shown < n) {
		status.len -= 2;
		buf_printf(&status, "%zu%%)", shown * 100 / n);
	}
	ui_bar_styled(u, LINES - 2, status.data);
	ui_draw_message(u);
	refresh();
	buf_release(&status);
}

static void scroll_by(struct pager *p, long delta)
{
	long rows = body_rows(p), max = MAX(0L, (long)pager_doc_lines(p->doc) - rows);

	p->top = (size_t)MAX(0L, MIN((long)p->top + delta, max));
}

/* search (/, forward) or search-reverse: a regex with mutt's smart case; then the next match. */
static void search(struct pager *p, enum op op)
{
	struct buf text = BUF_INIT;
	size_t at;

	if (op == OP_SEARCH || op == OP_SEARCH_REVERSE || !p->have_re) {
		int flags = REG_EXTENDED;
		if (ui_prompt(p->u,
			      op == OP_SEARCH_REVERSE ? _("Reverse search for: ")
						      : _("Search for: "),
			      HIST_SEARCH, NULL, &text) != 0 ||
		    !text.len) {
			buf_release(&text);
			return;
		}
		if (!has_upper(text.data))
			flags |= REG_ICASE; /* smart case, as mutt */
		if (p->have_re)
			regfree(&p->re);
		p->have_re = regcomp(&p->re, text.data, flags) == 0;
		if (!p->have_re) {
			ui_error(p->u, "%s", _("Invalid regular expression."));
			buf_release(&text);
			return;
		}
		p->search_back = op == OP_SEARCH_REVERSE;
		pager_doc_search(p->doc, &p->re);
	}
	bool back = p->search_back != (op == OP_SEARCH_OPPOSITE);
	at = pager_doc_find(p->doc, p->top, back);
	if (at == PAGER_NONE)
		ui_error(p->u, "%s", _("Not found."));
	else
		p->top = at;
	scroll_by(p, 0);
	buf_release(&text);
}

/* The pager's own functions; false for one the index should carry out. */
static bool pager_op(struct pager *p, enum op op)
{
	long page = body_rows(p);

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
		scroll_by(p, (long)pager_doc_lines(p->doc));
		return true;
	case OP_DISPLAY_TOGGLE_WEED:
		p->flags ^= PAGER_FULL_HEADERS;
		build(p);
		p->top = 0;
		return true;
	case OP_TOGGLE_QUOTED:
		p->flags ^= PAGER_HIDE_QUOTED;
		build(p);
		scroll_by(p, 0);
		return true;
	case OP_SKIP_QUOTED: {
		bool found;
		size_t at = pager_doc_skip_quoted(p->doc, p->top, &found);
		if (!found || at == PAGER_NONE)
			ui_error(p->u, "%s",
				 found ? _("No more unquoted text after quoted text.")
				       : _("No more quoted text."));
		else
			p->top = at;
		scroll_by(p, 0);
		return true;
	}
	case OP_SEARCH:
	case OP_SEARCH_REVERSE:
	case OP_SEARCH_NEXT:
	case OP_SEARCH_OPPOSITE:
		search(p, op);
		return true;
	case OP_REDRAW_SCREEN:
		clearok(curscr, TRUE);
		return true;
	case OP_HELP:
		ui_help(p->u, MENU_PAGER);
		ui_set_screen(p->u, MENU_PAGER, draw, p);
		return true;
	default:
		return false;
	}
}

/* The wheel scrolls the message; clicks do nothing in the pager. */
static void mouse_wheel(struct pager *p)
{
	if (p->u->mouse.kind == MOUSE_WHEEL_UP)
		scroll_by(p, -3);
	else if (p->u->mouse.kind == MOUSE_WHEEL_DOWN)
		scroll_by(p, 3);
}

/* Read the message into p->raw (a failure is shown as its text); ERR_CANCEL when the user gave up. */
static int load_message(struct pager *p, uint32_t id)
{
	struct buf err = BUF_INIT;
	int rc;

	mailbox_lock(p->u->mb);
	const struct message *m = mx_find(p->u->mb, id);
	const char *subj = m ? menv_str(m->env, ME_SUBJECT) : NULL;
	buf_addstr(&p->title, subj ? subj : "");
	mailbox_unlock(p->u->mb);
	rc = ui_read_message(p->u, id, &p->raw, &err);
	p->flags &= ~(unsigned)PAGER_PARTIAL;
	if (rc == MX_READ_PARTIAL) {
		p->flags |= PAGER_PARTIAL;
		rc = 0;
	}
	if (rc != 0 && rc != ERR_CANCEL) {
		buf_reset(&p->raw);
		buf_printf(&p->raw, "\n%s %s\n", _("The message could not be read:"), err.data);
	}
	buf_release(&err);
	return rc;
}

enum op ui_pager(struct ui *u, uint32_t id)
{
	struct pager p = { .u = u };
	enum op leave = OP_NULL;
	/* p lives on this stack: the screen behind the pager comes back when it returns. */
	void (*prev_draw)(struct ui *, void *) = u->screen_draw;
	void *prev_screen = u->screen;
	enum menu_id prev_menu = u->menu;

	buf_init(&p.raw, 0);
	buf_init(&p.title, 0);
	if (load_message(&p, id) == ERR_CANCEL) {
		ui_error(u, "%s", _("Reading stopped."));
		buf_release(&p.raw);
		buf_release(&p.title);
		return OP_NULL;
	}
	if (!has_colors())
		p.flags |= PAGER_MONO; /* the mono rules, not the color ones */
	build(&p);
	ui_set_screen(u, MENU_PAGER, draw, &p);
	while (leave == OP_NULL && !u->quit) {
		int key;
		enum op op;

		draw(u, &p);
		op = ui_next_op(u, MENU_PAGER, &key);
		if (op == OP_NULL) {
			if (key == TK_ABORT) {
				mx_cancel(
					u->mb); /* stop what loads in the background, as in the index */
			} else if (key == TK_MOUSE) {
				mouse_wheel(&p);
			} else if (key == TK_RESIZE) {
				pager_doc_layout(p.doc, COLS > 0 ? COLS : 80);
				scroll_by(&p, 0);
			} else if (key && key != TK_TIMEOUT) {
				ui_not_bound(u, MENU_PAGER);
			}
			continue;
		}
		u->message[0] = '\0';
		if (op == OP_EXIT)
			leave = OP_EXIT;
		else if (!pager_op(&p, op))
			leave = op; /* next-entry, delete-message...: the index does it */
	}
	if (u->quit)
		leave = OP_EXIT;
	ui_set_screen(u, prev_menu, prev_draw, prev_screen);
	pager_doc_free(&p.doc);
	if (p.have_re)
		regfree(&p.re);
	buf_release(&p.raw);
	buf_release(&p.title);
	return leave;
}
