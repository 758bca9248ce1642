noinst_LIBRARIES += src/mx/libmx.a
src_mx_libmx_a_SOURCES = src/mx/mx.h src/mx/maildir.c src/mx/view.c
