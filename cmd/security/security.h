/*
 * security.h: the DANE half of smtpcli mx --security: would a
 * DANE-enforcing sender deliver to this domain today, and if not, why?
 * DNS with its DNSSEC status, TLSA records, a handshake per MX x address
 * x key type, findings in the list MTA-STS and TLS-RPT add to (mx.c).
 */
#ifndef SMTPCLI_SECURITY_H
#define SMTPCLI_SECURITY_H

#include <stddef.h>

#include "finding.h"
#include "loop.h"
#include "render.h"
#include "secdata.h"
#include "tlsrun.h"

struct security_opts {
	const char	*resolver;	/* --resolver, or NULL */
	const char	*helo;		/* EHLO name, NULL: address literal */
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 port;		/* SMTP port: _PORT._tcp TLSA names */
	int		 timeout;	/* seconds: DNS, and each probe step */
	struct tlsrun	*tls;		/* the TLS context's options */
	const char	*signed_name;	/* known-signed name; NULL: "." */
	int		 validate;	/* --validate: libunbound here */
	const char	*anchor;	/* --trust-anchor, NULL: the root's */
};

/*
 * The DANE checks of one routable mail domain, added to fl: the MX, A,
 * AAAA, CNAME and TLSA lookups with their DNSSEC status (through a raw
 * resolver of its own), a handshake per MX x address x key type (RSA,
 * ECDSA), each TLSA record matched, and the verdicts (secjudge.c).
 * Nothing is printed but errors.  Returns 0, or -1 after an error was
 * shown (out of memory, a resolver that cannot be made).
 */
int		 security_dane(struct loop *, struct render *,
		    const char *domain, const struct security_opts *,
		    struct findings *fl);

#endif
