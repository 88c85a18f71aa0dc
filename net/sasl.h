/*
 * sasl.h: the client side of SMTP AUTH (RFC 4954) mechanisms.  Sans-I/O:
 * it takes the base64 text of 334 challenges and returns base64 lines to
 * send; the caller does the SMTP.  Secrets are copied and zeroed.
 */
#ifndef SMTPCLI_SASL_H
#define SMTPCLI_SASL_H

#include <stddef.h>

#define SASL_ERR	(-1)
#define SASL_ERR_MAX	200
#define SASL_CHALLENGE_MAX	12288	/* base64 octets (RFC 4954 4) */

enum sasl_mech {
	SASL_PLAIN,		/* RFC 4616 */
	SASL_LOGIN,		/* de facto: "Username:", "Password:" */
	SASL_CRAM_MD5,		/* RFC 2195 */
	SASL_SCRAM_SHA_1,	/* RFC 5802, no channel binding */
	SASL_SCRAM_SHA_256,	/* RFC 7677, no channel binding */
	SASL_XOAUTH2,		/* Google and Microsoft */
	SASL_OAUTHBEARER,	/* RFC 7628 */
	SASL_MECH_MAX
};

struct sasl;

/* The mechanism named name (case-blind), or -1. */
int		 sasl_mech_parse(const char *name);

/* The IANA name of a mechanism ("SCRAM-SHA-256"); "?" when out of range. */
const char	*sasl_mech_name(enum sasl_mech);

/*
 * The strongest mechanism in advertised (the AUTH keyword's parameters,
 * space-separated, case-blind) in the order SCRAM-SHA-256, SCRAM-SHA-1,
 * CRAM-MD5, PLAIN, LOGIN; -1 when none of them is there.  The bearer
 * mechanisms take a token, not a password, so they are never picked.
 */
int		 sasl_mech_pick(const char *advertised);

/*
 * A new exchange.  user is the authentication identity, secret the
 * password (the token for XOAUTH2 and OAUTHBEARER), authzid the identity
 * to act as or NULL; host and port (NULL, 0: left out) only go into
 * OAUTHBEARER.  The strings are copied and the copies zeroed by
 * sasl_free.  Returns NULL and sets *errstr (static) when out of memory
 * or the arguments do not suit the mechanism: an empty user or secret,
 * a control character anywhere, an authzid with LOGIN, CRAM-MD5 or
 * XOAUTH2.  OAUTHBEARER needs no user; its a= is authzid, else user.
 *
 * SASLprep (RFC 4013) is simplified here: control characters are refused
 * and UTF-8 passes as it is, without the mapping and normalisation.
 */
struct sasl	*sasl_new(enum sasl_mech, const char *user,
		    const char *secret, const char *authzid, const char *host,
		    int port, const char **errstr);

/* Zero every secret and every response, then free.  NULL is fine. */
void		 sasl_free(struct sasl *);

/*
 * SCRAM only, before the first message: use nonce as the client nonce
 * (1..64 printable ASCII characters but ',') instead of 18 random octets
 * from RAND_bytes, for test vectors.  Returns 0 or -1.
 */
int		 sasl_set_nonce(struct sasl *, const char *nonce);

/*
 * SCRAM only: refuse server iteration counts above max (1..1000000, the
 * default).  A high count costs us time; the fuzzer sets it low.
 */
int		 sasl_set_iter_max(struct sasl *, unsigned long max);

/*
 * SCRAM only: accept iteration counts from min (1..4096) instead of the
 * 4096 of RFC 7677.  For the fuzzer alone (scram_set_iter_min()).
 */
int		 sasl_set_iter_min(struct sasl *, unsigned long min);

/*
 * The initial response for "AUTH MECH <out>": *out is its base64 ("="
 * when empty, RFC 4954 4), *outlen its length; or *out is NULL when the
 * mechanism has none (LOGIN, CRAM-MD5), and "AUTH MECH" goes alone.
 * Not calling this is fine too: a first, empty challenge then gets the
 * initial response from sasl_step.  Returns 0, or SASL_ERR.
 *
 * *out belongs to the sasl: it stays valid until the next sasl_initial,
 * sasl_step or sasl_free, which zero it first.
 */
int		 sasl_initial(struct sasl *, const char **out,
		    size_t *outlen);

/*
 * Answer one 334 challenge: b64 is the text after "334 " as received (len
 * octets, no CRLF).  *out is the base64 response line, possibly empty,
 * owned as above.  Returns 0, or SASL_ERR with a one-line sasl_error when
 * the challenge is not base64, not valid for the mechanism or its state,
 * "e=" from a SCRAM server, or a SCRAM server signature that does not
 * match: the caller then cancels with "*" (RFC 4954 4).  After an error
 * every further step fails.
 *
 * XOAUTH2 and OAUTHBEARER: a challenge after the token is the server's
 * JSON error; it is kept (sasl_oauth_error) and answered with the
 * expected empty line (XOAUTH2) or %x01 (OAUTHBEARER, RFC 7628 3.2.3),
 * after which the server sends 535.
 */
int		 sasl_step(struct sasl *, const char *b64, size_t len,
		    const char **out, size_t *outlen);

/*
 * After 235: nonzero when the client sent everything the mechanism needs
 * and, for SCRAM, the server's signature was verified.  Zero after an
 * OAuth error challenge, or when a SCRAM server says 235 without having
 * proved that it knows the password: treat that as a failure.
 */
int		 sasl_done_ok(const struct sasl *);

/*
 * After a failed sasl_step: nonzero when it failed as authentication
 * rather than as syntax: a SCRAM iteration count below 4096 (refused
 * before any proof is sent), or a SCRAM server-final that does not prove
 * the server knows the password (signature wrong, missing, not base64,
 * e=).  A 235 without that proof (sasl_done_ok() zero) is the same
 * failure for the caller.
 */
int		 sasl_auth_failed(const struct sasl *);

/*
 * The decoded JSON of an OAuth error challenge, or NULL: raw server
 * octets up to the first NUL, to be escaped before printing.
 */
const char	*sasl_oauth_error(const struct sasl *);

/* The last error, one printable line; "" when none. */
const char	*sasl_error(const struct sasl *);

#endif
