/*
 * index_pipe.c - the index's functions that hand messages or the terminal to
 * a shell command: shell-escape, pipe-message, decode-save, decode-copy.
 */
#include "ui/index.h"

bool index_run_pipe_op(struct index *ix, enum op op)
{
	(void)ix;
	(void)op;
	return false;
}
