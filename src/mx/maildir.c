/*
 * maildir.c - FIRST CUT, being replaced: reads cur/ and new/ synchronously,
 * no header cache, no flag writes.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "mx/mx-private.h"

static unsigned maildir_flags(const char *name)
{
	const char *info = strstr(name, ":2,");
	unsigned f = 0;

	if (!info)
		return 0;
	for (const char *p = info + 3; *p; p++) {
		switch (*p) {
		case 'S':
			f |= MSG_READ;
			break;
		case 'R':
			f |= MSG_REPLIED;
			break;
		case 'F':
			f |= MSG_FLAGGED;
			break;
		case 'T':
			f |= MSG_DELETED;
			break;
		case 'D':
			f |= MSG_DRAFT;
			break;
		case 'P':
			f |= MSG_PASSED;
			break;
		}
	}
	return f;
}

static bool maildir_probe(const char *path)
{
	struct buf p = BUF_INIT;
	struct stat st;
	bool r;

	buf_printf(&p, "%s/cur", path);
	r = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_release(&p);
	return r;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *path, const char *sub, struct strlist *out)
{
	struct buf dir = BUF_INIT;
	struct dirent *de;
	size_t start = out->n;
	DIR *d;

	buf_printf(&dir, "%s/%s", path, sub);
	d = opendir(dir.data);
	buf_release(&dir);
	if (!d)
		return ERR_IO;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		struct buf name = BUF_INIT;
		buf_printf(&name, "%s/%s", sub, de->d_name);
		strlist_push(out, buf_detach(&name, NULL));
	}
	closedir(d);
	qsort(out->v + start, out->n - start, sizeof(char *), cmp_names);
	return 0;
}

static int maildir_open(struct mailbox *mb, struct buf *err)
{
	struct strlist files = STRLIST_INIT;
	struct buf path = BUF_INIT, raw = BUF_INIT;
	struct arena mem = ARENA_INIT;
	struct message *batch = xcalloc(1, sizeof(*batch));
	int rc;

	if ((rc = list_dir(mb->path, "cur", &files)) != 0 ||
	    (rc = list_dir(mb->path, "new", &files)) != 0) {
		buf_printf(err, _("%s is not a readable Maildir: %s"), mb->path, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < files.n && !mx_cancelled(mb); i++) {
		struct envelope env;
		struct stat st;
		buf_reset(&path);
		buf_reset(&raw);
		buf_printf(&path, "%s/%s", mb->path, files.v[i]);
		if (file_read_all(path.data, &raw, 0) != 0 || stat(path.data, &st) != 0)
			continue;
		envelope_init(&env);
		email_parse(raw.data, raw.len, &env, NULL);
		struct message *m = batch;
		memset(m, 0, sizeof(*m));
		m->env = menv_pack(&env, arena_alloc(&mem, menv_packed_size(&env)));
		m->loc.file = arena_strndup(&mem, files.v[i], strlen(files.v[i]));
		m->size = raw.len;
		m->received = st.st_mtime;
		m->flags = strncmp(files.v[i], "new/", 4) == 0 ? 0 : maildir_flags(files.v[i]);
		if (strncmp(files.v[i], "cur/", 4) == 0 && !(m->flags & MSG_READ))
			m->flags |= MSG_OLD;
		envelope_release(&env);
		mx_add(mb, m, 1, &mem);
		mx_progress(mb, _("Reading"), i + 1, files.n);
	}
out:
	free(batch);
	strlist_release(&files);
	buf_release(&path);
	buf_release(&raw);
	arena_release(&mem);
	return rc;
}

static int maildir_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc;

	mailbox_lock(mb);
	struct message *m = mx_find(mb, id);
	if (m)
		buf_printf(&path, "%s/%s", mb->path, m->loc.file);
	mailbox_unlock(mb);
	if (!path.len) {
		buf_addstr(err, _("no such message"));
		return ERR_NOTFOUND;
	}
	rc = file_read_all(path.data, raw, 0);
	if (rc)
		buf_printf(err, _("%s: %s"), path.data, strerror(errno));
	buf_release(&path);
	return rc;
}

static bool maildir_has_new(const char *path)
{
	struct buf dir = BUF_INIT;
	struct dirent *de;
	bool found = false;
	DIR *d;

	buf_printf(&dir, "%s/new", path);
	d = opendir(dir.data);
	buf_release(&dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = de->d_name[0] != '.';
	closedir(d);
	return found;
}

const struct mx_ops mx_maildir_ops = {
	.has_new = maildir_has_new,
	.type = MX_MAILDIR,
	.name = "Maildir",
	.probe = maildir_probe,
	.open = maildir_open,
	.read = maildir_read,
};
