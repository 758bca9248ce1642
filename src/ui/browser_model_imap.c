/*
 * browser_model_imap.c - the browser on an IMAP server: one level of the
 * server's folders as entries (mutt's IMAP browser), ".." up, the folder
 * being listed itself when it can be opened, subscribed ones only with
 * $imap_list_subscribed or <toggle-subscribed>, STATUS counts, and the
 * folder commands. The connection stays open while the browser is.
 */
#include <sys/stat.h>

#include "ui/browser_model_imap.h"
#include "ui/browser_model_int.h"

bool browser_is_imap(const char *path)
{
	return ascii_strncasecmp(path, "imap://", 7) == 0 ||
	       ascii_strncasecmp(path, "imaps://", 8) == 0;
}

void browser_imap_init(struct browser_imap *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->ask.cancel_fd = -1;
}

void browser_imap_release(struct browser_imap *bi)
{
	imap_folders_close(&bi->f);
}

static bool same_server(const struct imap_url *a, const struct imap_url *b)
{
	return a->tls == b->tls && a->port == b->port && !ascii_strcasecmp(a->host, b->host) &&
	       !strcmp(a->user ? a->user : "", b->user ? b->user : "");
}

/* The connection to url's server: the open one when it is that server's and alive. */
static int connect_for(const struct config *c, struct browser_imap *bi, const char *url,
		       struct imap_url *u, struct buf *err)
{
	int rc = imap_url_parse(url, u, err);

	if (rc != 0)
		return rc;
	if (bi->f && imap_folders_alive(bi->f) && same_server(imap_folders_url(bi->f), u))
		return 0;
	imap_folders_close(&bi->f);
	rc = imap_folders_open(url, c, &bi->ask, &bi->f, err);
	if (rc != 0)
		imap_url_release(u);
	bi->fresh = rc == 0;
	return rc;
}

/* The URL's folder as a prefix to list: "" for the top, trailing delimiters dropped. */
static char *url_prefix(const struct config *c, const struct imap_url *u)
{
	const char *chars = cfg_str(c, V_imap_delim_chars);
	size_t len;

	if (!u->mailbox_given)
		return xstrdup("");
	len = strlen(u->mailbox);
	/* "imaps://host/Lists/" means Lists, as mutt's =Lists/ does */
	while (len && strchr(chars, u->mailbox[len - 1]))
		len--;
	return xstrndup(u->mailbox, len);
}

static char *folder_url(const struct imap_url *u, const char *name)
{
	struct buf b = BUF_INIT;

	imap_url_format(u, name, &b);
	return buf_detach(&b, NULL);
}

static void add_entry(struct browser_list *l, const struct imap_url *u, const char *name,
		      const char *full, char delim, unsigned attrs)
{
	struct browser_entry *e = browser_list_add(l);

	e->local = false;
	e->type = MX_IMAP;
	e->name = xstrdup(name);
	e->imap_name = xstrdup(full);
	e->path = folder_url(u, full);
	e->delim = delim;
	e->noselect = (attrs & IMAP_LIST_NOSELECT) != 0;
	e->is_dir = imap_folder_has_children(attrs);
	e->mode = e->is_dir ? S_IFDIR | 0700 : S_IFREG | 0600;
	e->special = imap_folder_special(attrs);
}

void browser_imap_fill(const struct imap_url *u, const char *prefix, char delim,
		       unsigned prefix_attrs, const struct imap_folder_list *fl,
		       struct browser_list *l)
{
	struct buf parent = BUF_INIT;

	l->imap = true;
	l->mode = BROWSER_DIR;
	l->imap_prefix = xstrdup(prefix);
	l->dir = folder_url(u, prefix);
	if (*prefix) {
		struct browser_entry *e = browser_list_add(l);
		imap_folder_parent(prefix, delim, &parent);
		e->local = false;
		e->is_parent = e->is_dir = true;
		e->type = MX_IMAP;
		e->name = xstrdup("..");
		e->imap_name = xstrdup(parent.data);
		e->path = folder_url(u, parent.data);
		/* the folder listed, to open it: selecting a folder with children enters it */
		if (!(prefix_attrs & IMAP_LIST_NOSELECT)) {
			add_entry(l, u, imap_folder_leaf(prefix, delim), prefix, delim, 0);
			l->v[l->n - 1].is_dir = false;
			l->v[l->n - 1].mode = S_IFREG | 0600;
		}
	}
	for (size_t i = 0; i < fl->n; i++)
		add_entry(l, u, imap_folder_leaf(fl->v[i].name, fl->v[i].delim), fl->v[i].name,
			  fl->v[i].delim, fl->v[i].attrs);
	buf_release(&parent);
}

/* $mask applies to a server's folders too (by their last component), as in mutt. */
static void mask_folders(const struct config *c, struct imap_folder_list *fl, char delim)
{
	size_t k = 0;

	for (size_t i = 0; i < fl->n; i++) {
		if (bm_mask_allows(c, imap_folder_leaf(fl->v[i].name, delim)))
			fl->v[k++] = fl->v[i];
		else
			free(fl->v[i].name);
	}
	fl->n = k;
}

int browser_imap_list(const struct config *c, struct browser_imap *bi, const char *url,
		      bool subscribed, struct browser_list *l, size_t *sel, struct buf *err)
{
	struct imap_url u;
	struct imap_folder_list fl;
	struct browser_list nl;
	struct buf up = BUF_INIT;
	char *prefix, delim = 0, *came_from = NULL;
	unsigned attrs = 0;
	int rc = connect_for(c, bi, url, &u, err);

	if (rc != 0)
		return rc;
	imap_folder_list_init(&fl);
	browser_list_init(&nl);
	prefix = url_prefix(c, &u);
	rc = imap_folders_info(bi->f, prefix, &delim, &attrs, err);
	if (rc == 0 && *prefix && !imap_folder_has_children(attrs) &&
	    (attrs & (IMAP_LIST_NOINFERIORS | IMAP_LIST_HASNOCHILDREN))) {
		/* a folder without folders below: list its parent, the cursor on it (mutt) */
		came_from = prefix;
		imap_folder_parent(came_from, delim, &up);
		prefix = xstrdup(up.data);
		rc = *prefix ? imap_folders_info(bi->f, prefix, &delim, &attrs, err) : 0;
	}
	if (rc == 0)
		rc = imap_folders_list(bi->f, prefix, delim, subscribed, &fl, err);
	if (rc == 0) {
		mask_folders(c, &fl, delim);
		browser_imap_fill(&u, prefix, delim, attrs, &fl, &nl);
		nl.subscribed = subscribed;
		browser_sort(&nl, browser_sort_method(c, BROWSER_DIR));
		browser_list_move(l, &nl);
		if (sel) {
			long i = came_from ? browser_find(l, imap_folder_leaf(came_from, delim),
							  false)
					   : -1;
			*sel = i < 0 ? 0 : (size_t)i;
		}
	}
	free(prefix);
	free(came_from);
	buf_release(&up);
	imap_folder_list_release(&fl);
	browser_list_release(&nl);
	imap_url_release(&u);
	return rc;
}

int browser_imap_relist(const struct config *c, struct browser_imap *bi, struct browser_list *l,
			const char *keep, size_t *sel, struct buf *err)
{
	char *dir = xstrdup(l->dir ? l->dir : "");
	int rc = browser_imap_list(c, bi, dir, l->subscribed, l, sel, err);

	for (size_t i = 0; rc == 0 && keep && sel && i < l->n; i++)
		if (!l->v[i].is_parent && l->v[i].imap_name && !strcmp(l->v[i].imap_name, keep))
			*sel = i;
	free(dir);
	return rc;
}

int browser_imap_create(const struct config *c, struct browser_imap *bi, struct browser_list *l,
			const char *typed, struct buf *name, struct buf *err)
{
	struct imap_url u;
	char delim = 0;
	unsigned attrs;
	int rc = connect_for(c, bi, l->dir, &u, err);

	if (rc != 0)
		return rc;
	/* a name typed is under the folder listed; the server's delimiter makes deeper ones */
	rc = imap_folders_info(bi->f, "", &delim, &attrs, err);
	if (rc == 0) {
		imap_folder_join(l->imap_prefix, delim, typed, name);
		rc = imap_folders_do(bi->f, IMAP_FOLDER_CREATE, name->data, err);
	}
	imap_url_release(&u);
	return rc;
}

int browser_imap_rename(const struct config *c, struct browser_imap *bi,
			const struct browser_entry *e, const char *to, struct buf *err)
{
	struct imap_url u;
	int rc = connect_for(c, bi, e->path, &u, err);

	if (rc == 0) {
		rc = imap_folders_rename(bi->f, e->imap_name, to, err);
		imap_url_release(&u);
	}
	return rc;
}

int browser_imap_do(const struct config *c, struct browser_imap *bi, const struct browser_entry *e,
		    enum imap_folder_op op, struct buf *err)
{
	struct imap_url u;
	int rc = connect_for(c, bi, e->path, &u, err);

	if (rc == 0) {
		rc = imap_folders_do(bi->f, op, e->imap_name, err);
		imap_url_release(&u);
	}
	return rc;
}

int browser_imap_subscribed(struct browser_imap *bi, struct strlist *out, struct buf *err)
{
	struct imap_folder_list fl;
	int rc;

	bi->fresh = false;
	if (!bi->f)
		return ERR_INVAL;
	imap_folder_list_init(&fl);
	rc = imap_folders_subscribed(bi->f, &fl, err);
	for (size_t i = 0; rc == 0 && i < fl.n; i++)
		if (!(fl.v[i].attrs & IMAP_LIST_NOSELECT))
			strlist_push(out, folder_url(imap_folders_url(bi->f), fl.v[i].name));
	imap_folder_list_release(&fl);
	return rc;
}

void browser_imap_counts(const struct config *c, struct browser_imap *bi, struct browser_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct browser_entry *e = &l->v[i];
		struct imap_folder_status st;
		struct buf err = BUF_INIT;
		struct imap_url u;

		if (e->local || e->type != MX_IMAP || e->is_parent || e->noselect)
			continue;
		if (connect_for(c, bi, e->path, &u, &err) == 0) {
			const char *name = e->imap_name ? e->imap_name : u.mailbox;
			if (imap_folders_status(bi->f, name, &st, &err) == 0) {
				e->total = (long)st.messages;
				e->unread = (long)st.unseen;
				e->has_new = st.unseen > 0;
			}
			imap_url_release(&u);
		}
		buf_release(&err);
		if (!bi->f)
			break; /* the server cannot be reached: no use trying each folder */
	}
}
