/*
 * pager_layout_int.h - what the files of the pager layout share: the
 * document, its logical lines, and span lists.
 */
#ifndef TERN_UI_PAGER_LAYOUT_INT_H
#define TERN_UI_PAGER_LAYOUT_INT_H

#include "ui/pager_layout.h"

/* A growing list of spans. */
struct span_vec {
	struct ui_span *v;
	size_t n, cap;
};

/* One header field or body line: its text and colour spans (by offset into the doc's lists). */
struct pl_logical {
	size_t off, len;         /* in doc->text, NUL-terminated there */
	size_t span_off, nspans; /* colours, in doc->spans */
	size_t all_off, nall;    /* colours and search matches, in doc->all (when searching) */
	bool header;
	bool quoted;
};

struct pager_doc {
	const struct config *cfg;
	unsigned flags;
	struct buf text; /* the logical lines, each followed by a NUL */
	struct pl_logical *lines;
	size_t n, cap;
	struct span_vec spans;
	struct span_vec all;
	bool searching;
	/* the display lines of the last layout */
	int cols;
	unsigned long settings; /* $wrap, $smart_wrap and $markers of that layout (pl_settings) */
	struct buf dtext;
	struct span_vec dspans;
	struct pager_line *dl;
	size_t ndl, capdl;
};

/* Append span [start, end) (empty spans are dropped). */
void spanv_add(struct span_vec *sv, size_t start, size_t end, int object, int level, int rule);
void spanv_release(struct span_vec *sv);
/*
 * Append to out the spans of a laid over by those of b (both ordered and
 * non-overlapping): a's spans are cut where b's cover them.
 */
void spanv_overlay(const struct ui_span *a, size_t na, const struct ui_span *b, size_t nb,
		   struct span_vec *out);
/*
 * One regex match in s[from, len), offsets from s (glibc's REG_STARTEND,
 * so NUL bytes do not end the text and '^' only matches at s). False when
 * there is none.
 */
bool pl_match(const regex_t *re, const char *s, size_t from, size_t len, regmatch_t *m);
/* Every non-empty match of re in (s, len), leftmost first, as spans of object. */
void pl_all_matches(const regex_t *re, const char *s, size_t len, int object, struct span_vec *out);

/* The colours of the logical line i of doc (header or body classification is done). */
void pl_color_header(struct pager_doc *doc, size_t i);
void pl_color_body(struct pager_doc *doc, size_t i, int object, int level);

/* The spans of logical line i in effect (with search matches when searching). */
const struct ui_span *pl_line_spans(const struct pager_doc *doc, size_t i, size_t *n);

/* The variables a layout depends on, packed, to tell when they change. */
unsigned long pl_settings(const struct config *cfg);
/* Build the display lines for cols (pager_layout_wrap.c). */
void pl_layout(struct pager_doc *doc, int cols);

#endif /* TERN_UI_PAGER_LAYOUT_INT_H */
