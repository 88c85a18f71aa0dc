/*
 * capinfo.c: the EHLO capability keyword table behind the EHLO
 * annotations, and the explainers for keywords whose parameters matter.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "capinfo.h"

/* Keywords are short (caps.h keeps 32 bytes); more is not worth quoting. */
#define CAPINFO_KW_MAX		64
/* Tokens in at most CAPINFO_PARAMS_MAX bytes, one byte plus a space each. */
#define CAPINFO_TOK_MAX		(CAPINFO_PARAMS_MAX / 2 + 1)

/*
 * Keywords not beginning with X are registered with IANA ("SMTP Service
 * Extensions") or are vendor words that predate the X convention.
 */
static const struct capinfo capinfo[] = {
	{ "8BITMIME", "RFC 6152",
	    "message bodies may contain 8-bit bytes (BODY=8BITMIME on MAIL)" },
	{ "ATRN", "RFC 2645",
	    "authenticated TURN: after AUTH the server delivers the mail "
	    "queued for the client's domains over this connection" },
	{ "AUTH", "RFC 4954",
	    "the client may log in with a SASL mechanism (AUTH command)" },
	{ "BINARYMIME", "RFC 3030",
	    "message bodies may be binary (BODY=BINARYMIME), sent with BDAT "
	    "only" },
	{ "BURL", "RFC 4468",
	    "the message may be fetched by URL from an IMAP server (BURL "
	    "command) instead of being uploaded" },
	{ "CHECKPOINT", "RFC 1845",
	    "an interrupted transfer can resume where it stopped (TRANSID= "
	    "on MAIL); experimental" },
	{ "CHUNKING", "RFC 3030",
	    "the message may be sent in counted chunks with BDAT instead of "
	    "DATA" },
	{ "CONNEG", "RFC 4141",
	    "the server can convert content to what the recipient accepts "
	    "(content negotiation)" },
	{ "CONPERM", "RFC 4141",
	    "the sender may permit or forbid content conversion (CONPERM= on "
	    "MAIL)" },
	{ "DELIVERBY", "RFC 2852",
	    "a delivery deadline may be requested (BY= on MAIL)" },
	{ "DSN", "RFC 3461",
	    "delivery status notifications may be requested (NOTIFY=, RET=, "
	    "ENVID=, ORCPT=)" },
	{ "ENHANCEDSTATUSCODES", "RFC 2034",
	    "replies carry enhanced status codes such as 5.1.1 (RFC 3463)" },
	{ "ETRN", "RFC 1985",
	    "the client may ask the server to start delivering the mail "
	    "queued for a domain (ETRN command)" },
	{ "EXPN", "RFC 5321",
	    "mailing lists can be expanded with EXPN (often disabled: it "
	    "leaks addresses)" },
	{ "FUTURERELEASE", "RFC 4865",
	    "a message may be held and released later (HOLDFOR= or "
	    "HOLDUNTIL= on MAIL)" },
	{ "HELP", "RFC 5321",
	    "the HELP command gives help text" },
	{ "LIMITS", "RFC 9422",
	    "the server announces its limits on recipients and transactions "
	    "before they are hit" },
	{ "MT-PRIORITY", "RFC 6710",
	    "messages may carry a priority (MT-PRIORITY= on MAIL)" },
	{ "MTRK", "RFC 3885",
	    "message tracking may be requested (MTRK on MAIL)" },
	{ "NO-SOLICITING", "RFC 3865",
	    "the server refuses the solicitation classes it lists (SOLICIT= "
	    "on MAIL)" },
	{ "ONEX", "Sendmail",
	    "Sendmail's own: only one transaction in this session (ONEX "
	    "command)" },
	{ "PIPELINING", "RFC 2920",
	    "several commands may be sent without waiting for each reply" },
	{ "REQUIRETLS", "RFC 8689",
	    "the message may demand TLS on every hop (REQUIRETLS on MAIL)" },
	{ "RRVS", "RFC 7293",
	    "the sender may refuse delivery to an address reassigned since a "
	    "date (RRVS= on RCPT)" },
	{ "SAML", "RFC 821",
	    "obsolete: send to the user's terminal and mailbox; RFC 2821 "
	    "dropped it" },
	{ "SEND", "RFC 821",
	    "obsolete: send to the user's terminal; RFC 2821 dropped it" },
	{ "SIZE", "RFC 1870",
	    "the server announces the largest message it accepts (SIZE= on "
	    "MAIL)" },
	{ "SMTPUTF8", "RFC 6531",
	    "UTF-8 addresses and headers are accepted (SMTPUTF8 on MAIL)" },
	{ "SOML", "RFC 821",
	    "obsolete: send to the user's terminal or mailbox; RFC 2821 "
	    "dropped it" },
	{ "STARTTLS", "RFC 3207",
	    "the session can be upgraded to TLS; capabilities must be read "
	    "again after it" },
	{ "SUBMITTER", "RFC 4405",
	    "the responsible submitter may be given (SUBMITTER= on MAIL) for "
	    "Sender ID checks; experimental" },
	{ "TURN", "RFC 821",
	    "obsolete: role reversal without authentication; RFC 2821 "
	    "withdrew it (ATRN replaces it)" },
	{ "UTF8SMTP", "RFC 5336",
	    "obsolete experimental form of SMTPUTF8, replaced by RFC 6531" },
	{ "VERB", "Sendmail",
	    "Sendmail's own: verbose mode, the server reports its delivery "
	    "steps (VERB command)" },
	{ "VRFY", "RFC 5321",
	    "an address can be checked with VRFY (often disabled or "
	    "non-committal)" },
	{ "X-EXPS", "Microsoft Exchange",
	    "Exchange-to-Exchange authentication, similar to AUTH" },
	{ "X-LINK2STATE", "Microsoft Exchange",
	    "Exchange servers exchange routing (link state) information" },
	{ "XCLIENT", "Postfix",
	    "lets a trusted client override its connection attributes "
	    "(client name, address, HELO, login)" },
	{ "XEXCH50", "Microsoft Exchange",
	    "relays Exchange message and recipient properties between "
	    "Exchange servers" },
	{ "XFORWARD", "Postfix",
	    "lets a trusted proxy pass on the original client's name and "
	    "address for logging" },
	{ "XRDST", "Microsoft Exchange",
	    "an Exchange extension used between its own servers" },
};

#define CAPINFO_N	(sizeof(capinfo) / sizeof(capinfo[0]))

/* Bounded writer: keeps buf NUL-terminated whatever is appended. */
struct capinfo_out {
	char	*buf;
	size_t	 len;
	size_t	 off;
};

/* One AUTH mechanism or LIMITS parameter inside a copy of params. */
struct capinfo_tok {
	const char	*s;
	size_t		 n;
};

static void
capinfo_addn(struct capinfo_out *o, const char *s, size_t n)
{
	if (o->len == 0)
		return;
	while (n > 0 && *s != '\0' && o->off + 1 < o->len) {
		o->buf[o->off++] = *s++;
		n--;
	}
	o->buf[o->off] = '\0';
}

static void
capinfo_add(struct capinfo_out *o, const char *s)
{
	capinfo_addn(o, s, strlen(s));
}

static void
capinfo_addnum(struct capinfo_out *o, unsigned long long n)
{
	char	 num[24];

	snprintf(num, sizeof(num), "%llu", n);
	capinfo_add(o, num);
}

/* Strcmp order for an upper-case table whatever the key's case. */
static int
capinfo_cmp(const char *key, const char *kw)
{
	unsigned char	 a, b;

	for (;; key++, kw++) {
		a = (unsigned char)toupper((unsigned char)*key);
		b = (unsigned char)*kw;
		if (a != b || a == '\0')
			return a < b ? -1 : a > b;
	}
}

/* Decimal digits only, no overflow; -1 otherwise. */
static int
capinfo_number(const char *s, size_t n, unsigned long long *v)
{
	size_t	 i;

	if (n == 0)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (*v > (~0ULL - 9) / 10)
			return -1;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

/* Split on spaces and tabs; returns the number of tokens. */
static size_t
capinfo_split(const char *s, struct capinfo_tok *t, size_t max)
{
	size_t	 n = 0, i;

	while (*s != '\0' && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		for (i = 0; s[i] != '\0' && s[i] != ' ' && s[i] != '\t'; i++)
			;
		t[n].s = s;
		t[n].n = i;
		n++;
		s += i;
	}
	return n;
}

static int
capinfo_tokis(const struct capinfo_tok *t, const char *w)
{
	return strlen(w) == t->n && strncasecmp(t->s, w, t->n) == 0;
}

/* "A", "A and B", "A, B and C" for the tokens whose flag is set. */
static void
capinfo_names(struct capinfo_out *o, const struct capinfo_tok *t,
    const int *flag, size_t n)
{
	size_t	 i, total = 0, done = 0;

	for (i = 0; i < n; i++)
		total += flag[i] != 0;
	for (i = 0; i < n; i++) {
		if (!flag[i])
			continue;
		if (done > 0)
			capinfo_add(o, done + 1 == total ? " and " : ", ");
		capinfo_addn(o, t[i].s, t[i].n);
		done++;
	}
}

/* "10 MiB (10485760 octets)", "34.2 MiB (...)", "1000 octets". */
static void
capinfo_size_units(struct capinfo_out *o, unsigned long long v)
{
	static const struct {
		unsigned long long	 n;
		const char		*name;
	} units[] = {
		{ 1ULL << 30, "GiB" }, { 1ULL << 20, "MiB" },
		{ 1ULL << 10, "KiB" },
	};
	size_t	 i;

	capinfo_add(o, "messages up to ");
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (v < units[i].n)
			continue;
		capinfo_addnum(o, v / units[i].n);
		if (v % units[i].n != 0) {
			/* Tenths, truncated: never claim more than allowed. */
			capinfo_add(o, ".");
			capinfo_addnum(o, v % units[i].n * 10 / units[i].n);
		}
		capinfo_add(o, " ");
		capinfo_add(o, units[i].name);
		capinfo_add(o, " (");
		capinfo_addnum(o, v);
		capinfo_add(o, " octets) are accepted");
		return;
	}
	capinfo_addnum(o, v);
	capinfo_add(o, " octets are accepted");
}

static void
capinfo_size(struct capinfo_out *o, const char *p, const char *ref)
{
	unsigned long long	 v = 0;

	/* RFC 1870 4: no value or 0 means no fixed maximum. */
	if (*p != '\0' && capinfo_number(p, strlen(p), &v) == -1)
		capinfo_add(o, "the size limit is not a number of octets");
	else if (v == 0)
		capinfo_add(o, "no fixed message size limit is announced");
	else
		capinfo_size_units(o, v);
	capinfo_add(o, " (");
	capinfo_add(o, ref);
	capinfo_add(o, ")");
}

static void
capinfo_auth(struct capinfo_out *o, const char *p, const char *ref)
{
	struct capinfo_tok	 t[CAPINFO_TOK_MAX];
	int			 clear[CAPINFO_TOK_MAX], md5[CAPINFO_TOK_MAX];
	int			 scram[CAPINFO_TOK_MAX], oauth[CAPINFO_TOK_MAX];
	int			 nclear = 0, nmd5 = 0, nscram = 0, noauth = 0;
	int			 xoauth = 0;
	size_t			 n, i;

	n = capinfo_split(p, t, CAPINFO_TOK_MAX);
	if (n == 0) {
		capinfo_add(o, "authentication offered but no mechanism "
		    "listed (");
		capinfo_add(o, ref);
		capinfo_add(o, ")");
		return;
	}
	for (i = 0; i < n; i++) {
		nclear += clear[i] = capinfo_tokis(&t[i], "PLAIN") ||
		    capinfo_tokis(&t[i], "LOGIN");
		nmd5 += md5[i] = capinfo_tokis(&t[i], "CRAM-MD5") ||
		    capinfo_tokis(&t[i], "DIGEST-MD5");
		nscram += scram[i] = t[i].n > 5 &&
		    strncasecmp(t[i].s, "SCRAM-", 6) == 0;
		noauth += oauth[i] = capinfo_tokis(&t[i], "OAUTHBEARER") ||
		    capinfo_tokis(&t[i], "XOAUTH2");
		xoauth |= capinfo_tokis(&t[i], "XOAUTH2");
	}
	capinfo_add(o, "authentication with ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			capinfo_add(o, ", ");
		capinfo_addn(o, t[i].s, t[i].n);
	}
	capinfo_add(o, " (");
	capinfo_add(o, ref);
	capinfo_add(o, ")");
	if (nclear > 0) {
		capinfo_add(o, "; ");
		capinfo_names(o, t, clear, n);
		capinfo_add(o, nclear > 1 ? " send" : " sends");
		capinfo_add(o, " the password in the clear: only over TLS");
	}
	if (nmd5 > 0) {
		/* IANA: CRAM-MD5 LIMITED; RFC 6331 made DIGEST-MD5 historic. */
		capinfo_add(o, "; ");
		capinfo_names(o, t, md5, n);
		capinfo_add(o, nmd5 > 1 ? " are" : " is");
		capinfo_add(o, " obsolete (MD5-based, historic)");
	}
	if (nscram > 0) {
		capinfo_add(o, "; ");
		capinfo_names(o, t, scram, n);
		capinfo_add(o, nscram > 1 ? " prove" : " proves");
		capinfo_add(o, " the password without sending it (good)");
	}
	if (noauth > 0) {
		capinfo_add(o, "; ");
		capinfo_names(o, t, oauth, n);
		capinfo_add(o, noauth > 1 ? " use" : " uses");
		capinfo_add(o, " an OAuth token, not the password");
		if (xoauth && noauth == 1)
			capinfo_add(o, " (Google's form, before RFC 7628)");
		else
			capinfo_add(o, xoauth ? " (RFC 7628; XOAUTH2 is "
			    "Google's older form)" : " (RFC 7628)");
	}
}

static void
capinfo_deliverby(struct capinfo_out *o, const char *p, const char *ref)
{
	unsigned long long	 v = 0;

	capinfo_add(o, "a delivery deadline may be requested (BY= on MAIL)");
	if (*p != '\0' && capinfo_number(p, strlen(p), &v) == -1)
		capinfo_add(o, ", the minimum is not a number of seconds");
	else if (v == 0)
		capinfo_add(o, ", no minimum announced");
	else {
		capinfo_add(o, ", at least ");
		capinfo_addnum(o, v);
		capinfo_add(o, " seconds ahead");
	}
	capinfo_add(o, " (");
	capinfo_add(o, ref);
	capinfo_add(o, ")");
}

static void
capinfo_mtpriority(struct capinfo_out *o, const char *p, const char *ref)
{
	capinfo_add(o, "messages may carry a priority (MT-PRIORITY= on MAIL)");
	capinfo_add(o, *p != '\0' ? "; the parameter names the priority "
	    "policy" : "; no priority policy named");
	capinfo_add(o, " (");
	capinfo_add(o, ref);
	capinfo_add(o, ")");
}

static void
capinfo_limits(struct capinfo_out *o, const char *p, const char *ref)
{
	static const struct {
		const char	*name;
		const char	*what;
	} lim[] = {
		{ "MAILMAX=", " transactions per session" },
		{ "RCPTDOMAINMAX=", " recipient domains per transaction" },
		{ "RCPTMAX=", " recipients per transaction" },
	};
	struct capinfo_tok	 t[CAPINFO_TOK_MAX];
	unsigned long long	 v;
	size_t			 n, i, j, k, said = 0;

	capinfo_add(o, "the server announces its limits (");
	capinfo_add(o, ref);
	capinfo_add(o, ")");
	n = capinfo_split(p, t, CAPINFO_TOK_MAX);
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(lim) / sizeof(lim[0]); j++) {
			k = strlen(lim[j].name);
			if (t[i].n <= k || strncasecmp(t[i].s, lim[j].name,
			    k) != 0 || capinfo_number(t[i].s + k, t[i].n - k,
			    &v) == -1)
				continue;
			capinfo_add(o, said++ == 0 ? ": at most " :
			    ", at most ");
			capinfo_addnum(o, v);
			capinfo_add(o, lim[j].what);
		}
	}
	if (n == 0)
		capinfo_add(o, ": none listed");
}

static const struct {
	const char	*keyword;
	void		(*fn)(struct capinfo_out *, const char *, const char *);
} capinfo_special[] = {
	{ "AUTH", capinfo_auth },
	{ "DELIVERBY", capinfo_deliverby },
	{ "LIMITS", capinfo_limits },
	{ "MT-PRIORITY", capinfo_mtpriority },
	{ "SIZE", capinfo_size },
};

size_t
capinfo_count(void)
{
	return CAPINFO_N;
}

const struct capinfo *
capinfo_at(size_t i)
{
	if (i >= CAPINFO_N)
		return NULL;
	return &capinfo[i];
}

const struct capinfo *
capinfo_lookup(const char *keyword)
{
	size_t	 lo = 0, hi = CAPINFO_N, mid;
	int	 r;

	if (keyword == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = capinfo_cmp(keyword, capinfo[mid].keyword);
		if (r == 0)
			return &capinfo[mid];
		if (r > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
capinfo_explain(const char *keyword, const char *params, char *buf,
    size_t len)
{
	struct capinfo_out	 o = { buf, len, 0 };
	const struct capinfo	*ci;
	char			 p[CAPINFO_PARAMS_MAX + 1];
	size_t			 n, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (keyword == NULL)
		keyword = "";
	if (params == NULL)
		params = "";
	/* The explainers read the quoted part only, never more. */
	n = strlen(params);
	memcpy(p, params, n < CAPINFO_PARAMS_MAX ? n : CAPINFO_PARAMS_MAX);
	p[n < CAPINFO_PARAMS_MAX ? n : CAPINFO_PARAMS_MAX] = '\0';

	ci = capinfo_lookup(keyword);
	capinfo_addn(&o, ci != NULL ? ci->keyword : keyword, CAPINFO_KW_MAX);
	if (p[0] != '\0') {
		capinfo_add(&o, " ");
		capinfo_add(&o, p);
		if (n > CAPINFO_PARAMS_MAX)
			capinfo_add(&o, "...");
	}
	capinfo_add(&o, ": ");

	if (ci == NULL) {
		if (keyword[0] == 'X' || keyword[0] == 'x')
			capinfo_add(&o, keyword[1] == '-' ?
			    "a private (X-) extension, not standardised" :
			    "a private (X) extension, not standardised");
		else
			capinfo_add(&o, "unknown extension keyword");
		return buf;
	}
	for (i = 0; i < sizeof(capinfo_special) / sizeof(capinfo_special[0]);
	    i++) {
		if (strcmp(ci->keyword, capinfo_special[i].keyword) == 0) {
			capinfo_special[i].fn(&o, p, ci->ref);
			return buf;
		}
	}
	capinfo_add(&o, ci->meaning);
	capinfo_add(&o, " (");
	capinfo_add(&o, ci->ref);
	capinfo_add(&o, ")");
	/* RFC 5321 4.1.5: X-keywords are local agreements, even famous ones. */
	if (ci->keyword[0] == 'X')
		capinfo_add(&o, "; private extension, not standardised");
	return buf;
}
