/*
 * repl.h: the interactive session on a terminal (libedit): SMTP lines
 * and script /commands run through the script runner, the REPL's own
 * / commands, completion, history, replies shown as they come.
 */
#ifndef SMTPCLI_REPL_H
#define SMTPCLI_REPL_H

#include "client.h"
#include "dial.h"
#include "loop.h"
#include "render.h"
#include "status.h"
#include "tlsrun.h"

struct repl_opts {
	const char	*target;	/* shown in the prompt; NULL: pipe */
	const char	*helo;		/* name for /ehlo; NULL: literal */
	int		 timeout;	/* seconds; 0: RFC 5321 defaults */
	int		 quiet;
	int		 explain;
	int		 color;
	const char	*history;	/* file; NULL: the default */
	int		 no_history;
	const struct dial_opts *dial;	/* the first connection (copied) */
	struct tlsrun	*tls;		/* TLS policy and context */
};

/*
 * Run the REPL on the terminal (stdin and stdout are ttys) until /quit
 * or Ctrl-D.  The first connection is made here; when it fails and no
 * connection stands, its outcome is returned.  Otherwise OUTCOME_OK:
 * session errors are reported and the REPL goes on.  Never exits.
 */
enum outcome	 repl_run(struct loop *, const struct repl_opts *);

#endif
