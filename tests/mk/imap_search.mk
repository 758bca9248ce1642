# tests for the imap search work: which ~b ~B ~h terms the server answers or narrows
# (unit, a fake backend), the same messages as a Maildir copy with dovecot and what
# went over the wire (rawlog), a scripted server without ESEARCH and LITERAL+, and
# a body limit and tag-pattern in the interface.
MX_UNIT_TESTS += tests/unit/test_pattern_search
tests_unit_test_pattern_search_SOURCES = tests/unit/test_pattern_search.c
tests_unit_test_pattern_search_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pattern_search_LDADD = $(MX_UNIT_LDADD)
TESTS += tests/integration/imap_search.sh
EXTRA_DIST += tests/integration/imap_search.sh
TESTS += tests/ui/imap_search.sh
EXTRA_DIST += tests/ui/imap_search.sh
