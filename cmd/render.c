/*
 * render.c: transcript and JSON output.  Every server byte goes through
 * esc_text() before it reaches a terminal or a JSON string.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate.h"
#include "esc.h"
#include "mxplan.h"
#include "probe.h"
#include "render.h"
#include "tlsconn.h"

#define RENDER_CHUNK	2048	/* octets escaped at a time */

struct render {
	FILE		*out;
	FILE		*err;
	int		 json;
	int		 quiet;
	int		 explain;
	int		 color;
	int		 ncaps;		/* capabilities written (JSON) */
	int		 nfields;	/* explain fields written (JSON) */
	const char	*tint;		/* colour of this reply's notes */
	int		 unverified;	/* TLS went on unverified */
	char		 unverified_why[1024];
	char		 esc[ESC_OUTMAX(RENDER_CHUNK)];
};

struct render *
render_new(FILE *out, FILE *err, int json, int quiet, int explain,
    int color)
{
	struct render	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->out = out;
	r->err = err;
	r->json = json;
	r->quiet = quiet;
	r->explain = explain;
	r->color = color && !json;
	return r;
}

void
render_free(struct render *r)
{
	free(r);
}

/* Write s escaped, in bounded chunks; own marks ESC_OWN text. */
static void
render_str_flags(struct render *r, FILE *fp, const char *s, size_t len,
    int own)
{
	size_t	 n;

	while (len > 0) {
		n = len > RENDER_CHUNK ? RENDER_CHUNK : len;
		esc_text(s, n, (r->json && fp == r->out ? ESC_JSON : 0) | own,
		    r->esc);
		fputs(r->esc, fp);
		s += n;
		len -= n;
	}
}

static void
render_str(struct render *r, FILE *fp, const char *s, size_t len)
{
	render_str_flags(r, fp, s, len, 0);
}

static void
render_json_start(struct render *r, const char *type)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(r->out, "{\"type\":\"%s\",\"time\":%lld.%03ld", type,
	    (long long)ts.tv_sec, ts.tv_nsec / 1000000);
}

static void
render_json_field_flags(struct render *r, const char *name, const char *s,
    size_t len, int own)
{
	fprintf(r->out, ",\"%s\":\"", name);
	render_str_flags(r, r->out, s, len, own);
	fputc('"', r->out);
}

static void
render_json_field(struct render *r, const char *name, const char *s,
    size_t len)
{
	render_json_field_flags(r, name, s, len, 0);
}

static void
render_json_end(struct render *r)
{
	fputs("}\n", r->out);
	fflush(r->out);
}

static void
render_line(struct render *r, const char *marker, const char *s, size_t len)
{
	if (r->quiet)
		return;
	fputs(marker, r->out);
	render_str(r, r->out, s, len);
	fputc('\n', r->out);
}

static void	render_tls(struct render *, const struct tlsconn_facts *);
static void	render_tls_fields(struct render *,
		    const struct tlsconn_facts *);

static const char *const render_prefix[] = {
	[ANN_MEANING] = "",
	[ANN_NOTE] = "note: ",
	[ANN_ENHANCED] = "",
	[ANN_HINT] = "try: ",
	[ANN_CHALLENGE] = "challenge (base64-decoded): ",
	[ANN_CAPABILITY] = "",
	[ANN_WARNING] = "warning: ",
};
_Static_assert(sizeof(render_prefix) / sizeof(render_prefix[0]) ==
    ANN_LABEL_MAX, "render_prefix must cover every label");

static void
render_note(void *arg, enum annotate_label l, const char *s, size_t len)
{
	struct render	*r = arg;

	if (r->json) {
		if (l == ANN_CAPABILITY) {
			if (r->ncaps++ == 0)
				fprintf(r->out, "%s\"capabilities\":[",
				    r->nfields++ ? "," : "");
			else
				fputc(',', r->out);
			fputc('"', r->out);
			render_str(r, r->out, s, len);
			fputc('"', r->out);
			return;
		}
		if (r->ncaps > 0) {
			fputc(']', r->out);
			r->ncaps = 0;
		}
		fprintf(r->out, "%s\"%s\":\"", r->nfields++ ? "," : "",
		    annotate_name(l));
		render_str(r, r->out, s, len);
		fputc('"', r->out);
		return;
	}
	fputs(r->tint != NULL ? r->tint : "", r->out);
	fputs("    # ", r->out);
	fputs(render_prefix[l], r->out);
	render_str(r, r->out, s, len);
	fputs(r->tint != NULL ? "\033[0m\n" : "\n", r->out);
}

/* Colour by reply class: green, cyan, yellow, red. */
static const char *
render_tint(const struct render *r, int code)
{
	if (!r->color)
		return NULL;
	switch (code / 100) {
	case 2:
		return "\033[32m";
	case 3:
		return "\033[36m";
	case 4:
		return "\033[33m";
	default:
		return "\033[31m";
	}
}

static void
render_reply(struct render *r, const struct client_event *ev)
{
	const struct reply	*rp = ev->reply;
	const char		*marker, *t;
	size_t			 i, len;
	char			 code[8];

	if (r->json) {
		render_json_start(r, "reply");
		fprintf(r->out, ",\"code\":%d,\"enhanced\":", rp->code);
		if (rp->enhanced[0] != '\0')
			fprintf(r->out, "\"%s\"", rp->enhanced);
		else
			fputs("null", r->out);
		fprintf(r->out, ",\"answers\":\"%s\",\"tls\":%s",
		    verb_name(ev->res.verb), ev->secure ? "true" : "false");
		fputs(",\"text\":\"", r->out);
		for (i = 0; i < rp->nlines; i++) {
			t = reply_line_text(rp, i, &len);
			if (i > 0)
				fputs("\\n", r->out);
			render_str(r, r->out, t, len);
		}
		fputs("\",\"lines\":[", r->out);
		for (i = 0; i < rp->nlines; i++) {
			t = reply_line_text(rp, i, &len);
			fputs(i > 0 ? ",\"" : "\"", r->out);
			render_str(r, r->out, t, len);
			fputc('"', r->out);
		}
		fputc(']', r->out);
		if (rp->flags & REPLY_LONGLINE)
			fputs(",\"long_line\":true", r->out);
		if (rp->flags & REPLY_CODECHANGE)
			fputs(",\"code_changed\":true", r->out);
		if (ev->res.flags & SESS_R_UNSOLICITED)
			fputs(",\"unsolicited\":true", r->out);
		if (r->explain) {
			fputs(",\"explain\":{", r->out);
			r->ncaps = 0;
			r->nfields = 0;
			annotate_reply(rp, ev->res.verb, ev->caps, render_note,
			    r);
			fputs(r->ncaps > 0 ? "]}" : "}", r->out);
			r->ncaps = 0;
		}
		render_json_end(r);
		return;
	}
	if (r->quiet)
		return;
	if (rp->code >= 400)
		marker = ev->secure ? "<~* " : "<** ";
	else
		marker = ev->secure ? "<~  " : "<-  ";
	for (i = 0; i < rp->nlines; i++) {
		t = reply_line_text(rp, i, &len);
		snprintf(code, sizeof(code), "%03d%c", rp->line[i].code,
		    i + 1 < rp->nlines ? '-' : ' ');
		fputs(marker, r->out);
		fputs(code, r->out);
		render_str(r, r->out, t, len);
		fputc('\n', r->out);
	}
	if (rp->flags & REPLY_LONGLINE)
		fputs("=== note: a reply line was longer than 512 octets "
		    "(RFC 5321 4.5.3.1.5)\n", r->out);
	if (rp->flags & REPLY_TRUNCATED)
		fputs("=== note: a reply line was cut at 2048 octets\n", r->out);
	if (rp->flags & REPLY_CODECHANGE)
		fputs("=== note: the lines of this reply carried different "
		    "codes; the last line's code counts\n", r->out);
	if (ev->res.flags & SESS_R_UNSOLICITED)
		fputs("=== note: the server sent this reply unasked\n",
		    r->out);
	if (r->explain) {
		r->tint = render_tint(r, rp->code);
		annotate_reply(rp, ev->res.verb, ev->caps, render_note, r);
		r->tint = NULL;
	}
	fflush(r->out);
}

void
render_event(void *arg, const struct client_event *ev)
{
	struct render	*r = arg;

	switch (ev->type) {
	case CLIENT_EV_REPLY:
		render_reply(r, ev);
		return;
	case CLIENT_EV_ERROR:
		render_error(r, "%.*s", (int)ev->len, ev->text);
		return;
	case CLIENT_EV_TLS:
		render_tls(r, ev->tls);
		return;
	default:
		break;
	}
	if (r->json) {
		switch (ev->type) {
		case CLIENT_EV_CONNECT:
			render_json_start(r, "connect");
			render_json_field(r, "address", ev->text, ev->len);
			break;
		case CLIENT_EV_SENT:
		case CLIENT_EV_DATA:
			render_json_start(r, "sent");
			render_json_field(r, "line", ev->text, ev->len);
			fprintf(r->out, ",\"data\":%s,\"tls\":%s",
			    ev->type == CLIENT_EV_DATA ? "true" : "false",
			    ev->secure ? "true" : "false");
			break;
		case CLIENT_EV_NOISE:
			render_json_start(r, "info");
			render_json_field(r, "text", ev->text, ev->len);
			fputs(",\"from_server\":true", r->out);
			break;
		default:
			render_json_start(r, "info");
			render_json_field(r, "text", ev->text, ev->len);
			break;
		}
		render_json_end(r);
		return;
	}
	switch (ev->type) {
	case CLIENT_EV_CONNECT:
		if (!r->quiet)
			fputs("=== Connected to ", r->out);
		render_line(r, "", ev->text, ev->len);
		break;
	case CLIENT_EV_SENT:
	case CLIENT_EV_DATA:
		render_line(r, ev->secure ? " ~> " : " -> ", ev->text, ev->len);
		break;
	case CLIENT_EV_NOISE:
		render_line(r, "=== server says: ", ev->text, ev->len);
		break;
	default:
		render_line(r, "=== ", ev->text, ev->len);
		break;
	}
	if (!r->quiet)
		fflush(r->out);
}

static void
render_vmsg(struct render *r, int error, const char *fmt, va_list ap)
{
	char	 buf[1024];

	/*
	 * smtpcli's own words: server bytes in them were escaped where they
	 * were quoted, so only control bytes are escaped here.
	 */
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (r->json) {
		render_json_start(r, error ? "error" : "info");
		render_json_field_flags(r, error ? "message" : "text", buf,
		    strlen(buf), ESC_OWN);
		render_json_end(r);
		if (!error)
			return;
	}
	if (error) {
		fflush(r->out);
		fputs("*** ", r->err);
		render_str_flags(r, r->err, buf, strlen(buf), ESC_OWN);
		fputc('\n', r->err);
		fflush(r->err);
		return;
	}
	if (!r->quiet) {
		fputs("=== ", r->out);
		render_str_flags(r, r->out, buf, strlen(buf), ESC_OWN);
		fputc('\n', r->out);
		fflush(r->out);
	}
}

void
render_info(struct render *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	render_vmsg(r, 0, fmt, ap);
	va_end(ap);
}

void
render_error(struct render *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	render_vmsg(r, 1, fmt, ap);
	va_end(ap);
}

void
render_expect(struct render *r, int ok, const char *pattern, int code,
    const char *enhanced)
{
	char	 got[32];

	snprintf(got, sizeof(got), "%d%s%s", code, enhanced[0] ? " " : "",
	    enhanced);
	if (r->json) {
		render_json_start(r, ok ? "info" : "error");
		fprintf(r->out, ",\"expect\":\"");
		render_str(r, r->out, pattern, strlen(pattern));
		fprintf(r->out, "\",\"got\":\"%s\",\"ok\":%s", got,
		    ok ? "true" : "false");
		render_json_end(r);
	}
	if (ok) {
		if (!r->json && !r->quiet) {
			fputs("=== expect ", r->out);
			render_str(r, r->out, pattern, strlen(pattern));
			fprintf(r->out, ": ok (%s)\n", got);
		}
		return;
	}
	fflush(r->out);
	fputs("*** expect failed: wanted ", r->err);
	render_str(r, r->err, pattern, strlen(pattern));
	fprintf(r->err, ", got %s\n", code ? got : "no reply");
	fflush(r->err);
}

void
render_dns(struct render *r, const char *name, const struct resolve_addr *a,
    size_t n)
{
	char	 as[64];
	size_t	 i;

	if (r->json) {
		render_json_start(r, "dns");
		render_json_field(r, "name", name, strlen(name));
		fputs(",\"addresses\":[", r->out);
		for (i = 0; i < n; i++)
			fprintf(r->out, "%s\"%s\"", i ? "," : "",
			    resolve_addrstr(&a[i], as, sizeof(as)));
		fputc(']', r->out);
		render_json_end(r);
		return;
	}
	if (r->quiet)
		return;
	fputs("=== ", r->out);
	render_str(r, r->out, name, strlen(name));
	fprintf(r->out, " has %zu address%s:", n, n == 1 ? "" : "es");
	for (i = 0; i < n; i++)
		fprintf(r->out, " %s", resolve_addrstr(&a[i], as, sizeof(as)));
	fputc('\n', r->out);
	fflush(r->out);
}

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
			    resolve_addrstr(&h->addrs[j], as, sizeof(as)));
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
				fprintf(r->out, " %s", resolve_addrstr(
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
		fprintf(r->out, "=== note: %zu more MX record%s not kept\n",
		    p->dropped, p->dropped == 1 ? "" : "s");
	fflush(r->out);
}

static void
render_probe_json(struct render *r, const struct mxplan *p,
    const struct mxplan_host *h, const char *as,
    const struct probe_result *pr)
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
		render_json_field(r, "banner", pr->banner,
		    strlen(pr->banner));
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
	if (pr->tls_probed) {
		fputs(",\"tls\":{", r->out);
		render_tls_fields(r, &pr->tls);
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
    const struct mxplan_host *h, const struct resolve_addr *a,
    const struct probe_result *pr)
{
	const struct caps_entry	*e;
	char			 as[64];
	size_t			 i;

	resolve_addrstr(a, as, sizeof(as));
	if (r->json) {
		render_probe_json(r, p, h, as, pr);
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
		render_str(r, r->out, pr->banner, strlen(pr->banner));
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
	if (pr->tls_probed) {
		fputs("; ", r->out);
		render_str(r, r->out, pr->tls.version,
		    strlen(pr->tls.version));
		if (pr->tls.verified)
			fputs(", certificate verified", r->out);
		else {
			fputs(", certificate NOT VERIFIED: ", r->out);
			render_str(r, r->out, pr->tls.verify_error,
			    strlen(pr->tls.verify_error));
		}
		if (pr->tls.has_cert)
			fprintf(r->out, ", %ld days to expiry%s",
			    pr->tls.days_left, pr->tls.days_left < 14 ?
			    " (WARNING: under 14)" : "");
		fputc('\n', r->out);
	} else if (pr->starttls)
		fprintf(r->out, "; TLS %s\n", pr->tls_note);
	else
		fputc('\n', r->out);
	fflush(r->out);
}


/* A string field of server bytes, or null when empty. */
static void
render_json_opt(struct render *r, const char *name, const char *s)
{
	if (s[0] == '\0')
		fprintf(r->out, ",\"%s\":null", name);
	else
		render_json_field(r, name, s, strlen(s));
}

/* The facts as JSON fields, the first without a leading comma. */
static void
render_tls_fields(struct render *r, const struct tlsconn_facts *f)
{
	size_t	 i;

	fputs("\"version\":\"", r->out);
	render_str(r, r->out, f->version, strlen(f->version));
	fputc('"', r->out);
	render_json_field(r, "cipher", f->cipher, strlen(f->cipher));
	render_json_opt(r, "group", f->group);
	render_json_opt(r, "subject", f->subject);
	render_json_opt(r, "issuer", f->issuer);
	fputs(",\"sans\":[", r->out);
	for (i = 0; i < f->nsans; i++) {
		fputs(i > 0 ? ",\"" : "\"", r->out);
		render_str(r, r->out, f->sans[i], strlen(f->sans[i]));
		fputc('"', r->out);
	}
	fputc(']', r->out);
	render_json_opt(r, "not_before", f->not_before);
	render_json_opt(r, "not_after", f->not_after);
	if (f->has_cert)
		fprintf(r->out, ",\"days_left\":%ld", f->days_left);
	else
		fputs(",\"days_left\":null", r->out);
	fprintf(r->out, ",\"chain_length\":%d,\"verified\":%s",
	    f->chain_len, f->verified ? "true" : "false");
	render_json_opt(r, "verify_error", f->verify_error);
	render_json_opt(r, "sni", f->sni);
	render_json_field(r, "verify_name", f->verify_name,
	    strlen(f->verify_name));
}

static void
render_tls_json(struct render *r, const struct tlsconn_facts *f)
{
	render_json_start(r, "tls");
	fputc(',', r->out);
	render_tls_fields(r, f);
	render_json_end(r);
}

/* What a handshake established, one fact a line. */
static void
render_tls(struct render *r, const struct tlsconn_facts *f)
{
	size_t	 i;

	if (r->json) {
		render_tls_json(r, f);
		return;
	}
	if (r->quiet)
		return;
	fputs("=== TLS handshake done: ", r->out);
	render_str(r, r->out, f->version, strlen(f->version));
	fputs(", ", r->out);
	render_str(r, r->out, f->cipher, strlen(f->cipher));
	if (f->group[0] != '\0') {
		fputs(", group ", r->out);
		render_str(r, r->out, f->group, strlen(f->group));
	}
	fputs("\n=== Server name (SNI) sent: ", r->out);
	render_str(r, r->out, f->sni[0] ? f->sni : "none",
	    strlen(f->sni[0] ? f->sni : "none"));
	fputs("; certificate checked against ", r->out);
	render_str(r, r->out, f->verify_name, strlen(f->verify_name));
	fputc('\n', r->out);
	if (f->has_cert) {
		render_line(r, "=== Certificate: subject ", f->subject,
		    strlen(f->subject));
		render_line(r, "=== Certificate: issuer ", f->issuer,
		    strlen(f->issuer));
		fputs("=== Certificate: names", r->out);
		for (i = 0; i < f->nsans; i++) {
			fputs(i > 0 ? ", " : " ", r->out);
			render_str(r, r->out, f->sans[i], strlen(f->sans[i]));
		}
		fputs(f->nsans == 0 ? " none (no subjectAltName)\n" : "\n",
		    r->out);
		fprintf(r->out, "=== Certificate: valid from %s to %s ",
		    f->not_before, f->not_after);
		if (f->days_left < 0)
			fputs("(EXPIRED)\n", r->out);
		else if (f->days_left < 14)
			fprintf(r->out, "(%ld days left: WARNING, it expires "
			    "in less than 14 days)\n", f->days_left);
		else
			fprintf(r->out, "(%ld days left)\n", f->days_left);
		fprintf(r->out, "=== Certificate: chain of %d sent by the "
		    "server\n", f->chain_len);
	}
	if (f->verified) {
		fputs("=== Verified: chain trusted, name ", r->out);
		render_str(r, r->out, f->verify_name, strlen(f->verify_name));
		fputs(" matches\n", r->out);
	}
	fflush(r->out);
}

void
render_pem(struct render *r, const char *pem)
{
	if (r->json) {
		render_json_start(r, "tls_chain");
		render_json_field(r, "pem", pem, strlen(pem));
		render_json_end(r);
		return;
	}
	/* OpenSSL wrote it from DER: base64 and dashes only */
	fputs(pem, r->out);
	fflush(r->out);
}

void
render_unverified(struct render *r, const char *why, const char *because)
{
	r->unverified = 1;
	snprintf(r->unverified_why, sizeof(r->unverified_why), "%s", why);
	render_error(r, "Verification failed: %s", why);
	render_error(r, "going on UNVERIFIED (%s): the server may not be "
	    "who it claims to be; nothing in this session is "
	    "authenticated", because);
}

void
render_summary(struct render *r, int status, const char *reason)
{
	if (!r->json) {
		if (r->unverified && !r->quiet)
			render_line(r, "=== This session was UNVERIFIED: ",
			    r->unverified_why, strlen(r->unverified_why));
		return;
	}
	render_json_start(r, "summary");
	fprintf(r->out, ",\"exit\":%d,\"reason\":\"%s\"", status, reason);
	if (r->unverified)
		fputs(",\"tls_verified\":false", r->out);
	render_json_end(r);
}
