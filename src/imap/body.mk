# src/imap/body.mk: the body work: the message body cache ($message_cachedir).
# (mx_imap_read.c, the read op that uses it, is listed in session.mk.)
src_imap_libimap_a_SOURCES += src/imap/bcache.h src/imap/mx_imap_bcache.c
# the display read of a large message: which sections, and the message built from them
src_imap_libimap_a_SOURCES += src/imap/bcache_parts.h src/imap/mx_imap_body.c
