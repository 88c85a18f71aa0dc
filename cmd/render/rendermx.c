/*
 * rendermx.c: the delivery plan of a mail domain ("mx" events) and the
 * rows of smtpcli mx --probe ("probe" events).
 */
#include <stdio.h>
#include <string.h>

#include "mxplan.h"
#include "probe.h"
#include "rendermx.h"
#include "renderout.h"
#include "rendertls.h"

static void
render_mx_json(struct render *r, const struct mxplan *p)
{
	const struct mxplan_host	*h;
	char				 as[64];
	size_t				 i, j;

	render_json_start(r, "mx");
	render_json_field(r, "domain", p->domain, strlen(p->domain));
	fprintf(r->out, ",\"kind\":\"%s\",\"hosts\":[",
	    mxplan_kind_name(p->kind));
	for (i = 0; p->kind != MXPLAN_NULL && i < p->n; i++) {
		h = &p->h[i];
		fprintf(r->out, "%s{\"preference\":%d", i ? "," : "",
		    h->pref);
		render_json_field(r, "host", h->name, strlen(h->name));
		fputs(",\"addresses\":[", r->out);
		for (j = 0; j < h->naddrs; j++)
			fprintf(r->out, "%s\"%s\"", j ? "," : "",
			    addr_str(&h->addrs[j], as, sizeof(as)));
		fputc(']', r->out);
		if (h->err[0] != '\0')
			render_json_field_flags(r, "error", h->err,
			    strlen(h->err), ESC_OWN);
		else
			fputs(",\"error\":null", r->out);
		if (h->flags & MXPLAN_F_CNAME)
			render_json_field(r, "cname", h->cname,
			    strlen(h->cname));
		else
			fputs(",\"cname\":null", r->out);
		fprintf(r->out, ",\"literal\":%s,\"null_mx\":%s}",
		    h->flags & MXPLAN_F_LITERAL ? "true" : "false",
		    h->flags & MXPLAN_F_NULLMIX ? "true" : "false");
	}
	fprintf(r->out, "],\"dropped\":%zu", p->dropped);
	render_json_end(r);
}

/* "MX 10 mx.example.org" or, for an implicit MX, the domain's words. */
static void
render_mx_host(struct render *r, FILE *fp, const struct mxplan *p,
    const struct mxplan_host *h)
{
	render_str(r, fp, p->domain, strlen(p->domain));
	if (p->kind == MXPLAN_IMPLICIT) {
		fputs(": no MX record, so the domain is its own mail server "
		    "(implicit MX, RFC 5321 5.1)", fp);
		return;
	}
	fprintf(fp, ": MX %d ", h->pref);
	render_str(r, fp, h->name[0] ? h->name : ".",
	    h->name[0] ? strlen(h->name) : 1);
}

void
render_mx(struct render *r, const struct mxplan *p)
{
	const struct mxplan_host	*h;
	char				 as[64];
	size_t				 i, j;

	if (r->json) {
		render_mx_json(r, p);
		return;
	}
	for (i = 0; p->kind != MXPLAN_NULL && i < p->n; i++) {
		h = &p->h[i];
		if (h->flags & MXPLAN_F_NULLMIX) {
			if (!r->quiet) {
				fputs("=== warning: ", r->out);
				render_mx_host(r, r->out, p, h);
				fputs(": a null MX among other MX records (RFC "
				    "7505 3.3); skipped\n", r->out);
			}
			continue;
		}
		if (h->err[0] != '\0' && h->naddrs == 0) {
			fflush(r->out);
			fputs("*** ", r->err);
			render_mx_host(r, r->err, p, h);
			fputs(": ", r->err);
			render_str_flags(r, r->err, h->err, strlen(h->err),
			    ESC_OWN);
			fputc('\n', r->err);
			fflush(r->err);
		} else if (!r->quiet) {
			fputs("=== ", r->out);
			render_mx_host(r, r->out, p, h);
			fputc(':', r->out);
			for (j = 0; j < h->naddrs; j++)
				fprintf(r->out, " %s", addr_str(
				    &h->addrs[j], as, sizeof(as)));
			fputc('\n', r->out);
		}
		if (r->quiet)
			continue;
		if (h->flags & MXPLAN_F_CNAME) {
			fputs("=== warning: ", r->out);
			render_mx_host(r, r->out, p, h);
			fputs(" is an alias (CNAME to ", r->out);
			render_str(r, r->out, h->cname, strlen(h->cname));
			fputs("); an MX must name a host, not an alias (RFC "
			    "2181 10.3, RFC 5321 5.1); tried anyway\n",
			    r->out);
		}
		if (h->flags & MXPLAN_F_LITERAL) {
			fputs("=== warning: ", r->out);
			render_mx_host(r, r->out, p, h);
			fputs(" is an address, not a host name (RFC 5321 "
			    "5.1 wants a name); tried anyway\n", r->out);
		}
	}
	if (p->dropped > 0 && !r->quiet)
		fprintf(r->out, "=== note: %zu MX record%s of lower "
		    "preference left out (the %d most preferred kept)\n",
		    p->dropped, p->dropped == 1 ? "" : "s", MXPLAN_HOSTS);
	fflush(r->out);
}

static void
render_probe_json(struct render *r, const struct mxplan *p,
    const struct mxplan_host *h, const char *as,
    const struct probe_result *pr, const struct tlsconn_facts *tls)
{
	const struct caps_entry	*e;
	size_t			 i;

	render_json_start(r, "probe");
	render_json_field(r, "domain", p->domain, strlen(p->domain));
	render_json_field(r, "host", h->name, strlen(h->name));
	fprintf(r->out, ",\"preference\":%d,\"implicit\":%s", h->pref,
	    p->kind == MXPLAN_IMPLICIT ? "true" : "false");
	render_json_field(r, "address", as, strlen(as));
	fprintf(r->out, ",\"ok\":%s", pr->ok ? "true" : "false");
	if (pr->err[0] != '\0') {
		render_json_field_flags(r, "error", pr->err, strlen(pr->err),
		    ESC_OWN);
		fprintf(r->out, ",\"failed_in\":\"%s\"",
		    probe_state_name(pr->failed_in));
	} else
		fputs(",\"error\":null,\"failed_in\":null", r->out);
	if (pr->connect_ms >= 0)
		fprintf(r->out, ",\"connect_ms\":%.3f", pr->connect_ms);
	else
		fputs(",\"connect_ms\":null", r->out);
	if (pr->greeting != 0) {
		fprintf(r->out, ",\"greeting\":%d", pr->greeting);
		render_json_field(r, "banner", pr->banner, pr->banner_len);
	} else
		fputs(",\"greeting\":null,\"banner\":null", r->out);
	if (pr->ehlo != 0)
		fprintf(r->out, ",\"ehlo\":%d", pr->ehlo);
	else
		fputs(",\"ehlo\":null", r->out);
	fputs(",\"capabilities\":[", r->out);
	for (i = 0; pr->caps.valid && i < pr->caps.n; i++) {
		e = &pr->caps.e[i];
		fputs(i ? ",\"" : "\"", r->out);
		render_str(r, r->out, e->keyword, strlen(e->keyword));
		if (e->params[0] != '\0') {
			fputc(' ', r->out);
			render_str(r, r->out, e->params, strlen(e->params));
		}
		fputc('"', r->out);
	}
	fputc(']', r->out);
	fprintf(r->out, ",\"starttls\":%s", !pr->caps.valid ? "null" :
	    pr->starttls ? "true" : "false");
	if (tls != NULL) {
		fputs(",\"tls\":{", r->out);
		render_tls_fields(r, tls);
		fputs("},\"tls_note\":null", r->out);
	} else {
		fputs(",\"tls\":null", r->out);
		render_json_field_flags(r, "tls_note", pr->tls_note,
		    strlen(pr->tls_note), ESC_OWN);
	}
	render_json_end(r);
}

void
render_probe(struct render *r, const struct mxplan *p,
    const struct mxplan_host *h, const struct addr *a,
    const struct probe_result *pr, const struct tlsconn_facts *tls)
{
	const struct caps_entry	*e;
	char			 as[64];
	size_t			 i;

	addr_str(a, as, sizeof(as));
	if (r->json) {
		render_probe_json(r, p, h, as, pr, tls);
		return;
	}
	if (r->quiet && pr->ok)
		return;
	fprintf(r->out, "%s ", as);
	render_str(r, r->out, h->name, strlen(h->name));
	if (p->kind == MXPLAN_IMPLICIT)
		fputs(" (implicit MX):", r->out);
	else
		fprintf(r->out, " (MX %d):", h->pref);
	if (pr->connect_ms >= 0)
		fprintf(r->out, " connect %.1f ms;", pr->connect_ms);
	if (pr->greeting != 0) {
		fprintf(r->out, " %d ", pr->greeting);
		render_str(r, r->out, pr->banner, pr->banner_len);
		fputc(';', r->out);
	}
	if (pr->err[0] != '\0') {
		fprintf(r->out, " error (%s): ",
		    probe_state_name(pr->failed_in));
		render_str_flags(r, r->out, pr->err, strlen(pr->err), ESC_OWN);
		fputc('\n', r->out);
		fflush(r->out);
		return;
	}
	if (pr->ehlo != 0)
		fprintf(r->out, " EHLO %d", pr->ehlo);
	for (i = 0; pr->caps.valid && i < pr->caps.n; i++) {
		e = &pr->caps.e[i];
		fputs(i ? ", " : ": ", r->out);
		render_str(r, r->out, e->keyword, strlen(e->keyword));
		if (e->params[0] != '\0') {
			fputc(' ', r->out);
			render_str(r, r->out, e->params, strlen(e->params));
		}
	}
	fprintf(r->out, "; STARTTLS %s", !pr->caps.valid ?
	    "unknown" : pr->starttls ? "offered" : "not offered");
	if (tls != NULL) {
		fputs("; ", r->out);
		render_str(r, r->out, tls->version, strlen(tls->version));
		if (tls->verified)
			fputs(", certificate verified", r->out);
		else {
			fputs(", certificate NOT VERIFIED: ", r->out);
			render_str(r, r->out, tls->verify_error,
			    strlen(tls->verify_error));
		}
		if (tls->has_cert) {
			fprintf(r->out, ", %ld days to expiry%s",
			    tls->days_left, tls->days_left < 14 ?
			    " (WARNING: under 14)" : "");
			fputs(", ", r->out);
			render_str(r, r->out, tls->key_type,
			    strlen(tls->key_type));
			fprintf(r->out, " %d bits, public key SHA-256 %s, OCSP "
			    "%s", tls->key_bits, tls->spki_sha256,
			    tls->ocsp_stapled ? "stapled" : "not stapled");
		}
		fputc('\n', r->out);
	} else if (pr->starttls)
		fprintf(r->out, "; TLS %s\n", pr->tls_note);
	else
		fputc('\n', r->out);
	fflush(r->out);
}
