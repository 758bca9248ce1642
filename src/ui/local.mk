noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
src_ui_libui_a_SOURCES = src/ui/ui.h src/ui/ui-private.h src/ui/index.c src/ui/pager.c \
	src/ui/text.c
