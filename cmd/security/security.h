/*
 * security.h: smtpcli mx --security: would a DANE-enforcing sender
 * deliver to this domain today, and if not, why?  DNS with its DNSSEC
 * status, TLSA records, a handshake per MX x address x key type, and one
 * list of findings whose worst level sets the exit status.  MTA-STS and
 * TLS-RPT add their checks to the same list (sec_domain below).
 */
#ifndef SMTPCLI_SECURITY_H
#define SMTPCLI_SECURITY_H

#include <stddef.h>

#include "finding.h"
#include "loop.h"
#include "render.h"
#include "secdata.h"
#include "status.h"
#include "tlsrun.h"

struct security_opts {
	const char	*resolver;	/* --resolver, or NULL */
	const char	*helo;		/* EHLO name, NULL: address literal */
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 port;		/* SMTP port: _PORT._tcp TLSA names */
	int		 timeout;	/* seconds: DNS, and each probe step */
	struct tlsrun	*tls;		/* the TLS context's options */
	const char	*signed_name;	/* known-signed name; NULL: "." */
};

/*
 * Check each domain, print the plan, a probe row per handshake and the
 * findings (renderfind.c), and return the outcome: OUTCOME_USAGE for a
 * word that is no mail domain, OUTCOME_DNS_FAILED when a domain cannot
 * be routed, else by the worst finding: fail -> OUTCOME_SECURITY_FAIL
 * (76), warn -> OUTCOME_SECURITY_WARN (78), pass and note -> OUTCOME_OK.
 */
enum outcome	 security_run(struct loop *, struct render *, char **domains,
		    size_t n, const struct security_opts *);

/* The outcome of a worst finding level (the exit table above). */
enum outcome	 security_outcome(enum finding_level);

#endif
