/*
 * flowed.c - format=flowed (RFC 3676) for reading, as mutt's rfc3676.c
 * shows it: quote marks counted and written back as "> " per level
 * ($reflow_space_quotes), space-stuffing removed, flowed lines joined into
 * paragraphs and the paragraphs wrapped at the width less the quote
 * marks. The signature separator "-- " is never joined.
 */
#include "mime/internal.h"

struct para {
	struct buf text;
	size_t quotes;
	bool open; /* the last line was flowed: the next one joins */
};

static void add_prefix(size_t quotes, struct buf *out)
{
	for (size_t i = 0; i < quotes; i++)
		buf_addstr(out, "> ");
}

/* At a wrap the spaces that separated the words go; elsewhere the line stays as written ("-- "). */
static void end_line(struct buf *out, size_t line_start, bool wrapped)
{
	size_t n = out->len;

	while (wrapped && n > line_start && out->data[n - 1] == ' ')
		n--;
	buf_setlen(out, n);
	buf_addch(out, '\n');
}

/* Wrap one paragraph greedily by words: a word wider than the line gets a line of its own. */
static void flush(struct para *p, size_t width, struct buf *out)
{
	const char *s = p->text.data;
	size_t len = p->text.len, i = 0, used = 0, line_start = out->len;
	size_t avail = width > p->quotes + 1 + 10 ? width - (p->quotes + 1) : width;

	add_prefix(p->quotes, out);
	while (i < len) {
		size_t w_end = i, sp_end;
		while (w_end < len && s[w_end] != ' ')
			w_end++;
		sp_end = w_end;
		while (sp_end < len && s[sp_end] == ' ')
			sp_end++;
		size_t ww = text_width(s + i, w_end - i);
		if (width && used > 0 && used + ww > avail) {
			end_line(out, line_start, true);
			line_start = out->len;
			add_prefix(p->quotes, out);
			used = 0;
		}
		buf_add(out, s + i, sp_end - i);
		used += ww + (sp_end - w_end);
		i = sp_end;
	}
	/* a paragraph cut short by a change of quote depth ends in its soft space */
	end_line(out, line_start, p->open);
	buf_reset(&p->text);
	p->open = false;
}

void flowed_format(const char *text, size_t len, bool delsp, size_t width, struct buf *out)
{
	struct para p = { BUF_INIT, 0, false };
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, q = 0, c;
		bool flowed;

		c = pos;
		if (end > c && text[end - 1] == '\r')
			end--;
		while (c < end && text[c] == '>')
			c++, q++;
		if (c < end && text[c] == ' ')
			c++; /* space-stuffing, or the space after the quote marks */
		flowed = end > c && text[end - 1] == ' ' &&
			 !(end - c == 3 && memcmp(text + c, "-- ", 3) == 0);
		if (p.open && q != p.quotes)
			flush(&p, width, out);
		p.quotes = q;
		buf_add(&p.text, text + c, end - c - (flowed && delsp ? 1 : 0));
		/* mutt prints a fixed line that continues no paragraph as it is, unwrapped */
		if (!flowed)
			flush(&p, p.open ? width : 0, out);
		p.open = flowed;
		pos = nl ? (size_t)(nl - text) + 1 : len;
	}
	if (p.open)
		flush(&p, width, out);
	buf_release(&p.text);
}
