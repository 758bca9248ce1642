# src/imap: the IMAP protocol (response parser, commands, session) and backend.
noinst_LIBRARIES += src/imap/libimap.a
src_imap_libimap_a_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) $(ZLIB_CFLAGS)
src_imap_libimap_a_SOURCES =
# One fragment per module (doc/internals/imap.md).
include src/imap/parse.mk
include src/imap/util.mk
include src/imap/session.mk
include src/imap/folders.mk
include src/imap/copy.mk
include src/imap/idle.mk
include src/imap/search.mk
include src/imap/body.mk
