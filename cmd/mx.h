/*
 * mx.h: smtpcli mx: the delivery plan of mail domains (MX hosts,
 * preferences, addresses) and, with --probe, a look at every address.
 */
#ifndef SMTPCLI_MX_H
#define SMTPCLI_MX_H

#include <stddef.h>

#include "loop.h"
#include "render.h"
#include "tlsrun.h"

struct mx_opts {
	const char	*resolver;	/* --resolver, or NULL */
	const char	*helo;		/* EHLO name, NULL: address literal */
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 port;		/* SMTP port of the MX hosts */
	int		 timeout;	/* seconds: DNS, and each probe step */
	int		 probe;
	unsigned int	(*rnd)(void *);	/* orders equal preferences */
	struct tlsrun	*tls;		/* probes: TLS context options */
};

/*
 * Show the plan of each domain, then probe every address at once
 * (PROBE_PARALLEL at a time) when asked, one row per address.  Returns
 * the exit status (68 when a domain cannot be routed or has a null MX;
 * with --probe, when no address of a domain greeted with 2xx: 75 after a
 * 4xx, 69 after a 5xx, else 74) and sets *reason.  Never exits.
 */
int		 mx_run(struct loop *, struct render *, char **domains,
		    size_t n, const struct mx_opts *, const char **reason);

#endif
