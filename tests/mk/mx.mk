# Tests of the model core. Script tests go into TESTS (and EXTRA_DIST) here too.
MX_UNIT_TESTS += tests/unit/test_menv tests/unit/test_mailbox tests/unit/test_view
tests_unit_test_menv_SOURCES = tests/unit/test_menv.c
tests_unit_test_menv_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_menv_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_mailbox_SOURCES = tests/unit/test_mailbox.c
tests_unit_test_mailbox_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mailbox_LDADD = $(MX_UNIT_LDADD)
tests_unit_test_view_SOURCES = tests/unit/test_view.c
tests_unit_test_view_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_view_LDADD = $(MX_UNIT_LDADD)
