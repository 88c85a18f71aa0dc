/*
 * tlsconn.h: a TLS transport wrapping a connected plain transport (its
 * handshake is stepped by net/ through transport_handshake()), and what
 * the handshake established (protocol, cipher, peer certificate,
 * verification verdict in words).
 */
#ifndef SMTPCLI_TLSCONN_H
#define SMTPCLI_TLSCONN_H

#include <stddef.h>

#include "tlsa.h"
#include "tlsctx.h"
#include "transport.h"

#define TLSCONN_SANS	16
#define TLSCONN_CHAIN	8	/* chain subjects kept */

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
	/* the certificate in detail (posttls-finger -c/-C gives these) */
	char		 cert_sha256[65];	/* of the DER certificate, hex */
	char		 spki_sha256[65];	/* of its public key (SPKI) */
	char		 key_type[48];		/* "RSA", "EC prime256v1" */
	int		 key_bits;
	char		 sig_alg[64];		/* "ecdsa-with-SHA256" */
	int		 ocsp_stapled;		/* an OCSP response came */
	size_t		 nchain;		/* chain subjects kept */
	char		 chain[TLSCONN_CHAIN][256];	/* depth 0 first */
	char		 sigalgs[16];		/* "rsa", "ecdsa": the limit */
	int		 dane;		/* DANE authenticates (tlsconn_dane) */
	char		 dane_match[160];	/* "3 1 1 ab12... at depth 0" */
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

/*
 * Offer only one family of signature algorithms in the handshake of t
 * (before it starts): "rsa" (RSA-PSS and PKCS#1) or "ecdsa", so that a
 * server with certificates of both key types shows the one asked for.
 * Returns 0, or -1 when OpenSSL refuses the list.
 */
int			 tlsconn_sigalgs(struct transport *, const char *kind);

/*
 * Authenticate t's peer by DANE (RFC 7672) instead of the CAs: the TLSA
 * records recs[0..n) (the usable ones are added; others are skipped) of
 * the TLSA base domain base, DANE-EE without name checks; DANE-TA with
 * the name tlsconn_wrap() was given.  Before the handshake.  The facts
 * then say which record matched (dane_match), or the verification error
 * why none did.  Returns 0, or -1 when OpenSSL refuses them all.
 */
int			 tlsconn_dane(struct transport *, const char *base,
			    const struct tlsa *recs, size_t n);

/* The OpenSSL SSL of t (an SSL *, for tls/dane.c); NULL if not TLS. */
void			*tlsconn_ssl(const struct transport *);

/* Nonzero when t is a TLS transport made by tlsconn_wrap(). */
int			 tlsconn_is(const struct transport *);

#endif
