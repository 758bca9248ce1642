/*
 * browser.c - the folder browser screen: a directory's folders or the
 * `mailboxes` list (browser_model.c decides what they are), moved through
 * with mutt's menu functions; selecting a folder returns its path.
 */
#include "ui/browser_model_imap.h"
#include "ui/browser_wait.h"
#include "ui/editor.h"
#include "ui/help_model.h"
#include "ui/ui-private.h"

struct browser {
	struct ui *u;
	struct browser_list list;
	struct menu_pos pos;
	struct browser_imap imap; /* the server's connection while browsing IMAP folders */
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
		buf_printf(&line, "-- %s %s [%zu]%s", _("Directory:"), b->list.dir, b->list.n,
			   b->list.subscribed ? _(" (subscribed only)") : "");
	ui_bar_styled(u, LINES - 2, line.data);
	ui_draw_message(u);
	refresh();
	buf_release(&line);
}

/*
 * $imap_check_subscribed: once a connection to a server is new, its
 * subscribed folders join the `mailboxes` (mutt adds them on connection).
 */
static void add_subscribed(struct browser *b)
{
	struct strlist urls = { 0 };
	struct buf err = BUF_INIT, cmd = BUF_INIT;
	const struct strlist *boxes = cfg_list(b->u->cfg, L_MAILBOXES);

	if (!b->imap.fresh || !cfg_bool(b->u->cfg, V_imap_check_subscribed))
		return;
	browser_imap_subscribed(&b->imap, &urls, &err); /* none on error: listing went well */
	for (size_t i = 0; i < urls.n; i++) {
		if (strlist_find(boxes, urls.v[i]) >= 0 || strpbrk(urls.v[i], "'\\"))
			continue;
		buf_reset(&cmd);
		buf_printf(&cmd, "mailboxes '%s'", urls.v[i]);
		buf_reset(&err);
		config_run(b->u->cfg, cmd.data, NULL, 0, &err);
	}
	strlist_release(&urls);
	buf_release(&err);
	buf_release(&cmd);
}

/* List url's folders on the server (with progress; Ctrl-C abandons), *sel the cursor. */
static int imap_list(struct browser *b, const char *url, bool subscribed, size_t *sel,
		     struct buf *err)
{
	struct browser_wait g;
	struct buf what = BUF_INIT;
	int rc;

	buf_printf(&what, _("Listing folders of %s..."), url);
	browser_wait_begin(b->u, &g, what.data);
	rc = browser_imap_list(b->u->cfg, &b->imap, url, subscribed, &b->list, sel, err);
	if (rc == 0)
		add_subscribed(b);
	browser_wait_end(b->u, &g);
	buf_release(&what);
	return rc;
}

/* List dir: a local directory, or a server's folders when it is an imap:// URL. */
static int list_dir(struct browser *b, const char *dir, size_t *sel, struct buf *err)
{
	char *copy = xstrdup(dir); /* dir may be the list's own, which listing replaces */
	int rc;

	*sel = 0;
	if (browser_is_imap(copy))
		rc = imap_list(b, copy, cfg_bool(b->u->cfg, V_imap_list_subscribed), sel, err);
	else
		rc = browser_list_dir(b->u->cfg, copy, &b->list, err);
	free(copy);
	return rc;
}

/* The mailboxes list, with STATUS counts of IMAP ones when $mail_check_stats or asked. */
static int list_mailboxes(struct browser *b, bool count, struct buf *err)
{
	int rc = browser_list_mailboxes(b->u->cfg, &b->list, err);

	if (rc == 0 && (count || cfg_bool(b->u->cfg, V_mail_check_stats))) {
		bool any = false;
		for (size_t i = 0; i < b->list.n; i++)
			any |= !b->list.v[i].local && b->list.v[i].type == MX_IMAP;
		if (any) {
			struct browser_wait g;
			browser_wait_begin(b->u, &g, _("Checking IMAP mailboxes..."));
			browser_imap_counts(b->u->cfg, &b->imap, &b->list);
			browser_wait_end(b->u, &g);
		}
	}
	return rc;
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
	if (b->list.imap) {
		if (e->is_dir || e->is_parent) {
			char *url = xstrdup(e->path);
			if (went_well(b, imap_list(b, url, b->list.subscribed, &sel, err), err))
				b->pos.cursor = sel, b->pos.top = 0;
			free(url);
			return false;
		}
		if (e->noselect) {
			ui_error(b->u, _("%s is not a mailbox."), e->name);
			return false;
		}
	} else if (b->list.mode == BROWSER_DIR && browser_entry_descends(e)) {
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

	size_t sel = 0;

	if (b->list.mode == BROWSER_MAILBOXES)
		rc = list_dir(b, current_dir(b), &sel, err);
	else
		rc = list_mailboxes(b, false, err);
	if (went_well(b, rc, err))
		b->pos.cursor = sel, b->pos.top = 0;
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
	struct buf typed = BUF_INIT, exp = BUF_INIT;
	size_t sel = 0;

	if (ui_prompt_folder(b->u, _("Chdir to: "), current_dir(b), &typed) == 0 && typed.len) {
		config_expand_path(b->u->cfg, typed.data, &exp);
		if (went_well(b,
			      browser_is_imap(exp.data)
				      ? list_dir(b, exp.data, &sel, err)
				      : browser_chdir(b->u->cfg, &b->list, typed.data, err),
			      err))
			b->pos.cursor = sel, b->pos.top = 0;
	}
	buf_release(&typed);
	buf_release(&exp);
}

/* enter-mask: a new $mask ("!" in front negates it), and the directory listed again. */
static void enter_mask(struct browser *b, struct buf *err)
{
	struct buf typed = BUF_INIT;

	if (ui_prompt(b->u, _("File Mask: "), HIST_PATTERN, cfg_str(b->u->cfg, V_mask), &typed) ==
		    0 &&
	    went_well(b, cfg_set(b->u->cfg, V_mask, typed.data, err), err)) {
		size_t sel = 0;
		if (went_well(b, list_dir(b, current_dir(b), &sel, err), err))
			b->pos.cursor = sel, b->pos.top = 0;
	}
	buf_release(&typed);
}

/* check-new: count again (mail may have come); the cursor stays on its entry. */
static void check_new(struct browser *b, struct buf *err)
{
	char *name = b->pos.cursor < b->list.n ? xstrdup(b->list.v[b->pos.cursor].path) : NULL;
	size_t sel = 0;
	int rc = b->list.mode == BROWSER_MAILBOXES ? list_mailboxes(b, true, err)
						   : list_dir(b, current_dir(b), &sel, err);

	if (went_well(b, rc, err)) {
		long i = name ? browser_find(&b->list, name, true) : -1;
		b->pos.cursor = i >= 0 ? (size_t)i : 0;
	}
	free(name);
}

/* Ask the name for create-mailbox or rename-mailbox; false when the user gave none. */
static bool ask_folder_name(struct browser *b, enum op op, const struct browser_entry *e,
			    struct buf *typed)
{
	struct buf q = BUF_INIT;
	int rc;

	if (op == OP_CREATE_MAILBOX) {
		rc = ui_prompt(b->u, _("Create mailbox: "), HIST_FOLDER, NULL, typed);
	} else {
		buf_printf(&q, _("Rename mailbox %s to: "), e->imap_name);
		rc = ui_prompt_keep(b->u, q.data, HIST_FOLDER, e->imap_name, typed);
	}
	buf_release(&q);
	return rc == 0 && typed->len &&
	       (op == OP_CREATE_MAILBOX || strcmp(typed->data, e->imap_name));
}

/* delete-mailbox's checks: never INBOX, and only after a yes. */
static bool may_delete(struct browser *b, const struct browser_entry *e)
{
	struct buf q = BUF_INIT;
	bool yes;

	if (!ascii_strcasecmp(e->imap_name, "INBOX")) {
		ui_error(b->u, _("Cannot delete INBOX."));
		return false;
	}
	buf_printf(&q, _("Really delete mailbox \"%s\"?"), e->imap_name);
	yes = ui_yesno(b->u, q.data, false) == 1;
	buf_release(&q);
	return yes;
}

/* Run one folder command on the server; the message to show when it went well, or NULL. */
static const char *run_folder_op(struct browser *b, enum op op, const struct browser_entry *e,
				 struct buf *typed, int *rc, struct buf *err)
{
	const struct config *c = b->u->cfg;
	struct browser_wait g;
	const char *done = NULL;

	browser_wait_begin(b->u, &g, _("Waiting for the IMAP server..."));
	switch (op) {
	case OP_CREATE_MAILBOX: {
		struct buf full = BUF_INIT;
		*rc = browser_imap_create(c, &b->imap, &b->list, typed->data, &full, err);
		buf_reset(typed);
		buf_addbuf(typed, &full); /* the full name, to put the cursor on */
		buf_release(&full);
		done = _("Mailbox created.");
		break;
	}
	case OP_RENAME_MAILBOX:
		*rc = browser_imap_rename(c, &b->imap, e, typed->data, err);
		done = _("Mailbox renamed.");
		break;
	case OP_DELETE_MAILBOX:
		*rc = browser_imap_do(c, &b->imap, e, IMAP_FOLDER_DELETE, err);
		done = _("Mailbox deleted.");
		break;
	case OP_SUBSCRIBE:
		*rc = browser_imap_do(c, &b->imap, e, IMAP_FOLDER_SUBSCRIBE, err);
		done = _("Subscribed.");
		break;
	default:
		*rc = browser_imap_do(c, &b->imap, e, IMAP_FOLDER_UNSUBSCRIBE, err);
		done = _("Unsubscribed.");
		break;
	}
	browser_wait_end(b->u, &g);
	return *rc == 0 ? done : NULL;
}

/* create-, rename-, delete-mailbox, (un)subscribe: on the server, then the list again. */
static void folder_op(struct browser *b, enum op op, struct buf *err)
{
	const struct browser_entry *e =
		b->pos.cursor < b->list.n ? &b->list.v[b->pos.cursor] : NULL;
	struct buf typed = BUF_INIT;
	char *keep = NULL;
	const char *done;
	size_t sel = 0;
	int rc;

	if (!b->list.imap) {
		ui_error(b->u, _("%s works on IMAP folders only."), op_name(op));
		return;
	}
	if (op != OP_CREATE_MAILBOX && (!e || e->is_parent || !e->imap_name)) {
		ui_error(b->u, _("No mailbox is selected."));
		return;
	}
	if ((op == OP_CREATE_MAILBOX || op == OP_RENAME_MAILBOX) &&
	    !ask_folder_name(b, op, e, &typed))
		goto out;
	if (op == OP_DELETE_MAILBOX && !may_delete(b, e))
		goto out;
	done = run_folder_op(b, op, e, &typed, &rc, err);
	keep = xstrdup(typed.len ? typed.data : e && e->imap_name ? e->imap_name : "");
	if (!went_well(b, rc, err))
		goto out;
	if (went_well(b, browser_imap_relist(b->u->cfg, &b->imap, &b->list, keep, &sel, err), err))
		b->pos.cursor = sel, b->pos.top = 0;
	ui_message(b->u, "%s", done);
out:
	free(keep);
	buf_release(&typed);
}

/* toggle-subscribed: all folders or the subscribed ones (mutt's LSUB view). */
static void toggle_subscribed(struct browser *b, struct buf *err)
{
	char *dir;
	size_t sel = 0;

	if (!b->list.imap) {
		ui_error(b->u, _("%s works on IMAP folders only."), op_name(OP_TOGGLE_SUBSCRIBED));
		return;
	}
	dir = xstrdup(b->list.dir);
	if (went_well(b, imap_list(b, dir, !b->list.subscribed, &sel, err), err)) {
		b->pos.cursor = sel, b->pos.top = 0;
		ui_message(b->u, "%s",
			   b->list.subscribed ? _("Subscribed folders only.") : _("All folders."));
	}
	free(dir);
}

/* descend-directory: enter the folder under the cursor even when it could be opened. */
static void descend(struct browser *b, struct buf *err)
{
	const struct browser_entry *e =
		b->pos.cursor < b->list.n ? &b->list.v[b->pos.cursor] : NULL;
	size_t sel = 0;
	int rc;

	if (!e || b->list.mode != BROWSER_DIR || !(e->is_dir || b->list.imap))
		return;
	if (b->list.imap) {
		char *url = xstrdup(e->path);
		rc = imap_list(b, url, b->list.subscribed, &sel, err);
		free(url);
	} else {
		rc = browser_enter(b->u->cfg, &b->list, b->pos.cursor, &sel, err);
	}
	if (went_well(b, rc, err))
		b->pos.cursor = sel, b->pos.top = 0;
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
	case OP_CREATE_MAILBOX:
	case OP_RENAME_MAILBOX:
	case OP_DELETE_MAILBOX:
	case OP_SUBSCRIBE:
	case OP_UNSUBSCRIBE:
		folder_op(b, op, err);
		return true;
	case OP_TOGGLE_SUBSCRIBED:
		toggle_subscribed(b, err);
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

	size_t sel = 0;

	browser_list_init(&b.list);
	browser_imap_init(&b.imap);
	b.imap.ask = (struct imap_folders_ask){ .ask_cert = browser_ask_cert,
						.cert_ctx = u,
						.ask_pass = browser_ask_pass,
						.pass_ctx = u,
						.cancel_fd = browser_wait_fd() };
	ui_set_screen(u, MENU_BROWSER, draw, &b);
	status = mailboxes ? list_mailboxes(&b, false, &err) : list_dir(&b, dir, &sel, &err);
	if (!went_well(&b, status, &err)) {
		ui_set_screen(u, prev_menu, prev_draw, prev_screen);
		browser_imap_release(&b.imap);
		browser_list_release(&b.list);
		buf_release(&err);
		return status;
	}
	b.pos.cursor = sel;
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
		case OP_DESCEND_DIRECTORY:
			descend(&b, &err);
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
	browser_imap_release(&b.imap);
	browser_list_release(&b.list);
	buf_release(&err);
	return rc;
}
