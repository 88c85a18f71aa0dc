/*
 * dane.h: TLSA records matched against the chain a server presented
 * (RFC 7671, 7672): which record matches at which depth, and for a
 * DANE-TA match whether the chain from that trust anchor to the leaf is
 * valid for the name.  OpenSSL above net/tlsa.c's matching.
 */
#ifndef SMTPCLI_DANE_H
#define SMTPCLI_DANE_H

#include <stddef.h>

#include "danedns.h"
#include "tlsa.h"
#include "transport.h"

#define DANE_RECS_MAX	DANEDNS_RECS	/* TLSA records judged */

struct dane_verdict {
	int	 depth[DANE_RECS_MAX];	/* where record i matched, -1: not */
	int	 authenticated;		/* a usable record authenticates */
	size_t	 rec;			/* ... which one */
	int	 at;			/* ... at which depth */
	int	 ta_matched;		/* a 2 x x matched a certificate */
	int	 ta_failed;		/* ... but the chain from it failed */
	char	 why[512];		/* ta_failed: in words */
	int	 chain_len;		/* certificates presented */
	int	 issuer_sent;		/* the leaf's issuer is in the chain */
};

/*
 * Match recs[0..n) (n at most DANE_RECS_MAX; more are ignored) against
 * the chain t's handshake presented.  DANE-EE (3) records match the leaf
 * only and authenticate it alone (no name, no dates: RFC 7672 s3.1.1);
 * DANE-TA (2) records match a certificate above the leaf, which then
 * must issue a chain to the leaf valid now and for name (s3.1.2).
 * Unusable records never match.  Returns 0, or -1 when t is not a TLS
 * transport with a completed handshake.
 */
int		 dane_check(const struct transport *t, const struct tlsa *recs,
		    size_t n, const char *name, struct dane_verdict *v);

/*
 * The DER of t's leaf certificate (selector 0) or of its public key
 * (selector 1) into a buffer the caller frees; NULL when there is none.
 */
unsigned char	*dane_leaf_der(const struct transport *t,
		    unsigned int selector, size_t *len);

#endif
