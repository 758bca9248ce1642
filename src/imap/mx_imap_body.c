/*
 * mx_imap_body.c - the display read of a large message (bcache_parts.h):
 * one walk over the BODYSTRUCTURE serves both the plan (which sections to
 * ask for) and the build (the message made of what came back), so the two
 * can never disagree about a part.
 */
#include <stdio.h>
#include <string.h>

#include "imap/bcache_parts.h"

struct walk {
	bool build;
	const struct strlist *order; /* $alternative_order, or NULL */
	struct buf *items;           /* plan: the FETCH items */
	uint64_t bytes;              /* plan: body octets asked for */
	size_t nsections;            /* plan: sections asked for */
	imap_section_fn get;         /* build: the sections */
	void *ctx;
	struct buf *out; /* build: the message */
	struct buf *err;
	unsigned depth;
};

static bool str_is(struct imap_str s, const char *want)
{
	size_t n = strlen(want);

	return s.s && s.len == n && ascii_strncasecmp(s.s, want, n) == 0;
}

static bool type_is(const struct imap_body *b, const char *type, const char *subtype)
{
	return str_is(b->type, type) && (!subtype || str_is(b->subtype, subtype));
}

/* A message/rfc822 (or message/global) part whose message the structure describes. */
static bool encapsulated(const struct imap_body *b)
{
	return !b->multipart && b->nparts == 1 &&
	       (type_is(b, "MESSAGE", "RFC822") || type_is(b, "MESSAGE", "GLOBAL"));
}

/* Would the pager show this leaf inline? (the renderer's is_text: attachments too, as mutt) */
static bool shown_leaf(const struct imap_body *b)
{
	return type_is(b, "TEXT", NULL) || type_is(b, "MESSAGE", "DELIVERY-STATUS");
}

/* The renderer's can_show. */
static bool can_show(const struct imap_body *b)
{
	return b->multipart || shown_leaf(b) || encapsulated(b);
}

/* An $alternative_order entry ("text", "text/plain", or a wildcard subtype) against a part. */
static bool order_matches(const char *entry, const struct imap_body *b)
{
	const char *slash = strchr(entry, '/');
	size_t major = slash ? (size_t)(slash - entry) : strlen(entry);

	if (!b->type.s || b->type.len != major || ascii_strncasecmp(b->type.s, entry, major) != 0)
		return false;
	return !slash || strcmp(slash + 1, "*") == 0 || str_is(b->subtype, slash + 1);
}

/*
 * The alternative the pager shows, as src/mime/render.c chooses it (the
 * two must agree): the last part matching the first $alternative_order
 * entry that matches one; else the last text part of the best kind
 * (enriched over plain over html); else the last part it can show.
 */
static size_t chosen_alternative(const struct walk *w, const struct imap_body *b)
{
	static const char *const rank[] = { "HTML", "PLAIN", "ENRICHED" };
	size_t pick = b->nparts;
	int best = -1;

	for (size_t k = 0; w->order && k < w->order->n && pick == b->nparts; k++)
		for (size_t i = 0; i < b->nparts; i++)
			if (order_matches(w->order->v[k], &b->parts[i]))
				pick = i;
	if (pick < b->nparts)
		return pick;
	for (size_t i = 0; i < b->nparts; i++)
		for (int k = 0; type_is(&b->parts[i], "TEXT", NULL) && k < (int)ARRAY_SIZE(rank);
		     k++)
			if (str_is(b->parts[i].subtype, rank[k]) && k >= best) {
				best = k;
				pick = i;
			}
	for (size_t i = 0; i < b->nparts && best < 0; i++)
		if (can_show(&b->parts[i]))
			pick = i;
	return pick; /* b->nparts: none, every part left out as the pager shows none */
}

/* The multipart's boundary, checked (RFC 2046 5.1.1: 1 to 70 characters, no line end). */
static bool boundary_of(const struct imap_body *b, struct imap_str *out)
{
	for (size_t i = 0; i < b->nparams; i++) {
		struct imap_str v = b->params[i].value;

		if (!str_is(b->params[i].name, "BOUNDARY"))
			continue;
		if (!v.s || v.len == 0 || v.len > 70 || memchr(v.s, '\r', v.len) ||
		    memchr(v.s, '\n', v.len) || memchr(v.s, '\0', v.len))
			return false;
		*out = v;
		return true;
	}
	return false;
}

/* Plan: ask for spec. Build: the bytes of spec, or NULL (err set). */
static const struct imap_str *section(struct walk *w, const char *spec, int *rc)
{
	const struct imap_str *s;

	if (!w->build) {
		if (++w->nsections > IMAP_PARTS_MAX_SECTIONS) {
			buf_printf(w->err, _("more than %d parts to fetch"),
				   IMAP_PARTS_MAX_SECTIONS);
			*rc = ERR_LIMIT;
		} else {
			buf_printf(w->items, "%sBODY.PEEK[%s]", w->items->len ? " " : "", spec);
		}
		return NULL;
	}
	if ((s = w->get(w->ctx, spec)) == NULL || !s->s) {
		buf_printf(w->err, _("the server did not send part %s"), spec);
		*rc = ERR_PROTO;
		return NULL;
	}
	return s;
}

/*
 * A header block, ending in its blank line whatever the server sent; an
 * omitted part's gets IMAP_OMITTED_HEADER before that line.
 */
static int headers(struct walk *w, const char *spec, bool omitted, uint64_t size)
{
	int rc = 0;
	const struct imap_str *h = section(w, spec, &rc);
	size_t len;

	if (!h)
		return rc;
	len = h->len;
	while (len > 0 && (h->s[len - 1] == '\n' || h->s[len - 1] == '\r'))
		len--; /* the blank line (and any line end) goes, then comes back */
	buf_add(w->out, h->s, len);
	if (len > 0)
		buf_addstr(w->out, "\r\n");
	if (omitted)
		buf_printf(w->out, IMAP_OMITTED_HEADER ": %llu\r\n", (unsigned long long)size);
	buf_addstr(w->out, "\r\n");
	return 0;
}

static int body(struct walk *w, const char *spec, uint64_t size)
{
	int rc = 0;
	const struct imap_str *s = section(w, spec, &rc);

	if (!w->build)
		w->bytes += size;
	else if (s)
		buf_add(w->out, s->s, s->len);
	return rc;
}

/* A section name: prefix "" gives "leaf", else "prefix.leaf". */
static void spec_of(struct buf *b, const char *prefix, const char *leaf)
{
	buf_reset(b);
	buf_printf(b, "%s%s%s", prefix, *prefix ? "." : "", leaf);
}

static int part(struct walk *w, const struct imap_body *b, const char *path, const char *hdr,
		const char *text, bool hidden);

static int multipart(struct walk *w, const struct imap_body *b, const char *path, bool hidden)
{
	struct buf child = BUF_INIT, hdr = BUF_INIT;
	struct imap_str bd;
	bool alt = type_is(b, "MULTIPART", "ALTERNATIVE");
	size_t pick = alt ? chosen_alternative(w, b) : b->nparts;
	int rc = 0;

	if (!boundary_of(b, &bd)) {
		buf_addstr(w->err, _("a multipart part without a usable boundary"));
		return ERR_PARSE;
	}
	for (size_t i = 0; i < b->nparts && rc == 0; i++) {
		char n[24];

		snprintf(n, sizeof(n), "%zu", i + 1);
		spec_of(&child, path, n);
		spec_of(&hdr, child.data, "MIME");
		if (w->build) {
			buf_addstr(w->out, "--");
			buf_add(w->out, bd.s, bd.len);
			buf_addstr(w->out, "\r\n");
		}
		rc = part(w, &b->parts[i], child.data, hdr.data, child.data,
			  hidden || (alt && i != pick));
		if (w->build)
			buf_addstr(w->out,
				   "\r\n"); /* the line end before a delimiter is the delimiter's */
	}
	if (w->build) {
		buf_addstr(w->out, "--");
		buf_add(w->out, bd.s, bd.len);
		buf_addstr(w->out, "--\r\n");
	}
	buf_release(&child);
	buf_release(&hdr);
	return rc;
}

/* A message/rfc822 part at path: its MIME headers, then its message's header and body. */
static int message(struct walk *w, const struct imap_body *b, const char *path, const char *hdr,
		   bool hidden)
{
	struct buf mh = BUF_INIT, mt = BUF_INIT;
	int rc = headers(w, hdr, false, 0);

	spec_of(&mh, path, "HEADER");
	spec_of(&mt, path, "TEXT");
	if (rc == 0)
		rc = part(w, &b->parts[0], path, mh.data, mt.data, hidden);
	buf_release(&mh);
	buf_release(&mt);
	return rc;
}

/*
 * One part: its header block (section hdr), then its content. path names
 * its children ("" at the top); text is the section of a leaf's body.
 */
static int part(struct walk *w, const struct imap_body *b, const char *path, const char *hdr,
		const char *text, bool hidden)
{
	int rc;

	if (++w->depth > IMAP_PARTS_MAX_DEPTH) {
		buf_addstr(w->err, _("the message's parts are nested too deep"));
		return ERR_LIMIT;
	}
	if (b->multipart) {
		rc = headers(w, hdr, false, 0);
		if (rc == 0)
			rc = multipart(w, b, path, hidden);
	} else if (encapsulated(b) && *path && !hidden) {
		rc = message(w, b, path, hdr, hidden);
	} else if (!hidden && shown_leaf(b)) {
		rc = headers(w, hdr, false, 0);
		if (rc == 0)
			rc = body(w, text, b->size);
	} else {
		rc = headers(w, hdr, true, b->size);
	}
	w->depth--;
	return rc;
}

int imap_parts_plan(const struct imap_body *root, const struct strlist *order, struct buf *items,
		    uint64_t *bytes, struct buf *err)
{
	struct buf scratch = BUF_INIT; /* the plan writes no message */
	struct walk w = { .order = order, .items = items, .out = &scratch, .err = err };
	int rc = part(&w, root, "", "HEADER", "TEXT", false);

	*bytes = w.bytes;
	buf_release(&scratch);
	return rc;
}

int imap_parts_build(const struct imap_body *root, const struct strlist *order, imap_section_fn get,
		     void *ctx, struct buf *out, struct buf *err)
{
	struct walk w = {
		.build = true, .order = order, .get = get, .ctx = ctx, .out = out, .err = err
	};

	return part(&w, root, "", "HEADER", "TEXT", false);
}
