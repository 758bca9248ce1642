/* keymap.c - PLACEHOLDER: being written */
#include "config/internal.h"

void keymap_dump(const struct keymaps *k, struct buf *out) { (void)k; (void)out; }
