/*
 * replcomp.h: the REPL's /set names, tab completion of SMTP lines and /
 * commands (names, usage and argument types from cmdtab), and what
 * history must never keep.  Pure: no I/O; the REPL runs the commands.
 */
#ifndef SMTPCLI_REPLCOMP_H
#define SMTPCLI_REPLCOMP_H

#include <stddef.h>

#include "caps.h"

enum replcomp_set_id {
	REPLCOMP_SET_COLOUR,
	REPLCOMP_SET_EXPLAIN,
	REPLCOMP_SET_FROM,
	REPLCOMP_SET_HELO,
	REPLCOMP_SET_TIMEOUT,
	REPLCOMP_SET_TO,
	REPLCOMP_SET_MAX
};

struct replcomp_set {
	const char		*name;
	enum replcomp_set_id	 id;
	const char		*values;	/* "on off", or "" when free */
	const char		*help;
};

/* Rows sorted by name, unique; NULL past the end or when unknown. */
size_t		 replcomp_set_count(void);
const struct replcomp_set *replcomp_set_at(size_t);
const struct replcomp_set *replcomp_set_lookup(const char *name);

/* Takes one completion candidate; cand is valid during the call only. */
typedef void	 replcomp_cand_cb(void *arg, const char *cand);

/*
 * Tab completion of the text before the cursor (line, len bytes) given
 * the server's capabilities (caps->valid 0: nothing advertised yet).
 * *start is set to the offset of the word being completed; each
 * candidate replaces that whole word and is passed to cb.  Returns 1
 * when the word is a file name (the caller lists files), else 0.
 */
int		 replcomp_complete(const char *line, size_t len,
		    const struct caps *caps, size_t *start,
		    replcomp_cand_cb *cb, void *arg);

/*
 * Nonzero when a typed line must never reach the history: AUTH lines
 * (however spaced), /auth (with its arguments), anything typed while a
 * SASL response is due (sasl_due: after a 334) and any line the
 * transcript hides as part of an open AUTH exchange (auth_open:
 * session_auth_open(), mask.h).
 */
int		 replcomp_private(const char *line, size_t len, int sasl_due,
		    int auth_open);

#endif
