/*
 * browser_model_line.c - a browser entry as a line of $folder_format,
 * through the config layer's expando engine. The letters are mutt's
 * (browser.c folder_format_str), plus NeoMutt's %i; what a remote mailbox
 * has no file for (%d %D %F %g %l %s %u) is empty, as in mutt.
 */
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <sys/stat.h>

#include "ui/browser_model_int.h"

/* mutt's %d: the time of day within a year (31536000 s), else the year. */
#define RECENT_SECONDS 31536000
/* Bytes of one expanded date at most: a format cannot make a row huge. */
#define DATE_MAX 256
/* getpwuid_r/getgrgid_r scratch space; a bigger entry shows as a number. */
#define NSS_BUF 4096

struct line_ctx {
	const struct config *c;
	const struct browser_entry *e;
	size_t row;
};

/* The format is the user's ($date_format): strftime is made for that. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void add_time(const char *fmt, int64_t when, struct buf *out)
{
	bool c_loc = fmt[0] == '!';
	locale_t loc = c_loc ? newlocale(LC_ALL_MASK, "C", (locale_t)0) : (locale_t)0;
	time_t t = (time_t)when;
	char tmp[DATE_MAX];
	struct tm tm;
	size_t n;

	if (!localtime_r(&t, &tm))
		return;
	fmt += c_loc;
	n = loc ? strftime_l(tmp, sizeof(tmp), fmt, &tm, loc)
		: strftime(tmp, sizeof(tmp), fmt, &tm);
	buf_add(out, tmp, n); /* 0 for an empty result or one too long */
	if (loc)
		freelocale(loc);
}
#pragma GCC diagnostic pop

static void add_user(uid_t uid, struct buf *out)
{
	struct passwd pw, *res = NULL;
	char tmp[NSS_BUF];

	if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) == 0 && res)
		buf_addstr(out, res->pw_name);
	else
		buf_printf(out, "%lu", (unsigned long)uid);
}

static void add_group(gid_t gid, struct buf *out)
{
	struct group gr, *res = NULL;
	char tmp[NSS_BUF];

	if (getgrgid_r(gid, &gr, tmp, sizeof(tmp), &res) == 0 && res)
		buf_addstr(out, res->gr_name);
	else
		buf_printf(out, "%lu", (unsigned long)gid);
}

/* ls -l's ten letters, with s and t over x as mutt writes them. */
static void add_mode(mode_t m, struct buf *out)
{
	char s[10];

	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : '-';
	s[1] = m & S_IRUSR ? 'r' : '-';
	s[2] = m & S_IWUSR ? 'w' : '-';
	s[3] = m & S_ISUID ? 's' : m & S_IXUSR ? 'x' : '-';
	s[4] = m & S_IRGRP ? 'r' : '-';
	s[5] = m & S_IWGRP ? 'w' : '-';
	s[6] = m & S_ISGID ? 's' : m & S_IXGRP ? 'x' : '-';
	s[7] = m & S_IROTH ? 'r' : '-';
	s[8] = m & S_IWOTH ? 'w' : '-';
	s[9] = m & S_ISVTX ? 't' : m & S_IXOTH ? 'x' : '-';
	buf_add(out, s, sizeof(s));
}

/* The name with mutt's marks: "/" directory, "@" link, "*" executable. */
static void add_file_name(const struct browser_entry *e, struct buf *out)
{
	buf_addstr(out, e->name);
	if (!e->local) {
		if (e->is_dir && !e->is_parent && e->delim) /* mutt: "Lists/" has folders below */
			buf_addch(out, e->delim);
		return;
	}
	if (S_ISLNK(e->mode))
		buf_addch(out, '@');
	else if (S_ISDIR(e->mode))
		buf_addch(out, '/');
	else if (e->mode & S_IXUSR)
		buf_addch(out, '*');
}

/* %m and %n: the count, empty when unknown; %?m? is true when non-zero. */
static bool add_count(const struct expando *x, long n, struct buf *out)
{
	if (n < 0)
		return false;
	expando_number(x, n, out);
	return n > 0;
}

/* The letters that need the file (local entries only). */
static bool file_expando(const struct expando *x, const struct line_ctx *l, struct buf *out)
{
	const struct browser_entry *e = l->e;

	switch (x->op) {
	case 'd':
		add_time(time(NULL) - e->mtime < RECENT_SECONDS ? "%b %d %H:%M" : "%b %d  %Y",
			 e->mtime, out);
		break;
	case 'D':
		add_time(cfg_str(l->c, V_date_format), e->mtime, out);
		break;
	case 'F':
		add_mode(e->mode, out);
		break;
	case 'g':
		add_group(e->gid, out);
		break;
	case 'l':
		expando_number(x, (long)e->nlink, out);
		break;
	case 's':
		mx_pretty_size(l->c, e->size, out);
		return e->size > 0;
	case 'u':
		add_user(e->uid, out);
		break;
	}
	return true;
}

static bool line_expando(const struct expando *x, void *ctx, struct buf *out)
{
	const struct line_ctx *l = ctx;
	const struct browser_entry *e = l->e;

	switch (x->op) {
	case 'C':
		expando_number(x, (long)l->row + 1, out);
		return true;
	case 'f':
		add_file_name(e, out);
		return true;
	case 'i':
		buf_addstr(out, e->name);
		return true;
	case 'm':
		return add_count(x, e->total, out);
	case 'n':
		return add_count(x, e->unread, out);
	case 'N':
		buf_addch(out, e->has_new ? 'N' : ' ');
		return e->has_new;
	case 't':
		buf_addch(out, e->tagged ? '*' : ' ');
		return e->tagged;
	case 'd':
		/* a server folder has no date; its SPECIAL-USE role (RFC 6154) goes there */
		if (!e->local && e->special) {
			buf_printf(out, "[%s]", e->special);
			return true;
		}
		return e->local && file_expando(x, l, out);
	case 'D':
	case 'F':
	case 'g':
	case 'l':
	case 's':
	case 'u':
		return e->local && file_expando(x, l, out);
	default:
		expando_unknown(x);
		return false;
	}
}

static void entry_line(const struct config *c, enum var_id fmt, const struct browser_entry *e,
		       size_t i, int cols, struct buf *out)
{
	struct format *f = format_compile(cfg_str(c, fmt));
	struct line_ctx l = { c, e, i };

	format_render(f, cols < 0 ? 0 : (size_t)MIN(cols, 4096), line_expando, &l, out);
	format_free(&f);
}

void browser_entry_line(const struct config *c, const struct browser_entry *e, size_t i, int cols,
			struct buf *out)
{
	entry_line(c, V_folder_format, e, i, cols, out);
}

void browser_list_line(const struct config *c, const struct browser_list *l, size_t i, int cols,
		       struct buf *out)
{
	entry_line(c, l->mode == BROWSER_MAILBOXES ? V_mailbox_folder_format : V_folder_format,
		   &l->v[i], i, cols, out);
}
