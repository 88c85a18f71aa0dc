/*
 * test_sts.c: MTA-STS records, policies, mx patterns and verdicts
 * (stspolicy.c), TLS-RPT records (tlsrpt.c) and the findings list they
 * fill (finding.c), table-driven from RFC 8461 and RFC 8460.
 */
#include <string.h>

#include "check.h"
#include "finding.h"
#include "stspolicy.h"
#include "tlsrpt.h"

static const struct {
	const char	*txt;
	int		 want;
	const char	*id;
} records[] = {
	{ "v=STSv1; id=20160831085700Z;", 1, "20160831085700Z" },
	{ "v=STSv1;id=abc", 1, "abc" },
	{ "v=STSv1; id=abc; ext=1", 1, "abc" },
	{ "v=STSv1 ;  id=x9  ;", 1, "x9" },
	{ "v=spf1 -all", 0, NULL },
	{ "V=STSv1; id=1", 0, NULL },
	{ "", 0, NULL },
	{ "v=STSv1", -1, NULL },
	{ "v=STSv1;", -1, NULL },
	{ "v=STSv1; id=", -1, NULL },
	{ "v=STSv1; id=a-b", -1, NULL },
	{ "v=STSv1; id=123456789012345678901234567890123", -1, NULL },
	{ "v=STSv1; id=12345678901234567890123456789012", 1,
	    "12345678901234567890123456789012" },
	{ "v=STSv1; id=1; id=2", -1, NULL },
	{ "v=STSv1;; id=1", -1, NULL },
	{ "v=STSv10; id=1", -1, NULL },
};

static void
test_records(void)
{
	char	 id[STS_ID_MAX + 1], why[128];
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		id[0] = why[0] = '\0';
		rc = stspolicy_record(records[i].txt, strlen(records[i].txt),
		    id, why, sizeof(why));
		CHECK(rc == records[i].want, "record \"%s\": %d, want %d",
		    records[i].txt, rc, records[i].want);
		if (rc == 1)
			CHECK(strcmp(id, records[i].id) == 0, "id \"%s\"", id);
		if (rc == -1)
			CHECK(why[0] != '\0', "no reason for \"%s\"",
			    records[i].txt);
	}
	/* a NUL inside the record is not an id character */
	rc = stspolicy_record("v=STSv1; id=a\0b", 15, id, why, sizeof(why));
	CHECK(rc == -1, "NUL in id: %d", rc);
}

static const struct {
	const char	*pattern;
	const char	*mx;
	int		 want;
} matches[] = {
	{ "mx.example.com", "mx.example.com", 1 },
	{ "mx.example.com", "MX.Example.COM.", 1 },
	{ "MX.example.com.", "mx.example.com", 1 },
	{ "*.example.com", "mx1.example.com", 1 },
	{ "*.example.com", "mx1.example.com.", 1 },
	{ "*.example.com", "a.b.example.com", 0 },	/* one label only */
	{ "*.example.com", "example.com", 0 },
	{ "*.example.com", ".example.com", 0 },
	{ "*.example.com", "mx1.example.org", 0 },
	{ "*.example.com", "mx1xexample.com", 0 },
	{ "mx.example.com", "mx.example.co", 0 },
	{ "mx.example.com", "x.mx.example.com", 0 },
	{ "*.", "a.", 0 },
	{ "*", "a", 0 },
	{ "", "", 0 },
	{ "a*.example.com", "ab.example.com", 0 },
};

static void
test_match(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(matches) / sizeof(matches[0]); i++)
		CHECK(stspolicy_match(matches[i].pattern, matches[i].mx) ==
		    matches[i].want, "\"%s\" vs \"%s\": want %d",
		    matches[i].pattern, matches[i].mx, matches[i].want);
}

/* Parse body; 1 when the finding id is there with level lv. */
static int
parsed(const char *body, int want_rc, const char *id,
    enum finding_level lv, struct sts_policy *p)
{
	struct findings	 f;
	size_t		 i;
	int		 rc, found = id == NULL;

	memset(&f, 0, sizeof(f));
	rc = stspolicy_parse(body, strlen(body), "mta-sts.example.com", p,
	    &f);
	for (i = 0; id != NULL && i < f.n; i++)
		if (strcmp(f.v[i].id, id) == 0 && f.v[i].level == lv)
			found = 1;
	if (rc != want_rc || !found)
		for (i = 0; i < f.n; i++)
			printf("  finding %s %s: %s\n", f.v[i].id,
			    finding_level_name(f.v[i].level), f.v[i].reason);
	finding_free(&f);
	return rc == want_rc && found;
}

static void
test_parse(void)
{
	struct sts_policy	 p;

	CHECK(parsed("version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
	    "mx: *.example.net\nmax_age: 604800\n", 0, "sts-policy-ok",
	    FINDING_PASS, &p), "the RFC's example");
	CHECK(p.mode == STS_MODE_ENFORCE && p.max_age == 604800 &&
	    p.nmx == 2 && strcmp(p.mx[1], "*.example.net") == 0,
	    "fields: mode %d age %ld nmx %zu", p.mode, p.max_age, p.nmx);
	CHECK(parsed("version: STSv1\r\nmode: testing\r\nmx: mx.example.com"
	    "\r\nmax_age: 86400\r\n", 0, NULL, FINDING_PASS, &p) &&
	    p.mode == STS_MODE_TESTING && strcmp(p.mx[0],
	    "mx.example.com") == 0, "CRLF lines");
	CHECK(parsed("version:STSv1\nmode:\tnone \nmax_age:0", 0,
	    "sts-policy-max-age", FINDING_NOTE, &p) &&
	    p.mode == STS_MODE_NONE, "no blanks, no last newline, mode none");
	CHECK(parsed("version: STSv1\nmode: Enforce\nmx: a.b\nmax_age: 1\n",
	    -1, "sts-policy-mode", FINDING_WARN, &p), "mode is case-sensitive");
	CHECK(parsed("version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 9\n",
	    -1, "sts-policy-version", FINDING_WARN, &p), "version");
	CHECK(parsed("mode: enforce\nmx: a.b\nmax_age: 9\n", -1,
	    "sts-policy-syntax", FINDING_WARN, &p), "no version");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\n", -1,
	    "sts-policy-syntax", FINDING_WARN, &p), "no max_age");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: -1\n",
	    -1, "sts-policy-max-age", FINDING_WARN, &p), "negative max_age");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: "
	    "12345678901\n", -1, "sts-policy-max-age", FINDING_WARN, &p),
	    "11 digits");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: "
	    "99999999\n", 0, "sts-policy-max-age", FINDING_NOTE, &p) &&
	    p.max_age == 99999999, "over a year: capped, usable");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmx: a.b\n"
	    "max_age: 86400\n", 0, "sts-mx-ip", FINDING_WARN, &p) &&
	    p.nmx == 1, "an IPv4 address in mx");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: 2001:db8::1\n"
	    "mx: a.b\nmax_age: 86400\n", 0, "sts-mx-ip", FINDING_WARN, &p),
	    "an IPv6 address in mx");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: *.*.example.com\n"
	    "mx: a.b\nmax_age: 86400\n", 0, "sts-mx-pattern", FINDING_WARN,
	    &p) && p.nmx == 1, "two wildcards");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: mx.*.example.com\n"
	    "mx: a.b\nmax_age: 86400\n", 0, "sts-mx-pattern", FINDING_WARN,
	    &p), "inner wildcard");
	CHECK(parsed("version: STSv1\nmode: enforce\nmax_age: 86400\n", 0,
	    "sts-policy-syntax", FINDING_WARN, &p), "enforce without mx");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 86400"
	    "\nmode: none\n", 0, "sts-policy-duplicate", FINDING_NOTE, &p) &&
	    p.mode == STS_MODE_ENFORCE, "repeated mode: the first counts");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 86400"
	    "\nthis line has no colon\n", -1, "sts-policy-syntax",
	    FINDING_WARN, &p), "a line without a colon");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 86400"
	    "\nfuture_field: 1\n", 0, "sts-policy-ok", FINDING_PASS, &p),
	    "unknown fields are ignored");
	CHECK(parsed("", -1, "sts-policy-syntax", FINDING_WARN, &p), "empty");
	CHECK(parsed("version: STSv1\nmode: enforce\nmx: .\nmx: .a.b\nmx: a.b\n"
	    "max_age: 86400\n", 0, "sts-mx-pattern", FINDING_WARN, &p) &&
	    p.nmx == 1, "a pattern that is only a dot, or starts with one");
}

static void
test_parse_nul(void)
{
	static const char	 body[] = "version: STSv1\nmode: enf\0orce\n";
	struct sts_policy	 p;
	struct findings		 f;

	memset(&f, 0, sizeof(f));
	CHECK(stspolicy_parse(body, sizeof(body) - 1, "h", &p, &f) == -1 &&
	    finding_count(&f, "sts-policy-syntax") == 1, "a NUL in the body");
	finding_free(&f);
}

/* The verdict for n facts under a policy; returns the worst level. */
static enum finding_level
judged(const char *policy, const struct sts_mxfact *v, size_t n,
    const char *id, enum finding_level lv, const char *words)
{
	struct sts_policy	 p;
	struct findings		 f, pf;
	enum finding_level	 worst;
	size_t			 i;
	int			 found = 0;

	memset(&f, 0, sizeof(f));
	memset(&pf, 0, sizeof(pf));
	(void)stspolicy_parse(policy, strlen(policy), "mta-sts.example.com",
	    &p, &pf);
	finding_free(&pf);
	stspolicy_judge(&p, "example.com", v, n, &f);
	for (i = 0; i < f.n; i++)
		if (strcmp(f.v[i].id, id) == 0 && f.v[i].level == lv &&
		    (words == NULL || strstr(f.v[i].reason, words) != NULL))
			found = 1;
	CHECK(found, "no %s (%s) \"%s\"", id, finding_level_name(lv),
	    words != NULL ? words : "");
	if (!found)
		for (i = 0; i < f.n; i++)
			printf("  finding %s %s: %s\n", f.v[i].id,
			    finding_level_name(f.v[i].level), f.v[i].reason);
	worst = finding_worst(&f);
	finding_free(&f);
	return worst;
}

#define ENFORCE "version: STSv1\nmode: enforce\nmx: *.example.com\n" \
	"max_age: 604800\n"
#define TESTING "version: STSv1\nmode: testing\nmx: *.example.com\n" \
	"max_age: 604800\n"

static void
test_judge(void)
{
	const struct sts_mxfact	 good = { "mx1.example.com", "192.0.2.1",
	    1, 1, 1, 1, NULL };
	const struct sts_mxfact	 deep = { "a.b.example.com", "192.0.2.2",
	    1, 1, 1, 1, NULL };
	const struct sts_mxfact	 plain = { "mx2.example.com", "192.0.2.3",
	    1, 0, 0, 0, NULL };
	const struct sts_mxfact	 badcert = { "mx3.example.com", "192.0.2.4",
	    1, 1, 1, 0, "name mismatch" };
	const struct sts_mxfact	 down = { "mx4.example.com", "192.0.2.5",
	    0, 0, 0, 0, "connection refused" };
	struct sts_mxfact	 v[2];

	CHECK(judged(ENFORCE, &good, 1, "sts-verdict", FINDING_PASS,
	    "would deliver") == FINDING_PASS, "one good MX");
	CHECK(judged(ENFORCE, &deep, 1, "sts-mx-nomatch", FINDING_FAIL,
	    "exactly one label") == FINDING_FAIL, "two labels deep");
	CHECK(judged(ENFORCE, &plain, 1, "sts-mx-no-starttls", FINDING_FAIL,
	    NULL) == FINDING_FAIL, "no STARTTLS");
	CHECK(judged(ENFORCE, &badcert, 1, "sts-mx-cert", FINDING_FAIL,
	    "name mismatch") == FINDING_FAIL, "certificate");
	CHECK(judged(ENFORCE, &badcert, 1, "sts-verdict", FINDING_FAIL,
	    "would refuse") == FINDING_FAIL, "verdict refuses");
	CHECK(judged(ENFORCE, &down, 1, "sts-verdict", FINDING_WARN,
	    "unknown") == FINDING_WARN, "not probed: unknown, never a pass");
	v[0] = plain;
	v[1] = good;
	CHECK(judged(ENFORCE, v, 2, "sts-mx-no-starttls", FINDING_WARN,
	    NULL) == FINDING_WARN, "one bad MX beside a good one: warn");
	CHECK(judged(ENFORCE, v, 2, "sts-verdict", FINDING_PASS, "1 of 2") ==
	    FINDING_WARN, "verdict counts");
	CHECK(judged(TESTING, &badcert, 1, "sts-testing-failing",
	    FINDING_WARN, "under enforce") == FINDING_WARN, "testing mode");
	CHECK(judged(TESTING, &good, 1, "sts-verdict", FINDING_PASS,
	    "enforce would deliver too") == FINDING_PASS, "testing, good");
	CHECK(judged("version: STSv1\nmode: none\nmax_age: 86400\n", &good,
	    1, "sts-verdict", FINDING_NOTE, "no MTA-STS policy") ==
	    FINDING_NOTE, "mode none");
	CHECK(judged(ENFORCE, NULL, 0, "sts-verdict", FINDING_FAIL,
	    "no MX address") == FINDING_FAIL, "no address at all");
}

static const struct {
	const char	*txt;
	int		 want;
	const char	*id;
} rpts[] = {
	{ "v=TLSRPTv1; rua=mailto:reports@example.com", 1, "tlsrpt-ok" },
	{ "v=TLSRPTv1;rua=https://reporting.example.com/v1/tlsrpt", 1,
	    "tlsrpt-ok" },
	{ "v=TLSRPTv1; rua=mailto:a@example.com, https://r.example.com/x", 1,
	    "tlsrpt-ok" },
	{ "v=TLSRPTv1; rua=mailto:a%2Cb@example.com;", 1, "tlsrpt-ok" },
	{ "v=spf1 -all", 0, NULL },
	{ "v=TLSRPTv1", -1, "tlsrpt-syntax" },
	{ "v=TLSRPTv1;", -1, "tlsrpt-syntax" },
	{ "v=TLSRPTv10; rua=mailto:a@b.c", -1, "tlsrpt-syntax" },
	{ "v=TLSRPTv1; rua=ftp://example.com/", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:nobody", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:a@localhost", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=https://", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:a b@example.com", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:a@example.com,", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:a%zz@example.com", -1, "tlsrpt-uri" },
	{ "v=TLSRPTv1; rua=mailto:a@b.c; rua=mailto:d@e.f", -1,
	    "tlsrpt-syntax" },
};

static void
test_tlsrpt(void)
{
	struct findings	 f;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(rpts) / sizeof(rpts[0]); i++) {
		memset(&f, 0, sizeof(f));
		rc = tlsrpt_record(rpts[i].txt, strlen(rpts[i].txt),
		    "_smtp._tls.example.com", &f);
		CHECK(rc == rpts[i].want, "\"%s\": %d, want %d", rpts[i].txt,
		    rc, rpts[i].want);
		if (rpts[i].id != NULL)
			CHECK(finding_count(&f, rpts[i].id) >= 1,
			    "\"%s\": no %s", rpts[i].txt, rpts[i].id);
		else
			CHECK(f.n == 0, "\"%s\": findings", rpts[i].txt);
		finding_free(&f);
	}
	/* a NUL in the TXT data is no URI character (strchr finds the end) */
	memset(&f, 0, sizeof(f));
	rc = tlsrpt_record("v=TLSRPTv1; rua=mailto:a@b\0c.example", 36,
	    "_smtp._tls.example.com", &f);
	CHECK(rc == -1 && finding_count(&f, "tlsrpt-uri") == 1,
	    "a NUL in a rua URI: %d", rc);
	finding_free(&f);
}

static void
test_findings(void)
{
	struct findings	 f;
	char		 big[5000];
	int		 i;

	memset(&f, 0, sizeof(f));
	CHECK(finding_worst(&f) == FINDING_PASS, "empty list passes");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(finding_add(&f, "a", FINDING_NOTE, NULL, big, big, "%s", big) ==
	    0 && strlen(f.v[0].evidence) == FINDING_EVIDENCE_LEN - 1,
	    "long fields are cut to their buffers");
	for (i = 0; i < FINDINGS_MAX + 5; i++)
		(void)finding_add(&f, "b", FINDING_WARN, NULL, NULL, NULL, "n");
	CHECK(f.n == FINDINGS_MAX && f.dropped == 6, "bounded: %zu kept, %zu "
	    "dropped", f.n, f.dropped);
	CHECK(finding_worst(&f) == FINDING_WARN, "worst");
	CHECK(strcmp(finding_level_name(FINDING_FAIL), "fail") == 0 &&
	    strcmp(finding_level_name(FINDING_LEVEL_MAX), "?") == 0, "names");
	finding_free(&f);
	CHECK(f.n == 0 && f.v == NULL, "freed");
}

int
main(void)
{
	test_records();
	test_match();
	test_parse();
	test_parse_nul();
	test_judge();
	test_tlsrpt();
	test_findings();
	return check_done();
}
