/* test_color_model.c - placeholder until the module lands. */
#include "tests/unit/unit.h"

#include "ui/color_model.h"

static void placeholder(void **state)
{
	(void)state;
	assert_int_equal(ui_color_model_placeholder_, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder),
	};
	return RUN_TESTS(tests);
}
