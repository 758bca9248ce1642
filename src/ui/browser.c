/*
 * browser.c - the folder browser screen: a directory's folders or the
 * `mailboxes` list (browser_model.c decides what they are), moved through
 * with mutt's menu functions; selecting a folder returns its path.
 */
#include "ui/browser_model.h"
#include "ui/editor.h"
#include "ui/help_model.h"
#include "ui/ui-private.h"

struct browser {
	struct ui *u;
	struct browser_list list;
	struct menu_pos pos;
};

static int rows_shown(const struct ui *u)
{
	int rows = LINES - 2 - ui_help_rows(u);
	return rows > 0 ? rows : 1;
}

static void draw(struct ui *u, void *screen)
{
	struct browser *b = screen;
	struct buf line = BUF_INIT;
	int rows = rows_shown(u), top = ui_help_rows(u);

	b->pos.n = b->list.n;
	menu_scroll_into_view(&b->pos, rows);
	erase();
	if (top) {
		help_bar(u->km, MENU_BROWSER, &line);
		ui_bar_styled(u, 0, line.data);
	}
	for (int r = 0; r < rows && b->pos.top + (size_t)r < b->list.n; r++) {
		size_t i = b->pos.top + (size_t)r;
		buf_reset(&line);
		browser_list_line(u->cfg, &b->list, i, COLS, &line);
		ui_set_object(u, i == b->pos.cursor ? CO_INDICATOR : CO_NORMAL);
		ui_put(top + r, 0, line.data, COLS, true);
		attrset(A_NORMAL);
	}
	buf_reset(&line);
	if (b->list.mode == BROWSER_MAILBOXES)
		buf_printf(&line, "-- %s [%zu]", _("Mailboxes"), b->list.n);
	else
		buf_printf(&line, "-- %s %s [%zu]", _("Directory:"), b->list.dir, b->list.n);
	ui_bar_styled(u, LINES - 2, line.data);
	ui_draw_message(u);
	refresh();
	buf_release(&line);
}

/* Report err (from the model) or not; true when rc says it went well. */
static bool went_well(struct browser *b, int rc, struct buf *err)
{
	if (rc != 0)
		ui_error(b->u, "%s", err->len ? err->data : err_str(rc));
	buf_reset(err);
	return rc == 0;
}

/* select-entry: descend into a directory, or choose a folder (true, path in out). */
static bool select_entry(struct browser *b, struct buf *out, struct buf *err)
{
	const struct browser_entry *e;
	size_t sel = 0;

	if (!b->list.n)
		return false;
	e = &b->list.v[b->pos.cursor];
	if (b->list.mode == BROWSER_DIR && browser_entry_descends(e)) {
		if (went_well(b, browser_enter(b->u->cfg, &b->list, b->pos.cursor, &sel, err), err))
			b->pos.cursor = sel, b->pos.top = 0;
		return false;
	}
	buf_reset(out);
	buf_addstr(out, e->path);
	return true;
}

/* The directory listed now; from the mailboxes list, $folder (as mutt), else ".". */
static const char *current_dir(const struct browser *b)
{
	const char *folder = cfg_str(b->u->cfg, V_folder);

	return b->list.dir ? b->list.dir : *folder ? folder : ".";
}

static void toggle_mailboxes(struct browser *b, struct buf *err)
{
	int rc;

	if (b->list.mode == BROWSER_MAILBOXES) {
		char *dir = xstrdup(current_dir(b));
		rc = browser_list_dir(b->u->cfg, dir, &b->list, err);
		free(dir);
	} else
		rc = browser_list_mailboxes(b->u->cfg, &b->list, err);
	if (went_well(b, rc, err))
		b->pos.cursor = b->pos.top = 0;
}

static void sort_list(struct browser *b, bool reverse)
{
	int key;

	ui_message(
		b->u, "%s",
		reverse ? _("Reverse sort by (d)ate, (a)lpha, si(z)e, (c)ount, (u)nread, or do(n)'t sort? ")
			: _("Sort by (d)ate, (a)lpha, si(z)e, (c)ount, (u)nread, or do(n)'t sort? "));
	draw(b->u, b);
	do
		key = ui_key_source(-1, b->u);
	while (key == TK_RESIZE || key == TK_TIMEOUT);
	b->u->message[0] = '\0';
	int method = key == 'd'   ? SORT_DATE
		     : key == 'a' ? SORT_SUBJECT
		     : key == 'z' ? SORT_SIZE
		     : key == 'c' ? SORT_COUNT
		     : key == 'u' ? SORT_UNREAD
		     : key == 'n' ? SORT_ORDER
				  : -1;
	if (method < 0)
		return;
	browser_sort(&b->list, method | (reverse ? SORT_REVERSE : 0));
	b->pos.cursor = b->pos.top = 0;
}

/* change-dir: ask for a directory (with completion) and list it. */
static void change_dir(struct browser *b, struct buf *err)
{
	struct buf typed = BUF_INIT;

	if (ui_prompt_folder(b->u, _("Chdir to: "), current_dir(b), &typed) == 0 && typed.len &&
	    went_well(b, browser_chdir(b->u->cfg, &b->list, typed.data, err), err))
		b->pos.cursor = b->pos.top = 0;
	buf_release(&typed);
}

/* enter-mask: a new $mask ("!" in front negates it), and the directory listed again. */
static void enter_mask(struct browser *b, struct buf *err)
{
	struct buf typed = BUF_INIT;

	if (ui_prompt(b->u, _("File Mask: "), HIST_PATTERN, cfg_str(b->u->cfg, V_mask), &typed) ==
		    0 &&
	    went_well(b, cfg_set(b->u->cfg, V_mask, typed.data, err), err)) {
		char *dir = xstrdup(current_dir(b));
		if (went_well(b, browser_list_dir(b->u->cfg, dir, &b->list, err), err))
			b->pos.cursor = b->pos.top = 0;
		free(dir);
	}
	buf_release(&typed);
}

/* check-new: count again (mail may have come); the cursor stays on its entry. */
static void check_new(struct browser *b, struct buf *err)
{
	char *name = b->pos.cursor < b->list.n ? xstrdup(b->list.v[b->pos.cursor].path) : NULL;
	char *dir = xstrdup(current_dir(b));
	int rc = b->list.mode == BROWSER_MAILBOXES
			 ? browser_list_mailboxes(b->u->cfg, &b->list, err)
			 : browser_list_dir(b->u->cfg, dir, &b->list, err);

	if (went_well(b, rc, err)) {
		long i = name ? browser_find(&b->list, name, true) : -1;
		b->pos.cursor = i >= 0 ? (size_t)i : 0;
	}
	free(name);
	free(dir);
}

/* The browser's own functions besides moving and selecting; false for others. */
static bool browser_op(struct browser *b, enum op op, struct buf *err)
{
	switch (op) {
	case OP_CHANGE_DIR:
		change_dir(b, err);
		return true;
	case OP_ENTER_MASK:
		enter_mask(b, err);
		return true;
	case OP_CHECK_NEW:
		check_new(b, err);
		return true;
	case OP_DISPLAY_FILENAME:
		if (b->pos.cursor < b->list.n)
			ui_message(b->u, "%s", b->list.v[b->pos.cursor].path);
		return true;
	default:
		return false;
	}
}

int ui_browser(struct ui *u, const char *dir, bool mailboxes, struct buf *out)
{
	struct browser b = { .u = u };
	struct buf err = BUF_INIT;
	void (*prev_draw)(struct ui *, void *) = u->screen_draw;
	void *prev_screen = u->screen;
	enum menu_id prev_menu = u->menu;
	int rc = ERR_CANCEL, status;

	browser_list_init(&b.list);
	status = mailboxes ? browser_list_mailboxes(u->cfg, &b.list, &err)
			   : browser_list_dir(u->cfg, dir, &b.list, &err);
	if (!went_well(&b, status, &err)) {
		browser_list_release(&b.list);
		buf_release(&err);
		return status;
	}
	ui_set_screen(u, MENU_BROWSER, draw, &b);
	for (bool done = false; !done && !u->quit;) {
		int key;
		enum op op;

		draw(u, &b);
		op = ui_next_op(u, MENU_BROWSER, &key);
		if (op != OP_NULL)
			u->message[0] = '\0';
		b.pos.n = b.list.n;
		if (menu_move(u, &b.pos, op, rows_shown(u)) || browser_op(&b, op, &err))
			continue;
		switch (op) {
		case OP_SELECT_ENTRY:
			if (select_entry(&b, out, &err))
				rc = 0, done = true;
			break;
		case OP_EXIT:
			done = true;
			break;
		case OP_TOGGLE_MAILBOXES:
			toggle_mailboxes(&b, &err);
			break;
		case OP_SORT:
		case OP_SORT_REVERSE:
			sort_list(&b, op == OP_SORT_REVERSE);
			break;
		case OP_REDRAW_SCREEN:
			clearok(curscr, TRUE);
			break;
		case OP_NULL:
			if (key == TK_ABORT)
				done = true;
			else if (key == TK_MOUSE &&
				 menu_mouse(u, &b.pos, ui_help_rows(u), rows_shown(u)) &&
				 select_entry(&b, out, &err))
				rc = 0, done = true;
			else if (key && key != TK_RESIZE && key != TK_MOUSE && key != TK_TIMEOUT)
				ui_not_bound(u, MENU_BROWSER);
			break;
		default:
			ui_error(u, _("%s is not available yet."), op_name(op));
			break;
		}
	}
	ui_set_screen(u, prev_menu, prev_draw, prev_screen);
	browser_list_release(&b.list);
	buf_release(&err);
	return rc;
}
