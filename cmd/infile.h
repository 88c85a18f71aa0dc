/*
 * infile.h: opening a local input (a script, a password file) so that it
 * cannot hang the run: a FIFO nobody writes to is waited for only so
 * long, and a directory is refused at once.
 */
#ifndef SMTPCLI_INFILE_H
#define SMTPCLI_INFILE_H

#include <stddef.h>

#define INFILE_WAIT	30	/* seconds for a FIFO's writer unless -t */

/*
 * Open path to read (O_CLOEXEC) without blocking in open(2): a FIFO is
 * then waited for until it has data or its writer has left, at most
 * wait seconds (INFILE_WAIT when 0); afterwards reads block as usual.
 * Returns the descriptor, or -1 with err set ("PATH: why").
 */
int		 infile_open(const char *path, int wait, char *err,
		    size_t errlen);

#endif
