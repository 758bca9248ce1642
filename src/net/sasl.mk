# src/net/sasl: SASL mechanisms (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER) and the choice among them. Add this module's files here.
src_net_libnet_a_SOURCES += src/net/sasl.h src/net/sasl.c
