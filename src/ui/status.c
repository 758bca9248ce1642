/*
 * status.c - the index's status bar ($status_format, mutt's expandos) and
 * its help bar (the first keys of the main functions in the live keymap).
 */
#include <unistd.h>

#include "ui/help_model.h"
#include "ui/index.h"

struct status_ctx {
	struct index *ix;
};

static uint64_t sum_sizes(struct mailbox *mb, const struct view *v, bool shown)
{
	uint64_t n = 0;

	if (shown) {
		for (size_t r = 0; r < v->n; r++) {
			const struct message *m = mx_find(mb, v->ids[r]);
			n += m ? m->size : 0;
		}
	} else {
		for (size_t i = 0; i < mb->n; i++)
			n += mb->msgs[i].size;
	}
	return n;
}

/*
 * %l and %L: the folder's and the view's total size. Summed once per model
 * change and view, not on every redraw (a key in a folder of 100,000).
 */
static uint64_t total_size(struct index *ix, bool shown)
{
	struct size_cache *c = &ix->sizes;

	if (!c->valid || c->generation != ix->mb->generation || c->build != ix->builds) {
		c->all = sum_sizes(ix->mb, &ix->view, false);
		c->shown = sum_sizes(ix->mb, &ix->view, true);
		c->generation = ix->mb->generation;
		c->build = ix->builds;
		c->valid = true;
	}
	return shown ? c->shown : c->all;
}

/* %P: where the page is: "all", "end", "top" (translated as mutt's), or a percentage. */
static void position(struct index *ix, const struct expando *e, struct buf *out)
{
	size_t rows = (size_t)index_page_rows(ix), bottom = ix->top + rows;

	if (ix->top == 0 && bottom >= ix->view.n)
		buf_addstr(out, _("all"));
	else if (bottom >= ix->view.n)
		buf_addstr(out, _("end"));
	else if (ix->top == 0)
		buf_addstr(out, _("top"));
	else
		expando_number(e, (long)(bottom * 100 / MAX(ix->view.n, 1)), out),
			buf_addch(out, '%');
}

/* %r: $status_chars: unchanged, changed, read-only, attach-message mode. */
static void change_mark(struct index *ix, struct buf *out)
{
	const char *chars = cfg_str(ix->cfg, V_status_chars);
	size_t which = ix->mb->set.read_only                          ? 2
		       : (ix->mb->changed_flags || ix->mb->n_deleted) ? 1
								      : 0;
	size_t len = strlen(chars), i = 0;

	/* The table's entries are characters (UTF-8 sequences): take the which-th. */
	for (size_t k = 0; k <= which && i < len; k++) {
		uint32_t cp;
		size_t n = utf8_decode(chars + i, len - i, &cp);
		if (k == which)
			buf_add(out, chars + i, n ? n : 1);
		i += n ? n : 1;
	}
}

/* A sort variable's value as the user writes it ("reverse-date"), without rc quoting. */
static void sort_name(const struct config *cfg, enum var_id id, struct buf *out)
{
	struct buf v = BUF_INIT;
	size_t a = 0, n;

	cfg_format(cfg, id, &v);
	n = v.len;
	if (n >= 2 && (v.data[0] == '"' || v.data[0] == '\'') && v.data[n - 1] == v.data[0]) {
		a = 1;
		n -= 2;
	}
	buf_add(out, v.data + a, n);
	buf_release(&v);
}

static bool status_expando(const struct expando *e, void *ctx, struct buf *out)
{
	struct status_ctx *c = ctx;
	struct index *ix = c->ix;
	struct mailbox *mb = ix->mb;
	long n = -1;

	switch (e->op) {
	case 'd':
		n = (long)mb->n_deleted;
		break;
	case 'F':
		n = (long)mb->n_flagged;
		break;
	case 'm':
		n = (long)mb->n;
		break;
	case 'M':
		n = ix->limit ? (long)ix->view.n : 0;
		break;
	case 'n':
		n = (long)mb->n_new;
		break;
	case 'o':
		n = (long)(mb->n_unread - mb->n_new);
		break;
	case 't':
		n = (long)mb->n_tagged;
		break;
	case 'u':
		n = (long)mb->n_unread;
		break;
	case 'b':
	case 'p':
	case 'B':
		n = 0;
		break;
	case 'f':
		buf_addstr(out, mb->path);
		return true;
	case 'h': {
		char host[256] = "";
		gethostname(host, sizeof(host) - 1);
		buf_addstr(out, host);
		return true;
	}
	case 'l':
	case 'L': {
		uint64_t size = total_size(ix, e->op == 'L');
		if (e->optional)
			return size > 0;
		mx_pretty_size(ix->cfg, size, out);
		return size > 0;
	}
	case 'P':
		position(ix, e, out);
		return true;
	case 'r':
		change_mark(ix, out);
		return true;
	case 's':
		sort_name(ix->cfg, V_sort, out);
		return true;
	case 'S':
		sort_name(ix->cfg, V_sort_aux, out);
		return true;
	case 'T':
		/* $sort_thread_groups matters only when threading. */
		if ((cfg_sort(ix->cfg, V_sort) & SORT_MASK) != SORT_THREADS)
			return false;
		sort_name(ix->cfg, V_sort_thread_groups, out);
		return true;
	case 'v':
		buf_printf(out, "tern %s", PACKAGE_VERSION);
		return true;
	case 'V':
		buf_addstr(out, ix->limit_text ? ix->limit_text : "");
		return ix->limit_text != NULL;
	default:
		expando_unknown(e);
		return false;
	}
	expando_number(e, n, out);
	return n != 0;
}

void index_status_line(struct index *ix, size_t cols, struct buf *out)
{
	struct format *f = format_compile(cfg_str(ix->cfg, V_status_format));
	struct status_ctx c = { ix };
	size_t note = ix->status[0] ? text_width(ix->status, strlen(ix->status)) + 1 : 0;

	/* The running operation's progress or the last result stays visible at the end. */
	mailbox_lock(ix->mb);
	format_render(f, note < cols ? cols - note : cols, status_expando, &c, out);
	mailbox_unlock(ix->mb);
	if (note) {
		buf_addch(out, ' ');
		buf_addstr(out, ix->status);
	}
	format_free(&f);
}

void index_help_bar(struct index *ix, struct buf *out)
{
	help_bar(ix->u->km, MENU_INDEX, out);
}
