/*
 * editor_hist.c - the prompts' histories: one list per kind of prompt,
 * mutt's rules for what is remembered, the history file in mutt's format
 * (see editor.h), and the editor's history functions (history-up,
 * history-down, history-search).
 */
#include <limits.h>

#include "ui/editor_int.h"

/* One kind's entries, oldest first. */
struct hist_list {
	char **v;
	size_t n, cap;
};

struct history {
	const struct config *cfg;
	struct hist_list kinds[HIST_COUNT];
	struct strlist foreign; /* lines of the file for classes tern does not use, as read */
};

/* mutt's history classes (history.h): the numbers in the file. 7 is tern's. */
static const int mutt_class[HIST_COUNT] = {
	[HIST_CMD] = 2,    [HIST_FOLDER] = 6, [HIST_PATTERN] = 4, [HIST_ADDRESS] = 1,
	[HIST_SEARCH] = 7, [HIST_OTHER] = 5,  [HIST_SHELL] = 0,
};

struct history *history_new(const struct config *cfg)
{
	struct history *h = xcalloc(1, sizeof(*h));

	h->cfg = cfg;
	return h;
}

static void drop_oldest(struct hist_list *l, size_t keep)
{
	size_t d;

	if (l->n <= keep)
		return;
	d = l->n - keep;
	for (size_t i = 0; i < d; i++)
		free(l->v[i]);
	memmove(l->v, l->v + d, keep * sizeof(*l->v));
	l->n = keep;
}

void history_free(struct history **hp)
{
	struct history *h = *hp;

	if (!h)
		return;
	for (int k = 0; k < HIST_COUNT; k++) {
		drop_oldest(&h->kinds[k], 0);
		free(h->kinds[k].v);
	}
	strlist_release(&h->foreign);
	free(h);
	*hp = NULL;
}

/* How many entries of each kind the file keeps; 0: no file. */
static long save_count(const struct history *h)
{
	if (!h || !h->cfg || !*cfg_str(h->cfg, V_history_file))
		return 0;
	return cfg_num(h->cfg, V_save_history);
}

/* $history: how many entries browsing shows. */
static size_t shown(const struct history *h)
{
	long n = h->cfg ? cfg_num(h->cfg, V_history) : 10;

	return n > 0 ? (size_t)n : 0;
}

/*
 * How many entries are kept: $history, or more when the file keeps more
 * ($save_history), so that rewriting the file does not cut it to
 * $history. $history 0 turns the history off, as in mutt.
 */
static size_t capacity(const struct history *h)
{
	size_t n = shown(h);
	long keep = save_count(h);

	return n && keep > 0 ? MAX(n, (size_t)keep) : n;
}

/* $history_remove_dups: drop every copy of line. */
static void remove_dups(struct hist_list *l, const char *line)
{
	size_t j = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], line) == 0)
			free(l->v[i]);
		else
			l->v[j++] = l->v[i];
	}
	l->n = j;
}

void history_add(struct history *h, enum ui_hist kind, const char *line)
{
	struct hist_list *l;
	size_t cap;

	if (!h || (unsigned)kind >= HIST_COUNT || !line)
		return;
	l = &h->kinds[kind];
	cap = capacity(h);
	drop_oldest(l, cap);
	/* mutt: a line starting with a space is not remembered (macros use it). */
	if (!cap || !*line || *line == ' ' || strlen(line) > HISTORY_ENTRY_MAX)
		return;
	if (l->n && strcmp(l->v[l->n - 1], line) == 0)
		return;
	if (h->cfg && cfg_bool(h->cfg, V_history_remove_dups))
		remove_dups(l, line);
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = xstrdup(line);
	drop_oldest(l, cap);
}

size_t history_count(const struct history *h, enum ui_hist kind)
{
	return h && (unsigned)kind < HIST_COUNT ? MIN(h->kinds[kind].n, shown(h)) : 0;
}

const char *history_at(const struct history *h, enum ui_hist kind, size_t i)
{
	const struct hist_list *l;

	if (!h || (unsigned)kind >= HIST_COUNT)
		return NULL;
	l = &h->kinds[kind];
	return i < history_count(h, kind) ? l->v[l->n - 1 - i] : NULL;
}

/* ---- The file ---------------------------------------------------------------- */

/* The kind of mutt's class cls, or -1. */
static int kind_of_class(long cls)
{
	for (int k = 0; k < HIST_COUNT; k++)
		if (mutt_class[k] == cls)
			return k;
	return -1;
}

/* One line "<class>:<text>|" (without its newline). */
static void load_line(struct history *h, const char *s, size_t n)
{
	size_t i = 0;
	unsigned long cls;
	struct buf text = BUF_INIT;
	int kind;

	while (i < n && is_digit(s[i]))
		i++;
	if (!i || i >= n || s[i] != ':' || s[n - 1] != '|' || n - 1 < i + 1 ||
	    !parse_ulong(s, i, &cls) || cls > INT_MAX)
		return; /* not a history line: skipped (mutt stops reading) */
	kind = kind_of_class((long)cls);
	if (kind < 0) {
		strlist_addn(&h->foreign, s, n);
		return;
	}
	utf8_sanitize(s + i + 1, n - 1 - (i + 1), &text);
	history_add(h, (enum ui_hist)kind, text.data);
	buf_release(&text);
}

int history_load(struct history *h)
{
	struct buf data = BUF_INIT;
	size_t i = 0;
	int rc;

	if (save_count(h) <= 0)
		return 0;
	rc = file_read_all(cfg_str(h->cfg, V_history_file), &data, HISTORY_FILE_MAX);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	else if (rc == 0)
		while (i < data.len) {
			const char *nl = memchr(data.data + i, '\n', data.len - i);
			size_t end = nl ? (size_t)(nl - data.data) : data.len;
			if (end > i)
				load_line(h, data.data + i, end - i);
			i = end + 1;
		}
	buf_release(&data);
	return rc;
}

/* "<class>:<entry>|\n"; mutt drops newlines so that an entry stays one line. */
static void save_entry(struct buf *out, int cls, const char *s)
{
	buf_printf(out, "%d:", cls);
	for (; *s; s++)
		if (*s != '\n')
			buf_addch(out, *s);
	buf_addstr(out, "|\n");
}

int history_save(const struct history *h)
{
	struct buf out = BUF_INIT;
	long keep = save_count(h);
	const char *path;
	char *real;
	int rc;

	if (keep <= 0)
		return 0;
	for (size_t i = 0; i < h->foreign.n; i++) {
		buf_addstr(&out, h->foreign.v[i]);
		buf_addch(&out, '\n');
	}
	for (int k = 0; k < HIST_COUNT; k++) {
		const struct hist_list *l = &h->kinds[k];
		size_t from = l->n > (size_t)keep ? l->n - (size_t)keep : 0;
		for (size_t i = from; i < l->n; i++)
			save_entry(&out, mutt_class[k], l->v[i]);
	}
	/* A history file that is a link (to a dotfiles repository) stays one. */
	path = cfg_str(h->cfg, V_history_file);
	real = realpath(path, NULL);
	rc = file_write_atomic(real ? real : path, out.data, out.len);
	free(real);
	buf_release(&out);
	return rc;
}

/* ---- The editor's history functions ------------------------------------------ */

static void show_entry(struct editor *e, const char *s)
{
	buf_reset(&e->text);
	buf_addstr(&e->text, s);
	e->cursor = e->text.len;
}

enum editor_result ed_history_move(struct editor *e, bool up)
{
	size_t n = history_count(e->hist_, e->kind_);
	size_t pos = MIN(e->hist_pos_, n);

	if (!n)
		return ED_BEEP;
	if (pos == 0) {
		buf_reset(&e->scratch_);
		buf_addbuf(&e->scratch_, &e->text);
	}
	/* Positions 0 (the line being typed) to n (the oldest), wrapping as mutt does. */
	if (up)
		pos = pos == n ? 0 : pos + 1;
	else
		pos = pos == 0 ? n : pos - 1;
	e->hist_pos_ = pos;
	show_entry(e, pos ? history_at(e->hist_, e->kind_, pos - 1) : e->scratch_.data);
	return ED_CONTINUE;
}

/* True when needle occurs in hay, ignoring ASCII case (mutt_stristr). */
static bool contains_ci(const char *hay, const char *needle, size_t nlen)
{
	size_t hlen = strlen(hay);

	for (size_t i = 0; i + nlen <= hlen; i++)
		if (mem_startswith_ci(hay + i, hlen - i, needle))
			return true;
	return false;
}

enum editor_result ed_history_search(struct editor *e, bool again)
{
	size_t n = history_count(e->hist_, e->kind_), from = 0, i;

	if (!again) {
		buf_reset(&e->search_);
		buf_addbuf(&e->search_, &e->text);
		if (e->hist_pos_ == 0) {
			buf_reset(&e->scratch_);
			buf_addbuf(&e->scratch_, &e->text);
		}
	} else {
		from = MIN(e->hist_pos_, n); /* after the match shown */
	}
	strlist_release(&e->list_);
	for (i = 0; i < n; i++) {
		const char *s = history_at(e->hist_, e->kind_, i);
		if (contains_ci(s, e->search_.data, e->search_.len))
			strlist_add(&e->list_, s);
	}
	if (!e->list_.n)
		return ED_BEEP;
	/* The first match older than the one shown, else the newest (wrap). */
	for (i = from; i < n; i++)
		if (contains_ci(history_at(e->hist_, e->kind_, i), e->search_.data, e->search_.len))
			break;
	if (i == n)
		for (i = 0; i < n; i++)
			if (contains_ci(history_at(e->hist_, e->kind_, i), e->search_.data,
					e->search_.len))
				break;
	e->hist_pos_ = i + 1;
	show_entry(e, history_at(e->hist_, e->kind_, i));
	return ED_CONTINUE;
}
