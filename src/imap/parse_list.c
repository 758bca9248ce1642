/*
 * parse_list.c - the list shapes the IMAP grammar repeats: iterating
 * "(" a SP b ")" and "(" a b ")" lists with their entries counted, NIL or a
 * list, name/value pairs, and flag lists.
 */
#include "imap/parse_lex.h"

bool lx_list_next(struct imap_lex *lx, size_t *n, int *rc)
{
	*rc = 0;
	if (lx_accept_close(lx))
		return false;
	if (*n && (*rc = lx_sp(lx)))
		return false;
	lx_skip_sp(lx);
	if (lx_accept_close(lx)) /* "(a )": a trailing space */
		return false;
	*rc = lx_count(lx, ++*n);
	return *rc == 0;
}

bool lx_seq_next(struct imap_lex *lx, size_t n, int *rc)
{
	*rc = 0;
	if (lx_accept_close(lx))
		return false;
	lx_skip_sp(lx);
	*rc = lx_count(lx, n + 1);
	return *rc == 0;
}

int lx_nil_or_open(struct imap_lex *lx, bool *nil)
{
	*nil = lx_nil(lx);
	return *nil ? 0 : lx_open(lx);
}

int lx_params(struct imap_lex *lx, struct imap_param **v, size_t *n)
{
	size_t cap = 0, k = 0;
	bool nil;
	int rc;

	if ((rc = lx_nil_or_open(lx, &nil)) || nil)
		return rc;
	while (lx_list_next(lx, &k, &rc)) {
		struct imap_param *p = LX_PUSH(lx, *v, *n, cap);
		if ((rc = lx_string(lx, 0, &p->name)) || (rc = lx_sp(lx)) ||
		    (rc = lx_string(lx, LX_NIL, &p->value)))
			return rc;
	}
	return rc;
}

/* The known flags, by name without the backslash. */
static const struct {
	const char *name;
	unsigned bit;
} flag_names[] = {
	{ "Seen", IMAP_FLAG_SEEN },       { "Answered", IMAP_FLAG_ANSWERED },
	{ "Flagged", IMAP_FLAG_FLAGGED }, { "Deleted", IMAP_FLAG_DELETED },
	{ "Draft", IMAP_FLAG_DRAFT },     { "Recent", IMAP_FLAG_RECENT },
};

unsigned imap_flag_bit(const char *name, size_t len)
{
	if (len < 2 || name[0] != '\\')
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++)
		if (mem_eq_ci(name + 1, len - 1, flag_names[i].name))
			return flag_names[i].bit;
	return 0;
}

/* One flag: \Atom, \* (perm only) or a keyword atom. */
static int one_flag(struct imap_lex *lx, bool perm, struct imap_flags *f, size_t *cap)
{
	const char *start = lx->p, *s;
	size_t n;
	unsigned bit;
	int rc;

	if (lx_peek(lx) == '\\') {
		lx->p++;
		if (perm && lx_peek(lx) == '*') {
			lx->p++;
			f->sys |= IMAP_FLAG_ANYKW;
			return 0;
		}
	}
	if ((rc = lx_atom(lx, false, &s, &n)))
		return rc;
	n = (size_t)(lx->p - start);
	bit = imap_flag_bit(start, n);
	if (bit) {
		f->sys |= bit;
		return 0;
	}
	if ((rc = lx_count(lx, f->kw.n + 1)))
		return rc;
	*LX_PUSH(lx, f->kw.v, f->kw.n, *cap) = lx_dup(lx, start, n);
	return 0;
}

int lx_flags(struct imap_lex *lx, bool perm, struct imap_flags *f)
{
	size_t cap = 0, n = 0;
	int rc;

	if ((rc = lx_open(lx)))
		return rc;
	while (lx_list_next(lx, &n, &rc))
		if ((rc = one_flag(lx, perm, f, &cap)))
			return rc;
	return rc;
}
