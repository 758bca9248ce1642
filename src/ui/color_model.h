/*
 * color_model.h - the colour rules of the config (color, mono) resolved to
 * styles, without curses: which style a plain object, a quoted level, an
 * index row (or a part of it) or a span of a header or body line gets.
 * The drawing code maps the styles to curses pairs itself.
 *
 * mutt's semantics (color.c, pager.c, doc/internals/ui.md):
 * - Without a rule an object keeps mutt's default: indicator, status,
 *   search and markers reverse, sidebar_highlight underline, bold and
 *   underline their attribute, sidebar_indicator the indicator's style;
 *   the rest the terminal's default colours.
 * - quotedN: when N is past the highest level defined, the levels cycle
 *   (N modulo highest + 1); a level below it without its own rule takes
 *   quoted's (quoted0's) style.
 * - index (and index_author, index_subject...): the most recent rule whose
 *   pattern matches the message wins; a part without a matching rule has
 *   the row's style.
 * - body (and header with $header_color_partial): from the start of the
 *   line, the match that starts first wins, then the longest, then the most
 *   recent rule; the next search starts where it ended (so the spans are
 *   ordered and do not overlap). header (without $header_color_partial):
 *   the whole line gets the most recent rule that matches it.
 * - A terminal without colours (ncolors 0) uses only mono rules (their
 *   attributes); one with colours only color rules, as mutt ignores mono
 *   commands there.
 * - Every style is returned merged over normal (colour COLOR_DEFAULT takes
 *   normal's, attributes are added to normal's unless the rule said "none")
 *   and reduced to what the terminal shows (color_reduce; on 8 colours a
 *   bright foreground becomes the basic colour with bold). CA_NONE never
 *   appears in a returned style.
 *
 * The model is built once per config (index patterns compiled once); the
 * queries do not allocate. The model reads the header and body regexes
 * from the config, so the config must outlive it; rebuild it when
 * color_model_current says the rules changed.
 */
#ifndef TERN_UI_COLOR_MODEL_H
#define TERN_UI_COLOR_MODEL_H

#include "ui/style.h"

struct mailbox;
struct message;
struct color_model;

/* What a terminal can show: color_depth_of(COLORS), or COLOR_DEPTH_MONO without colours. */
enum color_depth {
	COLOR_DEPTH_MONO = 0,
	COLOR_DEPTH_8 = 8,
	COLOR_DEPTH_16 = 16,
	COLOR_DEPTH_256 = 256,
	COLOR_DEPTH_DIRECT = 0x1000000, /* ncurses direct colour: COLORS is 2^24 */
};

/* The depth of a terminal with ncolors colours (curses' COLORS; 0 or less: mono). */
enum color_depth color_depth_of(int ncolors);

/*
 * A model of cfg's colour rules for a terminal with ncolors colours (0:
 * mono). An index rule whose pattern does not compile is left out, with
 * the reason appended to err (may be NULL). Never NULL; free with
 * color_model_free.
 */
struct color_model *color_model_new(const struct config *cfg, int ncolors, struct buf *err);
void color_model_free(struct color_model **cm);
/* True while cfg's colour rules and $header_color_partial are the ones cm was built from. */
bool color_model_current(const struct color_model *cm, const struct config *cfg);
enum color_depth color_model_depth(const struct color_model *cm);

/*
 * The style of a plain object (normal, status, tree, hdrdefault...);
 * level is the quoting depth for CO_QUOTED (0-based) and ignored
 * otherwise. CO_HEADER gives hdrdefault's style, CO_BODY and the index
 * objects normal's (they need a line or a message: see below).
 */
struct ui_style color_object_style(const struct color_model *cm, enum color_object o, int level);
/*
 * The same before merging over normal and without the default colours
 * filled in (COLOR_DEFAULT stays, CA_NONE is kept): for laying one style
 * over another with color_merge (e.g. search over a body span).
 */
struct ui_style color_object_layer(const struct color_model *cm, enum color_object o, int level);

/* The style of a span: its rule's (s->rule >= 0), else its object's (and level's). */
struct ui_style color_span_style(const struct color_model *cm, const struct ui_span *s);

/*
 * The style of message m's index row (part CO_INDEX) or of a part of it
 * (CO_INDEX_AUTHOR... CO_INDEX_SIZE). Other objects: color_object_style.
 * The caller holds mb's lock (patterns read the message). Results are
 * kept per message until mb changes (mb->generation), so a redraw costs
 * no pattern matching (a date pattern such as ~d <1d is not looked at
 * again until then); the model is not thread-safe.
 */
struct ui_style color_index_style(struct color_model *cm, struct mailbox *mb,
				  const struct message *m, enum color_object part);
/* Drop the index styles kept (e.g. when a folder is closed, or a day has passed). */
void color_model_forget(struct color_model *cm);

/*
 * The spans of line (bytes [0, len)) that header or body rules colour (o
 * is CO_HEADER or CO_BODY; 0 for other objects): at most max, ordered and
 * not overlapping, each with object o and the rule's cfg_color_at index.
 * The rest of the line keeps the caller's style (normal for a body,
 * hdrdefault for a header). '\n' separates lines matched on their own: a
 * folded header passed whole gets mutt's colouring of continuation lines
 * (the last line a rule matches decides the whole header's colour).
 * Returns the number of spans written.
 */
size_t color_line_spans(const struct color_model *cm, enum color_object o, const char *line,
			size_t len, struct ui_span *out, size_t max);

/*
 * over laid on under: a COLOR_DEFAULT colour of over takes under's; the
 * attributes are ORed, except that over's CA_NONE drops under's. The
 * result has no CA_NONE.
 */
struct ui_style color_merge(struct ui_style over, struct ui_style under);

/*
 * The colour a terminal of the given depth can show for color (config.h's
 * values): itself when it can; else the nearest, by the xterm palette, of
 * colours 16-255 (depth 256: the basic 16 are often themed) or 0-15; on 8
 * colours the 16-colour answer with its bright half (8-15) as the basic
 * colour. COLOR_DEFAULT stays; everything is COLOR_DEFAULT in mono.
 */
int color_reduce(int color, enum color_depth depth);
/* The 0xRRGGBB of a palette colour (the xterm palette) or an RGB colour; -1 for COLOR_DEFAULT. */
int color_to_rgb(int color);

#endif /* TERN_UI_COLOR_MODEL_H */
