/*
 * pager_layout_wrap.c - logical lines cut into display lines for a width:
 * by grapheme cluster (text_fit), at a blank with $smart_wrap, a "+" marker
 * before each continuation with $markers, within $wrap; tabs expanded to
 * the next multiple of 8 columns. Linear in the length of a line: each
 * display line measures only the bytes it takes.
 */
#include "ui/pager_layout_int.h"

#define TAB_STOP 8

/* A tab of the display line being built, and the spaces it became. */
struct tab {
	size_t pos;
	size_t spaces;
};

struct wrap {
	struct pager_doc *doc;
	size_t width; /* columns for text (and marker) */
	bool smart, markers;
	struct tab *tabs;
	size_t ntabs, captabs;
	size_t next_tab;     /* the next tab of the logical line at or after the current position */
	size_t *toff, *soff; /* each display line's text and span offsets */
};

/* The columns mutt gives the text: $wrap > 0 at most that, < 0 that much less (mutt_window_wrap_cols). */
static size_t text_cols(const struct config *cfg, int cols)
{
	long wrap = cfg_num(cfg, V_wrap);

	if (wrap < 0)
		return cols > -wrap ? (size_t)(cols + wrap) : (size_t)cols;
	if (wrap > 0 && wrap < cols)
		return (size_t)wrap;
	return (size_t)cols;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A blank that is a cluster of its own (not the base of a combining mark): a line may break at it. */
static bool lone_blank(const char *s, size_t i, size_t len)
{
	if (!is_blank(s[i]))
		return false;
	/* ASCII before ASCII is always a cluster boundary; else the next code point decides */
	return i + 1 == len || (unsigned char)s[i + 1] < 0x80 ||
	       text_fit(s + i, MIN(len - i, 16), 1, NULL) == 1;
}

/*
 * text_fit on a bounded prefix first, so that a long line costs what one
 * screen line holds, not its whole rest; the whole rest only when zero-width
 * text filled the prefix.
 */
static size_t fit_run(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t chunk = cols * 4 + 256;

	if (len > chunk) {
		size_t n = text_fit(s, chunk, cols, used);

		/* short of the prefix's end: stopped at a cluster boundary, not by the cut */
		if (n < chunk)
			return n;
	}
	return text_fit(s, len, cols, used);
}

/* One grapheme cluster at s[pos], for a width too narrow for it: a line must take something. */
static size_t one_cluster(const char *s, size_t pos, size_t len)
{
	size_t used;

	for (size_t cols = 1; cols <= 8; cols++) {
		size_t n = fit_run(s + pos, len - pos, cols, &used);

		if (n)
			return pos + n;
	}
	return pos + 1;
}

static void add_tab(struct wrap *w, size_t pos, size_t spaces)
{
	if (w->ntabs == w->captabs) {
		w->captabs = w->captabs ? w->captabs * 2 : 8;
		w->tabs = xreallocarray(w->tabs, w->captabs, sizeof(*w->tabs));
	}
	w->tabs[w->ntabs++] = (struct tab){ pos, spaces };
}

static size_t find_tab(const char *s, size_t from, size_t len)
{
	const char *t = from < len ? memchr(s + from, '\t', len - from) : NULL;

	return t ? (size_t)(t - s) : len;
}

/* How much of s[pos, len) fits from column col to the width; tabs are recorded in w->tabs. */
static size_t fit(struct wrap *w, const char *s, size_t pos, size_t len, size_t col)
{
	w->ntabs = 0;
	while (pos < len && col < w->width) {
		size_t used, seg;

		if (w->next_tab < pos)
			w->next_tab = find_tab(s, pos, len);
		seg = w->next_tab;
		if (seg > pos) {
			size_t n = fit_run(s + pos, seg - pos, w->width - col, &used);

			pos += n;
			col += used;
			if (pos < seg || pos == len || col >= w->width)
				break;
		}
		/* a tab: to the next stop, or to the edge when the stop is past it */
		used = MIN(TAB_STOP - col % TAB_STOP, w->width - col);
		add_tab(w, pos, used);
		col += used;
		pos++;
	}
	return pos;
}

/* $smart_wrap: end the line after its last blank that follows some text, if there is one. */
static size_t word_end(struct wrap *w, const char *s, size_t pos, size_t end, size_t len)
{
	size_t k = end;

	while (k > pos && !lone_blank(s, k - 1, len))
		k--;
	if (k == pos)
		return end; /* one long word: cut it */
	for (size_t b = k - 1; b > pos; b--)
		if (!is_blank(s[b - 1])) {
			while (w->ntabs && w->tabs[w->ntabs - 1].pos >= k)
				w->ntabs--;
			return k;
		}
	return end; /* only blanks before: cutting there would loop on an empty line */
}

static void grow_lines(struct wrap *w)
{
	struct pager_doc *doc = w->doc;

	if (doc->ndl < doc->capdl)
		return;
	doc->capdl = doc->capdl ? doc->capdl * 2 : 256;
	doc->dl = xreallocarray(doc->dl, doc->capdl, sizeof(*doc->dl));
	w->toff = xreallocarray(w->toff, doc->capdl, sizeof(*w->toff));
	w->soff = xreallocarray(w->soff, doc->capdl, sizeof(*w->soff));
}

/* Copy s[pos, end) with its tabs as spaces. */
static void copy_text(struct wrap *w, const char *s, size_t pos, size_t end)
{
	struct buf *out = &w->doc->dtext;

	for (size_t k = 0; k < w->ntabs; k++) {
		buf_add(out, s + pos, w->tabs[k].pos - pos);
		for (size_t n = 0; n < w->tabs[k].spaces; n++)
			buf_addch(out, ' ');
		pos = w->tabs[k].pos + 1;
	}
	buf_add(out, s + pos, end - pos);
}

/* Offsets of a logical line mapped into the display line; called with non-decreasing b. */
struct mapper {
	size_t pos, prefix, tab, extra;
};

static size_t map(const struct wrap *w, struct mapper *m, size_t b)
{
	while (m->tab < w->ntabs && w->tabs[m->tab].pos < b)
		m->extra += w->tabs[m->tab++].spaces - 1;
	return m->prefix + (b - m->pos) + m->extra;
}

/* The spans of the logical line that fall in [pos, end), clipped and moved; *si only advances. */
static bool copy_spans(struct wrap *w, const struct ui_span *sp, size_t nsp, size_t *si, size_t pos,
		       size_t end, size_t prefix)
{
	struct mapper m = { pos, prefix, 0, 0 };
	bool match = false;

	while (*si < nsp && sp[*si].end <= pos)
		(*si)++;
	for (size_t k = *si; k < nsp && sp[k].start < end; k++) {
		size_t a = map(w, &m, MAX(sp[k].start, pos));
		size_t b = map(w, &m, MIN(sp[k].end, end));

		spanv_add(&w->doc->dspans, a, b, sp[k].object, sp[k].level, sp[k].rule);
		match |= sp[k].object == CO_SEARCH;
	}
	return match;
}

/* One display line: bytes [pos, end) of logical line li, after a marker or not. */
struct piece {
	size_t li, pos, end;
	bool cont, mark;
};

static void emit(struct wrap *w, const struct piece *pc, const struct ui_span *sp, size_t nsp,
		 size_t *si)
{
	struct pager_doc *doc = w->doc;
	const char *s = doc->text.data + doc->lines[pc->li].off;
	struct pager_line *l;

	grow_lines(w);
	l = &doc->dl[doc->ndl];
	w->toff[doc->ndl] = doc->dtext.len;
	w->soff[doc->ndl] = doc->dspans.n;
	if (pc->mark) {
		buf_addch(&doc->dtext, '+');
		spanv_add(&doc->dspans, 0, 1, CO_MARKERS, 0, -1);
	}
	copy_text(w, s, pc->pos, pc->end);
	*l = (struct pager_line){
		.len = doc->dtext.len - w->toff[doc->ndl],
		.logical = pc->li,
		.continuation = pc->cont,
		.header = doc->lines[pc->li].header,
		.quoted = doc->lines[pc->li].quoted,
	};
	buf_addch(&doc->dtext, '\0');
	l->match = copy_spans(w, sp, nsp, si, pc->pos, pc->end, pc->mark);
	l->nspans = doc->dspans.n - w->soff[doc->ndl];
	doc->ndl++;
}

/* Where the display line that starts at pc->pos ends; may drop pc->mark. */
static size_t line_end(struct wrap *w, const char *s, size_t len, struct piece *pc)
{
	size_t pos = pc->pos, end = fit(w, s, pos, len, pc->mark);

	if (end == pos && pc->mark) {
		/* a wide character does not fit beside the marker: show it without */
		pc->mark = false;
		end = fit(w, s, pos, len, 0);
	}
	if (end == pos)
		return one_cluster(s, pos, len);
	if (end < len && w->smart && !lone_blank(s, end, len))
		return word_end(w, s, pos, end, len);
	return end;
}

static void wrap_line(struct wrap *w, size_t li)
{
	const struct pl_logical *lg = &w->doc->lines[li];
	const char *s = w->doc->text.data + lg->off;
	size_t len = lg->len, si = 0, nsp;
	const struct ui_span *sp = pl_line_spans(w->doc, li, &nsp);
	struct piece pc = { .li = li };

	w->next_tab = find_tab(s, 0, len);
	do {
		/* mutt drops the blanks a word wrap broke at */
		while (pc.cont && w->smart && pc.pos < len && lone_blank(s, pc.pos, len))
			pc.pos++;
		if (pc.cont && pc.pos == len)
			break;
		pc.mark = pc.cont && w->markers;
		w->ntabs = 0; /* an empty line has none, and fit is not asked */
		pc.end = pc.pos < len ? line_end(w, s, len, &pc) : pc.pos;
		emit(w, &pc, sp, nsp, &si);
		pc.pos = pc.end;
		pc.cont = true;
	} while (pc.pos < len);
}

unsigned long pl_settings(const struct config *cfg)
{
	return (unsigned long)cfg_num(cfg, V_wrap) << 2 |
	       (unsigned long)cfg_bool(cfg, V_smart_wrap) << 1 |
	       (unsigned long)cfg_bool(cfg, V_markers);
}

void pl_layout(struct pager_doc *doc, int cols)
{
	struct wrap w = { .doc = doc };

	doc->cols = cols;
	doc->settings = pl_settings(doc->cfg);
	w.width = text_cols(doc->cfg, cols);
	w.smart = cfg_bool(doc->cfg, V_smart_wrap);
	/* a marker needs a column beside the text */
	w.markers = cfg_bool(doc->cfg, V_markers) && w.width >= 2;
	doc->ndl = 0;
	buf_reset(&doc->dtext);
	doc->dspans.n = 0;
	if (doc->capdl) {
		w.toff = xreallocarray(NULL, doc->capdl, sizeof(*w.toff));
		w.soff = xreallocarray(NULL, doc->capdl, sizeof(*w.soff));
	}
	for (size_t i = 0; i < doc->n; i++)
		if (!(doc->lines[i].quoted && (doc->flags & PAGER_HIDE_QUOTED)))
			wrap_line(&w, i);
	/* the buffers are complete: now their addresses hold */
	for (size_t i = 0; i < doc->ndl; i++) {
		doc->dl[i].text = doc->dtext.data + w.toff[i];
		doc->dl[i].spans = doc->dspans.v + w.soff[i];
	}
	free(w.toff);
	free(w.soff);
	free(w.tabs);
}
