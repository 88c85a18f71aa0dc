/*
 * probe.c: the probe state machine.  Each step has its own deadline; a
 * failure ends the probe with the step it happened in and why, never the
 * run.  Replies go through the same bounded framer as sessions.
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"
#include "reply.h"
#include "session.h"
#include "transport.h"

#define PROBE_IN	4096
#define PROBE_OUT	600
#define PROBE_QUIT_MS	2000	/* the 221 is a courtesy: wait briefly */

struct probe {
	struct loop		*loop;
	struct addr		 addr;
	const char		*helo;
	int			 timeout;
	int			 fd;
	struct transport	*t;	/* TLS, after the handshake starts */
	struct probe_tls	 tls;	/* tls.wrap NULL: no TLS */
	int			 want;	/* POLLIN/POLLOUT the handshake wants */
	int			 started;
	enum probe_state	 state;
	long long		 deadline;
	struct timespec		 t0;
	struct reply_parser	*rp;
	struct session		*sess;	/* pairs replies with what went */
	unsigned long long	 qtotal, wtotal;
	char			 in[PROBE_IN];
	size_t			 inlen;
	char			 out[PROBE_OUT];
	size_t			 outlen;
	struct probe_result	 res;
};

/* One table for the states: the name, and what a timeout in it awaited. */
static const struct {
	const char	*name;
	const char	*awaits;
} probe_state_names[] = {
	[PROBE_CONNECT] = { "connect", "connection" },
	[PROBE_GREETING] = { "greeting", "greeting" },
	[PROBE_EHLO] = { "ehlo", "reply to EHLO" },
	[PROBE_TLS] = { "tls", "reply to STARTTLS" },
	[PROBE_HANDSHAKE] = { "handshake", "TLS handshake" },
	[PROBE_QUIT] = { "quit", "reply to QUIT" },
	[PROBE_DONE] = { "done", "end" },
};
_Static_assert(sizeof(probe_state_names) / sizeof(probe_state_names[0]) ==
    PROBE_STATE_MAX, "probe_state_names must cover every state");

const char *
probe_state_name(enum probe_state s)
{
	return s < PROBE_STATE_MAX ? probe_state_names[s].name : "?";
}

static void	probe_ready(void *, int, int);

struct probe *
probe_new(struct loop *loop, const struct addr *a, const char *helo,
    int timeout, const struct probe_tls *tls)
{
	struct probe	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->loop = loop;
	p->addr = *a;
	p->helo = helo;
	p->timeout = timeout;
	p->fd = -1;
	p->res.connect_ms = -1;
	p->res.failed_in = PROBE_DONE;
	if (tls != NULL)
		p->tls = *tls;
	p->res.tls_note = p->tls.wrap != NULL ? "not reached" : "not probed";
	return p;
}

/* Close everything; the result stays. */
static void
probe_finish(struct probe *p)
{
	if (p->fd != -1) {
		loop_del(p->loop, p->fd);
		if (p->t != NULL)
			transport_close(p->t);	/* closes fd too */
		else
			close(p->fd);
		p->t = NULL;
		p->fd = -1;
	}
	reply_free(p->rp);
	p->rp = NULL;
	session_free(p->sess);
	p->sess = NULL;
	p->state = PROBE_DONE;
}

void
probe_free(struct probe *p)
{
	if (p == NULL)
		return;
	probe_finish(p);
	free(p);
}

const struct probe_result *
probe_result(const struct probe *p)
{
	return &p->res;
}

const struct addr *
probe_addr(const struct probe *p)
{
	return &p->addr;
}

static void
probe_fail(struct probe *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
probe_fail(struct probe *p, const char *fmt, ...)
{
	va_list	 ap;

	if (p->state == PROBE_QUIT) {
		/* the QUIT is a courtesy: a reset then is no failure */
		probe_finish(p);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->res.err, sizeof(p->res.err), fmt, ap);
	va_end(ap);
	p->res.failed_in = p->state;
	probe_finish(p);
}

static void
probe_watch(struct probe *p)
{
	int	 ev = POLLIN;

	if (p->state == PROBE_HANDSHAKE)
		ev = p->want;
	else if (p->state == PROBE_CONNECT || p->outlen > 0)
		ev |= POLLOUT;
	if (loop_set(p->loop, p->fd, ev, probe_ready, p) == -1)
		probe_fail(p, "too many connections at once");
}

/* Enter state s with a fresh deadline. */
static void
probe_enter(struct probe *p, enum probe_state s, long long ms)
{
	p->state = s;
	p->deadline = loop_now() + ms;
}

static void
probe_send(struct probe *p, const char *line, enum probe_state next)
{
	enum verb	 v;
	int		 n;

	n = snprintf(p->out + p->outlen, sizeof(p->out) - p->outlen, "%s\r\n",
	    line);
	if (n < 0 || (size_t)n >= sizeof(p->out) - p->outlen) {
		probe_fail(p, "internal error: line too long");
		return;
	}
	p->outlen += (size_t)n;
	p->qtotal += (unsigned long long)n;
	/* its reply is paired only once it went (never one stacked) */
	if (session_sent_at(p->sess, line, strlen(line), NULL, p->qtotal,
	    &v) == -1) {
		probe_fail(p, "internal error: too many commands");
		return;
	}
	probe_enter(p, next, next == PROBE_QUIT ? PROBE_QUIT_MS :
	    p->timeout * 1000LL);
	probe_watch(p);
}

static void
probe_quit(struct probe *p)
{
	probe_send(p, "QUIT", PROBE_QUIT);
}

/* The TLS step: STARTTLS when offered, else straight to QUIT. */
static void
probe_tls(struct probe *p)
{
	if (p->tls.wrap == NULL || !p->res.starttls) {
		p->res.tls_note = p->tls.wrap == NULL ? "not probed" :
		    "STARTTLS not offered";
		probe_quit(p);
		return;
	}
	probe_send(p, "STARTTLS", PROBE_TLS);
}

/* Step the handshake; on completion record the facts and QUIT in TLS. */
static void
probe_handshake(struct probe *p)
{
	int	 r;

	if ((r = transport_handshake(p->t)) == 0) {
		session_tls_started(p->sess);
		if (p->tls.done != NULL)
			p->tls.done(p->tls.arg, p->t);
		p->res.tls_probed = 1;
		p->res.tls_note = "";
		probe_quit(p);
		return;
	}
	if (r == TRANSPORT_ERROR) {
		snprintf(p->res.tls_err, sizeof(p->res.tls_err), "%s",
		    transport_error(p->t));
		p->res.tls_note = "handshake failed";
		probe_fail(p, "%s", p->res.tls_err);
		return;
	}
	p->want = r == TRANSPORT_WANT_READ ? POLLIN : POLLOUT;
	probe_watch(p);
}

/* A 220 to STARTTLS with nothing behind it: wrap the socket in TLS. */
static void
probe_starttls(struct probe *p, size_t left)
{
	struct transport	*inner;
	char			 err[256];

	if (left > 0) {
		p->res.tls_note = "response injection";
		probe_fail(p, "protocol violation: %zu bytes after the 220 to "
		    "STARTTLS (response injection)", left);
		return;
	}
	loop_del(p->loop, p->fd);
	if ((inner = transport_fd(p->fd, -1)) == NULL) {
		p->fd = -1;			/* transport_fd() closed it */
		probe_fail(p, "out of memory");
		return;
	}
	if ((p->t = p->tls.wrap(p->tls.arg, inner, err, sizeof(err))) ==
	    NULL) {
		transport_close(inner);		/* closes the fd */
		p->fd = -1;
		probe_fail(p, "%s", err);
		return;
	}
	p->inlen = 0;
	probe_enter(p, PROBE_HANDSHAKE, p->timeout * 1000LL);
	probe_handshake(p);
}

static void
probe_ehlo(struct probe *p)
{
	struct addr	 a;
	char		 line[300];
	int		 ok;

	memset(&a, 0, sizeof(a));
	a.len = sizeof(a.ss);
	ok = p->helo == NULL &&
	    getsockname(p->fd, (struct sockaddr *)&a.ss, &a.len) == 0;
	addr_ehlo_line(ok ? &a : NULL, "EHLO", p->helo, line, sizeof(line));
	probe_send(p, line, PROBE_EHLO);
}

static void
probe_reply(struct probe *p, const struct reply *r, size_t left)
{
	struct sess_result	 res;
	const char		*t;
	size_t			 len;

	session_reply(p->sess, r, &res);
	if (res.flags & SESS_R_VIOLATION) {
		if (res.flags & SESS_R_EARLY)
			probe_fail(p, "protocol violation: a %d reply to %s "
			    "before it was sent (replies stacked in advance)",
			    r->code, verb_name(res.verb));
		else
			probe_fail(p, "protocol violation: a %d reply to "
			    "nothing", r->code);
		return;
	}
	switch (p->state) {
	case PROBE_GREETING:
		p->res.greeting = r->code;
		t = reply_line_text(r, 0, &len);
		if (len >= sizeof(p->res.banner))
			len = sizeof(p->res.banner) - 1;
		memcpy(p->res.banner, t, len);
		p->res.banner[len] = '\0';
		p->res.banner_len = len;
		if (r->code / 100 != 2) {
			snprintf(p->res.err, sizeof(p->res.err), "greeting %d, "
			    "not 2xx", r->code);
			p->res.failed_in = PROBE_GREETING;
			probe_quit(p);
			return;
		}
		p->res.ok = 1;
		probe_ehlo(p);
		break;
	case PROBE_EHLO:
		p->res.ehlo = r->code;
		if (r->code == 250) {
			caps_parse(&p->res.caps, r);
			p->res.starttls = caps_find(&p->res.caps,
			    "STARTTLS") != NULL;
		}
		probe_tls(p);
		break;
	case PROBE_TLS:
		if (r->code == 220) {
			probe_starttls(p, left);
			break;
		}
		p->res.tls_note = r->code / 100 == 4 ?
		    "STARTTLS refused for now (4xx)" : "STARTTLS refused";
		probe_quit(p);
		break;
	case PROBE_QUIT:
		probe_finish(p);
		break;
	default:
		probe_fail(p, "protocol violation: a %d reply to nothing",
		    r->code);
		break;
	}
}

static void
probe_connected(struct probe *p)
{
	struct timespec	 t1;
	int		 soerr;

	if ((soerr = transport_connected(p->fd)) != 0) {
		probe_fail(p, "%s", strerror(soerr));
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	p->res.connect_ms = (double)(t1.tv_sec - p->t0.tv_sec) * 1000.0 +
	    (double)(t1.tv_nsec - p->t0.tv_nsec) / 1e6;
	probe_enter(p, PROBE_GREETING, p->timeout * 1000LL);
	probe_watch(p);
}

static void
probe_read(struct probe *p)
{
	enum reply_status	 st;
	ssize_t			 n;
	size_t			 off = 0, used;

	if (p->inlen == sizeof(p->in)) {
		probe_fail(p, "protocol violation: reply too long");
		return;
	}
	if (p->t != NULL) {
		n = transport_read(p->t, p->in + p->inlen,
		    sizeof(p->in) - p->inlen);
		if (n == TRANSPORT_WANT_READ || n == TRANSPORT_WANT_WRITE)
			return;
		if (n == TRANSPORT_ERROR) {
			probe_fail(p, "%s", transport_error(p->t));
			return;
		}
	} else if ((n = read(p->fd, p->in + p->inlen,
	    sizeof(p->in) - p->inlen)) == -1) {
		if (errno != EAGAIN && errno != EINTR)
			probe_fail(p, "%s", strerror(errno));
		return;
	}
	if (n == 0) {
		if (p->state == PROBE_QUIT)
			probe_finish(p);
		else
			probe_fail(p, "connection closed by the server");
		return;
	}
	p->inlen += (size_t)n;
	while (off < p->inlen && p->state != PROBE_DONE) {
		st = reply_feed(p->rp, p->in + off, p->inlen - off, &used);
		off += used;
		if (st == REPLY_MORE)
			break;
		if (st != REPLY_READY) {
			probe_fail(p, "protocol violation: %s",
			    reply_error(p->rp));
			return;
		}
		probe_reply(p, reply_get(p->rp), p->inlen - off);
		/*
		 * STARTTLS took over (probe_starttls() emptied the buffer):
		 * whatever the handshake's state now, nothing is left here.
		 */
		if (p->t != NULL && p->inlen == 0)
			return;
	}
	if (p->state == PROBE_DONE)
		return;
	memmove(p->in, p->in + off, p->inlen - off);
	p->inlen -= off;
}

static void
probe_write(struct probe *p)
{
	ssize_t	 n;

	if (p->t != NULL) {
		n = transport_write(p->t, p->out, p->outlen);
		if (n == TRANSPORT_WANT_READ || n == TRANSPORT_WANT_WRITE)
			return;
		if (n < 0) {
			probe_fail(p, "%s", transport_error(p->t));
			return;
		}
	} else if ((n = write(p->fd, p->out, p->outlen)) == -1) {
		if (errno != EAGAIN && errno != EINTR)
			probe_fail(p, "%s", strerror(errno));
		return;
	}
	memmove(p->out, p->out + n, p->outlen - (size_t)n);
	p->outlen -= (size_t)n;
	p->wtotal += (unsigned long long)n;
	session_written(p->sess, p->wtotal);
}

static void
probe_ready(void *arg, int fd, int revents)
{
	struct probe	*p = arg;

	(void)fd;
	if (p->state == PROBE_CONNECT) {
		probe_connected(p);
		return;
	}
	if (p->state == PROBE_HANDSHAKE) {
		probe_handshake(p);
		return;
	}
	if ((revents & POLLOUT) && p->outlen > 0)
		probe_write(p);
	if (p->state != PROBE_DONE && (revents & (POLLIN | POLLHUP | POLLERR)))
		probe_read(p);
	if (p->state != PROBE_DONE)
		probe_watch(p);
}

static void
probe_start(struct probe *p)
{
	const char	*what;

	p->started = 1;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	probe_enter(p, PROBE_CONNECT, p->timeout * 1000LL);
	if ((p->rp = reply_new()) == NULL ||
	    (p->sess = session_new()) == NULL) {
		probe_fail(p, "out of memory");
		return;
	}
	if ((p->fd = transport_connect(&p->addr.ss, p->addr.len, NULL, 0,
	    &what)) == -1) {
		probe_fail(p, "%s%s", strcmp(what, "socket") == 0 ?
		    "socket: " : "", strerror(errno));
		return;
	}
	probe_watch(p);
}

/* A step ran out of time. */
static void
probe_expire(struct probe *p)
{
	if (p->state == PROBE_QUIT) {
		probe_finish(p);	/* no 221: still a good probe */
		return;
	}
	/* never PROBE_DONE here: probe_run() expires only live probes */
	p->res.timed_out = 1;
	probe_fail(p, "timeout after %d s waiting for the %s", p->timeout,
	    probe_state_names[p->state].awaits);
}

void
probe_run(struct loop *loop, struct probe **pv, size_t n, size_t parallel)
{
	size_t		 i, next = 0, active;
	long long	 d, now;

	for (;;) {
		active = 0;
		for (i = 0; i < next; i++)
			if (pv[i]->state != PROBE_DONE)
				active++;
		while (active < parallel && next < n) {
			probe_start(pv[next]);
			if (pv[next++]->state != PROBE_DONE)
				active++;
		}
		if (active == 0)
			break;
		d = -1;
		for (i = 0; i < next; i++)
			if (pv[i]->state != PROBE_DONE &&
			    (d < 0 || pv[i]->deadline < d))
				d = pv[i]->deadline;
		if (loop_once(loop, d) == -1 && errno != EINTR)
			break;
		now = loop_now();
		for (i = 0; i < next; i++)
			if (pv[i]->state != PROBE_DONE &&
			    now >= pv[i]->deadline)
				probe_expire(pv[i]);
	}
	/* a poll failure must not leave sockets behind */
	for (i = 0; i < n; i++)
		if (pv[i]->state != PROBE_DONE) {
			if (!pv[i]->started)
				pv[i]->state = PROBE_CONNECT;
			probe_fail(pv[i], "poll failed");
		}
}
