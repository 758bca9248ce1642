/*
 * help_model.c - the help screen's rows, laid out as mutt's help.c lays
 * them out, from the live keymap. The layout is in help_model.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "ui/help_model.h"

/* Narrower than this, mutt gives each part of an entry its own rows. */
#define HELP_SPLIT_BELOW 40
/*
 * Rows of wrapped text one entry may take: a macro is the user's own text
 * and may be kilobytes long; past this its last row ends with "...".
 */
#define HELP_ENTRY_MAX_ROWS 8
/* Columns an unbound function's description keeps however long the name is. */
#define HELP_MIN_DESC 12

/* Where the columns start, from the screen width (mutt's numbers). */
struct layout {
	size_t cols;
	size_t col_a; /* the function column */
	size_t col_b; /* the description column */
	bool split;   /* too narrow for columns: one part per row */
};

/* One entry before layout: up to three columns. */
struct entry {
	const char *key;  /* key sequence, or the name of an unbound function */
	const char *func; /* function name, "macro", "M " + macro keys, or NULL (unbound) */
	const char *text; /* description, or a macro's keys */
	bool dots;        /* func is a macro: cut it with "..." */
	bool words;       /* text wraps at spaces (a description), else anywhere (keys) */
	enum help_row_kind kind;
	enum op op;
};

void help_rows_release(struct help_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static void layout_init(struct layout *l, int cols)
{
	l->cols = cols < 1 ? 1 : (size_t)cols;
	l->split = l->cols < HELP_SPLIT_BELOW;
	l->col_a = l->cols > 83 ? (l->cols - 32) / 4 : 12;
	l->col_b = l->cols > 49 ? (l->cols - 10) / 2 : 19;
}

/* Take line as the next row (emptied for the next one). */
static void push_row(struct help_rows *r, struct buf *line, enum help_row_kind kind, enum op op)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	buf_rtrim(line);
	r->v[r->n].text = buf_detach(line, NULL);
	r->v[r->n].kind = kind;
	r->v[r->n].op = op;
	r->n++;
}

/* Append s as mutt's help prints a macro: control characters as \e, \n, \r, \t or ^X. */
static void add_visible(struct buf *out, const char *s)
{
	struct buf clean = BUF_INIT;

	utf8_sanitize(s, strlen(s), &clean);
	for (const char *p = clean.data; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == 0x1b)
			buf_addstr(out, "\\e");
		else if (c == '\n')
			buf_addstr(out, "\\n");
		else if (c == '\r')
			buf_addstr(out, "\\r");
		else if (c == '\t')
			buf_addstr(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(out, "^%c", c == 0x7f ? '?' : c + '@');
		else if (c == 0xc2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xa0) {
			buf_add_utf8(out, 0xFFFD); /* a C1 control, shown as the screen shows it */
			p++;
		} else {
			buf_addch(out, c);
		}
	}
	buf_release(&clean);
}

/* Append the longest prefix of s that fits in avail columns; returns its width. */
static size_t add_cut(struct buf *line, const char *s, size_t avail)
{
	size_t w;
	size_t n = text_fit(s, strlen(s), avail, &w);

	buf_add(line, s, n);
	return w;
}

/* As add_cut, but a cut text ends with "..." (a macro shown in the function column). */
static size_t add_cut_dots(struct buf *line, const char *s, size_t avail)
{
	size_t len = strlen(s), w;

	if (text_width(s, len) <= avail)
		return add_cut(line, s, avail);
	w = add_cut(line, s, avail > 3 ? avail - 3 : 0);
	return w + add_cut(line, "...", avail - w);
}

/* mutt's pad(): spaces up to column to, or one space when already there. */
static size_t pad(struct buf *line, size_t col, size_t to)
{
	if (col >= to) {
		buf_addch(line, ' ');
		return col + 1;
	}
	for (; col < to; col++)
		buf_addch(line, ' ');
	return to;
}

/*
 * The bytes of (s, len) for a row of width w: up to the last space that
 * fits when words is set and the text goes on, else all that fits. Returns
 * 0 only when the first cluster is wider than w.
 */
static size_t wrap_piece(const char *s, size_t len, size_t w, bool words)
{
	size_t fit = text_fit(s, len, w, NULL);
	size_t brk = fit;

	if (fit == len || !words)
		return fit;
	while (brk > 0 && s[brk] != ' ')
		brk--;
	return brk > 0 ? brk : fit;
}

/* The length of the first cluster of (s, len), at least one byte. */
static size_t first_cluster(const char *s, size_t len)
{
	size_t n = text_fit(s, len, 2, NULL);
	uint32_t cp;

	return n ? n : utf8_decode(s, len, &cp);
}

/*
 * Lay text out from column col of line (which holds the row so far) to the
 * edge, wrapping onto MORE rows that start at column col.
 */
static void add_text(struct help_rows *r, const struct layout *l, struct buf *line, size_t col,
		     const struct entry *e, enum help_row_kind kind)
{
	const char *s = e->text;
	size_t len = strlen(s), w = l->cols > col ? l->cols - col : 1;

	for (int row = 1;; row++) {
		size_t n = wrap_piece(s, len, w, e->words);

		if (row == HELP_ENTRY_MAX_ROWS && n < len) {
			size_t used = add_cut(line, s, w > 3 ? w - 3 : 0);
			add_cut(line, "...", w - used);
			n = len;
		} else if (n == 0 && len > 0) { /* a wide character in a one-column row */
			buf_addch(line, ' ');
			n = first_cluster(s, len);
		} else {
			buf_add(line, s, n);
		}
		s += n;
		len -= n;
		for (; e->words && len > 0 && *s == ' '; len--)
			s++;
		push_row(r, line, kind, e->op);
		if (len == 0)
			break;
		kind = HELP_ROW_MORE;
		for (size_t i = 0; i < col; i++)
			buf_addch(line, ' ');
	}
}

/* Below 40 columns: the key, the function and the text each on their own rows. */
static void lay_out_split(struct help_rows *r, const struct layout *l, const struct entry *e)
{
	struct buf line = BUF_INIT;

	add_cut(&line, e->key, l->cols);
	push_row(r, &line, e->kind, e->op);
	if (e->func) {
		if (e->dots)
			add_cut_dots(&line, e->func, l->cols);
		else
			add_cut(&line, e->func, l->cols);
		push_row(r, &line, HELP_ROW_MORE, e->op);
	}
	add_text(r, l, &line, 0, e, HELP_ROW_MORE);
	buf_release(&line);
}

static void lay_out(struct help_rows *r, const struct layout *l, const struct entry *e)
{
	struct buf line = BUF_INIT;
	size_t col;

	if (l->split) {
		lay_out_split(r, l, e);
		return;
	}
	if (e->func) {
		col = add_cut(&line, e->key, l->col_b - 2);
		col = pad(&line, col, l->col_a);
		if (col + 1 < l->col_b) {
			size_t avail = l->col_b - col - 1;
			col += e->dots ? add_cut_dots(&line, e->func, avail)
				       : add_cut(&line, e->func, avail);
		}
	} else {
		col = add_cut(&line, e->key, l->cols - HELP_MIN_DESC - 1);
	}
	col = pad(&line, col, l->col_b);
	add_text(r, l, &line, col, e, e->kind);
	buf_release(&line);
}

/* The entry of one binding; its strings live in key, func and text. */
static void binding_entry(const struct binding *b, struct buf *key, struct buf *func,
			  struct buf *text, struct entry *e)
{
	buf_reset(key);
	buf_reset(func);
	buf_reset(text);
	keyseq_format(&b->keys, key);
	memset(e, 0, sizeof(*e));
	e->key = key->data;
	e->kind = b->macro ? HELP_ROW_MACRO : HELP_ROW_BINDING;
	e->op = b->macro ? OP_NULL : b->op;
	e->words = true;
	if (!b->macro) {
		e->func = op_name(b->op);
		e->text = op_description(b->op);
		return;
	}
	if (b->description) { /* mutt: the keys in the function column, cut */
		buf_addstr(func, "M ");
		add_visible(func, b->macro);
		add_visible(text, b->description);
		e->dots = true;
	} else { /* the keys where the description would be, in full */
		buf_addstr(func, "macro");
		add_visible(text, b->macro);
		e->words = false;
	}
	e->func = func->data;
	e->text = text->data;
}

/* Rows for every binding; marks in bound[] the functions that a key runs. */
static void add_bindings(struct help_rows *r, const struct layout *l, const struct keymaps *k,
			 enum menu_id m, bool *bound)
{
	struct buf key = BUF_INIT, func = BUF_INIT, text = BUF_INIT;
	const struct binding **v;
	size_t n = keymap_list(k, m, &v);
	struct entry e;

	for (size_t i = 0; i < n; i++) {
		if (!v[i]->macro && (unsigned)v[i]->op < OP_COUNT)
			bound[v[i]->op] = true;
		binding_entry(v[i], &key, &func, &text, &e);
		lay_out(r, l, &e);
	}
	free(v);
	buf_release(&key);
	buf_release(&func);
	buf_release(&text);
}

static void add_unbound(struct help_rows *r, const struct layout *l, enum menu_id m,
			const bool *bound)
{
	struct buf line = BUF_INIT;

	push_row(r, &line, HELP_ROW_BLANK, OP_NULL);
	add_cut(&line, _("Unbound functions:"), l->cols);
	push_row(r, &line, HELP_ROW_HEADING, OP_NULL);
	push_row(r, &line, HELP_ROW_BLANK, OP_NULL);
	buf_release(&line);
	for (int op = OP_NULL + 1; op < OP_COUNT; op++) {
		struct entry e = {
			.key = op_name((enum op)op),
			.text = op_description((enum op)op),
			.words = true,
			.kind = HELP_ROW_UNBOUND,
			.op = (enum op)op,
		};
		if (!bound[op] && menu_offers(m, (enum op)op))
			lay_out(r, l, &e);
	}
}

size_t help_lines(const struct keymaps *k, enum menu_id m, int cols, struct help_rows *out)
{
	bool *bound = xcalloc(OP_COUNT, sizeof(*bound));
	struct layout l;

	help_rows_release(out);
	layout_init(&l, cols);
	add_bindings(out, &l, k, m, bound);
	add_unbound(out, &l, m, bound);
	free(bound);
	return out->n;
}

void help_title(enum menu_id m, struct buf *out)
{
	buf_printf(out, _("Help for %s"), menu_name(m));
}

/* ---- The help bar ---------------------------------------------------------- */

static const struct help_item index_bar[] = {
	{ OP_QUIT, N_("Quit") },
	{ OP_DELETE_MESSAGE, N_("Del") },
	{ OP_UNDELETE_MESSAGE, N_("Undel") },
	{ OP_SAVE_MESSAGE, N_("Save") },
	{ OP_MAIL, N_("Mail") },
	{ OP_REPLY, N_("Reply") },
	{ OP_GROUP_REPLY, N_("Group") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item pager_bar[] = {
	{ OP_EXIT, N_("Exit") },           { OP_PREVIOUS_PAGE, N_("PrevPg") },
	{ OP_NEXT_PAGE, N_("NextPg") },    { OP_VIEW_ATTACHMENTS, N_("View Attachm.") },
	{ OP_DELETE_MESSAGE, N_("Del") },  { OP_REPLY, N_("Reply") },
	{ OP_NEXT_UNDELETED, N_("Next") }, { OP_HELP, N_("Help") },
};
static const struct help_item browser_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_CHANGE_DIR, N_("Chdir") },
	{ OP_ENTER_MASK, N_("Mask") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item alias_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_DELETE_ENTRY, N_("Del") },
	{ OP_UNDELETE_ENTRY, N_("Undel") },
	{ OP_SELECT_ENTRY, N_("Select") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item query_bar[] = {
	{ OP_EXIT, N_("Exit") },       { OP_MAIL, N_("Mail") },
	{ OP_QUERY, N_("New Query") }, { OP_CREATE_ALIAS, N_("Make Alias") },
	{ OP_SEARCH, N_("Search") },   { OP_HELP, N_("Help") },
};
static const struct help_item attach_bar[] = {
	{ OP_EXIT, N_("Exit") },       { OP_SAVE_ENTRY, N_("Save") },
	{ OP_PIPE_ENTRY, N_("Pipe") }, { OP_PRINT_ENTRY, N_("Print") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item compose_bar[] = {
	{ OP_SEND_MESSAGE, N_("Send") },
	{ OP_EXIT, N_("Abort") },
	{ OP_EDIT_TO, N_("To") },
	{ OP_EDIT_CC, N_("CC") },
	{ OP_EDIT_SUBJECT, N_("Subj") },
	{ OP_ATTACH_FILE, N_("Attach file") },
	{ OP_EDIT_DESCRIPTION, N_("Descrip") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item postpone_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_DELETE_ENTRY, N_("Del") },
	{ OP_UNDELETE_ENTRY, N_("Undel") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item pgp_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_SELECT_ENTRY, N_("Select") },
	{ OP_VERIFY_KEY, N_("Check key") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item smime_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_SELECT_ENTRY, N_("Select") },
	{ OP_HELP, N_("Help") },
};
static const struct help_item mix_bar[] = {
	{ OP_APPEND, N_("Append") }, { OP_INSERT, N_("Insert") }, { OP_DELETE, N_("Delete") },
	{ OP_EXIT, N_("Abort") },    { OP_ACCEPT, N_("OK") },
};
static const struct help_item autocrypt_bar[] = {
	{ OP_EXIT, N_("Exit") },
	{ OP_CREATE_ACCOUNT, N_("Create") },
	{ OP_DELETE_ACCOUNT, N_("Delete") },
	{ OP_TOGGLE_ACTIVE, N_("Tgl Active") },
	{ OP_TOGGLE_PREFER_ENCRYPT, N_("Prf Encr") },
	{ OP_HELP, N_("Help") },
};

#define BAR(m, v) [m] = { v, sizeof(v) / sizeof(v[0]) }

/* Each menu's bar, as mutt's screens define theirs. */
static const struct {
	const struct help_item *v;
	size_t n;
} bars[MENU_COUNT] = {
	BAR(MENU_INDEX, index_bar),     BAR(MENU_PAGER, pager_bar),
	BAR(MENU_BROWSER, browser_bar), BAR(MENU_ALIAS, alias_bar),
	BAR(MENU_QUERY, query_bar),     BAR(MENU_ATTACH, attach_bar),
	BAR(MENU_COMPOSE, compose_bar), BAR(MENU_POSTPONE, postpone_bar),
	BAR(MENU_PGP, pgp_bar),         BAR(MENU_SMIME, smime_bar),
	BAR(MENU_MIX, mix_bar),         BAR(MENU_AUTOCRYPT, autocrypt_bar),
};

void help_bar_items(const struct keymaps *k, enum menu_id m, const struct help_item *items,
		    size_t n, struct buf *out)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		struct keyseq keys;

		if (!keymap_find_op(k, m, items[i].op, &keys))
			continue;
		if (!first)
			buf_addstr(out, "  ");
		keyseq_format(&keys, out);
		buf_addch(out, ':');
		buf_addstr(out, _(items[i].label));
		first = false;
	}
}

void help_bar(const struct keymaps *k, enum menu_id m, struct buf *out)
{
	if ((unsigned)m < MENU_COUNT)
		help_bar_items(k, m, bars[m].v, bars[m].n, out);
}
