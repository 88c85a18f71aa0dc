/*
 * replsess.c: the REPL's client and script runner.  The one place that
 * dials (dial_open()); lines and /commands go to the script runner.
 */
#include <stdio.h>
#include <string.h>

#include "renderout.h"
#include "replsess.h"
#include "script.h"
#include "status.h"

static void
replsess_event(void *arg, const struct client_event *ev)
{
	struct repl	*rp = arg;

	if (ev->type == CLIENT_EV_REPLY && ev->reply->code == 235 &&
	    (ev->res.verb == VERB_AUTH || ev->res.verb == VERB_AUTH_STEP))
		rp->authed = 1;
	render_event(rp->r, ev);
}

void
replsess_drop(struct repl *rp)
{
	script_free(rp->s);
	client_free(rp->c);
	rp->s = NULL;
	rp->c = NULL;
	rp->authed = 0;
	rp->data_left = 0;
}

int
replsess_connected(struct repl *rp)
{
	return rp->c != NULL && !script_closed(rp->s);
}

enum outcome
replsess_open(struct repl *rp, const char *target)
{
	enum outcome	 oc;

	replsess_drop(rp);
	if (target != rp->target) {
		/* /connect TARGET: a host as typed, no --mx, no --pipe */
		snprintf(rp->target, sizeof(rp->target), "%s", target);
		rp->dial.target = rp->target;
		rp->dial.mx = 0;
		rp->dial.pipe = NULL;
	}
	oc = dial_open(&rp->dial, rp->loop, rp->r, replsess_event, rp,
	    &rp->c);
	if (rp->c == NULL)
		return oc;
	if ((rp->s = script_new(rp->c, rp->r, &rp->so)) == NULL) {
		render_error(rp->r, "out of memory");
		replsess_drop(rp);
		return OUTCOME_INTERNAL;
	}
	if (oc == OUTCOME_OK && script_start(rp->s) == -1)
		oc = script_outcome(rp->s);
	script_resume(rp->s);
	script_where(rp->s, NULL, 0);
	return oc;
}

/*
 * Run a line (id CMDTAB_MAX) or a script /command id with its arguments
 * through the script runner; it ends nothing here.
 */
static void
replsess_run(struct repl *rp, enum cmdtab_id id, const char *text)
{
	if (!replsess_connected(rp)) {
		render_error(rp->r, "not connected: /reconnect, or /connect "
		    "TARGET");
		return;
	}
	if (id == CMDTAB_MAX)
		script_line(rp->s, text, strlen(text));
	else
		(void)script_command(rp->s, id, text);
	script_resume(rp->s);
	if (rp->c != NULL && client_tls_pending(rp->c))
		render_info(rp->r, "this session cannot go on in clear: "
		    "/reconnect or /close");
}

void
replsess_script(struct repl *rp, const char *line)
{
	replsess_run(rp, CMDTAB_MAX, line);
}

void
replsess_command(struct repl *rp, enum cmdtab_id id, const char *args)
{
	replsess_run(rp, id, args);
}

void
replsess_settle(struct repl *rp)
{
	if (rp->s == NULL || !script_closed(rp->s))
		return;
	rp->data_left = 0;
	if (script_in_data(rp->s)) {
		script_abort_data(rp->s);
		render_info(rp->r, "message data mode left: the connection is "
		    "gone, and nothing was delivered");
	}
}
