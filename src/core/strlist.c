/* strlist.c - a growable list of owned strings */
#include "core/core.h"

void strlist_push(struct strlist *l, char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = s;
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_push(l, xstrdup(s));
}

void strlist_addn(struct strlist *l, const char *s, size_t n)
{
	strlist_push(l, xstrndup(s, n));
}

long strlist_find(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return (long)i;
	return -1;
}

void strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
