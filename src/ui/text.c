/*
 * text.c - drawing UTF-8 text by terminal columns, one grapheme cluster at a
 * time, as text_width counts them. Control characters are never sent to the
 * terminal: they are drawn visibly as ^X or U+FFFD.
 */
#include <wchar.h>

#include "ui/ui-private.h"

/* A cluster longer than this many code points is drawn by its base alone. */
#define CLUSTER_MAX 16

/*
 * Code points that terminals disagree about: a ZWJ sequence is one glyph in
 * tmux, kitty or WezTerm and several in xterm or VTE; a skin tone joins its
 * emoji in some and takes two more columns in others; VS16 and the keycap
 * mark widen a narrow symbol in some only.
 */
static bool disputed(uint32_t cp)
{
	return cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || cp == 0x20E3 ||
	       (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

/*
 * Draw the cluster (s, k) that text_width counts as cols columns so that it
 * takes exactly cols columns on any terminal: as written when nothing in it
 * is disputed and curses counts it the same; otherwise its base character
 * (or U+FFFD) padded with blanks. The emoji of a family is then shown for the
 * family, but every column after it lines up wherever the mail is read.
 */
static void put_cluster(const char *s, size_t k, size_t cols)
{
	wchar_t wc[CLUSTER_MAX];
	size_t n = 0, i = 0, sum = 0;
	bool plain = true;

	while (i < k && n < CLUSTER_MAX) {
		uint32_t cp;
		i += utf8_decode(s + i, k - i, &cp);
		int w = wcwidth((wchar_t)cp);
		if (disputed(cp) || w < 0)
			plain = false;
		else
			sum += (size_t)w;
		wc[n++] = (wchar_t)cp;
	}
	if (plain && i == k && sum == cols) {
		addnwstr(wc, (int)n);
		return;
	}
	int bw = wcwidth(wc[0]);
	if (bw < 1 || (size_t)bw > cols) {
		wc[0] = 0xFFFD;
		bw = 1;
	}
	addnwstr(wc, 1);
	for (; (size_t)bw < cols; bw++)
		addch(' ');
}

int ui_text_width(const char *s)
{
	return (int)text_width(s, strlen(s));
}

int ui_put(int y, int x, const char *s, int width, bool pad)
{
	size_t len = strlen(s), used = 0, room = width > 0 ? (size_t)width : 0;

	move(y, x);
	while (len) {
		size_t cols, k = text_cluster(s, len, &cols);
		unsigned char c = (unsigned char)s[0];

		if (used + cols > room)
			break;
		if (k == 1 && c < 0x80) {
			if (c == '\t') {
				addstr("  "); /* counted as ^I: two columns */
			} else if (c < 0x20 || c == 0x7f) {
				addch('^');
				addch(c == 0x7f ? '?' : (chtype)(c + '@'));
			} else {
				addch(c);
			}
		} else if (k == 1 || (c == 0xC2 && (unsigned char)s[1] < 0xA0)) {
			addnwstr(L"\xFFFD", 1); /* an invalid byte or a C1 control */
		} else if (cols) {
			put_cluster(s, k, cols);
		}
		used += cols;
		s += k;
		len -= k;
	}
	if (pad)
		for (; used < room; used++)
			addch(' ');
	return (int)used;
}

int ui_help_rows(const struct ui *u)
{
	return cfg_bool(u->cfg, V_help) ? 1 : 0;
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
