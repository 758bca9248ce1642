# src/net/zlib: COMPRESS=DEFLATE as a connection layer (owned by the capabilities work)
