/*
 * imap_bcache.c - a driver for the IMAP display read, run by
 * tests/integration/imap_bcache.sh (the interface has no entry point to it
 * yet): open URL, read message N (mailbox order, from 1) with
 * imap_read_display (or imap_read with --whole) and print its bytes.
 *
 *   imap_bcache URL [-e CMD]... [--whole] N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "imap/bcache_parts.h"
#include "imap/imap.h"
#include "imap/mx_imap_int.h"

int main(int argc, char **argv)
{
	struct config *cfg = config_new();
	struct buf err = BUF_INIT, raw = BUF_INIT;
	struct mailbox *mb;
	bool whole = false;
	unsigned long n;
	int i = 2, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: imap_bcache URL [-e CMD]... [--whole] N\n");
		return 2;
	}
	for (; i + 1 < argc && !strcmp(argv[i], "-e"); i += 2)
		if (config_run(cfg, argv[i + 1], NULL, 0, &err) != 0) {
			fprintf(stderr, "imap_bcache: %s\n", err.data);
			return 2;
		}
	if (i < argc && !strcmp(argv[i], "--whole")) {
		whole = true;
		i++;
	}
	if (i >= argc)
		return 2;
	n = strtoul(argv[i], NULL, 10);
	imap_register();
	mb = mailbox_new(argv[1], cfg);
	rc = mx_run(mb, MX_OP_OPEN, &err);
	if (rc == 0 && (n == 0 || n > mb->n)) {
		buf_addstr(&err, "no such message");
		rc = ERR_NOTFOUND;
	}
	if (rc == 0)
		rc = whole ? imap_read(mb, mb->msgs[n - 1].id, &raw, &err)
			   : imap_read_display(mb, mb->msgs[n - 1].id, &raw, &err);
	if (rc == MX_READ_PARTIAL) /* parts were left out: what the test looks for */
		rc = 0;
	if (rc == 0)
		fwrite(raw.data, 1, raw.len, stdout);
	else
		printf("error: %s\n", err.data);
	mailbox_free(&mb);
	buf_release(&raw);
	buf_release(&err);
	config_free(&cfg);
	return rc ? 1 : 0;
}
