/*
 * browser_model_nav.c - moving the browser between directories: entering
 * one, going up (with the cursor back on the directory we left, mutt's
 * $browser_sticky_cursor), and <change-dir> to a typed path. Paths are
 * handled as text, as mutt does: going up drops the last component rather
 * than following "..", so a symbolic link is left the way it was entered.
 */
#include "ui/browser_model_int.h"

/* Length of dir without trailing slashes ("/" keeps its one). */
static size_t trimmed_len(const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return len;
}

/* True when the last component of (dir, len) is "..". */
static bool ends_in_dotdot(const char *dir, size_t len)
{
	return len >= 2 && !memcmp(dir + len - 2, "..", 2) && (len == 2 || dir[len - 3] == '/');
}

void browser_parent_dir(const char *dir, struct buf *out)
{
	size_t len = trimmed_len(dir);
	const char *slash;

	buf_reset(out);
	if (ends_in_dotdot(dir, len)) {
		buf_add(out, dir, len);
		buf_addstr(out, "/..");
		return;
	}
	slash = len > 1 ? memrchr(dir + 1, '/', len - 1) : NULL;
	if (slash)
		buf_add(out, dir, (size_t)(slash - dir));
	else
		buf_addstr(out, dir[0] == '/' ? "/" : "..");
}

int browser_up(const struct config *c, struct browser_list *l, size_t *sel, struct buf *err)
{
	const char *dir = l->dir ? l->dir : ".";
	size_t len = trimmed_len(dir);
	struct buf parent = BUF_INIT, child = BUF_INIT;
	const char *slash = memrchr(dir, '/', len);
	long found;
	int rc;

	/* the component we leave, to find it again in the parent */
	if (!ends_in_dotdot(dir, len) && strcmp(dir, "/"))
		buf_add(&child, slash ? slash + 1 : dir,
			slash ? len - (size_t)(slash + 1 - dir) : len);
	browser_parent_dir(dir, &parent);
	rc = browser_list_dir(c, parent.data, l, err);
	if (rc == 0) {
		found = child.len ? browser_find(l, child.data, false) : -1;
		*sel = found < 0 ? 0 : (size_t)found;
	}
	buf_release(&parent);
	buf_release(&child);
	return rc;
}

int browser_enter(const struct config *c, struct browser_list *l, size_t i, size_t *sel,
		  struct buf *err)
{
	char *path;
	int rc;

	if (i >= l->n)
		return ERR_INVAL;
	if (l->v[i].is_parent)
		return browser_up(c, l, sel, err);
	if (!l->v[i].is_dir) {
		buf_printf(err, _("%s is not a directory"), l->v[i].path);
		return ERR_INVAL;
	}
	path = xstrdup(l->v[i].path); /* listing replaces the entry */
	rc = browser_list_dir(c, path, l, err);
	if (rc == 0)
		*sel = 0;
	free(path);
	return rc;
}

int browser_chdir(const struct config *c, struct browser_list *l, const char *typed,
		  struct buf *err)
{
	struct buf exp = BUF_INIT, path = BUF_INIT;
	int rc;

	config_expand_path(c, typed, &exp);
	if (!exp.len) {
		buf_addstr(err, _("No directory given"));
		rc = ERR_INVAL;
		goto out;
	}
	if (exp.data[0] != '/' && l->dir)
		buf_printf(&path, "%s%s%s", l->dir, strcmp(l->dir, "/") ? "/" : "", exp.data);
	else
		buf_addbuf(&path, &exp); /* relative to the working directory */
	rc = browser_list_dir(c, path.data, l, err);
out:
	buf_release(&exp);
	buf_release(&path);
	return rc;
}
