/* session_int.h - the session's inside: for src/imap only (session*.c and the backend, mx_imap*.c) */
#ifndef TERN_IMAP_SESSION_INT_H
#define TERN_IMAP_SESSION_INT_H

#include "imap/session.h"

struct imap_session {
	struct conn *conn;
	struct imap_limits lim;
	struct imap_reader rd;
	struct imap_resp resp; /* the last response read */
	unsigned next_tag;
	bool caps[IMAP_CAP_COUNT_];
	struct strlist auth; /* the AUTH= mechanisms offered, upper case */
	bool have_caps;      /* caps are current (they are forgotten after STARTTLS and login) */
	bool preauth;
	bool utf8; /* ENABLE UTF8=ACCEPT took: mailbox names travel as UTF-8 (RFC 6855) */
	imap_untagged_fn untagged;
	void *untagged_ctx;
	/* IDLE (session_idle.c): in IDLE since idle_tag went out; idle_ended(idle_ctx) when it ends */
	bool idling;
	char idle_tag[16];
	void (*idle_ended)(void *ctx);
	void *idle_ctx;
};

/* Read one response into s->resp. */
int session_read(struct imap_session *s, struct buf *err);
/* Take the capabilities of a CAPABILITY response or response code. */
void session_take_caps(struct imap_session *s, const struct imap_strs *caps);
/* Ask for CAPABILITY unless the last greeting or completion told them. */
int session_caps(struct imap_session *s, struct buf *err);
/* The next tag ("a0001"...) into tag (reset first). */
void session_tag(struct imap_session *s, struct buf *tag);
/* Send text and the command's CRLF-ended segments (waiting for "+" between them). */
int session_send(struct imap_session *s, const char *tag, struct imap_cmd *cmd, struct buf *err);
/* Read responses up to the tagged one for tag; untagged ones go to the handler. */
int session_wait(struct imap_session *s, const char *tag, enum imap_code *code, struct buf *err);
/* session_wait, starting with the response already in s->resp. */
int session_wait_current(struct imap_session *s, const char *tag, enum imap_code *code,
			 struct buf *err);
/* Untagged s->resp: BYE gives ERR_CLOSED, capabilities are taken, the rest goes to the handler. */
int session_untagged(struct imap_session *s, struct buf *err);
/* End IDLE before a command: DONE and its completion (session_idle.c); 0 when not idling. */
int session_idle_end(struct imap_session *s, struct buf *err);
/* Log in per l (session_auth.c). */
int session_login(struct imap_session *s, const struct imap_login *l, struct buf *err);

#endif /* TERN_IMAP_SESSION_INT_H */
