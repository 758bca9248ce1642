/*
 * ask.c - answering a backend's question (mx_ask): an unknown certificate
 * shown whole with its choices, or a password typed unseen. Questions come
 * as MXE_ASK events; the index keeps their tickets and the key source
 * answers them when it is not inside another question.
 */
#include "ui/ui-private.h"

/* Draw text from row *y, wrapped at the screen's width (a fingerprint is long). */
static void put_wrapped(int *y, const char *text)
{
	size_t len = strlen(text);

	do {
		size_t k = text_fit(text, len, (size_t)MAX(COLS, 1), NULL);
		char *row = xstrndup(text, k ? k : len);
		ui_put((*y)++, 0, row, COLS, false);
		free(row);
		text += k ? k : len;
		len -= k ? k : len;
	} while (len && *y < LINES - 2);
}

/* The screen while a question is open: its title and details. */
static void draw_question(struct ui *u, void *screen)
{
	const struct mx_ask *q = screen;
	int y = 0;

	(void)u;
	erase();
	attron(A_BOLD);
	put_wrapped(&y, q->title);
	attroff(A_BOLD);
	y++;
	for (size_t i = 0; i < q->nlines && y < LINES - 2; i++)
		put_wrapped(&y, q->lines[i]);
}

static void show_prompt(struct ui *u, const char *prompt)
{
	u->screen_draw(u, u->screen);
	ui_put(LINES - 1, 0, prompt, COLS, true);
	move(LINES - 1, MIN(ui_text_width(prompt), COLS - 1));
	curs_set(1);
	refresh();
}

/* One of q->keys (its index), or -1 for Ctrl-G / Ctrl-C. */
static int ask_choice(struct ui *u, const struct mx_ask *q)
{
	for (;;) {
		show_prompt(u, q->prompt);
		int key = ui_key_source(-1, u);
		if (u->quit || key == TK_ABORT || key == 7)
			return -1;
		const char *k = key > 0 && key < 128 ? strchr(q->keys, key) : NULL;
		if (k && *k)
			return (int)(k - q->keys);
	}
}

/* A secret typed unseen: Enter ends it, Backspace and Ctrl-U edit, Ctrl-G gives up. */
static int ask_secret(struct ui *u, const struct mx_ask *q, struct buf *out)
{
	for (;;) {
		show_prompt(u, q->prompt);
		int key = ui_key_source(-1, u);
		if (u->quit || key == TK_ABORT || key == 7)
			return -1;
		if (key == '\r' || key == '\n' || key == TK_ENTER)
			return 0;
		if (key == TK_BACKSPACE || key == 127 || key == 8) {
			while (out->len && ((unsigned char)out->data[out->len - 1] & 0xc0) == 0x80)
				buf_setlen(out, out->len - 1);
			if (out->len)
				buf_setlen(out, out->len - 1);
		} else if (key == 21) { /* Ctrl-U */
			buf_reset(out);
		} else if (key >= 32 && key < KEY_BASE_) {
			buf_add_utf8(out, (uint32_t)key);
		}
	}
}

static void answer(struct ui *u, struct mx_ticket *t)
{
	const struct mx_ask *q = mx_ticket_question(t);
	void (*prev_draw)(struct ui *, void *) = u->screen_draw;
	void *prev_screen = u->screen;
	enum menu_id prev_menu = u->menu;
	struct buf secret = BUF_INIT;
	int choice;

	ui_set_screen(u, prev_menu, draw_question, (void *)q);
	if (q->kind == MX_ASK_SECRET)
		choice = ask_secret(u, q, &secret);
	else
		choice = ask_choice(u, q);
	curs_set(0);
	mx_ticket_answer(t, choice, choice < 0 ? NULL : secret.data);
	buf_wipe(&secret);
	ui_set_screen(u, prev_menu, prev_draw, prev_screen);
	u->message[0] = '\0';
	clearok(curscr, TRUE);
}

void ui_queue_ask(struct ui *u, struct mx_ticket *t)
{
	ALLOC_GROW(u->asks, u->n_asks + 1, u->cap_asks);
	u->asks[u->n_asks++] = t;
}

void ui_answer_asks(struct ui *u)
{
	if (u->asking)
		return; /* a question is open: the next waits for it */
	u->asking = true;
	while (u->n_asks) {
		struct mx_ticket *t = u->asks[0];
		memmove(u->asks, u->asks + 1, --u->n_asks * sizeof(*u->asks));
		answer(u, t);
		mx_ticket_unref(t);
	}
	u->asking = false;
	if (u->screen_draw)
		u->screen_draw(u, u->screen);
}

void ui_drop_asks(struct ui *u)
{
	for (size_t i = 0; i < u->n_asks; i++) {
		mx_ticket_answer(u->asks[i], -1, NULL);
		mx_ticket_unref(u->asks[i]);
	}
	free(u->asks);
	u->asks = NULL;
	u->n_asks = u->cap_asks = 0;
}
