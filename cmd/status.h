/*
 * status.h: smtpcli's exit statuses (sysexits(3) values) and the reason
 * words that --json summaries carry.
 */
#ifndef SMTPCLI_STATUS_H
#define SMTPCLI_STATUS_H

#include <sysexits.h>

#define ST_OK		0		/* success */
#define ST_USAGE	EX_USAGE	/* 64 options, target, script syntax */
#define ST_EXPECT	EX_DATAERR	/* 65 a script expectation failed */
#define ST_NOINPUT	EX_NOINPUT	/* 66 input file unreadable/unusable */
#define ST_DNS		EX_NOHOST	/* 68 name resolution failed */
#define ST_PERM		EX_UNAVAILABLE	/* 69 refused permanently (5xx) */
#define ST_INTERNAL	EX_SOFTWARE	/* 70 internal error */
#define ST_NET		EX_IOERR	/* 74 network failure, timeout */
#define ST_TEMP		EX_TEMPFAIL	/* 75 4xx, or delivery unknown */
#define ST_PROTO	EX_PROTOCOL	/* 76 protocol violation, TLS */
#define ST_AUTH		EX_NOPERM	/* 77 authentication failed */

#endif
