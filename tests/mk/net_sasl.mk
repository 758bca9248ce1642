# Unit tests of src/net/sasl (add more test programs of this module here).
MX_UNIT_TESTS += tests/unit/test_net_sasl
tests_unit_test_net_sasl_SOURCES = tests/unit/test_net_sasl.c
tests_unit_test_net_sasl_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_net_sasl_LDADD = src/net/libnet.a $(MX_UNIT_LDADD) $(OPENSSL_LIBS)
