# Unit tests of src/net/conn (add more test programs of this module here).
MX_UNIT_TESTS += tests/unit/test_net_conn
tests_unit_test_net_conn_SOURCES = tests/unit/test_net_conn.c
tests_unit_test_net_conn_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_net_conn_LDADD = src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS)
