# src/net/sasl: SASL mechanisms (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER), the choice among them, and password/token commands.
src_net_libnet_a_SOURCES += src/net/sasl.h src/net/sasl.c src/net/sasl_choose.c src/net/sasl_cmd.c
