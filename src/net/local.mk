# src/net: connections (socket, TLS, STARTTLS, line and literal reading) and SASL.
noinst_LIBRARIES += src/net/libnet.a
src_net_libnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) $(ZLIB_CFLAGS)
src_net_libnet_a_SOURCES =
# One fragment per module (doc/internals/net.md).
include src/net/conn.mk
include src/net/sasl.mk
include src/net/zlib.mk
