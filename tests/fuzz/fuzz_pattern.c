/*
 * fuzz_pattern.c - arbitrary bytes compiled as a search pattern (with a
 * config that has lists, alternates and $from), then matched against a few
 * fixed messages.
 *
 * Invariants: nothing crashes, leaks or runs away (regex and nesting caps);
 * a failed compile always says why; matching is deterministic (twice, the
 * same answers); and a pattern that compiles inside !( ) as well gives
 * the opposite answer for every message there, unless the text could read
 * differently inside a group (a ')' in it).
 */
#include "mx/mx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_INPUT 512 /* longer patterns only cost regcomp time */

static struct config *cfg;
static struct mailbox *mb;

static void add(const char *headers, uint32_t flags, int64_t received, uint64_t size)
{
	struct envelope e;
	struct message m = { 0 };

	envelope_init(&e);
	email_parse(headers, strlen(headers), &e, NULL);
	m.env = menv_pack(&e, mx_alloc(mb, menv_packed_size(&e)));
	m.flags = flags;
	m.received = received;
	m.size = size;
	mx_add(mb, &m, 1, NULL);
	envelope_release(&e);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const rc[] = {
		"set from=me@home.test",
		"alternates 'me@work\\.test'",
		"lists '@lists\\.example\\.com$'",
		"subscribe '^announce@'",
	};
	struct buf err = BUF_INIT;

	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	setenv("USER", "fuzz", 1);
	cfg = config_new();
	config_set_sandbox(cfg, true);
	for (size_t i = 0; i < ARRAY_SIZE(rc); i++)
		config_run(cfg, rc[i], NULL, 0, &err);
	buf_release(&err);
	mb = mailbox_new("/nonexistent", NULL);
	add("Subject: Lunch plans\nFrom: Alice Smith <alice@example.com>\nTo: bob@example.org\n"
	    "Cc: dev-list@lists.example.com\nDate: Mon, 9 Mar 2026 10:00:00 +0000\n"
	    "Message-ID: <a1@x>\nX-Label: work\n\n",
	    MSG_READ, 1773050400, 1000);
	add("Subject: =?utf-8?q?caf=C3=A9?=\nFrom: Bob <bob@example.org>\nTo: me@work.test\n"
	    "Date: Tue, 10 Mar 2026 09:00:00 +0100\nMessage-ID: <b2@x>\nReferences: <a1@x>\n\n",
	    MSG_OLD | MSG_FLAGGED, 1773133200, 5000);
	add("From: announce@lists.example.com\nTo: announce@lists.example.com, g: a@b, c@d;\n\n",
	    MSG_DELETED | MSG_REPLIED, 0, 3 * 1048576);
	add("\n", 0, -1, 0);
	return 0;
}

static void match_all(const struct pattern *p, bool *out)
{
	mailbox_lock(mb);
	for (size_t i = 0; i < mb->n; i++)
		out[i] = pattern_match(p, mb, &mb->msgs[i]);
	mailbox_unlock(mb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT, neg = BUF_INIT, err = BUF_INIT;
	struct pattern *p, *q;
	bool r1[8], r2[8], r3[8];

	if (size > MAX_INPUT)
		return 0;
	buf_add(&text, data, size);
	p = pattern_compile(text.data, cfg, &err);
	if (!p) {
		if (err.len == 0) {
			fprintf(stderr, "no reason for the failure of \"%s\"\n", text.data);
			abort();
		}
		goto out;
	}
	match_all(p, r1);
	match_all(p, r2);
	if (memcmp(r1, r2, mb->n * sizeof(bool)) != 0)
		abort();
	/* the same text negated as a group: ~ = % keep it a pattern, not a simple search */
	buf_printf(&neg, "~A !(%s)", text.data);
	if (!strchr(text.data, ')') && strpbrk(text.data, "~=%") && strlen(text.data) == size &&
	    (q = pattern_compile(neg.data, cfg, &err)) != NULL) {
		match_all(q, r3);
		for (size_t i = 0; i < mb->n; i++)
			if (r3[i] == r1[i]) {
				fprintf(stderr, "\"%s\" and \"%s\" agree on message %zu\n",
					text.data, neg.data, i + 1);
				abort();
			}
		pattern_free(&q);
	}
	pattern_free(&p);
out:
	buf_release(&text);
	buf_release(&neg);
	buf_release(&err);
	return 0;
}
