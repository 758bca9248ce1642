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

/* True when s has an upper-case letter (mutt_which_case): then the search minds case. */
static bool has_upper(const char *s, size_t n)
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

/*
 * A rough bound on what glibc's regcomp will build: the product of the
 * repetition bounds ({m,n}) in the regex. Nested or chained bounds
 * multiply the automaton, and a typed "(a{999}){999}" must not take the
 * memory of the machine.
 */
static bool regex_too_big(const char *s)
{
	double weight = 1;

	for (const char *p = s; *p; p++) {
		unsigned long a = 0, b = 0;
		char *end;

		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p != '{' || !is_digit((unsigned char)p[1]))
			continue;
		a = strtoul(p + 1, &end, 10);
		b = a;
		if (*end == ',' && is_digit((unsigned char)end[1]))
			b = strtoul(end + 1, &end, 10);
		weight *= (double)MAX(MAX(a, b), 1ul);
		if (weight > PATTERN_RX_WEIGHT)
			return true;
	}
	return false;
}

static int compile_string(struct parser *ps, struct pnode *n, char term, const struct buf *arg)
{
	bool icase = !has_upper(arg->data, arg->len);
	int rc;

	if (n->substring) {
		n->u.str.s = xstrndup(arg->data, arg->len);
		n->u.str.len = strlen(n->u.str.s);
		n->icase = icase;
		return 0;
	}
	if (regex_too_big(arg->data)) {
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
		ok = range_number(&p, &v) && v > 0;
		if (ok)
			n->u.range.max = v - 1;
		if (ok && v == 0)
			n->u.range.max = -1;
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
