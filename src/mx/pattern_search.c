/*
 * pattern_search.c - letting the folder's server match ~b ~B ~h (the mx
 * search op: IMAP SEARCH), so that a body pattern over IMAP does not
 * download the whole folder.
 *
 * When a term is compiled it is classified (pattern_srv_classify):
 * - PS_ANSWER, the server's answer is the term's: =b =B =h and regexes
 *   that are plain literals, when they ignore case (an IMAP SEARCH is a
 *   case-insensitive substring match, RFC 9051 6.4.4); and "Field: value"
 *   in =h or a literal ~h, which is SEARCH HEADER Field value as in mutt:
 *   the field (never part of another field's name) contains the value.
 * - PS_PREFILTER, the server's answer narrows, tern confirms: a literal
 *   that minds case, a regex that implies a literal of 3 bytes or more
 *   (pattern_rx_literal), and ~h without a field, sent as TEXT (header and
 *   body: more than the header, never less; of "a: b" only the "b", since
 *   servers match values, not lines). Only the candidates are read.
 * - PS_LOCAL: every message is read, as before.
 *
 * The search runs lazily inside pattern_match, called once per message by
 * callers that know nothing of servers (the limit, search, tag-pattern,
 * colours, index-format-hook): the first evaluation of a term on a
 * mailbox whose backend has the op asks the server once and keeps the
 * matching ids, sorted, for binary search. They stay valid while the
 * mailbox holds the same messages (the key: the mailbox, its next id, its
 * count, its first and last message), which flag changes leave alone:
 * tag-pattern sets flags in the middle of its loop. Anything else asks
 * again. A failed search falls back to reading (and is not retried for the
 * same messages); a busy folder (ERR_AGAIN: the backend cannot wait for its
 * connection under the model's lock) is asked again at the next message.
 */
#include "mx/pattern_int.h"

/* ---- literals in regexes ------------------------------------------------------ */

/* What pattern_rx_literal keeps while it walks the regex. */
struct rx_walk {
	struct buf run;  /* the literal run being read */
	struct buf *out; /* the longest finished run */
	bool literal;    /* nothing but literal characters so far */
};

static void run_end(struct rx_walk *w)
{
	if (w->run.len > w->out->len) {
		buf_reset(w->out);
		buf_addbuf(w->out, &w->run);
	}
	buf_reset(&w->run);
}

/* The run's last character (a whole UTF-8 sequence) is optional: drop it. */
static void run_drop_last(struct rx_walk *w)
{
	size_t len = w->run.len;

	while (len && ((unsigned char)w->run.data[len - 1] & 0xc0) == 0x80)
		len--;
	buf_setlen(&w->run, len ? len - 1 : 0);
}

/* The end of the group whose '(' is at p: after its ')', or at the NUL. */
static const char *skip_group(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			p = pattern_skip_bracket(p);
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p + 1;
		}
	}
	return p;
}

/* One step of the walk at p; returns where the next starts, or NULL: no literal is required. */
static const char *rx_step(struct rx_walk *w, const char *p)
{
	unsigned char c = (unsigned char)*p;

	if (c == '|')
		return NULL; /* alternatives at the top: none of them is required */
	if (c == '\\' && p[1] && (unsigned char)p[1] < 0x80 && !is_alpha((unsigned char)p[1]) &&
	    !is_digit((unsigned char)p[1]) && p[1] != '\n' && p[1] != '\r') {
		buf_addch(&w->run, p[1]); /* an escaped punctuation character stands for itself */
		return p + 2;
	}
	if (c == '\\' || c == '\n' || c == '\r' || strchr("([.^$)*?{+", c)) {
		/* \w \< and the like, line ends, groups, sets, anchors, repetitions */
		w->literal = false;
		if (c == '*' || c == '?' || c == '{')
			run_drop_last(w); /* the last atom may be absent */
		run_end(w);
		if (c == '(')
			return skip_group(p);
		if (c == '[')
			return pattern_skip_bracket(p) + 1;
		if (c == '{') {
			const char *close = strchr(p, '}');
			return close ? close + 1 : p + 1;
		}
		return p + (c == '\\' && p[1] ? 2 : 1);
	}
	buf_addch(&w->run, (char)c);
	return p + 1;
}

bool pattern_rx_literal(const char *rx, struct buf *out)
{
	struct rx_walk w = { BUF_INIT, out, true };
	const char *p = rx;

	buf_reset(out);
	while (p && *p)
		p = rx_step(&w, p);
	if (!p) {
		buf_reset(out);
		w.literal = false;
	} else {
		run_end(&w);
	}
	buf_release(&w.run);
	return w.literal && out->len > 0;
}

/* ---- classifying terms ---------------------------------------------------------- */

/* A regex implies a literal of at least this many bytes before the server narrows for it. */
#define SRV_MIN_LITERAL 3

/*
 * "Field: value" (mutt's =h): a field name of printable ASCII without
 * spaces, its colon, optional blanks, and the value (possibly empty).
 */
static bool split_header(const char *s, size_t len, size_t *name_len, const char **value)
{
	size_t i = 0;

	while (i < len && s[i] > ' ' && s[i] < 0x7f && s[i] != ':')
		i++;
	if (i == 0 || i >= len || s[i] != ':')
		return false;
	*name_len = i++;
	while (i < len && is_wsp((unsigned char)s[i]))
		i++;
	*value = s + i;
	return true;
}

static bool has_line_end(const char *s, size_t len)
{
	return memchr(s, '\n', len) || memchr(s, '\r', len);
}

void pattern_srv_classify(struct pattern *p, struct pnode *n, const char *arg, size_t len,
			  bool regex, bool icase)
{
	struct buf lit = BUF_INIT;
	bool exact = true;
	size_t name_len;
	const char *value;

	if (n->op != P_BODY && n->op != P_WHOLE && n->op != P_HEADER)
		return;
	if (regex)
		exact = pattern_rx_literal(arg, &lit);
	else
		buf_add(&lit, arg, len);
	if (!lit.len || strlen(lit.data) != lit.len || has_line_end(lit.data, lit.len) ||
	    (!exact && lit.len < SRV_MIN_LITERAL))
		goto out;
	n->srv_field = n->op == P_BODY ? MXS_BODY : MXS_WHOLE;
	if (n->op == P_HEADER && exact && split_header(lit.data, lit.len, &name_len, &value)) {
		n->srv_field = MXS_HEADER;
		n->srv_header = xstrndup(lit.data, name_len);
		n->srv_text = xstrdup(value);
		/* the field's name never minds case: the value's letters decide */
		icase = icase || !pattern_has_upper(value, strlen(value));
	} else if (n->op == P_HEADER) {
		/*
		 * TEXT: the body too, so only a narrowing. Servers match field
		 * values, not "Name: value" lines: only the text after a colon.
		 */
		const char *colon = strrchr(lit.data, ':'), *v = colon ? colon + 1 : lit.data;
		while (is_wsp((unsigned char)*v))
			v++;
		if (strlen(v) < (colon ? SRV_MIN_LITERAL : 1))
			goto out;
		n->srv_text = xstrdup(v);
		exact = false;
	} else {
		n->srv_text = xstrdup(lit.data);
	}
	n->srv = exact && icase ? PS_ANSWER : PS_PREFILTER;
	ALLOC_GROW(p->srv, p->nsrv + 1, p->capsrv);
	memset(&p->srv[p->nsrv], 0, sizeof(p->srv[p->nsrv]));
	n->srv_slot = (uint32_t)p->nsrv++;
out:
	buf_release(&lit);
}

/* ---- asking the server ------------------------------------------------------------ */

static void key_of(struct mailbox *mb, struct pattern_srv_key *k)
{
	memset(k, 0, sizeof(*k));
	k->mb = mb;
	k->next_id = mb->next_id;
	k->n = mb->n;
	if (mb->n) {
		const struct message *last = &mb->msgs[mb->n - 1];
		k->first_id = mb->msgs[0].id;
		k->last_id = last->id;
		k->last_size = last->size;
		k->last_received = last->received;
	}
}

static bool key_eq(const struct pattern_srv_key *a, const struct pattern_srv_key *b)
{
	return a->mb == b->mb && a->next_id == b->next_id && a->n == b->n &&
	       a->first_id == b->first_id && a->last_id == b->last_id &&
	       a->last_size == b->last_size && a->last_received == b->last_received;
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void ask(const struct pnode *n, struct pattern_srv *c, struct mailbox *mb)
{
	const struct mx_search q = { (enum mx_search_field)n->srv_field, n->srv_header,
				     n->srv_text };
	struct buf err = BUF_INIT;
	uint32_t *ids = NULL;
	size_t nids = 0;
	int rc;

	free(c->ids);
	c->ids = NULL;
	c->nids = 0;
	c->asked++;
	rc = mb->ops->search(mb, &q, &ids, &nids, &err);
	/* the search may have changed the model (an expunge the server reported): key it after */
	key_of(mb, &c->key);
	if (rc == 0) {
		if (nids > 1)
			qsort(ids, nids, sizeof(*ids), cmp_id);
		c->ids = ids;
		c->nids = nids;
		c->state = SRV_DONE;
		log_msg(LOG_DEBUG, "pattern: the server matched %zu of %zu messages", nids, mb->n);
	} else {
		free(ids);
		c->state = rc == ERR_AGAIN ? SRV_NONE : SRV_FAILED;
		if (rc != ERR_AGAIN)
			log_msg(LOG_INFO,
				"pattern: the server's search failed, reading instead: %s",
				err.data);
	}
	buf_release(&err);
}

int pattern_srv_match(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
		      const struct message *m)
{
	struct pattern_srv *c;
	struct pattern_srv_key k;

	if (n->srv == PS_LOCAL || !mb || !mb->ops || !mb->ops->search)
		return -1;
	c = &p->srv[n->srv_slot];
	key_of(mb, &k);
	if (c->state == SRV_NONE || !key_eq(&c->key, &k))
		ask(n, c, mb);
	if (c->state != SRV_DONE)
		return -1;
	return bsearch(&m->id, c->ids, c->nids, sizeof(*c->ids), cmp_id) != NULL;
}

void pattern_srv_free(struct pattern *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].srv_header);
		free(p->v[i].srv_text);
	}
	for (size_t i = 0; i < p->nsrv; i++)
		free(p->srv[i].ids);
	free(p->srv);
	p->srv = NULL;
	p->nsrv = p->capsrv = 0;
}
