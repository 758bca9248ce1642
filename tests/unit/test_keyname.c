/*
 * test_keyname.c - key sequences: every notation keyseq_parse reads, how
 * keyseq_format writes them back, and the macro-text scanner.
 */
#include "tests/unit/unit.h"

#include "config/internal.h"

/* Parse s, which must succeed, and compare with the n keys given. */
static void check_keys(const char *s, size_t n, const int *want)
{
	struct buf err = BUF_INIT;
	struct keyseq k;

	if (keyseq_parse(s, &k, &err) != 0)
		fail_msg("\"%s\" does not parse: %s", s, err.data);
	if (k.n != n)
		fail_msg("\"%s\": %zu keys, want %zu", s, k.n, n);
	for (size_t i = 0; i < n; i++)
		if (k.keys[i] != want[i])
			fail_msg("\"%s\": key %zu is %#x, want %#x", s, i, (unsigned)k.keys[i],
				 (unsigned)want[i]);
	buf_release(&err);
}

#define KEYS(s, ...)                                     \
	do {                                             \
		const int want_[] = { __VA_ARGS__ };     \
		check_keys(s, ARRAY_SIZE(want_), want_); \
	} while (0)

/* Parse s, which must fail with a message containing why. */
static void check_error(const char *s, const char *why)
{
	struct buf err = BUF_INIT;
	struct keyseq k;

	if (keyseq_parse(s, &k, &err) != ERR_INVAL)
		fail_msg("\"%s\" parses, want an error", s);
	if (!strstr(err.data, why))
		fail_msg("\"%s\": error \"%s\", want \"%s\"", s, err.data, why);
	buf_release(&err);
}

static void check_format(const int *keys, size_t n, const char *want)
{
	struct keyseq k = { .n = n };
	struct buf out = BUF_INIT;

	memcpy(k.keys, keys, n * sizeof(*keys));
	keyseq_format(&k, &out);
	assert_buf_eq(&out, want);
	buf_release(&out);
}

#define FORMATS(want, ...)                                    \
	do {                                                  \
		const int keys_[] = { __VA_ARGS__ };          \
		check_format(keys_, ARRAY_SIZE(keys_), want); \
	} while (0)

/* format then parse gives the same keys (with the rc-safe form too). */
static void check_round_trip(const struct keyseq *k)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct keyseq back;

	for (int rc_safe = 0; rc_safe < 2; rc_safe++) {
		buf_reset(&out);
		if (rc_safe)
			keyseq_format_rc(k, &out);
		else
			keyseq_format(k, &out);
		if (keyseq_parse(out.data, &back, &err) != 0)
			fail_msg("\"%s\" does not parse back: %s", out.data, err.data);
		if (back.n != k->n || memcmp(back.keys, k->keys, k->n * sizeof(int)) != 0)
			fail_msg("\"%s\" parses back differently", out.data);
	}
	buf_release(&out);
	buf_release(&err);
}

static void keyname_plain_characters_are_themselves(void **state)
{
	(void)state;
	KEYS("a", 'a');
	KEYS("gg", 'g', 'g');
	KEYS("=*!", '=', '*', '!');
	KEYS(">", '>');
}

static void keyname_control_keys_in_both_notations_any_case(void **state)
{
	(void)state;
	KEYS("^x", 0x18);
	KEYS("^X", 0x18);
	KEYS("\\Cx", 0x18);
	KEYS("\\CX", 0x18);
	KEYS("\\cx", 0x18);
	KEYS("\\cX", 0x18);
	KEYS("\\Ca\\Cb", 1, 2);
	KEYS("^Xe", 0x18, 'e');
	KEYS("\\C?", 0x7f);
	KEYS("\\C[", 0x1b);
}

static void keyname_escape_forms(void **state)
{
	(void)state;
	KEYS("\\e", 0x1b);
	KEYS("\\E", 0x1b);
	KEYS("<Esc>", 0x1b);
	KEYS("<esc>", 0x1b);
	KEYS("<ESC>", 0x1b);
	KEYS("^[", 0x1b);
	KEYS("\\ec", 0x1b, 'c');
	KEYS("<Esc>/", 0x1b, '/');
	KEYS("\\e\\e", 0x1b, 0x1b);
}

static void keyname_newline_return_and_tab(void **state)
{
	(void)state;
	KEYS("\\n", '\n');
	KEYS("\\r", '\r');
	KEYS("\\t", '\t');
	KEYS("<Enter>", '\n');
	KEYS("<Return>", '\r');
	KEYS("<Tab>", '\t');
	KEYS("<Space>", ' ');
	KEYS("<KeypadEnter>", TK_ENTER);
	KEYS("\n", '\n'); /* a raw newline, as the tokenizer hands "\n" over */
}

static void keyname_octal_codes(void **state)
{
	(void)state;
	KEYS("\\177", 0x7f);
	KEYS("<177>", 0x7f);
	KEYS("<0177>", 0x7f);
	KEYS("<1>", 1);
	KEYS("\\033x", 0x1b, 'x');
	KEYS("<377>", 0xff);
	KEYS("\\18", '1', '8'); /* not three octal digits: "\1" is 1 */
}

static void keyname_function_keys_f1_to_f63(void **state)
{
	(void)state;
	KEYS("<F1>", TK_F0 + 1);
	KEYS("<f10>", TK_F0 + 10);
	KEYS("<F63>", TK_F0 + 63);
	KEYS("<F64>", '<', 'F', '6', '4', '>');
	KEYS("<F1><F2>", TK_F0 + 1, TK_F0 + 2);
}

static void keyname_named_keys_ignore_case(void **state)
{
	static const struct {
		const char *name;
		int key;
	} names[] = {
		{ "<Up>", TK_UP },
		{ "<down>", TK_DOWN },
		{ "<LEFT>", TK_LEFT },
		{ "<Right>", TK_RIGHT },
		{ "<PageUp>", TK_PAGEUP },
		{ "<pagedown>", TK_PAGEDOWN },
		{ "<Pagedown>", TK_PAGEDOWN },
		{ "<Home>", TK_HOME },
		{ "<End>", TK_END },
		{ "<Insert>", TK_INSERT },
		{ "<Delete>", TK_DELETE },
		{ "<BackSpace>", TK_BACKSPACE },
		{ "<backspace>", TK_BACKSPACE },
		{ "<BackTab>", TK_BACKTAB },
		{ "<backtab>", TK_BACKTAB },
		{ "<keypadenter>", TK_ENTER },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		check_keys(names[i].name, 1, &names[i].key);
}

static void keyname_utf8_characters_are_themselves(void **state)
{
	(void)state;
	KEYS("\xc3\xa9", 0xe9);
	KEYS("\xe6\x97\xa5\xe6\x9c\xac", 0x65e5, 0x672c);
	KEYS("\xf0\x9f\x93\xa7", 0x1f4e7);
	KEYS("\\\xc3\xa9", 0xe9); /* a backslash before any other character drops */
	check_error("\xff", "invalid UTF-8");
	check_error("a\xc3", "invalid UTF-8");
}

static void keyname_backslash_quirks(void **state)
{
	(void)state;
	KEYS("\\\\", '\\'); /* "\\" is a backslash */
	KEYS("\\", '\\');   /* so is a lone one: the tokenizer took "\\" already */
	KEYS("a\\", 'a', '\\');
	KEYS("\\<F1>", '<', 'F', '1', '>'); /* "\<" is a plain '<' */
	KEYS("\\^x", '^', 'x');
	KEYS("\\ ", ' ');
	KEYS("\\;", ';');
}

static void keyname_lone_angle_is_a_literal(void **state)
{
	(void)state;
	KEYS("<", '<');
	KEYS("<<", '<', '<');
	KEYS("<foo>", '<', 'f', 'o', 'o', '>');
	KEYS("<F1", '<', 'F', '1');
	KEYS("a<b", 'a', '<', 'b');
	KEYS("<<Esc>", '<', 0x1b);
	KEYS("<next-entry>", '<', 'n', 'e', 'x', 't', '-', 'e', 'n', 't', 'r', 'y', '>');
}

static void keyname_caret_quirks(void **state)
{
	(void)state;
	KEYS("^^", '^'); /* mutt: "^^" is a caret */
	KEYS("^", '^');
	KEYS("^?", 0x7f);
	KEYS("^1", '^', '1');
	KEYS("^@", '^', '@'); /* never a NUL key */
	KEYS("^]", 0x1d);
	KEYS("a^", 'a', '^');
}

static void keyname_rejects_bad_sequences(void **state)
{
	char longest[KEYSEQ_MAX + 2];
	(void)state;
	check_error("", "empty");
	memset(longest, 'x', KEYSEQ_MAX);
	longest[KEYSEQ_MAX] = '\0';
	KEYS("x", 'x');
	{
		struct keyseq k;
		struct buf err = BUF_INIT;
		assert_int_equal(keyseq_parse(longest, &k, &err), 0);
		assert_int_equal(k.n, KEYSEQ_MAX);
		buf_release(&err);
	}
	longest[KEYSEQ_MAX] = 'x';
	longest[KEYSEQ_MAX + 1] = '\0';
	check_error(longest, "longer than 32 keys");
	check_error("<400>", "<400>");
	check_error("<0>", "<0>");
	check_error("\\C", "\\C");
	check_error("\\C@", "\\C");
	check_error("\\000", "NUL");
}

static void keyname_format_names_keys_as_mutt_does(void **state)
{
	(void)state;
	FORMATS("^X", 0x18);
	FORMATS("^A^B", 1, 2);
	FORMATS("<F1>", TK_F0 + 1);
	FORMATS("<F63>", TK_F0 + 63);
	FORMATS("<Esc>x", 0x1b, 'x');
	FORMATS("<Esc><Tab>", 0x1b, '\t');
	FORMATS("<Space>", ' ');
	FORMATS("<Enter>", '\n');
	FORMATS("<Return>", '\r');
	FORMATS("<KeypadEnter>", TK_ENTER);
	FORMATS("<Up><Down><PageUp><PageDown>", TK_UP, TK_DOWN, TK_PAGEUP, TK_PAGEDOWN);
	FORMATS("<Backspace>", TK_BACKSPACE);
	FORMATS("^?", 0x7f);
	FORMATS("\\\\", '\\');
	FORMATS("\\C^", 0x1e);
	FORMATS("gg", 'g', 'g');
	FORMATS("\xc3\xa9", 0xe9);
	FORMATS("<205>", 0x85);
	FORMATS("^", '^');
	FORMATS("<", '<');
	FORMATS("<x", '<', 'x');
}

static void keyname_format_escapes_what_would_read_differently(void **state)
{
	(void)state;
	FORMATS("\\<F1>", '<', 'F', '1', '>');
	FORMATS("\\<Esc>", '<', 'E', 's', 'c', '>');
	FORMATS("\\<177>", '<', '1', '7', '7', '>');
	FORMATS("\\<777>", '<', '7', '7', '7', '>'); /* a bad code would not even parse */
	FORMATS("\\^A", '^', 'A');
	FORMATS("\\^^", '^', '^');
	FORMATS("\\^\\\\", '^', '\\');
	FORMATS("^1", '^', '1');
}

static void keyname_format_round_trips_every_key(void **state)
{
	static const int specials[] = { TK_UP,        TK_DOWN,  TK_LEFT,    TK_RIGHT,  TK_PAGEUP,
					TK_PAGEDOWN,  TK_HOME,  TK_END,     TK_INSERT, TK_DELETE,
					TK_BACKSPACE, TK_ENTER, TK_BACKTAB, TK_F0 + 1, TK_F0 + 63 };
	struct keyseq k;
	(void)state;
	for (int c = 1; c < 0x3000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		k.n = 1;
		k.keys[0] = c;
		check_round_trip(&k);
		/* and in front of each awkward character */
		k.n = 2;
		k.keys[0] = c;
		k.keys[1] = (c % 2) ? '^' : '<';
		check_round_trip(&k);
		k.keys[0] = (c % 2) ? '^' : '<';
		k.keys[1] = c;
		check_round_trip(&k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(specials); i++) {
		k.n = 1;
		k.keys[0] = specials[i];
		check_round_trip(&k);
	}
}

static void keyname_rc_safe_format_avoids_tokenizer_characters(void **state)
{
	struct keyseq k = { .n = 1 };
	struct buf out = BUF_INIT;
	static const struct {
		int key;
		const char *want;
	} cases[] = {
		{ '^', "<136>" },  { '#', "<43>" },    { ';', "<73>" },  { '"', "<42>" },
		{ '\'', "<47>" },  { '\\', "<134>" },  { '$', "<44>" },  { '`', "<140>" },
		{ '<', "<74>" },   { 1, "^A" },        { 0x1c, "<34>" }, { 0x1e, "<36>" },
		{ 0x7f, "<177>" }, { ' ', "<Space>" }, { 'q', "q" },     { 0x1b, "<Esc>" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&out);
		k.keys[0] = cases[i].key;
		keyseq_format_rc(&k, &out);
		assert_buf_eq(&out, cases[i].want);
		check_round_trip(&k);
	}
	buf_release(&out);
}

/* Scan macro text one event at a time. */
static void check_macro_scan(const char *text, size_t n, const int *keys, const enum op *ops)
{
	const char *p = text, *end = text + strlen(text);
	struct buf err = BUF_INIT;
	size_t i = 0;

	while (p < end) {
		int key;
		enum op op;
		assert_int_equal(keyname_scan(&p, end, KS_MACRO, &key, &op, &err), 0);
		if (i >= n)
			fail_msg("\"%s\": more than %zu events", text, n);
		if (key != keys[i] || op != ops[i])
			fail_msg("\"%s\": event %zu is key %#x op %d, want key %#x op %d", text, i,
				 (unsigned)key, op, (unsigned)keys[i], ops[i]);
		i++;
	}
	assert_int_equal(i, n);
	buf_release(&err);
}

static void keyname_macro_text_names_functions_and_keys(void **state)
{
	(void)state;
	{
		const int keys[] = { 0, '~', 'N', '\n' };
		const enum op ops[] = { OP_LIMIT, 0, 0, 0 };
		check_macro_scan("<limit>~N<enter>", 4, keys, ops);
	}
	{
		/* key names come first: "<delete>" is the Delete key, not mix's delete */
		const int keys[] = { TK_DELETE, TK_INSERT, TK_BACKSPACE };
		const enum op ops[] = { 0, 0, 0 };
		check_macro_scan("<delete><Insert><backspace>", 3, keys, ops);
	}
	{
		const int keys[] = { '<', 'n', 'o', '>' };
		const enum op ops[] = { 0, 0, 0, 0 };
		check_macro_scan("<no>", 4, keys, ops);
	}
	{
		/* a backslash that starts no \C, \e or octal is typed as it is */
		const int keys[] = { '\\', 'n', '\\', '.', 0x1b, 0x18, '\\', 0x7f, 0x18 };
		const enum op ops[9] = { 0 };
		check_macro_scan("\\n\\.\\e\\Cx\\\\177^x", 9, keys, ops);
	}
	{
		const int keys[] = { '^', 'R', 'e' };
		const enum op ops[] = { 0, 0, 0 };
		check_macro_scan("^^Re", 3, keys, ops);
	}
}

static void keyname_macro_text_never_fails(void **state)
{
	const char *texts[] = { "\xff\xfe", "<400>", "\\C", "\\000", "<", "^", "\\" };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		const char *p = texts[i], *end = p + strlen(p);
		struct buf err = BUF_INIT;
		while (p < end) {
			int key;
			enum op op;
			assert_int_equal(keyname_scan(&p, end, KS_MACRO, &key, &op, &err), 0);
			assert_true(key != 0 || op != OP_NULL);
		}
		buf_release(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyname_plain_characters_are_themselves),
		cmocka_unit_test(keyname_control_keys_in_both_notations_any_case),
		cmocka_unit_test(keyname_escape_forms),
		cmocka_unit_test(keyname_newline_return_and_tab),
		cmocka_unit_test(keyname_octal_codes),
		cmocka_unit_test(keyname_function_keys_f1_to_f63),
		cmocka_unit_test(keyname_named_keys_ignore_case),
		cmocka_unit_test(keyname_utf8_characters_are_themselves),
		cmocka_unit_test(keyname_backslash_quirks),
		cmocka_unit_test(keyname_lone_angle_is_a_literal),
		cmocka_unit_test(keyname_caret_quirks),
		cmocka_unit_test(keyname_rejects_bad_sequences),
		cmocka_unit_test(keyname_format_names_keys_as_mutt_does),
		cmocka_unit_test(keyname_format_escapes_what_would_read_differently),
		cmocka_unit_test(keyname_format_round_trips_every_key),
		cmocka_unit_test(keyname_rc_safe_format_avoids_tokenizer_characters),
		cmocka_unit_test(keyname_macro_text_names_functions_and_keys),
		cmocka_unit_test(keyname_macro_text_never_fails),
	};
	return RUN_TESTS(tests);
}
