/*
 * headless_write.c - --read, --delete, --copy=FOLDER and --save=FOLDER: the
 * changes a script asks for, made on the messages --limit selects and
 * written back with one sync.
 *
 * Order matters for never losing mail: copies are made (and each one
 * complete, which the target backend guarantees) before anything is marked
 * deleted, and a copy that fails part-way stops everything: the source
 * folder is left as it was, not synced at all. Within one IMAP account
 * --save is the server's MOVE (atomic per command: a message is in one
 * folder or the other) or COPY and \Deleted, chunk by chunk of UIDs; the
 * chunks before a failure stay done (mx_copy_messages).
 */
#include <stdlib.h>

#include "headless.h"

/*
 * The messages the command acts on, by id: a move on the server (IMAP MOVE)
 * takes messages out of the model and renumbers the rest.
 */
struct selection {
	uint32_t *ids;
	size_t n;
};

static bool changes_source(const struct headless_opts *o)
{
	return o->mark_read || o->del || o->save_to;
}

/* Fill sel with the messages --limit matches (every message without --limit). Exit status. */
static int select_messages(struct mailbox *mb, const struct config *cfg, const char *limit,
			   struct selection *sel)
{
	struct buf err = BUF_INIT;
	struct pattern *p = NULL;

	if (limit) {
		p = pattern_compile(limit, cfg, &err);
		if (!p) {
			fprintf(stderr, _("tern: --limit=%s: %s\n"), limit, err.data);
			buf_release(&err);
			return 2;
		}
	}
	mailbox_lock(mb);
	sel->ids = xcalloc(mb->n ? mb->n : 1, sizeof(*sel->ids));
	for (size_t i = 0; i < mb->n; i++)
		if (!p || pattern_match(p, mb, &mb->msgs[i]))
			sel->ids[sel->n++] = mb->msgs[i].id;
	mailbox_unlock(mb);
	pattern_free(&p);
	buf_release(&err);
	return 0;
}

/* Set (and clear) flags on every selected message still in the folder. */
static void flag_selection(struct mailbox *mb, const struct selection *sel, uint32_t set,
			   uint32_t clear)
{
	const struct message *m;

	mailbox_lock(mb);
	for (size_t k = 0; k < sel->n; k++)
		if ((m = mx_find(mb, sel->ids[k])) != NULL)
			mx_change_flags(mb, m->index, set, clear);
	mailbox_unlock(mb);
}

/*
 * Copy every selected message to dest (saving: move them, on the server when
 * it can), stopping at the first failure. Exit status.
 */
static int copy_selection(struct mailbox *mb, const struct config *cfg, const struct selection *sel,
			  const char *dest, bool saving)
{
	struct buf err = BUF_INIT;
	size_t done = 0;

	if (mx_copy_messages(mb, cfg, sel->ids, sel->n, dest, saving, &done, &err) != 0)
		fprintf(stderr,
			saving ? _("tern: saving to %s: %s (%zu of %zu messages saved)\n")
			       : _("tern: copying to %s: %s (%zu of %zu messages copied)\n"),
			dest, err.data, done, sel->n);
	buf_release(&err);
	return done < sel->n ? 1 : 0;
}

/* Write the flag changes back, removing the deleted messages when there are any. */
static int sync_folder(struct mailbox *mb, bool expunge)
{
	struct buf err = BUF_INIT;
	int rc = 0;

	if (expunge || mb->changed_flags) {
		rc = mx_run(mb, expunge ? MX_OP_EXPUNGE : MX_OP_SYNC, &err);
		if (rc != 0)
			fprintf(stderr, _("tern: writing %s: %s\n"), mb->path,
				err.len ? err.data : err_str(rc));
	}
	buf_release(&err);
	return rc != 0 ? 1 : 0;
}

int headless_write(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	struct selection sel = { 0 };
	const char *self;
	int rc;

	if ((o->del || o->save_to) && !o->limit) {
		fprintf(stderr, _("tern: --delete and --save need --limit=PATTERN (~A for all)\n"));
		return 2;
	}
	if (changes_source(o) && mb->set.read_only) {
		fprintf(stderr, _("tern: %s is read-only: --read, --delete and --save change it\n"),
			mb->path);
		return 1;
	}
	self = mx_same_folder(mb, o->copy_to)   ? o->copy_to
	       : mx_same_folder(mb, o->save_to) ? o->save_to
						: NULL;
	if (self) {
		fprintf(stderr, _("tern: %s: cannot copy a folder into itself\n"), self);
		return 2;
	}
	rc = select_messages(mb, cfg, o->limit, &sel);
	if (rc != 0)
		goto out;
	if (o->mark_read)
		flag_selection(mb, &sel, MSG_READ, MSG_OLD);
	if (o->copy_to)
		rc = copy_selection(mb, cfg, &sel, o->copy_to, false);
	if (rc == 0 && o->save_to)
		rc = copy_selection(mb, cfg, &sel, o->save_to, true);
	if (rc != 0)
		goto out;
	if (o->del || o->save_to)
		flag_selection(mb, &sel, MSG_DELETED, 0);
	if (changes_source(o))
		rc = sync_folder(mb, (o->del || o->save_to) && sel.n > 0);
out:
	free(sel.ids);
	return rc;
}
