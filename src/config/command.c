/*
 * command.c - the command table (every command mutt 2.2 has, plus
 * NeoMutt's ifdef, ifndef, finish, unbind and unmacro) and the handlers of
 * the rc core: source, echo, setenv, ifdef, finish, cd, and the one that
 * accepts what tern does not do yet.
 */
#include "config/internal.h"

#define HOOK(name, type)                   \
	{                                  \
		name, cmd_hook, type, true \
	}
#define LIST(name, which)                   \
	{                                   \
		name, cmd_list, which, true \
	}
#define UNLIST(name, which)                   \
	{                                     \
		name, cmd_unlist, which, true \
	}
#define LATER(name)                        \
	{                                  \
		name, cmd_accept, 0, false \
	}

/* Sorted by name. */
static const struct rc_command commands[] = {
	HOOK("account-hook", HOOK_ACCOUNT),
	{ "alias", cmd_alias, 0, true },
	LIST("alternates", L_ALTERNATES),
	LIST("alternative_order", L_ALTERNATIVE_ORDER),
	HOOK("append-hook", HOOK_APPEND),
	{ "attachments", cmd_attachments, 0, true },
	LIST("auto_view", L_AUTO_VIEW),
	{ "bind", cmd_bind, 0, true },
	{ "cd", cmd_cd, 0, true },
	HOOK("charset-hook", HOOK_CHARSET),
	HOOK("close-hook", HOOK_CLOSE),
	{ "color", cmd_color, 0, true },
	HOOK("crypt-hook", HOOK_CRYPT),
	{ "echo", cmd_echo, 0, true },
	{ "exec", cmd_exec, 0, true },
	HOOK("fcc-hook", HOOK_FCC),
	HOOK("fcc-save-hook", HOOK_FCC_SAVE),
	{ "finish", cmd_finish, 0, true },
	HOOK("folder-hook", HOOK_FOLDER),
	LATER("group"),
	LIST("hdr_order", L_HDR_ORDER),
	HOOK("iconv-hook", HOOK_ICONV),
	{ "ifdef", cmd_ifdef, 0, true },
	{ "ifndef", cmd_ifdef, 1, true },
	LIST("ignore", L_IGNORE),
	HOOK("index-format-hook", HOOK_INDEX_FORMAT),
	LIST("lists", L_LISTS),
	{ "macro", cmd_macro, 0, true },
	LIST("mailboxes", L_MAILBOXES),
	LIST("mailto_allow", L_MAILTO_ALLOW),
	HOOK("mbox-hook", HOOK_MBOX),
	HOOK("message-hook", HOOK_MESSAGE),
	LIST("mime_lookup", L_MIME_LOOKUP),
	{ "mono", cmd_color, 1, true },
	LIST("my_hdr", L_MY_HDR),
	LATER("nospam"),
	HOOK("open-hook", HOOK_OPEN),
	HOOK("pgp-hook", HOOK_CRYPT),
	{ "push", cmd_push, 0, true },
	HOOK("reply-hook", HOOK_REPLY),
	{ "reset", cmd_set, SET_RESET, true },
	LATER("run"),
	HOOK("save-hook", HOOK_SAVE),
	LATER("score"),
	HOOK("send-hook", HOOK_SEND),
	HOOK("send2-hook", HOOK_SEND2),
	{ "set", cmd_set, SET_SET, true },
	{ "setenv", cmd_setenv, 0, true },
	LIST("sidebar_whitelist", L_SIDEBAR_WHITELIST),
	{ "source", cmd_source, 0, true },
	LATER("spam"),
	LATER("subjectrx"),
	LIST("subscribe", L_SUBSCRIBE),
	{ "toggle", cmd_set, SET_TOGGLE, true },
	{ "unalias", cmd_unalias, 0, true },
	UNLIST("unalternates", L_ALTERNATES),
	UNLIST("unalternative_order", L_ALTERNATIVE_ORDER),
	{ "unattachments", cmd_unattachments, 0, true },
	UNLIST("unauto_view", L_AUTO_VIEW),
	{ "unbind", cmd_unbind, 0, true },
	{ "uncolor", cmd_uncolor, 0, true },
	LATER("ungroup"),
	UNLIST("unhdr_order", L_HDR_ORDER),
	{ "unhook", cmd_unhook, 0, true },
	UNLIST("unignore", L_IGNORE),
	UNLIST("unlists", L_LISTS),
	{ "unmacro", cmd_unmacro, 0, true },
	UNLIST("unmailboxes", L_MAILBOXES),
	UNLIST("unmailto_allow", L_MAILTO_ALLOW),
	UNLIST("unmime_lookup", L_MIME_LOOKUP),
	{ "unmono", cmd_uncolor, 1, true },
	UNLIST("unmy_hdr", L_MY_HDR),
	LATER("unscore"),
	{ "unset", cmd_set, SET_UNSET, true },
	{ "unsetenv", cmd_setenv, 1, true },
	UNLIST("unsidebar_whitelist", L_SIDEBAR_WHITELIST),
	LATER("unsubjectrx"),
	UNLIST("unsubscribe", L_SUBSCRIBE),
};

static int compare_command(const void *key, const void *elem)
{
	return strcmp(key, ((const struct rc_command *)elem)->name);
}

size_t rc_command_count(void)
{
	return ARRAY_SIZE(commands);
}

const struct rc_command *rc_command_at(size_t i)
{
	return i < ARRAY_SIZE(commands) ? &commands[i] : NULL;
}

const struct rc_command *rc_command_find(const char *name)
{
	return bsearch(name, commands, ARRAY_SIZE(commands), sizeof(commands[0]), compare_command);
}

/* ---- source, echo, finish, cd -------------------------------------------- */

int cmd_source(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	(void)data;
	if (!rc_more(l)) {
		buf_addstr(err, _("source: which file?"));
		return ERR_INVAL;
	}
	while (rc == 0 && rc_more(l)) {
		if ((rc = rc_token(l, &path, 0, err)) == 0)
			rc = rc_source(l, path.data, err);
	}
	buf_release(&path);
	return rc;
}

/* The words, joined by spaces, are the message (mutt takes one; more do no harm). */
int cmd_echo(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct buf tok = BUF_INIT, msg = BUF_INIT;
	int rc = 0;

	(void)data;
	if (!rc_more(l)) {
		buf_addstr(err, _("echo: nothing to say"));
		return ERR_INVAL;
	}
	while (rc == 0 && rc_more(l)) {
		if ((rc = rc_token(l, &tok, 0, err)) != 0)
			break;
		if (msg.len)
			buf_addch(&msg, ' ');
		buf_addbuf(&msg, &tok);
	}
	if (rc == 0)
		buf_addbuf(err, &msg);
	buf_release(&tok);
	buf_release(&msg);
	return rc;
}

int cmd_finish(struct rc_line *l, intptr_t data, struct buf *err)
{
	(void)data;
	(void)err;
	rc_config(l)->finish = true;
	return 0;
}

int cmd_cd(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct config *c = rc_config(l);
	struct buf tok = BUF_INIT, dir = BUF_INIT;
	int rc = 0;

	(void)data;
	if (c->sandbox) {
		buf_addstr(err, _("cd: changing directory is disabled here"));
		return ERR_UNSUPPORTED;
	}
	if (rc_more(l) && (rc = rc_token(l, &tok, 0, err)) != 0)
		goto out;
	var_expand_path(c, tok.len ? tok.data : "~", &dir);
	if (chdir(dir.data) != 0) {
		buf_printf(err, "cd: %s: %s", dir.data, strerror(errno));
		rc = ERR_IO;
	}
out:
	buf_release(&tok);
	buf_release(&dir);
	return rc;
}

/* ---- setenv, unsetenv ---------------------------------------------------------- */

extern char **environ;

static int setenv_query(struct rc_line *l, struct buf *err)
{
	struct buf name = BUF_INIT;
	const char *v;
	int rc = 0;

	rc_skip(l, 1);
	if (rc_more(l) && (rc = rc_token(l, &name, 0, err)) != 0)
		goto out;
	if (!name.len) {
		for (char **e = environ; e && *e; e++)
			buf_printf(err, "%s%s", e == environ ? "" : "\n", *e);
	} else if ((v = getenv(name.data))) {
		buf_printf(err, "%s=%s", name.data, v);
	} else {
		buf_printf(err, _("%s is not in the environment"), name.data);
	}
out:
	buf_release(&name);
	return rc;
}

/*
 * setenv changes tern's own environment, so later $NAME references see it
 * as well as the commands tern runs (mutt 2.2 keeps it for the commands only).
 */
int cmd_setenv(struct rc_line *l, intptr_t unset, struct buf *err)
{
	const char *cmd = unset ? "unsetenv" : "setenv";
	struct buf name = BUF_INIT, value = BUF_INIT;
	int rc = ERR_INVAL;

	if (rc_config(l)->sandbox) {
		buf_printf(err, _("%s: changing the environment is disabled here"), cmd);
		return ERR_UNSUPPORTED;
	}
	if (!unset && rc_peek(l) == '?')
		return setenv_query(l, err);
	if (!rc_more(l) || (rc = rc_token(l, &name, TOK_EQUAL, err)) != 0)
		goto usage;
	rc = ERR_INVAL;
	if (!name.len || strchr(name.data, '='))
		goto usage;
	if (unset) {
		unsetenv(name.data);
		rc = 0;
		goto out;
	}
	if (rc_peek(l) == '=')
		rc_skip(l, 1);
	if (!rc_more(l) || (rc = rc_token(l, &value, 0, err)) != 0)
		goto usage;
	rc = setenv(name.data, value.data, 1) == 0 ? 0 : ERR_INVAL;
	if (rc)
		buf_printf(err, "%s: %s", cmd, strerror(errno));
	goto out;
usage:
	if (!err->len)
		buf_printf(err, unset ? _("usage: unsetenv NAME") : _("usage: setenv NAME VALUE"));
out:
	buf_release(&name);
	buf_release(&value);
	return rc;
}

/* ---- ifdef, ifndef ------------------------------------------------------- */

/*
 * Features for ifdef: what tern is built with or understands the settings
 * of (it accepts every variable mutt has, so guarded settings still load).
 */
static const char *const features[] = {
	"hcache", "iconv", "idn",  "imap", "lmdb",    "openssl",
	"pop",    "sasl",  "smtp", "ssl",  "sidebar", "compressed",
#ifdef ENABLE_NLS
	"nls",
#endif
};

static bool is_function(const char *name)
{
	for (int m = 0; m < MENU_COUNT; m++)
		if (op_lookup((enum menu_id)m, name) != OP_NULL)
			return true;
	return false;
}

static bool is_defined(const struct config *c, const char *name)
{
	if (var_lookup(name) >= 0 || my_var_find(c, name) || rc_command_find(name) ||
	    is_function(name) || getenv(name))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		if (strcmp(features[i], name) == 0)
			return true;
	return false;
}

/*
 * ifdef SYMBOL COMMAND...: the rest of the command runs when SYMBOL is a
 * variable, a command, a function, a feature or an environment variable.
 * COMMAND may be one quoted argument ('set a=1; set b=2'), run as a line.
 */
int cmd_ifdef(struct rc_line *l, intptr_t negate, struct buf *err)
{
	struct buf sym = BUF_INIT, cmd = BUF_INIT;
	int rc, q;

	if ((rc = rc_token(l, &sym, 0, err)) != 0)
		goto out;
	if (!sym.len || !rc_more(l)) {
		buf_printf(err, _("%s: too few arguments"), negate ? "ifndef" : "ifdef");
		rc = ERR_INVAL;
		goto out;
	}
	if (is_defined(rc_config(l), sym.data) == (negate != 0)) {
		rc = rc_skip_command(l, err);
		goto out;
	}
	q = rc_peek(l);
	if (q != '\'' && q != '"') {
		rc = rc_run_rest(l, err);
		goto out;
	}
	if ((rc = rc_token(l, &cmd, 0, err)) == 0 && !rc_more(l))
		rc = rc_run_nested(l, cmd.data, err);
out:
	buf_release(&sym);
	buf_release(&cmd);
	return rc;
}

/* ---- what tern accepts but does not do yet ----------------------------------- */

int cmd_accept(struct rc_line *l, intptr_t data, struct buf *err)
{
	struct buf tok = BUF_INIT;
	int rc = 0;

	(void)data;
	while (rc == 0 && rc_more(l))
		rc = rc_token(l, &tok, 0, err);
	buf_release(&tok);
	return rc;
}
