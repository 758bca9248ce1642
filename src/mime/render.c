/*
 * render.c - a message as text: headers, the readable parts, and a line
 * per attachment. The first cut of the renderer: alternatives prefer
 * text/plain; mailcap and auto_view come with the renderer proper.
 */
#include "mime/mime.h"

struct render {
	const char *data;
	struct buf *out;
	int attachment_no;
	unsigned defects;
};

static void render_part(struct render *r, const struct body *b);

static void header_line(struct buf *out, const char *name, const char *value)
{
	if (value && *value)
		buf_printf(out, "%s: %s\n", name, value);
}

static void address_line(struct buf *out, const char *name, const struct addrlist *l)
{
	struct buf v = BUF_INIT;

	if (!l->n)
		return;
	addrlist_format(l, ADDR_FMT_DISPLAY, &v);
	header_line(out, name, v.data);
	buf_release(&v);
}

/* Field names stay untranslated, as in every mail client: they are the protocol's names. */
static void render_headers(const struct envelope *e, struct buf *out)
{
	header_line(out, "Date", e->date_text);
	address_line(out, "From", &e->from);
	address_line(out, "To", &e->to);
	address_line(out, "Cc", &e->cc);
	address_line(out, "Reply-To", &e->reply_to);
	header_line(out, "Subject", e->subject);
	buf_addch(out, '\n');
}

static void human_size(size_t n, struct buf *out)
{
	if (n < 1024)
		buf_printf(out, "%zu", n);
	else if (n < 1024 * 1024)
		buf_printf(out, "%.1fK", n / 1024.0);
	else
		buf_printf(out, "%.1fM", n / (1024.0 * 1024.0));
}

static void attachment_line(struct render *r, const struct body *b)
{
	struct buf dec = BUF_INIT;

	/* Show the decoded size, which is what a user saves. */
	mime_decode(b->encoding, r->data + b->offset, b->length, &dec);
	buf_printf(r->out, "[-- %s #%d", _("Attachment"), ++r->attachment_no);
	if (b->filename)
		buf_printf(r->out, ": %s", b->filename);
	buf_printf(r->out, " (%s/%s, ", b->type_name ? b->type_name : "application",
		   b->subtype ? b->subtype : "octet-stream");
	human_size(dec.len, r->out);
	buf_addstr(r->out, ") --]\n");
	if (b->description)
		buf_printf(r->out, "[-- %s: %s --]\n", _("Description"), b->description);
	buf_release(&dec);
}

static void render_text(struct render *r, const struct body *b)
{
	size_t start = r->out->len;

	if (body_text_utf8(r->data, b, r->out) != 0)
		r->defects |= DEFECT_BAD_CHARSET;
	/* Every part ends with a line break so the next one starts on its own line. */
	if (r->out->len > start && r->out->data[r->out->len - 1] != '\n')
		buf_addch(r->out, '\n');
}

/* The part of a multipart/alternative to show: the last text/plain, else the first part. */
static const struct body *choose_alternative(const struct body *parts)
{
	const struct body *pick = NULL;

	for (const struct body *p = parts; p; p = p->next)
		if (p->type == MIME_TEXT && p->subtype && strcmp(p->subtype, "plain") == 0)
			pick = p;
	for (const struct body *p = parts; p && !pick; p = p->next)
		if (p->type == MIME_MULTIPART)
			pick = p;
	return pick ? pick : parts;
}

static void render_multipart(struct render *r, const struct body *b)
{
	if (b->subtype && strcmp(b->subtype, "alternative") == 0) {
		const struct body *pick = choose_alternative(b->parts);
		if (pick)
			render_part(r, pick);
		return;
	}
	for (const struct body *p = b->parts; p; p = p->next) {
		if (p != b->parts)
			buf_addch(r->out, '\n');
		render_part(r, p);
	}
}

static void render_part(struct render *r, const struct body *b)
{
	r->defects |= b->defects;
	switch (b->type) {
	case MIME_MULTIPART:
		render_multipart(r, b);
		return;
	case MIME_MESSAGE:
		if (b->env) {
			buf_printf(r->out, "[-- %s --]\n", _("Forwarded message"));
			render_headers(b->env, r->out);
			for (const struct body *p = b->parts; p; p = p->next)
				render_part(r, p);
			return;
		}
		break;
	case MIME_TEXT:
		if (!body_is_attachment(b) && (!b->subtype || strcmp(b->subtype, "html") != 0)) {
			render_text(r, b);
			return;
		}
		break;
	default:
		break;
	}
	attachment_line(r, b);
}

int render_message(const char *data, size_t len, struct buf *out)
{
	struct envelope env;
	struct body *body = NULL;
	struct render r = { data, out, 0, 0 };

	envelope_init(&env);
	email_parse(data, len, &env, &body);
	render_headers(&env, out);
	render_part(&r, body);
	r.defects |= env.defects;
	body_free(&body);
	envelope_release(&env);
	return r.defects ? ERR_PARSE : 0;
}
