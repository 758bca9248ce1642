noinst_LIBRARIES += src/mime/libmime.a
src_mime_libmime_a_SOURCES = src/mime/mime.h src/mime/render.c
