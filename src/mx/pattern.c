/* pattern.c - PLACEHOLDER: the pattern language is being written */
#include "mx/mx-private.h"

struct pattern {
	int unused;
};

struct pattern *pattern_compile(const char *s, const struct config *cfg, struct buf *err)
{
	buf_addstr(err, _("patterns are not available yet"));
	return NULL;
}

void pattern_free(struct pattern **p)
{
	free(*p);
	*p = NULL;
}

bool pattern_reads_messages(const struct pattern *p)
{
	return false;
}

bool pattern_match(const struct pattern *p, struct mailbox *mb, const struct message *m)
{
	return true;
}
