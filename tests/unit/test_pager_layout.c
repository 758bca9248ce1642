/* test_pager_layout.c - placeholder until the module lands. */
#include "tests/unit/unit.h"

#include "ui/pager_layout.h"

static void placeholder(void **state)
{
	(void)state;
	assert_int_equal(ui_pager_layout_placeholder_, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder),
	};
	return RUN_TESTS(tests);
}
