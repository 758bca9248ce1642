# Unit tests of src/imap/util (add more test programs of this module here).
MX_UNIT_TESTS += tests/unit/test_imap_util
tests_unit_test_imap_util_SOURCES = tests/unit/test_imap_util.c
tests_unit_test_imap_util_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_util_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
