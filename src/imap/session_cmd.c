/*
 * session_cmd.c - tagged commands on a session: the reader the parser pulls
 * lines and literals from, tags, sending a command (with synchronizing
 * literals), and waiting for its completion while untagged data goes to
 * the backend's handler.
 */
#include "imap/session_int.h"

static int read_line(void *ctx, struct buf *line, struct buf *err)
{
	struct imap_session *s = ctx;

	return conn_read_line(s->conn, line, s->lim.max_line, err);
}

static int read_literal(void *ctx, size_t n, struct buf *out, struct buf *err)
{
	struct imap_session *s = ctx;

	return conn_read_n(s->conn, n, out, err);
}

int session_read(struct imap_session *s, struct buf *err)
{
	if (!s->rd.line) {
		s->rd.line = read_line;
		s->rd.literal = read_literal;
		s->rd.ctx = s;
	}
	return imap_read_response(&s->rd, &s->lim, &s->resp, err);
}

void session_tag(struct imap_session *s, struct buf *tag)
{
	buf_reset(tag);
	buf_printf(tag, "a%04u", ++s->next_tag % 100000);
}

/* Wait for the server's "+" before a synchronizing literal's bytes. */
static int wait_continuation(struct imap_session *s, const char *tag, struct buf *err)
{
	for (;;) {
		int rc = session_read(s, err);
		if (rc != 0)
			return rc;
		if (s->resp.kind == IMAP_RESP_CONTINUATION)
			return 0;
		if (s->resp.kind == IMAP_RESP_TAGGED) {
			/* refused before the literal: the command is over */
			if (s->resp.tag && strcmp(s->resp.tag, tag) == 0) {
				buf_addstr(err,
					   s->resp.text ? s->resp.text : _("the server refused"));
				return ERR_PROTO;
			}
			buf_addstr(err, _("the server answered a command tern did not send"));
			return ERR_PROTO;
		}
		if (s->untagged)
			s->untagged(s->untagged_ctx, &s->resp);
	}
}

int session_send(struct imap_session *s, const char *tag, struct imap_cmd *cmd, struct buf *err)
{
	/* A session in IDLE takes no command before DONE: every command ends it here. */
	int rc = session_idle_end(s, err);

	if (rc == 0)
		rc = conn_write_str(s->conn, tag, err);

	if (rc == 0)
		rc = conn_write_str(s->conn, " ", err);
	for (size_t i = 0; rc == 0 && i < cmd->n; i++) {
		rc = conn_write(s->conn, cmd->seg[i].data, cmd->seg[i].len, err);
		if (rc == 0)
			rc = conn_flush(s->conn, err);
		if (rc == 0 && i + 1 < cmd->n)
			rc = wait_continuation(s, tag, err);
	}
	return rc;
}

/* NO or BAD: the server's words (made printable) as the reason. */
static int refused(struct imap_session *s, enum imap_code *code, struct buf *err)
{
	const char *text = s->resp.text && *s->resp.text ? s->resp.text : NULL;

	if (code)
		*code = s->resp.code.code;
	if (text)
		utf8_sanitize(text, strlen(text), err);
	else
		buf_addstr(err, s->resp.status == IMAP_ST_BAD
					? _("the server called the command bad")
					: _("the server refused"));
	return ERR_PROTO;
}

int session_untagged(struct imap_session *s, struct buf *err)
{
	const struct imap_resp *r = &s->resp;

	if (r->status == IMAP_ST_BYE) {
		buf_addstr(err, _("the server closed the session: "));
		utf8_sanitize(r->text ? r->text : "", r->text ? strlen(r->text) : 0, err);
		return ERR_CLOSED;
	}
	if (r->data == IMAP_DATA_CAPABILITY)
		session_take_caps(s, &r->caps);
	else if (s->untagged)
		s->untagged(s->untagged_ctx, r);
	return 0;
}

/* What the response in s->resp means for command tag: 1 to read on, else the command's result. */
static int take(struct imap_session *s, const char *tag, enum imap_code *code, struct buf *err)
{
	const struct imap_resp *r = &s->resp;

	if (r->kind == IMAP_RESP_CONTINUATION) {
		buf_addstr(err, _("the server asked for data tern did not offer"));
		return ERR_PROTO;
	}
	if (r->kind == IMAP_RESP_UNTAGGED) {
		int rc = session_untagged(s, err);
		return rc ? rc : 1;
	}
	if (!r->tag || strcmp(r->tag, tag) != 0) {
		buf_addstr(err, _("the server answered a command tern did not send"));
		return ERR_PROTO;
	}
	if (r->code.code == IMAP_CODE_CAPABILITY)
		session_take_caps(s, &r->code.caps);
	if (code)
		*code = r->code.code;
	return r->status == IMAP_ST_OK ? 0 : refused(s, code, err);
}

int session_wait_current(struct imap_session *s, const char *tag, enum imap_code *code,
			 struct buf *err)
{
	int rc = take(s, tag, code, err);

	while (rc == 1) {
		rc = session_read(s, err);
		if (rc == 0)
			rc = take(s, tag, code, err);
	}
	return rc;
}

int session_wait(struct imap_session *s, const char *tag, enum imap_code *code, struct buf *err)
{
	int rc = session_read(s, err);

	return rc != 0 ? rc : session_wait_current(s, tag, code, err);
}

int imap_run(struct imap_session *s, struct imap_cmd *cmd, enum imap_code *code, struct buf *err)
{
	struct buf tag = BUF_INIT;
	int rc;

	if (code)
		*code = IMAP_CODE_NONE;
	session_tag(s, &tag);
	rc = session_send(s, tag.data, cmd, err);
	if (rc == 0)
		rc = session_wait(s, tag.data, code, err);
	buf_release(&tag);
	return rc;
}

int imap_run_text(struct imap_session *s, const char *text, enum imap_code *code, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, text);
	imap_cmd_finish(&cmd);
	rc = imap_run(s, &cmd, code, err);
	imap_cmd_release(&cmd);
	return rc;
}

void imap_set_untagged(struct imap_session *s, imap_untagged_fn fn, void *ctx)
{
	s->untagged = fn;
	s->untagged_ctx = ctx;
}
