/*
 * browser_model.h - the folder browser's entries, without curses: a local
 * directory (mutt's browser on $folder) or the `mailboxes` list (mutt's
 * <toggle-mailboxes> view), each entry classified by the model's probe
 * (Maildir, MH, mbox, MMDF, plain directory, other file), with message
 * counts where they are cheap, sorted by $sort_browser (directories) or
 * $sort_browser_mailboxes (the mailboxes view), and laid out as a line
 * by $folder_format (mutt has no separate format for the mailboxes view:
 * it uses $folder_format for both, and so does tern).
 *
 * The browser screen (browser.c) owns one struct browser_list, draws
 * browser_entry_line for the rows it shows, and turns <select-entry>,
 * <change-dir>, <toggle-mailboxes> and <sort> into the calls below.
 */
#ifndef TERN_UI_BROWSER_MODEL_H
#define TERN_UI_BROWSER_MODEL_H

#include <sys/types.h>

#include "mx/mx.h"
#include "ui/style.h"

enum browser_mode {
	BROWSER_DIR,       /* the entries of one directory */
	BROWSER_MAILBOXES, /* the `mailboxes` list, in its order */
};

/* Unknown message count (a plain file, an mbox, a remote or -nopoll mailbox). */
#define BROWSER_COUNT_UNKNOWN (-1L)

struct browser_entry {
	char *name;        /* shown and sorted: the file name; mailboxes: the -label, or the
				path abbreviated with = and ~ ($browser_abbreviate_mailboxes) */
	char *path;        /* the full path (mailboxes: as listed, expanded) */
	enum mx_type type; /* by mx_probe; MX_UNKNOWN: a plain directory or another file */
	bool is_dir;       /* a directory, or a symbolic link to one */
	bool is_parent;    /* the ".." entry */
	bool local;        /* false for an imap:// or pop:// mailbox (no file to stat) */
	bool tagged;       /* the screen's (<tag-entry>), shown by %t */
	mode_t mode;       /* from lstat, for %F and %f's "/", "@", "*" */
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	uint64_t size;      /* bytes; 0 for directories and links, as mutt shows them */
	int64_t mtime;      /* a Maildir in the mailboxes view: the later of new/ and cur/ */
	long total, unread; /* messages, or BROWSER_COUNT_UNKNOWN (mbox files are not read) */
	bool has_new;       /* mx_has_new: new mail (an mbox: modified since last read) */
	size_t order;       /* position in the listing before sorting ("unsorted") */
	/* IMAP folders (browser_model_imap.c) */
	char *imap_name;     /* the full name on the server (UTF-8), or NULL */
	char delim;          /* its hierarchy delimiter, shown by %f after a folder with children */
	bool noselect;       /* \Noselect: a node of the hierarchy, not a folder to open */
	const char *special; /* its SPECIAL-USE role ("Sent", "Trash"...), or NULL */
};

struct browser_list {
	enum browser_mode mode;
	char *dir; /* the directory listed, without a trailing '/' (but "/"); the mailboxes
		      view keeps the last one (for <toggle-mailboxes> back), or NULL */
	struct browser_entry *v;
	size_t n, cap;
	bool imap;         /* dir is an imap:// URL: the entries are one level of the server's */
	bool subscribed;   /* IMAP: only the subscribed folders (LSUB) */
	char *imap_prefix; /* IMAP: the folder listed ("" for the top) */
};

void browser_list_init(struct browser_list *l);
/* A new entry at the end of l, counts unknown, local; the caller sets name and path. */
struct browser_entry *browser_list_add(struct browser_list *l);
/* Replace dst by src (which is left empty). */
void browser_list_move(struct browser_list *dst, struct browser_list *src);
/* Free the entries and the directory name; l is left empty and reusable. */
void browser_list_release(struct browser_list *l);

/*
 * List directory dir into l, replacing what l held, and sort it by
 * $sort_browser. As mutt: "." is left out, $mask filters names (its
 * default hides dot files but not ".."), only regular files, directories
 * and symbolic links are listed. Returns 0; or ERR_NOTFOUND, ERR_IO or
 * ERR_INVAL (not a directory) with the reason in err, and l unchanged.
 */
int browser_list_dir(const struct config *c, const char *dir, struct browser_list *l,
		     struct buf *err);
/*
 * List the `mailboxes` (cfg_list(c, L_MAILBOXES)) into l, replacing what
 * it held, sorted by $sort_browser_mailboxes. A local mailbox that does not
 * exist is left out, as mutt leaves it out; imap:// and pop:// ones are
 * listed without counts. -nopoll mailboxes get no counts and no new flag.
 * Returns 0 (an empty list is not an error).
 */
int browser_list_mailboxes(const struct config *c, struct browser_list *l, struct buf *err);

/*
 * Sort l by method (enum sort_method: SORT_SUBJECT "alpha", SORT_COUNT,
 * SORT_DATE, SORT_SIZE, SORT_UNREAD, with SORT_REVERSE), as mutt does:
 * ".." stays first, names compare with strcoll with an "inbox" ahead of
 * its siblings, unknown counts count as 0, directories are not put apart.
 * Ties go by name (mutt leaves them to qsort). SORT_ORDER ("unsorted")
 * puts back the listing order (readdir's, or the `mailboxes` order) and,
 * as in mutt, ignores reverse-.
 */
void browser_sort(struct browser_list *l, int method);
/* The method the config gives for mode: $sort_browser or $sort_browser_mailboxes. */
int browser_sort_method(const struct config *c, enum browser_mode mode);

/* The index of the entry named name (or, with by_path, whose path is name), or -1. */
long browser_find(const struct browser_list *l, const char *name, bool by_path);

/*
 * True when selecting e descends into it (a directory that is not a
 * mailbox, or ".."); false when it is a folder to open (mutt opens a
 * Maildir or MH directory rather than entering it).
 */
bool browser_entry_descends(const struct browser_entry *e);

/*
 * Enter entry i of a directory listing: ".." goes up, a directory is
 * listed. *sel gets the entry to put the cursor on (after going up, the
 * directory we came from; else 0). Returns as browser_list_dir; l is
 * unchanged on error.
 */
int browser_enter(const struct config *c, struct browser_list *l, size_t i, size_t *sel,
		  struct buf *err);
/*
 * List the parent of l->dir (mutt's rule: drop the last component; a path
 * that ends in ".." gets another "/..") and put *sel on the directory we
 * came from (0 when it is not listed, e.g. hidden by $mask).
 */
int browser_up(const struct config *c, struct browser_list *l, size_t *sel, struct buf *err);
/*
 * <change-dir>: expand typed (~, =, + and the other mailbox shortcuts),
 * take a relative result from l->dir (or the working directory when l
 * lists no directory), and list it. ERR_INVAL when it is not a directory.
 */
int browser_chdir(const struct config *c, struct browser_list *l, const char *typed,
		  struct buf *err);
/* The parent of dir by mutt's rule (see browser_up) into out (reset first). */
void browser_parent_dir(const char *dir, struct buf *out);

/*
 * Append entry e, row i (0-based: %C shows i + 1), laid out by
 * $folder_format in cols columns (0: no fill or cut). Expandos: %C %d
 * (mtime, "%b %d %H:%M" within a year, else "%b %d  %Y") %D
 * ($date_format, "!" for the C locale) %f (name, "/" after directories,
 * "@" after links, "*" after executables) %F (permissions) %g %i (name,
 * bare: NeoMutt's description) %l %m %n (counts; %?m? and %?n? test
 * non-zero) %N ("N" with new mail) %s (size as $size_show_* say) %t ("*"
 * when tagged) %u; other letters are shown as written.
 */
void browser_entry_line(const struct config *c, const struct browser_entry *e, size_t i, int cols,
			struct buf *out);
/*
 * Row i of list l as the browser shows it: a directory's entries by
 * $folder_format, the mailboxes list by $mailbox_folder_format (NeoMutt's:
 * new and total counts and the name), with browser_entry_line's expandos.
 */
void browser_list_line(const struct config *c, const struct browser_list *l, size_t i, int cols,
		       struct buf *out);

#endif /* TERN_UI_BROWSER_MODEL_H */
