/*
 * folders.h - the folders on an IMAP server, for the browser: LIST and
 * LSUB one level of the hierarchy (names decoded to UTF-8, the delimiter,
 * \Noselect and the other attributes, SPECIAL-USE), STATUS counts, and
 * CREATE, RENAME, DELETE, SUBSCRIBE and UNSUBSCRIBE. The server is not
 * trusted: the entries kept and the length of a name are capped.
 *
 * The pure part (folders.c) turns parsed LIST responses into entries and
 * works with hierarchical names; folders_ops.c talks to the server.
 */
#ifndef TERN_IMAP_FOLDERS_H
#define TERN_IMAP_FOLDERS_H

#include "imap/parse.h"
#include "imap/util.h"
#include "net/conn.h"

struct config;
struct mx_settings;

/* At most this many folders are kept from one listing; the rest are counted. */
#define IMAP_FOLDERS_MAX ((size_t)100000)
/* Longest folder name kept (bytes of UTF-8); longer ones are skipped. */
#define IMAP_FOLDER_NAME_MAX ((size_t)1024)

/* One folder as LIST or LSUB described it. */
struct imap_folder {
	char *name;     /* the full name in UTF-8 */
	char delim;     /* its hierarchy delimiter; 0: flat (NIL) */
	unsigned attrs; /* enum imap_list_attr */
};

struct imap_folder_list {
	struct imap_folder *v;
	size_t n, cap;
	size_t max;     /* cap on n (0: IMAP_FOLDERS_MAX) */
	size_t dropped; /* entries left out: over the cap, names too long or undecodable */
};

void imap_folder_list_init(struct imap_folder_list *l);
void imap_folder_list_release(struct imap_folder_list *l);

/*
 * Add the folder of one LIST/LSUB response to l: its name decoded (modified
 * UTF-7, or taken as UTF-8 when utf8, i.e. UTF8=ACCEPT is on). A name that
 * is too long or does not decode, a duplicate, and anything past the cap
 * are counted in l->dropped instead. Returns true when the entry was added.
 */
bool imap_folder_list_add(struct imap_folder_list *l, const struct imap_list *r, bool utf8);

/* Sort by name (byte order; "INBOX" first) so listings are stable. */
void imap_folder_list_sort(struct imap_folder_list *l);

/* The last component of name (after the last delim; all of it when delim is 0). */
const char *imap_folder_leaf(const char *name, char delim);
/* name's parent into out (reset first): "" for a top-level name. */
void imap_folder_parent(const char *name, char delim, struct buf *out);
/* prefix + delim + leaf into out (reset first); just leaf when prefix is "". */
void imap_folder_join(const char *prefix, char delim, const char *leaf, struct buf *out);
/* The SPECIAL-USE role in attrs as a word ("Sent", "Trash"...), or NULL. */
const char *imap_folder_special(unsigned attrs);
/* True when attrs say the folder can hold folders below it worth entering. */
bool imap_folder_has_children(unsigned attrs);

/* ---- talking to the server (folders_ops.c) ---------------------------------- */

/* How to answer the server's questions: all may be NULL / -1. */
struct imap_folders_ask {
	conn_cert_ask_fn ask_cert; /* an unverified certificate (NULL: refuse it) */
	void *cert_ctx;
	int (*ask_pass)(void *ctx, const char *prompt, struct buf *out, struct buf *err);
	void *pass_ctx;
	int cancel_fd; /* readable: abandon the wait ($socket_timeout bounds it anyway) */
	int timeout_ms; /* > 0: wait at most this long for a connect or an answer */
};

/* One logged-in connection for folder work. */
struct imap_folders;

/*
 * Connect to the server of url (imap:// or imaps://) and log in with cfg's
 * account settings and the URL's user. Returns 0 with *out, or the error
 * of imap_session_open with the reason in err (ERR_PARSE: not a URL).
 */
int imap_folders_open(const char *url, const struct config *cfg, const struct imap_folders_ask *ask,
		      struct imap_folders **out, struct buf *err);
/* LOGOUT and free; *f is NULL after. */
void imap_folders_close(struct imap_folders **f);
/* The URL the connection was opened for (its mailbox is the one asked). */
const struct imap_url *imap_folders_url(const struct imap_folders *f);
/* True when the connection is still usable (no error broke it). */
bool imap_folders_alive(const struct imap_folders *f);

/*
 * What LIST says about the folder name itself ("" for the root: its
 * delimiter): *delim and *attrs. Returns 0 (ERR_NOTFOUND when the server
 * lists nothing by that name) or a session error.
 */
int imap_folders_info(struct imap_folders *f, const char *name, char *delim, unsigned *attrs,
		      struct buf *err);
/*
 * The folders one level below prefix ("" for the top: LIST "" "%"; else
 * LIST "" "prefix<delim>%"), with LSUB instead when subscribed. out is
 * replaced and sorted; prefix itself is left out.
 */
int imap_folders_list(struct imap_folders *f, const char *prefix, char delim, bool subscribed,
		      struct imap_folder_list *out, struct buf *err);

/* Every subscribed folder at any depth (LSUB "" "*"), for $imap_check_subscribed. */
int imap_folders_subscribed(struct imap_folders *f, struct imap_folder_list *out, struct buf *err);

struct imap_folder_status {
	uint32_t messages, unseen, recent;
};
/* STATUS name (MESSAGES UNSEEN RECENT). */
int imap_folders_status(struct imap_folders *f, const char *name, struct imap_folder_status *st,
			struct buf *err);

enum imap_folder_op {
	IMAP_FOLDER_CREATE,
	IMAP_FOLDER_DELETE,
	IMAP_FOLDER_SUBSCRIBE,
	IMAP_FOLDER_UNSUBSCRIBE,
};
/* CREATE, DELETE, SUBSCRIBE or UNSUBSCRIBE name; the server's NO comes back in err. */
int imap_folders_do(struct imap_folders *f, enum imap_folder_op op, const char *name,
		    struct buf *err);
/* RENAME from to. */
int imap_folders_rename(struct imap_folders *f, const char *from, const char *to, struct buf *err);

/*
 * The mx op: does the imap:// folder at path have unseen mail? A STATUS on
 * a connection of its own, with no questions asked (a certificate that
 * does not verify or a missing password means no).
 */
bool imap_has_new(const char *path, const struct mx_settings *set);

#endif /* TERN_IMAP_FOLDERS_H */
