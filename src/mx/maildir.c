/* maildir.c - reading a Maildir (cur/ and new/) into a mailbox */
#include <dirent.h>
#include <sys/stat.h>

#include "mx/mx.h"

unsigned maildir_flags(const char *name)
{
	const char *info = strstr(name, ":2,");
	unsigned f = 0;

	if (!info)
		return 0;
	for (const char *p = info + 3; *p; p++) {
		switch (*p) {
		case 'S':
			f |= MSG_SEEN;
			break;
		case 'R':
			f |= MSG_REPLIED;
			break;
		case 'F':
			f |= MSG_FLAGGED;
			break;
		case 'T':
			f |= MSG_TRASHED;
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

bool mailbox_has_new(const char *path)
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

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the regular entries of path/sub, sorted, prefixed with "sub/". */
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

static void load_message(struct mailbox *mb, char *file)
{
	struct buf path = BUF_INIT, raw = BUF_INIT;
	struct message *m;

	buf_printf(&path, "%s/%s", mb->path, file);
	if (file_read_all(path.data, &raw, 0) != 0) {
		/* vanished or unreadable since listing: not part of the mailbox now */
		free(file);
		goto out;
	}
	ALLOC_GROW(mb->msgs, mb->n + 1, mb->cap);
	m = &mb->msgs[mb->n++];
	m->file = file;
	m->size = raw.len;
	m->flags = strncmp(file, "new/", 4) == 0 ? MSG_NEW : maildir_flags(file);
	envelope_init(&m->env);
	email_parse(raw.data, raw.len, &m->env, NULL);
out:
	buf_release(&path);
	buf_release(&raw);
}

int mailbox_open(const char *path, struct mailbox *mb, struct buf *err)
{
	struct strlist files = STRLIST_INIT;
	int rc;

	memset(mb, 0, sizeof(*mb));
	if ((rc = list_dir(path, "cur", &files)) != 0 ||
	    (rc = list_dir(path, "new", &files)) != 0) {
		buf_printf(err, _("%s is not a readable Maildir: %s"), path, strerror(errno));
		strlist_release(&files);
		return rc;
	}
	mb->path = xstrdup(path);
	for (size_t i = 0; i < files.n; i++)
		load_message(mb, files.v[i]); /* takes the name */
	free(files.v);
	return 0;
}

void mailbox_release(struct mailbox *mb)
{
	for (size_t i = 0; i < mb->n; i++) {
		free(mb->msgs[i].file);
		envelope_release(&mb->msgs[i].env);
	}
	free(mb->msgs);
	free(mb->path);
	memset(mb, 0, sizeof(*mb));
}

int message_read(const struct mailbox *mb, size_t i, struct buf *raw)
{
	struct buf path = BUF_INIT;
	int rc;

	if (i >= mb->n)
		return ERR_NOTFOUND;
	buf_printf(&path, "%s/%s", mb->path, mb->msgs[i].file);
	rc = file_read_all(path.data, raw, 0);
	buf_release(&path);
	return rc;
}
