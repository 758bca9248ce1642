/*
 * main.c - tern's entry point: mutt's command line, the rc files, then the
 * interface or a headless action.
 */
#include <getopt.h>
#include <gnu/libc-version.h>
#include <idn2.h>
#include <lmdb.h>
#include <locale.h>
/* The headers' version: tern links libcrypto only once it uses it (its relocations cost 1.4 MB). */
#include <openssl/opensslv.h>
#include <utf8proc.h>
#include <zlib.h>

#include "config/config.h"
#include "core/core.h"
#include "headless.h"
#include "imap/imap.h"
#include "ui/ui.h"

/* ncursesw's version, without including curses outside src/ui. */
const char *curses_version(void);

struct options {
	const char *folder;      /* -f */
	struct strlist rcfiles;  /* -F, in order */
	bool no_system_rc;       /* -n */
	struct strlist commands; /* -e, in order */
	struct strlist queries;  /* -Q */
	bool dump;               /* -D */
	bool read_only;          /* -R */
	bool browser;            /* -y */
	bool first_new;          /* -Z */
	bool only_if_mail;       /* -z */
	bool list;               /* --list */
	struct headless_opts hl; /* --list, --show, --structure and their options */
	int version;             /* -v count */
	/* Composing (taken now; they act once sending exists). */
	const char *subject;        /* -s */
	struct strlist attach;      /* -a */
	struct strlist cc, bcc, to; /* -c, -b, arguments and mailto: */
	const char *draft;          /* -H */
	const char *include;        /* -i */
	struct strlist aliases;     /* -A */
	bool compose;
};

static void usage(FILE *out)
{
	fputs(_("Usage: tern [-nRyzZ] [-e CMD] [-F FILE] [-f FOLDER]\n"
		"       tern [-n] [-e CMD] [-F FILE] -Q VAR [-Q VAR]...\n"
		"       tern [-n] [-e CMD] [-F FILE] -D\n"
		"       tern [-n] [-e CMD] [-F FILE] -A ALIAS [-A ALIAS]...\n"
		"       tern [-n] [-e CMD] [-F FILE] [-s SUBJ] [-c ADDR] [-b ADDR] [-a FILE... --]\n"
		"            [-H DRAFT] [-i INCLUDE] ADDRESS... | mailto:URL\n"
		"       tern -f FOLDER --list [--sort=METHOD] [--limit=PATTERN] [--format=FMT]\n"
		"       tern -f FOLDER --show=N | --structure=N\n"
		"       tern -f FOLDER --limit=PATTERN --read | --delete | --copy=F | --save=F\n"
		"       tern -v[v] | -h\n"
		"\n"
		"  -A ALIAS   print the address an alias expands to\n"
		"  -a FILE    attach FILE (several may follow; end the list with --)\n"
		"  -b ADDR    blind-copy ADDR\n"
		"  -c ADDR    copy ADDR\n"
		"  -D         print the settings that differ from the defaults, in rc syntax\n"
		"  -e CMD     run the rc command CMD after reading the rc files (repeatable)\n"
		"  -F FILE    read FILE instead of the user's rc file (repeatable)\n"
		"  -f FOLDER  open FOLDER\n"
		"  -H DRAFT   take headers and body from the file DRAFT\n"
		"  -h         print this help\n"
		"  -i FILE    include FILE in the body\n"
		"  -n         do not read the system rc file\n"
		"  -Q VAR     print the value of a variable (repeatable)\n"
		"  -R         open the folder read-only\n"
		"  -s SUBJ    the subject of a new message\n"
		"  -v         print the version and the libraries built in (-vv: the licence)\n"
		"  -y         start in the list of mailboxes\n"
		"  -Z         open the first mailbox with new mail\n"
		"  -z         open the folder only if it has mail\n"
		"  --list     print the index of the folder and exit, without the interface\n"
		"             (--sort=METHOD, --limit=PATTERN, --format=FMT shape it)\n"
		"  --show=N   print message N (mailbox order, from 1) as the pager shows it\n"
		"  --structure=N  print message N's MIME tree\n"
		"  --read, --delete, --copy=FOLDER, --save=FOLDER\n"
		"             mark the messages --limit=PATTERN selects read or deleted, or\n"
		"             copy them to FOLDER (--save: then delete them), then write the\n"
		"             folder back (deleted messages are removed); --delete and --save\n"
		"             need --limit\n"
		"\n"
		"-Q and -D exit with status 1 when an rc file had an error.\n"),
	      out);
}

static void print_version(int level)
{
	printf("tern %s\n", PACKAGE_VERSION);
	printf(_("Libraries: ncursesw %s, %s, LMDB %s, libidn2 %s, utf8proc %s, zlib %s, "
		 "glibc %s (iconv)\n"),
	       curses_version(), OPENSSL_VERSION_TEXT, mdb_version(NULL, NULL, NULL),
	       idn2_check_version(NULL), utf8proc_version(), zlibVersion(), gnu_get_libc_version());
	printf(_("System rc file: %s/ternrc\n"), SYSCONFDIR);
	if (level > 1)
		puts(_("\ntern is free software: you may use, change and share it under the terms\n"
		       "of its licence (see the file COPYING in its sources)."));
}

/* -a takes every following argument up to "--" or the next option. */
static void take_attachments(int argc, char **argv, struct options *o)
{
	strlist_add(&o->attach, optarg);
	while (optind < argc && argv[optind][0] != '-')
		strlist_add(&o->attach, argv[optind++]);
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
}

/* Returns 0 to go on, 1 or 2 as an exit status, or -1 to exit 0. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'L' },
		{ "show", required_argument, NULL, 'S' },
		{ "structure", required_argument, NULL, 'T' },
		{ "sort", required_argument, NULL, 'O' },
		{ "limit", required_argument, NULL, 'I' },
		{ "format", required_argument, NULL, 'M' },
		{ "read", no_argument, NULL, 1 },
		{ "delete", no_argument, NULL, 2 },
		{ "copy", required_argument, NULL, 3 },
		{ "save", required_argument, NULL, 4 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* '+': stop at the first address, as mutt does. */
	while ((c = getopt_long(argc, argv, "+A:a:b:c:Dd:Ee:F:f:H:hi:m:npQ:Rs:vxyZz", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'A':
			strlist_add(&o->aliases, optarg);
			break;
		case 'a':
			take_attachments(argc, argv, o);
			o->compose = true;
			break;
		case 'b':
			strlist_add(&o->bcc, optarg);
			o->compose = true;
			break;
		case 'c':
			strlist_add(&o->cc, optarg);
			o->compose = true;
			break;
		case 'D':
			o->dump = true;
			break;
		case 'd':
			break; /* mutt's debug level: tern logs with $debug_file */
		case 'E':
			o->compose = true;
			break;
		case 'e':
			strlist_add(&o->commands, optarg);
			break;
		case 'F':
			strlist_add(&o->rcfiles, optarg);
			break;
		case 'f':
			o->folder = optarg;
			break;
		case 'H':
			o->draft = optarg;
			o->compose = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case 'i':
			o->include = optarg;
			o->compose = true;
			break;
		case 'm':
			break; /* $mbox_type for new folders: set it with -e instead */
		case 'n':
			o->no_system_rc = true;
			break;
		case 'p':
			o->compose = true;
			break;
		case 'Q':
			strlist_add(&o->queries, optarg);
			break;
		case 'R':
			o->read_only = true;
			break;
		case 's':
			o->subject = optarg;
			o->compose = true;
			break;
		case 'v':
			o->version++;
			break;
		case 'x':
			break;
		case 'y':
			o->browser = true;
			break;
		case 'Z':
			o->first_new = true;
			break;
		case 'z':
			o->only_if_mail = true;
			break;
		case 'L':
			o->list = true;
			o->hl.action = HL_LIST;
			break;
		case 'S':
			o->list = true;
			o->hl.action = HL_SHOW;
			o->hl.arg = optarg;
			break;
		case 'T':
			o->list = true;
			o->hl.action = HL_STRUCTURE;
			o->hl.arg = optarg;
			break;
		case 'O':
			o->hl.sort = optarg;
			break;
		case 'I':
			o->hl.limit = optarg;
			break;
		case 'M':
			o->hl.format = optarg;
			break;
		case 1:
			o->list = true;
			o->hl.mark_read = true;
			break;
		case 2:
			o->list = true;
			o->hl.del = true;
			break;
		case 3:
			o->list = true;
			o->hl.copy_to = optarg;
			break;
		case 4:
			o->list = true;
			o->hl.save_to = optarg;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	for (; optind < argc; optind++) {
		strlist_add(&o->to, argv[optind]);
		o->compose = true;
	}
	return 0;
}

/* The user's rc file: $XDG_CONFIG_HOME/tern/ternrc, else ~/.ternrc; NULL when neither exists. */
static char *user_rcfile(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf p = BUF_INIT;

	if (xdg && *xdg)
		buf_printf(&p, "%s/tern/ternrc", xdg);
	else if (home && *home)
		buf_printf(&p, "%s/.config/tern/ternrc", home);
	if (p.len && access(p.data, F_OK) == 0)
		return buf_detach(&p, NULL);
	buf_reset(&p);
	if (home && *home) {
		buf_printf(&p, "%s/.ternrc", home);
		if (access(p.data, F_OK) == 0)
			return buf_detach(&p, NULL);
	}
	buf_release(&p);
	return NULL;
}

static void print_errors(const struct config *cfg)
{
	for (size_t i = 0; i < config_error_count(cfg); i++) {
		const struct rc_error *e = config_error(cfg, i);
		if (e->file)
			fprintf(stderr, _("Error in %s, line %d: %s\n"), e->file, e->line, e->msg);
		else
			fprintf(stderr, _("Error in command line: %s\n"), e->msg);
	}
}

/* One summary line for what an existing muttrc sets that tern does not do yet. */
static void warn_unimplemented(const struct config *cfg)
{
	const struct strlist *u = config_unimplemented_used(cfg);
	struct buf line = BUF_INIT;

	if (!u->n)
		return;
	for (size_t i = 0; i < u->n; i++)
		buf_printf(&line, "%s%s", i ? " " : "", u->v[i]);
	fprintf(stderr, _("tern: accepted but not implemented yet: %s\n"), line.data);
	buf_release(&line);
}

/* Read the rc files in mutt's order, then run the -e commands. */
static void load_config(struct config *cfg, const struct options *o)
{
	struct buf err = BUF_INIT, sys = BUF_INIT;

	if (!o->no_system_rc) {
		buf_printf(&sys, "%s/ternrc", SYSCONFDIR);
		if (access(sys.data, F_OK) == 0)
			config_source(cfg, sys.data, &err);
	}
	if (o->rcfiles.n) {
		for (size_t i = 0; i < o->rcfiles.n; i++)
			config_source(cfg, o->rcfiles.v[i], &err);
	} else {
		char *user = user_rcfile();
		if (user)
			config_source(cfg, user, &err);
		free(user);
	}
	for (size_t i = 0; i < o->commands.n; i++) {
		buf_reset(&err);
		/* What echo and "set var?" say comes back with success: show it. */
		if (config_run(cfg, o->commands.v[i], NULL, 0, &err) == 0 && err.len)
			puts(err.data);
	}
	buf_release(&err);
	buf_release(&sys);
}

static int do_queries(const struct config *cfg, const struct options *o)
{
	struct buf out = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < o->queries.n; i++) {
		buf_reset(&out);
		if (config_query(cfg, o->queries.v[i], &out) != 0) {
			fprintf(stderr, _("tern: %s: unknown variable\n"), o->queries.v[i]);
			rc = 1;
			continue;
		}
		puts(out.data);
	}
	buf_release(&out);
	return rc;
}

static int do_aliases(const struct config *cfg, const struct options *o)
{
	int rc = 0;

	for (size_t i = 0; i < o->aliases.n; i++) {
		const struct alias *a = cfg_alias(cfg, o->aliases.v[i]);
		if (a) {
			/* As mutt: the addresses in their canonical "Name <addr>" form. */
			struct addrlist l = { 0 };
			struct buf out = BUF_INIT;
			addrlist_parse(a->value, strlen(a->value), &l);
			addrlist_format(&l, ADDR_FMT_DISPLAY, &out);
			puts(out.data);
			buf_release(&out);
			addrlist_release(&l);
		} else {
			puts(o->aliases.v[i]); /* like mutt: not an alias, so itself */
			rc = 1;
		}
	}
	return rc;
}

static bool is_mailbox(const char *path)
{
	struct buf err = BUF_INIT;
	bool yes = mx_probe(path, &err) != MX_UNKNOWN;

	buf_release(&err);
	return yes;
}

/* The folder to open: -f, -Z's first mailbox with new mail, else $spoolfile. */
static const char *choose_folder(const struct config *cfg, const struct options *o)
{
	if (o->folder)
		return o->folder;
	if (o->first_new) {
		const struct strlist *boxes = cfg_list(cfg, L_MAILBOXES);
		for (size_t i = 0; i < boxes->n; i++)
			if (mx_has_new(boxes->v[i], cfg))
				return boxes->v[i];
		return NULL;
	}
	const char *spool = cfg_str(cfg, V_spoolfile);
	if (o->browser && (!*spool || !is_mailbox(spool))) {
		/* -y lists the mailboxes: a missing spool file must not stop it,
		 * so the first mailbox that exists stands open behind the list. */
		const struct strlist *boxes = cfg_list(cfg, L_MAILBOXES);
		for (size_t i = 0; i < boxes->n; i++)
			if (is_mailbox(boxes->v[i]))
				return boxes->v[i];
	}
	return *spool ? spool : NULL;
}

/* Open in the interface: loading goes on in the background while keys work. */
static int run_interface(struct mailbox **mb, struct config *cfg, bool opened, bool browser)
{
	struct mx_queue *q = mx_queue_new();
	int rc;

	if (!opened && mx_start(*mb, MX_OP_OPEN, q) != 0) {
		mx_queue_free(&q);
		fprintf(stderr, _("tern: cannot start reading %s\n"), (*mb)->path);
		return 1;
	}
	/* The interface may change folder: *mb is then the one open at the end. */
	rc = ui_run(mb, cfg, q, browser ? UI_BROWSER_FIRST : 0) == 0 ? 0 : 1;
	mx_wait(*mb);
	mx_queue_free(&q);
	return rc;
}

static int run_folder(struct config *cfg, const struct options *o)
{
	const char *folder = choose_folder(cfg, o);
	struct buf err = BUF_INIT;
	struct mailbox *mb;
	bool interactive = !o->list;
	int rc = 1;

	if (!folder) {
		fprintf(stderr,
			o->first_new ? _("tern: no mailbox has new mail\n")
				     : _("tern: no folder given (use -f FOLDER or set $MAIL)\n"));
		return 1;
	}
	if (interactive && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, _("tern: the interface needs a terminal (use --list)\n"));
		return 1;
	}
	mb = mailbox_new(folder, cfg);
	mb->set.read_only |= o->read_only;
	if (mx_probe(folder, &err) == MX_UNKNOWN) {
		fprintf(stderr, "tern: %s\n", err.data);
		goto out;
	}
	/* -z and --list need the whole folder first; the interface does not. */
	if (!interactive || o->only_if_mail) {
		if (mx_run(mb, MX_OP_OPEN, &err) != 0) {
			fprintf(stderr, "tern: %s\n", err.data);
			goto out;
		}
		if (o->only_if_mail && mb->n == 0) {
			fprintf(stderr, _("tern: no mail in %s\n"), folder);
			goto out;
		}
	}
	rc = interactive ? run_interface(&mb, cfg, o->only_if_mail, o->browser)
			 : headless_run(mb, cfg, &o->hl);
out:
	mailbox_free(&mb);
	buf_release(&err);
	return rc;
}

static void options_release(struct options *o)
{
	struct strlist *lists[] = { &o->rcfiles, &o->commands, &o->queries, &o->attach,
				    &o->cc,      &o->bcc,      &o->to,      &o->aliases };

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		strlist_release(lists[i]);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct config *cfg;
	int rc;

	setlocale(LC_ALL, "");
	imap_register();
#ifdef ENABLE_NLS
	/* TERN_LOCALEDIR lets tests and uninstalled builds use their own catalogs. */
	const char *localedir = getenv("TERN_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	rc = parse_options(argc, argv, &o);
	if (rc) {
		options_release(&o);
		return rc < 0 ? 0 : rc;
	}
	if (o.version) {
		print_version(o.version);
		options_release(&o);
		return 0;
	}
	cfg = config_new();
	load_config(cfg, &o);
	print_errors(cfg);
	bool had_errors = config_error_count(cfg) > 0;

	if (o.queries.n || o.dump || o.aliases.n) {
		rc = o.aliases.n ? do_aliases(cfg, &o) : 0;
		if (o.queries.n && do_queries(cfg, &o))
			rc = 1;
		if (o.dump) {
			struct buf out = BUF_INIT;
			config_dump(cfg, &out);
			fwrite(out.data, 1, out.len, stdout);
			buf_release(&out);
		}
		if (had_errors)
			rc = 1;
	} else if (o.compose) {
		fprintf(stderr, _("tern: sending mail is not available yet\n"));
		rc = 1;
	} else {
		warn_unimplemented(cfg);
		rc = run_folder(cfg, &o);
	}
	config_free(&cfg);
	options_release(&o);
	return rc;
}
