/* pager_layout.c - placeholder: the module is being written (issue 5). */
#include "ui/pager_layout.h"

/* Keeps the translation unit non-empty until the module lands. */
int ui_pager_layout_placeholder_;
