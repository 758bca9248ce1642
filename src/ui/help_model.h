/* help_model.h - placeholder: the module is being written (issue 5). */
#ifndef TERN_UI_HELP_MODEL_H
#define TERN_UI_HELP_MODEL_H

#include "ui/style.h"

extern int ui_help_model_placeholder_;

#endif
