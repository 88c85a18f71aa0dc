/*
 * tlsconn.c: TLS over a plain transport, stepped by the poll loop like
 * nc does it: every call reports "want read" or "want write" instead of
 * blocking.  The peer certificate is verified during the handshake, but
 * a failure is only recorded (the first one, with the certificate it
 * concerns) so that it can be explained in words afterwards.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "tlsa.h"
#include "tlsconn.h"

struct tlsconn {
	struct transport	 t;	/* first: a tlsconn is a transport */
	SSL			*ssl;
	struct transport	*inner;
	int			 is_ip;
	char			 name[256];	/* verified against */
	char			 sni[256];
	/* the first verification failure */
	int			 verr;
	int			 verr_depth;
	char			 verr_subject[256];
	char			 verr_issuer[256];
	char			 verr_not_before[32];
	char			 verr_not_after[32];
	int			 done;		/* the handshake completed */
	int			 dane;		/* tlsconn_dane() was called */
	char			 sigalgs[16];	/* tlsconn_sigalgs()'s limit */
	int			 reneg;		/* HelloRequests the server sent */
	/* the first record header read: plaintext SMTP shows here */
	unsigned char		 first[5];
	int			 nfirst;
	const char		*plain_hint;	/* said after "in plaintext" */
	struct tlsconn_facts	 facts;		/* what it established */
};

static const struct transport_ops tlsconn_ops;
static int	tlsconn_handshake(struct transport *);

int
tlsconn_is(const struct transport *t)
{
	return t != NULL && t->ops == &tlsconn_ops;
}

/* A name as one RFC 2253 line; server bytes, escaped when printed. */
static void
tlsconn_name(const X509_NAME *n, char *out, size_t outlen)
{
	BIO	*b;
	int	 len;

	out[0] = '\0';
	if (n == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 &
	    ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		len = BIO_read(b, out, (int)outlen - 1);
		out[len > 0 ? len : 0] = '\0';
	}
	BIO_free(b);
}

static void
tlsconn_time(const ASN1_TIME *t, char *out, size_t outlen)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm) ||
	    strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, outlen, "(unreadable date)");
}

static int
tlsconn_verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL		*ssl;
	struct tlsconn	*tc;
	X509		*x;

	ssl = X509_STORE_CTX_get_ex_data(xs,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	if (ok || ssl == NULL || (tc = SSL_get_app_data(ssl)) == NULL ||
	    tc->verr != 0)
		return 1;
	tc->verr = X509_STORE_CTX_get_error(xs);
	tc->verr_depth = X509_STORE_CTX_get_error_depth(xs);
	if ((x = X509_STORE_CTX_get_current_cert(xs)) != NULL) {
		tlsconn_name(X509_get_subject_name(x), tc->verr_subject,
		    sizeof(tc->verr_subject));
		tlsconn_name(X509_get_issuer_name(x), tc->verr_issuer,
		    sizeof(tc->verr_issuer));
		tlsconn_time(X509_get0_notBefore(x), tc->verr_not_before,
		    sizeof(tc->verr_not_before));
		tlsconn_time(X509_get0_notAfter(x), tc->verr_not_after,
		    sizeof(tc->verr_not_after));
	}
	/* go on: the caller decides, knowing why */
	return 1;
}

/*
 * What the server sends: the first record header is kept; a TLS 1.2
 * HelloRequest after the handshake asks for renegotiation, which the
 * context refuses (SSL_OP_NO_RENEGOTIATION: OpenSSL answers with a
 * no_renegotiation alert); it is counted so that the connection ends at
 * once, with the reason, rather than go on after a request that a new
 * certificate may have followed.
 */
static void
tlsconn_msg_cb(int write_p, int version, int content_type, const void *buf,
    size_t len, SSL *ssl, void *arg)
{
	struct tlsconn	*tc = arg;

	(void)version;
	(void)ssl;
	if (write_p)
		return;
	if (content_type == SSL3_RT_HANDSHAKE && tc->done && len >= 1 &&
	    ((const unsigned char *)buf)[0] == SSL3_MT_HELLO_REQUEST) {
		tc->reneg++;
		return;
	}
	if (content_type != SSL3_RT_HEADER || tc->nfirst != 0 ||
	    len < sizeof(tc->first))
		return;
	memcpy(tc->first, buf, sizeof(tc->first));
	tc->nfirst = (int)sizeof(tc->first);
}

/*
 * A handshake that failed on a first "record" of printable text, as
 * "220 m": the server speaks plaintext (SMTP) where TLS was expected.
 * OpenSSL calls that a wrong version number; say what it is.
 */
static int
tlsconn_plaintext(struct tlsconn *tc)
{
	int	 i;

	if (tc->done || tc->nfirst != (int)sizeof(tc->first))
		return 0;
	for (i = 0; i < tc->nfirst; i++)
		if (tc->first[i] < 0x20 || tc->first[i] > 0x7e)
			return 0;
	snprintf(tc->t.err, sizeof(tc->t.err), "TLS handshake failed: the "
	    "server answered in plaintext (\"%.5s...\"), not TLS%s%s",
	    (const char *)tc->first, tc->plain_hint != NULL ? ": " : "",
	    tc->plain_hint != NULL ? tc->plain_hint : "");
	return 1;
}

/* The TLS error queue as one line, or errno for a system error. */
static ssize_t
tlsconn_fail(struct tlsconn *tc, int ret, const char *what)
{
	unsigned long	 e;
	const char	*r;
	int		 saved = errno;

	switch (SSL_get_error(tc->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return TRANSPORT_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return TRANSPORT_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return TRANSPORT_EOF;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error() == 0) {
			snprintf(tc->t.err, sizeof(tc->t.err), "%s: %s", what,
			    saved != 0 ? strerror(saved) :
			    "connection closed by the server");
			ERR_clear_error();
			return TRANSPORT_ERROR;
		}
		break;
	default:
		break;
	}
	tc->t.tlserr = 1;
	if (tlsconn_plaintext(tc)) {
		ERR_clear_error();
		return TRANSPORT_ERROR;
	}
	e = ERR_get_error();
	r = e != 0 ? ERR_reason_error_string(e) : NULL;
	snprintf(tc->t.err, sizeof(tc->t.err), "%s: %s", what,
	    r != NULL ? r : "TLS protocol error");
	ERR_clear_error();
	return TRANSPORT_ERROR;
}

/* A renegotiation asked for: the end of the connection, said why. */
static ssize_t
tlsconn_reneg_fail(struct tlsconn *tc)
{
	tc->t.tlserr = 1;
	snprintf(tc->t.err, sizeof(tc->t.err), "TLS: the server asked to "
	    "renegotiate (a new handshake whose certificate nobody would "
	    "check); refused, closing");
	ERR_clear_error();
	return TRANSPORT_ERROR;
}

static ssize_t
tlsconn_read(struct transport *t, void *buf, size_t len)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	size_t		 n;
	int		 r;

	if (tc->reneg > 0)
		return tlsconn_reneg_fail(tc);
	ERR_clear_error();
	errno = 0;
	r = SSL_read_ex(tc->ssl, buf, len, &n);
	if (tc->reneg > 0)
		return tlsconn_reneg_fail(tc);
	if (r == 1)
		return (ssize_t)n;
	return tlsconn_fail(tc, r, "TLS read");
}

static ssize_t
tlsconn_write(struct transport *t, const void *buf, size_t len)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	size_t		 n;
	int		 r;

	if (tc->reneg > 0)
		return tlsconn_reneg_fail(tc);
	ERR_clear_error();
	errno = 0;
	r = SSL_write_ex(tc->ssl, buf, len, &n);
	if (tc->reneg > 0)
		return tlsconn_reneg_fail(tc);
	if (r == 1)
		return (ssize_t)n;
	return tlsconn_fail(tc, r, "TLS write");
}

static void
tlsconn_close(struct transport *t)
{
	struct tlsconn	*tc = (struct tlsconn *)t;

	/* one close_notify, without waiting for the peer's */
	if (SSL_is_init_finished(tc->ssl))
		(void)SSL_shutdown(tc->ssl);
	ERR_clear_error();
	SSL_free(tc->ssl);
	transport_close(tc->inner);
	/* transport_close() frees tc itself */
}

static const struct transport_ops tlsconn_ops = {
	tlsconn_read,
	tlsconn_write,
	tlsconn_close,
	tlsconn_handshake,
};

struct transport *
tlsconn_wrap(struct tlsctx *ctx, struct transport *inner,
    const char *verify_name, const char *sni, char *err, size_t errlen)
{
	struct tlsconn		*tc;
	X509_VERIFY_PARAM	*vp;
	unsigned char		 ip[16];

	if ((tc = calloc(1, sizeof(*tc))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	tc->t.ops = &tlsconn_ops;
	tc->t.fd = inner->fd;
	tc->t.secure = 1;
	tc->t.child = -1;
	tc->inner = inner;
	snprintf(tc->name, sizeof(tc->name), "%s", verify_name);
	tc->is_ip = inet_pton(AF_INET, verify_name, ip) == 1 ||
	    inet_pton(AF_INET6, verify_name, ip) == 1;
	if ((tc->ssl = SSL_new(tlsctx_ssl_ctx(ctx))) == NULL ||
	    !SSL_set_fd(tc->ssl, inner->fd)) {
		snprintf(err, errlen, "TLS: cannot set up the connection");
		goto fail;
	}
	SSL_set_app_data(tc->ssl, tc);
	SSL_set_msg_callback(tc->ssl, tlsconn_msg_cb);
	SSL_set_msg_callback_arg(tc->ssl, tc);
	SSL_set_verify(tc->ssl, SSL_VERIFY_NONE, tlsconn_verify_cb);
	/* ask for a stapled OCSP response, to say whether one came */
	(void)SSL_set_tlsext_status_type(tc->ssl, TLSEXT_STATUSTYPE_ocsp);
	vp = SSL_get0_param(tc->ssl);
	X509_VERIFY_PARAM_set_hostflags(vp,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (tc->is_ip ? !X509_VERIFY_PARAM_set1_ip_asc(vp, verify_name) :
	    !SSL_set1_host(tc->ssl, verify_name)) {
		snprintf(err, errlen, "TLS: cannot check the certificate "
		    "against \"%s\"", verify_name);
		goto fail;
	}
	if (sni != NULL) {
		if (!SSL_set_tlsext_host_name(tc->ssl, sni)) {
			snprintf(err, errlen, "TLS: \"%s\" cannot be sent as "
			    "the server name (SNI)", sni);
			goto fail;
		}
		snprintf(tc->sni, sizeof(tc->sni), "%s", sni);
	}
	return &tc->t;
fail:
	ERR_clear_error();
	SSL_free(tc->ssl);
	free(tc);
	return NULL;
}

static void
tlsconn_sans(X509 *x, struct tlsconn_facts *f)
{
	GENERAL_NAMES		*gens;
	const GENERAL_NAME	*g;
	const unsigned char	*d;
	char			 ip[INET6_ADDRSTRLEN];
	int			 i, len;
	size_t			 k, o;
	char			*s;
	const char		*pfx;

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (gens == NULL)
		return;
	for (i = 0; i < sk_GENERAL_NAME_num(gens) &&
	    f->nsans < TLSCONN_SANS; i++) {
		g = sk_GENERAL_NAME_value(gens, i);
		s = f->sans[f->nsans];
		if (g->type == GEN_DNS || g->type == GEN_EMAIL ||
		    g->type == GEN_URI) {
			pfx = g->type == GEN_DNS ? "DNS:" :
			    g->type == GEN_EMAIL ? "email:" : "URI:";
			d = ASN1_STRING_get0_data(g->d.ia5);
			len = ASN1_STRING_length(g->d.ia5);
			o = strlen(pfx);
			memcpy(s, pfx, o);
			/* a NUL inside a name must not hide the rest */
			for (k = 0; k < (size_t)len && o + 1 <
			    sizeof(f->sans[0]); k++)
				s[o++] = d[k] != '\0' ? (char)d[k] : '?';
			s[o] = '\0';
		} else if (g->type == GEN_IPADD) {
			d = ASN1_STRING_get0_data(g->d.ip);
			len = ASN1_STRING_length(g->d.ip);
			if ((len != 4 && len != 16) || inet_ntop(len == 4 ?
			    AF_INET : AF_INET6, d, ip, sizeof(ip)) == NULL)
				continue;
			snprintf(s, sizeof(f->sans[0]), "IP:%s", ip);
		} else
			continue;
		f->nsans++;
	}
	GENERAL_NAMES_free(gens);
}

static void
tlsconn_group(SSL *ssl, char *out, size_t outlen)
{
	const char	*name = NULL;
	EVP_PKEY	*k = NULL;
	int		 nid;

	out[0] = '\0';
	if ((nid = SSL_get_negotiated_group(ssl)) > 0)
		name = SSL_group_to_name(ssl, nid);
	if (name == NULL && SSL_get_peer_tmp_key(ssl, &k) && k != NULL) {
		if (!EVP_PKEY_get_group_name(k, out, outlen, NULL))
			snprintf(out, outlen, "%s",
			    EVP_PKEY_get0_type_name(k) != NULL ?
			    EVP_PKEY_get0_type_name(k) : "");
		EVP_PKEY_free(k);
		return;
	}
	if (name != NULL)
		snprintf(out, outlen, "%s", name);
}

/* The names a certificate holds, for "certificate has X, Y". */
static void
tlsconn_has(const struct tlsconn_facts *f, char *out, size_t outlen)
{
	size_t	 i, n = 0;
	int	 w;

	out[0] = '\0';
	for (i = 0; i < f->nsans; i++) {
		if (strncmp(f->sans[i], "DNS:", 4) != 0 &&
		    strncmp(f->sans[i], "IP:", 3) != 0)
			continue;
		w = snprintf(out + n, outlen - n, "%s%s", n ? ", " : "",
		    strchr(f->sans[i], ':') + 1);
		if (w < 0 || (size_t)w >= outlen - n)
			break;
		n += (size_t)w;
	}
	if (n == 0)
		snprintf(out, outlen, "no names but the subject %s",
		    f->subject);
}

/* Why verification failed, in words a mail administrator uses. */
static void
tlsconn_why(const struct tlsconn *tc, struct tlsconn_facts *f, long code)
{
	char	 has[320], at[300] = "";

	if (tc->verr_depth > 0)
		snprintf(at, sizeof(at), " (certificate %d in the chain: %s)",
		    tc->verr_depth, tc->verr_subject);
	switch (code) {
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		tlsconn_has(f, has, sizeof(has));
		snprintf(f->verify_error, sizeof(f->verify_error), "%s "
		    "mismatch (wanted %s, certificate has %s)",
		    code == X509_V_ERR_HOSTNAME_MISMATCH ? "name" :
		    "address", tc->name, has);
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "expired on %s%s", tc->verr_not_after, at);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "not yet valid (valid from %s)%s", tc->verr_not_before,
		    at);
		break;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "self-signed certificate (%s), not trusted here",
		    tc->verr_subject);
		break;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "self-signed certificate in the chain, not trusted "
		    "here%s", at);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "unknown issuer (%s): not in the trusted CAs%s",
		    tc->verr_issuer, at);
		break;
	default:
		snprintf(f->verify_error, sizeof(f->verify_error), "%s%s",
		    X509_verify_cert_error_string(code), at);
		break;
	}
}

static void
tlsconn_hex(const unsigned char *md, unsigned int n, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned int		 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of the DER form of x and of its public key, key and signature. */
static void
tlsconn_detail(SSL *ssl, X509 *x, struct tlsconn_facts *f)
{
	unsigned char	 md[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int	 n = 0;
	const unsigned char *resp;
	EVP_PKEY	*k;
	char		 group[32];
	int		 len, nid;

	if (X509_digest(x, EVP_sha256(), md, &n) && n == 32)
		tlsconn_hex(md, n, f->cert_sha256);
	if ((len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der)) > 0 &&
	    EVP_Digest(der, (size_t)len, md, &n, EVP_sha256(), NULL) &&
	    n == 32)
		tlsconn_hex(md, n, f->spki_sha256);
	OPENSSL_free(der);
	if ((k = X509_get0_pubkey(x)) != NULL) {
		f->key_bits = EVP_PKEY_get_bits(k);
		nid = EVP_PKEY_get_base_id(k);
		if (nid == EVP_PKEY_EC && EVP_PKEY_get_group_name(k, group,
		    sizeof(group), NULL))
			snprintf(f->key_type, sizeof(f->key_type), "EC %s",
			    group);
		else
			snprintf(f->key_type, sizeof(f->key_type), "%s",
			    nid == EVP_PKEY_RSA ? "RSA" : OBJ_nid2sn(nid) !=
			    NULL ? OBJ_nid2sn(nid) : "unknown");
	}
	nid = X509_get_signature_nid(x);
	snprintf(f->sig_alg, sizeof(f->sig_alg), "%s", OBJ_nid2ln(nid) !=
	    NULL ? OBJ_nid2ln(nid) : "unknown");
	f->ocsp_stapled = SSL_get_tlsext_status_ocsp_resp(ssl, &resp) > 0;
}

/* Which TLSA record authenticated the peer, at which depth. */
static void
tlsconn_dane_fill(struct tlsconn *tc, struct tlsconn_facts *f)
{
	struct tlsa		 t;
	const unsigned char	*data;
	uint8_t			 u, s, m;
	size_t			 len;
	int			 depth;
	char			 rec[80];

	f->dane = 1;
	if ((depth = SSL_get0_dane_tlsa(tc->ssl, &u, &s, &m, &data,
	    &len)) < 0)
		return;
	memset(&t, 0, sizeof(t));
	t.usage = u;
	t.selector = s;
	t.mtype = m;
	t.len = len < sizeof(t.data) ? len : sizeof(t.data);
	memcpy(t.data, data, t.len);
	tlsa_format(&t, rec, sizeof(rec), 16);
	snprintf(f->dane_match, sizeof(f->dane_match), "%s at depth %d", rec,
	    depth);
}

/* What the handshake established, read once when it completes. */
static void
tlsconn_fill(struct tlsconn *tc, struct tlsconn_facts *f)
{
	STACK_OF(X509)	*chain;
	X509		*x;
	int		 day = 0, sec = 0;
	long		 code;

	memset(f, 0, sizeof(*f));
	snprintf(f->version, sizeof(f->version), "%s",
	    SSL_get_version(tc->ssl));
	snprintf(f->cipher, sizeof(f->cipher), "%s",
	    SSL_get_cipher_name(tc->ssl));
	tlsconn_group(tc->ssl, f->group, sizeof(f->group));
	snprintf(f->verify_name, sizeof(f->verify_name), "%s", tc->name);
	snprintf(f->sni, sizeof(f->sni), "%s", tc->sni);
	chain = SSL_get_peer_cert_chain(tc->ssl);
	f->chain_len = chain != NULL ? sk_X509_num(chain) : 0;
	for (f->nchain = 0; f->nchain < TLSCONN_CHAIN &&
	    (int)f->nchain < f->chain_len; f->nchain++)
		tlsconn_name(X509_get_subject_name(sk_X509_value(chain,
		    (int)f->nchain)), f->chain[f->nchain],
		    sizeof(f->chain[0]));
	snprintf(f->sigalgs, sizeof(f->sigalgs), "%s", tc->sigalgs);
	if (tc->dane)
		tlsconn_dane_fill(tc, f);
	if ((x = SSL_get0_peer_certificate(tc->ssl)) == NULL) {
		snprintf(f->verify_error, sizeof(f->verify_error),
		    "the server sent no certificate");
		return;
	}
	f->has_cert = 1;
	tlsconn_detail(tc->ssl, x, f);
	tlsconn_name(X509_get_subject_name(x), f->subject,
	    sizeof(f->subject));
	tlsconn_name(X509_get_issuer_name(x), f->issuer, sizeof(f->issuer));
	tlsconn_time(X509_get0_notBefore(x), f->not_before,
	    sizeof(f->not_before));
	tlsconn_time(X509_get0_notAfter(x), f->not_after,
	    sizeof(f->not_after));
	if (ASN1_TIME_diff(&day, &sec, NULL, X509_get0_notAfter(x)))
		f->days_left = day == 0 && sec < 0 ? -1 : day;
	tlsconn_sans(x, f);
	code = tc->verr != 0 ? tc->verr : SSL_get_verify_result(tc->ssl);
	if (code == X509_V_OK)
		f->verified = 1;
	else
		tlsconn_why(tc, f, code);
}

/* The transport's handshake step; the facts are kept when it is done. */
static int
tlsconn_handshake(struct transport *t)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	ssize_t		 r;
	int		 ret;

	ERR_clear_error();
	errno = 0;
	if ((ret = SSL_connect(tc->ssl)) == 1) {
		if (!tc->done) {
			tlsconn_fill(tc, &tc->facts);
			tc->done = 1;
		}
		return 0;
	}
	r = tlsconn_fail(tc, ret, "TLS handshake failed");
	if (r == TRANSPORT_EOF) {
		snprintf(tc->t.err, sizeof(tc->t.err), "TLS handshake "
		    "failed: the server closed the connection");
		r = TRANSPORT_ERROR;
	}
	return (int)r;
}

void
tlsconn_plain_hint(struct transport *t, const char *hint)
{
	if (tlsconn_is(t))
		((struct tlsconn *)t)->plain_hint = hint;
}

const struct tlsconn_facts *
tlsconn_facts(const struct transport *t)
{
	const struct tlsconn	*tc = (const struct tlsconn *)t;

	return tlsconn_is(t) && tc->done ? &tc->facts : NULL;
}

char *
tlsconn_chain_pem(struct transport *t)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	STACK_OF(X509)	*chain;
	BIO		*b;
	char		*p, *out = NULL;
	long		 len;
	int		 i;

	if ((chain = SSL_get_peer_cert_chain(tc->ssl)) == NULL ||
	    (b = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	for (i = 0; i < sk_X509_num(chain); i++)
		PEM_write_bio_X509(b, sk_X509_value(chain, i));
	len = BIO_get_mem_data(b, &p);
	if (len > 0 && (out = malloc((size_t)len + 1)) != NULL) {
		memcpy(out, p, (size_t)len);
		out[len] = '\0';
	}
	BIO_free(b);
	return out;
}

int
tlsconn_sigalgs(struct transport *t, const char *kind)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	const char	*list;

	if (!tlsconn_is(t))
		return -1;
	if (strcmp(kind, "rsa") == 0)
		list = "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:"
		    "rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512";
	else if (strcmp(kind, "ecdsa") == 0)
		list = "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512";
	else
		return -1;
	if (!SSL_set1_sigalgs_list(tc->ssl, list)) {
		ERR_clear_error();
		return -1;
	}
	snprintf(tc->sigalgs, sizeof(tc->sigalgs), "%s", kind);
	return 0;
}

void *
tlsconn_ssl(const struct transport *t)
{
	return tlsconn_is(t) ? ((const struct tlsconn *)t)->ssl : NULL;
}

int
tlsconn_dane(struct transport *t, const char *base, const struct tlsa *recs,
    size_t n)
{
	struct tlsconn	*tc = (struct tlsconn *)t;
	size_t		 i, added = 0;

	if (!tlsconn_is(t) || SSL_dane_enable(tc->ssl, base) <= 0) {
		ERR_clear_error();
		return -1;
	}
	/* RFC 7672 s3.1.1: a DANE-EE match needs no name check */
	(void)SSL_dane_set_flags(tc->ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	for (i = 0; i < n; i++)
		if (tlsa_usable(&recs[i]) == TLSA_USABLE &&
		    SSL_dane_tlsa_add(tc->ssl, (uint8_t)recs[i].usage,
		    (uint8_t)recs[i].selector, (uint8_t)recs[i].mtype,
		    recs[i].data, recs[i].len) > 0)
			added++;
	ERR_clear_error();
	if (added == 0)
		return -1;
	tc->dane = 1;
	return 0;
}
