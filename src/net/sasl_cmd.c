/*
 * sasl_cmd.c - run a password or OAuth token command and take the first
 * line it prints.
 *
 * posix_spawn rather than fork: the IMAP code fetches in background
 * threads, and a spawned child runs nothing of ours between fork and exec.
 * stdin is /dev/null because the interface owns the terminal's keys (a
 * password manager asks through its own pinentry). SIGPIPE is reset in the
 * child: tern may ignore it, and a command that writes more than we read
 * must then end quietly rather than see write errors. Standard error is
 * kept (a little of it) for the error message, so it does not scribble
 * over the screen.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <openssl/crypto.h>

#include "core/core.h"
#include "net/sasl.h"

extern char **environ;

/* How much of the command's standard error the message quotes. */
#define STDERR_KEEP 200
/* How long a command may linger after its line has been read (ms). */
#define GRACE_MS 5000

struct run {
	int out_fd, err_fd;
	struct buf line;   /* the first line (a secret) */
	struct buf errtxt; /* the start of its standard error */
	bool got_line;     /* the line end was seen */
	bool too_long;
	size_t err_seen; /* bytes of standard error read, kept or not */
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int spawn(const char *cmd, int out_w, int err_w, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t def, none;
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_w, 1);
	posix_spawn_file_actions_adddup2(&fa, err_w, 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Take bytes of standard output until the first line end or the cap. */
static void take_out(struct run *r, const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	size_t take = nl ? (size_t)(nl - p) : n;

	if (r->line.len + take > SASL_CMD_MAX_LINE) {
		r->too_long = true;
		close_fd(&r->out_fd);
		return;
	}
	buf_add(&r->line, p, take);
	if (nl) {
		r->got_line = true;
		close_fd(&r->out_fd); /* a command still writing gets SIGPIPE */
	}
}

static void take_err(struct run *r, const char *p, size_t n)
{
	size_t room = STDERR_KEEP - MIN(r->errtxt.len, STDERR_KEEP);

	buf_add(&r->errtxt, p, MIN(n, room));
	r->err_seen += n;
	if (r->err_seen > 64 * 1024)
		close_fd(&r->err_fd); /* a command that floods its stderr is not waited for */
}

/* Read one chunk from *fd; on end of file or error, close it. */
static void read_some(struct run *r, int *fd, bool is_out)
{
	char chunk[4096];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close_fd(fd);
		return;
	}
	if (is_out)
		take_out(r, chunk, (size_t)n);
	else
		take_err(r, chunk, (size_t)n);
	OPENSSL_cleanse(chunk, sizeof(chunk));
}

/*
 * Read both pipes until standard output has given its line (or ended) and
 * standard error has ended. After the line, the command has GRACE_MS to
 * finish; false when it outstays that.
 */
static bool collect(struct run *r)
{
	long deadline = -1;

	while (r->out_fd >= 0 || r->err_fd >= 0) {
		struct pollfd p[2];
		int n = 0, timeout = -1;

		if (r->out_fd < 0 && deadline < 0)
			deadline = mono_ms() + GRACE_MS;
		if (deadline >= 0) {
			timeout = (int)(deadline - mono_ms());
			if (timeout <= 0)
				return false;
		}
		if (r->out_fd >= 0)
			p[n++] = (struct pollfd){ .fd = r->out_fd, .events = POLLIN };
		if (r->err_fd >= 0)
			p[n++] = (struct pollfd){ .fd = r->err_fd, .events = POLLIN };
		int got = poll(p, (nfds_t)n, timeout);
		if (got < 0 && errno != EINTR)
			return false;
		for (int i = 0; got > 0 && i < n; i++) {
			if (!p[i].revents)
				continue;
			if (p[i].fd == r->out_fd)
				read_some(r, &r->out_fd, true);
			else
				read_some(r, &r->err_fd, false);
		}
	}
	return true;
}

/* Wait for the child, killing it when it lingers past the grace period. */
static int reap(pid_t pid, bool lingering, int *status)
{
	long deadline = mono_ms() + (lingering ? 0 : GRACE_MS);

	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -1;
		if (mono_ms() >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return 1;
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

static void describe_failure(const char *cmd, int status, const struct run *r, struct buf *err)
{
	struct buf why = BUF_INIT;

	if (WIFEXITED(status))
		buf_printf(&why, _("exit status %d"), WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		buf_printf(&why, _("killed by signal %d"), WTERMSIG(status));
	else
		buf_addstr(&why, _("failed"));
	buf_printf(err, _("`%s`: %s"), cmd, why.data);
	if (r->errtxt.len) {
		size_t n = strcspn(r->errtxt.data, "\r\n");
		buf_addstr(err, ": ");
		utf8_sanitize(r->errtxt.data, n, err);
	}
	buf_release(&why);
}

/* Judge the outcome and hand over the line; the line's buffer is wiped. */
static int finish(const char *cmd, struct run *r, int status, bool killed, struct buf *out,
		  struct buf *err)
{
	bool ok;

	if (r->too_long) {
		buf_printf(err, _("`%s`: the first line of output is longer than %d bytes"), cmd,
			   SASL_CMD_MAX_LINE);
		return ERR_LIMIT;
	}
	/*
	 * SIGPIPE, or our kill, after the line was read is our doing, not a
	 * failure; the shell reports a child's SIGPIPE as status 128 + SIGPIPE.
	 */
	ok = (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
	     (r->got_line && (killed || (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE) ||
			      (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGPIPE)));
	if (!ok) {
		describe_failure(cmd, status, r, err);
		return ERR_AUTH;
	}
	if (r->line.len && r->line.data[r->line.len - 1] == '\r')
		buf_setlen(&r->line, r->line.len - 1);
	if (r->line.len == 0) {
		buf_printf(err, _("`%s` printed nothing"), cmd);
		return ERR_INVAL;
	}
	buf_add(out, r->line.data, r->line.len);
	return 0;
}

int sasl_run_command(const char *cmd, struct buf *out, struct buf *err)
{
	struct run r = { .out_fd = -1, .err_fd = -1 };
	int ofd[2] = { -1, -1 }, efd[2] = { -1, -1 };
	int status = 0, rc, killed;
	pid_t pid;

	if (!cmd || !*cmd) {
		buf_addstr(err, _("no command to run"));
		return ERR_INVAL;
	}
	if (pipe2(ofd, O_CLOEXEC) != 0 || pipe2(efd, O_CLOEXEC) != 0) {
		buf_printf(err, _("`%s`: %s"), cmd, strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	if ((rc = spawn(cmd, ofd[1], efd[1], &pid)) != 0) {
		buf_printf(err, _("`%s`: %s"), cmd, strerror(rc));
		rc = ERR_IO;
		goto out;
	}
	close_fd(&ofd[1]);
	close_fd(&efd[1]);
	r.out_fd = ofd[0];
	r.err_fd = efd[0];
	ofd[0] = efd[0] = -1;
	/* sized once: a realloc would leave a copy of the secret in freed memory */
	buf_init(&r.line, SASL_CMD_MAX_LINE + 1);
	bool finished = collect(&r);
	close_fd(&r.out_fd);
	close_fd(&r.err_fd);
	killed = reap(pid, !finished, &status);
	if (killed < 0) {
		buf_printf(err, _("`%s`: %s"), cmd, strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	rc = finish(cmd, &r, status, killed == 1, out, err);
out:
	close_fd(&ofd[0]);
	close_fd(&ofd[1]);
	close_fd(&efd[0]);
	close_fd(&efd[1]);
	buf_wipe(&r.line);
	buf_release(&r.errtxt);
	return rc;
}
