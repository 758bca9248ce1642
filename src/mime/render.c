/*
 * render.c - a message as mutt's pager shows it: headers, the readable
 * parts, and mutt's "[-- ... --]" lines around attachments and for parts
 * that cannot be shown. The shape follows mutt's handler.c (multipart,
 * alternative, message and text handlers) so that a mutt user sees what he
 * expects; mailcap and auto_view come later.
 */
#include <pthread.h>

#include "mime/internal.h"

struct render {
	const char *data;
	const struct config *cfg;
	struct buf *out;
	unsigned defects;
	int depth;
	struct render_marks *marks; /* or NULL */
};

static void render_part(struct render *r, const struct body *b);

void part_type(const struct body *b, struct buf *out)
{
	buf_printf(out, "%s/%s", b->type_name && *b->type_name ? b->type_name : "text",
		   b->subtype && *b->subtype ? b->subtype : "plain");
}

static bool subtype_is(const struct body *b, const char *s)
{
	return b->subtype && ascii_strcasecmp(b->subtype, s) == 0;
}

/* mutt's mutt_is_text_part, less PGP: what the pager shows as text. */
static bool is_text(const struct body *b)
{
	if (b->type == MIME_TEXT)
		return true;
	return b->type == MIME_MESSAGE && subtype_is(b, "delivery-status");
}

static bool is_embedded_message(const struct body *b)
{
	return b->type == MIME_MESSAGE && b->env &&
	       (subtype_is(b, "rfc822") || subtype_is(b, "global") || subtype_is(b, "news"));
}

/* ---- the [-- ... --] lines ------------------------------------------------ */

/* Note that tern's own line starts here (see render_marks). */
static void mark_line(struct render *r)
{
	struct render_marks *m = r->marks;

	if (!m)
		return;
	ALLOC_GROW(m->at, m->n + 1, m->cap);
	m->at[m->n++] = r->out->len;
}

/*
 * The octets of a part the backend left out (its X-Tern-Omitted field), or
 * -1. Only for a message the backend says is partial: in any other message
 * the field is the sender's, and hides nothing.
 */
static long long omitted_size(const struct render *r, const struct body *b)
{
	static const char name[] = "X-Tern-Omitted:";
	const char *p = r->data + b->hdr_offset, *end = r->data + b->offset;

	if (!r->marks || !r->marks->partial || b->parts || b->hdr_offset >= b->offset)
		return -1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);
		if (n > sizeof(name) - 1 && ascii_strncasecmp(p, name, sizeof(name) - 1) == 0) {
			char *stop;
			long long v = strtoll(p + sizeof(name) - 1, &stop, 10);
			return v >= 0 && stop <= p + n ? v : -1;
		}
		p = eol ? eol + 1 : end;
	}
	return -1;
}

/* mutt's print_part_line: the size is the encoded length, as mutt shows it. */
static void type_line(struct render *r, const struct body *b)
{
	struct buf size = BUF_INIT;
	long long left_out = omitted_size(r, b);

	mx_pretty_size(r->cfg, left_out >= 0 ? (uint64_t)left_out : b->length, &size);
	mark_line(r);
	buf_addstr(r->out, _("[-- Type: "));
	part_type(b, r->out);
	buf_printf(r->out, _(", Encoding: %s, Size: %s --]\n"), mime_encoding_name(b->encoding),
		   size.data);
	buf_release(&size);
}

/* A part the backend did not download (the pager's partial read). */
static void omitted_line(struct render *r, const struct body *b, long long octets)
{
	struct buf type = BUF_INIT, size = BUF_INIT;

	part_type(b, &type);
	mx_pretty_size(r->cfg, (uint64_t)octets, &size);
	mark_line(r);
	buf_printf(r->out, _("[-- %s, %s, not downloaded (save or view it to fetch it) --]\n"),
		   type.data, size.data);
	buf_release(&type);
	buf_release(&size);
}

static void unsupported_line(struct render *r, const struct body *b)
{
	struct buf type = BUF_INIT;

	part_type(b, &type);
	mark_line(r);
	buf_printf(r->out, _("[-- %s is unsupported (use '%s' to view this part) --]\n"), type.data,
		   "v");
	buf_release(&type);
}

/* ---- text ------------------------------------------------------------------- */

static long reflow_width(const struct render *r)
{
	long w = r->cfg ? cfg_num(r->cfg, V_reflow_wrap) : 78;

	/* Without a screen, mutt's "relative to the screen" values count from 80 columns. */
	if (w <= 0)
		w += 80;
	return w > 0 ? w : 80;
}

static bool is_flowed(const struct render *r, const struct body *b)
{
	const char *f = params_get(&b->params, "format");

	return subtype_is(b, "plain") && f && ascii_strcasecmp(f, "flowed") == 0 &&
	       (!r->cfg || cfg_bool(r->cfg, V_reflow_text));
}

static void render_text(struct render *r, const struct body *b)
{
	struct buf text = BUF_INIT;
	size_t start = r->out->len;

	if (body_text_utf8(r->data, b, &text) != 0)
		r->defects |= DEFECT_BAD_CHARSET;
	buf_crlf_to_lf(
		&text,
		0); /* base64 text keeps the sender's CRLFs: plain line breaks, as mutt shows them */
	if (is_flowed(r, b)) {
		const char *d = params_get(&b->params, "delsp");
		flowed_format(text.data, text.len, d && ascii_strcasecmp(d, "yes") == 0,
			      (size_t)reflow_width(r), r->out);
	} else if (subtype_is(b, "html")) {
		html_to_text(text.data, text.len, r->out);
	} else {
		buf_add(r->out, text.data, text.len);
	}
	buf_release(&text);
	/* Every part ends with a line break so that what follows starts on its own line. */
	if (r->out->len > start && r->out->data[r->out->len - 1] != '\n')
		buf_addch(r->out, '\n');
}

/* ---- multiparts ------------------------------------------------------------- */

/* An $alternative_order entry ("text", "text/plain", or a wildcard subtype) against a part. */
static bool order_matches(const char *entry, const struct body *b)
{
	const char *slash = strchr(entry, '/');
	size_t major = slash ? (size_t)(slash - entry) : strlen(entry);
	const char *t = b->type_name ? b->type_name : "text";

	if (strlen(t) != major || ascii_strncasecmp(t, entry, major) != 0)
		return false;
	return !slash || strcmp(slash + 1, "*") == 0 || subtype_is(b, slash + 1);
}

/* mutt's choice in an alternative by $alternative_order: the last part matching the first entry that matches. */
static const struct body *choose_by_order(const struct render *r, const struct body *parts)
{
	const struct strlist *order = r->cfg ? cfg_list(r->cfg, L_ALTERNATIVE_ORDER) : NULL;
	const struct body *pick = NULL;

	for (size_t k = 0; order && k < order->n && !pick; k++)
		for (const struct body *p = parts; p; p = p->next)
			if (order_matches(order->v[k], p))
				pick = p;
	return pick;
}

static bool can_show(const struct body *b)
{
	if (b->type == MIME_MULTIPART)
		return true;
	return is_text(b) || is_embedded_message(b);
}

/*
 * mutt's alternative_handler without auto_view: $alternative_order, then
 * text (enriched over plain over html, the last of the best kind), then
 * the last part that can be shown.
 */
static const struct body *choose_alternative(const struct render *r, const struct body *parts)
{
	static const char *const rank[] = { "html", "plain", "enriched" };
	const struct body *pick = choose_by_order(r, parts);
	int best = -1;

	if (pick)
		return pick;
	for (const struct body *p = parts; p; p = p->next)
		for (int k = 0; p->type == MIME_TEXT && k < (int)ARRAY_SIZE(rank); k++)
			if (subtype_is(p, rank[k]) && k >= best) {
				best = k;
				pick = p;
			}
	for (const struct body *p = parts; p && best < 0; p = p->next)
		if (can_show(p))
			pick = p;
	return pick;
}

static void render_alternative(struct render *r, const struct body *b)
{
	const struct body *pick = choose_alternative(r, b->parts);

	if (pick) {
		render_part(r, pick);
		return;
	}
	mark_line(r);
	buf_addstr(r->out,
		   _("[-- Error: Could not display any parts of Multipart/Alternative! --]\n"));
}

/* mutt's multipart_handler: a numbered head for each part, and a blank line after it. */
static void render_mixed(struct render *r, const struct body *b)
{
	int n = 0;

	for (const struct body *p = b->parts; p; p = p->next) {
		const char *label = p->description ? p->description : p->filename;

		n++;
		mark_line(r);
		if (label)
			buf_printf(r->out, _("[-- Attachment #%d: %s --]\n"), n, label);
		else
			buf_printf(r->out, _("[-- Attachment #%d --]\n"), n);
		type_line(r, p);
		buf_addch(r->out, '\n');
		render_part(r, p);
		buf_addch(r->out, '\n');
	}
}

/* ---- one part --------------------------------------------------------------- */

static void render_message_part(struct render *r, const struct body *b)
{
	/* The embedded header block runs from the part's content to its body. */
	size_t hdr_end = b->parts ? b->parts->offset : b->offset + b->length;

	r->defects |= render_header_block(r->data + b->offset, hdr_end - b->offset, r->cfg, r->out);
	buf_addch(r->out, '\n');
	if (b->parts)
		render_part(r, b->parts);
}

static void render_part(struct render *r, const struct body *b)
{
	long long left_out = omitted_size(r, b);

	r->defects |= b->defects;
	if (++r->depth > EMAIL_MAX_MIME_DEPTH + 2) {
		r->depth--;
		return; /* the parser caps depth; this only guards the recursion */
	}
	if (left_out >= 0)
		omitted_line(r, b, left_out);
	else if (b->type == MIME_MULTIPART && subtype_is(b, "alternative"))
		render_alternative(r, b);
	else if (b->type == MIME_MULTIPART)
		render_mixed(r, b);
	else if (is_embedded_message(b))
		render_message_part(r, b);
	else if (is_text(b))
		render_text(r, b);
	else
		unsupported_line(r, b);
	r->depth--;
}

int render_message_cfg(const char *data, size_t len, const struct config *cfg, struct buf *out)
{
	return render_message_marked(data, len, cfg, out, NULL);
}

void render_marks_release(struct render_marks *m)
{
	free(m->at);
	memset(m, 0, sizeof(*m));
}

int render_message_marked(const char *data, size_t len, const struct config *cfg, struct buf *out,
			  struct render_marks *marks)
{
	struct envelope env;
	struct body *body = NULL;
	struct render r = { .data = data, .cfg = cfg, .out = out, .marks = marks };

	envelope_init(&env);
	email_parse(data, len, &env, &body);
	r.defects |= render_header_block(data, len, cfg, out);
	buf_addch(out, '\n');
	if (body)
		render_part(&r, body);
	r.defects |= env.defects;
	body_free(&body);
	envelope_release(&env);
	return r.defects ? ERR_PARSE : 0;
}

static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;
static struct config *defaults;

/* What mutt users see by default: Debian's system Muttrc weeds and orders the headers so. */
static void make_defaults(void)
{
	struct buf err = BUF_INIT;

	defaults = config_new();
	config_run(defaults,
		   "ignore *; unignore from: subject to cc date x-mailer x-url user-agent; "
		   "hdr_order date from to cc subject",
		   NULL, 0, &err);
	buf_release(&err);
}

int render_message(const char *data, size_t len, struct buf *out)
{
	pthread_once(&defaults_once, make_defaults);
	return render_message_cfg(data, len, defaults, out);
}
