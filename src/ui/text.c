/*
 * text.c - drawing UTF-8 text by terminal columns. Control characters are
 * never sent to the terminal: they are drawn visibly as ^X or U+FFFD.
 */
#include <wchar.h>

#include "ui/ui-private.h"

/* The next character of s as a wide character, and its byte length. */
static size_t next_char(const char *s, wchar_t *wc)
{
	uint32_t cp;
	size_t k = utf8_decode(s, strlen(s), &cp);

	*wc = (wchar_t)cp;
	return k;
}

int ui_cp_width(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 2; /* drawn as ^X */
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int ui_text_width(const char *s)
{
	int cols = 0;
	wchar_t wc;

	while (*s) {
		s += next_char(s, &wc);
		cols += ui_cp_width((uint32_t)wc);
	}
	return cols;
}

int ui_put(int y, int x, const char *s, int width, bool pad)
{
	int used = 0;
	wchar_t wc;

	move(y, x);
	while (*s && used < width) {
		s += next_char(s, &wc);
		if (wc == '\t')
			wc = ' ';
		if (wc < 0x20 || wc == 0x7f) {
			if (used + 2 > width)
				break;
			addch('^');
			addch(wc == 0x7f ? '?' : (chtype)(wc + '@'));
			used += 2;
			continue;
		}
		int w = ui_cp_width((uint32_t)wc);
		if (used + w > width)
			break;
		addnwstr(&wc, 1);
		used += w;
	}
	if (pad)
		for (; used < width; used++)
			addch(' ');
	return used;
}

void ui_bar(int y, const char *text)
{
	attron(A_REVERSE);
	ui_put(y, 0, text, COLS, true);
	attroff(A_REVERSE);
}

void ui_bar_styled(struct ui *u, int y, const char *text)
{
	if (!u || !u->colors) {
		ui_bar(y, text);
		return;
	}
	ui_set_object(u, CO_STATUS);
	ui_put(y, 0, text, COLS, true);
	attrset(A_NORMAL);
}
