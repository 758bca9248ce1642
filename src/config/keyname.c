/*
 * keyname.c - key sequences as bind, macro and push write them, and back.
 *
 * One scanner reads both notations: keyseq_parse's (bind and macro keys)
 * and macro text's (input_push), which also names functions and keeps
 * backslashes that are not \C, \e or octal, because the rc tokenizer has
 * already taken the escapes the user meant: mutt types what is left as it is.
 */
#include "config/internal.h"

#define ESC 0x1b
#define DEL 0x7f
/* Longest "<...>" the scanner looks at: names, F keys, octal, function names. */
#define ANGLE_MAX 64

struct key_name {
	const char *name;
	int key;
};

/* Names keyseq_parse accepts (any case); the first name of a key is how it is written. */
static const struct key_name key_names[] = {
	{ "Esc", ESC },
	{ "Enter", '\n' },
	{ "Return", '\r' },
	{ "Tab", '\t' },
	{ "BackTab", TK_BACKTAB },
	{ "Space", ' ' },
	{ "Up", TK_UP },
	{ "Down", TK_DOWN },
	{ "Left", TK_LEFT },
	{ "Right", TK_RIGHT },
	{ "PageUp", TK_PAGEUP },
	{ "PageDown", TK_PAGEDOWN },
	{ "Home", TK_HOME },
	{ "End", TK_END },
	{ "Insert", TK_INSERT },
	{ "Delete", TK_DELETE },
	{ "Backspace", TK_BACKSPACE },
	{ "KeypadEnter", TK_ENTER },
};

/* Events the terminal layer produces that no key sequence can name. */
static const struct key_name event_names[] = {
	{ "Resize", TK_RESIZE },
	{ "Timeout", TK_TIMEOUT },
	{ "Abort", TK_ABORT },
	{ "Mouse", TK_MOUSE },
};

static int name_key(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (mem_eq_ci(s, n, key_names[i].name))
			return key_names[i].key;
	return -1;
}

/* "F1".."F63" (any case): the key, or -1. */
static int fkey(const char *s, size_t n)
{
	unsigned long v;

	if (n < 2 || n > 3 || ascii_tolower((unsigned char)s[0]) != 'f')
		return -1;
	if (!parse_ulong(s + 1, n - 1, &v) || v > 63)
		return -1;
	return TK_F0 + (int)v;
}

enum angle {
	ANGLE_NONE,    /* not a name: '<' is a literal */
	ANGLE_KEY,     /* *key */
	ANGLE_OP,      /* *op (macro text only) */
	ANGLE_BADCODE, /* octal beyond a byte: an error in keyseq_parse */
};

/* An octal code "<177>": ANGLE_KEY, ANGLE_BADCODE when out of range, or ANGLE_NONE. */
static enum angle octal_code(const char *s, size_t n, int *key)
{
	unsigned v = 0;

	if (n == 0)
		return ANGLE_NONE;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return ANGLE_NONE;
		if (v <= 0377)
			v = v * 8 + (unsigned)(s[i] - '0');
	}
	/*
	 * mutt takes any curses key code here; tern's terminal layer hands
	 * over named keys instead, so only character codes mean anything.
	 */
	if (v == 0 || v > 0377)
		return ANGLE_BADCODE;
	*key = (int)v;
	return ANGLE_KEY;
}

/*
 * Classify "<...>" at p: a key name, an F key, an octal code, or (with
 * ops) a function name. Key names win over function names, as in mutt
 * ("<delete>" is the Delete key, not the mix menu's function).
 */
static enum angle angle_name(const char *p, const char *end, bool ops, size_t *len, int *key,
			     enum op *op)
{
	const char *close = NULL;
	const char *s = p + 1;
	size_t n;
	int k;

	for (const char *q = s; q < end && q - p <= ANGLE_MAX; q++) {
		if (*q == '>') {
			close = q;
			break;
		}
	}
	if (!close)
		return ANGLE_NONE;
	n = (size_t)(close - s);
	*len = n + 2;
	if ((k = name_key(s, n)) >= 0 || (k = fkey(s, n)) >= 0) {
		*key = k;
		return ANGLE_KEY;
	}
	enum angle a = octal_code(s, n, key);
	if (a != ANGLE_NONE)
		return a;
	if (ops) {
		int o = op_find(s, n);
		if (o >= 0) {
			*op = (enum op)o;
			return ANGLE_OP;
		}
	}
	return ANGLE_NONE;
}

/* The control character ^c (c already upper-cased), or -1 when ^c is not one. */
static int caret_control(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - '@';
	switch (c) {
	case '[':
		return ESC;
	case '\\':
	case ']':
	case '_':
		return c - '@';
	case '?':
		return DEL;
	default:
		return -1;
	}
}

/*
 * "^x" at p (p[0] == '^'): sets *key and returns the bytes used. Macro text
 * takes mutt's set (^^, ^[ and letters); keys also take ^? ^\ ^] ^_, which
 * keyseq_format writes.
 */
static size_t scan_caret(const char *p, const char *end, enum keyscan_mode mode, int *key)
{
	int c;

	if (p + 1 >= end) {
		*key = '^';
		return 1;
	}
	if (p[1] == '^') { /* "^^" is a caret, as in mutt */
		*key = '^';
		return 2;
	}
	c = caret_control(ascii_toupper((unsigned char)p[1]));
	if (c < 0 || (mode == KS_MACRO && c != ESC && !is_alpha((unsigned char)p[1]))) {
		*key = '^';
		return 1;
	}
	*key = c;
	return 2;
}

/* Three octal digits at p, or -1. */
static int octal3(const char *p, const char *end)
{
	if (end - p < 3)
		return -1;
	for (int i = 0; i < 3; i++)
		if (p[i] < '0' || p[i] > '7')
			return -1;
	return (p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0');
}

/* "\C" + x: the control character, or 0 when there is none (end, non-ASCII, NUL). */
static int backslash_control(const char *p, const char *end)
{
	if (p + 2 >= end || (unsigned char)p[2] >= 0x80)
		return 0;
	return (ascii_toupper((unsigned char)p[2]) - '@') & 0x7f;
}

/*
 * A backslash escape at p (p[0] == '\\'): sets *key and returns the bytes
 * used, or -1 with a reason in err. Macro text keeps a backslash that
 * starts none of \C, \e or octal as a character (input_push takes "\\"
 * as two of them before this sees it).
 */
static int scan_backslash(const char *p, const char *end, enum keyscan_mode mode, int *key,
			  struct buf *err)
{
	uint32_t cp;
	int c, v;

	*key = '\\';
	if (p + 1 >= end) /* a trailing backslash is one: the tokenizer took "\\" already */
		return 1;
	c = (unsigned char)p[1];
	if (c == 'C' || c == 'c') {
		if ((v = backslash_control(p, end)) != 0) {
			*key = v;
			return 3;
		}
		if (mode == KS_MACRO)
			return 1;
		buf_addstr(err, _("\\C must be followed by a character other than @"));
		return -1;
	}
	if (c == 'e' || c == 'E') {
		*key = ESC;
		return 2;
	}
	if ((v = octal3(p + 1, end)) >= 0) {
		if (v != 0) {
			*key = v;
			return 4;
		}
		if (mode == KS_MACRO)
			return 1;
		buf_addstr(err, _("a NUL key cannot be bound"));
		return -1;
	}
	if (mode == KS_MACRO)
		return 1;
	if (c == '\\')
		return 2;
	switch (c) {
	case 'n':
		*key = '\n';
		return 2;
	case 'r':
		*key = '\r';
		return 2;
	case 't':
		*key = '\t';
		return 2;
	case 'f':
		*key = '\f';
		return 2;
	default:
		/* Any other "\x" is x, as mutt's tokenizer has it ("\<" is a '<'). */
		v = (int)utf8_decode(p + 1, (size_t)(end - p - 1), &cp);
		if (cp == 0xFFFD && v == 1) {
			buf_addstr(err, _("invalid UTF-8"));
			return -1;
		}
		*key = (int)cp;
		return 1 + v;
	}
}

/* A character as itself: sets *key and returns the bytes used, or -1. */
static int scan_char(const char *p, const char *end, enum keyscan_mode mode, int *key,
		     struct buf *err)
{
	uint32_t cp;
	size_t used = utf8_decode(p, (size_t)(end - p), &cp);

	if (cp == 0xFFFD && used == 1 && mode == KS_BIND) {
		buf_addstr(err, _("invalid UTF-8"));
		return -1;
	}
	if (cp == 0 && mode == KS_BIND) {
		buf_addstr(err, _("a NUL key cannot be bound"));
		return -1;
	}
	*key = (int)cp;
	return (int)used;
}

/* "<...>" at p: sets *key or *op and returns the bytes used, or -1. */
static int scan_angle(const char *p, const char *end, enum keyscan_mode mode, int *key, enum op *op,
		      struct buf *err)
{
	size_t used = 0;

	switch (angle_name(p, end, mode == KS_MACRO, &used, key, op)) {
	case ANGLE_KEY:
	case ANGLE_OP:
		return (int)used;
	case ANGLE_BADCODE:
		if (mode == KS_BIND) {
			buf_printf(
				err,
				_("key code %.*s: only character codes <1> to <377> can be bound"),
				(int)used, p);
			return -1;
		}
		break;
	case ANGLE_NONE:
		break;
	}
	*key = '<'; /* mutt's rule: a '<' that starts no name is a '<' */
	return 1;
}

int keyname_scan(const char **pp, const char *end, enum keyscan_mode mode, int *key, enum op *op,
		 struct buf *err)
{
	const char *p = *pp;
	int n;

	*key = 0;
	*op = OP_NULL;
	switch (*p) {
	case '\\':
		n = scan_backslash(p, end, mode, key, err);
		break;
	case '^':
		n = (int)scan_caret(p, end, mode, key);
		break;
	case '<':
		n = scan_angle(p, end, mode, key, op, err);
		break;
	default:
		n = scan_char(p, end, mode, key, err);
		break;
	}
	if (n < 0)
		return ERR_INVAL;
	*pp = p + n;
	return 0;
}

int keyseq_parse(const char *s, struct keyseq *out, struct buf *err)
{
	const char *p = s, *end = s + strlen(s);
	enum op op;
	int key;

	out->n = 0;
	if (p == end) {
		buf_addstr(err, _("empty key sequence"));
		return ERR_INVAL;
	}
	while (p < end) {
		if (out->n == KEYSEQ_MAX) {
			buf_printf(err, _("key sequence longer than %d keys"), KEYSEQ_MAX);
			return ERR_INVAL;
		}
		if (keyname_scan(&p, end, KS_BIND, &key, &op, err) < 0)
			return ERR_INVAL;
		out->keys[out->n++] = key;
	}
	return 0;
}

/* Longest piece format_key writes: "<KeypadEnter>", "\C^", four UTF-8 bytes. */
#define PIECE_MAX 16

/* Characters that the rc tokenizer or keyseq_parse would read as more than themselves. */
static bool rc_special(int key)
{
	return key < 0x80 && key > 0 && strchr("\\\"'#;$`^<", key) != NULL;
}

/*
 * One key as keyseq_parse reads it back, out of context ('<' and '^' may
 * need a backslash, decided by the caller). With rc_safe, characters the
 * rc tokenizer treats specially are written as octal codes instead.
 */
static void format_key(int key, bool rc_safe, char piece[PIECE_MAX])
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(piece, PIECE_MAX, "<%s>", key_names[i].name);
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(event_names); i++) {
		if (event_names[i].key == key) {
			snprintf(piece, PIECE_MAX, "<%s>", event_names[i].name);
			return;
		}
	}
	if (key > TK_F0 && key <= TK_F63) {
		snprintf(piece, PIECE_MAX, "<F%d>", key - TK_F0);
		return;
	}
	if (key == TK_F0) {
		snprintf(piece, PIECE_MAX, "<F0>");
		return;
	}
	/* In rc text only ^A..^Z keep the caret form: the others hold a backslash or "^^". */
	if (rc_safe && (rc_special(key) || (key >= 0 && key < 0x20 && !(key >= 1 && key <= 26)) ||
			key == DEL)) {
		snprintf(piece, PIECE_MAX, "<%o>", (unsigned)key);
		return;
	}
	if (key == 0x1e) /* "^^" is a caret, so control-^ needs the other form */
		snprintf(piece, PIECE_MAX, "\\C^");
	else if (key >= 0 && key < 0x20)
		snprintf(piece, PIECE_MAX, "^%c", key + '@');
	else if (key == DEL)
		snprintf(piece, PIECE_MAX, "^?");
	else if (key == '\\')
		snprintf(piece, PIECE_MAX, "\\\\");
	else if (key >= 0x80 && key < 0xa0)
		snprintf(piece, PIECE_MAX, "<%o>", (unsigned)key);
	else if (key > 0 && key <= 0x10FFFF && !(key >= 0xD800 && key <= 0xDFFF)) {
		struct buf b = BUF_INIT;
		buf_add_utf8(&b, (uint32_t)key);
		snprintf(piece, PIECE_MAX, "%s", b.data);
		buf_release(&b);
	} else
		snprintf(piece, PIECE_MAX, "<?>");
}

/* True when a '^' before piece would pair with it ("^A", "^[", "^^"). */
static bool caret_pairs(const char *piece)
{
	int c = (unsigned char)piece[0];
	return c == '^' || (c && caret_control(ascii_toupper(c)) >= 0);
}

/* True when a '<' before text would start a name, a code or a bad code. */
static bool angle_pairs(const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	size_t used;
	enum op op;
	int key;
	bool pairs;

	buf_addch(&b, '<');
	buf_add(&b, text, len);
	pairs = angle_name(b.data, b.data + b.len, false, &used, &key, &op) != ANGLE_NONE;
	buf_release(&b);
	return pairs;
}

static void format_seq(const struct keyseq *k, bool rc_safe, struct buf *out)
{
	char pieces[KEYSEQ_MAX][PIECE_MAX];
	size_t n = MIN(k->n, (size_t)KEYSEQ_MAX);
	struct buf rest = BUF_INIT; /* the text after a '<': its pieces are final by then */

	for (size_t i = n; i-- > 0;) {
		int key = k->keys[i];

		format_key(key, rc_safe, pieces[i]);
		if (key == '^' && !rc_safe && i + 1 < n && caret_pairs(pieces[i + 1]))
			snprintf(pieces[i], PIECE_MAX, "\\^");
		if (key == '<' && !rc_safe) {
			buf_reset(&rest);
			for (size_t j = i + 1; j < n; j++)
				buf_addstr(&rest, pieces[j]);
			if (angle_pairs(rest.data, rest.len))
				snprintf(pieces[i], PIECE_MAX, "\\<");
		}
	}
	for (size_t i = 0; i < n; i++)
		buf_addstr(out, pieces[i]);
	buf_release(&rest);
}

void keyseq_format(const struct keyseq *k, struct buf *out)
{
	format_seq(k, false, out);
}

void keyseq_format_rc(const struct keyseq *k, struct buf *out)
{
	format_seq(k, true, out);
}
