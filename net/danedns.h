/*
 * danedns.h: the DNS half of DANE for one SMTP server host (RFC 7672
 * s2.2): its A, AAAA, CNAME and TLSA (_PORT._tcp.HOST) answers with
 * their DNSSEC status, the TLSA records, and whether DANE applies.  One
 * decision, used by smtpcli mx --security and by --dane sessions.
 */
#ifndef SMTPCLI_DANEDNS_H
#define SMTPCLI_DANEDNS_H

#include <stddef.h>

#include "dnssec.h"
#include "tlsa.h"

#define DANEDNS_RECS	16	/* TLSA records kept per host */

enum {
	DANEDNS_A,
	DANEDNS_AAAA,
	DANEDNS_TLSA,
	DANEDNS_CNAME,
	DANEDNS_LOOKUPS
};

struct danedns {
	struct dnssec_answer	 dns[DANEDNS_LOOKUPS];
	enum dnssec_status	 addr_status;	/* the worse of A and AAAA */
	int			 alias_secure;	/* the name is a secure CNAME */
	struct tlsa		 recs[DANEDNS_RECS];
	size_t			 nrecs;
	size_t			 nusable;	/* usable for SMTP */
	int			 applies;	/* DANE applies to the host */
};

/* Set the names and types of the lookups of host on port into v[]. */
void		 danedns_ask(struct dnssec_answer *v, const char *host,
		    int port);

/*
 * Decide from the answers in d->dns (looked up already): the address
 * status, the secure alias, the TLSA records, and whether DANE applies:
 * secure TLSA records with a usable one, secure address records (or a
 * secure alias in front of insecure ones: the alias's name is the TLSA
 * base domain, RFC 7672 s2.2.2), and mx_secure (the MX answer that named
 * the host was secure, s2.2.1; 1 for a host given directly).
 */
void		 danedns_decide(struct danedns *d, int mx_secure);

/*
 * Look host up (through src, dnssec_src_open()) and decide.
 * Returns 0, or -1 when the deadline passed (the answers say so).
 */
int		 danedns_lookup(const struct dnssec_src *src, struct danedns *d,
		    const char *host, int port, int mx_secure,
		    long long deadline);

/* Free the answers' memory (d itself is the caller's). */
void		 danedns_free(struct danedns *d);

#endif
