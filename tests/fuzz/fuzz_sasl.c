/*
 * fuzz_sasl.c: libFuzzer target for the SASL client core.  The first
 * byte picks the mechanism and how to drive it.
 *
 * Raw mode: the rest is challenges separated by '\n', each sent as is or
 * base64-encoded first, so that both the decoder and the mechanisms'
 * parsers are reached.
 *
 * Structured mode (FUZZ_STRUCT): the exchanges a server controls, with
 * the harness's own SCRAM arithmetic (written apart from scram.c) as the
 * oracle.  SCRAM: the input's first part is the server-first after
 * "r=fuzz"; when the client takes it, its proof must be the one the
 * harness computes from the same r=, s= and i=, and an i= below the
 * minimum must have been refused with no response and as an
 * authentication failure.  The second part picks the server-final: the
 * right signature, it with one bit flipped, it truncated or extended, or
 * raw bytes; only the right one may be accepted, and every other one
 * fails as an authentication failure.  XOAUTH2 and OAUTHBEARER: each
 * part is an error challenge; the first is answered with the empty line
 * (XOAUTH2) or %x01 and kept up to its first NUL, never ok; the next
 * one fails.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"
#include "sasl.h"

#define FUZZ_INITIAL	0x08	/* call sasl_initial first */
#define FUZZ_ENCODE	0x10	/* base64-encode each challenge */
#define FUZZ_STRUCT	0x20	/* structured mode */
#define FUZZ_MIN8	0x40	/* structured SCRAM: iteration minimum 8 */
#define FUZZ_PASS	"pencil"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every response must be base64 that decodes. */
static void
fuzz_check_out(const char *out, size_t len)
{
	unsigned char	*buf;

	if (out == NULL)
		return;
	if (strlen(out) != len)
		__builtin_trap();
	if (len == 1 && out[0] == '=')
		return;
	if ((buf = malloc(BASE64_DECLEN(len))) == NULL)
		return;
	if (base64_decode(out, len, buf) < 0)
		__builtin_trap();
	free(buf);
}

static void
fuzz_raw(const uint8_t *data, size_t size)
{
	struct sasl	*s;
	const char	*out, *err, *p, *end, *nl;
	char		*b64;
	size_t		 outlen, len;
	int		 mech, rc;

	mech = (data[0] & 7) % SASL_MECH_MAX;
	if ((s = sasl_new(mech, "user", "pencil", NULL, "h", 25,
	    &err)) == NULL)
		__builtin_trap();
	/*
	 * A fixed nonce, so that seeds can extend it, and few iterations,
	 * so that a large i= does not stall the fuzzer (the minimum of 4096
	 * lowered to 1, or no input would ever reach the proof).
	 */
	if ((mech == SASL_SCRAM_SHA_1 || mech == SASL_SCRAM_SHA_256) &&
	    (sasl_set_nonce(s, "fuzz") == -1 ||
	    sasl_set_iter_max(s, 64) == -1 || sasl_set_iter_min(s, 1) == -1))
		__builtin_trap();
	if (data[0] & FUZZ_INITIAL) {
		if (sasl_initial(s, &out, &outlen) == 0)
			fuzz_check_out(out, outlen);
	}
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		if (data[0] & FUZZ_ENCODE) {
			if ((b64 = malloc(BASE64_ENCLEN(len))) == NULL)
				break;
			base64_encode(p, len, b64);
			rc = sasl_step(s, b64, strlen(b64), &out, &outlen);
			free(b64);
		} else
			rc = sasl_step(s, p, len, &out, &outlen);
		if (rc == 0)
			fuzz_check_out(out, outlen);
		else if (out != NULL || *sasl_error(s) == '\0')
			__builtin_trap();
		(void)sasl_done_ok(s);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	sasl_free(s);
}

/* One part of the input: up to the next '\n' or the end. */
static const char *
fuzz_part(const char **p, const char *end, size_t *len)
{
	const char	*start = *p, *nl;

	if (start > end)
		return NULL;
	nl = memchr(start, '\n', (size_t)(end - start));
	*len = (size_t)((nl != NULL ? nl : end) - start);
	*p = nl != NULL ? nl + 1 : end + 1;
	return start;
}

/* Step with raw octets, base64-encoded here. */
static int
fuzz_step(struct sasl *s, const void *raw, size_t len, const char **out,
    size_t *outlen)
{
	char	*b64;
	int	 rc;

	if ((b64 = malloc(BASE64_ENCLEN(len))) == NULL)
		abort();
	base64_encode(raw, len, b64);
	rc = sasl_step(s, b64, strlen(b64), out, outlen);
	free(b64);
	if (rc == 0)
		fuzz_check_out(*out, *outlen);
	else if (*out != NULL || *sasl_error(s) == '\0')
		__builtin_trap();
	return rc;
}

/* The decoded response, NUL-terminated; the caller frees it. */
static char *
fuzz_decoded(const char *out, size_t len, size_t *n)
{
	char	*d;
	long	 k;

	if ((d = malloc(BASE64_DECLEN(len) + 1)) == NULL)
		abort();
	if ((k = base64_decode(out, len, (unsigned char *)d)) < 0)
		__builtin_trap();
	d[k] = '\0';
	*n = (size_t)k;
	return d;
}

/*
 * The harness's reading of a server-first the client took: r=, s=, i=
 * in this order (RFC 5802 5.1), anything after i= ignored; salt has room
 * for BASE64_DECLEN(strlen(sf)).  0, or -1 when it does not parse, which
 * must not happen for one the client took.
 */
static int
fuzz_parse_first(const char *sf, unsigned char *salt, size_t *saltlen,
    unsigned long *iter)
{
	const char	*p = sf, *v;
	size_t		 n;
	long		 k;

	if (strncmp(p, "r=", 2) != 0 || (p = strchr(p, ',')) == NULL ||
	    strncmp(++p, "s=", 2) != 0)
		return -1;
	v = p + 2;
	n = strcspn(v, ",");
	if ((k = base64_decode(v, n, salt)) <= 0)
		return -1;
	*saltlen = (size_t)k;
	p = v + n;
	if (strncmp(p, ",i=", 3) != 0)
		return -1;
	*iter = 0;
	for (p += 3; *p >= '0' && *p <= '9'; p++) {
		*iter = *iter * 10 + (unsigned long)(*p - '0');
		if (*iter > 64)
			return -1;
	}
	return *p == '\0' || *p == ',' ? 0 : -1;
}

struct fuzz_keys {
	unsigned char	 proof[EVP_MAX_MD_SIZE];
	unsigned char	 ssig[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
};

/* RFC 5802 3, again: the proof and the server signature. */
static void
fuzz_scram_keys(const EVP_MD *md, const unsigned char *salt, size_t saltlen,
    unsigned long iter, const char *authmsg, struct fuzz_keys *k)
{
	unsigned char	 salted[EVP_MAX_MD_SIZE], ckey[EVP_MAX_MD_SIZE];
	unsigned char	 stored[EVP_MAX_MD_SIZE], skey[EVP_MAX_MD_SIZE];
	unsigned int	 n, i;

	k->mdlen = (unsigned int)EVP_MD_get_size(md);
	if (PKCS5_PBKDF2_HMAC(FUZZ_PASS, (int)strlen(FUZZ_PASS), salt,
	    (int)saltlen, (int)iter, md, (int)k->mdlen, salted) != 1 ||
	    HMAC(md, salted, (int)k->mdlen, (const unsigned char *)
	    "Client Key", 10, ckey, &n) == NULL ||
	    EVP_Digest(ckey, k->mdlen, stored, &n, md, NULL) != 1 ||
	    HMAC(md, stored, (int)k->mdlen, (const unsigned char *)authmsg,
	    strlen(authmsg), k->proof, &n) == NULL ||
	    HMAC(md, salted, (int)k->mdlen, (const unsigned char *)
	    "Server Key", 10, skey, &n) == NULL ||
	    HMAC(md, skey, (int)k->mdlen, (const unsigned char *)authmsg,
	    strlen(authmsg), k->ssig, &n) == NULL)
		abort();
	for (i = 0; i < k->mdlen; i++)
		k->proof[i] ^= ckey[i];
}

/* The server-final the second part asks for; returns its length. */
static size_t
fuzz_final(const struct fuzz_keys *k, const char *sel, size_t sellen,
    char *buf, size_t size, int *right)
{
	unsigned char	 sig[EVP_MAX_MD_SIZE];
	char		 b64[BASE64_ENCLEN(EVP_MAX_MD_SIZE)];
	size_t		 n, cut;
	int		 how = sellen > 0 ? (unsigned char)sel[0] % 5 : 0;

	memcpy(sig, k->ssig, k->mdlen);
	*right = 0;
	switch (how) {
	case 0:				/* the right one */
		*right = 1;
		break;
	case 1:				/* one bit off */
		if (sellen > 1)
			sig[(unsigned char)sel[1] % k->mdlen] ^=
			    (unsigned char)(1 << ((unsigned char)sel[1] >> 5));
		else
			sig[0] ^= 1;
		break;
	case 4:				/* raw bytes */
		n = sellen - 1 < size ? sellen - 1 : size;
		memcpy(buf, sel + 1, n);
		return n;
	default:
		break;
	}
	base64_encode(sig, k->mdlen, b64);
	n = (size_t)snprintf(buf, size, "v=%s", b64);
	if (how == 2) {			/* cut short */
		cut = sellen > 1 ? (unsigned char)sel[1] % n : 0;
		n = cut;
	} else if (how == 3 && sellen > 1 && n + sellen - 1 < size) {
		/* extended: still right after a comma (RFC 5802 7), no NUL */
		memcpy(buf + n, sel + 1, sellen - 1);
		*right = sel[1] == ',' && memchr(sel + 1, '\0', sellen - 1) ==
		    NULL;
		n += sellen - 1;
	} else if (how == 3)
		*right = 1;
	return n;
}

static void
fuzz_scram(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data + 1, *end = p + size - 1;
	const char	*part, *out, *pp, *bare = "n=user,r=fuzz";
	char		*sf, *cf, *authmsg, fin[512];
	unsigned char	*salt, proof[EVP_MAX_MD_SIZE];
	struct fuzz_keys k;
	struct sasl	*s;
	const EVP_MD	*md;
	const char	*err;
	size_t		 len, outlen, n, saltlen, flen;
	unsigned long	 iter, min = (data[0] & FUZZ_MIN8) ? 8 : 1;
	long		 plen;
	int		 mech, right, rc;

	mech = data[0] & 1 ? SASL_SCRAM_SHA_256 : SASL_SCRAM_SHA_1;
	md = mech == SASL_SCRAM_SHA_256 ? EVP_sha256() : EVP_sha1();
	if ((s = sasl_new(mech, "user", FUZZ_PASS, NULL, "h", 25,
	    &err)) == NULL || sasl_set_nonce(s, "fuzz") == -1 ||
	    sasl_set_iter_max(s, 64) == -1 || sasl_set_iter_min(s, min) == -1)
		__builtin_trap();
	if (sasl_initial(s, &out, &outlen) == -1)
		__builtin_trap();
	if ((part = fuzz_part(&p, end, &len)) == NULL)
		goto done;
	if ((sf = malloc(len + 7)) == NULL ||
	    (salt = malloc(BASE64_DECLEN(len + 6))) == NULL)
		abort();
	memcpy(sf, "r=fuzz", 6);
	memcpy(sf + 6, part, len);
	sf[len + 6] = '\0';
	rc = fuzz_step(s, sf, len + 6, &out, &outlen);
	if (rc != 0) {
		/* refused: an auth failure only for a weak count */
		if (sasl_auth_failed(s) && (memchr(sf, '\0', len + 6) != NULL ||
		    fuzz_parse_first(sf, salt, &saltlen, &iter) == -1 ||
		    iter >= min))
			__builtin_trap();
		free(salt);
		free(sf);
		goto done;
	}
	/* taken: the harness reads it the same way, the count is enough */
	if (memchr(sf, '\0', len + 6) != NULL ||
	    fuzz_parse_first(sf, salt, &saltlen, &iter) == -1 || iter < min ||
	    iter == 0)
		__builtin_trap();
	cf = fuzz_decoded(out, outlen, &n);
	/* c=biws,r=<server nonce>,p=<proof> */
	if ((pp = strstr(cf, ",p=")) == NULL || strncmp(cf, "c=biws,r=", 9) ||
	    strncmp(cf + 9, sf + 2, strcspn(sf + 2, ",")) != 0)
		__builtin_trap();
	if ((authmsg = malloc(strlen(bare) + strlen(sf) + n + 3)) == NULL)
		abort();
	snprintf(authmsg, strlen(bare) + strlen(sf) + n + 3, "%s,%s,%.*s",
	    bare, sf, (int)(pp - cf), cf);
	fuzz_scram_keys(md, salt, saltlen, iter, authmsg, &k);
	plen = base64_decode(pp + 3, strlen(pp + 3), proof);
	if (plen != (long)k.mdlen || memcmp(proof, k.proof, k.mdlen) != 0)
		__builtin_trap();		/* a wrong proof */
	free(authmsg);
	free(cf);
	free(salt);
	free(sf);
	part = fuzz_part(&p, end, &len);
	flen = fuzz_final(&k, part != NULL ? part : "", part != NULL ? len : 0,
	    fin, sizeof(fin), &right);
	rc = fuzz_step(s, fin, flen, &out, &outlen);
	if (right && (rc != 0 || outlen != 0 || !sasl_done_ok(s)))
		__builtin_trap();
	if (rc == 0 && !right)
		__builtin_trap();	/* taken: it must have been the one */
	if (rc != 0 && (!sasl_auth_failed(s) || sasl_done_ok(s)))
		__builtin_trap();
done:
	sasl_free(s);
}

static void
fuzz_oauth(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data + 1, *end = p + size - 1;
	const char	*part, *out, *err;
	struct sasl	*s;
	size_t		 len, outlen, i;
	int		 mech, rc;

	mech = data[0] & 1 ? SASL_OAUTHBEARER : SASL_XOAUTH2;
	if ((s = sasl_new(mech, "user", "tok", NULL, "h", 25, &err)) == NULL)
		__builtin_trap();
	if (sasl_initial(s, &out, &outlen) == -1 || !sasl_done_ok(s))
		__builtin_trap();
	for (i = 0; (part = fuzz_part(&p, end, &len)) != NULL; i++) {
		rc = fuzz_step(s, part, len, &out, &outlen);
		if (i == 0) {
			/* the error: the empty line or %x01, kept, not ok */
			if (rc != 0 || sasl_done_ok(s) ||
			    (mech == SASL_XOAUTH2 ? outlen != 0 :
			    strcmp(out, "AQ==") != 0) ||
			    sasl_oauth_error(s) == NULL ||
			    strlen(sasl_oauth_error(s)) != strnlen(part, len) ||
			    memcmp(sasl_oauth_error(s), part,
			    strlen(sasl_oauth_error(s))) != 0)
				__builtin_trap();
		} else if (rc == 0 || sasl_done_ok(s))
			__builtin_trap();	/* after the error, nothing */
	}
	sasl_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (!(data[0] & FUZZ_STRUCT))
		fuzz_raw(data, size);
	else if (data[0] & 2)
		fuzz_oauth(data, size);
	else
		fuzz_scram(data, size);
	return 0;
}
