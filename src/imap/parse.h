/* parse.h - the IMAP response parser (RFC 3501/9051), hostile-server safe (placeholder: the module's author replaces it) */
#ifndef TERN_IMAP_PARSE_H
#define TERN_IMAP_PARSE_H

extern int imap_parse_placeholder_;

#endif
