# src/net/conn: connections: TCP, TLS (OpenSSL), STARTTLS, buffered line and literal reading. Add this module's files here.
src_net_libnet_a_SOURCES += src/net/conn.h src/net/conn.c
