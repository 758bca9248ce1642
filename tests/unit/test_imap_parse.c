/* test_imap_parse.c - placeholder: the module's author replaces it */
#include "tests/unit/unit.h"
#include "imap/parse.h"

static void placeholder(void **state)
{
	(void)state;
	assert_int_equal(imap_parse_placeholder_, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
