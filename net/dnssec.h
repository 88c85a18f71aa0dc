/*
 * dnssec.h: DNS lookups with their DNSSEC status, as a validating
 * resolver reports it: raw queries with the DO bit (c-ares, in the poll
 * loop), the AD bit of the answer, and for a SERVFAIL a second query
 * with checking disabled that tells a bogus answer from a dead server.
 */
#ifndef SMTPCLI_DNSSEC_H
#define SMTPCLI_DNSSEC_H

#include <stddef.h>

#include "dnsmsg.h"
#include "resolve.h"

enum dnssec_status {
	DNSSEC_SECURE,		/* AD: the resolver validated it */
	DNSSEC_INSECURE,	/* no AD: unsigned, or not validated */
	DNSSEC_BOGUS,		/* SERVFAIL, yet answered with CD: failed
				   validation */
	DNSSEC_FAILED,		/* no usable answer (timeout, REFUSED, ...) */
	DNSSEC_STATUS_MAX
};

/* One lookup: set name and qtype, dnssec_lookup() fills the rest. */
struct dnssec_answer {
	char			 name[300];
	unsigned int		 qtype;
	enum dnssec_status	 status;
	int			 rcode;		/* -1: no answer */
	char			 why[256];	/* BOGUS, FAILED: in words */
	unsigned char		*buf;		/* the answer (malloc'd) */
	size_t			 len;
	struct dnsmsg		*m;		/* parsed; NULL if none */
	int			 cd_pending;	/* internal */
	int			*pending;	/* internal */
};

/*
 * Look up every v[i] at once, then retry the SERVFAIL ones with CD, all
 * under the deadline.  r must come from resolver_new_raw().  A name that
 * cannot be asked (not a DNS name) is DNSSEC_FAILED.  Returns 0, or -1
 * when the deadline passed (the late ones are DNSSEC_FAILED, "timeout").
 * Free each answer with dnssec_answer_free().
 */
int		 dnssec_lookup(struct resolver *r, struct dnssec_answer *v,
		    size_t n, long long deadline);

/* Free what dnssec_lookup() allocated in a (not a itself). */
void		 dnssec_answer_free(struct dnssec_answer *a);

/*
 * Whether the resolver validates: the SOA of signed_name (a name known
 * to be signed; "." the root) comes back with AD.  1 yes, 0 no (the
 * answer came without AD), -1 no answer to judge by.
 */
int		 dnssec_validates(struct resolver *r, const char *signed_name,
		    long long deadline);

/* "secure", "insecure", "bogus", "failed". */
const char	*dnssec_status_name(enum dnssec_status);

#endif
