# src/mx/copy.mk: copying many messages at once (owned by the copy work)
src_mx_libmx_a_SOURCES += src/mx/copy.c src/mx/copy_job.c
