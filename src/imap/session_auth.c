/*
 * session_auth.c - logging in: a SASL mechanism chosen from what the server
 * offers and $imap_authenticators (src/net/sasl), or the LOGIN command;
 * never a secret over an unencrypted link unless the user allows it. The
 * password comes from $imap_pass or is asked for; OAuth tokens come from
 * $imap_oauth_refresh_command. Every buffer that held a secret is wiped.
 */
#include "email/email.h"
#include "imap/session_int.h"
#include "net/sasl.h"

static bool server_has(void *ctx, const char *mech)
{
	const struct imap_session *s = ctx;

	for (size_t i = 0; i < s->auth.n; i++)
		if (ascii_strcasecmp(s->auth.v[i], mech) == 0)
			return true;
	return false;
}

static void cmd_wipe(struct imap_cmd *c)
{
	for (size_t i = 0; i < c->n; i++)
		buf_wipe(&c->seg[i]);
	imap_cmd_release(c);
}

static bool is_oauth(const char *mech)
{
	return ascii_strcasecmp(mech, "XOAUTH2") == 0 || ascii_strcasecmp(mech, "OAUTHBEARER") == 0;
}

/* Send one SASL response line (base64; "" as an empty line) and flush. */
static int send_b64(struct imap_session *s, const struct buf *raw, struct buf *err)
{
	struct buf line = BUF_INIT;
	int rc;

	base64_encode(raw->data, raw->len, 0, &line);
	buf_addstr(&line, "\r\n");
	rc = conn_write(s->conn, line.data, line.len, err);
	if (rc == 0)
		rc = conn_flush(s->conn, err);
	buf_wipe(&line);
	return rc;
}

/* The server's challenge, decoded; a broken one is a protocol error. */
static int challenge(const struct imap_resp *r, struct buf *out, struct buf *err)
{
	const char *t = r->text ? r->text : "";

	if (mime_decode(ENC_BASE64, t, strlen(t), out) != 0) {
		buf_addstr(err, _("the server sent a broken authentication challenge"));
		return ERR_PROTO;
	}
	return 0;
}

/* The exchange after "AUTHENTICATE mech": challenges answered until the tagged result. */
static int exchange(struct imap_session *s, struct sasl *sasl, const char *tag, struct buf *err)
{
	struct buf chal = BUF_INIT, resp = BUF_INIT;
	int rc = 0;

	for (;;) {
		if ((rc = session_read(s, err)) != 0)
			break;
		if (s->resp.kind != IMAP_RESP_CONTINUATION) {
			/* the result: handled as any command's */
			rc = ERR_AGAIN;
			break;
		}
		buf_reset(&resp);
		buf_reset(&chal);
		rc = challenge(&s->resp, &chal, err);
		if (rc == 0 && sasl_step(sasl, chal.data, chal.len, &resp, err) != 0) {
			/* cancel the exchange; the server answers with its NO */
			rc = conn_write_str(s->conn, "*\r\n", err);
			if (rc == 0)
				rc = conn_flush(s->conn, err);
		} else if (rc == 0) {
			rc = send_b64(s, &resp, err);
		}
		if (rc != 0)
			break;
	}
	buf_wipe(&resp);
	buf_wipe(&chal);
	if (rc != ERR_AGAIN)
		return rc;
	/* the tagged (or untagged) response just read is the result */
	return session_wait_current(s, tag, NULL, err);
}

static int authenticate(struct imap_session *s, const char *mech, const struct sasl_creds *c,
			struct buf *err)
{
	struct sasl *sasl = NULL;
	struct buf initial = BUF_INIT, tag = BUF_INIT, line = BUF_INIT;
	/* Without SASL-IR the mechanism answers the first, empty challenge itself. */
	bool ir = s->caps[IMAP_CAP_SASL_IR];
	int rc = sasl_start(&sasl, mech, c, ir ? &initial : NULL, err);

	if (rc != 0)
		return rc;
	session_tag(s, &tag);
	buf_printf(&line, "%s AUTHENTICATE %s", tag.data, mech);
	if (initial.len) { /* RFC 4959; a mechanism's initial response is never empty */
		buf_addch(&line, ' ');
		base64_encode(initial.data, initial.len, 0, &line);
	}
	buf_addstr(&line, "\r\n");
	rc = conn_write(s->conn, line.data, line.len, err);
	if (rc == 0)
		rc = conn_flush(s->conn, err);
	if (rc == 0)
		rc = exchange(s, sasl, tag.data, err);
	buf_wipe(&line);
	buf_wipe(&initial);
	buf_release(&tag);
	sasl_free(&sasl);
	return rc;
}

/* The LOGIN command, for servers without a usable SASL mechanism. */
static int login_command(struct imap_session *s, const char *user, const char *pass,
			 struct buf *err)
{
	struct imap_cmd cmd;
	unsigned f = imap_str_flags(s);
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "LOGIN ");
	rc = imap_cmd_add_astring(&cmd, user, strlen(user), f);
	imap_cmd_add(&cmd, " ");
	if (rc == 0)
		rc = imap_cmd_add_astring(&cmd, pass, strlen(pass), f);
	imap_cmd_finish(&cmd);
	if (rc == 0)
		rc = imap_run(s, &cmd, NULL, err);
	else
		buf_addstr(err, _("the user name or password cannot be sent in IMAP (a NUL byte)"));
	cmd_wipe(&cmd);
	return rc;
}

/* The password: $imap_pass, or asked for. */
static int get_pass(const struct imap_login *l, struct buf *pass, struct buf *err)
{
	struct buf prompt = BUF_INIT;
	int rc;

	if (l->pass && *l->pass) {
		buf_addstr(pass, l->pass);
		return 0;
	}
	if (!l->ask_pass) {
		buf_addstr(err, _("no password ($imap_pass) and no way to ask for one"));
		return ERR_AUTH;
	}
	buf_printf(&prompt, _("Password for %s@%s: "), l->user, l->conn.host);
	rc = l->ask_pass(l->ask_ctx, prompt.data, pass, err);
	buf_release(&prompt);
	return rc;
}

int session_login(struct imap_session *s, const struct imap_login *l, struct buf *err)
{
	bool tls = conn_is_tls(s->conn);
	unsigned flags = (tls ? SASL_TLS : 0) |
			 (l->oauth_cmd && *l->oauth_cmd ? SASL_HAVE_TOKEN : 0) |
			 (l->allow_plain_secret ? SASL_ALLOW_PLAIN : 0);
	struct buf secret = BUF_INIT;
	const char *mech;
	int rc;

	if ((rc = session_caps(s, err)) != 0)
		return rc;
	if (!l->user || !*l->user) {
		buf_addstr(err, _("no user name: set $imap_user or put it in the URL"));
		return ERR_AUTH;
	}
	mech = sasl_choose(l->mechs, server_has, s, flags);
	if (!mech && (s->caps[IMAP_CAP_LOGINDISABLED] || (!tls && !l->allow_plain_secret))) {
		buf_addstr(
			err,
			tls ? _("the server offers no way to log in that tern can use")
			    : _("refusing to send the password over an unencrypted "
				"connection (set $ssl_force_tls and $ssl_starttls to no to allow it)"));
		return ERR_AUTH;
	}
	if (mech && is_oauth(mech))
		rc = sasl_run_command(l->oauth_cmd, &secret, err);
	else
		rc = get_pass(l, &secret, err);
	if (rc == 0) {
		struct sasl_creds c = { .user = l->user,
					.pass = secret.data,
					.token = secret.data,
					.host = l->conn.host };
		s->have_caps = false; /* capabilities may change with the login */
		rc = mech ? authenticate(s, mech, &c, err)
			  : login_command(s, l->user, secret.data, err);
		if (rc == ERR_PROTO)
			rc = ERR_AUTH; /* NO to a login: refused */
	}
	buf_wipe(&secret);
	return rc;
}
