/*
 * style.h - how the pure parts of the interface (pager layout, help, the
 * browser...) say what colour a piece of text is, without curses: a span
 * names a colour object (and quoted level, or the colour rule that matched),
 * and the drawing code turns it into terminal attributes (color_model.h).
 */
#ifndef TERN_UI_STYLE_H
#define TERN_UI_STYLE_H

#include "config/config.h"

/* Part of a line drawn in one colour object: bytes [start, end) of the line. */
struct ui_span {
	uint32_t start, end;
	int16_t object; /* enum color_object */
	int16_t level;  /* CO_QUOTED: the quoting depth, 0-based */
	int32_t rule;   /* the colour rule (cfg_color_at index) that matched a regex, or -1 */
};

/* A resolved style: colours as config.h keeps them (COLOR_DEFAULT, 0..255, RGB) and enum color_attr. */
struct ui_style {
	int fg, bg;
	unsigned attrs;
};

#endif /* TERN_UI_STYLE_H */
