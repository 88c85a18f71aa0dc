/*
 * sendconn.h: send mode's plumbing under the engine, setup and body: the
 * options and phases, the per-connection state, sending a tagged command,
 * recording its reply in the client callback, failing and stopping.
 */
#ifndef SMTPCLI_SENDCONN_H
#define SMTPCLI_SENDCONN_H

#include <stddef.h>

#include "client.h"
#include "dial.h"
#include "lathist.h"
#include "message.h"
#include "render.h"
#include "reply.h"
#include "stuff.h"
#include "tlsrun.h"

/* Where --quit-after / --drop-after stop. */
enum send_phase {
	SEND_PH_NONE,
	SEND_PH_CONNECT,
	SEND_PH_BANNER,
	SEND_PH_EHLO,
	SEND_PH_STARTTLS,
	SEND_PH_AUTH,
	SEND_PH_MAIL,
	SEND_PH_RCPT,
	SEND_PH_DATA,
	SEND_PH_MAX
};

struct auth;

struct send_opts {
	const char		*from;		/* envelope sender, "" for <> */
	const char *const	*rcpts;		/* To, Cc and Bcc */
	size_t			 nrcpts;
	struct message		*msg;
	int			 msg_stdin;	/* read once: no SIZE= */
	const char		*helo;		/* NULL: address literal */
	int			 lmtp;		/* LHLO, one reply per rcpt */
	int			 chunking;	/* BDAT instead of DATA */
	size_t			 chunk_size;
	int			 no_pipelining;
	int			 eightbit;	/* BODY=8BITMIME */
	int			 smtputf8;
	int			 requiretls;
	const char		*dsn_notify;	/* NOTIFY= on RCPT */
	const char		*dsn_ret;	/* RET= on MAIL */
	const char		*envid;		/* ENVID= on MAIL */
	enum send_phase		 quit_after;
	enum send_phase		 drop_after;
	int			 all_recipients; /* any rejection fails */
	unsigned long		 count;		/* messages, >= 1 */
	int			 connections;	/* >= 1 */
	int			 timeout;	/* 0: RFC 5321 defaults */
	const struct dial_opts	*dial;		/* where each connection goes */
	struct tlsrun		*tls;		/* mode OFF: --no-starttls */
	struct auth		*auth;		/* NULL: no AUTH */
	int			 progress;	/* a progress line on stderr */
};

#define SEND_CHUNK	65536		/* message octets encoded at a time */
#define SEND_TEXT	200		/* reply text kept per recipient */

/*
 * What a reply answers, as the kind of the session tag its command was
 * sent with (struct sess_tag); SX_NONE is the session's "untagged": the
 * setup steps, which read their replies with client_wait().
 */
enum sx {
	SX_NONE,
	SX_MAIL,
	SX_RCPT,	/* tag index: the recipient */
	SX_DATA,
	SX_EOD,		/* reply to the end of data (LMTP: one per recipient) */
	SX_BDAT,
	SX_BDAT_LAST,
	SX_RSET,
	SX_QUIT,
	SX_MAX
};

struct sreply {
	int		 code;
	char		 enh[REPLY_ENH_MAX];
	char		 text[SEND_TEXT];
	int		 closing;	/* 421 or 221 */
};

/* A reply recorded by the callback, with its command's tag. */
struct sgot {
	struct sreply	 q;
	struct sess_tag	 tag;
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
	struct sgot	*rq;		/* replies recorded, not handled */
	size_t		 rqh, rqn, rqcap;
	long long	 t_handled;	/* us: when a reply was last handled */
	/* the transaction under way */
	unsigned long	 msg;
	int		 in_tx;
	int		 mail_ok;
	size_t		 next_rcpt;	/* without pipelining: next to send */
	size_t		 nacc;
	size_t		 nrcpt_replies;
	size_t		 eod_left;
	size_t		 lmtp_next;	/* whom the next LMTP reply is for */
	int		 tx_failed;	/* worst class seen: 4 or 5, or 0 */
	int		 delivered;	/* an end-of-data reply was 2xx */
	unsigned long	 pre;		/* next message, its envelope sent */
	int		 has_pre;
};

struct send {
	struct loop		*loop;
	struct render		*r;
	const struct send_opts	*o;
	struct sconn		*conns;
	int			 nconns;
	int			 bulk;		/* many: no transcript */
	unsigned long		 next_msg;
	unsigned long		 sent, ok, failed;
	unsigned long		 acc, rej;
	int			 worst;		/* 4 or 5: a refusal seen */
	enum outcome		 oc;		/* the first failure, or OK */
	struct srcpt		*first;		/* results of message 0 */
	int			 first_eod;	/* its end of data queued */
	unsigned long long	 first_eod_at;	/* ... up to this octet */
	int			 not_sent;	/* message 0 went without its
						 * end of data: not delivered */
	unsigned long long	 size;		/* normalised message size */
	int			 utf8;		/* SMTPUTF8 is needed */
	struct lathist		 lat;		/* reply latencies, us */
	long long		 t_start, t_progress;
	char			 enc[STUFF_OUTMAX(SEND_CHUNK) + STUFF_TERM_MAX];
};

/* "connect" ... "data" to a phase; -1 for anything else. */
int		 send_phase_parse(const char *);

/* A phase's name as the options spell it; "?" when out of range. */
const char	*send_phase_name(enum send_phase);

/* Record a failure; the first one decides the exit status. */
void		 send_fail(struct send *, enum outcome);

/* Seconds to wait for the reply to v: --timeout, or RFC 5321's. */
int		 send_timeout(const struct send *, enum verb);

/* Commands awaiting replies before send_line() waits for one. */
#define SEND_WINDOW	(SESS_PENDING_MAX / 2)

/*
 * Send a command whose reply the engine will handle as x (about
 * recipient rcpt), tagged with the time; with SEND_WINDOW commands
 * awaiting replies, first wait (under their timeout) for one.  0, or -1
 * reported.
 */
int		 send_line(struct sconn *, const char *line, enum sx x,
		    size_t rcpt);

/*
 * Record that the end of data went: its reply is handled as SX_EOD.
 * 0, or -1 when no more replies can be awaited (client_error()).
 */
int		 send_data_end(struct sconn *);

/* Replies k still awaits: 0 without a connection. */
size_t		 send_awaited(const struct sconn *);

/*
 * The client callback (arg: the struct sconn): shows events as the mode
 * asks, and records each tagged reply (and any 421) for the engine.
 * It decides nothing: that is send_pump()'s job, outside callbacks.
 */
void		 send_event(void *arg, const struct client_event *);

/* The client's last reply (client_last_code() etc.) as the engine's. */
void		 send_last_reply(struct sconn *, struct sreply *out);

/* Take the oldest recorded reply into *out: 1, or 0 when none is left. */
int		 send_received(struct sconn *, struct sgot *out);

/* QUIT or drop after phase ph when asked to; 1 when it did. */
int		 send_stop(struct sconn *, enum send_phase ph);

/* Free k's client and recorded replies. */
void		 send_conn_free(struct sconn *);

#endif
