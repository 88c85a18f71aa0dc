/*
 * steps.c: the connection steps that every mode shares (script, REPL,
 * send mode, the connector), so that each is written once.
 */
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
	int	 code = client_last_code(c);

	if (st == CLIENT_INTR)
		return OUTCOME_INTERRUPTED;
	if (client_injection(c))
		return OUTCOME_STARTTLS_INJECTION;
	if (handshake)
		return st == CLIENT_TIMEOUT ? OUTCOME_TIMEOUT :
		    OUTCOME_TLS_FAILED;
	if (st == CLIENT_PROTO)
		return client_tls_failed(c) ? OUTCOME_TLS_FAILED :
		    OUTCOME_PROTOCOL_ERROR;
	if (awaited == VERB_DATA_END)
		return OUTCOME_DELIVERY_UNKNOWN;
	if (st == CLIENT_TIMEOUT)
		return OUTCOME_TIMEOUT;
	if (session_state(client_session(c)) ==
	    SESS_CLOSING && code == 221)
		return OUTCOME_OK;
	if (code == 421)
		return OUTCOME_REJECTED_TEMPORARY;
	return OUTCOME_CONNECT_FAILED;
}

enum outcome
steps_report(struct render *r, struct client *c, int st, enum verb awaited,
    int handshake)
{
	enum outcome	 oc = steps_lost(c, st, awaited, handshake);

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
