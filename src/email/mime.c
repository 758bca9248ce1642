/*
 * mime.c - the MIME tree of a message (RFC 2045, 2046, 2183, 6532).
 *
 * One pass over the body with a stack of open entities: the message, the
 * multiparts inside it, the message/rfc822 parts and the part being read.
 * Each line that starts with "--" is compared with the boundaries of the
 * open multiparts (at most EMAIL_MAX_MIME_DEPTH of them), so nesting costs
 * O(size), not O(depth x size). A delimiter of an outer multipart closes
 * every entity opened inside it, which is how a missing close delimiter or
 * a truncated inner multipart is survived.
 *
 * Rules and leniency, and why:
 * - A delimiter line is "--" boundary ["--"] and nothing but white space
 *   (RFC 2046 transport padding). Lines that merely begin with a boundary
 *   are content: nested multiparts whose boundary extends an outer one
 *   ("b" and "b-alt") would otherwise break.
 * - When several open multiparts share one boundary (forbidden, but mailers
 *   with predictable boundaries produce it when forwarding) the outermost
 *   wins, as in mutt: the outer message keeps its shape, and a forwarded
 *   message cannot take over the parts that follow it.
 * - The line break before a delimiter belongs to the delimiter, so a part's
 *   length excludes it. CRLF and bare LF are both line breaks.
 * - Whatever cannot be split (no boundary parameter, a boundary that never
 *   occurs, nesting past EMAIL_MAX_MIME_DEPTH, parts past EMAIL_MAX_PARTS)
 *   stays one leaf covering its bytes, so nothing is ever hidden.
 */
#include "email/email.h"
#include "email/internal.h"

/* ---- Tokens --------------------------------------------------------------- */

static bool is_token_char(int c)
{
	return c > 32 && c < 127 && !strchr("()<>@,;:\\\"/[]?=", c);
}

/* Skip white space (folds included) and comments. */
static const char *skip_cfws(const char *p, const char *end)
{
	while (p < end) {
		if (is_space((unsigned char)*p)) {
			p++;
		} else if (*p == '(') {
			size_t e = rfc822_comment_end(p, (size_t)(end - p), 0);
			p = e ? p + e : end;
		} else {
			break;
		}
	}
	return p;
}

/* Read a token after optional CFWS; returns the position after trailing CFWS. */
static const char *read_token(const char *p, const char *end, const char **tok, size_t *n)
{
	p = skip_cfws(p, end);
	*tok = p;
	while (p < end && is_token_char((unsigned char)*p))
		p++;
	*n = (size_t)(p - *tok);
	return skip_cfws(p, end);
}

static const struct {
	const char *name;
	enum mime_type type;
} type_names[] = {
	{ "text", MIME_TEXT },       { "multipart", MIME_MULTIPART },
	{ "message", MIME_MESSAGE }, { "application", MIME_APPLICATION },
	{ "image", MIME_IMAGE },     { "audio", MIME_AUDIO },
	{ "video", MIME_VIDEO },     { "model", MIME_MODEL },
	{ "font", MIME_FONT },
};

enum mime_type mime_type_from_name(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
		if (mem_eq_ci(s, len, type_names[i].name))
			return type_names[i].type;
	return MIME_OTHER;
}

static const struct {
	const char *name;
	enum mime_encoding enc;
} encoding_names[] = {
	{ "7bit", ENC_7BIT },         { "8bit", ENC_8BIT },
	{ "binary", ENC_BINARY },     { "quoted-printable", ENC_QUOTED_PRINTABLE },
	{ "base64", ENC_BASE64 },     { "x-uuencode", ENC_UUENCODE },
	{ "uuencode", ENC_UUENCODE }, { "x-uue", ENC_UUENCODE },
};

/* Tolerates white space, comments and quotes around the token; empty means 7bit (RFC 2045). */
enum mime_encoding mime_encoding_from_name(const char *s, size_t len)
{
	const char *end = s + len, *tok;
	size_t n;

	s = skip_cfws(s, end);
	if (s < end && *s == '"')
		s++;
	read_token(s, end, &tok, &n);
	if (!n)
		return ENC_7BIT;
	for (size_t i = 0; i < ARRAY_SIZE(encoding_names); i++)
		if (mem_eq_ci(tok, n, encoding_names[i].name))
			return encoding_names[i].enc;
	return ENC_OTHER;
}

const char *mime_encoding_name(enum mime_encoding e)
{
	for (size_t i = 0; i < ARRAY_SIZE(encoding_names); i++)
		if (encoding_names[i].enc == e)
			return encoding_names[i].name;
	return "x-unknown";
}

/* ---- Header fields of one entity ------------------------------------------ */

static void set_type(struct body *b, const char *type, size_t tlen, const char *sub, size_t slen)
{
	free(b->type_name);
	free(b->subtype);
	b->type_name = xstrndup_lower(type, tlen);
	b->subtype = xstrndup_lower(sub, slen);
	b->type = mime_type_from_name(type, tlen);
}

static void set_text_plain(struct body *b)
{
	set_type(b, "text", 4, "plain", 5);
}

/* A container that cannot be opened is shown as the text it is. */
static void make_text_leaf(struct body *b, unsigned defect)
{
	set_text_plain(b);
	b->defects |= defect;
}

/* A sensible subtype for "Content-Type: text" and the like. */
static void set_type_without_subtype(struct body *b, const char *type, size_t n)
{
	if (mem_eq_ci(type, n, "text"))
		set_text_plain(b);
	else if (mem_eq_ci(type, n, "multipart"))
		set_type(b, "multipart", 9, "mixed", 5);
	else if (mem_eq_ci(type, n, "message"))
		set_type(b, "message", 7, "rfc822", 6);
	else
		set_type(b, "application", 11, "octet-stream", 12);
}

static void add_params(struct body *b, struct paramlist *l, const char *s, const char *end)
{
	if (params_parse(s, (size_t)(end - s), l) != 0)
		b->defects |= DEFECT_BAD_PARAMS;
}

/*
 * "type/subtype; params". Garbage means text/plain (RFC 2045 section 5.2);
 * its parameters are still read, so "Content-Type: charset=utf-8" keeps
 * the charset.
 */
static void parse_content_type(struct body *b, const char *s, size_t len)
{
	const char *end = s + len, *type, *sub = NULL, *p;
	size_t tn, sn = 0;

	p = read_token(s, end, &type, &tn);
	bool slash = p < end && *p == '/';
	if (slash)
		p = read_token(p + 1, end, &sub, &sn);
	if (tn && sn) {
		set_type(b, type, tn, sub, sn);
	} else if (tn && (slash || p >= end || *p == ';')) {
		set_type_without_subtype(b, type, tn);
		b->defects |= DEFECT_BAD_PARAMS;
	} else {
		set_text_plain(b);
		b->defects |= DEFECT_BAD_PARAMS;
		p = s;
	}
	add_params(b, &b->params, p, end);
}

static void parse_disposition(struct body *b, const char *s, size_t len)
{
	const char *end = s + len, *tok;
	size_t n;
	const char *p = read_token(s, end, &tok, &n);

	if (mem_eq_ci(tok, n, "inline")) {
		b->disposition = DISP_INLINE;
	} else if (mem_eq_ci(tok, n, "attachment")) {
		b->disposition = DISP_ATTACHMENT;
	} else {
		b->disposition = DISP_OTHER;
		if (!n || (p < end && *p != ';')) {
			b->defects |= DEFECT_BAD_PARAMS; /* no token: "filename=a.pdf" */
			p = s;
		}
	}
	add_params(b, &b->disp_params, p, end);
}

static char *decoded_text(struct body *b, const struct header_field *f)
{
	struct buf t = BUF_INIT;

	rfc2047_decode(f->value, f->value_len, &t, &b->defects);
	buf_rtrim(&t);
	if (!t.len) {
		buf_release(&t);
		return NULL;
	}
	return buf_detach(&t, NULL);
}

/* The id without angle brackets, as cid: URLs (RFC 2392) name it. */
static char *content_id(const struct header_field *f)
{
	struct buf raw = BUF_INIT, id = BUF_INIT;
	const char *s;
	size_t n;

	header_unfold(f->value, f->value_len, &raw);
	s = raw.data;
	n = raw.len;
	mem_trim(&s, &n);
	if (n && *s == '<') {
		const char *gt = memchr(s, '>', n);
		n = gt ? (size_t)(gt - s) - 1 : n - 1;
		s++;
	}
	mem_trim(&s, &n);
	utf8_sanitize(s, n, &id);
	buf_release(&raw);
	if (!id.len) {
		buf_release(&id);
		return NULL;
	}
	return buf_detach(&id, NULL);
}

static void set_filename(struct body *b)
{
	const char *name = params_get(&b->disp_params, "filename");

	if (!name || !*name)
		name = params_get(&b->params, "name");
	if (name && *name)
		b->filename = xstrdup(name);
}

/* The MIME fields of one entity: the first of each wins. */
struct mime_fields {
	const struct header_field *type, *cte, *disp, *desc, *id;
	bool dup; /* one of them appeared twice */
};

/*
 * One pass over the fields: a message may carry hundreds of Received lines,
 * and only "Content-*" ones matter here.
 */
static void find_fields(const struct header_list *h, struct mime_fields *mf)
{
	memset(mf, 0, sizeof(*mf));
	for (size_t i = 0; i < h->n; i++) {
		const struct header_field *f = &h->v[i];
		const struct header_field **slot = NULL;
		if (f->name_len < 10 || !mem_startswith_ci(f->name, f->name_len, "content-"))
			continue;
		const char *n = f->name + 8;
		size_t nl = f->name_len - 8;
		if (mem_eq_ci(n, nl, "type"))
			slot = &mf->type;
		else if (mem_eq_ci(n, nl, "transfer-encoding"))
			slot = &mf->cte;
		else if (mem_eq_ci(n, nl, "disposition"))
			slot = &mf->disp;
		else if (mem_eq_ci(n, nl, "description"))
			slot = &mf->desc;
		else if (mem_eq_ci(n, nl, "id"))
			slot = &mf->id;
		if (slot && *slot)
			mf->dup = true;
		else if (slot)
			*slot = f;
	}
}

/* Fill b from its header fields; a part of a multipart/digest defaults to message/rfc822. */
static void fill_part(struct body *b, const struct header_list *h, bool digest_child)
{
	struct mime_fields mf;

	find_fields(h, &mf);
	if (mf.dup)
		b->defects |= DEFECT_DUPLICATE_HEADER;
	if (mf.type && mf.type->value_len)
		parse_content_type(b, mf.type->value, mf.type->value_len);
	else if (digest_child)
		set_type(b, "message", 7, "rfc822", 6);
	else
		set_text_plain(b);
	if (mf.type && !mf.type->value_len)
		b->defects |= DEFECT_BAD_PARAMS;
	if (mf.cte)
		b->encoding = mime_encoding_from_name(mf.cte->value, mf.cte->value_len);
	if (mf.disp)
		parse_disposition(b, mf.disp->value, mf.disp->value_len);
	if (mf.desc)
		b->description = decoded_text(b, mf.desc);
	if (mf.id)
		b->content_id = content_id(mf.id);
	set_filename(b);
}

static bool is_identity(enum mime_encoding e)
{
	return e == ENC_7BIT || e == ENC_8BIT || e == ENC_BINARY;
}

static bool is_message(const struct body *b)
{
	return b->type == MIME_MESSAGE &&
	       (strcmp(b->subtype, "rfc822") == 0 || strcmp(b->subtype, "global") == 0);
}

/* ---- The scanner ---------------------------------------------------------- */

/* One open entity. */
struct frame {
	struct body *b;
	struct body *last; /* last child, for appending */
	const char *bnd;   /* a multipart's boundary (in b->params), or NULL */
	size_t blen;
	bool active; /* bnd still delimits parts */
	bool closed; /* the close delimiter was seen */
};

struct mparser {
	const char *data;
	size_t len;
	/* Index == depth: an entity at depth d sits in st[d]. */
	struct frame st[EMAIL_MAX_MIME_DEPTH + 1];
	int top;       /* innermost open entity, -1 when all are closed */
	int nactive;   /* frames whose boundary is active */
	size_t nparts; /* bodies created, the root included */
	bool frozen;   /* the part cap was reached: nothing is split any more */
};

/* How a part's header block ended. */
enum hdr_end { HDR_BLANK, HDR_DELIM, HDR_BODY, HDR_EOF };

static size_t eol_at(const struct mparser *p, size_t pos)
{
	const char *nl = memchr(p->data + pos, '\n', p->len - pos);
	return nl ? (size_t)(nl - p->data) : p->len;
}

static bool only_padding(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_wsp((unsigned char)s[i]) && s[i] != '\r')
			return false;
	return true;
}

/*
 * If the line [pos, eol) is a delimiter of an open multipart, return that
 * frame's index (outermost first) and set *close for "--boundary--".
 */
static int match_delim(const struct mparser *p, size_t pos, size_t eol, bool *close)
{
	const char *line = p->data + pos;
	size_t n = eol - pos;

	if (!p->nactive || n < 2 || line[0] != '-' || line[1] != '-')
		return -1;
	for (int k = 0; k <= p->top; k++) {
		const struct frame *f = &p->st[k];
		if (!f->active || n - 2 < f->blen || memcmp(line + 2, f->bnd, f->blen) != 0)
			continue;
		const char *rest = line + 2 + f->blen;
		size_t rn = n - 2 - f->blen;
		if (only_padding(rest, rn)) {
			*close = false;
			return k;
		}
		if (rn >= 2 && rest[0] == '-' && rest[1] == '-' && only_padding(rest + 2, rn - 2)) {
			*close = true;
			return k;
		}
	}
	return -1;
}

/* Mirrors headers_parse: "name:" with optional white space before the colon. */
static bool is_field_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ':' && !is_wsp((unsigned char)s[i]))
		i++;
	if (!i)
		return false;
	while (i < n && is_wsp((unsigned char)s[i]))
		i++;
	return i < n && s[i] == ':';
}

static bool is_from_line(const char *s, size_t n)
{
	return (n >= 5 && memcmp(s, "From ", 5) == 0) || (n >= 6 && memcmp(s, ">From ", 6) == 0);
}

/*
 * End of the header block at pos: after its blank line, or at a delimiter
 * line, or at the first line that cannot be a header field. Stopping where
 * headers_parse would keeps the pass single; stopping at delimiters keeps a
 * part's headers inside its parent.
 */
static size_t header_extent(const struct mparser *p, size_t pos, enum hdr_end *why)
{
	bool field = false, close;

	while (pos < p->len) {
		size_t eol = eol_at(p, pos), next = eol < p->len ? eol + 1 : p->len;
		size_t n = eol - pos;
		const char *s = p->data + pos;
		if (n && s[n - 1] == '\r')
			n--;
		if (n == 0) {
			*why = HDR_BLANK;
			return next;
		}
		if (match_delim(p, pos, eol, &close) >= 0) {
			*why = HDR_DELIM;
			return pos;
		}
		*why = HDR_BODY;
		if (is_wsp((unsigned char)*s)) {
			if (!field)
				return pos;
		} else if (is_field_line(s, n)) {
			field = true;
		} else if (!is_from_line(s, n)) {
			return pos;
		}
		pos = next;
	}
	*why = HDR_EOF;
	return p->len;
}

static struct body *new_body(int depth, size_t hdr_offset)
{
	struct body *b = xcalloc(1, sizeof(*b));

	b->depth = depth;
	b->hdr_offset = b->offset = hdr_offset;
	return b;
}

/* Once the part cap is reached nothing is split: the part at hand takes the rest. */
static void freeze(struct mparser *p, struct body *b)
{
	for (int k = 0; k <= p->top; k++)
		p->st[k].active = false;
	p->nactive = 0;
	p->frozen = true;
	b->defects |= DEFECT_PART_LIMIT;
}

/* Parse the header block at pos into h (and *why); returns the content offset. */
static size_t read_headers(const struct mparser *p, size_t pos, struct header_list *h,
			   enum hdr_end *why)
{
	size_t end = header_extent(p, pos, why);

	headers_parse(p->data + pos, end - pos, h);
	return pos + MIN(h->body_offset, end - pos);
}

/* Defects of a part's header block that mean something for a part. */
static unsigned part_header_defects(const struct header_list *h, enum hdr_end why)
{
	unsigned d = h->defects & ~(unsigned)DEFECT_EMPTY_MESSAGE;
	return why == HDR_BODY ? d | DEFECT_NO_BODY_SEPARATOR : d;
}

static size_t open_entity(struct mparser *p, struct body *b);

/* message/rfc822 or message/global: its headers and its own MIME tree. */
static size_t open_message(struct mparser *p, struct body *b)
{
	struct header_list h = { 0 };
	enum hdr_end why;

	if (p->nparts + 1 >= EMAIL_MAX_PARTS) {
		freeze(p, b);
		return p->len;
	}
	struct body *c = new_body(b->depth + 1, b->offset);
	c->offset = read_headers(p, b->offset, &h, &why);
	b->env = xmalloc(sizeof(*b->env));
	envelope_init(b->env);
	envelope_from_headers(b->env, &h);
	fill_part(c, &h, false);
	c->defects |= part_header_defects(&h, why);
	header_list_release(&h);
	b->parts = c;
	p->st[p->top].last = c;
	p->nparts++;
	return open_entity(p, c);
}

/* Push b (whose header fields are filled) and return where scanning goes on. */
static size_t open_entity(struct mparser *p, struct body *b)
{
	struct frame *f = &p->st[++p->top];

	memset(f, 0, sizeof(*f));
	f->b = b;
	if (b->type == MIME_MULTIPART) {
		const char *bnd = params_get(&b->params, "boundary");
		size_t blen = bnd ? strlen(bnd) : 0;
		/* RFC 2046: a boundary cannot end in a space; padding absorbs any. */
		while (blen && bnd[blen - 1] == ' ')
			blen--;
		if (b->depth >= EMAIL_MAX_MIME_DEPTH) {
			make_text_leaf(b, DEFECT_DEPTH_LIMIT);
		} else if (!blen) {
			make_text_leaf(b, DEFECT_MISSING_BOUNDARY);
		} else {
			f->bnd = bnd;
			f->blen = blen;
			f->active = true;
			p->nactive++;
		}
	} else if (is_message(b)) {
		if (!is_identity(b->encoding)) {
			/* RFC 2046 5.2.1 allows no encoding on message/rfc822 (RFC 6532 does on global). */
			if (strcmp(b->subtype, "rfc822") == 0 && b->encoding != ENC_OTHER)
				b->defects |= DEFECT_BAD_CTE;
		} else if (b->depth >= EMAIL_MAX_MIME_DEPTH) {
			b->defects |= DEFECT_DEPTH_LIMIT;
		} else {
			return open_message(p, b);
		}
	}
	return b->offset;
}

/* End the innermost open entity at `end`. */
static void close_top(struct mparser *p, size_t end)
{
	struct frame *f = &p->st[p->top];
	struct body *b = f->b;

	b->length = end - b->offset;
	if (f->bnd) {
		if (f->active)
			p->nactive--;
		if (!b->parts)
			make_text_leaf(b,
				       DEFECT_MISSING_BOUNDARY); /* the boundary never occurred */
		else if (!f->closed && !p->frozen)
			b->defects |= DEFECT_NO_FINAL_BOUNDARY;
	}
	p->top--;
	if (p->top >= 0)
		p->st[p->top].b->defects |= b->defects;
}

/* A new part of the multipart in st[k] whose header block starts at pos. */
static size_t start_part(struct mparser *p, int k, size_t pos)
{
	struct frame *f = &p->st[k];
	struct body *b = new_body(f->b->depth + 1, pos);
	struct header_list h = { 0 };
	enum hdr_end why;

	if (f->last)
		f->last->next = b;
	else
		f->b->parts = b;
	f->last = b;
	p->nparts++;
	if (p->nparts >= EMAIL_MAX_PARTS) {
		set_text_plain(b); /* the remainder, unsplit */
		freeze(p, b);
		open_entity(p, b);
		return p->len;
	}
	b->offset = read_headers(p, pos, &h, &why);
	fill_part(b, &h, strcmp(f->b->subtype, "digest") == 0);
	b->defects |= part_header_defects(&h, why);
	header_list_release(&h);
	return open_entity(p, b);
}

/*
 * A delimiter of st[k] on the line [pos, next). It ends every entity opened
 * inside st[k] where the line break before it starts (never before the
 * innermost entity's content, so ranges stay nested).
 */
static size_t on_delimiter(struct mparser *p, int k, bool close, size_t pos, size_t next)
{
	size_t end = pos;

	if (end && p->data[end - 1] == '\n') {
		end--;
		if (end && p->data[end - 1] == '\r')
			end--;
	}
	end = MAX(end, p->st[p->top].b->offset);
	while (p->top > k)
		close_top(p, end);
	if (!close)
		return start_part(p, k, next);
	p->st[k].closed = true;
	p->st[k].active = false;
	p->nactive--;
	return next; /* the epilogue follows */
}

static void scan(struct mparser *p, size_t pos)
{
	while (pos < p->len && p->nactive) {
		const char *s = p->data + pos;
		if (p->len - pos < 2 || s[0] != '-' || s[1] != '-') {
			/* Jump to the next line that starts with "--". */
			const char *q = mem_find(s, p->len - pos, "\n--", 3);
			if (!q)
				break;
			pos = (size_t)(q - p->data) + 1;
			continue;
		}
		size_t eol = eol_at(p, pos), next = eol < p->len ? eol + 1 : p->len;
		bool close;
		int k = match_delim(p, pos, eol, &close);
		pos = k >= 0 ? on_delimiter(p, k, close, pos, next) : next;
	}
	while (p->top >= 0)
		close_top(p, p->len);
}

int mime_parse(const char *data, size_t len, const struct header_list *h, struct body **out)
{
	struct mparser p = { .data = data, .len = len, .top = -1, .nparts = 1 };
	struct body *root = new_body(0, 0);

	root->offset = MIN(h->body_offset, len);
	fill_part(root, h, false);
	root->defects |= h->defects;
	scan(&p, open_entity(&p, root));
	*out = root;
	return root->defects ? ERR_PARSE : 0;
}

/* ---- The tree ------------------------------------------------------------- */

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

/*
 * Attachment when the sender says so; inline when it says so; otherwise
 * when it has a file name or is not something a mail reader displays.
 */
bool body_is_attachment(const struct body *b)
{
	if (b->disposition == DISP_ATTACHMENT)
		return true;
	if (b->disposition == DISP_INLINE || b->type == MIME_MULTIPART)
		return false;
	if (b->filename)
		return true;
	return b->type != MIME_TEXT && b->type != MIME_MESSAGE;
}
