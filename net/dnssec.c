/*
 * dnssec.c: lookups with a DNSSEC status.  The resolver is trusted to
 * validate (its AD bit is the verdict, RFC 6840 s5.7); smtpcli checks
 * that it does with a known-signed name (dnssec_validates()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnssec.h"
#include "loop.h"

static const char *const dnssec_names[] = {
	[DNSSEC_SECURE] = "secure",
	[DNSSEC_INSECURE] = "insecure",
	[DNSSEC_BOGUS] = "bogus",
	[DNSSEC_FAILED] = "failed",
};
_Static_assert(sizeof(dnssec_names) / sizeof(dnssec_names[0]) ==
    DNSSEC_STATUS_MAX, "a name for every status");

const char *
dnssec_status_name(enum dnssec_status s)
{
	return (unsigned)s < DNSSEC_STATUS_MAX ? dnssec_names[s] : "?";
}

void
dnssec_answer_free(struct dnssec_answer *a)
{
	free(a->buf);
	free(a->m);
	a->buf = NULL;
	a->m = NULL;
}

/* Keep the answer and parse it; the status follows from rcode and AD. */
static void
dnssec_keep(struct dnssec_answer *a, const unsigned char *abuf, size_t alen)
{
	const char	*why = NULL;
	char		 rb[16];

	dnssec_answer_free(a);
	if ((a->buf = malloc(alen)) == NULL ||
	    (a->m = malloc(sizeof(*a->m))) == NULL) {
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "out of memory");
		return;
	}
	memcpy(a->buf, abuf, alen);
	a->len = alen;
	if (dnsmsg_parse(a->buf, a->len, a->m, &why) == -1) {
		free(a->m);
		a->m = NULL;
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "%s", why);
		return;
	}
	a->rcode = a->m->rcode;
	if (a->rcode == DNSMSG_NOERROR || a->rcode == DNSMSG_NXDOMAIN)
		a->status = a->m->ad ? DNSSEC_SECURE : DNSSEC_INSECURE;
	else {
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "the resolver answered %s",
		    dnsmsg_rcode_name(a->rcode, rb, sizeof(rb)));
	}
}

static void
dnssec_cb(void *arg, int status, const char *why, const unsigned char *abuf,
    size_t alen)
{
	struct dnssec_answer	*a = arg;
	struct dnsmsg		 cd;
	const char		*w;

	(*a->pending)--;
	if (a->cd_pending) {
		/* the second try, checking disabled: data means bogus */
		a->cd_pending = 0;
		if (status == 0 && dnsmsg_parse(abuf, alen, &cd, &w) == 0 &&
		    (cd.rcode == DNSMSG_NOERROR ||
		    cd.rcode == DNSMSG_NXDOMAIN)) {
			a->status = DNSSEC_BOGUS;
			snprintf(a->why, sizeof(a->why), "the resolver "
			    "answers SERVFAIL, and with checking disabled "
			    "(CD) it answers %s: the DNSSEC signatures do not "
			    "validate", cd.rcode == DNSMSG_NOERROR ?
			    "NOERROR" : "NXDOMAIN");
		}
		return;
	}
	if (status == -1) {
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "%s", why);
		return;
	}
	dnssec_keep(a, abuf, alen);
}

/* libunbound's verdict on a's answer. */
static void
dnssec_val_cb(void *arg, int status, int secure, int bogus, const char *why,
    const unsigned char *abuf, size_t alen)
{
	struct dnssec_answer	*a = arg;

	(*a->pending)--;
	if (status == 0)
		dnssec_keep(a, abuf, alen);
	if (bogus) {
		a->status = DNSSEC_BOGUS;
		snprintf(a->why, sizeof(a->why), "smtpcli's own validation "
		    "(libunbound) failed: %s", why != NULL ? why : "bogus");
	} else if (status != 0) {
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "%s", why);
	} else if (a->status != DNSSEC_FAILED)
		a->status = secure ? DNSSEC_SECURE : DNSSEC_INSECURE;
}

int
dnssec_src_open(struct dnssec_src *s, struct loop *loop,
    const char *servers, int validate, const char *anchor, char *err,
    size_t errlen)
{
	memset(s, 0, sizeof(*s));
	if (validate)
		return (s->val = dnsval_new(loop, servers, anchor, err,
		    errlen)) != NULL ? 0 : -1;
	return (s->res = resolver_new_raw(loop, servers, err, errlen)) !=
	    NULL ? 0 : -1;
}

void
dnssec_src_close(struct dnssec_src *s)
{
	resolver_free(s->res);
	dnsval_free(s->val);
	memset(s, 0, sizeof(*s));
}

/* Send a's query (flags: DNSMSG_Q_CD for the second try). */
static int
dnssec_send(struct resolver *r, struct dnssec_answer *a, unsigned int id,
    int flags)
{
	unsigned char	 q[DNSMSG_QUERY_MAX];
	int		 n;

	if ((n = dnsmsg_query(q, sizeof(q), id, a->name, a->qtype,
	    DNSMSG_Q_DO | flags)) == -1) {
		a->status = DNSSEC_FAILED;
		snprintf(a->why, sizeof(a->why), "not a DNS name");
		return -1;
	}
	(*a->pending)++;
	resolver_send(r, q, (size_t)n, dnssec_cb, a);
	return 0;
}

int
dnssec_lookup(const struct dnssec_src *src, struct dnssec_answer *v,
    size_t n, long long deadline)
{
	struct resolver	*r = src->res;
	int		 pending = 0, late = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		v[i].status = DNSSEC_FAILED;
		v[i].rcode = -1;
		v[i].why[0] = '\0';
		v[i].buf = NULL;
		v[i].m = NULL;
		v[i].cd_pending = 0;
		v[i].pending = &pending;
		if (src->val != NULL) {
			pending++;
			dnsval_send(src->val, v[i].name, v[i].qtype,
			    dnssec_val_cb, &v[i]);
		} else
			(void)dnssec_send(r, &v[i], (unsigned int)(i * 7919 +
			    1), 0);
	}
	if (src->val != NULL)
		return dnsval_wait(src->val, &pending, deadline);
	if (resolver_wait(r, &pending, deadline) == -1)
		late = 1;
	for (i = 0; !late && i < n; i++)
		if (v[i].status == DNSSEC_FAILED &&
		    v[i].rcode == DNSMSG_SERVFAIL) {
			v[i].cd_pending = 1;
			if (dnssec_send(r, &v[i], (unsigned int)(i * 7919 + 2),
			    DNSMSG_Q_CD) == -1)
				v[i].cd_pending = 0;
		}
	if (!late && resolver_wait(r, &pending, deadline) == -1)
		late = 1;
	return late ? -1 : 0;
}

int
dnssec_validates(const struct dnssec_src *src, const char *signed_name,
    long long deadline)
{
	struct dnssec_answer	 a;
	int			 v;

	if (src->val != NULL)
		return 1;

	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "%s", signed_name);
	a.qtype = DNSMSG_T_SOA;
	(void)dnssec_lookup(src, &a, 1, deadline);
	v = a.status == DNSSEC_SECURE ? 1 : a.status == DNSSEC_INSECURE &&
	    a.rcode == DNSMSG_NOERROR ? 0 : -1;
	dnssec_answer_free(&a);
	return v;
}
