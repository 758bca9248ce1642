/*
 * folders_ops.c - folder work on an IMAP server: a session of its own
 * (the browser's, never an open folder's), LIST/LSUB one level, STATUS,
 * and the commands that create, rename, delete and (un)subscribe.
 */
#include "config/config.h"
#include "imap/folders.h"
#include "imap/session.h"
#include "mx/mx.h"

struct imap_folders {
	struct imap_session *s;
	struct imap_url url;
	bool broken; /* an error other than NO/BAD: the session cannot go on */
	/* what the untagged handler collects for the running command */
	struct imap_folder_list *list;
	enum imap_data want; /* IMAP_DATA_LIST or IMAP_DATA_LSUB */
	struct imap_folder_status *status;
	bool got_status;
	char root_delim; /* from LIST "" "", whose answer has an empty name */
	bool got_root;
};

int imap_folders_open(const char *url, const struct config *cfg, const struct imap_folders_ask *ask,
		      struct imap_folders **out, struct buf *err)
{
	struct imap_folders *f = xcalloc(1, sizeof(*f));
	struct imap_login l;
	char port[16];
	int rc;

	*out = NULL;
	rc = imap_url_parse(url, &f->url, err);
	if (rc != 0) {
		free(f);
		return rc;
	}
	imap_login_for_url(&l, cfg, &f->url, port);
	if (ask) {
		l.conn.cancel_fd = ask->cancel_fd;
		l.conn.tls.ask = ask->ask_cert;
		l.conn.tls.ask_ctx = ask->cert_ctx;
		l.ask_pass = ask->ask_pass;
		l.ask_ctx = ask->pass_ctx;
		if (ask->timeout_ms > 0) {
			l.conn.connect_timeout_ms = ask->timeout_ms;
			l.conn.io_timeout_ms = ask->timeout_ms;
		}
	}
	rc = imap_session_open(&l, &f->s, err);
	if (rc != 0) {
		imap_url_release(&f->url);
		free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void imap_folders_close(struct imap_folders **fp)
{
	struct imap_folders *f = *fp;

	if (!f)
		return;
	imap_session_close(&f->s);
	imap_url_release(&f->url);
	free(f);
	*fp = NULL;
}

const struct imap_url *imap_folders_url(const struct imap_folders *f)
{
	return &f->url;
}

bool imap_folders_alive(const struct imap_folders *f)
{
	return f && f->s && !f->broken;
}

static void on_untagged(void *ctx, const struct imap_resp *r)
{
	struct imap_folders *f = ctx;

	if (f->list && r->data == IMAP_DATA_LIST && r->list.mailbox.s && !r->list.mailbox.len) {
		f->root_delim = r->list.delim;
		f->got_root = true;
	} else if (f->list && r->data == f->want)
		imap_folder_list_add(f->list, &r->list, imap_str_flags(f->s) & IMAP_STR_UTF8);
	else if (f->status && r->data == IMAP_DATA_STATUS && !f->got_status) {
		const struct imap_status_data *d = &r->status_data;
		f->status->messages = d->have & IMAP_STATUS_MESSAGES ? d->messages : 0;
		f->status->unseen = d->have & IMAP_STATUS_UNSEEN ? d->unseen : 0;
		f->status->recent = d->have & IMAP_STATUS_RECENT ? d->recent : 0;
		f->got_status = true;
	}
}

/* Run cmd (finished here) with the folder handler; a broken session is remembered. */
static int run(struct imap_folders *f, struct imap_cmd *cmd, struct buf *err)
{
	int rc;

	if (!imap_folders_alive(f)) {
		buf_addstr(err, _("the connection to the IMAP server was lost"));
		return ERR_CLOSED;
	}
	imap_cmd_finish(cmd);
	imap_set_untagged(f->s, on_untagged, f);
	rc = imap_run(f->s, cmd, NULL, err);
	imap_set_untagged(f->s, NULL, NULL);
	if (rc != 0 && rc != ERR_PROTO)
		f->broken = true;
	else if (rc == ERR_PROTO && f->s && !err->len)
		buf_addstr(err, _("the server refused"));
	f->list = NULL;
	f->status = NULL;
	return rc;
}

/* Append name to cmd as a mailbox; false (with the reason) when IMAP cannot carry it. */
static bool add_name(struct imap_folders *f, struct imap_cmd *cmd, const char *name,
		     struct buf *err)
{
	if (imap_cmd_add_mailbox(cmd, name, imap_str_flags(f->s)) == 0)
		return true;
	buf_printf(err, _("%s: not a mailbox name IMAP can carry"), name);
	return false;
}

/* A LIST pattern: the name's modified UTF-7 (or UTF-8) form with a wildcard after it. */
static bool add_pattern(struct imap_folders *f, struct imap_cmd *cmd, const char *prefix,
			char delim, const char *wild, struct buf *err)
{
	struct buf pat = BUF_INIT;
	bool ok = true;

	if (*prefix && !(imap_str_flags(f->s) & IMAP_STR_UTF8))
		ok = imap_mutf7_encode(prefix, strlen(prefix), &pat) == 0;
	else
		buf_addstr(&pat, prefix);
	if (*prefix && delim)
		buf_addch(&pat, delim);
	buf_addstr(&pat, wild);
	ok = ok && imap_cmd_add_astring(cmd, pat.data, pat.len, imap_str_flags(f->s)) == 0;
	if (!ok)
		buf_printf(err, _("%s: not a mailbox name IMAP can carry"), prefix);
	buf_release(&pat);
	return ok;
}

int imap_folders_info(struct imap_folders *f, const char *name, char *delim, unsigned *attrs,
		      struct buf *err)
{
	struct imap_folder_list l;
	struct imap_cmd cmd;
	int rc = ERR_INVAL;

	imap_folder_list_init(&l);
	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "LIST \"\" ");
	if (add_pattern(f, &cmd, name, 0, "", err)) {
		f->list = &l;
		f->want = IMAP_DATA_LIST;
		f->got_root = false;
		rc = run(f, &cmd, err);
	}
	/* "%" and "*" in a name are wildcards to LIST: only the folder itself counts */
	while (rc == 0 && *name && l.n && strcmp(l.v[l.n - 1].name, name) &&
	       (ascii_strcasecmp(name, "INBOX") || ascii_strcasecmp(l.v[l.n - 1].name, name)))
		free(l.v[--l.n].name);
	if (rc == 0 && (*name ? l.n == 0 : !f->got_root)) {
		buf_printf(err, _("%s: no such folder on the server"), *name ? name : "\"\"");
		rc = ERR_NOTFOUND;
	} else if (rc == 0) {
		*delim = *name ? l.v[l.n - 1].delim : f->root_delim;
		*attrs = *name ? l.v[l.n - 1].attrs : IMAP_LIST_NOSELECT;
	}
	imap_cmd_release(&cmd);
	imap_folder_list_release(&l);
	return rc;
}

/*
 * Is name below prefix (exactly one level below when one_level)? "INBOX"
 * compares in any case, as IMAP says.
 */
static bool below(const char *name, const char *prefix, char delim, bool one_level)
{
	size_t len = strlen(prefix);
	const char *rest = name;

	if (len) {
		bool same = !ascii_strcasecmp(prefix, "INBOX")
				    ? !ascii_strncasecmp(name, prefix, len)
				    : !strncmp(name, prefix, len);
		if (!same || name[len] != delim || !name[len + 1])
			return false;
		rest = name + len + 1;
	}
	return !one_level || !delim || !strchr(rest, delim);
}

/*
 * Keep only the folders below prefix: prefix itself (some servers list it)
 * and anything a confused or hostile server adds elsewhere are dropped.
 */
static void keep_below(struct imap_folder_list *l, const char *prefix, char delim, bool one_level)
{
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (below(l->v[i].name, prefix, delim, one_level)) {
			l->v[k++] = l->v[i];
		} else {
			free(l->v[i].name);
			l->dropped++;
		}
	}
	l->n = k;
}

/* LIST or LSUB "" prefix<delim>wild into out (replaced, sorted), only names below prefix. */
static int list_pattern(struct imap_folders *f, const char *prefix, char delim, const char *wild,
			bool subscribed, struct imap_folder_list *out, struct buf *err)
{
	struct imap_folder_list l;
	struct imap_cmd cmd;
	int rc = ERR_INVAL;

	imap_folder_list_init(&l);
	l.max = out->max;
	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, subscribed ? "LSUB \"\" " : "LIST \"\" ");
	if (add_pattern(f, &cmd, prefix, delim, wild, err)) {
		f->list = &l;
		f->want = subscribed ? IMAP_DATA_LSUB : IMAP_DATA_LIST;
		rc = run(f, &cmd, err);
	}
	imap_cmd_release(&cmd);
	if (rc != 0) {
		imap_folder_list_release(&l);
		return rc;
	}
	keep_below(&l, prefix, delim, !strcmp(wild, "%"));
	imap_folder_list_sort(&l);
	imap_folder_list_release(out);
	*out = l;
	return 0;
}

int imap_folders_list(struct imap_folders *f, const char *prefix, char delim, bool subscribed,
		      struct imap_folder_list *out, struct buf *err)
{
	return list_pattern(f, prefix, delim, "%", subscribed, out, err);
}

int imap_folders_subscribed(struct imap_folders *f, struct imap_folder_list *out, struct buf *err)
{
	return list_pattern(f, "", 0, "*", true, out, err);
}

int imap_folders_status(struct imap_folders *f, const char *name, struct imap_folder_status *st,
			struct buf *err)
{
	struct imap_cmd cmd;
	int rc = ERR_INVAL;

	memset(st, 0, sizeof(*st));
	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "STATUS ");
	if (add_name(f, &cmd, name, err)) {
		imap_cmd_add(&cmd, " (MESSAGES UNSEEN RECENT)");
		f->status = st;
		f->got_status = false;
		rc = run(f, &cmd, err);
	}
	if (rc == 0 && !f->got_status) {
		buf_printf(err, _("%s: the server sent no STATUS"), name);
		rc = ERR_PROTO;
	}
	imap_cmd_release(&cmd);
	return rc;
}

int imap_folders_do(struct imap_folders *f, enum imap_folder_op op, const char *name,
		    struct buf *err)
{
	static const char *const verbs[] = { "CREATE ", "DELETE ", "SUBSCRIBE ", "UNSUBSCRIBE " };
	struct imap_cmd cmd;
	int rc = ERR_INVAL;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, verbs[op]);
	if (add_name(f, &cmd, name, err))
		rc = run(f, &cmd, err);
	imap_cmd_release(&cmd);
	return rc;
}

int imap_folders_rename(struct imap_folders *f, const char *from, const char *to, struct buf *err)
{
	struct imap_cmd cmd;
	int rc = ERR_INVAL;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "RENAME ");
	if (add_name(f, &cmd, from, err)) {
		imap_cmd_add(&cmd, " ");
		if (add_name(f, &cmd, to, err))
			rc = run(f, &cmd, err);
	}
	imap_cmd_release(&cmd);
	return rc;
}

bool imap_has_new(const char *path, const struct mx_settings *set)
{
	/* asked from the interface (a mailbox prompt, -Z): a stalled server costs seconds, not 30 */
	struct imap_folders_ask ask = { .cancel_fd = -1, .timeout_ms = 5000 };
	struct imap_folder_status st = { 0 };
	struct imap_folders *f = NULL;
	struct buf err = BUF_INIT;
	bool found = false;

	if (set && set->cfg && imap_folders_open(path, set->cfg, &ask, &f, &err) == 0) {
		found = imap_folders_status(f, f->url.mailbox, &st, &err) == 0 && st.unseen > 0;
		imap_folders_close(&f);
	}
	buf_release(&err);
	return found;
}
