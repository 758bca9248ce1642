/*
 * internal.h - helpers shared by the files of src/email; not part of its
 * public face (email.h).
 */
#ifndef TERN_EMAIL_INTERNAL_H
#define TERN_EMAIL_INTERNAL_H

#include "core/core.h"

/*
 * Old Japanese mail puts raw ISO-2022-JP in headers. Returns the end of the
 * run of such text starting with an escape sequence at s[i] (after its
 * return to ASCII), or i when none starts there.
 */
size_t jis_run_end(const char *s, size_t len, size_t i);

/*
 * Index just past the RFC 5322 comment opened at s[i] == '(' (nesting counted,
 * not recursed; quoted pairs and raw ISO-2022-JP runs honoured), or 0 when it
 * never closes.
 */
size_t rfc822_comment_end(const char *s, size_t len, size_t i);

/* Append (s, n) as an RFC 5322 quoted string, escaping '"' and '\\'. */
void rfc822_add_quoted(struct buf *out, const char *s, size_t n);

#endif /* TERN_EMAIL_INTERNAL_H */
