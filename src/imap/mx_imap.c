/*
 * mx_imap.c - the IMAP backend: imap:// and imaps:// folders in the model.
 * Open logs in (session.c), SELECTs (EXAMINE when read-only) and fetches
 * every message's headers in pipelined batches; read fetches one message
 * with BODY.PEEK[] (the \Seen flag is the model's to set); check takes what
 * IDLE brought, or polls with NOOP, and fetches what arrived (mx_imap_idle.c).
 * The session is used by one command at a time: the worker's operation and
 * the interface's read jobs take turns.
 */
#include <time.h>

#include "config/config.h"
#include "imap/bcache.h"
#include "imap/bcache_parts.h"
#include "imap/mx_imap_idle.h"

static bool imap_probe(const char *path)
{
	return ascii_strncasecmp(path, "imap://", 7) == 0 ||
	       ascii_strncasecmp(path, "imaps://", 8) == 0;
}

static struct imap_mb *data_new(struct mailbox *mb)
{
	struct imap_mb *d = imap_mbw_new(); /* with the watch for new mail (mx_imap_idle.c) */

	pthread_mutex_init(&d->lock, NULL);
	d->mb = mb;
	return d;
}

static void data_free(struct imap_mb *d)
{
	if (!d)
		return;
	imap_watch_close(d);
	imap_session_close(&d->s);
	hcache_close(&d->hc);
	imap_qresync_release(d);
	imap_url_release(&d->url);
	pthread_mutex_destroy(&d->lock);
	imap_mbw_free(d);
}

/* A certificate that did not verify: shown whole, and the user decides (mx_ask). */
static enum cert_answer ask_cert(void *ctx, const struct cert_info *ci)
{
	struct mailbox *mb = ctx;
	struct buf l[6];
	const char *lines[6];
	struct buf title = BUF_INIT;
	int choice = -1;

	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		buf_init(&l[i], 0);
	buf_printf(&title, _("The certificate of %s is not trusted: %s"), ci->host, ci->error);
	buf_printf(&l[0], _("Subject:     %s"), ci->subject);
	buf_printf(&l[1], _("Issuer:      %s"), ci->issuer);
	buf_printf(&l[2], _("Valid from:  %s"), ci->not_before);
	buf_printf(&l[3], _("Valid until: %s"), ci->not_after);
	buf_printf(&l[4], _("SHA-256:     %s"), ci->sha256);
	buf_addstr(&l[5], ci->host_matched ? "" : _("The certificate is for another host name."));
	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		lines[i] = l[i].data;
	/* TRANSLATORS: the keys are r, o and a, in this order. */
	const struct mx_ask q = { MX_ASK_CHOICE,
				  title.data,
				  lines,
				  ARRAY_SIZE(lines),
				  ci->can_store ? _("(r)eject, accept (o)nce, (a)ccept always")
						: _("(r)eject, accept (o)nce"),
				  ci->can_store ? "roa" : "ro" };
	mx_ask(mb, &q, &choice, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		buf_release(&l[i]);
	buf_release(&title);
	return choice == 2 ? CERT_ACCEPT_ALWAYS : choice == 1 ? CERT_ACCEPT_ONCE : CERT_REJECT;
}

/* The password, typed unseen (mx_ask). */
static int ask_pass(void *ctx, const char *prompt, struct buf *out, struct buf *err)
{
	const struct mx_ask q = { MX_ASK_SECRET, _("The IMAP server asks for a password."),
				  NULL,          0,
				  prompt,        "" };
	int choice, rc = mx_ask(ctx, &q, &choice, out);

	if (rc == ERR_UNSUPPORTED)
		buf_addstr(err,
			   _("no password: set $imap_pass (or run tern in a terminal to type it)"));
	else if (rc != 0)
		buf_addstr(err, _("no password given"));
	return rc == 0 ? 0 : ERR_AUTH;
}

/* Log in to the URL's server with the configuration's account settings. */
static int connect_to(struct imap_mb *d, struct buf *err)
{
	const struct config *cfg = d->mb->set.cfg;
	struct imap_login l;
	char port[16];

	if (!cfg) {
		buf_addstr(err, _("no configuration for the IMAP account"));
		return ERR_INVAL;
	}
	imap_login_for_url(&l, cfg, &d->url, port);
	l.conn.cancel_fd = d->mb->cancel_fd; /* Ctrl-C ends a wait on the server at once */
	l.conn.tls.ask = ask_cert;
	l.conn.tls.ask_ctx = d->mb;
	l.ask_pass = ask_pass;
	l.ask_ctx = d->mb;
	return imap_session_open(&l, &d->s, err);
}

/* SELECT (EXAMINE when read-only), with QRESYNC's parameters when st is given. */
static int select_mailbox(struct imap_mb *d, const struct imap_state *st, struct buf *err)
{
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, d->mb->set.read_only ? "EXAMINE " : "SELECT ");
	rc = imap_cmd_add_mailbox(&cmd, d->url.mailbox, imap_str_flags(d->s));
	if (st)
		imap_cmd_addf(&cmd, " (QRESYNC (%u %llu))", st->uidvalidity,
			      (unsigned long long)st->highestmodseq);
	else if (d->condstore)
		imap_cmd_add(&cmd, " (CONDSTORE)");
	imap_cmd_finish(&cmd);
	d->qresync_select = st != NULL;
	if (rc == 0)
		rc = imap_run(d->s, &cmd, NULL, err);
	else
		buf_printf(err, _("%s: not a mailbox name IMAP can carry"), d->url.mailbox);
	d->qresync_select = false;
	imap_cmd_release(&cmd);
	return rc;
}

/* ENABLE QRESYNC (and so CONDSTORE) when the server has it and $imap_qresync is set. */
static int enable_qresync(struct imap_mb *d, struct buf *err)
{
	const struct config *cfg = d->mb->set.cfg;
	int rc;

	if (!imap_has(d->s, IMAP_CAP_QRESYNC) || !imap_has(d->s, IMAP_CAP_ENABLE) || !cfg ||
	    !cfg_bool(cfg, V_imap_qresync))
		return 0;
	rc = imap_run_text(d->s, "ENABLE QRESYNC", NULL, err);
	if (rc == ERR_PROTO) { /* refused: go on without it */
		buf_reset(err);
		return 0;
	}
	d->qresync = rc == 0;
	return rc;
}

/* CONDSTORE when the server has it but QRESYNC is off or not offered, and $imap_condstore is set. */
static void want_condstore(struct imap_mb *d)
{
	const struct config *cfg = d->mb->set.cfg;

	d->condstore = !d->qresync && imap_has(d->s, IMAP_CAP_CONDSTORE) && cfg &&
		       cfg_bool(cfg, V_imap_condstore);
}

/* The warm open with CONDSTORE: 0 with the slots built, ERR_AGAIN for the full open. */
static int open_condstore(struct imap_mb *d, const struct imap_state *st, struct buf *err)
{
	int rc = select_mailbox(d, NULL, err);

	if (rc != 0)
		return rc;
	return d->uidvalidity == st->uidvalidity ? imap_condstore_open(d, st, err) : ERR_AGAIN;
}

/*
 * SELECT and load: with QRESYNC and a saved state, only the changes since;
 * otherwise (or when the changes do not add up) every message.
 */
static int open_folder(struct imap_mb *d, struct buf *err)
{
	struct imap_state st;
	int rc;

	if (d->qresync && d->hc && imap_state_load(d, &st)) {
		rc = select_mailbox(d, &st, err);
		if (rc == 0 && d->uidvalidity == st.uidvalidity && imap_qresync_build(d, &st)) {
			imap_state_release(&st);
			imap_qresync_release(d);
			return imap_load_slots(d, err);
		}
		imap_state_release(&st);
		imap_qresync_release(d);
	} else if (d->condstore && d->hc && imap_state_load(d, &st)) {
		rc = open_condstore(d, &st, err);
		imap_state_release(&st);
		if (rc == 0)
			return imap_load_slots(d, err);
		if (rc == ERR_AGAIN)
			rc = 0; /* selected: the full load below */
	} else {
		rc = select_mailbox(d, NULL, err);
	}
	return rc == 0 && d->exists ? imap_load(d, 1, d->exists, err) : rc;
}

int imap_connect_select(struct imap_mb *d, struct buf *err)
{
	int rc = connect_to(d, err);

	if (rc != 0)
		return rc;
	imap_watch_session(d);
	rc = enable_qresync(d, err);
	if (rc == 0)
		want_condstore(d);
	return rc == 0 ? select_mailbox(d, NULL, err) : rc;
}

static int imap_open(struct mailbox *mb, struct buf *err)
{
	struct imap_mb *d = data_new(mb);
	int rc = imap_url_parse(mb->path, &d->url, err);

	mb->bdata = d;
	if (rc == 0) {
		mx_progress(mb, _("Connecting..."), 0, 0);
		rc = connect_to(d, err);
	}
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&d->lock);
	mx_progress(mb, _("Selecting the folder..."), 0, 0);
	imap_watch_session(d);
	struct buf hc_err = BUF_INIT; /* no cache is no error: the folder opens anyway */
	d->hc = hcache_open(mb->set.header_cache, mb->realpath, &hc_err);
	buf_release(&hc_err);
	rc = enable_qresync(d, err);
	if (rc == 0) {
		want_condstore(d);
		rc = open_folder(d, err);
	}
	if (rc == 0) {
		imap_state_save(d);
		imap_watch_kick(d); /* IDLE starts with the first check, never for a headless run */
	}
	pthread_mutex_unlock(&d->lock);
	return rc;
}

/* RFC 3501's date-time: "02-Jan-2024 10:00:00 +0000" (UTC). */
static void add_date(struct imap_cmd *cmd, int64_t when)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = when > 0 ? (time_t)when : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	imap_cmd_addf(cmd, " \"%02d-%s-%04d %02d:%02d:%02d +0000\"", tm.tm_mday, months[tm.tm_mon],
		      tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The message with CRLF line ends, as IMAP carries it. */
static void to_crlf(const char *raw, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
			buf_addch(out, '\r');
		buf_addch(out, raw[i]);
	}
}

static int append_once(struct imap_mb *d, const struct buf *msg, uint32_t flags, int64_t received,
		       enum imap_code *code, struct buf *err)
{
	unsigned f = imap_str_flags(d->s);
	struct imap_cmd cmd;
	int rc;

	imap_cmd_init(&cmd);
	imap_cmd_add(&cmd, "APPEND ");
	rc = imap_cmd_add_mailbox(&cmd, d->url.mailbox, f);
	static const struct {
		uint32_t msg;
		const char *imap;
	} names[] = { { MSG_READ, "\\Seen" },
		      { MSG_REPLIED, "\\Answered" },
		      { MSG_FLAGGED, "\\Flagged" },
		      { MSG_DRAFT, "\\Draft" } };
	imap_cmd_add(&cmd, " (");
	for (size_t i = 0, k = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].msg)
			imap_cmd_addf(&cmd, "%s%s", k++ ? " " : "", names[i].imap);
	imap_cmd_add(&cmd, ")");
	add_date(&cmd, received);
	imap_cmd_add(&cmd, " ");
	if (rc == 0)
		rc = imap_cmd_add_literal(&cmd, msg->data, msg->len, f);
	imap_cmd_finish(&cmd);
	if (rc == 0)
		rc = imap_run(d->s, &cmd, code, err);
	else if (!err->len)
		buf_addstr(err,
			   _("the message cannot be sent to the server (it holds a NUL byte)"));
	imap_cmd_release(&cmd);
	return rc;
}

/*
 * Store a message in the folder (save, copy, the sent folder): APPEND with
 * its flags and delivery time, on a session of its own when the folder is
 * not open. A folder the server does not have yet ([TRYCREATE]) is created,
 * after asking per $confirmcreate as COPY does.
 */
static int imap_append(struct mailbox *mb, const char *raw, size_t len, uint32_t flags,
		       int64_t received, struct buf *err)
{
	struct imap_mb *d = mb->bdata;
	struct buf msg = BUF_INIT;
	enum imap_code code = IMAP_CODE_NONE;
	int rc = 0;

	if (!d) {
		d = mb->bdata = data_new(mb);
		rc = imap_url_parse(mb->path, &d->url, err);
		if (rc == 0)
			rc = connect_to(d, err);
		if (rc != 0)
			return rc;
	}
	to_crlf(raw, len, &msg);
	pthread_mutex_lock(&d->lock);
	rc = append_once(d, &msg, flags, received, &code, err);
	if (rc == ERR_PROTO && code == IMAP_CODE_TRYCREATE) {
		buf_reset(err);
		rc = imap_create_folder(d, d->url.mailbox, err);
		if (rc == 0)
			rc = append_once(d, &msg, flags, received, NULL, err);
	}
	pthread_mutex_unlock(&d->lock);
	buf_release(&msg);
	return rc;
}

static void imap_close(struct mailbox *mb)
{
	imap_bcache_clean(mb); /* $message_cache_clean */
	data_free(mb->bdata);
	mb->bdata = NULL;
}

const struct mx_ops mx_imap_ops = {
	.type = MX_IMAP,
	.name = "IMAP",
	.probe = imap_probe,
	.open = imap_open,
	.check = imap_check,
	.watch_fd = imap_watch_fd,
	.read = imap_read,
	.read_display = imap_read_display,
	.search = imap_search,
	.sync = imap_sync,
	.append = imap_append,
	.has_new = imap_has_new,
	.copy = imap_copy,
	.close = imap_close,
};

void imap_register(void)
{
	mx_register_ops(&mx_imap_ops);
}
