# Tests of headless mode, index_format and the renderer. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_index_format tests/unit/test_render
tests_unit_test_index_format_SOURCES = tests/unit/test_index_format.c
tests_unit_test_index_format_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_index_format_LDADD = src/mime/libmime.a $(MX_UNIT_LDADD)
tests_unit_test_render_SOURCES = tests/unit/test_render.c
tests_unit_test_render_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_render_LDADD = src/mime/libmime.a $(MX_UNIT_LDADD)
HEADLESS_TESTS = tests/cli/headless.sh
TESTS += $(HEADLESS_TESTS)
EXTRA_DIST += $(HEADLESS_TESTS)
