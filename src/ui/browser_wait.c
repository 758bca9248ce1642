/*
 * browser_wait.c - the browser waiting for an IMAP server (see
 * browser_wait.h): progress on the message line, Ctrl-C through a SIGINT
 * handler and an eventfd, and the certificate and password questions.
 */
#include <sys/eventfd.h>

#include "ui/browser_wait.h"

/*
 * The eventfd a Ctrl-C makes readable while a server is waited for: the
 * terminal is put in cbreak mode for the wait, so ^C raises SIGINT, whose
 * handler can only reach a file-level descriptor.
 */
static int sigint_fd = -1;

static void on_sigint(int sig)
{
	uint64_t one = 1;

	(void)sig;
	if (sigint_fd >= 0 && write(sigint_fd, &one, sizeof(one)) < 0)
		return; /* full: already cancelled */
}

void browser_wait_begin(struct ui *u, struct browser_wait *g, const char *what)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	uint64_t v;

	ui_message(u, "%s", what);
	ui_draw_message(u);
	refresh();
	if (sigint_fd >= 0 && read(sigint_fd, &v, sizeof(v)) < 0)
		v = 0; /* nothing pending: the usual case */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &g->old);
	cbreak(); /* ^C becomes SIGINT; typed keys stay queued for later */
}

void browser_wait_end(struct ui *u, struct browser_wait *g)
{
	raw();
	sigaction(SIGINT, &g->old, NULL);
	u->message[0] = '\0';
}

static void draw_lines(struct ui *u, void *screen)
{
	const char *const *lines = screen;

	(void)u;
	erase();
	for (int y = 0; lines[y] && y < LINES - 2; y++)
		ui_put(y, 0, lines[y], COLS, false);
}

/* The next key typed with prompt on the bottom line; -1 for ^G, ^C or quitting. */
static int prompt_key(struct ui *u, const char *prompt)
{
	int key;

	u->screen_draw(u, u->screen);
	ui_put(LINES - 1, 0, prompt, COLS, true);
	refresh();
	key = ui_key_source(-1, u);
	return u->quit || key == TK_ABORT || key == 7 ? -1 : key;
}

/* One key of keys from the bottom line (raw mode, as questions need); -1 for ^G/^C. */
static int ask_key(struct ui *u, const char *prompt, const char *keys)
{
	for (;;) {
		int key = prompt_key(u, prompt);
		if (key < 0)
			return -1;
		const char *k = key > 0 && key < 128 ? strchr(keys, key) : NULL;
		if (k && *k)
			return (int)(k - keys);
	}
}

enum cert_answer browser_ask_cert(void *ctx, const struct cert_info *ci)
{
	struct ui *u = ctx;
	struct buf l[7];
	const char *lines[8];
	void (*prev_draw)(struct ui *, void *) = u->screen_draw;
	void *prev_screen = u->screen;
	int choice;

	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		buf_init(&l[i], 0);
	buf_printf(&l[0], _("The certificate of %s is not trusted: %s"), ci->host, ci->error);
	buf_printf(&l[1], _("Subject:     %s"), ci->subject);
	buf_printf(&l[2], _("Issuer:      %s"), ci->issuer);
	buf_printf(&l[3], _("Valid from:  %s"), ci->not_before);
	buf_printf(&l[4], _("Valid until: %s"), ci->not_after);
	buf_printf(&l[5], _("SHA-256:     %s"), ci->sha256);
	buf_addstr(&l[6], ci->host_matched ? "" : _("The certificate is for another host name."));
	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		lines[i] = l[i].data;
	lines[7] = NULL;
	raw();
	ui_set_screen(u, u->menu, draw_lines, lines);
	choice = ask_key(u,
			 ci->can_store ? _("(r)eject, accept (o)nce, (a)ccept always")
				       : _("(r)eject, accept (o)nce"),
			 ci->can_store ? "roa" : "ro");
	ui_set_screen(u, u->menu, prev_draw, prev_screen);
	cbreak();
	for (size_t i = 0; i < ARRAY_SIZE(l); i++)
		buf_release(&l[i]);
	return choice == 2 ? CERT_ACCEPT_ALWAYS : choice == 1 ? CERT_ACCEPT_ONCE : CERT_REJECT;
}

int browser_ask_pass(void *ctx, const char *prompt, struct buf *out, struct buf *err)
{
	struct ui *u = ctx;
	int rc = ERR_AUTH;

	raw();
	for (;;) {
		int key = prompt_key(u, prompt);
		if (key < 0)
			break;
		if (key == '\r' || key == '\n' || key == TK_ENTER) {
			rc = 0;
			break;
		}
		if (key == TK_BACKSPACE || key == 127 || key == 8)
			buf_reset(out); /* unseen: start again rather than guess what is left */
		else if (key >= 32 && key < KEY_BASE_)
			buf_add_utf8(out, (uint32_t)key);
	}
	cbreak();
	if (rc != 0)
		buf_addstr(err, _("no password given"));
	return rc;
}

int browser_wait_fd(void)
{
	if (sigint_fd < 0)
		sigint_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); /* kept for tern's life */
	return sigint_fd;
}
