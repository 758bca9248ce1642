/*
 * msgdump.c - print what tern's parser makes of a message, one fact a line,
 * for tests/integration/dovecot_mime.sh, which compares it with what dovecot
 * reports for the same bytes (ENVELOPE, BODYSTRUCTURE, RFC822.SIZE, BODY[n]).
 *
 *   msgdump FILE...
 *
 * Every line is "kind<TAB>path<TAB>key<TAB>value":
 *
 *   message  -     size         bytes of the input
 *   env      PATH  date         raw Date value      ("-" is the message itself,
 *   env      PATH  subject      decoded subject      otherwise the message/rfc822
 *   env      PATH  from ...     one line per address part that carries it)
 *   env      PATH  message-id / in-reply-to (one line per id)
 *   part     PATH  depth / type / charset / encoding / disposition / filename
 *   part     PATH  size / hash  encoded length and 64-bit FNV-1a of the encoded
 *                               content (leaves and message/rfc822 parts only)
 *
 * PATH is the part's IMAP section number (RFC 3501 6.4.5), so that it can be
 * fetched as BODY[PATH]: a single-part message is "1", the parts of a
 * multipart are numbered from 1, and the body of a message/rfc822 part X is
 * X.1 when it is a single part. A multipart that has no number of its own
 * (the message's, or a message/rfc822's body) is shown as TEXT or X.TEXT.
 * An address is "Name <mailbox>" or "<mailbox>", "!invalid <raw text>" for text
 * that is not an address, and "group Name:" ... "group end" around a group.
 * Absent values print no line. Values are UTF-8; a tab, a control character
 * or a byte that is not UTF-8 is printed as \t, \n, \r, \\ or \xNN.
 *
 * This tool only prints: the comparison and its normalisations live in
 * tests/integration/imap_mime.py.
 */
#include "email/email.h"

static void put_escaped(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		unsigned char c = (unsigned char)*s;
		size_t k;

		if (c >= 0x80) {
			k = utf8_valid_prefix(s, MIN(n, 4));
			if (k > 0) {
				/* The longest valid prefix may hold several characters: print one. */
				uint32_t cp;
				k = utf8_decode(s, n, &cp);
				fwrite(s, 1, k, stdout);
				s += k;
				n -= k;
				continue;
			}
			printf("\\x%02x", c);
		} else if (c == '\\') {
			fputs("\\\\", stdout);
		} else if (c == '\t') {
			fputs("\\t", stdout);
		} else if (c == '\n') {
			fputs("\\n", stdout);
		} else if (c == '\r') {
			fputs("\\r", stdout);
		} else if (c < 0x20 || c == 0x7f) {
			printf("\\x%02x", c);
		} else {
			putchar(c);
		}
		s++;
		n--;
	}
}

static void line(const char *kind, const char *path, const char *key, const char *value)
{
	if (!value)
		return;
	printf("%s\t%s\t%s\t", kind, path, key);
	put_escaped(value);
	putchar('\n');
}

static void line_num(const char *kind, const char *path, const char *key, unsigned long long v)
{
	printf("%s\t%s\t%s\t%llu\n", kind, path, key, v);
}

static void addrs(const char *path, const char *key, const struct addrlist *l)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		const struct address *a = &l->v[i];
		const char *name = a->name ? a->name : a->comment;

		buf_reset(&b);
		switch (a->kind) {
		case ADDR_GROUP_START:
			buf_printf(&b, "group %s:", a->name ? a->name : "");
			break;
		case ADDR_GROUP_END:
			buf_addstr(&b, "group end");
			break;
		case ADDR_MAILBOX:
			if (a->invalid)
				buf_printf(&b, "!invalid <%s>", a->mailbox ? a->mailbox : "");
			else if (name && *name)
				buf_printf(&b, "%s <%s>", name, a->mailbox ? a->mailbox : "");
			else
				buf_printf(&b, "<%s>", a->mailbox ? a->mailbox : "");
			break;
		}
		line("env", path, key, b.data);
	}
	buf_release(&b);
}

static void envelope(const char *path, const struct envelope *e)
{
	line("env", path, "date", e->date_text);
	line("env", path, "subject", e->subject);
	addrs(path, "from", &e->from);
	addrs(path, "sender", &e->sender);
	addrs(path, "reply-to", &e->reply_to);
	addrs(path, "to", &e->to);
	addrs(path, "cc", &e->cc);
	addrs(path, "bcc", &e->bcc);
	for (size_t i = 0; i < e->in_reply_to.n; i++)
		line("env", path, "in-reply-to", e->in_reply_to.v[i]);
	line("env", path, "message-id", e->message_id);
}

/* 64-bit FNV-1a, written out here so the check does not trust the code under test. */
static unsigned long long fnv1a(const char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static const char *encoding_token(enum mime_encoding e)
{
	switch (e) {
	case ENC_7BIT:
		return "7bit";
	case ENC_8BIT:
		return "8bit";
	case ENC_BINARY:
		return "binary";
	case ENC_QUOTED_PRINTABLE:
		return "quoted-printable";
	case ENC_BASE64:
		return "base64";
	case ENC_UUENCODE:
		return "uuencode";
	case ENC_OTHER:
		break;
	}
	return "other";
}

static const char *disposition_token(enum mime_disposition d)
{
	switch (d) {
	case DISP_NONE:
		return NULL;
	case DISP_INLINE:
		return "inline";
	case DISP_ATTACHMENT:
		return "attachment";
	case DISP_OTHER:
		break;
	}
	return "other";
}

static bool is_multipart(const struct body *b)
{
	return b->type == MIME_MULTIPART;
}

static void part(const char *data, size_t len, const struct body *b, const char *path)
{
	struct buf t = BUF_INIT, child = BUF_INIT;

	line_num("part", path, "depth", (unsigned long long)b->depth);
	buf_printf(&t, "%s/%s", b->type_name ? b->type_name : "?", b->subtype ? b->subtype : "?");
	line("part", path, "type", t.data);
	line("part", path, "charset", params_get(&b->params, "charset"));
	line("part", path, "encoding", encoding_token(b->encoding));
	line("part", path, "disposition", disposition_token(b->disposition));
	line("part", path, "filename", b->filename);
	if (!is_multipart(b)) {
		line_num("part", path, "size", (unsigned long long)b->length);
		if (b->offset <= len && b->length <= len - b->offset) {
			buf_reset(&t);
			buf_printf(&t, "%016llx", fnv1a(data + b->offset, b->length));
			line("part", path, "hash", t.data);
		} else {
			line("part", path, "hash", "out-of-range");
		}
	}
	if (b->env)
		envelope(path, b->env);

	if (is_multipart(b)) {
		/* "TEXT" -> "1", "2.TEXT" -> "2.1", "1.3" -> "1.3.1" */
		size_t plen = strlen(path);
		size_t keep = plen;
		int i = 1;

		if (strcmp(path, "TEXT") == 0)
			keep = 0;
		else if (plen > 5 && strcmp(path + plen - 5, ".TEXT") == 0)
			keep = plen - 4;
		for (const struct body *c = b->parts; c; c = c->next, i++) {
			buf_reset(&child);
			buf_add(&child, path, keep);
			if (keep > 0 && path[keep - 1] != '.')
				buf_addch(&child, '.');
			buf_printf(&child, "%d", i);
			part(data, len, c, child.data);
		}
	} else if (b->parts) {
		/* An encapsulated message: its body is X.TEXT when multipart, else X.1. */
		for (const struct body *c = b->parts; c; c = c->next) {
			buf_reset(&child);
			buf_printf(&child, "%s.%s", path, is_multipart(c) ? "TEXT" : "1");
			part(data, len, c, child.data);
		}
	}
	buf_release(&t);
	buf_release(&child);
}

static int dump(const char *file)
{
	struct buf msg = BUF_INIT;
	struct envelope env;
	struct body *body = NULL;
	int rc = -1;

	envelope_init(&env);
	if (file_read_all(file, &msg, 0) != 0) {
		fprintf(stderr, "msgdump: %s: %s\n", file, strerror(errno));
		goto out;
	}
	email_parse(msg.data, msg.len, &env, &body);
	line_num("message", "-", "size", (unsigned long long)msg.len);
	envelope("-", &env);
	if (body)
		part(msg.data, msg.len, body, is_multipart(body) ? "TEXT" : "1");
	rc = 0;
out:
	body_free(&body);
	envelope_release(&env);
	buf_release(&msg);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: msgdump FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (dump(argv[i]) != 0)
			rc = 1;
	return rc;
}
