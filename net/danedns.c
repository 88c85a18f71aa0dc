/*
 * danedns.c: whether DANE applies to a host, from its lookups.  RFC 7672
 * s2.2: TLSA records count only when they and the address records are
 * DNSSEC-secure; a secure alias (CNAME) keeps its own name as the TLSA
 * base domain even when its target's addresses are insecure, which is
 * what Postfix does too.
 */
#include <stdio.h>
#include <string.h>

#include "danedns.h"

void
danedns_ask(struct dnssec_answer *v, const char *host, int port)
{
	size_t	 k;

	for (k = 0; k < DANEDNS_LOOKUPS; k++) {
		v[k].qtype = k == DANEDNS_A ? DNSMSG_T_A : k == DANEDNS_AAAA ?
		    DNSMSG_T_AAAA : k == DANEDNS_TLSA ? DNSMSG_T_TLSA :
		    DNSMSG_T_CNAME;
		if (k == DANEDNS_TLSA)
			snprintf(v[k].name, sizeof(v[k].name), "_%d._tcp.%s",
			    port, host);
		else
			snprintf(v[k].name, sizeof(v[k].name), "%s", host);
	}
}

static enum dnssec_status
danedns_worse(enum dnssec_status a, enum dnssec_status b)
{
	static const enum dnssec_status order[] = { DNSSEC_BOGUS,
	    DNSSEC_FAILED, DNSSEC_INSECURE, DNSSEC_SECURE };
	size_t	 i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

/* The host's own name is an alias, and its CNAME record is secure. */
static int
danedns_alias_secure(const struct dnssec_answer *a)
{
	size_t	 i;

	if (a->status != DNSSEC_SECURE || a->m == NULL ||
	    a->m->rcode != DNSMSG_NOERROR)
		return 0;
	for (i = 0; i < a->m->nan; i++)
		if (a->m->an[i].type == DNSMSG_T_CNAME &&
		    dnsmsg_name_eq(a->m->an[i].name, a->name))
			return 1;
	return 0;
}

/* The TLSA records of the answer (bounded; the rest dropped). */
static void
danedns_records(struct danedns *d)
{
	const struct dnsmsg	*m = d->dns[DANEDNS_TLSA].m;
	const char		*why;
	size_t			 i;

	d->nrecs = d->nusable = 0;
	if (m == NULL || m->rcode != DNSMSG_NOERROR)
		return;
	for (i = 0; i < m->nan && d->nrecs < DANEDNS_RECS; i++) {
		if (m->an[i].type != DNSMSG_T_TLSA)
			continue;
		if (tlsa_parse(dnsmsg_rdata(m, &m->an[i]), m->an[i].rdlen,
		    &d->recs[d->nrecs], &why) == 0) {
			if (tlsa_usable(&d->recs[d->nrecs]) == TLSA_USABLE)
				d->nusable++;
			d->nrecs++;
		}
	}
}

void
danedns_decide(struct danedns *d, int mx_secure)
{
	enum dnssec_status	 a = d->dns[DANEDNS_A].status,
				 aaaa = d->dns[DANEDNS_AAAA].status;

	d->addr_status = danedns_worse(a, aaaa);
	/* a failed lookup of one family: judge by the other */
	if (a != DNSSEC_BOGUS && aaaa == DNSSEC_FAILED)
		d->addr_status = a;
	else if (aaaa != DNSSEC_BOGUS && a == DNSSEC_FAILED)
		d->addr_status = aaaa;
	danedns_records(d);
	d->alias_secure = danedns_alias_secure(&d->dns[DANEDNS_CNAME]);
	d->applies = d->dns[DANEDNS_TLSA].status == DNSSEC_SECURE &&
	    (d->addr_status == DNSSEC_SECURE || (d->alias_secure &&
	    d->addr_status == DNSSEC_INSECURE)) && d->nusable > 0 &&
	    mx_secure;
}

int
danedns_lookup(const struct dnssec_src *src, struct danedns *d,
    const char *host, int port, int mx_secure, long long deadline)
{
	int	 rc;

	memset(d, 0, sizeof(*d));
	danedns_ask(d->dns, host, port);
	rc = dnssec_lookup(src, d->dns, DANEDNS_LOOKUPS, deadline);
	danedns_decide(d, mx_secure);
	return rc;
}

void
danedns_free(struct danedns *d)
{
	size_t	 k;

	for (k = 0; k < DANEDNS_LOOKUPS; k++)
		dnssec_answer_free(&d->dns[k]);
}
