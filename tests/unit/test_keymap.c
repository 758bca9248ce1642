/*
 * test_keymap.c - functions, menus, mutt's default bindings, keymaps
 * (multi-key sequences, generic fallback, bind/unbind/noop), help lists,
 * the -D dump and its round trip through the rc language, and the bind,
 * unbind, macro and unmacro commands.
 */
#include "tests/unit/unit.h"

#include "config/internal.h"

static struct keyseq ks(const char *s)
{
	struct buf err = BUF_INIT;
	struct keyseq k;

	if (keyseq_parse(s, &k, &err) != 0)
		fail_msg("\"%s\": %s", s, err.data);
	buf_release(&err);
	return k;
}

/* What menu m does with keys s: KM_* and the function (or -1 for a macro, -2 for none). */
static enum km_match look(const struct keymaps *k, enum menu_id m, const char *s, int *op)
{
	struct keyseq keys = ks(s);
	const struct binding *b;
	enum km_match r = keymap_lookup(k, m, keys.keys, keys.n, &b);

	*op = !b ? -2 : b->macro ? -1 : (int)b->op;
	return r;
}

#define assert_binds(k, m, s, want_op)                                                          \
	do {                                                                                    \
		int op_;                                                                        \
		enum km_match r_ = look((k), (m), (s), &op_);                                   \
		if (r_ != KM_EXACT || op_ != (int)(want_op))                                    \
			fail_msg("%s \"%s\": match %d op %s, want exact %s", menu_name(m), (s), \
				 r_, op_ >= 0 ? op_name(op_) : "-", op_name(want_op));          \
	} while (0)

#define assert_match(k, m, s, want_r, want_op)                                                  \
	do {                                                                                    \
		int op_;                                                                        \
		enum km_match r_ = look((k), (m), (s), &op_);                                   \
		if (r_ != (want_r) || op_ != (want_op))                                         \
			fail_msg("%s \"%s\": match %d op %d, want %d op %d", menu_name(m), (s), \
				 r_, op_, (want_r), (want_op));                                 \
	} while (0)

/* ---- Functions and menus ---------------------------------------------------- */

static void functions_are_sorted_unique_and_described(void **state)
{
	(void)state;
	assert_int_equal(OP_COUNT - 1, 250); /* mutt 2.2's manual lists 250 functions */
	assert_string_equal(op_name(OP_NULL), "noop");
	for (int op = 1; op < OP_COUNT; op++) {
		const char *name = op_name((enum op)op);
		if (op > 1 && strcmp(op_name((enum op)(op - 1)), name) >= 0)
			fail_msg("functions.def is not in name order at %s", name);
		assert_int_equal(op_find(name, strlen(name)), op);
		assert_true(op_description((enum op)op)[0] != '\0');
		for (const char *p = name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '-');
	}
	assert_int_equal(op_find("noop", 4), OP_NULL);
	assert_int_equal(op_find("next-entryx", 10), OP_NEXT_ENTRY); /* counted length */
	assert_int_equal(op_find("nosuch", 6), -1);
	assert_int_equal(op_find("", 0), -1);
}

static void menus_have_mutts_names(void **state)
{
	static const char *const names[MENU_COUNT] = {
		"generic", "index", "pager", "alias", "query",  "attach",    "compose", "postpone",
		"browser", "pgp",   "smime", "mix",   "editor", "autocrypt", "list",
	};
	(void)state;
	for (int m = 0; m < MENU_COUNT; m++) {
		assert_string_equal(menu_name((enum menu_id)m), names[m]);
		assert_int_equal(menu_lookup(names[m]), m);
	}
	assert_int_equal(menu_lookup("INDEX"), MENU_INDEX);
	assert_int_equal(menu_lookup("key_select_pgp"), MENU_PGP);
	assert_int_equal(menu_lookup("key_select_smime"), MENU_SMIME);
	assert_int_equal(menu_lookup("autocrypt_account"), MENU_AUTOCRYPT);
	assert_int_equal(menu_lookup("folder"), -1);
	assert_int_equal(menu_lookup(""), -1);
}

static void menus_offer_their_functions_and_generics(void **state)
{
	/* Functions per menu, generic's included where the menu falls back to it. */
	static const int offered[MENU_COUNT] = {
		[MENU_GENERIC] = 34, [MENU_INDEX] = 133,    [MENU_PAGER] = 112,
		[MENU_ALIAS] = 36,   [MENU_QUERY] = 38,     [MENU_ATTACH] = 57,
		[MENU_COMPOSE] = 84, [MENU_POSTPONE] = 36,  [MENU_BROWSER] = 51,
		[MENU_PGP] = 36,     [MENU_SMIME] = 36,     [MENU_MIX] = 40,
		[MENU_EDITOR] = 23,  [MENU_AUTOCRYPT] = 38, [MENU_LIST] = 40,
	};
	(void)state;
	for (int m = 0; m < MENU_COUNT; m++) {
		int n = 0;
		for (int op = 1; op < OP_COUNT; op++)
			n += menu_offers((enum menu_id)m, (enum op)op);
		if (n != offered[m])
			fail_msg("%s offers %d functions, want %d", menu_name((enum menu_id)m), n,
				 offered[m]);
	}
	assert_int_equal(op_lookup(MENU_INDEX, "limit"), OP_LIMIT);
	assert_int_equal(op_lookup(MENU_INDEX, "next-entry"), OP_NEXT_ENTRY); /* through generic */
	assert_int_equal(op_lookup(MENU_PAGER, "limit"), OP_NULL);
	assert_int_equal(op_lookup(MENU_PAGER, "first-entry"),
			 OP_NULL); /* no generic in the pager */
	assert_int_equal(op_lookup(MENU_EDITOR, "exit"), OP_NULL);
	assert_int_equal(op_lookup(MENU_GENERIC, "limit"), OP_NULL);
	assert_int_equal(op_lookup(MENU_MIX, "delete"), OP_DELETE);
	assert_int_equal(op_lookup(MENU_INDEX, "delete"), OP_NULL);
	assert_int_equal(op_lookup(MENU_INDEX, "nosuch"), OP_NULL);
	assert_int_equal(op_lookup(MENU_INDEX, "noop"), OP_NULL);
}

/* ---- Defaults ------------------------------------------------------------------- */

static void defaults_every_menu_lists_mutts_bindings(void **state)
{
	/* Key sequences help shows per menu: own, then generic's not shadowed. */
	static const size_t listed[MENU_COUNT] = {
		[MENU_GENERIC] = 43, [MENU_INDEX] = 116,    [MENU_PAGER] = 100,
		[MENU_ALIAS] = 46,   [MENU_QUERY] = 47,     [MENU_ATTACH] = 61,
		[MENU_COMPOSE] = 83, [MENU_POSTPONE] = 45,  [MENU_BROWSER] = 58,
		[MENU_PGP] = 45,     [MENU_SMIME] = 45,     [MENU_MIX] = 49,
		[MENU_EDITOR] = 31,  [MENU_AUTOCRYPT] = 47, [MENU_LIST] = 49,
	};
	struct keymaps *k = keymaps_new();
	(void)state;
	for (int m = 0; m < MENU_COUNT; m++) {
		const struct binding **v;
		size_t n = keymap_list(k, (enum menu_id)m, &v);
		if (n != listed[m])
			fail_msg("%s lists %zu bindings, want %zu", menu_name((enum menu_id)m), n,
				 listed[m]);
		for (size_t i = 0; i < n; i++)
			assert_true(menu_offers((enum menu_id)m, v[i]->op));
		free(v);
	}
	keymaps_free(&k);
	assert_null(k);
}

static void defaults_sampled_per_menu(void **state)
{
	struct keymaps *k = keymaps_new();
	(void)state;
	assert_binds(k, MENU_GENERIC, "j", OP_NEXT_ENTRY);
	assert_binds(k, MENU_GENERIC, "\\e/", OP_SEARCH_REVERSE);
	assert_binds(k, MENU_GENERIC, "<Enter>", OP_SELECT_ENTRY);
	assert_binds(k, MENU_GENERIC, "<KeypadEnter>", OP_SELECT_ENTRY);
	assert_binds(k, MENU_GENERIC, "5", OP_JUMP);
	assert_binds(k, MENU_GENERIC, "^L", OP_REFRESH);
	assert_binds(k, MENU_INDEX, "d", OP_DELETE_MESSAGE);
	assert_binds(k, MENU_INDEX, "j", OP_NEXT_UNDELETED); /* own binding over generic's */
	assert_binds(k, MENU_INDEX, "J", OP_NEXT_ENTRY);
	assert_binds(k, MENU_INDEX, "q", OP_QUIT);
	assert_binds(k, MENU_INDEX, "x", OP_EXIT);
	assert_binds(k, MENU_INDEX, "=", OP_FIRST_ENTRY); /* generic's */
	assert_binds(k, MENU_INDEX, "<Return>", OP_DISPLAY_MESSAGE);
	assert_binds(k, MENU_INDEX, "\\e\\t", OP_PREVIOUS_NEW_THEN_UNREAD);
	assert_binds(k, MENU_INDEX, "\\eV", OP_COLLAPSE_ALL);
	assert_binds(k, MENU_INDEX, "^D", OP_DELETE_THREAD);
	assert_binds(k, MENU_INDEX, "~", OP_MARK_MESSAGE);
	assert_match(k, MENU_INDEX, "\\e", KM_PREFIX, -2);
	assert_binds(k, MENU_PAGER, "q", OP_EXIT);
	assert_binds(k, MENU_PAGER, "i", OP_EXIT);
	assert_binds(k, MENU_PAGER, "^", OP_TOP);
	assert_binds(k, MENU_PAGER, "\\\\", OP_SEARCH_TOGGLE);
	assert_binds(k, MENU_PAGER, "<Backspace>", OP_PREVIOUS_LINE);
	assert_binds(k, MENU_PAGER, "<Space>", OP_NEXT_PAGE);
	assert_match(k, MENU_PAGER, "=", KM_NONE, -2); /* the pager has no generic */
	assert_match(k, MENU_PAGER, "z", KM_NONE, -2);
	assert_binds(k, MENU_ALIAS, "<Space>", OP_TAG_ENTRY);
	assert_binds(k, MENU_ALIAS, "d", OP_DELETE_ENTRY);
	assert_binds(k, MENU_QUERY, "Q", OP_QUERY);
	assert_binds(k, MENU_QUERY, "A", OP_QUERY_APPEND);
	assert_binds(k, MENU_ATTACH, "<Return>", OP_VIEW_ATTACH);
	assert_binds(k, MENU_ATTACH, "v", OP_COLLAPSE_PARTS);
	assert_binds(k, MENU_COMPOSE, "^Xe", OP_EDIT_FILE);
	assert_match(k, MENU_COMPOSE, "^X", KM_PREFIX, -2);
	assert_binds(k, MENU_COMPOSE, "y", OP_SEND_MESSAGE);
	assert_binds(k, MENU_COMPOSE, "\\ef", OP_EDIT_FROM);
	assert_binds(k, MENU_POSTPONE, "u", OP_UNDELETE_ENTRY);
	assert_binds(k, MENU_BROWSER, "<Tab>", OP_TOGGLE_MAILBOXES);
	assert_binds(k, MENU_BROWSER, "<Space>", OP_VIEW_FILE);
	assert_binds(k, MENU_PGP, "%", OP_VIEW_NAME);
	assert_binds(k, MENU_SMIME, "c", OP_VERIFY_KEY);
	assert_binds(k, MENU_MIX, "<Enter>", OP_ACCEPT); /* over generic's select-entry */
	assert_binds(k, MENU_MIX, "<Space>", OP_SELECT_ENTRY);
	assert_binds(k, MENU_MIX, "h", OP_CHAIN_PREV);
	assert_binds(k, MENU_EDITOR, "^A", OP_BOL);
	assert_binds(k, MENU_EDITOR, "<Backspace>", OP_BACKSPACE);
	assert_binds(k, MENU_EDITOR, "^H", OP_BACKSPACE);
	assert_binds(k, MENU_EDITOR, "\\177", OP_BACKSPACE);
	assert_binds(k, MENU_EDITOR, "<Space>", OP_BUFFY_CYCLE);
	assert_match(k, MENU_EDITOR, "q", KM_NONE, -2); /* text, not generic's exit */
	assert_match(k, MENU_EDITOR, "\\e", KM_PREFIX, -2);
	assert_binds(k, MENU_AUTOCRYPT, "D", OP_DELETE_ACCOUNT);
	assert_binds(k, MENU_LIST, "a", OP_LIST_ARCHIVE);
	assert_binds(k, MENU_LIST, "q", OP_EXIT); /* generic's */
	keymaps_free(&k);
}

/* ---- Binding ------------------------------------------------------------------------ */

static void multi_key_sequence_next_to_its_prefix(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq gg = ks("gg");
	(void)state;
	assert_int_equal(keymap_bind(k, MENU_INDEX, &gg, OP_FIRST_ENTRY), 0);
	/* "g" stays group-reply (mutt would drop it); it is also a prefix now */
	assert_match(k, MENU_INDEX, "g", KM_PREFIX, OP_GROUP_REPLY);
	assert_binds(k, MENU_INDEX, "gg", OP_FIRST_ENTRY);
	assert_match(k, MENU_INDEX, "gx", KM_NONE, -2);
	assert_match(k, MENU_INDEX, "ggg", KM_NONE, -2);
	/* three keys deep, with nothing bound in between */
	struct keyseq abc = ks("\\Cxab");
	assert_int_equal(keymap_bind(k, MENU_INDEX, &abc, OP_LIMIT), 0);
	assert_match(k, MENU_INDEX, "^X", KM_PREFIX, -2);
	assert_match(k, MENU_INDEX, "^Xa", KM_PREFIX, -2);
	assert_binds(k, MENU_INDEX, "^Xab", OP_LIMIT);
	keymaps_free(&k);
}

static void generic_applies_everywhere_but_pager_and_editor(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq x = ks("X"), qq = ks("qq");
	(void)state;
	keymap_bind(k, MENU_GENERIC, &x, OP_HELP);
	for (int m = 0; m < MENU_COUNT; m++) {
		int op;
		enum km_match r = look(k, (enum menu_id)m, "X", &op);
		if (m == MENU_PAGER || m == MENU_EDITOR)
			assert_int_equal(r, KM_NONE);
		else if (m == MENU_COMPOSE) /* compose binds nothing to X; generic's help shows */
			assert_true(r == KM_EXACT && op == OP_HELP);
		else
			assert_true(r == KM_EXACT);
	}
	/* a longer generic binding makes a menu's own key a prefix too */
	keymap_bind(k, MENU_GENERIC, &qq, OP_EXIT);
	assert_match(k, MENU_INDEX, "q", KM_PREFIX, OP_QUIT);
	assert_binds(k, MENU_INDEX, "qq", OP_EXIT);
	assert_binds(k, MENU_PAGER, "q", OP_EXIT); /* no generic in the pager */
	keymaps_free(&k);
}

static void noop_hides_generic_but_unbind_uncovers_it(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq eq = ks("="), j = ks("j"), d = ks("d");
	const struct binding **v;
	size_t n;
	(void)state;
	/* bind index = noop: "Key is not bound", not generic's first-entry (mutt) */
	keymap_bind(k, MENU_INDEX, &eq, OP_NULL);
	assert_match(k, MENU_INDEX, "=", KM_EXACT, OP_NULL);
	n = keymap_list(k, MENU_INDEX, &v);
	for (size_t i = 0; i < n; i++)
		assert_false(v[i]->keys.n == 1 && v[i]->keys.keys[0] == '=');
	free(v);
	/* unbind really removes: j falls through to generic's next-entry (NeoMutt) */
	keymap_unbind(k, MENU_INDEX, &j);
	assert_binds(k, MENU_INDEX, "j", OP_NEXT_ENTRY);
	keymap_unbind(k, MENU_INDEX, &d);
	assert_match(k, MENU_INDEX, "d", KM_NONE, -2);
	keymap_unbind(k, MENU_INDEX, &d); /* twice is harmless */
	/* every key of a menu */
	keymap_unbind(k, MENU_INDEX, NULL);
	assert_binds(k, MENU_INDEX, "q", OP_EXIT);
	assert_match(k, MENU_INDEX, "r", KM_NONE, -2);
	keymaps_free(&k);
}

static void macros_replace_and_are_replaced_by_functions(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq x = ks("x");
	const struct binding *b;
	(void)state;
	assert_int_equal(keymap_macro(k, MENU_INDEX, &x, "<limit>~N<enter>", "new only"), 0);
	assert_int_equal(keymap_lookup(k, MENU_INDEX, x.keys, x.n, &b), KM_EXACT);
	assert_string_equal(b->macro, "<limit>~N<enter>");
	assert_string_equal(b->description, "new only");
	assert_int_equal(b->op, OP_NULL);
	keymap_macro(k, MENU_INDEX, &x, "y", "");
	keymap_lookup(k, MENU_INDEX, x.keys, x.n, &b);
	assert_string_equal(b->macro, "y");
	assert_null(b->description);
	keymap_bind(k, MENU_INDEX, &x, OP_EXIT);
	assert_binds(k, MENU_INDEX, "x", OP_EXIT);
	keymap_lookup(k, MENU_INDEX, x.keys, x.n, &b);
	assert_null(b->macro);
	/* unbind and unmacro each take their own kind */
	keymap_macro(k, MENU_INDEX, &x, "y", NULL);
	keymap_unbind_kind(k, MENU_INDEX, &x, UNBIND_FUNCTION);
	assert_match(k, MENU_INDEX, "x", KM_EXACT, -1);
	keymap_unbind_kind(k, MENU_INDEX, &x, UNBIND_MACRO);
	assert_match(k, MENU_INDEX, "x", KM_NONE, -2);
	keymaps_free(&k);
}

static void bad_arguments_are_refused(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq empty = { .n = 0 }, x = ks("x");
	(void)state;
	assert_int_equal(keymap_bind(k, MENU_INDEX, &empty, OP_EXIT), ERR_INVAL);
	assert_int_equal(keymap_bind(k, MENU_COUNT, &x, OP_EXIT), ERR_INVAL);
	assert_int_equal(keymap_bind(k, MENU_INDEX, &x, OP_COUNT), ERR_INVAL);
	assert_int_equal(keymap_macro(k, MENU_INDEX, &x, NULL, NULL), ERR_INVAL);
	keymap_unbind(k, MENU_COUNT, &x);
	keymap_unbind(k, MENU_INDEX, &empty);
	assert_binds(k, MENU_INDEX, "x", OP_EXIT);
	keymaps_free(&k);
}

/* ---- Help lists ------------------------------------------------------------------- */

static void list_shows_own_then_unshadowed_generic(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq x = ks("x");
	const struct binding **v;
	size_t n, own = 0;
	bool seen_macro = false, z = false;
	(void)state;
	keymap_macro(k, MENU_INDEX, &x, "<exit>", "leave");
	n = keymap_list(k, MENU_INDEX, &v);
	/* index's own bindings come first, then generic's */
	while (own < n && keymap_get(k, MENU_INDEX, &v[own]->keys) == v[own])
		own++;
	assert_int_equal(own, 82);
	for (size_t i = own; i < n; i++) {
		assert_ptr_equal(keymap_get(k, MENU_GENERIC, &v[i]->keys), v[i]);
		assert_null(keymap_get(k, MENU_INDEX, &v[i]->keys)); /* not shadowed */
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->macro) {
			assert_string_equal(v[i]->description, "leave");
			seen_macro = true;
		}
		/* generic's j (next-entry) is shadowed by index's j; its z (next-page) is not */
		if (v[i]->keys.n == 1 && v[i]->keys.keys[0] == 'j')
			assert_int_equal(v[i]->op, OP_NEXT_UNDELETED);
		if (v[i]->keys.n == 1 && v[i]->keys.keys[0] == 'z') {
			assert_int_equal(v[i]->op, OP_NEXT_PAGE);
			z = true;
		}
		/* each part in key order */
		if (i > 0 && i != own)
			assert_true(v[i - 1]->keys.keys[0] <= v[i]->keys.keys[0]);
	}
	assert_true(seen_macro);
	assert_true(z);
	free(v);
	keymaps_free(&k);
}

static void find_op_gives_the_help_bar_key(void **state)
{
	struct keymaps *k = keymaps_new();
	struct keyseq out;
	struct buf b = BUF_INIT;
	(void)state;
	assert_true(keymap_find_op(k, MENU_INDEX, OP_QUIT, &out));
	keyseq_format(&out, &b);
	assert_buf_eq(&b, "q");
	assert_true(keymap_find_op(k, MENU_INDEX, OP_HELP, &out)); /* through generic */
	buf_reset(&b);
	keyseq_format(&out, &b);
	assert_buf_eq(&b, "?");
	assert_true(keymap_find_op(k, MENU_PAGER, OP_EXIT, &out));
	buf_reset(&b);
	keyseq_format(&out, &b);
	assert_buf_eq(&b, "i"); /* mutt's pager bar says "i:Exit" */
	assert_false(keymap_find_op(k, MENU_INDEX, OP_ROOT_MESSAGE, &out));
	buf_release(&b);
	keymaps_free(&k);
}

/* ---- Dump ----------------------------------------------------------------------------- */

static void dump_of_defaults_is_empty(void **state)
{
	struct keymaps *k = keymaps_new();
	struct buf out = BUF_INIT;
	(void)state;
	keymap_dump(k, &out);
	assert_buf_eq(&out, "");
	buf_release(&out);
	keymaps_free(&k);
}

static void dump_writes_only_changes(void **state)
{
	struct keymaps *k = keymaps_new();
	struct buf out = BUF_INIT;
	struct keyseq d = ks("d"), eq = ks("="), gg = ks("gg"), x = ks("x"), caret = ks("^^"),
		      semi = ks(";"), j = ks("j");
	(void)state;
	keymap_unbind(k, MENU_INDEX, &d);
	keymap_bind(k, MENU_INDEX, &eq, OP_NULL);
	keymap_bind(k, MENU_INDEX, &gg, OP_FIRST_ENTRY);
	keymap_bind(k, MENU_INDEX, &j, OP_NEXT_UNDELETED); /* the default again: nothing */
	keymap_macro(k, MENU_PAGER, &x, "<exit><limit>~f 'bob'<enter>", "bob's");
	keymap_macro(k, MENU_PAGER, &caret, "\x1b$HOME\\\"`", NULL);
	keymap_bind(k, MENU_PAGER, &semi, OP_TOP);
	keymap_dump(k, &out);
	assert_buf_eq(&out, "unbind index d\n"
			    "bind index = noop\n"
			    "bind index gg first-entry\n"
			    "bind pager <73> top\n"
			    "macro pager <136> \"\\e\\$HOME\\\\\\\"\\`\"\n"
			    "macro pager x \"<exit><limit>~f 'bob'<enter>\" \"bob's\"\n");
	buf_release(&out);
	keymaps_free(&k);
}

/* Run rc text through config_run, which must succeed. */
static void run(struct config *c, const char *text)
{
	struct buf err = BUF_INIT;

	if (config_run(c, text, NULL, 0, &err) != 0)
		fail_msg("\"%s\": %s", text, err.data);
	buf_release(&err);
}

/* The dump read into a fresh config dumps the same. */
static void check_dump_round_trip(struct config *c)
{
	struct config *fresh = config_new();
	struct buf first = BUF_INIT, second = BUF_INIT;

	keymap_dump(cfg_keymaps(c), &first);
	assert_true(utf8_valid(first.data, first.len)); /* other bytes as octal escapes */
	for (const char *p = first.data; *p;) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, (size_t)(nl - p));
		run(fresh, line);
		free(line);
		p = nl + 1;
	}
	keymap_dump(cfg_keymaps(fresh), &second);
	assert_buf_eq(&second, first.data);
	buf_release(&first);
	buf_release(&second);
	config_free(&fresh);
}

static void dump_round_trips_through_the_rc_language(void **state)
{
	struct config *c = config_new();
	(void)state;
	run(c, "unbind index d");
	run(c, "bind index,pager = noop");
	run(c, "bind index gg first-entry");
	run(c, "bind generic \\e\\Cx help");
	run(c, "bind pager ^ exit");
	run(c, "bind pager \\\\ top");
	run(c, "bind pager \\; bottom");
	run(c, "bind editor '#' kill-line");
	run(c, "bind editor <F12><Esc>\xc3\xa9 eol");
	run(c, "bind editor '\"' eol");
	run(c, "bind index \"'\" limit");
	run(c, "bind index $ limit");
	run(c, "bind index '`' limit");
	run(c, "bind index \\Cy limit");
	run(c, "bind index \\035 limit");
	run(c, "bind index '<F1>x' limit");
	run(c, "bind index \\<F1> limit");
	run(c, "macro index x \"<limit>~N<enter><tag-pattern>~f bob<enter>\" 'new from bob'");
	run(c, "macro index,pager X '<shell-escape>echo \"$HOME\" `date` \\\\e<enter>'");
	run(c, "macro compose \\ey \"a\\tb\\nc\\e ^^ ^x\" \"it's\"");
	run(c, "macro attach Z ''");
	run(c, "macro attach U \"\\377\\303 \\001\" \"\\376\"");
	run(c, "unbind pager");
	run(c, "unmacro index X");
	check_dump_round_trip(c);
	config_free(&c);
}

/* ---- The rc commands ------------------------------------------------------------------ */

static int run_err(struct config *c, const char *text, struct buf *err)
{
	buf_reset(err);
	return config_run(c, text, NULL, 0, err);
}

static void bind_command_binds_in_each_menu(void **state)
{
	struct config *c = config_new();
	struct keymaps *k;
	(void)state;
	run(c, "bind index,pager \\Cg exit");
	run(c, "bind INDEX gg first-entry");
	run(c, "bind generic,alias ^y help");
	run(c, "bind index \"<esc>c\" limit");
	run(c, "bind pager 'x' noop");
	k = cfg_keymaps(c);
	assert_binds(k, MENU_INDEX, "^G", OP_EXIT);
	assert_binds(k, MENU_PAGER, "^G", OP_EXIT);
	assert_binds(k, MENU_INDEX, "gg", OP_FIRST_ENTRY);
	assert_binds(k, MENU_ALIAS, "^Y", OP_HELP);
	assert_binds(k, MENU_INDEX, "^Y", OP_HELP); /* generic's */
	assert_binds(k, MENU_INDEX, "\\ec", OP_LIMIT);
	assert_match(k, MENU_PAGER, "x", KM_EXACT, OP_NULL);
	config_free(&c);
}

static void bind_command_errors_name_the_culprit(void **state)
{
	struct config *c = config_new();
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(run_err(c, "bind pager x foo", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: function 'foo' not available in menu pager"));
	assert_int_equal(run_err(c, "bind pager x limit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: function 'limit' not available in menu pager"));
	assert_int_equal(run_err(c, "bind foo x exit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: no such menu 'foo'"));
	assert_int_equal(run_err(c, "bind index,,pager x exit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "no such menu ''"));
	assert_int_equal(run_err(c, "bind index <400> exit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: bad key '<400>'"));
	assert_int_equal(run_err(c, "bind index \"\" exit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "empty key sequence"));
	assert_int_equal(run_err(c, "bind index x", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: too few arguments"));
	assert_int_equal(run_err(c, "bind index x exit now", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "bind: too many arguments"));
	assert_int_equal(run_err(c, "macro index", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "macro: too few arguments"));
	assert_int_equal(run_err(c, "macro index x y z w", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "macro: too many arguments"));
	/* mutt binds where it can and reports the rest */
	assert_int_equal(run_err(c, "bind index,pager,alias L limit", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "not available in menu pager"));
	assert_binds(cfg_keymaps(c), MENU_INDEX, "L", OP_LIMIT);
	buf_release(&err);
	config_free(&c);
}

static void unbind_and_unmacro_commands(void **state)
{
	struct config *c = config_new();
	struct keymaps *k;
	struct buf err = BUF_INIT;
	(void)state;
	run(c, "macro index,pager x <exit>");
	run(c, "unbind index x"); /* a macro: unbind leaves it */
	k = cfg_keymaps(c);
	assert_match(k, MENU_INDEX, "x", KM_EXACT, -1);
	run(c, "unmacro index x");
	assert_match(k, MENU_INDEX, "x", KM_NONE, -2); /* the macro had replaced index's own x */
	config_free(&c);

	c = config_new();
	k = cfg_keymaps(c);
	run(c, "macro index,pager x <exit>");
	run(c, "unmacro * x");
	assert_match(k, MENU_INDEX, "x", KM_NONE, -2);
	run(c, "unbind index j");
	assert_binds(k, MENU_INDEX, "j", OP_NEXT_ENTRY);
	/* every key of a menu; mutt's defaults for :, ?, q and Enter stay */
	run(c, "macro index M <exit>");
	run(c, "unbind index");
	assert_match(k, MENU_INDEX, "d", KM_NONE, -2);
	assert_match(k, MENU_INDEX, "M", KM_EXACT, -1); /* unbind leaves macros */
	assert_binds(k, MENU_INDEX, "q", OP_QUIT);
	assert_binds(k, MENU_INDEX, "<Return>", OP_DISPLAY_MESSAGE);
	run(c, "unmacro index");
	assert_binds(k, MENU_INDEX, "M", OP_MIDDLE_PAGE); /* generic's shows through */
	run(c, "unbind *");
	assert_binds(k, MENU_INDEX, "?", OP_HELP);
	assert_binds(k, MENU_PAGER, "q", OP_EXIT);
	assert_binds(k, MENU_EDITOR, "<Backspace>", OP_BACKSPACE);
	assert_match(k, MENU_PAGER, "j", KM_NONE, -2);
	assert_match(k, MENU_GENERIC, "j", KM_NONE, -2);
	assert_int_equal(run_err(c, "unbind nosuch", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "unbind: no such menu 'nosuch'"));
	assert_int_equal(run_err(c, "unmacro index x y", &err), ERR_INVAL);
	assert_non_null(strstr(err.data, "unmacro: too many arguments"));
	assert_int_equal(run_err(c, "unbind", &err), ERR_INVAL);
	buf_release(&err);
	config_free(&c);
}

static void mutts_sample_muttrc_bindings_load(void **state)
{
	/* Lines from the Muttrc mutt ships, as they are. */
	static const char *const lines[] = {
		"bind editor    \"\\e<delete>\"    kill-word",
		"bind editor    \"\\e<backspace>\" kill-word",
		"bind editor     <delete>  delete-char",
		"macro index \\eb \"<search>~b \" \"search in message bodies\"",
		"macro index,pager,attach,compose \\cb \"\\\n<pipe-message> urlview<Enter>\" \"call urlview\"",
		"macro generic,pager <F1> \"<shell-escape> zcat /usr/share/doc/mutt/manual.txt.gz | sensible-pager<enter>\" \"show Mutt documentation\"",
		"bind index \\; tag-entry",
		"bind index ' ' next-page",
		"macro index z \"<limit>~T<Enter>\"",
		"bind index \\cu sync-mailbox",
	};
	struct config *c = config_new();
	struct keymaps *k;
	const struct binding *b;
	struct keyseq keys;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		run(c, lines[i]);
	k = cfg_keymaps(c);
	assert_binds(k, MENU_EDITOR, "\\e<Delete>", OP_KILL_WORD);
	assert_binds(k, MENU_EDITOR, "<Delete>", OP_DELETE_CHAR);
	assert_binds(k, MENU_INDEX, ";", OP_TAG_ENTRY);
	assert_binds(k, MENU_INDEX, "<Space>", OP_NEXT_PAGE);
	assert_binds(k, MENU_INDEX, "^U", OP_SYNC_MAILBOX);
	keys = ks("\\eb");
	assert_int_equal(keymap_lookup(k, MENU_INDEX, keys.keys, keys.n, &b), KM_EXACT);
	assert_string_equal(b->macro, "<search>~b ");
	assert_string_equal(b->description, "search in message bodies");
	keys = ks("<F1>");
	assert_int_equal(keymap_lookup(k, MENU_PAGER, keys.keys, keys.n, &b), KM_EXACT);
	assert_non_null(strstr(b->macro, "<shell-escape> zcat"));
	check_dump_round_trip(c);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(functions_are_sorted_unique_and_described),
		cmocka_unit_test(menus_have_mutts_names),
		cmocka_unit_test(menus_offer_their_functions_and_generics),
		cmocka_unit_test(defaults_every_menu_lists_mutts_bindings),
		cmocka_unit_test(defaults_sampled_per_menu),
		cmocka_unit_test(multi_key_sequence_next_to_its_prefix),
		cmocka_unit_test(generic_applies_everywhere_but_pager_and_editor),
		cmocka_unit_test(noop_hides_generic_but_unbind_uncovers_it),
		cmocka_unit_test(macros_replace_and_are_replaced_by_functions),
		cmocka_unit_test(bad_arguments_are_refused),
		cmocka_unit_test(list_shows_own_then_unshadowed_generic),
		cmocka_unit_test(find_op_gives_the_help_bar_key),
		cmocka_unit_test(dump_of_defaults_is_empty),
		cmocka_unit_test(dump_writes_only_changes),
		cmocka_unit_test(dump_round_trips_through_the_rc_language),
		cmocka_unit_test(bind_command_binds_in_each_menu),
		cmocka_unit_test(bind_command_errors_name_the_culprit),
		cmocka_unit_test(unbind_and_unmacro_commands),
		cmocka_unit_test(mutts_sample_muttrc_bindings_load),
	};
	return RUN_TESTS(tests);
}
