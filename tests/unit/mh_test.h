/*
 * mh_test.h - helpers shared by the MH backend's tests: temporary folders,
 * files, listings, and the model as a short string.
 */
#ifndef TERN_MH_TEST_H
#define TERN_MH_TEST_H

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>

#include "tests/unit/unit.h"

#include "mx/mh.h"

static inline char *tmp_dir(void)
{
	struct buf b = BUF_INIT;
	const char *t = getenv("TMPDIR");

	buf_printf(&b, "%s/tern-mh-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(b.data));
	return buf_detach(&b, NULL);
}

static inline int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static inline void rm_tree(char **dir)
{
	nftw(*dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(*dir);
	*dir = NULL;
}

static inline char *path_of(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static inline void put(const char *dir, const char *name, const char *text)
{
	char *p = path_of(dir, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, text, strlen(text)), 0);
	close(fd);
	free(p);
}

/* A message whose subject is "s<num>". */
static inline void put_msg(const char *dir, unsigned num)
{
	char name[16], text[160];

	snprintf(name, sizeof(name), "%u", num);
	snprintf(text, sizeof(text),
		 "From: a%u@example.org\nSubject: s%u\nMessage-ID: <%u@x>\n\nbody %u\n", num, num,
		 num, num);
	put(dir, name, text);
}

/* The file's text ("<none>" when it does not exist); caller frees. */
static inline char *get(const char *dir, const char *name)
{
	char *p = path_of(dir, name);
	struct buf b = BUF_INIT;

	if (file_read_all(p, &b, 0) == ERR_NOTFOUND)
		buf_addstr(&b, "<none>");
	free(p);
	return buf_detach(&b, NULL);
}

/* Assert that the string expr (malloc'd; freed here) equals want. */
#define assert_owned_str(expr, want)             \
	do {                                     \
		char *got_ = (expr);             \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

#define assert_file(dir, name, want) assert_owned_str(get(dir, name), want)

static inline bool exists(const char *dir, const char *name)
{
	char *p = path_of(dir, name);
	struct stat st;
	bool r = lstat(p, &st) == 0;
	free(p);
	return r;
}

/* The names in dir, sorted, space-separated (what a person sees with ls -A). */
static inline char *listing(const char *dir)
{
	struct dirent **v;
	struct buf b = BUF_INIT;
	int n = scandir(dir, &v, NULL, alphasort);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, ".."))
			buf_printf(&b, "%s%s", b.len ? " " : "", v[i]->d_name);
		free(v[i]);
	}
	free(v);
	return buf_detach(&b, NULL);
}

#define assert_listing(dir, want) assert_owned_str(listing(dir), want)

static inline void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

/* A mailbox for dir with the header cache off (or in cache_dir). */
static inline struct mailbox *mb_new(const char *dir, const char *cache_dir)
{
	struct mailbox *mb = mailbox_new(dir, NULL);

	set_str(&mb->set.header_cache, cache_dir ? cache_dir : "/dev/null");
	mb->type = MX_MH;
	mb->ops = &mx_mh_ops;
	return mb;
}

static inline struct mailbox *mb_open(const char *dir, const char *cache_dir)
{
	struct mailbox *mb = mb_new(dir, cache_dir);
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, MX_OP_OPEN, &err);

	if (rc)
		fail_msg("open %s: %d %s", dir, rc, err.data);
	buf_release(&err);
	return mb;
}

static inline int run(struct mailbox *mb, enum mx_op op)
{
	struct buf err = BUF_INIT;
	int rc = mx_run(mb, op, &err);
	buf_release(&err);
	return rc;
}

/* "num:flags" of every message, in mailbox order: flags as letters N(unread) F R D O. */
static inline char *model(struct mailbox *mb)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < mb->n; i++) {
		const struct message *m = &mb->msgs[i];
		buf_printf(&b, "%s%u:", i ? " " : "", m->loc.num);
		if (!(m->flags & MSG_READ))
			buf_addch(&b, 'N');
		if (m->flags & MSG_FLAGGED)
			buf_addch(&b, 'F');
		if (m->flags & MSG_REPLIED)
			buf_addch(&b, 'R');
		if (m->flags & MSG_DELETED)
			buf_addch(&b, 'D');
		if (m->flags & MSG_OLD)
			buf_addch(&b, 'O');
	}
	return buf_detach(&b, NULL);
}

#define assert_model(mb, want) assert_owned_str(model(mb), want)

/* Index of message num in mailbox order. */
static inline size_t idx(struct mailbox *mb, uint32_t num)
{
	for (size_t i = 0; i < mb->n; i++)
		if (mb->msgs[i].loc.num == num)
			return i;
	fail_msg("no message %u", num);
	return 0;
}

static inline const char *subject(struct mailbox *mb, uint32_t num)
{
	return menv_str(mb->msgs[idx(mb, num)].env, ME_SUBJECT);
}

/* A folder with messages 1..n and the given sequence file (NULL: none). */
static inline char *folder(unsigned n, const char *seqs)
{
	char *dir = tmp_dir();

	for (unsigned i = 1; i <= n; i++)
		put_msg(dir, i);
	if (seqs)
		put(dir, MH_SEQ_FILE, seqs);
	return dir;
}

#endif /* TERN_MH_TEST_H */
