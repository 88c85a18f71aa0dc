/*
 * tlsconn.h: a TLS transport wrapping a connected plain transport (its
 * handshake is stepped by net/ through transport_handshake()), and what
 * the handshake established (protocol, cipher, peer certificate,
 * verification verdict in words).
 */
#ifndef SMTPCLI_TLSCONN_H
#define SMTPCLI_TLSCONN_H

#include <stddef.h>

#include "tlsctx.h"
#include "transport.h"

#define TLSCONN_SANS	16

/* Facts about one handshake.  Strings are raw (server bytes): escape them. */
struct tlsconn_facts {
	char		 version[16];	/* "TLSv1.3" */
	char		 cipher[64];
	char		 group[32];	/* key exchange, "" unknown */
	int		 has_cert;	/* the server sent a certificate */
	char		 subject[256];	/* RFC 2253 */
	char		 issuer[256];
	char		 sans[TLSCONN_SANS][128];	/* "DNS:x", "IP:1.2.3.4" */
	size_t		 nsans;
	char		 not_before[32];	/* "2026-11-28 12:00:00 UTC" */
	char		 not_after[32];
	long		 days_left;	/* until not_after; < 0: expired */
	int		 chain_len;	/* certificates the server sent */
	int		 verified;	/* chain trusted and name matches */
	char		 verify_error[1024];	/* why not, in words; "" */
	char		 verify_name[256];	/* the name or address checked */
	char		 sni[256];	/* server name sent, "" none */
};

/*
 * Wrap inner (owned from now on, closed with the TLS transport).  The
 * certificate is checked against verify_name: a host name, or an IP
 * address literal checked against the certificate's IP addresses.  sni
 * is sent as the server name unless NULL.  NULL on failure, err set;
 * inner is then still the caller's.  The handshake is the transport's
 * (transport_handshake()): verification failures do not stop it, read
 * tlsconn_facts() afterwards.
 */
struct transport	*tlsconn_wrap(struct tlsctx *, struct transport *inner,
			    const char *verify_name, const char *sni,
			    char *err, size_t errlen);

/*
 * What the handshake of t established, kept from when it completed; NULL
 * when t is not a TLS transport or its handshake has not completed.  The
 * facts live as long as t.
 */
const struct tlsconn_facts *tlsconn_facts(const struct transport *);

/* The certificates the server sent, PEM, malloc'd; NULL if none. */
char			*tlsconn_chain_pem(struct transport *);

/*
 * When the handshake of t fails because the server answered in plaintext
 * (an SMTP greeting where TLS was expected), its error says so and then
 * hint (a static string, such as "try --starttls"); NULL: no hint.
 */
void			 tlsconn_plain_hint(struct transport *, const char *);

/* Nonzero when t is a TLS transport made by tlsconn_wrap(). */
int			 tlsconn_is(const struct transport *);

#endif
