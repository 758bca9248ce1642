/*
 * parse_data.c - response codes ("[UIDVALIDITY 3]") and the untagged data
 * responses other than FETCH: CAPABILITY, ENABLED, FLAGS, LIST, LSUB,
 * STATUS, SEARCH, ESEARCH (RFC 4731), VANISHED (RFC 7162), ID (RFC 2971)
 * and NAMESPACE (RFC 2342).
 */
#include "imap/parse_lex.h"

/* Atoms up to the end of the line, or up to "]" in a response code. */
static int atom_list(struct imap_lex *lx, bool in_code, struct imap_strs *l)
{
	size_t cap = 0;
	const char *s;
	size_t n;
	int rc;

	for (;;) {
		lx_skip_sp(lx);
		if (lx->p == lx->end || (in_code && lx_peek(lx) == ']'))
			return 0;
		if ((rc = lx_atom(lx, false, &s, &n)) || (rc = lx_count(lx, l->n + 1)))
			return rc;
		*LX_PUSH(lx, l->v, l->n, cap) = lx_dup(lx, s, n);
	}
}

/* Codes without arguments. */
static const struct {
	const char *name;
	enum imap_code code;
} plain_codes[] = {
	{ "ALERT", IMAP_CODE_ALERT },
	{ "PARSE", IMAP_CODE_PARSE },
	{ "READ-ONLY", IMAP_CODE_READ_ONLY },
	{ "READ-WRITE", IMAP_CODE_READ_WRITE },
	{ "TRYCREATE", IMAP_CODE_TRYCREATE },
	{ "NOMODSEQ", IMAP_CODE_NOMODSEQ },
	{ "UIDNOTSTICKY", IMAP_CODE_UIDNOTSTICKY },
	{ "CLOSED", IMAP_CODE_CLOSED },
	{ "BADCHARSET", IMAP_CODE_BADCHARSET },
};

/* The raw text after a code's name up to "]" (kept for unknown codes). */
static int code_arg(struct imap_lex *lx, struct imap_code_data *c)
{
	const char *q;

	if (lx_peek(lx) != ' ')
		return 0;
	lx_skip_sp(lx);
	for (q = lx->p; q < lx->end && *q != ']'; q++)
		;
	c->arg = lx_dup(lx, lx->p, (size_t)(q - lx->p));
	lx->p = q;
	return 0;
}

static int code_args(struct imap_lex *lx, struct imap_code_data *c)
{
	int rc = 0;

	switch (c->code) {
	case IMAP_CODE_UIDNEXT:
	case IMAP_CODE_UIDVALIDITY:
	case IMAP_CODE_UNSEEN:
		return lx_sp(lx) ?: lx_num32(lx, true, &c->num);
	case IMAP_CODE_HIGHESTMODSEQ:
		return lx_sp(lx) ?: lx_num64(lx, &c->modseq);
	case IMAP_CODE_PERMANENTFLAGS:
		return lx_sp(lx) ?: lx_flags(lx, true, &c->flags);
	case IMAP_CODE_CAPABILITY:
		return atom_list(lx, true, &c->caps);
	case IMAP_CODE_MODIFIED:
		return lx_sp(lx) ?: lx_set(lx, &c->set);
	case IMAP_CODE_APPENDUID:
	case IMAP_CODE_COPYUID:
		if ((rc = lx_sp(lx)) || (rc = lx_num32(lx, true, &c->num)) || (rc = lx_sp(lx)) ||
		    (rc = lx_set(lx, &c->set)))
			return rc;
		if (c->code == IMAP_CODE_COPYUID)
			rc = lx_sp(lx) ?: lx_set(lx, &c->set2);
		return rc;
	default:
		return code_arg(lx, c);
	}
}

static const struct {
	const char *name;
	enum imap_code code;
} arg_codes[] = {
	{ "UIDNEXT", IMAP_CODE_UIDNEXT },
	{ "UIDVALIDITY", IMAP_CODE_UIDVALIDITY },
	{ "UNSEEN", IMAP_CODE_UNSEEN },
	{ "HIGHESTMODSEQ", IMAP_CODE_HIGHESTMODSEQ },
	{ "PERMANENTFLAGS", IMAP_CODE_PERMANENTFLAGS },
	{ "CAPABILITY", IMAP_CODE_CAPABILITY },
	{ "MODIFIED", IMAP_CODE_MODIFIED },
	{ "APPENDUID", IMAP_CODE_APPENDUID },
	{ "COPYUID", IMAP_CODE_COPYUID },
};

int imap_parse_code(struct imap_lex *lx, struct imap_code_data *c)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = lx_atom(lx, false, &s, &n)))
		return rc;
	c->name = lx_dup(lx, s, n);
	c->code = IMAP_CODE_OTHER;
	for (size_t i = 0; i < ARRAY_SIZE(plain_codes); i++)
		if (mem_eq_ci(s, n, plain_codes[i].name))
			c->code = plain_codes[i].code;
	for (size_t i = 0; i < ARRAY_SIZE(arg_codes); i++)
		if (mem_eq_ci(s, n, arg_codes[i].name))
			c->code = arg_codes[i].code;
	if ((rc = code_args(lx, c)))
		return rc;
	lx_skip_sp(lx);
	return lx_char(lx, ']');
}

static const struct {
	const char *name;
	unsigned bit;
} list_attrs[] = {
	{ "Noinferiors", IMAP_LIST_NOINFERIORS },
	{ "Noselect", IMAP_LIST_NOSELECT },
	{ "Marked", IMAP_LIST_MARKED },
	{ "Unmarked", IMAP_LIST_UNMARKED },
	{ "HasChildren", IMAP_LIST_HASCHILDREN },
	{ "HasNoChildren", IMAP_LIST_HASNOCHILDREN },
	{ "NonExistent", IMAP_LIST_NONEXISTENT },
	{ "Subscribed", IMAP_LIST_SUBSCRIBED },
	{ "Remote", IMAP_LIST_REMOTE },
	{ "All", IMAP_LIST_ALL },
	{ "Archive", IMAP_LIST_ARCHIVE },
	{ "Drafts", IMAP_LIST_DRAFTS },
	{ "Flagged", IMAP_LIST_FLAGGED },
	{ "Junk", IMAP_LIST_JUNK },
	{ "Sent", IMAP_LIST_SENT },
	{ "Trash", IMAP_LIST_TRASH },
	{ "Important", IMAP_LIST_IMPORTANT },
};

static int list_attr(struct imap_lex *lx, struct imap_list *l, size_t *cap)
{
	const char *start = lx->p, *s;
	size_t n;
	int rc;

	if (lx_peek(lx) == '\\')
		lx->p++;
	if ((rc = lx_atom(lx, false, &s, &n)))
		return rc;
	if (s > start) {
		for (size_t i = 0; i < ARRAY_SIZE(list_attrs); i++) {
			if (mem_eq_ci(s, n, list_attrs[i].name)) {
				l->attrs |= list_attrs[i].bit;
				return 0;
			}
		}
	}
	if ((rc = lx_count(lx, l->other_attrs.n + 1)))
		return rc;
	*LX_PUSH(lx, l->other_attrs.v, l->other_attrs.n, *cap) =
		lx_dup(lx, start, (size_t)(lx->p - start));
	return 0;
}

/* A hierarchy delimiter: one quoted character, or NIL (0). */
static int delimiter(struct imap_lex *lx, char *delim)
{
	struct imap_str d;
	int rc;

	*delim = 0;
	if (lx_nil(lx))
		return 0;
	if ((rc = lx_string(lx, 0, &d)))
		return rc;
	if (d.len != 1)
		return lx_fail(lx, ERR_PROTO, _("a hierarchy delimiter of other than one byte"));
	*delim = d.s[0];
	return 0;
}

/* mailbox-list: "(" attrs ")" SP delimiter SP mailbox [SP extended-data]. */
static int list_data(struct imap_lex *lx, struct imap_list *l)
{
	size_t cap = 0, n = 0;
	int rc;

	if ((rc = lx_sp(lx)) || (rc = lx_open(lx)))
		return rc;
	while (lx_list_next(lx, &n, &rc))
		if ((rc = list_attr(lx, l, &cap)))
			return rc;
	if (rc || (rc = lx_sp(lx)) || (rc = delimiter(lx, &l->delim)) || (rc = lx_sp(lx)) ||
	    (rc = lx_string(lx, LX_ATOM, &l->mailbox)))
		return rc;
	lx_skip_sp(lx);
	if (lx_peek(lx) == '(')
		return lx_skip_value(lx);
	return 0;
}

static int status_att(struct imap_lex *lx, struct imap_status_data *st)
{
	static const struct {
		const char *name;
		unsigned bit;
		size_t off;
		bool nz;
	} att32[] = {
		{ "MESSAGES", IMAP_STATUS_MESSAGES, offsetof(struct imap_status_data, messages),
		  false },
		{ "RECENT", IMAP_STATUS_RECENT, offsetof(struct imap_status_data, recent), false },
		{ "UIDNEXT", IMAP_STATUS_UIDNEXT, offsetof(struct imap_status_data, uidnext),
		  true },
		{ "UIDVALIDITY", IMAP_STATUS_UIDVALIDITY,
		  offsetof(struct imap_status_data, uidvalidity), true },
		{ "UNSEEN", IMAP_STATUS_UNSEEN, offsetof(struct imap_status_data, unseen), false },
		{ "DELETED", IMAP_STATUS_DELETED, offsetof(struct imap_status_data, deleted),
		  false },
	};
	const char *s;
	size_t n;
	int rc;

	if ((rc = lx_atom(lx, false, &s, &n)) || (rc = lx_sp(lx)))
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(att32); i++) {
		if (mem_eq_ci(s, n, att32[i].name)) {
			st->have |= att32[i].bit;
			return lx_num32(lx, att32[i].nz, (uint32_t *)((char *)st + att32[i].off));
		}
	}
	if (mem_eq_ci(s, n, "HIGHESTMODSEQ")) {
		st->have |= IMAP_STATUS_HIGHESTMODSEQ;
		return lx_num64(lx, &st->highestmodseq);
	}
	if (mem_eq_ci(s, n, "SIZE")) {
		st->have |= IMAP_STATUS_SIZE;
		return lx_num64(lx, &st->size);
	}
	return lx_skip_value(lx); /* APPENDLIMIT and future ones */
}

static int status_data(struct imap_lex *lx, struct imap_status_data *st)
{
	size_t n = 0;
	int rc;

	if ((rc = lx_sp(lx)) || (rc = lx_string(lx, LX_ATOM, &st->mailbox)) || (rc = lx_sp(lx)) ||
	    (rc = lx_open(lx)))
		return rc;
	while (lx_list_next(lx, &n, &rc))
		if ((rc = status_att(lx, st)))
			return rc;
	return rc;
}

/* "(MODSEQ n)" closing a CONDSTORE SEARCH or ESEARCH item. */
static int modseq_paren(struct imap_lex *lx, uint64_t *v)
{
	int rc;

	if ((rc = lx_open(lx)))
		return rc;
	if (!lx_word(lx, "MODSEQ"))
		return lx_fail(lx, ERR_PROTO, _("expected MODSEQ"));
	return lx_sp(lx) ?: lx_num64(lx, v) ?: lx_close(lx);
}

/* SEARCH *(SP nz-number) [SP "(MODSEQ" SP n ")"]: bounded by the line length. */
static int search_data(struct imap_lex *lx, struct imap_search *se)
{
	size_t cap = 0;
	int rc;

	for (;;) {
		if (lx->p == lx->end)
			return 0;
		if ((rc = lx_sp(lx)))
			return rc;
		if (lx->p == lx->end)
			return 0;
		if (lx_peek(lx) == '(')
			return modseq_paren(lx, &se->modseq);
		if ((rc = lx_num32(lx, true, LX_PUSH(lx, se->v, se->n, cap))))
			return rc;
	}
}

static int esearch_item(struct imap_lex *lx, struct imap_esearch *es)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = lx_atom(lx, false, &s, &n)) || (rc = lx_sp(lx)))
		return rc;
	if (mem_eq_ci(s, n, "MIN")) {
		es->have |= IMAP_ESEARCH_MIN;
		return lx_num32(lx, true, &es->min);
	}
	if (mem_eq_ci(s, n, "MAX")) {
		es->have |= IMAP_ESEARCH_MAX;
		return lx_num32(lx, true, &es->max);
	}
	if (mem_eq_ci(s, n, "COUNT")) {
		es->have |= IMAP_ESEARCH_COUNT;
		return lx_num32(lx, false, &es->count);
	}
	if (mem_eq_ci(s, n, "ALL")) {
		es->have |= IMAP_ESEARCH_ALL;
		return lx_set(lx, &es->all);
	}
	if (mem_eq_ci(s, n, "MODSEQ")) {
		es->have |= IMAP_ESEARCH_MODSEQ;
		return lx_num64(lx, &es->modseq);
	}
	return lx_skip_value(lx);
}

/* ESEARCH [SP "(TAG" SP string ")"] [SP "UID"] *(SP name SP value). */
static int esearch_data(struct imap_lex *lx, struct imap_esearch *es)
{
	struct imap_str tag;
	const char *save = lx->p;
	size_t n = 0;
	int rc;

	lx_skip_sp(lx);
	if (lx->p > save && lx_peek(lx) == '(') {
		if ((rc = lx_open(lx)))
			return rc;
		if (!lx_word(lx, "TAG"))
			return lx_fail(lx, ERR_PROTO, _("expected TAG"));
		if ((rc = lx_sp(lx)) || (rc = lx_string(lx, LX_ATOM, &tag)) || (rc = lx_close(lx)))
			return rc;
		es->tag = tag.s;
		save = lx->p;
		lx_skip_sp(lx);
	}
	if (lx->p > save && lx_word(lx, "UID"))
		es->uid = true;
	else
		lx->p = save;
	while (lx->p != lx->end) {
		if ((rc = lx_sp(lx)))
			return rc;
		if (lx->p == lx->end)
			break;
		if ((rc = lx_count(lx, ++n)) || (rc = esearch_item(lx, es)))
			return rc;
	}
	return 0;
}

/* VANISHED [SP "(EARLIER)"] SP known-uids. */
static int vanished_data(struct imap_lex *lx, struct imap_vanished *v)
{
	int rc;

	if ((rc = lx_sp(lx)))
		return rc;
	if (lx_peek(lx) == '(') {
		if ((rc = lx_open(lx)))
			return rc;
		if (!lx_word(lx, "EARLIER"))
			return lx_fail(lx, ERR_PROTO, _("expected EARLIER"));
		if ((rc = lx_close(lx)) || (rc = lx_sp(lx)))
			return rc;
		v->earlier = true;
	}
	return lx_set(lx, &v->uids);
}

/* ID SP ("(" string SP nstring *(SP string SP nstring) ")" / NIL). */
static int id_data(struct imap_lex *lx, struct imap_resp *resp)
{
	return lx_sp(lx) ?: lx_params(lx, &resp->id, &resp->nid);
}

/* namespace-descr: "(" string SP delimiter *(SP extension) ")"; extensions skipped. */
static int ns_descr(struct imap_lex *lx, struct imap_ns *ns)
{
	int rc;

	if ((rc = lx_open(lx)) || (rc = lx_string(lx, 0, &ns->prefix)) || (rc = lx_sp(lx)) ||
	    (rc = delimiter(lx, &ns->delim)))
		return rc;
	while (!lx_accept_close(lx))
		if ((rc = lx_sp(lx)) || (rc = lx_skip_value(lx)))
			return rc;
	return 0;
}

/* namespace: NIL / "(" 1*namespace-descr ")". */
static int ns_list(struct imap_lex *lx, struct imap_ns_list *l)
{
	size_t cap = 0;
	bool nil;
	int rc;

	if ((rc = lx_sp(lx)) || (rc = lx_nil_or_open(lx, &nil)) || nil)
		return rc;
	while (lx_seq_next(lx, l->n, &rc))
		if ((rc = ns_descr(lx, LX_PUSH(lx, l->v, l->n, cap))))
			return rc;
	return rc;
}

static int known_data(struct imap_lex *lx, struct imap_resp *resp)
{
	switch (resp->data) {
	case IMAP_DATA_CAPABILITY:
	case IMAP_DATA_ENABLED:
		return atom_list(lx, false, &resp->caps);
	case IMAP_DATA_FLAGS:
		return lx_sp(lx) ?: lx_flags(lx, false, &resp->flags);
	case IMAP_DATA_LIST:
	case IMAP_DATA_LSUB:
		return list_data(lx, &resp->list);
	case IMAP_DATA_STATUS:
		return status_data(lx, &resp->status_data);
	case IMAP_DATA_SEARCH:
		return search_data(lx, &resp->search);
	case IMAP_DATA_ESEARCH:
		return esearch_data(lx, &resp->esearch);
	case IMAP_DATA_VANISHED:
		return vanished_data(lx, &resp->vanished);
	case IMAP_DATA_ID:
		return id_data(lx, resp);
	case IMAP_DATA_NAMESPACE:
		return ns_list(lx, &resp->ns.personal) ?: ns_list(lx, &resp->ns.other)
			?: ns_list(lx, &resp->ns.shared);
	default:
		return 0;
	}
}

static const struct {
	const char *name;
	enum imap_data data;
} data_names[] = {
	{ "CAPABILITY", IMAP_DATA_CAPABILITY },
	{ "ENABLED", IMAP_DATA_ENABLED },
	{ "FLAGS", IMAP_DATA_FLAGS },
	{ "LIST", IMAP_DATA_LIST },
	{ "LSUB", IMAP_DATA_LSUB },
	{ "STATUS", IMAP_DATA_STATUS },
	{ "SEARCH", IMAP_DATA_SEARCH },
	{ "ESEARCH", IMAP_DATA_ESEARCH },
	{ "NAMESPACE", IMAP_DATA_NAMESPACE },
	{ "VANISHED", IMAP_DATA_VANISHED },
	{ "ID", IMAP_DATA_ID },
};

int imap_parse_untagged_data(struct imap_lex *lx, const char *name, size_t n)
{
	struct imap_resp *resp = lx->resp;
	int rc;

	resp->data = IMAP_DATA_OTHER;
	for (size_t i = 0; i < ARRAY_SIZE(data_names); i++)
		if (mem_eq_ci(name, n, data_names[i].name))
			resp->data = data_names[i].data;
	if (resp->data == IMAP_DATA_OTHER) {
		/* Unknown data: keep the first line, skip the rest (literals included). */
		resp->text = lx_dup(lx, lx->line.data, lx->line.len);
		return lx_skip_rest(lx);
	}
	if ((rc = known_data(lx, resp)))
		return rc;
	return lx_end(lx);
}
