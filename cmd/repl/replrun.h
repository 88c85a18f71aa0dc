/*
 * replrun.h: the REPL's / commands, dispatched from the one command
 * table (cmdtab); the script's own commands go to the script runner.
 */
#ifndef SMTPCLI_REPLRUN_H
#define SMTPCLI_REPLRUN_H

#include "replint.h"

/*
 * Run the / command line ("/name args", line[0] is '/'); an unknown or
 * ambiguous name, a command not for the REPL, or one refused while the
 * server still reads message data after /abort is reported on rp->r.
 * Session errors end nothing; /quit sets rp->done.
 */
void		 replrun_command(struct repl *, const char *line);

/*
 * /abort: leave message data without its end (nothing is delivered;
 * the server still waits for the data's end, rp->data_left is set).
 * Reported as an error when not in message data.
 */
void		 replrun_abort(struct repl *);

/*
 * /quit and Ctrl-D: QUIT and its 221 if the connection can take it,
 * then rp->done is set so that the REPL ends.
 */
void		 replrun_quit(struct repl *);

#endif
