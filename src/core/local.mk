noinst_LIBRARIES += src/core/libcore.a
src_core_libcore_a_SOURCES = \
	src/core/core.h src/core/banned.h \
	src/core/alloc.c src/core/arena.c src/core/buf.c src/core/charset.c src/core/charset_sb.c src/core/charset_sb.h \
	src/core/err.c \
	src/core/file.c src/core/hash.c src/core/log.c src/core/str.c \
	src/core/strlist.c src/core/utf8.c
