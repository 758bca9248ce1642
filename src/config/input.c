/*
 * input.c - the input queue and key dispatch: keys from the terminal, and
 * the events macros, push and exec put in front of them.
 *
 * The queue is a stack whose top is the next event, so putting a macro in
 * front of what is pending is pushing its events in reverse: a macro that
 * runs a macro runs it to the end before going on with its own keys, as in
 * mutt.
 */
#include "config/internal.h"

/* Events queued at once: a macro that grows the queue at each expansion hits this. */
#define INPUT_QUEUE_MAX 65536
/*
 * Macro expansions in a row without a key typed: a macro that runs itself
 * (directly, through another, or after a function) never stops otherwise.
 * mutt allows 10 within one key lookup; this counts across functions too.
 */
#define MACRO_EXPANSION_MAX 1000

struct qevent {
	int key;
	enum op op;
	bool typed; /* came from the terminal (and was put back): may wait for more */
};

struct input {
	key_source_fn src;
	void *ctx;
	struct qevent *q; /* q[n - 1] is the next event */
	size_t n, cap;
	unsigned expansions; /* since the last key typed */
};

struct input *input_new(key_source_fn src, void *ctx)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->src = src;
	in->ctx = ctx;
	return in;
}

void input_free(struct input **pin)
{
	struct input *in = *pin;

	if (!in)
		return;
	free(in->q);
	free(in);
	*pin = NULL;
}

void input_flush(struct input *in)
{
	in->n = 0;
}

bool input_pending(const struct input *in)
{
	return in->n > 0;
}

/* Put one event in front; false when the queue is full. */
static bool unget(struct input *in, struct qevent ev)
{
	if (in->n >= INPUT_QUEUE_MAX)
		return false;
	ALLOC_GROW(in->q, in->n + 1, in->cap);
	in->q[in->n++] = ev;
	return true;
}

/* Macro text as events, in order; false (and no more read) past room events. */
static bool macro_events(const char *macro, size_t room, struct qevent **v, size_t *n, size_t *cap)
{
	const char *p = macro, *end = macro + strlen(macro);
	struct buf ignored = BUF_INIT;

	while (p < end) {
		if (*n > room) {
			buf_release(&ignored);
			return false;
		}
		struct qevent ev = { 0 };
		if (p[0] == '\\' && p[1] == '\\') {
			/* Left by the tokenizer as two, so typed as two (mutt), neither an escape. */
			ev.key = '\\';
			ALLOC_GROW(*v, *n + 2, *cap);
			(*v)[(*n)++] = ev;
			(*v)[(*n)++] = ev;
			p += 2;
			continue;
		}
		if (keyname_scan(&p, end, KS_MACRO, &ev.key, &ev.op, &ignored) < 0) {
			p++; /* macro text never fails; this is only for safety */
			continue;
		}
		if (ev.key == 0 && ev.op == OP_NULL) /* "<noop>": nothing to do */
			continue;
		ALLOC_GROW(*v, *n + 1, *cap);
		(*v)[(*n)++] = ev;
	}
	buf_release(&ignored);
	return *n <= room;
}

int input_push(struct input *in, const char *macro, struct buf *err)
{
	struct qevent *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!macro_events(macro, INPUT_QUEUE_MAX - in->n, &v, &n, &cap)) {
		input_flush(in);
		buf_printf(err,
			   _("macro stopped: more than %d keys queued (a macro that runs itself?)"),
			   INPUT_QUEUE_MAX);
		rc = ERR_LIMIT;
		goto out;
	}
	ALLOC_GROW(in->q, in->n + n, in->cap);
	for (size_t i = n; i-- > 0;)
		in->q[in->n++] = v[i];
out:
	free(v);
	return rc;
}

void input_push_op(struct input *in, enum op op)
{
	if (op > OP_NULL && op < OP_COUNT)
		unget(in, (struct qevent){ .op = op });
}

/* Events that end a key sequence rather than extend it. */
static bool is_signal(int key)
{
	return key == TK_RESIZE || key == TK_ABORT || key == TK_MOUSE || key == TK_TIMEOUT;
}

/* Read the terminal. A key typed ends a run of macro expansions. */
static struct qevent read_source(struct input *in, int timeout_ms)
{
	struct qevent ev = { .typed = true };

	ev.key = in->src ? in->src(timeout_ms, in->ctx) : TK_ABORT;
	if (!is_signal(ev.key))
		in->expansions = 0;
	return ev;
}

static struct qevent pop(struct input *in)
{
	return in->q[--in->n];
}

struct event input_next(struct input *in, int timeout_ms)
{
	struct qevent ev = in->n ? pop(in) : read_source(in, timeout_ms);
	return (struct event){ .key = ev.op ? 0 : ev.key, .op = ev.op };
}

/* The key sequence being read, and the longest binding it has matched so far. */
struct seq {
	int keys[KEYSEQ_MAX];
	bool typed[KEYSEQ_MAX];
	size_t n;
	const struct binding *exact;
	size_t exact_len;
};

/*
 * The next event for the sequence. Once some binding has matched exactly
 * (so there is something to fall back on), queued events are taken at once
 * and the terminal is given prefix_timeout_ms, but only when the last key
 * was typed: keys a macro queued never wait. Returns false when there is
 * nothing to wait for.
 */
static bool next_for(struct input *in, const struct seq *s, int prefix_timeout_ms,
		     struct qevent *ev)
{
	if (in->n) {
		*ev = pop(in);
		return true;
	}
	if (s->exact) {
		if (!s->typed[s->n - 1])
			return false;
		*ev = read_source(in, prefix_timeout_ms);
		return true;
	}
	*ev = read_source(in, -1);
	return true;
}

enum read_result {
	READ_DONE,   /* the sequence ended: resolve it */
	READ_CUT,    /* an event that is not a key came before the sequence was complete */
	READ_OP,     /* ev is a function to return at once */
	READ_SIGNAL, /* ev.key is a signal (timeout, abort, resize) to return at once */
};

/* Read keys into s until they select a binding or cannot. */
static enum read_result read_sequence(struct input *in, const struct keymaps *k, enum menu_id m,
				      int prefix_timeout_ms, struct seq *s, struct qevent *ev)
{
	for (;;) {
		const struct binding *b;
		enum km_match r;

		if (!next_for(in, s, prefix_timeout_ms, ev))
			return READ_DONE;
		if (ev->op || is_signal(ev->key)) {
			if (s->n == 0)
				return ev->op ? READ_OP : READ_SIGNAL;
			if (ev->key == TK_TIMEOUT && s->exact)
				return READ_DONE; /* the wait is over: take the exact match */
			unget(in, *ev);
			return READ_CUT;
		}
		s->keys[s->n] = ev->key;
		s->typed[s->n] = ev->typed;
		s->n++;
		r = keymap_lookup(k, m, s->keys, s->n, &b);
		if (b) {
			s->exact = b;
			s->exact_len = s->n;
		}
		if (r != KM_PREFIX || s->n == KEYSEQ_MAX)
			return READ_DONE;
	}
}

/* Put keys [from, n) of s back in front of the queue, still marked typed or not. */
static void unget_tail(struct input *in, const struct seq *s, size_t from)
{
	for (size_t i = s->n; i-- > from;)
		unget(in, (struct qevent){ .key = s->keys[i], .typed = s->typed[i] });
}

/* Expand a macro in front of the queue; false (with *status and err set) on a runaway. */
static bool expand(struct input *in, const struct binding *b, int *status, struct buf *err)
{
	int rc;

	if (++in->expansions > MACRO_EXPANSION_MAX) {
		input_flush(in);
		in->expansions = 0;
		buf_printf(err, _("macro loop: more than %d macros ran without a key typed"),
			   MACRO_EXPANSION_MAX);
		*status = ERR_LIMIT;
		return false;
	}
	rc = input_push(in, b->macro, err);
	if (rc < 0) {
		in->expansions = 0;
		*status = rc;
		return false;
	}
	return true;
}

enum op input_dispatch(struct input *in, const struct keymaps *k, enum menu_id m,
		       int prefix_timeout_ms, int *key, int *status, struct buf *err)
{
	*status = 0;
	for (;;) {
		struct seq s = { .n = 0 };
		struct qevent ev;
		enum read_result r = read_sequence(in, k, m, prefix_timeout_ms, &s, &ev);

		*key = 0;
		if (r == READ_OP)
			return ev.op;
		if (r == READ_SIGNAL) {
			*key = ev.key;
			return OP_NULL;
		}
		if (!s.exact) {
			if (r == READ_CUT)
				continue; /* half a sequence, then a function or a signal: drop the half */
			/* mutt's rule: the leading keys go; the last is "not bound" (or text to insert). */
			*key = s.keys[s.n - 1];
			return OP_NULL;
		}
		unget_tail(in, &s, s.exact_len);
		*key = s.keys[s.exact_len - 1];
		if (!s.exact->macro)
			return s.exact->op; /* OP_NULL for "noop": the caller says "not bound" */
		if (!expand(in, s.exact, status, err)) {
			*key = 0;
			return OP_NULL;
		}
	}
}
