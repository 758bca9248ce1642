/* parse.c - placeholder */
#include "imap/parse.h"

int imap_parse_placeholder_;
