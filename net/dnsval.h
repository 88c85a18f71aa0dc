/*
 * dnsval.h: DNSSEC validation in-process with libunbound (an optional
 * meson feature): answers judged from a trust anchor here instead of by
 * the configured resolver's AD bit.  Queries go to --resolver's servers
 * (or /etc/resolv.conf's) as forwarders; libunbound's file descriptor is
 * driven by the poll loop.
 */
#ifndef SMTPCLI_DNSVAL_H
#define SMTPCLI_DNSVAL_H

#include <stddef.h>

#include "loop.h"

#define DNSVAL_ROOT_KEY	"/usr/share/dns/root.key"	/* dns-root-data */

struct dnsval;

/* Nonzero when smtpcli was built with libunbound (--validate works). */
int		 dnsval_built(void);

/*
 * Called once per dnsval_send(): status 0 with the answer message
 * abuf[0..alen) (valid during the call) and the verdict: secure 1 when
 * validated, bogus 1 with why (libunbound's words) when validation
 * failed; status -1 with why when there was no answer.
 */
typedef void	 dnsval_cb(void *arg, int status, int secure, int bogus,
		    const char *why, const unsigned char *abuf, size_t alen);

/*
 * A validator driven by loop.  servers is --resolver's "IP[:PORT],..."
 * or NULL for /etc/resolv.conf; anchor a trust-anchor file (DS or DNSKEY
 * records), NULL for DNSVAL_ROOT_KEY.  NULL with *err set on failure,
 * also when smtpcli was built without libunbound.
 */
struct dnsval	*dnsval_new(struct loop *, const char *servers,
		    const char *anchor, char *err, size_t errlen);
void		 dnsval_free(struct dnsval *);

/* Ask name/qtype; cb runs from dnsval_wait() (or at once on an error). */
void		 dnsval_send(struct dnsval *, const char *name,
		    unsigned int qtype, dnsval_cb *cb, void *arg);

/*
 * Run the loop until *pending (decremented by the callbacks) reaches 0
 * or the deadline passes; the queries left are then cancelled (their
 * callbacks run with -1, "timeout") and -1 is returned.
 */
int		 dnsval_wait(struct dnsval *, int *pending, long long deadline);

#endif
