/*
 * editor_complete.c - completion in the editor (complete, complete-query)
 * and the rc-command completer of the `:` prompt.
 */
#include "ui/editor_int.h"

/* ---- In the editor ----------------------------------------------------------- */

/* Where the completed word starts: the line's start; for addresses, after the last ',' or ':'. */
static size_t word_start(const struct editor *e)
{
	const char *s = e->text.data;
	size_t i = e->cursor;

	if (e->kind_ != HIST_ADDRESS)
		return 0;
	while (i && s[i - 1] != ',' && s[i - 1] != ':')
		i--;
	while (i < e->cursor && s[i] == ' ')
		i++;
	return i;
}

/* The bytes every candidate starts with, cut back to a whole UTF-8 character. */
static size_t common_prefix(const struct strlist *l)
{
	const char *first = l->v[0];
	size_t n = strlen(first);

	for (size_t i = 1; i < l->n; i++) {
		size_t j = 0;
		while (j < n && l->v[i][j] == first[j])
			j++;
		n = j;
	}
	while (n && ((unsigned char)first[n] & 0xC0) == 0x80)
		n--;
	return n;
}

enum editor_result ed_complete(struct editor *e, ui_complete_fn fn, void *ctx)
{
	size_t start = word_start(e), from, typed, lcp;
	char *word;
	int off;

	strlist_release(&e->list_);
	if (!fn)
		return ED_UNHANDLED;
	word = xstrndup(e->text.data + start, e->cursor - start);
	off = fn(word, &e->list_, ctx);
	if (off < 0 || !e->list_.n) {
		strlist_release(&e->list_);
		free(word);
		return ED_BEEP;
	}
	off = (int)MIN((size_t)off, strlen(word));
	from = start + (size_t)off;
	typed = e->cursor - from;
	if (e->list_.n == 1) {
		ed_replace(e, from, e->cursor, e->list_.v[0], strlen(e->list_.v[0]));
		strlist_release(&e->list_);
	} else {
		/* Never take back what was typed (a completer may match ignoring case). */
		lcp = common_prefix(&e->list_);
		if (lcp >= typed && memcmp(e->list_.v[0], word + off, typed) == 0)
			ed_replace(e, from, e->cursor, e->list_.v[0], lcp);
	}
	free(word);
	return ED_CONTINUE;
}

/* ---- Sorting candidates ---------------------------------------------------------- */

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void ed_sort_unique(struct strlist *l)
{
	size_t j = 0;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), compare_str);
	for (size_t i = 1; i < l->n; i++) {
		if (strcmp(l->v[i], l->v[j]) == 0)
			free(l->v[i]);
		else
			l->v[++j] = l->v[i];
	}
	l->n = j + 1;
}

/* ---- rc commands ---------------------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void add_commands(const char *prefix, struct strlist *out)
{
	for (size_t i = 0; i < rc_command_count(); i++)
		if (starts_with(rc_command_at(i)->name, prefix))
			strlist_add(out, rc_command_at(i)->name);
}

static bool any_variable(const char *prefix)
{
	for (int i = 0; i < V_COUNT; i++)
		if (starts_with(var_def((enum var_id)i)->name, prefix))
			return true;
	return false;
}

/* "set name=": the value as `set` takes it (mutt_var_value_complete). */
static int complete_value(const struct config *c, const char *tok, const char *eq,
			  struct strlist *out)
{
	char *name = xstrndup(tok, (size_t)(eq - tok));
	int id = var_lookup(name);
	struct buf val = BUF_INIT;

	free(name);
	if (id < 0 || !c || eq[1])
		return ERR_NOTFOUND;
	cfg_format(c, (enum var_id)id, &val);
	strlist_add(out, val.data);
	buf_release(&val);
	return (int)(eq + 1 - tok);
}

/* Variable names after set/unset/toggle/reset; returns the offset in tok. */
static int complete_variable(const struct config *c, bool is_set, const char *tok,
			     struct strlist *out)
{
	static const char *const prefixes[] = { "no", "inv", "?", "&" };
	const char *eq = strchr(tok, '=');
	const char *name = tok;

	if (eq)
		return complete_value(c, tok, eq, out);
	/* mutt: "set noX", "set invX", "set ?X", "set &X" complete X. */
	for (size_t i = 0; is_set && i < ARRAY_SIZE(prefixes) && !any_variable(tok); i++)
		if (starts_with(tok, prefixes[i]))
			name = tok + strlen(prefixes[i]);
	for (int i = 0; i < V_COUNT; i++)
		if (starts_with(var_def((enum var_id)i)->name, name))
			strlist_add(out, var_def((enum var_id)i)->name);
	return (int)(name - tok);
}

static void add_functions(const char *prefix, struct strlist *out)
{
	for (int op = OP_NULL + 1; op < OP_COUNT; op++)
		if (starts_with(op_name((enum op)op), prefix))
			strlist_add(out, op_name((enum op)op));
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

int editor_complete_command(const char *word, struct strlist *out, void *ctx)
{
	const struct config *c = ctx;
	const char *p = word, *end, *tok;
	size_t n;
	int off;

	while (is_wsp(*p))
		p++;
	for (end = p; *end && !is_wsp(*end); end++)
		;
	if (!*end) { /* the command's name */
		add_commands(p, out);
		return (int)(p - word);
	}
	n = (size_t)(end - p);
	for (tok = word + strlen(word); tok > end && !is_wsp(tok[-1]); tok--)
		;
	if (word_is(p, n, "set") || word_is(p, n, "unset") || word_is(p, n, "toggle") ||
	    word_is(p, n, "reset")) {
		off = complete_variable(c, word_is(p, n, "set"), tok, out);
		if (off < 0)
			return off;
		ed_sort_unique(out);
		return (int)(tok - word) + off;
	}
	if (word_is(p, n, "exec")) {
		add_functions(tok, out);
		ed_sort_unique(out);
		return (int)(tok - word);
	}
	return ERR_NOTFOUND;
}
