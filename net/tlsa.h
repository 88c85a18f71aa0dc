/*
 * tlsa.h: TLSA records (RFC 6698, 7671; for SMTP RFC 7672): the RDATA
 * parsed, whether a record is usable for SMTP, matching one against the
 * DER of a certificate or of its public key, and the presentation form
 * ("3 1 1 <hex>").  Pure: OpenSSL only for the digests.
 */
#ifndef SMTPCLI_TLSA_H
#define SMTPCLI_TLSA_H

#include <stddef.h>

#define TLSA_DATA_MAX	4096	/* association data kept (a full cert) */

/* Certificate usages (RFC 6698 s2.1.1) */
#define TLSA_PKIX_TA	0
#define TLSA_PKIX_EE	1
#define TLSA_DANE_TA	2
#define TLSA_DANE_EE	3

/* Selectors and matching types */
#define TLSA_SEL_CERT	0
#define TLSA_SEL_SPKI	1
#define TLSA_MATCH_FULL	0
#define TLSA_MATCH_SHA256 1
#define TLSA_MATCH_SHA512 2

struct tlsa {
	unsigned int	 usage;
	unsigned int	 selector;
	unsigned int	 mtype;
	size_t		 len;
	unsigned char	 data[TLSA_DATA_MAX];
};

/* Why a record cannot be used for SMTP (tlsa_usable()). */
enum tlsa_unusable {
	TLSA_USABLE,
	TLSA_UNUSABLE_PKIX,	/* usage 0 or 1: not for SMTP (RFC 7672 s3.1.3) */
	TLSA_UNUSABLE_USAGE,	/* usage above 3 */
	TLSA_UNUSABLE_SELECTOR,	/* selector above 1 */
	TLSA_UNUSABLE_MTYPE,	/* matching type above 2 */
	TLSA_UNUSABLE_LENGTH,	/* digest of the wrong length, or empty */
	TLSA_UNUSABLE_MAX
};

/*
 * Parse TLSA RDATA rd[0..len).  Returns 0, or -1 with *why (static) when
 * it is shorter than 4 octets or its data exceeds TLSA_DATA_MAX.
 */
int		 tlsa_parse(const unsigned char *rd, size_t len,
		    struct tlsa *, const char **why);

/* Whether the record is usable for SMTP, and if not why (RFC 7672 s3). */
enum tlsa_unusable tlsa_usable(const struct tlsa *);

/* Why a record is unusable, in words; "" for TLSA_USABLE. */
const char	*tlsa_unusable_words(enum tlsa_unusable);

/*
 * Nonzero when the record's data matches der[0..len): the DER of the
 * whole certificate for selector 0, of its SubjectPublicKeyInfo for
 * selector 1 (the caller gives the one the selector names).  An unusable
 * record never matches.
 */
int		 tlsa_match(const struct tlsa *, const unsigned char *der,
		    size_t len);

/*
 * Make the record usage/selector/mtype (mtype 1 or 2) for der, as the
 * one to publish.  Returns 0, or -1 when mtype is not a digest or the
 * digest fails.
 */
int		 tlsa_make(struct tlsa *, unsigned int usage,
		    unsigned int selector, unsigned int mtype,
		    const unsigned char *der, size_t len);

/*
 * The record in presentation form, "3 1 1 8f3a...", cut with "..." to
 * at most maxhex hex digits of data (0: all that fits outlen).
 */
void		 tlsa_format(const struct tlsa *, char *out, size_t outlen,
		    size_t maxhex);

/* "PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE", "usage N" (buf). */
const char	*tlsa_usage_name(unsigned int usage, char *buf, size_t len);

/* Two records equal in every field. */
int		 tlsa_eq(const struct tlsa *, const struct tlsa *);

#endif
