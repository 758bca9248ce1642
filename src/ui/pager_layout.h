/*
 * pager_layout.h - one message as the pager's display lines: text plus
 * colour spans, without curses (the pager screen draws them).
 *
 * A document keeps the message's logical lines (one per header field, one
 * per body line as src/mime's renderer gives it) with their colours:
 *
 * - headers: decoded (RFC 2047, addresses for display), weeded by
 *   ignore/unignore when $weed is set and ordered by hdr_order, or all of
 *   them in their order with PAGER_FULL_HEADERS (mutt's toggle-full-header);
 *   CO_HDRDEFAULT, or CO_HEADER with the `color header` rule that matched
 *   (the whole line, or only the matches when $header_color_partial is set);
 * - body: CO_QUOTED lines (by $quote_regexp, level = number of quote
 *   characters less one), CO_SIGNATURE from a "-- " line, CO_ATTACHMENT for
 *   the renderer's "[-- ... --]" lines, and CO_BODY spans where a
 *   `color body` regex matches (on normal and quoted lines, as mutt does).
 *
 * pager_doc_layout then cuts the logical lines into display lines for a
 * width: by grapheme cluster, at a blank when $smart_wrap is set, each
 * continuation starting with a "+" (CO_MARKERS) when $markers is set,
 * within $wrap; tabs become spaces up to the next multiple of 8 columns.
 * Control characters stay in the text (the drawing code shows them as ^X)
 * and count as text_width counts them.
 *
 * Spans of a display line are ordered and do not overlap; bytes outside
 * every span are CO_NORMAL. Search matches (pager_doc_search) are CO_SEARCH
 * spans laid over the others.
 */
#ifndef TERN_UI_PAGER_LAYOUT_H
#define TERN_UI_PAGER_LAYOUT_H

#include "ui/style.h"

struct pager_doc;

enum pager_flags {
	PAGER_FULL_HEADERS = 1 << 0, /* every header field, in the message's order */
	PAGER_MONO = 1 << 1,         /* use the `mono` header/body rules, not `color` */
	PAGER_HIDE_QUOTED = 1 << 2,  /* leave quoted lines out (mutt's toggle-quoted) */
	PAGER_PARTIAL = 1 << 3,      /* the backend left parts out (MX_READ_PARTIAL) */
};

/* One display line. Pointers stay valid until the next layout or search. */
struct pager_line {
	const char *text; /* UTF-8, NUL-terminated, no line break (may hold controls) */
	size_t len;
	const struct ui_span *spans; /* ordered, non-overlapping; gaps are CO_NORMAL */
	size_t nspans;
	size_t logical;    /* the logical line it belongs to */
	bool continuation; /* a wrapped part after the first (begins with the marker if any) */
	bool header;       /* part of the header block */
	bool quoted;       /* a quoted body line */
	bool match;        /* holds a CO_SEARCH span */
};

/* "No line" for pager_doc_find. */
#define PAGER_NONE SIZE_MAX

/*
 * Build the document of the raw message (msg, len) with cfg's settings
 * (not NULL; it must outlive the document) and enum pager_flags. The body
 * is rendered by src/mime (render_message_cfg). Not laid out yet: call
 * pager_doc_layout. Returns a new document (free with pager_doc_free).
 */
struct pager_doc *pager_doc_new(const char *msg, size_t len, const struct config *cfg,
				unsigned flags);
void pager_doc_free(struct pager_doc **doc);

/*
 * Cut the logical lines into display lines for a screen cols columns wide
 * (less than 1 counts as 1). Cheap when neither the width nor $wrap,
 * $smart_wrap and $markers changed since the last layout. Returns 0.
 */
int pager_doc_layout(struct pager_doc *doc, int cols);

/* The number of display lines, and one of them (NULL when i is out of range). */
size_t pager_doc_lines(const struct pager_doc *doc);
const struct pager_line *pager_doc_line(const struct pager_doc *doc, size_t i);

/* The number of logical lines, and the text of one (header field or body line). */
size_t pager_doc_logical_lines(const struct pager_doc *doc);
const char *pager_doc_logical(const struct pager_doc *doc, size_t i, size_t *len);

/*
 * Mark every match of re (NULL: clear the marks) with CO_SEARCH spans, in
 * logical lines (a match may run across a wrap), and lay out again at the
 * current width. The caller keeps re (compiled without REG_NOSUB: the
 * match offsets are used). Returns the number of display lines holding a
 * match (0 before the first layout: the marks are kept for it).
 */
size_t pager_doc_search(struct pager_doc *doc, const regex_t *re);

/*
 * The next display line after `from` (backward: before it) holding a
 * match, or PAGER_NONE. No wrapping: from = PAGER_NONE searches forward
 * from the first line, from = pager_doc_lines() backward from the last.
 */
size_t pager_doc_find(const struct pager_doc *doc, size_t from, bool backward);

/*
 * mutt's skip-quoted from the display line `top` (the first one shown):
 * from within the headers, the first line after them; else the first line
 * after the next run of quoted lines, less $pager_skip_quoted_context lines
 * of that run. Returns the new top line, or PAGER_NONE with *found_quoted
 * (when not NULL) telling which message mutt gives: false "No more quoted
 * text.", true "No more unquoted text after quoted text.".
 */
size_t pager_doc_skip_quoted(const struct pager_doc *doc, size_t top, bool *found_quoted);

#endif /* TERN_UI_PAGER_LAYOUT_H */
