/*
 * browser_wait.h - the browser waiting for an IMAP server on the interface
 * thread (browser_wait.c): what it waits for on the message line, Ctrl-C
 * abandoning the wait through the connection's cancel descriptor, and the
 * server's questions (an unknown certificate, a password) asked on the spot.
 */
#ifndef TERN_UI_BROWSER_WAIT_H
#define TERN_UI_BROWSER_WAIT_H

#include <signal.h>

#include "net/conn.h"
#include "ui/ui-private.h"

struct browser_wait {
	struct sigaction old;
};

/* The descriptor a Ctrl-C makes readable during a wait (created once), or -1. */
int browser_wait_fd(void);
/*
 * Show what on the message line and let Ctrl-C cancel the wait until
 * browser_wait_end: the terminal goes to cbreak mode, so ^C raises SIGINT,
 * whose handler writes to browser_wait_fd(). Typed keys stay queued.
 */
void browser_wait_begin(struct ui *u, struct browser_wait *g, const char *what);
/* Back to raw mode and the previous SIGINT disposition; the message line cleared. */
void browser_wait_end(struct ui *u, struct browser_wait *g);

/* conn_cert_ask_fn for imap_folders_ask (ctx: the struct ui): reject, once, always. */
enum cert_answer browser_ask_cert(void *ctx, const struct cert_info *ci);
/* The ask_pass of imap_folders_ask (ctx: the struct ui): the password typed unseen. */
int browser_ask_pass(void *ctx, const char *prompt, struct buf *out, struct buf *err);

#endif /* TERN_UI_BROWSER_WAIT_H */
