/* pager_layout.h - placeholder: the module is being written (issue 5). */
#ifndef TERN_UI_PAGER_LAYOUT_H
#define TERN_UI_PAGER_LAYOUT_H

#include "ui/style.h"

extern int ui_pager_layout_placeholder_;

#endif
