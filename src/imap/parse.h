/*
 * parse.h - the IMAP response parser (RFC 3501, RFC 9051 and the extensions
 * tern uses: CONDSTORE/QRESYNC, UIDPLUS, ENABLE, ID, ESEARCH, SPECIAL-USE,
 * BINARY). The server is untrusted: every size, depth and count it controls
 * is capped (struct imap_limits), a literal's claimed size is checked before
 * anything is allocated, and any violation ends the parse with an error;
 * the caller then drops the connection (the parser does not resynchronise).
 *
 * The parser does no I/O of its own: it asks a reader (struct imap_reader)
 * for lines and literals, so it runs on a socket, a TLS stream or a script.
 * One call reads one complete response into a struct imap_resp whose
 * strings and arrays live in the response's own arena (and literal buffers)
 * until imap_resp_release. See doc/internals/imap-parse.md.
 */
#ifndef TERN_IMAP_PARSE_H
#define TERN_IMAP_PARSE_H

#include "core/core.h"
#include "imap/util.h"

/*
 * Where the bytes come from. line() appends one line, without its CRLF, to
 * `line` (passed empty); literal() appends exactly n bytes to `out`. Both
 * return 0 or a negative enum err (ERR_CLOSED, ERR_TIMEOUT, ERR_LIMIT...)
 * with a reason in err, which the parser passes on unchanged.
 */
struct imap_reader {
	int (*line)(void *ctx, struct buf *line, struct buf *err);
	int (*literal)(void *ctx, size_t n, struct buf *out, struct buf *err);
	void *ctx;
};

/* Caps on what one response may contain; exceeding one gives ERR_LIMIT. */
struct imap_limits {
	size_t max_line;          /* bytes of one line (between literals) */
	size_t max_literal_total; /* bytes of all literals of one response */
	unsigned max_depth;       /* nesting of parenthesised lists (at most IMAP_DEPTH_CAP) */
	size_t max_items;         /* entries of one list: flags, FETCH items, params... */
	size_t max_parts;         /* body parts in one response's BODYSTRUCTUREs */
};

#define IMAP_DEFAULT_MAX_LINE    ((size_t)4 * 1024 * 1024)
#define IMAP_DEFAULT_MAX_LITERAL ((size_t)64 * 1024 * 1024)
#define IMAP_DEFAULT_MAX_DEPTH   64u
#define IMAP_DEFAULT_MAX_ITEMS   ((size_t)10000)
#define IMAP_DEFAULT_MAX_PARTS   ((size_t)10000)
/* max_depth is clamped to this, so no setting can exhaust the stack. */
#define IMAP_DEPTH_CAP 512u

/* Fill lim with the defaults above. */
void imap_limits_default(struct imap_limits *lim);

/* A string from the server: s is NULL for NIL, else NUL-terminated with len bytes. */
struct imap_str {
	const char *s;
	size_t len;
};

/* A list of atoms or strings (NUL-terminated, in the response's arena). */
struct imap_strs {
	const char **v;
	size_t n;
};

/* A name/value pair: body parameters, ID fields. */
struct imap_param {
	struct imap_str name;
	struct imap_str value;
};

/*
 * A UID or sequence set as sent (text) and as ranges (struct imap_range of
 * imap/util.h: lo <= hi), in the server's order.
 */
struct imap_set {
	const char *text;
	struct imap_range *v;
	size_t n;
};

/* System flags; keywords and unknown \flags go to imap_flags.kw as sent. */
enum imap_flag_bit {
	IMAP_FLAG_SEEN = 1 << 0,
	IMAP_FLAG_ANSWERED = 1 << 1,
	IMAP_FLAG_FLAGGED = 1 << 2,
	IMAP_FLAG_DELETED = 1 << 3,
	IMAP_FLAG_DRAFT = 1 << 4,
	IMAP_FLAG_RECENT = 1 << 5,
	IMAP_FLAG_ANYKW = 1 << 6, /* \* in PERMANENTFLAGS: new keywords allowed */
};
struct imap_flags {
	unsigned sys; /* enum imap_flag_bit */
	struct imap_strs kw;
};

enum imap_resp_kind { IMAP_RESP_UNTAGGED, IMAP_RESP_TAGGED, IMAP_RESP_CONTINUATION };

enum imap_status {
	IMAP_ST_NONE, /* untagged data, or a continuation */
	IMAP_ST_OK,
	IMAP_ST_NO,
	IMAP_ST_BAD,
	IMAP_ST_PREAUTH,
	IMAP_ST_BYE,
};

/* Response codes ("[...]" after a status). */
enum imap_code {
	IMAP_CODE_NONE,
	IMAP_CODE_OTHER, /* unknown: name and arg as sent */
	IMAP_CODE_ALERT,
	IMAP_CODE_BADCHARSET,
	IMAP_CODE_CAPABILITY, /* caps */
	IMAP_CODE_PARSE,
	IMAP_CODE_PERMANENTFLAGS, /* flags */
	IMAP_CODE_READ_ONLY,
	IMAP_CODE_READ_WRITE,
	IMAP_CODE_TRYCREATE,
	IMAP_CODE_UIDNEXT,       /* num */
	IMAP_CODE_UIDVALIDITY,   /* num */
	IMAP_CODE_UNSEEN,        /* num */
	IMAP_CODE_HIGHESTMODSEQ, /* modseq */
	IMAP_CODE_NOMODSEQ,
	IMAP_CODE_MODIFIED,  /* set */
	IMAP_CODE_APPENDUID, /* num = UIDVALIDITY, set = the new UID(s) */
	IMAP_CODE_COPYUID,   /* num = UIDVALIDITY, set = source UIDs, set2 = new UIDs */
	IMAP_CODE_UIDNOTSTICKY,
	IMAP_CODE_CLOSED,
};

struct imap_code_data {
	enum imap_code code;
	const char *name; /* the code's name as sent, NULL without a code */
	const char *arg;  /* the raw text after the name (OTHER, BADCHARSET), or NULL */
	uint32_t num;
	uint64_t modseq;
	struct imap_set set, set2;
	struct imap_flags flags;
	struct imap_strs caps;
};

/* What an untagged response carries besides (or instead of) a status. */
enum imap_data {
	IMAP_DATA_NONE,       /* a status response (OK/NO/BAD/PREAUTH/BYE), tagged or not */
	IMAP_DATA_CAPABILITY, /* caps */
	IMAP_DATA_ENABLED,    /* caps */
	IMAP_DATA_FLAGS,      /* flags */
	IMAP_DATA_LIST,       /* list */
	IMAP_DATA_LSUB,       /* list */
	IMAP_DATA_STATUS,     /* status */
	IMAP_DATA_SEARCH,     /* search */
	IMAP_DATA_ESEARCH,    /* esearch */
	IMAP_DATA_EXISTS,     /* num */
	IMAP_DATA_RECENT,     /* num */
	IMAP_DATA_EXPUNGE,    /* num */
	IMAP_DATA_VANISHED,   /* vanished */
	IMAP_DATA_FETCH,      /* fetch (num = fetch.seq) */
	IMAP_DATA_ID,         /* id */
	IMAP_DATA_NAMESPACE,  /* ns */
	IMAP_DATA_OTHER,      /* unknown: text holds its first line, the rest was skipped */
};

/* LIST/LSUB attributes (RFC 3501, 5258, 6154, 8457); others in other_attrs. */
enum imap_list_attr {
	IMAP_LIST_NOINFERIORS = 1 << 0,
	IMAP_LIST_NOSELECT = 1 << 1,
	IMAP_LIST_MARKED = 1 << 2,
	IMAP_LIST_UNMARKED = 1 << 3,
	IMAP_LIST_HASCHILDREN = 1 << 4,
	IMAP_LIST_HASNOCHILDREN = 1 << 5,
	IMAP_LIST_NONEXISTENT = 1 << 6,
	IMAP_LIST_SUBSCRIBED = 1 << 7,
	IMAP_LIST_REMOTE = 1 << 8,
	IMAP_LIST_ALL = 1 << 9,
	IMAP_LIST_ARCHIVE = 1 << 10,
	IMAP_LIST_DRAFTS = 1 << 11,
	IMAP_LIST_FLAGGED = 1 << 12,
	IMAP_LIST_JUNK = 1 << 13,
	IMAP_LIST_SENT = 1 << 14,
	IMAP_LIST_TRASH = 1 << 15,
	IMAP_LIST_IMPORTANT = 1 << 16,
};

struct imap_list {
	unsigned attrs; /* enum imap_list_attr */
	struct imap_strs other_attrs;
	char delim;              /* hierarchy delimiter, 0 for NIL */
	struct imap_str mailbox; /* raw (modified UTF-7 or UTF-8): decoding is imap/util's job */
};

enum imap_status_have {
	IMAP_STATUS_MESSAGES = 1 << 0,
	IMAP_STATUS_RECENT = 1 << 1,
	IMAP_STATUS_UIDNEXT = 1 << 2,
	IMAP_STATUS_UIDVALIDITY = 1 << 3,
	IMAP_STATUS_UNSEEN = 1 << 4,
	IMAP_STATUS_HIGHESTMODSEQ = 1 << 5,
	IMAP_STATUS_SIZE = 1 << 6,
	IMAP_STATUS_DELETED = 1 << 7,
};
struct imap_status_data {
	struct imap_str mailbox;
	unsigned have; /* enum imap_status_have */
	uint32_t messages, recent, uidnext, uidvalidity, unseen, deleted;
	uint64_t highestmodseq, size;
};

struct imap_search {
	uint32_t *v;
	size_t n;
	uint64_t modseq; /* (MODSEQ n) of CONDSTORE, 0 when absent */
};

enum imap_esearch_have {
	IMAP_ESEARCH_MIN = 1 << 0,
	IMAP_ESEARCH_MAX = 1 << 1,
	IMAP_ESEARCH_COUNT = 1 << 2,
	IMAP_ESEARCH_ALL = 1 << 3,
	IMAP_ESEARCH_MODSEQ = 1 << 4,
};
struct imap_esearch {
	const char *tag; /* the correlator (TAG "x"), or NULL */
	bool uid;
	unsigned have; /* enum imap_esearch_have */
	uint32_t min, max, count;
	struct imap_set all;
	uint64_t modseq;
};

/* NAMESPACE (RFC 2342, RFC 9051): each class a list of prefixes and delimiters. */
struct imap_ns {
	struct imap_str prefix; /* raw, like a mailbox name */
	char delim;             /* 0 for NIL */
};
struct imap_ns_list {
	struct imap_ns *v;
	size_t n;
};
struct imap_namespace {
	struct imap_ns_list personal, other, shared;
};

struct imap_vanished {
	bool earlier;
	struct imap_set uids;
};

/* RFC 2822 group syntax shows as an address with host NIL (see imap-parse.md). */
struct imap_addr {
	struct imap_str name, adl, mailbox, host;
};
struct imap_addrs {
	struct imap_addr *v;
	size_t n;
};
struct imap_envelope {
	struct imap_str date, subject, in_reply_to, message_id;
	struct imap_addrs from, sender, reply_to, to, cc, bcc;
};

/* One node of a BODY/BODYSTRUCTURE tree. */
struct imap_body {
	bool multipart;
	struct imap_str type, subtype; /* as sent; type is "MULTIPART" for a multipart */
	struct imap_param *params;
	size_t nparams;
	struct imap_str id, description, encoding;
	uint64_t size, lines;
	struct imap_str md5;
	struct imap_str disposition; /* NIL when absent */
	struct imap_param *dparams;
	size_t ndparams;
	struct imap_strs language;
	struct imap_str location;
	struct imap_envelope *envelope; /* message/rfc822 and message/global */
	struct imap_body *parts;        /* multipart: the children; message: one, its body */
	size_t nparts;
};

enum imap_section_kind {
	IMAP_SEC_BODY,   /* BODY[spec]<origin> (also BODY.PEEK, answered as BODY) */
	IMAP_SEC_BINARY, /* BINARY[spec]<origin> */
	IMAP_SEC_RFC822, /* RFC822, RFC822.HEADER, RFC822.TEXT: spec "", "HEADER", "TEXT" */
};
struct imap_section {
	enum imap_section_kind kind;
	const char *spec; /* the text between the brackets, as sent ("" for BODY[]) */
	bool has_origin;
	uint32_t origin;
	struct imap_str data; /* the bytes (len authoritative: may hold NULs), NIL: s NULL */
};

enum imap_fetch_have {
	IMAP_FETCH_UID = 1 << 0,
	IMAP_FETCH_FLAGS = 1 << 1,
	IMAP_FETCH_INTERNALDATE = 1 << 2,
	IMAP_FETCH_SIZE = 1 << 3,
	IMAP_FETCH_MODSEQ = 1 << 4,
	IMAP_FETCH_ENVELOPE = 1 << 5,
	IMAP_FETCH_BODY = 1 << 6,          /* BODY without extension data */
	IMAP_FETCH_BODYSTRUCTURE = 1 << 7, /* BODYSTRUCTURE */
};
struct imap_fetch {
	uint32_t seq;
	unsigned have; /* enum imap_fetch_have */
	uint32_t uid;
	struct imap_flags flags;
	int64_t internaldate; /* seconds since the epoch, UTC */
	int tz_minutes;       /* the INTERNALDATE's zone, east of UTC */
	uint64_t size;        /* RFC822.SIZE */
	uint64_t modseq;
	struct imap_envelope *envelope; /* NULL when absent or NIL */
	struct imap_body *body;         /* BODY or BODYSTRUCTURE */
	struct imap_section *sections;
	size_t nsections;
};

/*
 * One response. Zero-initialise it (or IMAP_RESP_INIT) before the first
 * imap_read_response, which releases what it held before; release it with
 * imap_resp_release. Which members are set depends on kind, status and data.
 */
struct imap_resp {
	enum imap_resp_kind kind;
	const char *tag; /* TAGGED: the tag */
	enum imap_status status;
	struct imap_code_data code;
	const char *text; /* resp-text after the code; continuation: the whole text */
	enum imap_data data;
	uint32_t num; /* EXISTS, RECENT, EXPUNGE, FETCH */
	struct imap_strs caps;
	struct imap_flags flags;
	struct imap_list list;
	struct imap_status_data status_data;
	struct imap_search search;
	struct imap_esearch esearch;
	struct imap_vanished vanished;
	struct imap_fetch fetch;
	struct imap_namespace ns;
	struct imap_param *id; /* ID: name/value pairs (NIL: none) */
	size_t nid;
	/* private: the storage behind every pointer above */
	struct arena arena_;
	struct buf *lits_;
	size_t nlits_, caplits_;
};
#define IMAP_RESP_INIT \
	{              \
		0      \
	}

/*
 * Read one complete response (a line and any literals it announces) from r
 * into out, after releasing what out held. Returns 0; ERR_PROTO for a
 * syntax error (err quotes a sanitised excerpt), ERR_LIMIT when a cap in
 * lim (NULL: the defaults) is exceeded, or the reader's own error. After an
 * error out holds nothing useful and the connection must be dropped.
 */
int imap_read_response(const struct imap_reader *r, const struct imap_limits *lim,
		       struct imap_resp *out, struct buf *err);

/* Free everything out holds; it is left ready for reuse. */
void imap_resp_release(struct imap_resp *out);

/* The bit of a system flag name ("\\Seen", any case), or 0 for others. */
unsigned imap_flag_bit(const char *name, size_t len);

#endif /* TERN_IMAP_PARSE_H */
