/* charset_sb.h - single-byte charsets decoded by table (charset_sb.c); private to src/core */
#ifndef TERN_CHARSET_SB_H
#define TERN_CHARSET_SB_H

#include "core/core.h"

/* A byte the charset does not map. */
#define SB_INVALID UINT32_MAX

/*
 * When canon (an iconv name) is a single-byte charset, its table: the code
 * point of each byte, or SB_INVALID. NULL otherwise. Tables live as long as
 * the program.
 */
const uint32_t *sb_table_for(const char *canon);

#endif /* TERN_CHARSET_SB_H */
