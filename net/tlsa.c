/*
 * tlsa.c: TLSA records: parse, judge, match, print.  Pure; OpenSSL's
 * EVP digests are the only library used.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "tlsa.h"

int
tlsa_parse(const unsigned char *rd, size_t len, struct tlsa *t,
    const char **why)
{
	memset(t, 0, sizeof(*t));
	if (len < 4) {
		*why = "TLSA record shorter than 4 octets";
		return -1;
	}
	if (len - 3 > TLSA_DATA_MAX) {
		*why = "TLSA record data longer than smtpcli keeps";
		return -1;
	}
	t->usage = rd[0];
	t->selector = rd[1];
	t->mtype = rd[2];
	t->len = len - 3;
	memcpy(t->data, rd + 3, t->len);
	return 0;
}

enum tlsa_unusable
tlsa_usable(const struct tlsa *t)
{
	if (t->usage == TLSA_PKIX_TA || t->usage == TLSA_PKIX_EE)
		return TLSA_UNUSABLE_PKIX;
	if (t->usage > TLSA_DANE_EE)
		return TLSA_UNUSABLE_USAGE;
	if (t->selector > TLSA_SEL_SPKI)
		return TLSA_UNUSABLE_SELECTOR;
	if (t->mtype > TLSA_MATCH_SHA512)
		return TLSA_UNUSABLE_MTYPE;
	if (t->len == 0 || (t->mtype == TLSA_MATCH_SHA256 && t->len != 32) ||
	    (t->mtype == TLSA_MATCH_SHA512 && t->len != 64))
		return TLSA_UNUSABLE_LENGTH;
	return TLSA_USABLE;
}

const char *
tlsa_unusable_words(enum tlsa_unusable u)
{
	static const char *const words[] = {
		[TLSA_USABLE] = "",
		[TLSA_UNUSABLE_PKIX] = "usage 0 (PKIX-TA) and 1 (PKIX-EE) "
		    "are not for SMTP: senders treat them as unusable",
		[TLSA_UNUSABLE_USAGE] = "unknown certificate usage",
		[TLSA_UNUSABLE_SELECTOR] = "unknown selector",
		[TLSA_UNUSABLE_MTYPE] = "unknown matching type",
		[TLSA_UNUSABLE_LENGTH] = "the data is not a digest of the "
		    "length its matching type gives (SHA-256: 32 octets, "
		    "SHA-512: 64)",
	};
	_Static_assert(sizeof(words) / sizeof(words[0]) ==
	    TLSA_UNUSABLE_MAX, "words for every reason");

	return (unsigned)u < TLSA_UNUSABLE_MAX ? words[u] : "?";
}

static int
tlsa_digest(unsigned int mtype, const unsigned char *der, size_t len,
    unsigned char *md, unsigned int *mdlen)
{
	const EVP_MD	*alg;

	alg = mtype == TLSA_MATCH_SHA256 ? EVP_sha256() :
	    mtype == TLSA_MATCH_SHA512 ? EVP_sha512() : NULL;
	if (alg == NULL)
		return -1;
	return EVP_Digest(der, len, md, mdlen, alg, NULL) == 1 ? 0 : -1;
}

int
tlsa_match(const struct tlsa *t, const unsigned char *der, size_t len)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;

	if (tlsa_usable(t) != TLSA_USABLE)
		return 0;
	if (t->mtype == TLSA_MATCH_FULL)
		return t->len == len && memcmp(t->data, der, len) == 0;
	if (tlsa_digest(t->mtype, der, len, md, &mdlen) == -1)
		return 0;
	return mdlen == t->len && memcmp(md, t->data, mdlen) == 0;
}

int
tlsa_make(struct tlsa *t, unsigned int usage, unsigned int selector,
    unsigned int mtype, const unsigned char *der, size_t len)
{
	unsigned int	 mdlen = 0;

	memset(t, 0, sizeof(*t));
	t->usage = usage;
	t->selector = selector;
	t->mtype = mtype;
	if (tlsa_digest(mtype, der, len, t->data, &mdlen) == -1)
		return -1;
	t->len = mdlen;
	return 0;
}

void
tlsa_format(const struct tlsa *t, char *out, size_t outlen, size_t maxhex)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 w, i;
	int			 n;

	if (outlen == 0)
		return;
	n = snprintf(out, outlen, "%u %u %u ", t->usage, t->selector,
	    t->mtype);
	if (n < 0 || (size_t)n >= outlen)
		return;
	w = (size_t)n;
	if (w + 4 > outlen)
		return;
	for (i = 0; i < t->len; i++) {
		if ((maxhex > 0 && 2 * (i + 1) > maxhex) || w + 6 > outlen) {
			memcpy(out + w, "...", 4);
			return;
		}
		out[w++] = hex[t->data[i] >> 4];
		out[w++] = hex[t->data[i] & 15];
	}
	out[w] = '\0';
}

const char *
tlsa_usage_name(unsigned int usage, char *buf, size_t len)
{
	static const char *const names[] = { "PKIX-TA", "PKIX-EE", "DANE-TA",
	    "DANE-EE" };

	if (usage < 4)
		return names[usage];
	snprintf(buf, len, "usage %u", usage);
	return buf;
}

int
tlsa_eq(const struct tlsa *a, const struct tlsa *b)
{
	return a->usage == b->usage && a->selector == b->selector &&
	    a->mtype == b->mtype && a->len == b->len &&
	    memcmp(a->data, b->data, a->len) == 0;
}
