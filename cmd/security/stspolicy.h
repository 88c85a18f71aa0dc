/*
 * stspolicy.h: MTA-STS (RFC 8461) without I/O: the _mta-sts TXT record,
 * the policy file, the mx patterns, and the verdict per MX host from
 * what a probe saw.  Every defect becomes a finding (finding.h).
 */
#ifndef SMTPCLI_STSPOLICY_H
#define SMTPCLI_STSPOLICY_H

#include <stddef.h>

#include "finding.h"

#define STS_ID_MAX		32	/* RFC 8461 3.1: 1*32 alphanumerics */
#define STS_MX_MAX		64	/* mx patterns kept */
#define STS_PATTERN_LEN		256
#define STS_POLICY_MAX		65536	/* RFC 8461 3.3: 64 KB */
#define STS_MAX_AGE_MAX		31557600L	/* RFC 8461 3.2: one year */

enum sts_mode {
	STS_MODE_UNSET,		/* no valid mode field */
	STS_MODE_ENFORCE,
	STS_MODE_TESTING,
	STS_MODE_NONE,
	STS_MODE_MAX
};

/* The part of a policy a sender acts on. */
struct sts_policy {
	enum sts_mode	 mode;
	long		 max_age;	/* -1: missing or invalid */
	size_t		 nmx;
	size_t		 mx_dropped;	/* past STS_MX_MAX */
	char		 mx[STS_MX_MAX][STS_PATTERN_LEN];
};

/* One probed address of one MX host, as the verdict needs it. */
struct sts_mxfact {
	const char	*name;		/* MX host name (a trailing dot is fine) */
	const char	*where;		/* its address, for the subject */
	int		 probed;	/* connected and got an EHLO reply */
	int		 starttls;	/* STARTTLS offered */
	int		 tls_done;	/* the handshake completed */
	int		 verified;	/* chain and name valid for `name` */
	const char	*why;		/* no probe, or no verification: why */
};

/*
 * Reads one TXT record of _mta-sts.DOMAIN (len octets, NULs possible).
 * Returns 0 when it is not an MTA-STS record (it does not start with
 * "v=STSv1": RFC 8461 3.1 says to ignore it), 1 when it is a valid one
 * (its id copied to id, which holds STS_ID_MAX + 1), -1 when it starts
 * like one but is invalid (*why says how).
 */
int		 stspolicy_record(const char *txt, size_t len, char *id,
		    char *why, size_t whylen);

/*
 * Parses a policy body of len octets (LF or CRLF lines, RFC 8461 3.2)
 * into *p, adding a finding for each defect about host (the policy
 * host, "mta-sts.example.com").  Returns 0 when a sender can use the
 * policy, -1 when it must treat the domain as having none.
 */
int		 stspolicy_parse(const char *body, size_t len,
		    const char *host, struct sts_policy *p,
		    struct findings *);

/*
 * 1 when the MX host name matches the pattern (RFC 8461 4.1: case does
 * not matter, a trailing dot is ignored, "*." covers exactly one
 * label), else 0.
 */
int		 stspolicy_match(const char *pattern, const char *mxname);

/*
 * Judges each probed address against the policy of domain: the name
 * matches a pattern, STARTTLS is offered, the certificate is valid for
 * the name.  Adds one finding per address and one verdict for the
 * domain: what a sender honouring the policy's mode would do.
 */
void		 stspolicy_judge(const struct sts_policy *, const char *domain,
		    const struct sts_mxfact *, size_t n, struct findings *);

/* "unset", "enforce", "testing", "none". */
const char	*stspolicy_mode_name(enum sts_mode);

#endif
