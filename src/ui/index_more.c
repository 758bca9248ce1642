/*
 * index_more.c - the index's functions over several messages: threads,
 * the tag prefix (";": the next function applies to every tagged
 * message), set-flag/clear-flag, and the one-key sort questions.
 */
#include "ui/index.h"

/* Rows [*start, *end) of the thread that row r belongs to. */
static void thread_rows(const struct index *ix, size_t r, size_t *start, size_t *end)
{
	size_t s = r, e = r + 1;

	while (s > 0 && ix->view.depth[s] != 0)
		s--;
	while (e < ix->view.n && ix->view.depth[e] != 0)
		e++;
	*start = s;
	*end = e;
}

/* Apply set/clear to the messages of rows [start, end) (or the tagged ones). */
static void flag_rows(struct index *ix, size_t start, size_t end, uint32_t set, uint32_t clear,
		      bool tagged_only)
{
	mailbox_lock(ix->mb);
	for (size_t r = start; r < end; r++) {
		struct message *m = mx_find(ix->mb, ix->view.ids[r]);
		if (m && (!tagged_only || (m->flags & MSG_TAGGED)))
			mx_change_flags(ix->mb, m->index, set, clear);
	}
	mailbox_unlock(ix->mb);
	ix->redraw = true;
}

bool index_apply_tagged(struct index *ix, uint32_t set, uint32_t clear)
{
	if (!ix->tag_prefix && !(cfg_bool(ix->cfg, V_auto_tag) && ix->mb->n_tagged))
		return false;
	ix->tag_prefix = false;
	if (!ix->mb->n_tagged) {
		ui_error(ix->u, "%s", _("No tagged messages."));
		return true;
	}
	flag_rows(ix, 0, ix->view.n, set, clear, true);
	return true;
}

static void thread_flags(struct index *ix, uint32_t set, uint32_t clear, bool resolve)
{
	size_t s, e;

	if (!ix->view.n)
		return;
	thread_rows(ix, ix->cursor, &s, &e);
	flag_rows(ix, s, e, set, clear, false);
	if (resolve && cfg_bool(ix->cfg, V_resolve) && e < ix->view.n)
		ix->cursor = e;
}

static void next_thread(struct index *ix, int dir)
{
	size_t s, e;

	if (!ix->view.n)
		return;
	thread_rows(ix, ix->cursor, &s, &e);
	if (dir > 0 && e < ix->view.n)
		ix->cursor = e;
	else if (dir < 0 && s > 0)
		thread_rows(ix, s - 1, &ix->cursor, &e);
	else
		ui_error(ix->u, "%s",
			 dir > 0 ? _("No more threads.") : _("You are on the first thread."));
	ix->redraw = true;
}

/* Ask a one-key question on the bottom line; the key, or 0 when aborted. */
static int ask_key(struct index *ix, const char *question)
{
	int key;

	ui_message(ix->u, "%s", question);
	for (;;) {
		index_draw(ix);
		key = ui_key_source(-1, ix->u);
		if (key != TK_RESIZE && key != TK_TIMEOUT)
			break;
	}
	ix->u->message[0] = '\0';
	ix->redraw = true;
	return key == 7 || key == TK_ABORT ? 0 : key;
}

/* set-flag / clear-flag: mutt's letters N (new), O (old), D (deleted), ! (flagged), r (replied), * (tagged). */
static void set_flag(struct index *ix, bool set)
{
	static const struct {
		int key;
		uint32_t flag;
	} letters[] = { { 'D', MSG_DELETED }, { 'd', MSG_DELETED }, { '!', MSG_FLAGGED },
			{ 'r', MSG_REPLIED }, { 'R', MSG_REPLIED }, { '*', MSG_TAGGED } };
	int key = ask_key(ix, set ? _("Set flag: ") : _("Clear flag: "));
	uint32_t s = 0, c = 0;

	if (!key)
		return;
	if (key == 'N' || key == 'n') { /* new: not read, not old; clearing it makes it read */
		if (set)
			c = MSG_READ | MSG_OLD;
		else
			s = MSG_READ;
	} else if (key == 'O' || key == 'o') {
		if (set) {
			s = MSG_OLD;
			c = MSG_READ;
		} else {
			c = MSG_OLD;
		}
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(letters); i++)
			if (letters[i].key == key)
				*(set ? &s : &c) = letters[i].flag;
		if (!s && !c) {
			ui_error(ix->u, "%s", _("Invalid flag."));
			return;
		}
	}
	if (!index_apply_tagged(ix, s, c) && ix->view.n)
		flag_rows(ix, ix->cursor, ix->cursor + 1, s, c, false);
}

/* sort-mailbox / sort-reverse: mutt's one-key question. */
static void sort_mailbox(struct index *ix, bool reverse)
{
	static const struct {
		int key;
		const char *name;
	} methods[] = {
		{ 'd', "date" },  { 'f', "from" },    { 'r', "date-received" }, { 's', "subject" },
		{ 'o', "to" },    { 't', "threads" }, { 'u', "mailbox-order" }, { 'z', "size" },
		{ 'c', "score" }, { 'p', "spam" },    { 'l', "label" },
	};
	struct buf value = BUF_INIT, err = BUF_INIT;
	int key = ask_key(ix, reverse ? _("Rev-Sort (d)ate/(f)rm/(r)ecv/(s)ubj/t(o)/(t)hread/"
					  "(u)nsort/si(z)e/s(c)ore/s(p)am/(l)abel?: ")
				      : _("Sort (d)ate/(f)rm/(r)ecv/(s)ubj/t(o)/(t)hread/"
					  "(u)nsort/si(z)e/s(c)ore/s(p)am/(l)abel?: "));

	for (size_t i = 0; key && i < ARRAY_SIZE(methods); i++)
		if (methods[i].key == key)
			buf_printf(&value, "%s%s", reverse ? "reverse-" : "", methods[i].name);
	if (key && !value.len)
		ui_error(ix->u, "%s", _("Invalid sort method."));
	if (value.len && cfg_set(ix->cfg, V_sort, value.data, &err) == 0) {
		index_apply_config(ix);
		index_refresh_view(ix);
	} else if (err.len) {
		ui_error(ix->u, "%s", err.data);
	}
	buf_release(&value);
	buf_release(&err);
}

/* collapse-thread: fold the current thread, or open it (with $uncollapse_jump, at its first unread). */
static void collapse_thread(struct index *ix)
{
	size_t top, row;
	uint32_t top_id;
	bool opened;

	if ((ix->vopts.sort & SORT_MASK) != SORT_THREADS) {
		ui_error(ix->u, "%s", _("Threading is not enabled."));
		return;
	}
	if (!ix->view.n)
		return;
	top = view_thread_top(&ix->view, ix->cursor);
	top_id = ix->view.ids[top];
	opened = view_idset_del(&ix->collapsed, top_id);
	mailbox_lock(ix->mb);
	if (!opened &&
	    !view_can_collapse(ix->mb, &ix->view, top, cfg_bool(ix->cfg, V_collapse_unread))) {
		mailbox_unlock(ix->mb);
		ui_error(ix->u, "%s",
			 _("The thread has unread messages ($collapse_unread is unset)."));
		return;
	}
	mailbox_unlock(ix->mb);
	if (!opened)
		view_idset_add(&ix->collapsed, top_id);
	ix->force = ix->stale = true;
	index_refresh_view(ix);
	row = view_row_of(&ix->view, top_id);
	ix->cursor = row == SIZE_MAX ? 0 : row;
	if (opened && cfg_bool(ix->cfg, V_uncollapse_jump)) {
		mailbox_lock(ix->mb);
		row = view_next_unread_in_thread(ix->mb, &ix->view, ix->cursor);
		mailbox_unlock(ix->mb);
		if (row != SIZE_MAX)
			ix->cursor = row;
	}
}

/* collapse-all: open every thread when the current one is folded, else fold them all. */
static void collapse_all(struct index *ix)
{
	uint32_t id = ix->view.n ? ix->view.ids[ix->cursor] : 0;
	size_t row;

	if ((ix->vopts.sort & SORT_MASK) != SORT_THREADS) {
		ui_error(ix->u, "%s", _("Threading is not enabled."));
		return;
	}
	if (ix->view.n && (ix->view.tree[ix->cursor] & VIEW_COLLAPSED)) {
		view_idset_clear(&ix->collapsed);
	} else {
		mailbox_lock(ix->mb);
		view_collapse_all(ix->mb, &ix->view, &ix->collapsed,
				  cfg_bool(ix->cfg, V_collapse_unread));
		mailbox_unlock(ix->mb);
	}
	ix->force = ix->stale = true;
	index_refresh_view(ix);
	row = id ? view_row_of(&ix->view, id) : SIZE_MAX;
	ix->cursor = row == SIZE_MAX ? 0 : row;
}

bool index_run_more_op(struct index *ix, enum op op)
{
	switch (op) {
	case OP_COLLAPSE_THREAD:
		collapse_thread(ix);
		return true;
	case OP_COLLAPSE_ALL:
		collapse_all(ix);
		return true;
	case OP_TAG_PREFIX:
		ix->tag_prefix = !ix->tag_prefix;
		ui_message(ix->u, "%s", ix->tag_prefix ? _("tag-") : "");
		return true;
	case OP_DELETE_THREAD:
		thread_flags(ix, MSG_DELETED, 0, true);
		return true;
	case OP_UNDELETE_THREAD:
		thread_flags(ix, 0, MSG_DELETED, true);
		return true;
	case OP_READ_THREAD:
		thread_flags(ix, MSG_READ, MSG_OLD, true);
		return true;
	case OP_TAG_THREAD:
		thread_flags(ix, MSG_TAGGED, 0, true);
		return true;
	case OP_NEXT_THREAD:
		next_thread(ix, 1);
		return true;
	case OP_PREVIOUS_THREAD:
		next_thread(ix, -1);
		return true;
	case OP_SET_FLAG:
		set_flag(ix, true);
		return true;
	case OP_CLEAR_FLAG:
		set_flag(ix, false);
		return true;
	case OP_SORT_MAILBOX:
		sort_mailbox(ix, false);
		return true;
	case OP_SORT_REVERSE:
		sort_mailbox(ix, true);
		return true;
	default:
		return false;
	}
}
