# src/imap/search.mk: (owned by the search work; list its files here)
# The pattern side lives in src/mx (it knows no IMAP): the lazy search cache of ~b ~B ~h.
src_mx_libmx_a_SOURCES += src/mx/pattern_search.c
src_imap_libimap_a_SOURCES += src/imap/mx_imap_search.c
