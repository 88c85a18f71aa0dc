/*
 * secjudge.h: the DANE verdicts of smtpcli mx --security, from what
 * security.c gathered, as findings (ids in the man page's DELIVERY
 * SECURITY section).
 */
#ifndef SMTPCLI_SECJUDGE_H
#define SMTPCLI_SECJUDGE_H

#include "finding.h"
#include "secdata.h"

/*
 * Add the findings of domain d to fl: DNSSEC (bogus answers, a TLSA
 * lookup that failed, a resolver that does not validate: validates is
 * 1 when it does, 0 when not, -1 unknown), per MX host its TLSA records
 * (absent, insecure, unusable, insecure MX or address records), per
 * handshake the match or why none, the certificate's dates, and per
 * host the spread over addresses and key types, stale records and
 * rollover.
 */
void		 secjudge_domain(struct findings *fl,
		    const struct sec_domain *d, int validates);

#endif
