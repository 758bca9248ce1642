/*
 * color_model_reduce.c - colours mapped to what a terminal can show: RGB
 * to the 256-colour palette, the palette to the 16 or 8 basic colours, by
 * the nearest colour of the xterm palette. Pure arithmetic.
 */
#include "ui/color_model_int.h"

/* xterm's basic 16 (the defaults of its resources color0..color15). */
static const int basic16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

/* The steps of xterm's 6x6x6 colour cube (colours 16..231). */
static const int cube_level[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };

enum color_depth color_depth_of(int ncolors)
{
	if (ncolors >= COLOR_DEPTH_DIRECT)
		return COLOR_DEPTH_DIRECT;
	if (ncolors >= 256)
		return COLOR_DEPTH_256;
	if (ncolors >= 16)
		return COLOR_DEPTH_16;
	if (ncolors >= 8)
		return COLOR_DEPTH_8;
	return COLOR_DEPTH_MONO;
}

int color_to_rgb(int color)
{
	if (color < 0)
		return -1;
	if (color & COLOR_RGB_FLAG)
		return color & 0xffffff;
	if (color < 16)
		return basic16[color];
	if (color < 232) {
		int c = color - 16;

		return cube_level[c / 36] << 16 | cube_level[c / 6 % 6] << 8 | cube_level[c % 6];
	}
	if (color < 256) {
		int g = 8 + 10 * (color - 232);

		return g << 16 | g << 8 | g;
	}
	return -1;
}

/*
 * How far apart two colours look: the "redmean" weighting of RGB distance,
 * a cheap approximation of perceived difference (plain RGB distance makes
 * dark blues and greens look alike).
 */
static long rgb_distance(int a, int b)
{
	long r1 = a >> 16 & 0xff, g1 = a >> 8 & 0xff, b1 = a & 0xff;
	long r2 = b >> 16 & 0xff, g2 = b >> 8 & 0xff, b2 = b & 0xff;
	long rmean = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;

	return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8);
}

/* The palette colour in [lo, hi] nearest to rgb (the lowest on a tie). */
static int nearest(int rgb, int lo, int hi)
{
	int best = lo;
	long best_d = rgb_distance(rgb, color_to_rgb(lo));

	for (int c = lo + 1; c <= hi && best_d > 0; c++) {
		long d = rgb_distance(rgb, color_to_rgb(c));

		if (d < best_d) {
			best = c;
			best_d = d;
		}
	}
	return best;
}

int color_reduce(int color, enum color_depth depth)
{
	bool rgb = color >= 0 && (color & COLOR_RGB_FLAG);

	if (color < 0 || (!rgb && color > 255))
		return COLOR_DEFAULT;
	depth = color_depth_of((int)depth);
	switch (depth) {
	case COLOR_DEPTH_MONO:
		return COLOR_DEFAULT;
	case COLOR_DEPTH_DIRECT:
		return color;
	case COLOR_DEPTH_256:
		/* 0-15 are kept as they are: the user asked for the terminal's own */
		return rgb ? nearest(color_to_rgb(color), 16, 255) : color;
	case COLOR_DEPTH_16:
		return !rgb && color < 16 ? color : nearest(color_to_rgb(color), 0, 15);
	case COLOR_DEPTH_8:
		/*
		 * Through the 16: the nearest by hue of the basic 8 alone would
		 * turn greys into cyan. The bright half shows as its basic colour
		 * (a foreground in bold: cm_style_reduce).
		 */
		return color_reduce(color, COLOR_DEPTH_16) & 7;
	}
	return COLOR_DEFAULT;
}

struct ui_style cm_style_reduce(struct ui_style s, enum color_depth d)
{
	if (d == COLOR_DEPTH_8 && s.fg >= 0) {
		/* mutt on 8 colours: a light foreground is the basic colour in bold */
		int fg16 = color_reduce(s.fg, COLOR_DEPTH_16);

		if (fg16 >= 8) {
			s.fg = fg16 - 8;
			s.attrs |= CA_BOLD;
		} else {
			s.fg = fg16;
		}
	} else {
		s.fg = color_reduce(s.fg, d);
	}
	s.bg = color_reduce(s.bg, d);
	return s;
}
