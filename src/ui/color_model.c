/* color_model.c - placeholder: the module is being written (issue 5). */
#include "ui/color_model.h"

/* Keeps the translation unit non-empty until the module lands. */
int ui_color_model_placeholder_;
