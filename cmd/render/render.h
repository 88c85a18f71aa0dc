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

/* A client_event_cb: arg is the struct render. */
void		 render_event(void *arg, const struct client_event *);

/*
 * smtpcli's own words, printf-style (server bytes in the arguments must
 * be escaped already): "=== " information on the transcript stream, or
 * "*** " an error on the error stream (with --json also an "info" or
 * "error" event).  Messages are cut at 1023 octets.
 */
void		 render_info(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 render_error(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* The outcome of an /expect (pattern as typed). */
void		 render_expect(struct render *, int ok, const char *pattern,
		    int code, const char *enhanced);

/* Resolved addresses of a name (a "dns" event). */
void		 render_dns(struct render *, const char *name,
		    const struct addr *, size_t n);

/* render_result()'s unknown: why no end-of-data reply decided */
#define RENDER_UNKNOWN	1	/* it never came */
#define RENDER_NOT_SENT	2	/* the message never went whole */

/*
 * Send mode: what became of one recipient (a "result" event): the reply
 * that decided (to RCPT, or to the end of data) and its meaning; unknown
 * RENDER_UNKNOWN when the end-of-data reply never came, RENDER_NOT_SENT
 * when the message never went whole (its end was not written), else 0.
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
