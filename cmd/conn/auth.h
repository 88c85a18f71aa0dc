/*
 * auth.h: AUTH as the user asked for it (--auth, --user, the secret
 * from --password-env, --password-file or a no-echo prompt), run over a
 * connected client with the SASL core (net/sasl.c); the exchange shown
 * decoded, secrets masked, every copy of the secret zeroed.
 */
#ifndef SMTPCLI_AUTH_H
#define SMTPCLI_AUTH_H

#include <stddef.h>

#include "client.h"
#include "render.h"
#include "status.h"

struct tlsrun;

/*
 * The longest secret taken (password or token), in octets: room for the
 * large OAuth tokens, and an XOAUTH2 initial response that still fits
 * RFC 4954's 12,288-octet AUTH line.  A longer one is refused, never cut.
 */
#define AUTH_SECRET_MAX	8192

struct auth {
	const char	*mech;		/* a mechanism name, or "auto" */
	const char	*user;
	char		*secret;	/* owned; zeroed by auth_clear() */
	/*
	 * OAUTHBEARER's GS2 host= and port= (RFC 7628 3.1): the host name
	 * the connection went to, without a port (tlsrun_name() of tls),
	 * and the port the connection uses (its peer address); none for
	 * --pipe without --sni.
	 */
	const struct tlsrun *tls;
	int		 show_secrets;
	int		 allow_plaintext;	/* AUTH without verified TLS */
	int		 interactive;	/* the REPL: no QUIT after a failure */
	int		 wait;		/* s for a FIFO's writer; 0: default */
};

/*
 * Get the secret: from the environment variable env (then removed from
 * the environment, so that no child sees it), the first line of file,
 * or a no-echo prompt on the terminal when tty is nonzero.  -1 with err
 * set: a usage error when no source is possible, or the secret is empty,
 * holds a NUL or is longer than AUTH_SECRET_MAX (refused, never cut).
 */
int	 auth_secret(struct auth *, const char *env, const char *file,
	    int tty, char *err, size_t errlen);

/*
 * The mechanism to use on c, before any secret is asked for: mech
 * ("auto" or a name) must be among those the server's EHLO offered.
 * The enum sasl_mech value, or -1 after saying why (no EHLO yet, no
 * AUTH offered, not this mechanism, nothing auto can pick).
 */
int	 auth_pick(const char *mech, struct client *c, struct render *r);

/*
 * Authenticate on c (after EHLO, and after TLS unless allow_plaintext).
 * Returns OUTCOME_OK, or why not: OUTCOME_AUTH_FAILED (refused, not
 * offered, failed), OUTCOME_TLS_FAILED (no verified TLS for the secret),
 * OUTCOME_PROTOCOL_ERROR (a malformed challenge: the exchange is then
 * cancelled with "*"), OUTCOME_INTERNAL.  Unless interactive, a failure
 * sends QUIT.
 */
enum outcome	 auth_run(struct auth *, struct client *, struct render *,
		    int timeout);

/*
 * Make the process hold secrets safely: no core file (RLIMIT_CORE's soft
 * limit 0) and, on Linux, not dumpable (PR_SET_DUMPABLE 0: no core, and
 * neither ptrace nor /proc/PID/mem or environ for other processes of the
 * same user).  0, or -1 with err set.
 */
int	 auth_nodump(char *err, size_t errlen);

/* Zero and free the secret. */
void	 auth_clear(struct auth *);

#endif
