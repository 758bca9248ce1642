/*
 * pattern_arg.c - the arguments of pattern terms: words with mutt's
 * quoting, regexes (smart case, a cap on what they may cost), =substrings,
 * numeric ranges; dates go on to pattern_date.c.
 */
#include <wctype.h>

#include "mx/pattern_int.h"

/* mutt's backslash escapes; p points after the backslash. Returns the bytes used. */
static size_t unescape(const char *p, struct buf *out)
{
	int ch = (unsigned char)p[0];

	switch (ch) {
	case 'c':
	case 'C':
		if (!p[1])
			break;
		buf_addch(out, (ascii_toupper((unsigned char)p[1]) - '@') & 0x7f);
		return 2;
	case 'r':
		buf_addch(out, '\r');
		return 1;
	case 'n':
		buf_addch(out, '\n');
		return 1;
	case 't':
		buf_addch(out, '\t');
		return 1;
	case 'f':
		buf_addch(out, '\f');
		return 1;
	case 'e':
		buf_addch(out, '\033');
		return 1;
	default:
		if (is_digit(ch) && is_digit((unsigned char)p[1]) &&
		    is_digit((unsigned char)p[2])) {
			buf_addch(out, ((ch - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0')) & 0xff);
			return 3;
		}
		break;
	}
	buf_addch(out, ch);
	return 1;
}

static bool ends_word(int ch, int depth)
{
	return !ch || is_space(ch) || strchr("~%=!|", ch) || (ch == ')' && depth > 0);
}

/*
 * Read one argument word into out. A date may start with '=' (~d =1w):
 * mutt documents that form but its tokenizer stops at the '=' and reports
 * an empty expression.
 */
static int read_word(struct parser *ps, int depth, bool date, struct buf *out)
{
	const char *p = ps->pos;

	buf_reset(out);
	if (date && *p == '=')
		buf_addch(out, *p++);
	while (!ends_word((unsigned char)*p, depth)) {
		char q = *p;
		if (q == '"' || q == '\'') {
			const char *open = p++;
			while (*p && *p != q) {
				if (q == '"' && *p == '\\' && p[1])
					p += 1 + unescape(p + 1, out);
				else
					buf_addch(out, *p++);
			}
			if (!*p) {
				buf_printf(ps->err, _("unterminated quote at position %zu"),
					   parser_pos(ps, open));
				return ERR_PARSE;
			}
			p++;
		} else if (q == '\\' && p[1]) {
			p += 1 + unescape(p + 1, out);
		} else {
			buf_addch(out, *p++);
		}
	}
	ps->pos = p;
	return 0;
}

bool pattern_has_upper(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				return true;
			i++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		if (iswupper((wint_t)cp))
			return true;
	}
	return false;
}

const char *pattern_skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++)
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			const char *close = strchr(p + 2, p[1]);
			while (close && close[1] != ']')
				close = strchr(close + 1, p[1]);
			if (close)
				p = close + 1;
		}
	return *p ? p : p - 1;
}

/*
 * The count of a {m,n} bound at *pp (its '{'), with *pp moved to its '}'
 * and *min_zero set for m = 0; 0 when *pp starts no bound.
 */
static double bound(const char **pp, bool *min_zero)
{
	const char *p = *pp + 1;
	int64_t a, b;

	if (!pattern_digits(&p, 1000000, &a))
		return 0;
	b = a;
	if (*p == ',') {
		p++;
		if (!pattern_digits(&p, 1000000, &b))
			b = a; /* {m,}: m copies and a star */
	}
	if (*p != '}')
		return 0;
	*pp = p;
	*min_zero = a == 0;
	return (double)MAX(MAX(a, b), 1);
}

/* What regex_cost knows of one level of parentheses. */
struct rx_level {
	double cost;     /* of everything at this level so far */
	double last;     /* size of the last atom (what a repetition copies) */
	bool last_empty; /* the last atom can match the empty string */
	bool before;     /* the branch could match empty before the last atom */
	bool branch;     /* ... and with it */
	bool group;      /* an earlier branch can match empty */
};

/* The last atom of l repeated k times (min_zero: or not at all). */
static void repeat(struct rx_level *l, double k, bool min_zero)
{
	l->cost += l->last * (k - 1) + 1;
	/*
	 * in copies of something that can match empty, each node's epsilon
	 * closure reaches most of the others: glibc's work is quadratic
	 */
	if (l->last_empty)
		l->cost += (l->last * k) * (l->last * k);
	l->last = l->last * k + 1;
	l->last_empty = l->last_empty || min_zero;
	l->branch = l->before && l->last_empty;
}

static void atom(struct rx_level *l, double size, bool empty)
{
	l->cost += size;
	l->last = size;
	l->last_empty = empty;
	l->before = l->branch;
	l->branch = l->before && empty;
}

/*
 * An estimate of the work glibc's regcomp does for s: it copies the
 * operand of x+ once and of x{m,n} n times, so nested or stacked
 * repetitions ("(a{99}){99}", "a++++++++") grow the automaton
 * geometrically, and copies of an operand that can match nothing
 * ("(a?){999}") make its epsilon closures quadratic. A pattern must not
 * take the machine's memory, or minutes, however it was typed.
 */
static double regex_cost(const char *s)
{
	enum { DEPTH = 64 };
	struct rx_level lv[DEPTH];
	double total = 0, k;
	bool min_zero;
	int d = 0;

	memset(&lv[0], 0, sizeof(lv[0]));
	lv[0].branch = true;
	for (const char *p = s; *p && lv[d].cost <= PATTERN_RX_NODES; p++) {
		if (*p == '(' && d + 1 < DEPTH) {
			d++;
			memset(&lv[d], 0, sizeof(lv[d]));
			lv[d].branch = true;
		} else if (*p == ')' && d > 0) {
			d--;
			atom(&lv[d], lv[d + 1].cost, lv[d + 1].group || lv[d + 1].branch);
		} else if (*p == '*' || *p == '?') {
			repeat(&lv[d], 1, true);
		} else if (*p == '+') {
			repeat(&lv[d], 2, false);
		} else if (*p == '{' && (k = bound(&p, &min_zero)) > 0) {
			repeat(&lv[d], k, min_zero);
		} else if (*p == '|') {
			lv[d].group = lv[d].group || lv[d].branch;
			lv[d].branch = lv[d].before = true;
			lv[d].last = 0;
		} else {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '[')
				p = pattern_skip_bracket(p);
			atom(&lv[d], 1, false);
		}
	}
	for (int i = 0; i <= d; i++)
		total += lv[i].cost;
	return total;
}

/*
 * A regex that is a plain word means the same as a substring, and a
 * substring search costs a fraction of glibc's regexec (which allocates on
 * every call). Case-insensitive only for ASCII: that is all find_ci folds.
 */
static bool plain_word(const char *s, size_t n, bool icase)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!c || strchr(".[]()*+?{}|^$\\", c) || (icase && c >= 0x80))
			return false;
	}
	return true;
}

static int compile_string(struct parser *ps, struct pnode *n, char term, const struct buf *arg)
{
	bool icase = !pattern_has_upper(arg->data, arg->len), regex = !n->substring;
	int rc;

	if (pat_op_reads(n->op))
		pattern_srv_classify(ps->p, n, arg->data, arg->len, regex, icase);
	if (n->substring || plain_word(arg->data, arg->len, icase)) {
		n->substring = true;
		n->u.str.s = xstrndup(arg->data, arg->len);
		n->u.str.len = strlen(n->u.str.s);
		n->icase = icase;
		return 0;
	}
	ps->rx_nodes += regex_cost(arg->data);
	if (ps->rx_nodes > PATTERN_RX_NODES) {
		buf_printf(ps->err, _("~%c: regex '%s' repeats too much"), term, arg->data);
		return ERR_LIMIT;
	}
	n->u.rx = xmalloc(sizeof(*n->u.rx));
	rc = regcomp(n->u.rx, arg->data,
		     REG_EXTENDED | REG_NEWLINE | REG_NOSUB | (icase ? REG_ICASE : 0));
	if (rc != 0) {
		char why[256];

		regerror(rc, n->u.rx, why, sizeof(why));
		free(n->u.rx);
		n->u.rx = NULL;
		buf_printf(ps->err, _("~%c: bad regex '%s': %s"), term, arg->data, why);
		return ERR_PARSE;
	}
	return 0;
}

bool pattern_digits(const char **pp, int64_t cap, int64_t *out)
{
	const char *p = *pp;
	int64_t v = 0;

	if (!is_digit((unsigned char)*p))
		return false;
	for (; is_digit((unsigned char)*p); p++) {
		if (v > (cap - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*pp = p;
	*out = v;
	return true;
}

/* A decimal number with an optional K or M suffix (mutt's eat_range). */
static bool range_number(const char **pp, int64_t *out)
{
	int64_t v;

	if (!pattern_digits(pp, INT64_MAX / 1048576 - 1, &v))
		return false;
	if (ascii_toupper((unsigned char)**pp) == 'K') {
		v *= 1024;
		++*pp;
	} else if (ascii_toupper((unsigned char)**pp) == 'M') {
		v *= 1048576;
		++*pp;
	}
	*out = v;
	return true;
}

/*
 * mutt's ranges: N, N-M, -M, N-, <M (below M), >N (above N), with K and M
 * suffixes; $simple_search may have put the range in double quotes.
 */
static int parse_range(struct parser *ps, int depth, struct pnode *n, char term)
{
	const char *p = ps->pos, *start = p;
	bool quoted = false, ok = true;
	int64_t v;

	n->u.range.min = 0;
	n->u.range.max = RANGE_MAX;
	if (*p == '"') {
		quoted = true;
		p++;
	}
	if (*p == '>') {
		p++;
		ok = range_number(&p, &v) && v < RANGE_MAX;
		if (ok)
			n->u.range.min = v + 1;
	} else if (*p == '<') {
		p++;
		ok = range_number(&p, &v);
		if (ok)
			n->u.range.max = v - 1; /* <0: nothing */
	} else {
		if (*p != '-') {
			ok = range_number(&p, &n->u.range.min);
			if (ok && *p != '-')
				n->u.range.max = n->u.range.min;
		}
		if (ok && *p == '-') {
			p++;
			if (is_digit((unsigned char)*p))
				ok = range_number(&p, &n->u.range.max);
			else if (p == start + 1 + quoted)
				ok = false; /* a lone "-" */
		}
	}
	if (ok && quoted)
		ok = *p++ == '"';
	if (!ok || !ends_word((unsigned char)*p, depth)) {
		const char *end = start;
		while (*end && !is_space((unsigned char)*end))
			end++;
		buf_printf(ps->err, _("~%c: bad range '%.*s' at position %zu"), term,
			   (int)(end - start), start, parser_pos(ps, start));
		return ERR_PARSE;
	}
	ps->pos = p;
	return 0;
}

int pattern_arg(struct parser *ps, int depth, struct pnode *n, char letter, enum arg_kind kind)
{
	struct buf arg = BUF_INIT;
	const char *at;
	int rc;

	parser_skip_space(ps);
	at = ps->pos;
	if (!*at || (*at == ')' && depth > 0)) {
		buf_printf(ps->err, _("~%c: missing parameter at position %zu"), letter,
			   parser_pos(ps, at));
		return ERR_PARSE;
	}
	if (kind == A_RANGE)
		return parse_range(ps, depth, n, letter);
	if ((rc = read_word(ps, depth, kind == A_DATE, &arg)) != 0)
		goto out;
	if (arg.len == 0) {
		buf_printf(ps->err, _("~%c: empty expression at position %zu"), letter,
			   parser_pos(ps, at));
		rc = ERR_PARSE;
	} else if (kind == A_DATE) {
		rc = pattern_date_range(arg.data, &n->u.range.min, &n->u.range.max, ps->err);
		if (rc != 0) {
			struct buf why = BUF_INIT;
			buf_addbuf(&why, ps->err);
			buf_reset(ps->err);
			buf_printf(ps->err, _("~%c: bad date '%s' (%s)"), letter, arg.data,
				   why.data);
			buf_release(&why);
		}
	} else {
		rc = compile_string(ps, n, letter, &arg);
	}
out:
	buf_release(&arg);
	return rc;
}
