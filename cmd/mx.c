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
#include "renderfind.h"
#include "rendermx.h"
#include "resolve.h"
#include "status.h"
#include "sts.h"
#include "target.h"
#include "tlsconn.h"

#define MX_PROBES_MAX	256

/* The delivery-security checks of one domain (--security). */
struct mx_sec {
	struct sts_state	 sts;
	struct findings		 f;
};

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
	    OUTCOME_REJECTED_PERMANENT, OUTCOME_CONNECT_FAILED,
	    OUTCOME_CONNECTION_LOST, OUTCOME_TIMEOUT,
	    OUTCOME_SECURITY_FAILED, OUTCOME_SECURITY_WARNING, OUTCOME_OK };
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

/*
 * The MTA-STS verdict of one domain from its probe rows, then every
 * finding of the domain.  Returns the outcome its worst finding sets.
 */
static enum outcome
mx_judge(struct render *r, const char *domain, const struct mx_row *rows,
    size_t nrows, struct mx_sec *sec)
{
	struct sts_mxfact		 facts[MX_PROBES_MAX];
	char				 where[MX_PROBES_MAX][64];
	const struct probe_result	*pr;
	enum finding_level		 worst;
	size_t				 i;

	for (i = 0; i < nrows; i++) {
		pr = probe_result(rows[i].probe);
		memset(&facts[i], 0, sizeof(facts[i]));
		facts[i].name = rows[i].name;
		facts[i].where = addr_str(probe_addr(rows[i].probe), where[i],
		    sizeof(where[i]));
		facts[i].probed = pr->ok && pr->ehlo != 0;
		facts[i].starttls = pr->starttls;
		facts[i].tls_done = pr->tls_probed;
		facts[i].verified = pr->tls_probed && rows[i].tls.verified;
		facts[i].why = !facts[i].probed ? pr->err : pr->tls_probed ?
		    rows[i].tls.verify_error : pr->tls_err[0] != '\0' ?
		    pr->tls_err : pr->tls_note;
	}
	if (sec->sts.have_policy)
		stspolicy_judge(&sec->sts.policy, domain, facts, nrows,
		    &sec->f);
	render_info(r, "delivery security of %s (MTA-STS, TLS-RPT):", domain);
	render_findings(r, &sec->f, 0);
	worst = finding_worst(&sec->f);
	return worst == FINDING_FAIL ? OUTCOME_SECURITY_FAILED :
	    worst == FINDING_WARN ? OUTCOME_SECURITY_WARNING : OUTCOME_OK;
}

/* Probe every address of the routable plans; rows printed in order. */
static enum outcome
mx_probe(struct loop *loop, struct render *r, struct mxplan *plans,
    const enum outcome *pst, size_t np, const struct mx_opts *o,
    struct mx_sec *sec)
{
	struct addr		 addrs[RESOLVE_MAX_ADDRS];
	struct probe		*pv[MX_PROBES_MAX];
	struct mx_row		*rows;
	struct probe_tls	 pt;
	const struct probe_result *pr;
	size_t			 hidx[RESOLVE_MAX_ADDRS];
	size_t			 i, j, k, k0, n, nrows = 0;
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
		for (k0 = k; k < nrows && rows[k].plan == i; k++) {
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
			else if ((dom == OUTCOME_CONNECT_FAILED ||
			    dom == OUTCOME_CONNECTION_LOST) && code == 0 &&
			    pr->connect_ms >= 0)
				/* connected, and no greeting came */
				dom = pr->timed_out ? OUTCOME_TIMEOUT :
				    OUTCOME_CONNECTION_LOST;
		}
		status = mx_worse(status, dom);
		if (sec != NULL)
			status = mx_worse(status, mx_judge(r, plans[i].domain,
			    &rows[k0], k - k0, &sec[i]));
	}
	for (i = 0; i < nrows; i++)
		probe_free(rows[i].probe);
	free(rows);
	return status;
}

/* MTA-STS and TLS-RPT lookups of a routable domain into *sec. */
static enum outcome
mx_sts(struct resolver *res, struct render *r, const char *domain,
    const struct mx_opts *o, struct mx_sec *sec)
{
	struct sts_opts	 so;
	char		 err[256];

	memset(&so, 0, sizeof(so));
	so.family = o->family;
	so.timeout = o->timeout;
	so.policy_port = o->sts_port;
	if (o->tls != NULL) {
		so.ca_file = o->tls->o.ca_file;
		so.ca_path = o->tls->o.ca_path;
	}
	if (sts_lookup(res, domain, &so, &sec->sts, &sec->f, err,
	    sizeof(err)) == -1) {
		render_error(r, "%s: MTA-STS: %s", domain, err);
		return OUTCOME_INTERNAL;
	}
	return OUTCOME_OK;
}

enum outcome
mx_run(struct loop *loop, struct render *r, char **domains, size_t n,
    const struct mx_opts *o)
{
	struct resolver	*res;
	struct mxplan	*plans;
	enum outcome	*pst, status = OUTCOME_OK;
	struct mx_sec	*sec = NULL;
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
	if (o->security)
		sec = calloc(n, sizeof(*sec));
	if (plans == NULL || pst == NULL || (o->security && sec == NULL)) {
		render_error(r, "out of memory");
		free(plans);
		free(pst);
		free(sec);
		resolver_free(res);
		return OUTCOME_INTERNAL;
	}
	for (i = 0; i < n; i++) {
		pst[i] = mx_plan(res, r, domains[i], o, &plans[i]);
		status = mx_worse(status, pst[i]);
		if (sec != NULL && pst[i] == OUTCOME_OK)
			status = mx_worse(status, mx_sts(res, r,
			    plans[i].domain, o, &sec[i]));
	}
	/* the resolver's sockets are closed before the probes open theirs */
	resolver_free(res);
	if (o->probe || o->security)
		status = mx_worse(status, mx_probe(loop, r, plans, pst, n, o,
		    sec));
	for (i = 0; sec != NULL && i < n; i++)
		finding_free(&sec[i].f);
	free(sec);
	free(plans);
	free(pst);
	return status;
}
