/* sasl.h - SASL mechanisms (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER) and the choice among them (placeholder: the module's author replaces it) */
#ifndef TERN_NET_SASL_H
#define TERN_NET_SASL_H

extern int net_sasl_placeholder_;

#endif
