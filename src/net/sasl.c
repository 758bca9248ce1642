/*
 * sasl.c - the SASL client mechanisms: PLAIN (RFC 4616), LOGIN
 * (draft-murchison-sasl-login), CRAM-MD5 (RFC 2195), XOAUTH2 (Google's
 * format) and OAUTHBEARER (RFC 7628).
 *
 * Each mechanism is a start function (check the credentials, build the
 * initial response of a client-first mechanism, keep what later steps need)
 * and a step function (one challenge in, one response out). Everything that
 * held a secret is wiped before it is freed.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/core.h"
#include "net/sasl.h"

/* How much of an OAuth server's error challenge is kept for the user. */
#define SERVER_ERROR_MAX 512

struct sasl;

struct mech {
	const char *name;
	int (*start)(struct sasl *s, const struct sasl_creds *c, struct buf *ir, struct buf *err);
	int (*step)(struct sasl *s, const char *ch, size_t len, struct buf *resp, struct buf *err);
};

struct sasl {
	const struct mech *mech;
	unsigned steps;  /* challenges answered so far */
	bool ir_pending; /* the initial response waits for the first challenge */
	struct buf ir;   /* that initial response, while it waits */
	struct buf user; /* LOGIN, CRAM-MD5 */
	struct buf pass; /* LOGIN, CRAM-MD5: the password */
	struct buf oauth_error;
};

static bool has_byte(const char *s, int c)
{
	return s && strchr(s, c) != NULL;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* Check that a credential is present (when required) and not absurdly long. */
static int need(const char *v, const char *what, bool required, struct buf *err)
{
	if (required && empty(v)) {
		buf_printf(err, _("no %s to authenticate with"), what);
		return ERR_INVAL;
	}
	if (v && strlen(v) > SASL_MAX_FIELD) {
		buf_printf(err, _("the %s is too long"), what);
		return ERR_INVAL;
	}
	return 0;
}

/* A bearer token travels inside a key=value list: no spaces, controls or 8-bit. */
static int check_token(const char *tok, struct buf *err)
{
	int rc = need(tok, _("OAuth token"), true, err);

	if (rc)
		return rc;
	for (const unsigned char *p = (const unsigned char *)tok; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f) {
			buf_addstr(err, _("the OAuth token contains spaces or control characters"));
			return ERR_INVAL;
		}
	}
	return 0;
}

/* The identity the OAuth mechanisms name: the authzid when set, else the user. */
static const char *oauth_identity(const struct sasl_creds *c)
{
	return empty(c->authzid) ? c->user : c->authzid;
}

/* ---- PLAIN ---------------------------------------------------------------- */

static int plain_start(struct sasl *s, const struct sasl_creds *c, struct buf *ir, struct buf *err)
{
	int rc;

	(void)s;
	if ((rc = need(c->user, _("user name"), true, err)) ||
	    (rc = need(c->pass, _("password"), true, err)) ||
	    (rc = need(c->authzid, _("authorization identity"), false, err)))
		return rc;
	/* message = [authzid] NUL authcid NUL passwd */
	if (c->authzid)
		buf_addstr(ir, c->authzid);
	buf_addch(ir, '\0');
	buf_addstr(ir, c->user);
	buf_addch(ir, '\0');
	buf_addstr(ir, c->pass);
	return 0;
}

/* Client-first mechanisms have nothing to say after their initial response. */
static int no_more(struct sasl *s, const char *ch, size_t len, struct buf *resp, struct buf *err)
{
	(void)ch;
	(void)len;
	(void)resp;
	buf_printf(err, _("%s: unexpected challenge from the server"), s->mech->name);
	return ERR_PROTO;
}

/* ---- LOGIN ---------------------------------------------------------------- */

static int keep_user_pass(struct sasl *s, const struct sasl_creds *c, struct buf *err)
{
	int rc;

	if ((rc = need(c->user, _("user name"), true, err)) ||
	    (rc = need(c->pass, _("password"), true, err)))
		return rc;
	/* sized once, so that no realloc leaves a copy of the password behind */
	buf_init(&s->user, strlen(c->user) + 1);
	buf_addstr(&s->user, c->user);
	buf_init(&s->pass, strlen(c->pass) + 1);
	buf_addstr(&s->pass, c->pass);
	return 0;
}

static int login_start(struct sasl *s, const struct sasl_creds *c, struct buf *ir, struct buf *err)
{
	(void)ir;
	return keep_user_pass(s, c, err);
}

/*
 * The server's prompts ("Username:", "Password:") are not standard text:
 * the draft says to answer by position, so the challenge's words are ignored.
 */
static int login_step(struct sasl *s, const char *ch, size_t len, struct buf *resp, struct buf *err)
{
	if (s->steps == 0) {
		buf_addbuf(resp, &s->user);
		return 0;
	}
	if (s->steps == 1) {
		buf_addbuf(resp, &s->pass);
		buf_wipe(&s->pass);
		return 0;
	}
	return no_more(s, ch, len, resp, err);
}

/* ---- CRAM-MD5 ------------------------------------------------------------- */

static int cram_start(struct sasl *s, const struct sasl_creds *c, struct buf *ir, struct buf *err)
{
	(void)ir;
	return keep_user_pass(s, c, err);
}

/* response = user SP lower-case hex of HMAC-MD5(key = password, text = challenge) */
static int cram_step(struct sasl *s, const char *ch, size_t len, struct buf *resp, struct buf *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	size_t maclen = 0;

	if (s->steps > 0)
		return no_more(s, ch, len, resp, err);
	if (len == 0) {
		buf_addstr(err, _("CRAM-MD5: the server sent an empty challenge"));
		return ERR_PROTO;
	}
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, s->pass.data, s->pass.len,
		       (const unsigned char *)ch, len, mac, sizeof(mac), &maclen)) {
		buf_addstr(err, _("CRAM-MD5: HMAC-MD5 is not available in this OpenSSL"));
		return ERR_UNSUPPORTED;
	}
	buf_addbuf(resp, &s->user);
	buf_addch(resp, ' ');
	for (size_t i = 0; i < maclen; i++) {
		buf_addch(resp, hex[mac[i] >> 4]);
		buf_addch(resp, hex[mac[i] & 15]);
	}
	OPENSSL_cleanse(mac, sizeof(mac));
	buf_wipe(&s->pass);
	return 0;
}

/* ---- XOAUTH2 and OAUTHBEARER --------------------------------------------- */

static int xoauth2_start(struct sasl *s, const struct sasl_creds *c, struct buf *ir,
			 struct buf *err)
{
	const char *id = oauth_identity(c);
	int rc;

	(void)s;
	if ((rc = need(id, _("user name"), true, err)) || (rc = check_token(c->token, err)))
		return rc;
	if (has_byte(id, '\x01')) {
		buf_addstr(err, _("the user name contains a control character"));
		return ERR_INVAL;
	}
	buf_printf(ir,
		   "user=%s\x01"
		   "auth=Bearer %s\x01\x01",
		   id, c->token);
	return 0;
}

/* RFC 5801's saslname: ',' and '=' are written =2C and =3D. */
static void add_saslname(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			buf_addstr(out, "=2C");
		else if (*s == '=')
			buf_addstr(out, "=3D");
		else
			buf_addch(out, *s);
	}
}

static int oauthbearer_start(struct sasl *s, const struct sasl_creds *c, struct buf *ir,
			     struct buf *err)
{
	const char *id = oauth_identity(c);
	int rc;

	(void)s;
	if ((rc = need(id, _("user name"), false, err)) || (rc = check_token(c->token, err)) ||
	    (rc = need(c->host, _("host name"), false, err)))
		return rc;
	if (has_byte(id, '\x01') || has_byte(c->host, '\x01')) {
		buf_addstr(err, _("the user or host name contains a control character"));
		return ERR_INVAL;
	}
	/* gs2-header: no channel binding, the identity as authzid */
	buf_addstr(ir, "n,");
	if (!empty(id)) {
		buf_addstr(ir, "a=");
		add_saslname(ir, id);
	}
	buf_addstr(ir, ",\x01");
	if (!empty(c->host))
		buf_printf(ir, "host=%s\x01", c->host);
	if (c->port)
		buf_printf(ir, "port=%u\x01", c->port);
	buf_printf(ir, "auth=Bearer %s\x01\x01", c->token);
	return 0;
}

/* Keep a printable, bounded copy of what a hostile server sent. */
static void keep_error(struct sasl *s, const char *ch, size_t len)
{
	buf_reset(&s->oauth_error);
	for (size_t i = 0; i < len && s->oauth_error.len < SERVER_ERROR_MAX; i++) {
		unsigned char c = (unsigned char)ch[i];
		buf_addch(&s->oauth_error, c >= 0x20 && c < 0x7f ? c : ' ');
	}
	if (s->oauth_error.len == 0)
		buf_addstr(&s->oauth_error, "?");
}

/*
 * After the initial response, an OAuth server's only challenge is its error
 * (a JSON object). The client must answer it so the server can finish with
 * its failure: RFC 7628 wants the single byte 0x01, Google's XOAUTH2 an
 * empty response.
 */
static int oauth_step(struct sasl *s, const char *ch, size_t len, struct buf *resp, struct buf *err)
{
	if (s->steps > 0)
		return no_more(s, ch, len, resp, err);
	keep_error(s, ch, len);
	if (strcmp(s->mech->name, "OAUTHBEARER") == 0)
		buf_addch(resp, '\x01');
	return 0;
}

/* ---- The table and the driver -------------------------------------------- */

static const struct mech mechs[] = {
	{ "PLAIN", plain_start, no_more },
	{ "LOGIN", login_start, login_step },
	{ "CRAM-MD5", cram_start, cram_step },
	{ "XOAUTH2", xoauth2_start, oauth_step },
	{ "OAUTHBEARER", oauthbearer_start, oauth_step },
};

static const struct mech *find_mech(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(mechs); i++)
		if (ascii_strcasecmp(name, mechs[i].name) == 0)
			return &mechs[i];
	return NULL;
}

bool sasl_known(const char *mech)
{
	return find_mech(mech) != NULL;
}

int sasl_start(struct sasl **sp, const char *name, const struct sasl_creds *c, struct buf *initial,
	       struct buf *err)
{
	const struct mech *m = find_mech(name);
	struct sasl *s;
	int rc;

	*sp = NULL;
	if (!m) {
		buf_printf(err, _("authentication mechanism %s is not supported"),
			   name ? name : "(null)");
		return ERR_UNSUPPORTED;
	}
	s = xcalloc(1, sizeof(*s));
	s->mech = m;
	buf_init(&s->user, 0);
	buf_init(&s->pass, 0);
	buf_init(&s->oauth_error, 0);
	/* a generous size up front, so that no realloc copies the secret around */
	buf_init(&s->ir,
		 1024 + (c->token ? strlen(c->token) : 0) + (c->pass ? strlen(c->pass) : 0));
	rc = m->start(s, c, &s->ir, err);
	if (rc) {
		sasl_free(&s);
		return rc;
	}
	if (initial && s->ir.len) {
		buf_addbuf(initial, &s->ir);
		buf_wipe(&s->ir);
	} else {
		s->ir_pending = s->ir.len > 0;
	}
	*sp = s;
	return 0;
}

int sasl_step(struct sasl *s, const char *challenge, size_t len, struct buf *response,
	      struct buf *err)
{
	int rc;

	if (len > SASL_MAX_FIELD) {
		buf_printf(err, _("%s: the server's challenge is too long"), s->mech->name);
		return ERR_LIMIT;
	}
	if (s->ir_pending) {
		/* the server asks for the initial response the protocol could not carry */
		if (len) {
			buf_printf(err, _("%s: unexpected challenge from the server"),
				   s->mech->name);
			return ERR_PROTO;
		}
		buf_addbuf(response, &s->ir);
		buf_wipe(&s->ir);
		s->ir_pending = false;
		return 0;
	}
	rc = s->mech->step(s, challenge, len, response, err);
	if (rc == 0)
		s->steps++;
	return rc;
}

const char *sasl_server_error(const struct sasl *s)
{
	return s->oauth_error.len ? s->oauth_error.data : NULL;
}

const char *sasl_mech(const struct sasl *s)
{
	return s->mech->name;
}

void sasl_free(struct sasl **sp)
{
	struct sasl *s = *sp;

	if (!s)
		return;
	buf_wipe(&s->ir);
	buf_wipe(&s->user);
	buf_wipe(&s->pass);
	buf_release(&s->oauth_error);
	free(s);
	*sp = NULL;
}
