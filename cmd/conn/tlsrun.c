/*
 * tlsrun.c: the policy around a TLS handshake.  The handshake itself is
 * net/client.c's and tls/'s business; this file decides what happens
 * when TLS is missing, refused or unverified, as the user asked.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "danedns.h"
#include "rendertls.h"
#include "status.h"
#include "steps.h"
#include "tlsconn.h"
#include "tlsrun.h"

int
tlsrun_mode(const char *s)
{
	if (strcmp(s, "required") == 0)
		return TLSRUN_REQUIRED;
	if (strcmp(s, "opportunistic") == 0)
		return TLSRUN_OPPORTUNISTIC;
	return -1;
}

void
tlsrun_free(struct tlsrun *t)
{
	if (t == NULL)
		return;
	tlsctx_free(t->ctx);
	t->ctx = NULL;
	free(t->dane_recs);
	t->dane_recs = NULL;
	t->dane_n = 0;
}

static int
tlsrun_is_ip(const char *s)
{
	unsigned char	 a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* What tlsrun_wrap() needs to make the TLS transport. */
struct tlsrun_peer {
	struct tlsctx	*ctx;
	const char	*verify_name;
	const char	*sni;
	const struct tlsa *dane;	/* DANE authenticates: these */
	size_t		 ndane;
	int		 implicit;	/* TLS before the greeting */
};

/* A transport_wrap_fn for client_starttls(): arg is a tlsrun_peer. */
static struct transport *
tlsrun_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	const struct tlsrun_peer	*p = arg;
	struct transport		*t;

	if ((t = tlsconn_wrap(p->ctx, inner, p->verify_name, p->sni, err,
	    errlen)) == NULL)
		return NULL;
	if (p->implicit)
		tlsconn_plain_hint(t, "try --starttls");
	if (p->ndane > 0 && tlsconn_dane(t, p->verify_name, p->dane,
	    p->ndane) == -1) {
		snprintf(err, errlen, "DANE: OpenSSL refused every TLSA record");
		transport_close(t);
		return NULL;
	}
	return t;
}

const struct tlsconn_facts *
tlsrun_facts(const struct client *c)
{
	return tlsconn_facts(client_transport(c));
}

char *
tlsrun_chain(const struct client *c)
{
	return tlsrun_facts(c) != NULL ?
	    tlsconn_chain_pem(client_transport(c)) : NULL;
}

/* Why DANE does not apply, in words. */
static const char *
tlsrun_dane_why(const struct danedns *d, int mx_secure)
{
	if (d->nrecs == 0)
		return "no TLSA records";
	if (!mx_secure)
		return "the MX records are not DNSSEC-validated";
	if (d->addr_status != DNSSEC_SECURE && !d->alias_secure)
		return "the address records are not DNSSEC-validated";
	return "the TLSA records are not DNSSEC-validated";
}

/* The DNSSEC status of the MX answer of domain: 1 secure, 0 not, -1 bogus */
static int
tlsrun_dane_mx(const struct dnssec_src *res, const char *domain,
    long long deadline)
{
	struct dnssec_answer	 a;
	int			 v;

	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "%s", domain);
	a.qtype = DNSMSG_T_MX;
	(void)dnssec_lookup(res, &a, 1, deadline);
	v = a.status == DNSSEC_SECURE ? 1 : a.status == DNSSEC_BOGUS ? -1 : 0;
	dnssec_answer_free(&a);
	return v;
}

/* Keep the usable records: DANE authenticates with them. */
static enum outcome
tlsrun_dane_keep(struct tlsrun *t, const struct danedns *d,
    struct render *r)
{
	size_t	 i;

	free(t->dane_recs);
	t->dane_n = 0;
	if ((t->dane_recs = calloc(DANEDNS_RECS, sizeof(*t->dane_recs))) ==
	    NULL) {
		render_error(r, "out of memory");
		return OUTCOME_INTERNAL;
	}
	for (i = 0; i < d->nrecs; i++)
		if (tlsa_usable(&d->recs[i]) == TLSA_USABLE)
			t->dane_recs[t->dane_n++] = d->recs[i];
	t->dane_state = TLSRUN_DANE_AUTH;
	render_info(r, "DANE: %zu usable TLSA records for %s, DNSSEC-secure: "
	    "the certificate is authenticated by them, not by the CAs (RFC "
	    "7672)", t->dane_n, t->verify_name);
	return OUTCOME_OK;
}

/*
 * --dane: the TLSA records of the host being verified, once per host:
 * authenticate by them when usable ones exist, require TLS when only
 * unusable ones do, stop when the lookup is bogus or failed (a DANE
 * sender defers, RFC 7672 s2.2), else the usual policy.
 */
static enum outcome
tlsrun_dane_prepare(struct tlsrun *t, struct client *c, struct render *r,
    int timeout)
{
	struct dnssec_src	 res;
	struct danedns		 d;
	const struct dnssec_answer *a;
	long long		 deadline = loop_now() + 1000LL * timeout;
	enum outcome		 oc = OUTCOME_OK;
	int			 mx = 1;
	char			 err[512];

	if (!t->dane || strcmp(t->dane_host, t->verify_name) == 0)
		return OUTCOME_OK;
	snprintf(t->dane_host, sizeof(t->dane_host), "%s", t->verify_name);
	t->dane_state = TLSRUN_DANE_NONE;
	t->dane_n = 0;
	if (tlsrun_is_ip(t->verify_name)) {
		render_info(r, "DANE: not applicable to an address");
		return OUTCOME_OK;
	}
	if (dnssec_src_open(&res, client_loop(c), t->resolver, t->validate,
	    t->anchor, err, sizeof(err)) == -1) {
		render_error(r, "DANE: %s", err);
		return OUTCOME_DNS_FAILED;
	}
	if (t->mx_domain[0] != '\0')
		mx = tlsrun_dane_mx(&res, t->mx_domain, deadline);
	(void)danedns_lookup(&res, &d, t->verify_name, t->port, mx == 1,
	    deadline);
	dnssec_src_close(&res);
	a = &d.dns[DANEDNS_TLSA];
	if (mx == -1 || a->status == DNSSEC_BOGUS || (a->status ==
	    DNSSEC_FAILED && d.addr_status == DNSSEC_SECURE)) {
		render_error(r, "DANE: the %s lookup for %s is %s (%s): not "
		    "going on, as a DANE sender defers (RFC 7672 s2.2)", mx ==
		    -1 ? "MX" : "TLSA", mx == -1 ? t->mx_domain : a->name,
		    mx == -1 ? "bogus" : dnssec_status_name(a->status),
		    mx == -1 ? "DNSSEC validation failed" : a->why);
		oc = OUTCOME_DNS_FAILED;
	} else if (d.applies)
		oc = tlsrun_dane_keep(t, &d, r);
	else if (a->status == DNSSEC_SECURE && d.nrecs > 0 && mx == 1 &&
	    (d.addr_status == DNSSEC_SECURE || d.alias_secure)) {
		t->dane_state = TLSRUN_DANE_ENCRYPT;
		render_info(r, "DANE: TLSA records for %s, none usable for "
		    "SMTP: TLS is required, the certificate is not "
		    "authenticated (RFC 7672 s2.2)", t->verify_name);
	} else
		render_info(r, "DANE: not applicable to %s (%s): the usual TLS "
		    "policy", t->verify_name, tlsrun_dane_why(&d, mx == 1));
	danedns_free(&d);
	return oc;
}

/* Leave politely: QUIT and a short wait for the 221. */
static void
tlsrun_quit(struct client *c)
{
	if (!client_gone(c) && !client_tls_pending(c))
		(void)client_command(c, "QUIT", 5);
}

/* The context, made on first use. */
static enum outcome
tlsrun_ctx(struct tlsrun *t, struct render *r)
{
	char	 err[512];
	int	 why;

	if (t->ctx != NULL)
		return OUTCOME_OK;
	if ((t->ctx = tlsctx_new(&t->o, err, sizeof(err), &why)) == NULL) {
		render_error(r, "TLS: %s", err);
		return why == TLSCTX_EFILE ? OUTCOME_INPUT_UNREADABLE :
		    OUTCOME_USAGE;
	}
	if (*tlsctx_warning(t->ctx) != '\0')
		render_error(r, "warning: %s", tlsctx_warning(t->ctx));
	return OUTCOME_OK;
}

void
tlsrun_set_name(struct tlsrun *t, const char *name)
{
	if (t->verify_as != NULL)
		name = t->verify_as;
	snprintf(t->verify_name, sizeof(t->verify_name), "%s", name != NULL ?
	    name : "(no host name: give --sni)");
	t->no_name = name == NULL;
}

const char *
tlsrun_name(const struct tlsrun *t)
{
	return t->no_name || t->verify_name[0] == '\0' ? NULL :
	    t->verify_name;
}

enum outcome
tlsrun_files(struct tlsrun *t, struct render *r)
{
	const char	*f[] = { t->o.ca_file, t->o.ca_path, t->o.cert,
			    t->o.key, t->validate ? t->anchor : NULL };
	size_t		 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] != NULL && access(f[i], R_OK) == -1) {
			render_error(r, "TLS: %s: %s", f[i], strerror(errno));
			return OUTCOME_INPUT_UNREADABLE;
		}
	if (t->o.ca_file == NULL && t->o.ca_path == NULL && t->o.cert == NULL)
		return OUTCOME_OK;
	return tlsrun_ctx(t, r);
}

enum outcome
tlsrun_handshake(struct tlsrun *t, struct client *c, struct render *r,
    int timeout)
{
	const struct tlsconn_facts	*f;
	struct tlsrun_peer		 peer;
	char				*pem;
	enum outcome			 oc;
	int				 st;

	if (client_gone(c))	/* bytes stacked behind the 220: injection */
		return steps_report(r, c, client_status(c), VERB_NONE, 1);
	if ((oc = tlsrun_ctx(t, r)) != OUTCOME_OK)
		return oc;
	if ((oc = tlsrun_dane_prepare(t, c, r, timeout)) != OUTCOME_OK) {
		tlsrun_quit(c);
		return oc;
	}
	memset(&peer, 0, sizeof(peer));
	peer.ctx = t->ctx;
	peer.verify_name = t->verify_name;
	if (t->dane_state == TLSRUN_DANE_AUTH) {
		peer.dane = t->dane_recs;
		peer.ndane = t->dane_n;
	}
	peer.sni = t->no_sni ? NULL : t->sni != NULL ? t->sni :
	    tlsrun_is_ip(t->verify_name) ? NULL : t->verify_name;
	peer.implicit = client_nreplies(c) == 0;
	st = client_starttls(c, tlsrun_wrap, &peer,
	    loop_now() + 1000LL * timeout);
	if (st != CLIENT_OK)
		return steps_report(r, c, st, VERB_NONE, 1);
	f = tlsrun_facts(c);
	if (t->show_chain && (pem = tlsrun_chain(c)) != NULL) {
		render_pem(r, pem);
		free(pem);
	}
	/*
	 * Opportunistic TLS is never worse than the plaintext it stands in
	 * for (as Postfix's "may"): an unverified certificate still
	 * encrypts, so it goes on, loudly marked UNVERIFIED.  Required TLS
	 * stops unless --insecure.  --dane with usable TLSA records is not
	 * opportunistic (Postfix's "dane"): their failure stops.
	 */
	if (!f->verified && t->dane_state == TLSRUN_DANE_ENCRYPT) {
		t->unverified = 1;
		render_unverified(r, f->verify_error, "--dane: TLSA records "
		    "exist, none usable: encrypted, not authenticated");
	} else if (!f->verified) {
		if (t->insecure || t->interactive ||
		    (t->mode == TLSRUN_OPPORTUNISTIC &&
		    t->dane_state != TLSRUN_DANE_AUTH)) {
			t->unverified = 1;
			render_unverified(r, f->verify_error, t->insecure ?
			    "--insecure" : t->interactive ?
			    "interactive session" : "opportunistic TLS, "
			    "better than plaintext");
		} else {
			render_error(r, "Verification failed: %s; stopping "
			    "(--insecure goes on)", f->verify_error);
			tlsrun_quit(c);
			return OUTCOME_TLS_FAILED;
		}
	}
	/* after STARTTLS only: implicit TLS learned nothing before */
	if (client_nreplies(c) > 0)
		render_info(r, "Capabilities learned before TLS are "
		    "forgotten: send EHLO again");
	return OUTCOME_OK;
}

/* STARTTLS is not to be had: stop, or say so loudly and go on. */
static enum outcome
tlsrun_without(struct tlsrun *t, struct client *c, struct render *r,
    const char *what)
{
	if (t->mode == TLSRUN_OPPORTUNISTIC && (t->dane_state ==
	    TLSRUN_DANE_NONE || t->dane_state == TLSRUN_DANE_UNKNOWN)) {
		render_error(r, "WARNING: %s: going on WITHOUT TLS, in "
		    "plaintext", what);
		return OUTCOME_OK;
	}
	if (t->mode == TLSRUN_OPPORTUNISTIC) {
		render_error(r, "--dane: %s, but the TLSA records of %s make "
		    "TLS mandatory; stopping", what, t->verify_name);
		tlsrun_quit(c);
		return OUTCOME_TLS_FAILED;
	}
	render_error(r, "--starttls: %s; stopping (not going on in "
	    "plaintext)", what);
	tlsrun_quit(c);
	return OUTCOME_TLS_FAILED;
}

enum outcome
tlsrun_starttls(struct tlsrun *t, struct client *c, struct render *r,
    const char *ehlo, int ehlo_sent, int timeout)
{
	const struct caps	*caps;
	enum outcome		 oc;
	char			 what[64];
	int			 code;

	/* --dane: TLS may be mandatory for this host */
	if ((oc = tlsrun_dane_prepare(t, c, r, timeout)) != OUTCOME_OK) {
		tlsrun_quit(c);
		return oc;
	}
	if (ehlo_sent)
		code = client_last_code(c);
	else if ((code = client_command(c, ehlo, timeout)) == -1)
		goto gone;
	caps = session_caps(client_session(c));
	if (code != 250 || caps == NULL || !caps->valid ||
	    caps_find(caps, "STARTTLS") == NULL)
		return tlsrun_without(t, c, r, "the server does not offer "
		    "STARTTLS");
	if ((code = client_command(c, "STARTTLS", timeout)) == -1)
		goto gone;
	if (code != 220 || !client_tls_pending(c)) {
		snprintf(what, sizeof(what), "STARTTLS was refused (%d)", code);
		return tlsrun_without(t, c, r, what);
	}
	if ((oc = tlsrun_handshake(t, c, r, timeout)) != OUTCOME_OK)
		return oc;
	if (client_command(c, ehlo, timeout) == -1)
		goto gone;
	return OUTCOME_OK;
gone:
	return steps_report(r, c, client_status(c), VERB_NONE, 0);
}
