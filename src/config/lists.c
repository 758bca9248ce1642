/* lists.c - PLACEHOLDER: list commands, aliases, hooks, colours, attachments */
#include "config/internal.h"

int cmd_list(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_unlist(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_alias(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_unalias(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_hook(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_unhook(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_color(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_uncolor(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_attachments(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
int cmd_unattachments(struct rc_line *l, intptr_t d, struct buf *err) { return cmd_accept(l, d, err); }
void config_lists_release(struct config *c) { (void)c; }
void config_lists_dump(const struct config *c, struct buf *out) { (void)c; (void)out; }
