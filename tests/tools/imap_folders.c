/*
 * imap_folders.c - a test driver for src/imap/folders: log in to the
 * server of URL with settings given as rc commands, run one folder
 * command, and print what came of it, for tests/integration/imap_folders.sh.
 *
 *   imap_folders URL [-e 'set ...']... COMMAND [ARGS]
 *
 * Commands: list PREFIX (and lsub PREFIX): one line per folder,
 * "name|delimiter|attributes|special-use"; info NAME: "delimiter|attributes";
 * status NAME: "messages unseen recent"; create, delete, subscribe,
 * unsubscribe NAME; rename FROM TO. Prints "error: reason" and exits 1 on
 * failure.
 */
#include <stdio.h>

#include "config/config.h"
#include "imap/folders.h"

static void print_attrs(unsigned a)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ IMAP_LIST_NOSELECT, "\\Noselect" },
		{ IMAP_LIST_NOINFERIORS, "\\NoInferiors" },
		{ IMAP_LIST_HASCHILDREN, "\\HasChildren" },
		{ IMAP_LIST_HASNOCHILDREN, "\\HasNoChildren" },
	};
	for (size_t i = 0, k = 0; i < ARRAY_SIZE(names); i++)
		if (a & names[i].bit)
			printf("%s%s", k++ ? " " : "", names[i].name);
}

static int run_cmd(struct imap_folders *f, char **argv, int argc, struct buf *err)
{
	const char *cmd = argv[0], *a = argc > 1 ? argv[1] : "";
	static const struct {
		const char *name;
		enum imap_folder_op op;
	} simple[] = {
		{ "create", IMAP_FOLDER_CREATE },
		{ "delete", IMAP_FOLDER_DELETE },
		{ "subscribe", IMAP_FOLDER_SUBSCRIBE },
		{ "unsubscribe", IMAP_FOLDER_UNSUBSCRIBE },
	};
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(simple); i++)
		if (!strcmp(cmd, simple[i].name))
			return imap_folders_do(f, simple[i].op, a, err);
	if (!strcmp(cmd, "rename"))
		return imap_folders_rename(f, a, argc > 2 ? argv[2] : "", err);
	if (!strcmp(cmd, "status")) {
		struct imap_folder_status st;
		if ((rc = imap_folders_status(f, a, &st, err)) == 0)
			printf("%u %u %u\n", st.messages, st.unseen, st.recent);
		return rc;
	}
	char delim = 0;
	unsigned attrs = 0;
	if ((rc = imap_folders_info(f, a, &delim, &attrs, err)) != 0)
		return rc;
	if (!strcmp(cmd, "info")) {
		printf("%c|", delim ? delim : '-');
		print_attrs(attrs);
		printf("\n");
		return 0;
	}
	struct imap_folder_list l;
	imap_folder_list_init(&l);
	rc = imap_folders_list(f, a, delim, !strcmp(cmd, "lsub"), &l, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const char *sp = imap_folder_special(l.v[i].attrs);
		printf("%s|%c|", l.v[i].name, l.v[i].delim ? l.v[i].delim : '-');
		print_attrs(l.v[i].attrs);
		printf("|%s\n", sp ? sp : "");
	}
	imap_folder_list_release(&l);
	return rc;
}

int main(int argc, char **argv)
{
	struct config *cfg = config_new();
	struct buf err = BUF_INIT;
	struct imap_folders *f = NULL;
	int i = 2, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: imap_folders URL [-e CMD]... COMMAND [ARGS]\n");
		return 2;
	}
	for (; i + 1 < argc && !strcmp(argv[i], "-e"); i += 2)
		if (config_run(cfg, argv[i + 1], NULL, 0, &err) != 0) {
			fprintf(stderr, "imap_folders: %s\n", err.data);
			return 2;
		}
	if (i >= argc)
		return 2;
	rc = imap_folders_open(argv[1], cfg, NULL, &f, &err);
	if (rc == 0)
		rc = run_cmd(f, argv + i, argc - i, &err);
	if (rc != 0)
		printf("error: %s\n", err.data);
	imap_folders_close(&f);
	buf_release(&err);
	config_free(&cfg);
	return rc ? 1 : 0;
}
