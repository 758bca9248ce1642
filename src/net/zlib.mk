# src/net/zlib: COMPRESS=DEFLATE as a connection layer (owned by the capabilities work)
src_net_libnet_a_SOURCES += src/net/conn_zlib.c
