/*
 * fuzz_params.c - libFuzzer target for MIME parameter lists.
 *
 * Invariants: names are non-empty lower-case tokens and unique, values and
 * languages are valid UTF-8, and writing the list with params_format and
 * reading it back gives the same names, values and (well-formed) languages.
 */
#include "email/email.h"

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* A language tag params_format writes back (others are dropped). */
static bool plain_tag(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_alpha((unsigned char)*s) && !is_digit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

/* Names params_format can write without them reading back as RFC 2231 sections. */
static bool plain_name(const char *s)
{
	return !strchr(s, '*');
}

static void check_list(const struct paramlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct param *p = &l->v[i];
		CHECK(p->name && *p->name && p->value);
		for (const char *c = p->name; *c; c++)
			CHECK(*c > 32 && *c < 127 && ascii_tolower(*c) == *c);
		CHECK(utf8_valid(p->value, strlen(p->value)));
		CHECK(!p->lang || utf8_valid(p->lang, strlen(p->lang)));
		for (size_t j = 0; j < i; j++)
			CHECK(ascii_strcasecmp(l->v[j].name, p->name) != 0);
	}
}

static void check_round_trip(const struct paramlist *l)
{
	struct paramlist keep = { 0 }, back = { 0 };
	struct buf out = BUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		if (!plain_name(l->v[i].name))
			continue;
		params_set(&keep, l->v[i].name, l->v[i].value);
		if (plain_tag(l->v[i].lang))
			keep.v[keep.n - 1].lang = xstrdup(l->v[i].lang);
	}
	params_format(&keep, &out);
	CHECK(params_parse(out.data, out.len, &back) == 0);
	CHECK(back.n == keep.n);
	for (size_t i = 0; i < keep.n; i++) {
		CHECK(strcmp(back.v[i].name, keep.v[i].name) == 0);
		CHECK(strcmp(back.v[i].value, keep.v[i].value) == 0);
		CHECK(!back.v[i].lang == !keep.v[i].lang);
		CHECK(!keep.v[i].lang || strcmp(back.v[i].lang, keep.v[i].lang) == 0);
	}
	paramlist_release(&keep);
	paramlist_release(&back);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct paramlist l = { 0 };

	params_parse((const char *)data, size, &l);
	check_list(&l);
	check_round_trip(&l);
	paramlist_release(&l);
	return 0;
}
