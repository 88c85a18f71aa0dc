/*
 * dane.c: DANE matching on a presented chain.  The records come from
 * DNS (hostile, parsed by net/tlsa.c); the chain from the server
 * (hostile, parsed by OpenSSL).  Nothing here trusts either: a DANE-TA
 * match is only a trust anchor for an ordinary chain verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "dane.h"
#include "tlsconn.h"

/* The DER of x or of its SPKI, malloc'd by OpenSSL; NULL on failure. */
static unsigned char *
dane_der(X509 *x, unsigned int selector, int *len)
{
	unsigned char	*der = NULL;

	*len = selector == TLSA_SEL_CERT ? i2d_X509(x, &der) :
	    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (*len <= 0) {
		OPENSSL_free(der);
		return NULL;
	}
	return der;
}

static int
dane_match_one(const struct tlsa *t, X509 *x)
{
	unsigned char	*der;
	int		 len, m;

	if ((der = dane_der(x, t->selector, &len)) == NULL)
		return 0;
	m = tlsa_match(t, der, (size_t)len);
	OPENSSL_free(der);
	return m;
}

/* The chain from the trust anchor ta up to the leaf, valid for name. */
static int
dane_ta_verify(X509 *ta, X509 *leaf, STACK_OF(X509) *chain,
    const char *name, char *why, size_t whylen)
{
	X509_STORE		*st;
	X509_STORE_CTX		*xs = NULL;
	X509_VERIFY_PARAM	*vp;
	int			 ok = 0, err;

	if ((st = X509_STORE_new()) == NULL || !X509_STORE_add_cert(st, ta) ||
	    (xs = X509_STORE_CTX_new()) == NULL ||
	    !X509_STORE_CTX_init(xs, st, leaf, chain)) {
		snprintf(why, whylen, "out of memory");
		goto done;
	}
	vp = X509_STORE_CTX_get0_param(xs);
	/* the TA need not be self-signed: it is trusted as it is */
	X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_hostflags(vp,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (!X509_VERIFY_PARAM_set1_host(vp, name, 0) ||
	    !X509_STORE_CTX_set_purpose(xs, X509_PURPOSE_SSL_SERVER)) {
		snprintf(why, whylen, "cannot check the name %s", name);
		goto done;
	}
	if (X509_verify_cert(xs) == 1)
		ok = 1;
	else {
		err = X509_STORE_CTX_get_error(xs);
		snprintf(why, whylen, "the chain from the trust anchor to the "
		    "server's certificate does not verify for %s: %s", name,
		    X509_verify_cert_error_string(err));
	}
done:
	ERR_clear_error();
	X509_STORE_CTX_free(xs);
	X509_STORE_free(st);
	return ok;
}

int
dane_check(const struct transport *t, const struct tlsa *recs, size_t n,
    const char *name, struct dane_verdict *v)
{
	SSL		*ssl = tlsconn_ssl(t);
	STACK_OF(X509)	*chain;
	X509		*leaf, *x;
	size_t		 i;
	int		 d, nc;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < DANE_RECS_MAX; i++)
		v->depth[i] = -1;
	if (ssl == NULL || tlsconn_facts(t) == NULL ||
	    (chain = SSL_get_peer_cert_chain(ssl)) == NULL ||
	    (nc = sk_X509_num(chain)) < 1)
		return -1;
	leaf = sk_X509_value(chain, 0);
	v->chain_len = nc;
	for (d = 1; d < nc; d++)
		if (X509_check_issued(sk_X509_value(chain, d), leaf) ==
		    X509_V_OK)
			v->issuer_sent = 1;
	if (n > DANE_RECS_MAX)
		n = DANE_RECS_MAX;
	for (i = 0; i < n; i++) {
		if (tlsa_usable(&recs[i]) != TLSA_USABLE)
			continue;
		if (recs[i].usage == TLSA_DANE_EE) {
			if (dane_match_one(&recs[i], leaf))
				v->depth[i] = 0;
			continue;
		}
		for (d = 1; d < nc && v->depth[i] < 0; d++)
			if (dane_match_one(&recs[i], sk_X509_value(chain, d)))
				v->depth[i] = d;
	}
	/* DANE-EE first: it needs nothing more */
	for (i = 0; i < n && !v->authenticated; i++)
		if (v->depth[i] == 0) {
			v->authenticated = 1;
			v->rec = i;
			v->at = 0;
		}
	for (i = 0; i < n && !v->authenticated; i++) {
		if (v->depth[i] < 1)
			continue;
		v->ta_matched = 1;
		x = sk_X509_value(chain, v->depth[i]);
		if (dane_ta_verify(x, leaf, chain, name, v->why,
		    sizeof(v->why))) {
			v->authenticated = 1;
			v->ta_failed = 0;
			v->rec = i;
			v->at = v->depth[i];
		} else
			v->ta_failed = 1;
	}
	return 0;
}

unsigned char *
dane_leaf_der(const struct transport *t, unsigned int selector, size_t *len)
{
	SSL		*ssl = tlsconn_ssl(t);
	X509		*x;
	unsigned char	*der, *out;
	int		 n;

	if (ssl == NULL || (x = SSL_get0_peer_certificate(ssl)) == NULL ||
	    (der = dane_der(x, selector, &n)) == NULL)
		return NULL;
	if ((out = malloc((size_t)n)) != NULL) {
		memcpy(out, der, (size_t)n);
		*len = (size_t)n;
	}
	OPENSSL_free(der);
	return out;
}
