/*
 * mbox_scan.c - reading an mbox or MMDF file in big windows and finding
 * where its messages are.
 *
 * Why reads and not mmap: a mapped file that another program truncates
 * kills us with SIGBUS, and every mapped page we touch counts in our
 * resident size (a 2 GB folder would look like 2 GB of memory). A window
 * of a few MB refilled by pread costs one copy from the page cache and
 * one system call per window, never one per message.
 *
 * A separator is a From_ line (mbox_is_from) that begins the data or
 * follows a blank line ("\n\n" or "\r\n\r\n"); "From " anywhere else is
 * body text. The property is local, so threads can each take a part of the
 * file and find the same separators a single pass would.
 */
#include "mx/mbox-private.h"

void mbox_reader_init(struct mbox_reader *r, int fd, uint64_t end, size_t window)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->end = end;
	r->window = window;
}

void mbox_reader_release(struct mbox_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = r->len = 0;
}

const char *mbox_reader_at(struct mbox_reader *r, uint64_t off, size_t want, size_t *avail)
{
	uint64_t left = off < r->end ? r->end - off : 0;
	size_t need = (size_t)MIN((uint64_t)want, left), n;

	if (off >= r->base && off - r->base <= r->len && r->len - (off - r->base) >= need) {
		*avail = r->len - (size_t)(off - r->base);
		return r->buf + (off - r->base);
	}
	n = (size_t)MIN((uint64_t)MAX(want, r->window), left);
	if (n + 1 > r->cap) {
		free(r->buf);
		r->cap = n + 1;
		r->buf = xmalloc(r->cap);
	}
	r->base = off;
	r->len = 0;
	while (r->len < n) {
		ssize_t got = pread(r->fd, r->buf + r->len, n - r->len, (off_t)(off + r->len));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			/* shorter than it was: the caller sees fewer bytes than it asked for */
			r->error = got < 0 ? errno : EIO;
			if (r->len < need)
				return *avail = 0, NULL;
			break;
		}
		r->len += (size_t)got;
	}
	*avail = r->len;
	return r->buf;
}

/* Is the From_ line that starts at s a valid one? Reads it through r (which it may refill). */
static bool from_line_at(struct mbox_reader *r, uint64_t s, int64_t *received)
{
	size_t avail, next, len;
	const char *p = mbox_reader_at(r, s, MBOX_LINE_MAX + 2, &avail);

	if (!p)
		return false;
	avail = MIN(avail, (size_t)MBOX_LINE_MAX + 2);
	len = mbox_line(p, avail, &next);
	/* no line ending within the cap, and not at the end of the file: too long */
	if (next == avail && s + avail < r->end && p[avail - 1] != '\n')
		return false;
	return mbox_is_from(p, len, received, NULL, NULL);
}

/* Is the line at s exactly an MMDF separator? */
static bool mmdf_line_at(struct mbox_reader *r, uint64_t s)
{
	size_t avail, next, len;
	const char *p = mbox_reader_at(r, s, 8, &avail);

	if (!p)
		return false;
	len = mbox_line(p, MIN(avail, (size_t)8), &next);
	return mbox_is_mmdf_sep(p, len) && (next > len || s + avail >= r->end);
}

/* Is there a blank line just before p? (`back` bytes before p are readable.) */
static bool blank_before(const char *p, size_t back)
{
	if (back < 1 || p[-1] != '\n')
		return false;
	if (back < 2 || p[-2] == '\n')
		return true;
	return p[-2] == '\r' && (back < 3 || p[-3] == '\n');
}

enum sep_kind {
	SEP_MBOX,      /* a From_ line after a blank line */
	SEP_MBOX_LINE, /* a From_ line at the start of any line (the first message) */
	SEP_MMDF,      /* an MMDF separator line */
};

/*
 * Does the candidate at p + at (file offset s) pass? p has `at` bytes before
 * it in the window; the test may refill the window, so callers look again.
 */
static bool candidate_ok(struct mbox_reader *r, enum sep_kind k, const char *p, size_t at,
			 uint64_t s)
{
	switch (k) {
	case SEP_MBOX:
		return (s == 0 || blank_before(p + at, at)) && from_line_at(r, s, NULL);
	case SEP_MBOX_LINE:
		return (s == 0 || (at && p[at - 1] == '\n')) && from_line_at(r, s, NULL);
	case SEP_MMDF:
		return (s == 0 || (at && p[at - 1] == '\n')) && mmdf_line_at(r, s);
	}
	return false;
}

/*
 * The first separator of kind k at or after from, or r->end; *nl gets the
 * LF bytes in between. Candidates are found with memmem on a needle that
 * every separator contains at a fixed place: "\nFrom " (the F is the
 * separator) or "\1\1\1\1".
 */
static uint64_t scan(struct mbox_reader *r, uint64_t from, enum sep_kind k, uint64_t *nl)
{
	const char *needle = k == SEP_MMDF ? "\001\001\001\001" : "\nFrom ";
	size_t nlen = strlen(needle), lead = k == SEP_MMDF ? 0 : 1;
	uint64_t pos = from, counted = from, lines = 0;

	if (from == 0 && k != SEP_MMDF && from_line_at(r, 0, NULL))
		goto out;
	while (pos < r->end) {
		size_t lb = (size_t)MIN(pos, (uint64_t)3), avail, i = 0;
		uint64_t base = pos - lb;
		const char *p = mbox_reader_at(r, base, 64, &avail), *hit;
		bool again = false;

		if (!p)
			break;
		while (!again && i < avail && (hit = memmem(p + i, avail - i, needle, nlen))) {
			size_t at = (size_t)(hit - p) + lead;
			uint64_t s = base + at;
			i = (size_t)(hit - p) + 1;
			if (s < pos)
				continue;
			lines += mbox_count_lines(p + (counted - base), (size_t)(s - counted));
			counted = s;
			if (candidate_ok(r, k, p, at, s)) {
				pos = s;
				goto out;
			}
			/* the window may have moved: carry on from just after s */
			pos = s + 1;
			again = true;
		}
		if (again)
			continue;
		uint64_t wend = base + avail;
		uint64_t npos = wend >= r->end ? r->end : MAX(pos + 1, wend - (nlen - 1));
		lines += mbox_count_lines(p + (counted - base), (size_t)(npos - counted));
		counted = pos = npos;
	}
	pos = r->end;
out:
	if (nl)
		*nl = lines;
	return pos;
}

uint64_t mbox_next_sep(struct mbox_reader *r, uint64_t from, uint64_t *nl)
{
	return scan(r, from, SEP_MBOX, nl);
}

uint64_t mbox_first_sep(struct mbox_reader *r, enum mx_type type)
{
	return scan(r, 0, type == MX_MMDF ? SEP_MMDF : SEP_MBOX_LINE, NULL);
}

/* The LF before the blank line may be the From_ line's own. */
uint64_t mbox_content_end(struct mbox_reader *r, uint64_t start, uint64_t body, uint64_t end)
{
	size_t lb = (size_t)MIN(end - start, (uint64_t)3), avail;
	const char *p = mbox_reader_at(r, end - lb, lb, &avail);
	uint64_t ce = end;

	if (!p || lb == 0)
		return end;
	p += lb;
	if (lb >= 2 && p[-1] == '\n' && p[-2] == '\n')
		ce = end - 1;
	else if (lb >= 3 && p[-1] == '\n' && p[-2] == '\r' && p[-3] == '\n')
		ce = end - 2;
	return MAX(ce, body);
}

/* The line at off: its length with line ending (to the end of the data when it has none). */
static size_t line_len_at(struct mbox_reader *r, uint64_t off)
{
	size_t avail, next;
	const char *p = mbox_reader_at(r, off, MBOX_LINE_MAX + 2, &avail);

	if (!p || !avail)
		return 0;
	mbox_line(p, MIN(avail, (size_t)MBOX_LINE_MAX + 2), &next);
	return next;
}

void mbox_span_head(struct mbox_reader *r, uint64_t start, struct mbox_span *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->start = start;
	from_line_at(r, start, &sp->received);
	sp->body = MIN(start + line_len_at(r, start), r->end);
}

void mbox_span_tail(struct mbox_reader *r, struct mbox_span *sp, uint64_t from, uint64_t nl)
{
	if (sp->body > sp->end)
		sp->body = sp->end;
	sp->content_end = mbox_content_end(r, sp->start, sp->body, sp->end);
	if (sp->content_end < sp->end && nl > 0 && from <= sp->content_end)
		nl--; /* the blank line's LF */
	sp->lines = (uint32_t)MIN(nl, (uint64_t)UINT32_MAX);
}

static void span_mbox(struct mbox_reader *r, uint64_t start, struct mbox_span *sp)
{
	uint64_t nl = 0;

	mbox_span_head(r, start, sp);
	sp->end = mbox_next_sep(r, sp->body, &nl);
	mbox_span_tail(r, sp, sp->body, nl);
}

static void span_mmdf(struct mbox_reader *r, uint64_t start, struct mbox_span *sp)
{
	uint64_t nl = 0, after;
	size_t avail, next, len;
	const char *p;

	sp->body = start + line_len_at(r, start);
	/* mutt writes a From_ line after the separator: the delivery time */
	p = mbox_reader_at(r, sp->body, MBOX_LINE_MAX + 2, &avail);
	if (p && avail) {
		avail = MIN(avail, (size_t)MBOX_LINE_MAX + 2);
		len = mbox_line(p, avail, &next);
		if (mbox_is_from(p, len, &sp->received, NULL, NULL))
			sp->body += next;
	}
	sp->content_end = scan(r, sp->body, SEP_MMDF, &nl);
	sp->lines = (uint32_t)MIN(nl, (uint64_t)UINT32_MAX);
	after = sp->content_end + line_len_at(r, sp->content_end);
	sp->end = after >= r->end ? r->end : scan(r, after, SEP_MMDF, NULL);
}

void mbox_span_at(struct mbox_reader *r, enum mx_type type, uint64_t start, struct mbox_span *sp)
{
	if (type == MX_MMDF) {
		memset(sp, 0, sizeof(*sp));
		sp->start = start;
		span_mmdf(r, start, sp);
	} else {
		span_mbox(r, start, sp);
	}
}

bool mbox_appended_at(struct mbox_reader *r, enum mx_type type, uint64_t old_end, uint64_t *first)
{
	uint64_t q = old_end;

	/* an appender first completes the blank line (or MMDF line) the old data lacked */
	for (int pad = 0; pad <= 2 && q < r->end; pad++) {
		size_t lb = (size_t)MIN(q, (uint64_t)3), avail;
		const char *p = mbox_reader_at(r, q - lb, lb + 2, &avail);
		if (!p)
			return false;
		p += lb;
		avail -= lb;
		bool ok = type == MX_MMDF
				  ? (q == 0 || p[-1] == '\n') && mmdf_line_at(r, q)
				  : (q == 0 || blank_before(p, lb)) && from_line_at(r, q, NULL);
		if (ok) {
			*first = q;
			return true;
		}
		if (avail >= 1 && p[0] == '\n')
			q += 1;
		else if (avail >= 2 && p[0] == '\r' && p[1] == '\n')
			q += 2;
		else
			return false;
	}
	return false;
}
