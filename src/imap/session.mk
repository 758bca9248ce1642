# src/imap/session: one connection's life (connect, TLS, login, commands).
src_imap_libimap_a_SOURCES += src/imap/session.h src/imap/session_int.h src/imap/session.c \
	src/imap/session_cmd.c src/imap/session_auth.c
