/* editor.h - placeholder: the module is being written (issue 5). */
#ifndef TERN_UI_EDITOR_H
#define TERN_UI_EDITOR_H

#include "ui/style.h"

extern int ui_editor_placeholder_;

#endif
