/*
 * dial.h: a connection as the user asked for it, for every mode: the
 * target (an address literal, a host's A/AAAA, or a mail domain's MX
 * plan), failover across addresses on a refused greeting, --pipe's
 * command, implicit TLS; the result is a greeted client and an outcome.
 */
#ifndef SMTPCLI_DIAL_H
#define SMTPCLI_DIAL_H

#include "client.h"
#include "loop.h"
#include "render.h"
#include "status.h"
#include "tlsrun.h"

struct dial_opts {
	const char	*target;	/* as typed; NULL with pipe */
	const char	*pipe;		/* --pipe's command, or NULL */
	int		 mx;		/* target is a mail domain (--mx) */
	int		 port;		/* --port; 0: the target's, 25 or 465 */
	int		 family;	/* AF_UNSPEC, AF_INET or AF_INET6 */
	int		 timeout;	/* -t seconds; 0: the defaults */
	const char	*resolver;	/* --resolver, or NULL */
	const struct addr *source;	/* --source, or NULL */
	int		 implicit_tls;	/* --tls-on-connect (smtps:// too) */
	int		 no_greeting;	/* stop at connect: greeting unread */
	struct tlsrun	*tls;		/* never NULL; its name is set here */
};

/*
 * Connect as o says, reporting each step on r: resolve, connect to each
 * address in turn, handshake at once with implicit TLS, and read the
 * greeting (unless no_greeting).  An address that fails to connect or
 * greets with anything but 2xx is left (QUIT) for the next one; the
 * last address's greeting, whatever its code, is the caller's to judge.
 * The client is made here with cb/cbarg as its event callback.
 * Returns OUTCOME_OK with *out set.  Else the outcome, reported: with
 * *out set when the connection stands but its greeting did not come
 * (a timeout, a close, a violation; OUTCOME_INTERRUPTED: the REPL's ^C,
 * the greeting still awaited) so that the REPL can show that session;
 * with *out NULL when no connection stands.  Never exits.
 */
enum outcome	 dial_open(const struct dial_opts *o, struct loop *,
		    struct render *r, client_event_cb *cb, void *cbarg,
		    struct client **out);

#endif
