/*
 * structure.c - a message's MIME tree, one line per part, for --structure:
 * stable and easy to read with a script (the format is in mime.h and
 * tern(1); changing it breaks users' scripts).
 */
#include "mime/internal.h"

/* Quoted when the value would otherwise not read back as one token. */
static void add_value(struct buf *out, const char *v)
{
	bool quote = !*v || strpbrk(v, " \t;\"\\=") != NULL;

	if (!quote) {
		buf_addstr(out, v);
		return;
	}
	buf_addch(out, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			buf_addch(out, '\\');
		/* A line break inside a name would split the line: written as a space. */
		buf_addch(out, *v == '\n' || *v == '\r' ? ' ' : *v);
	}
	buf_addch(out, '"');
}

static void add_field(struct buf *out, const char *name, const char *v)
{
	buf_printf(out, "; %s=", name);
	add_value(out, v);
}

static const char *disposition_name(const struct body *b)
{
	switch (b->disposition) {
	case DISP_INLINE:
		return "inline";
	case DISP_ATTACHMENT:
		return "attachment";
	case DISP_OTHER:
		return "other";
	default:
		return NULL;
	}
}

static void part_line(const char *data, const struct body *b, const char *id, int depth,
		      struct buf *out)
{
	struct buf dec = BUF_INIT;
	const char *cs = body_charset(b), *disp = disposition_name(b);

	buf_addstr(out, id);
	buf_addstr(out, "  ");
	for (int i = 0; i < depth; i++)
		buf_addstr(out, "  ");
	part_type(b, out);
	if (cs || b->type == MIME_TEXT)
		add_field(out, "charset", cs ? cs : "us-ascii");
	add_field(out, "encoding", mime_encoding_name(b->encoding));
	if (disp)
		add_field(out, "disposition", disp);
	if (b->filename)
		add_field(out, "name", b->filename);
	if (b->type == MIME_MULTIPART || (b->type == MIME_MESSAGE && b->parts)) {
		buf_printf(out, "; size=%zu\n", b->length);
	} else {
		mime_decode(b->encoding, data + b->offset, b->length, &dec);
		buf_printf(out, "; size=%zu\n", dec.len);
	}
	buf_release(&dec);
}

static void walk(const char *data, const struct body *b, struct buf *id, int depth, struct buf *out)
{
	size_t keep = id->len;
	int n = 0;

	part_line(data, b, id->data, depth, out);
	for (const struct body *p = b->parts; p; p = p->next) {
		buf_printf(id, ".%d", ++n);
		walk(data, p, id, depth + 1, out);
		buf_setlen(id, keep);
	}
}

int render_structure(const char *data, size_t len, struct buf *out)
{
	struct envelope env;
	struct body *body = NULL;
	struct buf id = BUF_INIT;
	int rc;

	envelope_init(&env);
	rc = email_parse(data, len, &env, &body);
	buf_addch(&id, '1');
	if (body)
		walk(data, body, &id, 0, out);
	buf_release(&id);
	body_free(&body);
	envelope_release(&env);
	return rc == 0 ? 0 : ERR_PARSE;
}
