/*
 * test_capinfo.c: table-driven tests of the EHLO capability table and
 * of capinfo_explain().
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "capinfo.h"
#include "check.h"

/* The condition's own text is the failure message. */
#define OK(c)		CHECK((c), "%s", #c)
#define OKD(c, d)	CHECK((c), "%s: %.200s", #c, (d))

/* Every keyword the table must know, with the reference it must give. */
static const struct {
	const char	*kw;
	const char	*ref;
} seeds[] = {
	{ "PIPELINING", "RFC 2920" }, { "SIZE", "RFC 1870" },
	{ "AUTH", "RFC 4954" }, { "STARTTLS", "RFC 3207" },
	{ "8BITMIME", "RFC 6152" }, { "BINARYMIME", "RFC 3030" },
	{ "SMTPUTF8", "RFC 6531" }, { "CHUNKING", "RFC 3030" },
	{ "DSN", "RFC 3461" }, { "ENHANCEDSTATUSCODES", "RFC 2034" },
	{ "DELIVERBY", "RFC 2852" }, { "REQUIRETLS", "RFC 8689" },
	{ "MT-PRIORITY", "RFC 6710" }, { "ETRN", "RFC 1985" },
	{ "ATRN", "RFC 2645" }, { "VRFY", "RFC 5321" },
	{ "EXPN", "RFC 5321" }, { "HELP", "RFC 5321" },
	{ "XCLIENT", "Postfix" }, { "XFORWARD", "Postfix" },
	{ "FUTURERELEASE", "RFC 4865" }, { "LIMITS", "RFC 9422" },
	{ "BURL", "RFC 4468" }, { "CONPERM", "RFC 4141" },
	{ "CONNEG", "RFC 4141" }, { "NO-SOLICITING", "RFC 3865" },
	{ "SUBMITTER", "RFC 4405" }, { "VERB", "Sendmail" },
	{ "ONEX", "Sendmail" }, { "TURN", "RFC 821" },
	{ "SEND", "RFC 821" }, { "SOML", "RFC 821" },
	{ "SAML", "RFC 821" }, { "CHECKPOINT", "RFC 1845" },
	{ "UTF8SMTP", "RFC 5336" }, { "X-EXPS", "Microsoft Exchange" },
	{ "X-LINK2STATE", "Microsoft Exchange" },
	{ "XEXCH50", "Microsoft Exchange" },
	{ "XRDST", "Microsoft Exchange" },
};

/* Explanations: keyword, params, substrings that must all appear. */
static const struct {
	const char	*kw;
	const char	*params;
	const char	*want[3];
} explains[] = {
	{ "SIZE", "10485760", { "SIZE 10485760: ", "10 MiB",
	    "(10485760 octets) are accepted (RFC 1870)" } },
	{ "size", "", { "SIZE: no fixed message size limit is announced "
	    "(RFC 1870)" } },
	{ "SIZE", "0", { "no fixed message size limit" } },
	{ "SIZE", "35882577", { "34.2 MiB", "35882577 octets" } },
	{ "SIZE", "1073741824", { "1 GiB" } },
	{ "SIZE", "2048", { "2 KiB (2048 octets)" } },
	{ "SIZE", "1000", { "up to 1000 octets are accepted" } },
	{ "SIZE", "12abc", { "not a number" } },
	{ "SIZE", "99999999999999999999999", { "not a number" } },
	{ "AUTH", "PLAIN LOGIN", { "AUTH PLAIN LOGIN: authentication with "
	    "PLAIN, LOGIN (RFC 4954); PLAIN and LOGIN send the password in "
	    "the clear: only over TLS" } },
	{ "AUTH", "plain", { "plain sends the password in the clear" } },
	{ "AUTH", "CRAM-MD5", { "CRAM-MD5 is obsolete" } },
	{ "AUTH", "SCRAM-SHA-256 SCRAM-SHA-1", { "SCRAM-SHA-256 and "
	    "SCRAM-SHA-1 prove the password without sending it" } },
	{ "AUTH", "XOAUTH2 OAUTHBEARER", { "OAuth token", "RFC 7628",
	    "XOAUTH2 is Google's" } },
	{ "AUTH", "xoauth2", { "xoauth2 uses an OAuth token",
	    "Google's form, before RFC 7628" } },
	{ "AUTH", "", { "no mechanism listed" } },
	{ "DELIVERBY", "120", { "at least 120 seconds ahead (RFC 2852)" } },
	{ "DELIVERBY", "", { "no minimum announced" } },
	{ "MT-PRIORITY", "MIXER", { "MT-PRIORITY MIXER: ",
	    "names the priority policy", "(RFC 6710)" } },
	{ "LIMITS", "RCPTMAX=100 MAILMAX=1000", { "RFC 9422",
	    "at most 100 recipients per transaction",
	    "at most 1000 transactions per session" } },
	{ "PIPELINING", "", { "PIPELINING: several commands",
	    "(RFC 2920)" } },
	{ "starttls", NULL, { "STARTTLS: ", "(RFC 3207)" } },
	{ "XCLIENT", "NAME ADDR PROTO HELO", { "XCLIENT NAME ADDR PROTO "
	    "HELO: ", "override its connection attributes",
	    "(Postfix); private" } },
	{ "X-FOO", "bar", { "X-FOO bar: a private (X-) extension, not "
	    "standardised" } },
	{ "XFOO", "", { "XFOO: a private (X) extension" } },
	{ "FOOBAR", "", { "FOOBAR: unknown extension keyword" } },
	{ "TURN", "", { "obsolete", "RFC 2821" } },
	{ "UTF8SMTP", "", { "obsolete", "RFC 6531" } },
};

static void
test_table(void)
{
	const struct capinfo	*c, *prev = NULL;
	size_t			 i;
	const char		*k;

	OK(capinfo_count() >= sizeof(seeds) / sizeof(seeds[0]));
	OK(capinfo_at(capinfo_count()) == NULL);
	for (i = 0; i < capinfo_count(); i++) {
		c = capinfo_at(i);
		OK(c != NULL);
		if (c == NULL)
			continue;
		OKD(c->ref != NULL && c->ref[0] != '\0', c->keyword);
		OKD(c->meaning != NULL && c->meaning[0] != '\0', c->keyword);
		OKD(prev == NULL || strcmp(prev->keyword, c->keyword) < 0,
		    c->keyword);
		for (k = c->keyword; *k != '\0'; k++)
			OKD(isupper((unsigned char)*k) ||
			    isdigit((unsigned char)*k) || *k == '-',
			    c->keyword);
		/* Every row is reachable through the search. */
		OKD(capinfo_lookup(c->keyword) == c, c->keyword);
		prev = c;
	}
	OK(capinfo_lookup(NULL) == NULL);
	OK(capinfo_lookup("") == NULL);
	OK(capinfo_lookup("SIZ") == NULL);
	OK(capinfo_lookup("SIZEX") == NULL);
	OK(capinfo_lookup("AUTH=LOGIN") == NULL);
}

static void
test_seeds(void)
{
	const struct capinfo	*c;
	char			 lower[64];
	size_t			 i, j;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		c = capinfo_lookup(seeds[i].kw);
		OKD(c != NULL, seeds[i].kw);
		if (c == NULL)
			continue;
		OKD(strcmp(c->keyword, seeds[i].kw) == 0, seeds[i].kw);
		OKD(strcmp(c->ref, seeds[i].ref) == 0, seeds[i].kw);
		/* Case-blind: all lower, and mixed. */
		for (j = 0; seeds[i].kw[j] != '\0'; j++)
			lower[j] = (char)tolower((unsigned char)seeds[i].kw[j]);
		lower[j] = '\0';
		OKD(capinfo_lookup(lower) == c, lower);
		lower[0] = (char)toupper((unsigned char)lower[0]);
		OKD(capinfo_lookup(lower) == c, lower);
	}
}

static void
test_explain(void)
{
	char	 buf[512];
	size_t	 i, j;

	for (i = 0; i < sizeof(explains) / sizeof(explains[0]); i++) {
		capinfo_explain(explains[i].kw, explains[i].params, buf,
		    sizeof(buf));
		for (j = 0; j < 3 && explains[i].want[j] != NULL; j++)
			OKD(strstr(buf, explains[i].want[j]) != NULL, buf);
	}
	/* Only ciphers that send the password get the warning. */
	capinfo_explain("AUTH", "SCRAM-SHA-256", buf, sizeof(buf));
	OKD(strstr(buf, "in the clear") == NULL, buf);
	/* A known X- keyword still says it is private; others do not. */
	capinfo_explain("xforward", "NAME ADDR", buf, sizeof(buf));
	OKD(strstr(buf, "XFORWARD NAME ADDR: ") == buf, buf);
	OKD(strstr(buf, "private") != NULL, buf);
	capinfo_explain("8BITMIME", "", buf, sizeof(buf));
	OKD(strstr(buf, "private") == NULL, buf);
	OKD(strcmp(buf, "8BITMIME: message bodies may contain 8-bit bytes "
	    "(BODY=8BITMIME on MAIL) (RFC 6152)") == 0, buf);
	OK(capinfo_explain("SIZE", "1", buf, sizeof(buf)) == buf);
	capinfo_explain("SIZE", NULL, buf, sizeof(buf));
	OKD(strstr(buf, "no fixed") != NULL, buf);
}

static void
test_bounds(void)
{
	char	 big[300], buf[1024], small[16 + 8];
	size_t	 i, j, n;

	/* Params over the limit are cut, and the cut is shown. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	capinfo_explain("X-FOO", big, buf, sizeof(buf));
	OKD(strncmp(buf, "X-FOO ", 6) == 0, buf);
	OKD(strspn(buf + 6, "a") == CAPINFO_PARAMS_MAX, buf);
	OKD(strstr(buf, "...: a private") != NULL, buf);
	/* The explainers see the cut copy too: the mechanism list is cut. */
	capinfo_explain("AUTH", big, buf, sizeof(buf));
	OKD(strspn(buf + 5, "a") == CAPINFO_PARAMS_MAX, buf);
	OKD(strstr(buf, "with ") != NULL &&
	    strspn(strstr(buf, "with ") + 5, "a") == CAPINFO_PARAMS_MAX, buf);
	memset(big, 'A', 99);
	strcpy(big + 99, " PLAIN");
	capinfo_explain("AUTH", big, buf, sizeof(buf));
	OKD(strstr(buf, "PLAIN") == NULL, buf);
	memset(big, 'a', 100);
	big[100] = '\0';
	capinfo_explain("X-FOO", big, buf, sizeof(buf));
	OKD(strstr(buf, "...") == NULL, buf);

	/* Short buffers: never written past len, always terminated. */
	for (i = 0; i < sizeof(explains) / sizeof(explains[0]); i++) {
		for (n = 0; n <= 16; n++) {
			memset(small, '#', sizeof(small));
			capinfo_explain(explains[i].kw, explains[i].params,
			    small, n);
			for (j = n; j < sizeof(small); j++)
				OKD(small[j] == '#', explains[i].kw);
			if (n > 0)
				OKD(memchr(small, '\0', n) != NULL &&
				    strlen(small) == n - 1, explains[i].kw);
		}
	}
	memset(small, '#', sizeof(small));
	capinfo_explain("X-FOO", big, small, 16);
	OKD(strcmp(small, "X-FOO aaaaaaaaa") == 0, small);
	OK(capinfo_explain("SIZE", "1", NULL, 0) == NULL);
}

int
main(void)
{
	test_table();
	test_seeds();
	test_explain();
	test_bounds();
	return check_done();
}
