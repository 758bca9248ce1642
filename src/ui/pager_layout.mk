# src/ui/pager_layout: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/pager_layout.h src/ui/pager_layout.c \
	src/ui/pager_layout_int.h src/ui/pager_layout_span.c src/ui/pager_layout_wrap.c
