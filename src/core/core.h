/*
 * core.h - the public face of src/core: memory, growing buffers, strings,
 * string lists, a hash table, error codes, UTF-8 and charset conversion,
 * files and logging.
 *
 * This layer depends on nothing but libc and iconv. Every other layer uses it.
 */
#ifndef TERN_CORE_H
#define TERN_CORE_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "core/banned.h"

#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)         ((a) < (b) ? (a) : (b))
#define MAX(a, b)         ((a) > (b) ? (a) : (b))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* ---- Errors (err.c) -------------------------------------------------- */

/*
 * Every action returns 0 on success or one of these negative codes. The
 * human-readable reason travels beside the code, never instead of it.
 */
enum err {
	ERR_OK = 0,
	ERR_INVAL = -1,        /* bad argument or value */
	ERR_IO = -2,           /* read/write failed; errno has the detail */
	ERR_PARSE = -3,        /* input could not be parsed cleanly */
	ERR_LIMIT = -4,        /* input exceeds a size or depth cap */
	ERR_NOTFOUND = -5,     /* no such thing */
	ERR_CHARSET = -6,      /* charset unknown or conversion lossy: fallback used */
	ERR_AGAIN = -7,        /* try again later (would block) */
	ERR_CANCEL = -8,       /* cancelled by the user */
	ERR_PROTO = -9,        /* peer violated the protocol */
	ERR_TLS = -10,         /* TLS handshake or verification failed */
	ERR_AUTH = -11,        /* authentication refused */
	ERR_UNSUPPORTED = -12, /* operation not supported by this backend */
	ERR_EXISTS = -13,      /* already exists */
	ERR_NOSPACE = -14,     /* disk or quota full */
	ERR_CLOSED = -15,      /* connection closed */
	ERR_TIMEOUT = -16,     /* operation timed out */
};

/* A short, translated description of an error code. Never NULL. */
const char *err_str(int code);

/* ---- Memory (alloc.c) ------------------------------------------------- */

/*
 * Allocation failure is the one failure the program does not survive: these
 * print a message and exit. Everything else is reported and survived.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for arrays, checking nmemb * size for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* Duplicate s, or return NULL when s is NULL. */
char *xstrdup_or_null(const char *s);

/* Grow an array (ptr, cap) so that it holds at least `need` elements. */
#define ALLOC_GROW(ptr, need, cap)                                                   \
	do {                                                                         \
		if ((need) > (cap)) {                                                \
			size_t alloc_grow_n_ = (cap) < 8 ? 8 : (cap)*2;              \
			if (alloc_grow_n_ < (need))                                  \
				alloc_grow_n_ = (need);                              \
			(ptr) = xreallocarray((ptr), alloc_grow_n_, sizeof(*(ptr))); \
			(cap) = alloc_grow_n_;                                       \
		}                                                                    \
	} while (0)

/* The first position in the ascending v[0..n) whose value is not below x (str.c). */
size_t u32_lower_bound(const uint32_t *v, size_t n, uint32_t x);

/* ---- Arenas (arena.c) ---------------------------------------------------- */

/*
 * A bump allocator for many small objects freed together (a mailbox's
 * envelopes: 100,000 messages must not cost 100,000 mallocs). Memory comes
 * in chunks that never move, so pointers into an arena stay valid until
 * arena_release. Not thread-safe: one owner at a time; arena_steal moves a
 * whole arena's chunks into another (a worker hands a batch to the model).
 */
struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* the chunk being filled, then older ones */
	size_t used;              /* bytes used in head */
	size_t ready;             /* bytes of head whose pages are mapped */
	size_t total;             /* bytes allocated to chunks */
};
#define ARENA_INIT            \
	{                     \
		NULL, 0, 0, 0 \
	}

/* n bytes aligned for any object; never NULL (allocation failure exits). */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of (s, n) plus a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Move every chunk of from into to; from is left empty. */
void arena_steal(struct arena *to, struct arena *from);
void arena_release(struct arena *a);

/* ---- Growing buffers (buf.c) ------------------------------------------ */

/*
 * The one type for growing strings and byte buffers. `data` is never NULL
 * and always NUL-terminated (it points at a shared empty string until the
 * first byte is added), so it can be passed to string functions at once.
 * Embedded NULs are allowed; `len` is authoritative.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

extern char buf_empty_[];
#define BUF_INIT                 \
	{                        \
		buf_empty_, 0, 0 \
	}

void buf_init(struct buf *b, size_t hint);
/* Free the storage and return to the initial empty state. */
void buf_release(struct buf *b);
/* Turn every CRLF from byte `from` on into LF, in place. */
void buf_crlf_to_lf(struct buf *b, size_t from);
/* buf_release after overwriting the whole allocation with zeros (passwords, tokens). */
void buf_wipe(struct buf *b);
/* Truncate to zero length, keeping the storage. */
void buf_reset(struct buf *b);
/* Make room for `extra` more bytes (plus the terminator). */
void buf_grow(struct buf *b, size_t extra);
/* Set the length to n <= cap - 1 (after writing into data directly). */
void buf_setlen(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addbuf(struct buf *b, const struct buf *other);
/* Append the UTF-8 encoding of code point cp (U+FFFD if invalid). */
void buf_add_utf8(struct buf *b, uint32_t cp);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Remove trailing ASCII white space. */
void buf_rtrim(struct buf *b);
/* Hand over the storage as a malloc'd string (never NULL); b is reset. */
char *buf_detach(struct buf *b, size_t *len);
/* True when b holds exactly the string s. */
bool buf_eq(const struct buf *b, const char *s);

/* ---- ASCII strings (str.c) --------------------------------------------- */

/* Locale-independent ASCII case mapping and comparison: mail is not locale text. */
static inline int ascii_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}
static inline int ascii_toupper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
}
static inline bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}
static inline bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}
static inline bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value of hex digit c (either case), or -1. */
static inline int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = ascii_tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int ascii_strcasecmp(const char *a, const char *b);
int ascii_strncasecmp(const char *a, const char *b, size_t n);
/* Compare the counted string (s, n) with the C string lit, ignoring case. */
bool mem_eq_ci(const char *s, size_t n, const char *lit);
/* True when (s, n) starts with prefix, ignoring case. */
bool mem_startswith_ci(const char *s, size_t n, const char *prefix);
/* Find needle in (hay, n); NULL when absent. */
const char *mem_find(const char *hay, size_t n, const char *needle, size_t nlen);
/* Lower-case copy of (s, n). */
char *xstrndup_lower(const char *s, size_t n);
/* Lower-case s in place and return it. */
char *str_lower(char *s);
/* Skip spaces and tabs. */
const char *skip_wsp(const char *p, const char *end);
/* Trim ASCII white space from both ends of (*s, *n). */
void mem_trim(const char **s, size_t *n);
/* Parse an unsigned decimal from (s, n) without overflow; false when not all digits or too big. */
bool parse_ulong(const char *s, size_t n, unsigned long *out);

/* ---- String lists (strlist.c) ------------------------------------------ */

struct strlist {
	char **v;
	size_t n;
	size_t cap;
};
#define STRLIST_INIT       \
	{                  \
		NULL, 0, 0 \
	}

/* Append a copy of s. */
void strlist_add(struct strlist *l, const char *s);
/* Append a copy of (s, n). */
void strlist_addn(struct strlist *l, const char *s, size_t n);
/* Append s, taking ownership of it. */
void strlist_push(struct strlist *l, char *s);
/* Index of s (exact match) or -1. */
long strlist_find(const struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

/* ---- Hash table (hash.c) ----------------------------------------------- */

/*
 * A table from counted byte strings to pointers. Keys are NOT copied: the
 * caller keeps them alive for the table's life (they usually live in the
 * objects stored as values). Values are not freed by the table.
 */
struct hash;

struct hash *hash_new(size_t hint);
void hash_free(struct hash **h);
/* The value stored under key, or NULL. */
void *hash_get(const struct hash *h, const char *key, size_t len);
/* Store val under key, replacing any previous value (returned, or NULL). */
void *hash_put(struct hash *h, const char *key, size_t len, void *val);
/*
 * The value slot of key, added (holding NULL, *added set) when absent: a
 * lookup and an insert for one hash of the key. The slot is valid until
 * the next insert. key must outlive the table, as for hash_put.
 */
void **hash_upsert(struct hash *h, const char *key, size_t len, bool *added);
size_t hash_count(const struct hash *h);
/* The table's hash of (p, n): SipHash-1-3 with a per-process random key (not stable across runs). */
uint64_t hash_bytes(const void *p, size_t n);

/* ---- UTF-8 (utf8.c) ----------------------------------------------------- */

/*
 * Decode one code point from (s, n) into *cp and return the number of bytes
 * used (1..4). On an invalid or truncated sequence, sets *cp = 0xFFFD and
 * returns 1, so that a caller always makes progress. n must be > 0.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* True when (s, n) is entirely well-formed UTF-8 (no overlongs, surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Length of the longest well-formed UTF-8 prefix of (s, n). */
size_t utf8_valid_prefix(const char *s, size_t n);
/* Append (s, n) to out, replacing each invalid byte with U+FFFD. */
void utf8_sanitize(const char *s, size_t n, struct buf *out);

/* ---- Charsets (charset.c) ----------------------------------------------- */

/*
 * Convert (in, len) from charset `from` to UTF-8, appending to out. Nothing
 * is ever dropped: an unknown charset, a NULL or empty name, or bytes that
 * are invalid in the declared charset are decoded with the fallback (valid
 * UTF-8 stays UTF-8, anything else is read as the fallback charset, by
 * default windows-1252, which maps every byte). Returns 0 when the text
 * converted cleanly, ERR_CHARSET when a fallback was used.
 */
int charset_to_utf8(const char *from, const char *in, size_t len, struct buf *out);
/*
 * Convert UTF-8 text to charset `to`. Returns 0, or ERR_CHARSET when `to`
 * is unknown or a character has no representation (nothing is appended).
 */
int charset_from_utf8(const char *to, const char *in, size_t len, struct buf *out);
/* True when iconv knows `name` (after alias resolution). */
bool charset_known(const char *name);
/* True for "utf-8", "utf8" and "us-ascii"-free UTF-8 aliases. */
bool charset_is_utf8(const char *name);
/* True for us-ascii and its aliases ("ascii", "ANSI_X3.4-1968", ...). */
bool charset_is_ascii(const char *name);
/*
 * Resolve mail-world aliases and mislabels ("ks_c_5601-1987" -> "CP949",
 * "latin1", "x-unknown", "unicode-1-1-utf-7"...) to a name iconv accepts.
 * Writes into out (cleared first) and returns out->data.
 */
const char *charset_canonical(const char *name, struct buf *out);
/*
 * Set the charset used for undeclared or undecodable 8-bit text (mutt's
 * $assumed_charset). NULL restores the default, windows-1252. The name is
 * copied.
 */
void charset_set_fallback(const char *name);

/* ---- Files (file.c) ------------------------------------------------------ */

/* Milliseconds on the monotonic clock: for timeouts, rates and durations. */
int64_t mono_ms(void);

/* Read a whole file into out (appending). Fails with ERR_LIMIT past max bytes (0: no cap). */
int file_read_all(const char *path, struct buf *out, size_t max);
/*
 * Replace path with (data, len) atomically: write a 0600 temporary file in
 * the same directory, fsync it, rename it over path, fsync the directory.
 * A crash at any point leaves either the old or the new content.
 */
int file_write_atomic(const char *path, const void *data, size_t len);
/* Create a unique 0600 file "<dir>/<prefix>XXXXXX"; its path goes to path_out. Returns an fd or -1. */
int file_mkstemp(const char *dir, const char *prefix, struct buf *path_out);
/* Write all of (p, n) to fd, retrying on EINTR and short writes. */
int write_all(int fd, const void *p, size_t n);
/* fsync a directory, so that a rename or link in it survives a crash. */
int file_fsync_dir(const char *dir);
/* file_fsync_dir on the directory that holds path. */
int file_fsync_parent(const char *path);

/* ---- Logging (log.c) ---------------------------------------------------- */

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Send log lines at or above `level` to path (0600, appended); NULL disables logging. */
int log_open(const char *path, enum log_level level);
void log_close(void);
/* Log a line. Never pass a password: callers redact secrets before logging. */
void log_msg(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* ---- i18n --------------------------------------------------------------- */

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif /* TERN_CORE_H */
