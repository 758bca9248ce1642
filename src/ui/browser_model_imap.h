/*
 * browser_model_imap.h - the browser's entries on an IMAP server
 * (browser_model_imap.c): listing one level, the folder commands and
 * STATUS counts, through src/imap/folders.h. No curses here; the screen
 * (browser.c) supplies the questions (certificate, password) and the
 * cancel descriptor in bi->ask before the first call.
 */
#ifndef TERN_UI_BROWSER_MODEL_IMAP_H
#define TERN_UI_BROWSER_MODEL_IMAP_H

#include "imap/folders.h"
#include "ui/browser_model.h"

struct browser_imap {
	struct imap_folders *f; /* the open connection, or NULL */
	struct imap_folders_ask ask;
	bool fresh; /* the connection is new: $imap_check_subscribed has not looked yet */
};

void browser_imap_init(struct browser_imap *bi);
/* Log out and close the connection. */
void browser_imap_release(struct browser_imap *bi);
/* True for an imap:// or imaps:// path. */
bool browser_is_imap(const char *path);

/*
 * Fill l (empty) with the folders fl found below prefix on u's server:
 * ".." (to prefix's parent) and prefix itself (unless \Noselect) first when
 * prefix is not the top, each named by its last component, the path its
 * URL. Pure: for the unit tests.
 */
void browser_imap_fill(const struct imap_url *u, const char *prefix, char delim,
		       unsigned prefix_attrs, const struct imap_folder_list *fl,
		       struct browser_list *l);
/*
 * List the folders below url's folder (its parent when it has none, the
 * cursor then on it: *sel), LSUB when subscribed, sorted by $sort_browser,
 * into l (replaced; unchanged on error). Connects when needed.
 */
int browser_imap_list(const struct config *c, struct browser_imap *bi, const char *url,
		      bool subscribed, struct browser_list *l, size_t *sel, struct buf *err);
/* List l's folder again (after a change), *sel on the folder whose full name is keep. */
int browser_imap_relist(const struct config *c, struct browser_imap *bi, struct browser_list *l,
			const char *keep, size_t *sel, struct buf *err);
/* CREATE typed below the folder l lists; its full name into name (reset first). */
int browser_imap_create(const struct config *c, struct browser_imap *bi, struct browser_list *l,
			const char *typed, struct buf *name, struct buf *err);
/* RENAME e's folder to the full name to. */
int browser_imap_rename(const struct config *c, struct browser_imap *bi,
			const struct browser_entry *e, const char *to, struct buf *err);
/* DELETE, SUBSCRIBE or UNSUBSCRIBE e's folder. */
int browser_imap_do(const struct config *c, struct browser_imap *bi, const struct browser_entry *e,
		    enum imap_folder_op op, struct buf *err);
/*
 * The URLs of the subscribed folders (not \Noselect) on the server of the
 * open connection, appended to out; clears bi->fresh.
 */
int browser_imap_subscribed(struct browser_imap *bi, struct strlist *out, struct buf *err);
/* STATUS counts (%m %n %N) for l's IMAP entries; a folder that fails keeps unknown counts. */
void browser_imap_counts(const struct config *c, struct browser_imap *bi, struct browser_list *l);

#endif /* TERN_UI_BROWSER_MODEL_IMAP_H */
