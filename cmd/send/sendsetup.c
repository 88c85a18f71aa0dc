/*
 * sendsetup.c: a connection's steps before any transaction, each waiting
 * for its reply: greeting, EHLO (HELO for an old server), STARTTLS by
 * policy, AUTH, and the check that what the user asked for is offered.
 */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "auth.h"
#include "sendsetup.h"
#include "status.h"
#include "steps.h"

/* One command and its reply, blocking; the code or -1. */
static int
send_cmd(struct sconn *k, const char *line, enum verb v)
{
	return client_command(k->c, line, send_timeout(k->s, v));
}

int
send_lost(struct sconn *k)
{
	struct send	*s = k->s;
	enum outcome	 oc;

	render_error(s->r, "%s", client_error(k->c));
	/* a close after a 221 still leaves this connection's work undone */
	if ((oc = steps_lost(k->c, client_status(k->c), VERB_NONE, 0)) ==
	    OUTCOME_OK)
		oc = OUTCOME_CONNECTION_LOST;
	send_fail(s, oc);
	return -1;
}

/* A refused setup step: 4xx or 5xx. */
static int
send_setup_refused(struct sconn *k, const char *what, int code)
{
	struct send	*s = k->s;

	render_error(s->r, "%s refused (%d); stopping", what, code);
	send_fail(s, code / 100 == 4 ? OUTCOME_REJECTED_TEMPORARY :
	    OUTCOME_REJECTED_PERMANENT);
	if (!client_gone(k->c))
		(void)send_cmd(k, "QUIT", VERB_QUIT);
	return -1;
}

/* An extension the user asked for and the server lacks. */
static int
send_missing(struct sconn *k, const char *ext, const char *opt)
{
	render_error(k->s->r, "the server does not offer %s (asked for "
	    "with %s); stopping", ext, opt);
	send_fail(k->s, OUTCOME_EXTENSION_MISSING);
	(void)send_cmd(k, "QUIT", VERB_QUIT);
	return -1;
}

int
send_setup(struct sconn *k)
{
	struct send		*s = k->s;
	const struct send_opts	*o = s->o;
	const struct caps	*caps;
	struct dial_opts	 d = *o->dial;
	char			 ehlo[600];
	enum outcome		 oc;
	int			 code;

	/* --quit-after/--drop-after connect: the greeting is not read */
	d.no_greeting = o->quit_after == SEND_PH_CONNECT ||
	    o->drop_after == SEND_PH_CONNECT;
	if ((oc = dial_open(&d, s->loop, s->r, send_event, k, &k->c)) !=
	    OUTCOME_OK) {
		send_fail(s, oc);
		return -1;
	}
	if (send_stop(k, SEND_PH_CONNECT))
		return 1;
	if ((code = client_last_code(k->c)) / 100 != 2)
		return send_setup_refused(k, "the session (greeting)", code);
	if (send_stop(k, SEND_PH_BANNER))
		return 1;
	steps_ehlo_line(k->c, o->lmtp ? "LHLO" : "EHLO", o->helo, ehlo,
	    sizeof(ehlo));
	if ((code = send_cmd(k, ehlo, o->lmtp ? VERB_LHLO : VERB_EHLO)) == -1)
		return send_lost(k);
	if (code != 250 && !o->lmtp) {
		/* an RFC 821 server: HELO, and no extensions */
		steps_ehlo_line(k->c, "HELO", o->helo, ehlo, sizeof(ehlo));
		if ((code = send_cmd(k, ehlo, VERB_HELO)) == -1)
			return send_lost(k);
	}
	if (code / 100 != 2)
		return send_setup_refused(k, "EHLO", code);
	if (send_stop(k, SEND_PH_EHLO))
		return 1;
	if (o->tls != NULL && o->tls->mode != TLSRUN_OFF) {
		steps_ehlo_line(k->c, o->lmtp ? "LHLO" : "EHLO", o->helo, ehlo,
		    sizeof(ehlo));
		if ((oc = tlsrun_starttls(o->tls, k->c, s->r, ehlo, 1,
		    send_timeout(s, VERB_STARTTLS))) != OUTCOME_OK) {
			send_fail(s, oc);
			return -1;
		}
	}
	if (send_stop(k, SEND_PH_STARTTLS))
		return 1;
	if (o->auth != NULL && (oc = auth_run(o->auth, k->c, s->r,
	    send_timeout(s, VERB_AUTH))) != OUTCOME_OK) {
		send_fail(s, oc);
		return -1;
	}
	if (send_stop(k, SEND_PH_AUTH))
		return 1;
	caps = session_caps(client_session(k->c));
	if (o->chunking && caps_find(caps, "CHUNKING") == NULL)
		return send_missing(k, "CHUNKING", "--chunking");
	if (o->eightbit && caps_find(caps, "8BITMIME") == NULL)
		return send_missing(k, "8BITMIME", "--8bitmime");
	if (s->utf8 && caps_find(caps, "SMTPUTF8") == NULL)
		return send_missing(k, "SMTPUTF8", o->smtputf8 ? "--smtputf8" :
		    "UTF-8 in an address or a header");
	if ((o->dsn_notify != NULL || o->dsn_ret != NULL ||
	    o->envid != NULL) && caps_find(caps, "DSN") == NULL)
		return send_missing(k, "DSN", "--dsn-notify/--dsn-ret/--envid");
	if (o->requiretls && (caps_find(caps, "REQUIRETLS") == NULL ||
	    tlsrun_facts(k->c) == NULL))
		return send_missing(k, "REQUIRETLS (inside TLS)",
		    "--requiretls");
	/* stopping after a step needs the steps one at a time */
	k->pipelining = !o->no_pipelining &&
	    caps_find(caps, "PIPELINING") != NULL &&
	    o->quit_after < SEND_PH_MAIL && o->drop_after < SEND_PH_MAIL;
	if (!s->bulk)
		render_info(s->r, "%s", k->pipelining ? "PIPELINING: "
		    "MAIL, RCPT and DATA go in one batch" : "one command at "
		    "a time");
	return 0;
}
