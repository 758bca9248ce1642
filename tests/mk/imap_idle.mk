# tests for the imap idle work: the session's IDLE (unit, a loopback peer), IDLE against dovecot in the interface (new
# mail, flags and expunges pushed, a read while idle, $imap_idle unset), and
# scripted servers (tests/integration/imap_idle.sh): the exact commands,
# a server without IDLE, a stopped server while idle.
MX_UNIT_TESTS += tests/unit/test_imap_idle
tests_unit_test_imap_idle_SOURCES = tests/unit/test_imap_idle.c
tests_unit_test_imap_idle_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_idle_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
TESTS += tests/ui/imap_idle.sh
EXTRA_DIST += tests/ui/imap_idle.sh
TESTS += tests/integration/imap_idle.sh
EXTRA_DIST += tests/integration/imap_idle.sh tests/data/imapscript/idle-login.inc \
	tests/data/imapscript/idle-push.script tests/data/imapscript/idle-none.script \
	tests/data/imapscript/idle-stall.script
