/*
 * mx.c: the smtpcli mx front end.  Plans are resolved one domain after
 * the other (each one's lookups in parallel); probes of every address of
 * every domain then run together in the poll loop.
 */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "mx.h"
#include "mxplan.h"
#include "probe.h"
#include "rendermx.h"
#include "resolve.h"
#include "status.h"
#include "target.h"
#include "tlsconn.h"

#define MX_PROBES_MAX	256

/* One address to probe, where it came from, and its TLS. */
struct mx_row {
	size_t			 plan;
	size_t			 host;
	struct probe		*probe;
	struct tlsctx		*ctx;	/* NULL: no TLS probed */
	const char		*name;	/* the MX host: checked, and SNI */
	struct tlsconn_facts	 tls;	/* when the handshake completed */
};

/*
 * A probe's transport_wrap_fn: the certificate is checked against the
 * MX host name, which is also sent as SNI unless it is an address.
 */
static struct transport *
mx_tls_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	const struct mx_row	*row = arg;
	unsigned char		 ip[16];
	const char		*sni = row->name;

	if (inet_pton(AF_INET, row->name, ip) == 1 ||
	    inet_pton(AF_INET6, row->name, ip) == 1 || row->name[0] == '\0')
		sni = NULL;
	return tlsconn_wrap(row->ctx, inner, row->name, sni, err, errlen);
}

/* The handshake is done: keep its facts past the probe's close. */
static void
mx_tls_done(void *arg, const struct transport *t)
{
	struct mx_row			*row = arg;
	const struct tlsconn_facts	*f;

	if ((f = tlsconn_facts(t)) != NULL)
		row->tls = *f;
}

/* Worst outcome first: usage, DNS, then 4xx (later), 5xx, network. */
static enum outcome
mx_worse(enum outcome a, enum outcome b)
{
	static const enum outcome order[] = { OUTCOME_USAGE,
	    OUTCOME_INTERNAL, OUTCOME_DNS_FAILED, OUTCOME_REJECTED_TEMPORARY,
	    OUTCOME_REJECTED_PERMANENT, OUTCOME_CONNECT_FAILED, OUTCOME_OK };
	size_t	 i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

/* Resolve one domain into *plan.  Returns OUTCOME_OK or why not. */
static enum outcome
mx_plan(struct resolver *res, struct render *r, const char *domain,
    const struct mx_opts *o, struct mxplan *plan)
{
	struct target	 t;
	const char	*why;
	char		 err[512];
	size_t		 i, have = 0;

	if (target_parse(domain, &t, &why) == -1 || t.literal || t.port ||
	    t.implicit_tls || strchr(domain, '/') != NULL) {
		render_error(r, "%s: not a mail domain", domain);
		mxplan_init(plan, "");
		plan->kind = MXPLAN_EMPTY;
		return OUTCOME_USAGE;
	}
	if (resolver_mx(res, t.host, o->family, o->port,
	    loop_now() + 1000LL * o->timeout, o->rnd, NULL, plan, err,
	    sizeof(err)) == -1) {
		render_error(r, "%s", err);
		plan->kind = MXPLAN_EMPTY;
		return OUTCOME_DNS_FAILED;
	}
	render_mx(r, plan);
	if (plan->kind == MXPLAN_NULL) {
		render_error(r, "%s: null MX (RFC 7505): this domain accepts "
		    "no mail", plan->domain);
		return OUTCOME_DNS_FAILED;
	}
	for (i = 0; i < plan->n; i++)
		have += plan->h[i].naddrs;
	if (have == 0) {
		render_error(r, "%s: no MX host has an address", plan->domain);
		return OUTCOME_DNS_FAILED;
	}
	return OUTCOME_OK;
}

/* Probe every address of the routable plans; rows printed in order. */
static enum outcome
mx_probe(struct loop *loop, struct render *r, struct mxplan *plans,
    const enum outcome *pst, size_t np, const struct mx_opts *o)
{
	struct addr		 addrs[RESOLVE_MAX_ADDRS];
	struct probe		*pv[MX_PROBES_MAX];
	struct mx_row		*rows;
	struct probe_tls	 pt;
	const struct probe_result *pr;
	size_t			 hidx[RESOLVE_MAX_ADDRS];
	size_t			 i, j, k, n, nrows = 0;
	enum outcome		 status = OUTCOME_OK, dom;
	int			 code, why;
	char			 err[512];
	struct tlsctx		*ctx = NULL;

	/* calloc: pages of facts never written are never touched */
	if ((rows = calloc(MX_PROBES_MAX, sizeof(*rows))) == NULL) {
		render_error(r, "out of memory");
		return OUTCOME_INTERNAL;
	}
	/* one TLS context for every probe; without it no TLS is probed */
	if (o->tls != NULL) {
		if (o->tls->ctx == NULL)
			o->tls->ctx = tlsctx_new(&o->tls->o, err,
			    sizeof(err), &why);
		if ((ctx = o->tls->ctx) == NULL)
			render_error(r, "TLS: %s; probing without TLS", err);
		else if (*tlsctx_warning(ctx) != '\0')
			render_error(r, "warning: %s", tlsctx_warning(ctx));
	}
	for (i = 0; i < np; i++) {
		if (pst[i] != OUTCOME_OK)
			continue;
		n = mxplan_addrs(&plans[i], addrs, hidx, RESOLVE_MAX_ADDRS);
		for (j = 0; j < n && nrows < MX_PROBES_MAX; j++) {
			rows[nrows].plan = i;
			rows[nrows].host = hidx[j];
			rows[nrows].ctx = ctx;
			rows[nrows].name = plans[i].h[hidx[j]].name;
			pt.wrap = mx_tls_wrap;
			pt.done = mx_tls_done;
			pt.arg = &rows[nrows];
			if ((rows[nrows].probe = probe_new(loop, &addrs[j],
			    o->helo, o->timeout, ctx != NULL ? &pt : NULL)) ==
			    NULL) {
				render_error(r, "out of memory");
				status = OUTCOME_INTERNAL;
				break;
			}
			pv[nrows] = rows[nrows].probe;
			nrows++;
		}
	}
	if (status == OUTCOME_OK)
		probe_run(loop, pv, nrows, PROBE_PARALLEL);
	for (i = 0, k = 0; status == OUTCOME_OK && i < np; i++) {
		if (pst[i] != OUTCOME_OK)
			continue;
		/* the domain fails only when none of its addresses greeted */
		dom = OUTCOME_CONNECT_FAILED;
		for (; k < nrows && rows[k].plan == i; k++) {
			pr = probe_result(rows[k].probe);
			render_probe(r, &plans[i], &plans[i].h[rows[k].host],
			    probe_addr(rows[k].probe), pr, pr->tls_probed ?
			    &rows[k].tls : NULL);
			code = pr->greeting;
			if (pr->ok)
				dom = OUTCOME_OK;
			else if (dom != OUTCOME_OK && code / 100 == 4)
				dom = OUTCOME_REJECTED_TEMPORARY;
			else if (dom != OUTCOME_OK && dom != OUTCOME_REJECTED_TEMPORARY &&
			    code / 100 == 5)
				dom = OUTCOME_REJECTED_PERMANENT;
		}
		status = mx_worse(status, dom);
	}
	for (i = 0; i < nrows; i++)
		probe_free(rows[i].probe);
	free(rows);
	return status;
}

enum outcome
mx_run(struct loop *loop, struct render *r, char **domains, size_t n,
    const struct mx_opts *o)
{
	struct resolver	*res;
	struct mxplan	*plans;
	enum outcome	*pst, status = OUTCOME_OK;
	char		 err[512];
	size_t		 i;

	if ((res = resolver_new(loop, o->resolver, err, sizeof(err))) ==
	    NULL) {
		render_error(r, "%s", err);
		return o->resolver != NULL ? OUTCOME_USAGE :
		    OUTCOME_DNS_FAILED;
	}
	plans = calloc(n, sizeof(*plans));
	pst = calloc(n, sizeof(*pst));
	if (plans == NULL || pst == NULL) {
		render_error(r, "out of memory");
		free(plans);
		free(pst);
		resolver_free(res);
		return OUTCOME_INTERNAL;
	}
	for (i = 0; i < n; i++) {
		pst[i] = mx_plan(res, r, domains[i], o, &plans[i]);
		status = mx_worse(status, pst[i]);
	}
	/* the resolver's sockets are closed before the probes open theirs */
	resolver_free(res);
	if (o->probe)
		status = mx_worse(status, mx_probe(loop, r, plans, pst, n, o));
	free(plans);
	free(pst);
	return status;
}
