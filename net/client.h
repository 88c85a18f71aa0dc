/*
 * client.h: one SMTP connection driven by the poll loop: a transport, the
 * reply framer and the session core.  It reports everything that happens
 * through an event callback so that net/ never prints.
 */
#ifndef SMTPCLI_CLIENT_H
#define SMTPCLI_CLIENT_H

#include <stddef.h>

#include "loop.h"
#include "reply.h"
#include "resolve.h"
#include "session.h"
#include "transport.h"

enum client_ev {
	CLIENT_EV_INFO,		/* text: what is happening */
	CLIENT_EV_ERROR,	/* text: something failed */
	CLIENT_EV_CONNECT,	/* text: address connected to */
	CLIENT_EV_SENT,		/* text: a command line, no CRLF */
	CLIENT_EV_DATA,		/* text: a message data line, no CRLF */
	CLIENT_EV_REPLY,	/* reply + res (res.tag: its command's) */
	CLIENT_EV_NOISE,	/* text: a non-reply line before the banner */
	CLIENT_EV_TLS		/* transport: a handshake completed */
};

struct client_event {
	enum client_ev		 type;
	const char		*text;
	size_t			 len;
	int			 secure;	/* inside TLS */
	const struct reply	*reply;
	struct sess_result	 res;
	const struct caps	*caps;		/* the session's, for context */
	const struct transport	*transport;	/* CLIENT_EV_TLS: the new one */
	const char		*local;	/* CONNECT: bound address, or NULL */
};

typedef void	 client_event_cb(void *arg, const struct client_event *);

/* client_wait() and client_flush() results */
#define CLIENT_OK	0
#define CLIENT_TIMEOUT	(-2)	/* the deadline passed */
#define CLIENT_CLOSED	(-3)	/* the server closed the connection */
#define CLIENT_IOERR	(-4)	/* read error (reset, ...) */
#define CLIENT_PROTO	(-5)	/* protocol violation */
#define CLIENT_TLS	(-6)	/* the TLS handshake failed */
#define CLIENT_INTR	(-7)	/* interrupted (loop_set_interrupt) */

struct client;

/*
 * A client with no connection yet, driven by loop, reporting every event
 * to cb with arg.  NULL when out of memory.
 */
struct client	*client_new(struct loop *, client_event_cb *, void *arg);

/* Close the connection (no QUIT) and free everything; NULL is fine. */
void		 client_free(struct client *);

/* A new client on the same loop with the same event callback. */
struct client	*client_new_like(const struct client *);

/*
 * Bind to src (addr_source(): an address, a port, or both) before each
 * connect from now on; NULL: no bind.  An address of another family is
 * then not tried (reported).  Kept by client_new_like().  The CONNECT
 * event then carries the local address.
 */
void		 client_set_source(struct client *, const struct addr *src);

/*
 * Try each address in turn (timeout seconds each) until one connects;
 * each attempt and its failure are reported as events.  Returns 0, or -1
 * when none connects (client_error() says why).
 */
int		 client_connect(struct client *, const struct addr *,
		    size_t n, int timeout);

/* Use an already connected transport (--pipe); the client owns it. */
void		 client_attach(struct client *, struct transport *);

/* Allow non-reply lines before the greeting (--pipe commentary). */
void		 client_set_prelude(struct client *, int on);

/*
 * Queue a checked command line (no CRLF) and record it in the session.
 * Its CLIENT_EV_SENT event comes when it is written, and shows SASL
 * responses hidden.  Returns 0, or -1 when the session can await no more
 * replies, a TLS handshake is due, or a protocol violation stopped the
 * connection (client_error() says which).
 */
int		 client_send_line(struct client *, const char *line,
		    size_t len, enum verb *v);

/*
 * client_send_line() with a tag (copied; NULL: none) that the session
 * hands back with the reply, in the CLIENT_EV_REPLY event's res.tag.
 */
int		 client_send_line_tag(struct client *, const char *line,
		    size_t len, const struct sess_tag *tag, enum verb *v);

/*
 * Report a line of message data as typed (shown) and queue its encoded
 * bytes; client_send_raw() queues bytes without an event.  Both flush
 * when the buffer is large, waiting at most SESS_DATA_BLOCK_TIMEOUT (or
 * timeout if > 0) for progress; they return a CLIENT_* value.
 */
int		 client_send_data_line(struct client *, const char *shown,
		    size_t shownlen, const char *bytes, size_t len,
		    int timeout);
int		 client_send_raw(struct client *, const char *buf, size_t len,
		    int timeout);

/*
 * Report text as CLIENT_EV_INFO once every octet queued so far has been
 * written ("message sent" is a fact only then); never if the rest is
 * dropped.  0, or -1 when out of memory.
 */
int		 client_note_written(struct client *, const char *text);

/* Record the end of message data in the session. */
void		 client_data_end(struct client *);

/*
 * client_data_end() with a tag as for client_send_line_tag().  Returns
 * 0, or -1 when the session can await no more replies (client_error()).
 */
int		 client_data_end_tag(struct client *, const struct sess_tag *);

/*
 * Nonzero when the server refused the message before its end (a 4xx or
 * 5xx while the data was going, or before the final dot was written):
 * nothing more is written; client_last_code() is its code.
 */
int		 client_data_refused(const struct client *);

/*
 * A read stops after a bounded amount so that deadlines and ^C are
 * checked between reads; client_wait() and client_flush() go on by
 * themselves.  A caller that runs the loop itself calls this each turn:
 * it reads the next bounded amount when one is left (1), else 0; and it
 * must not block in poll(2) while this returns 1.
 */
int		 client_backlog(struct client *);

/*
 * Write everything queued, by the deadline.  Returns a CLIENT_* value.
 * Lines are shown (CLIENT_EV_SENT, CLIENT_EV_DATA) once their octets are
 * written, never before; when a write fails, what the server still says
 * is read (briefly) before CLIENT_CLOSED is returned.
 */
int		 client_flush(struct client *, long long deadline);

/*
 * Run the loop until target replies have been received in all, or the
 * deadline passes, or the connection fails.  Returns a CLIENT_* value.
 */
int		 client_wait(struct client *, unsigned long target,
		    long long deadline);

/*
 * One command and its reply, within timeout seconds: the reply's code,
 * or -1 when the connection failed or the time ran out (client_error()).
 */
int		 client_command(struct client *, const char *line,
		    int timeout);

/*
 * Octets of the output stream queued and written so far (they only
 * grow): what was queued up to q went once client_written() >= q.
 */
unsigned long long client_queued(const struct client *);
unsigned long long client_written(const struct client *);

/* Replies received so far. */
unsigned long	 client_nreplies(const struct client *);

/*
 * Code and enhanced code of the last reply paired with a command, or of
 * an unsolicited 421 (0 and "" before any); a reply that was a protocol
 * violation does not count.
 */
int		 client_last_code(const struct client *);
const char	*client_last_enhanced(const struct client *);

/* The raw text of the last reply's first line (after "NNN "), bounded. */
const char	*client_last_text(const struct client *, size_t *len);

/* Why the last failure happened (printable, escaped). */
const char	*client_error(const struct client *);

/* The session core of c (owned by c): state, capabilities, pending. */
struct session	*client_session(struct client *);

/* Nonzero once the server closed or the connection failed. */
int		 client_gone(const struct client *);

/*
 * Nonzero after a 220 to STARTTLS: only the TLS handshake may follow;
 * client_send_line() refuses, and any byte read is response injection
 * (a CLIENT_PROTO failure for which client_injection() is nonzero).
 */
int		 client_tls_pending(const struct client *);
int		 client_injection(const struct client *);

/* Nonzero when the connection failed because the TLS layer broke. */
int		 client_tls_failed(const struct client *);

/*
 * Start TLS: right after connecting (implicit TLS, port 465) or after a
 * 220 to STARTTLS.  wrap(arg, ...) makes the TLS transport around the
 * connection's (its err is client_error()); the handshake then runs in
 * the loop by the deadline and is reported as CLIENT_EV_TLS.  What it
 * established is the new transport's (client_transport()): a failed
 * verification does not fail here.  After STARTTLS the session forgets
 * what it learned in plaintext.  Returns CLIENT_OK, or CLIENT_TLS /
 * CLIENT_TIMEOUT / CLIENT_IOERR with client_error() set; the connection
 * is then unusable.
 */
int		 client_starttls(struct client *, transport_wrap_fn *wrap,
		    void *arg, long long deadline);

/*
 * The connection's transport (after client_starttls() the TLS one), or
 * NULL before connecting; the client's, valid until client_free().
 */
struct transport *client_transport(const struct client *);

/* Nonzero when the transport is inside TLS. */
int		 client_secure(const struct client *);

/* CLIENT_OK, or why the connection is unusable (CLIENT_PROTO, ...). */
int		 client_status(const struct client *);

/* Nonzero when a write failed (the peer closed); reading goes on. */
int		 client_write_failed(const struct client *);

/* Local address of the connection (for an EHLO address literal). */
int		 client_local_addr(const struct client *, struct addr *);

#endif
