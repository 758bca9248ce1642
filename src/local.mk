bin_PROGRAMS += tern
tern_SOURCES = src/main.c src/headless.c src/headless_write.c src/headless.h
tern_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) $(LMDB_CFLAGS) $(IDN2_CFLAGS) $(UTF8PROC_CFLAGS) \
	$(ZLIB_CFLAGS)
tern_LDADD = $(TERN_LIBS) $(CONFIG_LIBS) $(TERN_EXT_LIBS) $(LMDB_LIBS) $(ZLIB_LIBS)
