/* rfc2231.c - PLACEHOLDER: to be replaced by the RFC 2045/2231 parameter implementation */
#include "email/email.h"

int params_parse(const char *s, size_t len, struct paramlist *out)
{
	return 0;
}

const char *params_get(const struct paramlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (ascii_strcasecmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

void params_set(struct paramlist *l, const char *name, const char *value)
{
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n].name = xstrdup(name);
	l->v[l->n].value = xstrdup(value);
	l->v[l->n].lang = NULL;
	l->n++;
}

void paramlist_release(struct paramlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
		free(l->v[i].lang);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void params_format(const struct paramlist *l, struct buf *out)
{
}
