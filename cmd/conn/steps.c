/*
 * steps.c: the connection steps that every mode shares (script, REPL,
 * send mode, the connector), so that each is written once.
 */
#include <string.h>

#include "steps.h"

void
steps_ehlo_line(const struct client *c, const char *verb, const char *helo,
    char *line, size_t size)
{
	struct addr	 a;

	addr_ehlo_line(client_local_addr(c, &a) == 0 ? &a : NULL, verb,
	    helo, line, size);
}

int
steps_timeout(int timeout, enum verb v)
{
	return timeout > 0 ? timeout : session_timeout(v);
}

int
steps_greeting(struct client *c, int timeout)
{
	long long	 deadline;
	int		 st;

	if (client_nreplies(c) > 0)
		return CLIENT_OK;
	deadline = loop_now() + 1000LL * steps_timeout(timeout,
	    VERB_GREETING);
	st = client_wait(c, 1, deadline);
	/* a violation that came with the greeting still counts */
	if (st == CLIENT_OK && client_status(c) == CLIENT_PROTO)
		st = CLIENT_PROTO;
	return st;
}

enum outcome
steps_lost(struct client *c, int st, enum verb awaited, int handshake)
{
	struct outcome_loss	 l;

	memset(&l, 0, sizeof(l));
	l.interrupted = st == CLIENT_INTR;
	l.injection = client_injection(c);
	l.handshake = handshake;
	l.timeout = st == CLIENT_TIMEOUT;
	l.violation = st == CLIENT_PROTO;
	l.tls_broke = client_tls_failed(c);
	l.data_end = awaited == VERB_DATA_END;
	l.last_code = client_last_code(c);
	l.data_refused = client_data_refused(c);
	l.after_quit = l.last_code == 221 &&
	    session_state(client_session(c)) == SESS_CLOSING;
	return outcome_of_loss(&l);
}

enum outcome
steps_report(struct render *r, struct client *c, int st, enum verb awaited,
    int handshake)
{
	enum outcome	 oc = steps_lost(c, st, awaited, handshake);

	if (client_data_refused(c) && (oc == OUTCOME_REJECTED_PERMANENT ||
	    oc == OUTCOME_REJECTED_TEMPORARY)) {
		render_error(r, "the server refused the message (%d) before "
		    "its end: nothing was delivered", client_last_code(c));
		return oc;
	}
	switch (oc) {
	case OUTCOME_INTERRUPTED:
		/* only the REPL asks for interruptions; the session lives */
		render_error(r, "interrupted: the reply to %s was not read; "
		    "it is shown if it comes later, but the session may be "
		    "out of step", verb_name(awaited));
		break;
	case OUTCOME_DELIVERY_UNKNOWN:
		render_error(r, "%s: delivery status unknown (the message "
		    "may or may not have been accepted)", client_error(c));
		break;
	case OUTCOME_OK:
		render_info(r, "connection closed after QUIT");
		break;
	case OUTCOME_REJECTED_TEMPORARY:
		render_error(r, "the server closed the connection (421)");
		break;
	default:
		render_error(r, "%s", client_error(c));
		break;
	}
	return oc;
}
