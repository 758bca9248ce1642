# Unit tests of src/net/conn: real sockets on 127.0.0.1, certificates made at test time.
MX_UNIT_TESTS += tests/unit/test_net_conn tests/unit/test_net_conn_tls
NET_CONN_TEST_SOURCES = tests/unit/net_conn_test.h tests/unit/net_conn_test.c
tests_unit_test_net_conn_SOURCES = tests/unit/test_net_conn.c $(NET_CONN_TEST_SOURCES)
tests_unit_test_net_conn_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS) -pthread
tests_unit_test_net_conn_LDADD = src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) -lpthread
tests_unit_test_net_conn_tls_SOURCES = tests/unit/test_net_conn_tls.c $(NET_CONN_TEST_SOURCES)
tests_unit_test_net_conn_tls_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS) -pthread
tests_unit_test_net_conn_tls_LDADD = src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS) -lpthread
