# Tests of the Maildir backend. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_maildir
tests_unit_test_maildir_SOURCES = tests/unit/test_maildir.c
tests_unit_test_maildir_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_maildir_LDADD = $(MX_UNIT_LDADD)
MAILDIR_TESTS = tests/cli/maildir.sh
TESTS += $(MAILDIR_TESTS)
EXTRA_DIST += $(MAILDIR_TESTS)
