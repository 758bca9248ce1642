/* editor.c - placeholder: the module is being written (issue 5). */
#include "ui/editor.h"

/* Keeps the translation unit non-empty until the module lands. */
int ui_editor_placeholder_;
