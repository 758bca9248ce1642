# Tests of the mbox/MMDF backend. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_mbox
tests_unit_test_mbox_SOURCES = tests/unit/test_mbox.c
tests_unit_test_mbox_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mbox_LDADD = $(MX_UNIT_LDADD)
