/* test_address.c - address lists: parsing, broken forms, IDNA, formatting, round trips */
#include <time.h>

#include "tests/unit/unit.h"

#include "email/email.h"

struct want {
	enum addr_kind kind;
	const char *name;
	const char *mailbox;
	bool invalid;
};

#define MB(n, m)                          \
	{                                 \
		ADDR_MAILBOX, n, m, false \
	}
#define BAD(raw)                              \
	{                                     \
		ADDR_MAILBOX, NULL, raw, true \
	}
#define GS(n)                                    \
	{                                        \
		ADDR_GROUP_START, n, NULL, false \
	}
#define GE                                        \
	{                                         \
		ADDR_GROUP_END, NULL, NULL, false \
	}

static bool same_str(const char *a, const char *b)
{
	return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

static void entry_is(const struct address *a, const struct want *w, size_t i)
{
	if (a->kind != w->kind || a->invalid != w->invalid || !same_str(a->name, w->name) ||
	    !same_str(a->mailbox, w->mailbox))
		fail_msg("entry %zu is {%d, \"%s\", \"%s\", invalid=%d}, want {%d, \"%s\", \"%s\", "
			 "invalid=%d}",
			 i, a->kind, a->name ? a->name : "(null)",
			 a->mailbox ? a->mailbox : "(null)", a->invalid, w->kind,
			 w->name ? w->name : "(null)", w->mailbox ? w->mailbox : "(null)",
			 w->invalid);
}

/* Format the valid entries for the wire and parse them back: the same entries must return. */
static void round_trips(const struct addrlist *l)
{
	struct addrlist valid = { 0 }, back = { 0 };
	struct buf wire = BUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].invalid)
			addrlist_append(&valid, &l->v[i]);
	addrlist_format(&valid, ADDR_FMT_WIRE, &wire);
	if (addrlist_parse(wire.data, wire.len, &back) != 0 || back.n != valid.n)
		fail_msg("wire \"%s\" parses to %zu entries, want %zu", wire.data, back.n, valid.n);
	for (size_t i = 0; i < valid.n; i++) {
		struct want w = { valid.v[i].kind, valid.v[i].name, valid.v[i].mailbox, false };
		entry_is(&back.v[i], &w, i);
	}
	addrlist_release(&valid);
	addrlist_release(&back);
	buf_release(&wire);
}

static void check(const char *in, size_t len, const struct want *w, size_t n)
{
	struct addrlist l = { 0 };
	bool any_invalid = false;
	int rc = addrlist_parse(in, len, &l);

	if (l.n != n)
		fail_msg("\"%s\" gives %zu entries, want %zu", in, l.n, n);
	for (size_t i = 0; i < n; i++) {
		entry_is(&l.v[i], &w[i], i);
		any_invalid |= w[i].invalid;
	}
	assert_int_equal(rc, any_invalid ? ERR_PARSE : 0);
	round_trips(&l);
	addrlist_release(&l);
}

#define CHECK(in, ...)                                     \
	do {                                               \
		const struct want w_[] = { __VA_ARGS__ };  \
		check(in, strlen(in), w_, ARRAY_SIZE(w_)); \
	} while (0)

#define CHECK_EMPTY(in)                                                   \
	do {                                                              \
		struct addrlist l_ = { 0 };                               \
		assert_int_equal(addrlist_parse(in, strlen(in), &l_), 0); \
		assert_int_equal(l_.n, 0);                                \
		addrlist_release(&l_);                                    \
	} while (0)

/* The one entry of in, for looking at its other fields. */
static struct addrlist parse1(const char *in)
{
	struct addrlist l = { 0 };

	addrlist_parse(in, strlen(in), &l);
	assert_int_equal(l.n, 1);
	return l;
}

static void format_is(const char *in, enum addr_format f, const char *want)
{
	struct addrlist l = { 0 };
	struct buf b = BUF_INIT;

	addrlist_parse(in, strlen(in), &l);
	addrlist_format(&l, f, &b);
	assert_buf_eq(&b, want);
	addrlist_release(&l);
	buf_release(&b);
}

/* ---- RFC 5322 forms ------------------------------------------------------- */

static void address_addr_spec_alone(void **state)
{
	CHECK("user@example.com", MB(NULL, "user@example.com"));
	CHECK("  user@example.com  ", MB(NULL, "user@example.com"));
}

static void address_name_and_angle_addr(void **state)
{
	CHECK("John Doe <john@example.com>", MB("John Doe", "john@example.com"));
	CHECK("<john@example.com>", MB(NULL, "john@example.com"));
	CHECK("John Doe<john@example.com>", MB("John Doe", "john@example.com"));
}

static void address_quoted_name_with_specials(void **state)
{
	CHECK("\"Doe, John\" <j@x.example>", MB("Doe, John", "j@x.example"));
	CHECK("\"a \\\"b\\\" \\\\ c\" <j@x.example>", MB("a \"b\" \\ c", "j@x.example"));
	CHECK("\"\" <j@x.example>", MB(NULL, "j@x.example"));
}

static void address_encoded_word_name_decoded(void **state)
{
	CHECK("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@x.example>",
	      MB("J\xC3\xBCrgen M\xC3\xBCller", "j@x.example"));
	CHECK("=?iso-8859-1?q?Andr=E9?= Pirard <pirard@vm1.example>",
	      MB("Andr\xC3\xA9 Pirard", "pirard@vm1.example"));
	/* Broken mailers quote their encoded words. */
	CHECK("\"=?utf-8?B?SsO8cmdlbg==?=\" <j@x.example>", MB("J\xC3\xBCrgen", "j@x.example"));
}

static void address_trailing_comment_is_name(void **state)
{
	struct addrlist l = parse1("user@host.example (Real Name)");

	assert_string_equal(l.v[0].name, "Real Name");
	assert_string_equal(l.v[0].comment, "Real Name");
	assert_string_equal(l.v[0].mailbox, "user@host.example");
	addrlist_release(&l);
	CHECK("user@host.example (Real Name)", MB("Real Name", "user@host.example"));
	CHECK("(Real Name) user@host.example", MB("Real Name", "user@host.example"));
	CHECK("user(comment)@host.example", MB("comment", "user@host.example"));
}

static void address_comment_beside_name_kept_apart(void **state)
{
	struct addrlist l = parse1("Name <a@b.example> (work)");

	assert_string_equal(l.v[0].name, "Name");
	assert_string_equal(l.v[0].comment, "work");
	addrlist_release(&l);
}

static void address_comment_nested_and_escaped(void **state)
{
	struct addrlist l = parse1("a@b.example (x (y) \\) =?utf-8?q?z=C3=A9?=)");

	assert_string_equal(l.v[0].comment, "x (y) ) z\xC3\xA9");
	addrlist_release(&l);
}

static void address_group_round_trips(void **state)
{
	CHECK("Team: a@x.example, Bob <b@y.example>;", GS("Team"), MB(NULL, "a@x.example"),
	      MB("Bob", "b@y.example"), GE);
	CHECK("a@x.example, Team: b@y.example; c@z.example", MB(NULL, "a@x.example"), GS("Team"),
	      MB(NULL, "b@y.example"), GE, MB(NULL, "c@z.example"));
	CHECK("\"My Team\": a@x.example;", GS("My Team"), MB(NULL, "a@x.example"), GE);
}

static void address_group_empty_round_trips(void **state)
{
	CHECK("undisclosed-recipients:;", GS("undisclosed-recipients"), GE);
	CHECK("undisclosed-recipients: ;", GS("undisclosed-recipients"), GE);
	CHECK("A:;, B:;", GS("A"), GE, GS("B"), GE);
}

static void address_group_unterminated_is_closed(void **state)
{
	CHECK("Team: a@x.example, b@y.example", GS("Team"), MB(NULL, "a@x.example"),
	      MB(NULL, "b@y.example"), GE);
}

static void address_group_inside_group_closes_first(void **state)
{
	CHECK("A: B: x@y.example;;", GS("A"), GE, GS("B"), MB(NULL, "x@y.example"), GE);
}

static void address_route_is_dropped(void **state)
{
	CHECK("<@a.example,@b.example:user@host.example>", MB(NULL, "user@host.example"));
	CHECK("Name <@a.example, @b.example:user@host.example>", MB("Name", "user@host.example"));
	CHECK("<@a.example>", BAD("<@a.example>"));
}

static void address_quoted_local_part_round_trips(void **state)
{
	CHECK("\"john doe\"@example.com", MB(NULL, "john doe@example.com"));
	CHECK("\"a@b\"@example.com", MB(NULL, "a@b@example.com"));
	CHECK("\"a\\\"b\"@example.com", MB(NULL, "a\"b@example.com"));
	CHECK("john.\"d o e\"@example.com", MB(NULL, "john.d o e@example.com"));
	CHECK("Name <\"john doe\"@example.com>", MB("Name", "john doe@example.com"));
	format_is("\"john doe\"@example.com", ADDR_FMT_WIRE, "\"john doe\"@example.com");
	format_is("\"john.doe\"@example.com", ADDR_FMT_WIRE, "john.doe@example.com");
}

static void address_domain_literals(void **state)
{
	CHECK("x@[192.0.2.1]", MB(NULL, "x@[192.0.2.1]"));
	CHECK("x@[IPv6:2001:db8::1]", MB(NULL, "x@[IPv6:2001:db8::1]"));
	CHECK("Name <x@[ 192.0.2.1 ]>", MB("Name", "x@[192.0.2.1]"));
	CHECK("\"a@[b\"@[192.0.2.1]", MB(NULL, "a@[b@[192.0.2.1]"));
}

static void address_null_path(void **state)
{
	CHECK("<>", MB(NULL, ""));
	CHECK("Mail Delivery <>", MB("Mail Delivery", ""));
	format_is("<>", ADDR_FMT_WIRE, "<>");
}

static void address_obsolete_spaces_around_dots(void **state)
{
	CHECK("<john . doe @ example . com>", MB(NULL, "john.doe@example.com"));
	CHECK("<john doe@example.com>", BAD("<john doe@example.com>"));
}

static void address_folded_value(void **state)
{
	CHECK("John\r\n Doe\r\n <john@example.com>,\r\n\tjane@example.com",
	      MB("John Doe", "john@example.com"), MB(NULL, "jane@example.com"));
}

/* ---- Broken forms real mail has --------------------------------------------- */

static void address_missing_angle_brackets_with_name(void **state)
{
	CHECK("Real Name user@host.example", MB("Real Name", "user@host.example"));
	CHECK("\"Real Name\" user@host.example", MB("Real Name", "user@host.example"));
	CHECK("Dr. John Doe john.doe@x.example", MB("Dr. John Doe", "john.doe@x.example"));
}

static void address_unquoted_dots_in_name(void **state)
{
	CHECK("John Q. Public <jqp@x.example>", MB("John Q. Public", "jqp@x.example"));
	CHECK("J.R.R. Tolkien <t@x.example>", MB("J.R.R. Tolkien", "t@x.example"));
	format_is("John Q. Public <jqp@x.example>", ADDR_FMT_WIRE,
		  "\"John Q. Public\" <jqp@x.example>");
}

static void address_unquoted_comma_in_name(void **state)
{
	CHECK("Doe, John <john@x.example>", MB("Doe, John", "john@x.example"));
	CHECK("Doe, John <j@x.example>, Smith, Ann <a@x.example>", MB("Doe, John", "j@x.example"),
	      MB("Smith, Ann", "a@x.example"));
	/* Not joined when what follows has no display name or is a bare address. */
	CHECK("root, <j@x.example>", MB(NULL, "root"), MB(NULL, "j@x.example"));
	CHECK("root, j@x.example", MB(NULL, "root"), MB(NULL, "j@x.example"));
	CHECK("a, b, Doe, John <j@x.example>", MB(NULL, "a"), MB(NULL, "b"),
	      MB("Doe, John", "j@x.example"));
	CHECK("Doe, Team: a@x.example;", MB(NULL, "Doe"), GS("Team"), MB(NULL, "a@x.example"), GE);
	CHECK("Doe,", MB(NULL, "Doe"));
}

static void address_missing_closing_bracket(void **state)
{
	CHECK("Name <user@host.example", MB("Name", "user@host.example"));
	CHECK("A <a@x.example, B <b@y.example>", MB("A", "a@x.example"), MB("B", "b@y.example"));
	CHECK("A <a@x.example; b@y.example", MB("A", "a@x.example"), MB(NULL, "b@y.example"));
}

static void address_doubled_and_stray_brackets(void **state)
{
	CHECK("<<a@b.example>>", MB(NULL, "a@b.example"));
	CHECK("a@b.example>", MB(NULL, "a@b.example"));
}

static void address_unbalanced_quote_kept_literally(void **state)
{
	CHECK("\"John Doe <j@x.example>", MB("\"John Doe", "j@x.example"));
	CHECK("a@x.example, \"unclosed", MB(NULL, "a@x.example"), BAD("\"unclosed"));
}

static void address_unbalanced_parentheses_kept_literally(void **state)
{
	CHECK("((( b@c.example", MB("(((", "b@c.example"));
	CHECK("Name) <b@c.example>", MB("Name)", "b@c.example"));
	CHECK("b@c.example (unclosed", MB(NULL, "b@c.example"), BAD("(unclosed"));
}

static void address_eight_bit_name_and_local_part(void **state)
{
	/* Undeclared latin-1 is read in the fallback charset; UTF-8 is RFC 6532. */
	CHECK("J\xFCrgen <j@x.example>", MB("J\xC3\xBCrgen", "j@x.example"));
	CHECK("J\xC3\xBCrgen <j\xC3\xBCrgen@x.example>",
	      MB("J\xC3\xBCrgen", "j\xC3\xBCrgen@x.example"));
	CHECK("\xE7\x94\xB0\xE4\xB8\xAD <tanaka@x.example>",
	      MB("\xE7\x94\xB0\xE4\xB8\xAD", "tanaka@x.example"));
}

static void address_raw_iso2022jp_name(void **state)
{
	/* "$," is a kana, not a comma; "$\"" one, not a quote; "$\\" one, not an escape. */
	CHECK("\x1B$B$3$s$,\x1B(B <a@b.example>, b@c.example",
	      MB("\xE3\x81\x93\xE3\x82\x93\xE3\x81\x8C", "a@b.example"), MB(NULL, "b@c.example"));
	CHECK("\x1B$B$\"$\\\x1B(B <a@b.example>", MB("\xE3\x81\x82\xE3\x81\xBC", "a@b.example"));
	CHECK("\"\x1B$B$\"\x1B(B\" <a@b.example>", MB("\xE3\x81\x82", "a@b.example"));
	CHECK("a@b.example (\x1B$B$)$\\\x1B(B)", MB("\xE3\x81\x89\xE3\x81\xBC", "a@b.example"));
}

static void address_stray_semicolons_and_empty_entries(void **state)
{
	CHECK("a@x.example,,b@y.example", MB(NULL, "a@x.example"), MB(NULL, "b@y.example"));
	CHECK(";a@x.example;;", MB(NULL, "a@x.example"));
	CHECK(", ,a@x.example, ,", MB(NULL, "a@x.example"));
	CHECK_EMPTY(",;, ;");
}

static void address_several_without_commas(void **state)
{
	CHECK("a@x.example b@y.example", MB(NULL, "a@x.example"), MB(NULL, "b@y.example"));
	CHECK("A <a@x.example> B <b@y.example>", MB("A", "a@x.example"), MB("B", "b@y.example"));
	CHECK("Ann a@x.example Bob b@y.example", MB("Ann", "a@x.example"),
	      MB("Bob", "b@y.example"));
}

static void address_address_as_display_name(void **state)
{
	CHECK("john@x.example <john@x.example>", MB("john@x.example", "john@x.example"));
	CHECK("[EXT] Bob <b@x.example>", MB("[EXT] Bob", "b@x.example"));
	format_is("john@x.example <john@x.example>", ADDR_FMT_WIRE,
		  "\"john@x.example\" <john@x.example>");
}

static void address_bare_word_is_local_mailbox(void **state)
{
	CHECK("MAILER-DAEMON", MB(NULL, "MAILER-DAEMON"));
	CHECK("root (Charlie Root)", MB("Charlie Root", "root"));
	CHECK("<postmaster>", MB(NULL, "postmaster"));
	format_is("root", ADDR_FMT_WIRE, "<root>");
	format_is("root", ADDR_FMT_DISPLAY, "root");
}

static void address_text_without_address_is_invalid(void **state)
{
	CHECK("John Doe", BAD("John Doe"));
	CHECK("\"John Doe\"", BAD("\"John Doe\""));
	CHECK("=?utf-8?q?J=C3=BCrgen?=", BAD("=?utf-8?q?J=C3=BCrgen?="));
	CHECK("(just a comment)", BAD("(just a comment)"));
	CHECK("a@x.example, not an address, b@y.example", MB(NULL, "a@x.example"),
	      BAD("not an address"), MB(NULL, "b@y.example"));
	CHECK("user@", BAD("user@"));
	CHECK("@host", BAD("@host"));
	CHECK("Name <a@b@c>", BAD("Name <a@b@c>"));
}

static void address_junk_after_address_kept(void **state)
{
	CHECK("<a@b.example> junk", MB(NULL, "a@b.example"), BAD("junk"));
	CHECK("user@host.example Real Name", MB(NULL, "user@host.example"), BAD("Real Name"));
}

static void address_invalid_raw_text_is_utf8(void **state)
{
	CHECK("J\xFCrgen M\xFCller", BAD("J\xC3\xBCrgen M\xC3\xBCller"));
}

static void address_docomo_dots_round_trip(void **state)
{
	CHECK("a..b.@docomo.ne.jp", MB(NULL, "a..b.@docomo.ne.jp"));
	format_is("a..b.@docomo.ne.jp", ADDR_FMT_WIRE, "\"a..b.\"@docomo.ne.jp");
}

/* ---- Adversarial input --------------------------------------------------------- */

static void address_empty_and_blank_input(void **state)
{
	CHECK_EMPTY("");
	CHECK_EMPTY("   \r\n\t ");
	struct addrlist l = { 0 };
	assert_int_equal(addrlist_parse("ignored", 0, &l), 0);
	assert_int_equal(l.n, 0);
	assert_null(addrlist_first(&l));
	assert_int_equal(addrlist_count(&l), 0);
}

static void address_nul_bytes_never_reach_strings(void **state)
{
	const char in[] =
		"J\0hn <a\0b@c.example>, \"x\0y\" <d@e.example>, =?utf-8?q?n=00l?= <f@g.example>";
	const struct want w[] = { BAD("J\xEF\xBF\xBDhn <a\xEF\xBF\xBD"
				      "b@c.example>"),
				  MB("x\xEF\xBF\xBDy", "d@e.example"),
				  MB("n\xEF\xBF\xBDl", "f@g.example") };
	check(in, sizeof(in) - 1, w, ARRAY_SIZE(w));
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parse a value built from `unit` repeated to about n bytes; fail if it takes too long. */
static struct addrlist parse_repeated(const char *prefix, const char *unit, const char *suffix,
				      size_t n)
{
	struct buf b = BUF_INIT;
	struct addrlist l = { 0 };

	buf_addstr(&b, prefix);
	while (b.len < n)
		buf_addstr(&b, unit);
	buf_addstr(&b, suffix);
	double t0 = seconds();
	addrlist_parse(b.data, b.len, &l);
	/* Linear work is a few milliseconds; quadratic would be minutes. Generous for sanitizers. */
	if (seconds() - t0 > 10.0)
		fail_msg("parsing %zu bytes of \"%s\" took %.1f s", b.len, unit, seconds() - t0);
	buf_release(&b);
	return l;
}

static void address_megabyte_values_are_linear(void **state)
{
	static const char *const units[] = {
		"a",   "a ",         "\"",    "\"\\", "(",  ")",       "<",    ">",
		"[",   "@",          ",",     ";",    ":",  ".",       "a@b ", "=?utf-8?q?",
		"x <", "\"a\" ",     "(a) ",  "<@a,", "a:", "\xC3",    "xn--", "\\",
		"A, ", "a.b@c.d e ", "\r\n ", "[a",   "@[", "=?a?q?=",
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		struct addrlist l = parse_repeated("", units[i], "", 1 << 20);
		for (size_t k = 0; k < l.n; k++)
			if (l.v[k].mailbox)
				assert_true(utf8_valid(l.v[k].mailbox, strlen(l.v[k].mailbox)));
		addrlist_release(&l);
	}
}

static void address_cap_keeps_rest_as_one_invalid(void **state)
{
	struct addrlist l = parse_repeated("", "user@example.com, ", "last@example.com", 0);
	addrlist_release(&l);
	l = parse_repeated("", "user@example.com, ", "last@example.com",
			   100000 * strlen("user@example.com, "));
	assert_int_equal(l.n, EMAIL_MAX_ADDRESSES + 1);
	assert_int_equal(addrlist_count(&l), EMAIL_MAX_ADDRESSES + 1);
	for (size_t i = 0; i < EMAIL_MAX_ADDRESSES; i++)
		assert_false(l.v[i].invalid);
	const struct address *rest = &l.v[EMAIL_MAX_ADDRESSES];
	assert_true(rest->invalid);
	assert_true(strncmp(rest->mailbox, "user@example.com, user@", 23) == 0);
	assert_non_null(strstr(rest->mailbox, ", last@example.com"));
	addrlist_release(&l);

	/* Without commas, and inside a group: the group still closes. */
	l = parse_repeated("G: ", "a@b ", ";", 100000 * 4);
	assert_int_equal(l.n, EMAIL_MAX_ADDRESSES + 2);
	assert_int_equal(l.v[0].kind, ADDR_GROUP_START);
	assert_true(l.v[l.n - 2].invalid);
	assert_int_equal(l.v[l.n - 1].kind, ADDR_GROUP_END);
	addrlist_release(&l);
}

static void address_deep_comment_nesting_uses_no_recursion(void **state)
{
	const size_t depth = 100000;
	struct buf b = BUF_INIT;
	struct addrlist l = { 0 };

	buf_addstr(&b, "a@b.example ");
	fill_buf(&b, '(', depth);
	buf_addch(&b, 'x');
	fill_buf(&b, ')', depth);
	addrlist_parse(b.data, b.len, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].mailbox, "a@b.example");
	assert_int_equal(strlen(l.v[0].comment), 2 * (depth - 1) + 1);
	addrlist_release(&l);

	/* Unbalanced: the parentheses are text, the address is still found. */
	buf_reset(&b);
	fill_buf(&b, '(', depth);
	buf_addstr(&b, " a@b.example");
	addrlist_parse(b.data, b.len, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].mailbox, "a@b.example");
	assert_int_equal(strlen(l.v[0].name), depth);
	addrlist_release(&l);
	buf_release(&b);
}

static void address_hundred_thousand_addresses(void **state)
{
	struct buf b = BUF_INIT;
	struct addrlist l = { 0 };

	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "%sUser %d <u%d@x.example>", i ? ", " : "", i, i);
	double t0 = seconds();
	assert_int_equal(addrlist_parse(b.data, b.len, &l), ERR_PARSE);
	assert_true(seconds() - t0 < 10.0);
	assert_string_equal(l.v[9999].name, "User 9999");
	assert_string_equal(l.v[9999].mailbox, "u9999@x.example");
	assert_true(l.v[EMAIL_MAX_ADDRESSES].invalid);
	assert_true(strncmp(l.v[EMAIL_MAX_ADDRESSES].mailbox, "User 10000 <u10000@", 19) == 0);
	addrlist_release(&l);
	buf_release(&b);
}

/* ---- IDNA ------------------------------------------------------------------- */

static void address_idn_alabel_stored_as_unicode(void **state)
{
	CHECK("user@xn--bcher-kva.example", MB(NULL, "user@b\xC3\xBC"
						     "cher.example"));
	CHECK("user@XN--BCHER-KVA.example", MB(NULL, "user@b\xC3\xBC"
						     "cher.example"));
	CHECK("user@xn--fa-hia.example", MB(NULL, "user@fa\xC3\x9F.example"));
}

static void address_idn_round_trip(void **state)
{
	format_is("user@b\xC3\xBC"
		  "cher.example",
		  ADDR_FMT_WIRE, "user@xn--bcher-kva.example");
	format_is("user@xn--bcher-kva.example", ADDR_FMT_WIRE, "user@xn--bcher-kva.example");
	format_is("user@xn--bcher-kva.example", ADDR_FMT_DISPLAY,
		  "user@b\xC3\xBC"
		  "cher.example");
	format_is("B\xC3\xBC"
		  "cher <info@B\xC3\x9C"
		  "CHER.example>",
		  ADDR_FMT_WIRE, "=?UTF-8?Q?B=C3=BCcher?= <info@xn--bcher-kva.example>");
	/* Non-transitional: sharp s stays. */
	format_is("user@fa\xC3\x9F.example", ADDR_FMT_WIRE, "user@xn--fa-hia.example");
}

static void address_idn_invalid_alabel_kept_as_written(void **state)
{
	CHECK("a@xn--zz.example, b@xn--.example, c@xn--a.example, d@xn--ls8h.example",
	      MB(NULL, "a@xn--zz.example"), MB(NULL, "b@xn--.example"), MB(NULL, "c@xn--a.example"),
	      MB(NULL, "d@xn--ls8h.example"));
}

static void address_idn_unicode_normalised(void **state)
{
	CHECK("a@B\xC3\x9C"
	      "CHER.example",
	      MB(NULL, "a@b\xC3\xBC"
		       "cher.example"));
	/* Fullwidth letters map to ASCII. */
	CHECK("a@\xEF\xBD\x85\xEF\xBD\x98.com", MB(NULL, "a@ex.com"));
}

static void address_idn_mapping_that_changes_meaning_refused(void **state)
{
	/* U+00A0 would become a space, U+FF20 an '@': keep what was written. */
	CHECK("a@x\xC2\xA0y.example", MB(NULL, "a@x\xC2\xA0y.example"));
	CHECK("a@ex\xEF\xBC\xA0mple", MB(NULL, "a@ex\xEF\xBC\xA0mple"));
	format_is("a@x\xC2\xA0y.example", ADDR_FMT_WIRE, "a@x\xC2\xA0y.example");
}

static void address_idn_local_part_never_converted(void **state)
{
	CHECK("xn--bcher-kva@example.com", MB(NULL, "xn--bcher-kva@example.com"));
	format_is("b\xC3\xBC"
		  "cher@example.com",
		  ADDR_FMT_WIRE,
		  "b\xC3\xBC"
		  "cher@example.com");
}

static void address_idn_long_label_not_converted(void **state)
{
	struct buf b = BUF_INIT;
	struct addrlist l = { 0 };

	buf_addstr(&b, "a@xn--");
	fill_buf(&b, 'z', 100000);
	addrlist_parse(b.data, b.len, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].mailbox, b.data);
	addrlist_release(&l);
	buf_release(&b);
}

/* ---- Formatting ----------------------------------------------------------------- */

static void address_format_wire_quotes_what_needs_it(void **state)
{
	struct address a = { ADDR_MAILBOX, NULL, "x@y.example", NULL, false };
	static const char *const cases[][2] = {
		{ "John Doe", "John Doe <x@y.example>" },
		{ "Doe, John", "\"Doe, John\" <x@y.example>" },
		{ " lead", "\" lead\" <x@y.example>" },
		{ "trail ", "\"trail \" <x@y.example>" },
		{ "two  spaces", "\"two  spaces\" <x@y.example>" },
		{ "q\"uo\\te", "\"q\\\"uo\\\\te\" <x@y.example>" },
		{ "a.b", "\"a.b\" <x@y.example>" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf b = BUF_INIT;
		a.name = (char *)cases[i][0];
		address_format(&a, ADDR_FMT_WIRE, &b);
		assert_buf_eq(&b, cases[i][1]);
		buf_release(&b);
	}
}

static void address_format_wire_encodes_non_ascii_and_lookalikes(void **state)
{
	format_is("\"J\xC3\xBCrgen\" <j@x.example>", ADDR_FMT_WIRE,
		  "=?UTF-8?Q?J=C3=BCrgen?= <j@x.example>");
	/* A name that spells an encoded word must not be decoded on the way back. */
	CHECK("=?utf-8?q?=3D=3Fa=3F=3D?= <x@y.example>", MB("=?a?=", "x@y.example"));
}

static void address_format_display(void **state)
{
	format_is("\"Doe, John\" <j@x.example>", ADDR_FMT_DISPLAY, "\"Doe, John\" <j@x.example>");
	format_is("John Q. Public <j@x.example>", ADDR_FMT_DISPLAY, "John Q. Public <j@x.example>");
	format_is("=?utf-8?q?J=C3=BCrgen?= <j@x.example>", ADDR_FMT_DISPLAY,
		  "J\xC3\xBCrgen <j@x.example>");
	format_is("Name <a@b.example> (work)", ADDR_FMT_DISPLAY, "Name <a@b.example> (work)");
	format_is("a@b.example (Name)", ADDR_FMT_DISPLAY, "Name <a@b.example>");
	format_is("\"evil@bank.example\" <x@y.example>", ADDR_FMT_DISPLAY,
		  "\"evil@bank.example\" <x@y.example>");
	format_is("\"john doe\"@x.example", ADDR_FMT_DISPLAY, "\"john doe\"@x.example");
	format_is("junk here", ADDR_FMT_DISPLAY, "junk here");
}

static void address_format_groups(void **state)
{
	format_is("Team : a@x.example , b@y.example ; c@z.example", ADDR_FMT_WIRE,
		  "Team: a@x.example, b@y.example;, c@z.example");
	format_is("undisclosed-recipients:;", ADDR_FMT_WIRE, "undisclosed-recipients:;");
	format_is("\"A.B\": a@x.example;", ADDR_FMT_DISPLAY, "A.B: a@x.example;");
}

static void address_format_wire_folds_long_lists(void **state)
{
	struct buf in = BUF_INIT, wire = BUF_INIT;
	struct addrlist l = { 0 };

	for (int i = 0; i < 50; i++)
		buf_printf(&in, "%sPerson Number %d <person.number.%d@example.com>", i ? ", " : "",
			   i, i);
	addrlist_parse(in.data, in.len, &l);
	buf_addstr(&wire, "To: ");
	addrlist_format(&l, ADDR_FMT_WIRE, &wire);
	for (const char *p = wire.data, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		assert_true(nl - p <= 79);
	}
	assert_non_null(strstr(wire.data, ">,\r\n Person Number"));
	round_trips(&l);
	addrlist_release(&l);
	buf_release(&in);
	buf_release(&wire);
}

static void address_format_appends(void **state)
{
	struct addrlist l = { 0 };
	struct buf b = BUF_INIT;

	buf_addstr(&b, "To: ");
	addrlist_parse("a@b.example", 11, &l);
	addrlist_format(&l, ADDR_FMT_WIRE, &b);
	assert_buf_eq(&b, "To: a@b.example");
	addrlist_release(&l);
	buf_release(&b);
}

/* Many forms through parse -> wire -> parse (check() does the round trip). */
static void address_round_trip_many_cases(void **state)
{
	static const char *const inputs[] = {
		"a@b.example",
		"John Doe <john@example.com>, jane@example.org",
		"\"Doe, John\" <j@x.example>",
		"\"a\\\"b\" <j@x.example>",
		"=?UTF-8?B?5bGx55Sw5aSq6YOO?= <yamada@example.jp>",
		"=?iso-8859-1?q?Andr=E9?= Pirard <p@x.example>",
		"=?utf-8?q?J=C3=BCrgen?=   Smith <j@x.example>",
		"\"J\xC3\xBCrgen   Smith\" <j@x.example>",
		"=?utf-8?q?caf=C3=A9,_inc.?= <c@x.example>",
		"=?utf-8?q?a=01b?= <ctl@x.example>",
		"=?utf-8?q?tab=09here?= <t@x.example>",
		"Team: a@x.example, b@y.example;",
		"undisclosed-recipients:;",
		"=?utf-8?q?=C3=89quipe?=: a@x.example;",
		": nameless@x.example;",
		"<@a,@b:user@host.example>",
		"\"john doe\"@example.com",
		"\"\"@example.com",
		"\"a@b\"@example.com",
		"x@[192.0.2.1], y@[IPv6:2001:db8::1]",
		"<>",
		"Real Name user@host.example",
		"Doe, John <j@x.example>",
		"John Q. Public <jqp@x.example>",
		"\"John Doe <j@x.example>",
		"((( b@c.example",
		"J\xFCrgen <j@x.example>",
		"J\xC3\xBCrgen <j\xC3\xBCrgen@b\xC3\xBC"
		"cher.example>",
		"user@xn--bcher-kva.example",
		"user@XN--BCHER-KVA.EXAMPLE",
		"a@xn--zz.example",
		"a@x\xC2\xA0y.example",
		"a..b@docomo.ne.jp",
		".a@x.example",
		"MAILER-DAEMON",
		"root (Charlie Root)",
		"<\"john doe\">",
		"<=?utf-8?q?x?=@y.example>",
		"=?utf-8?q?x?= <y@z.example>",
		"user@host.example (=?utf-8?q?R=C3=A9al?= Name)",
		"a (b) c <d@e.example> (f)",
		"john@x.example <john@x.example>",
		"[EXT] Bob <b@x.example>",
		"\"=?utf-8?q?not?=\" <n@x.example>",
		"\" spaced \" <s@x.example>",
		"\"back\\\\slash\" <b@x.example>",
		"=?utf-8?q?very_long_name_that_needs_more_than_one_encoded_word_=C3=A9=C3=A9=C3=A9="
		"C3=A9=C3=A9_and_still_going_on_and_on?= <long@x.example>",
		"a@x.example b@y.example",
		"A <a@x.example> B <b@y.example>",
		"<<a@b.example>>",
		"Name <user@host.example",
	};
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct addrlist l = { 0 };
		addrlist_parse(inputs[i], strlen(inputs[i]), &l);
		for (size_t k = 0; k < l.n; k++)
			if (l.v[k].invalid)
				fail_msg("\"%s\": entry %zu is invalid", inputs[i], k);
		round_trips(&l);
		addrlist_release(&l);
	}
}

/* ---- List helpers ----------------------------------------------------------- */

static void address_count_first_and_append(void **state)
{
	struct addrlist l = { 0 }, copy = { 0 };
	const char *in = "G: a@x.example, B <b@y.example>;, c@z.example";

	addrlist_parse(in, strlen(in), &l);
	assert_int_equal(l.n, 5);
	assert_int_equal(addrlist_count(&l), 3);
	assert_string_equal(addrlist_first(&l)->mailbox, "a@x.example");
	for (size_t i = 0; i < l.n; i++)
		addrlist_append(&copy, &l.v[i]);
	assert_int_equal(copy.n, l.n);
	assert_ptr_not_equal(copy.v[2].name, l.v[2].name);
	assert_string_equal(copy.v[2].name, "B");
	addrlist_release(&l);
	assert_string_equal(copy.v[2].mailbox, "b@y.example");
	addrlist_release(&copy);
	assert_int_equal(copy.n, 0);
}

static void address_parse_appends_to_list(void **state)
{
	struct addrlist l = { 0 };

	addrlist_parse("a@x.example", 11, &l);
	addrlist_parse("b@y.example", 11, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].mailbox, "b@y.example");
	addrlist_release(&l);
}

static void address_comment_after_group_is_not_an_entry(void **state)
{
	struct addrlist l = { 0 };
	const char *v = "Friends: joe@example.org; (the end of the group), x@y";

	(void)state;
	assert_int_equal(addrlist_parse(v, strlen(v), &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].kind, ADDR_GROUP_START);
	assert_string_equal(l.v[1].mailbox, "joe@example.org");
	assert_int_equal(l.v[2].kind, ADDR_GROUP_END);
	assert_string_equal(l.v[3].mailbox, "x@y");
	for (size_t k = 0; k < l.n; k++)
		assert_false(l.v[k].invalid);
	addrlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(address_addr_spec_alone),
		cmocka_unit_test(address_name_and_angle_addr),
		cmocka_unit_test(address_quoted_name_with_specials),
		cmocka_unit_test(address_encoded_word_name_decoded),
		cmocka_unit_test(address_trailing_comment_is_name),
		cmocka_unit_test(address_comment_beside_name_kept_apart),
		cmocka_unit_test(address_comment_nested_and_escaped),
		cmocka_unit_test(address_group_round_trips),
		cmocka_unit_test(address_group_empty_round_trips),
		cmocka_unit_test(address_group_unterminated_is_closed),
		cmocka_unit_test(address_group_inside_group_closes_first),
		cmocka_unit_test(address_route_is_dropped),
		cmocka_unit_test(address_quoted_local_part_round_trips),
		cmocka_unit_test(address_domain_literals),
		cmocka_unit_test(address_null_path),
		cmocka_unit_test(address_obsolete_spaces_around_dots),
		cmocka_unit_test(address_folded_value),
		cmocka_unit_test(address_missing_angle_brackets_with_name),
		cmocka_unit_test(address_unquoted_dots_in_name),
		cmocka_unit_test(address_unquoted_comma_in_name),
		cmocka_unit_test(address_missing_closing_bracket),
		cmocka_unit_test(address_doubled_and_stray_brackets),
		cmocka_unit_test(address_unbalanced_quote_kept_literally),
		cmocka_unit_test(address_unbalanced_parentheses_kept_literally),
		cmocka_unit_test(address_eight_bit_name_and_local_part),
		cmocka_unit_test(address_raw_iso2022jp_name),
		cmocka_unit_test(address_stray_semicolons_and_empty_entries),
		cmocka_unit_test(address_several_without_commas),
		cmocka_unit_test(address_address_as_display_name),
		cmocka_unit_test(address_bare_word_is_local_mailbox),
		cmocka_unit_test(address_text_without_address_is_invalid),
		cmocka_unit_test(address_junk_after_address_kept),
		cmocka_unit_test(address_invalid_raw_text_is_utf8),
		cmocka_unit_test(address_docomo_dots_round_trip),
		cmocka_unit_test(address_empty_and_blank_input),
		cmocka_unit_test(address_nul_bytes_never_reach_strings),
		cmocka_unit_test(address_megabyte_values_are_linear),
		cmocka_unit_test(address_cap_keeps_rest_as_one_invalid),
		cmocka_unit_test(address_deep_comment_nesting_uses_no_recursion),
		cmocka_unit_test(address_hundred_thousand_addresses),
		cmocka_unit_test(address_idn_alabel_stored_as_unicode),
		cmocka_unit_test(address_idn_round_trip),
		cmocka_unit_test(address_idn_invalid_alabel_kept_as_written),
		cmocka_unit_test(address_idn_unicode_normalised),
		cmocka_unit_test(address_idn_mapping_that_changes_meaning_refused),
		cmocka_unit_test(address_idn_local_part_never_converted),
		cmocka_unit_test(address_idn_long_label_not_converted),
		cmocka_unit_test(address_format_wire_quotes_what_needs_it),
		cmocka_unit_test(address_format_wire_encodes_non_ascii_and_lookalikes),
		cmocka_unit_test(address_format_display),
		cmocka_unit_test(address_format_groups),
		cmocka_unit_test(address_format_wire_folds_long_lists),
		cmocka_unit_test(address_format_appends),
		cmocka_unit_test(address_round_trip_many_cases),
		cmocka_unit_test(address_count_first_and_append),
		cmocka_unit_test(address_parse_appends_to_list),
		cmocka_unit_test(address_comment_after_group_is_not_an_entry),
	};
	return RUN_TESTS(tests);
}
