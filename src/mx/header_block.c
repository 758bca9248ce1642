/*
 * header_block.c - reading just a message's header block from a file, for
 * the backends that keep one message per file (Maildir, MH): opening a
 * folder reads no body bytes.
 */
#include "mx/mx-private.h"

/* The header block is read in pieces of this size, and never beyond the cap. */
#define HDR_CHUNK ((size_t)8192)
#define HDR_MAX   ((size_t)1 << 20)

/* Where the header block ends in (p, n): after the first empty line; 0 when not yet seen. */
static size_t header_end(const char *p, size_t n, size_t from)
{
	const char *s = p + from, *end = p + n;

	if (from == 0 && n && p[0] == '\n')
		return 1;
	if (from == 0 && n > 1 && p[0] == '\r' && p[1] == '\n')
		return 2;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		s++;
		if (s < end && *s == '\n')
			return (size_t)(s + 1 - p);
		if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
			return (size_t)(s + 2 - p);
	}
	return 0;
}

int mx_read_header_block(int fd, struct buf *out)
{
	size_t start = out->len, have = 0;

	while (have < HDR_MAX) {
		ssize_t r;
		buf_grow(out, HDR_CHUNK);
		r = read(fd, out->data + out->len, HDR_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r == 0)
			break;
		buf_setlen(out, out->len + (size_t)r);
		/* Look again from a little before the new bytes: the blank line may straddle them. */
		size_t from = have > 2 ? have - 2 : 0, end;
		have += (size_t)r;
		end = header_end(out->data + start, have, from);
		if (end) {
			buf_setlen(out, start + end);
			break;
		}
	}
	return 0;
}
