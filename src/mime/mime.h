/*
 * mime.h - the public face of src/mime: turning a parsed message into the
 * text a reader sees. Writes into a buffer; never touches the screen.
 */
#ifndef TERN_MIME_H
#define TERN_MIME_H

#include "email/email.h"

/*
 * Render the message (data, len) as the pager shows it: the main headers,
 * decoded; a blank line; the body with multipart/alternative resolved to
 * its plain-text part, text converted to UTF-8, embedded messages shown
 * inline, and one "[-- Attachment ... --]" line per part not shown. Returns
 * 0, or ERR_PARSE when the message was damaged (the output is complete
 * anyway: everything readable is shown).
 */
int render_message(const char *data, size_t len, struct buf *out);

#endif /* TERN_MIME_H */
