/*
 * keys.c - the terminal as the key source of the input queue, the message
 * line, and questions. While no key comes, the model's events are applied
 * and the current screen is drawn again, so a loading folder stays live
 * under any prompt or screen.
 */
#include <poll.h>
#include <stdarg.h>
#include <time.h>

#include "ui/index.h"

/* A prefix key sequence waits this long for its next key ($timeout is mutt's idle timeout). */
#define PREFIX_TIMEOUT_MS 1000

/* curses' function keys as the config's TK_* values; -1 for keys tern has no name for. */
static int map_function_key(int k)
{
	static const struct {
		int curses, tk;
	} map[] = {
		{ KEY_UP, TK_UP },
		{ KEY_DOWN, TK_DOWN },
		{ KEY_LEFT, TK_LEFT },
		{ KEY_RIGHT, TK_RIGHT },
		{ KEY_PPAGE, TK_PAGEUP },
		{ KEY_NPAGE, TK_PAGEDOWN },
		{ KEY_HOME, TK_HOME },
		{ KEY_END, TK_END },
		{ KEY_IC, TK_INSERT },
		{ KEY_DC, TK_DELETE },
		{ KEY_BACKSPACE, TK_BACKSPACE },
		{ KEY_ENTER, TK_ENTER },
		{ KEY_BTAB, TK_BACKTAB },
		{ KEY_RESIZE, TK_RESIZE },
		{ KEY_MOUSE, TK_MOUSE },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].curses == k)
			return map[i].tk;
	if (k >= KEY_F(1) && k <= KEY_F(63))
		return TK_F0 + (k - KEY_F0);
	return -1;
}

/* A typed key, or -1 when none is waiting. */
static int read_key(struct ui *u)
{
	wint_t wc;

	for (;;) {
		int r = get_wch(&wc);
		if (r == ERR)
			return -1;
		if (r == KEY_CODE_YES) {
			int k = map_function_key((int)wc);
			if (k == TK_MOUSE && !ui_mouse_read(u))
				continue; /* a button tern does not use */
			if (k >= 0)
				return k;
			continue; /* a key tern has no name for: ignore it */
		}
		return wc == 3 ? TK_ABORT : (int)wc; /* Ctrl-C stops operations, never tern */
	}
}

/* Apply model events and let the index rebuild; draw the current screen when something changed. */
static void idle(struct ui *u, bool events)
{
	bool changed = false;

	if (u->ix && events)
		changed |= index_take_events(u->ix);
	if (u->ix)
		changed |= index_tick(u->ix);
	if (changed && u->screen_draw)
		u->screen_draw(u, u->screen);
}

/*
 * The folder's watch descriptor (IMAP IDLE: readable when the server pushed
 * something) while a check could start, else -1. Asked again on every pass:
 * only the backend knows what it stands for now.
 */
static int watch_fd(const struct index *ix)
{
	const struct mx_ops *ops;

	if (!ix || !ix->mb || ix->busy || ix->partial || !ix->q || ix->check_ms <= 0)
		return -1;
	ops = ix->mb->ops;
	return ops && ops->watch_fd ? ops->watch_fd(ix->mb) : -1;
}

/* The watch said something came: check now rather than at the next $mail_check. */
static void watch_fired(struct ui *u, short revents)
{
	if (!(revents & (POLLIN | POLLERR | POLLHUP)) || !u->ix)
		return;
	if (index_start(u->ix, MX_OP_CHECK, NULL) == 0)
		u->ix->active_ms = index_now_ms();
}

int ui_key_source(int timeout_ms, void *ctx)
{
	struct ui *u = ctx;
	int64_t deadline = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
	int empty = 0; /* polls that said "readable" with no key to read */

	ui_mouse_sync(u); /* $mouse may have been set since the last key */

	for (;;) {
		struct pollfd fds[4] = { { STDIN_FILENO, POLLIN, 0 },
					 { u->ix ? index_queue_fd(u->ix) : -1, POLLIN, 0 },
					 { u->wake_fd, POLLIN, 0 },
					 { watch_fd(u->ix), POLLIN, 0 } };
		int k = read_key(u), wait = -1;

		if (k >= 0)
			return k;
		if (deadline >= 0)
			wait = (int)MAX(0, deadline - mono_ms());
		if (u->ix) {
			int w = index_wait_ms(u->ix);
			if (w >= 0 && (wait < 0 || w < wait))
				wait = w;
		}
		if (poll(fds, 4, wait) < 0 && errno != EINTR)
			return TK_ABORT;
		/*
		 * The terminal is gone (its window closed, ssh dropped): poll says
		 * hangup, or readable with nothing to read (EIO), at once, forever.
		 * Leave, as mutt does on SIGHUP, instead of spinning on it.
		 */
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
			if ((k = read_key(u)) >= 0)
				return k;
			if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) || ++empty > 100) {
				u->quit = true;
				return TK_ABORT;
			}
		} else {
			empty = 0;
		}
		idle(u, fds[1].revents & POLLIN);
		watch_fired(u, fds[3].revents);
		if (u->n_asks && !u->asking) {
			ui_answer_asks(u);
			return TK_TIMEOUT; /* the screen changed under the caller */
		}
		if (fds[2].revents & POLLIN)
			return TK_TIMEOUT; /* what the caller waits for is ready */
		/* An event queued input (the rc files' push, once the folder is open): run it. */
		if (input_pending(u->in))
			return TK_TIMEOUT;
		if (deadline >= 0 && mono_ms() >= deadline && !(fds[0].revents & POLLIN))
			return TK_TIMEOUT;
	}
}

void ui_set_screen(struct ui *u, enum menu_id m, void (*draw)(struct ui *, void *), void *s)
{
	u->menu = m;
	u->screen_draw = draw;
	u->screen = s;
}

enum op ui_next_op(struct ui *u, enum menu_id m, int *key)
{
	struct buf err = BUF_INIT;
	int status;
	enum op op = input_dispatch(u->in, u->km, m, PREFIX_TIMEOUT_MS, key, &status, &err);

	if (status)
		ui_error(u, "%s", err.len ? err.data : err_str(status));
	buf_release(&err);
	return op;
}

static void set_message(struct ui *u, bool error, const char *fmt, va_list ap)
{
	vsnprintf(u->message, sizeof(u->message), fmt, ap);
	u->message_error = error;
}

void ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(u, false, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(u, true, fmt, ap);
	va_end(ap);
	input_flush(u->in); /* a macro that met an error stops, as in mutt */
	if (cfg_bool(u->cfg, V_beep))
		beep();
}

void ui_not_bound(struct ui *u, enum menu_id m)
{
	struct buf key = BUF_INIT;
	struct keyseq ks;

	if (keymap_find_op(u->km, m, OP_HELP, &ks))
		keyseq_format(&ks, &key);
	else
		buf_addstr(&key, "?");
	ui_error(u, _("Key is not bound.  Press '%s' for help."), key.data);
	buf_release(&key);
}

void ui_draw_message(struct ui *u)
{
	if (u->colors)
		ui_set_object(u, u->message_error ? CO_ERROR : CO_MESSAGE);
	else if (u->message_error)
		attron(A_BOLD);
	ui_put(LINES - 1, 0, u->message, COLS, true);
	attrset(A_NORMAL);
}

int ui_yesno(struct ui *u, const char *question, bool yes_default)
{
	struct buf q = BUF_INIT;
	int answer = -2;

	/* TRANSLATORS: the choices of a yes/no question; the first letters are the keys. */
	buf_printf(&q, "%s ([%s]/%s): ", question, yes_default ? _("yes") : _("no"),
		   yes_default ? _("no") : _("yes"));
	while (answer == -2 && !u->quit) {
		int key;
		enum op op;

		ui_put(LINES - 1, 0, q.data, COLS, true);
		move(LINES - 1, MIN(ui_text_width(q.data), COLS - 1));
		curs_set(1);
		refresh();
		op = ui_next_op(u, MENU_EDITOR, &key);
		curs_set(0);
		if (op != OP_NULL || key == TK_RESIZE || key == TK_TIMEOUT)
			continue;
		if (key == TK_ABORT || key == 7) /* Ctrl-G */
			answer = -1;
		else if (key == 'y' || key == 'Y')
			answer = 1;
		else if (key == 'n' || key == 'N')
			answer = 0;
		else if (key == '\r' || key == '\n' || key == TK_ENTER)
			answer = yes_default;
	}
	buf_release(&q);
	u->message[0] = '\0';
	return answer == -2 ? -1 : answer;
}

int ui_quad(struct ui *u, enum var_id quad, const char *question)
{
	switch (cfg_quad(u->cfg, quad)) {
	case QUAD_YES:
		return 1;
	case QUAD_NO:
		return 0;
	case QUAD_ASK_NO:
		return ui_yesno(u, question, false);
	default:
		return ui_yesno(u, question, true);
	}
}
