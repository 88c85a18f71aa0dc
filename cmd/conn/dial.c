/*
 * dial.c: from what the user typed to a greeted client.  The front end
 * owns failover (as OpenSMTPD's smtpc does): each address is tried in
 * turn until one greets with 2xx.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dial.h"
#include "mxplan.h"
#include "rendermx.h"
#include "resolve.h"
#include "steps.h"
#include "target.h"

#define DIAL_TIMEOUT	30	/* seconds per address unless -t */

/* Where to go: the addresses in order, and the name TLS checks on each. */
struct dial_plan {
	struct addr		 addrs[RESOLVE_MAX_ADDRS];
	char			 names[RESOLVE_MAX_ADDRS][MXPLAN_NAME_MAX + 1];
	size_t			 n;
	int			 by_mx;		/* names[] are MX hosts */
	int			 implicit_tls;
};

static unsigned int
dial_random(void *arg)
{
	(void)arg;
	return arc4random();
}

static int
dial_timeout(const struct dial_opts *o)
{
	return o->timeout > 0 ? o->timeout : DIAL_TIMEOUT;
}

/* Route a mail domain (RFC 5321 5.1), showing the plan. */
static enum outcome
dial_route(const struct dial_opts *o, struct resolver *res,
    struct render *r, const char *domain, int port, struct dial_plan *p)
{
	struct mxplan	*plan;
	char		 err[512];
	size_t		 i, hostidx[RESOLVE_MAX_ADDRS];

	if ((plan = malloc(sizeof(*plan))) == NULL) {
		render_error(r, "out of memory");
		return OUTCOME_INTERNAL;
	}
	if (resolver_mx(res, domain, o->family, port,
	    loop_now() + 1000LL * dial_timeout(o), dial_random, NULL, plan,
	    err, sizeof(err)) == -1) {
		render_error(r, "%s", err);
		free(plan);
		return OUTCOME_DNS_FAILED;
	}
	render_mx(r, plan);
	if (plan->kind == MXPLAN_NULL) {
		render_error(r, "%s: null MX (RFC 7505): this domain accepts "
		    "no mail", plan->domain);
		free(plan);
		return OUTCOME_DNS_FAILED;
	}
	p->n = mxplan_addrs(plan, p->addrs, hostidx, RESOLVE_MAX_ADDRS);
	/* TLS checks the MX host's name, never an address from DNS */
	for (i = 0; i < p->n; i++)
		snprintf(p->names[i], sizeof(p->names[i]), "%s",
		    plan->h[hostidx[i]].name);
	p->by_mx = 1;
	if (p->n == 0) {
		render_error(r, "%s: no MX host has an address", plan->domain);
		free(plan);
		return OUTCOME_DNS_FAILED;
	}
	free(plan);
	return OUTCOME_OK;
}

/* A host name's A/AAAA records, or a mail domain's MX plan. */
static enum outcome
dial_resolve(const struct dial_opts *o, struct loop *loop,
    struct render *r, const struct target *t, int port, struct dial_plan *p)
{
	struct resolver	*res;
	enum outcome	 oc = OUTCOME_OK;
	char		 err[512];
	int		 n;

	if ((res = resolver_new(loop, o->resolver, err, sizeof(err))) ==
	    NULL) {
		render_error(r, "%s", err);
		return o->resolver != NULL ? OUTCOME_USAGE : OUTCOME_DNS_FAILED;
	}
	if (t->domain)
		oc = dial_route(o, res, r, t->host, port, p);
	else if ((n = resolver_addrs(res, t->host, o->family, port,
	    loop_now() + 1000LL * dial_timeout(o), p->addrs,
	    RESOLVE_MAX_ADDRS, err, sizeof(err))) == -1) {
		render_error(r, "%s", err);
		oc = OUTCOME_DNS_FAILED;
	} else {
		p->n = (size_t)n;
		render_dns(r, t->host, p->addrs, p->n);
	}
	resolver_free(res);
	return oc;
}

/*
 * unix:PATH (swaks's --socket): one address, no DNS, no port; TLS, if
 * asked for, checks --sni's name as with --pipe.
 */
static enum outcome
dial_unix(const struct dial_opts *o, struct render *r, struct dial_plan *p)
{
	const char	*path = o->target + 5;

	if (o->mx || o->port != 0 || o->source != NULL) {
		render_error(r, "%s: a UNIX socket has no %s", o->target,
		    o->mx ? "MX hosts" : o->port != 0 ? "port" :
		    "--source address");
		return OUTCOME_USAGE;
	}
	if (addr_unix(path, &p->addrs[0]) == -1) {
		render_error(r, "%s: the path is empty or too long for a "
		    "UNIX socket", o->target);
		return OUTCOME_USAGE;
	}
	p->n = 1;
	p->implicit_tls = o->implicit_tls;
	tlsrun_set_name(o->tls, o->tls->sni);
	return OUTCOME_OK;
}

/* The target as typed into a plan.  The TLS name is the host typed. */
static enum outcome
dial_plan(const struct dial_opts *o, struct loop *loop, struct render *r,
    struct dial_plan *p)
{
	struct target	 t;
	const char	*why;
	int		 port;

	if (strncmp(o->target, "unix:", 5) == 0)
		return dial_unix(o, r, p);
	if (target_parse(o->target, &t, &why) == -1) {
		render_error(r, "%s", why);
		return OUTCOME_USAGE;
	}
	if (o->mx) {
		if (t.literal || t.port || t.implicit_tls ||
		    strchr(o->target, '/') != NULL) {
			render_error(r, "--mx %s: a mail domain, without port "
			    "or URL", o->target);
			return OUTCOME_USAGE;
		}
		t.domain = 1;
	}
	if (t.implicit_tls && o->tls->mode != TLSRUN_OFF) {
		render_error(r, "%s: smtps:// is TLS from the start; "
		    "--starttls does not apply", o->target);
		return OUTCOME_USAGE;
	}
	p->implicit_tls = o->implicit_tls || t.implicit_tls;
	tlsrun_set_name(o->tls, t.host);
	if (t.port != 0 && o->port != 0 && t.port != o->port) {
		render_error(r, "port %d in the target and --port %d differ",
		    t.port, o->port);
		return OUTCOME_USAGE;
	}
	port = t.port ? t.port : o->port ? o->port :
	    p->implicit_tls ? 465 : 25;
	if (!t.literal)
		return dial_resolve(o, loop, r, &t, port, p);
	if (addr_literal(t.host, port, &p->addrs[0]) == -1 ||
	    (o->family != AF_UNSPEC &&
	    p->addrs[0].ss.ss_family != o->family)) {
		render_error(r, "%s: address family excluded by -4/-6 or "
		    "--source", t.host);
		return OUTCOME_USAGE;
	}
	p->n = 1;
	return OUTCOME_OK;
}

/*
 * The greeting on a connected address that is not the last: 1 to take
 * it (2xx), 0 to go on to the next address (reported; *worst keeps the
 * worst refusal seen).  A 4xx anywhere means "later", as an MTA defers.
 */
static int
dial_greeted(struct client *c, struct render *r, const struct addr *a,
    int timeout, enum outcome *worst)
{
	char		 as[64];
	int		 st, code;
	enum verb	 v;

	st = steps_greeting(c, timeout);
	code = client_last_code(c);
	if (st == CLIENT_OK && code / 100 == 2)
		return 1;
	addr_str(a, as, sizeof(as));
	if (code != 0) {
		render_error(r, "%s: greeting %d, not 2xx; trying the next "
		    "address", as, code);
		if (code / 100 == 4)
			*worst = OUTCOME_REJECTED_TEMPORARY;
		else if (code / 100 == 5 &&
		    *worst != OUTCOME_REJECTED_TEMPORARY)
			*worst = OUTCOME_REJECTED_PERMANENT;
	} else {
		render_error(r, "%s: %s; trying the next address", as,
		    client_error(c));
		/* it connected: a greeting that never came is no refusal */
		if (*worst == OUTCOME_CONNECT_FAILED)
			*worst = st == CLIENT_TIMEOUT ? OUTCOME_TIMEOUT :
			    OUTCOME_CONNECTION_LOST;
		else if (*worst == OUTCOME_CONNECTION_LOST &&
		    st == CLIENT_TIMEOUT)
			*worst = OUTCOME_TIMEOUT;
	}
	if (st == CLIENT_OK && !client_gone(c) &&
	    client_send_line(c, "QUIT", 4, &v) == 0 &&
	    client_flush(c, loop_now() + 2000) == CLIENT_OK)
		(void)client_wait(c, 2, loop_now() + 2000);
	return 0;
}

/*
 * The last address: its greeting, whatever it is, is the caller's.  The
 * connection stands (*stands) even when the greeting never came.
 */
static enum outcome
dial_last(const struct dial_opts *o, struct client *c, struct render *r,
    int *stands)
{
	int	 st;

	*stands = 1;
	if (o->no_greeting || (st = steps_greeting(c, o->timeout)) ==
	    CLIENT_OK)
		return OUTCOME_OK;
	return steps_report(r, c, st, VERB_GREETING, 0);
}

/* Each address in turn until one connects and greets with 2xx. */
static enum outcome
dial_addrs(const struct dial_opts *o, struct render *r,
    const struct dial_plan *p, struct client **cp, int *stands)
{
	struct client	*c;
	enum outcome	 oc, worst = OUTCOME_CONNECT_FAILED;
	size_t		 i;

	for (i = 0; i < p->n; i++) {
		if (client_connect(*cp, &p->addrs[i], 1, dial_timeout(o)) ==
		    -1)
			continue;
		if (p->by_mx)
			tlsrun_set_name(o->tls, p->names[i]);
		/* implicit TLS: the greeting comes inside TLS */
		if (p->implicit_tls && (oc = tlsrun_handshake(o->tls, *cp, r,
		    dial_timeout(o))) != OUTCOME_OK)
			return oc;
		if (i + 1 == p->n)
			return dial_last(o, *cp, r, stands);
		if (o->no_greeting || dial_greeted(*cp, r, &p->addrs[i],
		    o->timeout, &worst))
			return OUTCOME_OK;
		if ((c = client_new_like(*cp)) == NULL) {
			render_error(r, "out of memory");
			return OUTCOME_INTERNAL;
		}
		client_free(*cp);
		*cp = c;
	}
	render_error(r, "%s: no address could be connected to%s", o->target,
	    worst == OUTCOME_REJECTED_PERMANENT ||
	    worst == OUTCOME_REJECTED_TEMPORARY ? " with a 2xx greeting" : "");
	return worst;
}

/* --pipe: a child's stdin and stdout are the connection. */
static enum outcome
dial_pipe(const struct dial_opts *o, struct client *c, struct render *r,
    int *stands)
{
	struct transport	*t;
	enum outcome		 oc;
	char			 err[256];

	if ((t = transport_spawn(o->pipe, err, sizeof(err))) == NULL) {
		render_error(r, "--pipe: %s", err);
		return OUTCOME_INTERNAL;
	}
	render_info(r, "Running %s", o->pipe);
	/* no host to check a certificate against but --sni's */
	tlsrun_set_name(o->tls, o->tls->sni);
	client_attach(c, t);
	client_set_prelude(c, 1);
	if (o->implicit_tls && (oc = tlsrun_handshake(o->tls, c, r,
	    steps_timeout(o->timeout, VERB_GREETING))) != OUTCOME_OK)
		return oc;
	return dial_last(o, c, r, stands);
}

enum outcome
dial_open(const struct dial_opts *o, struct loop *loop, struct render *r,
    client_event_cb *cb, void *cbarg, struct client **out)
{
	struct dial_plan	*p = NULL;
	struct client		*c;
	enum outcome		 oc;
	int			 stands = 0;

	*out = NULL;
	if ((c = client_new(loop, cb, cbarg)) == NULL) {
		render_error(r, "out of memory");
		return OUTCOME_INTERNAL;
	}
	client_set_source(c, o->source);
	if (o->pipe != NULL)
		oc = dial_pipe(o, c, r, &stands);
	else if ((p = calloc(1, sizeof(*p))) == NULL) {
		render_error(r, "out of memory");
		oc = OUTCOME_INTERNAL;
	} else if ((oc = dial_plan(o, loop, r, p)) == OUTCOME_OK)
		oc = dial_addrs(o, r, p, &c, &stands);
	free(p);
	if (oc == OUTCOME_OK || stands)
		*out = c;
	else
		client_free(c);
	return oc;
}
