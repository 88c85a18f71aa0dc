/*
 * explain.h: `smtpcli explain`: reply codes, enhanced codes, whole reply
 * lines, commands, the whole table (--list), and mail logs annotated line
 * by line (- or --log FILE), all offline.
 */
#ifndef SMTPCLI_EXPLAIN_H
#define SMTPCLI_EXPLAIN_H

#include <stdio.h>

#include "verb.h"

/*
 * Explain the n words as `smtpcli explain WORD...` does, without its
 * options: each word an SMTP command when the first one is, else the
 * words joined by blanks as one reply code, enhanced code or reply line,
 * read as the reply to after (VERB_NONE: to no command in particular).
 * The explanation goes to out, complaints to err.  Returns the exit
 * status: ST_OK, or ST_USAGE (nothing to explain, unknown, too long).
 */
int		 explain_words(int n, char *const word[], enum verb after,
		    FILE *out, FILE *err);

/*
 * The subcommand: parses its options (argv[0] is "explain") and runs
 * explain_words(), the table or the log annotator on stdout and stderr;
 * json as if --json was given (smtpcli --json explain).  Returns the
 * exit status.
 */
int		 explain_main(int argc, char *argv[], int json);

#endif
