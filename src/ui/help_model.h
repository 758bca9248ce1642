/*
 * help_model.h - what the help screen of a menu shows, computed from the
 * live keymap (so bindings and macros from the rc file and the `:` prompt
 * show at once), and the one-line help bar at the top of a screen. Pure: no
 * curses; the help screen draws the rows in a scrolling list.
 *
 * The layout is mutt's (help.c): at 40 columns and more, three columns
 *
 *     key         function               description
 *     ^D          delete-thread          delete every message in the thread
 *     Z           M <shell-escape>ech... say hello      (a macro with a description)
 *     Y           macro                  <limit>~N<enter>   (a macro without one)
 *
 * the function column starting at 12 (at more than 83 columns, (cols-32)/4)
 * and the description at 19 (at more than 49 columns, (cols-10)/2), widths
 * counted by grapheme cluster (text_width). A function name is cut to its
 * column; a macro shown in the function column is cut with "...". The last
 * column is wrapped onto further rows aligned under it: descriptions at
 * spaces, a macro's keys anywhere (their spaces matter). Below 40 columns
 * each part takes its own row(s), as mutt does. Then a blank row,
 * "Unbound functions:", a blank row, and every function the menu offers that
 * no key runs, in name order, with its description. Every row fits in cols
 * columns; control characters in macros and descriptions are shown as mutt
 * shows them (\e, \n, \r, \t, ^X).
 */
#ifndef TERN_UI_HELP_MODEL_H
#define TERN_UI_HELP_MODEL_H

#include "ui/style.h"

enum help_row_kind {
	HELP_ROW_BINDING, /* a key sequence that runs a function */
	HELP_ROW_MACRO,   /* a key sequence that runs a macro */
	HELP_ROW_UNBOUND, /* a function that no key runs */
	HELP_ROW_MORE,    /* more of the entry above: wrapped text, or a part of a narrow layout */
	HELP_ROW_BLANK,
	HELP_ROW_HEADING, /* "Unbound functions:" */
};

/* One row of the help screen. */
struct help_row {
	char *text; /* the row, at most cols columns, no trailing spaces (owned by the rows) */
	enum help_row_kind kind;
	enum op op; /* the entry's function (on its MORE rows too); OP_NULL for macros and the rest */
};

/* The rows of a help screen: v[0..n). */
struct help_rows {
	struct help_row *v;
	size_t n, cap;
};

#define HELP_ROWS_INIT     \
	{                  \
		NULL, 0, 0 \
	}

/* Free every row and return to the empty state. */
void help_rows_release(struct help_rows *r);

/*
 * Lay out the help screen of menu m, from keymap_list (the menu's own
 * bindings, then generic's that it does not shadow) and menu_offers, for a
 * screen cols columns wide (below 1 counts as 1). Replaces what *out held;
 * returns out->n. The rows do not point into the keymaps, which may change
 * while the screen is shown: lay out again on a change or a resize.
 */
size_t help_lines(const struct keymaps *k, enum menu_id m, int cols, struct help_rows *out);

/* "Help for index": the title of menu m's help screen, appended to out. */
void help_title(enum menu_id m, struct buf *out);

/* A function and its label in a help bar ("Del"); the label is untranslated (N_) text. */
struct help_item {
	enum op op;
	const char *label;
};

/*
 * Append mutt's help bar for items[0..n) in menu m to out: "key:label" for
 * each item, the key the first that runs the function in the menu
 * (keymap_find_op), two spaces between items, and items whose function no
 * key runs left out. Labels go through _(). The bar is not cut to a width.
 */
void help_bar_items(const struct keymaps *k, enum menu_id m, const struct help_item *items,
		    size_t n, struct buf *out);

/*
 * Append menu m's help bar as mutt has it (index: "q:Quit  d:Del  u:Undel
 * s:Save  m:Mail  r:Reply  g:Group  ?:Help"; pager: "i:Exit  -:PrevPg
 * <Space>:NextPg  v:View Attachm.  d:Del  r:Reply  j:Next  ?:Help"; the
 * browser, alias, query, attach, compose, postpone, pgp, smime, mix and
 * autocrypt menus their own), with the keys bound now. Menus without a bar
 * (generic, editor, list) append nothing.
 */
void help_bar(const struct keymaps *k, enum menu_id m, struct buf *out);

#endif /* TERN_UI_HELP_MODEL_H */
