/*
 * scriptcheck.h: a whole script checked before anything connects, so a
 * typo on line 40 is found before line 10's message is delivered.
 */
#ifndef SMTPCLI_SCRIPTCHECK_H
#define SMTPCLI_SCRIPTCHECK_H

#include <stdio.h>

#include "render.h"
#include "status.h"

/* A script from a pipe is held in memory to be checked: at most this. */
#define SCRIPTCHECK_PIPE_MAX	(8 * 1024 * 1024)

/* The script to run once checked: in itself, or its bytes from a pipe. */
struct scriptcheck {
	FILE	*fp;		/* read the script from here */
	char	*buf;		/* a pipe's bytes (fp reads them), or NULL */
};

/*
 * Check the script in (named name) from where it stands to its end, as
 * sline_check() takes each line, with /data's and /bdat's files opened
 * for reading; lines over 1 MiB are refused.  A seekable in is read
 * twice and costs no memory; a pipe is read to its end into memory (at
 * most SCRIPTCHECK_PIPE_MAX octets) and replayed from there.  The first
 * problem is reported as "name:line: why" and decides the outcome: usage
 * (a bad line, the end inside message data, a pipe too long), or
 * input-unreadable (a file that cannot be read, NUL in message data, a
 * read error).  On OUTCOME_OK, k->fp is where the script starts (in, or
 * a stream over k->buf); free it with scriptcheck_close() either way.
 */
enum outcome	 scriptcheck_open(FILE *in, const char *name,
		    struct render *, struct scriptcheck *k);

/* Free what scriptcheck_open() held (not in itself). */
void		 scriptcheck_close(struct scriptcheck *);

#endif
