/*
 * sts.h: the lookups of MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) for a
 * mail domain: the TXT records through smtpcli's resolver, the policy
 * over HTTPS with libcurl, pinned to the addresses that resolver gave.
 */
#ifndef SMTPCLI_STS_H
#define SMTPCLI_STS_H

#include "finding.h"
#include "resolve.h"
#include "stspolicy.h"

struct sts_opts {
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 timeout;	/* seconds, for each lookup and fetch */
	int		 policy_port;	/* 0: 443 (--sts-port, for testing) */
	const char	*ca_file;	/* NULL: the system's trust store */
	const char	*ca_path;
};

/* What the lookups found; the policy is valid when have_policy. */
struct sts_state {
	int			 have_record;	/* one valid _mta-sts record */
	int			 have_policy;	/* a policy a sender uses */
	char			 id[STS_ID_MAX + 1];
	struct sts_policy	 policy;
};

/*
 * Looks up _mta-sts.DOMAIN, fetches https://mta-sts.DOMAIN/.well-known/
 * mta-sts.txt (the certificate verified for that name, no redirect
 * followed, text/plain, at most 64 KB, within the timeout), parses it,
 * and reads _smtp._tls.DOMAIN; every defect and every passed check is a
 * finding.  Returns 0, or -1 when memory or libcurl failed to start
 * (*err says so).
 */
int		 sts_lookup(struct resolver *, const char *domain,
		    const struct sts_opts *, struct sts_state *,
		    struct findings *, char *err, size_t errlen);

#endif
