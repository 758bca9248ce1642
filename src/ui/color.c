/*
 * color.c - styles (color_model.c) as curses attributes: colour pairs made
 * on first use and kept, 8/16/256 colours or ncurses' direct colour,
 * mono terminals by attributes alone.
 */
#include "ui/color_model.h"
#include "ui/ui-private.h"

#define PAIRS_MAX 512

struct ui_colors {
	struct color_model *cm;
	int fg[PAIRS_MAX], bg[PAIRS_MAX];
	int npairs;
	bool have_color;
};

static attr_t attrs_of(unsigned a)
{
	attr_t r = 0;

	if (a & CA_BOLD)
		r |= A_BOLD;
	if (a & CA_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & CA_REVERSE)
		r |= A_REVERSE;
	if (a & CA_STANDOUT)
		r |= A_STANDOUT;
	if (a & CA_BLINK)
		r |= A_BLINK;
#ifdef A_ITALIC
	if (a & CA_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* The pair for (fg, bg), made on first use; 0 (the terminal's default) when none is left. */
static int pair_of(struct ui_colors *c, int fg, int bg)
{
	if (fg == COLOR_DEFAULT && bg == COLOR_DEFAULT)
		return 0;
	for (int i = 1; i <= c->npairs; i++)
		if (c->fg[i] == fg && c->bg[i] == bg)
			return i;
	if (c->npairs + 1 >= PAIRS_MAX || c->npairs + 1 >= COLOR_PAIRS)
		return 0;
	c->npairs++;
	c->fg[c->npairs] = fg;
	c->bg[c->npairs] = bg;
	/* Direct colours (0x1000000|RGB reduced to a plain RGB number) need the extended call. */
	if (init_extended_pair(c->npairs, fg, bg) != OK)
		init_pair((short)c->npairs, (short)fg, (short)bg);
	return c->npairs;
}

static int terminal_color(const struct ui_colors *c, int color)
{
	enum color_depth depth = color_model_depth(c->cm);
	int r = color_reduce(color, depth);

	if (r == COLOR_DEFAULT)
		return r;
	/* ncurses direct colour: 0-7 are the basic colours, other numbers are RGB values. */
	if (depth == COLOR_DEPTH_DIRECT && !(r & COLOR_RGB_FLAG) && r >= 8)
		return color_to_rgb(r);
	return r & COLOR_RGB_FLAG ? r & 0xffffff : r;
}

void ui_colors_init(struct ui *u)
{
	struct ui_colors *c = xcalloc(1, sizeof(*c));
	struct buf err = BUF_INIT;

	c->have_color = has_colors() && start_color() == OK;
	if (c->have_color)
		use_default_colors();
	c->cm = color_model_new(u->cfg, c->have_color ? COLORS : 0, &err);
	if (err.len)
		ui_error(u, "%s", err.data);
	u->colors = c;
	buf_release(&err);
}

void ui_colors_free(struct ui *u)
{
	if (!u->colors)
		return;
	color_model_free(&u->colors->cm);
	free(u->colors);
	u->colors = NULL;
}

/* A new model when the colour rules changed (a color command at the `:` prompt). */
struct color_model *ui_color_model(struct ui *u)
{
	struct ui_colors *c = u->colors;

	if (!color_model_current(c->cm, u->cfg)) {
		color_model_free(&c->cm);
		c->cm = color_model_new(u->cfg, c->have_color ? COLORS : 0, NULL);
	}
	return c->cm;
}

static int style_attr(struct ui *u, struct ui_style st, attr_t *attr)
{
	struct ui_colors *c = u->colors;
	int pair = 0;

	*attr = attrs_of(st.attrs);
	if (c->have_color)
		pair = pair_of(c, terminal_color(c, st.fg), terminal_color(c, st.bg));
	return pair;
}

void ui_set_style(struct ui *u, struct ui_style st)
{
	attr_t a;
	int pair = style_attr(u, st, &a);

	attr_set(a, (short)0, &pair);
}

void ui_set_object(struct ui *u, enum color_object o)
{
	ui_set_style(u, color_object_style(ui_color_model(u), o, 0));
}
