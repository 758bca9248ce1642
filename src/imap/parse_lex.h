/*
 * parse_lex.h - the IMAP response parser's tokenizer, shared by parse*.c
 * (private to src/imap/parse). A cursor walks the current line; when a
 * string is a literal, the literal and the line after it are fetched from
 * the reader, so every pointer into the line dies at the next string read:
 * callers copy what they keep (lx_dup) before reading on.
 */
#ifndef TERN_IMAP_PARSE_LEX_H
#define TERN_IMAP_PARSE_LEX_H

#include "imap/parse.h"

struct imap_lex {
	const struct imap_reader *r;
	struct imap_limits lim;
	struct imap_resp *resp;
	struct arena *a;
	struct buf line;
	const char *p, *end; /* the cursor in line */
	size_t total;        /* bytes of lines and literals so far */
	size_t lit_total;    /* bytes of literals so far */
	size_t nlits;        /* literals so far */
	unsigned depth;      /* open parentheses */
	size_t parts;        /* body parts so far */
	struct buf scratch;  /* a literal being read as a string */
	struct buf *err;
};

/* String flavours for lx_string. */
enum {
	LX_NIL = 1 << 0,    /* NIL allowed (nstring) */
	LX_ATOM = 1 << 1,   /* an atom allowed (astring) */
	LX_BINARY = 1 << 2, /* section data: NULs and ~{n} allowed, kept in a buffer of its own */
};

static inline int lx_peek(const struct imap_lex *lx)
{
	return lx->p < lx->end ? (unsigned char)*lx->p : -1;
}

/* Fail with code and a reason quoting the text at the cursor (sanitised). */
int lx_fail(struct imap_lex *lx, int code, const char *what);
/* Read the next line of the response from the reader and check it. */
int lx_next_line(struct imap_lex *lx);
/* Skip any spaces. */
void lx_skip_sp(struct imap_lex *lx);
/* One or more spaces (SP; extra spaces tolerated). */
int lx_sp(struct imap_lex *lx);
/* The character c. */
int lx_char(struct imap_lex *lx, int c);
/* "(" and ")", counting the depth against the limit. */
int lx_open(struct imap_lex *lx);
int lx_close(struct imap_lex *lx);
/*
 * Inside a list after "(": true when another element follows (the space
 * before it and the count against max_items checked), false at the ")"
 * (consumed) or on an error (*rc set). *n counts the elements so far.
 */
bool lx_list_next(struct imap_lex *lx, size_t *n, int *rc);
/* The same for "(" 1*item ")" lists without spaces (addresses, namespaces); n items so far. */
bool lx_seq_next(struct imap_lex *lx, size_t n, int *rc);
/* NIL (*nil set) or "(". */
int lx_nil_or_open(struct imap_lex *lx, bool *nil);
/* True (and consumed) when the next bytes are c, with spaces before it skipped. */
bool lx_accept_close(struct imap_lex *lx);
/* The end of the line (trailing spaces tolerated). */
int lx_end(struct imap_lex *lx);
/* The longest non-empty run of bytes that ok() accepts; what (untranslated: N_) names it for the error. */
int lx_run(struct imap_lex *lx, bool (*ok)(int c), const char *what, const char **s, size_t *n);
/* An atom (ATOM-CHARs; with astring, also "]" and 8-bit bytes); fails when empty. */
int lx_atom(struct imap_lex *lx, bool astring, const char **s, size_t *n);
/* True (and consumed) when the next token is NIL. */
bool lx_nil(struct imap_lex *lx);
/* True (and consumed) when the next token is the word w (any case). */
bool lx_word(struct imap_lex *lx, const char *w);
/* A 32-bit number; nz: zero refused. */
int lx_num32(struct imap_lex *lx, bool nz, uint32_t *v);
/* A 63-bit number (MODSEQ, sizes). */
int lx_num64(struct imap_lex *lx, uint64_t *v);
/* A string (quoted or literal), per the LX_* flags. */
int lx_string(struct imap_lex *lx, unsigned flags, struct imap_str *out);
/* A set of nz-numbers and ranges ("1:3,7"), "*" refused. */
int lx_set(struct imap_lex *lx, struct imap_set *set);
/* Skip one value: an atom, number, string, literal or parenthesised list. */
int lx_skip_value(struct imap_lex *lx);
/* Skip the rest of the response, fetching and dropping its literals. */
int lx_skip_rest(struct imap_lex *lx);
/* The count n of one list's entries, checked against max_items. */
int lx_count(struct imap_lex *lx, size_t n);
/* A copy of (s, n) in the response's arena. */
char *lx_dup(struct imap_lex *lx, const char *s, size_t n);
/* Room for element n of arr (cap elements of size bytes) in the arena; new room zeroed. */
void *lx_grow(struct imap_lex *lx, void *arr, size_t n, size_t *cap, size_t size);
#define LX_PUSH(lx, arr, n, cap) \
	((arr) = lx_grow((lx), (arr), (n), &(cap), sizeof(*(arr))), &(arr)[(n)++])

/*
 * "(" string SP nstring *(SP string SP nstring) ")" / NIL, "()" accepted:
 * body parameters and ID fields.
 */
int lx_params(struct imap_lex *lx, struct imap_param **v, size_t *n);
/* parse_list.c: flag lists: "(" flags ")"; perm allows \*. */
int lx_flags(struct imap_lex *lx, bool perm, struct imap_flags *f);

/* parse_fetch.c */
int imap_parse_fetch(struct imap_lex *lx, struct imap_fetch *f);
int imap_parse_envelope(struct imap_lex *lx, struct imap_envelope **out);
/* parse_body.c */
int imap_parse_body(struct imap_lex *lx, bool ext, struct imap_body *b);
/* parse_data.c */
int imap_parse_untagged_data(struct imap_lex *lx, const char *name, size_t n);
int imap_parse_code(struct imap_lex *lx, struct imap_code_data *c);

#endif /* TERN_IMAP_PARSE_LEX_H */
