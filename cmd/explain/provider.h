/*
 * provider.h: what the big mailbox providers mean by codes and texts
 * they use their own way (Microsoft 365, Gmail, Yahoo, iCloud, Comcast,
 * GMX/web.de), each row with the page that says so.  Pure: const data.
 */
#ifndef SMTPCLI_PROVIDER_H
#define SMTPCLI_PROVIDER_H

#include <stddef.h>

#include "verb.h"

struct provider_row {
	const char	*provider;	/* "Microsoft 365" */
	int		 code;		/* basic code, 0: any */
	const char	*enhanced;	/* "5.7.30" (class too), NULL: any */
	const char	*needle;	/* lower-case text it needs, or NULL */
	enum verb	 verb;		/* the command it answers, or NONE */
	const char	*note;		/* what it means there */
	const char	*source;	/* where the provider says so */
	const char	*hint;		/* what to try, when the code's hint
					 * would mislead; or NULL */
};

/* Rows of the table, for tests and `explain CODE'; NULL past the end. */
size_t	 provider_count(void);
const struct provider_row *provider_at(size_t);

/*
 * The rows that fit reply code (0: unknown), enhanced ("" or "5.7.30"),
 * the command v it answers (VERB_NONE: unknown) and its text (may be
 * NULL; then rows that need a text match on their code alone).  Starts
 * looking at row *pos and leaves *pos after the row returned; NULL when
 * no more fit.
 */
const struct provider_row *provider_next(size_t *pos, int code,
	    const char *enhanced, enum verb v, const char *text,
	    size_t textlen);

/*
 * The hint of the first row that fits (as provider_next(); a row that
 * needs words only when the text has them), or NULL: it replaces the
 * code's hint where that would mislead (Gmail's 4.7.23 is about PTR,
 * not SPF).
 */
const char *provider_hint(int code, const char *enhanced, enum verb v,
	    const char *text, size_t textlen);

#endif
