/*
 * sts.c: MTA-STS and TLS-RPT lookups.  libcurl fetches the policy (a
 * well-kept HTTPS client rather than a hand-made one); the address it
 * connects to comes from smtpcli's own c-ares resolution through
 * CURLOPT_RESOLVE, so --resolver governs every lookup.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "loop.h"
#include "sts.h"
#include "tlsrpt.h"

#define STS_RFC_REC	"RFC 8461 s3.1"
#define STS_RFC_FETCH	"RFC 8461 s3.3"
#define STS_RFC_RPT	"RFC 8460 s3"

/* The policy body as it arrives, bounded. */
struct sts_body {
	char	*buf;
	size_t	 len;
	int	 too_large;
};

static size_t
sts_write(char *p, size_t size, size_t n, void *arg)
{
	struct sts_body	*b = arg;
	size_t		 len = size * n;

	if (len > STS_POLICY_MAX - b->len) {
		b->too_large = 1;
		return 0;	/* stops the transfer */
	}
	memcpy(b->buf + b->len, p, len);
	b->len += len;
	return len;
}

/* The _mta-sts record: sets st->have_record and the id. */
static void
sts_record(struct resolver *res, const char *domain, long long deadline,
    struct sts_state *st, struct findings *f)
{
	struct resolve_txt	 txt[RESOLVE_TXT_MAX];
	char			 name[300], why[200], id[STS_ID_MAX + 1];
	int			 n, i, sts = 0, rc;

	snprintf(name, sizeof(name), "_mta-sts.%s", domain);
	if ((n = resolver_txt(res, name, deadline, txt, RESOLVE_TXT_MAX,
	    why, sizeof(why))) == -1) {
		finding_add(f, "sts-dns", FINDING_WARN, STS_RFC_REC, name,
		    NULL, "the TXT lookup failed (%s): whether MTA-STS "
		    "applies is unknown", why);
		return;
	}
	for (i = 0; i < n && i < RESOLVE_TXT_MAX; i++) {
		rc = stspolicy_record(txt[i].text, txt[i].len, id, why,
		    sizeof(why));
		if (rc == 0)
			continue;
		sts++;
		if (rc == -1 || txt[i].cut) {
			finding_add(f, "sts-record-invalid", FINDING_WARN,
			    STS_RFC_REC, name, txt[i].text, "the MTA-STS "
			    "record is invalid (%s): senders treat %s as "
			    "having no policy", txt[i].cut ?
			    "longer than smtpcli reads" : why, domain);
			continue;
		}
		memcpy(st->id, id, sizeof(id));
		st->have_record = 1;
	}
	if (sts > 1) {
		st->have_record = 0;
		finding_add(f, "sts-record-multiple", FINDING_WARN,
		    STS_RFC_REC, name, NULL, "%d MTA-STS records: with more "
		    "than one, senders treat %s as having no policy", sts,
		    domain);
	} else if (sts == 0)
		finding_add(f, "sts-none", FINDING_NOTE, STS_RFC_REC, name,
		    NULL, "no MTA-STS record: senders do not apply MTA-STS "
		    "to %s", domain);
	else if (st->have_record)
		finding_add(f, "sts-record-ok", FINDING_PASS, STS_RFC_REC,
		    name, NULL, "MTA-STS record, policy id %s", st->id);
}

/* "mta-sts.DOMAIN:PORT:ADDR,ADDR" for CURLOPT_RESOLVE. */
static int
sts_pin(struct resolver *res, const char *host, const struct sts_opts *o,
    long long deadline, char *pin, size_t len, char *err, size_t errlen)
{
	struct addr	 a[8];
	char		 ip[INET6_ADDRSTRLEN];
	const void	*sa;
	size_t		 off;
	int		 n, i, port = o->policy_port ? o->policy_port : 443;

	if ((n = resolver_addrs(res, host, o->family, port, deadline, a, 8,
	    err, errlen)) == -1)
		return -1;
	off = (size_t)snprintf(pin, len, "%s:%d:", host, port);
	for (i = 0; i < n && off < len; i++) {
		if (a[i].ss.ss_family == AF_INET6)
			sa = &((const struct sockaddr_in6 *)&a[i].ss)->sin6_addr;
		else
			sa = &((const struct sockaddr_in *)&a[i].ss)->sin_addr;
		if (inet_ntop(a[i].ss.ss_family, sa, ip, sizeof(ip)) == NULL)
			continue;
		off += (size_t)snprintf(pin + off, len - off,
		    a[i].ss.ss_family == AF_INET6 ? "%s[%s]" : "%s%s",
		    i ? "," : "", ip);
	}
	return off < len ? 0 : -1;
}

/* The curl handle's options; -1 when libcurl refused one. */
static int
sts_setopts(CURL *c, const char *url, struct curl_slist *pin,
    struct sts_body *b, const struct sts_opts *o, char *cerr)
{
	long	 ms = 1000L * (o->timeout > 0 ? o->timeout : 30);
	int	 bad = 0;

	bad |= curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_RESOLVE, pin) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https") !=
	    CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_PROXY, "") != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_NOPROXY, "*") != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)STS_POLICY_MAX)
	    != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_USERAGENT, "smtpcli/"
	    SMTPCLI_VERSION) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sts_write) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, b) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr) != CURLE_OK;
	if (o->ca_file != NULL)
		bad |= curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file) !=
		    CURLE_OK;
	if (o->ca_path != NULL)
		bad |= curl_easy_setopt(c, CURLOPT_CAPATH, o->ca_path) !=
		    CURLE_OK;
	return bad ? -1 : 0;
}

/* A transfer that failed: which finding it is. */
static void
sts_fetch_failed(CURLcode rc, const char *cerr, const char *host,
    const char *domain, const struct sts_body *b, struct findings *f)
{
	const char	*what = cerr[0] != '\0' ? cerr : curl_easy_strerror(rc);

	if (b->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		finding_add(f, "sts-policy-too-large", FINDING_WARN,
		    STS_RFC_FETCH, host, NULL, "the policy is larger than "
		    "64 KB: senders must not use it, and treat %s as having "
		    "no policy", domain);
	else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM)
		finding_add(f, "sts-policy-cert", FINDING_WARN, STS_RFC_FETCH,
		    host, NULL, "the policy host's certificate is not valid "
		    "for %s (%s): senders must not use the policy", host,
		    what);
	else
		finding_add(f, "sts-policy-fetch", FINDING_WARN, STS_RFC_FETCH,
		    host, NULL, "the policy could not be fetched (%s): "
		    "senders without a cached policy deliver as if %s had "
		    "none", what, domain);
}

/* A complete answer: status, redirect, type, then the body. */
static void
sts_answer(CURL *c, const char *host, const struct sts_body *b,
    struct sts_state *st, struct findings *f)
{
	long		 code = 0;
	char		*type = NULL, *loc = NULL;
	size_t		 tl;

	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
	if (code >= 300 && code < 400) {
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
		finding_add(f, "sts-policy-redirect", FINDING_WARN,
		    STS_RFC_FETCH, host, loc, "the policy URL answers HTTP "
		    "%ld, a redirect%s%s: senders must not follow it, so "
		    "they find no policy", code, loc != NULL ? " to " : "",
		    loc != NULL ? loc : "");
		return;
	}
	if (code != 200) {
		finding_add(f, "sts-policy-status", FINDING_WARN,
		    STS_RFC_FETCH, host, NULL, "the policy URL answers HTTP "
		    "%ld, not 200: senders find no policy", code);
		return;
	}
	tl = type != NULL ? strlen(type) : 0;
	if (tl < 10 || strncasecmp(type, "text/plain", 10) != 0 ||
	    (tl > 10 && type[10] != ';' && type[10] != ' ')) {
		finding_add(f, "sts-policy-content-type", FINDING_WARN,
		    STS_RFC_FETCH, host, type, "the policy is served as "
		    "\"%s\", not text/plain: senders must not use it",
		    type != NULL ? type : "(no Content-Type)");
		return;
	}
	if (stspolicy_parse(b->buf, b->len, host, &st->policy, f) == 0)
		st->have_policy = 1;
}

/* Fetches and parses the policy of domain into st. */
static int
sts_fetch(struct resolver *res, const char *domain,
    const struct sts_opts *o, long long deadline, struct sts_state *st,
    struct findings *f, char *err, size_t errlen)
{
	char			 host[300], url[400], pin[600], why[300];
	char			 cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist	*pins;
	struct sts_body		 b;
	CURL			*c;
	CURLcode		 rc;

	snprintf(host, sizeof(host), "mta-sts.%s", domain);
	if (sts_pin(res, host, o, deadline, pin, sizeof(pin), why,
	    sizeof(why)) == -1) {
		finding_add(f, "sts-policy-fetch", FINDING_WARN,
		    STS_RFC_FETCH, host, NULL, "the policy host has no "
		    "address (%s): senders without a cached policy deliver "
		    "as if %s had none", why, domain);
		return 0;
	}
	snprintf(url, sizeof(url), "https://%s:%d/.well-known/mta-sts.txt",
	    host, o->policy_port ? o->policy_port : 443);
	memset(&b, 0, sizeof(b));
	if ((b.buf = malloc(STS_POLICY_MAX)) == NULL ||
	    (pins = curl_slist_append(NULL, pin)) == NULL) {
		free(b.buf);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((c = curl_easy_init()) == NULL ||
	    sts_setopts(c, url, pins, &b, o, cerr) == -1) {
		snprintf(err, errlen, "libcurl could not be set up");
		curl_easy_cleanup(c);
		curl_slist_free_all(pins);
		free(b.buf);
		return -1;
	}
	if ((rc = curl_easy_perform(c)) != CURLE_OK)
		sts_fetch_failed(rc, cerr, host, domain, &b, f);
	else
		sts_answer(c, host, &b, st, f);
	curl_easy_cleanup(c);
	curl_slist_free_all(pins);
	free(b.buf);
	return 0;
}

/* The _smtp._tls record (RFC 8460 3). */
static void
sts_tlsrpt(struct resolver *res, const char *domain, long long deadline,
    struct findings *f)
{
	struct resolve_txt	 txt[RESOLVE_TXT_MAX];
	char			 name[300], why[200];
	int			 n, i, rpt = 0;

	snprintf(name, sizeof(name), "_smtp._tls.%s", domain);
	if ((n = resolver_txt(res, name, deadline, txt, RESOLVE_TXT_MAX,
	    why, sizeof(why))) == -1) {
		finding_add(f, "tlsrpt-dns", FINDING_WARN, STS_RFC_RPT, name,
		    NULL, "the TXT lookup failed (%s)", why);
		return;
	}
	for (i = 0; i < n && i < RESOLVE_TXT_MAX; i++)
		if (txt[i].len >= 10 && memcmp(txt[i].text, "v=TLSRPTv1",
		    10) == 0)
			rpt++;
	if (rpt == 0) {
		finding_add(f, "tlsrpt-none", FINDING_NOTE, STS_RFC_RPT, name,
		    NULL, "no TLS-RPT record: senders have nowhere to "
		    "report TLS failures to %s", domain);
		return;
	}
	if (rpt > 1) {
		finding_add(f, "tlsrpt-multiple", FINDING_WARN, STS_RFC_RPT,
		    name, NULL, "%d TLS-RPT records: with more than one, "
		    "senders send no reports", rpt);
		return;
	}
	for (i = 0; i < n && i < RESOLVE_TXT_MAX; i++)
		(void)tlsrpt_record(txt[i].text, txt[i].len, name, f);
}

int
sts_lookup(struct resolver *res, const char *domain,
    const struct sts_opts *o, struct sts_state *st, struct findings *f,
    char *err, size_t errlen)
{
	long long	 t = 1000LL * (o->timeout > 0 ? o->timeout : 30);
	int		 rc = 0;

	memset(st, 0, sizeof(*st));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl could not start");
		return -1;
	}
	sts_record(res, domain, loop_now() + t, st, f);
	if (st->have_record)
		rc = sts_fetch(res, domain, o, loop_now() + t, st, f, err,
		    errlen);
	sts_tlsrpt(res, domain, loop_now() + t, f);
	curl_global_cleanup();
	return rc;
}
