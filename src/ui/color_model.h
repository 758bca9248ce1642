/* color_model.h - placeholder: the module is being written (issue 5). */
#ifndef TERN_UI_COLOR_MODEL_H
#define TERN_UI_COLOR_MODEL_H

#include "ui/style.h"

extern int ui_color_model_placeholder_;

#endif
