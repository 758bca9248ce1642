/*
 * index_ops.c - what the index's functions do: moving, opening, flags,
 * syncing and leaving. Flag changes go to the model at once and reach the
 * folder on <sync-mailbox> and when leaving it, as in mutt.
 */
#include "ui/index.h"

static struct message *current(struct index *ix)
{
	return ix->view.n ? mx_find(ix->mb, ix->view.ids[ix->cursor]) : NULL;
}

static void move_to(struct index *ix, long row)
{
	if (!ix->view.n)
		return;
	ix->cursor = (size_t)MAX(0L, MIN(row, (long)ix->view.n - 1));
	ix->redraw = true;
}

static bool no_messages(struct index *ix)
{
	if (ix->view.n)
		return false;
	ui_error(ix->u, "%s", _("No visible messages."));
	return true;
}

/* The next row after (or before, dir < 0) the cursor whose message satisfies want; -1: none. */
static long find_row(struct index *ix, int dir, bool (*want)(uint32_t flags))
{
	long r = (long)ix->cursor + dir;
	long found = -1;

	mailbox_lock(ix->mb);
	for (; found < 0 && r >= 0 && r < (long)ix->view.n; r += dir) {
		const struct message *m = mx_find(ix->mb, ix->view.ids[r]);
		if (m && want(m->flags))
			found = r;
	}
	mailbox_unlock(ix->mb);
	return found;
}

static bool is_undeleted(uint32_t f)
{
	return !(f & MSG_DELETED);
}

static bool is_unread(uint32_t f)
{
	return !(f & MSG_READ);
}

static bool is_new(uint32_t f)
{
	return !(f & (MSG_READ | MSG_OLD));
}

static void jump_to(struct index *ix, int dir, bool (*want)(uint32_t), const char *none)
{
	long r = find_row(ix, dir, want);

	if (r < 0)
		ui_error(ix->u, "%s", none);
	else
		move_to(ix, r);
}

/* Change the current message's flags; with $resolve, go on to the next undeleted message. */
static void change_flags(struct index *ix, uint32_t set, uint32_t clear, bool resolve)
{
	struct message *m;

	if (index_apply_tagged(ix, set, clear) || no_messages(ix))
		return;
	mailbox_lock(ix->mb);
	if ((m = current(ix)) != NULL)
		mx_change_flags(ix->mb, m->index, set, clear);
	mailbox_unlock(ix->mb);
	ix->redraw = true;
	if (resolve && cfg_bool(ix->cfg, V_resolve)) {
		long r = find_row(ix, 1, is_undeleted);
		if (r >= 0)
			move_to(ix, r);
	}
}

static void toggle_flag(struct index *ix, uint32_t flag)
{
	struct message *m = current(ix);

	if (!m)
		return;
	if (m->flags & flag)
		change_flags(ix, 0, flag, false);
	else
		change_flags(ix, flag, 0, flag != MSG_TAGGED);
}

/* toggle-new: a read message becomes new, a new or old one read. */
static void toggle_new(struct index *ix)
{
	struct message *m = current(ix);

	if (!m)
		return;
	if (m->flags & MSG_READ)
		change_flags(ix, 0, MSG_READ | MSG_OLD, true);
	else
		change_flags(ix, MSG_READ, MSG_OLD, true);
}

/* Ops the pager hands back after which the pager shows the (new) current message. */
static bool pager_continues(enum op op)
{
	return op != OP_EXIT && op != OP_QUIT && op != OP_NULL;
}

static void mark_read(struct index *ix, uint32_t id)
{
	struct message *m;

	mailbox_lock(ix->mb);
	if ((m = mx_find(ix->mb, id)) != NULL && !(m->flags & MSG_READ))
		mx_change_flags(ix->mb, m->index, MSG_READ, MSG_OLD);
	mailbox_unlock(ix->mb);
}

/* display-message: the pager, and the functions it hands back, until the user leaves it. */
static void display(struct index *ix)
{
	enum op op;

	if (no_messages(ix))
		return;
	do {
		uint32_t id = ix->view.ids[ix->cursor];
		mark_read(ix, id);
		op = ui_pager(ix->u, id);
		if (pager_continues(op))
			index_run_op(ix, op, 0);
	} while (pager_continues(op) && ix->view.n && !ix->u->quit);
	ui_set_screen(ix->u, MENU_INDEX, ix->u->ix ? ix->draw : NULL, ix);
	if (op == OP_QUIT)
		index_run_op(ix, OP_QUIT, 0);
	ix->redraw = true;
	clearok(curscr, TRUE);
}

static void synced(struct index *ix, int rc)
{
	if (rc == 0)
		index_set_status(ix, STATUS_NOTE, _("(mailbox synchronized)"));
	ix->force = true;
	ix->stale = true;
}

/* sync-mailbox: write flag changes, and remove deleted messages per $delete. */
static void sync_mailbox(struct index *ix)
{
	int purge = 1;

	if (ix->mb->set.read_only) {
		ui_error(ix->u, "%s", _("Mailbox is read-only."));
		return;
	}
	if (ix->mb->n_deleted) {
		char q[128];
		snprintf(q, sizeof(q), _("Purge %zu deleted messages?"), ix->mb->n_deleted);
		purge = ui_quad(ix->u, V_delete, q);
		if (purge < 0)
			return;
	}
	if (index_start(ix, purge ? MX_OP_EXPUNGE : MX_OP_SYNC, synced) != 0) {
		ui_error(ix->u, "%s",
			 _("Wait for the running operation to end (Ctrl-C stops it)."));
		return;
	}
	index_set_status(ix, STATUS_PROGRESS, _("Writing changes..."));
}

/* Leaving with <quit>: ask per $quit, then write changes (and purge per $delete) before exiting. */
static void quit(struct index *ix)
{
	if (ui_quad(ix->u, V_quit, _("Quit tern?")) == 1 && index_leave_folder(ix))
		ix->u->quit = true;
}

static void what_key(struct index *ix)
{
	struct buf name = BUF_INIT;
	struct keyseq ks = { .n = 1 };
	int key;

	ui_message(ix->u, "%s", _("Enter keys (^G to abort): "));
	index_draw(ix);
	for (;;) {
		key = ui_key_source(-1, ix->u);
		if (key == 7 || key == TK_ABORT)
			break;
		if (key == TK_RESIZE || key == TK_TIMEOUT)
			continue;
		ks.keys[0] = key;
		buf_reset(&name);
		keyseq_format(&ks, &name);
		/* TRANSLATORS: what-key: the key's name, its character code in decimal and octal. */
		ui_message(ix->u, _("Char = %s, Octal = %o, Decimal = %d"), name.data, key, key);
		index_draw(ix);
	}
	ix->u->message[0] = '\0';
	ix->redraw = true;
	buf_release(&name);
}

static bool run_move_op(struct index *ix, enum op op)
{
	struct menu_pos p = { ix->view.n, ix->cursor, ix->top };

	/* The index speaks of messages, where other menus speak of entries. */
	if (op == OP_NEXT_ENTRY && ix->cursor + 1 >= ix->view.n) {
		ui_error(ix->u, "%s", _("You are on the last message."));
		return true;
	}
	if (op == OP_PREVIOUS_ENTRY && !ix->cursor) {
		ui_error(ix->u, "%s", _("You are on the first message."));
		return true;
	}
	if (!menu_move(ix->u, &p, op, index_page_rows(ix)))
		return false;
	ix->cursor = p.cursor;
	ix->top = p.top;
	ix->redraw = true;
	return true;
}

static bool run_flag_op(struct index *ix, enum op op)
{
	switch (op) {
	case OP_DELETE_MESSAGE:
		change_flags(ix, MSG_DELETED, 0, true);
		return true;
	case OP_UNDELETE_MESSAGE:
		change_flags(ix, 0, MSG_DELETED, true);
		return true;
	case OP_TAG_ENTRY:
	case OP_TAG_MESSAGE:
		toggle_flag(ix, MSG_TAGGED);
		if (cfg_bool(ix->cfg, V_resolve))
			move_to(ix, (long)ix->cursor + 1);
		return true;
	case OP_FLAG_MESSAGE:
		toggle_flag(ix, MSG_FLAGGED);
		return true;
	case OP_TOGGLE_NEW:
		toggle_new(ix);
		return true;
	default:
		return false;
	}
}

static bool run_jump_op(struct index *ix, enum op op)
{
	switch (op) {
	case OP_NEXT_UNDELETED:
		jump_to(ix, 1, is_undeleted, _("You are on the last message."));
		return true;
	case OP_PREVIOUS_UNDELETED:
		jump_to(ix, -1, is_undeleted, _("You are on the first message."));
		return true;
	case OP_NEXT_UNREAD:
		jump_to(ix, 1, is_unread, _("No unread messages."));
		return true;
	case OP_PREVIOUS_UNREAD:
		jump_to(ix, -1, is_unread, _("No unread messages."));
		return true;
	case OP_NEXT_NEW:
		jump_to(ix, 1, is_new, _("No new messages."));
		return true;
	case OP_NEXT_NEW_THEN_UNREAD: {
		long r = find_row(ix, 1, is_new);
		if (r < 0)
			r = find_row(ix, 1, is_unread);
		if (r < 0)
			ui_error(ix->u, "%s", _("No new messages."));
		else
			move_to(ix, r);
		return true;
	}
	default:
		return false;
	}
}

/* The mouse: a click selects a message, a double click opens it, the wheel scrolls. */
static void mouse(struct index *ix)
{
	struct menu_pos p = { ix->view.n, ix->cursor, ix->top };
	bool open = menu_mouse(ix->u, &p, ui_help_rows(ix->u), index_page_rows(ix));

	ix->cursor = p.cursor;
	ix->top = p.top;
	if (open)
		display(ix);
}

/* A signal from the key source, or a key no binding takes. */
static void run_key(struct index *ix, int key)
{
	if (key == TK_ABORT) {
		if (ix->busy) {
			mx_cancel(ix->mb);
			index_set_status(ix, STATUS_PROGRESS, _("(stopping...)"));
		}
	} else if (key == TK_RESIZE) {
		ix->redraw = true;
	} else if (key == TK_MOUSE) {
		mouse(ix);
	} else if (key && key != TK_TIMEOUT) {
		ui_not_bound(ix->u, MENU_INDEX);
	}
	ix->redraw = true;
}

void index_run_op(struct index *ix, enum op op, int key)
{
	ix->active_ms = index_now_ms();
	if (op == OP_NULL) {
		run_key(ix, key);
		return;
	}
	ix->u->message[0] = '\0';
	ix->redraw = true;
	if (run_move_op(ix, op) || run_flag_op(ix, op) || run_jump_op(ix, op) ||
	    index_run_more_op(ix, op) || index_run_prompt_op(ix, op, key) ||
	    index_run_pipe_op(ix, op))
		return;
	switch (op) {
	case OP_DISPLAY_MESSAGE:
		display(ix);
		break;
	case OP_SYNC_MAILBOX:
		sync_mailbox(ix);
		break;
	case OP_QUIT:
		quit(ix);
		break;
	case OP_EXIT:
		if (ui_yesno(ix->u, _("Exit tern without saving?"), true) == 1)
			ix->u->quit = true;
		break;
	case OP_REDRAW_SCREEN:
		clearok(curscr, TRUE);
		break;
	case OP_WHAT_KEY:
		what_key(ix);
		break;
	case OP_HELP:
		ui_help(ix->u, MENU_INDEX);
		ix->redraw = true;
		break;
	case OP_CHANGE_FOLDER:
	case OP_CHANGE_FOLDER_READONLY:
		index_change_folder(ix, op == OP_CHANGE_FOLDER_READONLY);
		break;
	case OP_BROWSE_MAILBOXES:
	case OP_BROWSE_MAILBOXES_READONLY:
		index_start_browser(ix, op == OP_BROWSE_MAILBOXES_READONLY);
		ix->redraw = true;
		break;
	default:
		ui_error(ix->u, _("%s is not available yet."), op_name(op));
		break;
	}
}

void index_release(struct index *ix)
{
	view_release(&ix->view);
	pattern_free(&ix->limit);
	pattern_free(&ix->search);
	view_idset_release(&ix->collapsed);
	free(ix->limit_text);
}
