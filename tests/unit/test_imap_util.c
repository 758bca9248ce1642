/* test_imap_util.c - placeholder: the module's author replaces it */
#include "tests/unit/unit.h"
#include "imap/util.h"

static void placeholder(void **state)
{
	(void)state;
	assert_int_equal(imap_util_placeholder_, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
