/*
 * index_format.c - index lines: $index_format (or any format with the same
 * expandos: --format, index-format-hook) expanded for one row of a view
 * through the format engine, with mutt's meaning for every letter.
 *
 * Formats are compiled once and kept in a small per-thread cache keyed by
 * their text, so a changed variable is noticed without a notification and an
 * unchanged one costs a string compare per line. What the model does not
 * know yet (scores, spam, crypto, attachment counts, collapsed threads)
 * gives mutt's value for "none": 0, "" or a space. Where tern differs from
 * mutt: %c is the size of the whole message as stored (mutt counts the
 * body only, which would need every message read); %l is 0 unless the
 * backend counted lines cheaply; there is no $flag_chars (mutt 2.2 has
 * none either: %Z and %S use mutt's fixed letters, $to_chars its table).
 * tests/unit/test_index_format.c checks every expando the index uses.
 */
#include <locale.h>
#include <pwd.h>

#include "mx/mx-private.h"

/* mutt's limit on %@name@ inside a hook's format inside ... */
#define HOOK_MAX_DEPTH 20
/* Past this many distinct formats (or patterns) the cache starts again. */
#define CACHE_MAX 64
/* strftime output is capped: a format cannot make a line huge. */
#define DATE_MAX 1024

/* ===================================================================== */
/* Caches: compiled formats and index-format-hook patterns                 */
/* ===================================================================== */

struct fmt_entry {
	char *src;
	struct format *f;
};

struct pat_entry {
	char *src;
	struct pattern *p; /* NULL: did not compile (the hook never matches) */
};

struct line_cache {
	struct fmt_entry fmts[CACHE_MAX];
	size_t nfmts;
	struct pat_entry pats[CACHE_MAX];
	size_t npats;
	const struct config *pat_cfg; /* the config the patterns were compiled with */
};

/*
 * Per thread: the interface formats in its own thread, headless callers in
 * theirs, and a format may be in use further up the stack (%@name@), so
 * entries are dropped only between lines (cache_trim), never during one.
 */
static _Thread_local struct line_cache cache;

static void cache_drop_formats(void)
{
	for (size_t i = 0; i < cache.nfmts; i++) {
		free(cache.fmts[i].src);
		format_free(&cache.fmts[i].f);
	}
	cache.nfmts = 0;
}

static void cache_drop_patterns(void)
{
	for (size_t i = 0; i < cache.npats; i++) {
		free(cache.pats[i].src);
		pattern_free(&cache.pats[i].p);
	}
	cache.npats = 0;
}

/* Called before a line, when nothing of the cache is in use. */
static void cache_trim(const struct config *cfg)
{
	if (cache.nfmts >= CACHE_MAX)
		cache_drop_formats();
	/* A pattern may keep what it was compiled with: never mix configs. */
	if (cache.npats >= CACHE_MAX || cache.pat_cfg != cfg)
		cache_drop_patterns();
	cache.pat_cfg = cfg;
}

static const struct format *cached_format(const char *src)
{
	for (size_t i = 0; i < cache.nfmts; i++)
		if (strcmp(cache.fmts[i].src, src) == 0)
			return cache.fmts[i].f;
	if (cache.nfmts >= CACHE_MAX) /* only inside deep hook nesting */
		return NULL;
	cache.fmts[cache.nfmts].src = xstrdup(src);
	cache.fmts[cache.nfmts].f = format_compile(src);
	return cache.fmts[cache.nfmts++].f;
}

static struct pattern *cached_pattern(const char *src, const struct config *cfg)
{
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < cache.npats; i++)
		if (strcmp(cache.pats[i].src, src) == 0)
			return cache.pats[i].p;
	if (cache.npats >= CACHE_MAX)
		return NULL;
	cache.pats[cache.npats].src = xstrdup(src);
	cache.pats[cache.npats].p = pattern_compile(src, cfg, &err);
	if (!cache.pats[cache.npats].p)
		log_msg(LOG_WARN, "index-format-hook pattern %s: %s", src, err.data);
	buf_release(&err);
	return cache.pats[cache.npats++].p;
}

/* ===================================================================== */
/* Shared state                                                           */
/* ===================================================================== */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct config *default_cfg; /* mutt's defaults, for a NULL cfg */
static locale_t c_locale;          /* for dates written with a leading '!' */
static char *login_name;           /* mutt's Username */
static char *host_name;            /* the system's name, when $hostname is empty */

static void init_once(void)
{
	struct passwd *pw = getpwuid(getuid());
	char host[256] = "";

	default_cfg = config_new();
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	login_name = xstrdup(pw && pw->pw_name ? pw->pw_name : "");
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	host_name = xstrdup(host);
}

static const struct config *config_or_default(const struct config *cfg)
{
	pthread_once(&once, init_once);
	return cfg ? cfg : default_cfg;
}

/* ===================================================================== */
/* One line                                                               */
/* ===================================================================== */

struct line {
	struct mailbox *mb;
	const struct config *cfg;
	const struct view *v;
	size_t row;
	const struct message *m;
	const struct menv *e;
	int hook_depth;
};

static bool expand(const struct expando *x, void *ctx, struct buf *out);

/* ---- sizes -------------------------------------------------------------- */

/* A unit and a number, the unit on the left when $size_units_on_left says so. */
static void add_sized(struct buf *out, bool left, char unit, const char *num)
{
	if (left)
		buf_addch(out, unit);
	buf_addstr(out, num);
	if (!left)
		buf_addch(out, unit);
}

void mx_pretty_size(const struct config *cfg, uint64_t n, struct buf *out)
{
	char num[32];
	bool left;

	cfg = config_or_default(cfg);
	left = cfg_bool(cfg, V_size_units_on_left);
	if (cfg_bool(cfg, V_size_show_bytes) && n < 1024) {
		buf_printf(out, "%d", (int)n);
		return;
	}
	if (n == 0) {
		add_sized(out, left, 'K', "0");
		return;
	}
	if (cfg_bool(cfg, V_size_show_fractions) && n < 10189) { /* 0.1K - 9.9K */
		snprintf(num, sizeof(num), "%3.1f", n < 103 ? 0.1 : (double)n / 1024.0);
		add_sized(out, left, 'K', num);
	} else if (!cfg_bool(cfg, V_size_show_mb) || n < 1023949) { /* 10K - 999K */
		/* mutt's 51 rounds 10189 bytes up to 10K */
		snprintf(num, sizeof(num), "%llu", (unsigned long long)((n + 51) / 1024));
		add_sized(out, left, 'K', num);
	} else if (cfg_bool(cfg, V_size_show_fractions) && n < 10433332) { /* 1.0M - 9.9M */
		snprintf(num, sizeof(num), "%3.1f", (double)n / 1048576.0);
		add_sized(out, left, 'M', num);
	} else {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)((n + 52428) / 1048576));
		add_sized(out, left, 'M', num);
	}
}

/* ---- dates -------------------------------------------------------------- */

enum date_zone {
	DZ_SENDER,   /* %d %{}: in the sender's zone, %Z/%z give the sender's offset */
	DZ_LOCAL,    /* %D %[] */
	DZ_RECEIVED, /* %() */
	DZ_NOW,      /* %<> */
};

/* mutt uses the delivery time when Date is missing or unparseable. */
static int64_t sent_time(const struct line *l)
{
	return l->e->date_valid ? l->e->date : l->m->received;
}

static int sent_zone(const struct line *l)
{
	return l->e->date_valid ? l->e->tz_minutes : 0;
}

/* The format with %Z and %z replaced by the sender's offset, as mutt does. */
static void sender_zone_format(const char *fmt, size_t len, int tz, struct buf *out)
{
	int a = tz < 0 ? -tz : tz;

	for (size_t i = 0; i < len; i++) {
		if (fmt[i] == '%' && i + 1 < len && (fmt[i + 1] == 'Z' || fmt[i + 1] == 'z')) {
			buf_printf(out, "%c%02d%02d", tz < 0 ? '-' : '+', a / 60 % 100, a % 60);
			i++;
		} else if (fmt[i] == '%' && i + 1 < len) {
			buf_add(out, fmt + i, 2); /* "%%Z" stays a literal "%Z" */
			i++;
		} else {
			buf_addch(out, fmt[i]);
		}
	}
}

/* The format is the user's ($date_format, %{...}): strftime is made for that. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void add_strftime(const char *fmt, const struct tm *tm, bool c_loc, struct buf *out)
{
	char tmp[DATE_MAX];
	size_t n;

	if (!*fmt)
		return;
	n = c_loc && c_locale ? strftime_l(tmp, sizeof(tmp), fmt, tm, c_locale)
			      : strftime(tmp, sizeof(tmp), fmt, tm);
	buf_add(out, tmp, n); /* 0 for an empty result or one past DATE_MAX */
}
#pragma GCC diagnostic pop

static void add_date(const struct line *l, const char *fmt, size_t len, enum date_zone z,
		     struct buf *out)
{
	struct buf f = BUF_INIT;
	bool c_loc = len && fmt[0] == '!';
	time_t t;
	struct tm tm;

	if (c_loc) {
		fmt++;
		len--;
	}
	switch (z) {
	case DZ_SENDER:
		sender_zone_format(fmt, len, sent_zone(l), &f);
		t = (time_t)(sent_time(l) + (int64_t)sent_zone(l) * 60);
		gmtime_r(&t, &tm);
		break;
	default:
		buf_add(&f, fmt, len);
		t = z == DZ_LOCAL      ? (time_t)sent_time(l)
		    : z == DZ_RECEIVED ? (time_t)l->m->received
				       : time(NULL);
		localtime_r(&t, &tm);
		break;
	}
	add_strftime(f.data, &tm, c_loc, out);
	buf_release(&f);
}

/* ---- addresses -------------------------------------------------------- */

/* mutt_get_name: the display name, else the address. */
static const char *addr_name(const struct maddr *a)
{
	return a->name ? a->name : a->mailbox;
}

static bool first_addr(const struct line *l, enum menv_addr f, struct maddr *a)
{
	return menv_first_addr(l->e, f, a);
}

/* mutt_addr_is_user: a message without From counts as the user's, as in mutt. */
static bool addr_is_user(const struct line *l, const struct maddr *a)
{
	const char *host = cfg_str(l->cfg, V_hostname);
	const char *from = cfg_str(l->cfg, V_from);
	const char *at, *mb;
	struct addrlist fl = { 0 };
	bool me = false;

	if (!a)
		return true;
	mb = a->mailbox;
	if (!mb)
		return false;
	at = strchr(mb, '@');
	if (*login_name && ascii_strcasecmp(mb, login_name) == 0)
		return true;
	if (at && *login_name && (size_t)(at - mb) == strlen(login_name) &&
	    ascii_strncasecmp(mb, login_name, (size_t)(at - mb)) == 0 &&
	    ascii_strcasecmp(at + 1, *host ? host : host_name) == 0)
		return true;
	if (*from) {
		addrlist_parse(from, strlen(from), &fl);
		const struct address *f = addrlist_first(&fl);
		me = f && f->mailbox && ascii_strcasecmp(f->mailbox, mb) == 0;
		addrlist_release(&fl);
		if (me)
			return true;
	}
	return cfg_list_match(l->cfg, L_ALTERNATES, mb);
}

static bool from_is_user(const struct line *l)
{
	struct maddr a;
	return addr_is_user(l, first_addr(l, MA_FROM, &a) ? &a : NULL);
}

static bool is_subscribed(const struct line *l, const struct maddr *a)
{
	return a->mailbox && cfg_list_match(l->cfg, L_SUBSCRIBE, a->mailbox);
}

/* The first subscribed list in field f, or false. */
static bool find_list(const struct line *l, enum menv_addr f, struct maddr *out)
{
	struct maddr_iter it;

	menv_addrs(l->e, f, &it);
	while (maddr_next(&it, out))
		if (out->kind == ADDR_MAILBOX && is_subscribed(l, out))
			return true;
	return false;
}

/* The whole list f for display ("Name <addr>, ..."), as mutt's %f %r %R write it. */
static void add_addrlist(const struct line *l, enum menv_addr f, struct buf *out)
{
	struct address few[16];
	struct addrlist al = { few, 0, ARRAY_SIZE(few) };
	struct maddr_iter it;
	struct maddr a;
	size_t n = 0;

	menv_addrs(l->e, f, &it);
	while (maddr_next(&it, &a)) {
		if (n == al.cap) {
			struct address *v = xreallocarray(NULL, al.cap * 2, sizeof(*v));
			memcpy(v, al.v, n * sizeof(*v));
			if (al.v != few)
				free(al.v);
			al.v = v;
			al.cap *= 2;
		}
		/* Borrowed strings: the list is only formatted, never released. */
		al.v[n++] = (struct address){ .kind = a.kind,
					      .name = (char *)a.name,
					      .mailbox = (char *)a.mailbox,
					      .invalid = a.invalid };
	}
	al.n = n;
	addrlist_format(&al, ADDR_FMT_DISPLAY, out);
	if (al.v != few)
		free(al.v);
}

/* mutt's make_from: the author, "To x" (or Cc, Bcc) for mail from the user, lists first with do_lists. */
static void add_from(const struct line *l, bool do_lists, struct buf *out)
{
	bool me = from_is_user(l);
	struct maddr a;

	if (do_lists || me) {
		if (find_list(l, MA_TO, &a)) {
			buf_printf(out, "To %s", addr_name(&a));
			return;
		}
		if (find_list(l, MA_CC, &a)) {
			buf_printf(out, "Cc %s", addr_name(&a));
			return;
		}
	}
	if (me && first_addr(l, MA_TO, &a))
		buf_printf(out, "To %s", addr_name(&a));
	else if (me && first_addr(l, MA_CC, &a))
		buf_printf(out, "Cc %s", addr_name(&a));
	else if (me && first_addr(l, MA_BCC, &a))
		buf_printf(out, "Bcc %s", addr_name(&a));
	else if (first_addr(l, MA_FROM, &a))
		buf_addstr(out, addr_name(&a));
}

/* mutt's make_from_addr with lists, for %O: an address rather than a name. */
static void add_from_addr(const struct line *l, struct buf *out)
{
	bool me = from_is_user(l);
	struct maddr a;
	const char *s = NULL;
	size_t start = out->len;

	if (find_list(l, MA_TO, &a) || find_list(l, MA_CC, &a))
		s = a.mailbox;
	else if (me && first_addr(l, MA_TO, &a))
		s = a.mailbox;
	else if (me && first_addr(l, MA_CC, &a))
		s = a.mailbox;
	else if (first_addr(l, MA_FROM, &a))
		s = a.mailbox;
	buf_addstr(out, s ? s : "");
	if (!cfg_bool(l->cfg, V_save_address)) {
		size_t cut = strcspn(out->data + start, "%@");
		buf_setlen(out, start + cut);
	}
}

/* %t: a subscribed list, else the first To (or Cc) recipient. */
static void add_to(const struct line *l, struct buf *out)
{
	struct maddr a;

	if (find_list(l, MA_TO, &a))
		buf_printf(out, "To %s", addr_name(&a));
	else if (find_list(l, MA_CC, &a))
		buf_printf(out, "Cc %s", addr_name(&a));
	else if (first_addr(l, MA_TO, &a))
		buf_printf(out, "To %s", addr_name(&a));
	else if (first_addr(l, MA_CC, &a))
		buf_printf(out, "Cc %s", addr_name(&a));
}

/* mutt_user_is_recipient: the index into $to_chars. */
static size_t recipient_kind(const struct line *l)
{
	struct maddr_iter it;
	struct maddr a, x;
	bool in_to = false, in_cc = false;

	if (from_is_user(l))
		return 4;
	menv_addrs(l->e, MA_TO, &it);
	while (!in_to && maddr_next(&it, &a))
		in_to = a.kind == ADDR_MAILBOX && addr_is_user(l, &a);
	if (in_to)
		return menv_addr_count(l->e, MA_TO) > 1 || first_addr(l, MA_CC, &x) ? 2 : 1;
	menv_addrs(l->e, MA_CC, &it);
	while (!in_cc && maddr_next(&it, &a))
		in_cc = a.kind == ADDR_MAILBOX && addr_is_user(l, &a);
	if (in_cc)
		return 3;
	if (find_list(l, MA_TO, &x) || find_list(l, MA_CC, &x))
		return 5;
	return 0;
}

/* Character i of an mbtable ($to_chars): one code point each, " " past its end. */
static void add_table_char(const char *table, size_t i, struct buf *out)
{
	size_t len = strlen(table), pos = 0, k = 0;
	uint32_t cp;

	while (pos < len) {
		k = utf8_decode(table + pos, len - pos, &cp);
		if (i-- == 0) {
			buf_add(out, table + pos, k);
			return;
		}
		pos += k;
	}
	buf_addch(out, ' ');
}

static void add_to_char(const struct line *l, struct buf *out)
{
	add_table_char(cfg_str(l->cfg, V_to_chars), recipient_kind(l), out);
}

/* ---- flags ------------------------------------------------------------- */

static char status_char(uint32_t f)
{
	if (f & MSG_DELETED)
		return 'D';
	if (f & MSG_TAGGED)
		return '*';
	if (f & MSG_FLAGGED)
		return '!';
	if (f & MSG_REPLIED)
		return 'r';
	if (f & MSG_READ)
		return '-';
	return f & MSG_OLD ? 'O' : 'N';
}

/* %Z: new/old/replied, deleted (or crypto: not known yet), tagged/flagged or $to_chars. */
static void add_status_flags(const struct line *l, struct buf *out)
{
	uint32_t f = l->m->flags;

	if (f & MSG_READ)
		buf_addch(out, f & MSG_REPLIED ? 'r' : ' ');
	else
		buf_addch(out, f & MSG_OLD ? 'O' : 'N');
	buf_addch(out, f & MSG_DELETED ? 'D' : ' ');
	if (f & MSG_TAGGED)
		buf_addch(out, '*');
	else if (f & MSG_FLAGGED)
		buf_addch(out, '!');
	else
		add_to_char(l, out);
}

/* ---- threads ------------------------------------------------------------ */

static uint32_t depth_of(const struct line *l, size_t row)
{
	return l->v->depth ? l->v->depth[row] : 0;
}

/* The nearest row above with depth d (the parent when d = depth - 1), or SIZE_MAX. */
static size_t row_above_at(const struct line *l, size_t row, uint32_t d)
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

static const struct message *row_msg(const struct line *l, size_t row)
{
	return mx_find(l->mb, l->v->ids[row]);
}

/* mutt's real_subj: the subject after $reply_regexp's match. NULL when absent. */
static const char *real_subject(const struct line *l, const struct message *m)
{
	const char *s = menv_str(m->env, ME_SUBJECT);
	const regex_t *rx = cfg_regex(l->cfg, V_reply_regexp, NULL);
	regmatch_t pm;

	if (s && rx && regexec(rx, s, 1, &pm, 0) == 0)
		return s + pm.rm_eo;
	return s;
}

/* mutt's subject_changed: the subject differs from the parent's (a root's always does). */
static bool subject_changed(const struct line *l, size_t row)
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
static bool show_thread_subject(const struct line *l)
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
static void add_tree(const struct line *l, struct buf *out)
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

static void add_subject(const struct line *l, struct buf *out)
{
	const char *s = menv_str(l->e, ME_SUBJECT);

	if (depth_of(l, l->row) > 0) {
		add_tree(l, out);
		if (!show_thread_subject(l))
			return;
	}
	buf_addstr(out, s ? s : "");
}

static size_t thread_root(const struct line *l)
{
	size_t r = l->row;

	while (r > 0 && depth_of(l, r) > 0)
		r--;
	return r;
}

static long thread_size(const struct line *l)
{
	size_t r = thread_root(l) + 1;

	while (r < l->v->n && depth_of(l, r) > 0)
		r++;
	return (long)(r - thread_root(l));
}

/* %Y: the label, unless a reply repeats its previous sibling's or parent's. */
static bool label_is_new(const struct line *l)
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

static bool threaded(const struct line *l)
{
	return (cfg_sort(l->cfg, V_sort) & SORT_MASK) == SORT_THREADS || depth_of(l, l->row) > 0;
}

/* ---- the mailbox ---------------------------------------------------------- */

static void add_folder_name(const struct line *l, struct buf *out)
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

/* ---- index-format-hook ------------------------------------------------------ */

static const char *hook_format(const struct line *l, const char *name, size_t len)
{
	size_t n = cfg_hook_count(l->cfg, HOOK_INDEX_FORMAT);

	for (size_t i = 0; i < n; i++) {
		const struct hook *h = cfg_hook(l->cfg, HOOK_INDEX_FORMAT, i);
		struct pattern *p;

		if (!h->name || strlen(h->name) != len || memcmp(h->name, name, len) != 0)
			continue;
		p = cached_pattern(h->pattern ? h->pattern : "", l->cfg);
		if (p && pattern_match(p, l->mb, l->m) != h->negate)
			return h->command;
	}
	return NULL;
}

static void add_hook(const struct expando *x, struct line *l, struct buf *out)
{
	const char *fmt;
	const struct format *f;

	if (l->hook_depth >= HOOK_MAX_DEPTH) {
		expando_unknown(x);
		return;
	}
	fmt = hook_format(l, x->arg ? x->arg : "", x->arg_len);
	if (!fmt || !(f = cached_format(fmt)))
		return;
	l->hook_depth++;
	format_render(f, 0, expand, l, out);
	l->hook_depth--;
}

/* ---- the expandos ---------------------------------------------------------- */

/* Strings: %a %A %b %B %f %F %i %L %n %O %r %R %s %t %u %v %y %Y. */
static bool expand_string(const struct expando *x, struct line *l, struct buf *out)
{
	struct maddr a;
	size_t start = out->len;

	switch (x->op) {
	case 'A':
		if (first_addr(l, MA_REPLY_TO, &a)) {
			buf_addstr(out, a.mailbox);
			return true;
		}
		/* fall through */
	case 'a':
		if (first_addr(l, MA_FROM, &a))
			buf_addstr(out, a.mailbox);
		return true;
	case 'B':
		if (find_list(l, MA_TO, &a) || find_list(l, MA_CC, &a)) {
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
		add_addrlist(l, MA_FROM, out);
		return true;
	case 'F':
		add_from(l, false, out);
		return !x->optional || !from_is_user(l);
	case 'i': {
		const char *id = menv_str(l->e, ME_MESSAGE_ID);
		buf_addstr(out, id ? id : "<no.id>");
		return true;
	}
	case 'L':
		add_from(l, true, out);
		return find_list(l, MA_TO, &a) || find_list(l, MA_CC, &a) || !x->optional;
	case 'n':
		if (first_addr(l, MA_FROM, &a))
			buf_addstr(out, addr_name(&a));
		return true;
	case 'O':
		add_from_addr(l, out);
		return find_list(l, MA_TO, &a) || find_list(l, MA_CC, &a) || !x->optional;
	case 'r':
	case 'R':
		add_addrlist(l, x->op == 'r' ? MA_TO : MA_CC, out);
		return out->len > start;
	case 's':
		add_subject(l, out);
		return true;
	case 't':
		add_to(l, out);
		return true;
	case 'u':
		if (first_addr(l, MA_FROM, &a)) {
			buf_addstr(out, a.mailbox);
			buf_setlen(out, start + strcspn(out->data + start, "%@"));
		}
		return true;
	case 'v': {
		bool me = from_is_user(l);
		if ((me && (first_addr(l, MA_TO, &a) || first_addr(l, MA_CC, &a))) ||
		    (!me && first_addr(l, MA_FROM, &a)))
			buf_addstr(out, addr_name(&a));
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
static bool expand_other(const struct expando *x, struct line *l, struct buf *out)
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
	case 'M': /* threads are never collapsed yet */
		if (!x->optional && threaded(l))
			buf_addch(out, ' ');
		return false;
	case 'N': /* scores are not kept */
		if (!x->optional)
			expando_number(x, 0, out);
		return false;
	case 'S':
		buf_addch(out, status_char(l->m->flags));
		return true;
	case 'T':
		add_to_char(l, out);
		return true;
	case 'X': /* attachments are not counted yet */
		expando_number(x, 0, out);
		return false;
	case 'Z':
		add_status_flags(l, out);
		return true;
	}
	return expand_string(x, l, out);
}

static bool expand(const struct expando *x, void *ctx, struct buf *out)
{
	struct line *l = ctx;

	switch (x->op) {
	case 'd':
	case 'D': {
		const char *f = cfg_str(l->cfg, V_date_format);
		add_date(l, f, strlen(f), x->op == 'd' ? DZ_SENDER : DZ_LOCAL, out);
		return true;
	}
	case '{':
	case '[':
	case '(':
	case '<':
		add_date(l, x->arg, x->arg_len,
			 x->op == '{'   ? DZ_SENDER
			 : x->op == '[' ? DZ_LOCAL
			 : x->op == '(' ? DZ_RECEIVED
					: DZ_NOW,
			 out);
		return true;
	case '@':
		add_hook(x, l, out);
		return true;
	}
	return expand_other(x, l, out);
}

/* ===================================================================== */
/* The entry points                                                       */
/* ===================================================================== */

void mx_index_line_fmt(struct mailbox *mb, const struct config *cfg, const char *fmt,
		       const struct view *v, size_t row, size_t cols, struct buf *out)
{
	struct line l = { .mb = mb, .v = v, .row = row };
	const struct format *f;

	if (row >= v->n || !(l.m = mx_find(mb, v->ids[row])))
		return;
	l.cfg = config_or_default(cfg);
	l.e = l.m->env;
	cache_trim(l.cfg);
	f = cached_format(fmt ? fmt : cfg_str(l.cfg, V_index_format));
	format_render(f, cols, expand, &l, out);
}

void mx_index_line(struct mailbox *mb, const struct config *cfg, const struct view *v, size_t row,
		   size_t cols, struct buf *out)
{
	mx_index_line_fmt(mb, cfg, NULL, v, row, cols, out);
}
