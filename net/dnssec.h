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
#include "dnsval.h"
#include "resolve.h"

enum dnssec_status {
	DNSSEC_SECURE,		/* AD: the resolver validated it */
	DNSSEC_INSECURE,	/* no AD: unsigned, or not validated */
	DNSSEC_BOGUS,		/* SERVFAIL, yet answered with CD: failed
				   validation */
	DNSSEC_FAILED,		/* no usable answer (timeout, REFUSED, ...) */
	DNSSEC_STATUS_MAX
};

/*
 * Where answers and their status come from: a raw resolver whose AD bit
 * is trusted, or smtpcli's own validation (libunbound, --validate).
 */
struct dnssec_src {
	struct resolver	*res;
	struct dnsval	*val;	/* non-NULL: validate here, res unused */
};

/*
 * A source on loop: servers as --resolver (NULL: /etc/resolv.conf);
 * with validate, libunbound from the trust anchor file anchor (NULL: the
 * root's).  0, or -1 with *err set.  dnssec_src_close() frees it.
 */
int		 dnssec_src_open(struct dnssec_src *, struct loop *,
		    const char *servers, int validate, const char *anchor,
		    char *err, size_t errlen);
void		 dnssec_src_close(struct dnssec_src *);

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
 * under the deadline (with a validating source: its verdict, bogus with
 * libunbound's reason, no second try).  A name that
 * cannot be asked (not a DNS name) is DNSSEC_FAILED.  Returns 0, or -1
 * when the deadline passed (the late ones are DNSSEC_FAILED, "timeout").
 * Free each answer with dnssec_answer_free().
 */
int		 dnssec_lookup(const struct dnssec_src *, struct dnssec_answer *v,
		    size_t n, long long deadline);

/* Free what dnssec_lookup() allocated in a (not a itself). */
void		 dnssec_answer_free(struct dnssec_answer *a);

/*
 * Whether the resolver validates: the SOA of signed_name (a name known
 * to be signed; "." the root) comes back with AD.  1 yes, 0 no (the
 * answer came without AD), -1 no answer to judge by.  Always 1 when
 * smtpcli validates itself.
 */
int		 dnssec_validates(const struct dnssec_src *,
		    const char *signed_name, long long deadline);

/* "secure", "insecure", "bogus", "failed". */
const char	*dnssec_status_name(enum dnssec_status);

#endif
