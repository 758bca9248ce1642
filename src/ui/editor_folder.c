/*
 * editor_folder.c - the folder completer of mailbox prompts: a directory's
 * entries and the `mailboxes` list (see editor_complete_folder in editor.h).
 */
#include <dirent.h>
#include <sys/stat.h>

#include "ui/editor_int.h"

/* A directory this big is read no further: the list would be no help anyway. */
#define FOLDER_ENTRIES_MAX 100000

static bool is_directory(const char *dir, const struct dirent *d)
{
	struct buf path = BUF_INIT;
	struct stat st;
	bool yes;

	if (d->d_type == DT_DIR)
		return true;
	if (d->d_type != DT_LNK && d->d_type != DT_UNKNOWN)
		return false;
	buf_printf(&path, "%s/%s", dir, d->d_name);
	yes = stat(path.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_release(&path);
	return yes;
}

/* The entries of dir that start with prefix; directories end with '/'. */
static void list_dir(const char *dir, const char *prefix, struct strlist *out)
{
	DIR *dh = opendir(dir);
	struct dirent *d;
	size_t plen = strlen(prefix), seen = 0;

	if (!dh)
		return;
	while ((d = readdir(dh)) && seen++ < FOLDER_ENTRIES_MAX) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if ((d->d_name[0] == '.' && prefix[0] != '.') ||
		    strncmp(d->d_name, prefix, plen) != 0)
			continue;
		if (is_directory(dir, d)) {
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s/", d->d_name);
			strlist_push(out, buf_detach(&name, NULL));
		} else {
			strlist_add(out, d->d_name);
		}
	}
	closedir(dh);
}

/* Add name, dropping "name/" from the directory's entries: the mailbox is what was meant. */
static void add_mailbox(struct strlist *out, const char *name)
{
	struct buf dir = BUF_INIT;
	long i;

	buf_printf(&dir, "%s/", name);
	i = strlist_find(out, dir.data);
	if (i >= 0) {
		free(out->v[i]);
		out->v[i] = out->v[--out->n];
	}
	buf_release(&dir);
	strlist_add(out, name);
}

/* The mailboxes in directory dir (expanded; "" for the relative word) that start with prefix. */
static void add_mailboxes(const struct config *c, const char *dir, const char *prefix,
			  struct strlist *out)
{
	const struct strlist *mb = cfg_list(c, L_MAILBOXES);
	size_t dlen = strlen(dir), plen = strlen(prefix);

	for (size_t i = 0; i < mb->n; i++) {
		const char *rest = mb->v[i] + dlen;
		if (strncmp(mb->v[i], dir, dlen) == 0 && *rest && strncmp(rest, prefix, plen) == 0)
			add_mailbox(out, rest);
	}
}

/* The empty word: every mailbox, those under $folder as "=name" (mutt_pretty_mailbox). */
static void all_mailboxes(const struct config *c, struct strlist *out)
{
	const struct strlist *mb = cfg_list(c, L_MAILBOXES);
	const char *folder = cfg_str(c, V_folder);
	size_t flen = strlen(folder);

	while (flen > 1 && folder[flen - 1] == '/')
		flen--;
	for (size_t i = 0; i < mb->n; i++) {
		const char *m = mb->v[i];
		if (flen && strncmp(m, folder, flen) == 0 && m[flen] == '/' && m[flen + 1]) {
			struct buf name = BUF_INIT;
			buf_printf(&name, "=%s", m + flen + 1);
			strlist_push(out, buf_detach(&name, NULL));
		} else {
			strlist_add(out, m);
		}
	}
}

/* How much of word names the directory: through its last '/', or a lone '=' / '+'; -1: none to list. */
static long dir_part(const char *word)
{
	const char *slash = strrchr(word, '/');

	if (slash)
		return slash + 1 - word;
	if (word[0] == '=' || word[0] == '+')
		return 1;
	if (word[0] == '~')
		return -1; /* ~user is not completed */
	return 0;
}

int editor_complete_folder(const char *word, struct strlist *out, void *ctx)
{
	const struct config *c = ctx;
	struct buf dir = BUF_INIT;
	char *part;
	long dlen;

	if (!*word && c && cfg_list(c, L_MAILBOXES)->n) {
		all_mailboxes(c, out);
		ed_sort_unique(out);
		return 0;
	}
	if (strcmp(word, "~") == 0) {
		strlist_add(out, "~/");
		return 0;
	}
	dlen = dir_part(word);
	if (dlen < 0)
		return ERR_NOTFOUND;
	part = xstrndup(word, (size_t)dlen);
	if (c)
		config_expand_path(c, part, &dir);
	else
		buf_addstr(&dir, part);
	free(part);
	list_dir(dir.len ? dir.data : ".", word + dlen, out);
	if (c)
		add_mailboxes(c, dir.data, word + dlen, out);
	buf_release(&dir);
	ed_sort_unique(out);
	return (int)dlen;
}
