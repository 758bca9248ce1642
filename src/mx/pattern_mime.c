/*
 * pattern_mime.c - the tests that need a message's MIME structure: ~M (a
 * part's type/subtype matches, mutt's match_content_type) and ~X (the
 * number of attachments, counted as mutt's count_body_parts counts them
 * under the "attachments" command's rules and $count_alternatives).
 */
#include "mx/pattern_int.h"

static bool type_match(const struct pnode *n, const struct body *b, struct buf *scratch, int depth)
{
	for (; b; b = b->next) {
		buf_reset(scratch);
		buf_printf(scratch, "%s/%s", b->type_name ? b->type_name : "",
			   b->subtype ? b->subtype : "");
		if (pattern_text_match(n, scratch->data, scratch->len))
			return true;
		if (depth < EMAIL_MAX_MIME_DEPTH && type_match(n, b->parts, scratch, depth + 1))
			return true;
	}
	return false;
}

bool pattern_mime_type(const struct pnode *n, struct mailbox *mb, const struct message *m,
		       struct pattern_msg *msg)
{
	struct buf scratch = BUF_INIT;
	bool r;

	if (!pattern_load(mb, m, msg, true))
		return false;
	r = type_match(n, pattern_tree(msg), &scratch, 0);
	buf_release(&scratch);
	return r;
}

/* Does part b count under the attachments rules? No disposition is inline, as in mutt. */
static bool qualifies(const struct config *cfg, const struct body *b)
{
	const char *major = b->type_name ? b->type_name : "";
	const char *minor = b->subtype ? b->subtype : "";

	return cfg_attach_qualifies(cfg, b->disposition == DISP_ATTACHMENT ? 'A' : 'I', major,
				    minor);
}

static size_t count_parts(const struct config *cfg, const struct body *first, bool top, int depth)
{
	size_t count = 0;

	for (const struct body *b = first; b; b = b->next) {
		bool count_it = true, recurse = false;

		if (b->type == MIME_MESSAGE) {
			recurse = ascii_strcasecmp(b->subtype ? b->subtype : "", "external-body") !=
				  0;
			count_it = !top; /* containers at the top are not attachments */
		} else if (b->type == MIME_MULTIPART) {
			recurse = ascii_strcasecmp(b->subtype ? b->subtype : "", "alternative") !=
					  0 ||
				  cfg_bool(cfg, V_count_alternatives);
			count_it = !top;
		}
		/* the first inline part of a list (the text itself) is not an attachment */
		if (b->disposition != DISP_ATTACHMENT && b->type != MIME_MULTIPART &&
		    b->type != MIME_MESSAGE && b == first)
			count_it = false;
		if (count_it && qualifies(cfg, b))
			count++;
		if (recurse && depth < EMAIL_MAX_MIME_DEPTH)
			count += count_parts(cfg, b->parts, false, depth + 1);
	}
	return count;
}

bool pattern_attachments(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
			 const struct message *m, struct pattern_msg *msg)
{
	int64_t count;

	if (!pattern_load(mb, m, msg, true))
		return false;
	count = p->cfg ? (int64_t)count_parts(p->cfg, pattern_tree(msg), true, 0) : 0;
	return count >= n->u.range.min && count <= n->u.range.max;
}
