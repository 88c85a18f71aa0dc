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
static int
mx_worse(int a, int b)
{
	static const int order[] = { ST_USAGE, ST_INTERNAL, ST_DNS, ST_TEMP,
	    ST_PERM, ST_NET, ST_OK };
	size_t	 i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

static const char *
mx_reason(int status)
{
	switch (status) {
	case ST_OK:
		return "ok";
	case ST_DNS:
		return "dns-failed";
	case ST_TEMP:
		return "rejected-temporary";
	case ST_PERM:
		return "rejected-permanent";
	case ST_USAGE:
		return "usage";
	case ST_INTERNAL:
		return "internal";
	default:
		return "connect-failed";
	}
}

/* Resolve one domain into *plan.  Returns ST_OK or an exit status. */
static int
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
		return ST_USAGE;
	}
	if (resolver_mx(res, t.host, o->family, o->port,
	    loop_now() + 1000LL * o->timeout, o->rnd, NULL, plan, err,
	    sizeof(err)) == -1) {
		render_error(r, "%s", err);
		plan->kind = MXPLAN_EMPTY;
		return ST_DNS;
	}
	render_mx(r, plan);
	if (plan->kind == MXPLAN_NULL) {
		render_error(r, "%s: null MX (RFC 7505): this domain accepts "
		    "no mail", plan->domain);
		return ST_DNS;
	}
	for (i = 0; i < plan->n; i++)
		have += plan->h[i].naddrs;
	if (have == 0) {
		render_error(r, "%s: no MX host has an address", plan->domain);
		return ST_DNS;
	}
	return ST_OK;
}

/* Probe every address of the routable plans; rows printed in order. */
static int
mx_probe(struct loop *loop, struct render *r, struct mxplan *plans,
    const int *pst, size_t np, const struct mx_opts *o)
{
	struct addr		 addrs[RESOLVE_MAX_ADDRS];
	struct probe		*pv[MX_PROBES_MAX];
	struct mx_row		*rows;
	struct probe_tls	 pt;
	const struct probe_result *pr;
	size_t			 hidx[RESOLVE_MAX_ADDRS];
	size_t			 i, j, k, n, nrows = 0;
	int			 status = ST_OK, dom, code, why;
	char			 err[512];
	struct tlsctx		*ctx = NULL;

	/* calloc: pages of facts never written are never touched */
	if ((rows = calloc(MX_PROBES_MAX, sizeof(*rows))) == NULL) {
		render_error(r, "out of memory");
		return ST_INTERNAL;
	}
	/* one TLS context for every probe; without it no TLS is probed */
	if (o->tls != NULL) {
		if (o->tls->ctx == NULL)
			o->tls->ctx = tlsctx_new(&o->tls->o, err,
			    sizeof(err), &why);
		if ((ctx = o->tls->ctx) == NULL)
			render_error(r, "TLS: %s; probing without TLS", err);
	}
	for (i = 0; i < np; i++) {
		if (pst[i] != ST_OK)
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
				status = ST_INTERNAL;
				break;
			}
			pv[nrows] = rows[nrows].probe;
			nrows++;
		}
	}
	if (status == ST_OK)
		probe_run(loop, pv, nrows, PROBE_PARALLEL);
	for (i = 0, k = 0; status == ST_OK && i < np; i++) {
		if (pst[i] != ST_OK)
			continue;
		/* the domain fails only when none of its addresses greeted */
		dom = ST_NET;
		for (; k < nrows && rows[k].plan == i; k++) {
			pr = probe_result(rows[k].probe);
			render_probe(r, &plans[i], &plans[i].h[rows[k].host],
			    probe_addr(rows[k].probe), pr, pr->tls_probed ?
			    &rows[k].tls : NULL);
			code = pr->greeting;
			if (pr->ok)
				dom = ST_OK;
			else if (dom != ST_OK && code / 100 == 4)
				dom = ST_TEMP;
			else if (dom != ST_OK && dom != ST_TEMP &&
			    code / 100 == 5)
				dom = ST_PERM;
		}
		status = mx_worse(status, dom);
	}
	for (i = 0; i < nrows; i++)
		probe_free(rows[i].probe);
	free(rows);
	return status;
}

int
mx_run(struct loop *loop, struct render *r, char **domains, size_t n,
    const struct mx_opts *o, const char **reason)
{
	struct resolver	*res;
	struct mxplan	*plans;
	int		*pst;
	char		 err[512];
	size_t		 i;
	int		 status = ST_OK, st;

	if ((res = resolver_new(loop, o->resolver, err, sizeof(err))) ==
	    NULL) {
		render_error(r, "%s", err);
		status = o->resolver != NULL ? ST_USAGE : ST_DNS;
		*reason = mx_reason(status);
		return status;
	}
	plans = calloc(n, sizeof(*plans));
	pst = calloc(n, sizeof(*pst));
	if (plans == NULL || pst == NULL) {
		render_error(r, "out of memory");
		free(plans);
		free(pst);
		resolver_free(res);
		*reason = "internal";
		return ST_INTERNAL;
	}
	for (i = 0; i < n; i++) {
		pst[i] = mx_plan(res, r, domains[i], o, &plans[i]);
		status = mx_worse(status, pst[i]);
	}
	/* the resolver's sockets are closed before the probes open theirs */
	resolver_free(res);
	if (o->probe) {
		st = mx_probe(loop, r, plans, pst, n, o);
		status = mx_worse(status, st);
	}
	free(plans);
	free(pst);
	*reason = mx_reason(status);
	return status;
}
