# Unit tests of src/imap/parse (add more test programs of this module here).
MX_UNIT_TESTS += tests/unit/test_imap_parse
tests_unit_test_imap_parse_SOURCES = tests/unit/test_imap_parse.c
tests_unit_test_imap_parse_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_imap_parse_LDADD = src/imap/libimap.a src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS)
