/*
 * probe.h: a quick look at one SMTP server address for smtpcli mx
 * --probe: connect, greeting, EHLO capabilities, QUIT.  Each probe is a
 * small state machine driven by the poll loop, so many run at once.  The
 * TLS handshake has its step (PROBE_TLS) after EHLO; until tls/ provides
 * a handshake it is skipped and the TLS facts are reported as not probed.
 */
#ifndef SMTPCLI_PROBE_H
#define SMTPCLI_PROBE_H

#include <stddef.h>

#include "caps.h"
#include "loop.h"
#include "resolve.h"

#define PROBE_BANNER_MAX	512
#define PROBE_PARALLEL		8	/* probes in flight at once */

enum probe_state {
	PROBE_CONNECT,		/* TCP connection under way */
	PROBE_GREETING,		/* waiting for the banner */
	PROBE_EHLO,		/* EHLO sent, waiting for its reply */
	PROBE_TLS,		/* STARTTLS and handshake: not built, skipped */
	PROBE_QUIT,		/* QUIT sent, waiting for 221 or the close */
	PROBE_DONE,
	PROBE_STATE_MAX
};

struct probe_result {
	int		 ok;		/* connected and greeted with 2xx */
	enum probe_state failed_in;	/* PROBE_DONE when nothing failed */
	char		 err[256];	/* why it failed; escaped */
	double		 connect_ms;	/* -1 when it did not connect */
	int		 greeting;	/* code, 0 when none came */
	char		 banner[PROBE_BANNER_MAX];	/* raw first line */
	int		 ehlo;		/* code, 0 when not sent */
	struct caps	 caps;		/* valid when ehlo was 250 */
	int		 starttls;	/* STARTTLS advertised */
	int		 tls_probed;	/* 0: the TLS fields are not known */
	const char	*tls_note;	/* why they are not */
};

struct probe;

/*
 * A probe of address a, sending EHLO helo (NULL: the local address
 * literal), waiting at most timeout seconds for each step.  NULL when out
 * of memory.  Nothing happens before probe_run().
 */
struct probe	*probe_new(struct loop *, const struct resolve_addr *a,
		    const char *helo, int timeout);
void		 probe_free(struct probe *);

/*
 * Run the probes, at most parallel at once, in the loop until every one
 * is done (each is bounded by its timeouts).
 */
void		 probe_run(struct loop *, struct probe **, size_t n,
		    size_t parallel);

const struct probe_result *probe_result(const struct probe *);

/* The address probed. */
const struct resolve_addr *probe_addr(const struct probe *);

/* "connect", "greeting", "ehlo", "tls", "quit", "done". */
const char	*probe_state_name(enum probe_state);

#endif
