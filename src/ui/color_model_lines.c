/*
 * color_model_lines.c - where header and body regexes colour a line, as
 * mutt's pager finds it (resolve_types): from an offset, the match that
 * starts first wins, then the longest, then the most recent rule; the next
 * search starts at its end. Without $header_color_partial a header line
 * takes the colour of the most recent rule that matches it, whole.
 */
#include <limits.h>

#include "ui/color_model_int.h"

/* Rules whose next match is remembered while a line is scanned (more are searched each time). */
#define NEXT_CACHE 64

/* A rule's next match in the part of a line being scanned. */
struct next {
	size_t so, eo;
	enum { NEXT_UNKNOWN, NEXT_FOUND, NEXT_NONE } state;
};

/* The regex of rule i, or NULL (the rules changed under the model). */
static const regex_t *rule_regex(const struct color_model *cm, uint32_t i)
{
	const struct color_rule *r = cfg_color_at(cm->cfg, i);

	return r && r->has_regex ? &r->regex : NULL;
}

/*
 * The first non-empty match of rx in seg[off, len) (mutt steps over empty
 * matches). '^' matches only at the start of seg, as when mutt searches
 * from an offset with REG_NOTBOL.
 */
static bool next_match(const regex_t *rx, const char *seg, size_t len, size_t off, size_t *so,
		       size_t *eo)
{
	while (off <= len) {
		regmatch_t m = { .rm_so = (regoff_t)off, .rm_eo = (regoff_t)len };

		if (regexec(rx, seg, 1, &m, REG_STARTEND | (off > 0 ? REG_NOTBOL : 0)) != 0)
			return false;
		if (m.rm_eo > m.rm_so) {
			*so = (size_t)m.rm_so;
			*eo = (size_t)m.rm_eo;
			return true;
		}
		off = (size_t)m.rm_so + 1;
	}
	return false;
}

/*
 * Rule k's next match at or after off. A match found from an earlier
 * offset that starts at or after off is still the first one from off.
 */
static bool rule_next(const regex_t *rx, const char *seg, size_t len, size_t off,
		      struct next *cache, size_t *so, size_t *eo)
{
	struct next n = { 0, 0, NEXT_UNKNOWN };

	if (cache && cache->state == NEXT_NONE)
		return false;
	if (cache && cache->state == NEXT_FOUND && cache->so >= off) {
		*so = cache->so;
		*eo = cache->eo;
		return true;
	}
	n.state = next_match(rx, seg, len, off, &n.so, &n.eo) ? NEXT_FOUND : NEXT_NONE;
	if (cache)
		*cache = n;
	*so = n.so;
	*eo = n.eo;
	return n.state == NEXT_FOUND;
}

/* A span of the whole text [base + start, base + end) for rule. */
static struct ui_span span_of(enum color_object o, size_t start, size_t end, uint32_t rule)
{
	return (struct ui_span){ (uint32_t)start, (uint32_t)end, (int16_t)o, 0, (int32_t)rule };
}

/* mutt's body colouring of one line seg[0, len) (at base in the text). */
static size_t partial_spans(const struct color_model *cm, const uint32_t *rules, size_t nrules,
			    enum color_object o, const char *seg, size_t len, size_t base,
			    struct ui_span *out, size_t max)
{
	struct next cache[NEXT_CACHE] = { 0 };
	size_t n = 0, off = 0;

	while (n < max && off < len) {
		size_t best_so = 0, best_eo = 0, so, eo;
		uint32_t best = UINT32_MAX;

		for (size_t k = 0; k < nrules; k++) {
			const regex_t *rx = rule_regex(cm, rules[k]);

			if (!rx || !rule_next(rx, seg, len, off, k < NEXT_CACHE ? &cache[k] : NULL,
					      &so, &eo))
				continue;
			if (best == UINT32_MAX || so < best_so || (so == best_so && eo > best_eo)) {
				best = rules[k];
				best_so = so;
				best_eo = eo;
			}
		}
		if (best == UINT32_MAX)
			break;
		out[n++] = span_of(o, base + best_so, base + best_eo, best);
		off = best_eo;
	}
	return n;
}

/* The most recent header rule matching seg[0, len), or UINT32_MAX. */
static uint32_t whole_line_rule(const struct color_model *cm, const char *seg, size_t len)
{
	for (size_t k = 0; k < cm->nheader; k++) {
		const regex_t *rx = rule_regex(cm, cm->header[k]);
		regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)len };

		if (rx && regexec(rx, seg, 1, &m, REG_STARTEND) == 0)
			return cm->header[k];
	}
	return UINT32_MAX;
}

/* mutt without $header_color_partial: the last line a rule matches colours the whole header. */
static size_t header_spans(const struct color_model *cm, const char *text, size_t len,
			   struct ui_span *out, size_t max)
{
	uint32_t rule = UINT32_MAX;
	size_t start = 0;

	while (start <= len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		uint32_t r = whole_line_rule(cm, text + start, end - start);

		if (r != UINT32_MAX)
			rule = r;
		start = end + 1;
	}
	if (rule == UINT32_MAX || max == 0 || len == 0)
		return 0;
	out[0] = span_of(CO_HEADER, 0, len, rule);
	return 1;
}

size_t color_line_spans(const struct color_model *cm, enum color_object o, const char *line,
			size_t len, struct ui_span *out, size_t max)
{
	const uint32_t *rules = o == CO_HEADER ? cm->header : cm->body;
	size_t nrules = o == CO_HEADER ? cm->nheader : cm->nbody;
	size_t n = 0, start = 0;

	if ((o != CO_HEADER && o != CO_BODY) || nrules == 0)
		return 0;
	if (len > INT_MAX)
		len = INT_MAX; /* regexec's offsets are ints */
	if (o == CO_HEADER && !cm->header_partial)
		return header_spans(cm, line, len, out, max);
	while (start < len && n < max) {
		const char *nl = memchr(line + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - line) : len;

		n += partial_spans(cm, rules, nrules, o, line + start, end - start, start, out + n,
				   max - n);
		start = end + 1;
	}
	return n;
}
