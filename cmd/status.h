/*
 * status.h: smtpcli's exit statuses (sysexits(3) values) and the one
 * outcome table: every way a run ends, with its exit status and the
 * reason word that --json summaries carry.
 */
#ifndef SMTPCLI_STATUS_H
#define SMTPCLI_STATUS_H

#include <sysexits.h>

#define ST_OK		0		/* success */
#define ST_USAGE	EX_USAGE	/* 64 options, target, script syntax */
#define ST_EXPECT	EX_DATAERR	/* 65 an expectation failed, bad data */
#define ST_NOINPUT	EX_NOINPUT	/* 66 input file unreadable/unusable */
#define ST_DNS		EX_NOHOST	/* 68 name resolution failed */
#define ST_PERM		EX_UNAVAILABLE	/* 69 refused permanently (5xx) */
#define ST_INTERNAL	EX_SOFTWARE	/* 70 internal error */
#define ST_NET		EX_IOERR	/* 74 network failure, timeout */
#define ST_TEMP		EX_TEMPFAIL	/* 75 4xx, or delivery unknown */
#define ST_PROTO	EX_PROTOCOL	/* 76 protocol violation, TLS */
#define ST_AUTH		EX_NOPERM	/* 77 authentication failed */
#define ST_SECFAIL	EX_CONFIG	/* 78 an enforcing sender refuses */
#define ST_SECWARN	79		/* a security warning (no sysexit) */

/* How a run ends; outcome_status() and outcome_reason() say the rest. */
enum outcome {
	OUTCOME_OK,			/*  0 ok */
	OUTCOME_USAGE,			/* 64 usage */
	OUTCOME_EXPECT_FAILED,		/* 65 expect-failed */
	OUTCOME_MESSAGE_INVALID,	/* 65 message-invalid (a NUL) */
	OUTCOME_INPUT_UNREADABLE,	/* 66 input-unreadable */
	OUTCOME_DNS_FAILED,		/* 68 dns-failed */
	OUTCOME_REJECTED_PERMANENT,	/* 69 rejected-permanent */
	OUTCOME_EXTENSION_MISSING,	/* 69 extension-missing */
	OUTCOME_INTERNAL,		/* 70 internal */
	OUTCOME_CONNECT_FAILED,		/* 74 connect-failed */
	OUTCOME_TIMEOUT,		/* 74 timeout */
	OUTCOME_REJECTED_TEMPORARY,	/* 75 rejected-temporary */
	OUTCOME_DELIVERY_UNKNOWN,	/* 75 delivery-unknown */
	OUTCOME_INTERRUPTED,		/* 75 interrupted (the REPL's ^C) */
	OUTCOME_PROTOCOL_ERROR,		/* 76 protocol-error */
	OUTCOME_TLS_FAILED,		/* 76 tls-failed */
	OUTCOME_STARTTLS_INJECTION,	/* 76 starttls-injection */
	OUTCOME_AUTH_FAILED,		/* 77 auth-failed */
	OUTCOME_SECURITY_FAILED,	/* 78 security-failed */
	OUTCOME_SECURITY_WARNING,	/* 79 security-warning */
	OUTCOME_OUTPUT_FAILED,		/* 74 output-failed (stdout, stderr) */
	OUTCOME_CONNECTION_LOST,	/* 74 connection-lost (after connecting) */
	OUTCOME_MAX
};

/* The exit status of an outcome (ST_*); ST_INTERNAL when out of range. */
int		 outcome_status(enum outcome);

/* The reason word of an outcome ("tls-failed"); "internal" out of range. */
const char	*outcome_reason(enum outcome);

/* What is known about a connection that failed (all zero: nothing). */
struct outcome_loss {
	int	 interrupted;	/* the REPL's ^C ended the wait */
	int	 injection;	/* bytes came after a 220 to STARTTLS */
	int	 handshake;	/* a TLS handshake was due or running */
	int	 timeout;	/* the deadline passed */
	int	 violation;	/* a protocol violation */
	int	 tls_broke;	/* the TLS layer broke */
	int	 data_end;	/* the reply to the end of data was due */
	int	 after_quit;	/* the server left after a 221 to QUIT */
	int	 data_refused;	/* a 4xx/5xx while the data went */
	int	 last_code;	/* the last reply's code, 0 before any */
};

/*
 * The failure ladder, written once: what a lost connection means, in
 * order: an interruption; injection; a TLS failure (a handshake timeout
 * is a timeout); a violation (the TLS layer broke: tls-failed); the
 * server refusing the data mid-way (its class: rejected-permanent or
 * rejected-temporary); an unknown delivery; a timeout; a close after QUIT's 221 (OUTCOME_OK); a
 * 421; anything else, OUTCOME_CONNECTION_LOST (it had connected).
 */
enum outcome	 outcome_of_loss(const struct outcome_loss *);

/*
 * The outcome named by a reason word, or -1 when there is none (the
 * tests check the man page's list against the table with it).
 */
int		 outcome_parse(const char *reason);

#endif
