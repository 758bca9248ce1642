/*
 * internal.h - what the files of src/mime share.
 */
#ifndef TERN_MIME_INTERNAL_H
#define TERN_MIME_INTERNAL_H

#include "mime/mime.h"
#include "mx/mx.h"

/*
 * Append the header block (data, len) as the pager shows it: fields decoded
 * and unfolded, hdr_order first, weeded when $weed is set (cfg NULL: all
 * fields, in their order). Does not add the blank line after it.
 * Returns the DEFECT_* bits found.
 */
unsigned render_header_block(const char *data, size_t len, const struct config *cfg,
			     struct buf *out);

/* "type/subtype" of a part, with mutt's defaults for missing names. */
void part_type(const struct body *b, struct buf *out);

#endif /* TERN_MIME_INTERNAL_H */
