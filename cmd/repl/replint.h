/*
 * replint.h: the state the REPL's files share (terminal, session, the
 * / commands, the line loop).  Types only; private to the REPL.
 */
#ifndef SMTPCLI_REPLINT_H
#define SMTPCLI_REPLINT_H

#include <signal.h>
#include <stdio.h>
#include <termios.h>

#include <histedit.h>

#include "client.h"
#include "dial.h"
#include "loop.h"
#include "render.h"
#include "replhist.h"
#include "script.h"

#define REPL_CANDS	256	/* completion candidates kept */
#define REPL_INTR_CHAR	0x03	/* what the read function returns on ^C */

struct repl_opts;

struct repl {
	EditLine		*el;
	struct termios		 tty;		/* as found: restored at exit */
	int			 tty_ok;
	struct sigaction	 oldsa;		/* SIGINT as found */
	struct replhist		*hist;
	struct loop		*loop;
	const struct repl_opts	*o;
	struct render		*r;
	FILE			*out, *err;	/* tees: terminal + log */
	FILE			*log;		/* transcript for /save */
	int			 logesc;	/* inside a colour sequence */
	struct client		*c;		/* NULL: no connection */
	struct script		*s;
	struct script_opts	 so;
	char			 target[300];	/* "" with --pipe */
	struct dial_opts	 dial;		/* how to connect to target */
	char			 prompt[400];
	int			 in_gets;	/* inside el_gets() */
	int			 cleared;	/* prompt line erased */
	int			 stdin_ready;
	int			 intr_step;	/* ^C: line being abandoned */
	int			 abandoned;	/* line ended by ^C */
	int			 authed;	/* 235 seen */
	int			 data_left;	/* /abort: server in DATA */
	int			 explain, color;
	int			 done;
	char			 helo[256], from[256], to[256];
	char			 *cand[REPL_CANDS];
	size_t			 ncand;
};

#endif
