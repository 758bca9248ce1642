/* mx_test.h - building a model in memory for the model's tests: messages from header text */
#ifndef TERN_MX_TEST_H
#define TERN_MX_TEST_H

#include "tests/unit/unit.h"

#include "mx/mx.h"

/*
 * A message whose envelope is parsed from headers (header lines without the
 * blank line) and packed into mb's own arena; not added yet.
 */
static inline struct message mx_test_message(struct mailbox *mb, const char *headers,
					     uint32_t flags, int64_t received, uint64_t size)
{
	struct envelope e;
	struct buf raw = BUF_INIT;
	struct message m = { 0 };

	buf_printf(&raw, "%s\n\n", headers);
	envelope_init(&e);
	email_parse(raw.data, raw.len, &e, NULL);
	m.env = menv_pack(&e, mx_alloc(mb, menv_packed_size(&e)));
	m.flags = flags;
	m.received = received;
	m.size = size;
	envelope_release(&e);
	buf_release(&raw);
	return m;
}

/* mx_test_message, added to mb at once. */
static inline void mx_test_add(struct mailbox *mb, const char *headers, uint32_t flags,
			       int64_t received, uint64_t size)
{
	struct message m = mx_test_message(mb, headers, flags, received, size);
	mx_add(mb, &m, 1, NULL);
}

#endif /* TERN_MX_TEST_H */
