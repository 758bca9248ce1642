# tests for the capabilities work (COMPRESS, ID, UTF8=ACCEPT)
