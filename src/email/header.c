/*
 * header.c - split an RFC 5322 header block into fields, in one pass and
 * without copying: fields point into the caller's buffer.
 *
 * Leniency (see doc/internals/email.md): bare LF line endings, "Name :"
 * (obsolete syntax), mbox "From " and ">From " lines inside the header block
 * (MH and some MTAs leave them there; like mutt we skip them), any line
 * length, a continuation line before any field (kept as a nameless field),
 * and a missing blank line before the body: a line that is not a field
 * ends the headers and is kept as the first body line.
 */
#include "email/email.h"

/* End of the line starting at p: the position of its '\n', or end. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

/* Length of the line without its CR (if the line ended in CRLF). */
static size_t content_len(const char *p, const char *eol)
{
	size_t n = (size_t)(eol - p);
	if (n && p[n - 1] == '\r')
		n--;
	return n;
}

/*
 * If (p, n) is a field line, return the length of its name (before any
 * obsolete white space and the colon) and set *colon; otherwise 0.
 */
static size_t field_name(const char *p, size_t n, size_t *colon, unsigned *defects)
{
	size_t i = 0, name_end;
	bool odd = false;

	while (i < n && p[i] != ':' && !is_wsp((unsigned char)p[i])) {
		unsigned char c = (unsigned char)p[i];
		if (c < 33 || c > 126)
			odd = true;
		i++;
	}
	name_end = i;
	while (i < n && is_wsp((unsigned char)p[i]))
		i++;
	if (i >= n || p[i] != ':' || name_end == 0)
		return 0;
	if (odd)
		*defects |= DEFECT_BAD_HEADER_NAME;
	*colon = i;
	return name_end;
}

static bool is_from_line(const char *p, size_t n)
{
	return (n >= 5 && memcmp(p, "From ", 5) == 0) || (n >= 6 && memcmp(p, ">From ", 6) == 0);
}

int headers_parse(const char *data, size_t len, struct header_list *out)
{
	const char *p = data, *end = data + len;
	struct header_field *last = NULL;

	out->n = 0;
	out->defects = 0;
	out->body_offset = len;
	if (!len)
		out->defects |= DEFECT_EMPTY_MESSAGE;
	while (p < end) {
		const char *eol = line_end(p, end);
		const char *next = eol < end ? eol + 1 : end;
		size_t n = content_len(p, eol), colon, name_len;

		if (n == 0) { /* the blank line */
			out->body_offset = (size_t)(next - data);
			break;
		}
		if (is_wsp((unsigned char)*p) && last) {
			/* A continuation: the value now runs to the end of this line. */
			last->value_len = (size_t)(p + n - last->value);
		} else if (is_wsp((unsigned char)*p) && out->n == 0) {
			/*
			 * A continuation with nothing to continue, at the very top: keep it
			 * as a nameless field (shown with the full headers, ignored
			 * otherwise) rather than turn every real field after it into body.
			 */
			out->defects |= DEFECT_BAD_HEADER_NAME;
			ALLOC_GROW(out->v, out->n + 1, out->cap);
			last = &out->v[out->n++];
			*last = (struct header_field){ p, 0, p, n };
		} else if ((name_len = field_name(p, n, &colon, &out->defects)) != 0) {
			if (out->n >= EMAIL_MAX_HEADERS) {
				out->defects |= DEFECT_HEADER_LIMIT | DEFECT_NO_BODY_SEPARATOR;
				out->body_offset = (size_t)(p - data);
				break;
			}
			ALLOC_GROW(out->v, out->n + 1, out->cap);
			last = &out->v[out->n++];
			last->name = p;
			last->name_len = name_len;
			const char *v = p + colon + 1, *vend = p + n;
			/* Skip leading white space, also across folds ("Subject:\r\n  text"). */
			while (v < vend && is_wsp((unsigned char)*v))
				v++;
			last->value = v;
			last->value_len = (size_t)(vend - v);
		} else if (is_from_line(p, n)) {
			/* Envelope lines left by mbox/MH: not content, not a field. */
		} else {
			out->defects |= DEFECT_NO_BODY_SEPARATOR;
			out->body_offset = (size_t)(p - data);
			break;
		}
		p = next;
	}
	/* A value that began with a fold: move past the leading line break. */
	for (size_t i = 0; i < out->n; i++) {
		struct header_field *f = &out->v[i];
		while (f->value_len && is_space((unsigned char)*f->value)) {
			f->value++;
			f->value_len--;
		}
	}
	return out->defects ? ERR_PARSE : 0;
}

void header_list_release(struct header_list *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

const struct header_field *header_find(const struct header_list *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (mem_eq_ci(h->v[i].name, h->v[i].name_len, name))
			return &h->v[i];
	return NULL;
}

void header_unfold(const char *value, size_t len, struct buf *out)
{
	const char *p = value, *end = value + len;

	buf_grow(out, len);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);
		/* Drop the CR of a CRLF; a lone CR elsewhere is kept (and shown). */
		if (nl && n && stop[-1] == '\r')
			n--;
		buf_add(out, p, n);
		p = nl ? nl + 1 : end;
	}
}
