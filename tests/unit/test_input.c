/*
 * test_input.c - the input queue and input_dispatch, driven by a scripted
 * terminal with a fake clock and a small "index" with a limit prompt, a
 * tag-pattern prompt, tag-prefix and delete, as the UI would run them.
 */
#include "tests/unit/unit.h"

#include "config/internal.h"

/* ---- A scripted terminal ------------------------------------------------------ */

struct typed {
	int key;
	int after_ms; /* how long after the previous key it arrives */
};

struct term {
	const struct typed *keys;
	size_t n, pos;
	int waited_ms; /* of the current key's delay, spent in earlier timeouts */
	long clock_ms; /* the fake clock */
	int asks[256]; /* the timeouts asked for, in order */
	size_t nasks;
	size_t reads; /* keys handed over */
};

/* The key source: a key, or TK_TIMEOUT when it would come after timeout_ms; TK_ABORT at the end. */
static int term_read(int timeout_ms, void *ctx)
{
	struct term *t = ctx;
	int left;

	if (t->nasks < ARRAY_SIZE(t->asks))
		t->asks[t->nasks++] = timeout_ms;
	if (t->pos == t->n)
		return TK_ABORT; /* the script is over: never block */
	left = t->keys[t->pos].after_ms - t->waited_ms;
	if (timeout_ms >= 0 && left > timeout_ms) {
		t->waited_ms += timeout_ms;
		t->clock_ms += timeout_ms;
		return TK_TIMEOUT;
	}
	t->clock_ms += left;
	t->waited_ms = 0;
	t->reads++;
	return t->keys[t->pos++].key;
}

/* Count of the timeouts asked for that equal ms. */
static size_t asked(const struct term *t, int ms)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nasks; i++)
		n += t->asks[i] == ms;
	return n;
}

/* ---- A small index with prompts ----------------------------------------------------- */

#define PREFIX_MS 500

struct ui {
	struct input *in;
	struct keymaps *k;
	struct buf log; /* one line per thing done */
	int errors;
};

static void ui_init(struct ui *ui, struct term *t, struct keymaps *k)
{
	ui->in = input_new(term_read, t);
	ui->k = k;
	buf_init(&ui->log, 0);
	ui->errors = 0;
}

static void ui_release(struct ui *ui)
{
	input_free(&ui->in);
	assert_null(ui->in);
	buf_release(&ui->log);
}

static enum op ui_dispatch(struct ui *ui, enum menu_id m, int *key)
{
	struct buf err = BUF_INIT;
	int status;
	enum op op = input_dispatch(ui->in, ui->k, m, PREFIX_MS, key, &status, &err);

	if (status) {
		buf_printf(&ui->log, "error: %s\n", err.data);
		ui->errors++;
		assert_int_equal(status, ERR_LIMIT);
		assert_false(input_pending(ui->in)); /* a runaway macro leaves nothing behind */
	}
	buf_release(&err);
	return op;
}

/* A prompt on the editor menu: keys are text, Enter or Return answers, ^G cancels. */
static bool ui_prompt(struct ui *ui, struct buf *answer)
{
	buf_reset(answer);
	for (;;) {
		int key;
		enum op op = ui_dispatch(ui, MENU_EDITOR, &key);

		switch (op) {
		case OP_BACKSPACE:
			if (answer->len)
				buf_setlen(answer, answer->len - 1);
			break;
		case OP_KILL_LINE:
			buf_reset(answer);
			break;
		case OP_NULL:
			if (key == '\n' || key == '\r' || key == TK_ENTER)
				return true;
			if (key == 0x07 || key == TK_ABORT || key == 0)
				return false;
			if (key > 0 && key < 0x110000)
				buf_add_utf8(answer, (uint32_t)key);
			break;
		case OP_BUFFY_CYCLE: /* space: only mailbox prompts cycle; others take it as text */
			buf_add_utf8(answer, (uint32_t)key);
			break;
		default:
			buf_printf(&ui->log, "editor %s\n", op_name(op));
			break;
		}
	}
}

/* The index: runs until quit or the end of the script. */
static void ui_index(struct ui *ui)
{
	struct buf answer = BUF_INIT;
	bool tagged = false;

	for (;;) {
		int key;
		enum op op = ui_dispatch(ui, MENU_INDEX, &key);
		bool was_tagged = tagged;

		tagged = false;
		switch (op) {
		case OP_NULL:
			if (key == TK_ABORT)
				goto out;
			if (key == TK_TIMEOUT || key == TK_RESIZE)
				buf_printf(&ui->log, "%s\n", key == TK_TIMEOUT ? "tick" : "resize");
			else if (key)
				buf_printf(&ui->log, "not bound %#x\n", (unsigned)key);
			break;
		case OP_LIMIT:
		case OP_TAG_PATTERN:
			if (ui_prompt(ui, &answer))
				buf_printf(&ui->log, "%s %s\n", op_name(op), answer.data);
			else
				buf_printf(&ui->log, "%s cancelled\n", op_name(op));
			break;
		case OP_TAG_PREFIX:
			tagged = true;
			break;
		case OP_DELETE_MESSAGE:
			buf_printf(&ui->log, "delete %s\n", was_tagged ? "tagged" : "current");
			break;
		case OP_QUIT:
			buf_addstr(&ui->log, "quit\n");
			goto out;
		default:
			buf_printf(&ui->log, "%s\n", op_name(op));
			break;
		}
	}
out:
	buf_release(&answer);
}

static void rc(struct config *c, const char *text)
{
	struct buf err = BUF_INIT;

	if (config_run(c, text, NULL, 0, &err) != 0)
		fail_msg("\"%s\": %s", text, err.data);
	buf_release(&err);
}

/* Run the index over the script, with the config's keymaps. */
#define RUN_INDEX(c, t, ...)                                           \
	do {                                                           \
		static const struct typed script_[] = { __VA_ARGS__ }; \
		(t)->keys = script_;                                   \
		(t)->n = ARRAY_SIZE(script_);                          \
		ui_init(&ui, (t), cfg_keymaps(c));                     \
		ui_index(&ui);                                         \
	} while (0)

/* ---- Macros ---------------------------------------------------------------------------- */

static void macro_runs_functions_and_answers_prompts(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c,
	   "macro index x \"<limit>~N<enter><tag-pattern>~f bob<enter><tag-prefix><delete-message>\"");
	RUN_INDEX(c, &t, { 'x', 0 }, { 'd', 0 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "limit ~N\n"
			       "tag-pattern ~f bob\n"
			       "delete tagged\n"
			       "delete current\n"
			       "quit\n");
	/* the macro's keys never waited for the terminal */
	assert_int_equal(t.reads, 3);
	assert_int_equal(asked(&t, PREFIX_MS), 0);
	ui_release(&ui);
	config_free(&c);
}

static void macro_keys_go_through_the_bindings(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	/*
	 * plain keys: l is limit, T tag-pattern, ; tag-prefix, d delete; ^G
	 * cancels a prompt; a backslash the tokenizer left is typed as it is
	 */
	rc(c, "macro index x 'l~N<Return>T~f bo<BackSpace>ob\\\\<Return>;dl^G'");
	rc(c, "macro index y \"lfoo<backspace><backspace><backspace>bar\\r\"");
	RUN_INDEX(c, &t, { 'x', 0 }, { 'y', 0 });
	assert_buf_eq(&ui.log, "limit ~N\n"
			       "tag-pattern ~f bob\\\\\n"
			       "delete tagged\n"
			       "limit cancelled\n"
			       "limit bar\n");
	ui_release(&ui);
	config_free(&c);
}

static void macros_call_macros_in_order(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "macro index a \"b<next-entry>c\"");
	rc(c, "macro index b \"<limit>B<enter>\"");
	rc(c, "macro index c <previous-entry>");
	/* an editor macro answers part of a prompt a macro opened */
	rc(c, "macro editor \\Ct \"~f bob\"");
	rc(c, "macro index y \"<tag-pattern>^T ~N<enter>\"");
	RUN_INDEX(c, &t, { 'a', 0 }, { 'y', 0 }, { '\\', 0 });
	assert_buf_eq(&ui.log, "limit B\n"
			       "next-entry\n"
			       "previous-entry\n"
			       "tag-pattern ~f bob ~N\n"
			       "not bound 0x5c\n");
	ui_release(&ui);
	config_free(&c);
}

static void macro_text_becomes_events(void **state)
{
	struct input *in = input_new(NULL, NULL);
	struct buf err = BUF_INIT;
	static const struct event want[] = {
		{ 0, OP_LIMIT }, { '~', 0 },       { 'N', 0 },       { '\n', 0 }, { '\r', 0 },
		{ TK_UP, 0 },    { TK_F0 + 5, 0 }, { '<', 0 },       { 'x', 0 },  { '>', 0 },
		{ 0x1b, 0 },     { 0x18, 0 },      { '^', 0 },       { '\\', 0 }, { '\\', 0 },
		{ 0xe9, 0 },     { 0, OP_EXIT },   { TK_DELETE, 0 },
	};
	(void)state;
	assert_int_equal(
		input_push(
			in,
			"<limit>~N<enter><Return><up><F5><x>\\e^x^^\\\\\xc3\xa9<exit><noop><delete>",
			&err),
		0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct event ev = input_next(in, -1);
		if (ev.key != want[i].key || ev.op != want[i].op)
			fail_msg("event %zu: key %#x op %d, want key %#x op %d", i,
				 (unsigned)ev.key, ev.op, (unsigned)want[i].key, want[i].op);
	}
	assert_false(input_pending(in));
	/* no key source: the end */
	assert_int_equal(input_next(in, -1).key, TK_ABORT);
	buf_release(&err);
	input_free(&in);
}

static void function_events_are_returned_without_keys(void **state)
{
	struct term t = { 0 };
	struct keymaps *k = keymaps_new();
	struct input *in = input_new(term_read, &t);
	struct buf err = BUF_INIT;
	int key = -1, status = -1;
	(void)state;
	input_push(in, "<limit>", &err);
	assert_int_equal(input_dispatch(in, k, MENU_PAGER, PREFIX_MS, &key, &status, &err),
			 OP_LIMIT);
	assert_int_equal(key, 0);
	assert_int_equal(status, 0);
	/* a function cuts a half-typed sequence short: the half goes */
	input_push(in, "\\e<exit>", &err);
	assert_int_equal(input_dispatch(in, k, MENU_INDEX, PREFIX_MS, &key, &status, &err),
			 OP_EXIT);
	assert_false(input_pending(in));
	buf_release(&err);
	input_free(&in);
	keymaps_free(&k);
}

/* ---- push and exec ------------------------------------------------------------------ */

static void push_and_exec_go_in_front_of_what_is_queued(void **state)
{
	struct config *c = config_new();
	struct input *in = input_new(NULL, NULL);
	struct buf err = BUF_INIT;
	static const struct event want[] = {
		{ 0, OP_LIMIT }, { 0, OP_NEXT_ENTRY }, { 'c', 0 },
		{ 'd', 0 },      { 'a', 0 },           { 'b', 0 },
	};
	(void)state;
	assert_int_equal(config_set_input(c, in, &err), 0);
	rc(c, "push ab");
	rc(c, "push cd");               /* the last push runs first, as in mutt */
	rc(c, "exec limit next-entry"); /* exec runs its functions in order, first of all */
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct event ev = input_next(in, -1);
		assert_int_equal(ev.key, want[i].key);
		assert_int_equal(ev.op, want[i].op);
	}
	assert_false(input_pending(in));
	buf_release(&err);
	input_free(&in);
	config_free(&c);
}

static void push_and_exec_before_the_ui_wait_for_it(void **state)
{
	struct config *c = config_new();
	struct input *in = input_new(NULL, NULL);
	struct buf err = BUF_INIT;
	static const struct event want[] = {
		{ 'y', 0 }, { '\n', 0 }, { 0, OP_LIMIT }, { 0, OP_EXIT }, { 'x', 0 },
	};
	(void)state;
	/* an rc file read at start-up, before there is a queue */
	rc(c, "push x");
	rc(c, "exec limit noop exit");
	rc(c, "push <enter>");
	rc(c, "push y");
	assert_false(input_pending(in));
	assert_int_equal(config_set_input(c, in, &err), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct event ev = input_next(in, -1);
		assert_int_equal(ev.key, want[i].key);
		assert_int_equal(ev.op, want[i].op);
	}
	assert_false(input_pending(in));
	/* detached: push is kept for the next queue again */
	assert_int_equal(config_set_input(c, NULL, &err), 0);
	rc(c, "push z");
	assert_false(input_pending(in));
	assert_int_equal(config_set_input(c, in, &err), 0);
	assert_int_equal(input_next(in, -1).key, 'z');
	buf_release(&err);
	input_free(&in);
	config_free(&c);
}

static void push_and_exec_errors(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(config_run(c, "exec limit nosuch", NULL, 0, &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "exec: no such function 'nosuch'"));
	buf_reset(&err);
	assert_int_equal(config_run(c, "exec", NULL, 0, &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "exec: too few arguments"));
	buf_reset(&err);
	assert_int_equal(config_run(c, "push a b", NULL, 0, &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "push: too many arguments"));
	buf_release(&err);
	config_free(&c); /* with nothing taken from the pending list: no leak */
}

/* ---- Runaway macros ------------------------------------------------------------------- */

static void runaway_macro_stops_with_an_error(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "macro index x x"); /* itself */
	rc(c, "macro index a b"); /* two that call each other */
	rc(c, "macro index b a");
	rc(c, "macro index n \"<next-entry>n\""); /* itself, after a function each time */
	RUN_INDEX(c, &t, { 'x', 0 }, { 'a', 0 }, { 'n', 0 }, { 'q', 0 });
	assert_int_equal(ui.errors, 3);
	assert_non_null(strstr(ui.log.data, "error: macro loop"));
	/* the typed keys after each runaway still work */
	assert_int_equal(t.reads, 4);
	assert_true(buf_eq(&ui.log, "") == false);
	assert_non_null(strstr(ui.log.data, "next-entry\nerror: macro loop"));
	assert_int_equal(ui.log.len - (size_t)(strstr(ui.log.data, "quit\n") - ui.log.data), 5);
	ui_release(&ui);
	config_free(&c);
}

static void growing_macro_hits_the_queue_cap(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	struct buf text = BUF_INIT;
	(void)state;
	buf_addstr(&text, "macro index x ");
	fill_buf(&text, 'x', 200);
	rc(c, text.data);
	RUN_INDEX(c, &t, { 'x', 0 }, { 'q', 0 });
	assert_int_equal(ui.errors, 1);
	assert_non_null(strstr(ui.log.data, "keys queued"));
	assert_non_null(strstr(ui.log.data, "quit\n"));
	ui_release(&ui);
	buf_release(&text);
	config_free(&c);
}

static void push_past_the_cap_is_refused_and_flushes(void **state)
{
	struct input *in = input_new(NULL, NULL);
	struct buf err = BUF_INIT, big = BUF_INIT;
	(void)state;
	assert_int_equal(input_push(in, "abc", &err), 0);
	fill_buf(&big, 'z', 70000);
	assert_int_equal(input_push(in, big.data, &err), ERR_LIMIT);
	assert_false(input_pending(in));
	assert_true(err.len > 0);
	input_push_op(in, OP_EXIT);
	assert_true(input_pending(in));
	input_flush(in);
	assert_false(input_pending(in));
	buf_release(&big);
	buf_release(&err);
	input_free(&in);
}

/* ---- Multi-key sequences and the prefix timeout -------------------------------------- */

static void prefix_waits_for_a_second_key(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "bind index gg first-entry");
	/* g g quickly: first-entry; g, a pause, j: group-reply then next-undeleted */
	RUN_INDEX(c, &t, { 'g', 0 }, { 'g', 100 }, { 'g', 1000 }, { 'j', 700 }, { 'g', 1000 },
		  { 'x', 20 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "first-entry\n"
			       "group-reply\n"
			       "next-undeleted\n"
			       "group-reply\n"
			       "exit\n"
			       "quit\n");
	/* each g waited PREFIX_MS once: for its second g, a timeout, an x */
	assert_int_equal(asked(&t, PREFIX_MS), 3);
	assert_int_equal(t.clock_ms, 0 + 100 + 1000 + 700 + 1000 + 20);
	ui_release(&ui);
	config_free(&c);
}

static void prefix_from_a_macro_never_waits(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "bind index gg first-entry");
	rc(c, "macro index m g");
	rc(c, "macro index M gg");
	rc(c, "macro index e \\e"); /* half a sequence: the rest is typed */
	RUN_INDEX(c, &t, { 'm', 0 }, { 'M', 0 }, { 'e', 0 }, { 'V', 5000 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "group-reply\n"
			       "first-entry\n"
			       "collapse-all\n"
			       "quit\n");
	assert_int_equal(asked(&t, PREFIX_MS), 0);
	ui_release(&ui);
	config_free(&c);
}

static void prefix_key_put_back_may_wait_again(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "bind index gg first-entry");
	rc(c, "bind index ww last-entry"); /* w (set-flag) is a prefix too */
	/* w then g arrive together: w runs, and g, put back, still waits for its second g */
	RUN_INDEX(c, &t, { 'w', 0 }, { 'g', 10 }, { 'g', 10 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "set-flag\n"
			       "first-entry\n"
			       "quit\n");
	ui_release(&ui);
	config_free(&c);
}

static void three_key_sequence_falls_back_to_the_longest_match(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "bind index gab limit");
	/* g (exact) a (prefix only) then z: group-reply, and a and z are read again */
	RUN_INDEX(c, &t, { 'g', 0 }, { 'a', 10 }, { 'z', 10 }, { 'g', 0 }, { 'a', 10 }, { 'b', 10 },
		  { '~', 0 }, { 'A', 0 }, { '\n', 0 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "group-reply\n"
			       "create-alias\n"
			       "next-page\n"
			       "limit ~A\n"
			       "quit\n");
	ui_release(&ui);
	config_free(&c);
}

/* ---- Keys that run nothing ------------------------------------------------------------- */

static void unbound_keys_noop_and_signals(void **state)
{
	struct config *c = config_new();
	struct term t = { 0 };
	struct ui ui;
	(void)state;
	rc(c, "bind index = noop");
	/* E is bound nowhere; = is noop; Esc then a key no Esc sequence has: the Esc goes */
	RUN_INDEX(c, &t, { 'E', 0 }, { '=', 0 }, { 0x1b, 0 }, { '!' + 0x7e, 0 }, { TK_RESIZE, 0 },
		  { TK_TIMEOUT, 0 }, { 'q', 0 });
	assert_buf_eq(&ui.log, "not bound 0x45\n"
			       "not bound 0x3d\n"
			       "not bound 0x9f\n"
			       "resize\n"
			       "tick\n"
			       "quit\n");
	ui_release(&ui);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(macro_runs_functions_and_answers_prompts),
		cmocka_unit_test(macro_keys_go_through_the_bindings),
		cmocka_unit_test(macros_call_macros_in_order),
		cmocka_unit_test(macro_text_becomes_events),
		cmocka_unit_test(function_events_are_returned_without_keys),
		cmocka_unit_test(push_and_exec_go_in_front_of_what_is_queued),
		cmocka_unit_test(push_and_exec_before_the_ui_wait_for_it),
		cmocka_unit_test(push_and_exec_errors),
		cmocka_unit_test(runaway_macro_stops_with_an_error),
		cmocka_unit_test(growing_macro_hits_the_queue_cap),
		cmocka_unit_test(push_past_the_cap_is_refused_and_flushes),
		cmocka_unit_test(prefix_waits_for_a_second_key),
		cmocka_unit_test(prefix_from_a_macro_never_waits),
		cmocka_unit_test(prefix_key_put_back_may_wait_again),
		cmocka_unit_test(three_key_sequence_falls_back_to_the_longest_match),
		cmocka_unit_test(unbound_keys_noop_and_signals),
	};
	return RUN_TESTS(tests);
}
