/* main.c - tern's entry point: options, then the interface or a headless action */
#include <getopt.h>
#include <locale.h>

#include "core/core.h"
#include "ui/ui.h"

static void usage(FILE *out)
{
	fprintf(out, _("Usage: tern [-f FOLDER] [--list]\n"
		       "  -f FOLDER   open FOLDER (a Maildir)\n"
		       "  --list      print the index and exit, without the interface\n"
		       "  -v          print the version\n"
		       "  -h          print this help\n"));
}

static const char *default_folder(void)
{
	const char *mail = getenv("MAIL");
	return mail && *mail ? mail : NULL;
}

static int list_folder(struct mailbox *mb)
{
	struct thread_view v;
	struct buf line = BUF_INIT;

	if (mailbox_thread_view(mb, &v) != 0)
		return 1;
	for (size_t row = 0; row < v.n; row++) {
		buf_reset(&line);
		ui_index_line(mb, &v, row, &line);
		buf_addch(&line, '\n');
		fwrite(line.data, 1, line.len, stdout);
	}
	buf_release(&line);
	thread_view_release(&v);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *folder = NULL;
	bool list = false;
	struct mailbox mb;
	struct buf err = BUF_INIT;
	int c, rc;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/* TERN_LOCALEDIR lets tests and uninstalled builds use their own catalogs. */
	const char *localedir = getenv("TERN_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	while ((c = getopt_long(argc, argv, "f:hv", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			folder = optarg;
			break;
		case 'L':
			list = true;
			break;
		case 'v':
			printf("tern %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!folder)
		folder = default_folder();
	if (!folder) {
		fprintf(stderr, _("tern: no folder given (use -f FOLDER or set $MAIL)\n"));
		return 2;
	}
	if (mailbox_open(folder, &mb, &err) != 0) {
		fprintf(stderr, "tern: %s\n", err.data);
		buf_release(&err);
		return 1;
	}
	if (list) {
		rc = list_folder(&mb);
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("tern: the interface needs a terminal (use --list)\n"));
		rc = 1;
	} else {
		rc = ui_run(&mb) == 0 ? 0 : 1;
	}
	mailbox_release(&mb);
	buf_release(&err);
	return rc;
}
