/*
 * fuzz_mime.c - libFuzzer target for the MIME parser.
 *
 * Invariants: every part's content lies within the input and within its
 * parent's, siblings are in order and do not overlap, depth and part caps
 * hold, every string handed out is valid UTF-8, and the text of every part
 * converts to valid UTF-8. Leaks are caught by the sanitizer build.
 */
#include "email/email.h"

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

static void check_string(const char *s)
{
	if (s)
		CHECK(utf8_valid(s, strlen(s)));
}

static void check_params(const struct paramlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		CHECK(l->v[i].name && *l->v[i].name);
		check_string(l->v[i].value);
		check_string(l->v[i].lang);
	}
}

static void check_part(const char *data, const struct body *b)
{
	struct buf text = BUF_INIT;

	CHECK(b->type_name && b->subtype);
	CHECK(b->type != MIME_MULTIPART || b->parts);
	check_params(&b->params);
	check_params(&b->disp_params);
	check_string(b->filename);
	check_string(b->description);
	check_string(b->content_id);
	CHECK(b->env == NULL || b->type == MIME_MESSAGE);
	if (!b->parts) {
		body_text_utf8(data, b, &text);
		CHECK(utf8_valid(text.data, text.len));
	}
	buf_release(&text);
}

static size_t check_tree(const char *data, const struct body *b, size_t lo, size_t hi, int depth)
{
	size_t count = 0, prev_end = lo;

	for (; b; b = b->next) {
		CHECK(b->depth == depth && depth <= EMAIL_MAX_MIME_DEPTH);
		CHECK(b->hdr_offset >= prev_end && b->hdr_offset <= b->offset);
		CHECK(b->offset >= lo && b->offset <= hi && b->length <= hi - b->offset);
		check_part(data, b);
		count +=
			1 + check_tree(data, b->parts, b->offset, b->offset + b->length, depth + 1);
		prev_end = b->offset + b->length;
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct header_list h = { 0 };
	struct body *b = NULL;

	headers_parse(s, size, &h);
	int rc = mime_parse(s, size, &h, &b);
	CHECK(b != NULL && b->next == NULL);
	CHECK((rc == 0) == (b->defects == 0));
	size_t count = check_tree(s, b, 0, size, 0);
	CHECK(count == body_count(b) && count <= EMAIL_MAX_PARTS);
	body_free(&b);
	CHECK(b == NULL);
	header_list_release(&h);
	return 0;
}
