/* keycmd.c - PLACEHOLDER: bind, unbind, macro, unmacro, push, exec */
#include "config/internal.h"

int cmd_bind(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
int cmd_unbind(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
int cmd_macro(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
int cmd_unmacro(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
int cmd_push(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
int cmd_exec(struct rc_line *l, intptr_t data, struct buf *err) { return cmd_accept(l, data, err); }
