/*
 * session_idle.c - IDLE (RFC 2177; RFC 9051 6.3.13): the session waits in
 * IDLE between commands so the server pushes EXISTS, EXPUNGE, VANISHED and
 * FETCH as they happen. The next command ends it (session_send calls
 * session_idle_end: DONE, then the IDLE's tagged completion), so no caller
 * of a command has to know whether the session was idle.
 */
#include "imap/session_int.h"

/* IDLE is over (DONE answered, refused, or the link failed): tell the backend. */
static void idle_over(struct imap_session *s)
{
	s->idling = false;
	if (s->idle_ended)
		s->idle_ended(s->idle_ctx);
}

int imap_idle_start(struct imap_session *s, struct buf *err)
{
	struct buf tag = BUF_INIT;
	int rc;

	if (s->idling)
		return 0;
	session_tag(s, &tag);
	rc = conn_write_str(s->conn, tag.data, err);
	if (rc == 0)
		rc = conn_write_str(s->conn, " IDLE\r\n", err);
	if (rc == 0)
		rc = conn_flush(s->conn, err);
	/* untagged data may come before the "+" (RFC 9051) */
	while (rc == 0) {
		rc = session_read(s, err);
		if (rc != 0)
			break;
		if (s->resp.kind == IMAP_RESP_CONTINUATION) {
			snprintf(s->idle_tag, sizeof(s->idle_tag), "%s", tag.data);
			s->idling = true;
			break;
		}
		if (s->resp.kind == IMAP_RESP_TAGGED) {
			/* refused (NO/BAD), or over at once: no IDLE either way */
			rc = session_wait_current(s, tag.data, NULL, err);
			if (rc == 0)
				rc = ERR_PROTO;
			break;
		}
		rc = session_untagged(s, err);
	}
	buf_release(&tag);
	return rc;
}

/* Nothing more to read now? ERR_TIMEOUT from a zero wait means exactly that. */
static int readable(struct imap_session *s, struct buf *err)
{
	struct buf why = BUF_INIT;
	int rc = conn_poll(s->conn, 0, &why);

	if (rc != 0 && rc != ERR_TIMEOUT)
		buf_addbuf(err, &why);
	buf_release(&why);
	return rc;
}

int imap_idle_poll(struct imap_session *s, struct buf *err)
{
	int rc = 0;

	while (s->idling) {
		rc = readable(s, err);
		if (rc == ERR_TIMEOUT)
			return 0;
		if (rc == 0)
			rc = session_read(s, err);
		if (rc == 0 && s->resp.kind == IMAP_RESP_UNTAGGED)
			rc = session_untagged(s, err);
		else if (rc == 0 && s->resp.kind == IMAP_RESP_TAGGED) {
			/* the server ended IDLE itself: the session is usable again */
			if (!s->resp.tag || strcmp(s->resp.tag, s->idle_tag) != 0) {
				buf_addstr(err,
					   _("the server answered a command tern did not send"));
				rc = ERR_PROTO;
			}
			idle_over(s);
		}
		if (rc == ERR_CANCEL)
			return rc; /* still idle: nothing was lost */
		if (rc != 0) {
			idle_over(s);
			return rc;
		}
	}
	return rc;
}

int session_idle_end(struct imap_session *s, struct buf *err)
{
	int rc;

	if (!s->idling)
		return 0;
	rc = conn_write_str(s->conn, "DONE\r\n", err);
	if (rc == 0)
		rc = conn_flush(s->conn, err);
	/* still idling while the answer comes: what arrives meanwhile was pushed */
	if (rc == 0)
		rc = session_wait(s, s->idle_tag, NULL, err);
	idle_over(s);
	return rc;
}

bool imap_idling(const struct imap_session *s)
{
	return s && s->idling;
}

void imap_idle_hook(struct imap_session *s, void (*ended)(void *ctx), void *ctx)
{
	s->idle_ended = ended;
	s->idle_ctx = ctx;
}

int imap_session_fd(const struct imap_session *s)
{
	return s && s->conn ? conn_fd(s->conn) : -1;
}
