/* address.c - PLACEHOLDER: to be replaced by the RFC 5322 address implementation */
#include "email/email.h"

int addrlist_parse(const char *s, size_t len, struct addrlist *out)
{
	struct address a = { ADDR_MAILBOX, NULL, NULL, NULL, true };
	struct buf b = BUF_INIT;

	header_unfold(s, len, &b);
	a.mailbox = b.data;
	addrlist_append(out, &a);
	buf_release(&b);
	return 0;
}

void addrlist_release(struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].mailbox);
		free(l->v[i].comment);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void addrlist_append(struct addrlist *l, const struct address *a)
{
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n].kind = a->kind;
	l->v[l->n].name = xstrdup_or_null(a->name);
	l->v[l->n].mailbox = xstrdup_or_null(a->mailbox);
	l->v[l->n].comment = xstrdup_or_null(a->comment);
	l->v[l->n].invalid = a->invalid;
	l->n++;
}

size_t addrlist_count(const struct addrlist *l)
{
	size_t c = 0;
	for (size_t i = 0; i < l->n; i++)
		c += l->v[i].kind == ADDR_MAILBOX;
	return c;
}

const struct address *addrlist_first(const struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind == ADDR_MAILBOX)
			return &l->v[i];
	return NULL;
}

void address_format(const struct address *a, enum addr_format f, struct buf *out)
{
	if (a->mailbox)
		buf_addstr(out, a->mailbox);
}

void addrlist_format(const struct addrlist *l, enum addr_format f, struct buf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addstr(out, ", ");
		address_format(&l->v[i], f, out);
	}
}
