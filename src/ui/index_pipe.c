/*
 * index_pipe.c - the index's functions that hand messages or the terminal to
 * a shell command: shell-escape, pipe-message, decode-save, decode-copy.
 *
 * A command runs with the screen left (def_prog_mode, endwin), so that it
 * may use the terminal, and /bin/sh -c gets the command as typed as one
 * argument: nothing from a message ever becomes shell text. While it runs,
 * tern ignores SIGINT and SIGQUIT (the terminal is in cooked mode and ^C
 * is meant for the command, as with system(3)) and SIGPIPE (a command that
 * does not read all it is given must not end tern).
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ui/editor.h"
#include "ui/index_pipe_int.h"

struct child {
	pid_t pid; /* -1: none running */
	int in;    /* the write end of its stdin, or -1 */
	struct sigaction intr, quit, pipe;
};

/* Give the terminal to a command: the bottom line cleared, curses' modes kept for later. */
static void leave_screen(void)
{
	move(LINES - 1, 0);
	clrtoeol();
	refresh();
	def_prog_mode();
	endwin();
}

static void return_to_screen(struct index *ix)
{
	reset_prog_mode();
	curs_set(0);
	clearok(curscr, TRUE);
	refresh();
	ix->redraw = true;
}

/* mutt's "Press any key to continue...", read from the terminal in cbreak mode. */
static void any_key(void)
{
	struct termios old, t;
	bool tty = tcgetattr(0, &old) == 0;
	char c = 0;

	fputs(_("Press any key to continue..."), stdout);
	fflush(stdout);
	if (tty) {
		t = old;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &t);
	}
	while (read(0, &c, 1) < 0 && errno == EINTR)
		;
	if (tty && c == 27) { /* the rest of a function key's sequence is not a key to run */
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 1;
		tcsetattr(0, TCSANOW, &t);
		while (read(0, &c, 1) > 0)
			;
	}
	if (tty)
		tcsetattr(0, TCSANOW, &old);
	fputs("\n", stdout);
}

static void ignore_signals(struct child *c)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };

	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &c->intr);
	sigaction(SIGQUIT, &ign, &c->quit);
	sigaction(SIGPIPE, &ign, &c->pipe);
}

static void restore_signals(struct child *c)
{
	sigaction(SIGINT, &c->intr, NULL);
	sigaction(SIGQUIT, &c->quit, NULL);
	sigaction(SIGPIPE, &c->pipe, NULL);
}

/* In the child: stdin from fd (when >= 0), default signals, then the command or the shell. */
static void child_exec(int fd, int other, const char *cmd, const char *shell)
{
	sigset_t none;

	if (fd >= 0) {
		if (dup2(fd, 0) < 0)
			_exit(127);
		close(fd);
		close(other);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (cmd)
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	else
		execl(shell, shell, (char *)NULL);
	_exit(127);
}

/* Start cmd (NULL: $shell, interactively), with a pipe to its stdin when piped. */
static int child_start(struct index *ix, const char *cmd, bool piped, struct child *c,
		       struct buf *err)
{
	int fds[2] = { -1, -1 };

	if (piped && pipe(fds) != 0) {
		buf_printf(err, "%s", strerror(errno));
		return ERR_IO;
	}
	ignore_signals(c);
	if ((c->pid = fork()) < 0) {
		buf_printf(err, "%s", strerror(errno));
		restore_signals(c);
		if (piped) {
			close(fds[0]);
			close(fds[1]);
		}
		return ERR_IO;
	}
	if (c->pid == 0)
		child_exec(fds[0], fds[1], cmd, cfg_str(ix->cfg, V_shell));
	if (piped)
		close(fds[0]);
	c->in = fds[1];
	return 0;
}

/* Close the command's stdin and wait for it: its exit status (128 + N when signal N ended it). */
static int child_finish(struct child *c)
{
	int status = 0, rc = -1;

	if (c->in >= 0)
		close(c->in);
	c->in = -1;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		rc = 128 + WTERMSIG(status);
	c->pid = -1;
	restore_signals(c);
	return rc;
}

/* When message id arrived (0: unknown). */
static int64_t received_of(struct index *ix, uint32_t id)
{
	const struct message *m;
	int64_t when = 0;

	mailbox_lock(ix->mb);
	if ((m = mx_find(ix->mb, id)) != NULL)
		when = m->received;
	mailbox_unlock(ix->mb);
	return when;
}

/*
 * Message id, raw or decoded per $pipe_decode, then sep (may be NULL), to
 * the command. As in mutt it starts with an mbox From_ line, so that what
 * a command gets (formail, procmail, a file) is an mbox.
 */
static int feed(struct index *ix, struct child *c, uint32_t id, const char *sep, struct buf *err)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	int rc = mx_read(ix->mb, id, &raw, err);

	if (rc == 0 && !(raw.len > 5 && memcmp(raw.data, "From ", 5) == 0))
		mx_from_line(raw.data, raw.len, received_of(ix, id), &text);
	if (rc == 0 && cfg_bool(ix->cfg, V_pipe_decode))
		pipe_decode_message(raw.data, raw.len, ix->cfg,
				    cfg_bool(ix->cfg, V_pipe_decode_weed), false, &text);
	else if (rc == 0)
		buf_addbuf(&text, &raw);
	const struct buf *out = &text;
	/* A command that reads only part of its input is not an error: mutt's neither. */
	if (rc == 0 && write_all(c->in, out->data, out->len) == 0 && sep)
		write_all(c->in, sep, strlen(sep));
	buf_release(&raw);
	buf_release(&text);
	return rc;
}

/*
 * Pipe the messages to cmd: one command for all of them, or with tagged
 * messages and $pipe_split one per message; tagged messages are each
 * followed by $pipe_sep. Returns the first non-zero exit status, or a
 * negative error (reason in err) when a message could not be read or the
 * command not started.
 */
static int pipe_ids(struct index *ix, const char *cmd, const uint32_t *ids, size_t n, bool tagged,
		    struct buf *err)
{
	bool split = tagged && cfg_bool(ix->cfg, V_pipe_split);
	const char *sep = tagged ? cfg_str(ix->cfg, V_pipe_sep) : NULL;
	struct child c = { .pid = -1, .in = -1 };
	int rc = 0, st;

	for (size_t k = 0; k < n && rc >= 0; k++) {
		if (c.pid < 0 && (rc = child_start(ix, cmd, true, &c, err)) != 0)
			break;
		rc = feed(ix, &c, ids[k], sep, err);
		if (split || k + 1 == n || rc < 0) {
			st = child_finish(&c);
			if (rc == 0 && st != 0)
				rc = st;
		}
	}
	return rc;
}

static void report(struct index *ix, const char *cmd, int rc, const struct buf *err)
{
	if (rc < 0)
		ui_error(ix->u, "%s: %s", cmd,
			 err->len ? err->data : _("Error running the command."));
	else if (rc == 127)
		ui_error(ix->u, _("%s: command not found or not run (status 127)."), cmd);
	else if (rc)
		ui_error(ix->u, _("%s: exit status %d."), cmd, rc);
}

/* pipe-message: the current or tagged messages to a command's stdin. */
static void pipe_message(struct index *ix)
{
	struct buf cmd = BUF_INIT, err = BUF_INIT;
	uint32_t *ids = NULL;
	bool tagged;
	size_t n = index_targets(ix, &tagged, &ids);
	int rc;

	if (!n || ui_prompt(ix->u, _("Pipe to command: "), HIST_SHELL, NULL, &cmd) != 0 || !cmd.len)
		goto out;
	leave_screen();
	rc = pipe_ids(ix, cmd.data, ids, n, tagged, &err);
	if (rc != 0 || cfg_bool(ix->cfg, V_wait_key))
		any_key();
	return_to_screen(ix);
	report(ix, cmd.data, rc, &err);
out:
	ix->redraw = true; /* the prompt drew the screen while it waited */
	free(ids);
	buf_release(&cmd);
	buf_release(&err);
}

/* shell-escape: a command, or with an empty answer $shell, on the terminal. */
static void shell_escape(struct index *ix)
{
	struct buf cmd = BUF_INIT, err = BUF_INIT;
	struct child c = { .pid = -1, .in = -1 };
	int rc;

	if (ui_prompt(ix->u, _("Shell command: "), HIST_SHELL, NULL, &cmd) != 0)
		goto out;
	leave_screen();
	rc = child_start(ix, cmd.len ? cmd.data : NULL, false, &c, &err);
	if (rc == 0)
		rc = child_finish(&c);
	/* mutt waits for a key after a failed command, and always with $wait_key. */
	if (rc != 0 || cfg_bool(ix->cfg, V_wait_key))
		any_key();
	return_to_screen(ix);
	report(ix, cmd.len ? cmd.data : cfg_str(ix->cfg, V_shell), rc, &err);
out:
	ix->redraw = true;
	buf_release(&cmd);
	buf_release(&err);
}

/*
 * The screen the prompts draw behind: the index. From the pager, u->screen
 * still points at the pager's state, which ended when it handed the
 * function back (display() in index_ops.c does not reset it).
 */
static void index_screen(struct index *ix)
{
	ui_set_screen(ix->u, MENU_INDEX, ix->draw, ix);
}

bool index_run_pipe_op(struct index *ix, enum op op)
{
	if (op == OP_SHELL_ESCAPE || op == OP_PIPE_MESSAGE || op == OP_DECODE_SAVE ||
	    op == OP_DECODE_COPY)
		index_screen(ix);
	switch (op) {
	case OP_SHELL_ESCAPE:
		shell_escape(ix);
		return true;
	case OP_PIPE_MESSAGE:
		pipe_message(ix);
		return true;
	case OP_DECODE_SAVE:
	case OP_DECODE_COPY:
		pipe_decode_save(ix, op == OP_DECODE_SAVE);
		return true;
	default:
		return false;
	}
}
