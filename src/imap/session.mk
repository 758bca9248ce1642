# src/imap/session: one connection's life (connect, TLS, login, commands).
src_imap_libimap_a_SOURCES += src/imap/session.h src/imap/session_int.h src/imap/session.c \
	src/imap/session_cmd.c src/imap/session_auth.c
# the backend (the mx ops of imap:// folders)
src_imap_libimap_a_SOURCES += src/imap/imap.h src/imap/mx_imap_int.h src/imap/mx_imap.c \
	src/imap/mx_imap_fetch.c src/imap/mx_imap_sync.c src/imap/mx_imap_qresync.c src/imap/mx_imap_resync.c \
	src/imap/mx_imap_read.c
