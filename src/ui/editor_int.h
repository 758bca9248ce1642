/*
 * editor_int.h - what the editor's files share: grapheme clusters and
 * character classes of the text (editor_text.c), and the editor's own
 * helpers for replacing a part of the line.
 */
#ifndef TERN_UI_EDITOR_INT_H
#define TERN_UI_EDITOR_INT_H

#include "ui/editor.h"

/* The end of the grapheme cluster that holds byte i of (s, n), i < n. */
size_t ed_next(const char *s, size_t n, size_t i);
/* The start of the cluster that ends at i (0 < i <= n, i a boundary). */
size_t ed_prev(const char *s, size_t n, size_t i);
/* True when i is a cluster boundary of (s, n). */
bool ed_boundary(const char *s, size_t n, size_t i);
/* The first code point of the cluster at i. */
uint32_t ed_cp_at(const char *s, size_t n, size_t i);
/* White space, as iswspace sees it. */
bool ed_is_space(uint32_t cp);
/* Letters and digits, as iswalnum sees them. */
bool ed_is_alnum(uint32_t cp);
/* C0 controls, DEL and C1 controls. */
bool ed_is_control(uint32_t cp);

enum ed_case { ED_LOWER, ED_UPPER, ED_TITLE };
/* Append (s, n) with every code point mapped to case c (invalid bytes kept). */
void ed_case_map(const char *s, size_t n, enum ed_case c, struct buf *out);

/* Replace bytes [from, to) of the text with (s, n); the cursor goes after them. */
void ed_replace(struct editor *e, size_t from, size_t to, const char *s, size_t n);
/* The history functions (editor_hist.c) and completion (editor_complete.c). */
enum editor_result ed_history_move(struct editor *e, bool up);
/* again: ^R repeated, go on to the next older match. */
enum editor_result ed_history_search(struct editor *e, bool again);
enum editor_result ed_complete(struct editor *e, ui_complete_fn fn, void *ctx);
/* Sort completion candidates and drop repeats. */
void ed_sort_unique(struct strlist *l);

#endif /* TERN_UI_EDITOR_INT_H */
