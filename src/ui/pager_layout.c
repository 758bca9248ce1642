/*
 * pager_layout.c - a message as the pager's logical lines: the header
 * fields (weeded and ordered, or all of them), the body as src/mime renders
 * it, each line with its colours; and the search marks.
 */
#include "ui/pager_layout_int.h"

#include "mime/mime.h"

/* ---- logical lines ----------------------------------------------------------- */

static size_t add_logical(struct pager_doc *doc, const char *s, size_t len, bool header)
{
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 64;
		doc->lines = xreallocarray(doc->lines, doc->cap, sizeof(*doc->lines));
	}
	doc->lines[doc->n] =
		(struct pl_logical){ .off = doc->text.len, .len = len, .header = header };
	buf_add(&doc->text, s, len);
	buf_addch(&doc->text, '\0'); /* so that each line is a C string for the regex rules */
	return doc->n++;
}

/*
 * ---- the header block -------------------------------------------------------
 *
 * src/mime writes the header block as one text, where a decoded value may
 * hold line breaks; the pager needs one line per field, so it asks src/mime
 * for the fields shown and writes them one by one the same way.
 */

/* The fields shown, in order, as "Name: value" lines (a value may hold controls, even '\n'). */
struct hdr_lines {
	struct buf text;
	size_t *ends;
	size_t n;
};

/* The header fields shown: weeded and in hdr_order, or (full) all in their order, as mutt does. */
static void header_lines(const struct config *cfg, const struct header_list *h, bool full,
			 struct hdr_lines *hl)
{
	size_t *idx = xreallocarray(NULL, h->n ? h->n : 1, sizeof(*idx));
	size_t n = render_header_order(h, cfg, full, idx);

	hl->ends = xreallocarray(hl->ends, n ? n : 1, sizeof(*hl->ends));
	for (size_t k = 0; k < n; k++) {
		render_header_field(&h->v[idx[k]], &hl->text);
		hl->ends[hl->n++] = hl->text.len;
		buf_addch(&hl->text, '\n');
	}
	free(idx);
}

static void hdr_lines_release(struct hdr_lines *hl)
{
	buf_release(&hl->text);
	free(hl->ends);
}

static void add_headers(struct pager_doc *doc, const struct hdr_lines *hl)
{
	size_t start = 0;

	for (size_t k = 0; k < hl->n; k++) {
		size_t i = add_logical(doc, hl->text.data + start, hl->ends[k] - start, true);

		pl_color_header(doc, i);
		start = hl->ends[k] + 1;
	}
}

/*
 * Where the body starts in the renderer's text: after the header block it
 * wrote (the same fields as hl) and its blank line. Should the renderer
 * ever write them otherwise, after the first blank line.
 */
static size_t body_start(const struct buf *r, const struct hdr_lines *hl)
{
	const char *blank;

	if (r->len > hl->text.len && memcmp(r->data, hl->text.data, hl->text.len) == 0 &&
	    r->data[hl->text.len] == '\n')
		return hl->text.len + 1;
	if (r->len && r->data[0] == '\n')
		return 1;
	blank = memmem(r->data, r->len, "\n\n", 2);
	return blank ? (size_t)(blank - r->data) + 2 : r->len;
}

/* ---- the body ----------------------------------------------------------------- */

/* Whether the line at offset off of the rendering is one of tern's "[-- ... --]" lines. */
static bool is_attachment_line(const struct render_marks *marks, size_t *next, size_t off)
{
	while (*next < marks->n && marks->at[*next] < off)
		(*next)++;
	return *next < marks->n && marks->at[*next] == off;
}

/*
 * The quoting depth of a line, 0-based, or -1: one level per quote
 * character that $quote_regexp matched. As in mutt, a $smileys match is not
 * quoting: a line that starts with one is not quoted, and otherwise only the
 * text before it is tried.
 */
static int quote_level(const struct pager_doc *doc, const char *s, size_t len)
{
	const regex_t *quote = cfg_regex(doc->cfg, V_quote_regexp, NULL);
	const regex_t *smileys = cfg_regex(doc->cfg, V_smileys, NULL);
	regmatch_t m, sm;
	int chars = 0;

	if (!quote || !pl_match(quote, s, 0, len, &m))
		return -1;
	if (smileys && pl_match(smileys, s, 0, len, &sm) &&
	    (sm.rm_so == 0 || !pl_match(quote, s, 0, (size_t)sm.rm_so, &m)))
		return -1;
	for (regoff_t k = m.rm_so; k < m.rm_eo; k++) {
		unsigned char c = (unsigned char)s[k];

		/* count characters, not bytes: UTF-8 continuation bytes are skipped */
		if (c != ' ' && c != '\t' && (c & 0xc0) != 0x80 && chars < COLOR_QUOTED_MAX)
			chars++;
	}
	return chars ? chars - 1 : -1;
}

/* The body (s, len), which starts at offset base of the rendering that marks describes. */
static void add_body(struct pager_doc *doc, const char *s, size_t len,
		     const struct render_marks *marks, size_t base)
{
	bool sig = false;
	size_t pos = 0, mark = 0;

	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t i = add_logical(doc, s + pos, end - pos, false);
		const char *t = doc->text.data + doc->lines[i].off;
		int level;

		if (is_attachment_line(marks, &mark, base + pos)) {
			sig = false; /* a signature ends with its part */
			pl_color_body(doc, i, CO_ATTACHMENT, 0);
		} else if (sig || (end - pos == 3 && memcmp(t, "-- ", 3) == 0)) {
			sig = true;
			pl_color_body(doc, i, CO_SIGNATURE, 0);
		} else if ((level = quote_level(doc, t, end - pos)) >= 0) {
			doc->lines[i].quoted = true;
			pl_color_body(doc, i, CO_QUOTED, level);
		} else {
			pl_color_body(doc, i, CO_NORMAL, 0);
		}
		pos = end + 1;
	}
}

/* ---- the document ------------------------------------------------------------- */

struct pager_doc *pager_doc_new(const char *msg, size_t len, const struct config *cfg,
				unsigned flags)
{
	struct pager_doc *doc = xcalloc(1, sizeof(*doc));
	struct header_list h = { 0 };
	struct hdr_lines weeded = { BUF_INIT, NULL, 0 }, full = { BUF_INIT, NULL, 0 };
	struct buf r = BUF_INIT;
	struct render_marks marks = { 0 };
	size_t body;

	doc->cfg = cfg;
	doc->flags = flags;
	buf_init(&doc->text, len + 64);
	buf_init(&doc->dtext, 0);
	headers_parse(msg, len, &h);
	header_lines(cfg, &h, false, &weeded);
	if (flags & PAGER_FULL_HEADERS)
		header_lines(cfg, &h, true, &full);
	add_headers(doc, flags & PAGER_FULL_HEADERS ? &full : &weeded);
	marks.partial = (flags & PAGER_PARTIAL) != 0;
	render_message_marked(msg, len, cfg, &r, &marks);
	body = body_start(&r, &weeded);
	/* the blank line between headers and body, as mutt shows it */
	pl_color_body(doc, add_logical(doc, "", 0, false), CO_NORMAL, 0);
	add_body(doc, r.data + body, r.len - body, &marks, body);
	render_marks_release(&marks);
	buf_release(&r);
	hdr_lines_release(&weeded);
	hdr_lines_release(&full);
	header_list_release(&h);
	return doc;
}

void pager_doc_free(struct pager_doc **doc)
{
	struct pager_doc *d = *doc;

	if (!d)
		return;
	buf_release(&d->text);
	free(d->lines);
	spanv_release(&d->spans);
	spanv_release(&d->all);
	buf_release(&d->dtext);
	spanv_release(&d->dspans);
	free(d->dl);
	free(d);
	*doc = NULL;
}

int pager_doc_layout(struct pager_doc *doc, int cols)
{
	if (cols < 1)
		cols = 1;
	/* a `set` at the prompt may have changed how lines wrap */
	if (cols != doc->cols || !doc->dl || pl_settings(doc->cfg) != doc->settings)
		pl_layout(doc, cols);
	return 0;
}

size_t pager_doc_lines(const struct pager_doc *doc)
{
	return doc->ndl;
}

const struct pager_line *pager_doc_line(const struct pager_doc *doc, size_t i)
{
	return i < doc->ndl ? &doc->dl[i] : NULL;
}

size_t pager_doc_logical_lines(const struct pager_doc *doc)
{
	return doc->n;
}

const char *pager_doc_logical(const struct pager_doc *doc, size_t i, size_t *len)
{
	if (i >= doc->n)
		return NULL;
	if (len)
		*len = doc->lines[i].len;
	return doc->text.data + doc->lines[i].off;
}

size_t pager_doc_skip_quoted(const struct pager_doc *doc, size_t top, bool *found_quoted)
{
	size_t i = top, run = 0;
	long context = cfg_num(doc->cfg, V_pager_skip_quoted_context);

	if (found_quoted)
		*found_quoted = false;
	if (i < doc->ndl && doc->dl[i].header) {
		while (i < doc->ndl && doc->dl[i].header)
			i++;
		return i < doc->ndl ? i : PAGER_NONE;
	}
	while (i < doc->ndl && !doc->dl[i].quoted)
		i++;
	if (i == doc->ndl)
		return PAGER_NONE;
	if (found_quoted)
		*found_quoted = true;
	for (; i < doc->ndl && doc->dl[i].quoted; i++)
		run++;
	if (i == doc->ndl)
		return PAGER_NONE;
	/* some lines of the quote stay in view, as $pager_skip_quoted_context asks */
	return i - MIN(run, context > 0 ? (size_t)context : 0);
}

/* ---- search --------------------------------------------------------------------- */

size_t pager_doc_search(struct pager_doc *doc, const regex_t *re)
{
	struct span_vec found = { 0 };
	size_t hits = 0;

	doc->all.n = 0;
	doc->searching = re != NULL;
	for (size_t i = 0; re && i < doc->n; i++) {
		struct pl_logical *l = &doc->lines[i];

		found.n = 0;
		pl_all_matches(re, doc->text.data + l->off, l->len, CO_SEARCH, &found);
		l->all_off = doc->all.n;
		spanv_overlay(doc->spans.v + l->span_off, l->nspans, found.v, found.n, &doc->all);
		l->nall = doc->all.n - l->all_off;
	}
	spanv_release(&found);
	if (doc->cols > 0)
		pl_layout(doc, doc->cols);
	for (size_t i = 0; i < doc->ndl; i++)
		hits += doc->dl[i].match;
	return hits;
}

size_t pager_doc_find(const struct pager_doc *doc, size_t from, bool backward)
{
	if (backward) {
		for (size_t i = MIN(from, doc->ndl); i-- > 0;)
			if (doc->dl[i].match)
				return i;
		return PAGER_NONE;
	}
	/* from + 1 wraps PAGER_NONE to the first line */
	for (size_t i = from + 1; i < doc->ndl; i++)
		if (doc->dl[i].match)
			return i;
	return PAGER_NONE;
}
