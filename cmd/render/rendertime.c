/*
 * rendertime.c: the phases of a run and the --timing stamps.  The time
 * between two events goes to one phase, so nothing is counted twice and
 * nothing is lost: the phases add up to the wall time.
 */
#define _GNU_SOURCE	/* fopencookie() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rendertime.h"
#include "verb.h"

#define GREET_PAUSE_US	(5 * 1000000LL)	/* a greeting slower: a tarpit? */
#define SLOW_REPLY_US	(1000000LL)	/* a reply slower, and ... */
#define SLOW_SHARE	3		/* ... over 1/3 of the run: named */

static const char *const rendertime_names[] = {
	[RENDER_PH_DNS] = "dns",
	[RENDER_PH_CONNECT] = "connect",
	[RENDER_PH_TLS] = "tls",
	[RENDER_PH_GREETING] = "greeting",
	[RENDER_PH_EHLO] = "ehlo",
	[RENDER_PH_AUTH] = "auth",
	[RENDER_PH_MAIL] = "mail",
	[RENDER_PH_RCPT] = "rcpt",
	[RENDER_PH_DATA] = "data",
	[RENDER_PH_END_OF_DATA] = "end_of_data",
	[RENDER_PH_QUIT] = "quit",
};
_Static_assert(sizeof(rendertime_names) / sizeof(rendertime_names[0]) ==
    RENDER_PH_MAX, "rendertime_names must cover every phase");

static long long
rendertime_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
rendertime_init(struct rendertime *r)
{
	memset(r, 0, sizeof(*r));
	r->t0 = r->t_mark = rendertime_now_us();
	r->ph_cur = RENDER_PH_DNS;
}

double
rendertime_ms(const struct rendertime *r)
{
	return (double)(rendertime_now_us() - r->t0) / 1000.0;
}

/* The time since the last event to ph; returns that span (us). */
static long long
rendertime_span(struct rendertime *r, enum render_phase ph)
{
	long long	 now = rendertime_now_us(), d;

	d = now - r->t_mark;
	if (d < 0)
		d = 0;
	r->ph_us[ph] += d;
	r->t_mark = now;
	return d;
}

void
rendertime_to(struct rendertime *r, enum render_phase ph)
{
	(void)rendertime_span(r, ph);
	r->ph_cur = ph;
}

void
rendertime_start(struct rendertime *r, enum render_phase ph)
{
	(void)rendertime_span(r, (enum render_phase)r->ph_cur);
	r->ph_cur = ph;
}

/* The phase of a command (or of the command a reply answers). */
static int
rendertime_phase_of(enum verb v)
{
	switch (v) {
	case VERB_GREETING:
		return RENDER_PH_GREETING;
	case VERB_HELO:
	case VERB_EHLO:
	case VERB_LHLO:
		return RENDER_PH_EHLO;
	case VERB_STARTTLS:
	case VERB_TLS:
		return RENDER_PH_TLS;
	case VERB_AUTH:
	case VERB_AUTH_STEP:
		return RENDER_PH_AUTH;
	case VERB_MAIL:
		return RENDER_PH_MAIL;
	case VERB_RCPT:
		return RENDER_PH_RCPT;
	case VERB_DATA:
	case VERB_BDAT:
		return RENDER_PH_DATA;
	case VERB_DATA_END:
		return RENDER_PH_END_OF_DATA;
	case VERB_QUIT:
		return RENDER_PH_QUIT;
	default:
		return -1;	/* RSET, NOOP, ...: the phase they come in */
	}
}

static void
rendertime_reply(struct rendertime *r, const struct client_event *ev)
{
	int		 ph = rendertime_phase_of(ev->res.verb);
	long long	 d;

	if (ph == -1)
		ph = r->ph_cur;
	d = rendertime_span(r, (enum render_phase)ph);
	r->ph_cur = ph;
	if (ev->res.verb == VERB_GREETING)
		r->greeted = 1;
	else if (d > r->slow_us) {
		r->slow_us = d;
		r->slow_verb = (int)ev->res.verb;
	}
}

void
rendertime_event(struct rendertime *r, const struct client_event *ev)
{
	int	 ph;

	switch (ev->type) {
	case CLIENT_EV_CONNECT:
		rendertime_to(r, RENDER_PH_CONNECT);
		break;
	case CLIENT_EV_TLS:
		rendertime_to(r, RENDER_PH_TLS);
		break;
	case CLIENT_EV_REPLY:
		rendertime_reply(r, ev);
		break;
	case CLIENT_EV_SENT:
		(void)rendertime_span(r, (enum render_phase)r->ph_cur);
		if ((ph = rendertime_phase_of(verb_classify(ev->text,
		    ev->len))) != -1 && ph != RENDER_PH_GREETING)
			r->ph_cur = ph;
		break;
	case CLIENT_EV_DATA:
		/* the lone "." ends the data: its reply is end_of_data's */
		rendertime_to(r, RENDER_PH_DATA);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ stamps */

/* One stamped stream: the clock, and the stream under it. */
struct rendertime_cookie {
	const struct rendertime	*r;
	FILE			*under;
	int			 bol;	/* the next octet starts a line */
};

static ssize_t
rendertime_write(void *arg, const char *buf, size_t len)
{
	struct rendertime_cookie	*st = arg;
	size_t				 i, start = 0;

	for (i = 0; i < len; i++) {
		if (st->bol) {
			fprintf(st->under, "%9.3fms ", rendertime_ms(st->r));
			st->bol = 0;
		}
		if (buf[i] == '\n') {
			fwrite(buf + start, 1, i + 1 - start, st->under);
			start = i + 1;
			st->bol = 1;
		}
	}
	fwrite(buf + start, 1, len - start, st->under);
	fflush(st->under);
	return (ssize_t)len;
}

static int
rendertime_close(void *arg)
{
	struct rendertime_cookie	*st = arg;

	fflush(st->under);
	free(st);
	return 0;
}

FILE *
rendertime_stamp(struct rendertime *r, FILE *under)
{
	static const cookie_io_functions_t io = {
		.write = rendertime_write,
		.close = rendertime_close,
	};
	struct rendertime_cookie	*st;
	FILE				*fp;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	st->r = r;
	st->under = under;
	st->bol = 1;
	if ((fp = fopencookie(st, "w", io)) == NULL) {
		free(st);
		return NULL;
	}
	setvbuf(fp, NULL, _IONBF, 0);
	return fp;
}

/* ------------------------------------------------------------ summary */

void
rendertime_json(struct rendertime *r, FILE *out)
{
	int	 i;

	rendertime_to(r, (enum render_phase)r->ph_cur);
	fputs(",\"phases\":{", out);
	for (i = 0; i < RENDER_PH_MAX; i++)
		fprintf(out, "%s\"%s\":%.3f", i ? "," : "",
		    rendertime_names[i], (double)r->ph_us[i] / 1000.0);
	fputc('}', out);
}

void
rendertime_text(struct rendertime *r, FILE *out, int all)
{
	long long	 wall;
	int		 i;

	rendertime_to(r, (enum render_phase)r->ph_cur);
	wall = r->t_mark - r->t0;
	if (r->greeted && r->ph_us[RENDER_PH_GREETING] > GREET_PAUSE_US)
		fprintf(out, "=== delay: the greeting took %.1f s (greet "
		    "pause / tarpit?)\n",
		    (double)r->ph_us[RENDER_PH_GREETING] / 1e6);
	if (r->slow_us > SLOW_REPLY_US && r->slow_us * SLOW_SHARE > wall)
		fprintf(out, "=== delay: the reply to %s took %.1f s of "
		    "%.1f s\n", verb_name((enum verb)r->slow_verb),
		    (double)r->slow_us / 1e6, (double)wall / 1e6);
	if (all) {
		fprintf(out, "=== time: %.3f ms:", (double)wall / 1000.0);
		for (i = 0; i < RENDER_PH_MAX; i++)
			if (r->ph_us[i] > 0)
				fprintf(out, " %s %.3f", rendertime_names[i],
				    (double)r->ph_us[i] / 1000.0);
		fputc('\n', out);
	}
	fflush(out);
}
