# Tests of the pattern language. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_pattern
tests_unit_test_pattern_SOURCES = tests/unit/test_pattern.c
tests_unit_test_pattern_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pattern_LDADD = $(MX_UNIT_LDADD)
