# Integration tests: real servers from tests/servers/ on 127.0.0.1
# (tests/lib/servers.sh starts one private instance per test script).
INTEGRATION_TESTS = \
	tests/integration/servers_smoke.sh \
	tests/integration/dovecot_mime.sh \
	tests/integration/imapscript_self.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) tests/integration/imap_mime.py

# msgdump: tern's parse of a message, one fact a line (dovecot_mime.sh compares it with dovecot's).
check_PROGRAMS += tests/tools/msgdump
tests_tools_msgdump_SOURCES = tests/tools/msgdump.c
tests_tools_msgdump_LDADD = $(EMAIL_LIBS)

# enospc.so: an LD_PRELOAD shim that makes writes to files fail with ENOSPC
# after TERN_ENOSPC_AFTER bytes (the disk-full tests). Built by hand: a
# shared object needs no libtool for this.
check_DATA = tests/tools/enospc.so
tests/tools/enospc.so: tests/tools/enospc.c
	@$(MKDIR_P) tests/tools
	$(AM_V_CC)$(CC) -shared -fPIC -O1 -o $@ $(srcdir)/tests/tools/enospc.c -ldl
CLEANFILES += tests/tools/enospc.so
EXTRA_DIST += tests/tools/enospc.c
