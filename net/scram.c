/*
 * scram.c: SCRAM client messages and proofs (RFC 5802 sections 3, 5 and
 * 7; RFC 7677 for SHA-256).  No channel binding: the gs2 header is "n,,"
 * or "n,a=authzid,", so c= is always the base64 of that header.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "base64.h"
#include "scram.h"

enum scram_state {
	SCRAM_S_START,		/* nothing sent */
	SCRAM_S_FIRST,		/* client-first-message sent */
	SCRAM_S_FINAL,		/* client-final-message sent */
	SCRAM_S_VERIFIED,	/* the server signature matched */
	SCRAM_S_FAILED,		/* an error: nothing more to do */
	SCRAM_STATE_MAX
};

static const char *const scram_state_names[] = {
	[SCRAM_S_START] = "start",
	[SCRAM_S_FIRST] = "client-first sent",
	[SCRAM_S_FINAL] = "client-final sent",
	[SCRAM_S_VERIFIED] = "verified",
	[SCRAM_S_FAILED] = "failed",
};
_Static_assert(sizeof(scram_state_names) / sizeof(scram_state_names[0]) ==
    SCRAM_STATE_MAX, "scram_state_names must cover every state");

/* OpenSSL's names for the digests. */
static const char *const scram_hash_names[] = {
	[SCRAM_SHA_1] = "SHA1",
	[SCRAM_SHA_256] = "SHA256",
};
_Static_assert(sizeof(scram_hash_names) / sizeof(scram_hash_names[0]) ==
    SCRAM_HASH_MAX, "scram_hash_names must cover every hash");

/* A server signature longer than this in base64 cannot be ours. */
#define SCRAM_SIG64_MAX	128

struct scram {
	enum scram_state state;
	const EVP_MD	*md;
	size_t		 mdlen;
	char		*user;		/* saslname: ',' and '=' escaped */
	char		*gs2;		/* "n,," or "n,a=authzid," */
	char		*pass;
	char		 nonce[SCRAM_NONCE_MAX + 1];
	char		*first_bare;	/* client-first-message-bare */
	unsigned long	 iter_min, iter_max;
	int		 authfail;	/* the failure is authentication's */
	unsigned char	 server_sig[EVP_MAX_MD_SIZE];
	char		 err[SCRAM_ERR_MAX];
};

static void
scram_zfree(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Record an error; server text in it is made printable. */
static int
scram_fail(struct scram *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	for (p = s->err; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	s->state = SCRAM_S_FAILED;
	return -1;
}

/* Concatenate NULL-terminated arguments into a new string. */
static char *
scram_cat(size_t *lenp, ...)
{
	va_list		 ap;
	const char	*a;
	char		*buf;
	size_t		 len = 0, n;

	va_start(ap, lenp);
	while ((a = va_arg(ap, const char *)) != NULL)
		len += strlen(a);
	va_end(ap);
	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	len = 0;
	va_start(ap, lenp);
	while ((a = va_arg(ap, const char *)) != NULL) {
		n = strlen(a);
		memcpy(buf + len, a, n);
		len += n;
	}
	va_end(ap);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

char *
scram_escape(const char *in)
{
	const char	*p;
	char		*out, *o;
	size_t		 len = 0;

	for (p = in; *p != '\0'; p++)
		len += (*p == ',' || *p == '=') ? 3 : 1;
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	for (p = in, o = out; *p != '\0'; p++) {
		if (*p == ',' || *p == '=') {
			*o++ = '=';
			*o++ = *p == ',' ? '2' : '3';
			*o++ = *p == ',' ? 'C' : 'D';
		} else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

struct scram *
scram_new(enum scram_hash h, const char *user, const char *pass,
    const char *authzid)
{
	struct scram	*s;
	char		*az = NULL;

	if (h >= SCRAM_HASH_MAX || (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->state = SCRAM_S_START;
	s->iter_min = SCRAM_ITER_MIN;
	s->iter_max = SCRAM_ITER_MAX;
	if ((s->md = EVP_get_digestbyname(scram_hash_names[h])) == NULL)
		goto fail;
	s->mdlen = (size_t)EVP_MD_get_size(s->md);
	if ((s->user = scram_escape(user)) == NULL ||
	    (s->pass = strdup(pass)) == NULL)
		goto fail;
	if (authzid != NULL && (az = scram_escape(authzid)) == NULL)
		goto fail;
	s->gs2 = az != NULL ? scram_cat(NULL, "n,a=", az, ",", NULL) :
	    scram_cat(NULL, "n,,", NULL);
	free(az);
	if (s->gs2 == NULL)
		goto fail;
	return s;
fail:
	scram_free(s);
	return NULL;
}

void
scram_free(struct scram *s)
{
	if (s == NULL)
		return;
	scram_zfree(s->user);
	scram_zfree(s->gs2);
	scram_zfree(s->pass);
	scram_zfree(s->first_bare);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

static int
scram_nonce_char(char c)
{
	return c >= 0x21 && c <= 0x7e && c != ',';
}

int
scram_set_nonce(struct scram *s, const char *nonce)
{
	size_t	 i, len = strlen(nonce);

	if (s->state != SCRAM_S_START || len == 0 || len > SCRAM_NONCE_MAX)
		return -1;
	for (i = 0; i < len; i++)
		if (!scram_nonce_char(nonce[i]))
			return -1;
	memcpy(s->nonce, nonce, len + 1);
	return 0;
}

int
scram_set_iter_max(struct scram *s, unsigned long max)
{
	if (max == 0 || max > SCRAM_ITER_MAX)
		return -1;
	s->iter_max = max;
	return 0;
}

int
scram_set_iter_min(struct scram *s, unsigned long min)
{
	if (min == 0 || min > SCRAM_ITER_MIN)
		return -1;
	s->iter_min = min;
	return 0;
}

int
scram_client_first(struct scram *s, char **out, size_t *outlen)
{
	unsigned char	 raw[SCRAM_NONCE_RAND];

	_Static_assert(BASE64_ENCLEN(SCRAM_NONCE_RAND) <= SCRAM_NONCE_MAX + 1,
	    "a random nonce must fit");
	*out = NULL;
	if (s->state != SCRAM_S_START)
		return scram_fail(s, "client-first-message out of sequence "
		    "(%s)", scram_state_names[s->state]);
	if (s->nonce[0] == '\0') {
		/* base64 never yields ',' and is printable: a valid nonce */
		if (RAND_bytes(raw, sizeof(raw)) != 1)
			return scram_fail(s, "no random bytes for the nonce");
		base64_encode(raw, sizeof(raw), s->nonce);
	}
	if ((s->first_bare = scram_cat(NULL, "n=", s->user, ",r=", s->nonce,
	    NULL)) == NULL ||
	    (*out = scram_cat(outlen, s->gs2, s->first_bare, NULL)) == NULL)
		return scram_fail(s, "out of memory");
	s->state = SCRAM_S_FIRST;
	return 0;
}

/*
 * If the attribute at *pp is name=, point val at its value (vlen octets)
 * and move *pp past it and its comma.
 */
static int
scram_attr(const char **pp, char name, const char **val, size_t *vlen)
{
	const char	*p = *pp;

	if (p[0] != name || p[1] != '=')
		return -1;
	*val = p + 2;
	*vlen = strcspn(*val, ",");
	p = *val + *vlen;
	*pp = *p == ',' ? p + 1 : p;
	return 0;
}

/* Copy len octets of a message; -1 when it holds a NUL. */
static char *
scram_copy(struct scram *s, const char *what, const char *msg, size_t len)
{
	char	*p;

	if (memchr(msg, '\0', len) != NULL) {
		scram_fail(s, "%s contains a NUL", what);
		return NULL;
	}
	if ((p = malloc(len + 1)) == NULL) {
		scram_fail(s, "out of memory");
		return NULL;
	}
	memcpy(p, msg, len);
	p[len] = '\0';
	return p;
}

/* Check r=, s= and i= of the server-first-message. */
static int
scram_parse_first(struct scram *s, const char *sf, char **snonce,
    unsigned char **salt, size_t *saltlen, unsigned long *iter)
{
	const char	*p = sf, *v;
	size_t		 vlen, i, clen = strlen(s->nonce);
	long		 n;

	if (p[0] == 'm' && p[1] == '=')
		return scram_fail(s, "server requires an unsupported "
		    "extension (m=)");
	if (scram_attr(&p, 'r', &v, &vlen) == -1)
		return scram_fail(s, "server-first-message has no nonce (r=)");
	for (i = 0; i < vlen; i++)
		if (!scram_nonce_char(v[i]))
			return scram_fail(s, "server nonce (r=) has a "
			    "character not allowed");
	if (vlen <= clen || memcmp(v, s->nonce, clen) != 0)
		return scram_fail(s, "server nonce (r=) does not extend ours");
	if ((*snonce = malloc(vlen + 1)) == NULL)
		return scram_fail(s, "out of memory");
	memcpy(*snonce, v, vlen);
	(*snonce)[vlen] = '\0';

	if (scram_attr(&p, 's', &v, &vlen) == -1)
		return scram_fail(s, "server-first-message has no salt (s=)");
	if ((*salt = malloc(BASE64_DECLEN(vlen))) == NULL)
		return scram_fail(s, "out of memory");
	if ((n = base64_decode(v, vlen, *salt)) <= 0)
		return scram_fail(s, "salt (s=) is empty or not base64");
	*saltlen = (size_t)n;

	if (scram_attr(&p, 'i', &v, &vlen) == -1)
		return scram_fail(s, "server-first-message has no iteration "
		    "count (i=)");
	*iter = 0;
	for (i = 0; i < vlen; i++) {
		if (v[i] < '0' || v[i] > '9')
			return scram_fail(s, "iteration count (i=) is not a "
			    "number");
		if (*iter <= s->iter_max)
			*iter = *iter * 10 + (unsigned long)(v[i] - '0');
	}
	if (vlen == 0 || *iter == 0 || *iter > s->iter_max)
		return scram_fail(s, "iteration count (i=%.*s) is out of range "
		    "1..%lu", (int)(vlen > 20 ? 20 : vlen), v, s->iter_max);
	if (*iter < s->iter_min) {
		scram_fail(s, "iteration count i=%lu is below %lu, the least "
		    "RFC 7677 allows: no proof sent", *iter, s->iter_min);
		s->authfail = 1;
		return -1;
	}
	/* anything after i= is an extension we may ignore (5.1) */
	return 0;
}

/* out = HMAC(key, data) with the exchange's digest. */
static int
scram_hmac(struct scram *s, const unsigned char *key, const void *data,
    size_t len, unsigned char *out)
{
	unsigned int	 n;

	if (HMAC(s->md, key, (int)s->mdlen, data, len, out, &n) == NULL ||
	    n != s->mdlen)
		return -1;
	return 0;
}

int
scram_client_final(struct scram *s, const char *msg, size_t len,
    char **out, size_t *outlen)
{
	unsigned char	 salted[EVP_MAX_MD_SIZE], ckey[EVP_MAX_MD_SIZE];
	unsigned char	 skey[EVP_MAX_MD_SIZE], csig[EVP_MAX_MD_SIZE];
	unsigned char	 servkey[EVP_MAX_MD_SIZE], *salt = NULL;
	char		*sf = NULL, *snonce = NULL, *cbind = NULL;
	char		*wop = NULL, *authmsg = NULL, *proof64 = NULL;
	size_t		 saltlen = 0, authlen, i;
	unsigned long	 iter = 0;
	unsigned int	 n;
	int		 rc = -1;

	*out = NULL;
	if (s->state != SCRAM_S_FIRST) {
		scram_fail(s, "server-first-message out of sequence (%s)",
		    scram_state_names[s->state]);
		goto done;
	}
	if ((sf = scram_copy(s, "server-first-message", msg, len)) == NULL ||
	    scram_parse_first(s, sf, &snonce, &salt, &saltlen, &iter) == -1)
		goto done;

	if ((cbind = malloc(BASE64_ENCLEN(strlen(s->gs2)))) == NULL)
		goto nomem;
	base64_encode(s->gs2, strlen(s->gs2), cbind);
	if ((wop = scram_cat(NULL, "c=", cbind, ",r=", snonce, NULL)) == NULL ||
	    (authmsg = scram_cat(&authlen, s->first_bare, ",", sf, ",", wop,
	    NULL)) == NULL)
		goto nomem;

	/* RFC 5802 3: SaltedPassword, ClientKey, StoredKey, ... */
	if (PKCS5_PBKDF2_HMAC(s->pass, (int)strlen(s->pass), salt,
	    (int)saltlen, (int)iter, s->md, (int)s->mdlen, salted) != 1 ||
	    scram_hmac(s, salted, "Client Key", 10, ckey) == -1 ||
	    EVP_Digest(ckey, s->mdlen, skey, &n, s->md, NULL) != 1 ||
	    scram_hmac(s, skey, authmsg, authlen, csig) == -1 ||
	    scram_hmac(s, salted, "Server Key", 10, servkey) == -1 ||
	    scram_hmac(s, servkey, authmsg, authlen, s->server_sig) == -1) {
		scram_fail(s, "digest failed");
		goto done;
	}
	/* ClientProof = ClientKey XOR ClientSignature, kept in csig */
	for (i = 0; i < s->mdlen; i++)
		csig[i] ^= ckey[i];
	if ((proof64 = malloc(BASE64_ENCLEN(s->mdlen))) == NULL)
		goto nomem;
	base64_encode(csig, s->mdlen, proof64);
	if ((*out = scram_cat(outlen, wop, ",p=", proof64, NULL)) == NULL)
		goto nomem;
	/* the password is not needed any more */
	scram_zfree(s->pass);
	s->pass = NULL;
	s->state = SCRAM_S_FINAL;
	rc = 0;
	goto done;
nomem:
	scram_fail(s, "out of memory");
done:
	explicit_bzero(salted, sizeof(salted));
	explicit_bzero(ckey, sizeof(ckey));
	explicit_bzero(skey, sizeof(skey));
	explicit_bzero(csig, sizeof(csig));
	explicit_bzero(servkey, sizeof(servkey));
	if (salt != NULL) {
		explicit_bzero(salt, saltlen);
		free(salt);
	}
	scram_zfree(proof64);
	scram_zfree(authmsg);
	scram_zfree(wop);
	free(cbind);
	free(snonce);
	free(sf);
	if (rc == -1)
		explicit_bzero(s->server_sig, sizeof(s->server_sig));
	return rc;
}

int
scram_server_final(struct scram *s, const char *msg, size_t len)
{
	unsigned char	 sig[BASE64_DECLEN(SCRAM_SIG64_MAX)];
	const char	*p, *v;
	char		*sf;
	size_t		 vlen;
	long		 n;
	int		 rc = -1;

	if (s->state != SCRAM_S_FINAL)
		return scram_fail(s, "server-final-message out of sequence "
		    "(%s)", scram_state_names[s->state]);
	if ((sf = scram_copy(s, "server-final-message", msg, len)) == NULL) {
		s->authfail = 1;
		return -1;
	}
	p = sf;
	if (scram_attr(&p, 'e', &v, &vlen) == 0)
		scram_fail(s, "server error: %.*s", (int)(vlen > 100 ? 100 :
		    vlen), v);
	else if (scram_attr(&p, 'v', &v, &vlen) == -1)
		scram_fail(s, "server-final-message has neither v= nor e=: "
		    "the server did not prove it knows the password");
	else if (vlen > SCRAM_SIG64_MAX ||
	    (n = base64_decode(v, vlen, sig)) < 0)
		scram_fail(s, "server signature (v=) is not base64: the "
		    "server did not prove it knows the password");
	else if ((size_t)n != s->mdlen ||
	    CRYPTO_memcmp(sig, s->server_sig, s->mdlen) != 0)
		scram_fail(s, "server signature does not match: the server "
		    "did not prove it knows the password");
	else {
		s->state = SCRAM_S_VERIFIED;
		rc = 0;
	}
	if (rc == -1)
		s->authfail = 1;
	explicit_bzero(s->server_sig, sizeof(s->server_sig));
	free(sf);
	return rc;
}

int
scram_auth_failed(const struct scram *s)
{
	return s->authfail;
}

int
scram_verified(const struct scram *s)
{
	return s->state == SCRAM_S_VERIFIED;
}

const char *
scram_error(const struct scram *s)
{
	return s->err;
}
