# Tests of the MH backend. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_mh
tests_unit_test_mh_SOURCES = tests/unit/test_mh.c
tests_unit_test_mh_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mh_LDADD = $(MX_UNIT_LDADD)
