/*
 * scram.h: the client side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802,
 * RFC 7677) without channel binding.  Pure: SCRAM messages (not base64)
 * in, SCRAM messages out; OpenSSL does the digests, HMAC and PBKDF2.
 */
#ifndef SMTPCLI_SCRAM_H
#define SMTPCLI_SCRAM_H

#include <stddef.h>

#define SCRAM_NONCE_MAX		64	/* client nonce, printable ASCII */
#define SCRAM_NONCE_RAND	18	/* random octets in a client nonce */
#define SCRAM_ITER_MAX		1000000UL	/* default bound on i= */
#define SCRAM_ITER_MIN		4096UL	/* RFC 7677 4: at least 4096 */
#define SCRAM_ERR_MAX		160

enum scram_hash {
	SCRAM_SHA_1,
	SCRAM_SHA_256,
	SCRAM_HASH_MAX
};

struct scram;

/*
 * A new exchange for user (authentication identity), pass and an optional
 * authzid (NULL: none), copied; pass is zeroed as soon as the proof is
 * computed and again by scram_free.  The strings must already be checked
 * for control characters (sasl_new does).  NULL when out of memory.
 */
struct scram	*scram_new(enum scram_hash, const char *user,
		    const char *pass, const char *authzid);

/*
 * RFC 5802 saslname (also RFC 5801's, for OAUTHBEARER's gs2 header): a
 * new string with "," as "=2C" and "=" as "=3D"; NULL when out of memory.
 */
char		*scram_escape(const char *);

/* Zero every secret and derived key, then free. */
void		 scram_free(struct scram *);

/*
 * Use nonce instead of a random one (tests, reproducible fuzzing).  Only
 * before scram_client_first; the nonce must be 1..SCRAM_NONCE_MAX
 * printable ASCII characters other than ','.  Returns 0 or -1.
 */
int		 scram_set_nonce(struct scram *, const char *nonce);

/* Refuse server iteration counts above max (1..SCRAM_ITER_MAX). */
int		 scram_set_iter_max(struct scram *, unsigned long max);

/*
 * Accept server iteration counts from min (1..SCRAM_ITER_MIN) instead of
 * SCRAM_ITER_MIN.  For the fuzzer only, which cannot afford 4096 rounds
 * of PBKDF2 per input; nothing that talks to a server calls it.
 */
int		 scram_set_iter_min(struct scram *, unsigned long min);

/*
 * The client-first-message.  *out is allocated, NUL-terminated, *outlen
 * its length; the caller frees it.  Returns 0, or -1 (scram_error says
 * why: out of sequence, no randomness, out of memory).
 */
int		 scram_client_first(struct scram *, char **out,
		    size_t *outlen);

/*
 * Take the server-first-message (len octets, not NUL-terminated) and
 * make the client-final-message with the proof, allocated as above; the
 * caller must explicit_bzero and free it.  Returns -1 when the message is
 * malformed (missing r=, s=, i=; a nonce that does not extend ours; an
 * iteration count above the bound; a mandatory extension m=), when the
 * iteration count is below SCRAM_ITER_MIN (a weak hash the server would
 * let an eavesdropper attack: refused before any proof is made; counts
 * as an authentication failure, scram_auth_failed()) or a digest fails.
 */
int		 scram_client_final(struct scram *, const char *msg,
		    size_t len, char **out, size_t *outlen);

/*
 * Check the server-final-message.  Returns 0 when it carries the server
 * signature we expect, -1 when the signature differs, the server sent
 * "e=" (the error is in scram_error) or the message is malformed: every
 * one of them an authentication failure (scram_auth_failed()), since the
 * server did not prove that it knows the password.
 */
int		 scram_server_final(struct scram *, const char *msg,
		    size_t len);

/*
 * Nonzero when the exchange failed as authentication, not as syntax: an
 * iteration count below SCRAM_ITER_MIN, or a server-final-message that
 * does not carry the signature we expect (wrong, missing, e=).
 */
int		 scram_auth_failed(const struct scram *);

/* Nonzero once scram_server_final verified the server's signature. */
int		 scram_verified(const struct scram *);

/* The last error, one line; "" when none. */
const char	*scram_error(const struct scram *);

#endif
