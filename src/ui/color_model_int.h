/* color_model_int.h - what the files of the colour model share (not for other modules). */
#ifndef TERN_UI_COLOR_MODEL_INT_H
#define TERN_UI_COLOR_MODEL_INT_H

#include "ui/color_model.h"

/* The index objects: CO_INDEX and its parts, in enum order. */
#define CM_PARTS (CO_INDEX_SIZE - CO_INDEX + 1)
/* Rows whose styles are kept (direct-mapped by message id): more than a screen. */
#define CM_ROWS 256

/* An index rule: its pattern, compiled once, and its style (a layer). */
struct cm_index_rule {
	struct pattern *pat;
	struct ui_style style;
};

/* The rules of one index object, most recent first (the first match wins). */
struct cm_index_list {
	struct cm_index_rule *v;
	size_t n;
};

/* A message's row styles, computed part by part as they are asked for. */
struct cm_row {
	const struct mailbox *mb; /* NULL: empty */
	const struct menv *env;   /* with mb and id: another folder's message at the same place */
	uint64_t generation;
	uint32_t id;
	uint32_t done; /* bit p: style[p] is computed */
	struct ui_style style[CM_PARTS];
};

/* What color_model_current compares: a rule as the config had it. */
struct cm_snap {
	enum color_object object;
	int level, fg, bg;
	unsigned attrs;
	bool mono;
	char *pattern;
};

struct color_model {
	const struct config *cfg;
	enum color_depth depth;
	bool mono;           /* use mono rules (the terminal has no colours) */
	bool header_partial; /* $header_color_partial */

	struct ui_style layer[CO_COUNT]; /* plain objects: the rule or mutt's default, reduced */
	struct ui_style normal;          /* normal's final style */
	struct ui_style *quoted;         /* layers of levels 0..nquoted-1 */
	size_t nquoted;                  /* the highest level defined + 1; 0: none */

	struct ui_style *rule_style; /* layer of each cfg_color_at rule */
	size_t nrules;
	struct cm_index_list index[CM_PARTS];
	uint32_t *header, *body; /* cfg_color_at indexes, most recent first */
	size_t nheader, nbody;

	struct cm_snap *snap; /* nrules entries */
	struct cm_row rows[CM_ROWS];
};

/* s reduced to what a terminal of depth d shows (mono: default colours). */
struct ui_style cm_style_reduce(struct ui_style s, enum color_depth d);

#endif /* TERN_UI_COLOR_MODEL_INT_H */
