/* test_net_sasl.c - the SASL mechanisms, the choice among them, and token commands */
#include "net/sasl.h"
#include "tests/unit/unit.h"

/* Assert that b holds exactly the n bytes want (they may contain NULs). */
static void assert_bytes(const struct buf *b, const char *want, size_t n)
{
	if (b->len != n || memcmp(b->data, want, n) != 0)
		fail_msg("got %zu bytes \"%s\", want %zu bytes", b->len, b->data, n);
}

#define assert_lit(b, lit) assert_bytes((b), (lit), sizeof(lit) - 1)

static const struct sasl_creds tim = { .user = "tim", .pass = "tanstaaftanstaaf" };

/* ---- PLAIN ---------------------------------------------------------------- */

static void plain_without_authzid(void **state)
{
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "PLAIN", &tim, &ir, &err), 0);
	assert_lit(&ir, "\0tim\0tanstaaftanstaaf");
	assert_string_equal(sasl_mech(s), "PLAIN");
	sasl_free(&s);
	assert_null(s);
	buf_wipe(&ir);
	assert_int_equal(ir.len, 0);
}

static void plain_with_authzid(void **state)
{
	struct sasl_creds c = { .user = "tim", .authzid = "admin", .pass = "pw" };
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "plain", &c, &ir, &err), 0);
	assert_lit(&ir, "admin\0tim\0pw");
	sasl_free(&s);
	buf_release(&ir);
}

static void plain_challenge_after_initial_response_is_refused(void **state)
{
	struct buf ir = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "PLAIN", &tim, &ir, &err), 0);
	assert_int_equal(sasl_step(s, "", 0, &resp, &err), ERR_PROTO);
	assert_int_equal(resp.len, 0);
	assert_non_null(strstr(err.data, "unexpected challenge"));
	sasl_free(&s);
	buf_release(&ir);
	buf_release(&err);
}

/* Without SASL-IR the initial response answers the server's empty challenge. */
static void plain_without_initial_response_answers_first_challenge(void **state)
{
	struct buf resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "PLAIN", &tim, NULL, &err), 0);
	assert_int_equal(sasl_step(s, "junk", 4, &resp, &err), ERR_PROTO);
	buf_reset(&err);
	assert_int_equal(sasl_step(s, "", 0, &resp, &err), 0);
	assert_lit(&resp, "\0tim\0tanstaaftanstaaf");
	buf_reset(&resp);
	assert_int_equal(sasl_step(s, "", 0, &resp, &err), ERR_PROTO);
	sasl_free(&s);
	buf_wipe(&resp);
	buf_release(&err);
}

static void plain_needs_a_password(void **state)
{
	struct sasl_creds c = { .user = "tim" };
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s = (struct sasl *)&c;

	(void)state;
	assert_int_equal(sasl_start(&s, "PLAIN", &c, &ir, &err), ERR_INVAL);
	assert_null(s);
	assert_int_equal(ir.len, 0);
	assert_non_null(strstr(err.data, "password"));
	buf_release(&err);
}

/* ---- LOGIN ---------------------------------------------------------------- */

static void login_answers_user_then_password(void **state)
{
	struct buf ir = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "LOGIN", &tim, &ir, &err), 0);
	assert_int_equal(ir.len, 0); /* the server speaks first */
	assert_int_equal(sasl_step(s, "Username:", 9, &resp, &err), 0);
	assert_buf_eq(&resp, "tim");
	buf_reset(&resp);
	assert_int_equal(sasl_step(s, "Password:", 9, &resp, &err), 0);
	assert_buf_eq(&resp, "tanstaaftanstaaf");
	buf_reset(&resp);
	assert_int_equal(sasl_step(s, "More:", 5, &resp, &err), ERR_PROTO);
	assert_int_equal(resp.len, 0);
	sasl_free(&s);
	buf_wipe(&resp);
	buf_release(&err);
}

/* ---- CRAM-MD5 ------------------------------------------------------------- */

static void cram_md5_rfc2195_example(void **state)
{
	static const char ch[] =
		"<1896.697170952@postoffice.reston.mci.net>"; /* RFC 2195 section 2 */
	struct buf ir = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "CRAM-MD5", &tim, &ir, &err), 0);
	assert_int_equal(ir.len, 0);
	assert_int_equal(sasl_step(s, ch, sizeof(ch) - 1, &resp, &err), 0);
	assert_buf_eq(&resp, "tim b913a602c7eda7a495b4e6e7334d3890");
	buf_reset(&resp);
	assert_int_equal(sasl_step(s, ch, sizeof(ch) - 1, &resp, &err), ERR_PROTO);
	sasl_free(&s);
	buf_release(&resp);
	buf_release(&err);
}

static void cram_md5_refuses_empty_challenge(void **state)
{
	struct buf resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "cram-md5", &tim, NULL, &err), 0);
	assert_int_equal(sasl_step(s, "", 0, &resp, &err), ERR_PROTO);
	assert_int_equal(resp.len, 0);
	sasl_free(&s);
	buf_release(&err);
}

static void challenge_too_long_is_refused(void **state)
{
	struct buf ch = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	fill_buf(&ch, 'x', SASL_MAX_FIELD + 1);
	assert_int_equal(sasl_start(&s, "CRAM-MD5", &tim, NULL, &err), 0);
	assert_int_equal(sasl_step(s, ch.data, ch.len, &resp, &err), ERR_LIMIT);
	assert_int_equal(resp.len, 0);
	sasl_free(&s);
	buf_release(&ch);
	buf_release(&err);
}

/* ---- XOAUTH2 and OAUTHBEARER --------------------------------------------- */

static const struct sasl_creds oauth = {
	.user = "someuser@example.com",
	.token = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg",
	.host = "imap.example.com",
	.port = 993,
};

static void xoauth2_exact_bytes(void **state)
{
	struct buf ir = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "XOAUTH2", &oauth, &ir, &err), 0);
	assert_lit(&ir, "user=someuser@example.com\x01"
			"auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01");
	/* the error challenge is answered with an empty response */
	assert_null(sasl_server_error(s));
	assert_int_equal(sasl_step(s, "{\"status\":\"401\"}", 16, &resp, &err), 0);
	assert_int_equal(resp.len, 0);
	assert_string_equal(sasl_server_error(s), "{\"status\":\"401\"}");
	assert_int_equal(sasl_step(s, "x", 1, &resp, &err), ERR_PROTO);
	sasl_free(&s);
	buf_release(&ir);
	buf_release(&err);
}

static void oauthbearer_exact_bytes(void **state)
{
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "OAUTHBEARER", &oauth, &ir, &err), 0);
	assert_lit(&ir, "n,a=someuser@example.com,\x01"
			"host=imap.example.com\x01"
			"port=993\x01"
			"auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01");
	sasl_free(&s);
	buf_release(&ir);
}

/* The authzid wins over the user; ',' and '=' are escaped; no host or port. */
static void oauthbearer_authzid_escaped_no_host(void **state)
{
	struct sasl_creds c = { .user = "u", .authzid = "a,b=c", .token = "T0k" };
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "OAUTHBEARER", &c, &ir, &err), 0);
	assert_lit(&ir, "n,a=a=2Cb=3Dc,\x01"
			"auth=Bearer T0k\x01\x01");
	sasl_free(&s);
	buf_release(&ir);
}

/* RFC 7628 3.2.3: the client answers an error challenge with a lone 0x01. */
static void oauthbearer_error_challenge_gets_dummy_response(void **state)
{
	static const char json[] = "{\"status\":\"invalid_token\",\n\"scope\":\"x\"}\x07";
	struct buf ir = BUF_INIT, resp = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "OAUTHBEARER", &oauth, &ir, &err), 0);
	assert_int_equal(sasl_step(s, json, sizeof(json) - 1, &resp, &err), 0);
	assert_lit(&resp, "\x01");
	/* controls from the server are not passed on */
	assert_string_equal(sasl_server_error(s),
			    "{\"status\":\"invalid_token\", \"scope\":\"x\"} ");
	buf_reset(&resp);
	assert_int_equal(sasl_step(s, json, sizeof(json) - 1, &resp, &err), ERR_PROTO);
	sasl_free(&s);
	buf_release(&ir);
	buf_release(&resp);
	buf_release(&err);
}

static void oauth_token_with_space_or_control_refused(void **state)
{
	struct sasl_creds c = oauth;
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	c.token = "abc def";
	assert_int_equal(sasl_start(&s, "XOAUTH2", &c, &ir, &err), ERR_INVAL);
	c.token = "abc\x01";
	assert_int_equal(sasl_start(&s, "OAUTHBEARER", &c, &ir, &err), ERR_INVAL);
	c.token = NULL;
	assert_int_equal(sasl_start(&s, "OAUTHBEARER", &c, &ir, &err), ERR_INVAL);
	c.token = "ok";
	c.user = "a\x01"
		 "b";
	assert_int_equal(sasl_start(&s, "XOAUTH2", &c, &ir, &err), ERR_INVAL);
	assert_null(s);
	assert_int_equal(ir.len, 0);
	buf_release(&err);
}

static void unknown_mechanism(void **state)
{
	struct buf ir = BUF_INIT, err = BUF_INIT;
	struct sasl *s;

	(void)state;
	assert_int_equal(sasl_start(&s, "DIGEST-MD5", &tim, &ir, &err), ERR_UNSUPPORTED);
	assert_null(s);
	assert_non_null(strstr(err.data, "DIGEST-MD5"));
	assert_false(sasl_known("GSSAPI"));
	assert_true(sasl_known("xoauth2"));
	buf_release(&err);
}

/* ---- sasl_choose ---------------------------------------------------------- */

/* The server's mechanisms, space-separated, as the ctx. */
static bool offers(void *ctx, const char *mech)
{
	const char *list = ctx;
	size_t n = strlen(mech);

	for (const char *p = list; (p = strstr(p, mech)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void choose_default_order(void **state)
{
	char all[] = "CRAM-MD5 LOGIN PLAIN XOAUTH2 OAUTHBEARER";
	char no_ob[] = "CRAM-MD5 PLAIN XOAUTH2";
	char cram[] = "CRAM-MD5 LOGIN";
	char none[] = "GSSAPI";

	(void)state;
	assert_string_equal(sasl_choose(NULL, offers, all, SASL_TLS | SASL_HAVE_TOKEN),
			    "OAUTHBEARER");
	assert_string_equal(sasl_choose("", offers, no_ob, SASL_TLS | SASL_HAVE_TOKEN), "XOAUTH2");
	assert_string_equal(sasl_choose(NULL, offers, all, SASL_TLS), "PLAIN");
	assert_string_equal(sasl_choose(NULL, offers, cram, SASL_TLS), "LOGIN");
	assert_null(sasl_choose(NULL, offers, none, SASL_TLS | SASL_HAVE_TOKEN));
}

static void choose_without_tls(void **state)
{
	char all[] = "PLAIN LOGIN CRAM-MD5 OAUTHBEARER";
	char plain[] = "PLAIN LOGIN OAUTHBEARER";

	(void)state;
	assert_string_equal(sasl_choose(NULL, offers, all, SASL_HAVE_TOKEN), "CRAM-MD5");
	assert_null(sasl_choose(NULL, offers, plain, SASL_HAVE_TOKEN));
	/* with the user's permission, still CRAM-MD5 first */
	assert_string_equal(sasl_choose(NULL, offers, all, SASL_ALLOW_PLAIN), "CRAM-MD5");
	assert_string_equal(sasl_choose(NULL, offers, plain, SASL_ALLOW_PLAIN | SASL_HAVE_TOKEN),
			    "OAUTHBEARER");
	/* even a user's list does not send a password in clear */
	assert_null(sasl_choose("plain:login", offers, all, 0));
}

static void choose_follows_users_list(void **state)
{
	char all[] = "PLAIN LOGIN CRAM-MD5 XOAUTH2";

	(void)state;
	assert_string_equal(sasl_choose("cram-md5:plain", offers, all, SASL_TLS), "CRAM-MD5");
	/* unknown and unoffered names are skipped; spaces around names ignored */
	assert_string_equal(
		sasl_choose("gssapi: oauthbearer :login", offers, all, SASL_TLS | SASL_HAVE_TOKEN),
		"LOGIN");
	/* no token: XOAUTH2 cannot be used even when asked for */
	assert_string_equal(sasl_choose("xoauth2:plain", offers, all, SASL_TLS), "PLAIN");
	assert_null(sasl_choose("xoauth2", offers, all, SASL_TLS));
	assert_null(sasl_choose("::", offers, all, SASL_TLS));
}

/* ---- sasl_run_command ----------------------------------------------------- */

static void run_command_first_line(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(sasl_run_command("printf 'tok en\\r\\nsecond\\n'", &out, &err), 0);
	assert_buf_eq(&out, "tok en");
	buf_wipe(&out);
	/* no final newline; the command is one argument to sh -c */
	assert_int_equal(sasl_run_command("x='a;b'; printf %s \"$x\"", &out, &err), 0);
	assert_buf_eq(&out, "a;b");
	buf_wipe(&out);
	assert_int_equal(err.len, 0);
}

static void run_command_failure_reports_status_and_stderr(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(
		sasl_run_command("echo tok$((40+2)); echo 'no key' >&2; exit 3", &out, &err),
		ERR_AUTH);
	assert_int_equal(out.len, 0);
	assert_non_null(strstr(err.data, "exit status 3"));
	assert_non_null(strstr(err.data, "no key"));
	assert_null(strstr(err.data, "tok42")); /* the output is never shown */
	buf_reset(&err);
	assert_int_equal(sasl_run_command("kill -TERM $$", &out, &err), ERR_AUTH);
	assert_non_null(strstr(err.data, "signal"));
	buf_reset(&err);
	assert_int_equal(sasl_run_command("true", &out, &err), ERR_INVAL);
	buf_reset(&err);
	assert_int_equal(sasl_run_command("", &out, &err), ERR_INVAL);
	buf_release(&err);
}

static void run_command_huge_output_capped(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(sasl_run_command("head -c 1000000 /dev/zero | tr '\\0' x", &out, &err),
			 ERR_LIMIT);
	assert_int_equal(out.len, 0);
	buf_reset(&err);
	/* an endless writer: the first line is taken, SIGPIPE ends it */
	assert_int_equal(sasl_run_command("yes tok", &out, &err), 0);
	assert_buf_eq(&out, "tok");
	buf_wipe(&out);
	/* an endless stderr does not hold us up either */
	assert_int_equal(sasl_run_command("echo t; yes err >&2", &out, &err), 0);
	assert_buf_eq(&out, "t");
	buf_wipe(&out);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_without_authzid),
		cmocka_unit_test(plain_with_authzid),
		cmocka_unit_test(plain_challenge_after_initial_response_is_refused),
		cmocka_unit_test(plain_without_initial_response_answers_first_challenge),
		cmocka_unit_test(plain_needs_a_password),
		cmocka_unit_test(login_answers_user_then_password),
		cmocka_unit_test(cram_md5_rfc2195_example),
		cmocka_unit_test(cram_md5_refuses_empty_challenge),
		cmocka_unit_test(challenge_too_long_is_refused),
		cmocka_unit_test(xoauth2_exact_bytes),
		cmocka_unit_test(oauthbearer_exact_bytes),
		cmocka_unit_test(oauthbearer_authzid_escaped_no_host),
		cmocka_unit_test(oauthbearer_error_challenge_gets_dummy_response),
		cmocka_unit_test(oauth_token_with_space_or_control_refused),
		cmocka_unit_test(unknown_mechanism),
		cmocka_unit_test(choose_default_order),
		cmocka_unit_test(choose_without_tls),
		cmocka_unit_test(choose_follows_users_list),
		cmocka_unit_test(run_command_first_line),
		cmocka_unit_test(run_command_failure_reports_status_and_stderr),
		cmocka_unit_test(run_command_huge_output_capped),
	};
	return RUN_TESTS(tests);
}
