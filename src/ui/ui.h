/*
 * ui.h - the public face of src/ui, the only code that includes curses.
 */
#ifndef TERN_UI_H
#define TERN_UI_H

#include "mx/mx.h"

enum ui_flags {
	UI_BROWSER_FIRST = 1 << 0, /* -y: start in the list of mailboxes */
};

/*
 * Run the interface on *mb until the user quits. *mb may still be loading
 * (mx_start posting to q): the interface draws what has arrived and keeps
 * answering keys. Changing folder frees *mb and puts the new one there.
 * Returns 0, or a negative code when the terminal could not be set up.
 */
int ui_run(struct mailbox **mb, struct config *cfg, struct mx_queue *q, unsigned flags);

/* Column width of the UTF-8 string s as the interface draws it. */
int ui_text_width(const char *s);

#endif /* TERN_UI_H */
