/*
 * config.c - the config handle: creating and freeing it, the error list,
 * the record of unimplemented settings used, and path expansion for the
 * program.
 */
#include "config/internal.h"

struct config *config_new(void)
{
	struct config *c = xcalloc(1, sizeof(*c));

	vars_init(c);
	c->keymaps = keymaps_new();
	return c;
}

void config_free(struct config **cp)
{
	struct config *c = *cp;

	if (!c)
		return;
	config_lists_release(c);
	keymaps_free(&c->keymaps);
	strlist_release(&c->pending_push);
	vars_release(c);
	for (size_t i = 0; i < c->nerrors; i++) {
		free(c->errors[i].file);
		free(c->errors[i].msg);
	}
	free(c->errors);
	strlist_release(&c->unimpl_used);
	free(c);
	*cp = NULL;
}

size_t config_error_count(const struct config *c)
{
	return c->nerrors;
}

const struct rc_error *config_error(const struct config *c, size_t i)
{
	return i < c->nerrors ? &c->errors[i] : NULL;
}

const struct strlist *config_unimplemented_used(const struct config *c)
{
	return &c->unimpl_used;
}

void config_note_unimplemented(struct config *c, const char *name)
{
	if (strlist_find(&c->unimpl_used, name) < 0)
		strlist_add(&c->unimpl_used, name);
}

void config_expand_path(const struct config *c, const char *in, struct buf *out)
{
	var_expand_path(c, in, out);
}
