# src/ui/help_model: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/help_model.h src/ui/help_model.c
