noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
src_ui_libui_a_SOURCES = src/ui/ui.h src/ui/ui-private.h src/ui/index.h src/ui/index.c \
	src/ui/index_ops.c src/ui/index_more.c src/ui/index_prompt.c src/ui/index_folder.c src/ui/index_pipe.c src/ui/index_pipe_decode.c src/ui/index_pipe_int.h src/ui/status.c src/ui/keys.c src/ui/menu.c src/ui/mouse.c src/ui/scan.c src/ui/read.c src/ui/ask.c src/ui/color.c src/ui/prompt.c src/ui/browser.c src/ui/help.c src/ui/pager.c src/ui/text.c src/ui/style.h
# The pure modules (doc/internals/ui.md), one fragment each.
include src/ui/editor.mk
include src/ui/pager_layout.mk
include src/ui/help_model.mk
include src/ui/browser_model.mk
include src/ui/color_model.mk
