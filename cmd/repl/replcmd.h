/*
 * replcmd.h: the REPL's / commands (one table: name, usage, what each
 * argument completes to, help), unique-prefix lookup, the /set names,
 * tab completion of SMTP lines and / commands, and what history must
 * never keep.  Pure: no I/O; the REPL runs the commands.
 */
#ifndef SMTPCLI_REPLCMD_H
#define SMTPCLI_REPLCMD_H

#include <stddef.h>

#include "caps.h"

enum replcmd_id {
	RCMD_ABORT,
	RCMD_AUTH,
	RCMD_BDAT,
	RCMD_CAPS,
	RCMD_CLOSE,
	RCMD_CONNECT,
	RCMD_DATA,
	RCMD_EHLO,
	RCMD_EXPECT,
	RCMD_EXPLAIN,
	RCMD_FORCE,
	RCMD_HELP,
	RCMD_HISTORY,
	RCMD_QUIT,
	RCMD_RECONNECT,
	RCMD_SAVE,
	RCMD_SEND,
	RCMD_SET,
	RCMD_SLEEP,
	RCMD_SOURCE,
	RCMD_STARTTLS,
	RCMD_TLS,
	RCMD_MAX
};

/* What an argument completes to. */
enum replcmd_comp {
	RCOMP_NONE,
	RCOMP_FILE,		/* a file name */
	RCOMP_COMMAND,		/* a / command name */
	RCOMP_VERB,		/* an SMTP command name */
	RCOMP_MECH,		/* an AUTH mechanism the server offers */
	RCOMP_SETTING,		/* a /set name */
	RCOMP_SETVALUE,		/* a value for the /set name before it */
	RCOMP_LAST,		/* the word LAST */
	RCOMP_MAX
};

#define REPLCMD_ARGS	2	/* arguments with a completion type */

struct replcmd {
	const char		*name;		/* without the "/" */
	enum replcmd_id		 id;
	const char		*usage;		/* "FILE [LAST]", "" */
	enum replcmd_comp	 comp[REPLCMD_ARGS];
	int			 data_ok;	/* allowed in message data */
	const char		*help;		/* one line */
};

/* Rows sorted by name, unique; replcmd_at() NULL past the end. */
size_t		 replcmd_count(void);
const struct replcmd *replcmd_at(size_t);

/*
 * The command named by len bytes of word (no "/"), exact or a unique
 * prefix, case-blind.  NULL with why filled (cut to whylen) when unknown
 * ("unknown command: x") or ambiguous ("ambiguous command: s, could be:
 * save, send, ...").
 */
const struct replcmd *replcmd_lookup(const char *word, size_t len,
		    char *why, size_t whylen);

enum replset_id {
	RSET_COLOUR,
	RSET_EXPLAIN,
	RSET_FROM,
	RSET_HELO,
	RSET_TIMEOUT,
	RSET_TO,
	RSET_MAX
};

struct replset {
	const char	*name;
	enum replset_id	 id;
	const char	*values;	/* "on off", or "" when free-form */
	const char	*help;
};

/* Rows sorted by name, unique; NULL past the end or when unknown. */
size_t		 replset_count(void);
const struct replset *replset_at(size_t);
const struct replset *replset_lookup(const char *name);

/*
 * Tab completion of the text before the cursor (line, len bytes) given
 * the server's capabilities (caps->valid 0: nothing advertised yet).
 * *start is set to the offset of the word being completed; each
 * candidate replaces that whole word and is passed to cb.  Returns 1
 * when the word is a file name (the caller lists files), else 0.
 */
typedef void	 replcmd_cand_cb(void *arg, const char *cand);

int		 replcmd_complete(const char *line, size_t len,
		    const struct caps *caps, size_t *start,
		    replcmd_cand_cb *cb, void *arg);

/*
 * Nonzero when a typed line must never reach the history: AUTH lines,
 * /auth (with its arguments), and anything typed while a SASL response
 * is due (sasl_due: after a 334).
 */
int		 replcmd_private(const char *line, size_t len, int sasl_due);

#endif
