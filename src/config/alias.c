/*
 * alias.c - alias and unalias.
 *
 * Keys are matched ignoring case (mutt's rule); a redefinition replaces
 * the value in place, keeping the first spelling of the key and its
 * position. A hash on the lower-cased key keeps large alias files (tens of
 * thousands of entries) linear to load.
 */
#include "config/internal.h"
#include "email/email.h"

/* Rebuild the index after a removal shifted the positions. */
static void alias_reindex(struct config *c)
{
	hash_free(&c->alias_index);
	c->alias_index = hash_new(c->naliases);
	for (size_t i = 0; i < c->naliases; i++)
		hash_put(c->alias_index, c->alias_keys.v[i], strlen(c->alias_keys.v[i]),
			 (void *)(uintptr_t)(i + 1));
}

static long alias_find(const struct config *c, const char *name)
{
	char *key = str_lower(xstrdup(name));
	uintptr_t v = 0;

	if (c->alias_index)
		v = (uintptr_t)hash_get(c->alias_index, key, strlen(key));
	free(key);
	return (long)v - 1;
}

const struct alias *cfg_alias(const struct config *c, const char *name)
{
	long i = alias_find(c, name);

	return i >= 0 ? &c->aliases[i] : NULL;
}

size_t cfg_alias_count(const struct config *c)
{
	return c->naliases;
}

const struct alias *cfg_alias_at(const struct config *c, size_t i)
{
	return i < c->naliases ? &c->aliases[i] : NULL;
}

static void alias_set(struct config *c, const char *name, char *value)
{
	long i = alias_find(c, name);
	char *key;

	if (i >= 0) {
		free(c->aliases[i].value);
		c->aliases[i].value = value;
		return;
	}
	if (!c->alias_index)
		c->alias_index = hash_new(64);
	ALLOC_GROW(c->aliases, c->naliases + 1, c->capaliases);
	c->aliases[c->naliases] = (struct alias){ xstrdup(name), value };
	key = str_lower(xstrdup(name));
	strlist_push(&c->alias_keys, key);
	hash_put(c->alias_index, key, strlen(key), (void *)(uintptr_t)(c->naliases + 1));
	c->naliases++;
}

static void alias_remove_at(struct config *c, size_t i)
{
	free(c->aliases[i].name);
	free(c->aliases[i].value);
	memmove(c->aliases + i, c->aliases + i + 1, (c->naliases - i - 1) * sizeof(*c->aliases));
	c->naliases--;
	lists_strlist_remove(&c->alias_keys, i);
}

void alias_release(struct config *c)
{
	for (size_t i = 0; i < c->naliases; i++) {
		free(c->aliases[i].name);
		free(c->aliases[i].value);
	}
	free(c->aliases);
	c->aliases = NULL;
	c->naliases = c->capaliases = 0;
	strlist_release(&c->alias_keys);
	hash_free(&c->alias_index);
}

/*
 * Check that value parses as an address list: every entry an address (a
 * bare word is one: another alias, or a local user), at least one entry.
 */
static int check_addresses(const char *name, const char *value, struct buf *err)
{
	struct addrlist al = { 0 };
	int rc = 0;

	if (addrlist_parse(value, strlen(value), &al) < 0) {
		const char *bad = value;

		for (size_t i = 0; i < al.n; i++) {
			if (al.v[i].invalid) {
				bad = al.v[i].mailbox;
				break;
			}
		}
		buf_printf(err, _("alias '%s': cannot read '%s' as an address"), name, bad);
		rc = ERR_INVAL;
	} else if (al.n == 0) {
		buf_printf(err, _("alias '%s': no address"), name);
		rc = ERR_PARSE;
	}
	addrlist_release(&al);
	return rc;
}

/*
 * The next argument after any "-group NAME" (address groups are not kept
 * yet: the options are read and skipped). Returns 1, 0 when none is left,
 * or an error.
 */
static int next_key(struct rc_line *l, const char *cmd, struct buf *key, struct buf *err)
{
	int rc;

	do {
		if (!rc_more(l))
			return 0;
		if ((rc = rc_token(l, key, 0, err)) < 0)
			return rc;
		if (ascii_strcasecmp(key->data, "-group") != 0)
			return 1;
		if (!rc_more(l)) {
			buf_printf(err, _("%s: -group needs a group name"), cmd);
			return ERR_PARSE;
		}
	} while ((rc = rc_token(l, key, 0, err)) == 0);
	return rc;
}

/* alias [-group NAME]... KEY ADDRESS[, ADDRESS...] */
int cmd_alias(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf key = BUF_INIT, value = BUF_INIT;
	int rc;

	(void)data;
	rc = next_key(l, "alias", &key, err);
	if (rc == 0 || (rc > 0 && key.len == 0)) {
		buf_printf(err, _("%s: no alias name"), "alias");
		rc = ERR_PARSE;
	}
	if (rc < 0)
		goto out;
	if (!rc_more(l)) {
		buf_printf(err, _("alias '%s': no address"), key.data);
		rc = ERR_PARSE;
		goto out;
	}
	rc = lists_read_phrase(l, true, "alias", &value, err);
	if (rc == 0)
		rc = check_addresses(key.data, value.data, err);
	if (rc == 0)
		alias_set(c, key.data, buf_detach(&value, NULL));
out:
	buf_release(&key);
	buf_release(&value);
	return rc;
}

/* unalias [-group NAME]... {* | KEY...} */
int cmd_unalias(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf key = BUF_INIT;
	int rc, seen = 0;

	(void)data;
	while ((rc = next_key(l, "unalias", &key, err)) > 0) {
		long i;

		seen++;
		if (strcmp(key.data, "*") == 0) {
			alias_release(c);
		} else if ((i = alias_find(c, key.data)) >= 0) {
			alias_remove_at(c, (size_t)i);
			alias_reindex(c); /* positions after i moved */
		}
	}
	if (rc == 0 && seen == 0) {
		buf_printf(err, _("%s: too few arguments"), "unalias");
		rc = ERR_PARSE;
	}
	buf_release(&key);
	return rc;
}

void alias_dump(const struct config *c, struct buf *out)
{
	for (size_t i = 0; i < c->naliases; i++) {
		buf_addstr(out, "alias ");
		lists_quote_arg(out, c->aliases[i].name);
		buf_addch(out, ' ');
		lists_quote_phrase(out, c->aliases[i].value);
		buf_addch(out, '\n');
	}
}
