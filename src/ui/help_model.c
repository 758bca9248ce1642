/* help_model.c - placeholder: the module is being written (issue 5). */
#include "ui/help_model.h"

/* Keeps the translation unit non-empty until the module lands. */
int ui_help_model_placeholder_;
