/*
 * index_format_int.h - shared by the files that expand an index line
 * (index_format.c: caches, dates, hooks, entry points; index_format_addr.c:
 * people and flag letters; index_format_expando.c: the other letters).
 * Not for other files: they use mx.h.
 */
#ifndef TERN_INDEX_FORMAT_INT_H
#define TERN_INDEX_FORMAT_INT_H

#include "mx/mx-private.h"

/* One line being expanded: the row of the view, its message and envelope. */
struct ifmt_line {
	struct mailbox *mb;
	const struct config *cfg;
	const struct view *v;
	size_t row;
	const struct message *m;
	const struct menv *e;
	int hook_depth;
};

/* index_format.c */

/* The user's login name (mutt's Username), "" when unknown. Never freed. */
const char *ifmt_login_name(void);
/* The system's host name, for when $hostname is empty; "" when unknown. Never freed. */
const char *ifmt_host_name(void);

/* index_format_addr.c: the strings written are borrowed from the envelope. */

/* mutt_get_name: the display name, else the address. */
const char *ifmt_addr_name(const struct maddr *a);
/* The first address of field f into *a; false when the field has none. */
bool ifmt_first_addr(const struct ifmt_line *l, enum menv_addr f, struct maddr *a);
/* Whether the author is the user ($from, $alternates, the login name); true without From. */
bool ifmt_from_is_user(const struct ifmt_line *l);
/* The first subscribed list in field f into *out, or false. */
bool ifmt_find_list(const struct ifmt_line *l, enum menv_addr f, struct maddr *out);
/* The whole list f for display ("Name <addr>, ..."), as mutt's %f %r %R write it. */
void ifmt_add_addrlist(const struct ifmt_line *l, enum menv_addr f, struct buf *out);
/* mutt's make_from (%F, and %L with do_lists). */
void ifmt_add_from(const struct ifmt_line *l, bool do_lists, struct buf *out);
/* mutt's make_from_addr with lists, for %O. */
void ifmt_add_from_addr(const struct ifmt_line *l, struct buf *out);
/* %t: a subscribed list, else the first To (or Cc) recipient. */
void ifmt_add_to(const struct ifmt_line *l, struct buf *out);
/* %T: the $to_chars letter for how the user is addressed. */
void ifmt_add_to_char(const struct ifmt_line *l, struct buf *out);
/* %S: the strongest status letter of flags f. */
char ifmt_status_char(uint32_t f);
/* %Z: new/old/replied, deleted, tagged/flagged or $to_chars. */
void ifmt_add_status_flags(const struct ifmt_line *l, struct buf *out);

/* index_format_expando.c */

/*
 * Writes the value of x (any letter but the dates and %@name@) for l to out.
 * Returns whether the value counts as set, for %?x?...&...?.
 */
bool ifmt_expand_value(const struct expando *x, struct ifmt_line *l, struct buf *out);

#endif
