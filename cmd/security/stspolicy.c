/*
 * stspolicy.c: MTA-STS (RFC 8461) records, policies, mx patterns and
 * verdicts, pure: bytes and probe facts in, findings out.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stspolicy.h"

#define STS_RFC_REC	"RFC 8461 s3.1"
#define STS_RFC_POL	"RFC 8461 s3.2"
#define STS_RFC_MATCH	"RFC 8461 s4.1"
#define STS_RFC_VALID	"RFC 8461 s4.2"
#define STS_RFC_APPLY	"RFC 8461 s5"

static const char *const sts_mode_names[] = {
	"unset", "enforce", "testing", "none"
};
_Static_assert(sizeof(sts_mode_names) / sizeof(sts_mode_names[0]) ==
    STS_MODE_MAX, "one name per sts_mode");

const char *
stspolicy_mode_name(enum sts_mode m)
{
	return (unsigned)m < STS_MODE_MAX ? sts_mode_names[m] : "?";
}

static int
sts_wsp(int c)
{
	return c == ' ' || c == '\t';
}

int
stspolicy_record(const char *txt, size_t len, char *id, char *why,
    size_t whylen)
{
	size_t	 i = 0, s, e, n;
	int	 first = 1, have_id = 0;

	if (len < 7 || memcmp(txt, "v=STSv1", 7) != 0)
		return 0;
	/* sts-text-record = sts-version 1*(*WSP ";" *WSP sts-field) [";"] */
	while (i < len) {
		s = i;
		while (i < len && txt[i] != ';')
			i++;
		e = i;
		while (s < e && sts_wsp((unsigned char)txt[s]))
			s++;
		while (e > s && sts_wsp((unsigned char)txt[e - 1]))
			e--;
		if (i < len)
			i++;
		if (first) {
			first = 0;
			if (e - s != 7) {
				snprintf(why, whylen, "the version field is "
				    "not exactly \"v=STSv1\"");
				return -1;
			}
			continue;
		}
		if (e == s) {
			if (i >= len)
				break;	/* one trailing ";" is allowed */
			snprintf(why, whylen, "an empty field (\";;\")");
			return -1;
		}
		if (e - s < 3 || memcmp(txt + s, "id=", 3) != 0)
			continue;	/* other fields are extensions */
		if (have_id) {
			snprintf(why, whylen, "more than one id field");
			return -1;
		}
		n = e - s - 3;
		if (n == 0 || n > STS_ID_MAX) {
			snprintf(why, whylen, "the id is %zu characters (1 to "
			    "%d allowed)", n, STS_ID_MAX);
			return -1;
		}
		for (e = s + 3; e < s + 3 + n; e++)
			if (!isalnum((unsigned char)txt[e])) {
				snprintf(why, whylen, "the id holds a character "
				    "other than a letter or digit");
				return -1;
			}
		memcpy(id, txt + s + 3, n);
		id[n] = '\0';
		have_id = 1;
	}
	if (!have_id) {
		snprintf(why, whylen, "no id field");
		return -1;
	}
	return 1;
}

/* Lower-cased copy without a trailing dot; -1 when it does not fit. */
static int
sts_name(const char *in, char *out, size_t outlen)
{
	size_t	 n = strlen(in), i;

	if (n > 0 && in[n - 1] == '.')
		n--;
	if (n == 0 || n >= outlen)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = '\0';
	return 0;
}

int
stspolicy_match(const char *pattern, const char *mxname)
{
	char		 p[STS_PATTERN_LEN], m[STS_PATTERN_LEN];
	const char	*dot;

	if (sts_name(pattern, p, sizeof(p)) == -1 ||
	    sts_name(mxname, m, sizeof(m)) == -1)
		return 0;
	if (p[0] != '*')
		return strcmp(p, m) == 0;
	if (p[1] != '.' || p[2] == '\0')
		return 0;
	/* "*.example.com": the MX's first label goes, the rest must equal */
	if ((dot = strchr(m, '.')) == NULL || dot == m)
		return 0;
	return strcmp(p + 2, dot + 1) == 0;
}

/* An IPv4 or IPv6 address written where a host name belongs. */
static int
sts_is_ip(const char *s)
{
	int	 digits = 1, dots = 0;

	if (strchr(s, ':') != NULL)
		return 1;
	for (; *s != '\0'; s++) {
		if (*s == '.')
			dots++;
		else if (!isdigit((unsigned char)*s))
			digits = 0;
	}
	return digits && dots == 3;
}

/* NULL when pattern is a valid mx pattern, else why not. */
static const char *
sts_pattern_why(const char *pat)
{
	const char	*s = pat, *label;
	size_t		 len;

	if (strncmp(s, "*.", 2) == 0)
		s += 2;
	if (*s == '\0' || strcmp(s, ".") == 0)
		return "no host name";
	if (*s == '.')
		return "an empty label";
	if (strlen(pat) > 253)
		return "longer than 253 characters";
	while (*s != '\0') {
		label = s;
		while (*s != '\0' && *s != '.') {
			if (*s == '*')
				return "a wildcard is allowed only as the "
				    "whole first label (\"*.\"), and it "
				    "matches exactly one label";
			if (!isalnum((unsigned char)*s) && *s != '-' &&
			    *s != '_')
				return "a character that is not a letter, "
				    "digit or hyphen";
			s++;
		}
		len = (size_t)(s - label);
		if (len == 0 && *s == '.' && s[1] != '\0')
			return "an empty label";
		if (len > 63)
			return "a label longer than 63 characters";
		if (*s == '.')
			s++;
	}
	return NULL;
}

struct sts_parse {
	struct sts_policy	*p;
	struct findings		*f;
	const char		*host;
	const char		*evidence;
	int			 bad;		/* the policy is unusable */
	int			 seen_version, seen_mode, seen_age;
};

static void
sts_field_mx(struct sts_parse *ps, const char *v)
{
	struct sts_policy	*p = ps->p;
	const char		*why;

	if (sts_is_ip(v)) {
		finding_add(ps->f, "sts-mx-ip", FINDING_WARN, STS_RFC_POL,
		    ps->host, ps->evidence, "mx pattern \"%s\" is an IP "
		    "address: senders match MX host names, so it never "
		    "matches", v);
		return;
	}
	if ((why = sts_pattern_why(v)) != NULL) {
		finding_add(ps->f, "sts-mx-pattern", FINDING_WARN, STS_RFC_POL,
		    ps->host, ps->evidence, "mx pattern \"%s\" is invalid: "
		    "%s", v, why);
		return;
	}
	if (p->nmx >= STS_MX_MAX) {
		p->mx_dropped++;
		return;
	}
	snprintf(p->mx[p->nmx++], STS_PATTERN_LEN, "%s", v);
}

static void
sts_field_age(struct sts_parse *ps, const char *v)
{
	char	*end;
	long	 age;
	size_t	 n = strlen(v);

	if (n == 0 || n > 10 || strspn(v, "0123456789") != n) {
		finding_add(ps->f, "sts-policy-max-age", FINDING_WARN,
		    STS_RFC_POL, ps->host, ps->evidence, "max_age \"%s\" is "
		    "not 1 to 10 digits: senders must not use this policy", v);
		ps->bad = 1;
		return;
	}
	age = strtol(v, &end, 10);
	ps->p->max_age = age;
	if (age > STS_MAX_AGE_MAX)
		finding_add(ps->f, "sts-policy-max-age", FINDING_NOTE,
		    STS_RFC_POL, ps->host, ps->evidence, "max_age %ld is over "
		    "the maximum %ld (one year): senders cap it", age,
		    STS_MAX_AGE_MAX);
	else if (age < 86400)
		finding_add(ps->f, "sts-policy-max-age", FINDING_NOTE,
		    STS_RFC_POL, ps->host, ps->evidence, "max_age %ld is "
		    "under a day: a policy cached this briefly protects "
		    "little against a downgrade (RFC 8461 recommends weeks)",
		    age);
}

static void
sts_field_mode(struct sts_parse *ps, const char *v)
{
	enum sts_mode	 m;

	for (m = STS_MODE_ENFORCE; m < STS_MODE_MAX; m++)
		if (strcmp(v, sts_mode_names[m]) == 0) {
			ps->p->mode = m;
			return;
		}
	finding_add(ps->f, "sts-policy-mode", FINDING_WARN, STS_RFC_POL,
	    ps->host, ps->evidence, "mode \"%s\" is not enforce, testing or "
	    "none (the values are case-sensitive): senders must not use "
	    "this policy", v);
	ps->bad = 1;
}

/* One "key: value" line (without its terminator). */
static void
sts_field(struct sts_parse *ps, char *line)
{
	char	*v, *e;
	int	*seen = NULL;

	if ((v = strchr(line, ':')) == NULL) {
		finding_add(ps->f, "sts-policy-syntax", FINDING_WARN,
		    STS_RFC_POL, ps->host, ps->evidence, "line \"%.80s\" is "
		    "not \"key: value\": strict senders reject the policy",
		    line);
		ps->bad = 1;
		return;
	}
	*v++ = '\0';
	while (sts_wsp((unsigned char)*v))
		v++;
	e = v + strlen(v);
	while (e > v && sts_wsp((unsigned char)e[-1]))
		*--e = '\0';
	if (strcmp(line, "mx") == 0) {
		sts_field_mx(ps, v);
		return;
	}
	if (strcmp(line, "version") == 0)
		seen = &ps->seen_version;
	else if (strcmp(line, "mode") == 0)
		seen = &ps->seen_mode;
	else if (strcmp(line, "max_age") == 0)
		seen = &ps->seen_age;
	else
		return;		/* RFC 8461 3.2: unknown fields are ignored */
	if ((*seen)++) {
		finding_add(ps->f, "sts-policy-duplicate", FINDING_NOTE,
		    STS_RFC_POL, ps->host, ps->evidence, "\"%s\" appears "
		    "more than once: senders differ on which one counts; the "
		    "first is used here", line);
		return;
	}
	if (seen == &ps->seen_version) {
		if (strcmp(v, "STSv1") != 0) {
			finding_add(ps->f, "sts-policy-version", FINDING_WARN,
			    STS_RFC_POL, ps->host, ps->evidence, "version "
			    "\"%s\" is not \"STSv1\": senders must not use "
			    "this policy", v);
			ps->bad = 1;
		}
	} else if (seen == &ps->seen_mode)
		sts_field_mode(ps, v);
	else
		sts_field_age(ps, v);
}

/* The checks once every line was read. */
static void
sts_parse_end(struct sts_parse *ps)
{
	static const char *const need[] = { "version", "mode", "max_age" };
	int	 seen[3];
	size_t	 i;

	seen[0] = ps->seen_version;
	seen[1] = ps->seen_mode;
	seen[2] = ps->seen_age;
	for (i = 0; i < 3; i++)
		if (!seen[i]) {
			finding_add(ps->f, "sts-policy-syntax", FINDING_WARN,
			    STS_RFC_POL, ps->host, ps->evidence, "no \"%s\" "
			    "field: senders must not use this policy",
			    need[i]);
			ps->bad = 1;
		}
	if (ps->p->mx_dropped > 0)
		finding_add(ps->f, "sts-policy-syntax", FINDING_NOTE,
		    STS_RFC_POL, ps->host, NULL, "%zu mx patterns past the "
		    "first %d were not checked", ps->p->mx_dropped,
		    STS_MX_MAX);
	if (ps->p->nmx == 0 && (ps->p->mode == STS_MODE_ENFORCE ||
	    ps->p->mode == STS_MODE_TESTING))
		finding_add(ps->f, "sts-policy-syntax", FINDING_WARN,
		    STS_RFC_POL, ps->host, ps->evidence, "mode %s but no "
		    "usable mx pattern: no MX host can match",
		    stspolicy_mode_name(ps->p->mode));
}

int
stspolicy_parse(const char *body, size_t len, const char *host,
    struct sts_policy *p, struct findings *f)
{
	struct sts_parse	 ps;
	char			 line[1024], ev[FINDING_EVIDENCE_LEN];
	size_t			 i, s, n;

	memset(p, 0, sizeof(*p));
	p->max_age = -1;
	memset(&ps, 0, sizeof(ps));
	ps.p = p;
	ps.f = f;
	ps.host = host;
	n = len < sizeof(ev) - 1 ? len : sizeof(ev) - 1;
	memcpy(ev, body, n);
	ev[n] = '\0';
	ps.evidence = ev;
	if (memchr(body, '\0', len) != NULL) {
		finding_add(f, "sts-policy-syntax", FINDING_WARN, STS_RFC_POL,
		    host, NULL, "the policy holds a NUL byte: it is not text, "
		    "senders must not use it");
		return -1;
	}
	for (i = 0; i < len; ) {
		s = i;
		while (i < len && body[i] != '\n')
			i++;
		n = i - s;
		if (n > 0 && body[s + n - 1] == '\r')
			n--;
		if (i < len)
			i++;
		if (n == 0)
			continue;
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, body + s, n);
		line[n] = '\0';
		sts_field(&ps, line);
	}
	sts_parse_end(&ps);
	if (!ps.bad)
		finding_add(f, "sts-policy-ok", FINDING_PASS, STS_RFC_POL,
		    host, ev, "policy: mode %s, max_age %ld, %zu mx "
		    "pattern%s", stspolicy_mode_name(p->mode), p->max_age,
		    p->nmx, p->nmx == 1 ? "" : "s");
	return ps.bad ? -1 : 0;
}

/* Would a pattern match if a wildcard covered more than one label? */
static int
sts_deep_match(const struct sts_policy *p, const char *name)
{
	size_t		 i, pl, nl;

	nl = strlen(name);
	if (nl > 0 && name[nl - 1] == '.')
		nl--;
	for (i = 0; i < p->nmx; i++) {
		if (strncmp(p->mx[i], "*.", 2) != 0)
			continue;
		pl = strlen(p->mx[i] + 1);	/* ".example.com" */
		if (nl > pl && strncasecmp(name + nl - pl, p->mx[i] + 1,
		    pl) == 0)
			return 1;
	}
	return 0;
}

/* Why this address fails the policy (NULL: it passes); *known = 0
 * when the probe could not tell. */
static const char *
sts_fact_why(const struct sts_policy *p, const struct sts_mxfact *m,
    char *buf, size_t len, const char **id, int *known)
{
	size_t	 i;

	*known = 1;
	for (i = 0; i < p->nmx; i++)
		if (stspolicy_match(p->mx[i], m->name))
			break;
	if (i == p->nmx) {
		*id = "sts-mx-nomatch";
		snprintf(buf, len, "MX host %s matches no mx pattern of the "
		    "policy%s", m->name, sts_deep_match(p, m->name) ?
		    " (a wildcard \"*.\" matches exactly one label)" : "");
		return buf;
	}
	if (!m->probed) {
		*known = 0;
		*id = "sts-mx-unknown";
		snprintf(buf, len, "could not be probed (%s): whether a "
		    "sender would deliver here is unknown", m->why != NULL ?
		    m->why : "no reason known");
		return buf;
	}
	*id = "sts-mx-no-starttls";
	if (!m->starttls)
		return "STARTTLS is not offered";
	*id = "sts-mx-cert";
	if (!m->tls_done) {
		snprintf(buf, len, "the TLS handshake failed (%s)",
		    m->why != NULL ? m->why : "no reason known");
		return buf;
	}
	if (!m->verified) {
		snprintf(buf, len, "the certificate is not valid for %s (%s)",
		    m->name, m->why != NULL ? m->why : "not verified");
		return buf;
	}
	return NULL;
}

/* The verdict for the domain from the counts per address. */
static void
sts_verdict(const struct sts_policy *p, const char *domain, size_t ok,
    size_t bad, size_t unknown, const char *first, struct findings *f)
{
	size_t	 n = ok + bad + unknown;

	if (p->mode != STS_MODE_ENFORCE && p->mode != STS_MODE_TESTING) {
		finding_add(f, "sts-verdict", FINDING_NOTE, STS_RFC_APPLY,
		    domain, NULL, "mode %s: senders treat %s as having no "
		    "MTA-STS policy", stspolicy_mode_name(p->mode), domain);
		return;
	}
	if (p->mode == STS_MODE_TESTING) {
		if (bad + unknown > 0)
			finding_add(f, "sts-testing-failing", FINDING_WARN,
			    STS_RFC_APPLY, domain, NULL, "mode testing: "
			    "senders deliver anyway and report, but under "
			    "enforce %zu of %zu MX addresses would be refused "
			    "or are unknown: %s", bad + unknown, n, first);
		else
			finding_add(f, "sts-verdict", FINDING_PASS,
			    STS_RFC_APPLY, domain, NULL, "mode testing: "
			    "every MX address passes, so enforce would "
			    "deliver too (%zu of %zu)", ok, n);
		return;
	}
	if (ok > 0)
		finding_add(f, "sts-verdict", FINDING_PASS, STS_RFC_APPLY,
		    domain, NULL, "an enforce-mode sender would deliver to "
		    "%s: %zu of %zu MX addresses pass", domain, ok, n);
	else if (unknown > 0)
		finding_add(f, "sts-verdict", FINDING_WARN, STS_RFC_APPLY,
		    domain, NULL, "unknown whether an enforce-mode sender "
		    "would deliver to %s: no MX address passed and %zu could "
		    "not be probed (%s)", domain, unknown, first);
	else
		finding_add(f, "sts-verdict", FINDING_FAIL, STS_RFC_APPLY,
		    domain, NULL, "an enforce-mode sender would refuse to "
		    "deliver to %s: %s", domain, n == 0 ? "no MX address" :
		    first);
}

void
stspolicy_judge(const struct sts_policy *p, const char *domain,
    const struct sts_mxfact *v, size_t n, struct findings *f)
{
	char			 subj[FINDING_SUBJECT_LEN], buf[512];
	char			 first[FINDING_SUBJECT_LEN + 520] = "";
	const char		*why, *id;
	enum finding_level	 lv;
	size_t			 i, ok = 0, bad = 0, unknown = 0;
	int			 known;

	/* an MX an enforcing sender skips is a failure only when no
	 * other one takes the mail; else it is a warning */
	for (i = 0; i < n; i++)
		if (sts_fact_why(p, &v[i], buf, sizeof(buf), &id, &known) ==
		    NULL)
			ok++;
	lv = p->mode == STS_MODE_ENFORCE ? (ok > 0 ? FINDING_WARN :
	    FINDING_FAIL) : p->mode == STS_MODE_TESTING ? FINDING_WARN :
	    FINDING_NOTE;
	ok = 0;
	for (i = 0; i < n; i++) {
		snprintf(subj, sizeof(subj), "%s %s", v[i].name,
		    v[i].where != NULL ? v[i].where : "");
		why = sts_fact_why(p, &v[i], buf, sizeof(buf), &id, &known);
		if (why == NULL) {
			ok++;
			finding_add(f, "sts-mx-ok", FINDING_PASS,
			    STS_RFC_VALID, subj, NULL, "matches the policy, "
			    "offers STARTTLS, certificate valid for %s",
			    v[i].name);
			continue;
		}
		if (known)
			bad++;
		else
			unknown++;
		if (first[0] == '\0')
			snprintf(first, sizeof(first), "%s: %s", subj, why);
		finding_add(f, id, known ? lv : FINDING_WARN, strcmp(id,
		    "sts-mx-nomatch") == 0 ? STS_RFC_MATCH : STS_RFC_VALID,
		    subj, NULL, "%s", why);
	}
	sts_verdict(p, domain, ok, bad, unknown, first, f);
}
