/*
 * parse.c - the IMAP response parser's entry point: one response, tagged,
 * untagged or a continuation, with its status, response code and text.
 * The data of untagged responses is parsed in parse_data.c, FETCH in
 * parse_fetch.c and body structures in parse_body.c; the tokens come from
 * parse_lex.c. doc/internals/imap-parse.md lists the leniencies.
 */
#include "imap/parse_lex.h"

void imap_limits_default(struct imap_limits *lim)
{
	lim->max_line = IMAP_DEFAULT_MAX_LINE;
	lim->max_literal_total = IMAP_DEFAULT_MAX_LITERAL;
	lim->max_depth = IMAP_DEFAULT_MAX_DEPTH;
	lim->max_items = IMAP_DEFAULT_MAX_ITEMS;
	lim->max_parts = IMAP_DEFAULT_MAX_PARTS;
}

void imap_resp_release(struct imap_resp *out)
{
	arena_release(&out->arena_);
	for (size_t i = 0; i < out->nlits_; i++)
		buf_release(&out->lits_[i]);
	free(out->lits_);
	memset(out, 0, sizeof(*out));
}

static const struct {
	const char *name;
	enum imap_status st;
} status_names[] = {
	{ "OK", IMAP_ST_OK },           { "NO", IMAP_ST_NO },   { "BAD", IMAP_ST_BAD },
	{ "PREAUTH", IMAP_ST_PREAUTH }, { "BYE", IMAP_ST_BYE },
};

static enum imap_status status_of(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (mem_eq_ci(s, n, status_names[i].name))
			return status_names[i].st;
	return IMAP_ST_NONE;
}

/* The rest of the line as text (may be empty). */
static void rest_as_text(struct imap_lex *lx, const char **text)
{
	*text = lx_dup(lx, lx->p, (size_t)(lx->end - lx->p));
	lx->p = lx->end;
}

/* resp-text: ["[" code "]" SP] text, after the status word. */
static int resp_text(struct imap_lex *lx, struct imap_resp *resp)
{
	int rc;

	/* Servers send "* OK [READ-WRITE]" and "a1 OK" without text: accepted. */
	if (lx->p == lx->end) {
		resp->text = "";
		return 0;
	}
	if ((rc = lx_sp(lx)))
		return rc;
	if (lx_peek(lx) == '[') {
		lx->p++;
		if ((rc = imap_parse_code(lx, &resp->code)))
			return rc;
		lx_skip_sp(lx);
	}
	rest_as_text(lx, &resp->text);
	return 0;
}

/* "* " number SP (EXISTS / RECENT / EXPUNGE / FETCH msg-att / other). */
static int numbered(struct imap_lex *lx, struct imap_resp *resp)
{
	const char *name;
	size_t n;
	int rc;

	if ((rc = lx_num32(lx, false, &resp->num)) || (rc = lx_sp(lx)) ||
	    (rc = lx_atom(lx, false, &name, &n)))
		return rc;
	if (mem_eq_ci(name, n, "EXISTS")) {
		resp->data = IMAP_DATA_EXISTS;
	} else if (mem_eq_ci(name, n, "RECENT")) {
		resp->data = IMAP_DATA_RECENT;
	} else if (mem_eq_ci(name, n, "EXPUNGE") || mem_eq_ci(name, n, "FETCH")) {
		if (resp->num == 0) {
			lx->p = lx->line.data;
			return lx_fail(lx, ERR_PROTO, _("message sequence number 0"));
		}
		if (mem_eq_ci(name, n, "EXPUNGE")) {
			resp->data = IMAP_DATA_EXPUNGE;
		} else {
			resp->data = IMAP_DATA_FETCH;
			resp->fetch.seq = resp->num;
			if ((rc = imap_parse_fetch(lx, &resp->fetch)))
				return rc;
		}
	} else {
		resp->data = IMAP_DATA_OTHER;
		resp->text = lx_dup(lx, lx->line.data, lx->line.len);
		return lx_skip_rest(lx);
	}
	return lx_end(lx);
}

static int untagged(struct imap_lex *lx, struct imap_resp *resp)
{
	const char *name;
	size_t n;
	int rc;

	resp->kind = IMAP_RESP_UNTAGGED;
	if ((rc = lx_sp(lx)))
		return rc;
	if (lx->p < lx->end && is_digit(*lx->p))
		return numbered(lx, resp);
	if ((rc = lx_atom(lx, false, &name, &n)))
		return rc;
	resp->status = status_of(name, n);
	if (resp->status != IMAP_ST_NONE) {
		if ((rc = resp_text(lx, resp)))
			return rc;
		return lx_end(lx);
	}
	return imap_parse_untagged_data(lx, name, n);
}

static int tagged(struct imap_lex *lx, struct imap_resp *resp)
{
	const char *s;
	size_t n;
	int rc;

	resp->kind = IMAP_RESP_TAGGED;
	if ((rc = lx_atom(lx, true, &s, &n)))
		return rc;
	if (memchr(s, '+', n)) {
		lx->p = s;
		return lx_fail(lx, ERR_PROTO, _("'+' in a tag"));
	}
	resp->tag = lx_dup(lx, s, n);
	if ((rc = lx_sp(lx)) || (rc = lx_atom(lx, false, &s, &n)))
		return rc;
	resp->status = status_of(s, n);
	if (resp->status != IMAP_ST_OK && resp->status != IMAP_ST_NO &&
	    resp->status != IMAP_ST_BAD) {
		lx->p = s;
		return lx_fail(lx, ERR_PROTO, _("expected OK, NO or BAD after a tag"));
	}
	if ((rc = resp_text(lx, resp)))
		return rc;
	return lx_end(lx);
}

static int dispatch(struct imap_lex *lx, struct imap_resp *resp)
{
	switch (lx_peek(lx)) {
	case '+':
		/* "+ text" or a bare "+" (some servers): the text is raw, e.g. SASL base64. */
		resp->kind = IMAP_RESP_CONTINUATION;
		lx->p++;
		if (lx_peek(lx) == ' ')
			lx->p++;
		rest_as_text(lx, &resp->text);
		return 0;
	case '*':
		lx->p++;
		return untagged(lx, resp);
	case -1:
		return lx_fail(lx, ERR_PROTO, _("empty line"));
	default:
		return tagged(lx, resp);
	}
}

int imap_read_response(const struct imap_reader *r, const struct imap_limits *lim,
		       struct imap_resp *out, struct buf *err)
{
	struct imap_lex lx = { 0 };
	int rc;

	imap_resp_release(out);
	if (lim)
		lx.lim = *lim;
	else
		imap_limits_default(&lx.lim);
	lx.lim.max_depth = MIN(lx.lim.max_depth, IMAP_DEPTH_CAP);
	lx.r = r;
	lx.resp = out;
	lx.a = &out->arena_;
	lx.line = (struct buf)BUF_INIT;
	lx.scratch = (struct buf)BUF_INIT;
	lx.err = err;
	rc = lx_next_line(&lx);
	if (!rc)
		rc = dispatch(&lx, out);
	buf_release(&lx.line);
	buf_release(&lx.scratch);
	if (rc)
		imap_resp_release(out);
	return rc;
}
