/*
 * probe.h: a quick look at one SMTP server address for smtpcli mx
 * --probe: connect, greeting, EHLO capabilities, QUIT.  Each probe is a
 * small state machine driven by the poll loop, so many run at once.
 * When STARTTLS is offered (and the caller can make TLS) the probe
 * upgrades, lets the caller read what the handshake established, then
 * says QUIT inside TLS.
 */
#ifndef SMTPCLI_PROBE_H
#define SMTPCLI_PROBE_H

#include <stddef.h>

#include "caps.h"
#include "loop.h"
#include "resolve.h"
#include "transport.h"

#define PROBE_BANNER_MAX	512
#define PROBE_PARALLEL		8	/* probes in flight at once */

enum probe_state {
	PROBE_CONNECT,		/* TCP connection under way */
	PROBE_GREETING,		/* waiting for the banner */
	PROBE_EHLO,		/* EHLO sent, waiting for its reply */
	PROBE_TLS,		/* STARTTLS sent, waiting for its 220 */
	PROBE_HANDSHAKE,	/* TLS handshake under way */
	PROBE_QUIT,		/* QUIT sent, waiting for 221 or the close */
	PROBE_DONE,
	PROBE_STATE_MAX
};

struct probe_result {
	int		 ok;		/* connected and greeted with 2xx */
	enum probe_state failed_in;	/* PROBE_DONE when nothing failed */
	char		 err[256];	/* why it failed; escaped */
	int		 timed_out;	/* it failed because a step's time ran out */
	double		 connect_ms;	/* -1 when it did not connect */
	int		 greeting;	/* code, 0 when none came */
	char		 banner[PROBE_BANNER_MAX];	/* raw first line */
	size_t		 banner_len;	/* its octets: a NUL inside is kept */
	int		 ehlo;		/* code, 0 when not sent */
	struct caps	 caps;		/* valid when ehlo was 250 */
	int		 starttls;	/* STARTTLS advertised */
	int		 tls_probed;	/* the TLS handshake completed */
	const char	*tls_note;	/* why it did not (own words) */
	char		 tls_err[256];	/* the handshake failed: why */
};

/*
 * TLS for a probe, made above net/: after a 220 to STARTTLS, wrap(arg,
 * ...) makes the TLS transport around the connection (its certificate
 * checks are the maker's); when the handshake completes, done(arg, t) is
 * called with the TLS transport to read what it established, before the
 * probe says QUIT in it and closes it.
 */
struct probe_tls {
	transport_wrap_fn	*wrap;
	void			(*done)(void *arg, const struct transport *t);
	void			*arg;
};

struct probe;

/*
 * A probe of address a, sending EHLO helo (NULL: the local address
 * literal), waiting at most timeout seconds for each step.  With tls
 * (copied; its arg must outlive the probe's run), STARTTLS is tried when
 * offered.  NULL when out of memory.  Nothing happens before
 * probe_run().
 */
struct probe	*probe_new(struct loop *, const struct addr *a,
		    const char *helo, int timeout,
		    const struct probe_tls *tls);
void		 probe_free(struct probe *);

/*
 * Run the probes, at most parallel at once, in the loop until every one
 * is done (each is bounded by its timeouts).
 */
void		 probe_run(struct loop *, struct probe **, size_t n,
		    size_t parallel);

/* What the probe found so far (owned by the probe). */
const struct probe_result *probe_result(const struct probe *);

/* The address probed. */
const struct addr *probe_addr(const struct probe *);

/* "connect", "greeting", "ehlo", "tls", "handshake", "quit", "done". */
const char	*probe_state_name(enum probe_state);

#endif
