/*
 * session.c - opening an IMAP session: connect, TLS (implicit, or STARTTLS
 * with no way back to plaintext when TLS is required), the greeting, the
 * capabilities, then login (session_auth.c), then the extensions that take
 * effect for the whole session (COMPRESS=DEFLATE, ID, UTF8=ACCEPT); and
 * closing it.
 */
#include "config/config.h"
#include "imap/session_int.h"

static const char *const cap_names[IMAP_CAP_COUNT_] = {
	[IMAP_CAP_IMAP4REV1] = "IMAP4REV1",
	[IMAP_CAP_IMAP4REV2] = "IMAP4REV2",
	[IMAP_CAP_STARTTLS] = "STARTTLS",
	[IMAP_CAP_LOGINDISABLED] = "LOGINDISABLED",
	[IMAP_CAP_SASL_IR] = "SASL-IR",
	[IMAP_CAP_IDLE] = "IDLE",
	[IMAP_CAP_UIDPLUS] = "UIDPLUS",
	[IMAP_CAP_MOVE] = "MOVE",
	[IMAP_CAP_CONDSTORE] = "CONDSTORE",
	[IMAP_CAP_QRESYNC] = "QRESYNC",
	[IMAP_CAP_ENABLE] = "ENABLE",
	[IMAP_CAP_LITERAL_PLUS] = "LITERAL+",
	[IMAP_CAP_LITERAL_MINUS] = "LITERAL-",
	[IMAP_CAP_COMPRESS_DEFLATE] = "COMPRESS=DEFLATE",
	[IMAP_CAP_SPECIAL_USE] = "SPECIAL-USE",
	[IMAP_CAP_UTF8_ACCEPT] = "UTF8=ACCEPT",
	[IMAP_CAP_ID] = "ID",
	[IMAP_CAP_ESEARCH] = "ESEARCH",
};

void session_take_caps(struct imap_session *s, const struct imap_strs *caps)
{
	memset(s->caps, 0, sizeof(s->caps));
	strlist_release(&s->auth);
	for (size_t i = 0; i < caps->n; i++) {
		const char *c = caps->v[i];
		if (ascii_strncasecmp(c, "AUTH=", 5) == 0) {
			struct buf m = BUF_INIT;
			for (const char *p = c + 5; *p; p++)
				buf_addch(&m, (char)ascii_toupper((unsigned char)*p));
			strlist_add(&s->auth, m.data);
			buf_release(&m);
			continue;
		}
		for (int k = 0; k < IMAP_CAP_COUNT_; k++)
			if (ascii_strcasecmp(c, cap_names[k]) == 0)
				s->caps[k] = true;
	}
	s->have_caps = true;
}

int session_caps(struct imap_session *s, struct buf *err)
{
	return s->have_caps ? 0 : imap_run_text(s, "CAPABILITY", NULL, err);
}

bool imap_has(const struct imap_session *s, enum imap_cap c)
{
	return s->caps[c];
}

unsigned imap_str_flags(const struct imap_session *s)
{
	return (s->caps[IMAP_CAP_LITERAL_PLUS] ? IMAP_STR_LITERAL_PLUS : 0) |
	       (s->caps[IMAP_CAP_LITERAL_MINUS] ? IMAP_STR_LITERAL_MINUS : 0) |
	       (s->utf8 ? IMAP_STR_UTF8 : 0);
}

bool imap_is_tls(const struct imap_session *s)
{
	return conn_is_tls(s->conn);
}

/* The greeting: OK (log in next), PREAUTH (logged in already) or BYE. */
static int greeting(struct imap_session *s, struct buf *err)
{
	int rc = session_read(s, err);
	const struct imap_resp *r = &s->resp;

	if (rc != 0)
		return rc;
	if (r->kind != IMAP_RESP_UNTAGGED ||
	    (r->status != IMAP_ST_OK && r->status != IMAP_ST_PREAUTH && r->status != IMAP_ST_BYE)) {
		buf_addstr(err, _("the server did not greet as an IMAP server does"));
		return ERR_PROTO;
	}
	if (r->status == IMAP_ST_BYE) {
		buf_addstr(err, _("the server refused the connection: "));
		utf8_sanitize(r->text ? r->text : "", r->text ? strlen(r->text) : 0, err);
		return ERR_CLOSED;
	}
	s->preauth = r->status == IMAP_ST_PREAUTH;
	if (r->code.code == IMAP_CODE_CAPABILITY)
		session_take_caps(s, &r->code.caps);
	return 0;
}

/*
 * Before TLS: STARTTLS when offered and wanted; with TLS required, a server
 * without it, a refused STARTTLS or a PREAUTH greeting (which skips the
 * chance to start TLS) ends the session.
 */
static int secure(struct imap_session *s, const struct imap_login *l, struct buf *err)
{
	int rc;

	if (conn_is_tls(s->conn))
		return 0;
	if (s->preauth) {
		if (!l->force_tls)
			return 0;
		buf_addstr(err, _("the server logged us in before TLS (PREAUTH on an unencrypted "
				  "connection), and $ssl_force_tls requires TLS"));
		return ERR_TLS;
	}
	if ((rc = session_caps(s, err)) != 0)
		return rc;
	if (!s->caps[IMAP_CAP_STARTTLS] || !(l->starttls || l->force_tls)) {
		if (!l->force_tls)
			return 0;
		buf_addstr(
			err,
			_("the server does not offer STARTTLS, and $ssl_force_tls requires TLS"));
		return ERR_TLS;
	}
	if ((rc = imap_run_text(s, "STARTTLS", NULL, err)) != 0) {
		if (rc == ERR_PROTO) {
			struct buf why = BUF_INIT;
			buf_printf(&why, _("STARTTLS failed: %s"), err->data);
			buf_reset(err);
			buf_addbuf(err, &why);
			buf_release(&why);
			rc = ERR_TLS;
		}
		return rc;
	}
	/* conn_start_tls drops what came in plaintext after the OK. */
	if ((rc = conn_start_tls(s->conn, err)) != 0)
		return rc;
	s->have_caps = false; /* what was said in plaintext is forgotten (RFC 3501 6.2.1) */
	return 0;
}

/* ---- Extensions after login ---------------------------------------------------- */

/* A NO or BAD to an optional command: go on without it. */
static int optional(int rc, struct buf *err, const char *what)
{
	if (rc != ERR_PROTO)
		return rc;
	log_msg(LOG_DEBUG, "imap: %s refused: %s", what, err->data);
	buf_reset(err);
	return 0;
}

/*
 * COMPRESS=DEFLATE (RFC 4978) after login, so that the login itself is
 * never compressed, and after TLS (TLS compression is never on: conn_tls.c).
 */
static int compress(struct imap_session *s, const struct imap_login *l, struct buf *err)
{
	int rc;

	if (!l->conn.compress || !s->caps[IMAP_CAP_COMPRESS_DEFLATE] || conn_is_compressed(s->conn))
		return 0;
	rc = imap_run_text(s, "COMPRESS DEFLATE", NULL, err);
	if (rc == 0)
		return conn_start_deflate(s->conn, err);
	return optional(rc, err, "COMPRESS DEFLATE");
}

/* The server's ID answer, for the debug log only: it is the server's to choose. */
static void log_server_id(void *ctx, const struct imap_resp *r)
{
	struct buf line = BUF_INIT;

	(void)ctx;
	if (r->data != IMAP_DATA_ID)
		return;
	for (size_t i = 0; i < r->nid; i++) {
		const struct imap_str *n = &r->id[i].name, *v = &r->id[i].value;
		buf_addstr(&line, i ? ", " : "");
		utf8_sanitize(n->s ? n->s : "", n->s ? n->len : 0, &line);
		buf_addch(&line, '=');
		utf8_sanitize(v->s ? v->s : "NIL", v->s ? v->len : 3, &line);
	}
	log_msg(LOG_DEBUG, "imap: server ID: %s", r->nid ? line.data : "NIL");
	buf_release(&line);
}

/* ID (RFC 2971): only the client's name and version, nothing about the system. */
static int send_id(struct imap_session *s, const struct imap_login *l, struct buf *err)
{
	struct buf cmd = BUF_INIT;
	int rc;

	if (!l->conn.send_id || !s->caps[IMAP_CAP_ID])
		return 0;
	buf_printf(&cmd, "ID (\"name\" \"tern\" \"version\" \"%s\")", PACKAGE_VERSION);
	imap_set_untagged(s, log_server_id, NULL);
	rc = imap_run_text(s, cmd.data, NULL, err);
	imap_set_untagged(s, NULL, NULL);
	buf_release(&cmd);
	return optional(rc, err, "ID");
}

static void take_enabled(void *ctx, const struct imap_resp *r)
{
	struct imap_session *s = ctx;

	if (r->data != IMAP_DATA_ENABLED)
		return;
	for (size_t i = 0; i < r->caps.n; i++)
		if (ascii_strcasecmp(r->caps.v[i], "UTF8=ACCEPT") == 0)
			s->utf8 = true;
}

/*
 * ENABLE UTF8=ACCEPT (RFC 6855): mailbox names then travel as UTF-8 instead
 * of modified UTF-7 (imap_str_flags gives IMAP_STR_UTF8). Only the
 * server's ENABLED response turns it on: an OK alone enables nothing.
 */
static int enable_utf8(struct imap_session *s, struct buf *err)
{
	int rc;

	if (!s->caps[IMAP_CAP_UTF8_ACCEPT] || !s->caps[IMAP_CAP_ENABLE])
		return 0;
	imap_set_untagged(s, take_enabled, s);
	rc = imap_run_text(s, "ENABLE UTF8=ACCEPT", NULL, err);
	imap_set_untagged(s, NULL, NULL);
	if (rc != 0)
		s->utf8 = false;
	return optional(rc, err, "ENABLE UTF8=ACCEPT");
}

static void session_free(struct imap_session *s)
{
	conn_free(&s->conn);
	imap_resp_release(&s->resp);
	strlist_release(&s->auth);
	free(s);
}

int imap_session_open(const struct imap_login *l, struct imap_session **out, struct buf *err)
{
	struct imap_session *s = xcalloc(1, sizeof(*s));
	int rc;

	imap_limits_default(&s->lim);
	rc = conn_open(&l->conn, &s->conn, err);
	if (rc == 0 && l->tls_at_once)
		rc = conn_start_tls(s->conn, err);
	if (rc == 0)
		rc = greeting(s, err);
	if (rc == 0)
		rc = secure(s, l, err);
	if (rc == 0 && !s->preauth)
		rc = session_login(s, l, err);
	if (rc == 0)
		rc = session_caps(s, err);
	if (rc == 0)
		rc = compress(s, l, err);
	if (rc == 0)
		rc = send_id(s, l, err);
	if (rc == 0)
		rc = enable_utf8(s, err);
	if (rc != 0) {
		session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void imap_session_close(struct imap_session **sp)
{
	struct imap_session *s = *sp;
	struct buf err = BUF_INIT;

	if (!s)
		return;
	if (s->conn)
		imap_run_text(s, "LOGOUT", NULL, &err); /* best effort: the answer is BYE and OK */
	buf_release(&err);
	session_free(s);
	*sp = NULL;
}

void imap_login_from_config(struct imap_login *l, const struct config *cfg)
{
	memset(l, 0, sizeof(*l));
	conn_opts_init(&l->conn);
	conn_opts_from_config(&l->conn, cfg);
	l->user = cfg_str(cfg, V_imap_user);
	l->pass = cfg_str(cfg, V_imap_pass);
	l->mechs = cfg_str(cfg, V_imap_authenticators);
	l->oauth_cmd = cfg_str(cfg, V_imap_oauth_refresh_command);
	l->force_tls = cfg_bool(cfg, V_ssl_force_tls);
	l->starttls = cfg_quad(cfg, V_ssl_starttls) != QUAD_NO;
	l->allow_plain_secret = !l->force_tls && !l->starttls;
	l->conn.compress = cfg_bool(cfg, V_imap_deflate);
	l->conn.send_id = cfg_bool(cfg, V_imap_send_id);
}

void imap_login_for_url(struct imap_login *l, const struct config *cfg, const struct imap_url *u,
			char port[16])
{
	imap_login_from_config(l, cfg);
	snprintf(port, 16, "%u", u->port);
	l->conn.host = u->host;
	l->conn.port = port;
	l->tls_at_once = u->tls;
	if (u->user && *u->user)
		l->user = u->user;
	if (u->pass && *u->pass)
		l->pass = u->pass;
}
