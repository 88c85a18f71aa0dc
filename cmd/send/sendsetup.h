/*
 * sendsetup.h: a send-mode connection's steps before any transaction:
 * connect, greeting, EHLO (HELO), STARTTLS by policy, AUTH.
 */
#ifndef SMTPCLI_SENDSETUP_H
#define SMTPCLI_SENDSETUP_H

#include "sendconn.h"

/*
 * Connect k with dial_open() as o->dial says (the greeting read, unless
 * --quit-after/--drop-after connect), then EHLO, TLS, AUTH, each waiting
 * for its reply, and check that what the options need is
 * offered.  0 ready, 1 stopped as asked (--quit-after / --drop-after),
 * -1 failed (reported, the exit status recorded with send_fail()).
 */
int	 send_setup(struct sconn *k);

/*
 * k's connection failed (during setup, or with replies awaited): report
 * client_error() and record the outcome of steps_lost() (a close after a
 * 221 counts as a lost connection here).  Always -1.
 */
int	 send_lost(struct sconn *k);

#endif
