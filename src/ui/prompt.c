/*
 * prompt.c - a line typed on the bottom row: the editor menu's functions
 * (editor.c) on a prompt, with history per kind and completion, drawn by
 * grapheme cluster and scrolled sideways. The screen behind stays live.
 */
#include "ui/editor.h"
#include "ui/ui-private.h"

struct prompt {
	const char *label;
	struct editor ed;
	size_t first; /* the first byte shown (editor_view) */
	bool folder;  /* '?' on an empty folder prompt opens the browser */
};

/* Candidates from the last completion, on the row above the prompt. */
static void draw_candidates(const struct prompt *p)
{
	const struct strlist *l = editor_completions(&p->ed);
	struct buf line = BUF_INIT;

	if (!l || !l->n)
		return;
	for (size_t i = 0; i < l->n; i++)
		buf_printf(&line, "%s%s", i ? "  " : "", l->v[i]);
	ui_put(LINES - 2, 0, line.data, COLS, true);
	buf_release(&line);
}

static void draw(struct ui *u, struct prompt *p)
{
	int label = ui_text_width(p->label), cols = MAX(COLS - label, 1), cursor;
	size_t fit;

	if (u->screen_draw)
		u->screen_draw(u, u->screen);
	draw_candidates(p);
	editor_view(&p->ed, cols, &p->first, &cursor);
	fit = text_fit(p->ed.text.data + p->first, p->ed.text.len - p->first, (size_t)cols, NULL);
	move(LINES - 1, 0);
	clrtoeol();
	ui_put(LINES - 1, 0, p->label, COLS, false);
	if (label < COLS) {
		char *shown = xstrndup(p->ed.text.data + p->first, fit);
		ui_put(LINES - 1, label, shown, cols, false);
		free(shown);
	}
	move(LINES - 1, MIN(label + cursor, COLS - 1));
	curs_set(1);
	refresh();
}

/*
 * buffy-cycle (Space): in a folder prompt, the next of the `mailboxes` that
 * has new mail after the one typed (mutt's); elsewhere Space is a space.
 */
static enum editor_result buffy_cycle(struct ui *u, struct prompt *p)
{
	const struct strlist *l = cfg_list(u->cfg, L_MAILBOXES);
	size_t start = 0;

	if (!p->folder || !l || !l->n)
		return editor_insert(&p->ed, ' ');
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], p->ed.text.data) == 0)
			start = i + 1;
	for (size_t k = 0; k < l->n; k++) {
		const char *mb = l->v[(start + k) % l->n];
		if (mx_has_new(mb, u->cfg)) {
			editor_set_text(&p->ed, mb);
			return ED_CONTINUE;
		}
	}
	ui_error(u, "%s", _("No mailbox has new mail."));
	return ED_CONTINUE;
}

/* One function or key: ED_* as the editor says; ED_BUFFY_CYCLE stands for '?' in a folder prompt. */
static enum editor_result step(struct ui *u, struct prompt *p)
{
	int key;
	enum op op = ui_next_op(u, MENU_EDITOR, &key);

	if (op != OP_NULL) {
		enum editor_result r = editor_op(&p->ed, op);
		if (r == ED_BUFFY_CYCLE)
			return buffy_cycle(u, p);
		if (r == ED_UNHANDLED || r == ED_BEEP)
			beep();
		return r;
	}
	if (key == TK_ABORT)
		return ED_ABORT;
	if (key == TK_RESIZE || key == TK_TIMEOUT || key == 0)
		return ED_CONTINUE;
	if (key == '?' && p->folder && !p->ed.text.len)
		return ED_BUFFY_CYCLE; /* the caller opens the browser */
	return editor_insert(&p->ed, (uint32_t)key);
}

static int run_prompt(struct ui *u, const char *label, int kind, const char *initial, bool replace,
		      struct buf *out)
{
	struct prompt p = { .label = label, .folder = kind == HIST_FOLDER };
	enum editor_result r = ED_CONTINUE;

	editor_init(&p.ed, u->hist, (enum ui_hist)kind);
	if (kind == HIST_FOLDER)
		editor_set_completer(&p.ed, editor_complete_folder, u->cfg);
	else if (kind == HIST_CMD)
		editor_set_completer(&p.ed, editor_complete_command, u->cfg);
	if (initial && *initial) {
		editor_set_text(&p.ed, initial);
		p.ed.clear_on_type = replace;
	}
	while (r != ED_DONE && r != ED_ABORT && r != ED_BUFFY_CYCLE) {
		draw(u, &p);
		r = u->quit ? ED_ABORT : step(u, &p);
	}
	curs_set(0);
	buf_reset(out);
	buf_addbuf(out, &p.ed.text);
	editor_release(&p.ed);
	u->message[0] = '\0';
	if (r == ED_BUFFY_CYCLE)
		return ERR_AGAIN;
	return r == ED_DONE ? 0 : ERR_CANCEL;
}

int ui_prompt(struct ui *u, const char *label, int kind, const char *initial, struct buf *out)
{
	return run_prompt(u, label, kind, initial, true, out);
}

int ui_prompt_keep(struct ui *u, const char *label, int kind, const char *initial, struct buf *out)
{
	return run_prompt(u, label, kind, initial, false, out);
}

int ui_prompt_folder(struct ui *u, const char *label, const char *initial, struct buf *out)
{
	int rc = ui_prompt(u, label, HIST_FOLDER, initial, out);

	if (rc == ERR_AGAIN) { /* '?': choose in the browser, starting at $folder */
		struct buf dir = BUF_INIT;
		config_expand_path(u->cfg, "=", &dir);
		rc = ui_browser(u, dir.len ? dir.data : ".", false, out);
		buf_release(&dir);
	}
	if (rc == 0 && !out->len)
		rc = ERR_CANCEL;
	return rc;
}
