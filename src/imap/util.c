/* util.c - placeholder */
#include "imap/util.h"

int imap_util_placeholder_;
