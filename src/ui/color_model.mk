# src/ui/color_model: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/color_model.h src/ui/color_model.c src/ui/color_model_int.h \
	src/ui/color_model_lines.c src/ui/color_model_reduce.c
