/*
 * mouse.c - the mouse, when $mouse is set: curses' mouse events as one
 * struct ui_mouse behind a TK_MOUSE key. Off by default, as a terminal
 * that reports the mouse no longer selects text without Shift.
 */
#include "ui/ui-private.h"

#define MOUSE_EVENTS (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)

void ui_mouse_sync(struct ui *u)
{
	bool want = cfg_bool(u->cfg, V_mouse);

	if (want == u->mouse_on)
		return;
	mousemask(want ? MOUSE_EVENTS : 0, NULL);
	u->mouse_on = want;
}

static enum ui_mouse_kind kind_of(mmask_t b)
{
	if (b & BUTTON1_DOUBLE_CLICKED)
		return MOUSE_DOUBLE;
	if (b & BUTTON1_CLICKED)
		return MOUSE_CLICK;
	if (b & BUTTON4_PRESSED)
		return MOUSE_WHEEL_UP;
	if (b & BUTTON5_PRESSED)
		return MOUSE_WHEEL_DOWN;
	return MOUSE_NONE;
}

bool ui_mouse_read(struct ui *u)
{
	MEVENT ev;

	u->mouse.kind = MOUSE_NONE;
	if (!u->mouse_on || getmouse(&ev) != OK)
		return false;
	u->mouse.kind = kind_of(ev.bstate);
	u->mouse.y = ev.y;
	u->mouse.x = ev.x;
	return u->mouse.kind != MOUSE_NONE;
}
