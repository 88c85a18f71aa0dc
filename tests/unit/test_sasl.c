/*
 * test_sasl.c: the SASL client core against the published examples (RFC
 * 4616, 2195, 5802, 7677, 7628, Google's XOAUTH2 page) and against
 * malformed challenges.  Every sasl_new is paired with sasl_free, so the
 * ASan build's leak checker proves that no path skips it.
 */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"
#include "sasl.h"

/* The base64 of len octets, in a static buffer (challenges). */
static const char *
enc(const char *raw, size_t len)
{
	static char	 buf[BASE64_ENCLEN(1024)];

	if (len > 1024)
		abort();
	base64_encode(raw, len, buf);
	return buf;
}

#define ENC(s)	enc((s), sizeof(s) - 1)

/* Nonzero when the base64 out decodes to exactly raw. */
static int
decodes_to(const char *out, size_t outlen, const char *raw, size_t rawlen)
{
	unsigned char	 buf[BASE64_DECLEN(4096)];
	long		 n;

	if (out == NULL || outlen > 4096 || strlen(out) != outlen)
		return 0;
	n = base64_decode(out, outlen, buf);
	return n >= 0 && (size_t)n == rawlen && memcmp(buf, raw, rawlen) == 0;
}

#define DECODES_TO(o, l, s)	decodes_to((o), (l), (s), sizeof(s) - 1)

/* Nonzero when the base64 out decodes to something starting prefix. */
static int
decodes_with(const char *out, size_t outlen, const char *prefix)
{
	unsigned char	 buf[BASE64_DECLEN(4096)];
	long		 n;

	if (out == NULL || outlen > 4096)
		return 0;
	n = base64_decode(out, outlen, buf);
	return n >= 0 && (size_t)n >= strlen(prefix) &&
	    memcmp(buf, prefix, strlen(prefix)) == 0;
}

static struct sasl *
mk(enum sasl_mech m, const char *user, const char *secret,
    const char *authzid, const char *host, int port)
{
	struct sasl	*s;
	const char	*why = NULL;

	s = sasl_new(m, user, secret, authzid, host, port, &why);
	CHECK(s != NULL && why == NULL, "sasl_new %s: %s", sasl_mech_name(m),
	    why != NULL ? why : "");
	if (s == NULL)
		abort();
	return s;
}

/* Step with the base64 of raw; returns sasl_step's result. */
static int
step_raw(struct sasl *s, const char *raw, size_t len, const char **out,
    size_t *outlen)
{
	const char	*b64 = enc(raw, len);

	return sasl_step(s, b64, strlen(b64), out, outlen);
}

#define STEP(s, r, o, l)	step_raw((s), (r), sizeof(r) - 1, (o), (l))

static void
test_mech_table(void)
{
	int	 m, n, unique = 1, round = 1;

	for (m = 0; m < SASL_MECH_MAX; m++) {
		if (sasl_mech_parse(sasl_mech_name(m)) != m)
			round = 0;
		for (n = m + 1; n < SASL_MECH_MAX; n++)
			if (strcmp(sasl_mech_name(m), sasl_mech_name(n)) == 0)
				unique = 0;
	}
	CHECK(round, "every mechanism name parses back to itself");
	CHECK(unique, "mechanism names are unique");
	CHECK(sasl_mech_parse("scram-sha-256") == SASL_SCRAM_SHA_256,
	    "parse is case-blind");
	CHECK(sasl_mech_parse("Cram-Md5") == SASL_CRAM_MD5, "Cram-Md5");
	CHECK(sasl_mech_parse("SCRAM-SHA-256-PLUS") == -1, "no -PLUS");
	CHECK(sasl_mech_parse("GSSAPI") == -1, "unknown mechanism");
	CHECK(sasl_mech_parse("") == -1, "empty name");
	CHECK(strcmp(sasl_mech_name(SASL_MECH_MAX), "?") == 0, "out of range");
}

static void
test_pick(void)
{
	static const struct {
		const char	*adv;
		int		 want;
	} t[] = {
		{ "PLAIN LOGIN CRAM-MD5", SASL_CRAM_MD5 },
		{ "login plain", SASL_PLAIN },
		{ "LOGIN", SASL_LOGIN },
		{ "  LOGIN\t ", SASL_LOGIN },
		{ "SCRAM-SHA-1 SCRAM-SHA-256 PLAIN", SASL_SCRAM_SHA_256 },
		{ "PLAIN SCRAM-SHA-1", SASL_SCRAM_SHA_1 },
		{ "SCRAM-SHA-256-PLUS PLAIN", SASL_PLAIN },
		{ "XOAUTH2 OAUTHBEARER", -1 },
		{ "OAUTHBEARER LOGIN XOAUTH2", SASL_LOGIN },
		{ "GSSAPI NTLM", -1 },
		{ "PLAINX XPLAIN", -1 },
		{ "", -1 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK(sasl_mech_pick(t[i].adv) == t[i].want,
		    "pick \"%s\" -> %d, want %d", t[i].adv,
		    sasl_mech_pick(t[i].adv), t[i].want);
}

static void
test_new_args(void)
{
	static const struct {
		int		 mech;
		const char	*user, *secret, *authzid, *host;
		int		 port;
	} bad[] = {
		{ SASL_PLAIN, "", "x", NULL, NULL, 0 },
		{ SASL_PLAIN, NULL, "x", NULL, NULL, 0 },
		{ SASL_PLAIN, "tim", "", NULL, NULL, 0 },
		{ SASL_PLAIN, "tim", NULL, NULL, NULL, 0 },
		{ SASL_PLAIN, "tim", "pass\tword", NULL, NULL, 0 },
		{ SASL_SCRAM_SHA_256, "ti\rm", "x", NULL, NULL, 0 },
		{ SASL_SCRAM_SHA_1, "tim", "x\177", NULL, NULL, 0 },
		{ SASL_PLAIN, "tim", "x", "a\nb", NULL, 0 },
		{ SASL_LOGIN, "tim", "x", "other", NULL, 0 },
		{ SASL_CRAM_MD5, "tim", "x", "other", NULL, 0 },
		{ SASL_XOAUTH2, "tim", "x", "other", NULL, 0 },
		{ SASL_XOAUTH2, "tim", "tok\001en", NULL, NULL, 0 },
		{ SASL_OAUTHBEARER, "tim", "x", NULL, "h\001", 0 },
		{ SASL_OAUTHBEARER, "tim", "x", NULL, "h", 70000 },
		{ SASL_OAUTHBEARER, "tim", "x", NULL, "h", -1 },
		{ SASL_MECH_MAX, "tim", "x", NULL, NULL, 0 },
	};
	struct sasl	*s;
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		s = sasl_new(bad[i].mech, bad[i].user, bad[i].secret,
		    bad[i].authzid, bad[i].host, bad[i].port, &why);
		CHECK(s == NULL && why != NULL && *why != '\0',
		    "bad arguments %zu refused", i);
		sasl_free(s);
	}
	/* UTF-8 passes as it is (simplified SASLprep) */
	s = mk(SASL_SCRAM_SHA_256, "j\xc3\xb6rg", "p\xc3\xa4ss", NULL, NULL,
	    0);
	sasl_free(s);
	sasl_free(NULL);
}

static void
test_plain(void)
{
	struct sasl	*s;
	const char	*out;
	size_t		 len;

	/* RFC 4616 4: "tim" / "tanstaaftanstaaf", no authzid */
	s = mk(SASL_PLAIN, "tim", "tanstaaftanstaaf", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 &&
	    strcmp(out, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm") == 0 && len == 28,
	    "PLAIN tim");
	CHECK(sasl_done_ok(s), "PLAIN done after the initial response");
	CHECK(sasl_initial(s, &out, &len) == SASL_ERR && out == NULL,
	    "a second initial response");
	sasl_free(s);

	/* RFC 4616 4: authzid "Ursel", authcid "Kurt" */
	s = mk(SASL_PLAIN, "Kurt", "xipj3plmq", "Ursel", NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 &&
	    DECODES_TO(out, len, "Ursel\0Kurt\0xipj3plmq"), "PLAIN Ursel");
	sasl_free(s);

	/* no initial response: "AUTH PLAIN", "334 ", then the response */
	s = mk(SASL_PLAIN, "tim", "tanstaaftanstaaf", NULL, NULL, 0);
	CHECK(!sasl_done_ok(s), "PLAIN not done before anything");
	CHECK(sasl_step(s, "", 0, &out, &len) == 0 &&
	    strcmp(out, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm") == 0,
	    "PLAIN answers an empty challenge");
	CHECK(sasl_step(s, "", 0, &out, &len) == SASL_ERR && out == NULL &&
	    strstr(sasl_error(s), "after the response") != NULL,
	    "PLAIN: a second challenge is an error");
	CHECK(!sasl_done_ok(s), "not done after an error");
	sasl_free(s);

	s = mk(SASL_PLAIN, "tim", "x", NULL, NULL, 0);
	CHECK(STEP(s, "hello", &out, &len) == SASL_ERR &&
	    strstr(sasl_error(s), "must be empty") != NULL,
	    "PLAIN: a non-empty first challenge");
	sasl_free(s);
}

static void
test_login(void)
{
	struct sasl	*s;
	const char	*out;
	size_t		 len;

	s = mk(SASL_LOGIN, "tim", "tanstaaftanstaaf", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 && out == NULL && len == 0,
	    "LOGIN has no initial response");
	CHECK(sasl_step(s, "VXNlcm5hbWU6", 12, &out, &len) == 0 &&
	    strcmp(out, "dGlt") == 0, "LOGIN Username:");
	CHECK(!sasl_done_ok(s), "LOGIN not done after the user");
	CHECK(sasl_step(s, "UGFzc3dvcmQ6", 12, &out, &len) == 0 &&
	    DECODES_TO(out, len, "tanstaaftanstaaf"), "LOGIN Password:");
	CHECK(sasl_done_ok(s), "LOGIN done");
	CHECK(STEP(s, "More:", &out, &len) == SASL_ERR, "LOGIN third");
	sasl_free(s);

	/* prompts other servers send: by order */
	s = mk(SASL_LOGIN, "tim", "pw", NULL, NULL, 0);
	CHECK(STEP(s, "User Name\0", &out, &len) == 0 &&
	    DECODES_TO(out, len, "tim"), "LOGIN 'User Name'");
	CHECK(sasl_step(s, "", 0, &out, &len) == 0 &&
	    DECODES_TO(out, len, "pw"), "LOGIN empty second prompt");
	sasl_free(s);

	s = mk(SASL_LOGIN, "tim", "pw", NULL, NULL, 0);
	CHECK(STEP(s, "Password:", &out, &len) == SASL_ERR && out == NULL,
	    "LOGIN: the password is not sent for the user prompt");
	sasl_free(s);

	s = mk(SASL_LOGIN, "tim", "pw", NULL, NULL, 0);
	CHECK(STEP(s, "Username:", &out, &len) == 0 &&
	    STEP(s, "username:", &out, &len) == SASL_ERR,
	    "LOGIN: the user name asked twice");
	sasl_free(s);
}

static void
test_cram(void)
{
	struct sasl	*s;
	const char	*out;
	size_t		 len;

	/* RFC 2195 2 */
	s = mk(SASL_CRAM_MD5, "tim", "tanstaaftanstaaf", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 && out == NULL,
	    "CRAM-MD5 has no initial response");
	CHECK(STEP(s, "<1896.697170952@postoffice.reston.mci.net>", &out,
	    &len) == 0 && DECODES_TO(out, len,
	    "tim b913a602c7eda7a495b4e6e7334d3890") &&
	    strcmp(out, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw") ==
	    0, "CRAM-MD5 RFC 2195 example");
	CHECK(sasl_done_ok(s), "CRAM-MD5 done");
	CHECK(STEP(s, "<again>", &out, &len) == SASL_ERR, "CRAM-MD5 twice");
	sasl_free(s);

	s = mk(SASL_CRAM_MD5, "tim", "x", NULL, NULL, 0);
	CHECK(sasl_step(s, "", 0, &out, &len) == SASL_ERR &&
	    strstr(sasl_error(s), "empty") != NULL, "CRAM-MD5 empty");
	sasl_free(s);
}

struct scram_vec {
	enum sasl_mech	 mech;
	const char	*nonce;
	const char	*cfirst;
	const char	*sfirst;
	const char	*cfinal;
	const char	*sfinal;
	const char	*tampered;
};

static const struct scram_vec scram_vecs[] = {
	/* RFC 5802 5 */
	{ SASL_SCRAM_SHA_1, "fyko+d2lbbFgONRv9qkxdawL",
	    "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
	    "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,"
	    "i=4096",
	    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
	    "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
	    "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
	    "v=smF9pqV8S7suAoZWja4dJRkFsKQ=" },
	/* RFC 7677 3 */
	{ SASL_SCRAM_SHA_256, "rOprNGfwEbeRWgbNEkqO",
	    "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
	    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
	    "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
	    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
	    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
	    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
	    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G8=" },
};

/* Run a vector up to the client-final; the caller goes on. */
static struct sasl *
scram_to_final(const struct scram_vec *v, int initial)
{
	struct sasl	*s = mk(v->mech, "user", "pencil", NULL, NULL, 0);
	const char	*out;
	size_t		 len;

	CHECK(sasl_set_nonce(s, v->nonce) == 0, "set nonce");
	if (initial)
		CHECK(sasl_initial(s, &out, &len) == 0 &&
		    decodes_to(out, len, v->cfirst, strlen(v->cfirst)),
		    "%s client-first", sasl_mech_name(v->mech));
	else
		CHECK(sasl_step(s, "", 0, &out, &len) == 0 &&
		    decodes_to(out, len, v->cfirst, strlen(v->cfirst)),
		    "%s client-first after an empty challenge",
		    sasl_mech_name(v->mech));
	CHECK(sasl_set_nonce(s, "late") == -1, "nonce only before");
	CHECK(step_raw(s, v->sfirst, strlen(v->sfirst), &out, &len) == 0 &&
	    decodes_to(out, len, v->cfinal, strlen(v->cfinal)),
	    "%s client-final: %s", sasl_mech_name(v->mech), sasl_error(s));
	CHECK(!sasl_done_ok(s), "%s not done before the server proof",
	    sasl_mech_name(v->mech));
	return s;
}

static void
test_scram_vectors(void)
{
	const struct scram_vec	*v;
	struct sasl		*s;
	const char		*out;
	size_t			 i, len;

	for (i = 0; i < sizeof(scram_vecs) / sizeof(scram_vecs[0]); i++) {
		v = &scram_vecs[i];
		s = scram_to_final(v, i == 0);
		CHECK(step_raw(s, v->sfinal, strlen(v->sfinal), &out,
		    &len) == 0 && out != NULL && len == 0 && *out == '\0',
		    "%s server-final answered with an empty line",
		    sasl_mech_name(v->mech));
		CHECK(sasl_done_ok(s), "%s server signature verified",
		    sasl_mech_name(v->mech));
		CHECK(*sasl_error(s) == '\0', "no error");
		CHECK(sasl_step(s, "", 0, &out, &len) == SASL_ERR,
		    "%s: nothing after the server-final",
		    sasl_mech_name(v->mech));
		CHECK(!sasl_done_ok(s), "not ok after a later error");
		sasl_free(s);

		s = scram_to_final(v, 1);
		CHECK(step_raw(s, v->tampered, strlen(v->tampered), &out,
		    &len) == SASL_ERR && out == NULL &&
		    strstr(sasl_error(s), "does not match") != NULL,
		    "%s tampered server signature fails",
		    sasl_mech_name(v->mech));
		CHECK(!sasl_done_ok(s), "tampered: not ok");
		sasl_free(s);

		s = scram_to_final(v, 1);
		CHECK(STEP(s, "e=invalid-proof", &out, &len) == SASL_ERR &&
		    strcmp(sasl_error(s), "server error: invalid-proof") == 0,
		    "%s e= error: %s", sasl_mech_name(v->mech),
		    sasl_error(s));
		sasl_free(s);

		/* a 235 right after the client-final: no proof */
		s = scram_to_final(v, 1);
		CHECK(!sasl_done_ok(s), "235 without the server-final");
		sasl_free(s);
	}
}

static void
test_scram_names(void)
{
	struct sasl	*s;
	const char	*out, *o1;
	size_t		 len;
	char		 n1[64];

	s = mk(SASL_SCRAM_SHA_1, "user", "pencil", "Ursel", NULL, 0);
	CHECK(sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    DECODES_TO(out, len, "n,a=Ursel,n=user,r=abc"), "SCRAM authzid");
	/* the c= of the final message carries the gs2 header */
	CHECK(STEP(s, "r=abcd,s=QSXCR+Q6sek8bf92,i=4096", &out, &len) == 0 &&
	    decodes_with(out, len, "c=bixhPVVyc2VsLA==,r=abcd,p="),
	    "SCRAM c= is base64(\"n,a=Ursel,\")");
	sasl_free(s);

	s = mk(SASL_SCRAM_SHA_256, "a,b=c", "pencil", "x=y,", NULL, 0);
	CHECK(sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    DECODES_TO(out, len, "n,a=x=3Dy=2C,n=a=2Cb=3Dc,r=abc"),
	    "SCRAM saslname escaping");
	sasl_free(s);

	/* bad nonces */
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_nonce(s, "") == -1 && sasl_set_nonce(s, "a,b") == -1 &&
	    sasl_set_nonce(s, "a b") == -1 &&
	    sasl_set_nonce(s, "0123456789012345678901234567890123456789"
	    "01234567890123456789012345") == -1, "bad nonces refused");
	/* the random nonce: 24 base64 characters, different each time */
	CHECK(sasl_initial(s, &out, &len) == 0 && len == BASE64_ENCLEN(
	    sizeof("n,,n=user,r=") - 1 + 24) - 1, "random nonce length");
	{
		unsigned char	 raw[128];
		long		 n = base64_decode(out, len, raw);

		CHECK(n == 36 && memcmp(raw, "n,,n=user,r=", 12) == 0,
		    "random nonce message");
		memcpy(n1, raw + 12, 24);
		n1[24] = '\0';
	}
	sasl_free(s);
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_initial(s, &o1, &len) == 0, "second random nonce");
	{
		unsigned char	 raw[128];
		long		 n = base64_decode(o1, len, raw);

		CHECK(n == 36 && memcmp(raw + 12, n1, 24) != 0,
		    "two random nonces differ");
	}
	sasl_free(s);

	s = mk(SASL_PLAIN, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_nonce(s, "abc") == -1 &&
	    sasl_set_iter_max(s, 10) == -1, "nonce and bound: SCRAM only");
	sasl_free(s);
}

struct bad_challenge {
	int		 raw;		/* sent as is, not base64-encoded */
	const char	*msg;
	size_t		 len;		/* 0: strlen */
	const char	*why;		/* substring of the error */
};

#define SALT	"s=QSXCR+Q6sek8bf92"

static const struct bad_challenge bad_first[] = {
	{ 1, "!!!!", 0, "not base64" },
	{ 1, "cj1hYmNk=", 0, "not base64" },
	{ 1, "cj1hYmNk\r\n", 0, "not base64" },
	{ 0, SALT ",i=4096", 0, "no nonce (r=)" },
	{ 0, "", 0, "no nonce (r=)" },
	{ 0, "r=abcdef,i=4096", 0, "no salt (s=)" },
	{ 0, "r=abcdef," SALT, 0, "no iteration count (i=)" },
	{ 0, "r=abcdef," SALT ",", 0, "no iteration count (i=)" },
	{ 0, "r=xyzabc," SALT ",i=4096", 0, "does not extend ours" },
	{ 0, "r=abc," SALT ",i=4096", 0, "does not extend ours" },
	{ 0, "r=ab," SALT ",i=4096", 0, "does not extend ours" },
	{ 0, "r=abc def," SALT ",i=4096", 0, "not allowed" },
	{ 0, "r=abcdef,s=!!!!,i=4096", 0, "not base64" },
	{ 0, "r=abcdef,s=,i=4096", 0, "empty or not base64" },
	{ 0, "r=abcdef," SALT ",i=0", 0, "out of range" },
	{ 0, "r=abcdef," SALT ",i=", 0, "out of range" },
	{ 0, "r=abcdef," SALT ",i=1000001", 0, "out of range" },
	{ 0, "r=abcdef," SALT ",i=99999999999999999999999999", 0,
	    "out of range" },
	{ 0, "r=abcdef," SALT ",i=-1", 0, "not a number" },
	{ 0, "r=abcdef," SALT ",i=12a", 0, "not a number" },
	{ 0, "m=ext,r=abcdef," SALT ",i=4096", 0, "extension (m=)" },
	{ 0, "s=x,r=abcdef," SALT ",i=4096", 0, "no nonce" },
	{ 0, "r=abcdef\0," SALT ",i=4096", 28, "NUL" },
};

static const struct bad_challenge bad_final[] = {
	{ 1, "dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E", 0, "not base64" },
	{ 0, "", 0, "neither v= nor e=" },
	{ 0, "x=1", 0, "neither v= nor e=" },
	{ 0, "v=!!!!", 0, "not base64" },
	{ 0, "v=", 0, "does not match" },
	{ 0, "v=AAAA", 0, "does not match" },
	{ 0, "e=", 0, "server error: " },
	{ 0, "e=other-error,x=1", 0, "server error: other-error" },
	{ 0, "e=bad\001\177", 0, "server error: bad??" },
};

static int
step_bad(struct sasl *s, const struct bad_challenge *b)
{
	const char	*out;
	size_t		 len = b->len != 0 ? b->len : strlen(b->msg);

	if (b->raw)
		return sasl_step(s, b->msg, len, &out, &len);
	return step_raw(s, b->msg, len, &out, &len);
}

static void
test_scram_malformed(void)
{
	struct sasl	*s;
	const char	*out;
	size_t		 i, len;
	char		 first[SASL_ERR_MAX];

	for (i = 0; i < sizeof(bad_first) / sizeof(bad_first[0]); i++) {
		s = mk(SASL_SCRAM_SHA_1, "user", "pencil", NULL, NULL, 0);
		CHECK(sasl_set_nonce(s, "abc") == 0 &&
		    sasl_initial(s, &out, &len) == 0, "start");
		CHECK(step_bad(s, &bad_first[i]) == SASL_ERR &&
		    strstr(sasl_error(s), bad_first[i].why) != NULL &&
		    !sasl_auth_failed(s),
		    "server-first %zu \"%s\": got \"%s\", want \"%s\"", i,
		    bad_first[i].msg, sasl_error(s), bad_first[i].why);
		/* the first error stays; every later step fails */
		snprintf(first, sizeof(first), "%s", sasl_error(s));
		CHECK(STEP(s, "r=abcdef," SALT ",i=1", &out, &len) ==
		    SASL_ERR && out == NULL &&
		    strcmp(first, sasl_error(s)) == 0, "stays failed");
		sasl_free(s);
	}
	for (i = 0; i < sizeof(bad_final) / sizeof(bad_final[0]); i++) {
		s = scram_to_final(&scram_vecs[0], 1);
		CHECK(step_bad(s, &bad_final[i]) == SASL_ERR &&
		    strstr(sasl_error(s), bad_final[i].why) != NULL &&
		    !sasl_done_ok(s) && sasl_auth_failed(s),
		    "server-final %zu \"%s\": got \"%s\", want \"%s\"", i,
		    bad_final[i].msg, sasl_error(s), bad_final[i].why);
		sasl_free(s);
	}

	/* the bound is adjustable; extensions after i= are ignored */
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_max(s, 0) == -1 &&
	    sasl_set_iter_max(s, 1000001) == -1 &&
	    sasl_set_iter_max(s, 4096) == 0, "iteration bound range");
	CHECK(sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    STEP(s, "r=abcdef," SALT ",i=4096,x=ext", &out, &len) == 0,
	    "i=4096 within a 4096 bound, extension ignored");
	sasl_free(s);
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_max(s, 4096) == 0 &&
	    sasl_initial(s, &out, &len) == 0, "start");
	CHECK(sasl_set_nonce(s, "abc") == -1, "nonce after the first message");
	sasl_free(s);
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_max(s, 4096) == 0 &&
	    sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    STEP(s, "r=abcdef," SALT ",i=4097", &out, &len) == SASL_ERR &&
	    strstr(sasl_error(s), "1..4096") != NULL, "i=4097 above 4096");
	sasl_free(s);

	/* RFC 7677 4: fewer than 4096 iterations refused, no proof made */
	for (i = 0; i < 2; i++) {
		s = mk(i == 0 ? SASL_SCRAM_SHA_1 : SASL_SCRAM_SHA_256, "user",
		    "pencil", NULL, NULL, 0);
		CHECK(sasl_set_nonce(s, "abc") == 0 &&
		    sasl_initial(s, &out, &len) == 0 &&
		    STEP(s, "r=abcdef," SALT ",i=4095", &out, &len) ==
		    SASL_ERR && out == NULL && len == 0 &&
		    strstr(sasl_error(s), "i=4095 is below 4096") != NULL &&
		    strstr(sasl_error(s), "no proof sent") != NULL &&
		    sasl_auth_failed(s) && !sasl_done_ok(s),
		    "i=4095 refused: \"%s\"", sasl_error(s));
		sasl_free(s);
		s = mk(i == 0 ? SASL_SCRAM_SHA_1 : SASL_SCRAM_SHA_256, "user",
		    "pencil", NULL, NULL, 0);
		CHECK(sasl_set_nonce(s, "abc") == 0 &&
		    sasl_initial(s, &out, &len) == 0 &&
		    STEP(s, "r=abcdef," SALT ",i=1", &out, &len) ==
		    SASL_ERR && sasl_auth_failed(s), "i=1 refused");
		sasl_free(s);
	}
	/* the fuzzer's lower minimum, and its bounds */
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_min(s, 0) == -1 &&
	    sasl_set_iter_min(s, 4097) == -1 &&
	    sasl_set_iter_min(s, 2) == 0 && sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    STEP(s, "r=abcdef," SALT ",i=1", &out, &len) == SASL_ERR &&
	    strstr(sasl_error(s), "below 2") != NULL, "minimum 2: i=1");
	sasl_free(s);
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_min(s, 2) == 0 && sasl_set_nonce(s, "abc") == 0 &&
	    sasl_initial(s, &out, &len) == 0 &&
	    STEP(s, "r=abcdef," SALT ",i=2", &out, &len) == 0 && out != NULL,
	    "minimum 2: i=2");
	sasl_free(s);
	s = mk(SASL_PLAIN, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_set_iter_min(s, 2) == -1, "iteration minimum: SCRAM only");
	sasl_free(s);

	/* a SCRAM server must not skip to the server-final */
	s = mk(SASL_SCRAM_SHA_256, "user", "pencil", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 &&
	    STEP(s, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", &out,
	    &len) == SASL_ERR, "server-final first");
	sasl_free(s);
}

static void
test_xoauth2(void)
{
	static const char json[] = "{\"status\":\"401\",\"schemes\":"
	    "\"bearer mac\",\"scope\":\"https://mail.google.com/\"}";
	struct sasl	*s;
	const char	*out;
	size_t		 len;

	/* Google's XOAUTH2 protocol page */
	s = mk(SASL_XOAUTH2, "someuser@example.com",
	    "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 && DECODES_TO(out, len,
	    "user=someuser@example.com\001auth=Bearer "
	    "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\001\001") &&
	    strcmp(out, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5"
	    "YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==")
	    == 0, "XOAUTH2 initial response");
	CHECK(sasl_done_ok(s) && sasl_oauth_error(s) == NULL,
	    "XOAUTH2 done, no error yet");
	CHECK(STEP(s, json, &out, &len) == 0 && out != NULL && len == 0 &&
	    *out == '\0', "XOAUTH2 error answered with an empty line");
	CHECK(sasl_oauth_error(s) != NULL &&
	    strcmp(sasl_oauth_error(s), json) == 0, "XOAUTH2 JSON kept");
	CHECK(!sasl_done_ok(s), "XOAUTH2 not ok after the error");
	CHECK(STEP(s, json, &out, &len) == SASL_ERR, "XOAUTH2 a second error");
	sasl_free(s);

	/* without an initial response */
	s = mk(SASL_XOAUTH2, "u", "t", NULL, NULL, 0);
	CHECK(sasl_step(s, "", 0, &out, &len) == 0 &&
	    DECODES_TO(out, len, "user=u\001auth=Bearer t\001\001"),
	    "XOAUTH2 after an empty challenge");
	CHECK(sasl_step(s, "!", 1, &out, &len) == SASL_ERR &&
	    sasl_oauth_error(s) == NULL, "XOAUTH2 bad base64 error");
	sasl_free(s);
}

static void
test_oauthbearer(void)
{
	static const char json[] = "{\"status\":\"invalid_token\","
	    "\"scope\":\"example_scope\",\"openid-configuration\":"
	    "\"https://example.com/.well-known/openid-configuration\"}";
	struct sasl	*s;
	const char	*out;
	size_t		 len;

	/* RFC 7628 4.1 */
	s = mk(SASL_OAUTHBEARER, "user@example.com",
	    "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==", NULL,
	    "server.example.com", 143);
	CHECK(sasl_initial(s, &out, &len) == 0 && DECODES_TO(out, len,
	    "n,a=user@example.com,\001host=server.example.com\001port=143"
	    "\001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="
	    "\001\001") &&
	    strcmp(out, "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1w"
	    "bGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNr"
	    "QmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB") == 0,
	    "OAUTHBEARER RFC 7628 4.1");
	CHECK(sasl_done_ok(s), "OAUTHBEARER done");
	/* RFC 7628 4.3: the error, answered with %x01 */
	CHECK(STEP(s, json, &out, &len) == 0 && strcmp(out, "AQ==") == 0,
	    "OAUTHBEARER error answered with %%x01");
	CHECK(sasl_oauth_error(s) != NULL &&
	    strcmp(sasl_oauth_error(s), json) == 0, "OAUTHBEARER JSON kept");
	CHECK(!sasl_done_ok(s), "OAUTHBEARER not ok after the error");
	sasl_free(s);

	s = mk(SASL_OAUTHBEARER, NULL, "T", NULL, NULL, 0);
	CHECK(sasl_initial(s, &out, &len) == 0 &&
	    DECODES_TO(out, len, "n,,\001auth=Bearer T\001\001"),
	    "OAUTHBEARER without user, host or port");
	sasl_free(s);

	s = mk(SASL_OAUTHBEARER, "u", "T", "a,b=c", "h", 0);
	CHECK(sasl_initial(s, &out, &len) == 0 && DECODES_TO(out, len,
	    "n,a=a=2Cb=3Dc,\001host=h\001auth=Bearer T\001\001"),
	    "OAUTHBEARER authzid escaped, no port");
	sasl_free(s);
}

static void
test_limits(void)
{
	struct sasl	*s;
	const char	*out;
	size_t		 len;
	char		*big;

	if ((big = malloc(SASL_CHALLENGE_MAX + 4)) == NULL)
		abort();
	memset(big, 'A', SASL_CHALLENGE_MAX + 4);
	s = mk(SASL_CRAM_MD5, "tim", "x", NULL, NULL, 0);
	CHECK(sasl_step(s, big, SASL_CHALLENGE_MAX + 4, &out, &len) ==
	    SASL_ERR && strstr(sasl_error(s), "longer") != NULL,
	    "challenge too long");
	sasl_free(s);
	s = mk(SASL_CRAM_MD5, "tim", "x", NULL, NULL, 0);
	CHECK(sasl_step(s, big, SASL_CHALLENGE_MAX, &out, &len) == 0 &&
	    decodes_with(out, len, "tim ") && len == BASE64_ENCLEN(36) - 1,
	    "challenge of the maximum length");
	sasl_free(s);
	free(big);
}

int
main(void)
{
	test_mech_table();
	test_pick();
	test_new_args();
	test_plain();
	test_login();
	test_cram();
	test_scram_vectors();
	test_scram_names();
	test_scram_malformed();
	test_xoauth2();
	test_oauthbearer();
	test_limits();
	return check_done();
}
