/*
 * sendint.h: what send.c, sendbody.c and sendsetup.c share: the engine's
 * state and the steps one file takes and another calls.  Not for others.
 */
#ifndef SMTPCLI_SENDINT_H
#define SMTPCLI_SENDINT_H

#include "reply.h"
#include "send.h"
#include "stuff.h"

#define SEND_CHUNK	65536		/* message octets encoded at a time */
#define SEND_TEXT	200		/* reply text kept per recipient */

/* What a connection waits for, oldest first. */
enum sx {
	SX_MAIL,
	SX_RCPT,
	SX_DATA,
	SX_EOD,		/* reply to the end of data (LMTP: one per recipient) */
	SX_BDAT,
	SX_BDAT_LAST,
	SX_RSET,
	SX_QUIT,
	SX_MAX
};

struct sexp {
	enum sx		 k;
	size_t		 rcpt;
	long long	 t0;		/* microseconds, when queued */
	long long	 base;		/* when it became the oldest awaited */
};

struct sreply {
	int		 code;
	char		 enh[REPLY_ENH_MAX];
	char		 text[SEND_TEXT];
	int		 closing;	/* 421 or 221 */
};

/* Per recipient of the first message: what the server said. */
struct srcpt {
	struct sreply	 rcpt;		/* reply to RCPT */
	struct sreply	 final;		/* reply to the end of data */
	int		 has_final;
};

struct send;

struct sconn {
	struct send	*s;
	struct client	*c;
	int		 id;
	int		 done;
	int		 pipelining;
	struct sreply	*rq;		/* replies recorded, not handled */
	size_t		 rqh, rqn, rqcap;
	struct sexp	*xq;		/* what the replies will answer */
	size_t		 xqh, xqn, xqcap;
	/* the transaction under way */
	unsigned long	 msg;
	int		 in_tx;
	int		 mail_ok;
	size_t		 next_rcpt;	/* without pipelining: next to send */
	size_t		 nacc;
	size_t		 nrcpt_replies;
	size_t		 eod_left;
	size_t		 lmtp_next;	/* recipient the next LMTP reply is for */
	int		 tx_failed;	/* worst class seen: 4 or 5, or 0 */
	int		 delivered;	/* an end-of-data reply was 2xx */
	unsigned long	 pre;		/* next message, envelope already sent */
	int		 has_pre;
};

struct send {
	struct loop		*loop;
	struct render		*r;
	const struct send_opts	*o;
	struct sconn		*conns;
	int			 nconns;
	int			 bulk;		/* many messages: no transcript */
	unsigned long		 next_msg;
	unsigned long		 sent, ok, failed;
	unsigned long		 acc, rej;
	int			 worst;		/* 4 or 5: a refusal seen */
	int			 status;
	const char		*reason;
	struct srcpt		*first;		/* results of message 0 */
	unsigned long long	 size;		/* normalised message size */
	int			 utf8;		/* SMTPUTF8 is needed */
	unsigned int		*lat;		/* reply latencies, us */
	size_t			 nlat, latcap;
	long long		 t_start, t_progress;
	char			 enc[STUFF_OUTMAX(SEND_CHUNK) + STUFF_TERM_MAX];
};

struct send_sink {
	struct sconn	*k;
	struct stuff	 st;
	int		 chunking;
	char		*chunk;		/* BDAT: normalised octets pending */
	size_t		 clen;
	int		 err;
};

/* Record a failure; the first one decides the exit status. */
void	 send_fail(struct send *, int status, const char *reason);

/* Queue what the next reply on k answers; -1 when out of memory. */
int	 send_expect(struct sconn *, enum sx, size_t rcpt);

/* Send a command whose reply the engine will handle as x. */
int	 send_line(struct sconn *, const char *line, enum sx, size_t rcpt);

/* The client callback: records replies, forwards what is shown. */
void	 send_event(void *arg, const struct client_event *);

/* QUIT or drop after phase when asked to; 1 when it did. */
int	 send_stop(struct sconn *, enum send_phase);

/* The next envelope behind an end of data (PIPELINING). */
void	 send_prestart(struct sconn *);

/*
 * The message after 354 (DATA) or after the envelope (BDAT): 0, -1 when
 * the connection failed (client_error() says why), -2 when the message
 * source did (reported).
 */
int	 send_body(struct sconn *, int chunking);

/* The SIZE= value: one counting pass over the message. */
int	 send_size(struct send *, char *err, size_t errlen);

/* Connect, greeting, EHLO, TLS, AUTH: 0 ready, 1 stopped as asked, -1. */
int	 send_setup(struct sconn *, send_connect_fn *, void *carg);

/* A connection failed during setup: report, record the exit status. */
int	 send_lost(struct sconn *);

/* Seconds to wait for the reply to v. */
int	 send_timeout(const struct send *, enum verb);

#endif
