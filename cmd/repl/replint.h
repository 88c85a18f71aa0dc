/*
 * replint.h: what repl.c (editing, terminal, session) and replrun.c (the
 * / commands) share.  Private to the REPL.
 */
#ifndef SMTPCLI_REPLINT_H
#define SMTPCLI_REPLINT_H

#include <stdio.h>
#include <termios.h>

#include <histedit.h>

#include "repl.h"
#include "cmdtab.h"
#include "replhist.h"
#include "script.h"

#define REPL_CANDS	256	/* completion candidates kept */
#define REPL_INTR_CHAR	0x03	/* what the read function returns on ^C */

struct repl {
	EditLine		*el;
	struct termios		 tty;		/* as found: restored at exit */
	int			 tty_ok;
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

/* Words of the REPL itself (help, lists): on the terminal only. */
void		 repl_say(struct repl *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Run a line through the script runner; session errors end nothing. */
void		 repl_script(struct repl *, const char *line);

/*
 * Run the script /command id (cmdtab allows it in scripts) with its
 * arguments through the script runner, as repl_script() runs a line.
 */
void		 repl_command(struct repl *, enum cmdtab_id id,
		    const char *args);

/*
 * Connect anew: to target (rp->target: the same again, as the command
 * line said; else a host typed at /connect, from then on the session's
 * target).  Returns 0 or an exit status with *reason set.
 */
int		 repl_open(struct repl *, const char *target,
		    const char **reason);

/* Drop the connection (no QUIT). */
void		 repl_drop(struct repl *);

/* Nonzero while the connection is usable. */
int		 repl_connected(struct repl *);

/*
 * Ask q on the terminal in cooked mode, without echo unless echo; the
 * answer (no line end) goes into buf.  Returns 0, or -1 (buf wiped) on
 * Ctrl-C or end of input.
 */
int		 repl_ask(struct repl *, const char *q, int echo, char *buf,
		    size_t len);

/* The / commands (replrun.c). */
void		 replrun_command(struct repl *, const char *line);
void		 replrun_abort(struct repl *);
void		 replrun_quit(struct repl *);

#endif
