# src/ui/browser_model: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/browser_model.h src/ui/browser_model.c
