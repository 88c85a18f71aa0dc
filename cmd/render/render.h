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
#include "rendertime.h"

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

/* What an /expect judged, and its verdict. */
struct render_verdict {
	int		 ok;
	const char	*file;		/* the script, NULL when typed */
	unsigned long	 line;		/* its line (0 when file is NULL) */
	const char	*command;	/* what the reply answered, as shown */
	const char	*want;		/* the pattern as typed */
	int		 code;		/* 0: no reply yet */
	const char	*enhanced;	/* "" when none */
	const char	*text;		/* the reply's first line, raw */
	size_t		 textlen;
};

/*
 * The outcome of an /expect: an "expect" event with --json (file, line,
 * command, want, got, ok); else "=== expect P: ok (got)", or on failure
 * "*** FILE:LINE: expect failed: wanted P, got CODE TEXT (to COMMAND)"
 * on the error stream.
 */
void		 render_expect(struct render *, const struct render_verdict *);

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

/*
 * Bulk mode, as text: each message of smtpcli's own (info, error) is
 * shown the first time only and counted; render_bulk() then says how
 * often those that came again came in all.  JSON keeps every event.
 */
void		 render_set_dedupe(struct render *, int on);

/* Refusals alike: n replies of code and enhanced code to command. */
struct render_failure {
	unsigned long	 n;
	int		 code;
	const char	*enhanced;	/* "" when none */
	const char	*command;	/* "MAIL", "end of data", ... */
};

/* Send mode's totals over many messages. */
struct render_bulkstat {
	unsigned long	 sent, ok, failed;	/* messages */
	unsigned long	 acc, rej;		/* recipients */
	double		 secs;			/* from the first MAIL */
	double		 p50, p90, p99, max;	/* reply latency, ms */
	const struct render_failure *fail;	/* refusals by reply */
	size_t		 nfail;
	unsigned long	 fail_other;		/* refusals not in fail */
};

/*
 * Send mode with --count/--connections: totals, the rate of delivered
 * messages, latency (ms), the refusals by reply ("20 x 450 4.3.0 to
 * MAIL"), and the messages repeated per connection, once each with a
 * count.
 */
void		 render_bulk(struct render *, const struct render_bulkstat *);

/*
 * The phases of the run (rendertime.h): the time since the last event
 * belongs to ph, and so does what follows (render_time_to), or it
 * belongs to the phase it was in and what follows to ph
 * (render_time_start: connecting starts).  For the steps no event marks:
 * connecting, the end of data queued.  render_event() keeps the clock;
 * a mode that does not show every event (send mode's bulk) hands the
 * rest to render_time_event().
 */
void		 render_time_to(struct render *, enum render_phase ph);
void		 render_time_start(struct render *, enum render_phase ph);
void		 render_time_event(struct render *,
		    const struct client_event *);

/*
 * --timing: every line on the transcript and error streams starts with
 * the milliseconds since the start (JSON lines carry elapsed_ms and stay
 * unstamped), and the text summary gives every phase.  Returns 0, or -1
 * (out of memory: nothing changes).
 */
int		 render_set_timing(struct render *);

/*
 * The last event: exit status and its reason word; with --json, the
 * phases; as text, the likely causes of delay.
 */
void		 render_summary(struct render *, int status,
		    const char *reason);

#endif
