/*
 * client.c: drives one SMTP connection inside the poll loop.  Bytes read
 * are framed into replies at once and handed to the session, so an
 * unsolicited 421 is seen whenever it arrives; bytes behind a 220 to
 * STARTTLS are never parsed as replies (response injection).
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "mask.h"
#include "outq.h"

#define CLIENT_INBUF	16384
#define CLIENT_OUT_HIGH	(256 * 1024)	/* flush data beyond this */
#define CLIENT_LINES_HIGH 4096		/* and lines to show beyond this */
#define CLIENT_READ_MAX	(64 * 1024)	/* read per poll event at most */
#define CLIENT_LINGER_MS 2000		/* after a failed write, read */

struct client {
	struct loop		*loop;
	client_event_cb		*cb;
	void			*cbarg;
	struct transport	*t;
	struct reply_parser	*rp;
	struct session		*sess;
	char			 in[CLIENT_INBUF];
	size_t			 inlen;
	struct outq		*oq;		/* what goes, what it shows */
	int			 refused;	/* the server refused the data */
	int			 readmore;	/* a read stopped at its bound */
	int			 lingered;	/* read after a failed write */
	unsigned long		 nreplies;
	int			 lastcode;
	char			 lastenh[REPLY_ENH_MAX];
	char			 lasttext[REPLY_LINE_KEEP + 1];
	size_t			 lasttextlen;
	int			 eof, ioerr, proto, werr, tlswait;
	int			 injected;
	int			 tlsfailed;	/* the TLS layer broke */
	int			 connected;	/* connect attempt done */
	int			 tlsdone;	/* a handshake completed */
	int			 hsready;	/* handshake poll event seen */
	int			 has_source;	/* --source: bind first */
	struct addr		 source;
	char			 err[512];
};

static void	client_ready(void *, int, int);

static void
client_emit(struct client *c, enum client_ev type, const char *text,
    size_t len)
{
	struct client_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.text = text;
	ev.len = len;
	ev.secure = c->t != NULL && c->t->secure;
	c->cb(c->cbarg, &ev);
}

static void
client_msg(struct client *c, enum client_ev type, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	client_emit(c, type, buf, strlen(buf));
}

static void
client_fail(struct client *c, int *flag, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	*flag = 1;
}

struct client *
client_new(struct loop *loop, client_event_cb *cb, void *arg)
{
	struct client	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->loop = loop;
	c->cb = cb;
	c->cbarg = arg;
	if ((c->rp = reply_new()) == NULL ||
	    (c->sess = session_new()) == NULL ||
	    (c->oq = outq_new()) == NULL) {
		reply_free(c->rp);
		session_free(c->sess);
		free(c);
		return NULL;
	}
	return c;
}

struct client *
client_new_like(const struct client *c)
{
	struct client	*n;

	if ((n = client_new(c->loop, c->cb, c->cbarg)) != NULL &&
	    c->has_source)
		client_set_source(n, &c->source);
	return n;
}

void
client_set_source(struct client *c, const struct addr *src)
{
	c->has_source = src != NULL;
	if (src != NULL)
		c->source = *src;
}

/*
 * What to bind before connecting to a: the source, made the wildcard
 * address of a's family when only a port was given.  NULL: no bind.
 * -1 when the source's family is not a's.
 */
static int
client_bind_addr(const struct client *c, const struct addr *a,
    struct addr *b)
{
	if (!c->has_source)
		return 0;
	if (c->source.ss.ss_family == AF_UNSPEC)
		return addr_literal(a->ss.ss_family == AF_INET6 ? "::" :
		    a->ss.ss_family == AF_INET ? "0.0.0.0" : "", addr_port(
		    &c->source), b) == 0 ? 1 : -1;
	if (c->source.ss.ss_family != a->ss.ss_family)
		return -1;
	*b = c->source;
	return 1;
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	if (c->t != NULL) {
		loop_del(c->loop, c->t->fd);
		transport_close(c->t);
	}
	reply_free(c->rp);
	session_free(c->sess);
	outq_free(c->oq);
	free(c);
}

static void
client_watch(struct client *c)
{
	int	 ev = 0;

	if (c->t == NULL)
		return;
	if (!c->eof && !c->ioerr && !c->proto)
		ev |= POLLIN;
	if (outq_octets(c->oq) > 0 && !c->werr && !c->proto)
		ev |= POLLOUT;
	(void)loop_set(c->loop, c->t->fd, ev, client_ready, c);
}

void
client_attach(struct client *c, struct transport *t)
{
	c->t = t;
	c->connected = 1;
	client_watch(c);
}

void
client_set_prelude(struct client *c, int on)
{
	reply_set_prelude(c->rp, on);
}

static void
client_connected_cb(void *arg, int fd, int revents)
{
	struct client	*c = arg;

	(void)fd;
	(void)revents;
	c->connected = 1;
}

/* Connected to as: the event, with the local address when bound. */
static void
client_connected(struct client *c, const char *as)
{
	struct client_event	 ev;
	struct addr		 l;
	char			 ls[128];

	memset(&ev, 0, sizeof(ev));
	ev.type = CLIENT_EV_CONNECT;
	ev.text = as;
	ev.len = strlen(as);
	l.len = sizeof(l.ss);
	if (c->has_source && getsockname(c->t->fd, (struct sockaddr *)&l.ss,
	    &l.len) == 0)
		ev.local = addr_str(&l, ls, sizeof(ls));
	c->cb(c->cbarg, &ev);
	client_watch(c);
}

int
client_connect(struct client *c, const struct addr *a, size_t n,
    int timeout)
{
	char		 as[128];
	size_t		 i;
	int		 fd, soerr, bound;
	const char	*what;
	long long	 deadline;
	struct addr	 b;

	for (i = 0; i < n; i++) {
		addr_str(&a[i], as, sizeof(as));
		client_msg(c, CLIENT_EV_INFO, "Trying %s...", as);
		if ((bound = client_bind_addr(c, &a[i], &b)) == -1) {
			client_msg(c, CLIENT_EV_ERROR, "%s: not of the "
			    "--source address's family", as);
			continue;
		}
		if ((fd = transport_connect(&a[i].ss, a[i].len,
		    bound ? &b.ss : NULL, b.len, &what)) == -1) {
			/* a failed socket() is named, a failed connect() not */
			client_msg(c, CLIENT_EV_ERROR, "%s: %s%s%s", as,
			    strcmp(what, "connect") != 0 ? what : "",
			    strcmp(what, "connect") != 0 ? ": " : "",
			    strerror(errno));
			continue;
		}
		c->connected = 0;
		deadline = loop_now() + timeout * 1000LL;
		if (loop_set(c->loop, fd, POLLOUT, client_connected_cb, c) == -1) {
			close(fd);
			continue;
		}
		while (!c->connected && loop_now() < deadline &&
		    !loop_interrupted(c->loop))
			if (loop_once(c->loop, deadline) == -1)
				break;
		loop_del(c->loop, fd);
		if (!c->connected && loop_interrupted(c->loop)) {
			close(fd);
			snprintf(c->err, sizeof(c->err), "interrupted");
			return -1;
		}
		if (!c->connected) {
			client_msg(c, CLIENT_EV_ERROR, "%s: connection timed "
			    "out after %d s", as, timeout);
			close(fd);
			continue;
		}
		if ((soerr = transport_connected(fd)) != 0) {
			client_msg(c, CLIENT_EV_ERROR, "%s: %s", as,
			    strerror(soerr));
			close(fd);
			continue;
		}
		if ((c->t = transport_fd(fd, -1)) == NULL) {
			snprintf(c->err, sizeof(c->err), "out of memory");
			return -1;
		}
		client_connected(c, as);
		return 0;
	}
	snprintf(c->err, sizeof(c->err), "no address could be connected to");
	return -1;
}

static int
client_queue(struct client *c, const char *buf, size_t len)
{
	if (outq_put(c->oq, buf, len) == -1)
		return -1;
	client_watch(c);
	return 0;
}

/* A line written: the transcript shows it now. */
static void
client_show(void *arg, int type, const char *text, size_t len)
{
	client_emit(arg, (enum client_ev)type, text, len);
}

/*
 * Bytes after a 220 to STARTTLS and before the handshake are response
 * injection (CVE-2021-22947, "NO STARTTLS"): never parsed, shown escaped.
 */
static void
client_injected(struct client *c)
{
	char	 q[80];

	reply_quote(q, sizeof(q), c->in, c->inlen);
	client_fail(c, &c->proto, "protocol violation: %zu byte%s after the "
	    "220 to STARTTLS, before the TLS handshake (response "
	    "injection): \"%s\"", c->inlen, c->inlen == 1 ? "" : "s", q);
	c->injected = 1;
	c->inlen = 0;
}

/*
 * What the session said of a reply that the client must act on: a
 * violation stops everything (nothing more is written, and what was
 * queued is never shown as sent); the server refusing the message
 * before its end stops the data.
 */
static void
client_paired(struct client *c, const struct reply *r,
    const struct sess_result *res)
{
	if (res->flags & SESS_R_AFTER_421)
		client_fail(c, &c->proto, "protocol violation: a %d reply "
		    "after the server's 421 (it said it was closing)",
		    r->code);
	else if ((res->flags & (SESS_R_EARLY | SESS_R_VIOLATION)) ==
	    (SESS_R_EARLY | SESS_R_VIOLATION))
		client_fail(c, &c->proto, "protocol violation: a %d reply "
		    "to %s before it was sent (replies stacked in advance)",
		    r->code, verb_name(res->verb));
	else if (res->flags & SESS_R_VIOLATION)
		client_fail(c, &c->proto, "protocol violation: a %d reply "
		    "to no command", r->code);
	else if ((res->flags & (SESS_R_EARLY | SESS_R_DATA_DONE)) ==
	    (SESS_R_EARLY | SESS_R_DATA_DONE)) {
		snprintf(c->err, sizeof(c->err), "the server refused the "
		    "message (%d) before its end", r->code);
		c->refused = 1;
		c->werr = 1;
	} else
		return;
	/* nothing more is written; what was queued is never shown */
	outq_drop(c->oq);
}

/* Frame what is buffered into replies and hand them to the session. */
static void
client_parse(struct client *c)
{
	struct client_event	 ev;
	enum reply_status	 st;
	size_t			 off = 0, used;
	const char		*noise, *t;
	size_t			 tlen;
	const struct reply	*r;

	while (off < c->inlen && !c->proto && !c->tlswait) {
		st = reply_feed(c->rp, c->in + off, c->inlen - off, &used);
		off += used;
		if (st == REPLY_MORE)
			break;
		if (st == REPLY_ERROR) {
			client_fail(c, &c->proto, "protocol violation: %s",
			    reply_error(c->rp));
			break;
		}
		if (st == REPLY_NOISE) {
			noise = reply_noise(c->rp, &used);
			client_emit(c, CLIENT_EV_NOISE, noise, used);
			continue;
		}
		r = reply_get(c->rp);
		memset(&ev, 0, sizeof(ev));
		ev.type = CLIENT_EV_REPLY;
		ev.secure = c->t->secure;
		ev.reply = r;
		session_reply(c->sess, r, &ev.res);
		ev.caps = session_caps(c->sess);
		c->nreplies++;
		/* "the last reply" is the last one paired, or a 421 */
		if (!(ev.res.flags & SESS_R_VIOLATION)) {
			c->lastcode = r->code;
			memcpy(c->lastenh, r->enhanced, sizeof(c->lastenh));
			t = reply_line_text(r, 0, &tlen);
			c->lasttextlen = tlen < sizeof(c->lasttext) ? tlen :
			    sizeof(c->lasttext) - 1;
			memcpy(c->lasttext, t, c->lasttextlen);
			c->lasttext[c->lasttextlen] = '\0';
		}
		if (ev.res.verb == VERB_GREETING)
			reply_set_prelude(c->rp, 0);
		c->cb(c->cbarg, &ev);
		client_paired(c, r, &ev.res);
		if (ev.res.flags & SESS_R_TLS_GO)
			c->tlswait = 1;
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
	if (c->tlswait && c->inlen > 0)
		client_injected(c);
}

/*
 * Read until the transport would block: TLS keeps decrypted bytes that
 * poll(2) cannot see, so one read per readable event is not enough.
 */
static void
client_do_read(struct client *c)
{
	ssize_t	 n;
	size_t	 total = 0;

	c->readmore = 0;
	while (!c->eof && !c->ioerr && !c->proto && !c->tlswait &&
	    c->inlen < sizeof(c->in)) {
		if (total >= CLIENT_READ_MAX) {
			/* back to the loop: deadlines and ^C are checked */
			c->readmore = 1;
			return;
		}
		n = transport_read(c->t, c->in + c->inlen,
		    sizeof(c->in) - c->inlen);
		if (n == TRANSPORT_WANT_READ || n == TRANSPORT_WANT_WRITE)
			return;
		if (n == TRANSPORT_ERROR) {
			/* bytes that are not TLS records: a violation */
			c->tlsfailed = c->t->tlserr;
			client_fail(c, c->tlsfailed ? &c->proto : &c->ioerr,
			    "%s", transport_error(c->t));
			return;
		}
		if (n == 0) {
			c->eof = 1;
			if (reply_partial(c->rp) || c->inlen > 0)
				snprintf(c->err, sizeof(c->err), "connection "
				    "closed by the server in the middle of a "
				    "reply");
			else
				snprintf(c->err, sizeof(c->err), "connection "
				    "closed by the server");
			return;
		}
		c->inlen += (size_t)n;
		total += (size_t)n;
		client_parse(c);
	}
	/* after a 220 to STARTTLS any byte at all is injection */
	if (c->tlswait && !c->proto) {
		n = transport_read(c->t, c->in, sizeof(c->in));
		if (n > 0) {
			c->inlen = (size_t)n;
			client_injected(c);
		} else if (n == 0) {
			c->eof = 1;
			snprintf(c->err, sizeof(c->err), "connection closed "
			    "by the server after its 220 to STARTTLS");
		} else if (n == TRANSPORT_ERROR)
			client_fail(c, &c->ioerr, "%s", transport_error(c->t));
	}
}

static void
client_do_write(struct client *c)
{
	const char	*p;
	size_t		 len;
	ssize_t		 n;

	p = outq_pending(c->oq, &len);
	if (len == 0 || c->werr)
		return;
	n = transport_write(c->t, p, len);
	if (n == TRANSPORT_WANT_READ || n == TRANSPORT_WANT_WRITE)
		return;
	if (n < 0) {
		c->werr = 1;
		outq_drop(c->oq);	/* never shown as sent */
		client_msg(c, CLIENT_EV_ERROR, "%s; reading what the server "
		    "said last", transport_error(c->t));
		return;
	}
	session_written(c->sess, outq_done(c->oq) + (unsigned long long)n);
	outq_written(c->oq, (size_t)n, client_show, c);
}

static void
client_ready(void *arg, int fd, int revents)
{
	struct client	*c = arg;

	(void)fd;
	if (revents & (POLLOUT | POLLERR))
		client_do_write(c);
	if (revents & (POLLIN | POLLHUP | POLLERR))
		client_do_read(c);
	client_watch(c);
}

/*
 * What the transcript shows of a line: SASL material is replaced by the
 * AUTH exchange it belongs to (mask.h), so secrets never reach a
 * transcript, JSON, a /save file or a log.  open and due are the
 * session's before the line was recorded.  It is shown once the line is
 * written.  0, or -1 when out of memory.
 */
static int
client_mark_sent(struct client *c, int open, int due, const char *line,
    size_t len)
{
	char		*buf;
	size_t		 keep, n;
	int		 r;

	if (!mask_view(open, due, line, len, &keep))
		return outq_line(c->oq, CLIENT_EV_SENT, line, len, 0);
	n = keep + 1 + sizeof(MASK_HIDDEN);
	if ((buf = malloc(n)) == NULL)
		return -1;
	snprintf(buf, n, "%.*s%s%s", (int)keep, line, keep > 0 ? " " : "",
	    MASK_HIDDEN);
	r = outq_line(c->oq, CLIENT_EV_SENT, buf, strlen(buf), 0);
	free(buf);
	return r;
}

int
client_send_line(struct client *c, const char *line, size_t len,
    enum verb *v)
{
	return client_send_line_tag(c, line, len, NULL, v);
}

int
client_send_line_tag(struct client *c, const char *line, size_t len,
    const struct sess_tag *tag, enum verb *v)
{
	int	 open, due;

	if (c->tlswait) {
		/* RFC 3207: nothing but the handshake after the 220 */
		snprintf(c->err, sizeof(c->err), "nothing may be sent after "
		    "the 220 to STARTTLS but the TLS handshake");
		return -1;
	}
	if (c->proto) {
		/* after a violation nothing more goes: c->err says why */
		return -1;
	}
	open = session_auth_open(c->sess);
	due = session_state(c->sess) == SESS_AUTH;
	outq_close(c->oq);
	/* after a failed write it is recorded (the reply never comes, and
	 * waiting for it reads what the server said) but never shown */
	if (session_sent_at(c->sess, line, len, tag, c->werr ? ~0ULL :
	    outq_total(c->oq) + len + 2, v) == -1) {
		snprintf(c->err, sizeof(c->err), "too many commands awaiting "
		    "replies");
		return -1;
	}
	if (!c->werr && (client_queue(c, line, len) == -1 ||
	    client_queue(c, "\r\n", 2) == -1)) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	if (!c->werr && client_mark_sent(c, open, due, line, len) == -1) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	return 0;
}

int
client_status(const struct client *c)
{
	if (c->proto)
		return CLIENT_PROTO;
	if (c->ioerr)
		return CLIENT_IOERR;
	if (c->eof)
		return CLIENT_CLOSED;
	return CLIENT_OK;
}

/*
 * One turn of the loop for c: when its last read stopped at the bound
 * (TLS may hold decrypted octets that poll(2) cannot see), read on now;
 * else wait in poll(2) by the deadline.  -1 on a poll error.
 */
static int
client_turn(struct client *c, long long deadline)
{
	if (c->readmore && c->t != NULL) {
		client_do_read(c);
		client_watch(c);
		return 0;
	}
	return loop_once(c->loop, deadline);
}

int
client_backlog(struct client *c)
{
	if (!c->readmore || c->t == NULL || client_gone(c))
		return 0;
	client_do_read(c);
	client_watch(c);
	return 1;
}

/*
 * A write failed (the server reset or closed): before anyone decides,
 * read what the server said until it closes, briefly.
 */
static void
client_linger(struct client *c, long long deadline)
{
	long long	 until = loop_now() + CLIENT_LINGER_MS;

	if (c->lingered || !c->werr)
		return;
	c->lingered = 1;
	if (deadline >= 0 && deadline < until)
		until = deadline;
	while (!c->eof && !c->ioerr && !c->proto && !c->tlswait &&
	    !loop_interrupted(c->loop) && loop_now() < until)
		if (client_turn(c, until) == -1)
			break;
}

/* Write until no more than low octets are queued, by the deadline. */
static int
client_flush_to(struct client *c, long long deadline, size_t low)
{
	int	 st;

	while (outq_octets(c->oq) > low && !c->werr) {
		if ((st = client_status(c)) != CLIENT_OK)
			return st;
		if (loop_interrupted(c->loop)) {
			snprintf(c->err, sizeof(c->err), "interrupted");
			return CLIENT_INTR;
		}
		if (deadline >= 0 && loop_now() >= deadline) {
			snprintf(c->err, sizeof(c->err), "timeout: the server "
			    "accepted no data for too long");
			return CLIENT_TIMEOUT;
		}
		if (client_turn(c, deadline) == -1) {
			snprintf(c->err, sizeof(c->err), "poll: %s",
			    strerror(errno));
			return CLIENT_IOERR;
		}
	}
	if (c->werr) {
		client_linger(c, deadline);
		return c->proto ? CLIENT_PROTO : CLIENT_CLOSED;
	}
	return client_status(c) == CLIENT_PROTO ? CLIENT_PROTO : CLIENT_OK;
}

int
client_flush(struct client *c, long long deadline)
{
	return client_flush_to(c, deadline, 0);
}

int
client_send_raw(struct client *c, const char *buf, size_t len, int timeout)
{
	long long	 d;
	int		 st;

	if (c->proto)
		return CLIENT_PROTO;
	d = loop_now() + 1000LL * (timeout > 0 ? timeout :
	    SESS_DATA_BLOCK_TIMEOUT);
	if (c->werr) {
		client_linger(c, d);
		return c->proto ? CLIENT_PROTO : CLIENT_CLOSED;
	}
	if (client_queue(c, buf, len) == -1) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return CLIENT_IOERR;
	}
	while (outq_octets(c->oq) > CLIENT_OUT_HIGH ||
	    outq_lines(c->oq) > CLIENT_LINES_HIGH) {
		/* the block timeout counts from the last progress */
		st = client_flush_to(c, loop_now() + 1000LL *
		    (timeout > 0 ? timeout : SESS_DATA_BLOCK_TIMEOUT),
		    outq_lines(c->oq) > CLIENT_LINES_HIGH ? 0 :
		    CLIENT_OUT_HIGH / 4);
		if (st != CLIENT_OK)
			return st;
	}
	return CLIENT_OK;
}

int
client_send_data_line(struct client *c, const char *shown, size_t shownlen,
    const char *bytes, size_t len, int timeout)
{
	if (c->proto)
		return CLIENT_PROTO;
	if (!c->werr && outq_line(c->oq, CLIENT_EV_DATA, shown, shownlen,
	    1) == -1) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return CLIENT_IOERR;
	}
	return client_send_raw(c, bytes, len, timeout);
}

int
client_note_written(struct client *c, const char *text)
{
	if (c->werr || c->proto)
		return 0;
	outq_close(c->oq);
	if (outq_line(c->oq, CLIENT_EV_INFO, text, strlen(text), 0) == -1)
		return -1;
	/* nothing left to write: shown now */
	outq_written(c->oq, 0, client_show, c);
	return 0;
}

void
client_data_end(struct client *c)
{
	(void)client_data_end_tag(c, NULL);
}

int
client_data_end_tag(struct client *c, const struct sess_tag *tag)
{
	outq_close(c->oq);
	if (session_sent_data_end_at(c->sess, tag, c->werr ? ~0ULL :
	    outq_total(c->oq)) == -1) {
		snprintf(c->err, sizeof(c->err), "too many commands awaiting "
		    "replies");
		return -1;
	}
	return 0;
}

int
client_data_refused(const struct client *c)
{
	return c->refused;
}

int
client_wait(struct client *c, unsigned long target, long long deadline)
{
	int	 st;

	while (c->nreplies < target) {
		if ((st = client_status(c)) != CLIENT_OK)
			return st;
		if (c->tlswait) {
			snprintf(c->err, sizeof(c->err), "no reply can come "
			    "before the TLS handshake");
			return CLIENT_PROTO;
		}
		if (loop_interrupted(c->loop)) {
			snprintf(c->err, sizeof(c->err), "interrupted");
			return CLIENT_INTR;
		}
		if (deadline >= 0 && loop_now() >= deadline) {
			snprintf(c->err, sizeof(c->err), "timeout waiting "
			    "for the reply to %s",
			    verb_name(session_awaiting(c->sess)));
			return CLIENT_TIMEOUT;
		}
		if (client_turn(c, deadline) == -1) {
			snprintf(c->err, sizeof(c->err), "poll: %s",
			    strerror(errno));
			return CLIENT_IOERR;
		}
	}
	return CLIENT_OK;
}

int
client_command(struct client *c, const char *line, int timeout)
{
	long long	 deadline = loop_now() + 1000LL * timeout;
	unsigned long	 want = c->nreplies + 1;
	enum verb	 v;

	/* counted before the flush: the reply may come while it runs */
	if (client_send_line(c, line, strlen(line), &v) == -1 ||
	    client_flush(c, deadline) != CLIENT_OK ||
	    client_wait(c, want, deadline) != CLIENT_OK ||
	    c->proto)
		return -1;
	return c->lastcode;
}

unsigned long long
client_queued(const struct client *c)
{
	return outq_total(c->oq);
}

unsigned long long
client_written(const struct client *c)
{
	return outq_done(c->oq);
}

unsigned long
client_nreplies(const struct client *c)
{
	return c->nreplies;
}

int
client_last_code(const struct client *c)
{
	return c->lastcode;
}

const char *
client_last_enhanced(const struct client *c)
{
	return c->lastenh;
}

const char *
client_last_text(const struct client *c, size_t *len)
{
	*len = c->lasttextlen;
	return c->lasttext;
}

const char *
client_error(const struct client *c)
{
	return c->err;
}

struct session *
client_session(struct client *c)
{
	return c->sess;
}

int
client_gone(const struct client *c)
{
	return c->eof || c->ioerr || c->proto;
}

int
client_write_failed(const struct client *c)
{
	return c->werr;
}

int
client_local_addr(const struct client *c, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	a->len = sizeof(a->ss);
	if (c->t == NULL || getsockname(c->t->fd, (struct sockaddr *)&a->ss,
	    &a->len) == -1)
		return -1;
	return a->ss.ss_family == AF_INET || a->ss.ss_family == AF_INET6 ?
	    0 : -1;
}

int
client_secure(const struct client *c)
{
	return c->t != NULL && c->t->secure;
}

int
client_tls_pending(const struct client *c)
{
	return c->tlswait;
}

int
client_injection(const struct client *c)
{
	return c->injected;
}

int
client_tls_failed(const struct client *c)
{
	return c->tlsfailed;
}

static void
client_hs_cb(void *arg, int fd, int revents)
{
	struct client	*c = arg;

	(void)fd;
	(void)revents;
	c->hsready = 1;
}

int
client_starttls(struct client *c, transport_wrap_fn *wrap, void *arg,
    long long deadline)
{
	struct transport	*nt;
	struct client_event	 ev;
	int			 r, implicit;

	implicit = !c->tlswait;
	if (c->t == NULL || client_gone(c) || c->tlsdone ||
	    (implicit && (c->nreplies > 0 || c->inlen > 0))) {
		snprintf(c->err, sizeof(c->err), "TLS can start only right "
		    "after connecting or after a 220 to STARTTLS");
		return CLIENT_PROTO;
	}
	loop_del(c->loop, c->t->fd);
	if ((nt = wrap(arg, c->t, c->err, sizeof(c->err))) == NULL) {
		c->ioerr = 1;
		return CLIENT_TLS;
	}
	c->t = nt;
	while ((r = transport_handshake(nt)) != 0) {
		if (r == TRANSPORT_ERROR) {
			client_fail(c, &c->ioerr, "%s", transport_error(nt));
			return CLIENT_TLS;
		}
		if (deadline >= 0 && loop_now() >= deadline) {
			client_fail(c, &c->ioerr, "TLS handshake timed out");
			return CLIENT_TIMEOUT;
		}
		c->hsready = 0;
		if (loop_set(c->loop, nt->fd, r == TRANSPORT_WANT_READ ?
		    POLLIN : POLLOUT, client_hs_cb, c) == -1 ||
		    loop_once(c->loop, deadline) == -1) {
			client_fail(c, &c->ioerr, "poll: %s", strerror(errno));
			return CLIENT_IOERR;
		}
	}
	loop_del(c->loop, nt->fd);
	c->tlswait = 0;
	c->tlsdone = 1;
	if (!implicit)
		session_tls_started(c->sess);
	reply_reset(c->rp);
	memset(&ev, 0, sizeof(ev));
	ev.type = CLIENT_EV_TLS;
	ev.secure = 1;
	ev.transport = nt;
	c->cb(c->cbarg, &ev);
	client_watch(c);
	return CLIENT_OK;
}

struct transport *
client_transport(const struct client *c)
{
	return c->t;
}
