# src/imap/parse: the IMAP response parser (RFC 3501/9051), hostile-server safe. Add this module's files here.
src_imap_libimap_a_SOURCES += src/imap/parse.h src/imap/parse.c
