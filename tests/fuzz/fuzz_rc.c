/*
 * fuzz_rc.c - arbitrary bytes read as an rc file, in a sandboxed config
 * (no `command`, source, cd or setenv: nothing outside the process).
 *
 * Invariants: nothing crashes or leaks; the dump (-D) reads back into a
 * fresh config without an error, and dumping that gives the same text
 * (lines that are comments, such as the note for a secret left out, are
 * not compared: what they stand for is not in the dump to read back).
 */
#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The dump without its comment lines. */
static void strip_comments(const struct buf *in, struct buf *out)
{
	const char *p = in->data, *end = in->data + in->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if (*p != '#')
			buf_add(out, p, (size_t)(next - p));
		p = next;
	}
}

static struct config *sandboxed(void)
{
	struct config *c = config_new();

	config_set_sandbox(c, true);
	return c;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The same defaults every run, whatever the fuzzer was started with. */
	setenv("HOME", "/home/fuzz", 1);
	setenv("MAIL", "/var/mail/fuzz", 1);
	setenv("EDITOR", "vi", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c = sandboxed(), *back = sandboxed();
	struct buf err = BUF_INIT, d1 = BUF_INIT, d2 = BUF_INIT, s1 = BUF_INIT, s2 = BUF_INIT;

	(void)config_source_text(c, (const char *)data, size, "fuzz", &err);
	config_dump(c, &d1);
	if (config_source_text(back, d1.data, d1.len, "dump", &err) != 0 ||
	    config_error_count(back) != 0) {
		fprintf(stderr, "the dump does not read back: %s\n--- dump:\n%s\n", err.data,
			d1.data);
		abort();
	}
	config_dump(back, &d2);
	strip_comments(&d1, &s1);
	strip_comments(&d2, &s2);
	if (s1.len != s2.len || memcmp(s1.data, s2.data, s1.len) != 0) {
		fprintf(stderr, "--- dump 1:\n%s\n--- dump 2:\n%s\n", d1.data, d2.data);
		abort();
	}
	buf_release(&err);
	buf_release(&d1);
	buf_release(&d2);
	buf_release(&s1);
	buf_release(&s2);
	config_free(&c);
	config_free(&back);
	return 0;
}
