/*
 * script.h: runs a script (lines from a file or a pipe) on a connected
 * client: SMTP lines sent as typed, message data after DATA, /commands,
 * /expect judging replies.  See the man page, SCRIPTS.
 */
#ifndef SMTPCLI_SCRIPT_H
#define SMTPCLI_SCRIPT_H

#include <stdio.h>

#include "client.h"
#include "render.h"
#include "tlsrun.h"

struct script_opts {
	const char	*helo;		/* name for /ehlo */
	int		 timeout;	/* seconds; 0: RFC 5321 defaults */
	int		 keep_going;	/* go on after a failed /expect */
	struct tlsrun	*tls;		/* TLS policy and context */
	int		 implicit_tls;	/* handshake before the greeting */
};

/*
 * Do the TLS handshake first with implicit_tls (unless done while
 * connecting); read the greeting (unless the client has received it
 * already, choosing an MX); do --starttls's EHLO, STARTTLS, handshake,
 * EHLO again when tls->mode asks for it; then run the script from in
 * (named name in messages) to its end.  Returns the exit status and
 * sets *reason to its reason word.  Never exits.
 */
int		 script_run(struct client *, struct render *, FILE *in,
		    const char *name, const struct script_opts *,
		    const char **reason);

#endif
