# src/net/conn: connections: TCP, TLS (OpenSSL), STARTTLS, buffered line and literal reading.
src_net_libnet_a_SOURCES += src/net/conn.h src/net/conn_internal.h src/net/conn.c \
	src/net/conn_tls.c src/net/conn_cert.c src/net/conn_config.c
