/*
 * keycmd.c - the rc commands for keys: bind, unbind, macro, unmacro, push
 * and exec.
 *
 * Keys are read without TOK_CONDENSE, as mutt 2.2 reads them (with it,
 * "bind pager ^ exit" would take " exit" into the key); keyseq_parse reads
 * "^x" itself. Macro and push text is read without it too and kept as
 * written: input_push reads "^x" when the macro runs, which is what mutt's
 * condensing at read time gives, and "^^" becomes a caret only once.
 */
#include "config/internal.h"

/* pending_push entries: a tag, then the push text or the exec'd function names. */
#define PENDING_PUSH '\x02'
#define PENDING_EXEC '\x01'

/* ---- Arguments -------------------------------------------------------------- */

static int need_arg(struct rc_line *l, const char *cmd, struct buf *tok, unsigned flags,
		    struct buf *err)
{
	if (!rc_more(l)) {
		buf_printf(err, _("%s: too few arguments"), cmd);
		return ERR_INVAL;
	}
	return rc_token(l, tok, flags, err);
}

static int no_more(struct rc_line *l, const char *cmd, struct buf *err)
{
	if (rc_more(l)) {
		buf_printf(err, _("%s: too many arguments"), cmd);
		return ERR_INVAL;
	}
	return 0;
}

/* "index,pager" (or "*" when star) into which[]; an error names the bad menu. */
static int parse_menus(const char *cmd, const char *list, bool star, bool which[MENU_COUNT],
		       struct buf *err)
{
	const char *p = list;

	memset(which, 0, MENU_COUNT * sizeof(*which));
	if (star && strcmp(list, "*") == 0) {
		for (int m = 0; m < MENU_COUNT; m++)
			which[m] = true;
		return 0;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *name = xstrndup(p, n);
		int m = menu_lookup(name);

		if (m < 0) {
			buf_printf(err, _("%s: no such menu '%s'"), cmd, name);
			free(name);
			return ERR_INVAL;
		}
		free(name);
		which[m] = true;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* Key text for a message: control characters shown as ^X, not sent to the terminal. */
static void add_printable(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			buf_printf(out, "^%c", c == 0x7f ? '?' : c + '@');
		else
			buf_addch(out, c);
	}
}

static int parse_key(const char *cmd, const char *text, struct keyseq *keys, struct buf *err)
{
	struct buf why = BUF_INIT;
	int rc = keyseq_parse(text, keys, &why);

	if (rc < 0) {
		buf_printf(err, _("%s: bad key '"), cmd);
		add_printable(err, text);
		buf_printf(err, "': %s", why.data);
	}
	buf_release(&why);
	return rc;
}

/* ---- bind, macro ---------------------------------------------------------------- */

int cmd_bind(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct keymaps *k = cfg_keymaps(rc_config(l));
	struct buf menus = BUF_INIT, key = BUF_INIT, fn = BUF_INIT;
	bool which[MENU_COUNT];
	struct keyseq keys;
	int rc, op;

	(void)data;
	if ((rc = need_arg(l, "bind", &menus, 0, err)) < 0 ||
	    (rc = need_arg(l, "bind", &key, 0, err)) < 0 ||
	    (rc = need_arg(l, "bind", &fn, 0, err)) < 0 || (rc = no_more(l, "bind", err)) < 0 ||
	    (rc = parse_menus("bind", menus.data, false, which, err)) < 0 ||
	    (rc = parse_key("bind", key.data, &keys, err)) < 0)
		goto out;
	op = op_find(fn.data, fn.len);
	/* As mutt does, bind where the function exists and report the first menu where it does not. */
	for (int m = 0; m < MENU_COUNT; m++) {
		if (!which[m])
			continue;
		if (op == OP_NULL || (op > 0 && menu_offers((enum menu_id)m, (enum op)op))) {
			keymap_bind(k, (enum menu_id)m, &keys, (enum op)op);
		} else if (rc == 0) {
			buf_printf(err, _("bind: function '%s' not available in menu %s"), fn.data,
				   menu_name((enum menu_id)m));
			rc = ERR_INVAL;
		}
	}
out:
	buf_release(&menus);
	buf_release(&key);
	buf_release(&fn);
	return rc;
}

int cmd_macro(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct keymaps *k = cfg_keymaps(rc_config(l));
	struct buf menus = BUF_INIT, key = BUF_INIT, text = BUF_INIT, desc = BUF_INIT;
	bool which[MENU_COUNT];
	struct keyseq keys;
	int rc;

	(void)data;
	if ((rc = need_arg(l, "macro", &menus, 0, err)) < 0 ||
	    (rc = need_arg(l, "macro", &key, 0, err)) < 0 ||
	    (rc = need_arg(l, "macro", &text, 0, err)) < 0 ||
	    (rc_more(l) && (rc = rc_token(l, &desc, 0, err)) < 0) ||
	    (rc = no_more(l, "macro", err)) < 0 ||
	    (rc = parse_menus("macro", menus.data, false, which, err)) < 0 ||
	    (rc = parse_key("macro", key.data, &keys, err)) < 0)
		goto out;
	for (int m = 0; m < MENU_COUNT; m++)
		if (which[m])
			keymap_macro(k, (enum menu_id)m, &keys, text.data, desc.data);
out:
	buf_release(&menus);
	buf_release(&key);
	buf_release(&text);
	buf_release(&desc);
	return rc;
}

/* ---- unbind, unmacro (NeoMutt's commands) ------------------------------------------ */

/*
 * Keys that "unbind MENU" (every key) leaves with mutt's default, as
 * NeoMutt does, so that clearing a menu cannot lock the user out of it.
 */
static const char *const essential_keys[] = {
	":", "?", "q", "<Enter>", "<Return>", "<KeypadEnter>", "<Backspace>", "\\177", "\\Ch",
};

static void restore_essentials(struct keymaps *k, enum menu_id m)
{
	struct keymaps *def = keymaps_new();
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(essential_keys); i++) {
		const struct binding *b;
		struct keyseq keys;

		/* Only the menu's own default: generic's comes back when generic is cleared. */
		if (keyseq_parse(essential_keys[i], &keys, &err) == 0 &&
		    (b = keymap_get(def, m, &keys)) != NULL)
			keymap_bind(k, m, &keys, b->op);
		buf_reset(&err);
	}
	buf_release(&err);
	keymaps_free(&def);
}

static int unbind_common(struct rc_line *l, const char *cmd, enum unbind_kind kind, struct buf *err)
{
	struct keymaps *k = cfg_keymaps(rc_config(l));
	struct buf menus = BUF_INIT, key = BUF_INIT;
	bool which[MENU_COUNT], has_key;
	struct keyseq keys;
	int rc;

	if ((rc = need_arg(l, cmd, &menus, 0, err)) < 0)
		goto out;
	has_key = rc_more(l);
	if ((has_key && (rc = rc_token(l, &key, 0, err)) < 0) || (rc = no_more(l, cmd, err)) < 0 ||
	    (rc = parse_menus(cmd, menus.data, true, which, err)) < 0 ||
	    (has_key && (rc = parse_key(cmd, key.data, &keys, err)) < 0))
		goto out;
	for (int m = 0; m < MENU_COUNT; m++) {
		if (!which[m])
			continue;
		keymap_unbind_kind(k, (enum menu_id)m, has_key ? &keys : NULL, kind);
		if (!has_key && kind == UNBIND_FUNCTION)
			restore_essentials(k, (enum menu_id)m);
	}
out:
	buf_release(&menus);
	buf_release(&key);
	return rc;
}

int cmd_unbind(struct rc_line *l, intptr_t data, struct buf *err)
{
	(void)data;
	return unbind_common(l, "unbind", UNBIND_FUNCTION, err);
}

int cmd_unmacro(struct rc_line *l, intptr_t data, struct buf *err)
{
	(void)data;
	return unbind_common(l, "unmacro", UNBIND_MACRO, err);
}

/* ---- push, exec ------------------------------------------------------------------ */

int cmd_push(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf text = BUF_INIT;
	int rc;

	(void)data;
	if ((rc = need_arg(l, "push", &text, 0, err)) < 0 || (rc = no_more(l, "push", err)) < 0)
		goto out;
	if (c->input) {
		rc = input_push(c->input, text.data, err);
	} else {
		struct buf e = BUF_INIT;
		buf_addch(&e, PENDING_PUSH);
		buf_addbuf(&e, &text);
		strlist_push(&c->pending_push, buf_detach(&e, NULL));
	}
out:
	buf_release(&text);
	return rc;
}

/* Queue the functions so the first runs first, in front of what is pending (as mutt's exec). */
static void queue_ops(struct input *in, const enum op *ops, size_t n)
{
	for (size_t i = n; i-- > 0;)
		input_push_op(in, ops[i]);
}

int cmd_exec(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf name = BUF_INIT, names = BUF_INIT;
	enum op *ops = NULL;
	size_t n = 0, cap = 0;
	int rc;

	(void)data;
	if ((rc = need_arg(l, "exec", &name, 0, err)) < 0)
		goto out;
	for (;;) {
		int op = op_find(name.data, name.len);
		if (op < 0) {
			buf_printf(err, _("exec: no such function '%s'"), name.data);
			rc = ERR_INVAL;
			goto out;
		}
		if (op != OP_NULL) {
			ALLOC_GROW(ops, n + 1, cap);
			ops[n++] = (enum op)op;
			buf_addstr(&names, names.len ? " " : "");
			buf_addbuf(&names, &name);
		}
		if (!rc_more(l))
			break;
		if ((rc = rc_token(l, &name, 0, err)) < 0)
			goto out;
	}
	if (c->input) {
		queue_ops(c->input, ops, n);
	} else if (n) {
		struct buf e = BUF_INIT;
		buf_addch(&e, PENDING_EXEC);
		buf_addbuf(&e, &names);
		strlist_push(&c->pending_push, buf_detach(&e, NULL));
	}
out:
	free(ops);
	buf_release(&name);
	buf_release(&names);
	return rc;
}

/* Replay one exec entry: function names separated by spaces. */
static void replay_exec(struct input *in, const char *names)
{
	enum op *ops = NULL;
	size_t n = 0, cap = 0;

	for (const char *p = names; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		int op = op_find(p, len);
		if (op > 0) {
			ALLOC_GROW(ops, n + 1, cap);
			ops[n++] = (enum op)op;
		}
		p += len + (sp != NULL);
	}
	queue_ops(in, ops, n);
	free(ops);
}

int config_set_input(struct config *c, struct input *in, struct buf *err)
{
	int rc = 0;

	c->input = in;
	if (!in)
		return 0;
	/* Each entry goes in front, as it would have when it ran: the last push runs first. */
	for (size_t i = 0; i < c->pending_push.n; i++) {
		const char *e = c->pending_push.v[i];
		if (e[0] == PENDING_EXEC) {
			replay_exec(in, e + 1);
		} else {
			int r = input_push(in, e + 1, err);
			if (r < 0 && rc == 0)
				rc = r;
		}
	}
	strlist_release(&c->pending_push);
	return rc;
}
