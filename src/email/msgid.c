/* msgid.c - PLACEHOLDER: to be replaced by the Message-ID implementation */
#include "email/email.h"

char *msgid_parse(const char *s, size_t len)
{
	const char *lt = memchr(s, '<', len);
	if (!lt)
		return NULL;
	const char *gt = memchr(lt, '>', len - (size_t)(lt - s));
	return gt ? xstrndup(lt, (size_t)(gt - lt + 1)) : NULL;
}

void msgid_parse_list(const char *s, size_t len, struct strlist *out)
{
	char *id = msgid_parse(s, len);
	if (id)
		strlist_push(out, id);
}
