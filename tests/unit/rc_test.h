/*
 * rc_test.h - helpers for the tests of src/config that drive it as an rc
 * file would: run a line, expect success, a message, or an error.
 */
#ifndef TERN_RC_TEST_H
#define TERN_RC_TEST_H

#include "config/config.h"

/* Run one rc line; returns its status, the message in *err. */
static inline int run(struct config *c, const char *line, struct buf *err)
{
	buf_reset(err);
	return config_run(c, line, "test", 1, err);
}

/* Run a line that must succeed. */
static inline void ok(struct config *c, const char *line)
{
	struct buf err = BUF_INIT;

	if (run(c, line, &err) != 0)
		fail_msg("'%s' failed: %s", line, err.data);
	buf_release(&err);
}

/* Run a line that must succeed and say exactly want. */
static inline void says(struct config *c, const char *line, const char *want)
{
	struct buf err = BUF_INIT;

	if (run(c, line, &err) != 0)
		fail_msg("'%s' failed: %s", line, err.data);
	if (!buf_eq(&err, want))
		fail_msg("'%s' said '%s', want '%s'", line, err.data, want);
	buf_release(&err);
}

/* Run a line that must fail with a message containing want. */
static inline void fails(struct config *c, const char *line, const char *want)
{
	struct buf err = BUF_INIT;

	if (run(c, line, &err) == 0)
		fail_msg("'%s' succeeded, want an error with '%s'", line, want);
	if (!strstr(err.data, want))
		fail_msg("'%s' said '%s', want '%s'", line, err.data, want);
	buf_release(&err);
}

#endif /* TERN_RC_TEST_H */
