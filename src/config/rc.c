/*
 * rc.c - the rc language: mutt's tokenizer, running a line of commands,
 * reading files and command output as rc text, and `command` expansion.
 *
 * The tokenizer follows mutt 2.2 as it behaves (checked by running it),
 * with two deliberate differences: an unterminated quote is an error
 * rather than quietly closed, and a "${" without its "}" is dropped as
 * mutt drops it but is not otherwise special.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "config/internal.h"

/* Caps on what rc text can make us do. */
#define RC_MAX_SPLICES   64                 /* `command` expansions outside quotes, per line */
#define RC_MAX_OUTPUT    (64 * 1024)        /* bytes kept of a `command`'s output line */
#define RC_MAX_FILE      (64 * 1024 * 1024) /* an rc file or a "command|" output */
#define RC_MAX_FILE_ERRS 128                /* errors in one file before we stop reading it */

struct rc_line {
	struct config *c;
	struct buf text; /* our copy: `command` output is spliced into it */
	size_t pos;
	unsigned splices;
	const char *file;
	int line;
	int depth; /* commands run by commands (ifdef) */
};

static void line_init(struct rc_line *l, struct config *c, const char *text, const char *file,
		      int line, int depth)
{
	memset(l, 0, sizeof(*l));
	l->c = c;
	l->text = (struct buf)BUF_INIT;
	buf_addstr(&l->text, text);
	l->file = file;
	l->line = line;
	l->depth = depth;
}

static int cur(const struct rc_line *l)
{
	return (unsigned char)l->text.data[l->pos];
}

static void skip_space(struct rc_line *l)
{
	while (l->pos < l->text.len && is_space(cur(l)))
		l->pos++;
}

struct config *rc_config(struct rc_line *l)
{
	return l->c;
}

const char *rc_file(const struct rc_line *l)
{
	return l->file;
}

int rc_lineno(const struct rc_line *l)
{
	return l->line;
}

bool rc_more(struct rc_line *l)
{
	int ch;

	skip_space(l);
	ch = cur(l);
	return ch && ch != ';' && ch != '#';
}

int rc_peek(struct rc_line *l)
{
	skip_space(l);
	return cur(l);
}

void rc_skip(struct rc_line *l, size_t n)
{
	l->pos = MIN(l->pos + n, l->text.len);
}

/* ---- Running shell commands ------------------------------------------- */

static int read_output(int fd, bool first_line, size_t max, struct buf *out)
{
	char chunk[4096];
	size_t got = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ERR_IO;
		if (n == 0)
			return 0;
		size_t take = (size_t)n;
		const char *nl = first_line ? memchr(chunk, '\n', take) : NULL;
		if (nl)
			take = (size_t)(nl - chunk);
		if (got + take > max) {
			if (!first_line)
				return ERR_LIMIT;
			take = max - got; /* a first line is cut, as mutt's line reader would */
		}
		buf_add(out, chunk, take);
		got += take;
		if (nl || (first_line && got >= max))
			return 0;
	}
}

int rc_shell(const struct config *c, const char *cmd, bool first_line, size_t max, struct buf *out,
	     struct buf *err)
{
	int fds[2], status = 0, rc;
	size_t start = out->len;
	pid_t pid;

	if (c->sandbox) {
		buf_printf(err, _("`%s`: running commands is disabled here"), cmd);
		return ERR_UNSUPPORTED;
	}
	if (pipe(fds) != 0) {
		buf_printf(err, _("`%s`: %s"), cmd, strerror(errno));
		return ERR_IO;
	}
	if ((pid = fork()) < 0) {
		buf_printf(err, _("`%s`: %s"), cmd, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return ERR_IO;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	rc = read_output(fds[0], first_line, max, out);
	close(fds[0]); /* a command still writing gets SIGPIPE */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (first_line && out->len > start && out->data[out->len - 1] == '\r')
		buf_setlen(out, out->len - 1);
	if (rc == ERR_LIMIT)
		buf_printf(err, _("`%s`: more than %zu bytes of output"), cmd, max);
	else if (rc)
		buf_printf(err, _("`%s`: %s"), cmd, strerror(errno));
	return rc;
}

/* ---- The tokenizer --------------------------------------------------------- */

static bool stops(int ch, unsigned flags, const struct rc_line *l)
{
	if (is_space(ch))
		return !(flags & TOK_SPACE);
	switch (ch) {
	case '#':
		return !(flags & TOK_COMMENT);
	case ';':
		return !(flags & TOK_SEMICOLON);
	case '=':
		return (flags & (TOK_EQUAL | TOK_PATTERN)) != 0;
	case '+':
	case '-':
		return (flags & TOK_EQUAL) && l->text.data[l->pos + 1] == '=';
	case '?':
		return (flags & TOK_QUESTION) != 0;
	case '~':
	case '%':
	case '!':
	case '|':
		return (flags & TOK_PATTERN) != 0;
	default:
		return false;
	}
}

static bool is_odigit(int c)
{
	return c >= '0' && c <= '7';
}

/* A NUL would end the C string a token becomes: such escapes give nothing. */
static void add_byte(struct buf *tok, int ch)
{
	if (ch & 0xff)
		buf_addch(tok, ch & 0xff);
}

/* After a backslash (outside single quotes). */
static void read_escape(struct rc_line *l, struct buf *tok)
{
	const char *p = l->text.data + l->pos;
	int ch = (unsigned char)*p;

	if (!ch)
		return; /* a backslash at the very end: nothing to escape */
	l->pos++;
	switch (ch) {
	case 'c':
	case 'C':
		if (!p[1])
			return;
		l->pos++;
		add_byte(tok, (ascii_toupper((unsigned char)p[1]) - '@') & 0x7f);
		return;
	case 'n':
		buf_addch(tok, '\n');
		return;
	case 'r':
		buf_addch(tok, '\r');
		return;
	case 't':
		buf_addch(tok, '\t');
		return;
	case 'f':
		buf_addch(tok, '\f');
		return;
	case 'e':
		buf_addch(tok, '\033');
		return;
	}
	if (is_odigit(ch) && is_odigit((unsigned char)p[1]) && is_odigit((unsigned char)p[2])) {
		add_byte(tok, ((ch - '0') << 6) | ((p[1] - '0') << 3) | (p[2] - '0'));
		l->pos += 2;
		return;
	}
	buf_addch(tok, ch);
}

/* ^X for control-X in key sequences; ^^ is a caret and ^[ escape. */
static void read_caret(struct rc_line *l, struct buf *tok)
{
	int ch = cur(l);

	if (!ch) {
		buf_addch(tok, '^');
		return;
	}
	l->pos++;
	if (ch == '^')
		buf_addch(tok, '^');
	else if (ch == '[')
		buf_addch(tok, '\033');
	else if (is_alpha(ch))
		buf_addch(tok, ascii_toupper(ch) - '@');
	else {
		buf_addch(tok, '^');
		buf_addch(tok, ch);
	}
}

/* The value $name stands for: the environment first, as in mutt, then a variable. */
static void var_value_of(const struct config *c, const char *name, struct buf *tok)
{
	const char *v = getenv(name);
	const struct my_var *m;
	int id;

	if (v) {
		buf_addstr(tok, v);
	} else if ((id = var_lookup(name)) >= 0) {
		var_text(c, (enum var_id)id, tok);
	} else if ((m = my_var_find(c, name))) {
		buf_addstr(tok, m->value);
	}
}

/* After '$' (followed by '{' or a letter). */
static void read_dollar(struct rc_line *l, struct buf *tok)
{
	const char *p = l->text.data + l->pos, *end;
	char *name;

	if (*p == '{') {
		if (!(end = strchr(p, '}'))) {
			l->pos++; /* mutt drops the "${" and reads on */
			return;
		}
		name = xstrndup(p + 1, (size_t)(end - p - 1));
		l->pos += (size_t)(end - p) + 1;
	} else {
		for (end = p; is_alpha(*end) || is_digit(*end) || *end == '_'; end++)
			;
		name = xstrndup(p, (size_t)(end - p));
		l->pos += (size_t)(end - p);
	}
	var_value_of(l->c, name, tok);
	free(name);
}

/*
 * After '`': run the command up to the closing backquote. Inside double
 * quotes its first output line joins the token; outside, it replaces the
 * command in the line and is read again as rc text (mutt's rule).
 */
static int read_backtick(struct rc_line *l, bool quoted, struct buf *tok, struct buf *err)
{
	const char *start = l->text.data + l->pos, *p = start;
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	int rc;

	while (*p && *p != '`')
		p += (*p == '\\' && p[1]) ? 2 : 1;
	if (!*p) {
		buf_addstr(err, _("a ` has no closing `"));
		return ERR_PARSE;
	}
	buf_add(&cmd, start, (size_t)(p - start));
	l->pos += (size_t)(p - start) + 1;
	if (!quoted && ++l->splices > RC_MAX_SPLICES) {
		buf_printf(err, _("more than %d `command` expansions in one line"), RC_MAX_SPLICES);
		rc = ERR_LIMIT;
		goto out;
	}
	if ((rc = rc_shell(l->c, cmd.data, true, RC_MAX_OUTPUT, &out, err)) != 0)
		goto out;
	if (quoted) {
		buf_addbuf(tok, &out);
	} else {
		buf_add(&out, l->text.data + l->pos, l->text.len - l->pos);
		buf_release(&l->text);
		l->text = out;
		out = (struct buf)BUF_INIT;
		l->pos = 0;
	}
out:
	buf_release(&cmd);
	buf_release(&out);
	return rc;
}

int rc_token(struct rc_line *l, struct buf *tok, unsigned flags, struct buf *err)
{
	int qc = 0, ch, rc;

	buf_reset(tok);
	skip_space(l);
	while ((ch = cur(l)) != 0) {
		if (!qc && stops(ch, flags, l))
			break;
		l->pos++;
		if (qc && ch == qc) {
			qc = 0;
		} else if (!qc && (ch == '\'' || ch == '"')) {
			qc = ch;
		} else if (ch == '\\' && qc != '\'') {
			read_escape(l, tok);
		} else if (ch == '^' && (flags & TOK_CONDENSE)) {
			read_caret(l, tok);
		} else if (ch == '`' && qc != '\'' && !(flags & TOK_NOSHELL)) {
			if ((rc = read_backtick(l, qc == '"', tok, err)) != 0)
				return rc;
		} else if (ch == '$' && qc != '\'' && (cur(l) == '{' || is_alpha(cur(l)))) {
			read_dollar(l, tok);
		} else {
			buf_addch(tok, ch);
		}
	}
	if (qc) {
		buf_printf(err, _("unterminated %c quote"), qc);
		return ERR_PARSE;
	}
	return 0;
}

int rc_next(const struct rc_line *l)
{
	return cur(l);
}

int rc_split(struct config *c, const char *text, unsigned flags, struct strlist *out,
	     struct buf *err)
{
	struct rc_line l;
	struct buf tok = BUF_INIT;
	int rc = 0;

	line_init(&l, c, text, NULL, 0, 0);
	for (;;) {
		skip_space(&l);
		int ch = cur(&l);
		if (!ch || (ch == ';' && !(flags & TOK_SEMICOLON)) ||
		    (ch == '#' && !(flags & TOK_COMMENT)))
			break;
		size_t before = l.pos;
		if ((rc = rc_token(&l, &tok, flags, err)) != 0)
			break;
		if (l.pos == before) /* a character that stops tokens is one by itself */
			buf_addch(&tok, l.text.data[l.pos++]);
		strlist_addn(out, tok.data, tok.len);
	}
	buf_release(&tok);
	buf_release(&l.text);
	return rc;
}

/* ---- Running commands ----------------------------------------------------- */

void config_add_error(struct config *c, const char *file, int line, const char *msg)
{
	struct rc_error *e;

	ALLOC_GROW(c->errors, c->nerrors + 1, c->caperrors);
	e = &c->errors[c->nerrors++];
	e->file = xstrdup_or_null(file);
	e->line = line;
	e->msg = xstrdup(msg);
}

/* Read a command name and run it. Errors and messages go to msg. */
static int run_command(struct rc_line *l, struct buf *msg)
{
	struct buf name = BUF_INIT;
	const struct rc_command *cmd;
	int rc;

	if ((rc = rc_token(l, &name, 0, msg)) != 0)
		goto out;
	if (!(cmd = rc_command_find(name.data))) {
		buf_printf(msg, _("%s: unknown command"), name.data);
		rc = ERR_NOTFOUND;
		goto out;
	}
	if (!cmd->impl)
		config_note_unimplemented(l->c, cmd->name);
	if ((rc = cmd->fn(l, cmd->data, msg)) != 0)
		goto out;
	if (rc_more(l)) {
		buf_reset(msg);
		buf_printf(msg, _("%s: too many arguments"), cmd->name);
		rc = ERR_INVAL;
	}
out:
	buf_release(&name);
	return rc;
}

/*
 * Run the commands of l to its end (or the first error, or finish).
 * Errors are recorded, unless a nested file recorded them already.
 */
static int run_line(struct rc_line *l, struct buf *err)
{
	struct buf msg = BUF_INIT;
	int rc = 0;

	buf_reset(err);
	for (;;) {
		skip_space(l);
		if (!cur(l) || cur(l) == '#' || l->c->finish)
			break;
		if (cur(l) == ';') {
			l->pos++;
			continue;
		}
		size_t before = l->c->nerrors;
		buf_reset(&msg);
		rc = run_command(l, &msg);
		if (rc || msg.len) {
			buf_reset(err);
			buf_addbuf(err, &msg);
		}
		if (rc) {
			if (l->c->nerrors == before)
				config_add_error(l->c, l->file, l->line, msg.data);
			break;
		}
	}
	buf_release(&msg);
	return rc;
}

int config_run(struct config *c, const char *text, const char *file, int line, struct buf *err)
{
	struct rc_line l;
	int rc;

	line_init(&l, c, text, file, line, 0);
	rc = run_line(&l, err);
	buf_release(&l.text);
	if (c->source_depth == 0)
		c->finish = false;
	return rc;
}

int rc_run_nested(struct rc_line *l, const char *text, struct buf *err)
{
	struct rc_line sub;
	int rc;

	if (l->depth + 1 >= RC_MAX_DEPTH) {
		buf_printf(err, _("commands nested more than %d deep"), RC_MAX_DEPTH);
		return ERR_LIMIT;
	}
	line_init(&sub, l->c, text, l->file, l->line, l->depth + 1);
	rc = run_line(&sub, err);
	buf_release(&sub.text);
	/* run_line recorded its error; tell our caller not to record it again. */
	return rc;
}

int rc_run_rest(struct rc_line *l, struct buf *err)
{
	if (l->depth + 1 >= RC_MAX_DEPTH) {
		buf_printf(err, _("commands nested more than %d deep"), RC_MAX_DEPTH);
		return ERR_LIMIT;
	}
	l->depth++;
	int rc = run_command(l, err);
	l->depth--;
	return rc;
}

int rc_skip_command(struct rc_line *l, struct buf *err)
{
	struct buf tok = BUF_INIT;
	int rc = 0;

	while (rc == 0 && rc_more(l))
		rc = rc_token(l, &tok, TOK_NOSHELL, err);
	buf_release(&tok);
	return rc;
}

/* ---- Reading rc text -------------------------------------------------------- */

/* The end of the physical line at p (its '\n', or end). */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

/*
 * Join physical lines ending in a backslash (mutt looks at the last
 * character only) into one logical line. Returns where the next one starts
 * and counts the physical lines read.
 */
static const char *logical_line(const char *p, const char *end, struct buf *out, int *nlines)
{
	buf_reset(out);
	*nlines = 0;
	while (p < end) {
		const char *e = line_end(p, end);
		size_t n = (size_t)(e - p);
		(*nlines)++;
		if (n && p[n - 1] == '\r')
			n--;
		const char *next = e < end ? e + 1 : end;
		if (n && p[n - 1] == '\\') {
			buf_add(out, p, n - 1);
			p = next;
			continue;
		}
		buf_add(out, p, n);
		return next;
	}
	return p;
}

/*
 * $config_charset: lines are converted from it to UTF-8 before they run.
 * A line that is UTF-8 already is left alone (so a dump, which is, reads
 * back whatever it sets), and so is everything when iconv does not know the
 * charset, as in mutt.
 */
static void convert_line(const struct config *c, struct buf *line)
{
	const char *cs = cfg_str(c, V_config_charset);
	struct buf out = BUF_INIT;

	if (!*cs || charset_is_utf8(cs) || utf8_valid(line->data, line->len) || !charset_known(cs))
		return;
	charset_to_utf8(cs, line->data, line->len, &out);
	buf_release(line);
	*line = out;
}

static int source_text(struct config *c, const char *text, size_t len, const char *name,
		       struct buf *err)
{
	const char *p = text, *end = text + len;
	struct buf line = BUF_INIT, msg = BUF_INIT;
	size_t errors_before = c->nerrors;
	int lineno = 1, n, rc = 0, r;

	if (c->source_depth >= RC_MAX_DEPTH) {
		buf_printf(err, _("%s: files sourced more than %d deep (does it source itself?)"),
			   name, RC_MAX_DEPTH);
		return ERR_LIMIT;
	}
	c->source_depth++;
	buf_reset(err);
	while (p < end && !c->finish) {
		p = logical_line(p, end, &line, &n);
		convert_line(c, &line);
		r = config_run(c, line.data, name, lineno, &msg);
		lineno += n;
		rc = rc ? rc : r;
		if (!rc && msg.len) {
			buf_reset(err);
			buf_addbuf(err, &msg);
		}
		if (c->nerrors - errors_before >= RC_MAX_FILE_ERRS && p < end) {
			buf_reset(&msg);
			buf_printf(&msg, _("more than %d errors: the rest of %s was not read"),
				   RC_MAX_FILE_ERRS, name);
			config_add_error(c, name, lineno, msg.data);
			break;
		}
	}
	c->finish = false;
	c->source_depth--;
	if (rc && c->nerrors > errors_before) {
		/* The first error, with where it was: it may be in a file this one sourced. */
		const struct rc_error *e = &c->errors[errors_before];
		buf_reset(err);
		if (e->file)
			buf_printf(err, "%s:%d: ", e->file, e->line);
		buf_addstr(err, e->msg);
	}
	buf_release(&line);
	buf_release(&msg);
	return rc;
}

int config_source_text(struct config *c, const char *text, size_t len, const char *name,
		       struct buf *err)
{
	return source_text(c, text, len, name, err);
}

static bool ends_with_pipe(const char *s, size_t *cmdlen)
{
	size_t n = strlen(s);

	while (n && is_space(s[n - 1]))
		n--;
	if (!n || s[n - 1] != '|')
		return false;
	*cmdlen = n - 1;
	return true;
}

/*
 * Where a relative path points: the directory of the file being read, and
 * when nothing is there, the working directory (where mutt 2.2 looks).
 */
static void resolve_path(const char *from, const char *path, struct buf *out)
{
	const char *slash = from ? strrchr(from, '/') : NULL;
	size_t n;
	struct stat st;

	if (path[0] == '/' || (from && (!slash || ends_with_pipe(from, &n)))) {
		buf_addstr(out, path);
		return;
	}
	if (!from) {
		/* Made absolute, so that a later cd does not move what it is relative to. */
		char cwd[4096];
		if (getcwd(cwd, sizeof(cwd)))
			buf_printf(out, "%s/", cwd);
		buf_addstr(out, path);
		return;
	}
	buf_add(out, from, (size_t)(slash - from) + 1);
	buf_addstr(out, path);
	if (stat(out->data, &st) != 0 && stat(path, &st) == 0) {
		buf_reset(out);
		buf_addstr(out, path);
	}
}

/* Read a file or a command's output. The error, if the text cannot be had, goes to err. */
static int load(struct config *c, const char *path, const char *from, struct buf *name,
		struct buf *text, struct buf *err)
{
	struct buf exp = BUF_INIT;
	size_t n;
	int rc;

	if (ends_with_pipe(path, &n)) {
		buf_add(name, path, n + 1);
		char *cmd = xstrndup(path, n);
		rc = rc_shell(c, cmd, false, RC_MAX_FILE, text, err);
		free(cmd);
		return rc;
	}
	if (c->sandbox) {
		buf_printf(err, _("%s: reading files is disabled here"), path);
		return ERR_UNSUPPORTED;
	}
	var_expand_path(c, path, &exp);
	resolve_path(from, exp.data, name);
	buf_release(&exp);
	if ((rc = file_read_all(name->data, text, RC_MAX_FILE)) != 0) {
		if (rc == ERR_LIMIT)
			buf_printf(err, _("%s: larger than %d MiB"), name->data, RC_MAX_FILE >> 20);
		else
			buf_printf(err, "%s: %s", name->data, strerror(errno));
	}
	return rc;
}

int rc_source(struct rc_line *l, const char *path, struct buf *err)
{
	struct buf name = BUF_INIT, text = BUF_INIT;
	int rc;

	if ((rc = load(l->c, path, l->file, &name, &text, err)) == 0)
		rc = source_text(l->c, text.data, text.len, name.data, err);
	buf_release(&name);
	buf_release(&text);
	return rc;
}

int config_source(struct config *c, const char *path, struct buf *err)
{
	struct buf name = BUF_INIT, text = BUF_INIT;
	int rc;

	buf_reset(err);
	if ((rc = load(c, path, NULL, &name, &text, err)) == 0)
		rc = source_text(c, text.data, text.len, name.data, err);
	else
		config_add_error(c, NULL, 0, err->data);
	buf_release(&name);
	buf_release(&text);
	return rc;
}

void config_set_sandbox(struct config *c, bool on)
{
	c->sandbox = on;
}
