/*
 * render.h: turns session events into what the user sees: a swaks-style
 * transcript on stdout (" -> " sent, "<-  " received, "~" inside TLS,
 * "<** " an error reply, "=== " information) or one JSON object per line
 * with --json.  smtpcli's own errors ("*** ") go to stderr.
 */
#ifndef SMTPCLI_RENDER_H
#define SMTPCLI_RENDER_H

#include <stdio.h>

#include "client.h"

struct render;

/*
 * out is the transcript stream, err the error stream.  explain adds the
 * meaning of each reply on indented "    # " lines (JSON: an "explain"
 * object); color colours them by reply class.
 */
struct render	*render_new(FILE *out, FILE *err, int json, int quiet,
		    int explain, int color);
void		 render_free(struct render *);

/* Change explanations and colour on the way (the REPL's /set). */
void		 render_set_explain(struct render *, int on);
void		 render_set_color(struct render *, int on);

/* A client_event_cb: arg is the struct render. */
void		 render_event(void *arg, const struct client_event *);

void		 render_info(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 render_error(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* The outcome of an /expect (pattern as typed). */
void		 render_expect(struct render *, int ok, const char *pattern,
		    int code, const char *enhanced);

/* Resolved addresses of a name (a "dns" event). */
void		 render_dns(struct render *, const char *name,
		    const struct resolve_addr *, size_t n);

/* What a TLS handshake established (the REPL's /tls); NULL: nothing. */
void		 render_tls_facts(struct render *,
		    const struct tlsconn_facts *);

/* The server's certificates (PEM) for --show-chain. */
void		 render_pem(struct render *, const char *pem);

/*
 * TLS verification failed and the session goes on (--insecure, or a
 * person at the REPL): say so loudly now, and again in the summary.
 */
void		 render_unverified(struct render *, const char *why,
		    const char *because);

struct mxplan;

/*
 * The delivery plan of a mail domain (an "mx" event): each host with its
 * preference and addresses or why it has none, and the misconfigurations
 * (an alias or an address literal as MX, a null MX among others).  A null
 * MX plan prints nothing in the transcript (the caller says what it
 * means) but is an "mx" event of kind "null" in JSON.
 */
void		 render_mx(struct render *, const struct mxplan *);

struct mxplan_host;
struct probe_result;

/*
 * One probed address of host h of plan p: a "probe" event, or one
 * transcript row with the connect time, banner, capabilities, STARTTLS
 * and the TLS facts (or why they are not known), or the error.
 */
void		 render_probe(struct render *, const struct mxplan *p,
		    const struct mxplan_host *h, const struct resolve_addr *,
		    const struct probe_result *);

/*
 * Send mode: what became of one recipient (a "result" event): the reply
 * that decided (to RCPT, or to the end of data) and its meaning; unknown
 * when the end-of-data reply never came.
 */
void		 render_result(struct render *, const char *rcpt, int ok,
		    int code, const char *enh, const char *text,
		    const char *meaning, int unknown);

/* Send mode with --count/--connections: totals, rate, latency (ms). */
void		 render_bulk(struct render *, unsigned long sent,
		    unsigned long ok, unsigned long failed, unsigned long acc,
		    unsigned long rej, double secs, double p50, double p90,
		    double p99, double max);

/* The last event: exit status and its reason word. */
void		 render_summary(struct render *, int status,
		    const char *reason);

#endif
