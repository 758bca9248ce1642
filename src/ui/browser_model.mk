# src/ui/browser_model: its sources (add more files of this module here).
src_ui_libui_a_SOURCES += src/ui/browser_model.h src/ui/browser_model_int.h \
	src/ui/browser_model.c src/ui/browser_model_count.c src/ui/browser_model_nav.c \
	src/ui/browser_model_line.c src/ui/browser_model_imap.h src/ui/browser_model_imap.c \
	src/ui/browser_wait.h src/ui/browser_wait.c
