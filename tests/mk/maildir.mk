# Tests of the Maildir backend and header cache. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_maildir tests/unit/test_hcache
tests_unit_test_maildir_SOURCES = tests/unit/test_maildir.c
tests_unit_test_maildir_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_maildir_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_hcache_SOURCES = tests/unit/test_hcache.c
tests_unit_test_hcache_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hcache_LDADD = $(MX_UNIT_LDADD)
