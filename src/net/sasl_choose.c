/*
 * sasl_choose.c - which SASL mechanism to use with a server.
 *
 * tern's own order, when the user names none: a configured OAuth token wins
 * (OAUTHBEARER, the standard, before Google's XOAUTH2), then passwords. Over
 * TLS, PLAIN comes before CRAM-MD5: it is as safe there, and CRAM-MD5 needs
 * the server to keep a plaintext-equivalent secret, so servers that store
 * hashes often advertise it and then refuse every password. LOGIN (SMTP
 * servers that offer nothing else) sits between them. Without TLS only
 * CRAM-MD5 keeps the password from an eavesdropper; the others need the
 * user's explicit permission (SASL_ALLOW_PLAIN) and even then come after it.
 * A list the user gives is followed in its order, under the same two rules:
 * never a secret in clear without permission, never OAuth without a token.
 */
#include "core/core.h"
#include "net/sasl.h"

struct choice {
	const char *name;
	bool oauth;        /* needs a token */
	bool shows_secret; /* an eavesdropper on a plain link learns the secret */
};

/* tern's order of preference. */
static const struct choice order[] = {
	{ "OAUTHBEARER", true, true }, { "XOAUTH2", true, true },    { "PLAIN", false, true },
	{ "LOGIN", false, true },      { "CRAM-MD5", false, false },
};

static const struct choice *find(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (mem_eq_ci(name, len, order[i].name))
			return &order[i];
	return NULL;
}

static bool usable(const struct choice *c, bool (*server_has)(void *, const char *), void *ctx,
		   unsigned flags)
{
	if (c->oauth && !(flags & SASL_HAVE_TOKEN))
		return false;
	if (c->shows_secret && !(flags & (SASL_TLS | SASL_ALLOW_PLAIN)))
		return false;
	return server_has(ctx, c->name);
}

const char *sasl_choose(const char *wanted, bool (*server_has)(void *ctx, const char *mech),
			void *ctx, unsigned flags)
{
	if (!wanted || !*wanted) {
		/* on a plain link, what keeps the secret from an eavesdropper goes first */
		for (int pass = (flags & SASL_TLS) ? 1 : 0; pass < 2; pass++)
			for (size_t i = 0; i < ARRAY_SIZE(order); i++)
				if ((pass == 1 || !order[i].shows_secret) &&
				    usable(&order[i], server_has, ctx, flags))
					return order[i].name;
		return NULL;
	}
	for (const char *p = wanted; *p;) {
		size_t n = strcspn(p, ":");
		const char *name = p;
		size_t len = n;

		mem_trim(&name, &len);
		const struct choice *c = find(name, len);
		if (c && usable(c, server_has, ctx, flags))
			return c->name;
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}
