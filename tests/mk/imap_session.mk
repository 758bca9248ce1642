# tests/tools/imap_login: a driver for src/imap/session, run by
# tests/integration/imap_login.sh against the private dovecot.
check_PROGRAMS += tests/tools/imap_login
tests_tools_imap_login_SOURCES = tests/tools/imap_login.c
tests_tools_imap_login_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_tools_imap_login_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
TESTS += tests/integration/imap_login.sh
EXTRA_DIST += tests/integration/imap_login.sh
TESTS += tests/integration/imap_open.sh
EXTRA_DIST += tests/integration/imap_open.sh
TESTS += tests/integration/imap_hostile.sh
EXTRA_DIST += tests/integration/imap_hostile.sh
