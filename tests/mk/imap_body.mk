# tests for the imap body work: the body cache's names and files (unit), and
# a second read served from it without a FETCH (integration, dovecot).
MX_UNIT_TESTS += tests/unit/test_imap_bcache
tests_unit_test_imap_bcache_SOURCES = tests/unit/test_imap_bcache.c
tests_unit_test_imap_bcache_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_bcache_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
TESTS += tests/integration/imap_bcache.sh
EXTRA_DIST += tests/integration/imap_bcache.sh
MX_UNIT_TESTS += tests/unit/test_imap_bcache_parts
tests_unit_test_imap_bcache_parts_SOURCES = tests/unit/test_imap_bcache_parts.c
tests_unit_test_imap_bcache_parts_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_bcache_parts_LDADD = src/mime/libmime.a src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
# tests/tools/imap_bcache: reads a message for display, for imap_bcache.sh
check_PROGRAMS += tests/tools/imap_bcache
tests_tools_imap_bcache_SOURCES = tests/tools/imap_bcache.c
tests_tools_imap_bcache_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_tools_imap_bcache_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
