# src/imap/folders.mk: (owned by the folders work; list its files here)
src_imap_libimap_a_SOURCES += src/imap/folders.h src/imap/folders.c src/imap/folders_ops.c
