# tests for the imap search work
MX_UNIT_TESTS += tests/unit/test_pattern_search
tests_unit_test_pattern_search_SOURCES = tests/unit/test_pattern_search.c
tests_unit_test_pattern_search_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pattern_search_LDADD = $(MX_UNIT_LDADD)
TESTS += tests/integration/imap_search.sh
EXTRA_DIST += tests/integration/imap_search.sh
