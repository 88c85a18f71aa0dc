/*
 * steps.h: the steps every mode takes on a connection, written once: the
 * EHLO line with its address-literal fallback, the reply timeouts, the
 * greeting wait, and the failure ladder (a lost connection -> outcome).
 */
#ifndef SMTPCLI_STEPS_H
#define SMTPCLI_STEPS_H

#include <stddef.h>

#include "client.h"
#include "render.h"
#include "status.h"

/*
 * "VERB name" into line (size bytes, always terminated): verb is EHLO,
 * LHLO or HELO; name is helo when not NULL or empty, else the address
 * literal of c's local end (RFC 5321 4.1.4: "[192.0.2.1]",
 * "[IPv6:2001:db8::1]"), else "[127.0.0.1]" when c has no local address.
 */
void		 steps_ehlo_line(const struct client *, const char *verb,
		    const char *helo, char *line, size_t size);

/*
 * Seconds to wait for the reply to v: timeout when it is > 0 (-t), else
 * the RFC 5321 4.5.3.2 value for v.
 */
int		 steps_timeout(int timeout, enum verb v);

/*
 * Wait for the server's greeting, unless a reply was read already,
 * within steps_timeout(timeout, VERB_GREETING).  Returns CLIENT_OK (the
 * greeting, whatever its code, is client_last_code()), or the CLIENT_*
 * failure (steps_lost() says what it means).
 */
int		 steps_greeting(struct client *, int timeout);

/*
 * The failure ladder: what it means that the connection on c failed with
 * st (a CLIENT_* value, or client_status()) while the reply to awaited
 * was due (VERB_NONE: nothing was; VERB_DATA_END: the message may have
 * been delivered).  handshake is nonzero when the failure came during a
 * TLS handshake (or when one was due).  Gathers what c knows and asks
 * outcome_of_loss(), the ladder (cmd/status.c).
 */
enum outcome	 steps_lost(struct client *, int st, enum verb awaited,
		    int handshake);

/*
 * steps_lost(), and the words for it on r: why the reply to awaited was
 * not read (interrupted), that the delivery is unknown, that the server
 * left after QUIT (information, not an error) or with a 421, or
 * client_error().  Returns the outcome.
 */
enum outcome	 steps_report(struct render *, struct client *, int st,
		    enum verb awaited, int handshake);

#endif
