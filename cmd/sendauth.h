/*
 * sendauth.h: AUTH as the user asked for it (--auth, --user, the secret
 * from --password-env, --password-file or a no-echo prompt), run over a
 * connected client with the SASL core (net/sasl.c); the exchange shown
 * decoded, secrets masked, every copy of the secret zeroed.
 */
#ifndef SMTPCLI_SENDAUTH_H
#define SMTPCLI_SENDAUTH_H

#include <stddef.h>

#include "client.h"
#include "render.h"

struct sendauth {
	const char	*mech;		/* a mechanism name, or "auto" */
	const char	*user;
	char		*secret;	/* owned; zeroed by sendauth_clear() */
	const char	*host;		/* for OAUTHBEARER */
	int		 port;
	int		 show_secrets;
	int		 allow_plaintext;	/* AUTH without verified TLS */
};

/*
 * Get the secret: from the environment variable env (then removed from
 * the environment, so that no child sees it), the first line of file,
 * or a no-echo prompt on the terminal when tty is nonzero.  -1 with err
 * set (a usage error when no source is possible).
 */
int	 sendauth_secret(struct sendauth *, const char *env, const char *file,
	    int tty, char *err, size_t errlen);

/*
 * Authenticate on c (after EHLO, and after TLS unless allow_plaintext).
 * Returns 0, or the exit status with *reason: 77 refused or failed, 76
 * when TLS could not be had or a challenge is malformed (the exchange is
 * then cancelled with "*").
 */
int	 sendauth_run(struct sendauth *, struct client *, struct render *,
	    int timeout, const char **reason);

/* Zero and free the secret. */
void	 sendauth_clear(struct sendauth *);

#endif
