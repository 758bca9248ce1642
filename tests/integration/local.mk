# Integration tests: real servers from tests/servers/ on 127.0.0.1
# (tests/lib/servers.sh starts one private instance per test script).
INTEGRATION_TESTS = \
	tests/integration/servers_smoke.sh \
	tests/integration/dovecot_mime.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) tests/integration/imap_mime.py

# msgdump: tern's parse of a message, one fact a line (dovecot_mime.sh compares it with dovecot's).
check_PROGRAMS += tests/tools/msgdump
tests_tools_msgdump_SOURCES = tests/tools/msgdump.c
tests_tools_msgdump_LDADD = $(EMAIL_LIBS)
