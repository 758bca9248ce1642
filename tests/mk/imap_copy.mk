# tests for the imap copy work: mx_copy_messages on local folders (unit), and
# COPY/MOVE within a dovecot account, [TRYCREATE], a refused copy, the
# read-and-append fallback across backends, a server without MOVE (integration).
MX_UNIT_TESTS += tests/unit/test_mx_copy
tests_unit_test_mx_copy_SOURCES = tests/unit/test_mx_copy.c
tests_unit_test_mx_copy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mx_copy_LDADD = $(MX_UNIT_LDADD)
TESTS += tests/integration/imap_copy.sh
EXTRA_DIST += tests/integration/imap_copy.sh
TESTS += tests/ui/imap_copy.sh
EXTRA_DIST += tests/ui/imap_copy.sh
TESTS += tests/ui/imap_copy_stall.sh
EXTRA_DIST += tests/ui/imap_copy_stall.sh
