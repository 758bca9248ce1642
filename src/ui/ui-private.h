/* ui-private.h - shared between the files of src/ui; not for other layers */
#ifndef TERN_UI_PRIVATE_H
#define TERN_UI_PRIVATE_H

#define NCURSESW_WIDECHAR 1
#define NCURSES_WIDECHAR  1
#include <curses.h>

#include "mime/mime.h"
#include "ui/style.h"
#include "ui/ui.h"

struct index;
struct ui_colors;
struct color_model;

/*
 * The interface's shared state: the config, the input queue that macros,
 * push and exec feed, and the screen that is showing. While the key source
 * waits for a key it applies the model's events and asks the current
 * screen to draw again (screen_draw), so keys and events never wait on
 * each other.
 */
/* The last mouse event (a TK_MOUSE key), in screen rows and columns. */
enum ui_mouse_kind { MOUSE_NONE, MOUSE_CLICK, MOUSE_DOUBLE, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };
struct ui_mouse {
	enum ui_mouse_kind kind;
	int y, x;
};

struct ui {
	struct config *cfg;
	struct keymaps *km;
	struct input *in;
	struct mailbox *mb;
	struct mx_queue *q;
	struct index *ix; /* the index: model events are applied to it */
	/* The screen that is showing: how it draws itself and its menu. */
	void (*screen_draw)(struct ui *u, void *screen);
	void *screen;
	enum menu_id menu;
	char message[512]; /* the bottom line: the last message or error */
	bool message_error;
	bool quit;                /* the user asked to leave tern */
	struct history *hist;     /* the prompts' history (editor.h) */
	struct ui_colors *colors; /* color.c */
	struct ui_mouse mouse;    /* keys.c: the event behind the last TK_MOUSE */
	int wake_fd; /* also polled by the key source (TK_TIMEOUT when readable), or -1 */
	struct mx_ticket **asks; /* ask.c: backends' questions waiting for an answer */
	size_t n_asks, cap_asks;
	bool asking;   /* a question is open */
	bool mouse_on; /* the terminal reports the mouse ($mouse) */
};

/* ---- keys.c: keys, functions and the message line ---- */

/* The key source of u->in: curses keys as code points and TK_* values. */
int ui_key_source(int timeout_ms, void *ctx);
/* The next function of menu m; OP_NULL with *key for an unbound key or a signal (TK_*). */
enum op ui_next_op(struct ui *u, enum menu_id m, int *key);
/* Show a message (or an error, which also flushes a running macro) on the bottom line. */
void ui_message(struct ui *u, const char *fmt, ...) PRINTF_LIKE(2, 3);
void ui_error(struct ui *u, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* "Key is not bound.  Press '?' for help." with menu m's help key. */
void ui_not_bound(struct ui *u, enum menu_id m);
/* Draw the bottom line (the message, or nothing). */
void ui_draw_message(struct ui *u);
/* Ask a yes/no question on the bottom line: 1 yes, 0 no, -1 aborted (Ctrl-G). */
int ui_yesno(struct ui *u, const char *question, bool yes_default);
/* Ask per a quad option: yes and no answer at once, ask-* asks. 1 yes, 0 no, -1 aborted. */
int ui_quad(struct ui *u, enum var_id quad, const char *question);
/* Make s the screen that the key source redraws while waiting. */
void ui_set_screen(struct ui *u, enum menu_id m, void (*draw)(struct ui *, void *), void *s);

/* The rows above a screen's list: 1 for the help bar ($help), else 0. */
int ui_help_rows(const struct ui *u);

/* ---- scan.c: progress and Ctrl-C in a long loop ---- */

struct ui_scan {
	struct ui *u;
	const char *label;
	int64_t next_ms;
	bool shown, stopped;
};

void ui_scan_begin(struct ui_scan *s, struct ui *u, const char *label);
/* Call for each item done of total: false once the user typed Ctrl-C (stop the loop). */
bool ui_scan_step(struct ui_scan *s, size_t done, size_t total);
/* Clear the progress shown (a stopped scan leaves the line to the caller). */
void ui_scan_end(struct ui_scan *s);

/* ---- ask.c: a backend's question (MXE_ASK) ---- */

/* Keep a question's ticket (the ui owns it now) until ui_answer_asks. */
void ui_queue_ask(struct ui *u, struct mx_ticket *t);
/* Ask the waiting questions, one at a time (nothing when one is open already). */
void ui_answer_asks(struct ui *u);
/* Answer "no" to every waiting question (leaving tern). */
void ui_drop_asks(struct ui *u);

/* ---- read.c ---- */

/*
 * Read message id of u->mb for showing it in the pager (mx_read_display:
 * MX_READ_PARTIAL when parts not shown were left out): in a thread, with
 * keys and events handled while a slow read runs; Ctrl-C gives up
 * (ERR_CANCEL).
 */
int ui_read_message(struct ui *u, uint32_t id, struct buf *raw, struct buf *err);

/* ---- mouse.c ---- */

/* Turn the terminal's mouse reports on or off as $mouse says. */
void ui_mouse_sync(struct ui *u);
/* After curses' KEY_MOUSE: fill u->mouse; false for an event tern does not use. */
bool ui_mouse_read(struct ui *u);

/* ---- menu.c: moving through a list of rows ---- */

struct menu_pos {
	size_t n;      /* rows */
	size_t cursor; /* the current row */
	size_t top;    /* the first row shown */
};

/* Carry out a movement function (next-entry, next-page...) in rows rows; false for others. */
bool menu_move(struct ui *u, struct menu_pos *p, enum op op, int rows);
/* Make the first row shown follow the cursor. */
void menu_scroll_into_view(struct menu_pos *p, int rows);
/*
 * Apply u->mouse to a list shown in rows screen rows from row first: a click
 * on a row makes it current, the wheel scrolls. True for a double click on
 * a row: the caller opens it.
 */
bool menu_mouse(struct ui *u, struct menu_pos *p, int first, int rows);

/* ---- index.c: model events and the view ---- */

/* Apply the model's waiting events to the index; true when something changed. */
bool index_take_events(struct index *ix);
/* Milliseconds until the index wants to rebuild its view (-1: never), and the rebuild. */
int index_wait_ms(const struct index *ix);
bool index_tick(struct index *ix);
int index_queue_fd(const struct index *ix);

/* ---- color.c: styles as curses attributes ---- */

void ui_colors_init(struct ui *u);
void ui_colors_free(struct ui *u);
/* The colour model of the config as it is now (rebuilt after a color command). */
struct color_model *ui_color_model(struct ui *u);
/* Draw with style st (or with object o's style) from now on. */
void ui_set_style(struct ui *u, struct ui_style st);
void ui_set_object(struct ui *u, enum color_object o);

/* ---- text.c ---- */

/* Draw s at (y, x) in at most width columns (padding with spaces if pad); returns columns used. */
int ui_put(int y, int x, const char *s, int width, bool pad);
/* Draw a reverse-video bar at row y; ui_bar_styled in the status colour (mutt's default: reverse). */
void ui_bar(int y, const char *text);
void ui_bar_styled(struct ui *u, int y, const char *text);

/* ---- prompt.c ---- */

/*
 * Ask for a line on the bottom row (history of kind `kind`, an enum ui_hist
 * from editor.h; initial, when given, is replaced by the first character
 * typed): 0 with the line in out, ERR_CANCEL when the user aborted (^G).
 */
int ui_prompt(struct ui *u, const char *label, int kind, const char *initial, struct buf *out);
/* As ui_prompt, but typing goes on after initial instead of replacing it. */
int ui_prompt_keep(struct ui *u, const char *label, int kind, const char *initial, struct buf *out);
/* A folder: completion of paths and mailboxes, '?' on an empty line opens the browser. */
int ui_prompt_folder(struct ui *u, const char *label, const char *initial, struct buf *out);

/* ---- browser.c ---- */

/*
 * The folder browser on directory dir (or the `mailboxes` list): 0 with
 * the chosen folder's path in out, ERR_CANCEL when the user left, or the
 * error of listing dir (shown on the message line).
 */
int ui_browser(struct ui *u, const char *dir, bool mailboxes, struct buf *out);

/* ---- help.c ---- */

/* The help screen of menu m until the user leaves it. */
void ui_help(struct ui *u, enum menu_id m);

/* ---- pager.c ---- */

/*
 * Show the message with this id until the user leaves the pager: OP_EXIT,
 * or a function for the index to carry out (next-entry, delete-message...),
 * after which the index shows its current message again.
 */
enum op ui_pager(struct ui *u, uint32_t id);

#endif /* TERN_UI_PRIVATE_H */
