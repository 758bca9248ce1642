/*
 * folders.c - folder entries from LIST/LSUB responses and hierarchical
 * names: the pure half of folders.h (no connection here).
 */
#include "imap/folders.h"

void imap_folder_list_init(struct imap_folder_list *l)
{
	memset(l, 0, sizeof(*l));
}

void imap_folder_list_release(struct imap_folder_list *l)
{
	size_t max = l->max;

	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	imap_folder_list_init(l);
	l->max = max;
}

/* True when (s, len) holds a C0 or C1 control or DEL: a name that could drive the terminal. */
static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f ||
		    (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f))
			return true;
	}
	return false;
}

/* The name of r in UTF-8 into out; false when it cannot be one of ours. */
static bool decode_name(const struct imap_list *r, bool utf8, struct buf *out)
{
	struct buf err = BUF_INIT;
	bool ok;

	if (!r->mailbox.s || r->mailbox.len == 0 || r->mailbox.len > IMAP_FOLDER_NAME_MAX ||
	    memchr(r->mailbox.s, '\0', r->mailbox.len))
		return false;
	if (utf8)
		ok = utf8_valid(r->mailbox.s, r->mailbox.len);
	else
		ok = imap_mutf7_decode(r->mailbox.s, r->mailbox.len, out, &err) == 0;
	if (ok && utf8)
		buf_add(out, r->mailbox.s, r->mailbox.len);
	buf_release(&err);
	return ok && out->len <= IMAP_FOLDER_NAME_MAX && !has_control(out->data, out->len);
}

static bool listed(const struct imap_folder_list *l, const char *name)
{
	/* servers send each name once; a hostile one repeating names is bounded by the cap */
	for (size_t i = l->n; i-- > 0 && i + 64 >= l->n;)
		if (!strcmp(l->v[i].name, name))
			return true;
	return false;
}

bool imap_folder_list_add(struct imap_folder_list *l, const struct imap_list *r, bool utf8)
{
	size_t max = l->max ? l->max : IMAP_FOLDERS_MAX;
	struct buf name = BUF_INIT;
	bool added = false;

	if (l->n < max && decode_name(r, utf8, &name) && !listed(l, name.data)) {
		ALLOC_GROW(l->v, l->n + 1, l->cap);
		l->v[l->n].delim = r->delim;
		l->v[l->n].attrs = r->attrs;
		l->v[l->n++].name = buf_detach(&name, NULL);
		added = true;
	} else {
		l->dropped++;
	}
	buf_release(&name);
	return added;
}

static int cmp_folder(const void *pa, const void *pb)
{
	const struct imap_folder *a = pa, *b = pb;
	bool ia = !ascii_strcasecmp(a->name, "INBOX"), ib = !ascii_strcasecmp(b->name, "INBOX");

	if (ia != ib)
		return ia ? -1 : 1;
	return strcmp(a->name, b->name);
}

void imap_folder_list_sort(struct imap_folder_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_folder);
}

const char *imap_folder_leaf(const char *name, char delim)
{
	const char *p = delim ? strrchr(name, delim) : NULL;

	return p ? p + 1 : name;
}

void imap_folder_parent(const char *name, char delim, struct buf *out)
{
	const char *p = delim ? strrchr(name, delim) : NULL;

	buf_reset(out);
	if (p)
		buf_add(out, name, (size_t)(p - name));
}

void imap_folder_join(const char *prefix, char delim, const char *leaf, struct buf *out)
{
	buf_reset(out);
	buf_addstr(out, prefix);
	if (*prefix && delim)
		buf_addch(out, delim);
	buf_addstr(out, leaf);
}

const char *imap_folder_special(unsigned attrs)
{
	static const struct {
		unsigned bit;
		const char *word;
	} roles[] = {
		{ IMAP_LIST_SENT, "Sent" },       { IMAP_LIST_TRASH, "Trash" },
		{ IMAP_LIST_DRAFTS, "Drafts" },   { IMAP_LIST_JUNK, "Junk" },
		{ IMAP_LIST_ARCHIVE, "Archive" }, { IMAP_LIST_ALL, "All" },
		{ IMAP_LIST_FLAGGED, "Flagged" }, { IMAP_LIST_IMPORTANT, "Important" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (attrs & roles[i].bit)
			return roles[i].word;
	return NULL;
}

bool imap_folder_has_children(unsigned attrs)
{
	if (attrs & (IMAP_LIST_NOINFERIORS | IMAP_LIST_HASNOCHILDREN))
		return false;
	/* \Noselect without \NoInferiors is a pure hierarchy node: only for entering */
	return (attrs & (IMAP_LIST_HASCHILDREN | IMAP_LIST_NOSELECT)) != 0;
}
