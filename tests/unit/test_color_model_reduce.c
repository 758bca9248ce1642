/*
 * test_color_model_reduce.c - colours reduced to what a terminal shows:
 * the xterm palette as RGB, RGB to the 256-colour palette, the palette to
 * the 16 and 8 basic colours.
 */
#include "tests/unit/unit.h"

#include "ui/color_model.h"

static void palette_as_rgb(void **state)
{
	static const int want[][2] = {
		{ 1, 0xcd0000 },       { 12, 0x5c5cff },
		{ 16, 0x000000 },      { 67, 0x5f87af },
		{ 231, 0xffffff },     { 232, 0x080808 },
		{ 255, 0xeeeeee },     { COLOR_RGB_FLAG | 0x123456, 0x123456 },
		{ COLOR_DEFAULT, -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (color_to_rgb(want[i][0]) != want[i][1])
			fail_msg("colour %#x is %#x, want %#x", want[i][0],
				 color_to_rgb(want[i][0]), want[i][1]);
}

#define RGB(x) (COLOR_RGB_FLAG | (x))

/* color_reduce(color, depth) must give want, for each row. */
static void assert_reduced(const int (*want)[3], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (color_reduce(want[i][0], (enum color_depth)want[i][1]) != want[i][2])
			fail_msg("colour %#x at depth %d is %d, want %d", want[i][0], want[i][1],
				 color_reduce(want[i][0], (enum color_depth)want[i][1]),
				 want[i][2]);
}

static void rgb_reduced_to_256(void **state)
{
	static const int want[][3] = {
		{ RGB(0xff0000), 256, 196 },
		{ RGB(0x000000), 256, 16 },
		{ RGB(0x808080), 256, 244 },
		{ RGB(0x5f87af), 256, 67 },
		/* near, not exact: a cube colour */
		{ RGB(0x6088b0), 256, 67 },
		/* palette colours and the default stay; direct colour keeps everything */
		{ 9, 256, 9 },
		{ COLOR_DEFAULT, 256, COLOR_DEFAULT },
		{ RGB(0x6088b0), COLOR_DEPTH_DIRECT, RGB(0x6088b0) },
		/* out of range: the default */
		{ 300, 256, COLOR_DEFAULT },
	};

	(void)state;
	assert_reduced(want, ARRAY_SIZE(want));
}

static void colours_reduced_to_16_and_8(void **state)
{
	static const int want[][3] = {
		{ RGB(0xff0000), 16, 9 },
		{ RGB(0xc00000), 16, 1 },
		{ 196, 16, 9 },
		{ 21, 16, 4 },
		{ 244, 16, 8 },
		{ 231, 16, 15 },
		{ 12, 16, 12 },
		{ 12, 8, 4 },
		{ 196, 8, 1 },
		/* a mid grey is bright black: black (a foreground in bold) */
		{ 244, 8, 0 },
		{ 250, 8, 7 },
		{ RGB(0x00c000), 8, 2 },
		{ 3, COLOR_DEPTH_MONO, COLOR_DEFAULT },
	};

	(void)state;
	assert_reduced(want, ARRAY_SIZE(want));
	assert_int_equal(color_depth_of(88), COLOR_DEPTH_16);
	assert_int_equal(color_depth_of(0x1000000), COLOR_DEPTH_DIRECT);
	assert_int_equal(color_depth_of(2), COLOR_DEPTH_MONO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(palette_as_rgb),
		cmocka_unit_test(rgb_reduced_to_256),
		cmocka_unit_test(colours_reduced_to_16_and_8),
	};
	return RUN_TESTS(tests);
}
