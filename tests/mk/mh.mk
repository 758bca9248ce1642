# Tests of the MH backend (helpers in tests/unit/mh_test.h). Script tests go
# into TESTS (and EXTRA_DIST) here too. test_mh_nmh runs Debian's nmh
# (/usr/bin/mh) on the folders tern writes, and tern on the folders nmh writes.
MX_UNIT_TESTS += tests/unit/test_mh tests/unit/test_mh_sync tests/unit/test_mh_nmh
tests_unit_test_mh_SOURCES = tests/unit/test_mh.c tests/unit/mh_test.h
tests_unit_test_mh_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mh_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_mh_sync_SOURCES = tests/unit/test_mh_sync.c tests/unit/mh_test.h
tests_unit_test_mh_sync_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mh_sync_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_mh_nmh_SOURCES = tests/unit/test_mh_nmh.c tests/unit/mh_test.h
tests_unit_test_mh_nmh_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mh_nmh_LDADD = $(MX_UNIT_LDADD)
