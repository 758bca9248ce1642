bin_PROGRAMS += tern
tern_SOURCES = src/main.c
tern_LDADD = $(TERN_LIBS) $(EMAIL_LIBS) $(TERN_EXT_LIBS)
