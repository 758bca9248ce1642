# tests for the imap folders work: the pure part (and the browser's IMAP rows),
# a driver for the integration test against dovecot, and the browser on a server.
MX_UNIT_TESTS += tests/unit/test_imap_folders
tests_unit_test_imap_folders_SOURCES = tests/unit/test_imap_folders.c
tests_unit_test_imap_folders_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_folders_LDADD = src/ui/libui.a src/mime/libmime.a src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS) $(OPENSSL_LIBS) $(ZLIB_LIBS)
check_PROGRAMS += tests/tools/imap_folders
tests_tools_imap_folders_SOURCES = tests/tools/imap_folders.c
tests_tools_imap_folders_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_tools_imap_folders_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
TESTS += tests/integration/imap_folders.sh
EXTRA_DIST += tests/integration/imap_folders.sh
TESTS += tests/ui/imap_browser.sh
EXTRA_DIST += tests/ui/imap_browser.sh
EXTRA_DIST += tests/data/imapscript/folders-hostile.script tests/data/imapscript/folders-broken.script
