/*
 * index_format.c - index lines: $index_format (or any format with the same
 * expandos: --format, index-format-hook) expanded for one row of a view
 * through the format engine, with mutt's meaning for every letter.
 *
 * Formats are compiled once and kept in a small per-thread cache keyed by
 * their text, so a changed variable is noticed without a notification and an
 * unchanged one costs a string compare per line. What the model does not
 * know yet (scores, spam, crypto, attachment counts)
 * gives mutt's value for "none": 0, "" or a space. Where tern differs from
 * mutt: %c is the size of the whole message as stored (mutt counts the
 * body only, which would need every message read); %l is 0 unless the
 * backend counted lines cheaply; there is no $flag_chars (mutt 2.2 has
 * none either: %Z and %S use mutt's fixed letters, $to_chars its table).
 * tests/unit/test_index_format.c checks every expando the index uses.
 *
 * This file holds the caches, the sizes (%c), the dates (%d %D %{} %[] %()
 * %<>), index-format-hook (%@name@) and the entry points;
 * index_format_addr.c the authors, recipients and flag letters, and
 * index_format_expando.c the thread tree and every other letter.
 */
#include <locale.h>
#include <pwd.h>

#include "mx/index_format_int.h"

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

const char *ifmt_login_name(void)
{
	pthread_once(&once, init_once);
	return login_name;
}

const char *ifmt_host_name(void)
{
	pthread_once(&once, init_once);
	return host_name;
}

/* ===================================================================== */
/* One line                                                               */
/* ===================================================================== */

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
static int64_t sent_time(const struct ifmt_line *l)
{
	return l->e->date_valid ? l->e->date : l->m->received;
}

static int sent_zone(const struct ifmt_line *l)
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

static void add_date(const struct ifmt_line *l, const char *fmt, size_t len, enum date_zone z,
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

/* ---- index-format-hook ------------------------------------------------------ */

static const char *hook_format(const struct ifmt_line *l, const char *name, size_t len)
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

static void add_hook(const struct expando *x, struct ifmt_line *l, struct buf *out)
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

static bool expand(const struct expando *x, void *ctx, struct buf *out)
{
	struct ifmt_line *l = ctx;

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
	return ifmt_expand_value(x, l, out);
}

/* ===================================================================== */
/* The entry points                                                       */
/* ===================================================================== */

void mx_index_line_fmt(struct mailbox *mb, const struct config *cfg, const char *fmt,
		       const struct view *v, size_t row, size_t cols, struct buf *out)
{
	struct ifmt_line l = { .mb = mb, .v = v, .row = row };
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