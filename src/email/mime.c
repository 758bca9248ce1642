/* mime.c - PLACEHOLDER: to be replaced by the MIME parser */
#include "email/email.h"

enum mime_type mime_type_from_name(const char *s, size_t len)
{
	return mem_eq_ci(s, len, "text") ? MIME_TEXT : MIME_OTHER;
}

enum mime_encoding mime_encoding_from_name(const char *s, size_t len)
{
	return ENC_7BIT;
}

const char *mime_encoding_name(enum mime_encoding e)
{
	return "7bit";
}

int mime_parse(const char *data, size_t len, const struct header_list *h, struct body **out)
{
	struct body *b = xcalloc(1, sizeof(*b));
	b->type = MIME_TEXT;
	b->type_name = xstrdup("text");
	b->subtype = xstrdup("plain");
	b->offset = h->body_offset;
	b->length = len - h->body_offset;
	*out = b;
	return 0;
}

void body_free(struct body **bp)
{
	struct body *b = *bp;
	while (b) {
		struct body *next = b->next;
		body_free(&b->parts);
		free(b->type_name);
		free(b->subtype);
		paramlist_release(&b->params);
		paramlist_release(&b->disp_params);
		free(b->filename);
		free(b->description);
		free(b->content_id);
		if (b->env) {
			envelope_release(b->env);
			free(b->env);
		}
		free(b);
		b = next;
	}
	*bp = NULL;
}

size_t body_count(const struct body *b)
{
	size_t n = 0;
	for (; b; b = b->next)
		n += 1 + body_count(b->parts);
	return n;
}

const char *body_charset(const struct body *b)
{
	return params_get(&b->params, "charset");
}

bool body_is_attachment(const struct body *b)
{
	return b->disposition == DISP_ATTACHMENT;
}
