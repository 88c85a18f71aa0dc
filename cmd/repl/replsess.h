/*
 * replsess.h: the REPL's connection and its script runner: open (the
 * first connection, /connect, /reconnect), drop, lines and script
 * /commands run as a script runs them.
 */
#ifndef SMTPCLI_REPLSESS_H
#define SMTPCLI_REPLSESS_H

#include "cmdtab.h"
#include "replint.h"

/*
 * Connect anew: to target (rp->target: the same again, as the command
 * line said; else a host typed at /connect, from then on the session's
 * target), through dial_open(), with a script runner on the client.
 * The old connection is dropped first.  Returns OUTCOME_OK or why not;
 * rp->c may be set even then (the connection is up but its greeting or
 * its --starttls failed).
 */
enum outcome	 replsess_open(struct repl *, const char *target);

/* Drop the connection and its script runner (no QUIT). */
void		 replsess_drop(struct repl *);

/* Nonzero while the connection is usable. */
int		 replsess_connected(struct repl *);

/* Run a line through the script runner; session errors end nothing. */
void		 replsess_script(struct repl *, const char *line);

/*
 * Run the script /command id (cmdtab allows it in scripts) with its
 * arguments through the script runner, as replsess_script() runs a line.
 */
void		 replsess_command(struct repl *, enum cmdtab_id id,
		    const char *args);

/*
 * After the connection went away, nothing waits for message data: leave
 * data mode (said on the terminal), and forget an /abort's warning.
 * Does nothing while the connection lasts.
 */
void		 replsess_settle(struct repl *);

#endif
