/*
 * fuzz_imap_parse.c - the IMAP response parser on arbitrary server bytes:
 * up to 50 responses read in a row from the input, lines up to LF and
 * literals served from what follows, as a connection would.
 *
 * Invariants: no crash, no sanitizer report, no allocation past the caps
 * (a 1 MiB literal budget here), and an error's reason never carries a
 * control character (it reaches the screen).
 */
#include "imap/parse.h"

struct src {
	const uint8_t *d;
	size_t n, pos;
};

static int read_line(void *ctx, struct buf *line, struct buf *err)
{
	struct src *s = ctx;
	const uint8_t *p = s->d + s->pos, *nl;

	if (s->pos >= s->n || !(nl = memchr(p, '\n', s->n - s->pos))) {
		buf_addstr(err, "closed");
		return ERR_CLOSED;
	}
	if ((size_t)(nl - p) > 100000) {
		buf_addstr(err, "long");
		return ERR_LIMIT;
	}
	buf_add(line, p, (size_t)(nl - p));
	s->pos = (size_t)(nl + 1 - s->d);
	return 0;
}

static int read_literal(void *ctx, size_t n, struct buf *out, struct buf *err)
{
	struct src *s = ctx;

	if (s->n - s->pos < n) {
		buf_addstr(err, "closed");
		return ERR_CLOSED;
	}
	buf_add(out, s->d + s->pos, n);
	s->pos += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src s = { data, size, 0 };
	struct imap_reader r = { read_line, read_literal, &s };
	struct imap_limits lim;
	struct imap_resp resp = IMAP_RESP_INIT;
	struct buf err = BUF_INIT;

	imap_limits_default(&lim);
	lim.max_literal_total = 1 << 20;
	for (int i = 0; i < 50; i++) {
		if (imap_read_response(&r, &lim, &resp, &err) != 0) {
			for (size_t k = 0; k < err.len; k++)
				if ((unsigned char)err.data[k] < 0x20)
					abort();
			break;
		}
	}
	imap_resp_release(&resp);
	buf_release(&err);
	return 0;
}
