/*
 * keymap.c - the functions, the menus that offer them, mutt's default
 * bindings, and the keymaps bind and macro change.
 *
 * A menu's bindings are kept sorted by key sequence, so the bindings that
 * start with a given sequence sit together right after where it would go:
 * one binary search answers "exact", "prefix of a longer one" or neither.
 * Unlike mutt, binding "gg" keeps "g": the dispatcher waits a moment after
 * "g" for a second key (input.c), so both stay reachable.
 */
#include "config/internal.h"

/* ---- Functions ---------------------------------------------------------- */

static const char *const op_names[OP_COUNT] = {
	[OP_NULL] = "noop",
#define FUNC(op, name, desc) [op] = name,
#include "config/functions.def"
#undef FUNC
};

static const char *const op_descs[OP_COUNT] = {
	[OP_NULL] = N_("do nothing (removes a binding)"),
#define FUNC(op, name, desc) [op] = desc,
#include "config/functions.def"
#undef FUNC
};

const char *op_name(enum op op)
{
	return (unsigned)op < OP_COUNT ? op_names[op] : "";
}

const char *op_description(enum op op)
{
	return (unsigned)op < OP_COUNT ? _(op_descs[op]) : "";
}

static int cmp_name(const char *s, size_t n, const char *name)
{
	int c = strncmp(s, name, n);
	if (c != 0)
		return c;
	return name[n] ? -1 : 0;
}

/* functions.def is in name order (a unit test checks), so the ops are too. */
int op_find(const char *name, size_t len)
{
	size_t lo = 1, hi = OP_COUNT;

	if (cmp_name(name, len, "noop") == 0)
		return OP_NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(name, len, op_names[mid]);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* ---- Menus -------------------------------------------------------------- */

static const char *const menu_names[MENU_COUNT] = {
	[MENU_GENERIC] = "generic", [MENU_INDEX] = "index",         [MENU_PAGER] = "pager",
	[MENU_ALIAS] = "alias",     [MENU_QUERY] = "query",         [MENU_ATTACH] = "attach",
	[MENU_COMPOSE] = "compose", [MENU_POSTPONE] = "postpone",   [MENU_BROWSER] = "browser",
	[MENU_PGP] = "pgp",         [MENU_SMIME] = "smime",         [MENU_MIX] = "mix",
	[MENU_EDITOR] = "editor",   [MENU_AUTOCRYPT] = "autocrypt", [MENU_LIST] = "list",
};

/*
 * Other names mutt and NeoMutt accept. mutt's gpgme key selection menus
 * have no functions of their own; tern's PGP and S/MIME menus stand in.
 */
static const struct {
	const char *name;
	enum menu_id menu;
} menu_aliases[] = {
	{ "key_select_pgp", MENU_PGP },
	{ "key_select_smime", MENU_SMIME },
	{ "autocrypt_account", MENU_AUTOCRYPT },
};

const char *menu_name(enum menu_id m)
{
	return (unsigned)m < MENU_COUNT ? menu_names[m] : "";
}

int menu_lookup(const char *name)
{
	for (int m = 0; m < MENU_COUNT; m++)
		if (ascii_strcasecmp(name, menu_names[m]) == 0)
			return m;
	for (size_t i = 0; i < ARRAY_SIZE(menu_aliases); i++)
		if (ascii_strcasecmp(name, menu_aliases[i].name) == 0)
			return (int)menu_aliases[i].menu;
	return -1;
}

/* True when keys not bound in m are looked up in generic (mutt: all but the pager and editor). */
static bool uses_generic(enum menu_id m)
{
	return m != MENU_GENERIC && m != MENU_PAGER && m != MENU_EDITOR;
}

/* ---- Defaults (mutt 2.2's manual, "Functions") --------------------------- */

/* A function a menu offers, with one default key sequence (keyseq_parse's notation) or none. */
struct default_binding {
	enum op op;
	const char *keys;
};

/* generic: every menu but the pager and the editor falls back to these. */
static const struct default_binding generic_defaults[] = {
	{ OP_BOTTOM_PAGE, "L" },
	{ OP_CHECK_STATS, NULL },
	{ OP_CURRENT_BOTTOM, NULL },
	{ OP_CURRENT_MIDDLE, NULL },
	{ OP_CURRENT_TOP, NULL },
	{ OP_END_COND, NULL },
	{ OP_ENTER_COMMAND, ":" },
	{ OP_ERROR_HISTORY, NULL },
	{ OP_EXIT, "q" },
	{ OP_FIRST_ENTRY, "<Home>" },
	{ OP_FIRST_ENTRY, "=" },
	{ OP_HALF_DOWN, "]" },
	{ OP_HALF_UP, "[" },
	{ OP_HELP, "?" },
	{ OP_JUMP, "1" },
	{ OP_JUMP, "2" },
	{ OP_JUMP, "3" },
	{ OP_JUMP, "4" },
	{ OP_JUMP, "5" },
	{ OP_JUMP, "6" },
	{ OP_JUMP, "7" },
	{ OP_JUMP, "8" },
	{ OP_JUMP, "9" },
	{ OP_LAST_ENTRY, "<End>" },
	{ OP_LAST_ENTRY, "*" },
	{ OP_MIDDLE_PAGE, "M" },
	{ OP_NEXT_ENTRY, "<Down>" },
	{ OP_NEXT_ENTRY, "j" },
	{ OP_NEXT_LINE, ">" },
	{ OP_NEXT_PAGE, "<PageDown>" },
	{ OP_NEXT_PAGE, "<Right>" },
	{ OP_NEXT_PAGE, "z" },
	{ OP_PREVIOUS_ENTRY, "<Up>" },
	{ OP_PREVIOUS_ENTRY, "k" },
	{ OP_PREVIOUS_LINE, "<" },
	{ OP_PREVIOUS_PAGE, "<Left>" },
	{ OP_PREVIOUS_PAGE, "<PageUp>" },
	{ OP_PREVIOUS_PAGE, "Z" },
	{ OP_REFRESH, "\\Cl" },
	{ OP_SEARCH, "/" },
	{ OP_SEARCH_NEXT, "n" },
	{ OP_SEARCH_OPPOSITE, NULL },
	{ OP_SEARCH_REVERSE, "\\e/" },
	{ OP_SELECT_ENTRY, "<Enter>" },
	{ OP_SELECT_ENTRY, "<KeypadEnter>" },
	{ OP_SELECT_ENTRY, "<Return>" },
	{ OP_SHELL_ESCAPE, "!" },
	{ OP_TAG_ENTRY, "t" },
	{ OP_TAG_PREFIX, ";" },
	{ OP_TAG_PREFIX_COND, NULL },
	{ OP_TOP_PAGE, "H" },
	{ OP_WHAT_KEY, NULL },
};

static const struct default_binding index_defaults[] = {
	{ OP_AUTOCRYPT_ACCT_MENU, "A" },
	{ OP_BACKGROUND_COMPOSE_MENU, "B" },
	{ OP_BOUNCE_MESSAGE, "b" },
	{ OP_BREAK_THREAD, "#" },
	{ OP_BROWSE_MAILBOXES, "y" },
	{ OP_BROWSE_MAILBOXES_READONLY, NULL },
	{ OP_BUFFY_LIST, "." },
	{ OP_CHANGE_FOLDER, "c" },
	{ OP_CHANGE_FOLDER_READONLY, "\\ec" },
	{ OP_CHECK_TRADITIONAL_PGP, "\\eP" },
	{ OP_CLEAR_FLAG, "W" },
	{ OP_COLLAPSE_ALL, "\\eV" },
	{ OP_COLLAPSE_THREAD, "\\ev" },
	{ OP_COMPOSE_TO_SENDER, NULL },
	{ OP_COPY_MESSAGE, "C" },
	{ OP_CREATE_ALIAS, "a" },
	{ OP_DECODE_COPY, "\\eC" },
	{ OP_DECODE_SAVE, "\\es" },
	{ OP_DECRYPT_COPY, NULL },
	{ OP_DECRYPT_SAVE, NULL },
	{ OP_DELETE_MESSAGE, "d" },
	{ OP_DELETE_PATTERN, "D" },
	{ OP_DELETE_SUBTHREAD, "\\ed" },
	{ OP_DELETE_THREAD, "\\Cd" },
	{ OP_DISPLAY_ADDRESS, "@" },
	{ OP_DISPLAY_MESSAGE, "<Enter>" },
	{ OP_DISPLAY_MESSAGE, "<KeypadEnter>" },
	{ OP_DISPLAY_MESSAGE, "<Return>" },
	{ OP_DISPLAY_MESSAGE, "<Space>" },
	{ OP_DISPLAY_TOGGLE_WEED, "h" },
	{ OP_EDIT, "e" },
	{ OP_EDIT_LABEL, "Y" },
	{ OP_EDIT_TYPE, "\\Ce" },
	{ OP_EXIT, "x" },
	{ OP_EXTRACT_KEYS, "\\Ck" },
	{ OP_FETCH_MAIL, "G" },
	{ OP_FLAG_MESSAGE, "F" },
	{ OP_FORGET_PASSPHRASE, "\\Cf" },
	{ OP_FORWARD_MESSAGE, "f" },
	{ OP_GROUP_CHAT_REPLY, NULL },
	{ OP_GROUP_REPLY, "g" },
	{ OP_IMAP_FETCH_MAIL, NULL },
	{ OP_IMAP_LOGOUT_ALL, NULL },
	{ OP_LIMIT, "l" },
	{ OP_LINK_THREADS, "&" },
	{ OP_LIST_ACTION, "\\eL" },
	{ OP_LIST_REPLY, "L" },
	{ OP_MAIL, "m" },
	{ OP_MAIL_KEY, "\\ek" },
	{ OP_MARK_MESSAGE, "~" },
	{ OP_NEXT_ENTRY, "J" },
	{ OP_NEXT_NEW, NULL },
	{ OP_NEXT_NEW_THEN_UNREAD, "<Tab>" },
	{ OP_NEXT_SUBTHREAD, "\\en" },
	{ OP_NEXT_THREAD, "\\Cn" },
	{ OP_NEXT_UNDELETED, "<Down>" },
	{ OP_NEXT_UNDELETED, "j" },
	{ OP_NEXT_UNREAD, NULL },
	{ OP_NEXT_UNREAD_MAILBOX, NULL },
	{ OP_PARENT_MESSAGE, "P" },
	{ OP_PIPE_MESSAGE, "|" },
	{ OP_PREVIOUS_ENTRY, "K" },
	{ OP_PREVIOUS_NEW, NULL },
	{ OP_PREVIOUS_NEW_THEN_UNREAD, "\\e<Tab>" },
	{ OP_PREVIOUS_SUBTHREAD, "\\ep" },
	{ OP_PREVIOUS_THREAD, "\\Cp" },
	{ OP_PREVIOUS_UNDELETED, "<Up>" },
	{ OP_PREVIOUS_UNDELETED, "k" },
	{ OP_PREVIOUS_UNREAD, NULL },
	{ OP_PRINT_MESSAGE, "p" },
	{ OP_PURGE_MESSAGE, NULL },
	{ OP_QUERY, "Q" },
	{ OP_QUIT, "q" },
	{ OP_READ_SUBTHREAD, "\\er" },
	{ OP_READ_THREAD, "\\Cr" },
	{ OP_RECALL_MESSAGE, "R" },
	{ OP_REPLY, "r" },
	{ OP_RESEND_MESSAGE, "\\ee" },
	{ OP_ROOT_MESSAGE, NULL },
	{ OP_SAVE_MESSAGE, "s" },
	{ OP_SET_FLAG, "w" },
	{ OP_SHOW_LIMIT, "\\el" },
	{ OP_SHOW_VERSION, "V" },
	{ OP_SIDEBAR_FIRST, NULL },
	{ OP_SIDEBAR_LAST, NULL },
	{ OP_SIDEBAR_NEXT, NULL },
	{ OP_SIDEBAR_NEXT_NEW, NULL },
	{ OP_SIDEBAR_OPEN, NULL },
	{ OP_SIDEBAR_PAGE_DOWN, NULL },
	{ OP_SIDEBAR_PAGE_UP, NULL },
	{ OP_SIDEBAR_PREV, NULL },
	{ OP_SIDEBAR_PREV_NEW, NULL },
	{ OP_SIDEBAR_TOGGLE_VISIBLE, NULL },
	{ OP_SORT_MAILBOX, "o" },
	{ OP_SORT_REVERSE, "O" },
	{ OP_SYNC_MAILBOX, "$" },
	{ OP_TAG_PATTERN, "T" },
	{ OP_TAG_SUBTHREAD, NULL },
	{ OP_TAG_THREAD, "\\et" },
	{ OP_TOGGLE_NEW, "N" },
	{ OP_TOGGLE_WRITE, "%" },
	{ OP_UNDELETE_MESSAGE, "u" },
	{ OP_UNDELETE_PATTERN, "U" },
	{ OP_UNDELETE_SUBTHREAD, "\\eu" },
	{ OP_UNDELETE_THREAD, "\\Cu" },
	{ OP_UNTAG_PATTERN, "\\Ct" },
	{ OP_VIEW_ATTACHMENTS, "v" },
};

static const struct default_binding pager_defaults[] = {
	{ OP_BACKGROUND_COMPOSE_MENU, "B" },
	{ OP_BOTTOM, "<End>" },
	{ OP_BOUNCE_MESSAGE, "b" },
	{ OP_BREAK_THREAD, "#" },
	{ OP_BROWSE_MAILBOXES, "y" },
	{ OP_BROWSE_MAILBOXES_READONLY, NULL },
	{ OP_BUFFY_LIST, "." },
	{ OP_CHANGE_FOLDER, "c" },
	{ OP_CHANGE_FOLDER_READONLY, "\\ec" },
	{ OP_CHECK_STATS, NULL },
	{ OP_CHECK_TRADITIONAL_PGP, "\\eP" },
	{ OP_CLEAR_FLAG, "W" },
	{ OP_COMPOSE_TO_SENDER, NULL },
	{ OP_COPY_MESSAGE, "C" },
	{ OP_CREATE_ALIAS, "a" },
	{ OP_DECODE_COPY, "\\eC" },
	{ OP_DECODE_SAVE, "\\es" },
	{ OP_DECRYPT_COPY, NULL },
	{ OP_DECRYPT_SAVE, NULL },
	{ OP_DELETE_MESSAGE, "d" },
	{ OP_DELETE_SUBTHREAD, "\\ed" },
	{ OP_DELETE_THREAD, "\\Cd" },
	{ OP_DISPLAY_ADDRESS, "@" },
	{ OP_DISPLAY_TOGGLE_WEED, "h" },
	{ OP_EDIT, "e" },
	{ OP_EDIT_LABEL, "Y" },
	{ OP_EDIT_TYPE, "\\Ce" },
	{ OP_ENTER_COMMAND, ":" },
	{ OP_ERROR_HISTORY, NULL },
	{ OP_EXIT, "i" },
	{ OP_EXIT, "q" },
	{ OP_EXIT, "x" },
	{ OP_EXTRACT_KEYS, "\\Ck" },
	{ OP_FLAG_MESSAGE, "F" },
	{ OP_FORGET_PASSPHRASE, "\\Cf" },
	{ OP_FORWARD_MESSAGE, "f" },
	{ OP_GROUP_CHAT_REPLY, NULL },
	{ OP_GROUP_REPLY, "g" },
	{ OP_HALF_DOWN, NULL },
	{ OP_HALF_UP, NULL },
	{ OP_HELP, "?" },
	{ OP_IMAP_FETCH_MAIL, NULL },
	{ OP_IMAP_LOGOUT_ALL, NULL },
	{ OP_JUMP, "1" },
	{ OP_JUMP, "2" },
	{ OP_JUMP, "3" },
	{ OP_JUMP, "4" },
	{ OP_JUMP, "5" },
	{ OP_JUMP, "6" },
	{ OP_JUMP, "7" },
	{ OP_JUMP, "8" },
	{ OP_JUMP, "9" },
	{ OP_LINK_THREADS, "&" },
	{ OP_LIST_ACTION, "\\eL" },
	{ OP_LIST_REPLY, "L" },
	{ OP_MAIL, "m" },
	{ OP_MAIL_KEY, "\\ek" },
	{ OP_MARK_AS_NEW, "N" },
	{ OP_NEXT_ENTRY, "J" },
	{ OP_NEXT_LINE, "<Enter>" },
	{ OP_NEXT_LINE, "<KeypadEnter>" },
	{ OP_NEXT_LINE, "<Return>" },
	{ OP_NEXT_NEW, NULL },
	{ OP_NEXT_NEW_THEN_UNREAD, "<Tab>" },
	{ OP_NEXT_PAGE, "<PageDown>" },
	{ OP_NEXT_PAGE, "<Space>" },
	{ OP_NEXT_SUBTHREAD, "\\en" },
	{ OP_NEXT_THREAD, "\\Cn" },
	{ OP_NEXT_UNDELETED, "<Down>" },
	{ OP_NEXT_UNDELETED, "<Right>" },
	{ OP_NEXT_UNDELETED, "j" },
	{ OP_NEXT_UNREAD, NULL },
	{ OP_NEXT_UNREAD_MAILBOX, NULL },
	{ OP_PARENT_MESSAGE, "P" },
	{ OP_PIPE_MESSAGE, "|" },
	{ OP_PREVIOUS_ENTRY, "K" },
	{ OP_PREVIOUS_LINE, "<Backspace>" },
	{ OP_PREVIOUS_NEW, NULL },
	{ OP_PREVIOUS_NEW_THEN_UNREAD, NULL },
	{ OP_PREVIOUS_PAGE, "<PageUp>" },
	{ OP_PREVIOUS_PAGE, "-" },
	{ OP_PREVIOUS_SUBTHREAD, "\\ep" },
	{ OP_PREVIOUS_THREAD, "\\Cp" },
	{ OP_PREVIOUS_UNDELETED, "<Left>" },
	{ OP_PREVIOUS_UNDELETED, "<Up>" },
	{ OP_PREVIOUS_UNDELETED, "k" },
	{ OP_PREVIOUS_UNREAD, NULL },
	{ OP_PRINT_MESSAGE, "p" },
	{ OP_PURGE_MESSAGE, NULL },
	{ OP_QUIT, "Q" },
	{ OP_READ_SUBTHREAD, "\\er" },
	{ OP_READ_THREAD, "\\Cr" },
	{ OP_RECALL_MESSAGE, "R" },
	{ OP_REDRAW_SCREEN, "\\Cl" },
	{ OP_REPLY, "r" },
	{ OP_RESEND_MESSAGE, "\\ee" },
	{ OP_ROOT_MESSAGE, NULL },
	{ OP_SAVE_MESSAGE, "s" },
	{ OP_SEARCH, "/" },
	{ OP_SEARCH_NEXT, "n" },
	{ OP_SEARCH_OPPOSITE, NULL },
	{ OP_SEARCH_REVERSE, "\\e/" },
	{ OP_SEARCH_TOGGLE, "\\\\" },
	{ OP_SET_FLAG, "w" },
	{ OP_SHELL_ESCAPE, "!" },
	{ OP_SHOW_VERSION, "V" },
	{ OP_SIDEBAR_FIRST, NULL },
	{ OP_SIDEBAR_LAST, NULL },
	{ OP_SIDEBAR_NEXT, NULL },
	{ OP_SIDEBAR_NEXT_NEW, NULL },
	{ OP_SIDEBAR_OPEN, NULL },
	{ OP_SIDEBAR_PAGE_DOWN, NULL },
	{ OP_SIDEBAR_PAGE_UP, NULL },
	{ OP_SIDEBAR_PREV, NULL },
	{ OP_SIDEBAR_PREV_NEW, NULL },
	{ OP_SIDEBAR_TOGGLE_VISIBLE, NULL },
	{ OP_SKIP_HEADERS, "H" },
	{ OP_SKIP_QUOTED, "S" },
	{ OP_SORT_MAILBOX, "o" },
	{ OP_SORT_REVERSE, "O" },
	{ OP_SYNC_MAILBOX, "$" },
	{ OP_TAG_MESSAGE, "t" },
	{ OP_TOGGLE_QUOTED, "T" },
	{ OP_TOGGLE_WRITE, "%" },
	{ OP_TOP, "<Home>" },
	{ OP_TOP, "^" },
	{ OP_UNDELETE_MESSAGE, "u" },
	{ OP_UNDELETE_SUBTHREAD, "\\eu" },
	{ OP_UNDELETE_THREAD, "\\Cu" },
	{ OP_VIEW_ATTACHMENTS, "v" },
	{ OP_WHAT_KEY, NULL },
};

static const struct default_binding alias_defaults[] = {
	{ OP_DELETE_ENTRY, "d" },
	{ OP_TAG_ENTRY, "<Space>" },
	{ OP_UNDELETE_ENTRY, "u" },
};

static const struct default_binding query_defaults[] = {
	{ OP_CREATE_ALIAS, "a" },
	{ OP_MAIL, "m" },
	{ OP_QUERY, "Q" },
	{ OP_QUERY_APPEND, "A" },
};

static const struct default_binding attach_defaults[] = {
	{ OP_BOUNCE_MESSAGE, "b" },
	{ OP_CHECK_TRADITIONAL_PGP, "\\eP" },
	{ OP_COLLAPSE_PARTS, "v" },
	{ OP_COMPOSE_TO_SENDER, NULL },
	{ OP_DELETE_ENTRY, "d" },
	{ OP_DISPLAY_TOGGLE_WEED, "h" },
	{ OP_EDIT_TYPE, "\\Ce" },
	{ OP_EXTRACT_KEYS, "\\Ck" },
	{ OP_FORGET_PASSPHRASE, "\\Cf" },
	{ OP_FORWARD_MESSAGE, "f" },
	{ OP_GROUP_CHAT_REPLY, NULL },
	{ OP_GROUP_REPLY, "g" },
	{ OP_LIST_REPLY, "L" },
	{ OP_PIPE_ENTRY, "|" },
	{ OP_PRINT_ENTRY, "p" },
	{ OP_REPLY, "r" },
	{ OP_RESEND_MESSAGE, "\\ee" },
	{ OP_SAVE_ENTRY, "s" },
	{ OP_UNDELETE_ENTRY, "u" },
	{ OP_VIEW_ATTACH, "<Enter>" },
	{ OP_VIEW_ATTACH, "<KeypadEnter>" },
	{ OP_VIEW_ATTACH, "<Return>" },
	{ OP_VIEW_MAILCAP, "m" },
	{ OP_VIEW_PAGER, NULL },
	{ OP_VIEW_TEXT, "T" },
};

static const struct default_binding compose_defaults[] = {
	{ OP_ATTACH_FILE, "a" },
	{ OP_ATTACH_KEY, "\\ek" },
	{ OP_ATTACH_MESSAGE, "A" },
	{ OP_AUTOCRYPT_MENU, "o" },
	{ OP_COPY_FILE, "C" },
	{ OP_DETACH_FILE, "D" },
	{ OP_DISPLAY_TOGGLE_WEED, "h" },
	{ OP_EDIT_BCC, "b" },
	{ OP_EDIT_CC, "c" },
	{ OP_EDIT_DESCRIPTION, "d" },
	{ OP_EDIT_ENCODING, "\\Ce" },
	{ OP_EDIT_FCC, "f" },
	{ OP_EDIT_FILE, "\\Cxe" },
	{ OP_EDIT_FROM, "\\ef" },
	{ OP_EDIT_HEADERS, "E" },
	{ OP_EDIT_MESSAGE, "e" },
	{ OP_EDIT_MIME, "m" },
	{ OP_EDIT_REPLY_TO, "r" },
	{ OP_EDIT_SUBJECT, "s" },
	{ OP_EDIT_TO, "t" },
	{ OP_EDIT_TYPE, "\\Ct" },
	{ OP_FILTER_ENTRY, "F" },
	{ OP_FORGET_PASSPHRASE, "\\Cf" },
	{ OP_GET_ATTACHMENT, "G" },
	{ OP_ISPELL, "i" },
	{ OP_MIX, "M" },
	{ OP_MOVE_DOWN, NULL },
	{ OP_MOVE_UP, NULL },
	{ OP_NEW_MIME, "n" },
	{ OP_PGP_MENU, "p" },
	{ OP_PIPE_ENTRY, "|" },
	{ OP_POSTPONE_MESSAGE, "P" },
	{ OP_PRINT_ENTRY, "l" },
	{ OP_RENAME_ATTACHMENT, "\\Co" },
	{ OP_RENAME_FILE, "R" },
	{ OP_SEND_MESSAGE, "y" },
	{ OP_SMIME_MENU, "S" },
	{ OP_TAG_ENTRY, "T" },
	{ OP_TOGGLE_DISPOSITION, "\\Cd" },
	{ OP_TOGGLE_RECODE, NULL },
	{ OP_TOGGLE_UNLINK, "u" },
	{ OP_UPDATE_ENCODING, "U" },
	{ OP_VIEW_ALT, "v" },
	{ OP_VIEW_ALT_MAILCAP, "V" },
	{ OP_VIEW_ALT_PAGER, NULL },
	{ OP_VIEW_ALT_TEXT, "\\ev" },
	{ OP_VIEW_ATTACH, "<Enter>" },
	{ OP_VIEW_ATTACH, "<KeypadEnter>" },
	{ OP_VIEW_ATTACH, "<Return>" },
	{ OP_VIEW_MAILCAP, NULL },
	{ OP_VIEW_PAGER, NULL },
	{ OP_VIEW_TEXT, NULL },
	{ OP_WRITE_FCC, "w" },
};

static const struct default_binding postpone_defaults[] = {
	{ OP_DELETE_ENTRY, "d" },
	{ OP_UNDELETE_ENTRY, "u" },
};

static const struct default_binding browser_defaults[] = {
	{ OP_BUFFY_LIST, "." },
	{ OP_CHANGE_DIR, "c" },
	{ OP_CHECK_NEW, NULL },
	{ OP_CREATE_MAILBOX, "C" },
	{ OP_DELETE_MAILBOX, "d" },
	{ OP_DESCEND_DIRECTORY, NULL },
	{ OP_DISPLAY_FILENAME, "@" },
	{ OP_ENTER_MASK, "m" },
	{ OP_RENAME_MAILBOX, "r" },
	{ OP_SELECT_NEW, "N" },
	{ OP_SORT, "o" },
	{ OP_SORT_REVERSE, "O" },
	{ OP_SUBSCRIBE, "s" },
	{ OP_TOGGLE_MAILBOXES, "<Tab>" },
	{ OP_TOGGLE_SUBSCRIBED, "T" },
	{ OP_UNSUBSCRIBE, "u" },
	{ OP_VIEW_FILE, "<Space>" },
};

static const struct default_binding pgp_defaults[] = {
	{ OP_VERIFY_KEY, "c" },
	{ OP_VIEW_NAME, "%" },
};

static const struct default_binding smime_defaults[] = {
	{ OP_VERIFY_KEY, "c" },
	{ OP_VIEW_NAME, "%" },
};

static const struct default_binding mix_defaults[] = {
	{ OP_ACCEPT, "<Enter>" },    { OP_ACCEPT, "<KeypadEnter>" }, { OP_ACCEPT, "<Return>" },
	{ OP_APPEND, "a" },          { OP_CHAIN_NEXT, "<Right>" },   { OP_CHAIN_NEXT, "l" },
	{ OP_CHAIN_PREV, "<Left>" }, { OP_CHAIN_PREV, "h" },         { OP_DELETE, "d" },
	{ OP_INSERT, "i" },          { OP_SELECT_ENTRY, "<Space>" },
};

static const struct default_binding editor_defaults[] = {
	{ OP_BACKSPACE, "<Backspace>" },
	{ OP_BACKSPACE, "<Delete>" },
	{ OP_BACKWARD_CHAR, "<Left>" },
	{ OP_BACKWARD_CHAR, "\\Cb" },
	{ OP_BACKWARD_WORD, "\\eb" },
	{ OP_BOL, "<Home>" },
	{ OP_BOL, "\\Ca" },
	{ OP_BUFFY_CYCLE, "<Space>" },
	{ OP_CAPITALIZE_WORD, "\\ec" },
	{ OP_COMPLETE, "<Tab>" },
	{ OP_COMPLETE_QUERY, "\\Ct" },
	{ OP_DELETE_CHAR, "\\Cd" },
	{ OP_DOWNCASE_WORD, "\\el" },
	{ OP_EOL, "<End>" },
	{ OP_EOL, "\\Ce" },
	{ OP_FORWARD_CHAR, "<Right>" },
	{ OP_FORWARD_CHAR, "\\Cf" },
	{ OP_FORWARD_WORD, "\\ef" },
	{ OP_HISTORY_DOWN, "<Down>" },
	{ OP_HISTORY_DOWN, "\\Cn" },
	{ OP_HISTORY_SEARCH, "\\Cr" },
	{ OP_HISTORY_UP, "<Up>" },
	{ OP_HISTORY_UP, "\\Cp" },
	{ OP_KILL_EOL, "\\Ck" },
	{ OP_KILL_EOW, "\\ed" },
	{ OP_KILL_LINE, "\\Cu" },
	{ OP_KILL_WORD, "\\Cw" },
	{ OP_QUOTE_CHAR, "\\Cv" },
	{ OP_TRANSPOSE_CHARS, NULL },
	{ OP_UPCASE_WORD, "\\eu" },
	/* Not in the manual's table, but bound by mutt: Ctrl-H and DEL as sent by terminals. */
	{ OP_BACKSPACE, "\\Ch" },
	{ OP_BACKSPACE, "\\177" },
};

static const struct default_binding autocrypt_defaults[] = {
	{ OP_CREATE_ACCOUNT, "c" },
	{ OP_DELETE_ACCOUNT, "D" },
	{ OP_TOGGLE_ACTIVE, "a" },
	{ OP_TOGGLE_PREFER_ENCRYPT, "p" },
};

static const struct default_binding list_defaults[] = {
	{ OP_LIST_ARCHIVE, "a" }, { OP_LIST_HELP, "h" },      { OP_LIST_OWNER, "o" },
	{ OP_LIST_POST, "p" },    { OP_LIST_SUBSCRIBE, "s" }, { OP_LIST_UNSUBSCRIBE, "u" },
};

#define MENU_DEFAULTS(m, t) [m] = { t, ARRAY_SIZE(t) }
static const struct {
	const struct default_binding *v;
	size_t n;
} menu_defaults[MENU_COUNT] = {
	MENU_DEFAULTS(MENU_GENERIC, generic_defaults),
	MENU_DEFAULTS(MENU_INDEX, index_defaults),
	MENU_DEFAULTS(MENU_PAGER, pager_defaults),
	MENU_DEFAULTS(MENU_ALIAS, alias_defaults),
	MENU_DEFAULTS(MENU_QUERY, query_defaults),
	MENU_DEFAULTS(MENU_ATTACH, attach_defaults),
	MENU_DEFAULTS(MENU_COMPOSE, compose_defaults),
	MENU_DEFAULTS(MENU_POSTPONE, postpone_defaults),
	MENU_DEFAULTS(MENU_BROWSER, browser_defaults),
	MENU_DEFAULTS(MENU_PGP, pgp_defaults),
	MENU_DEFAULTS(MENU_SMIME, smime_defaults),
	MENU_DEFAULTS(MENU_MIX, mix_defaults),
	MENU_DEFAULTS(MENU_EDITOR, editor_defaults),
	MENU_DEFAULTS(MENU_AUTOCRYPT, autocrypt_defaults),
	MENU_DEFAULTS(MENU_LIST, list_defaults),
};
#undef MENU_DEFAULTS

static bool table_offers(enum menu_id m, enum op op)
{
	for (size_t i = 0; i < menu_defaults[m].n; i++)
		if (menu_defaults[m].v[i].op == op)
			return true;
	return false;
}

bool menu_offers(enum menu_id m, enum op op)
{
	if ((unsigned)m >= MENU_COUNT || op <= OP_NULL || op >= OP_COUNT)
		return false;
	return table_offers(m, op) || (uses_generic(m) && table_offers(MENU_GENERIC, op));
}

enum op op_lookup(enum menu_id m, const char *name)
{
	int op = op_find(name, strlen(name));
	return op > 0 && menu_offers(m, (enum op)op) ? (enum op)op : OP_NULL;
}

/* ---- Keymaps -------------------------------------------------------------- */

struct keymap {
	struct binding *v; /* sorted by keys (keys_cmp) */
	size_t n, cap;
};

struct keymaps {
	struct keymap menus[MENU_COUNT];
};

/* Order of key sequences: key by key, a prefix before its extensions. */
static int keys_cmp(const int *a, size_t an, const int *b, size_t bn)
{
	for (size_t i = 0; i < an && i < bn; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

/* Where keys are or would go in km. */
static size_t lower_bound(const struct keymap *km, const int *keys, size_t n)
{
	size_t lo = 0, hi = km->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (keys_cmp(km->v[mid].keys.keys, km->v[mid].keys.n, keys, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool is_exact(const struct keymap *km, size_t i, const int *keys, size_t n)
{
	return i < km->n && km->v[i].keys.n == n &&
	       memcmp(km->v[i].keys.keys, keys, n * sizeof(*keys)) == 0;
}

static bool starts_with(const struct binding *b, const int *keys, size_t n)
{
	return b->keys.n > n && memcmp(b->keys.keys, keys, n * sizeof(*keys)) == 0;
}

static void binding_release(struct binding *b)
{
	free(b->macro);
	free(b->description);
	b->macro = b->description = NULL;
}

/* The slot for keys in km, inserted empty when missing. */
static struct binding *slot(struct keymap *km, const struct keyseq *keys)
{
	size_t i = lower_bound(km, keys->keys, keys->n);

	if (is_exact(km, i, keys->keys, keys->n)) {
		binding_release(&km->v[i]);
		return &km->v[i];
	}
	ALLOC_GROW(km->v, km->n + 1, km->cap);
	memmove(km->v + i + 1, km->v + i, (km->n - i) * sizeof(*km->v));
	km->n++;
	memset(&km->v[i], 0, sizeof(km->v[i]));
	km->v[i].keys = *keys;
	return &km->v[i];
}

static bool valid_keys(const struct keyseq *keys)
{
	return keys && keys->n > 0 && keys->n <= KEYSEQ_MAX;
}

int keymap_bind(struct keymaps *k, enum menu_id m, const struct keyseq *keys, enum op op)
{
	struct binding *b;

	if ((unsigned)m >= MENU_COUNT || !valid_keys(keys) || (unsigned)op >= OP_COUNT)
		return ERR_INVAL;
	b = slot(&k->menus[m], keys);
	b->op = op;
	return 0;
}

int keymap_macro(struct keymaps *k, enum menu_id m, const struct keyseq *keys, const char *macro,
		 const char *description)
{
	struct binding *b;

	if ((unsigned)m >= MENU_COUNT || !valid_keys(keys) || !macro)
		return ERR_INVAL;
	b = slot(&k->menus[m], keys);
	b->op = OP_NULL;
	b->macro = xstrdup(macro);
	b->description = description && *description ? xstrdup(description) : NULL;
	return 0;
}

static void remove_at(struct keymap *km, size_t i)
{
	binding_release(&km->v[i]);
	memmove(km->v + i, km->v + i + 1, (km->n - i - 1) * sizeof(*km->v));
	km->n--;
}

void keymap_unbind(struct keymaps *k, enum menu_id m, const struct keyseq *keys)
{
	keymap_unbind_kind(k, m, keys, UNBIND_ANY);
}

static bool kind_matches(const struct binding *b, enum unbind_kind kind)
{
	return kind == UNBIND_ANY || (kind == UNBIND_MACRO) == (b->macro != NULL);
}

void keymap_unbind_kind(struct keymaps *k, enum menu_id m, const struct keyseq *keys,
			enum unbind_kind kind)
{
	struct keymap *km;

	if ((unsigned)m >= MENU_COUNT)
		return;
	km = &k->menus[m];
	if (!keys) {
		size_t out = 0;
		for (size_t i = 0; i < km->n; i++) {
			if (kind_matches(&km->v[i], kind))
				binding_release(&km->v[i]);
			else
				km->v[out++] = km->v[i];
		}
		km->n = out;
		return;
	}
	if (!valid_keys(keys))
		return;
	size_t i = lower_bound(km, keys->keys, keys->n);
	if (is_exact(km, i, keys->keys, keys->n) && kind_matches(&km->v[i], kind))
		remove_at(km, i);
}

/* Bind every default of menu m. The tables are checked by a unit test, so a key never fails. */
static void bind_defaults(struct keymaps *k, enum menu_id m)
{
	struct buf err = BUF_INIT;
	struct keyseq keys;

	for (size_t i = 0; i < menu_defaults[m].n; i++) {
		const struct default_binding *d = &menu_defaults[m].v[i];
		if (d->keys && keyseq_parse(d->keys, &keys, &err) == 0)
			keymap_bind(k, m, &keys, d->op);
		buf_reset(&err);
	}
	buf_release(&err);
}

struct keymaps *keymaps_new(void)
{
	struct keymaps *k = xcalloc(1, sizeof(*k));

	for (int m = 0; m < MENU_COUNT; m++)
		bind_defaults(k, (enum menu_id)m);
	return k;
}

void keymaps_free(struct keymaps **pk)
{
	struct keymaps *k = *pk;

	if (!k)
		return;
	for (int m = 0; m < MENU_COUNT; m++) {
		for (size_t i = 0; i < k->menus[m].n; i++)
			binding_release(&k->menus[m].v[i]);
		free(k->menus[m].v);
	}
	free(k);
	*pk = NULL;
}

struct keymaps *cfg_keymaps(struct config *c)
{
	if (!c->keymaps)
		c->keymaps = keymaps_new();
	return c->keymaps;
}

const struct binding *keymap_get(const struct keymaps *k, enum menu_id m, const struct keyseq *keys)
{
	const struct keymap *km;
	size_t i;

	if ((unsigned)m >= MENU_COUNT || !valid_keys(keys))
		return NULL;
	km = &k->menus[m];
	i = lower_bound(km, keys->keys, keys->n);
	return is_exact(km, i, keys->keys, keys->n) ? &km->v[i] : NULL;
}

/* What one menu's own bindings say about keys. */
static void lookup_one(const struct keymap *km, const int *keys, size_t n,
		       const struct binding **exact, bool *prefix)
{
	size_t i = lower_bound(km, keys, n);

	*exact = NULL;
	if (is_exact(km, i, keys, n))
		*exact = &km->v[i++];
	*prefix = i < km->n && starts_with(&km->v[i], keys, n);
}

enum km_match keymap_lookup(const struct keymaps *k, enum menu_id m, const int *keys, size_t n,
			    const struct binding **out)
{
	const struct binding *exact = NULL, *gexact = NULL;
	bool prefix = false, gprefix = false;

	*out = NULL;
	if ((unsigned)m >= MENU_COUNT || n == 0 || n > KEYSEQ_MAX)
		return KM_NONE;
	lookup_one(&k->menus[m], keys, n, &exact, &prefix);
	if (uses_generic(m)) {
		lookup_one(&k->menus[MENU_GENERIC], keys, n, &gexact, &gprefix);
		if (!exact)
			exact = gexact;
		prefix = prefix || gprefix;
	}
	*out = exact;
	if (prefix)
		return KM_PREFIX;
	return exact ? KM_EXACT : KM_NONE;
}

/* A binding help shows: a function or a macro, not a "noop" that only hides generic's. */
static bool listed(const struct binding *b)
{
	return b->op != OP_NULL || b->macro;
}

size_t keymap_list(const struct keymaps *k, enum menu_id m, const struct binding ***out)
{
	const struct keymap *own, *gen;
	size_t n = 0, cap;

	*out = NULL;
	if ((unsigned)m >= MENU_COUNT)
		return 0;
	own = &k->menus[m];
	gen = uses_generic(m) ? &k->menus[MENU_GENERIC] : NULL;
	cap = own->n + (gen ? gen->n : 0) + 1;
	*out = xreallocarray(NULL, cap, sizeof(**out));
	for (size_t i = 0; i < own->n; i++)
		if (listed(&own->v[i]))
			(*out)[n++] = &own->v[i];
	for (size_t i = 0; gen && i < gen->n; i++) {
		const struct keyseq *ks = &gen->v[i].keys;
		if (listed(&gen->v[i]) &&
		    !is_exact(own, lower_bound(own, ks->keys, ks->n), ks->keys, ks->n))
			(*out)[n++] = &gen->v[i];
	}
	return n;
}

bool keymap_find_op(const struct keymaps *k, enum menu_id m, enum op op, struct keyseq *out)
{
	const struct binding **v;
	size_t n = keymap_list(k, m, &v);
	bool found = false;

	for (size_t i = 0; i < n && !found; i++) {
		if (!v[i]->macro && v[i]->op == op) {
			*out = v[i]->keys;
			found = true;
		}
	}
	free(v);
	return found;
}

/* ---- Dump (-D) ------------------------------------------------------------- */

static bool same_binding(const struct binding *a, const struct binding *b)
{
	if (a->op != b->op || !a->macro != !b->macro)
		return false;
	if (!a->macro)
		return true;
	return strcmp(a->macro, b->macro) == 0 && strcmp(a->description ? a->description : "",
							 b->description ? b->description : "") == 0;
}

static void dump_line(const char *cmd, enum menu_id m, const struct binding *b, struct buf *out)
{
	buf_printf(out, "%s %s ", cmd, menu_name(m));
	keyseq_format_rc(&b->keys, out);
	if (strcmp(cmd, "bind") == 0) {
		buf_printf(out, " %s", op_name(b->op));
	} else if (b->macro) {
		buf_addch(out, ' ');
		rc_quote(b->macro, out);
		if (b->description) {
			buf_addch(out, ' ');
			rc_quote(b->description, out);
		}
	}
	buf_addch(out, '\n');
}

/* The lines that turn menu m of def into menu m of k. */
static void dump_menu(const struct keymap *km, const struct keymap *def, enum menu_id m,
		      struct buf *out)
{
	for (size_t i = 0; i < def->n; i++) {
		const struct keyseq *ks = &def->v[i].keys;
		if (!is_exact(km, lower_bound(km, ks->keys, ks->n), ks->keys, ks->n))
			dump_line("unbind", m, &def->v[i], out);
	}
	for (size_t i = 0; i < km->n; i++) {
		const struct binding *b = &km->v[i];
		size_t j = lower_bound(def, b->keys.keys, b->keys.n);
		if (is_exact(def, j, b->keys.keys, b->keys.n) && same_binding(&def->v[j], b))
			continue;
		dump_line(b->macro ? "macro" : "bind", m, b, out);
	}
}

void keymap_dump(const struct keymaps *k, struct buf *out)
{
	struct keymaps *def = keymaps_new();

	for (int m = 0; m < MENU_COUNT; m++)
		dump_menu(&k->menus[m], &def->menus[m], (enum menu_id)m, out);
	keymaps_free(&def);
}
