/*
 * secjudge.c: the DANE verdicts of smtpcli mx --security.  What
 * security.c gathered (lookups with their DNSSEC status, TLSA records,
 * handshakes and their matches) becomes findings, each with its reason,
 * its RFC section and its evidence.  No I/O.
 */
#include <stdio.h>
#include <string.h>

#include "probe.h"
#include "secjudge.h"

/*
 * Days: a certificate ending sooner is a warning.  Three weeks: a
 * renewal due at 30 days left (as ACME clients do it) has failed.
 */
#define SEC_EXPIRY_WARN	21

/* "3 1 1 8f3a...; 2 0 1 c0de..." */
static void
sec_recs_text(const struct sec_host *h, char *out, size_t len)
{
	char	 one[64];
	size_t	 i, w = 0;
	int	 n;

	out[0] = '\0';
	for (i = 0; i < h->dd.nrecs; i++) {
		tlsa_format(&h->dd.recs[i], one, sizeof(one), 16);
		n = snprintf(out + w, len - w, "%sTLSA %s", i ? "; " : "",
		    one);
		if (n < 0 || (size_t)n >= len - w)
			return;
		w += (size_t)n;
	}
}

static void
sec_subject(const struct sec_probe *sp, char *out, size_t len)
{
	char	 as[64];

	snprintf(out, len, "%s %s %s", sp->host->name, addr_str(&sp->addr,
	    as, sizeof(as)), sp->kind);
}

/* The DNS answers: bogus ones, a lookup that failed, a resolver blind. */
static void
sec_judge_dns(struct findings *fl, const struct sec_domain *d)
{
	static const char *const what[] = { "A", "AAAA", "TLSA" };
	const struct sec_host	*h;
	char			 subj[320];
	size_t			 i, k;

	if (d->mx.status == DNSSEC_BOGUS)
		finding_add(fl, "dnssec-bogus", FINDING_FAIL, "RFC 7672 s2.1.1",
		    d->name, NULL, "the MX answer is bogus: %s; a DANE sender "
		    "defers delivery", d->mx.why);
	else if (d->mx.status == DNSSEC_FAILED)
		finding_add(fl, "dnssec-lookup-failed", FINDING_FAIL,
		    "RFC 7672 s2.1.1", d->name, NULL, "the MX lookup with "
		    "DNSSEC failed (%s): DANE cannot be judged, and a DANE "
		    "sender defers", d->mx.why);
	for (i = 0; i < d->nhosts; i++) {
		h = &d->hosts[i];
		for (k = 0; k < 3; k++) {
			snprintf(subj, sizeof(subj), "%s %s", k < 2 ?
			    h->name : h->dd.dns[DANEDNS_TLSA].name, what[k]);
			if (h->dd.dns[k].status == DNSSEC_BOGUS)
				finding_add(fl, "dnssec-bogus", FINDING_FAIL,
				    "RFC 7672 s2.1.1", subj, NULL, "the %s "
				    "answer is bogus: %s; a DANE sender defers "
				    "delivery to this host", what[k],
				    h->dd.dns[k].why);
		}
		if (h->dd.dns[DANEDNS_TLSA].status == DNSSEC_FAILED)
			finding_add(fl, "dane-tlsa-lookup-failed", FINDING_FAIL,
			    "RFC 7672 s2.2", h->dd.dns[DANEDNS_TLSA].name, NULL, "the TLSA "
			    "lookup failed (%s): a DANE sender cannot tell "
			    "whether DANE applies and defers delivery",
			    h->dd.dns[DANEDNS_TLSA].why);
	}
}

/* One host's TLSA records: present, secure, usable. */
static void
sec_judge_records(struct findings *fl, const struct sec_domain *d,
    const struct sec_host *h)
{
	const struct dnssec_answer *t = &h->dd.dns[DANEDNS_TLSA];
	enum tlsa_unusable	 u;
	char			 ev[FINDING_EVIDENCE_LEN], one[64];
	size_t			 i;

	if (t->status == DNSSEC_BOGUS || t->status == DNSSEC_FAILED)
		return;
	if (h->dd.nrecs == 0) {
		finding_add(fl, "dane-tlsa-none", FINDING_NOTE, "RFC 7672 s2.2",
		    t->name, NULL, "no TLSA records (%s): DANE is not used "
		    "for this host", dnssec_status_name(t->status));
		return;
	}
	sec_recs_text(h, ev, sizeof(ev));
	if (h->dd.addr_status != DNSSEC_SECURE && !h->dd.alias_secure) {
		finding_add(fl, "dane-addr-insecure", FINDING_WARN,
		    "RFC 7672 s2.2.2", h->name, ev, "TLSA records exist but "
		    "the address records are %s (A %s, AAAA %s): a DANE sender "
		    "does not look up or use the TLSA records",
		    dnssec_status_name(h->dd.addr_status),
		    dnssec_status_name(h->dd.dns[DANEDNS_A].status),
		    dnssec_status_name(h->dd.dns[DANEDNS_AAAA].status));
		return;
	}
	if (t->status != DNSSEC_SECURE) {
		finding_add(fl, "dane-tlsa-insecure", FINDING_WARN,
		    "RFC 7672 s2.2", t->name, ev, "TLSA records exist but "
		    "their answer is not DNSSEC-validated: senders ignore "
		    "them");
		return;
	}
	for (i = 0; i < h->dd.nrecs; i++) {
		if ((u = tlsa_usable(&h->dd.recs[i])) == TLSA_USABLE)
			continue;
		tlsa_format(&h->dd.recs[i], one, sizeof(one), 16);
		finding_add(fl, u == TLSA_UNUSABLE_PKIX ? "dane-usage-pkix" :
		    "dane-record-unusable", FINDING_WARN, u ==
		    TLSA_UNUSABLE_PKIX ? "RFC 7672 s3.1.3" : "RFC 7671 s4",
		    t->name, one, "TLSA %s: %s", one,
		    tlsa_unusable_words(u));
	}
	if (h->dd.nusable == 0) {
		finding_add(fl, "dane-no-usable", FINDING_WARN, "RFC 7672 s2.2",
		    t->name, ev, "no TLSA record is usable for SMTP: a DANE "
		    "sender insists on TLS but authenticates nothing");
		return;
	}
	if (h->dd.addr_status != DNSSEC_SECURE)
		finding_add(fl, "dane-alias-insecure-target", FINDING_NOTE,
		    "RFC 7672 s2.2.2", h->name, ev, "the host is a secure alias "
		    "(CNAME) of a name whose address records are %s: the TLSA "
		    "records of the alias's own name apply",
		    dnssec_status_name(h->dd.addr_status));
	if (d->mx.status != DNSSEC_SECURE)
		finding_add(fl, "dane-mx-insecure", FINDING_WARN,
		    "RFC 7672 s2.2.1", d->name, ev, "the MX records are %s: "
		    "a DANE sender does not trust the MX host names, so "
		    "their TLSA records are not used",
		    dnssec_status_name(d->mx.status));
	else if (h->dd.addr_status == DNSSEC_SECURE)
		finding_add(fl, "dane-tlsa-found", FINDING_PASS,
		    "RFC 7672 s2.2", t->name, ev, "%zu TLSA records, %zu usable, "
		    "DNSSEC-secure, and so are the MX and address records",
		    h->dd.nrecs, h->dd.nusable);
}

/* The certificate's dates. */
static void
sec_judge_cert(struct findings *fl, const struct sec_probe *sp,
    const char *subj)
{
	const struct tlsconn_facts *f = &sp->facts;
	char	 ev[300];

	if (!f->has_cert)
		return;
	snprintf(ev, sizeof(ev), "not after %s; certificate SHA-256 %s",
	    f->not_after, f->cert_sha256);
	if (f->days_left < 0)
		finding_add(fl, "cert-expired", sp->judged &&
		    sp->v.authenticated && sp->v.at == 0 ? FINDING_NOTE :
		    FINDING_FAIL, "RFC 5280 s4.1.2.5", subj, ev, "the "
		    "certificate has expired%s", sp->judged &&
		    sp->v.authenticated && sp->v.at == 0 ? " (DANE-EE does "
		    "not check dates, RFC 7672 s3.1.1; other senders do)" :
		    "");
	else if (f->days_left < SEC_EXPIRY_WARN)
		finding_add(fl, "cert-expiring", FINDING_WARN,
		    "RFC 5280 s4.1.2.5", subj, ev, "the certificate expires in "
		    "%ld days", f->days_left);
}

/* One handshake of a host DANE applies to. */
static void
sec_judge_match(struct findings *fl, const struct sec_probe *sp,
    const char *subj)
{
	const struct sec_host	*h = sp->host;
	char			 ev[FINDING_EVIDENCE_LEN], rec[64];
	size_t			 i;
	int			 ta = 0;

	sec_recs_text(h, ev, sizeof(ev));
	snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev), "; presented: "
	    "certificate SHA-256 %s, public key SHA-256 %s, chain of %d",
	    sp->facts.cert_sha256, sp->facts.spki_sha256,
	    sp->facts.chain_len);
	if (sp->v.authenticated) {
		tlsa_format(&h->dd.recs[sp->v.rec], rec, sizeof(rec), 16);
		finding_add(fl, "dane-match", FINDING_PASS, sp->v.at == 0 ?
		    "RFC 7672 s3.1.1" : "RFC 7672 s3.1.2", subj, ev,
		    "TLSA %s matches the certificate at depth %d%s", rec,
		    sp->v.at, sp->v.at > 0 ? " (a trust anchor; the chain "
		    "from it verifies for the MX name)" : "");
		return;
	}
	for (i = 0; i < h->dd.nrecs; i++)
		if (h->dd.recs[i].usage == TLSA_DANE_TA &&
		    tlsa_usable(&h->dd.recs[i]) == TLSA_USABLE)
			ta = 1;
	if (sp->v.ta_failed)
		finding_add(fl, "dane-ta-chain-invalid", FINDING_FAIL,
		    "RFC 7672 s3.1.2", subj, ev, "a DANE-TA record matches a "
		    "certificate in the chain, but %s", sp->v.why);
	else if (ta && !sp->v.issuer_sent)
		finding_add(fl, "dane-ta-not-in-chain", FINDING_FAIL,
		    "RFC 7671 s5.2.2", subj, ev, "no certificate the server "
		    "sent matches the DANE-TA (2 x x) records, and the chain "
		    "(%d) lacks the leaf's issuer: the server must send the "
		    "trust anchor's certificate", sp->v.chain_len);
	else
		finding_add(fl, "dane-no-match", FINDING_FAIL, "RFC 7672 s3",
		    subj, ev, "the certificate matches no usable TLSA record: "
		    "a DANE sender does not deliver");
}

/* Every handshake of host h; counts what the host aggregates need. */
static void
sec_judge_probes(struct findings *fl, const struct sec_domain *d,
    const struct sec_host *h, int *used, int *noissuer)
{
	const struct sec_probe		*sp, *other;
	const struct probe_result	*pr;
	char				 subj[FINDING_SUBJECT_LEN];
	size_t				 i, j;

	for (i = 0; i < d->nprobes; i++) {
		sp = &d->probes[i];
		if (sp->host != h)
			continue;
		sec_subject(sp, subj, sizeof(subj));
		pr = probe_result(sp->probe);
		if (!sp->tls_done) {
			other = (i % SEC_KINDS) == 0 ? &d->probes[i + 1] :
			    &d->probes[i - 1];
			if (other->tls_done)
				finding_add(fl, "tls-keytype-absent",
				    FINDING_NOTE, NULL, subj, pr->tls_err,
				    "a handshake offering only %s signature "
				    "algorithms failed: no %s certificate",
				    sp->kind, sp->kind);
			else if (h->dd.applies)
				finding_add(fl, "dane-tls-missing",
				    FINDING_FAIL, "RFC 7672 s2.2", subj,
				    pr->tls_err[0] ? pr->tls_err : pr->err,
				    "DANE applies, but no TLS session came "
				    "about (%s): a DANE sender does not "
				    "deliver", pr->tls_note != NULL ?
				    pr->tls_note : pr->ok ? (pr->starttls ?
				    "handshake failed" : "no STARTTLS") :
				    "no connection");
			continue;
		}
		sec_judge_cert(fl, sp, subj);
		if (!h->dd.applies || !sp->judged)
			continue;
		sec_judge_match(fl, sp, subj);
		for (j = 0; j < h->dd.nrecs && j < DANE_RECS_MAX; j++)
			if (sp->v.depth[j] >= 0)
				used[j] = 1;
		if (!sp->v.authenticated && !sp->v.issuer_sent)
			*noissuer = 1;
	}
}

/* Per address and key type: all, some, none authenticated. */
static void
sec_judge_spread(struct findings *fl, const struct sec_domain *d,
    const struct sec_host *h)
{
	const struct sec_probe	*sp;
	char			 yes[1][256], no[1][256], as[64], ev[600];
	size_t			 i, k;
	int			 nyes = 0, nno = 0, kyes[SEC_KINDS] = { 0 },
				 kno[SEC_KINDS] = { 0 };

	yes[0][0] = no[0][0] = '\0';
	for (i = 0; i < d->nprobes; i++) {
		sp = &d->probes[i];
		if (sp->host != h || !sp->judged)
			continue;
		k = i % SEC_KINDS;
		(void)addr_str(&sp->addr, as, sizeof(as));
		if (sp->v.authenticated) {
			kyes[k]++;
			nyes++;
			snprintf(yes[0] + strlen(yes[0]), sizeof(yes[0]) -
			    strlen(yes[0]), " %s/%s", as, sp->kind);
		} else {
			kno[k]++;
			nno++;
			snprintf(no[0] + strlen(no[0]), sizeof(no[0]) -
			    strlen(no[0]), " %s/%s", as, sp->kind);
		}
	}
	if (nyes == 0 || nno == 0)
		return;
	snprintf(ev, sizeof(ev), "matched:%s; not:%s", yes[0], no[0]);
	if ((kyes[0] && !kno[0] && kno[1] && !kyes[1]) ||
	    (kyes[1] && !kno[1] && kno[0] && !kyes[0]))
		finding_add(fl, "dane-keytype-partial", FINDING_FAIL,
		    "RFC 7671 s8.1", h->name, ev, "the TLSA records match "
		    "the %s certificate only: a sender that negotiates the "
		    "other key type does not deliver", kyes[0] ? "RSA" :
		    "ECDSA");
	else
		finding_add(fl, "dane-addr-partial", FINDING_FAIL,
		    "RFC 7672 s3", h->name, ev, "the TLSA records match "
		    "on some addresses or key types only: a sender reaching "
		    "another does not deliver");
}

/* One host: records, handshakes, spread, stale records, rollover. */
static void
sec_judge_host(struct findings *fl, const struct sec_domain *d,
    const struct sec_host *h)
{
	int	 used[DANE_RECS_MAX] = { 0 }, noissuer = 0, nused = 0, spare = 0;
	char	 ev[FINDING_EVIDENCE_LEN], one[64];
	size_t	 i, judged = 0;

	sec_judge_records(fl, d, h);
	sec_judge_probes(fl, d, h, used, &noissuer);
	if (!h->dd.applies)
		return;
	for (i = 0; i < d->nprobes; i++)
		if (d->probes[i].host == h && d->probes[i].judged)
			judged++;
	if (judged == 0)
		return;
	sec_judge_spread(fl, d, h);
	sec_recs_text(h, ev, sizeof(ev));
	for (i = 0; i < h->dd.nrecs && i < DANE_RECS_MAX; i++) {
		if (tlsa_usable(&h->dd.recs[i]) != TLSA_USABLE)
			continue;
		if (used[i])
			nused++;
		if (!used[i] || h->dd.recs[i].usage == TLSA_DANE_TA)
			spare++;
	}
	if (nused == 0 && !noissuer) {
		finding_add(fl, "dane-records-stale", FINDING_FAIL,
		    "RFC 7671 s8.1", h->name, ev, "no usable TLSA record "
		    "matches any certificate the host presents: the records "
		    "are stale (the key changed and DNS did not follow)");
		return;
	}
	if (nused == 0)
		return;
	for (i = 0; i < h->dd.nrecs && i < DANE_RECS_MAX; i++)
		if (!used[i] && tlsa_usable(&h->dd.recs[i]) == TLSA_USABLE) {
			tlsa_format(&h->dd.recs[i], one, sizeof(one), 16);
			finding_add(fl, "dane-record-unmatched", FINDING_NOTE,
			    "RFC 7671 s8.1", h->name, one, "TLSA %s matches "
			    "nothing presented now: the next key of a "
			    "rollover (fine), or a stale record", one);
		}
	if (spare == 0)
		finding_add(fl, "dane-no-rollover", FINDING_WARN,
		    "RFC 7671 s8.1", h->name, ev, "every TLSA record is needed "
		    "for a key presented now and none is a trust anchor: the "
		    "next key change breaks delivery unless its record is "
		    "published first (\"current + next\")");
}

void
secjudge_domain(struct findings *fl, const struct sec_domain *d,
    int validates)
{
	size_t	 i;
	int	 tlsa = 0;

	/* without TLSA records anywhere, validation changes no verdict */
	for (i = 0; i < d->nhosts; i++)
		if (d->hosts[i].dd.nrecs > 0)
			tlsa = 1;
	if (validates != 1)
		finding_add(fl, "dnssec-not-validating", tlsa ? FINDING_WARN :
		    FINDING_NOTE, "RFC 7672 s2.1", d->name, NULL, "no answer "
		    "came with the AD bit, and the resolver %s: every "
		    "\"insecure\" here may only mean \"not validated\"%s; use a "
		    "validating resolver (--resolver)", validates == 0 ?
		    "does not validate the known-signed name it was asked" :
		    "gave no answer for the known-signed name it was asked",
		    tlsa ? ", and the TLSA records found cannot be trusted" :
		    "");
	sec_judge_dns(fl, d);
	for (i = 0; i < d->nhosts; i++)
		sec_judge_host(fl, d, &d->hosts[i]);
}
