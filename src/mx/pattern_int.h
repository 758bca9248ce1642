/*
 * pattern_int.h - shared by the files of the pattern language (pattern.c
 * compiles, pattern_date.c reads date ranges, pattern_match.c evaluates).
 * Not for other files: they use mx.h.
 */
#ifndef TERN_PATTERN_INT_H
#define TERN_PATTERN_INT_H

#include <regex.h>

#include "mx/mx-private.h"

/* Caps on what a typed (or fuzzed) pattern can make us do. */
#define PATTERN_MAX_LEN   8192  /* bytes of pattern text */
#define PATTERN_MAX_DEPTH 64    /* nesting of ( ) and of mixed and/or chains */
#define PATTERN_RX_NODES  20000 /* what regcomp may build for all the regexes (an estimate) */

enum pat_op {
	P_AND,
	P_OR,
	/* flags and simple properties */
	P_ALL,
	P_DELETED,
	P_FLAGGED,
	P_NEW,
	P_OLD,
	P_READ,
	P_REPLIED,
	P_TAGGED,
	P_UNREAD,
	P_COLLAPSED,
	P_LIST,
	P_SUBSCRIBED,
	P_PERSONAL_RECIP,
	P_PERSONAL_FROM,
	/* ranges */
	P_DATE,
	P_RECEIVED,
	P_SIZE,
	P_NUMBER,
	P_SCORE,
	/* strings against the envelope */
	P_SUBJECT,
	P_FROM,
	P_TO,
	P_CC,
	P_SENDER,
	P_RECIPIENT, /* To or Cc */
	P_ADDRESS,   /* From, Sender, To or Cc */
	P_ID,
	P_REFERENCE,
	P_XLABEL,
	/* reading the message */
	P_BODY,
	P_HEADER,
	P_WHOLE,
	P_MIMETYPE, /* the last that has a string */
	P_EXPIRED,
	P_ATTACH,
};

/* Does the node hold a regex or a substring? */
static inline bool pat_op_has_string(int op)
{
	return op >= P_SUBJECT && op <= P_MIMETYPE;
}

/* Does the node read the message? */
static inline bool pat_op_reads(int op)
{
	return op >= P_BODY;
}

/*
 * How a body or header term (~b ~B ~h) may use the backend's search op
 * (pattern_search.c): not at all, the server's answer is the term's, or the
 * server narrows the messages down and tern confirms each candidate.
 */
enum pat_srv {
	PS_LOCAL,
	PS_ANSWER,
	PS_PREFILTER,
};

#define PN_NONE   UINT32_MAX
#define RANGE_MAX INT64_MAX /* an open upper end */

/* One node of the compiled tree; children and siblings are indexes into pattern.v. */
struct pnode {
	uint8_t op; /* enum pat_op */
	bool negate;
	bool alladdr;      /* ^: every address must match */
	bool substring;    /* =X: plain substring instead of a regex */
	bool icase;        /* substring: ignore ASCII case */
	uint8_t srv;       /* enum pat_srv */
	uint8_t srv_field; /* enum mx_search_field */
	uint32_t child;    /* and/or: first operand */
	uint32_t next;     /* the next operand of the parent */
	uint32_t srv_slot; /* PS_ANSWER, PS_PREFILTER: its entry in pattern.srv */
	char *srv_header;  /* MXS_HEADER: the field's name */
	char *srv_text;    /* what the server looks for */
	union {
		regex_t *rx;
		struct {
			char *s;
			size_t len;
		} str;
		struct {
			int64_t min, max;
		} range;
	} u;
};

/*
 * What the server said about one searchable term, and of which messages:
 * the mailbox and its membership when it was asked (pattern_search.c).
 */
struct pattern_srv_key {
	const struct mailbox *mb;
	uint32_t next_id;
	size_t n;
	uint32_t first_id, last_id; /* with the last message's size and date: a new */
	uint64_t last_size;         /* mailbox object at a freed one's address */
	int64_t last_received;      /* rarely has all of these the same */
};
enum pat_srv_state { SRV_NONE, SRV_DONE, SRV_FAILED };
struct pattern_srv {
	struct pattern_srv_key key;
	enum pat_srv_state state;
	uint32_t *ids; /* SRV_DONE: the matching ids, ascending */
	size_t nids;
	unsigned asked; /* how many times the server was asked (for tests) */
};

struct pattern {
	struct pnode *v;
	size_t n, cap;
	/*
	 * The server's answers, one per searchable term. pattern_match takes
	 * a const pattern, yet fills these: they are a cache of what the
	 * server said, not part of the pattern's meaning, and every caller
	 * matches from one thread at a time (the interface's, or a headless
	 * run's; index_format.c keeps its patterns per thread).
	 */
	struct pattern_srv *srv;
	size_t nsrv, capsrv;
	uint32_t root;
	bool reads;               /* some node reads messages */
	bool thorough;            /* $thorough_search: decode before searching */
	const struct config *cfg; /* lists, alternates (may be NULL) */
	char *user;               /* login name, for ~p/~P */
	char *user_host;          /* login@$hostname */
	char *user_sys;           /* login@the system's name */
	char *from;               /* $from's mailbox, or NULL */
};

/* The compiler's state while it reads pattern text (pattern.c, pattern_arg.c). */
struct parser {
	struct pattern *p;
	const char *s;   /* the whole text, for positions in errors */
	const char *pos; /* the next unread byte */
	struct buf *err;
	double rx_nodes; /* estimated size of the regexes so far */
};

/* What each letter after ~ takes. */
enum arg_kind { A_NONE, A_REGEX, A_DATE, A_RANGE, A_UNSUPPORTED };

static inline size_t parser_pos(const struct parser *ps, const char *at)
{
	return (size_t)(at - ps->s) + 1; /* from 1, for people */
}

static inline void parser_skip_space(struct parser *ps)
{
	while (is_space((unsigned char)*ps->pos))
		ps->pos++;
}

/*
 * Read the argument of term ~letter (of kind) at ps->pos into n: compile
 * its regex or substring, or read its range or dates (pattern_arg.c).
 * Returns 0, or a negative code with the reason (and position) in ps->err.
 */
int pattern_arg(struct parser *ps, int depth, struct pnode *n, char letter, enum arg_kind kind);
/* Skip a regex's bracket expression; p is at its '['. Returns its last character (the ']'). */
const char *pattern_skip_bracket(const char *p);
/* True when s has an upper-case letter (mutt_which_case): then the search minds case. */
bool pattern_has_upper(const char *s, size_t n);
/* A decimal number of at most cap; false when there are no digits or it is bigger. */
bool pattern_digits(const char **pp, int64_t cap, int64_t *out);
/* Fill p's idea of the user's own addresses (login, hosts, $from), once. */
void pattern_identity(struct pattern *p);

/*
 * Read a ~d/~r argument (already unquoted) into [*min, *max] (seconds, UTC,
 * inclusive) with mutt's rules, relative to pattern_now(). Returns 0 or
 * ERR_PARSE with a reason in err.
 */
int pattern_date_range(const char *s, int64_t *min, int64_t *max, struct buf *err);

/* The clock relative dates are taken from (time(NULL) unless a test set one). */
time_t pattern_now(void);
/* For tests: pretend it is t (0: the real clock again). Not thread-safe. */
void pattern_set_now(time_t t);

/*
 * What one pattern_match call has read of the message, so that several
 * ~b/~h tests read it once. Released at the end of the call.
 */
struct pattern_msg {
	struct buf raw;     /* the message (or its header block) as the backend gave it */
	int state;          /* 0 not read, 1 headers only, 2 whole, -1 failed */
	struct buf headers; /* ~h text: unfolded lines, decoded when thorough */
	struct buf body;    /* ~b text: decoded text parts when thorough, else raw */
	struct body *tree;  /* the MIME tree of raw, once parsed */
	bool have_headers, have_body, have_tree;
};

/* Make sure msg->raw holds the message (whole) or at least its headers. False when unreadable. */
bool pattern_load(struct mailbox *mb, const struct message *m, struct pattern_msg *msg, bool whole);
/* The MIME tree of the (whole, loaded) message, parsed once. */
const struct body *pattern_tree(struct pattern_msg *msg);
/* ~M: does a part's type/subtype match? ~X: is the count of attachments in range? (pattern_mime.c) */
bool pattern_mime_type(const struct pnode *n, struct mailbox *mb, const struct message *m,
		       struct pattern_msg *msg);
bool pattern_attachments(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
			 const struct message *m, struct pattern_msg *msg);
/* Does node n's regex or substring occur in (s, len)? */
bool pattern_text_match(const struct pnode *n, const char *s, size_t len);

/*
 * Decide whether node n (~b ~B ~h, already compiled from arg) can ask the
 * server, and what: regex tells that arg is a regex (the ~ form), icase
 * that the term ignores case (pattern_search.c).
 */
void pattern_srv_classify(struct pattern *p, struct pnode *n, const char *arg, size_t len,
			  bool regex, bool icase);
/*
 * The literal text every match of the POSIX extended regex rx contains
 * (its longest, appended to out), or nothing. True when rx is a plain
 * literal as a whole (out is then its text, escapes undone).
 */
bool pattern_rx_literal(const char *rx, struct buf *out);
/*
 * What the server says of message m for node n: 1 it matches, 0 it does
 * not, -1 unknown (no search op, the search failed: match locally). Asks
 * the server the first time for mb and again when its messages changed.
 */
int pattern_srv_match(const struct pattern *p, const struct pnode *n, struct mailbox *mb,
		      const struct message *m);
/* Free the server's answers and the nodes' search texts. */
void pattern_srv_free(struct pattern *p);

/* Evaluate node i for message m (pattern_match.c). */
bool pattern_eval(const struct pattern *p, uint32_t i, struct mailbox *mb, const struct message *m,
		  struct pattern_msg *msg);

#endif /* TERN_PATTERN_INT_H */
