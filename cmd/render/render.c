/*
 * render.c: session events and the rest of the transcript (expectations,
 * addresses, send results, summary) as text or JSON, written with the
 * writers of renderout.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate.h"
#include "esc.h"
#include "render.h"
#include "renderout.h"
#include "rendertls.h"
#include "tlsconn.h"


static void
render_note_json(struct render *r, enum annotate_label l, const char *s,
    size_t len)
{
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
}

#define RENDER_LEAD	"    # "
#define RENDER_HANG	"    #   "

/* Columns a run of UTF-8 takes: one per character (no wide ones). */
static size_t
render_cols(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Octets of s that fit in cols columns, cut between characters. */
static size_t
render_fit(const char *s, size_t len, size_t cols)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == cols)
			break;
	return i;
}

/* A new physical note line: the colour ends and begins again around it. */
static void
render_note_break(struct render *r, size_t *col)
{
	fputs(r->color ? "\033[0m\n\033[2m" RENDER_HANG : "\n" RENDER_HANG,
	    r->out);
	*col = sizeof(RENDER_HANG) - 1;
}

/*
 * t (escaped, after RENDER_LEAD and the label's prefix at *col) wrapped
 * at r->width between words; a word wider than a line is cut.
 */
static void
render_note_wrap(struct render *r, const char *t, size_t col)
{
	size_t	 w, ww, room, n;
	int	 first = 1;

	while (*t != '\0') {
		while (*t == ' ')
			t++;
		if (*t == '\0')
			break;
		w = strcspn(t, " ");
		ww = render_cols(t, w);
		if (!first && col + 1 + ww > (size_t)r->width)
			render_note_break(r, &col);
		else if (!first) {
			fputc(' ', r->out);
			col++;
		}
		first = 0;
		while (ww > 0 && col + ww > (size_t)r->width) {
			room = (size_t)r->width > col ? (size_t)r->width - col :
			    0;
			n = render_fit(t, w, room > 0 ? room : 1);
			fwrite(t, 1, n, r->out);
			t += n;
			w -= n;
			ww = render_cols(t, w);
			render_note_break(r, &col);
		}
		fwrite(t, 1, w, r->out);
		col += ww;
		t += w;
	}
}

static void
render_note_text(struct render *r, enum annotate_label l, const char *s,
    size_t len)
{
	const char	*pfx = annotate_prefix(l);

	/* "errors": a 2xx keeps its meaning, and EHLO's keywords once */
	if (r->brief && l == ANN_CAPABILITY) {
		if (r->caps_shown)
			return;
		r->caps_now = 1;
	} else if (r->brief && l != ANN_MEANING && l != ANN_WARNING)
		return;
	fputs(r->color ? "\033[2m" RENDER_LEAD : RENDER_LEAD, r->out);
	fputs(pfx, r->out);
	if (r->width > 0 && len <= RENDER_CHUNK) {
		esc_text(s, len, 0, r->esc);
		render_note_wrap(r, r->esc, sizeof(RENDER_LEAD) - 1 +
		    strlen(pfx));
	} else
		render_str(r, r->out, s, len);
	fputs(r->color ? "\033[0m\n" : "\n", r->out);
}

/* An annotate_cb: arg is the struct render. */
static void
render_note(void *arg, enum annotate_label l, const char *s, size_t len)
{
	struct render	*r = arg;

	if (r->json)
		render_note_json(r, l, s, len);
	else
		render_note_text(r, l, s, len);
}

/* The reply line's colour by class: green, cyan, yellow, red. */
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
render_reply_json(struct render *r, const struct client_event *ev)
{
	const struct reply	*rp = ev->reply;
	const char		*t;
	size_t			 i, len;

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
		annotate_reply(rp, ev->res.verb, ev->caps, render_note, r);
		fputs(r->ncaps > 0 ? "]}" : "}", r->out);
		r->ncaps = 0;
	}
	render_json_end(r);
}

static void
render_reply_text(struct render *r, const struct client_event *ev)
{
	const struct reply	*rp = ev->reply;
	const char		*marker, *t, *tint;
	size_t			 i, len;
	char			 code[8];

	/* -q: error replies only, their lines and nothing else */
	if (r->quiet && rp->code < 400)
		return;
	if (rp->code >= 400)
		marker = ev->secure ? "<~* " : "<** ";
	else
		marker = ev->secure ? "<~  " : "<-  ";
	tint = render_tint(r, rp->code);
	for (i = 0; i < rp->nlines; i++) {
		t = reply_line_text(rp, i, &len);
		snprintf(code, sizeof(code), "%03d%c", rp->line[i].code,
		    i + 1 < rp->nlines ? '-' : ' ');
		fputs(tint != NULL ? tint : "", r->out);
		fputs(marker, r->out);
		fputs(code, r->out);
		render_str(r, r->out, t, len);
		fputs(tint != NULL ? "\033[0m\n" : "\n", r->out);
	}
	if (r->quiet) {
		fflush(r->out);
		return;
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
	if (r->explain != RENDER_EXPLAIN_OFF) {
		r->brief = r->explain == RENDER_EXPLAIN_ERRORS &&
		    rp->code / 100 == 2;
		r->caps_now = 0;
		annotate_reply(rp, ev->res.verb, ev->caps, render_note, r);
		r->caps_shown |= r->caps_now;
		r->brief = 0;
	}
	fflush(r->out);
}

/* Every other event: connected, sent, noise before the banner, info. */
static void
render_other_json(struct render *r, const struct client_event *ev)
{
	switch (ev->type) {
	case CLIENT_EV_CONNECT:
		render_json_start(r, "connect");
		render_json_field(r, "address", ev->text, ev->len);
		if (ev->local != NULL)
			render_json_field(r, "local", ev->local,
			    strlen(ev->local));
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
}

static void
render_other_text(struct render *r, const struct client_event *ev)
{
	switch (ev->type) {
	case CLIENT_EV_CONNECT:
		r->caps_shown = 0;	/* a new session */
		if (!r->quiet)
			fputs("=== Connected to ", r->out);
		if (ev->local != NULL) {
			render_str(r, r->out, ev->text, ev->len);
			fputs(" from ", r->out);
			render_line(r, "", ev->local, strlen(ev->local));
		} else
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

void
render_event(void *arg, const struct client_event *ev)
{
	struct render	*r = arg;

	switch (ev->type) {
	case CLIENT_EV_REPLY:
		if (r->json)
			render_reply_json(r, ev);
		else
			render_reply_text(r, ev);
		return;
	case CLIENT_EV_ERROR:
		render_error(r, "%.*s", (int)ev->len, ev->text);
		return;
	case CLIENT_EV_TLS:
		render_tls_facts(r, tlsconn_facts(ev->transport));
		return;
	default:
		break;
	}
	if (r->json)
		render_other_json(r, ev);
	else
		render_other_text(r, ev);
}

static void
render_vmsg(struct render *r, int error, const char *fmt, va_list ap)
{
	char	 buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	render_msg(r, error, buf);
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

static void
render_dns_json(struct render *r, const char *name,
    const struct addr *a, size_t n)
{
	char	 as[64];
	size_t	 i;

	render_json_start(r, "dns");
	render_json_field(r, "name", name, strlen(name));
	fputs(",\"addresses\":[", r->out);
	for (i = 0; i < n; i++)
		fprintf(r->out, "%s\"%s\"", i ? "," : "",
		    addr_str(&a[i], as, sizeof(as)));
	fputc(']', r->out);
	render_json_end(r);
}

void
render_dns(struct render *r, const char *name, const struct addr *a,
    size_t n)
{
	char	 as[64];
	size_t	 i;

	if (r->json) {
		render_dns_json(r, name, a, n);
		return;
	}
	if (r->quiet)
		return;
	fputs("=== ", r->out);
	render_str(r, r->out, name, strlen(name));
	fprintf(r->out, " has %zu address%s:", n, n == 1 ? "" : "es");
	for (i = 0; i < n; i++)
		fprintf(r->out, " %s", addr_str(&a[i], as, sizeof(as)));
	fputc('\n', r->out);
	fflush(r->out);
}

static void
render_result_json(struct render *r, const char *rcpt, int ok, int code,
    const char *enh, const char *text, const char *meaning, int unknown)
{
	render_json_start(r, "result");
	render_json_field_flags(r, "recipient", rcpt, strlen(rcpt), ESC_OWN);
	fprintf(r->out, ",\"accepted\":%s,\"code\":%d,\"enhanced\":",
	    ok ? "true" : "false", code);
	if (enh[0] != '\0')
		fprintf(r->out, "\"%s\"", enh);
	else
		fputs("null", r->out);
	render_json_field(r, "text", text, strlen(text));
	render_json_field_flags(r, "meaning", meaning, strlen(meaning),
	    ESC_OWN);
	if (unknown == RENDER_UNKNOWN)
		fputs(",\"delivery_unknown\":true", r->out);
	else if (unknown == RENDER_NOT_SENT)
		fputs(",\"not_sent\":true", r->out);
	render_json_end(r);
}

void
render_result(struct render *r, const char *rcpt, int ok, int code,
    const char *enh, const char *text, const char *meaning, int unknown)
{
	if (r->json) {
		render_result_json(r, rcpt, ok, code, enh, text, meaning,
		    unknown);
		return;
	}
	/* -q: the recipients refused; why nothing went is a *** line */
	if (r->quiet && (ok || unknown))
		return;
	fprintf(r->out, "=== %s ", ok ? "accepted:" :
	    unknown == RENDER_UNKNOWN ? "unknown: " :
	    unknown == RENDER_NOT_SENT ? "not sent:" : "REJECTED:");
	render_str_flags(r, r->out, rcpt, strlen(rcpt), ESC_OWN);
	fprintf(r->out, ": %d%s%s ", code, enh[0] ? " " : "", enh);
	render_str(r, r->out, text, strlen(text));
	fputc('\n', r->out);
	if (!ok && r->explain && !r->quiet) {
		fputs("    # ", r->out);
		render_str_flags(r, r->out, meaning, strlen(meaning), ESC_OWN);
		fputc('\n', r->out);
	}
	fflush(r->out);
}

void
render_bulk(struct render *r, unsigned long sent, unsigned long ok,
    unsigned long failed, unsigned long acc, unsigned long rej, double secs,
    double p50, double p90, double p99, double max)
{
	double	 rate = secs > 0 ? (double)sent / secs : 0;

	if (r->json) {
		render_json_start(r, "bulk");
		fprintf(r->out, ",\"messages\":%lu,\"delivered\":%lu,"
		    "\"failed\":%lu,\"recipients_accepted\":%lu,"
		    "\"recipients_refused\":%lu,\"seconds\":%.3f,"
		    "\"per_second\":%.1f,\"latency_ms\":{\"p50\":%.3f,"
		    "\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}", sent, ok,
		    failed, acc, rej, secs, rate, p50, p90, p99, max);
		render_json_end(r);
		return;
	}
	fprintf(r->out, "=== %lu messages in %.3f s: %.1f per second; %lu "
	    "delivered, %lu failed; recipients: %lu accepted, %lu refused\n"
	    "=== reply latency: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max "
	    "%.3f ms\n", sent, secs, rate, ok, failed, acc, rej, p50, p90,
	    p99, max);
	fflush(r->out);
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
