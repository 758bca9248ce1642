/* err.c - descriptions for enum err */
#include "core/core.h"

const char *err_str(int code)
{
	switch (code) {
	case ERR_OK:
		return _("success");
	case ERR_INVAL:
		return _("invalid argument");
	case ERR_IO:
		return _("input/output error");
	case ERR_PARSE:
		return _("malformed input");
	case ERR_LIMIT:
		return _("input exceeds a size limit");
	case ERR_NOTFOUND:
		return _("not found");
	case ERR_CHARSET:
		return _("character set conversion was lossy");
	case ERR_AGAIN:
		return _("try again");
	case ERR_CANCEL:
		return _("cancelled");
	case ERR_PROTO:
		return _("protocol error");
	case ERR_TLS:
		return _("TLS error");
	case ERR_AUTH:
		return _("authentication failed");
	case ERR_UNSUPPORTED:
		return _("not supported");
	case ERR_EXISTS:
		return _("already exists");
	case ERR_NOSPACE:
		return _("no space left");
	case ERR_CLOSED:
		return _("connection closed");
	case ERR_TIMEOUT:
		return _("timed out");
	}
	return _("unknown error");
}
