# src/imap/parse: the IMAP response parser (RFC 3501/9051), hostile-server safe (doc/internals/imap-parse.md).
src_imap_libimap_a_SOURCES += src/imap/parse.h src/imap/parse.c src/imap/parse_lex.h \
	src/imap/parse_lex.c src/imap/parse_list.c src/imap/parse_data.c src/imap/parse_fetch.c src/imap/parse_body.c
