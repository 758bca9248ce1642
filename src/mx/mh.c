/*
 * mh.c - the MH backend's ops table: open, check, read, append, create,
 * probe and has_new (mh.h says where the rest lives).
 *
 * Flags: a message is unread when its number is in the $mh_seq_unseen
 * sequence, replied and flagged when in $mh_seq_replied / $mh_seq_flagged.
 * MH has nowhere to keep "old", "draft", "passed" or (before an expunge)
 * "deleted": as in mutt, those live in the model only.
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>

#include "mx/mh.h"

#define MH_APPEND_TRIES   1000
#define MH_HAS_NEW_PROBES 32

/* ===================================================================== */
/* Open, check, close                                                    */
/* ===================================================================== */

static void mh_close(struct mailbox *mb)
{
	struct mh_data *d = mb->bdata;

	if (!d)
		return;
	hcache_close(&d->hc);
	free(d->files);
	free(d);
	mb->bdata = NULL;
}

static int mh_open(struct mailbox *mb, struct buf *err)
{
	struct buf hc_err = BUF_INIT;
	struct mh_data *d;
	struct stat st;

	errno = ENOTDIR;
	if (stat(mb->path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		buf_printf(err, _("%s is not an MH folder: %s"), mb->path, strerror(errno));
		return ERR_NOTFOUND;
	}
	mh_close(mb);
	d = xcalloc(1, sizeof(*d));
	mb->bdata = d;
	d->hc = hcache_open(mb->set.header_cache, mb->realpath, &hc_err);
	if (hc_err.len) /* the folder still opens, only more slowly */
		log_msg(LOG_WARN, "%s: %s", mb->path, hc_err.data);
	buf_release(&hc_err);
	/* the stamps start invalid, so refresh reads everything */
	return mh_refresh(mb, d, err);
}

static int mh_check(struct mailbox *mb, bool *reopen, struct buf *err)
{
	*reopen = false;
	if (!mb->bdata) {
		buf_addstr(err, _("the mailbox is not open"));
		return ERR_INVAL;
	}
	return mh_refresh(mb, mb->bdata, err);
}

/* ===================================================================== */
/* Reading messages                                                      */
/* ===================================================================== */

static int read_message(struct mailbox *mb, uint32_t id, bool headers, struct buf *raw,
			struct buf *err)
{
	struct buf path = BUF_INIT;
	struct message *m;
	int fd, rc = 0;

	mailbox_lock(mb);
	m = mx_find(mb, id);
	if (m)
		buf_printf(&path, "%s/%" PRIu32, mb->path, m->loc.num);
	mailbox_unlock(mb);
	if (!m) {
		buf_addstr(err, _("no such message"));
		rc = ERR_NOTFOUND;
		goto out;
	}
	if (!headers) {
		rc = file_read_all(path.data, raw, 0);
	} else if ((fd = open(path.data, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
		rc = errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	} else {
		rc = mx_read_header_block(fd, raw);
		close(fd);
	}
	if (rc)
		buf_printf(err, _("%s: %s"), path.data,
			   strerror(rc == ERR_NOTFOUND ? ENOENT : errno));
out:
	buf_release(&path);
	return rc;
}

static int mh_read(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, false, raw, err);
}

static int mh_read_headers(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err)
{
	return read_message(mb, id, true, raw, err);
}

/* ===================================================================== */
/* Append                                                                */
/* ===================================================================== */

/*
 * Give the complete file tmp the next free number in dir: a hard link
 * fails rather than replace a number someone else took meanwhile, and we
 * then try the next one. Where hard links are not supported, a rename that
 * refuses to replace does the same. Like mutt, numbers of ",N" backups are
 * not reused: the user may still restore them.
 */
static int link_numbered(const char *dir, const char *tmp, uint32_t *num, bool *moved)
{
	struct buf path = BUF_INIT;
	uint32_t highest = 0;
	int rc = mh_scan_dir(dir, NULL, NULL, &highest);

	*moved = false;
	for (int tries = 0; rc == 0; tries++) {
		if (tries == MH_APPEND_TRIES || highest >= UINT32_MAX - 1) {
			errno = EEXIST;
			rc = ERR_LIMIT;
			break;
		}
		*num = ++highest;
		buf_reset(&path);
		buf_printf(&path, "%s/%" PRIu32, dir, *num);
		if (link(tmp, path.data) == 0)
			break;
		if (errno == EEXIST)
			continue;
		if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK) {
			rc = errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
			break;
		}
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path.data, RENAME_NOREPLACE) == 0) {
			*moved = true;
			break;
		}
		if (errno != EEXIST)
			rc = ERR_IO;
	}
	buf_release(&path);
	return rc;
}

/* Add message num to the sequences its flags call for (nothing when it is read and unmarked). */
static int seqs_add(struct mailbox *mb, uint32_t num, uint32_t flags, struct buf *err)
{
	const char *names[NROLES];
	struct mh_seqs q;
	bool any = false;
	int lockfd = -1, rc;

	mh_seq_names(&mb->set, names);
	for (int r = 0; r < NROLES; r++)
		any |= names[r][0] && mh_role_member(r, flags);
	if (!any)
		return 0;
	rc = mh_seqs_read(mb->path, names, &q, &lockfd, err);
	if (rc == 0) {
		for (int r = 0; r < NROLES; r++) {
			if (mh_role_member(r, flags))
				mh_ranges_add(&q.role[r], num, num);
			mh_ranges_normalize(&q.role[r]);
		}
		rc = mh_seqs_write(mb->path, &q, names, err);
		mh_seqs_release(&q);
	}
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}

/* Write (raw, len) to a new temporary file in dir, complete and synced, with mtime received. */
static int write_temp(const char *dir, const char *raw, size_t len, int64_t received,
		      struct buf *tmp)
{
	int fd = file_mkstemp(dir, ".tern-append-", tmp);
	int rc;

	if (fd < 0)
		return errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
	rc = write_all(fd, raw, len);
	if (!rc && fsync(fd) != 0)
		rc = errno == ENOSPC || errno == EDQUOT ? ERR_NOSPACE : ERR_IO;
	if (!rc && received > 0) {
		struct timespec t[2] = { { (time_t)received, 0 }, { (time_t)received, 0 } };
		futimens(fd, t); /* only the shown date suffers if it fails */
	}
	if (close(fd) != 0 && !rc)
		rc = ERR_IO;
	if (rc) {
		int saved = errno;
		unlink(tmp->data);
		errno = saved;
	}
	return rc;
}

static int mh_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
		     int64_t received, struct buf *err)
{
	struct buf tmp = BUF_INIT, seq_err = BUF_INIT;
	uint32_t num = 0;
	bool moved = false;
	int rc = write_temp(mb->path, raw, len, received, &tmp);

	if (rc) {
		buf_printf(err, _("cannot write a message into %s: %s"), mb->path, strerror(errno));
		goto out;
	}
	rc = link_numbered(mb->path, tmp.data, &num, &moved);
	if (rc)
		buf_printf(err, _("cannot add a message to %s: %s"), mb->path, strerror(errno));
	if (!moved)
		unlink(tmp.data);
	if (rc)
		goto out;
	file_fsync_dir(mb->path);
	/*
	 * The message is in. Failing now would invite a second copy, so, like
	 * mutt, a sequence file we cannot update costs only the new flags.
	 */
	if (seqs_add(mb, num, flags, &seq_err) != 0)
		log_msg(LOG_WARN, "%s", seq_err.data);
out:
	buf_release(&tmp);
	buf_release(&seq_err);
	return rc;
}

/* ===================================================================== */
/* Create, probe, has_new                                                */
/* ===================================================================== */

static int mh_create(const char *path, struct buf *err)
{
	struct buf seq = BUF_INIT;
	int fd, rc = 0;

	if (mkdir(path, 0700) != 0) {
		buf_printf(err, _("cannot create %s: %s"), path, strerror(errno));
		return errno == EEXIST ? ERR_EXISTS : ERR_IO;
	}
	/* an empty sequence file is what makes an empty directory an MH folder */
	buf_printf(&seq, "%s/%s", path, MH_SEQ_FILE);
	fd = open(seq.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		buf_printf(err, _("cannot create %s: %s"), seq.data, strerror(errno));
		rc = ERR_IO;
		rmdir(path);
	} else {
		close(fd);
	}
	buf_release(&seq);
	return rc;
}

static bool exists_in(const char *dir, const char *name, bool want_dir)
{
	struct buf path = BUF_INIT;
	struct stat st;
	bool r;

	buf_printf(&path, "%s/%s", dir, name);
	r = stat(path.data, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
	buf_release(&path);
	return r;
}

/*
 * mutt's rule: a directory with a sequence file or one of the cache files
 * MH readers leave. Also one with a numbered file (an MH folder nobody
 * marked yet, as nmh's inc leaves it), but never a Maildir.
 */
static bool mh_probe(const char *path)
{
	static const char *const markers[] = { MH_SEQ_FILE,  ".xmhcache",       ".mew_cache",
					       ".mew-cache", ".sylpheed_cache", ".overview" };
	struct stat st;
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || exists_in(path, "cur", true))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(markers); i++)
		if (exists_in(path, markers[i], false))
			return true;
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = mh_number(de->d_name) != 0 && de->d_type != DT_DIR;
	closedir(d);
	return found;
}

/*
 * Unseen messages that still exist? The sequence can name messages long
 * gone, so each candidate is looked for: a few directly, many with one
 * scan. The sequence is $mh_seq_unseen.
 */
static bool mh_has_new(const char *path, const struct mx_settings *set)
{
	const char *names[NROLES] = { "", "", "" };
	struct mh_entry *ents = NULL;
	struct buf err = BUF_INIT;
	struct mh_seqs q;
	size_t n = 0, probes = 0;
	bool found = false, done = false;
	int rc;

	names[ROLE_UNSEEN] = set->mh_seq_unseen ? set->mh_seq_unseen : "";
	rc = mh_seqs_read(path, names, &q, NULL, &err);

	buf_release(&err);
	if (rc)
		return false;
	for (size_t i = q.role[ROLE_UNSEEN].n; i-- > 0 && !done;) {
		const struct range *r = &q.role[ROLE_UNSEEN].v[i];
		for (uint64_t num = r->hi; num >= r->lo && !done; num--) {
			struct buf name = BUF_INIT;
			buf_printf(&name, "%" PRIu64, num);
			found = exists_in(path, name.data, false);
			buf_release(&name);
			done = found || ++probes == MH_HAS_NEW_PROBES;
		}
	}
	if (!found && done && mh_scan_dir(path, &ents, &n, NULL) == 0)
		for (size_t i = 0; i < n && !found; i++)
			found = mh_ranges_has(&q.role[ROLE_UNSEEN], ents[i].num);
	free(ents);
	mh_seqs_release(&q);
	return found;
}

const struct mx_ops mx_mh_ops = {
	.type = MX_MH,
	.name = "MH",
	.probe = mh_probe,
	.open = mh_open,
	.check = mh_check,
	.read = mh_read,
	.read_headers = mh_read_headers,
	.sync = mh_sync,
	.append = mh_append,
	.create = mh_create,
	.has_new = mh_has_new,
	.close = mh_close,
};
