/*
 * headless.c - FIRST CUT, being extended: --list only, in $sort order.
 */
#include "headless.h"

static int list_folder(struct mailbox *mb, const struct config *cfg)
{
	struct view v;
	struct view_opts vo;
	struct buf line = BUF_INIT;

	view_opts_from_config(cfg, &vo);
	mailbox_lock(mb);
	if (view_build(mb, &vo, &v) != 0) {
		mailbox_unlock(mb);
		return 1;
	}
	for (size_t row = 0; row < v.n; row++) {
		buf_reset(&line);
		mx_index_line(mb, cfg, &v, row, 0, &line);
		buf_addch(&line, '\n');
		fwrite(line.data, 1, line.len, stdout);
	}
	mailbox_unlock(mb);
	buf_release(&line);
	view_release(&v);
	return fflush(stdout) == 0 ? 0 : 1;
}

int headless_run(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	if (headless_writes(o)) {
		int rc = headless_write(mb, cfg, o);
		if (rc != 0 || o->action == HL_NONE)
			return rc;
	}
	if (o->action != HL_LIST) {
		fprintf(stderr, _("tern: --show and --structure are not available yet\n"));
		return 2;
	}
	return list_folder(mb, cfg);
}
