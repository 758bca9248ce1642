/*
 * unit.h - shared helpers for tern's cmocka unit tests.
 */
#ifndef TERN_UNIT_H
#define TERN_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "core/core.h"

/* Assert that the buffer holds exactly the C string `want`. */
#define assert_buf_eq(b, want)                                                                     \
	do {                                                                                       \
		const char *want_ = (want);                                                        \
		if (!buf_eq((b), want_))                                                           \
			fail_msg("buffer is \"%s\" (%zu bytes), want \"%s\"", (b)->data, (b)->len, \
				 want_);                                                           \
	} while (0)

/* A buffer of n copies of the byte c (caller releases). */
static inline void fill_buf(struct buf *b, int c, size_t n)
{
	buf_grow(b, n);
	memset(b->data + b->len, c, n);
	buf_setlen(b, b->len + n);
}

/* Run the tests of one file; cmocka prints TAP when CMOCKA_MESSAGE_OUTPUT=TAP. */
#define RUN_TESTS(tests) cmocka_run_group_tests(tests, NULL, NULL)

#endif /* TERN_UNIT_H */
