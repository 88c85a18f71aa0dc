/*
 * explain.h: `smtpcli explain`: reply codes, enhanced codes, whole reply
 * lines, commands, the whole table (--list), and mail logs annotated line
 * by line (- or --log FILE), all offline.
 */
#ifndef SMTPCLI_EXPLAIN_H
#define SMTPCLI_EXPLAIN_H

/* Run the subcommand (argv[0] is "explain"); returns the exit status. */
int		 explain_main(int argc, char *argv[]);

#endif
