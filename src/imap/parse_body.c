/*
 * parse_body.c - BODY and BODYSTRUCTURE trees. Each level of nesting opens
 * a parenthesis, which lx_open counts against max_depth, so the recursion
 * here is bounded whatever the server sends; parts are counted against
 * max_parts. Extension data tern has no use for is skipped.
 */
#include "imap/parse_lex.h"

/*
 * Before an optional field: true when one follows (after its space), false
 * at the ")" that closes the body.
 */
static int more(struct imap_lex *lx, bool *yes)
{
	int rc;

	*yes = false;
	if (lx_peek(lx) == ')')
		return 0;
	if ((rc = lx_sp(lx)))
		return rc;
	*yes = lx_peek(lx) != ')';
	return 0;
}

/* body-fld-dsp: "(" string SP body-fld-param ")" / NIL. */
static int disposition(struct imap_lex *lx, struct imap_body *b)
{
	int rc;

	if (lx_nil(lx))
		return 0;
	if ((rc = lx_open(lx)) || (rc = lx_string(lx, 0, &b->disposition)))
		return rc;
	if (lx_accept_close(lx))
		return 0;
	return lx_sp(lx) ?: lx_params(lx, &b->dparams, &b->ndparams) ?: lx_close(lx);
}

/* body-fld-lang: nstring / "(" string *(SP string) ")". */
static int language(struct imap_lex *lx, struct imap_body *b)
{
	struct imap_str s;
	size_t cap = 0, n = 0;
	int rc;

	if (lx_peek(lx) != '(') {
		if ((rc = lx_string(lx, LX_NIL, &s)))
			return rc;
		if (s.s)
			*LX_PUSH(lx, b->language.v, b->language.n, cap) = s.s;
		return 0;
	}
	if ((rc = lx_open(lx)))
		return rc;
	while (lx_list_next(lx, &n, &rc)) {
		if ((rc = lx_string(lx, 0, &s)))
			return rc;
		*LX_PUSH(lx, b->language.v, b->language.n, cap) = s.s;
	}
	return rc;
}

/* [SP dsp [SP lang [SP loc *(SP extension)]]] after md5 or multipart params. */
static int ext_tail(struct imap_lex *lx, struct imap_body *b)
{
	bool yes;
	int rc;

	if ((rc = more(lx, &yes)) || !yes || (rc = disposition(lx, b)))
		return rc;
	if ((rc = more(lx, &yes)) || !yes || (rc = language(lx, b)))
		return rc;
	if ((rc = more(lx, &yes)) || !yes || (rc = lx_string(lx, LX_NIL, &b->location)))
		return rc;
	for (;;) {
		if ((rc = more(lx, &yes)) || !yes)
			return rc;
		if ((rc = lx_skip_value(lx)))
			return rc;
	}
}

static int count_part(struct imap_lex *lx)
{
	if (++lx->parts > lx->lim.max_parts) {
		buf_reset(lx->err);
		buf_printf(lx->err,
			   _("IMAP server response over the limit: more than %zu body parts"),
			   lx->lim.max_parts);
		return ERR_LIMIT;
	}
	return 0;
}

static int multipart(struct imap_lex *lx, bool ext, struct imap_body *b)
{
	size_t cap = 0;
	bool yes;
	int rc;

	b->multipart = true;
	b->type.s = "MULTIPART";
	b->type.len = 9;
	while (lx_peek(lx) == '(') {
		if ((rc = count_part(lx)) ||
		    (rc = imap_parse_body(lx, ext, LX_PUSH(lx, b->parts, b->nparts, cap))))
			return rc;
		lx_skip_sp(lx); /* 1*body has no spaces; some servers put them */
	}
	if ((rc = lx_string(lx, 0, &b->subtype)))
		return rc;
	if ((rc = more(lx, &yes)) || !yes || (rc = lx_params(lx, &b->params, &b->nparams)))
		return rc;
	return ext_tail(lx, b);
}

/* body-fields: param SP id SP desc SP enc SP octets (enc NIL tolerated). */
static int fields(struct imap_lex *lx, struct imap_body *b)
{
	return lx_sp(lx) ?: lx_params(lx, &b->params, &b->nparams) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &b->id) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &b->description) ?: lx_sp(lx)
		?: lx_string(lx, LX_NIL, &b->encoding) ?: lx_sp(lx) ?: lx_num64(lx, &b->size);
}

/* message/rfc822 (and message/global): SP envelope SP body SP lines. */
static int message_part(struct imap_lex *lx, bool ext, struct imap_body *b)
{
	struct imap_body *inner;
	int rc;

	if ((rc = lx_sp(lx)) || (rc = imap_parse_envelope(lx, &b->envelope)) || (rc = lx_sp(lx)) ||
	    (rc = count_part(lx)))
		return rc;
	inner = arena_alloc(lx->a, sizeof(*inner));
	memset(inner, 0, sizeof(*inner));
	b->parts = inner;
	b->nparts = 1;
	if ((rc = imap_parse_body(lx, ext, inner)) || (rc = lx_sp(lx)))
		return rc;
	return lx_num64(lx, &b->lines);
}

static bool next_is(const struct imap_lex *lx, const char *s)
{
	const char *q = lx->p;
	while (q < lx->end && *q == ' ')
		q++;
	return q < lx->end && *q == *s;
}

static int single(struct imap_lex *lx, bool ext, struct imap_body *b)
{
	bool msg, yes;
	int rc;

	if ((rc = lx_string(lx, 0, &b->type)) || (rc = lx_sp(lx)) ||
	    (rc = lx_string(lx, 0, &b->subtype)) || (rc = fields(lx, b)))
		return rc;
	msg = mem_eq_ci(b->type.s, b->type.len, "MESSAGE") &&
	      (mem_eq_ci(b->subtype.s, b->subtype.len, "RFC822") ||
	       mem_eq_ci(b->subtype.s, b->subtype.len, "GLOBAL"));
	/* A message part without envelope is read as a basic part (some servers). */
	if (msg && next_is(lx, "(")) {
		if ((rc = message_part(lx, ext, b)))
			return rc;
	} else if (mem_eq_ci(b->type.s, b->type.len, "TEXT") && !next_is(lx, ")")) {
		/* The line count is missing from some servers' text parts: tolerated. */
		if ((rc = lx_sp(lx)) || (rc = lx_num64(lx, &b->lines)))
			return rc;
	}
	if ((rc = more(lx, &yes)) || !yes || (rc = lx_string(lx, LX_NIL, &b->md5)))
		return rc;
	return ext_tail(lx, b);
}

int imap_parse_body(struct imap_lex *lx, bool ext, struct imap_body *b)
{
	int rc;

	if ((rc = lx_open(lx)))
		return rc;
	lx_skip_sp(lx);
	if (lx_peek(lx) == '(')
		rc = multipart(lx, ext, b);
	else
		rc = single(lx, ext, b);
	return rc ?: lx_close(lx);
}
