/*
 * scriptcheck.h: a whole script checked before anything connects, so a
 * typo on line 40 is found before line 10's message is delivered.
 */
#ifndef SMTPCLI_SCRIPTCHECK_H
#define SMTPCLI_SCRIPTCHECK_H

#include <stdio.h>

#include "render.h"
#include "status.h"

/* A script from a pipe is held to be checked: at most this. */
#define SCRIPTCHECK_PIPE_MAX	(8 * 1024 * 1024)

/* The script to run once checked: in itself, or a copy of a pipe's. */
struct scriptcheck {
	FILE	*fp;		/* run the script from here (its descriptor) */
	int	 own;		/* fp is the copy: scriptcheck_close() closes */
};

/*
 * Check the script on in's descriptor (named name) from where it stands
 * to its end, as sline_check() takes each line, with /data's and /bdat's
 * files opened for reading; lines are read as script_source() reads them
 * (scriptread.c: one buffer of the 1 MiB bound, a longer line refused at
 * the bound).  A seekable in is read twice and costs nothing; a pipe or a
 * terminal is read to its end into an unnamed temporary file (at most
 * SCRIPTCHECK_PIPE_MAX octets) and run from there.  The first problem is
 * reported as "name:line: why; nothing was sent" and decides the
 * outcome: usage (a bad line, the end inside message data, a pipe too
 * long), input-unreadable (a file that cannot be read, NUL in message
 * data, a read error).  On OUTCOME_OK, k->fp's descriptor is where the
 * script starts; scriptcheck_close() frees what was held either way.
 */
enum outcome	 scriptcheck_open(FILE *in, const char *name,
		    struct render *, struct scriptcheck *k);

/* Close the copy scriptcheck_open() made (never in itself). */
void		 scriptcheck_close(struct scriptcheck *);

#endif
