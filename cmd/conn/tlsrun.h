/*
 * tlsrun.h: TLS as the user asked for it: the handshake on a client, the
 * facts shown, the verification policy applied (stop, or go on marked
 * unverified), and --starttls's EHLO, STARTTLS, handshake, EHLO again.
 */
#ifndef SMTPCLI_TLSRUN_H
#define SMTPCLI_TLSRUN_H

#include "client.h"
#include "danedns.h"
#include "render.h"
#include "status.h"
#include "target.h"
#include "tlsctx.h"

/* What --dane found for the host being verified. */
enum tlsrun_dane {
	TLSRUN_DANE_UNKNOWN,	/* not looked up (yet) */
	TLSRUN_DANE_NONE,	/* not applicable: the usual policy */
	TLSRUN_DANE_ENCRYPT,	/* records, none usable: TLS, unauthenticated */
	TLSRUN_DANE_AUTH,	/* usable records: DANE authenticates */
	TLSRUN_DANE_MAX
};

enum tlsrun_mode {
	TLSRUN_OFF,		/* only when the user types STARTTLS */
	TLSRUN_REQUIRED,	/* --starttls: never go on in plaintext */
	TLSRUN_OPPORTUNISTIC,	/* --starttls=opportunistic */
	TLSRUN_MODE_MAX
};

struct tlsrun {
	struct tlsctx_opts	 o;
	struct tlsctx		*ctx;		/* made on first use */
	char			 verify_name[TARGET_HOST_MAX + 1]; /* checked */
	int			 no_name;	/* verify_name is a note */
	const char		*sni;		/* --sni, or NULL */
	const char		*verify_as;	/* --verify-name, or NULL */
	int			 no_sni;
	int			 insecure;	/* go on when unverified */
	int			 show_chain;
	int			 interactive;	/* a person reads: warn, go on */
	enum tlsrun_mode	 mode;
	int			 unverified;	/* the session went on so */
	/* --dane (Postfix "dane" semantics) */
	int			 dane;
	const char		*resolver;	/* --resolver, for its lookups */
	int			 validate;	/* --validate: libunbound here */
	const char		*anchor;	/* --trust-anchor, or NULL */
	int			 port;		/* the server's (dial.c sets it) */
	char			 mx_domain[TARGET_HOST_MAX + 1]; /* "" no MX */
	char			 dane_host[TARGET_HOST_MAX + 1]; /* looked up */
	enum tlsrun_dane	 dane_state;
	struct tlsa		*dane_recs;	/* the usable ones (AUTH) */
	size_t			 dane_n;
};

/*
 * Check the certificate against name from now on (the host the user
 * typed, an MX host name; NULL: a note that there is no name, for
 * --pipe without --sni).  The name is copied.  With --verify-name
 * (verify_as) that name is checked instead, whatever name is given, and
 * sent as SNI unless --sni or --no-sni say otherwise.
 */
void		 tlsrun_set_name(struct tlsrun *, const char *name);

/* The host name set last (no port), or NULL when there is none. */
const char	*tlsrun_name(const struct tlsrun *);

/*
 * The TLS files of the command line (--ca-file, --ca-path, --cert,
 * --key, and --validate's --trust-anchor), read now so that a missing one is reported before anything
 * connects: OUTCOME_INPUT_UNREADABLE (66), OUTCOME_USAGE when OpenSSL
 * refuses one, else OUTCOME_OK (the context is then made already).
 */
enum outcome	 tlsrun_files(struct tlsrun *, struct render *);

/*
 * Handshake now (implicit TLS right after connecting, or after a 220 to
 * STARTTLS), show what it established and apply the verification policy:
 * without --insecure a failure stops a non-interactive run (QUIT inside
 * TLS, then status 76).  Returns OUTCOME_OK to go on, else why not.
 */
enum outcome	 tlsrun_handshake(struct tlsrun *, struct client *,
		    struct render *, int timeout);

/*
 * --starttls after the greeting: the ehlo line ("EHLO name") unless
 * ehlo_sent (its reply is then the client's last), STARTTLS when offered,
 * handshake, the ehlo line again.  Required mode stops with 76 (after
 * QUIT) when STARTTLS is not offered or refused; opportunistic mode says
 * so loudly and goes on in plaintext.  Returns OUTCOME_OK to go on, else
 * why not.
 */
enum outcome	 tlsrun_starttls(struct tlsrun *, struct client *,
		    struct render *, const char *ehlo, int ehlo_sent,
		    int timeout);

struct tlsconn_facts;

/*
 * What the TLS handshake of c's connection established; NULL before a
 * handshake completed.  It lives as long as the connection.
 */
const struct tlsconn_facts *tlsrun_facts(const struct client *);

/* The server's certificates as PEM (malloc'd, the caller frees), or NULL. */
char		*tlsrun_chain(const struct client *);

/* "required", "opportunistic" -> mode; -1 for anything else. */
int		 tlsrun_mode(const char *);

/* Free the context (the options stay). */
void		 tlsrun_free(struct tlsrun *);

#endif
