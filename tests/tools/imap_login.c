/*
 * imap_login.c - a test driver for src/imap/session: connect to a server
 * and log in with settings given as rc commands, then print what came of
 * it, for tests/integration/imap_login.sh to check against a real dovecot,
 * the hostile proxy and the scripted server.
 *
 *   imap_login HOST PORT [--imaps] [-e 'set ...']... [--pass-prompt SECRET]
 *              [--log FILE] [--select MBOX [--fetch]] [--append MBOX FILE]
 *
 * Prints "ok tls=0|1 caps=... deflate=0|1 utf8=0|1" and exits 0 when
 * logged in; else prints "error NAME: reason" and exits 1. --pass-prompt
 * answers the password question with SECRET (and prints "asked: PROMPT"
 * on standard error). --log writes the debug log to FILE. --select selects
 * MBOX (a UTF-8 name) and --fetch then fetches every message's headers as
 * a cold open does; --append stores FILE in MBOX. After these it prints
 * "done fetched=N bytes in=... wire_in=... out=... wire_out=...".
 */
#include <stdio.h>

#include "config/config.h"
#include "imap/session_int.h"

static const char *secret_answer;

static int answer_pass(void *ctx, const char *prompt, struct buf *out, struct buf *err)
{
	(void)ctx;
	(void)err;
	fprintf(stderr, "asked: %s\n", prompt);
	buf_addstr(out, secret_answer);
	return 0;
}

static const char *err_name(int rc)
{
	switch (rc) {
	case ERR_TLS:
		return "TLS";
	case ERR_AUTH:
		return "AUTH";
	case ERR_PROTO:
		return "PROTO";
	case ERR_CLOSED:
		return "CLOSED";
	case ERR_TIMEOUT:
		return "TIMEOUT";
	case ERR_LIMIT:
		return "LIMIT";
	default:
		return "OTHER";
	}
}

static const struct {
	enum imap_cap cap;
	const char *name;
} cap_list[] = {
	{ IMAP_CAP_IDLE, "IDLE" },
	{ IMAP_CAP_UIDPLUS, "UIDPLUS" },
	{ IMAP_CAP_MOVE, "MOVE" },
	{ IMAP_CAP_CONDSTORE, "CONDSTORE" },
	{ IMAP_CAP_QRESYNC, "QRESYNC" },
	{ IMAP_CAP_ENABLE, "ENABLE" },
	{ IMAP_CAP_LITERAL_PLUS, "LITERAL+" },
	{ IMAP_CAP_SPECIAL_USE, "SPECIAL-USE" },
	{ IMAP_CAP_ID, "ID" },
	{ IMAP_CAP_COMPRESS_DEFLATE, "COMPRESS=DEFLATE" },
	{ IMAP_CAP_UTF8_ACCEPT, "UTF8=ACCEPT" },
};

struct actions {
	const char *select;      /* --select */
	bool fetch;              /* --fetch */
	const char *append_to;   /* --append MBOX */
	const char *append_file; /* --append ... FILE */
};

static void count_fetch(void *ctx, const struct imap_resp *r)
{
	if (r->data == IMAP_DATA_FETCH)
		++*(size_t *)ctx;
}

/* The header fetch of a cold open (mx_imap_fetch.c's items), in one command. */
#define COLD_FETCH                                                                         \
	"UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (DATE " \
	"FROM SENDER REPLY-TO TO CC BCC SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES "        \
	"CONTENT-TYPE CONTENT-TRANSFER-ENCODING LIST-POST X-LABEL)])"

static int with_mailbox(struct imap_session *s, const char *verb, const char *mbox,
			const struct buf *lit, struct buf *err)
{
	struct imap_cmd cmd;
	unsigned f = imap_str_flags(s);
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, verb);
	rc = imap_cmd_add_mailbox(&cmd, mbox, f);
	if (rc == 0 && lit) {
		imap_cmd_add(&cmd, " ");
		rc = imap_cmd_add_literal(&cmd, lit->data, lit->len, f);
	}
	imap_cmd_finish(&cmd);
	if (rc == 0)
		rc = imap_run(s, &cmd, NULL, err);
	imap_cmd_release(&cmd);
	return rc;
}

static int run_actions(struct imap_session *s, const struct actions *a, struct buf *err)
{
	size_t fetched = 0;
	struct conn_stats st;
	int rc = 0;

	if (a->append_to) {
		struct buf msg = BUF_INIT;
		rc = file_read_all(a->append_file, &msg, 64 * 1024 * 1024);
		if (rc != 0)
			buf_printf(err, "cannot read %s", a->append_file);
		else
			rc = with_mailbox(s, "APPEND ", a->append_to, &msg, err);
		buf_release(&msg);
	}
	if (rc == 0 && a->select)
		rc = with_mailbox(s, "SELECT ", a->select, NULL, err);
	if (rc == 0 && a->fetch) {
		imap_set_untagged(s, count_fetch, &fetched);
		rc = imap_run_text(s, COLD_FETCH, NULL, err);
	}
	if (rc != 0)
		return rc;
	conn_get_stats(s->conn, &st);
	printf("done fetched=%zu bytes in=%llu wire_in=%llu out=%llu wire_out=%llu\n", fetched,
	       (unsigned long long)st.data_in, (unsigned long long)st.wire_in,
	       (unsigned long long)st.data_out, (unsigned long long)st.wire_out);
	return 0;
}

static void print_session(struct imap_session *s)
{
	printf("ok tls=%d caps=", imap_is_tls(s) ? 1 : 0);
	for (size_t i = 0, k = 0; i < ARRAY_SIZE(cap_list); i++)
		if (imap_has(s, cap_list[i].cap))
			printf("%s%s", k++ ? "," : "", cap_list[i].name);
	printf(" deflate=%d utf8=%d\n", conn_is_compressed(s->conn) ? 1 : 0,
	       (imap_str_flags(s) & IMAP_STR_UTF8) ? 1 : 0);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;
	struct imap_login l;
	struct imap_session *s = NULL;
	struct actions a = { 0 };
	bool imaps = false;
	int rc;

	if (argc < 3) {
		fprintf(stderr,
			"usage: imap_login HOST PORT [--imaps] [-e CMD]... [--pass-prompt S]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--imaps") == 0) {
			imaps = true;
		} else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
			if (config_run(cfg, argv[++i], NULL, 0, &err) != 0) {
				fprintf(stderr, "imap_login: %s\n", err.data);
				return 2;
			}
		} else if (strcmp(argv[i], "--pass-prompt") == 0 && i + 1 < argc) {
			secret_answer = argv[++i];
		} else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
			log_open(argv[++i], LOG_DEBUG);
		} else if (strcmp(argv[i], "--select") == 0 && i + 1 < argc) {
			a.select = argv[++i];
		} else if (strcmp(argv[i], "--fetch") == 0) {
			a.fetch = true;
		} else if (strcmp(argv[i], "--append") == 0 && i + 2 < argc) {
			a.append_to = argv[++i];
			a.append_file = argv[++i];
		}
	}
	imap_login_from_config(&l, cfg);
	l.conn.host = argv[1];
	l.conn.port = argv[2];
	l.conn.io_timeout_ms = 5000;
	l.tls_at_once = imaps;
	if (secret_answer)
		l.ask_pass = answer_pass;
	rc = imap_session_open(&l, &s, &err);
	if (rc == 0) {
		print_session(s);
		rc = run_actions(s, &a, &err);
	}
	if (rc != 0)
		printf("error %s: %s\n", err_name(rc), err.data);
	fflush(stdout); /* before a sanitizer's report at exit */
	imap_session_close(&s);
	buf_release(&err);
	config_free(&cfg);
	log_close();
	return rc ? 1 : 0;
}
