/*
 * tlsarec.c: the TLSA record to publish.  The record is "3 1 1": DANE-EE,
 * the public key, SHA-256 (RFC 7671 s5.1 recommends it: it survives a
 * renewal that keeps the key, and needs no name or date checks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "renderout.h"
#include "resolve.h"
#include "target.h"
#include "tlsarec.h"
#include "tlsconn.h"

#define TLSAREC_ADDRS	16

static const char *const tlsarec_kinds[SEC_KINDS] = { "rsa", "ecdsa" };

struct tlsarec_probe {
	const char		*host;
	struct tlsctx		*ctx;
	const char		*kind;
	struct addr		 addr;
	struct probe		*probe;
	int			 done;
	char			 spki[65];	/* SHA-256 of the SPKI, hex */
	char			 key_type[48];
};

static struct transport *
tlsarec_wrap(void *arg, struct transport *inner, char *err, size_t errlen)
{
	struct tlsarec_probe	*p = arg;
	struct transport	*t;

	if ((t = tlsconn_wrap(p->ctx, inner, p->host, p->host, err,
	    errlen)) == NULL)
		return NULL;
	if (tlsconn_sigalgs(t, p->kind) == -1) {
		snprintf(err, errlen, "TLS: cannot limit the signature "
		    "algorithms to %s", p->kind);
		transport_close(t);
		return NULL;
	}
	return t;
}

static void
tlsarec_done(void *arg, const struct transport *t)
{
	struct tlsarec_probe		*p = arg;
	const struct tlsconn_facts	*f;

	if ((f = tlsconn_facts(t)) == NULL || !f->has_cert ||
	    f->spki_sha256[0] == '\0')
		return;
	p->done = 1;
	memcpy(p->spki, f->spki_sha256, sizeof(p->spki));
	snprintf(p->key_type, sizeof(p->key_type), "%s", f->key_type);
}

/* Each distinct record once, with the addresses and key types seen. */
static int
tlsarec_print(struct render *r, const char *host, int port,
    struct tlsarec_probe *pv, size_t n)
{
	char	 as[64], rec[80];
	size_t	 i, j;
	int	 printed = 0;

	for (i = 0; i < n; i++) {
		if (!pv[i].done)
			continue;
		for (j = 0; j < i; j++)
			if (pv[j].done && strcmp(pv[j].spki, pv[i].spki) == 0)
				break;
		if (j < i)
			continue;
		printed++;
		snprintf(rec, sizeof(rec), "3 1 1 %s", pv[i].spki);
		if (r->json) {
			render_json_start(r, "tlsa_record");
			render_json_field(r, "host", host, strlen(host));
			fprintf(r->out, ",\"name\":\"_%d._tcp.", port);
			render_str(r, r->out, host, strlen(host));
			fputs(".\"", r->out);
			render_json_field(r, "record", rec, strlen(rec));
			render_json_opt(r, "key_type", pv[i].key_type);
			fputs(",\"seen\":[", r->out);
		} else {
			fprintf(r->out, "_%d._tcp.", port);
			render_str(r, r->out, host, strlen(host));
			fprintf(r->out, ". IN TLSA %s\n", rec);
		}
		for (j = i; j < n; j++) {
			if (!pv[j].done || strcmp(pv[j].spki, pv[i].spki) != 0)
				continue;
			(void)addr_str(&pv[j].addr, as, sizeof(as));
			if (r->json)
				fprintf(r->out, "%s{\"address\":\"%s\",\"sigalgs\":"
				    "\"%s\"}", j > i ? "," : "", as, pv[j].kind);
			else {
				fprintf(r->out, "    ; %s %s: key ", as,
				    pv[j].kind);
				render_str(r, r->out, pv[j].key_type,
				    strlen(pv[j].key_type));
				fputc('\n', r->out);
			}
		}
		if (r->json) {
			fputc(']', r->out);
			render_json_end(r);
		}
	}
	if (printed > 0 && !r->json && !r->quiet)
		fputs("=== Publish the next key's record too, before a key "
		    "change (\"current + next\", RFC 7671 s8.1)\n", r->out);
	fflush(r->out);
	return printed;
}

/* One host: addresses, handshakes, records. */
static enum outcome
tlsarec_host(struct loop *loop, struct render *r, const char *host,
    struct tlsctx *ctx, const struct security_opts *o)
{
	struct addr		 addrs[TLSAREC_ADDRS];
	struct tlsarec_probe	 pv[TLSAREC_ADDRS * SEC_KINDS];
	struct probe		*pp[TLSAREC_ADDRS * SEC_KINDS];
	struct probe_tls	 pt;
	struct resolver		*res;
	char			 err[512];
	size_t			 i, k, n = 0;
	int			 na;

	if ((res = resolver_new(loop, o->resolver, err, sizeof(err))) ==
	    NULL) {
		render_error(r, "%s", err);
		return o->resolver != NULL ? OUTCOME_USAGE : OUTCOME_DNS_FAILED;
	}
	na = resolver_addrs(res, host, o->family, o->port, loop_now() +
	    1000LL * o->timeout, addrs, TLSAREC_ADDRS, err, sizeof(err));
	resolver_free(res);
	if (na <= 0) {
		render_error(r, "%s", err);
		return OUTCOME_DNS_FAILED;
	}
	memset(pv, 0, sizeof(pv));
	for (i = 0; i < (size_t)na; i++)
		for (k = 0; k < SEC_KINDS; k++, n++) {
			pv[n].host = host;
			pv[n].ctx = ctx;
			pv[n].kind = tlsarec_kinds[k];
			pv[n].addr = addrs[i];
			pt.wrap = tlsarec_wrap;
			pt.done = tlsarec_done;
			pt.arg = &pv[n];
			if ((pv[n].probe = pp[n] = probe_new(loop, &addrs[i],
			    o->helo, o->timeout, &pt)) == NULL)
				break;
		}
	if (n > 0 && pp[n - 1] == NULL)
		n--;
	probe_run(loop, pp, n, PROBE_PARALLEL);
	na = tlsarec_print(r, host, o->port, pv, n);
	for (i = 0; na == 0 && i < n; i++)
		render_error(r, "%s %s: no handshake: %s", host, pv[i].kind,
		    probe_result(pv[i].probe)->tls_err[0] != '\0' ?
		    probe_result(pv[i].probe)->tls_err :
		    probe_result(pv[i].probe)->err[0] != '\0' ?
		    probe_result(pv[i].probe)->err : "no STARTTLS");
	for (i = 0; i < n; i++)
		probe_free(pv[i].probe);
	return na > 0 ? OUTCOME_OK : OUTCOME_CONNECT_FAILED;
}

enum outcome
tlsarec_run(struct loop *loop, struct render *r, char **hosts, size_t n,
    const struct security_opts *o)
{
	struct target	 t;
	const char	*why;
	enum outcome	 st = OUTCOME_OK, one;
	char		 err[512];
	size_t		 i;
	int		 w;

	if (o->tls->ctx == NULL &&
	    (o->tls->ctx = tlsctx_new(&o->tls->o, err, sizeof(err), &w)) ==
	    NULL) {
		render_error(r, "TLS: %s", err);
		return w == TLSCTX_EFILE ? OUTCOME_INPUT_UNREADABLE :
		    OUTCOME_USAGE;
	}
	for (i = 0; i < n; i++) {
		if (target_parse(hosts[i], &t, &why) == -1 || t.literal ||
		    t.port || t.implicit_tls || strchr(hosts[i], '/')) {
			render_error(r, "%s: not a host name", hosts[i]);
			one = OUTCOME_USAGE;
		} else
			one = tlsarec_host(loop, r, t.host, o->tls->ctx, o);
		if (st == OUTCOME_OK || one == OUTCOME_USAGE)
			st = one;
	}
	return st;
}
