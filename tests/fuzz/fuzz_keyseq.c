/*
 * fuzz_keyseq.c - key sequences and macro text on arbitrary bytes.
 *
 * The first byte picks what the rest is (the text ends at its first NUL):
 * - even: a key sequence. keyseq_parse never misbehaves; a sequence it
 *   accepts has 1..KEYSEQ_MAX keys, none NUL, and both keyseq_format and
 *   the rc-safe form parse back to the same keys and format the same again.
 * - odd: macro text. input_push queues it (or refuses it whole), and
 *   input_dispatch runs it in the menu the byte names, with macros that run
 *   themselves and each other bound: every run ends (no key source, so the
 *   end of the queue is TK_ABORT), within a bounded number of dispatches.
 */
#include "config/internal.h"

static void check_format(const struct keyseq *k, bool rc_safe)
{
	struct buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
	struct keyseq back;

	if (rc_safe)
		keyseq_format_rc(k, &a);
	else
		keyseq_format(k, &a);
	if (keyseq_parse(a.data, &back, &err) != 0 || back.n != k->n ||
	    memcmp(back.keys, k->keys, k->n * sizeof(k->keys[0])) != 0)
		abort();
	if (rc_safe)
		keyseq_format_rc(&back, &b);
	else
		keyseq_format(&back, &b);
	if (!buf_eq(&a, b.data))
		abort();
	buf_release(&a);
	buf_release(&b);
	buf_release(&err);
}

static void check_keyseq(const char *text)
{
	struct buf err = BUF_INIT;
	struct keyseq k;

	if (keyseq_parse(text, &k, &err) != 0) {
		if (err.len == 0)
			abort(); /* a refusal always says why */
		buf_release(&err);
		return;
	}
	if (k.n == 0 || k.n > KEYSEQ_MAX)
		abort();
	for (size_t i = 0; i < k.n; i++)
		if (k.keys[i] <= 0)
			abort();
	check_format(&k, false);
	check_format(&k, true);
	buf_release(&err);
}

static void bind_macro(struct keymaps *k, enum menu_id m, const char *keys, const char *macro)
{
	struct buf err = BUF_INIT;
	struct keyseq ks;

	if (keyseq_parse(keys, &ks, &err) == 0)
		keymap_macro(k, m, &ks, macro, NULL);
	buf_release(&err);
}

/*
 * The default keymaps with macros that run themselves and each other;
 * built once, as dispatch only reads them.
 */
static const struct keymaps *fuzz_keymaps(void)
{
	static struct keymaps *k;

	if (!k) {
		k = keymaps_new();
		for (int m = 0; m < MENU_COUNT; m++) {
			bind_macro(k, (enum menu_id)m, "x", "x");
			bind_macro(k, (enum menu_id)m, "y", "<next-entry>z");
			bind_macro(k, (enum menu_id)m, "z", "y");
		}
		bind_macro(k, MENU_GENERIC, "w", "<limit>w");
	}
	return k;
}

static void check_macro(const char *text, enum menu_id m)
{
	const struct keymaps *k = fuzz_keymaps();
	struct input *in = input_new(NULL, NULL);
	struct buf err = BUF_INIT;
	int key, status;
	size_t runs = 0;

	if (input_push(in, text, &err) != 0 && input_pending(in))
		abort(); /* a refused push leaves nothing behind */
	for (;;) {
		buf_reset(&err);
		enum op op = input_dispatch(in, k, m, 0, &key, &status, &err);
		if (op >= OP_COUNT || (status != 0 && (status != ERR_LIMIT || input_pending(in))))
			abort();
		if (op == OP_NULL && key == TK_ABORT && !input_pending(in))
			break;
		/* Each dispatch takes an event or expands a macro, both capped. */
		if (++runs > 10 * 1000 * 1000)
			abort();
	}
	buf_release(&err);
	input_free(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	text = xstrndup((const char *)data + 1, size - 1);
	if (data[0] % 2 == 0)
		check_keyseq(text);
	else
		check_macro(text, (enum menu_id)((data[0] / 2) % MENU_COUNT));
	free(text);
	return 0;
}
