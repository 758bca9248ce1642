/*
 * index_pipe_decode.c - messages as decoded text, as mutt copies them:
 * for $pipe_decode with CH_DECODE | CH_REORDER (header fields decoded,
 * the body as the pager shows it), and for decode-save and decode-copy
 * with CH_XMIT | CH_MIME | CH_TXTPLAIN besides (the MIME fields replaced
 * by a text/plain declaration, the mbox status fields left to the folder).
 */
#include "ui/index_pipe_int.h"

/*
 * Fields a decoded copy must not keep: its MIME fields (the body is no
 * longer what they describe), sizes, and the mbox status fields, which the
 * folder written to sets from the flags.
 */
static bool dropped_field(const struct header_field *f)
{
	static const char *const names[] = { "mime-version", "lines", "status", "x-status" };

	if (f->name_len >= 8 && ascii_strncasecmp(f->name, "content-", 8) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == f->name_len &&
		    ascii_strncasecmp(names[i], f->name, f->name_len) == 0)
			return true;
	return false;
}

/* Weeding by ignore/unignore, whatever $weed says (mutt's CH_WEED). */
static bool field_shown(const struct config *cfg, const struct header_field *f)
{
	struct buf line = BUF_INIT;
	bool shown;

	buf_add(&line, f->name, f->name_len);
	buf_addstr(&line, ": ");
	buf_add(&line, f->value, f->value_len);
	shown = cfg_header_visible(cfg, line.data, line.len);
	buf_release(&line);
	return shown;
}

/* One decoded field on one line: a decoded value may hold line breaks and controls. */
static void add_field(const struct header_field *f, struct buf *out)
{
	struct buf line = BUF_INIT;

	render_header_field(f, &line);
	for (size_t i = 0; i < line.len; i++)
		if ((unsigned char)line.data[i] < 0x20 && line.data[i] != '\t')
			line.data[i] = ' ';
	buf_addbuf(out, &line);
	buf_addch(out, '\n');
	buf_release(&line);
}

/* Bytes of the header block render_message_cfg writes before its blank line. */
static size_t pager_header_len(const struct header_list *h, const struct config *cfg, size_t *idx)
{
	struct buf b = BUF_INIT;
	size_t n = render_header_order(h, cfg, false, idx), len;

	for (size_t k = 0; k < n; k++) {
		render_header_field(&h->v[idx[k]], &b);
		buf_addch(&b, '\n');
	}
	len = b.len;
	buf_release(&b);
	return len;
}

/* The body as the pager shows it: render_message_cfg's output after its header block. */
static void add_body(const char *raw, size_t len, const struct config *cfg, size_t hdr_len,
		     struct buf *out)
{
	struct buf r = BUF_INIT;
	const char *body;

	render_message_cfg(raw, len, cfg, &r);
	if (r.len > hdr_len && r.data[hdr_len] == '\n')
		body = r.data + hdr_len + 1;
	else if ((body = strstr(r.data, "\n\n")) != NULL)
		body += 2; /* not expected: the same functions wrote both */
	else
		body = r.data;
	buf_addstr(out, body);
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addch(out, '\n');
	buf_release(&r);
}

void pipe_decode_message(const char *raw, size_t len, const struct config *cfg, bool weed,
			 bool plain, struct buf *out)
{
	struct header_list h = { 0 };
	size_t *idx, n, hdr_len;

	headers_parse(raw, len, &h);
	idx = xreallocarray(NULL, h.n ? h.n : 1, sizeof(*idx));
	hdr_len = pager_header_len(&h, cfg, idx);
	n = render_header_order(&h, cfg, !weed, idx);
	for (size_t k = 0; k < n; k++) {
		const struct header_field *f = &h.v[idx[k]];
		if (!(plain && dropped_field(f)) && (!weed || field_shown(cfg, f)))
			add_field(f, out);
	}
	/* mutt's CH_TXTPLAIN lines, in its order */
	if (plain)
		buf_addstr(out, "MIME-Version: 1.0\n"
				"Content-Transfer-Encoding: 8bit\n"
				"Content-Type: text/plain; charset=utf-8\n");
	buf_addch(out, '\n');
	add_body(raw, len, cfg, hdr_len, out);
	free(idx);
	header_list_release(&h);
}

/* Append message id, decoded, to the folder at path, with its flags and delivery time. */
static int decode_one(struct index *ix, uint32_t id, const char *path, struct buf *err)
{
	struct buf raw = BUF_INIT, msg = BUF_INIT;
	const struct message *m;
	uint32_t flags = 0;
	int64_t received = 0;
	int rc;

	mailbox_lock(ix->mb);
	if ((m = mx_find(ix->mb, id)) != NULL) {
		flags = m->flags & MSG_STORED & ~(uint32_t)MSG_DELETED;
		received = m->received;
	}
	mailbox_unlock(ix->mb);
	rc = mx_read(ix->mb, id, &raw, err);
	if (rc == 0) {
		pipe_decode_message(raw.data, raw.len, ix->cfg,
				    cfg_bool(ix->cfg, V_copy_decode_weed), true, &msg);
		rc = mx_append_to(path, ix->cfg, msg.data, msg.len, flags, received, err);
	}
	buf_release(&raw);
	buf_release(&msg);
	return rc;
}

void pipe_decode_save(struct index *ix, bool save)
{
	static const char *const save_labels[2] = { N_("Decode-save to mailbox: "),
						    N_("Decode-save tagged to mailbox: ") };
	static const char *const copy_labels[2] = { N_("Decode-copy to mailbox: "),
						    N_("Decode-copy tagged to mailbox: ") };

	index_save_to(ix, save, save ? save_labels : copy_labels, decode_one);
}
