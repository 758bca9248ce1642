/*
 * index_format_expando.c - the value of every index_format letter but the
 * dates and hooks (index_format.c): strings (%s with mutt's thread tree,
 * %b %i %y %Y ...) and numbers (%C %e %E %l %m ...); the addresses and
 * flags come from index_format_addr.c.
 */
#include "mx/index_format_int.h"

/* ---- threads ------------------------------------------------------------ */

static uint32_t depth_of(const struct ifmt_line *l, size_t row)
{
	return l->v->depth ? l->v->depth[row] : 0;
}

/* The nearest row above with depth d (the parent when d = depth - 1), or SIZE_MAX. */
static size_t row_above_at(const struct ifmt_line *l, size_t row, uint32_t d)
{
	while (row-- > 0) {
		uint32_t k = depth_of(l, row);
		if (k == d)
			return row;
		if (k < d)
			break;
	}
	return SIZE_MAX;
}

static const struct message *row_msg(const struct ifmt_line *l, size_t row)
{
	return mx_find(l->mb, l->v->ids[row]);
}

/* mutt's real_subj: the subject after $reply_regexp's match. NULL when absent. */
static const char *real_subject(const struct ifmt_line *l, const struct message *m)
{
	const char *s = menv_str(m->env, ME_SUBJECT);
	const regex_t *rx = cfg_regex(l->cfg, V_reply_regexp, NULL);
	regmatch_t pm;

	if (s && rx && regexec(rx, s, 1, &pm, 0) == 0)
		return s + pm.rm_eo;
	return s;
}

/* mutt's subject_changed: the subject differs from the parent's (a root's always does). */
static bool subject_changed(const struct ifmt_line *l, size_t row)
{
	uint32_t d = depth_of(l, row);
	size_t p = d ? row_above_at(l, row, d - 1) : SIZE_MAX;
	const struct message *m = row_msg(l, row), *pm;
	const char *a, *b;

	if (p == SIZE_MAX || !m || !(pm = row_msg(l, p)))
		return true;
	a = real_subject(l, m);
	b = real_subject(l, pm);
	if (a && b)
		return strcmp(a, b) != 0;
	return a || b;
}

/* mutt's need_display_subject, over the rows of the view. */
static bool show_thread_subject(const struct ifmt_line *l)
{
	uint32_t d = depth_of(l, l->row);
	size_t sib;

	if (!cfg_bool(l->cfg, V_hide_thread_subject) || subject_changed(l, l->row))
		return true;
	sib = row_above_at(l, l->row, d);
	if (sib != SIZE_MAX && subject_changed(l, sib))
		return true;
	return row_above_at(l, l->row, d - 1) == SIZE_MAX;
}

/* The thread tree of a reply, drawn as mutt draws it (UTF-8, or $ascii_chars). */
static void add_tree(const struct ifmt_line *l, struct buf *out)
{
	bool ascii = cfg_bool(l->cfg, V_ascii_chars), narrow = cfg_bool(l->cfg, V_narrow_tree);
	const char *vline = ascii ? "|" : "\u2502", *hline = ascii ? "-" : "\u2500";
	const char *corner = ascii ? "`" : "\u2514", *tee = ascii ? "|" : "\u251c";
	uint32_t d = depth_of(l, l->row), cont = l->v->cont ? l->v->cont[l->row] : 0;
	bool last = l->v->tree ? l->v->tree[l->row] & 1 : true;

	for (uint32_t level = 1; level < d; level++) {
		bool more = level <= 32 && (cont >> (level - 1) & 1);
		buf_addstr(out, more ? vline : " ");
		if (!narrow)
			buf_addch(out, ' ');
	}
	buf_addstr(out, last ? corner : tee);
	if (!narrow)
		buf_addstr(out, hline);
	buf_addch(out, '>');
}

static void add_subject(const struct ifmt_line *l, struct buf *out)
{
	const char *s = menv_str(l->e, ME_SUBJECT);

	if (depth_of(l, l->row) > 0) {
		add_tree(l, out);
		if (!show_thread_subject(l))
			return;
	}
	buf_addstr(out, s ? s : "");
}

static size_t thread_root(const struct ifmt_line *l)
{
	size_t r = l->row;

	while (r > 0 && depth_of(l, r) > 0)
		r--;
	return r;
}

/* Messages folded under row (a collapsed thread's top), 0 for any other row. */
static uint32_t hidden_at(const struct ifmt_line *l, size_t row)
{
	return l->v->hidden ? l->v->hidden[row] : 0;
}

/* The messages of the thread, folded ones included. */
static long thread_size(const struct ifmt_line *l)
{
	size_t root = thread_root(l), r = root + 1;

	while (r < l->v->n && depth_of(l, r) > 0)
		r++;
	return (long)(r - root) + (long)hidden_at(l, root);
}

/*
 * mutt's thread_is_new and thread_is_old for %Z: 'n' when the collapsed
 * thread of the row holds new mail, else 'o' when it holds old unread
 * mail, else 0.
 */
static char collapsed_mark(const struct ifmt_line *l)
{
	const uint32_t *ids;
	size_t n;
	char mark = 0;

	if (!hidden_at(l, l->row))
		return 0;
	ids = view_hidden_ids(l->v, l->row, &n);
	for (size_t k = 0; k <= n; k++) {
		const struct message *m = k < n ? mx_find(l->mb, ids[k]) : l->m;
		if (m && !(m->flags & MSG_READ)) {
			if (!(m->flags & MSG_OLD))
				return 'n';
			mark = 'o';
		}
	}
	return mark;
}

/* %Y: the label, unless a reply repeats its previous sibling's or parent's. */
static bool label_is_new(const struct ifmt_line *l)
{
	const char *x = menv_str(l->e, ME_X_LABEL), *y = NULL;
	uint32_t d = depth_of(l, l->row);
	size_t other = SIZE_MAX;
	const struct message *m;

	if (!x)
		return false;
	if (d > 0) {
		other = row_above_at(l, l->row, d);
		if (other == SIZE_MAX || !(m = row_msg(l, other)) || !menv_str(m->env, ME_X_LABEL))
			other = row_above_at(l, l->row, d - 1);
	}
	if (other != SIZE_MAX && (m = row_msg(l, other)))
		y = menv_str(m->env, ME_X_LABEL);
	return !y || ascii_strcasecmp(x, y) != 0;
}

static bool threaded(const struct ifmt_line *l)
{
	return (cfg_sort(l->cfg, V_sort) & SORT_MASK) == SORT_THREADS || depth_of(l, l->row) > 0;
}

/* ---- the mailbox ---------------------------------------------------------- */

static void add_folder_name(const struct ifmt_line *l, struct buf *out)
{
	const char *p = l->mb->path ? l->mb->path : "";
	size_t n = strlen(p), start;

	while (n > 1 && p[n - 1] == '/')
		n--;
	start = n;
	while (start > 0 && p[start - 1] != '/')
		start--;
	buf_add(out, p + start, n - start);
}

/* ---- the expandos ---------------------------------------------------------- */

/* Strings: %a %A %b %B %f %F %i %L %n %O %r %R %s %t %u %v %y %Y. */
static bool expand_string(const struct expando *x, struct ifmt_line *l, struct buf *out)
{
	struct maddr a;
	size_t start = out->len;

	switch (x->op) {
	case 'A':
		if (ifmt_first_addr(l, MA_REPLY_TO, &a)) {
			buf_addstr(out, a.mailbox);
			return true;
		}
		/* fall through */
	case 'a':
		if (ifmt_first_addr(l, MA_FROM, &a))
			buf_addstr(out, a.mailbox);
		return true;
	case 'B':
		if (ifmt_find_list(l, MA_TO, &a) || ifmt_find_list(l, MA_CC, &a)) {
			buf_addstr(out, a.mailbox);
			if (!cfg_bool(l->cfg, V_save_address))
				buf_setlen(out, start + strcspn(out->data + start, "@"));
			return true;
		}
		/* fall through */
	case 'b':
		add_folder_name(l, out);
		return true;
	case 'f':
		ifmt_add_addrlist(l, MA_FROM, out);
		return true;
	case 'F':
		ifmt_add_from(l, false, out);
		return !x->optional || !ifmt_from_is_user(l);
	case 'i': {
		const char *id = menv_str(l->e, ME_MESSAGE_ID);
		buf_addstr(out, id ? id : "<no.id>");
		return true;
	}
	case 'L':
		ifmt_add_from(l, true, out);
		return ifmt_find_list(l, MA_TO, &a) || ifmt_find_list(l, MA_CC, &a) || !x->optional;
	case 'n':
		if (ifmt_first_addr(l, MA_FROM, &a))
			buf_addstr(out, ifmt_addr_name(&a));
		return true;
	case 'O':
		ifmt_add_from_addr(l, out);
		return ifmt_find_list(l, MA_TO, &a) || ifmt_find_list(l, MA_CC, &a) || !x->optional;
	case 'r':
	case 'R':
		ifmt_add_addrlist(l, x->op == 'r' ? MA_TO : MA_CC, out);
		return out->len > start;
	case 's':
		add_subject(l, out);
		return true;
	case 't':
		ifmt_add_to(l, out);
		return true;
	case 'u':
		if (ifmt_first_addr(l, MA_FROM, &a)) {
			buf_addstr(out, a.mailbox);
			buf_setlen(out, start + strcspn(out->data + start, "%@"));
		}
		return true;
	case 'v': {
		bool me = ifmt_from_is_user(l);
		if ((me && (ifmt_first_addr(l, MA_TO, &a) || ifmt_first_addr(l, MA_CC, &a))) ||
		    (!me && ifmt_first_addr(l, MA_FROM, &a)))
			buf_addstr(out, ifmt_addr_name(&a));
		buf_setlen(out, start + strcspn(out->data + start, " %@"));
		return true;
	}
	case 'y': {
		const char *s = menv_str(l->e, ME_X_LABEL);
		buf_addstr(out, s ? s : "");
		return s != NULL;
	}
	case 'Y': {
		bool show = label_is_new(l);
		if (show)
			buf_addstr(out, menv_str(l->e, ME_X_LABEL));
		return show;
	}
	}
	expando_unknown(x);
	return true;
}

/* Numbers and flags: %c %C %e %E %H %l %m %M %N %P %S %T %X %Z. */
bool ifmt_expand_value(const struct expando *x, struct ifmt_line *l, struct buf *out)
{
	switch (x->op) {
	case 'c':
		/* mutt counts the body only; the model knows the whole message. */
		mx_pretty_size(l->cfg, l->m->size, out);
		return true;
	case 'C':
		expando_number(x, (long)l->row + 1, out);
		return true;
	case 'e':
		expando_number(x, (long)(l->row - thread_root(l)) + 1, out);
		return true;
	case 'E': {
		long n = thread_size(l);
		if (!x->optional)
			expando_number(x, n, out);
		return n > 1;
	}
	case 'H': /* spam scores are not kept */
	case 'P': /* the pager's progress: nothing in the index */
		return false;
	case 'l':
		if (!x->optional)
			expando_number(x, (long)l->m->lines, out);
		return l->m->lines > 0;
	case 'm':
		expando_number(x, (long)l->mb->n, out);
		return true;
	case 'M': {
		/* as mutt: the messages of a collapsed thread, the top included */
		uint32_t h = hidden_at(l, l->row);
		if (!x->optional && h)
			expando_number(x, (long)h + 1, out);
		else if (!x->optional && threaded(l))
			buf_addch(out, ' ');
		return h > 0;
	}
	case 'N': /* scores are not kept */
		if (!x->optional)
			expando_number(x, 0, out);
		return false;
	case 'S':
		buf_addch(out, ifmt_status_char(l->m->flags));
		return true;
	case 'T':
		ifmt_add_to_char(l, out);
		return true;
	case 'X': /* attachments are not counted yet */
		expando_number(x, 0, out);
		return false;
	case 'Z': {
		size_t start = out->len;
		char mark = collapsed_mark(l);
		ifmt_add_status_flags(l, out);
		/* the first letter is one byte: N O r or a space */
		if (mark)
			out->data[start] = mark;
		return true;
	}
	}
	return expand_string(x, l, out);
}
