noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
src_ui_libui_a_SOURCES = src/ui/ui.h src/ui/ui-private.h src/ui/index.c src/ui/pager.c \
	src/ui/text.c src/ui/style.h \
	src/ui/editor.h src/ui/editor.c \
	src/ui/pager_layout.h src/ui/pager_layout.c \
	src/ui/help_model.h src/ui/help_model.c \
	src/ui/browser_model.h src/ui/browser_model.c \
	src/ui/color_model.h src/ui/color_model.c
