/*
 * rendertime.h: where the time of a run went.  Every moment from the
 * start to the summary belongs to one phase (dns, connect, tls, greeting,
 * ehlo, auth, mail, rcpt, data, end_of_data, quit), so the phases add up
 * to the wall time; --timing stamps each line with the elapsed time.
 * The renderer holds one; render.h's render_time_*() reach it.
 */
#ifndef SMTPCLI_RENDERTIME_H
#define SMTPCLI_RENDERTIME_H

#include <stdio.h>

#include "client.h"

enum render_phase {
	RENDER_PH_DNS,		/* and the start: the script read, checked */
	RENDER_PH_CONNECT,
	RENDER_PH_TLS,
	RENDER_PH_GREETING,
	RENDER_PH_EHLO,
	RENDER_PH_AUTH,
	RENDER_PH_MAIL,
	RENDER_PH_RCPT,
	RENDER_PH_DATA,
	RENDER_PH_END_OF_DATA,
	RENDER_PH_QUIT,
	RENDER_PH_MAX
};

/* The clock of a run (microseconds, CLOCK_MONOTONIC). */
struct rendertime {
	long long	 t0;		/* the start */
	long long	 t_mark;	/* the last event */
	int		 ph_cur;	/* the phase the time now belongs to */
	long long	 ph_us[RENDER_PH_MAX];
	int		 greeted;	/* the greeting came */
	long long	 slow_us;	/* the slowest reply but the greeting */
	int		 slow_verb;	/* what it answered */
};

/* Start the clock: what follows is dns's until an event says. */
void		 rendertime_init(struct rendertime *);

/* Milliseconds since the start. */
double		 rendertime_ms(const struct rendertime *);

/* The time since the last event to ph, and what follows too. */
void		 rendertime_to(struct rendertime *, enum render_phase ph);

/* The time since the last event to its phase; what follows, to ph. */
void		 rendertime_start(struct rendertime *, enum render_phase ph);

/*
 * An event of the session: a reply's wait belongs to the phase of the
 * command it answers (so pipelined commands are apart), a command sent
 * starts its phase (RSET, NOOP and the like stay in the one they come
 * in), connected ends connect, a handshake ends tls, a data line is
 * data's (the wait after the lone "." is end_of_data's).
 */
void		 rendertime_event(struct rendertime *,
		    const struct client_event *);

/*
 * A stream that writes to under with each line stamped "%9.3fms " (the
 * milliseconds since the start), unbuffered so that a line is stamped
 * when it is written; closing it leaves under open.  NULL when out of
 * memory.
 */
FILE		*rendertime_stamp(struct rendertime *, FILE *under);

/* The summary: ",\"phases\":{...}" into a JSON event being written. */
void		 rendertime_json(struct rendertime *, FILE *out);

/*
 * The summary as text on out: the likely causes of delay (a greeting
 * over 5 s: "greet pause / tarpit?"; one reply over 1 s and a third of
 * the run) and, with all, every phase.
 */
void		 rendertime_text(struct rendertime *, FILE *out, int all);

#endif
