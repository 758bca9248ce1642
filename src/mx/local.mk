noinst_LIBRARIES += src/mx/libmx.a
src_mx_libmx_a_CPPFLAGS = $(AM_CPPFLAGS) $(LMDB_CFLAGS)
src_mx_libmx_a_SOURCES = src/mx/mx.h src/mx/mx-private.h \
	src/mx/mailbox.c src/mx/read_job.c src/mx/ask.c src/mx/header_block.c src/mx/menv.c src/mx/worker.c src/mx/view.c src/mx/index_format.c \
	src/mx/index_format_int.h src/mx/index_format_addr.c src/mx/index_format_expando.c \
	src/mx/maildir.c src/mx/maildir.h src/mx/maildir_load.c src/mx/maildir_name.c \
	src/mx/mbox.c src/mx/mbox-private.h src/mx/mbox_parse.c src/mx/mbox_scan.c src/mx/mbox_load.c \
	src/mx/mbox_lock.c src/mx/mbox_write.c src/mx/mbox_append.c \
	src/mx/mh.h src/mx/mh.c src/mx/mh_seq.c src/mx/mh_load.c src/mx/mh_sync.c \
	src/mx/hcache.c src/mx/hcache_int.h src/mx/hcache_where.c src/mx/hcache_value.c src/mx/hcache_check.c \
	src/mx/pattern.c \
	src/mx/pattern_int.h src/mx/pattern_arg.c src/mx/pattern_date.c src/mx/pattern_match.c src/mx/pattern_mime.c
include src/mx/copy.mk
