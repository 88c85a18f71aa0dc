/*
 * cmdtab.h: the one table of / commands, for scripts and the REPL: name,
 * usage, what each argument completes to, where it is allowed, help;
 * and the one unique-prefix lookup.  Pure: no I/O.
 */
#ifndef SMTPCLI_CMDTAB_H
#define SMTPCLI_CMDTAB_H

#include <stddef.h>

enum cmdtab_id {
	CMDTAB_ABORT,
	CMDTAB_AUTH,
	CMDTAB_BDAT,
	CMDTAB_CAPS,
	CMDTAB_CLOSE,
	CMDTAB_CONNECT,
	CMDTAB_DATA,
	CMDTAB_EHLO,
	CMDTAB_EXPECT,
	CMDTAB_EXPLAIN,
	CMDTAB_FORCE,
	CMDTAB_HELP,
	CMDTAB_HISTORY,
	CMDTAB_QUIT,
	CMDTAB_RECONNECT,
	CMDTAB_SAVE,
	CMDTAB_SEND,
	CMDTAB_SET,
	CMDTAB_SLEEP,
	CMDTAB_SOURCE,
	CMDTAB_STARTTLS,
	CMDTAB_TLS,
	CMDTAB_MAX
};

/* What an argument completes to (at the REPL). */
enum cmdtab_comp {
	CMDTAB_COMP_NONE,
	CMDTAB_COMP_FILE,	/* a file name */
	CMDTAB_COMP_COMMAND,	/* a / command name */
	CMDTAB_COMP_VERB,	/* an SMTP command name */
	CMDTAB_COMP_MECH,	/* an AUTH mechanism the server offers */
	CMDTAB_COMP_SETTING,	/* a /set name */
	CMDTAB_COMP_SETVALUE,	/* a value for the /set name before it */
	CMDTAB_COMP_LAST,	/* the word LAST */
	CMDTAB_COMP_MAX
};

#define CMDTAB_ARGS	2	/* arguments with a completion type */

/* Where a command is allowed: the "where" bits of a row and a lookup. */
#define CMDTAB_IN_SCRIPT 0x01	/* a script line (-f, a pipe, /source) */
#define CMDTAB_IN_REPL	 0x02	/* a line typed at the REPL */
/*
 * Inside message data, by its exact name only: /abort at the REPL, and
 * /expect as the first line after DATA's 354 (it judges that reply).
 */
#define CMDTAB_IN_DATA	 0x04

struct cmdtab {
	const char		*name;		/* without the "/" */
	enum cmdtab_id		 id;
	const char		*usage;		/* "FILE [LAST]", "" */
	enum cmdtab_comp	 comp[CMDTAB_ARGS];
	unsigned		 where;		/* CMDTAB_IN_SCRIPT | ... */
	const char		*help;		/* one line */
};

/* Rows sorted by name, unique, row i has id i; NULL past the end. */
size_t		 cmdtab_count(void);
const struct cmdtab *cmdtab_at(size_t);

/* The name of a command ("expect"); "?" when out of range. */
const char	*cmdtab_name(enum cmdtab_id);

/*
 * How many rows allowed where (any of its bits) len bytes of word (no
 * "/") name, case-blind: 1 for an exact name, else the number of names
 * it is a prefix of; 0 when len is 0.
 */
size_t		 cmdtab_matches(const char *word, size_t len, unsigned where);

/*
 * The command allowed where (any of its bits) that len bytes of word
 * (no "/") name: its exact name or a unique prefix, case-blind.  NULL
 * when none, with why (whylen bytes, may be 0) filled as the REPL says
 * it: "unknown command: /x (/help lists them)" or "ambiguous command:
 * /s, could be: /save, /send, ...".
 */
const struct cmdtab *cmdtab_lookup(const char *word, size_t len,
		    unsigned where, char *why, size_t whylen);

/*
 * What /auth's MECH may be, from the SASL table of net/sasl.h: "auto,
 * PLAIN, LOGIN, ... or OAUTHBEARER", cut to fit len bytes.  Returns buf.
 */
char		*cmdtab_mechs(char *buf, size_t len);

#endif
