/* decode.c - PLACEHOLDER: to be replaced by the transfer-encoding decoders */
#include "email/email.h"

void decoder_init(struct decoder *d, enum mime_encoding enc)
{
	memset(d, 0, sizeof(*d));
	d->enc = enc;
}

void decoder_feed(struct decoder *d, const char *in, size_t len, struct buf *out)
{
	buf_add(out, in, len);
}

void decoder_finish(struct decoder *d, struct buf *out)
{
}

int mime_decode(enum mime_encoding enc, const char *in, size_t len, struct buf *out)
{
	buf_add(out, in, len);
	return 0;
}

int body_text_utf8(const char *data, const struct body *b, struct buf *out)
{
	return charset_to_utf8(body_charset(b), data + b->offset, b->length, out);
}

void base64_encode(const void *in, size_t len, size_t line_len, struct buf *out)
{
}

void qp_encode(const char *in, size_t len, bool is_text, struct buf *out)
{
}
