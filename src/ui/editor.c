/*
 * editor.c - the line editor: the text, the cursor, typed characters and
 * the editing functions of the editor menu, and the visible part of the
 * line. History is in editor_hist.c, completion in editor_complete.c, the
 * clusters and classes of the text in editor_text.c (see editor.h).
 */
#include "ui/editor_int.h"

void editor_init(struct editor *e, struct history *h, enum ui_hist kind)
{
	memset(e, 0, sizeof(*e));
	buf_init(&e->text, 0);
	buf_init(&e->kill, 0);
	buf_init(&e->scratch_, 0);
	buf_init(&e->search_, 0);
	e->hist_ = h;
	e->kind_ = (unsigned)kind < HIST_COUNT ? kind : HIST_OTHER;
	e->last_op_ = OP_NULL;
}

void editor_release(struct editor *e)
{
	buf_release(&e->text);
	buf_release(&e->kill);
	buf_release(&e->scratch_);
	buf_release(&e->search_);
	strlist_release(&e->list_);
	e->cursor = 0;
}

void editor_set_text(struct editor *e, const char *s)
{
	buf_reset(&e->text);
	buf_addstr(&e->text, s);
	e->cursor = e->text.len;
}

void editor_set_completer(struct editor *e, ui_complete_fn fn, void *ctx)
{
	e->complete_ = fn;
	e->complete_ctx_ = ctx;
}

void editor_set_query(struct editor *e, ui_complete_fn fn, void *ctx)
{
	e->query_ = fn;
	e->query_ctx_ = ctx;
}

const struct strlist *editor_completions(const struct editor *e)
{
	return &e->list_;
}

/* Move the cursor forward onto a cluster boundary, should an edit have left it inside one. */
static void snap_cursor(struct editor *e)
{
	if (e->cursor > e->text.len)
		e->cursor = e->text.len;
	if (!ed_boundary(e->text.data, e->text.len, e->cursor))
		e->cursor = ed_next(e->text.data, e->text.len, e->cursor);
}

void ed_replace(struct editor *e, size_t from, size_t to, const char *s, size_t n)
{
	struct buf t = BUF_INIT;

	buf_grow(&t, e->text.len - (to - from) + n);
	buf_add(&t, e->text.data, from);
	buf_add(&t, s, n);
	buf_add(&t, e->text.data + to, e->text.len - to);
	buf_release(&e->text);
	e->text = t;
	e->cursor = from + n;
	snap_cursor(e);
}

/* Erase [from, to) into the kill buffer. */
static enum editor_result kill_range(struct editor *e, size_t from, size_t to)
{
	if (from == to)
		return ED_BEEP;
	buf_reset(&e->kill);
	buf_add(&e->kill, e->text.data + from, to - from);
	ed_replace(e, from, to, "", 0);
	return ED_CONTINUE;
}

/* Erase [from, to) without keeping it (a character). */
static enum editor_result erase(struct editor *e, size_t from, size_t to)
{
	if (from == to)
		return ED_BEEP;
	ed_replace(e, from, to, "", 0);
	return ED_CONTINUE;
}

/* ---- Positions ----------------------------------------------------------- */

static size_t next_of(const struct editor *e, size_t i)
{
	return i < e->text.len ? ed_next(e->text.data, e->text.len, i) : i;
}

static size_t prev_of(const struct editor *e, size_t i)
{
	return i ? ed_prev(e->text.data, e->text.len, i) : 0;
}

static bool space_at(const struct editor *e, size_t i)
{
	return ed_is_space(ed_cp_at(e->text.data, e->text.len, i));
}

static bool alnum_at(const struct editor *e, size_t i)
{
	return ed_is_alnum(ed_cp_at(e->text.data, e->text.len, i));
}

/* backward-word: back over blanks, then over non-blanks (mutt). */
static size_t word_back(const struct editor *e, size_t i)
{
	while (i && space_at(e, prev_of(e, i)))
		i = prev_of(e, i);
	while (i && !space_at(e, prev_of(e, i)))
		i = prev_of(e, i);
	return i;
}

/* forward-word: over blanks, then over non-blanks (mutt). */
static size_t word_forward(const struct editor *e, size_t i)
{
	while (i < e->text.len && space_at(e, i))
		i = next_of(e, i);
	while (i < e->text.len && !space_at(e, i))
		i = next_of(e, i);
	return i;
}

/* kill-word's start: back over blanks, then a run of alphanumerics or one other character. */
static size_t kill_word_start(const struct editor *e, size_t i)
{
	while (i && space_at(e, prev_of(e, i)))
		i = prev_of(e, i);
	if (i && alnum_at(e, prev_of(e, i))) {
		while (i && alnum_at(e, prev_of(e, i)))
			i = prev_of(e, i);
	} else if (i) {
		i = prev_of(e, i);
	}
	return i;
}

/* kill-eow's end: over blanks, then a run of alphanumerics or one other character. */
static size_t kill_word_end(const struct editor *e, size_t i)
{
	while (i < e->text.len && space_at(e, i))
		i = next_of(e, i);
	if (i < e->text.len && alnum_at(e, i)) {
		while (i < e->text.len && alnum_at(e, i))
			i = next_of(e, i);
	} else if (i < e->text.len) {
		i = next_of(e, i);
	}
	return i;
}

/* ---- Functions ------------------------------------------------------------ */

static enum editor_result move_to(struct editor *e, size_t to)
{
	if (to == e->cursor)
		return ED_BEEP;
	e->cursor = to;
	return ED_CONTINUE;
}

/* upcase-word, downcase-word, capitalize-word on the word at or after the cursor. */
static enum editor_result case_word(struct editor *e, enum op op)
{
	struct buf word = BUF_INIT;
	size_t start = e->cursor, end, i;
	bool first = true;

	if (e->cursor == e->text.len)
		return ED_BEEP;
	if (!space_at(e, start))
		while (start && !space_at(e, prev_of(e, start)))
			start = prev_of(e, start);
	while (start < e->text.len && space_at(e, start))
		start = next_of(e, start);
	for (end = start; end < e->text.len && !space_at(e, end);)
		end = next_of(e, end);
	for (i = start; i < end; i = next_of(e, i)) {
		enum ed_case c = op == OP_UPCASE_WORD ? ED_UPPER : ED_LOWER;
		if (op == OP_CAPITALIZE_WORD && first && alnum_at(e, i)) {
			c = ED_TITLE;
			first = false;
		}
		ed_case_map(e->text.data + i, next_of(e, i) - i, c, &word);
	}
	ed_replace(e, start, end, word.data, word.len);
	buf_release(&word);
	return ED_CONTINUE;
}

/* transpose-chars: swap the two clusters before the cursor, stepping over one first (mutt). */
static enum editor_result transpose(struct editor *e)
{
	struct buf t = BUF_INIT;
	size_t a, b, c;

	if (e->text.len == 0 || next_of(e, 0) == e->text.len)
		return ED_BEEP; /* fewer than two characters */
	if (e->cursor == 0)
		c = next_of(e, next_of(e, 0));
	else if (e->cursor < e->text.len)
		c = next_of(e, e->cursor);
	else
		c = e->cursor;
	b = prev_of(e, c);
	a = prev_of(e, b);
	buf_add(&t, e->text.data + b, c - b);
	buf_add(&t, e->text.data + a, b - a);
	ed_replace(e, a, c, t.data, t.len); /* the cursor goes after both */
	buf_release(&t);
	return ED_CONTINUE;
}

static enum editor_result edit_op(struct editor *e, enum op op)
{
	switch (op) {
	case OP_BOL:
		e->cursor = 0;
		return ED_CONTINUE;
	case OP_EOL:
		e->cursor = e->text.len;
		return ED_CONTINUE;
	case OP_BACKWARD_CHAR:
		return move_to(e, prev_of(e, e->cursor));
	case OP_FORWARD_CHAR:
		return move_to(e, next_of(e, e->cursor));
	case OP_BACKWARD_WORD:
		return move_to(e, word_back(e, e->cursor));
	case OP_FORWARD_WORD:
		return move_to(e, word_forward(e, e->cursor));
	case OP_BACKSPACE:
		return erase(e, prev_of(e, e->cursor), e->cursor);
	case OP_DELETE_CHAR:
		return erase(e, e->cursor, next_of(e, e->cursor));
	case OP_KILL_EOL:
		return kill_range(e, e->cursor, e->text.len);
	case OP_KILL_EOW:
		return kill_range(e, e->cursor, kill_word_end(e, e->cursor));
	case OP_KILL_LINE:
		return kill_range(e, 0, e->text.len);
	case OP_KILL_WORD:
		return kill_range(e, kill_word_start(e, e->cursor), e->cursor);
	case OP_UPCASE_WORD:
	case OP_DOWNCASE_WORD:
	case OP_CAPITALIZE_WORD:
		return case_word(e, op);
	case OP_TRANSPOSE_CHARS:
		return transpose(e);
	default:
		return ED_UNHANDLED;
	}
}

enum editor_result editor_op(struct editor *e, enum op op)
{
	enum op last = e->last_op_;

	e->clear_on_type = false;
	e->last_op_ = op;
	snap_cursor(e); /* the caller may have set text or cursor by hand */
	if (op != OP_QUOTE_CHAR)
		e->quote_ = false;
	switch (op) {
	case OP_HISTORY_UP:
	case OP_HISTORY_DOWN:
		strlist_release(&e->list_);
		return ed_history_move(e, op == OP_HISTORY_UP);
	case OP_HISTORY_SEARCH:
		return ed_history_search(e, last == OP_HISTORY_SEARCH);
	case OP_COMPLETE:
		return ed_complete(e, e->complete_, e->complete_ctx_);
	case OP_COMPLETE_QUERY:
		if (!e->query_)
			return ED_UNHANDLED;
		return ed_complete(e, e->query_, e->query_ctx_);
	case OP_QUOTE_CHAR:
		e->quote_ = true;
		return ED_CONTINUE;
	case OP_BUFFY_CYCLE:
		return ED_BUFFY_CYCLE;
	default:
		break;
	}
	strlist_release(&e->list_);
	return edit_op(e, op);
}

enum editor_result editor_yank(struct editor *e)
{
	e->clear_on_type = false;
	e->quote_ = false;
	e->last_op_ = OP_NULL;
	strlist_release(&e->list_);
	if (!e->kill.len)
		return ED_BEEP;
	snap_cursor(e);
	ed_replace(e, e->cursor, e->cursor, e->kill.data, e->kill.len);
	return ED_CONTINUE;
}

static bool is_enter(uint32_t cp)
{
	return cp == '\r' || cp == '\n' || cp == TK_ENTER;
}

enum editor_result editor_insert(struct editor *e, uint32_t cp)
{
	struct buf ch = BUF_INIT;
	bool quoted = e->quote_;

	e->quote_ = false;
	e->last_op_ = OP_NULL;
	strlist_release(&e->list_);
	if (!quoted && is_enter(cp)) {
		if (e->hist_)
			history_add(e->hist_, e->kind_, e->text.data);
		e->hist_pos_ = 0;
		return ED_DONE;
	}
	if (!quoted && (cp == 0x07 || cp == TK_ABORT))
		return ED_ABORT;
	/* Keys beyond Unicode (arrows...), surrogates and NUL are never text. */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
		return ED_UNHANDLED;
	if (!quoted && ed_is_control(cp))
		return ED_UNHANDLED;
	if (e->clear_on_type) {
		buf_reset(&e->text);
		e->cursor = 0;
		e->clear_on_type = false;
	}
	snap_cursor(e);
	buf_add_utf8(&ch, cp);
	ed_replace(e, e->cursor, e->cursor, ch.data, ch.len);
	buf_release(&ch);
	return ED_CONTINUE;
}

/* ---- The visible part ------------------------------------------------------ */

/* The first cluster boundary at which at least `cols` columns of the text lie before it. */
static size_t boundary_after_cols(const struct editor *e, size_t cols, size_t limit)
{
	size_t i = 0, w = 0;

	while (i < limit && w < cols) {
		size_t j = next_of(e, i);
		w += text_width(e->text.data + i, j - i);
		i = j;
	}
	return i;
}

void editor_view(const struct editor *e, int cols, size_t *first_byte, int *cursor_col)
{
	const char *s = e->text.data;
	size_t n = e->text.len, cursor = MIN(e->cursor, n), first = *first_byte;
	size_t ncols = cols < 1 ? 1 : (size_t)cols;

	/* The cursor needs a cell of its own after the last character. */
	if (text_width(s, n) < ncols) {
		first = 0;
	} else if (first > cursor || !ed_boundary(s, n, first) ||
		   text_width(s + first, cursor - first) >= ncols) {
		size_t before = text_width(s, cursor);
		first = before > ncols / 2 ? boundary_after_cols(e, before - ncols / 2, cursor) : 0;
	}
	/* Wide characters may leave the cursor a column short of room. */
	while (first < cursor && text_width(s + first, cursor - first) >= ncols)
		first = next_of(e, first);
	*first_byte = first;
	*cursor_col = (int)text_width(s + first, cursor - first);
}
