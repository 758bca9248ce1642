# src/ui/editor: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/editor.h src/ui/editor.c
