# src/imap/util: IMAP strings: astring quoting and literals, UID sets, modified UTF-7 names, imap:// URLs.
src_imap_libimap_a_SOURCES += src/imap/util.h src/imap/util.c src/imap/util_uidset.c src/imap/util_mutf7.c src/imap/util_url.c
