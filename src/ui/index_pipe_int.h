/* index_pipe_int.h - shared by index_pipe.c and index_pipe_decode.c only */
#ifndef TERN_UI_INDEX_PIPE_INT_H
#define TERN_UI_INDEX_PIPE_INT_H

#include "ui/index.h"

/*
 * The message (raw, len) decoded, as mutt copies it decoded: the header
 * fields RFC 2047-decoded (weeded by ignore/unignore and ordered by
 * hdr_order when weed, whatever $weed says), a blank line, and the body as
 * the pager shows it. With plain (decode-save, decode-copy) the MIME fields,
 * Lines and the mbox status fields give way to a text/plain UTF-8 8bit
 * declaration. Appends to out.
 */
void pipe_decode_message(const char *raw, size_t len, const struct config *cfg, bool weed,
			 bool plain, struct buf *out);

/* decode-save (save true: the originals are then marked deleted) and decode-copy. */
void pipe_decode_save(struct index *ix, bool save);

#endif /* TERN_UI_INDEX_PIPE_INT_H */
