/*
 * security.c: smtpcli mx --security, the gathering half: the MX, address
 * and TLSA lookups with their DNSSEC status, then a handshake per MX x
 * address x key type (all in the poll loop at once).  secjudge.c turns
 * what was gathered into findings.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "secjudge.h"
#include "security.h"
#include "tlsconn.h"

#define SEC_PROBES_MAX	256

static const char *const sec_kinds[SEC_KINDS] = { "rsa", "ecdsa" };

/* The addresses of a host's A and AAAA answers, with the SMTP port. */
static void
sec_addrs(struct sec_host *h, int family, int port)
{
	const struct dnsmsg	*m;
	const unsigned char	*rd;
	char			 s[INET6_ADDRSTRLEN];
	size_t			 i, k;
	int			 af;

	for (k = 0; k < 2; k++) {
		af = k == 0 ? AF_INET : AF_INET6;
		if ((m = h->dd.dns[k].m) == NULL || (family != AF_UNSPEC &&
		    family != af))
			continue;
		for (i = 0; i < m->nan && h->naddrs < MXPLAN_ADDRS; i++) {
			if (m->an[i].type != (k == 0 ? DNSMSG_T_A :
			    DNSMSG_T_AAAA) || m->an[i].rdlen != (k == 0 ? 4 :
			    16))
				continue;
			rd = dnsmsg_rdata(m, &m->an[i]);
			if (inet_ntop(af, rd, s, sizeof(s)) != NULL &&
			    addr_literal(s, port, &h->addrs[h->naddrs]) == 0)
				h->naddrs++;
		}
	}
}

/*
 * The MX lookup with its status and the plan it gives.  0, or -1 when
 * there is no host to go on: a bogus or failed answer (secjudge.c judges
 * it), no such domain, a null MX (mx.c has said so already).
 */
static int
sec_mx(const struct dnssec_src *res, struct sec_domain *d,
    const struct security_opts *o)
{
	const struct dnsmsg	*m;
	char			 host[DNSMSG_NAME_MAX];
	size_t			 i;
	int			 pref;

	snprintf(d->mx.name, sizeof(d->mx.name), "%s", d->name);
	d->mx.qtype = DNSMSG_T_MX;
	(void)dnssec_lookup(res, &d->mx, 1, loop_now() + 1000LL * o->timeout);
	mxplan_init(&d->plan, d->name);
	m = d->mx.m;
	if ((d->mx.status != DNSSEC_SECURE && d->mx.status !=
	    DNSSEC_INSECURE) || m == NULL || m->rcode == DNSMSG_NXDOMAIN)
		return -1;
	for (i = 0; i < m->nan; i++)
		if (m->an[i].type == DNSMSG_T_MX && dnsmsg_mx(m, &m->an[i],
		    &pref, host, sizeof(host)) == 0)
			(void)mxplan_add(&d->plan, host, pref);
	if (mxplan_finish(&d->plan, NULL, NULL) == MXPLAN_NULL)
		return -1;
	return 0;
}

/* A, AAAA and TLSA of every MX host, all at once. */
static int
sec_hosts(const struct dnssec_src *res, struct sec_domain *d,
    const struct security_opts *o)
{
	struct dnssec_answer	*v;
	struct sec_host		*h;
	size_t			 i;

	d->nhosts = 0;
	if ((d->hosts = calloc(MXPLAN_HOSTS, sizeof(*d->hosts))) == NULL ||
	    (v = calloc(MXPLAN_HOSTS * DANEDNS_LOOKUPS, sizeof(*v))) == NULL) {
		free(d->hosts);
		d->hosts = NULL;
		return -1;
	}
	for (i = 0; i < d->plan.n; i++) {
		if (!mxplan_needs_lookup(&d->plan.h[i]))
			continue;
		h = &d->hosts[d->nhosts];
		snprintf(h->name, sizeof(h->name), "%s", d->plan.h[i].name);
		h->pref = d->plan.h[i].pref;
		h->planidx = i;
		danedns_ask(&v[d->nhosts * DANEDNS_LOOKUPS], h->name,
		    o->port);
		d->nhosts++;
	}
	(void)dnssec_lookup(res, v, d->nhosts * DANEDNS_LOOKUPS, loop_now() +
	    1000LL * o->timeout);
	for (i = 0; i < d->nhosts; i++) {
		h = &d->hosts[i];
		memcpy(h->dd.dns, &v[i * DANEDNS_LOOKUPS], sizeof(h->dd.dns));
		sec_addrs(h, o->family, o->port);
		danedns_decide(&h->dd, d->mx.status == DNSSEC_SECURE);
	}
	free(v);
	return 0;
}

/* A probe's transport_wrap_fn: TLS for the MX name, one key type. */
static struct transport *
sec_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	struct sec_probe	*sp = arg;
	struct transport	*t;

	if ((t = tlsconn_wrap(sp->ctx, inner, sp->host->name, sp->host->name,
	    err, errlen)) == NULL)
		return NULL;
	if (tlsconn_sigalgs(t, sp->kind) == -1) {
		snprintf(err, errlen, "TLS: cannot limit the signature "
		    "algorithms to %s", sp->kind);
		transport_close(t);
		return NULL;
	}
	return t;
}

/* The handshake is done: keep its facts and match the TLSA records. */
static void
sec_done(void *arg, const struct transport *t)
{
	struct sec_probe		*sp = arg;
	const struct tlsconn_facts	*f;

	if ((f = tlsconn_facts(t)) == NULL)
		return;
	sp->facts = *f;
	sp->tls_done = 1;
	if (sp->host->dd.nrecs > 0 && dane_check(t, sp->host->dd.recs,
	    sp->host->dd.nrecs, sp->host->name, &sp->v) == 0)
		sp->judged = 1;
}

/* The handshakes of every domain: host x address x key type. */
static int
sec_probe_all(struct loop *loop, struct sec_domain *dv, size_t nd,
    struct tlsctx *ctx, const struct security_opts *o, struct probe **pv,
    size_t *np)
{
	struct probe_tls	 pt;
	struct sec_probe	*sp;
	struct sec_domain	*d;
	size_t			 i, j, a, k;

	*np = 0;
	for (i = 0; i < nd; i++) {
		d = &dv[i];
		if ((d->probes = calloc(MXPLAN_HOSTS * MXPLAN_ADDRS *
		    SEC_KINDS, sizeof(*d->probes))) == NULL)
			return -1;
		for (j = 0; j < d->nhosts; j++)
			for (a = 0; a < d->hosts[j].naddrs; a++)
				for (k = 0; k < SEC_KINDS; k++) {
					if (*np >= SEC_PROBES_MAX)
						goto run;	/* the rest: not */
					sp = &d->probes[d->nprobes];
					sp->host = &d->hosts[j];
					sp->addr = d->hosts[j].addrs[a];
					sp->kind = sec_kinds[k];
					sp->ctx = ctx;
					pt.wrap = sec_wrap;
					pt.done = sec_done;
					pt.arg = sp;
					if ((sp->probe = probe_new(loop,
					    &sp->addr, o->helo, o->timeout,
					    ctx != NULL ? &pt : NULL)) == NULL)
						return -1;
					pv[(*np)++] = sp->probe;
					d->nprobes++;
				}
	}
run:
	probe_run(loop, pv, *np, PROBE_PARALLEL);
	return 0;
}

static void
sec_free(struct sec_domain *dv, size_t nd)
{
	size_t	 i, j, k;

	for (i = 0; i < nd; i++) {
		dnssec_answer_free(&dv[i].mx);
		for (j = 0; j < dv[i].nhosts; j++)
			for (k = 0; k < DANEDNS_LOOKUPS; k++)
				dnssec_answer_free(&dv[i].hosts[j].dd.dns[k]);
		for (j = 0; j < dv[i].nprobes; j++)
			probe_free(dv[i].probes[j].probe);
		free(dv[i].hosts);
		free(dv[i].probes);
	}
	free(dv);
}

/* Whether the resolver validates: an AD seen, or the signed name's. */
static int
sec_validates(const struct dnssec_src *res, const struct sec_domain *dv,
    size_t n,
    const int *ok, const struct security_opts *o)
{
	size_t	 i, j, k;

	for (i = 0; i < n; i++) {
		if (!ok[i])
			continue;
		if (dv[i].mx.status == DNSSEC_SECURE)
			return 1;
		for (j = 0; j < dv[i].nhosts; j++)
			for (k = 0; k < 3; k++)
				if (dv[i].hosts[j].dd.dns[k].status ==
				    DNSSEC_SECURE)
					return 1;
	}
	return dnssec_validates(res, o->signed_name != NULL ?
	    o->signed_name : ".", loop_now() + 1000LL * o->timeout);
}

int
security_dane(struct loop *loop, struct render *r, const char *domain,
    const struct security_opts *o, struct findings *fl)
{
	struct dnssec_src	 src;
	struct sec_domain	*d = NULL;
	struct probe		**pv = NULL;
	struct tlsctx		*ctx;
	size_t			 np;
	int			 ok = 1, validates, why, rc = -1;
	char			 err[512];

	if (dnssec_src_open(&src, loop, o->resolver, o->validate, o->anchor,
	    err, sizeof(err)) == -1) {
		render_error(r, "%s: DANE: %s", domain, err);
		return -1;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (pv = calloc(SEC_PROBES_MAX, sizeof(*pv))) == NULL) {
		render_error(r, "out of memory");
		goto done;
	}
	snprintf(d->name, sizeof(d->name), "%s", domain);
	/* a bogus or failed MX answer is judged with no host to go on */
	if (sec_mx(&src, d, o) == 0 && sec_hosts(&src, d, o) == -1) {
		render_error(r, "out of memory");
		goto done;
	}
	validates = sec_validates(&src, d, 1, &ok, o);
	/* the resolver's sockets are closed before the probes open theirs */
	dnssec_src_close(&src);
	if (o->tls->ctx == NULL)
		o->tls->ctx = tlsctx_new(&o->tls->o, err, sizeof(err), &why);
	if ((ctx = o->tls->ctx) == NULL)
		render_error(r, "TLS: %s; DANE is judged without handshakes",
		    err);
	if (sec_probe_all(loop, d, 1, ctx, o, pv, &np) == -1) {
		render_error(r, "out of memory");
		goto done;
	}
	secjudge_domain(fl, d, validates);
	rc = 0;
done:
	dnssec_src_close(&src);
	if (d != NULL)
		sec_free(d, 1);
	free(pv);
	return rc;
}
