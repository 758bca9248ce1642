# tests for the capabilities work (COMPRESS, ID, UTF8=ACCEPT)
# Unit tests of src/net/conn_zlib.c: the deflate layer over socketpairs.
MX_UNIT_TESTS += tests/unit/test_net_zlib
tests_unit_test_net_zlib_SOURCES = tests/unit/test_net_zlib.c
tests_unit_test_net_zlib_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS) $(ZLIB_CFLAGS) -pthread
tests_unit_test_net_zlib_LDADD = src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) $(ZLIB_LIBS) -lpthread
# Scripts of tests/integration/imap_login.sh's extension cases (ID, UTF8=ACCEPT, COMPRESS).
EXTRA_DIST += tests/data/imapscript/caps-utf8.script tests/data/imapscript/caps-plain.script \
	tests/data/imapscript/caps-garbage.script
