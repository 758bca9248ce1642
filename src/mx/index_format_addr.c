/*
 * index_format_addr.c - the people in an index line: authors, recipients
 * and subscribed lists (%a %f %F %L %n %O %t ...), judged against the user
 * ($from, $alternates, the login name) as mutt's make_from and
 * mutt_addr_is_user do, and the flag letters (%S %T %Z) with $to_chars.
 */
#include "mx/index_format_int.h"

/* ---- addresses -------------------------------------------------------- */

/* mutt_get_name: the display name, else the address. */
const char *ifmt_addr_name(const struct maddr *a)
{
	return a->name ? a->name : a->mailbox;
}

bool ifmt_first_addr(const struct ifmt_line *l, enum menv_addr f, struct maddr *a)
{
	return menv_first_addr(l->e, f, a);
}

/* mutt_addr_is_user: a message without From counts as the user's, as in mutt. */
static bool addr_is_user(const struct ifmt_line *l, const struct maddr *a)
{
	const char *host = cfg_str(l->cfg, V_hostname);
	const char *from = cfg_str(l->cfg, V_from);
	const char *login_name = ifmt_login_name(), *host_name = ifmt_host_name();
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

bool ifmt_from_is_user(const struct ifmt_line *l)
{
	struct maddr a;
	return addr_is_user(l, ifmt_first_addr(l, MA_FROM, &a) ? &a : NULL);
}

static bool is_subscribed(const struct ifmt_line *l, const struct maddr *a)
{
	return a->mailbox && cfg_list_match(l->cfg, L_SUBSCRIBE, a->mailbox);
}

/* The first subscribed list in field f, or false. */
bool ifmt_find_list(const struct ifmt_line *l, enum menv_addr f, struct maddr *out)
{
	struct maddr_iter it;

	menv_addrs(l->e, f, &it);
	while (maddr_next(&it, out))
		if (out->kind == ADDR_MAILBOX && is_subscribed(l, out))
			return true;
	return false;
}

/* The whole list f for display ("Name <addr>, ..."), as mutt's %f %r %R write it. */
void ifmt_add_addrlist(const struct ifmt_line *l, enum menv_addr f, struct buf *out)
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
void ifmt_add_from(const struct ifmt_line *l, bool do_lists, struct buf *out)
{
	bool me = ifmt_from_is_user(l);
	struct maddr a;

	if (do_lists || me) {
		if (ifmt_find_list(l, MA_TO, &a)) {
			buf_printf(out, "To %s", ifmt_addr_name(&a));
			return;
		}
		if (ifmt_find_list(l, MA_CC, &a)) {
			buf_printf(out, "Cc %s", ifmt_addr_name(&a));
			return;
		}
	}
	if (me && ifmt_first_addr(l, MA_TO, &a))
		buf_printf(out, "To %s", ifmt_addr_name(&a));
	else if (me && ifmt_first_addr(l, MA_CC, &a))
		buf_printf(out, "Cc %s", ifmt_addr_name(&a));
	else if (me && ifmt_first_addr(l, MA_BCC, &a))
		buf_printf(out, "Bcc %s", ifmt_addr_name(&a));
	else if (ifmt_first_addr(l, MA_FROM, &a))
		buf_addstr(out, ifmt_addr_name(&a));
}

/* mutt's make_from_addr with lists, for %O: an address rather than a name. */
void ifmt_add_from_addr(const struct ifmt_line *l, struct buf *out)
{
	bool me = ifmt_from_is_user(l);
	struct maddr a;
	const char *s = NULL;
	size_t start = out->len;

	if (ifmt_find_list(l, MA_TO, &a) || ifmt_find_list(l, MA_CC, &a))
		s = a.mailbox;
	else if (me && ifmt_first_addr(l, MA_TO, &a))
		s = a.mailbox;
	else if (me && ifmt_first_addr(l, MA_CC, &a))
		s = a.mailbox;
	else if (ifmt_first_addr(l, MA_FROM, &a))
		s = a.mailbox;
	buf_addstr(out, s ? s : "");
	if (!cfg_bool(l->cfg, V_save_address)) {
		size_t cut = strcspn(out->data + start, "%@");
		buf_setlen(out, start + cut);
	}
}

/* %t: a subscribed list, else the first To (or Cc) recipient. */
void ifmt_add_to(const struct ifmt_line *l, struct buf *out)
{
	struct maddr a;

	if (ifmt_find_list(l, MA_TO, &a))
		buf_printf(out, "To %s", ifmt_addr_name(&a));
	else if (ifmt_find_list(l, MA_CC, &a))
		buf_printf(out, "Cc %s", ifmt_addr_name(&a));
	else if (ifmt_first_addr(l, MA_TO, &a))
		buf_printf(out, "To %s", ifmt_addr_name(&a));
	else if (ifmt_first_addr(l, MA_CC, &a))
		buf_printf(out, "Cc %s", ifmt_addr_name(&a));
}

/* mutt_user_is_recipient: the index into $to_chars. */
static size_t recipient_kind(const struct ifmt_line *l)
{
	struct maddr_iter it;
	struct maddr a, x;
	bool in_to = false, in_cc = false;

	if (ifmt_from_is_user(l))
		return 4;
	menv_addrs(l->e, MA_TO, &it);
	while (!in_to && maddr_next(&it, &a))
		in_to = a.kind == ADDR_MAILBOX && addr_is_user(l, &a);
	if (in_to)
		return menv_addr_count(l->e, MA_TO) > 1 || ifmt_first_addr(l, MA_CC, &x) ? 2 : 1;
	menv_addrs(l->e, MA_CC, &it);
	while (!in_cc && maddr_next(&it, &a))
		in_cc = a.kind == ADDR_MAILBOX && addr_is_user(l, &a);
	if (in_cc)
		return 3;
	if (ifmt_find_list(l, MA_TO, &x) || ifmt_find_list(l, MA_CC, &x))
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

void ifmt_add_to_char(const struct ifmt_line *l, struct buf *out)
{
	add_table_char(cfg_str(l->cfg, V_to_chars), recipient_kind(l), out);
}

/* ---- flags ------------------------------------------------------------- */

char ifmt_status_char(uint32_t f)
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
void ifmt_add_status_flags(const struct ifmt_line *l, struct buf *out)
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
		ifmt_add_to_char(l, out);
}
