/* ui-private.h - shared between the files of src/ui; not for other layers */
#ifndef TERN_UI_PRIVATE_H
#define TERN_UI_PRIVATE_H

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "mime/mime.h"
#include "ui/ui.h"

/* Columns taken by code point cp (control characters are drawn as ^X: 2). */
int ui_cp_width(uint32_t cp);
/* Draw s at (y, x) in at most width columns (padding with spaces if pad); returns columns used. */
int ui_put(int y, int x, const char *s, int width, bool pad);
/* Show the message with this id in the pager until the user leaves it. */
void ui_pager(struct mailbox *mb, uint32_t id);
/* Draw a reverse-video bar at row y. */
void ui_bar(int y, const char *text);

#endif /* TERN_UI_PRIVATE_H */
