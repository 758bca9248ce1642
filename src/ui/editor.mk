# src/ui/editor: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/editor.h src/ui/editor_int.h src/ui/editor.c \
	src/ui/editor_text.c src/ui/editor_hist.c src/ui/editor_complete.c \
	src/ui/editor_folder.c
