/* conn.h - connections: TCP, TLS (OpenSSL), STARTTLS, buffered line and literal reading (placeholder: the module's author replaces it) */
#ifndef TERN_NET_CONN_H
#define TERN_NET_CONN_H

extern int net_conn_placeholder_;

#endif
