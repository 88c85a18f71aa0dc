/*
 * tlsrun.c: the policy around a TLS handshake.  The handshake itself is
 * net/client.c's and tls/'s business; this file decides what happens
 * when TLS is missing, refused or unverified, as the user asked.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "rendertls.h"
#include "status.h"
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
};

/* A transport_wrap_fn for client_starttls(): arg is a tlsrun_peer. */
static struct transport *
tlsrun_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	const struct tlsrun_peer	*p = arg;

	return tlsconn_wrap(p->ctx, inner, p->verify_name, p->sni, err,
	    errlen);
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

/* Leave politely: QUIT and a short wait for the 221. */
static void
tlsrun_quit(struct client *c)
{
	if (!client_gone(c) && !client_tls_pending(c))
		(void)client_command(c, "QUIT", 5);
}

int
tlsrun_handshake(struct tlsrun *t, struct client *c, struct render *r,
    int timeout, const char **reason)
{
	const struct tlsconn_facts	*f;
	struct tlsrun_peer		 peer;
	char				 err[512], *pem;
	int				 why, st;

	if (client_gone(c)) {
		/* bytes stacked behind the 220: injection, said as such */
		render_error(r, "%s", client_error(c));
		*reason = client_injection(c) ? "starttls-injection" :
		    "tls-failed";
		return ST_PROTO;
	}
	if (t->ctx == NULL && (t->ctx = tlsctx_new(&t->o, err, sizeof(err),
	    &why)) == NULL) {
		render_error(r, "TLS: %s", err);
		*reason = why == TLSCTX_EFILE ? "input-unreadable" : "usage";
		return why == TLSCTX_EFILE ? ST_NOINPUT : ST_USAGE;
	}
	peer.ctx = t->ctx;
	peer.verify_name = t->verify_name;
	peer.sni = t->no_sni ? NULL : t->sni != NULL ? t->sni :
	    tlsrun_is_ip(t->verify_name) ? NULL : t->verify_name;
	st = client_starttls(c, tlsrun_wrap, &peer,
	    loop_now() + 1000LL * timeout);
	if (st != CLIENT_OK) {
		render_error(r, "%s", client_error(c));
		*reason = st == CLIENT_TIMEOUT ? "timeout" : "tls-failed";
		return st == CLIENT_TIMEOUT ? ST_NET : ST_PROTO;
	}
	f = tlsrun_facts(c);
	if (t->show_chain && (pem = tlsrun_chain(c)) != NULL) {
		render_pem(r, pem);
		free(pem);
	}
	if (!f->verified) {
		if (t->insecure || t->interactive) {
			t->unverified = 1;
			render_unverified(r, f->verify_error, t->insecure ?
			    "--insecure" : "interactive session");
		} else {
			render_error(r, "Verification failed: %s; stopping "
			    "(--insecure goes on)", f->verify_error);
			tlsrun_quit(c);
			*reason = "tls-failed";
			return ST_PROTO;
		}
	}
	/* after STARTTLS only: implicit TLS learned nothing before */
	if (client_nreplies(c) > 0)
		render_info(r, "Capabilities learned before TLS are "
		    "forgotten: send EHLO again");
	return 0;
}

int
tlsrun_starttls(struct tlsrun *t, struct client *c, struct render *r,
    const char *ehlo, int ehlo_sent, int timeout, const char **reason)
{
	const struct caps	*caps;
	int			 code, st;

	if (ehlo_sent)
		code = client_last_code(c);
	else if ((code = client_command(c, ehlo, timeout)) == -1)
		goto gone;
	caps = session_caps(client_session(c));
	if (code != 250 || caps == NULL || !caps->valid ||
	    caps_find(caps, "STARTTLS") == NULL) {
		if (t->mode == TLSRUN_OPPORTUNISTIC) {
			render_error(r, "WARNING: the server does not offer "
			    "STARTTLS: going on WITHOUT TLS, in plaintext");
			return 0;
		}
		render_error(r, "--starttls: the server does not offer "
		    "STARTTLS; stopping (not going on in plaintext)");
		tlsrun_quit(c);
		*reason = "tls-failed";
		return ST_PROTO;
	}
	if ((code = client_command(c, "STARTTLS", timeout)) == -1)
		goto gone;
	if (code != 220 || !client_tls_pending(c)) {
		if (t->mode == TLSRUN_OPPORTUNISTIC) {
			render_error(r, "WARNING: STARTTLS was refused (%d): "
			    "going on WITHOUT TLS, in plaintext", code);
			return 0;
		}
		render_error(r, "--starttls: STARTTLS was refused (%d); "
		    "stopping (not going on in plaintext)", code);
		tlsrun_quit(c);
		*reason = "tls-failed";
		return ST_PROTO;
	}
	if ((st = tlsrun_handshake(t, c, r, timeout, reason)) != 0)
		return st;
	if (client_command(c, ehlo, timeout) == -1)
		goto gone;
	return 0;
gone:
	render_error(r, "%s", client_error(c));
	if (client_injection(c)) {
		*reason = "starttls-injection";
		return ST_PROTO;
	}
	*reason = client_status(c) == CLIENT_PROTO ? "protocol-error" :
	    "connect-failed";
	return client_status(c) == CLIENT_PROTO ? ST_PROTO : ST_NET;
}
