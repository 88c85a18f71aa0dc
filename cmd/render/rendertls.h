/*
 * rendertls.h: what a TLS handshake established, as transcript lines or
 * a "tls" JSON event, the server's chain, and the verification verdict.
 */
#ifndef SMTPCLI_RENDERTLS_H
#define SMTPCLI_RENDERTLS_H

#include "tlsconn.h"

struct render;

/*
 * What a TLS handshake established: a "tls" event, or one fact a line
 * (nothing with --quiet).  NULL: nothing at all.
 */
void		 render_tls_facts(struct render *,
		    const struct tlsconn_facts *);

/* The TLS facts as JSON fields, the first without a leading comma. */
void		 render_tls_fields(struct render *,
		    const struct tlsconn_facts *);

/* The server's certificates (PEM) for --show-chain. */
void		 render_pem(struct render *, const char *pem);

/*
 * TLS verification failed and the session goes on (--insecure, or a
 * person at the REPL): say so loudly now, and again in the summary.
 */
void		 render_unverified(struct render *, const char *why,
		    const char *because);

#endif
