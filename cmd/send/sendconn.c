/*
 * sendconn.c: what every part of send mode does on a connection: send a
 * command tagged with what its reply will answer (the session pairs them,
 * once), record replies in the callback, fail, stop when asked to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sendconn.h"
#include "status.h"
#include "steps.h"

static const char *const send_phase_names[] = {
	[SEND_PH_NONE] = "none",
	[SEND_PH_CONNECT] = "connect",
	[SEND_PH_BANNER] = "banner",
	[SEND_PH_EHLO] = "ehlo",
	[SEND_PH_STARTTLS] = "starttls",
	[SEND_PH_AUTH] = "auth",
	[SEND_PH_MAIL] = "mail",
	[SEND_PH_RCPT] = "rcpt",
	[SEND_PH_DATA] = "data",
};
_Static_assert(sizeof(send_phase_names) / sizeof(send_phase_names[0]) ==
    SEND_PH_MAX, "send_phase_names must cover every phase");

int
send_phase_parse(const char *s)
{
	int	 i;

	for (i = SEND_PH_CONNECT; i < SEND_PH_MAX; i++)
		if (strcmp(s, send_phase_names[i]) == 0)
			return i;
	return -1;
}

const char *
send_phase_name(enum send_phase p)
{
	return p < SEND_PH_MAX ? send_phase_names[p] : "?";
}

void
send_fail(struct send *s, enum outcome oc)
{
	if (s->oc == OUTCOME_OK)
		s->oc = oc;
}

int
send_timeout(const struct send *s, enum verb v)
{
	return steps_timeout(s->o->timeout, v);
}

/* ------------------------------------------------------------ sending */

int
send_line(struct sconn *k, const char *line, enum sx x, size_t rcpt)
{
	struct sess_tag	 t;
	enum verb	 v;
	long long	 d;
	unsigned long	 want;
	int		 st;

	/*
	 * A pipelined batch (thousands of RCPTs, BDAT chunks of one
	 * octet) waits for replies once half the pairing queue is in use:
	 * it goes on at the server's pace instead of overflowing the queue
	 * and then waiting for replies to commands never sent.  The
	 * replies are recorded for the engine as usual.
	 */
	while (send_awaited(k) >= SEND_WINDOW) {
		d = loop_now() + 1000LL * send_timeout(k->s,
		    session_awaiting(client_session(k->c)));
		want = client_nreplies(k->c) + 1;
		if ((st = client_flush(k->c, d)) == CLIENT_OK)
			st = client_wait(k->c, want, d);
		if (st != CLIENT_OK) {
			render_error(k->s->r, "%s", client_error(k->c));
			return -1;
		}
	}
	t.kind = (int)x;
	t.index = rcpt;
	t.when = loop_now_us();
	if (client_send_line_tag(k->c, line, strlen(line), &t, &v) == -1) {
		/* after a violation the engine says it, once */
		if (client_status(k->c) != CLIENT_PROTO)
			render_error(k->s->r, "%s", client_error(k->c));
		return -1;
	}
	return 0;
}

int
send_data_end(struct sconn *k)
{
	struct sess_tag	 t;

	t.kind = SX_EOD;
	t.index = 0;
	t.when = loop_now_us();
	return client_data_end_tag(k->c, &t);
}

size_t
send_awaited(const struct sconn *k)
{
	if (k->c == NULL)
		return 0;
	return session_pending(client_session(k->c));
}

/* ------------------------------------------------------------ replies */

/* Room for one more recorded reply: double the ring, unrolled. */
static int
send_rq_grow(struct sconn *k)
{
	struct sgot	*np;
	size_t		 ncap, i;

	if (k->rqn < k->rqcap)
		return 0;
	ncap = k->rqcap ? k->rqcap * 2 : 16;
	if ((np = calloc(ncap, sizeof(*np))) == NULL)
		return -1;
	for (i = 0; i < k->rqn; i++)
		np[i] = k->rq[(k->rqh + i) % k->rqcap];
	free(k->rq);
	k->rq = np;
	k->rqcap = ncap;
	k->rqh = 0;
	return 0;
}

/* A reply as the engine keeps it: the text after the enhanced code. */
static void
send_keep(struct sreply *q, int code, const char *enh, const char *t,
    size_t len)
{
	size_t	 n;

	memset(q, 0, sizeof(*q));
	q->code = code;
	memcpy(q->enh, enh, sizeof(q->enh));
	q->enh[sizeof(q->enh) - 1] = '\0';
	n = strlen(q->enh);
	if (n > 0 && n <= len) {
		t += n;
		len -= n;
		while (len > 0 && *t == ' ') {
			t++;
			len--;
		}
	}
	if (len >= sizeof(q->text))
		len = sizeof(q->text) - 1;
	memcpy(q->text, t, len);
}

void
send_last_reply(struct sconn *k, struct sreply *q)
{
	const char	*t;
	size_t		 len;

	t = client_last_text(k->c, &len);
	send_keep(q, client_last_code(k->c), client_last_enhanced(k->c), t,
	    len);
}

void
send_event(void *arg, const struct client_event *ev)
{
	struct sconn	*k = arg;
	struct send	*s = k->s;
	struct sgot	*g;
	struct sreply	*q;
	const char	*t;
	size_t		 len;

	if (!s->bulk || ev->type == CLIENT_EV_ERROR ||
	    (ev->type == CLIENT_EV_TLS && k->id == 0))
		render_event(s->r, ev);
	if (ev->type != CLIENT_EV_REPLY)
		return;
	/* replies to the setup steps are read with client_wait() */
	if (ev->res.tag.kind == SX_NONE && ev->reply->code != 421)
		return;
	if (send_rq_grow(k) == -1)
		return;
	g = &k->rq[(k->rqh + k->rqn) % k->rqcap];
	memset(g, 0, sizeof(*g));
	g->tag = ev->res.tag;
	q = &g->q;
	t = reply_line_text(ev->reply, 0, &len);
	send_keep(q, ev->reply->code, ev->reply->enhanced, t, len);
	q->closing = (ev->res.flags & SESS_R_CLOSING) != 0;
	k->rqn++;
}

int
send_received(struct sconn *k, struct sgot *out)
{
	if (k->rqn == 0)
		return 0;
	*out = k->rq[k->rqh];
	k->rqh = (k->rqh + 1) % k->rqcap;
	k->rqn--;
	return 1;
}

/* ------------------------------------------------------------ stopping */

/* Stop mid-way: QUIT, or drop the connection. */
int
send_stop(struct sconn *k, enum send_phase ph)
{
	const struct send_opts	*o = k->s->o;

	/* before the greeting there is no session to QUIT: just close */
	if (o->drop_after == ph || (o->quit_after == ph &&
	    ph == SEND_PH_CONNECT)) {
		render_info(k->s->r, "--%s %s: closing the connection%s",
		    o->drop_after == ph ? "drop-after" : "quit-after",
		    send_phase_name(ph), o->drop_after == ph ? "" :
		    " (no session to QUIT before the greeting)");
		client_free(k->c);
		k->c = NULL;
		k->done = 1;
		return 1;
	}
	if (o->quit_after == ph) {
		/* nothing else is awaited: stopping turns pipelining off */
		render_info(k->s->r, "--quit-after %s", send_phase_name(ph));
		(void)send_line(k, "QUIT", SX_QUIT, 0);
		return 1;
	}
	return 0;
}

void
send_conn_free(struct sconn *k)
{
	client_free(k->c);
	k->c = NULL;
	free(k->rq);
	k->rq = NULL;
	k->rqh = k->rqn = k->rqcap = 0;
}
