/*
 * internal.h - helpers shared by the files of src/email; not part of its
 * public face (email.h).
 */
#ifndef TERN_EMAIL_INTERNAL_H
#define TERN_EMAIL_INTERNAL_H

#include <stddef.h>

/*
 * Old Japanese mail puts raw ISO-2022-JP in headers. Returns the end of the
 * run of such text starting with an escape sequence at s[i] (after its
 * return to ASCII), or i when none starts there.
 */
size_t jis_run_end(const char *s, size_t len, size_t i);

#endif /* TERN_EMAIL_INTERNAL_H */
