/* rfc2047.c - PLACEHOLDER: to be replaced by the RFC 2047 implementation */
#include "email/email.h"

int rfc2047_decode(const char *in, size_t len, struct buf *out, unsigned *defects)
{
	struct buf raw = BUF_INIT;
	header_unfold(in, len, &raw);
	charset_to_utf8(NULL, raw.data, raw.len, out);
	buf_release(&raw);
	(void)defects;
	return 0;
}

int rfc2047_decode_phrase(const char *in, size_t len, struct buf *out, unsigned *defects)
{
	return rfc2047_decode(in, len, out, defects);
}

void rfc2047_encode(const char *utf8, size_t len, enum rfc2047_context ctx, size_t used,
		    struct buf *out)
{
	buf_add(out, utf8, len);
}
