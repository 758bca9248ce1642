/*
 * pattern.c - mutt's search patterns, compiled once into a tree that
 * pattern_match (pattern_match.c) evaluates without allocating.
 *
 * The language is mutt 2.2's: terms ~X (a regex), =X (a plain substring)
 * and %X (an address group: not supported yet), each optionally with an
 * argument; ! negates the next term, ^ makes an address test need every
 * address; terms side by side are and-ed, | ors them, ( ) groups. As in
 * mutt, "and" and "or" have the same precedence and are applied left to
 * right: "a b | c" is "(a b) | c" and "a | b c" is "(a | b) c".
 *
 * Arguments are read as mutt's rc tokenizer reads them in a pattern:
 * white space and ~ % = ! | end an unquoted word (so does ')' inside a
 * group); "double quotes" take backslash escapes (\n \t \r \f \e \cX and
 * three octal digits, any other character stands for itself), 'single
 * quotes' are literal, and a backslash outside quotes escapes the next
 * character the same way. Unlike mutt, $VARIABLES and `commands` are not
 * expanded inside patterns: a pattern is data, often typed, and running a
 * command because a search contained a backquote would be a surprise.
 *
 * Regexes are POSIX extended with REG_NEWLINE, and case-insensitive unless
 * they hold an upper-case letter (mutt's smart case); the same goes for =X.
 */
#include "mx/pattern_int.h"

struct term_def {
	char letter;
	uint8_t op;  /* enum pat_op */
	uint8_t arg; /* enum arg_kind */
};

static const struct term_def terms[] = {
	{ 'A', P_ALL, A_NONE },
	{ 'b', P_BODY, A_REGEX },
	{ 'B', P_WHOLE, A_REGEX },
	{ 'c', P_CC, A_REGEX },
	{ 'C', P_RECIPIENT, A_REGEX },
	{ 'd', P_DATE, A_DATE },
	{ 'D', P_DELETED, A_NONE },
	{ 'e', P_SENDER, A_REGEX },
	{ 'E', P_EXPIRED, A_NONE },
	{ 'f', P_FROM, A_REGEX },
	{ 'F', P_FLAGGED, A_NONE },
	{ 'h', P_HEADER, A_REGEX },
	{ 'i', P_ID, A_REGEX },
	{ 'l', P_LIST, A_NONE },
	{ 'L', P_ADDRESS, A_REGEX },
	{ 'm', P_NUMBER, A_RANGE },
	{ 'M', P_MIMETYPE, A_REGEX },
	{ 'n', P_SCORE, A_RANGE },
	{ 'N', P_NEW, A_NONE },
	{ 'O', P_OLD, A_NONE },
	{ 'p', P_PERSONAL_RECIP, A_NONE },
	{ 'P', P_PERSONAL_FROM, A_NONE },
	{ 'Q', P_REPLIED, A_NONE },
	{ 'r', P_RECEIVED, A_DATE },
	{ 'R', P_READ, A_NONE },
	{ 's', P_SUBJECT, A_REGEX },
	{ 't', P_TO, A_REGEX },
	{ 'T', P_TAGGED, A_NONE },
	{ 'u', P_SUBSCRIBED, A_NONE },
	{ 'U', P_UNREAD, A_NONE },
	{ 'v', P_COLLAPSED, A_NONE },
	{ 'x', P_REFERENCE, A_REGEX },
	{ 'X', P_ATTACH, A_RANGE },
	{ 'y', P_XLABEL, A_REGEX },
	{ 'z', P_SIZE, A_RANGE },
	/* mutt has these; tern does not yet keep what they need */
	{ 'g', 0, A_UNSUPPORTED }, /* signed */
	{ 'G', 0, A_UNSUPPORTED }, /* encrypted */
	{ 'k', 0, A_UNSUPPORTED }, /* PGP key */
	{ 'V', 0, A_UNSUPPORTED }, /* verified signature */
	{ 'H', 0, A_UNSUPPORTED }, /* spam tag */
	{ 'S', 0, A_UNSUPPORTED }, /* superseded */
	{ '=', 0, A_UNSUPPORTED }, /* duplicated */
	{ '$', 0, A_UNSUPPORTED }, /* unreferenced */
	{ '(', 0, A_UNSUPPORTED }, /* thread contains */
	{ '<', 0, A_UNSUPPORTED }, /* parent matches */
	{ '>', 0, A_UNSUPPORTED }, /* child matches */
};

static const struct term_def *term_lookup(char c)
{
	for (size_t i = 0; i < ARRAY_SIZE(terms); i++)
		if (terms[i].letter == c)
			return &terms[i];
	return NULL;
}

static uint32_t new_node(struct pattern *p, enum pat_op op)
{
	struct pnode *n;

	ALLOC_GROW(p->v, p->n + 1, p->cap);
	n = &p->v[p->n];
	memset(n, 0, sizeof(*n));
	n->op = (uint8_t)op;
	n->child = n->next = PN_NONE;
	return (uint32_t)p->n++;
}

/* ---- terms and sequences --------------------------------------------------- */

static uint32_t parse_seq(struct parser *ps, int depth);

/* ~X, =X or %X and its argument. */
static uint32_t parse_simple(struct parser *ps, int depth)
{
	const char *at = ps->pos;
	char kind = at[0], letter = at[1];
	const struct term_def *d;
	uint32_t i;

	if (!letter) {
		buf_printf(ps->err, _("missing pattern letter after '%c' at position %zu"), kind,
			   parser_pos(ps, at));
		return PN_NONE;
	}
	if (kind == '%') {
		buf_printf(ps->err, _("%%%c: address groups are not supported yet (position %zu)"),
			   letter, parser_pos(ps, at));
		return PN_NONE;
	}
	d = term_lookup(letter);
	if (!d) {
		buf_printf(ps->err, _("%c%c: unknown pattern (position %zu)"), kind, letter,
			   parser_pos(ps, at));
		return PN_NONE;
	}
	if (d->arg == A_UNSUPPORTED) {
		buf_printf(ps->err, _("~%c: not supported yet (position %zu)"), letter,
			   parser_pos(ps, at));
		return PN_NONE;
	}
	if (kind == '=' && d->arg != A_REGEX) {
		buf_printf(
			ps->err,
			_("=%c: only patterns that take a regex have a substring form (position %zu)"),
			letter, parser_pos(ps, at));
		return PN_NONE;
	}
	ps->pos += 2;
	i = new_node(ps->p, (enum pat_op)d->op);
	ps->p->v[i].substring = kind == '=';
	if (pat_op_reads(d->op))
		ps->p->reads = true;
	if (d->op == P_PERSONAL_FROM || d->op == P_PERSONAL_RECIP)
		pattern_identity(ps->p);
	if (d->arg != A_NONE && pattern_arg(ps, depth, &ps->p->v[i], d->letter, d->arg) != 0)
		return PN_NONE;
	return i;
}

/* One term with its ! and ^ prefixes: a simple pattern or a group. */
static uint32_t parse_term(struct parser *ps, int depth)
{
	bool negate = false, alladdr = false;
	const char *at;
	uint32_t i;

	for (;;) {
		parser_skip_space(ps);
		if (*ps->pos == '!')
			negate = !negate;
		else if (*ps->pos == '^')
			alladdr = !alladdr;
		else
			break;
		ps->pos++;
	}
	at = ps->pos;
	if (*at == '(') {
		if (depth >= PATTERN_MAX_DEPTH) {
			buf_printf(ps->err, _("patterns nested too deeply at position %zu"),
				   parser_pos(ps, at));
			return PN_NONE;
		}
		ps->pos++;
		if ((i = parse_seq(ps, depth + 1)) == PN_NONE)
			return PN_NONE;
		if (*ps->pos != ')') {
			buf_printf(ps->err, _("missing ) for the ( at position %zu"),
				   parser_pos(ps, at));
			return PN_NONE;
		}
		ps->pos++;
	} else if (*at == '~' || *at == '=' || *at == '%') {
		if ((i = parse_simple(ps, depth)) == PN_NONE)
			return PN_NONE;
	} else if (!*at || *at == ')' || *at == '|') {
		buf_printf(ps->err, _("missing pattern at position %zu"), parser_pos(ps, at));
		return PN_NONE;
	} else {
		buf_printf(ps->err, _("error in pattern at position %zu: %s"), parser_pos(ps, at),
			   at);
		return PN_NONE;
	}
	ps->p->v[i].negate ^= negate;
	ps->p->v[i].alladdr |= alladdr;
	return i;
}

/* Make (or extend) an and/or node over cur and rhs; *chain is cur's depth of mixed chains. */
static uint32_t combine(struct parser *ps, uint32_t cur, enum pat_op op, uint32_t rhs,
			bool *cur_is_chain, int *chain)
{
	struct pattern *p = ps->p;
	uint32_t n, last;

	if (*cur_is_chain && p->v[cur].op == op) {
		for (last = p->v[cur].child; p->v[last].next != PN_NONE; last = p->v[last].next)
			;
		p->v[last].next = rhs;
		return cur;
	}
	n = new_node(p, op);
	p->v[n].child = cur;
	p->v[cur].next = rhs;
	*cur_is_chain = true;
	++*chain;
	return n;
}

/* Terms joined by implicit and and by |, up to the end or a ')'. */
static uint32_t parse_seq(struct parser *ps, int depth)
{
	bool chain = false;
	int chains = 0;
	uint32_t cur = parse_term(ps, depth), rhs;

	while (cur != PN_NONE) {
		enum pat_op op = P_AND;

		parser_skip_space(ps);
		if (!*ps->pos || *ps->pos == ')')
			break;
		if (*ps->pos == '|') {
			op = P_OR;
			ps->pos++;
		}
		if ((rhs = parse_term(ps, depth)) == PN_NONE)
			return PN_NONE;
		cur = combine(ps, cur, op, rhs, &chain, &chains);
		if (depth + chains > PATTERN_MAX_DEPTH) {
			buf_printf(ps->err, _("pattern too complex at position %zu"),
				   parser_pos(ps, ps->pos));
			return PN_NONE;
		}
	}
	return cur;
}

/* ---- $simple_search --------------------------------------------------------- */

/* mutt_check_simple: a pattern without ~, = or % (outside backslashes) is a plain search. */
static bool is_simple(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '~' || *p == '=' || *p == '%')
			return false;
	}
	return true;
}

static void expand_simple(const char *s, const struct config *cfg, struct buf *out)
{
	static const struct {
		const char *word, *pattern;
	} words[] = {
		{ "all", "~A" },  { "del", "~D" }, { "flag", "~F" },
		{ "new", "~N" },  { "old", "~O" }, { "repl", "~Q" },
		{ "read", "~R" }, { "tag", "~T" }, { "unread", "~U" },
	};
	const char *fmt = cfg ? cfg_str(cfg, V_simple_search) : "~f %s | ~s %s";
	struct buf quoted = BUF_INIT;
	bool found = false;

	if (strcmp(s, "^") == 0 || strcmp(s, ".") == 0) {
		buf_addstr(out, "~A");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (ascii_strcasecmp(s, words[i].word) == 0) {
			buf_addstr(out, words[i].pattern);
			return;
		}
	buf_addch(&quoted, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '\\' || *p == '"')
			buf_addch(&quoted, '\\');
		buf_addch(&quoted, *p);
	}
	buf_addch(&quoted, '"');
	/* mutt_expand_fmt: %s is the quoted text, %% a percent sign */
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_addbuf(out, &quoted);
			found = true;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf_addch(out, '%');
			p++;
		} else {
			buf_addch(out, *p);
		}
	}
	if (!found) {
		buf_addch(out, ' ');
		buf_addbuf(out, &quoted);
	}
	buf_release(&quoted);
}

/* ---- the API ---------------------------------------------------------------- */

struct pattern *pattern_compile(const char *s, const struct config *cfg, struct buf *err)
{
	struct pattern *p = xcalloc(1, sizeof(*p));
	struct buf text = BUF_INIT;
	struct parser ps = { p, NULL, NULL, err, 0 };

	p->cfg = cfg;
	p->thorough = cfg ? cfg_bool(cfg, V_thorough_search) : true;
	if (!s || !*s) {
		buf_addstr(err, _("empty pattern"));
		goto fail;
	}
	if (strlen(s) > PATTERN_MAX_LEN) {
		buf_printf(err, _("pattern longer than %d bytes"), PATTERN_MAX_LEN);
		goto fail;
	}
	if (is_simple(s))
		expand_simple(s, cfg, &text);
	else
		buf_addstr(&text, s);
	ps.s = ps.pos = text.data;
	p->root = parse_seq(&ps, 0);
	if (p->root == PN_NONE)
		goto fail;
	if (*ps.pos == ')') {
		buf_printf(err, _("unmatched ) at position %zu"), parser_pos(&ps, ps.pos));
		goto fail;
	}
	buf_release(&text);
	return p;
fail:
	if (!err->len)
		buf_addstr(err, _("bad pattern"));
	buf_release(&text);
	pattern_free(&p);
	return NULL;
}

void pattern_free(struct pattern **pp)
{
	struct pattern *p = *pp;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct pnode *n = &p->v[i];
		if (!pat_op_has_string(n->op))
			continue;
		if (n->substring) {
			free(n->u.str.s);
		} else if (n->u.rx) {
			regfree(n->u.rx);
			free(n->u.rx);
		}
	}
	pattern_srv_free(p);
	free(p->v);
	free(p->user);
	free(p->user_host);
	free(p->user_sys);
	free(p->from);
	free(p);
	*pp = NULL;
}

bool pattern_reads_messages(const struct pattern *p)
{
	return p && p->reads;
}

bool pattern_match(const struct pattern *p, struct mailbox *mb, const struct message *m)
{
	struct pattern_msg msg = { BUF_INIT, 0, BUF_INIT, BUF_INIT, NULL, false, false, false };
	bool r;

	if (!p)
		return true;
	r = pattern_eval(p, p->root, mb, m, &msg);
	buf_release(&msg.raw);
	buf_release(&msg.headers);
	buf_release(&msg.body);
	body_free(&msg.tree);
	return r;
}
