/* PLACEHOLDER: replaced by the real tests for this area */
#include "tests/unit/unit.h"

static void placeholder_runs(void **state)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "x");
	assert_buf_eq(&b, "x");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(placeholder_runs) };
	return RUN_TESTS(tests);
}
