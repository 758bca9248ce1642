/*
 * headless.h - tern without a terminal: the index, a message or its MIME
 * structure printed to standard output, for scripts, tests and benchmarks.
 */
#ifndef TERN_HEADLESS_H
#define TERN_HEADLESS_H

#include "mx/mx.h"

enum headless_action {
	HL_NONE,
	HL_LIST,      /* --list */
	HL_SHOW,      /* --show=N */
	HL_STRUCTURE, /* --structure=N */
};

struct headless_opts {
	enum headless_action action;
	const char *arg;    /* N for --show / --structure */
	const char *sort;   /* --sort=METHOD (as $sort takes it), or NULL */
	const char *limit;  /* --limit=PATTERN, or NULL */
	const char *format; /* --format=FMT ($index_format), or NULL */
	/* Changes to the --limit'ed messages, made (and synced) before any action above. */
	bool mark_read;      /* --read */
	bool del;            /* --delete */
	const char *copy_to; /* --copy=FOLDER */
	const char *save_to; /* --save=FOLDER: copy, then delete */
};

/* Make the changes --read, --delete, --copy and --save ask for and sync the folder (headless_write.c). */
int headless_write(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o);
static inline bool headless_writes(const struct headless_opts *o)
{
	return o->mark_read || o->del || o->copy_to || o->save_to;
}

/* Run the action on the opened mailbox; returns the process exit status (messages on stderr). */
int headless_run(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o);

#endif /* TERN_HEADLESS_H */
