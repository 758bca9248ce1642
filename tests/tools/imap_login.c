/*
 * imap_login.c - a test driver for src/imap/session: connect to a server
 * and log in with settings given as rc commands, then print what came of
 * it, for tests/integration/imap_login.sh to check against a real dovecot,
 * the hostile proxy and the scripted server.
 *
 *   imap_login HOST PORT [--imaps] [-e 'set ...']... [--pass-prompt SECRET]
 *
 * Prints "ok tls=0|1 caps=..." and exits 0 when logged in; else prints
 * "error NAME: reason" and exits 1. --pass-prompt answers the password
 * question with SECRET (and prints "asked: PROMPT" on standard error).
 */
#include <stdio.h>

#include "config/config.h"
#include "imap/session.h"

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
};

int main(int argc, char **argv)
{
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;
	struct imap_login l;
	struct imap_session *s = NULL;
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
	if (rc != 0) {
		printf("error %s: %s\n", err_name(rc), err.data);
		return 1;
	}
	printf("ok tls=%d caps=", imap_is_tls(s) ? 1 : 0);
	for (size_t i = 0, k = 0; i < ARRAY_SIZE(cap_list); i++)
		if (imap_has(s, cap_list[i].cap))
			printf("%s%s", k++ ? "," : "", cap_list[i].name);
	printf("\n");
	imap_session_close(&s);
	buf_release(&err);
	config_free(&cfg);
	return 0;
}
