/*
 * index_format.c - FIRST CUT, being replaced by $index_format expandos: a
 * fixed layout like mutt's default ("%4C %Z %{%b %d} %-15.15L (%?l?%4l&%4c?) %s").
 */
#include <wchar.h>

#include "mx/mx-private.h"

static char flag_char(uint32_t flags)
{
	if (flags & MSG_DELETED)
		return 'D';
	if (flags & MSG_FLAGGED)
		return '!';
	if (!(flags & MSG_READ))
		return flags & MSG_OLD ? 'O' : 'N';
	if (flags & MSG_REPLIED)
		return 'r';
	return ' ';
}

static void add_cols(struct buf *out, const char *s, size_t cols)
{
	size_t used = 0, len = strlen(s), fit = text_fit(s, len, cols, &used);

	buf_add(out, s, fit);
	for (; used < cols; used++)
		buf_addch(out, ' ');
}

static void add_tree(const struct view *v, size_t row, struct buf *out)
{
	uint32_t d = v->depth[row];

	if (d == 0)
		return;
	for (uint32_t level = 1; level < d; level++)
		buf_addstr(out,
			   level <= 32 && (v->cont[row] >> (level - 1) & 1) ? "\u2502 " : "  ");
	buf_addstr(out, (v->tree[row] & 1) ? "\u2514\u2500>" : "\u251c\u2500>");
}

void mx_index_line(struct mailbox *mb, const struct config *cfg, const struct view *v, size_t row,
		   size_t cols, struct buf *out)
{
	const struct message *m = mx_find(mb, v->ids[row]);
	struct maddr from;
	char date[16] = "";

	(void)cfg;
	if (!m)
		return;
	if (m->env->date_valid) {
		time_t t = (time_t)(m->env->date + m->env->tz_minutes * 60);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%b %d", &tm);
	}
	buf_printf(out, "%4u %c %-6s ", m->index + 1, flag_char(m->flags), date);
	add_cols(out,
		 menv_first_addr(m->env, MA_FROM, &from) ? (from.name ? from.name : from.mailbox)
							 : "",
		 20);
	buf_addch(out, ' ');
	add_tree(v, row, out);
	const char *subj = menv_str(m->env, ME_SUBJECT);
	buf_addstr(out, subj ? subj : "");
	(void)cols;
}
