# src/imap/copy.mk: (owned by the copy work; list its files here)
src_imap_libimap_a_SOURCES += src/imap/mx_imap_copy.c
