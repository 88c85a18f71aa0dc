/*
 * mx.h: smtpcli mx: the delivery plan of mail domains (MX hosts,
 * preferences, addresses) and, with --probe, a look at every address.
 */
#ifndef SMTPCLI_MX_H
#define SMTPCLI_MX_H

#include <stddef.h>

#include "loop.h"
#include "render.h"
#include "status.h"
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
	int		 security;	/* --security: DANE, MTA-STS, TLS-RPT */
	int		 sts_port;	/* policy port, 0: 443 (testing) */
	int		 tlsa_record;	/* --tlsa-record: hosts' records */
};

/*
 * Show the plan of each domain, then probe every address at once
 * (PROBE_PARALLEL at a time) when asked, one row per address.  Returns
 * the worst outcome: OUTCOME_DNS_FAILED (68) when a domain cannot be
 * routed or has a null MX; with --probe, when no address of a domain
 * greeted with 2xx: OUTCOME_REJECTED_TEMPORARY (75) after a 4xx,
 * OUTCOME_REJECTED_PERMANENT (69) after a 5xx, else
 * OUTCOME_CONNECT_FAILED (74).  With security (which probes), the
 * MTA-STS and TLS-RPT findings of each domain follow its probes, and a
 * failing finding gives OUTCOME_SECURITY_FAILED (a warning,
 * OUTCOME_SECURITY_WARNING) unless a worse outcome came first.  Never
 * exits.
 */
enum outcome	 mx_run(struct loop *, struct render *, char **domains,
		    size_t n, const struct mx_opts *);

#endif
