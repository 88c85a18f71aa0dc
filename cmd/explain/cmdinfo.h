/*
 * cmdinfo.h: what each SMTP command is for, its syntax, its standing and
 * the replies it may get, for "smtpcli explain RCPT".  Pure const data.
 */
#ifndef SMTPCLI_CMDINFO_H
#define SMTPCLI_CMDINFO_H

#include <stddef.h>

#include "verb.h"

enum cmdinfo_status {
	CMDINFO_STANDARD,	/* RFC 5321 base protocol */
	CMDINFO_EXTENSION,	/* a standards-track or experimental RFC */
	CMDINFO_OBSOLETE,	/* once specified, now not to be used */
	CMDINFO_PRIVATE,	/* X-command of one vendor, never registered */
	CMDINFO_STATUS_MAX
};

#define CMDINFO_MAXOK	6
#define CMDINFO_MAXMID	2
#define CMDINFO_MAXERR	14

/* One command; reply lists end at the first 0. */
struct cmdinfo {
	const char	*name;		/* upper case, e.g. "RCPT" */
	enum cmdinfo_status status;
	enum verb	 verb;		/* VERB_XPRIVATE for X-commands */
	const char	*ref;		/* "RFC 5321 4.1.1.3" */
	const char	*syntax;	/* ABNF-ish */
	const char	*what;		/* one paragraph */
	int		 ok[CMDINFO_MAXOK];	/* S: success replies */
	int		 mid[CMDINFO_MAXMID];	/* I: intermediate replies */
	int		 err[CMDINFO_MAXERR];	/* E: error replies */
	const char	*replynote;	/* about the lists, or NULL */
};

/* Rows sorted by name (strcmp), unique; cmdinfo_at() NULL past the end. */
size_t	 cmdinfo_count(void);
const struct cmdinfo *cmdinfo_at(size_t);

/*
 * Find a command by name, case-blind; `len' bytes of `name', which
 * need not be NUL-terminated.  NULL when unknown.
 */
const struct cmdinfo *cmdinfo_lookup(const char *name, size_t len);

/* "standard", "extension", "obsolete", "private"; "?" when out of range. */
const char	*cmdinfo_status_name(enum cmdinfo_status);

/*
 * What RFC 5321 4.3.2 says any command may get besides its own list
 * (500, 501, 421), as one sentence.
 */
const char	*cmdinfo_any_replies(void);

#endif
