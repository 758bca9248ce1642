# src/imap/idle.mk: new mail by IDLE (RFC 2177), NOOP polling otherwise (owned by the idle work)
src_imap_libimap_a_SOURCES += src/imap/session_idle.c src/imap/mx_imap_idle.h src/imap/mx_imap_idle.c
