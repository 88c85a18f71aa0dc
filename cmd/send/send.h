/*
 * send.h: send mode, one or many transactions the way an MTA sends them:
 * EHLO (LHLO), STARTTLS by policy, AUTH, then MAIL, RCPT..., DATA (or
 * BDAT) pipelined when the server allows it, over one or several
 * connections in the one poll loop; per-recipient results at the end.
 */
#ifndef SMTPCLI_SEND_H
#define SMTPCLI_SEND_H

#include <stddef.h>

#include "client.h"
#include "message.h"
#include "render.h"
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
	int			 lmtp;		/* LHLO, a reply per recipient */
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
	struct tlsrun		*tls;		/* mode OFF: --no-starttls */
	struct auth		*auth;		/* NULL: no AUTH */
	int			 progress;	/* a progress line on stderr */
};

/*
 * Make one connected client whose events go to cb/cbarg (send's own);
 * returns 0, or an exit status with *reason set.
 */
typedef int	 send_connect_fn(void *arg, client_event_cb *cb, void *cbarg,
		    struct client **out, const char **reason);

/* "connect" ... "data" to a phase; -1 for anything else. */
int		 send_phase_parse(const char *);
const char	*send_phase_name(enum send_phase);

/*
 * Run send mode: o->connections connections made by connect(), the
 * messages spread over them.  Returns the exit status with *reason set:
 * 0 when every message went and (with all_recipients) every recipient
 * was accepted; 69/75 for permanent/temporary refusals, 74 network,
 * 76 TLS or protocol, 77 authentication.
 */
int		 send_run(struct loop *, struct render *, send_connect_fn *,
		    void *connarg, const struct send_opts *, const char **reason);

#endif
