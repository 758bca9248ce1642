# Tests of the header cache. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_hcache tests/unit/test_hcache_files
tests_unit_test_hcache_SOURCES = tests/unit/test_hcache.c tests/unit/hcache_test.h
tests_unit_test_hcache_CPPFLAGS = $(AM_CPPFLAGS) $(LMDB_CFLAGS)
tests_unit_test_hcache_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hcache_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_hcache_files_SOURCES = tests/unit/test_hcache_files.c tests/unit/hcache_test.h
tests_unit_test_hcache_files_CPPFLAGS = $(AM_CPPFLAGS) $(LMDB_CFLAGS)
tests_unit_test_hcache_files_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hcache_files_LDADD = $(MX_UNIT_LDADD)
MX_UNIT_TESTS += tests/unit/test_hcache_damage
tests_unit_test_hcache_damage_SOURCES = tests/unit/test_hcache_damage.c tests/unit/hcache_test.h
tests_unit_test_hcache_damage_CPPFLAGS = $(AM_CPPFLAGS) $(LMDB_CFLAGS)
tests_unit_test_hcache_damage_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hcache_damage_LDADD = $(MX_UNIT_LDADD)
