/* util.h - IMAP strings: astring quoting and literals, UID sets, modified UTF-7 names, imap:// URLs (placeholder: the module's author replaces it) */
#ifndef TERN_IMAP_UTIL_H
#define TERN_IMAP_UTIL_H

extern int imap_util_placeholder_;

#endif
