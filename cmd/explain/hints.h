/*
 * hints.h: what a reply's text says the cause is (a block list by name,
 * greylisting and its delay, SPF/DKIM/DMARC, PTR, rate limits, a full
 * mailbox, ...), when the code alone does not.  Pure: const tables.
 */
#ifndef SMTPCLI_HINTS_H
#define SMTPCLI_HINTS_H

#include <stddef.h>

/* One cause the text can name. */
struct hint {
	const char	*id;		/* "block-list", "greylisting", ... */
	const char	*hint;		/* what to try */
};

/*
 * The cause len bytes of reply text name (case-blind), or NULL.  code
 * is the basic code (0 when only an enhanced code is known); causes of a
 * failure are not looked for in a 2xx/3xx text.  When buf (bufsz bytes)
 * is given and the text names a block list or a retry delay, *out
 * points to a hint naming it, written in buf; else *out is the row's.
 */
const struct hint *hints_match(const char *text, size_t len, int code,
		    char *buf, size_t bufsz, const char **out);

/* Rows of the table, for the tests; NULL past the end. */
size_t		 hints_count(void);
const struct hint *hints_at(size_t);

#endif
