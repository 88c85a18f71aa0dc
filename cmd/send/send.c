/*
 * send.c: the send-mode engine.  Each connection is set up in turn (the
 * steps that need a reply before the next one: greeting, EHLO, TLS,
 * AUTH), then every connection runs transactions at once in the one poll
 * loop.  Client callbacks only record replies; all decisions are taken
 * in send_pump() outside them, so a blocking flush of a big message can
 * run the loop for the other connections without re-entering the engine.
 * Each reply comes with the tag its command was sent with (the session
 * pairs them), which says what it answers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "codes.h"
#include "send.h"
#include "sendbody.h"
#include "sendsetup.h"
#include "status.h"

/* ------------------------------------------------------------ sending */

/* Append to line[*n], never past size (a cut line is caught by the
 * caller's line check, never a write out of bounds). */
static void
send_cat(char *line, size_t size, size_t *n, const char *a, const char *b)
{
	int	 w;

	if (*n >= size)
		return;
	w = snprintf(line + *n, size - *n, "%s%s", a, b != NULL ? b : "");
	if (w > 0)
		*n = *n + (size_t)w < size ? *n + (size_t)w : size;
}

static void
send_mail(struct sconn *k)
{
	const struct send_opts	*o = k->s->o;
	const struct caps	*caps = session_caps(client_session(k->c));
	unsigned long long	 lim;
	char			 line[1200], num[32];
	size_t			 n = 0;

	send_cat(line, sizeof(line), &n, "MAIL FROM:<", o->from);
	send_cat(line, sizeof(line), &n, ">", NULL);
	if (caps_size(caps, &lim) && k->s->size > 0) {
		snprintf(num, sizeof(num), "%llu", k->s->size);
		send_cat(line, sizeof(line), &n, " SIZE=", num);
	}
	if (o->eightbit || (caps_find(caps, "8BITMIME") != NULL &&
	    message_8bit(o->msg)))
		send_cat(line, sizeof(line), &n, " BODY=8BITMIME", NULL);
	if (o->smtputf8 || k->s->utf8)
		send_cat(line, sizeof(line), &n, " SMTPUTF8", NULL);
	if (o->dsn_ret != NULL)
		send_cat(line, sizeof(line), &n, " RET=", o->dsn_ret);
	if (o->envid != NULL)
		send_cat(line, sizeof(line), &n, " ENVID=", o->envid);
	if (o->requiretls)
		send_cat(line, sizeof(line), &n, " REQUIRETLS", NULL);
	(void)send_line(k, line, SX_MAIL, 0);
}

static void
send_rcpt(struct sconn *k, size_t i)
{
	const struct send_opts	*o = k->s->o;
	char			 line[1200];
	size_t			 n = 0;

	send_cat(line, sizeof(line), &n, "RCPT TO:<", o->rcpts[i]);
	send_cat(line, sizeof(line), &n, ">", NULL);
	if (o->dsn_notify != NULL)
		send_cat(line, sizeof(line), &n, " NOTIFY=", o->dsn_notify);
	(void)send_line(k, line, SX_RCPT, i);
}

/* Reset k's transaction state for message msg. */
static void
send_begin(struct sconn *k, unsigned long msg)
{
	k->msg = msg;
	k->in_tx = 1;
	k->mail_ok = 0;
	k->next_rcpt = 0;
	k->nacc = 0;
	k->nrcpt_replies = 0;
	k->eod_left = 0;
	k->lmtp_next = 0;
	k->tx_failed = 0;
	k->delivered = 0;
}

/* MAIL, and with pipelining every RCPT and DATA, in one batch. */
static void
send_envelope(struct sconn *k)
{
	struct send	*s = k->s;
	size_t		 i;

	send_mail(k);
	if (!k->pipelining)
		return;
	for (i = 0; i < s->o->nrcpts; i++)
		send_rcpt(k, i);
	/* all or nothing: DATA only once every RCPT was accepted */
	if (!s->o->chunking && !s->o->all_recipients)
		(void)send_line(k, "DATA", SX_DATA, 0);
}

/* Start the next message on k, or QUIT when none is left. */
static void
send_start(struct sconn *k)
{
	struct send	*s = k->s;

	if (k->has_pre) {
		/* its envelope already went right behind the last "." */
		k->has_pre = 0;
		send_begin(k, k->pre);
		k->next_rcpt = s->o->nrcpts;
		return;
	}
	if (s->next_msg >= s->o->count) {
		(void)send_line(k, "QUIT", SX_QUIT, 0);
		return;
	}
	send_begin(k, s->next_msg++);
	send_envelope(k);
	if (k->pipelining)
		k->next_rcpt = s->o->nrcpts;
}

/*
 * With PIPELINING the next envelope may follow the end of data in the
 * same batch (RFC 2920 3.1 makes only EHLO, DATA, VRFY, EXPN, TURN, QUIT
 * and NOOP end a batch): one round trip per message instead of two.
 */
static void
send_prestart(struct sconn *k)
{
	struct send	*s = k->s;

	if (!k->pipelining || k->has_pre || s->next_msg >= s->o->count ||
	    s->o->quit_after != SEND_PH_NONE)
		return;
	k->pre = s->next_msg++;
	k->has_pre = 1;
	send_envelope(k);
}

/* ------------------------------------------------------------ replies */

static void
send_latency(struct send *s, long long t0, long long now)
{
	long long	 d = now - t0;

	lathist_add(&s->lat, d < 0 ? 0 : d > 0xffffffffLL ? 0xffffffffU :
	    (uint32_t)d);
}

/*
 * The server broke the protocol (a reply nobody asked for, one stacked
 * before its command was sent, one after its 421): nothing more is sent
 * on k, and the run ends in a protocol error.
 */
static void
send_violation(struct sconn *k)
{
	struct send	*s = k->s;

	if (k->done)
		return;
	render_error(s->r, "%s; nothing more is sent", client_error(k->c));
	send_fail(s, OUTCOME_PROTOCOL_ERROR);
	if (k->in_tx)
		s->failed++;
	k->in_tx = 0;
	k->done = 1;
}

/* The transaction on k ended (delivered or not): count it, go on. */
static void
send_tx_end(struct sconn *k, int delivered)
{
	struct send	*s = k->s;

	k->in_tx = 0;
	s->sent++;
	if (delivered)
		s->ok++;
	else
		s->failed++;
	if (k->tx_failed > s->worst)
		s->worst = k->tx_failed;
	if (s->o->quit_after == SEND_PH_DATA && delivered) {
		(void)send_stop(k, SEND_PH_DATA);
		return;
	}
	send_start(k);
}

static void
send_refused(struct sconn *k, int code)
{
	int	 cls = code / 100 == 4 ? 4 : 5;

	if (cls > k->tx_failed)
		k->tx_failed = cls;
}

/*
 * The message could not be sent whole (the server stopped reading, the
 * source failed): the end of data never went, so nothing was delivered
 * and the connection cannot go on.
 */
static void
send_body_failed(struct sconn *k, int why)
{
	struct send	*s = k->s;
	struct sreply	 q;
	size_t		 i;
	int		 code = client_last_code(k->c);

	if (why == -2 && message_invalid(s->o->msg)) {
		if (k->msg == 0)
			s->not_sent = 1;
		render_error(s->r, "the message was abandoned before its end "
		    "of data: nothing was delivered");
		send_fail(s, OUTCOME_MESSAGE_INVALID);
	} else if (why == -2)
		send_fail(s, OUTCOME_INPUT_UNREADABLE);
	else if (client_status(k->c) == CLIENT_PROTO) {
		send_violation(k);
		return;
	} else if (client_data_refused(k->c)) {
		/* the server's 4xx/5xx during the data decides */
		render_error(s->r, "the server refused the message (%d) "
		    "before its end: nothing was delivered", code);
		send_refused(k, code);
		/* it is every accepted recipient's answer */
		send_last_reply(k, &q);
		for (i = 0; k->msg == 0 && s->first != NULL &&
		    i < s->o->nrcpts; i++)
			if (s->first[i].rcpt.code / 100 == 2 &&
			    !s->first[i].has_final) {
				s->first[i].final = q;
				s->first[i].has_final = 1;
			}
		send_fail(s, code / 100 == 4 ? OUTCOME_REJECTED_TEMPORARY :
		    OUTCOME_REJECTED_PERMANENT);
	} else {
		render_error(s->r, "%s; the message was not sent whole (no "
		    "end of data): nothing was delivered", client_error(k->c));
		send_fail(s, strncmp(client_error(k->c), "timeout", 7) == 0 ?
		    OUTCOME_TIMEOUT : OUTCOME_CONNECTION_LOST);
	}
	s->failed++;
	k->done = 1;
}

/*
 * The message went whole: await its end-of-data replies, one, or with
 * LMTP one per accepted recipient (RFC 2033 4.2).  "BDAT n LAST" was
 * recorded as the first itself.
 */
static int
send_await_eod(struct sconn *k, int chunking)
{
	size_t	 i;

	if (k->msg == 0) {
		k->s->first_eod = 1;
		k->s->first_eod_at = client_queued(k->c);
	}
	k->eod_left = k->s->o->lmtp ? k->nacc : 1;
	for (i = chunking ? 1 : 0; i < k->eod_left; i++)
		if (send_data_end(k) == -1)
			return -1;
	return 0;
}

/* The message after 354 (DATA) or after the envelope (BDAT). */
static void
send_message(struct sconn *k, int chunking)
{
	int	 st;

	if ((st = send_body(k, chunking)) == 0 &&
	    (st = send_await_eod(k, chunking)) == 0) {
		if (!chunking)
			send_prestart(k);
		return;
	}
	send_body_failed(k, st);
}

/*
 * Nobody to deliver to, or (--all-recipients) not to everyone: the
 * transaction cannot go on.
 */
static int
send_short(const struct sconn *k, enum send_phase ph)
{
	if (ph == SEND_PH_MAIL)
		return !k->mail_ok;
	return !k->mail_ok || k->nacc == 0 ||
	    (k->s->o->all_recipients && k->nacc < k->s->o->nrcpts);
}

/*
 * --quit-after/--drop-after at MAIL or RCPT: the transaction ends there;
 * it failed (with its worst class) when MAIL or every RCPT (with
 * --all-recipients, any) was refused.  1 when it stopped.
 */
static int
send_stop_tx(struct sconn *k, enum send_phase ph)
{
	struct send	*s = k->s;

	if (!send_stop(k, ph))
		return 0;
	k->in_tx = 0;
	if (send_short(k, ph)) {
		s->failed++;
		if (k->tx_failed > s->worst)
			s->worst = k->tx_failed;
	}
	return 1;
}

/* After every RCPT reply: what comes next without pipelining. */
static void
send_after_rcpts(struct sconn *k)
{
	struct send	*s = k->s;

	if (send_stop_tx(k, SEND_PH_RCPT))
		return;
	if (s->o->all_recipients && k->nacc < s->o->nrcpts && k->nacc > 0) {
		/* all or nothing: no message for some of them (curl 918) */
		render_info(s->r, "--all-recipients: %zu of %zu recipients "
		    "refused; no message is sent", s->o->nrcpts - k->nacc,
		    s->o->nrcpts);
		(void)send_line(k, "RSET", SX_RSET, 0);
		return;
	}
	if (k->nacc == 0) {
		/* nobody to deliver to: end the transaction cleanly */
		if (!k->pipelining || s->o->chunking)
			(void)send_line(k, "RSET", SX_RSET, 0);
		return;
	}
	if (s->o->chunking) {
		send_message(k, 1);
		return;
	}
	if (!k->pipelining || s->o->all_recipients)
		(void)send_line(k, "DATA", SX_DATA, 0);
}

static void
send_copy(struct sreply *dst, const struct sreply *src)
{
	*dst = *src;
}

/*
 * The end-of-data reply for the first message: it covers every accepted
 * recipient, or with LMTP the next accepted one in RCPT order.
 */
static void
send_final(struct sconn *k, const struct sreply *q)
{
	struct send	*s = k->s;
	size_t		 i;

	for (i = k->s->o->lmtp ? k->lmtp_next : 0; i < s->o->nrcpts; i++) {
		if (s->first[i].rcpt.code / 100 != 2 || s->first[i].has_final)
			continue;
		send_copy(&s->first[i].final, q);
		s->first[i].has_final = 1;
		if (s->o->lmtp) {
			k->lmtp_next = i + 1;
			return;
		}
	}
}

/* The reply to DATA: 354 and the message, or the end of it. */
static void
send_data_reply(struct sconn *k, const struct sreply *q)
{
	struct send	*s = k->s;

	if (q->code != 354 && q->code / 100 != 4 && q->code / 100 != 5) {
		/* a 2xx is no go-ahead: nothing is claimed either way */
		render_error(s->r, "protocol violation: DATA answered with "
		    "%d, not 354; no message data sent", q->code);
		send_fail(s, OUTCOME_PROTOCOL_ERROR);
		send_tx_end(k, 0);
		return;
	}
	if (q->code != 354) {
		send_refused(k, q->code);
		send_tx_end(k, 0);
		return;
	}
	if (s->o->drop_after == SEND_PH_DATA) {
		(void)send_stop(k, SEND_PH_DATA);
		return;
	}
	if (!k->mail_ok || k->nacc == 0) {
		/* a 354 with nobody to deliver to: end it empty */
		if (client_send_raw(k->c, ".\r\n", 3, s->o->timeout) !=
		    CLIENT_OK)
			return;
		k->eod_left = 1;
		(void)send_data_end(k);
		k->nacc = 0;
		return;
	}
	send_message(k, 0);
}

/* One reply, with the tag of the command it answers. */
static void
send_handle(struct sconn *k, const struct sgot *g)
{
	struct send		*s = k->s;
	const struct sreply	*q = &g->q;
	enum sx			 x = (enum sx)g->tag.kind;
	long long		 now;
	int			 pos = q->code / 100 == 2;

	if (x == SX_NONE) {
		if (q->code == 421) {
			render_error(s->r, "the server closes the connection "
			    "(421)");
			send_fail(s, OUTCOME_REJECTED_TEMPORARY);
			k->done = 1;
		}
		return;
	}
	/* the next reply's timeout runs from now: a pipelined MAIL waits
	 * behind the end of data, which has a timeout of its own */
	now = loop_now_us();
	k->t_handled = now;
	send_latency(s, g->tag.when, now);
	switch (x) {
	case SX_MAIL:
		k->mail_ok = pos;
		if (!pos)
			send_refused(k, q->code);
		if (send_stop_tx(k, SEND_PH_MAIL))
			return;
		if (!pos) {
			/* pipelined RCPTs and DATA get their 503s */
			if (!k->pipelining)
				send_tx_end(k, 0);
			return;
		}
		if (!k->pipelining && s->o->nrcpts > 0)
			send_rcpt(k, k->next_rcpt++);
		break;
	case SX_RCPT:
		k->nrcpt_replies++;
		if (k->msg == 0 && s->first != NULL)
			send_copy(&s->first[g->tag.index].rcpt, q);
		if (pos && k->mail_ok) {
			k->nacc++;
			s->acc++;
		} else {
			s->rej++;
			send_refused(k, q->code);
		}
		if (k->nrcpt_replies < s->o->nrcpts) {
			/* with --all-recipients too every recipient is asked,
			 * so that the result names each refused one; the
			 * message is then not sent (send_after_rcpts) */
			if (!k->pipelining && k->mail_ok)
				send_rcpt(k, k->next_rcpt++);
			return;
		}
		if (!k->mail_ok) {
			if (!k->pipelining || s->o->chunking)
				send_tx_end(k, 0);
			return;
		}
		send_after_rcpts(k);
		break;
	case SX_DATA:
		send_data_reply(k, q);
		break;
	case SX_BDAT:
		if (!pos)
			send_refused(k, q->code);
		break;
	case SX_EOD:
	case SX_BDAT_LAST:
		if (!pos)
			send_refused(k, q->code);
		else if (k->nacc > 0)
			k->delivered = 1;
		if (k->msg == 0 && s->first != NULL)
			send_final(k, q);
		if (k->eod_left > 0)
			k->eod_left--;
		if (k->eod_left > 0)
			return;
		send_tx_end(k, k->delivered);
		break;
	case SX_RSET:
		send_tx_end(k, 0);
		break;
	case SX_QUIT:
		k->done = 1;
		break;
	case SX_NONE:
	case SX_MAX:
		break;
	}
}

/* ------------------------------------------------------------ running */

/* When the oldest awaited reply of k is overdue (ms), or -1. */
static long long
send_deadline(const struct sconn *k)
{
	const struct session	*sess;
	const struct sess_tag	*t;
	long long		 base;

	if (k->done || k->c == NULL)
		return -1;
	sess = client_session(k->c);
	if ((t = session_awaiting_tag(sess, 0)) == NULL)
		return -1;
	/* it became the oldest when queued or when the one before it was
	 * handled, whichever came later */
	base = t->when > k->t_handled ? t->when : k->t_handled;
	return base / 1000 + 1000LL * send_timeout(k->s,
	    session_awaiting(sess));
}

/* k's connection ended or timed out while replies were awaited. */
static void
send_broken(struct sconn *k, int timeout)
{
	struct send		*s = k->s;
	const struct session	*sess = client_session(k->c);
	const struct sess_tag	*t;
	int			 eod = 0;
	size_t			 i;

	for (i = 0; (t = session_awaiting_tag(sess, i)) != NULL; i++)
		if (t->kind == SX_EOD || t->kind == SX_BDAT_LAST)
			eod = 1;
	k->done = 1;
	if (session_pending(sess) == 1 &&
	    session_awaiting_tag(sess, 0)->kind == SX_QUIT)
		return;		/* the 221 is a courtesy */
	if (eod) {
		render_error(s->r, "%s: delivery status unknown (the message "
		    "may or may not have been accepted)", timeout ?
		    "timeout waiting for the end-of-data reply" :
		    client_error(k->c));
		send_fail(s, OUTCOME_DELIVERY_UNKNOWN);
		return;
	}
	if (timeout) {
		render_error(s->r, "timeout waiting for a reply");
		send_fail(s, OUTCOME_TIMEOUT);
		return;
	}
	(void)send_lost(k);
}

/*
 * How long the loop may wait (ms deadline, -1: for ever): until the
 * nearest reply is overdue, or not at all when a reply recorded while
 * another connection's message was being flushed still waits to be
 * handled (no poll event would bring it).
 */
static long long
send_poll_until(const struct send *s)
{
	long long	 d = -1, x;
	int		 i;

	for (i = 0; i < s->nconns; i++) {
		if (!s->conns[i].done && s->conns[i].rqn > 0)
			return loop_now();
		if ((x = send_deadline(&s->conns[i])) >= 0 &&
		    (d < 0 || x < d))
			d = x;
	}
	return d;
}

/* Read on where a bounded read stopped; 1 when any connection did. */
static int
send_backlog(struct send *s)
{
	int	 i, any = 0;

	for (i = 0; i < s->nconns; i++)
		if (!s->conns[i].done && s->conns[i].c != NULL &&
		    client_backlog(s->conns[i].c))
			any = 1;
	return any;
}

static void
send_progress(struct send *s, int last)
{
	long long	 now = loop_now_us();
	double		 secs;

	if (!s->o->progress || (!last && now - s->t_progress < 200000))
		return;
	s->t_progress = now;
	secs = (double)(now - s->t_start) / 1e6;
	fprintf(stderr, "\r=== sent %lu/%lu, delivered %lu, failed %lu, "
	    "recipients refused %lu, %.0f msg/s%s", s->sent, s->o->count,
	    s->ok, s->failed, s->rej, secs > 0 ? (double)s->sent / secs : 0,
	    last ? "\n" : "");
	fflush(stderr);
}

/* Handle what every connection received; 1 while any is still busy. */
static int
send_pump(struct send *s)
{
	struct sgot	 g;
	struct sconn	*k;
	long long	 now = loop_now(), d;
	int		 i, busy = 0;

	for (i = 0; i < s->nconns; i++) {
		k = &s->conns[i];
		while (!k->done && send_received(k, &g))
			send_handle(k, &g);
		if (!k->done && k->c != NULL &&
		    client_status(k->c) == CLIENT_PROTO) {
			send_violation(k);
			continue;
		}
		if (k->done)
			continue;
		if (k->c == NULL) {
			k->done = 1;
			continue;
		}
		if (client_gone(k->c) && k->rqn == 0)
			send_broken(k, 0);
		else if ((d = send_deadline(k)) >= 0 && now >= d)
			send_broken(k, 1);
		if (!k->done)
			busy = 1;
	}
	send_progress(s, 0);
	return busy;
}

static double
send_pct(const struct send *s, double p)
{
	return (double)lathist_quantile(&s->lat, p) / 1000.0;
}

/* Per-recipient results of the first message. */
static void
send_report_rcpts(struct send *s)
{
	const struct sreply	*q;
	struct codes_explain	 ex;
	size_t			 i;
	int			 ok, went;

	/* the message went whole once its end was written */
	went = s->first_eod && (s->conns[0].c == NULL ||
	    client_written(s->conns[0].c) >= s->first_eod_at);

	for (i = 0; i < s->o->nrcpts; i++) {
		const struct srcpt *p = &s->first[i];

		if (p->rcpt.code == 0)
			continue;	/* never asked (stopped before) */
		if (s->not_sent && p->rcpt.code / 100 == 2 && !p->has_final)
			continue;	/* not unknown: said not delivered
					 * (a NUL abandoned the message) */
		q = p->rcpt.code / 100 != 2 ? &p->rcpt :
		    p->has_final ? &p->final : &p->rcpt;
		ok = p->rcpt.code / 100 == 2 && p->has_final &&
		    p->final.code / 100 == 2;
		codes_explain(&ex, q->code, q->enh[0] ? q->enh : NULL,
		    q == &p->rcpt ? VERB_RCPT : VERB_DATA_END, q->text,
		    strlen(q->text), 0);
		render_result(s->r, s->o->rcpts[i], ok, q->code, q->enh,
		    q->text, ex.basic, p->rcpt.code / 100 != 2 ||
		    p->has_final ? 0 : went ? RENDER_UNKNOWN :
		    RENDER_NOT_SENT);
	}
}

static int
send_8bit(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s > 127)
			return 1;
	return 0;
}

enum outcome
send_run(struct loop *loop, struct render *r, const struct send_opts *o)
{
	struct send	 s;
	char		 err[256];
	int		 i, st, ready = 0;

	memset(&s, 0, sizeof(s));
	s.loop = loop;
	s.r = r;
	s.o = o;
	s.oc = OUTCOME_OK;
	lathist_init(&s.lat);
	s.nconns = o->connections;
	s.bulk = o->count > 1 || o->connections > 1;
	if ((s.conns = calloc((size_t)s.nconns, sizeof(*s.conns))) == NULL ||
	    (s.first = calloc(o->nrcpts, sizeof(*s.first))) == NULL) {
		free(s.conns);
		return OUTCOME_INTERNAL;
	}
	/* UTF-8 in an address or a header needs SMTPUTF8 (RFC 6531) */
	s.utf8 = o->smtputf8 || send_8bit(o->from) ||
	    (message_8bit(o->msg) & MESSAGE_8BITHDR) != 0;
	for (i = 0; (size_t)i < o->nrcpts; i++)
		s.utf8 |= send_8bit(o->rcpts[i]);
	if (send_size(&s, err, sizeof(err)) == -1) {
		render_error(r, "%s", err);
		free(s.conns);
		free(s.first);
		return OUTCOME_INPUT_UNREADABLE;
	}
	for (i = 0; i < s.nconns; i++) {
		s.conns[i].s = &s;
		s.conns[i].id = i;
		s.conns[i].done = 1;	/* until set up */
	}
	for (i = 0; i < s.nconns; i++) {
		s.conns[i].done = 0;
		st = send_setup(&s.conns[i]);
		/* stopped as asked, with its QUIT still to be answered */
		if (st == 0 || (st == 1 && !s.conns[i].done &&
		    send_awaited(&s.conns[i]) > 0))
			ready++;
		else
			s.conns[i].done = 1;
		if (st == -1)
			break;
	}
	/* one connection that cannot be set up ends the run: no half load */
	if (s.oc != OUTCOME_OK)
		ready = 0;
	s.t_start = loop_now_us();
	for (i = 0; i < s.nconns && s.oc == OUTCOME_OK; i++)
		if (!s.conns[i].done && s.conns[i].c != NULL &&
		    send_awaited(&s.conns[i]) == 0)
			send_start(&s.conns[i]);
	while (ready > 0 && send_pump(&s)) {
		if (loop_once(loop, send_backlog(&s) ? loop_now() :
		    send_poll_until(&s)) == -1 &&
		    errno != EINTR) {
			render_error(r, "poll: %s", strerror(errno));
			send_fail(&s, OUTCOME_INTERNAL);
			break;
		}
	}
	send_progress(&s, 1);
	if (!s.bulk)
		send_report_rcpts(&s);
	if (s.sent > 0 && (s.bulk || o->count > 1)) {
		render_bulk(r, s.sent, s.ok, s.failed, s.acc, s.rej,
		    (double)(loop_now_us() - s.t_start) / 1e6, send_pct(&s, 0.5),
		    send_pct(&s, 0.9), send_pct(&s, 0.99), send_pct(&s, 1));
	}
	if (s.oc == OUTCOME_OK && (s.failed > 0 ||
	    (o->all_recipients && s.rej > 0)))
		send_fail(&s, s.worst == 4 ? OUTCOME_REJECTED_TEMPORARY :
		    OUTCOME_REJECTED_PERMANENT);
	for (i = 0; i < s.nconns; i++)
		send_conn_free(&s.conns[i]);
	free(s.conns);
	free(s.first);
	return s.oc;
}
