/*
 * email.h - the public face of src/email: the envelope, the MIME body tree,
 * addresses, and the parsers that build them from raw RFC 5322 / MIME text.
 *
 * Everything here works on a message held in memory as (data, len); MIME
 * parts are recorded as offsets into that buffer, so a caller may mmap a
 * file and parse it without copying. Nothing here does I/O or touches the
 * screen. Parsers never fail on bad mail: they keep what they can, record a
 * defect (enum email_defect) and carry on, so a broken message can still be
 * shown in full.
 *
 * All text handed out is UTF-8. Ownership: structures filled by *_parse()
 * own their strings; release them with the matching *_release().
 */
#ifndef TERN_EMAIL_H
#define TERN_EMAIL_H

#include "core/core.h"

/* Caps on what a hostile message can make us do. */
#define EMAIL_MAX_MIME_DEPTH 32     /* nesting of multiparts and message/rfc822 */
#define EMAIL_MAX_PARTS      10000  /* MIME parts in one message */
#define EMAIL_MAX_HEADERS    100000 /* header fields in one header block */
#define EMAIL_MAX_ADDRESSES  10000  /* addresses in one header */

/* What was wrong with a message. Bits accumulate in `defects` fields. */
enum email_defect {
	DEFECT_NO_BODY_SEPARATOR = 1u << 0, /* a non-header line ended the headers */
	DEFECT_8BIT_HEADER = 1u << 1,       /* raw non-UTF-8 bytes in a header */
	DEFECT_BAD_ENCODED_WORD = 1u << 2,  /* RFC 2047 word that could not be decoded */
	DEFECT_BAD_CHARSET = 1u << 3,       /* unknown or lying charset: fallback used */
	DEFECT_BAD_ADDRESS = 1u << 4,       /* address text that is not an address */
	DEFECT_BAD_DATE = 1u << 5,          /* Date: present but unparseable */
	DEFECT_DUPLICATE_HEADER = 1u << 6,  /* a singular header appears twice */
	DEFECT_MISSING_BOUNDARY = 1u << 7,  /* multipart without a boundary parameter */
	DEFECT_NO_FINAL_BOUNDARY = 1u << 8, /* multipart ends without --boundary-- */
	DEFECT_DEPTH_LIMIT = 1u << 9,       /* nesting deeper than EMAIL_MAX_MIME_DEPTH */
	DEFECT_PART_LIMIT = 1u << 10,       /* more than EMAIL_MAX_PARTS parts */
	DEFECT_BAD_BASE64 = 1u << 11,       /* junk or bad padding in base64 */
	DEFECT_BAD_QP = 1u << 12,           /* malformed quoted-printable */
	DEFECT_BAD_PARAMS = 1u << 13,       /* malformed Content-Type/Disposition parameters */
	DEFECT_HEADER_LIMIT = 1u << 14,     /* more than EMAIL_MAX_HEADERS fields */
	DEFECT_BAD_HEADER_NAME = 1u << 15,  /* a field name with illegal characters */
	DEFECT_EMPTY_MESSAGE = 1u << 16,    /* zero bytes */
	DEFECT_BAD_CTE = 1u << 17,          /* a transfer encoding that cannot apply: an encoded
						message/rfc822, uuencode without a "begin" line */
};

/* ===================================================================== */
/* Header fields (header.c)                                              */
/* ===================================================================== */

/*
 * One field as it appears in the message: pointers into the caller's buffer,
 * no copies. The value is raw: still folded, still RFC 2047 encoded, without
 * the line ending that terminates the field and with leading white space
 * after the colon removed.
 */
struct header_field {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

struct header_list {
	struct header_field *v;
	size_t n, cap;
	size_t body_offset; /* offset of the first body byte in the parsed buffer */
	unsigned defects;
};

/*
 * Split the header block at the start of (data, len) into fields.
 * Understands CRLF and bare LF line endings, folding, obsolete "Name :"
 * syntax and a leading mbox "From " line (skipped). A line that is neither a
 * field nor a continuation ends the header block (DEFECT_NO_BODY_SEPARATOR)
 * and becomes the first line of the body, so nothing is lost. Fields may be
 * of any length. The fields point into data, which must outlive `out`.
 * Returns 0, or ERR_PARSE when defects were recorded (out is usable anyway).
 */
int headers_parse(const char *data, size_t len, struct header_list *out);
void header_list_release(struct header_list *h);
/* The first field named `name` (case-insensitive), or NULL. */
const struct header_field *header_find(const struct header_list *h, const char *name);
/*
 * Append the value with folding removed: every line break (CRLF or LF) is
 * deleted, so the white space that begins the next line remains. Inside a
 * field from headers_parse every line break is a fold. A CR not followed
 * by LF is kept. Other bytes are unchanged.
 */
void header_unfold(const char *value, size_t len, struct buf *out);

/* ===================================================================== */
/* RFC 2047 encoded words (rfc2047.c)                                    */
/* ===================================================================== */

/*
 * Decode an unstructured header value (raw, possibly folded) into UTF-8,
 * appending to out: unfolds, decodes B and Q encoded words in any charset,
 * drops white space between adjacent encoded words (RFC 2047 section 6.2),
 * joins adjacent words in the same charset before conversion so a character
 * split across words survives, converts raw 8-bit text (RFC 6532 UTF-8 or
 * undeclared legacy bytes) to UTF-8, and keeps malformed or undecodable words
 * as their literal text. Control characters other than TAB are kept (the UI
 * makes them visible). Returns 0, or a negative code when defects were found
 * (out is complete anyway); *defects (may be NULL) gets DEFECT_* bits ORed in.
 */
int rfc2047_decode(const char *in, size_t len, struct buf *out, unsigned *defects);

/*
 * As rfc2047_decode, for a phrase (a display name): also decodes encoded
 * words that a broken mailer put inside a quoted string, and removes the
 * quoting and backslash escapes of quoted strings.
 */
int rfc2047_decode_phrase(const char *in, size_t len, struct buf *out, unsigned *defects);

enum rfc2047_context {
	RFC2047_TEXT,   /* unstructured text such as Subject (RFC 2047 section 5 (1)) */
	RFC2047_PHRASE, /* a display name in an address (section 5 (3)) */
};

/*
 * Encode UTF-8 text for a header: returned unchanged when it is plain
 * printable ASCII (for a phrase: quoted if it holds specials), otherwise as
 * encoded words of at most 75 characters, B or Q whichever is shorter, in
 * UTF-8, never splitting a character between words. `used` is the number of
 * columns already on the first line (e.g. strlen("Subject: ")); lines are
 * folded with CRLF SPACE to stay within 78 columns.
 */
void rfc2047_encode(const char *utf8, size_t len, enum rfc2047_context ctx, size_t used,
		    struct buf *out);

/* ===================================================================== */
/* Parameters: RFC 2045 / RFC 2231 (rfc2231.c)                           */
/* ===================================================================== */

struct param {
	char *name;  /* lower-case attribute name, without any "*0*" suffix */
	char *value; /* decoded UTF-8 value */
	char *lang;  /* RFC 2231 language tag, or NULL */
};

struct paramlist {
	struct param *v;
	size_t n, cap;
};

/*
 * Parse the "; name=value" list that follows a Content-Type or
 * Content-Disposition token. Handles quoted strings, RFC 2231 continuations
 * (name*0, name*1*..., in any order, with gaps), charset'language'%XX
 * encoding, RFC 2047 words inside values (a common violation), duplicate
 * names (first wins) and missing semicolons. Appends to out. Returns 0 or
 * ERR_PARSE (with whatever could be read kept).
 */
int params_parse(const char *s, size_t len, struct paramlist *out);
/* The value of parameter `name` (case-insensitive), or NULL. */
const char *params_get(const struct paramlist *l, const char *name);
/* Add or replace a parameter (copies). */
void params_set(struct paramlist *l, const char *name, const char *value);
void paramlist_release(struct paramlist *l);
/*
 * Append "; name=value" for each parameter in wire form: quoted as needed,
 * RFC 2231 encoded (name*=utf-8''...) when the value is not printable ASCII
 * or holds "=?", and split into continuations (name*0, name*1...) when too
 * long for one line. Continuations, and every parameter after them, start on
 * a folded line (CRLF SPACE) so that lines stay within 78 columns.
 */
void params_format(const struct paramlist *l, struct buf *out);

/* ===================================================================== */
/* Addresses: RFC 5322 section 3.4, RFC 6532, IDN (address.c)            */
/* ===================================================================== */

enum addr_kind {
	ADDR_MAILBOX,     /* a mailbox: name <local@domain> or local@domain */
	ADDR_GROUP_START, /* "name:" opening a group; `name` holds the group name */
	ADDR_GROUP_END,   /* ";" closing the innermost group */
};

struct address {
	enum addr_kind kind;
	char *name;    /* display name or group name, decoded UTF-8; NULL if none */
	char *mailbox; /* "local@domain" (domain in Unicode form), or the raw text of an
			  unparseable entry; NULL for group markers */
	char *comment; /* text of a trailing (comment), used as name when there is none */
	bool invalid;  /* could not be parsed as an address; mailbox holds the raw text */
};

struct addrlist {
	struct address *v;
	size_t n, cap;
};

/*
 * Parse an address-list header value (raw, possibly folded) and append the
 * entries to out. Accepts display names in atoms, quoted strings and encoded
 * words, comments, groups, obsolete route addresses (<@a,@b:user@host>, the
 * route is dropped), missing angle brackets, unquoted dots and 8-bit names,
 * and IDNA A-labels (xn--) in domains, which are converted to Unicode.
 * Text that is not an address is kept as an invalid entry, never dropped.
 * A bare word ("MAILER-DAEMON") is a mailbox without "@domain"; "<>" gives
 * mailbox "". Names have white space runs collapsed to one space. At most
 * EMAIL_MAX_ADDRESSES entries are made from one value: the rest of it is
 * kept as one more, invalid, entry (and an open group is still closed).
 * Returns 0, or ERR_PARSE when some text was kept as invalid.
 */
int addrlist_parse(const char *s, size_t len, struct addrlist *out);
void addrlist_release(struct addrlist *l);
/* Append a deep copy of a. */
void addrlist_append(struct addrlist *l, const struct address *a);
/* Count of ADDR_MAILBOX entries. */
size_t addrlist_count(const struct addrlist *l);
/* The first ADDR_MAILBOX entry, or NULL. */
const struct address *addrlist_first(const struct addrlist *l);

enum addr_format {
	ADDR_FMT_DISPLAY, /* for the screen: UTF-8, names unquoted where unambiguous */
	ADDR_FMT_WIRE,    /* for a header: names RFC 2047 encoded or quoted, domains as
			     IDNA A-labels, so that parsing it back gives the same list */
};

void address_format(const struct address *a, enum addr_format f, struct buf *out);
/*
 * Entries separated by ", " (groups written as "name: a, b;"). ADDR_FMT_WIRE
 * folds with CRLF SPACE between entries rather than pass 78 columns,
 * counting from the last line break already in out (so "To: " counts).
 */
void addrlist_format(const struct addrlist *l, enum addr_format f, struct buf *out);

/* ===================================================================== */
/* Dates: RFC 5322 section 3.3 and what real mail sends (date.c)         */
/* ===================================================================== */

struct mail_date {
	time_t time;    /* seconds since the epoch, UTC */
	int tz_minutes; /* the sender's offset from UTC, e.g. -300 for -0500 */
	bool valid;
};

/*
 * Parse a date-time. Accepts RFC 5322, obsolete zones (UT, GMT, EST...
 * military letters), missing day names or seconds, two- and three-digit
 * years, full or lower-case month names, comments, ctime()/asctime() and
 * ISO 8601 forms, and other broken forms seen in real mail (the choices
 * are listed at the top of date.c). Years 1 to 9999; a missing zone is
 * UTC. Returns 0, or ERR_PARSE with out->valid = false for anything that is
 * not a real date (callers keep the raw text to show).
 */
int date_parse(const char *s, size_t len, struct mail_date *out);
/*
 * Append "Thu, 13 Feb 2025 23:31:30 +0100" (RFC 5322 form) in the sender's
 * zone; an offset beyond +-23:59 is written as +0000. d->valid is not
 * looked at: callers check it.
 */
void date_format(const struct mail_date *d, struct buf *out);

/* ===================================================================== */
/* Message-IDs (msgid.c)                                                 */
/* ===================================================================== */

/*
 * Extract the first message id from a Message-ID / In-Reply-To value.
 * Returns a malloc'd "<left@right>" with comments and folding white space
 * removed, or NULL when there is none. Tolerates missing brackets when the
 * whole value is a single id-like token.
 */
char *msgid_parse(const char *s, size_t len);
/*
 * Append every id in a References / In-Reply-To value to out, in order.
 * Past 1,000 ids, keeps the first (the thread's root) and the 999 newest.
 * Ids without brackets count only when the value holds nothing else.
 */
void msgid_parse_list(const char *s, size_t len, struct strlist *out);

/* ===================================================================== */
/* The envelope (envelope.c)                                             */
/* ===================================================================== */

struct envelope {
	struct addrlist from, sender, reply_to, to, cc, bcc;
	struct addrlist mail_followup_to, return_path;
	char *subject;       /* decoded, unfolded UTF-8; NULL when absent */
	size_t subject_skip; /* bytes of "Re: " / "Fwd: " prefixes in subject */
	char *message_id;    /* normalised "<...>", or NULL */
	struct strlist in_reply_to;
	struct strlist references;
	struct mail_date date;
	char *date_text; /* the raw Date: value (unfolded), or NULL when absent */
	char *list_post; /* List-Post, decoded */
	char *list_id;   /* List-Id, decoded */
	char *x_label;   /* X-Label, decoded */
	char *organization;
	unsigned defects;
};

void envelope_init(struct envelope *e);
void envelope_release(struct envelope *e);
/*
 * Fill e from parsed header fields (any order, duplicates tolerated: the
 * first of a singular header wins, address headers accumulate).
 */
void envelope_from_headers(struct envelope *e, const struct header_list *h);
/*
 * Length of the reply/forward prefixes ("Re:", "RE[2]:", "Fwd:", "Fw:",
 * "AW:", "SV:", "Antw:" ...) and white space at the start of subject.
 */
size_t subject_prefix_len(const char *subject);

/* ===================================================================== */
/* MIME (mime.c, decode.c)                                               */
/* ===================================================================== */

enum mime_type {
	MIME_OTHER,
	MIME_TEXT,
	MIME_MULTIPART,
	MIME_MESSAGE,
	MIME_APPLICATION,
	MIME_IMAGE,
	MIME_AUDIO,
	MIME_VIDEO,
	MIME_MODEL,
	MIME_FONT,
};

enum mime_encoding {
	ENC_7BIT,
	ENC_8BIT,
	ENC_BINARY,
	ENC_QUOTED_PRINTABLE,
	ENC_BASE64,
	ENC_UUENCODE,
	ENC_OTHER, /* unknown token: content is shown as it is */
};

enum mime_disposition {
	DISP_NONE,
	DISP_INLINE,
	DISP_ATTACHMENT,
	DISP_OTHER,
};

/*
 * One MIME entity. Offsets are relative to the start of the buffer given
 * to mime_parse(); the encoded content is data[offset, offset + length).
 */
struct body {
	enum mime_type type;
	char *type_name;         /* lower-case major type as written ("text") */
	char *subtype;           /* lower-case ("plain") */
	struct paramlist params; /* Content-Type parameters */
	struct paramlist disp_params;
	enum mime_encoding encoding;
	enum mime_disposition disposition;
	char *filename;       /* decoded, from disposition filename or type name; or NULL */
	char *description;    /* Content-Description, decoded; or NULL */
	char *content_id;     /* without the angle brackets, as cid: URLs name it; or NULL */
	size_t hdr_offset;    /* start of this part's header block */
	size_t offset;        /* start of the content */
	size_t length;        /* bytes of encoded content */
	int depth;            /* 0 for the message itself */
	unsigned defects;     /* this part's and those of the parts inside it */
	struct body *parts;   /* first child: multipart parts, or a message/rfc822's body */
	struct body *next;    /* next sibling */
	struct envelope *env; /* message/rfc822 (and global): the embedded envelope */
};

/* The MIME type from its token ("text" -> MIME_TEXT, unknown -> MIME_OTHER). */
enum mime_type mime_type_from_name(const char *s, size_t len);
enum mime_encoding mime_encoding_from_name(const char *s, size_t len);
const char *mime_encoding_name(enum mime_encoding e);

/*
 * Build the MIME tree of a message whose header fields are already parsed
 * (h->body_offset marks the body). Handles nested multiparts, preamble and
 * epilogue (not parts), a missing final boundary (the last part runs to the
 * end), body lines that merely begin with the boundary, message/rfc822
 * recursion, and caps depth and part count (the rest becomes a leaf, so no
 * bytes are lost). A multipart without a usable boundary becomes a single
 * text/plain leaf. Never fails: *out is always a tree; returns 0 or ERR_PARSE
 * when defects were recorded somewhere in it.
 */
int mime_parse(const char *data, size_t len, const struct header_list *h, struct body **out);
void body_free(struct body **b);
/* Count of parts in the tree (the root included). */
size_t body_count(const struct body *b);
/* The charset parameter of a text part, or NULL (callers then assume us-ascii / fallback). */
const char *body_charset(const struct body *b);
/* True for parts shown as attachments rather than inline. */
bool body_is_attachment(const struct body *b);

/*
 * An incremental content-transfer-encoding decoder, so that large parts can
 * be decoded as they arrive from disk or network.
 */
struct decoder {
	enum mime_encoding enc;
	uint32_t acc;     /* pending bits (base64, uuencode) */
	int nbits;        /* base64: bits in acc; uuencode: characters in acc */
	char pending[80]; /* a partial line or escape carried between chunks */
	size_t npending;
	int state;
	int left;         /* uuencode: bytes still due on the current line */
	bool seen_begin;  /* uuencode: a "begin" line was found */
	unsigned defects; /* DEFECT_BAD_BASE64 (also bad uuencode) / DEFECT_BAD_QP */
};

void decoder_init(struct decoder *d, enum mime_encoding enc);
/* Decode (in, len), appending to out. */
void decoder_feed(struct decoder *d, const char *in, size_t len, struct buf *out);
/* Flush whatever is pending at the end of the input. */
void decoder_finish(struct decoder *d, struct buf *out);
/*
 * Decode a whole part's content in one call. Base64 ignores line breaks and
 * junk characters and tolerates missing padding; quoted-printable keeps
 * malformed escapes literally. Returns 0, or ERR_PARSE when the input was
 * malformed (out is complete anyway).
 */
int mime_decode(enum mime_encoding enc, const char *in, size_t len, struct buf *out);
/*
 * Decode a text part's content and convert it to UTF-8 from its declared
 * charset (with the fallbacks of charset_to_utf8). Returns 0, or a negative
 * code when decoding or conversion needed a fallback (out is complete).
 */
int body_text_utf8(const char *data, const struct body *b, struct buf *out);

/*
 * Encoders for sending. base64_encode writes lines of line_len characters,
 * each ended by LF (line_len 0: no line breaks at all). qp_encode writes
 * lines of at most 76 columns with "=" LF soft breaks, encodes trailing
 * white space and protects lines that start with "From " or "."; with
 * is_text, CRLF or LF in the input become LF hard breaks, otherwise CR and
 * LF are encoded too (binary data).
 */
void base64_encode(const void *in, size_t len, size_t line_len, struct buf *out);
void qp_encode(const char *in, size_t len, bool is_text, struct buf *out);

/* ===================================================================== */
/* A whole message (message.c)                                           */
/* ===================================================================== */

/*
 * Parse the headers of (data, len) into env and, when body is not NULL, its
 * MIME tree into *body (offsets relative to data). Never fails on bad mail;
 * returns 0, or ERR_PARSE when defects were recorded.
 */
int email_parse(const char *data, size_t len, struct envelope *env, struct body **body);

/* ===================================================================== */
/* Threading: the JWZ algorithm (thread.c)                               */
/* ===================================================================== */

/* One message as threading sees it. Strings are borrowed, not copied. */
struct thread_msg {
	const char *message_id;  /* may be NULL */
	const char *const *refs; /* References ids, oldest first; may be NULL */
	size_t nrefs;
	const char *in_reply_to; /* first In-Reply-To id, or NULL */
	const char *subject;     /* full subject (prefixes stripped internally), or NULL */
	time_t date;
};

/* A node of the thread forest: a message, or a placeholder for one referenced but absent. */
struct thread_node {
	int msg;    /* index into the input array, or -1 for a placeholder */
	int parent; /* node index or -1 */
	int child;  /* first child or -1 */
	int next;   /* next sibling or -1 */
};

struct thread_tree {
	struct thread_node *nodes;
	size_t n;
	int root;         /* first top-level node, or -1 when empty */
	int *node_of_msg; /* node index of each input message */
};

enum thread_flags {
	THREAD_BY_SUBJECT = 1u << 0, /* gather roots that share a base subject (JWZ step 5) */
	THREAD_KEEP_EMPTY = 1u << 1, /* keep placeholders with one child instead of promoting it */
};

/*
 * Build the thread forest of n messages. Duplicate Message-IDs, missing
 * references and reference loops never make the result inconsistent: every
 * message appears exactly once and the forest is acyclic. Siblings and roots
 * are ordered by cmp (NULL: by date, then input order; ties under cmp are
 * also settled by input order); cmp compares two message indexes. A
 * placeholder sorts as its earliest child. Runs in O(n log n) without
 * recursion. Returns 0, or ERR_LIMIT (with an empty forest, still to be
 * released) when n is beyond what int node indexes can hold.
 */
int thread_build(const struct thread_msg *msgs, size_t n, unsigned flags,
		 int (*cmp)(int a, int b, void *ctx), void *ctx, struct thread_tree *out);
void thread_tree_release(struct thread_tree *t);

#endif /* TERN_EMAIL_H */
