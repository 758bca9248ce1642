/*
 * scan.c - progress and Ctrl-C for a loop over many messages that runs in
 * the interface (search, limit, tag-pattern: a body pattern reads every
 * message). Quick loops show nothing; a slow one shows "label k/n (p%)" on
 * the message line and stops when the user types Ctrl-C. Other keys typed
 * meanwhile are put back, in order, for after the loop.
 */
#include <time.h>

#include "ui/ui-private.h"

/* Progress appears after this long, then is redrawn at most this often. */
#define SCAN_QUIET_MS 250
#define SCAN_EVERY_MS 100
/* Keys kept for after the loop; more are dropped (the terminal's type-ahead). */
#define SCAN_KEYS 64

void ui_scan_begin(struct ui_scan *s, struct ui *u, const char *label)
{
	memset(s, 0, sizeof(*s));
	s->u = u;
	s->label = label;
	s->next_ms = mono_ms() + SCAN_QUIET_MS;
}

/* Read what was typed: true when it holds a Ctrl-C; the rest goes back. */
static bool interrupted(void)
{
	struct {
		int r;
		wint_t wc;
	} keys[SCAN_KEYS];
	size_t n = 0;
	bool stop = false;
	wint_t wc;
	int r;

	while ((r = get_wch(&wc)) != ERR) {
		if (r == OK && wc == 3)
			stop = true;
		else if (n < SCAN_KEYS)
			keys[n].r = r, keys[n++].wc = wc;
	}
	while (n--) /* curses reads back the last one first */
		if (keys[n].r == KEY_CODE_YES)
			ungetch((int)keys[n].wc);
		else
			unget_wch((wchar_t)keys[n].wc);
	return stop;
}

bool ui_scan_step(struct ui_scan *s, size_t done, size_t total)
{
	int64_t now;

	if (s->stopped)
		return false;
	if (done % 64 || (now = mono_ms()) < s->next_ms)
		return true;
	s->next_ms = now + SCAN_EVERY_MS;
	if (interrupted()) {
		s->stopped = true;
		return false;
	}
	s->shown = true;
	ui_message(s->u, "%s %zu/%zu (%zu%%)", s->label, done, total,
		   total ? done * 100 / total : 100);
	ui_draw_message(s->u);
	refresh();
	return true;
}

void ui_scan_end(struct ui_scan *s)
{
	if (s->shown && !s->stopped)
		s->u->message[0] = '\0';
}
