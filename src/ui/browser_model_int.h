/*
 * browser_model_int.h - shared by the browser model's files
 * (browser_model*.c); not for other files.
 */
#ifndef TERN_UI_BROWSER_MODEL_INT_H
#define TERN_UI_BROWSER_MODEL_INT_H

#include "ui/browser_model.h"

/*
 * Message counts of the Maildir or MH folder at path into e->total and
 * e->unread (left BROWSER_COUNT_UNKNOWN when the folder cannot be read or
 * is of another type). Reads listings and the MH sequence file only.
 */
void bm_count(const struct config *c, const char *path, enum mx_type type, struct browser_entry *e);

/* Does $mask let name through? Its default ("!^\.[^.]") hides dot files but not "..". */
bool bm_mask_allows(const struct config *c, const char *name);

#endif /* TERN_UI_BROWSER_MODEL_INT_H */
