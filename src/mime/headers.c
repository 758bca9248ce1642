/*
 * headers.c - a header block as the pager shows it: decoded, unfolded,
 * reordered by hdr_order and weeded by ignore/unignore ($weed), as mutt's
 * mutt_copy_hdr does with CH_DECODE | CH_WEED | CH_REORDER.
 *
 * Fields are shown unfolded, one per line (mutt refolds them to the screen
 * width; a script wants whole lines). Field names stay as written.
 */
#include "mime/internal.h"

/* mutt's hdr_order match: the entry is a prefix of "Name: value", ignoring case. */
static bool order_matches(const char *entry, const struct header_field *f)
{
	size_t n = strlen(entry);

	if (n <= f->name_len)
		return ascii_strncasecmp(entry, f->name, n) == 0;
	/* "from:" against "From": the name, then the colon */
	return n == f->name_len + 1 && entry[n - 1] == ':' &&
	       ascii_strncasecmp(entry, f->name, f->name_len) == 0;
}

static bool field_visible(const struct config *cfg, const struct header_field *f, bool full)
{
	struct buf line = BUF_INIT;
	bool vis;

	if (full || !cfg || !cfg_bool(cfg, V_weed))
		return true;
	buf_add(&line, f->name, f->name_len);
	buf_addstr(&line, ": ");
	buf_add(&line, f->value, f->value_len);
	vis = cfg_header_visible(cfg, line.data, line.len);
	buf_release(&line);
	return vis;
}

/* Unfold as mutt shows a field: each line break and the white space after it become one space. */
static void unfold(const char *v, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '\r' && i + 1 < len && v[i + 1] == '\n')
			continue;
		if (v[i] != '\n') {
			buf_addch(out, v[i]);
			continue;
		}
		while (i + 1 < len && (v[i + 1] == ' ' || v[i + 1] == '\t'))
			i++;
		buf_addch(out, ' ');
	}
}

static bool is_address_field(const struct header_field *f)
{
	static const char *const names[] = {
		"from", "to", "cc", "bcc", "reply-to", "sender", "mail-followup-to"
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == f->name_len &&
		    ascii_strncasecmp(names[i], f->name, f->name_len) == 0)
			return true;
	return false;
}

/*
 * Address fields as mutt shows them: parsed and written back for display
 * (names decoded, quotes only where needed). A value that does not parse
 * cleanly is decoded as text instead, so nothing is lost.
 */
static bool add_addresses(const struct buf *v, struct buf *out)
{
	struct addrlist l = { 0 };
	bool ok = addrlist_parse(v->data, v->len, &l) == 0 && l.n > 0;

	if (ok)
		addrlist_format(&l, ADDR_FMT_DISPLAY, out);
	addrlist_release(&l);
	return ok;
}

unsigned render_header_field(const struct header_field *f, struct buf *out)
{
	struct buf v = BUF_INIT;
	unsigned defects = 0;

	unfold(f->value, f->value_len, &v);
	buf_add(out, f->name, f->name_len);
	buf_addstr(out, ": ");
	if (!is_address_field(f) || !add_addresses(&v, out))
		rfc2047_decode(v.data, v.len, out, &defects);
	buf_release(&v);
	return defects;
}

size_t render_header_order(const struct header_list *h, const struct config *cfg, bool full,
			   size_t *idx)
{
	const struct strlist *order = cfg && !full ? cfg_list(cfg, L_HDR_ORDER) : NULL;
	bool *done = xcalloc(h->n ? h->n : 1, sizeof(*done));
	size_t n = 0;

	for (size_t i = 0; i < h->n; i++)
		done[i] = !field_visible(cfg, &h->v[i], full);
	for (size_t k = 0; order && k < order->n; k++)
		for (size_t i = 0; i < h->n; i++)
			if (!done[i] && order_matches(order->v[k], &h->v[i])) {
				idx[n++] = i;
				done[i] = true;
			}
	for (size_t i = 0; i < h->n; i++)
		if (!done[i])
			idx[n++] = i;
	free(done);
	return n;
}

unsigned render_header_block(const char *data, size_t len, const struct config *cfg,
			     struct buf *out)
{
	struct header_list h = { 0 };
	size_t *idx, n;
	unsigned defects;

	headers_parse(data, len, &h);
	defects = h.defects;
	idx = xreallocarray(NULL, h.n ? h.n : 1, sizeof(*idx));
	n = render_header_order(&h, cfg, false, idx);
	for (size_t k = 0; k < n; k++) {
		defects |= render_header_field(&h.v[idx[k]], out);
		buf_addch(out, '\n');
	}
	free(idx);
	header_list_release(&h);
	return defects;
}
