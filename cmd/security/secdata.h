/*
 * secdata.h: what smtpcli mx --security gathers (security.c) and judges
 * (secjudge.c): per domain its MX answer and plan, per MX host its
 * lookups and TLSA records, per handshake its facts and DANE verdict.
 * Types only.  MTA-STS and TLS-RPT checks read the same.
 */
#ifndef SMTPCLI_SECDATA_H
#define SMTPCLI_SECDATA_H

#include <stddef.h>

#include "dane.h"
#include "danedns.h"
#include "dnssec.h"
#include "mxplan.h"
#include "tlsconn.h"

#define SEC_KINDS	2	/* key types asked for: RSA, ECDSA */


/* One MX host: its lookups and TLSA records. */
struct sec_host {
	char			 name[MXPLAN_NAME_MAX + 1];
	int			 pref;
	size_t			 planidx;	/* its row in the plan */
	struct danedns		 dd;	/* lookups, records, DANE applies */
	struct addr		 addrs[MXPLAN_ADDRS];
	size_t			 naddrs;
};

/* One handshake: host x address x key type. */
struct sec_probe {
	struct sec_host		*host;
	struct addr		 addr;
	const char		*kind;		/* "rsa", "ecdsa" */
	struct tlsctx		*ctx;
	struct probe		*probe;
	int			 tls_done;	/* the handshake completed */
	struct tlsconn_facts	 facts;
	int			 judged;	/* v is set */
	struct dane_verdict	 v;
};

/* One domain, as the checks see it. */
struct sec_domain {
	char			 name[MXPLAN_NAME_MAX + 1];
	struct dnssec_answer	 mx;
	struct mxplan		 plan;
	struct sec_host		*hosts;
	size_t			 nhosts;
	struct sec_probe	*probes;
	size_t			 nprobes;
};

#endif
