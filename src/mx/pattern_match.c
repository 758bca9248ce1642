/*
 * pattern_match.c - evaluating a compiled pattern against one message, as
 * mutt_pattern_exec does for searches and limits (addresses match on the
 * mailbox or the display name: mutt's MUTT_MATCH_FULL_ADDRESS).
 *
 * Tests of flags and of the compact envelope read the menv in place: no
 * copy, no allocation. Only ~b, ~B, ~h and ~E read the message through the
 * backend, at most once per pattern_match call whatever the number of
 * such tests (struct pattern_msg); ~b ~B ~h ask the folder's server first
 * when it can search (pattern_search.c).
 *
 * What tern matches where mutt's model differs:
 * - ~z is the size of the whole message as stored (mutt: the body's size);
 *   ~m is the position in mailbox order, from 1 (mutt: in the current sort).
 * - ~b with $thorough_search (the default) searches the decoded text of
 *   every text part, converted to UTF-8 (mutt searches what its pager
 *   would show); without it, the raw body. ~h searches the header lines,
 *   unfolded, RFC 2047-decoded when $thorough_search is set.
 * - ~v matches the messages of collapsed threads, as the last view marked
 *   them (MSG_COLLAPSED).
 * - ~n: tern has no scoring, so every score is 0 (as in mutt without score
 *   commands).
 */
#include <pwd.h>

#include "mx/pattern_int.h"

/* ---- who "you" are, for ~p and ~P ------------------------------------------ */

void pattern_identity(struct pattern *p)
{
	const struct config *cfg = p->cfg;
	struct passwd *pw;
	const char *login, *host = cfg ? cfg_str(cfg, V_hostname) : "";
	char sys[256] = "";

	if (p->user)
		return;
	login = getenv("USER");
	if (!login || !*login) {
		pw = getpwuid(getuid());
		login = pw && pw->pw_name ? pw->pw_name : "";
	}
	p->user = xstrdup(login);
	if (*login && *host) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s@%s", login, host);
		p->user_host = buf_detach(&b, NULL);
	}
	if (*login && gethostname(sys, sizeof(sys) - 1) == 0 && *sys) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s@%s", login, sys);
		p->user_sys = buf_detach(&b, NULL);
	}
	if (cfg && *cfg_str(cfg, V_from)) {
		const char *f = cfg_str(cfg, V_from);
		struct addrlist l = { 0 };
		const struct address *a;

		addrlist_parse(f, strlen(f), &l);
		a = addrlist_first(&l);
		if (a && a->mailbox)
			p->from = xstrdup(a->mailbox);
		addrlist_release(&l);
	}
}

/* ---- strings ------------------------------------------------------------------ */

static const char *find_ci(const char *hay, size_t n, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return hay;
	for (size_t i = 0; i + nlen <= n; i++)
		if (ascii_tolower((unsigned char)hay[i]) ==
			    ascii_tolower((unsigned char)needle[0]) &&
		    ascii_strncasecmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

bool pattern_text_match(const struct pnode *n, const char *s, size_t len)
{
	regmatch_t range[1];

	if (n->substring)
		return n->icase ? find_ci(s, len, n->u.str.s, n->u.str.len) != NULL
				: mem_find(s, len, n->u.str.s, n->u.str.len) != NULL;
	/* REG_STARTEND: the whole buffer, NUL bytes included, in one call */
	range[0].rm_so = 0;
	range[0].rm_eo = (regoff_t)len;
	return regexec(n->u.rx, s, 1, range, REG_STARTEND) == 0;
}

static bool str_match(const struct pnode *n, const char *s)
{
	return s && pattern_text_match(n, s, strlen(s));
}

/* ---- addresses ---------------------------------------------------------------- */

/* mutt's match_adrlist over up to four lists: any address (every one, with ^). */
static bool addrs_match(const struct pnode *n, const struct menv *e, const enum menv_addr *lists,
			size_t nlists)
{
	for (size_t i = 0; i < nlists; i++) {
		struct maddr_iter it;
		struct maddr a;

		menv_addrs(e, lists[i], &it);
		while (maddr_next(&it, &a)) {
			if (a.kind != ADDR_MAILBOX)
				continue;
			if (n->alladdr ^ (str_match(n, a.mailbox) || str_match(n, a.name)))
				return !n->alladdr;
		}
	}
	return n->alladdr;
}

static bool is_user(const struct pattern *p, const char *mb)
{
	if (!mb)
		return false;
	if (*p->user && ascii_strcasecmp(mb, p->user) == 0)
		return true;
	if (p->user_host && ascii_strcasecmp(mb, p->user_host) == 0)
		return true;
	if (p->user_sys && ascii_strcasecmp(mb, p->user_sys) == 0)
		return true;
	if (p->from && ascii_strcasecmp(mb, p->from) == 0)
		return true;
	return p->cfg && cfg_list_match(p->cfg, L_ALTERNATES, mb);
}

static bool is_list(const struct pattern *p, enum pat_op op, const char *mb)
{
	if (!mb || !p->cfg)
		return false;
	/* every subscribed list is also a known one; "unlists" excludes from both */
	if (!cfg_list_match(p->cfg, L_LISTS, mb))
		return false;
	return op == P_LIST || cfg_list_match(p->cfg, L_SUBSCRIBE, mb);
}

/* ~l ~u ~p ~P: does any address (every one, with ^) of the lists qualify? */
static bool addrs_are(const struct pattern *p, const struct pnode *n, const struct menv *e,
		      enum menv_addr l1, enum menv_addr l2)
{
	enum menv_addr lists[2] = { l1, l2 };

	for (size_t i = 0; i < (l1 == l2 ? 1u : 2u); i++) {
		struct maddr_iter it;
		struct maddr a;

		menv_addrs(e, lists[i], &it);
		while (maddr_next(&it, &a)) {
			bool yes;
			if (a.kind != ADDR_MAILBOX)
				continue;
			yes = (n->op == P_PERSONAL_RECIP || n->op == P_PERSONAL_FROM)
				      ? is_user(p, a.mailbox)
				      : is_list(p, n->op, a.mailbox);
			if (n->alladdr ^ yes)
				return !n->alladdr;
		}
	}
	return n->alladdr;
}

static bool refs_match(const struct pnode *n, const struct menv *e)
{
	for (const char *r = menv_ref(e, 0); r; r = menv_ref_next(e, r))
		if (str_match(n, r))
			return true;
	return false;
}

static bool envelope_match(const struct pattern *p, const struct pnode *n, const struct menv *e)
{
	static const enum menv_addr recipients[] = { MA_TO, MA_CC };
	static const enum menv_addr all[] = { MA_FROM, MA_SENDER, MA_TO, MA_CC };
	enum menv_addr one;

	switch (n->op) {
	case P_SUBJECT:
		return str_match(n, menv_str(e, ME_SUBJECT));
	case P_ID:
		return str_match(n, menv_str(e, ME_MESSAGE_ID));
	case P_XLABEL:
		return str_match(n, menv_str(e, ME_X_LABEL));
	case P_RECIPIENT:
		return addrs_match(n, e, recipients, ARRAY_SIZE(recipients));
	case P_ADDRESS:
		return addrs_match(n, e, all, ARRAY_SIZE(all));
	case P_LIST:
	case P_SUBSCRIBED:
	case P_PERSONAL_RECIP:
		return addrs_are(p, n, e, MA_TO, MA_CC);
	case P_PERSONAL_FROM:
		return addrs_are(p, n, e, MA_FROM, MA_FROM);
	default:
		break;
	}
	one = n->op == P_FROM ? MA_FROM : n->op == P_TO ? MA_TO : n->op == P_CC ? MA_CC : MA_SENDER;
	return addrs_match(n, e, &one, 1);
}

/* ---- reading the message -------------------------------------------------------- */

bool pattern_load(struct mailbox *mb, const struct message *m, struct pattern_msg *msg, bool whole)
{
	struct buf err = BUF_INIT;
	int rc;

	if (msg->state < 0 || msg->state >= (whole ? 2 : 1))
		return msg->state > 0;
	buf_reset(&msg->raw);
	rc = whole ? mx_read(mb, m->id, &msg->raw, &err)
		   : mx_read_headers(mb, m->id, &msg->raw, &err);
	if (rc != 0)
		log_msg(LOG_WARN, "pattern: message %u: %s", (unsigned)m->id, err.data);
	buf_release(&err);
	msg->state = rc != 0 ? -1 : whole ? 2 : 1;
	return rc == 0;
}

/* Unfold as mutt_read_rfc822_line does: a line break and the white space around it become one space. */
static void unfold(const char *v, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i] != '\r' && v[i] != '\n') {
			buf_addch(out, v[i]);
			continue;
		}
		while (out->len && is_wsp((unsigned char)out->data[out->len - 1]))
			out->len--;
		while (i + 1 < n && (is_space((unsigned char)v[i + 1])))
			i++;
		buf_addch(out, ' ');
	}
}

static void build_headers(const struct pattern *p, struct pattern_msg *msg)
{
	struct header_list h = { 0 };
	struct buf line = BUF_INIT;

	headers_parse(msg->raw.data, msg->raw.len, &h);
	for (size_t i = 0; i < h.n; i++) {
		const struct header_field *f = &h.v[i];
		buf_add(&msg->headers, f->name, f->name_len);
		buf_addstr(&msg->headers, ": ");
		buf_reset(&line);
		unfold(f->value, f->value_len, &line);
		if (p->thorough)
			rfc2047_decode(line.data, line.len, &msg->headers, NULL);
		else
			buf_addbuf(&msg->headers, &line);
		buf_addch(&msg->headers, '\n');
	}
	buf_release(&line);
	header_list_release(&h);
	msg->have_headers = true;
}

static void add_text_parts(const char *data, const struct body *b, struct buf *out, int depth)
{
	for (; b; b = b->next) {
		if (b->parts && depth < EMAIL_MAX_MIME_DEPTH) {
			add_text_parts(data, b->parts, out, depth + 1);
		} else if (b->type == MIME_TEXT) {
			body_text_utf8(data, b, out);
			buf_addch(out, '\n');
		}
	}
}

const struct body *pattern_tree(struct pattern_msg *msg)
{
	if (!msg->have_tree) {
		struct envelope env;

		envelope_init(&env);
		email_parse(msg->raw.data, msg->raw.len, &env, &msg->tree);
		envelope_release(&env);
		msg->have_tree = true;
	}
	return msg->tree;
}

static void build_body(const struct pattern *p, struct pattern_msg *msg)
{
	if (p->thorough) {
		add_text_parts(msg->raw.data, pattern_tree(msg), &msg->body, 0);
	} else {
		struct header_list h = { 0 };

		headers_parse(msg->raw.data, msg->raw.len, &h);
		if (h.body_offset < msg->raw.len)
			buf_add(&msg->body, msg->raw.data + h.body_offset,
				msg->raw.len - h.body_offset);
		header_list_release(&h);
	}
	msg->have_body = true;
}

/* ~b ~B ~h (mutt's msg_search). An unreadable message does not match. */
static bool search_message(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
			   const struct message *m, struct pattern_msg *msg)
{
	if (!pattern_load(mb, m, msg, n->op != P_HEADER))
		return false;
	if (n->op != P_BODY) {
		if (!msg->have_headers)
			build_headers(p, msg);
		if (pattern_text_match(n, msg->headers.data, msg->headers.len))
			return true;
	}
	if (n->op != P_HEADER) {
		if (!msg->have_body)
			build_body(p, msg);
		return pattern_text_match(n, msg->body.data, msg->body.len);
	}
	return false;
}

/* ~b ~B ~h: the server's answer when it is the term's, else its candidates read and matched. */
static bool read_match(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
		       const struct message *m, struct pattern_msg *msg)
{
	int server = pattern_srv_match(p, n, mb, m);

	if (server == 0 || (server == 1 && n->srv == PS_ANSWER))
		return server == 1;
	return search_message(p, n, mb, m, msg);
}

/*
 * ~x: the envelope keeps the first and the last few reference ids; when it
 * dropped some between them, those are read from the message's header.
 */
static bool references(const struct pnode *n, struct mailbox *mb, const struct message *m,
		       struct pattern_msg *msg)
{
	struct header_list h = { 0 };
	struct envelope env;
	bool r = false;

	if (!m->env)
		return false;
	if (refs_match(n, m->env))
		return true;
	if (!(m->env->flags & MENV_REFS_TRIMMED) || !pattern_load(mb, m, msg, false))
		return false;
	headers_parse(msg->raw.data, msg->raw.len, &h);
	envelope_init(&env);
	envelope_from_headers(&env, &h);
	for (size_t i = 0; !r && i < env.references.n; i++)
		r = str_match(n, env.references.v[i]);
	for (size_t i = 0; !r && i < env.in_reply_to.n; i++)
		r = str_match(n, env.in_reply_to.v[i]);
	envelope_release(&env);
	header_list_release(&h);
	return r;
}

/* ~E: an Expires: date in the past (as in mutt, one that does not parse counts as past). */
static bool expired(struct mailbox *mb, const struct message *m, struct pattern_msg *msg)
{
	struct header_list h = { 0 };
	const struct header_field *f;
	bool r = false;

	if (!pattern_load(mb, m, msg, false))
		return false;
	headers_parse(msg->raw.data, msg->raw.len, &h);
	if ((f = header_find(&h, "Expires"))) {
		struct mail_date d;
		date_parse(f->value, f->value_len, &d);
		r = !d.valid || d.time < pattern_now();
	}
	header_list_release(&h);
	return r;
}

/* ---- the tree ------------------------------------------------------------------- */

static bool in_range(const struct pnode *n, int64_t v)
{
	return v >= n->u.range.min && v <= n->u.range.max;
}

static bool flags_match(const struct pnode *n, uint32_t f)
{
	switch (n->op) {
	case P_ALL:
		return true;
	case P_DELETED:
		return f & MSG_DELETED;
	case P_FLAGGED:
		return f & MSG_FLAGGED;
	case P_NEW:
		return !(f & (MSG_READ | MSG_OLD));
	case P_OLD:
		return (f & MSG_OLD) && !(f & MSG_READ);
	case P_READ:
		return f & MSG_READ;
	case P_REPLIED:
		return f & MSG_REPLIED;
	case P_TAGGED:
		return f & MSG_TAGGED;
	case P_UNREAD:
		return !(f & MSG_READ);
	default:
		return f & MSG_COLLAPSED; /* P_COLLAPSED */
	}
}

bool pattern_eval(const struct pattern *p, uint32_t i, struct mailbox *mb, const struct message *m,
		  struct pattern_msg *msg)
{
	const struct pnode *n = &p->v[i];
	const struct menv *e = m->env;
	bool r = false;

	switch (n->op) {
	case P_AND:
		r = true;
		for (uint32_t c = n->child; r && c != PN_NONE; c = p->v[c].next)
			r = pattern_eval(p, c, mb, m, msg);
		break;
	case P_OR:
		for (uint32_t c = n->child; !r && c != PN_NONE; c = p->v[c].next)
			r = pattern_eval(p, c, mb, m, msg);
		break;
	case P_DATE:
		r = in_range(n, e && e->date_valid ? e->date : 0);
		break;
	case P_RECEIVED:
		r = in_range(n, m->received);
		break;
	case P_SIZE:
		r = in_range(n, (int64_t)MIN(m->size, (uint64_t)INT64_MAX));
		break;
	case P_NUMBER:
		r = in_range(n, (int64_t)m->index + 1);
		break;
	case P_SCORE:
		r = in_range(n, 0);
		break;
	case P_BODY:
	case P_HEADER:
	case P_WHOLE:
		r = read_match(p, n, mb, m, msg);
		break;
	case P_EXPIRED:
		r = expired(mb, m, msg);
		break;
	case P_REFERENCE:
		r = references(n, mb, m, msg);
		break;
	case P_MIMETYPE:
		r = pattern_mime_type(n, mb, m, msg);
		break;
	case P_ATTACH:
		r = pattern_attachments(p, n, mb, m, msg);
		break;
	default:
		if ((n->op >= P_SUBJECT && n->op <= P_XLABEL) ||
		    (n->op >= P_LIST && n->op <= P_PERSONAL_FROM))
			r = e && envelope_match(p, n, e);
		else
			r = flags_match(n, m->flags);
		break;
	}
	return r != n->negate;
}
