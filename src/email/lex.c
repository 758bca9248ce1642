/* lex.c - RFC 5322 lexical pieces shared by the header parsers */
#include "email/email.h"
#include "email/internal.h"

/*
 * Old Japanese mail puts raw ISO-2022-JP in headers. After ESC $ B, ESC $ @
 * or ESC ( I the bytes are character codes, whatever ASCII they look like
 * ("$," is a kana, not a comma), up to ESC ( B or ESC ( J. Returns the end
 * of such a run starting at s[i], or i when none starts there. A run also
 * ends at any byte that cannot be part of it (a space, a line break), so a
 * missing return to ASCII costs only the word it is in.
 */
size_t jis_run_end(const char *s, size_t len, size_t i)
{
	size_t k = i;

	while (k + 3 <= len && s[k] == 0x1B) {
		const char *e = s + k + 1;
		bool to_ascii = e[0] == '(' && (e[1] == 'B' || e[1] == 'J');
		bool shift = (e[0] == '$' && (e[1] == 'B' || e[1] == '@')) ||
			     (e[0] == '(' && e[1] == 'I');
		if (to_ascii && k > i)
			return k + 3;
		if (!shift)
			break;
		for (k += 3; k < len && s[k] >= 0x21 && s[k] <= 0x7E; k++)
			;
	}
	return k;
}

size_t rfc822_comment_end(const char *s, size_t len, size_t i)
{
	size_t depth = 0;

	for (; i < len; i++) {
		if (s[i] == 0x1B && jis_run_end(s, len, i) > i)
			i = jis_run_end(s, len, i) - 1; /* JIS codes may look like '(' or ')' */
		else if (s[i] == '\\')
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return 0;
}

void rfc822_add_quoted(struct buf *out, const char *s, size_t n)
{
	buf_grow(out, n + 2);
	buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_addch(out, '\\');
		buf_addch(out, s[i]);
	}
	buf_addch(out, '"');
}
