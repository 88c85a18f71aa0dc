/*
 * script.h: runs a script (lines from a file or a pipe) on a connected
 * client: SMTP lines sent as typed, message data after DATA, /commands,
 * /expect judging replies.  See the man page, SCRIPTS.
 */
#ifndef SMTPCLI_SCRIPT_H
#define SMTPCLI_SCRIPT_H

#include <stdio.h>

#include "client.h"
#include "cmdtab.h"
#include "render.h"
#include "scriptread.h"
#include "tlsrun.h"

struct script_opts {
	const char	*helo;		/* name for /ehlo */
	int		 timeout;	/* seconds; 0: RFC 5321 defaults */
	int		 keep_going;	/* go on after a failed /expect */
	int		 strict;	/* an unjudged 4xx/5xx fails, and */
					/* so does the server leaving early */
	struct tlsrun	*tls;		/* TLS policy and context */
};

/*
 * On a client that dial_open() connected and greeted: do --starttls's
 * EHLO, STARTTLS, handshake, EHLO again when tls->mode asks for it;
 * then run the script from in (named name in messages) to its end.
 * Returns how it ended.  Never exits.
 */
enum outcome	 script_run(struct client *, struct render *, FILE *in,
		    const char *name, const struct script_opts *);

/*
 * The same runner a line at a time, for the REPL and /source.  A script
 * runs on one client; the options are read, not copied, so the caller
 * may change them between lines.  NULL when out of memory.
 */
struct script;

/*
 * A runner on c (not owned: the caller frees it after script_free()),
 * reporting through r; o is read, not copied.  NULL when out of memory.
 */
struct script	*script_new(struct client *, struct render *,
		    const struct script_opts *);

/* Free the runner (not its client); NULL is fine. */
void		 script_free(struct script *);

/*
 * After the greeting: --starttls's steps when tls->mode asks for them.
 * Returns 0, or -1 when the script ended (script_outcome() says why).
 */
int		 script_start(struct script *);

/*
 * Messages about the next lines start "name:lineno: "; name NULL: no
 * prefix (lines typed at the REPL).  name is not copied.
 */
void		 script_where(struct script *, const char *name,
		    unsigned long lineno);

/*
 * Run one line (no line end) exactly as a script line: SMTP sent and
 * its reply awaited, message data inside DATA, a script /command.
 * Afterwards script_done() says whether the script would have ended.
 */
void		 script_line(struct script *, const char *line, size_t len);

/*
 * Run the script /command id (one cmdtab allows in scripts) with its
 * arguments args (the text after the name and its blanks, "" for none),
 * as script_line() would run the line "/name args" outside message
 * data.  Returns 0, or -1 (nothing done) when id is not a script
 * command.  Afterwards script_done() says whether the script has ended.
 */
int		 script_command(struct script *, enum cmdtab_id id,
		    const char *args);

/*
 * Run the lines of in (named name) until its end or until the script
 * ends.  Returns 0 at the end of input, -1 when the script ended
 * (script_outcome() says why).
 */
int		 script_source(struct script *, FILE *in, const char *name);

/*
 * Read what fd has into rd's space (after scriptread_next() said
 * SCRIPTREAD_MORE), waiting when fd is non-blocking.  0, or -1 with errno
 * set on a read error.
 */
int		 script_fill(struct scriptread *, int fd);

/* Nonzero when the script has ended. */
int		 script_done(const struct script *);

/* How the script ended (OUTCOME_OK while it has not). */
enum outcome	 script_outcome(const struct script *);

/* Carry on after an end (the REPL does: it reports and re-prompts). */
void		 script_resume(struct script *);

/* Nonzero between a 354 to DATA and the lone "." (message data). */
int		 script_in_data(const struct script *);

/*
 * Leave message data without sending its end: nothing is delivered, but
 * the server still waits for the end of the data.
 */
void		 script_abort_data(struct script *);

/*
 * Nonzero when the connection is closed; the first call after the
 * server went away reports it (the closing 421, a reset).
 */
int		 script_closed(struct script *);

#endif
