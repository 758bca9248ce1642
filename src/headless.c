/*
 * headless.c - tern without a terminal: --list prints the index (after
 * --sort and --limit, through --format or $index_format), --show=N a
 * message as the pager shows it, --structure=N its MIME tree. Usage errors
 * (a bad number, sort method or pattern) exit 2, as getopt errors do;
 * failures to read or write exit 1.
 */
#include <errno.h>
#include <unistd.h>

#include "headless.h"
#include "mime/mime.h"

/*
 * Mail is written by strangers: on a terminal, control characters become
 * visible (^[ for ESC, as the pager draws them) so that a message cannot
 * move the cursor, retitle the window or fake output. C1 controls (UTF-8
 * C2 80..9F) become U+FFFD. Into a pipe or a file the text goes as it is.
 */
static void make_visible(const struct buf *in, struct buf *out)
{
	for (size_t i = 0; i < in->len; i++) {
		unsigned char c = (unsigned char)in->data[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			buf_addch(out, '^');
			buf_addch(out, c == 0x7f ? '?' : c + 0x40);
		} else if (c == 0xc2 && i + 1 < in->len && (unsigned char)in->data[i + 1] >= 0x80 &&
			   (unsigned char)in->data[i + 1] <= 0x9f) {
			buf_addstr(out, "\xef\xbf\xbd");
			i++;
		} else {
			buf_addch(out, (char)c);
		}
	}
}

/* One character (UTF-8 at s, k bytes) in charset cs, or '?' when it has no form there, as mutt shows it. */
static void convert_char(const char *cs, const char *s, size_t k, struct buf *out)
{
	if (charset_from_utf8(cs, s, k, out) != 0)
		buf_addch(out, '?');
}

/*
 * The text in $charset (the locale's), line by line; a line with a
 * character the charset lacks is converted one character at a time. UTF-8
 * and US-ASCII (the C locale, as scripts often run) get UTF-8 unchanged.
 */
static void to_charset(const char *cs, const struct buf *in, struct buf *out)
{
	size_t pos = 0;

	while (pos < in->len) {
		const char *nl = memchr(in->data + pos, '\n', in->len - pos);
		size_t end = nl ? (size_t)(nl - in->data) + 1 : in->len;

		if (charset_from_utf8(cs, in->data + pos, end - pos, out) != 0) {
			while (pos < end) {
				uint32_t cp;
				size_t k = utf8_decode(in->data + pos, end - pos, &cp);
				convert_char(cs, in->data + pos, k, out);
				pos += k;
			}
		}
		pos = end;
	}
}

/* Write all of out to standard output; false on a write error (a closed pipe, a full disk). */
static bool emit(const struct config *cfg, const struct buf *out)
{
	struct buf conv = BUF_INIT, safe = BUF_INIT;
	const struct buf *w = out;
	const char *cs = cfg ? cfg_str(cfg, V_charset) : "";
	bool ok;

	if (isatty(STDOUT_FILENO)) {
		make_visible(w, &safe);
		w = &safe;
	}
	if (*cs && !charset_is_utf8(cs) && !charset_is_ascii(cs) && charset_known(cs)) {
		to_charset(cs, w, &conv);
		w = &conv;
	}
	ok = fwrite(w->data, 1, w->len, stdout) == w->len && fflush(stdout) == 0;
	buf_release(&conv);
	buf_release(&safe);
	return ok;
}

/* --sort: the same names $sort takes, checked by the config's own parser. */
static int sort_method(const char *name, int *out)
{
	struct config *tmp = config_new();
	struct buf err = BUF_INIT;
	int rc = cfg_set(tmp, V_sort, name, &err);

	if (rc == 0)
		*out = cfg_sort(tmp, V_sort);
	else
		fprintf(stderr, _("tern: --sort=%s: %s\n"), name, err.data);
	buf_release(&err);
	config_free(&tmp);
	return rc;
}

static int list_folder(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	struct view v = { 0 };
	struct view_opts vo;
	struct pattern *limit = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = 2;

	view_opts_from_config(cfg, &vo);
	if (o->sort && sort_method(o->sort, &vo.sort) != 0)
		goto out;
	if (o->limit && !(limit = pattern_compile(o->limit, cfg, &err))) {
		fprintf(stderr, _("tern: --limit=%s: %s\n"), o->limit,
			err.len ? err.data : _("bad pattern"));
		goto out;
	}
	vo.limit = limit;
	rc = 1;
	mailbox_lock(mb);
	if (view_build(mb, &vo, &v) == 0) {
		for (size_t row = 0; row < v.n; row++) {
			mx_index_line_fmt(mb, cfg, o->format, &v, row, 0, &out);
			buf_addch(&out, '\n');
		}
		rc = 0;
	}
	mailbox_unlock(mb);
	if (rc == 0 && !emit(cfg, &out)) {
		fprintf(stderr, _("tern: writing the list: %s\n"), strerror(errno));
		rc = 1;
	}
	view_release(&v);
	pattern_free(&limit);
out:
	buf_release(&out);
	buf_release(&err);
	return rc;
}

/* N of --show=N / --structure=N: a message number in mailbox order, from 1. */
static int message_number(const struct mailbox *mb, const char *opt, const char *arg, size_t *idx)
{
	unsigned long long n = 0;
	const char *p = arg ? arg : "";

	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 18) {
		fprintf(stderr, _("tern: --%s=%s: not a message number (1 to %zu)\n"), opt, p,
			mb->n);
		return 2;
	}
	n = strtoull(p, NULL, 10);
	if (n < 1 || n > mb->n) {
		if (mb->n == 0)
			fprintf(stderr, _("tern: --%s=%s: the folder is empty\n"), opt, p);
		else
			fprintf(stderr,
				_("tern: --%s=%s: no such message (the folder has 1 to %zu)\n"),
				opt, p, mb->n);
		return 2;
	}
	*idx = (size_t)(n - 1);
	return 0;
}

static int show_message(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	const char *opt = o->action == HL_SHOW ? "show" : "structure";
	struct buf raw = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	size_t idx;
	uint32_t id;
	int rc;

	mailbox_lock(mb);
	rc = message_number(mb, opt, o->arg, &idx);
	id = rc == 0 ? mb->msgs[idx].id : 0;
	mailbox_unlock(mb);
	if (rc != 0)
		goto out;
	if (mx_read(mb, id, &raw, &err) != 0) {
		fprintf(stderr, _("tern: message %s: %s\n"), o->arg, err.data);
		rc = 1;
		goto out;
	}
	/* A damaged message is still shown in full: its defects are no failure here. */
	if (o->action == HL_SHOW)
		render_message_cfg(raw.data, raw.len, cfg, &out);
	else
		render_structure(raw.data, raw.len, &out);
	if (!emit(cfg, &out)) {
		fprintf(stderr, _("tern: writing message %s: %s\n"), o->arg, strerror(errno));
		rc = 1;
	}
out:
	buf_release(&raw);
	buf_release(&out);
	buf_release(&err);
	return rc;
}

int headless_run(struct mailbox *mb, const struct config *cfg, const struct headless_opts *o)
{
	if (headless_writes(o)) {
		int rc = headless_write(mb, cfg, o);
		if (rc != 0 || o->action == HL_NONE)
			return rc;
	}
	switch (o->action) {
	case HL_LIST:
		return list_folder(mb, cfg, o);
	case HL_SHOW:
	case HL_STRUCTURE:
		return show_message(mb, cfg, o);
	default:
		return 0;
	}
}
