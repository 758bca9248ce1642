/*
 * bcache.h - the IMAP body cache ($message_cachedir): one file per message
 * so that a message read once is read again without the network.
 *
 * Layout: <root>/<account>/<mailbox>/<uidvalidity>-<uid>, where <account>
 * is "user@host:port" and <mailbox> the folder's name, each encoded into
 * one safe file name (bcache_name_encode): nothing the server or a URL says
 * can name "..", a "/" or a hidden file, so no path escapes the root. A
 * file holds the message exactly as the server sent it (CRLF line ends),
 * so its length must equal the server's RFC822.SIZE: a file of any other
 * length (truncated, damaged) is a miss, never served. The UIDVALIDITY in
 * the name retires every entry when the server renumbers the folder.
 * Directories are created 0700 and files 0600; a file appears whole or not
 * at all (a temporary file, fsync, rename).
 */
#ifndef TERN_IMAP_BCACHE_H
#define TERN_IMAP_BCACHE_H

#include "core/core.h"

struct mailbox;

/* Longest encoded name component (file systems allow 255 bytes). */
#define BCACHE_NAME_MAX 200

/*
 * Append to out a file-name-safe form of s: [A-Za-z0-9] and "-_+,=@:" as
 * they are, "." except in front, every other byte as %XX; "" is "%". Names
 * longer than BCACHE_NAME_MAX end in "%%" and a hash of the whole name.
 */
void bcache_name_encode(const char *s, struct buf *out);

/*
 * The directory of one folder's cache: root/enc(user@host:port)/enc(mailbox),
 * replacing out. host is compared without case and "INBOX" in any case is
 * INBOX (RFC 3501 5.1). user may be NULL or "". ERR_INVAL when root or host
 * is empty or root is relative.
 */
int bcache_dir(const char *root, const char *user, const char *host, unsigned port,
	       const char *mailbox, struct buf *out);

/*
 * Append the cached message uid of folder dir to out when the file exists,
 * is a regular file of exactly size bytes and reads whole. ERR_NOTFOUND
 * otherwise (out unchanged): the caller fetches from the server. size 0
 * (unknown) is always a miss.
 */
int bcache_get(const char *dir, uint32_t uidvalidity, uint32_t uid, uint64_t size, struct buf *out);

/*
 * Store len bytes as message uid, creating dir (and its parents) 0700; the
 * file is 0600 and replaces an older one atomically. ERR_IO/ERR_NOSPACE
 * with a reason in err; a failed store leaves no temporary file.
 */
int bcache_put(const char *dir, uint32_t uidvalidity, uint32_t uid, const char *data, size_t len,
	       struct buf *err);

/*
 * Remove the entries of dir that are not of uidvalidity or whose UID is not
 * among uids (n UIDs sorted ascending), and temporary files a crashed
 * writer left (older than an hour). Files that are not the cache's are
 * left alone. *removed (may be NULL) counts what went. A missing dir is 0.
 */
int bcache_clean(const char *dir, uint32_t uidvalidity, const uint32_t *uids, size_t n,
		 size_t *removed, struct buf *err);

/*
 * $message_cache_clean for an open imap:// folder: remove the cached
 * messages that are no longer in the model (or of another UIDVALIDITY).
 * Does nothing when $message_cachedir is unset or the option is off. Call
 * on close before the backend's state is freed, and after an expunge.
 */
void imap_bcache_clean(struct mailbox *mb);

#endif /* TERN_IMAP_BCACHE_H */
