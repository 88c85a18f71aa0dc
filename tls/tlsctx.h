/*
 * tlsctx.h: the OpenSSL client context: trust store, client certificate,
 * protocol versions, ciphers and the SSLKEYLOGFILE key log.  One per run,
 * made when the first handshake needs it.
 */
#ifndef SMTPCLI_TLSCTX_H
#define SMTPCLI_TLSCTX_H

#include <stddef.h>

struct tlsctx_opts {
	const char	*ca_file;	/* trust only these (PEM), or NULL */
	const char	*ca_path;	/* trust only this hashed dir, or NULL */
	const char	*cert;		/* client certificate chain (PEM) */
	const char	*key;		/* its key; NULL: in the cert file */
	const char	*ciphers;	/* OpenSSL list; TLS_* names: 1.3 */
	int		 min_version;	/* TLS1_x_VERSION, 0: OpenSSL's */
	int		 max_version;
	const char	*keylog;	/* SSLKEYLOGFILE, or NULL */
};

/* Why tlsctx_new() failed: a file, or a value. */
#define TLSCTX_EFILE	1	/* a file could not be read or used */
#define TLSCTX_EVALUE	2	/* an option value OpenSSL refused */

struct tlsctx;

/*
 * Make the context.  NULL on failure with a one-line reason in err and
 * *why set to TLSCTX_EFILE or TLSCTX_EVALUE.  The options' strings must
 * outlive the context.  Trust comes from ca_file/ca_path when either is
 * given, else from the system store.  tlsctx_free() (NULL is fine) also
 * closes the SSLKEYLOGFILE file.
 */
struct tlsctx	*tlsctx_new(const struct tlsctx_opts *, char *err,
		    size_t errlen, int *why);
void		 tlsctx_free(struct tlsctx *);

/*
 * A warning from making the context, "" when none: an SSLKEYLOGFILE
 * that others could read (group or world read permission, or owned by
 * another user) is not written to, and the run goes on without it.  A
 * new key log file is created 0600.
 */
const char	*tlsctx_warning(const struct tlsctx *);

/* "1.0" ... "1.3" to TLS1_x_VERSION; -1 for anything else. */
int		 tlsctx_version(const char *);

/* The OpenSSL SSL_CTX (for tlsconn.c). */
void		*tlsctx_ssl_ctx(struct tlsctx *);

#endif
