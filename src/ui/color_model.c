/*
 * color_model.c - building the colour model from the config's rules, and
 * the styles of plain objects, quoted levels, spans and index rows (the
 * header and body spans are in color_model_lines.c, the colour depths in
 * color_model_reduce.c).
 */
#include "ui/color_model_int.h"

#include "mx/mx.h"

/* mutt's defaults (ci_start_color) for objects without a rule. */
static struct ui_style default_layer(enum color_object o)
{
	struct ui_style s = { COLOR_DEFAULT, COLOR_DEFAULT, 0 };

	switch (o) {
	case CO_INDICATOR:
	case CO_STATUS:
	case CO_SEARCH:
	case CO_MARKERS:
		s.attrs = CA_REVERSE;
		break;
	case CO_SIDEBAR_HIGHLIGHT:
		s.attrs = CA_UNDERLINE;
		break;
	/* no rule: the pager turns the attribute on (mutt's "toggle") */
	case CO_BOLD:
		s.attrs = CA_BOLD;
		break;
	case CO_UNDERLINE:
		s.attrs = CA_UNDERLINE;
		break;
	default:
		break;
	}
	return s;
}

struct ui_style color_merge(struct ui_style over, struct ui_style under)
{
	struct ui_style s = over;

	if (s.fg == COLOR_DEFAULT)
		s.fg = under.fg;
	if (s.bg == COLOR_DEFAULT)
		s.bg = under.bg;
	if (!(over.attrs & CA_NONE))
		s.attrs |= under.attrs;
	s.attrs &= ~(unsigned)CA_NONE;
	return s;
}

static bool is_index_object(enum color_object o)
{
	return o >= CO_INDEX && o <= CO_INDEX_SIZE;
}

/* ---- Building ---------------------------------------------------------------- */

static void snap_take(struct color_model *cm, size_t i, const struct color_rule *r)
{
	cm->snap[i] = (struct cm_snap){
		.object = r->object,
		.level = r->level,
		.fg = r->fg,
		.bg = r->bg,
		.attrs = r->attrs,
		.mono = r->mono,
		.pattern = xstrdup_or_null(r->pattern),
	};
}

static bool snap_same(const struct cm_snap *s, const struct color_rule *r)
{
	if (s->object != r->object || s->level != r->level || s->fg != r->fg || s->bg != r->bg ||
	    s->attrs != r->attrs || s->mono != r->mono)
		return false;
	if (!s->pattern || !r->pattern)
		return !s->pattern && !r->pattern;
	return strcmp(s->pattern, r->pattern) == 0;
}

static bool quoted_rule(const struct color_model *cm, const struct color_rule *r)
{
	return r->object == CO_QUOTED && r->mono == cm->mono;
}

/* Levels of quoted rules: the highest + 1 layers, gaps filled with quoted0's. */
static void build_quoted(struct color_model *cm, const struct config *cfg)
{
	struct ui_style base = default_layer(CO_QUOTED);
	int top = -1;

	for (size_t i = 0; i < cm->nrules; i++) {
		const struct color_rule *r = cfg_color_at(cfg, i);

		if (!quoted_rule(cm, r))
			continue;
		if (r->level > top)
			top = r->level;
		if (r->level == 0)
			base = cm->rule_style[i];
	}
	if (top < 0)
		return;
	cm->nquoted = (size_t)top + 1;
	cm->quoted = xcalloc(cm->nquoted, sizeof(*cm->quoted));
	for (size_t l = 0; l < cm->nquoted; l++)
		cm->quoted[l] = base;
	for (size_t i = 0; i < cm->nrules; i++) {
		const struct color_rule *r = cfg_color_at(cfg, i);

		if (quoted_rule(cm, r))
			cm->quoted[r->level] = cm->rule_style[i];
	}
}

/* The index rules of each index object, most recent first, patterns compiled. */
static void build_index(struct color_model *cm, const struct config *cfg, struct buf *err)
{
	struct buf why = BUF_INIT;

	for (size_t i = cm->nrules; i-- > 0;) {
		const struct color_rule *r = cfg_color_at(cfg, i);
		struct cm_index_list *l;
		struct pattern *p;

		if (!is_index_object(r->object) || r->mono != cm->mono || !r->pattern)
			continue;
		buf_reset(&why);
		if (!(p = pattern_compile(r->pattern, cfg, &why))) {
			if (err) {
				if (err->len)
					buf_addch(err, '\n');
				buf_printf(err, _("%s %s '%s': %s"), r->mono ? "mono" : "color",
					   color_object_name(r->object), r->pattern, why.data);
			}
			continue;
		}
		l = &cm->index[r->object - CO_INDEX];
		if (!l->v)
			l->v = xcalloc(cm->nrules, sizeof(*l->v));
		l->v[l->n++] = (struct cm_index_rule){ p, cm->rule_style[i] };
	}
	buf_release(&why);
}

/* The header and body rules in use, most recent first. */
static void build_regex_lists(struct color_model *cm, const struct config *cfg)
{
	cm->header = xcalloc(cm->nrules + 1, sizeof(*cm->header));
	cm->body = xcalloc(cm->nrules + 1, sizeof(*cm->body));
	for (size_t i = cm->nrules; i-- > 0;) {
		const struct color_rule *r = cfg_color_at(cfg, i);

		if (r->mono != cm->mono || !r->has_regex)
			continue;
		if (r->object == CO_HEADER)
			cm->header[cm->nheader++] = (uint32_t)i;
		else if (r->object == CO_BODY)
			cm->body[cm->nbody++] = (uint32_t)i;
	}
}

/* Each rule's own style (its layer), and the plain objects' layers. */
static void build_layers(struct color_model *cm, const struct config *cfg)
{
	bool ruled[CO_COUNT] = { false };

	cm->rule_style = xcalloc(cm->nrules + 1, sizeof(*cm->rule_style));
	cm->snap = xcalloc(cm->nrules + 1, sizeof(*cm->snap));
	for (size_t i = 0; i < cm->nrules; i++) {
		const struct color_rule *r = cfg_color_at(cfg, i);
		struct ui_style s = { r->fg, r->bg, r->attrs };

		if (r->mono)
			s.fg = s.bg = COLOR_DEFAULT;
		cm->rule_style[i] = cm_style_reduce(s, cm->depth);
		snap_take(cm, i, r);
		if (r->mono == cm->mono && !r->pattern && r->object != CO_QUOTED) {
			cm->layer[r->object] = cm->rule_style[i];
			ruled[r->object] = true;
		}
	}
	for (int o = 0; o < CO_COUNT; o++)
		if (!ruled[o])
			cm->layer[o] = default_layer((enum color_object)o);
	/* mutt's sidebar draws its indicator like the menu's when it has no colour */
	if (!ruled[CO_SIDEBAR_INDICATOR])
		cm->layer[CO_SIDEBAR_INDICATOR] = cm->layer[CO_INDICATOR];
	cm->normal = color_merge(cm->layer[CO_NORMAL], (struct ui_style){ -1, -1, 0 });
}

struct color_model *color_model_new(const struct config *cfg, int ncolors, struct buf *err)
{
	struct color_model *cm = xcalloc(1, sizeof(*cm));

	cm->cfg = cfg;
	cm->depth = color_depth_of(ncolors);
	cm->mono = cm->depth == COLOR_DEPTH_MONO;
	cm->header_partial = cfg_bool(cfg, V_header_color_partial);
	cm->nrules = cfg_color_count(cfg);
	build_layers(cm, cfg);
	build_quoted(cm, cfg);
	build_index(cm, cfg, err);
	build_regex_lists(cm, cfg);
	return cm;
}

void color_model_free(struct color_model **pcm)
{
	struct color_model *cm = *pcm;

	if (!cm)
		return;
	for (size_t p = 0; p < CM_PARTS; p++) {
		for (size_t i = 0; i < cm->index[p].n; i++)
			pattern_free(&cm->index[p].v[i].pat);
		free(cm->index[p].v);
	}
	for (size_t i = 0; i < cm->nrules; i++)
		free(cm->snap[i].pattern);
	free(cm->snap);
	free(cm->rule_style);
	free(cm->quoted);
	free(cm->header);
	free(cm->body);
	free(cm);
	*pcm = NULL;
}

bool color_model_current(const struct color_model *cm, const struct config *cfg)
{
	if (cm->cfg != cfg || cfg_color_count(cfg) != cm->nrules ||
	    cfg_bool(cfg, V_header_color_partial) != cm->header_partial)
		return false;
	for (size_t i = 0; i < cm->nrules; i++)
		if (!snap_same(&cm->snap[i], cfg_color_at(cfg, i)))
			return false;
	return true;
}

enum color_depth color_model_depth(const struct color_model *cm)
{
	return cm->depth;
}

/* ---- Plain objects and spans ------------------------------------------------- */

struct ui_style color_object_layer(const struct color_model *cm, enum color_object o, int level)
{
	if ((unsigned)o >= CO_COUNT)
		return cm->layer[CO_NORMAL];
	if (o == CO_QUOTED && cm->nquoted > 0)
		return cm->quoted[(size_t)(level < 0 ? 0 : level) % cm->nquoted];
	if (o == CO_HEADER)
		return cm->layer[CO_HDRDEFAULT];
	if (o == CO_BODY || is_index_object(o))
		return cm->layer[CO_NORMAL];
	return cm->layer[o];
}

struct ui_style color_object_style(const struct color_model *cm, enum color_object o, int level)
{
	if (o == CO_NORMAL)
		return cm->normal;
	return color_merge(color_object_layer(cm, o, level), cm->normal);
}

struct ui_style color_span_style(const struct color_model *cm, const struct ui_span *s)
{
	if (s->rule >= 0 && (size_t)s->rule < cm->nrules)
		return color_merge(cm->rule_style[s->rule], cm->normal);
	return color_object_style(cm, (enum color_object)s->object, s->level);
}

void color_model_forget(struct color_model *cm)
{
	memset(cm->rows, 0, sizeof(cm->rows));
}

/* ---- Index rows -------------------------------------------------------------- */

/* The first (most recent) rule of list l matching m, or NULL. */
static const struct ui_style *first_match(const struct cm_index_list *l, struct mailbox *mb,
					  const struct message *m)
{
	for (size_t i = 0; i < l->n; i++)
		if (pattern_match(l->v[i].pat, mb, m))
			return &l->v[i].style;
	return NULL;
}

static struct cm_row *row_of(struct color_model *cm, struct mailbox *mb, const struct message *m)
{
	struct cm_row *row = &cm->rows[m->id % CM_ROWS];

	if (row->mb != mb || row->id != m->id || row->env != m->env ||
	    row->generation != mb->generation) {
		row->mb = mb;
		row->env = m->env;
		row->id = m->id;
		row->generation = mb->generation;
		row->done = 0;
	}
	return row;
}

struct ui_style color_index_style(struct color_model *cm, struct mailbox *mb,
				  const struct message *m, enum color_object part)
{
	struct cm_row *row;
	const struct ui_style *hit;
	size_t p;

	if (!is_index_object(part))
		return color_object_style(cm, part, 0);
	row = row_of(cm, mb, m);
	if (!(row->done & 1u)) {
		hit = first_match(&cm->index[0], mb, m);
		row->style[0] = hit ? color_merge(*hit, cm->normal) : cm->normal;
		row->done |= 1u;
	}
	p = (size_t)(part - CO_INDEX);
	if (!(row->done & 1u << p)) {
		hit = first_match(&cm->index[p], mb, m);
		row->style[p] = hit ? color_merge(*hit, row->style[0]) : row->style[0];
		row->done |= 1u << p;
	}
	return row->style[p];
}
