noinst_LIBRARIES += src/mime/libmime.a
src_mime_libmime_a_SOURCES = src/mime/mime.h src/mime/internal.h src/mime/render.c \
	src/mime/headers.c src/mime/flowed.c src/mime/html.c src/mime/structure.c
