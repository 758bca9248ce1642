/*
 * ui.h - the public face of src/ui, the only code that includes curses.
 */
#ifndef TERN_UI_H
#define TERN_UI_H

#include "mx/mx.h"

/*
 * Run the interactive interface on an open mailbox until the user quits.
 * Returns 0, or a negative code when the terminal could not be set up.
 */
int ui_run(struct mailbox *mb);

/* Column width of the UTF-8 string s as the interface draws it. */
int ui_text_width(const char *s);

/*
 * Append to out the index line of message i as shown at `row` of the view,
 * without colours: what ui_run draws and what `tern --list` prints.
 */
void ui_index_line(const struct mailbox *mb, const struct thread_view *v, size_t row,
		   struct buf *out);

#endif /* TERN_UI_H */
