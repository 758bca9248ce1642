/*
 * browser_model.c - the browser's entries: listing a directory or the
 * `mailboxes` list, classifying each entry with the model's probe, and
 * sorting them as mutt's browser does. Counts are in
 * browser_model_count.c, moving between directories in
 * browser_model_nav.c, the line format in browser_model_line.c.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "ui/browser_model_int.h"

void browser_list_init(struct browser_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void entry_release(struct browser_entry *e)
{
	free(e->name);
	free(e->path);
	free(e->imap_name);
}

void browser_list_release(struct browser_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_release(&l->v[i]);
	free(l->v);
	free(l->dir);
	free(l->imap_prefix);
	browser_list_init(l);
}

struct browser_entry *browser_list_add(struct browser_list *l)
{
	struct browser_entry *e;

	ALLOC_GROW(l->v, l->n + 1, l->cap);
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->total = e->unread = BROWSER_COUNT_UNKNOWN;
	e->local = true;
	e->order = l->n++;
	return e;
}

/* Forget the last entry added (it turned out not to be listed). */
static void list_drop_last(struct browser_list *l)
{
	entry_release(&l->v[--l->n]);
}

void browser_list_move(struct browser_list *dst, struct browser_list *src)
{
	browser_list_release(dst);
	*dst = *src;
	browser_list_init(src);
}

/*
 * Fill e from the file at e->path: what lstat says, whether it leads to a
 * directory, and (for anything but "..") its type by mx_probe, with counts
 * and the new flag when poll. False when mutt would not list it: it is gone,
 * or it is a device, a socket or a pipe.
 */
static bool entry_stat(const struct config *c, struct browser_entry *e, bool poll)
{
	struct stat st, target;
	struct buf err = BUF_INIT;

	if (lstat(e->path, &st) != 0 ||
	    (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)))
		return false;
	e->mode = st.st_mode;
	e->nlink = st.st_nlink;
	e->uid = st.st_uid;
	e->gid = st.st_gid;
	e->mtime = st.st_mtime;
	e->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	e->is_dir = S_ISDIR(st.st_mode) ||
		    (S_ISLNK(st.st_mode) && stat(e->path, &target) == 0 && S_ISDIR(target.st_mode));
	if (e->is_parent)
		return true;
	e->type = mx_probe(e->path, &err); /* not being a mailbox is no error here */
	buf_release(&err);
	if (e->type != MX_UNKNOWN && poll) {
		bm_count(c, e->path, e->type, e);
		e->has_new = mx_has_new(e->path, c);
	}
	return true;
}

/* dir without trailing slashes ("/" stays); "" is the working directory. */
static char *dir_normalize(const char *dir)
{
	size_t len = strlen(dir);

	if (!len)
		return xstrdup(".");
	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xstrndup(dir, len);
}

static char *path_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
	return buf_detach(&b, NULL);
}

bool bm_mask_allows(const struct config *c, const char *name)
{
	bool negate = false;
	const regex_t *re = cfg_regex(c, V_mask, &negate);

	return !re || (regexec(re, name, 0, NULL, 0) == 0) != negate;
}

static int dir_error(const char *dir, int e, struct buf *err)
{
	if (e == ENOTDIR) {
		buf_printf(err, _("%s is not a directory"), dir);
		return ERR_INVAL;
	}
	buf_printf(err, _("cannot read directory %s: %s"), dir, strerror(e));
	return e == ENOENT ? ERR_NOTFOUND : ERR_IO;
}

int browser_list_dir(const struct config *c, const char *dir, struct browser_list *l,
		     struct buf *err)
{
	struct browser_list nl;
	struct dirent *de;
	DIR *d;

	browser_list_init(&nl);
	nl.mode = BROWSER_DIR;
	nl.dir = dir_normalize(dir);
	d = opendir(nl.dir);
	if (!d) {
		int rc = dir_error(nl.dir, errno, err);
		browser_list_release(&nl);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		struct browser_entry *e;

		if (!strcmp(de->d_name, ".") || !bm_mask_allows(c, de->d_name))
			continue;
		e = browser_list_add(&nl);
		e->name = xstrdup(de->d_name);
		e->path = path_join(nl.dir, de->d_name);
		e->is_parent = !strcmp(de->d_name, "..");
		if (!entry_stat(c, e, true))
			list_drop_last(&nl);
	}
	closedir(d);
	browser_sort(&nl, browser_sort_method(c, BROWSER_DIR));
	browser_list_move(l, &nl);
	return 0;
}

/* ---- the mailboxes view --------------------------------------------------- */

/* mutt's pretty mailbox: "=rest" under $folder, "~/rest" under $HOME, else path. */
static char *abbreviate(const struct config *c, const char *path)
{
	const char *home = getenv("HOME");
	char *folder = dir_normalize(cfg_str(c, V_folder));
	size_t flen = strlen(folder), hlen = home ? strlen(home) : 0;
	struct buf b = BUF_INIT;

	if (*cfg_str(c, V_folder) && flen > 1 && !strncmp(path, folder, flen) &&
	    path[flen] == '/' && path[flen + 1])
		buf_printf(&b, "=%s", path + flen + 1);
	else if (hlen > 1 && !strncmp(path, home, hlen) && path[hlen] == '/')
		buf_printf(&b, "~%s", path + hlen);
	else
		buf_addstr(&b, path);
	free(folder);
	return buf_detach(&b, NULL);
}

/* A remote mailbox (scheme://...): its type, or MX_UNKNOWN for a scheme tern has no backend for. */
static bool remote_type(const char *path, enum mx_type *type)
{
	const char *sep = strstr(path, "://");

	if (!sep)
		return false;
	*type = mem_startswith_ci(path, (size_t)(sep - path), "imap")  ? MX_IMAP
		: mem_startswith_ci(path, (size_t)(sep - path), "pop") ? MX_POP
								       : MX_UNKNOWN;
	return true;
}

/* mutt dates a Maildir in this view by its new/ or cur/, whichever changed last. */
static int64_t maildir_mtime(const char *path)
{
	static const char *const subs[] = { "new", "cur" };
	int64_t t = 0;

	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		struct buf p = BUF_INIT;
		struct stat st;

		buf_printf(&p, "%s/%s", path, subs[i]);
		if (stat(p.data, &st) == 0 && st.st_mtime > t)
			t = st.st_mtime;
		buf_release(&p);
	}
	return t;
}

static void add_mailbox(const struct config *c, struct browser_list *l, const char *path,
			const struct mailbox_opts *o)
{
	struct browser_entry *e = browser_list_add(l);

	e->path = xstrdup(path);
	e->name = o && o->label                                 ? xstrdup(o->label)
		  : cfg_bool(c, V_browser_abbreviate_mailboxes) ? abbreviate(c, path)
								: xstrdup(path);
	if (remote_type(path, &e->type)) {
		e->local = false;
		return;
	}
	if (!entry_stat(c, e, !(o && o->nopoll)))
		list_drop_last(l);
	else if (e->type == MX_MAILDIR)
		e->mtime = maildir_mtime(path);
}

int browser_list_mailboxes(const struct config *c, struct browser_list *l, struct buf *err)
{
	const struct strlist *boxes = cfg_list(c, L_MAILBOXES);
	struct browser_list nl;

	(void)err; /* a mailbox that cannot be listed is left out, as mutt does */
	browser_list_init(&nl);
	nl.mode = BROWSER_MAILBOXES;
	nl.dir = l->dir ? xstrdup(l->dir) : NULL; /* for <toggle-mailboxes> back */
	for (size_t i = 0; i < boxes->n; i++)
		add_mailbox(c, &nl, boxes->v[i], cfg_mailbox_opts(c, i));
	browser_sort(&nl, browser_sort_method(c, BROWSER_MAILBOXES));
	browser_list_move(l, &nl);
	return 0;
}

/* ---- sorting ------------------------------------------------------------ */

/* The part of a name after its last '/', or NULL when it has none. */
static const char *after_slash(const char *s)
{
	const char *p = strrchr(s, '/');

	return p ? p + 1 : NULL;
}

/*
 * mutt_inbox_cmp: an "inbox" sorts ahead of its siblings (=inbox before
 * =archive, Mail/INBOX before Mail/Drafts), whatever the collation says.
 */
static int inbox_cmp(const char *a, const char *b)
{
	const char *ba, *bb;

	if ((a[0] == '=' || a[0] == '+') && a[0] == b[0]) {
		ba = a + 1;
		bb = b + 1;
	} else {
		ba = after_slash(a);
		bb = after_slash(b);
		if (!ba || !bb || ba - a != bb - b || ascii_strncasecmp(a, b, (size_t)(ba - a)))
			return 0;
	}
	if (!ascii_strcasecmp(ba, "inbox"))
		return ascii_strcasecmp(bb, "inbox") ? -1 : 0;
	return !ascii_strcasecmp(bb, "inbox") ? 1 : 0;
}

static int cmp_name(const struct browser_entry *a, const struct browser_entry *b)
{
	int r = inbox_cmp(a->name, b->name);

	return r ? r : strcoll(a->name, b->name);
}

/* mutt counts a folder without a count as empty. */
static long count0(long n)
{
	return n < 0 ? 0 : n;
}

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

static int cmp_entries(const void *pa, const void *pb, void *arg)
{
	const struct browser_entry *a = pa, *b = pb;
	int method = *(const int *)arg, r;

	if (a->is_parent != b->is_parent)
		return a->is_parent ? -1 : 1; /* ".." stays on top, reversed or not */
	switch (method & SORT_MASK) {
	case SORT_DATE:
		r = CMP(a->mtime, b->mtime);
		break;
	case SORT_SIZE:
		r = CMP(a->size, b->size);
		break;
	case SORT_COUNT:
		r = CMP(count0(a->total), count0(b->total));
		break;
	case SORT_UNREAD:
		r = CMP(count0(a->unread), count0(b->unread));
		break;
	default:
		r = 0;
		break;
	}
	if (!r)
		r = cmp_name(a, b); /* mutt leaves ties to qsort; names are steadier */
	if (method & SORT_REVERSE)
		r = -r;
	return r ? r : CMP(a->order, b->order);
}

static int cmp_order(const void *pa, const void *pb)
{
	const struct browser_entry *a = pa, *b = pb;

	return CMP(a->order, b->order);
}

void browser_sort(struct browser_list *l, int method)
{
	if (l->n < 2)
		return;
	if ((method & SORT_MASK) == SORT_ORDER)
		qsort(l->v, l->n, sizeof(*l->v), cmp_order); /* as listed; mutt ignores reverse- */
	else
		qsort_r(l->v, l->n, sizeof(*l->v), cmp_entries, &method);
}

int browser_sort_method(const struct config *c, enum browser_mode mode)
{
	return cfg_sort(c, mode == BROWSER_MAILBOXES ? V_sort_browser_mailboxes : V_sort_browser);
}

long browser_find(const struct browser_list *l, const char *name, bool by_path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(by_path ? l->v[i].path : l->v[i].name, name))
			return (long)i;
	return -1;
}

bool browser_entry_descends(const struct browser_entry *e)
{
	return e->is_parent || (e->is_dir && e->type == MX_UNKNOWN);
}
