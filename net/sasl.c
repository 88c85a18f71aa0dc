/*
 * sasl.c: SMTP AUTH mechanisms, client side: PLAIN, LOGIN, CRAM-MD5,
 * SCRAM (the messages come from scram.c), XOAUTH2 and OAUTHBEARER.
 * Challenges are decoded and responses encoded here: callers move lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"
#include "sasl.h"
#include "scram.h"

static const char *const sasl_mech_names[] = {
	[SASL_PLAIN] = "PLAIN",
	[SASL_LOGIN] = "LOGIN",
	[SASL_CRAM_MD5] = "CRAM-MD5",
	[SASL_SCRAM_SHA_1] = "SCRAM-SHA-1",
	[SASL_SCRAM_SHA_256] = "SCRAM-SHA-256",
	[SASL_XOAUTH2] = "XOAUTH2",
	[SASL_OAUTHBEARER] = "OAUTHBEARER",
};
_Static_assert(sizeof(sasl_mech_names) / sizeof(sasl_mech_names[0]) ==
    SASL_MECH_MAX, "sasl_mech_names must cover every mechanism");

/* What --auth auto tries, strongest first (issue 7). */
static const enum sasl_mech sasl_auto[] = {
	SASL_SCRAM_SHA_256,
	SASL_SCRAM_SHA_1,
	SASL_CRAM_MD5,
	SASL_PLAIN,
	SASL_LOGIN,
};

struct sasl {
	enum sasl_mech	 mech;
	int		 round;		/* responses produced so far */
	int		 complete;	/* the client has said everything */
	int		 failed;	/* an error: every step fails */
	int		 authfail;	/* ... and it is authentication's */
	char		*user;
	char		*secret;
	char		*authzid;
	char		*host;
	int		 port;
	struct scram	*scram;
	char		*out;		/* the last response, base64 */
	size_t		 outlen;
	char		*oauth_err;	/* decoded JSON of an OAuth error */
	char		 err[SASL_ERR_MAX];
};

/* A response under construction; sized in advance, never grown. */
struct sasl_buf {
	char		*p;
	size_t		 len;
	size_t		 cap;
	int		 over;		/* sized wrong: a bug, not input */
};

int
sasl_mech_parse(const char *name)
{
	int	 m;

	for (m = 0; m < SASL_MECH_MAX; m++)
		if (strcasecmp(name, sasl_mech_names[m]) == 0)
			return m;
	return -1;
}

const char *
sasl_mech_name(enum sasl_mech m)
{
	return (unsigned)m < SASL_MECH_MAX ? sasl_mech_names[m] : "?";
}

int
sasl_mech_pick(const char *adv)
{
	const char	*p, *name;
	size_t		 i, len, nlen;
	int		 best = -1, rank;

	for (p = adv; *p != '\0'; p += len) {
		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		for (i = 0; i < sizeof(sasl_auto) / sizeof(sasl_auto[0]); i++) {
			name = sasl_mech_names[sasl_auto[i]];
			nlen = strlen(name);
			rank = (int)i;
			if (len == nlen && strncasecmp(p, name, len) == 0 &&
			    (best == -1 || rank < best))
				best = rank;
		}
	}
	return best == -1 ? -1 : (int)sasl_auto[best];
}

static void
sasl_zfree(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Record an error (made printable) and fail every later step. */
static int
sasl_fail(struct sasl *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	for (p = s->err; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	s->failed = 1;
	return SASL_ERR;
}

/* Nonzero when s holds a C0 control character or DEL. */
static int
sasl_has_ctl(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static const char *
sasl_check(enum sasl_mech m, const char *user, const char *secret,
    const char *authzid, const char *host, int port)
{
	if ((unsigned)m >= SASL_MECH_MAX)
		return "unknown SASL mechanism";
	if ((user == NULL || *user == '\0') && m != SASL_OAUTHBEARER)
		return "a user name is needed";
	if (secret == NULL || *secret == '\0')
		return m == SASL_XOAUTH2 || m == SASL_OAUTHBEARER ?
		    "a token is needed" : "a password is needed";
	/* simplified SASLprep: see sasl.h */
	if (sasl_has_ctl(user) || sasl_has_ctl(secret) ||
	    sasl_has_ctl(authzid) || sasl_has_ctl(host))
		return "control characters are not allowed in SASL "
		    "credentials";
	if (authzid != NULL && *authzid != '\0' && (m == SASL_LOGIN ||
	    m == SASL_CRAM_MD5 || m == SASL_XOAUTH2))
		return "this mechanism cannot carry an authorization identity";
	if (port < 0 || port > 65535)
		return "port out of range";
	return NULL;
}

static char *
sasl_dup(const char *p, int *bad)
{
	char	*d;

	if (p == NULL || *p == '\0')
		return NULL;
	if ((d = strdup(p)) == NULL)
		*bad = 1;
	return d;
}

struct sasl *
sasl_new(enum sasl_mech m, const char *user, const char *secret,
    const char *authzid, const char *host, int port, const char **errstr)
{
	struct sasl	*s;
	int		 bad = 0;

	if ((*errstr = sasl_check(m, user, secret, authzid, host, port)) !=
	    NULL)
		return NULL;
	*errstr = "out of memory";
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->mech = m;
	s->port = port;
	s->user = sasl_dup(user, &bad);
	s->secret = sasl_dup(secret, &bad);
	s->authzid = sasl_dup(authzid, &bad);
	s->host = sasl_dup(host, &bad);
	if (!bad && (m == SASL_SCRAM_SHA_1 || m == SASL_SCRAM_SHA_256) &&
	    (s->scram = scram_new(m == SASL_SCRAM_SHA_1 ? SCRAM_SHA_1 :
	    SCRAM_SHA_256, user, secret, s->authzid)) == NULL)
		bad = 1;
	if (bad) {
		sasl_free(s);
		return NULL;
	}
	*errstr = NULL;
	return s;
}

static void
sasl_clear_out(struct sasl *s)
{
	if (s->out != NULL) {
		explicit_bzero(s->out, s->outlen);
		free(s->out);
		s->out = NULL;
	}
	s->outlen = 0;
}

void
sasl_free(struct sasl *s)
{
	if (s == NULL)
		return;
	sasl_clear_out(s);
	sasl_zfree(s->user);
	sasl_zfree(s->secret);
	sasl_zfree(s->authzid);
	sasl_zfree(s->host);
	sasl_zfree(s->oauth_err);
	scram_free(s->scram);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

int
sasl_set_nonce(struct sasl *s, const char *nonce)
{
	if (s->scram == NULL || s->round != 0)
		return -1;
	return scram_set_nonce(s->scram, nonce);
}

int
sasl_set_iter_max(struct sasl *s, unsigned long max)
{
	if (s->scram == NULL)
		return -1;
	return scram_set_iter_max(s->scram, max);
}

static int
sasl_buf_init(struct sasl *s, struct sasl_buf *b, size_t cap)
{
	b->len = 0;
	b->over = 0;
	b->cap = cap;
	if ((b->p = malloc(cap)) == NULL)
		return sasl_fail(s, "out of memory");
	return 0;
}

static void
sasl_put(struct sasl_buf *b, const void *d, size_t n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = 1;	/* refused whole, never sent cut short */
		return;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void
sasl_puts(struct sasl_buf *b, const char *str)
{
	sasl_put(b, str, strlen(str));
}

static void
sasl_buf_free(struct sasl_buf *b)
{
	if (b->p != NULL) {
		explicit_bzero(b->p, b->cap);
		free(b->p);
		b->p = NULL;
	}
}

/*
 * Make raw (len octets) the response: base64 in s->out, "=" for an empty
 * initial response (RFC 4954 4).
 */
static int
sasl_emit(struct sasl *s, const void *raw, size_t len, int initial,
    const char **out, size_t *outlen)
{
	if ((s->out = malloc(BASE64_ENCLEN(len) + 1)) == NULL)
		return sasl_fail(s, "out of memory");
	if (len == 0 && initial)
		s->outlen = (size_t)snprintf(s->out, 2, "=");
	else
		s->outlen = base64_encode(raw, len, s->out);
	s->round++;
	*out = s->out;
	*outlen = s->outlen;
	return 0;
}

/* The length of the longest response for these credentials, plus slack. */
static size_t
sasl_budget(const struct sasl *s)
{
	size_t	 n = 64;

	if (s->user != NULL)
		n += 3 * strlen(s->user);
	if (s->authzid != NULL)
		n += 3 * strlen(s->authzid);
	if (s->host != NULL)
		n += strlen(s->host);
	return n + strlen(s->secret);
}

/* PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd. */
static void
sasl_plain(struct sasl *s, struct sasl_buf *b)
{
	if (s->authzid != NULL)
		sasl_puts(b, s->authzid);
	sasl_put(b, "", 1);
	sasl_puts(b, s->user);
	sasl_put(b, "", 1);
	sasl_puts(b, s->secret);
}

/* XOAUTH2: "user=" U ^A "auth=Bearer " T ^A ^A. */
static void
sasl_xoauth2(struct sasl *s, struct sasl_buf *b)
{
	sasl_puts(b, "user=");
	sasl_puts(b, s->user);
	sasl_puts(b, "\001auth=Bearer ");
	sasl_puts(b, s->secret);
	sasl_puts(b, "\001\001");
}

/* OAUTHBEARER (RFC 7628 3.1): gs2 header, then ^A-separated pairs. */
static int
sasl_oauthbearer(struct sasl *s, struct sasl_buf *b)
{
	const char	*az = s->authzid != NULL ? s->authzid : s->user;
	char		*esc, port[32];

	sasl_puts(b, "n,");
	if (az != NULL) {
		if ((esc = scram_escape(az)) == NULL)
			return sasl_fail(s, "out of memory");
		sasl_puts(b, "a=");
		sasl_puts(b, esc);
		sasl_zfree(esc);
	}
	sasl_puts(b, ",\001");
	if (s->host != NULL) {
		sasl_puts(b, "host=");
		sasl_puts(b, s->host);
		sasl_puts(b, "\001");
	}
	if (s->port > 0) {
		snprintf(port, sizeof(port), "port=%d\001", s->port);
		sasl_puts(b, port);
	}
	sasl_puts(b, "auth=Bearer ");
	sasl_puts(b, s->secret);
	sasl_puts(b, "\001\001");
	return 0;
}

/*
 * The client's first message: PLAIN, SCRAM, the bearers.  Returns 0 with
 * *out NULL for the mechanisms that speak second.
 */
static int
sasl_first(struct sasl *s, int initial, const char **out, size_t *outlen)
{
	struct sasl_buf	 b = { NULL, 0, 0, 0 };
	char		*msg;
	size_t		 len;
	int		 rc;

	*out = NULL;
	*outlen = 0;
	switch (s->mech) {
	case SASL_LOGIN:
	case SASL_CRAM_MD5:
		return 0;
	case SASL_SCRAM_SHA_1:
	case SASL_SCRAM_SHA_256:
		if (scram_client_first(s->scram, &msg, &len) == -1)
			return sasl_fail(s, "%s", scram_error(s->scram));
		rc = sasl_emit(s, msg, len, initial, out, outlen);
		sasl_zfree(msg);
		return rc;
	case SASL_PLAIN:
	case SASL_XOAUTH2:
	case SASL_OAUTHBEARER:
	case SASL_MECH_MAX:
		break;
	}
	if (sasl_buf_init(s, &b, sasl_budget(s)) == -1)
		return SASL_ERR;
	rc = 0;
	if (s->mech == SASL_PLAIN)
		sasl_plain(s, &b);
	else if (s->mech == SASL_XOAUTH2)
		sasl_xoauth2(s, &b);
	else
		rc = sasl_oauthbearer(s, &b);
	if (rc == 0 && b.over)
		rc = sasl_fail(s, "internal error: the response outgrew its "
		    "buffer");
	if (rc == 0)
		rc = sasl_emit(s, b.p, b.len, initial, out, outlen);
	sasl_buf_free(&b);
	if (rc == 0)
		s->complete = 1;
	return rc;
}

int
sasl_initial(struct sasl *s, const char **out, size_t *outlen)
{
	sasl_clear_out(s);
	*out = NULL;
	*outlen = 0;
	if (s->failed)
		return SASL_ERR;	/* the first error stays in s->err */
	if (s->round != 0)
		return sasl_fail(s, "initial response out of sequence");
	return sasl_first(s, 1, out, outlen);
}

/* LOGIN: "Username:" then "Password:", in this order. */
static int
sasl_login(struct sasl *s, const char *c, size_t len, const char **out,
    size_t *outlen)
{
	int	 asks_user, asks_pass;
	int	 rc;

	asks_user = len >= 4 && strncasecmp(c, "user", 4) == 0;
	asks_pass = len >= 4 && strncasecmp(c, "pass", 4) == 0;
	if (s->round == 0) {
		if (asks_pass)
			return sasl_fail(s, "LOGIN: password asked before the "
			    "user name");
		return sasl_emit(s, s->user, strlen(s->user), 0, out, outlen);
	}
	if (s->round == 1) {
		if (asks_user)
			return sasl_fail(s, "LOGIN: user name asked twice");
		rc = sasl_emit(s, s->secret, strlen(s->secret), 0, out,
		    outlen);
		if (rc == 0)
			s->complete = 1;
		return rc;
	}
	return sasl_fail(s, "LOGIN: a third challenge");
}

/* CRAM-MD5 (RFC 2195): user SP hex(HMAC-MD5(secret, challenge)). */
static int
sasl_cram(struct sasl *s, const char *c, size_t len, const char **out,
    size_t *outlen)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 mac[EVP_MAX_MD_SIZE];
	unsigned int		 n = 0, i;
	struct sasl_buf		 b = { NULL, 0, 0, 0 };
	char			 h[2 * EVP_MAX_MD_SIZE];
	int			 rc;

	if (s->round != 0)
		return sasl_fail(s, "CRAM-MD5: a second challenge");
	if (len == 0)
		return sasl_fail(s, "CRAM-MD5: empty challenge");
	if (HMAC(EVP_md5(), s->secret, (int)strlen(s->secret),
	    (const unsigned char *)c, len, mac, &n) == NULL || n != 16)
		return sasl_fail(s, "CRAM-MD5: HMAC-MD5 failed");
	for (i = 0; i < n; i++) {
		h[2 * i] = hex[mac[i] >> 4];
		h[2 * i + 1] = hex[mac[i] & 15];
	}
	if ((rc = sasl_buf_init(s, &b, strlen(s->user) + 1 + 2 * n)) == 0) {
		sasl_puts(&b, s->user);
		sasl_put(&b, " ", 1);
		sasl_put(&b, h, 2 * n);
		rc = b.over ? sasl_fail(s, "internal error: the response "
		    "outgrew its buffer") : sasl_emit(s, b.p, b.len, 0, out,
		    outlen);
	}
	explicit_bzero(mac, sizeof(mac));
	explicit_bzero(h, sizeof(h));
	sasl_buf_free(&b);
	if (rc == 0)
		s->complete = 1;
	return rc;
}

static int
sasl_scram(struct sasl *s, const char *c, size_t len, const char **out,
    size_t *outlen)
{
	char	*msg;
	size_t	 mlen;
	int	 rc;

	if (s->round == 1) {
		if (scram_client_final(s->scram, c, len, &msg, &mlen) == -1) {
			s->authfail = scram_auth_failed(s->scram);
			return sasl_fail(s, "%s", scram_error(s->scram));
		}
		rc = sasl_emit(s, msg, mlen, 0, out, outlen);
		explicit_bzero(msg, mlen);
		free(msg);
		return rc;
	}
	if (s->round == 2) {
		/* RFC 4954 4: server-final comes in a 334, answered empty */
		if (scram_server_final(s->scram, c, len) == -1) {
			s->authfail = scram_auth_failed(s->scram);
			return sasl_fail(s, "%s", scram_error(s->scram));
		}
		if ((rc = sasl_emit(s, "", 0, 0, out, outlen)) == 0)
			s->complete = 1;
		return rc;
	}
	return sasl_fail(s, "%s: a challenge after the server's signature",
	    sasl_mech_names[s->mech]);
}

/* A challenge after the token is the server's error (RFC 7628 3.2.2). */
static int
sasl_oauth(struct sasl *s, const char *c, size_t len, const char **out,
    size_t *outlen)
{
	if (s->oauth_err != NULL)
		return sasl_fail(s, "%s: a challenge after the error",
		    sasl_mech_names[s->mech]);
	if ((s->oauth_err = strndup(c, len)) == NULL)
		return sasl_fail(s, "out of memory");
	s->complete = 0;
	/* XOAUTH2 wants an empty line, OAUTHBEARER a lone %x01 (3.2.3) */
	if (s->mech == SASL_XOAUTH2)
		return sasl_emit(s, "", 0, 0, out, outlen);
	return sasl_emit(s, "\001", 1, 0, out, outlen);
}

static int
sasl_dispatch(struct sasl *s, const char *c, size_t len, const char **out,
    size_t *outlen)
{
	int	 speaks_first = s->mech != SASL_LOGIN &&
	    s->mech != SASL_CRAM_MD5;

	if (speaks_first && s->round == 0) {
		if (len != 0)
			return sasl_fail(s, "%s: the first challenge must be "
			    "empty", sasl_mech_names[s->mech]);
		return sasl_first(s, 0, out, outlen);
	}
	switch (s->mech) {
	case SASL_LOGIN:
		return sasl_login(s, c, len, out, outlen);
	case SASL_CRAM_MD5:
		return sasl_cram(s, c, len, out, outlen);
	case SASL_SCRAM_SHA_1:
	case SASL_SCRAM_SHA_256:
		return sasl_scram(s, c, len, out, outlen);
	case SASL_XOAUTH2:
	case SASL_OAUTHBEARER:
		return sasl_oauth(s, c, len, out, outlen);
	case SASL_PLAIN:
	case SASL_MECH_MAX:
		break;
	}
	return sasl_fail(s, "PLAIN: a challenge after the response");
}

int
sasl_step(struct sasl *s, const char *b64, size_t len, const char **out,
    size_t *outlen)
{
	unsigned char	*c;
	long		 n;
	int		 rc;

	sasl_clear_out(s);
	*out = NULL;
	*outlen = 0;
	if (s->failed)
		return SASL_ERR;	/* the first error stays in s->err */
	if (len > SASL_CHALLENGE_MAX)
		return sasl_fail(s, "challenge longer than %d octets",
		    SASL_CHALLENGE_MAX);
	if ((c = malloc(BASE64_DECLEN(len) + 1)) == NULL)
		return sasl_fail(s, "out of memory");
	if ((n = base64_decode(b64, len, c)) < 0) {
		free(c);
		/* where the server-final is due, that is its proof missing */
		if (s->scram != NULL && s->round == 2) {
			s->authfail = 1;
			return sasl_fail(s, "server-final-message is not "
			    "base64: the server did not prove it knows the "
			    "password");
		}
		return sasl_fail(s, "challenge is not base64");
	}
	c[n] = '\0';
	rc = sasl_dispatch(s, (const char *)c, (size_t)n, out, outlen);
	explicit_bzero(c, (size_t)n);
	free(c);
	return rc;
}

int
sasl_done_ok(const struct sasl *s)
{
	if (s->failed || !s->complete)
		return 0;
	if (s->scram != NULL)
		return scram_verified(s->scram);
	return 1;
}

int
sasl_auth_failed(const struct sasl *s)
{
	return s->failed && s->authfail;
}

int
sasl_set_iter_min(struct sasl *s, unsigned long min)
{
	if (s->scram == NULL)
		return -1;
	return scram_set_iter_min(s->scram, min);
}

const char *
sasl_oauth_error(const struct sasl *s)
{
	return s->oauth_err;
}

const char *
sasl_error(const struct sasl *s)
{
	return s->err;
}
