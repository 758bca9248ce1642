/*
 * headless_write.c - FIRST CUT, being written: --read, --delete, --copy and --save.
 */
#include "headless.h"

int headless_write(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	(void)mb;
	(void)cfg;
	(void)o;
	fprintf(stderr, _("tern: --read, --delete, --copy and --save are not available yet\n"));
	return 2;
}
