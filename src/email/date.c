/* date.c - PLACEHOLDER: to be replaced by the RFC 5322 date implementation */
#include "email/email.h"

int date_parse(const char *s, size_t len, struct mail_date *out)
{
	memset(out, 0, sizeof(*out));
	return ERR_PARSE;
}

void date_format(const struct mail_date *d, struct buf *out)
{
	buf_printf(out, "%lld", (long long)d->time);
}
