/* message.c - parse a whole message: header fields, envelope, MIME tree */
#include "email/email.h"

int email_parse(const char *data, size_t len, struct envelope *env, struct body **body)
{
	struct header_list h = { 0 };

	headers_parse(data, len, &h);
	envelope_from_headers(env, &h);
	if (body) {
		mime_parse(data, len, &h, body);
		/* The root part's defects are the message's too. */
		env->defects |= (*body)->defects;
	}
	header_list_release(&h);
	return env->defects ? ERR_PARSE : 0;
}
