# src/imap/util: IMAP strings: astring quoting and literals, UID sets, modified UTF-7 names, imap:// URLs. Add this module's files here.
src_imap_libimap_a_SOURCES += src/imap/util.h src/imap/util.c
