noinst_LIBRARIES += src/email/libemail.a
src_email_libemail_a_CPPFLAGS = $(AM_CPPFLAGS) $(IDN2_CFLAGS)
src_email_libemail_a_SOURCES = \
	src/email/email.h src/email/internal.h \
	src/email/address.c src/email/date.c src/email/decode.c src/email/envelope.c \
	src/email/header.c src/email/lex.c src/email/message.c src/email/mime.c src/email/msgid.c \
	src/email/rfc2047.c src/email/rfc2231.c src/email/thread.c
