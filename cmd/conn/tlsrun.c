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
	int		 implicit;	/* TLS before the greeting */
};

/* A transport_wrap_fn for client_starttls(): arg is a tlsrun_peer. */
static struct transport *
tlsrun_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	const struct tlsrun_peer	*p = arg;
	struct transport		*t;

	t = tlsconn_wrap(p->ctx, inner, p->verify_name, p->sni, err, errlen);
	if (t != NULL && p->implicit)
		tlsconn_plain_hint(t, "try --starttls");
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
			    t->o.key };
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
	peer.ctx = t->ctx;
	peer.verify_name = t->verify_name;
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
	 * stops unless --insecure.
	 */
	if (!f->verified) {
		if (t->insecure || t->interactive ||
		    t->mode == TLSRUN_OPPORTUNISTIC) {
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
	if (t->mode == TLSRUN_OPPORTUNISTIC) {
		render_error(r, "WARNING: %s: going on WITHOUT TLS, in "
		    "plaintext", what);
		return OUTCOME_OK;
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
	if (ehlo != NULL && client_command(c, ehlo, timeout) == -1)
		goto gone;
	return OUTCOME_OK;
gone:
	return steps_report(r, c, client_status(c), VERB_NONE, 0);
}
