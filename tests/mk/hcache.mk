# Tests of the header cache. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_hcache
tests_unit_test_hcache_SOURCES = tests/unit/test_hcache.c
tests_unit_test_hcache_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hcache_LDADD = $(MX_UNIT_LDADD)
