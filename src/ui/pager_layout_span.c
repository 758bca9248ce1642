/*
 * pager_layout_span.c - colour spans of the pager's logical lines: span
 * lists laid over each other, and the `color header` / `color body` rules
 * matched as mutt matches them.
 */
#include "ui/pager_layout_int.h"

void spanv_add(struct span_vec *sv, size_t start, size_t end, int object, int level, int rule)
{
	if (end <= start)
		return;
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof(*sv->v));
	}
	/* Lines are capped far below 4 GiB by the renderer; clamp anyway so a span never wraps. */
	sv->v[sv->n++] = (struct ui_span){
		.start = (uint32_t)MIN(start, UINT32_MAX),
		.end = (uint32_t)MIN(end, UINT32_MAX),
		.object = (int16_t)object,
		.level = (int16_t)MIN(level, INT16_MAX),
		.rule = rule,
	};
}

void spanv_release(struct span_vec *sv)
{
	free(sv->v);
	*sv = (struct span_vec){ 0 };
}

static void add_copy(struct span_vec *out, const struct ui_span *s, uint32_t start, uint32_t end)
{
	spanv_add(out, start, end, s->object, s->level, s->rule);
}

/* The parts of a's spans that no span of b covers, in order. */
static void uncovered(const struct ui_span *a, size_t na, const struct ui_span *b, size_t nb,
		      struct span_vec *out)
{
	size_t first = 0;

	for (size_t i = 0; i < na; i++) {
		uint32_t pos = a[i].start;
		size_t k;

		while (first < nb && b[first].end <= pos)
			first++;
		for (k = first; pos < a[i].end && k < nb && b[k].start < a[i].end; k++) {
			add_copy(out, &a[i], pos, b[k].start);
			pos = MAX(pos, b[k].end);
		}
		if (pos < a[i].end)
			add_copy(out, &a[i], pos, a[i].end);
	}
}

void spanv_overlay(const struct ui_span *a, size_t na, const struct ui_span *b, size_t nb,
		   struct span_vec *out)
{
	struct span_vec rest = { 0 };
	size_t i = 0, j = 0;

	uncovered(a, na, b, nb, &rest);
	/* Neither list overlaps the other now: merge them by start. */
	while (i < rest.n || j < nb) {
		const struct ui_span *s;

		if (j == nb || (i < rest.n && rest.v[i].start < b[j].start))
			s = &rest.v[i++];
		else
			s = &b[j++];
		add_copy(out, s, s->start, s->end);
	}
	spanv_release(&rest);
}

bool pl_match(const regex_t *re, const char *s, size_t from, size_t len, regmatch_t *m)
{
	m->rm_so = (regoff_t)from;
	m->rm_eo = (regoff_t)len;
	return regexec(re, s, 1, m, REG_STARTEND) == 0;
}

void pl_all_matches(const regex_t *re, const char *s, size_t len, int object, struct span_vec *out)
{
	regmatch_t m;
	size_t pos = 0;

	while (pos <= len && pl_match(re, s, pos, len, &m)) {
		spanv_add(out, (size_t)m.rm_so, (size_t)m.rm_eo, object, 0, -1);
		pos = m.rm_eo > m.rm_so ? (size_t)m.rm_eo : (size_t)m.rm_so + 1;
	}
}

/* A colour rule of object obj with a regex, of the kind (color or mono) in use. */
static bool rule_applies(const struct pager_doc *doc, const struct color_rule *r,
			 enum color_object obj)
{
	return r->object == obj && r->has_regex && r->mono == !!(doc->flags & PAGER_MONO);
}

struct rule_cache {
	size_t rule;
	regmatch_t m;
	bool known, found;
};

/* The rules of obj, most recent first (mutt tries them so); *n set. Caller frees. */
static struct rule_cache *rules_of(const struct pager_doc *doc, enum color_object obj, size_t *n)
{
	size_t count = cfg_color_count(doc->cfg);
	struct rule_cache *rc = NULL;

	*n = 0;
	for (size_t k = count; k-- > 0;) {
		if (!rule_applies(doc, cfg_color_at(doc->cfg, k), obj))
			continue;
		rc = xreallocarray(rc, *n + 1, sizeof(*rc));
		rc[(*n)++] = (struct rule_cache){ .rule = k };
	}
	return rc;
}

/* The rule whose next match at or after pos starts first (ties: the most recent), or NULL. */
static struct rule_cache *next_rule_match(const struct pager_doc *doc, struct rule_cache *rc,
					  size_t n, const char *s, size_t len, size_t pos)
{
	struct rule_cache *best = NULL;

	for (size_t k = 0; k < n; k++) {
		struct rule_cache *c = &rc[k];

		/* A match found earlier stays the next one until pos passes its start. */
		if (!c->known || (c->found && (size_t)c->m.rm_so < pos)) {
			c->found = pl_match(&cfg_color_at(doc->cfg, c->rule)->regex, s, pos, len,
					    &c->m);
			c->known = true;
		}
		if (c->found && (!best || c->m.rm_so < best->m.rm_so))
			best = c;
	}
	return best;
}

/* mutt's regex colouring: the leftmost match of any rule, then on from its end. */
static void rule_spans(struct pager_doc *doc, enum color_object obj, const char *s, size_t len,
		       struct span_vec *out)
{
	size_t n, pos = 0;
	struct rule_cache *rc = rules_of(doc, obj, &n), *c;

	while (pos <= len && (c = next_rule_match(doc, rc, n, s, len, pos))) {
		size_t so = (size_t)c->m.rm_so, eo = (size_t)c->m.rm_eo;

		spanv_add(out, so, eo, obj, 0, (int)c->rule);
		pos = eo > so ? eo : so + 1;
	}
	free(rc);
}

/* Lay the regex rules' spans over the base colour of logical line i. */
static void color_line(struct pager_doc *doc, size_t i, enum color_object rules,
		       const struct ui_span *base)
{
	struct pl_logical *l = &doc->lines[i];
	const char *s = doc->text.data + l->off;
	struct span_vec over = { 0 };

	rule_spans(doc, rules, s, l->len, &over);
	l->span_off = doc->spans.n;
	spanv_overlay(base, base ? 1 : 0, over.v, over.n, &doc->spans);
	l->nspans = doc->spans.n - l->span_off;
	spanv_release(&over);
}

void pl_color_header(struct pager_doc *doc, size_t i)
{
	struct pl_logical *l = &doc->lines[i];
	const char *s = doc->text.data + l->off;
	struct ui_span base = { 0, (uint32_t)MIN(l->len, UINT32_MAX), CO_HDRDEFAULT, 0, -1 };
	size_t n;
	struct rule_cache *rc;
	regmatch_t m;

	if (cfg_bool(doc->cfg, V_header_color_partial)) {
		color_line(doc, i, CO_HEADER, &base);
		return;
	}
	/* mutt colours the whole field with the most recent rule that matches it */
	rc = rules_of(doc, CO_HEADER, &n);
	for (size_t k = 0; k < n; k++)
		if (pl_match(&cfg_color_at(doc->cfg, rc[k].rule)->regex, s, 0, l->len, &m)) {
			base.object = CO_HEADER;
			base.rule = (int32_t)rc[k].rule;
			break;
		}
	free(rc);
	l->span_off = doc->spans.n;
	spanv_add(&doc->spans, base.start, base.end, base.object, 0, base.rule);
	l->nspans = doc->spans.n - l->span_off;
}

void pl_color_body(struct pager_doc *doc, size_t i, int object, int level)
{
	struct pl_logical *l = &doc->lines[i];
	struct ui_span base = { 0, (uint32_t)MIN(l->len, UINT32_MAX), (int16_t)object,
				(int16_t)MIN(level, INT16_MAX), -1 };

	if (object == CO_SIGNATURE || object == CO_ATTACHMENT) {
		/* mutt applies body rules to normal and quoted lines only */
		l->span_off = doc->spans.n;
		spanv_add(&doc->spans, base.start, base.end, object, 0, -1);
		l->nspans = doc->spans.n - l->span_off;
		return;
	}
	color_line(doc, i, CO_BODY, object == CO_NORMAL || l->len == 0 ? NULL : &base);
}

const struct ui_span *pl_line_spans(const struct pager_doc *doc, size_t i, size_t *n)
{
	const struct pl_logical *l = &doc->lines[i];

	if (doc->searching) {
		*n = l->nall;
		return doc->all.v + l->all_off;
	}
	*n = l->nspans;
	return doc->spans.v + l->span_off;
}
