/* browser_model.c - placeholder: the module is being written (issue 5). */
#include "ui/browser_model.h"

/* Keeps the translation unit non-empty until the module lands. */
int ui_browser_model_placeholder_;
