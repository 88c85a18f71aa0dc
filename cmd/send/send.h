/*
 * send.h: send mode, one or many transactions the way an MTA sends them:
 * EHLO (LHLO), STARTTLS by policy, AUTH, then MAIL, RCPT..., DATA (or
 * BDAT) pipelined when the server allows it, over one or several
 * connections in the one poll loop; per-recipient results at the end.
 * The options (struct send_opts) and phases are in sendconn.h.
 */
#ifndef SMTPCLI_SEND_H
#define SMTPCLI_SEND_H

#include "loop.h"
#include "render.h"
#include "sendconn.h"

/*
 * Run send mode: o->connections connections, each made by dial_open() as
 * o->dial says, the messages spread over them.  Returns the first
 * failure's outcome, or OUTCOME_OK when every message went and (with
 * all_recipients) every recipient was accepted; refusals are
 * OUTCOME_REJECTED_PERMANENT/_TEMPORARY (69/75), then network (74), TLS
 * or protocol (76), authentication (77).
 */
enum outcome	 send_run(struct loop *, struct render *,
		    const struct send_opts *);

#endif
