/* index.h - the index screen, shared by index.c, index_ops.c and status.c */
#ifndef TERN_UI_INDEX_H
#define TERN_UI_INDEX_H

#include "ui/ui-private.h"

enum status_kind {
	STATUS_NONE,
	STATUS_PROGRESS, /* an operation's progress, or "stopping": cleared when it ends */
	STATUS_NOTE,     /* a result that stays until the next one */
};

/* The status bar's %l and %L, kept while the model and the view stay the same. */
struct size_cache {
	bool valid;
	uint64_t generation;
	uint64_t build; /* the view they were summed over (index.builds) */
	uint64_t all, shown;
};

struct index {
	struct ui *u;
	struct mailbox *mb;
	struct mailbox **mbp; /* the caller's pointer: changing folder replaces *mbp */
	struct config *cfg;
	struct mx_queue *q;
	struct view view;
	struct view_opts vopts;
	struct view_idset collapsed; /* the collapsed threads, by top message id */
	struct size_cache sizes;     /* status.c */
	uint64_t builds;             /* views built so far */
	struct pattern *limit;       /* the <limit> pattern, or NULL */
	struct pattern *search;      /* the last search, or NULL */
	int search_dir;              /* 1 forward, -1 reverse */
	char *limit_text;            /* as typed, for %V */
	size_t cursor;
	size_t top;
	char status[256]; /* progress or the last operation's result */
	enum status_kind status_kind;
	bool loading;
	bool busy;     /* an operation (open, check, sync) runs in the background */
	enum mx_op op; /* which, when busy */
	bool partial;  /* the user stopped the open: a check would read the rest */
	bool stale;    /* the model changed since the view was built */
	bool force;    /* rebuild even if the model did not change (sort, limit) */
	bool redraw;
	bool input_connected;  /* the rc files' push and exec are queued */
	bool tag_prefix;       /* ";" was pressed: the next function applies to tagged messages */
	int check_ms;          /* $mail_check, in milliseconds */
	int64_t built_ms;      /* when the view was last built */
	int64_t build_cost_ms; /* how long that took */
	int64_t active_ms;     /* the last key or event (mail is checked after $mail_check idle) */
	void (*after_op)(struct index *ix, int rc); /* what to do when the running op ends */
	void (*draw)(struct ui *u, void *ix);       /* the index's screen_draw */
};

int64_t index_now_ms(void);
void index_set_status(struct index *ix, enum status_kind kind, const char *text);
int index_page_rows(const struct index *ix);
void index_refresh_view(struct index *ix);
/* Take $sort and friends from the config again (keeping the limit and the collapsed threads). */
void index_apply_config(struct index *ix);
void index_draw(struct index *ix);
/* $pager_index_lines: the index's rows around the current message in screen rows y to
 * y + rows - 2, and its status bar below them. */
void index_draw_mini(struct index *ix, int y, int rows);
/* Start a background operation; after (may be NULL) runs when it ends. ERR_AGAIN when one runs. */
int index_start(struct index *ix, enum mx_op op, void (*after)(struct index *, int));

/* index_ops.c */
void index_run_op(struct index *ix, enum op op, int key);
void index_release(struct index *ix);

/* index_folder.c: leaving a folder (writing its changes), opening another */
bool index_leave_folder(struct index *ix);
void index_change_folder(struct index *ix, bool read_only);
/* -y and browse-mailboxes (y): the mailboxes list; false when the user left it without choosing. */
bool index_start_browser(struct index *ix, bool read_only);

/* index_prompt.c: functions that ask for a line (:, limit, search, save...) */
bool index_run_prompt_op(struct index *ix, enum op op, int key);

/* index_more.c: threads, tagged messages, flags and sorting by a key */
bool index_run_more_op(struct index *ix, enum op op);
/* index_pipe.c: shell-escape, pipe-message, decode-save and decode-copy; false for other ops. */
bool index_run_pipe_op(struct index *ix, enum op op);
/*
 * The messages a function applies to, as ids: the tagged ones after the tag
 * prefix (used up here) or with $auto_tag, else the current one. 0 for none,
 * with the error shown. Free *ids.
 */
size_t index_targets(struct index *ix, bool *tagged, uint32_t **ids);
/* mutt's suggestion for save: "=" and the local part of message id's sender. */
void index_save_suggestion(struct index *ix, uint32_t id, struct buf *out);
/* Write one message to the folder at path (save, copy, decode-save...). */
typedef int (*index_write_fn)(struct index *ix, uint32_t id, const char *path, struct buf *err);
/*
 * Ask for a folder (label[0], or label[1] for tagged messages; untranslated)
 * and write the targets there with write, stopping at the first failure;
 * save marks what was written deleted (untagged per $delete_untag). write
 * NULL: the messages as they are, all at once (mx_copy_messages; save moves).
 */
void index_save_to(struct index *ix, bool save, const char *const label[2], index_write_fn write);
/* With the tag prefix (or $auto_tag and tagged messages): apply to the tagged ones, true. */
bool index_apply_tagged(struct index *ix, uint32_t set, uint32_t clear);

/* status.c */
void index_status_line(struct index *ix, size_t cols, struct buf *out);
void index_help_bar(struct index *ix, struct buf *out);

#endif /* TERN_UI_INDEX_H */
