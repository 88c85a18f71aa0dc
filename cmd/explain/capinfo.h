/*
 * capinfo.h: what each EHLO capability keyword means, where it is
 * specified, and a one-line explanation of a keyword with its parameters.
 */
#ifndef SMTPCLI_CAPINFO_H
#define SMTPCLI_CAPINFO_H

#include <stddef.h>

/* At most this many bytes of a server's parameters are quoted. */
#define CAPINFO_PARAMS_MAX	100

struct capinfo {
	const char	*keyword;	/* upper case, "PIPELINING" */
	const char	*ref;		/* "RFC 2920", or the vendor */
	const char	*meaning;	/* one line, plain words */
};

/* Rows sorted by keyword (strcmp), unique; capinfo_at() NULL past end. */
size_t		 capinfo_count(void);
const struct capinfo *capinfo_at(size_t);

/* Row for a NUL-terminated keyword, case-blind; NULL when unknown. */
const struct capinfo *capinfo_lookup(const char *keyword);

/*
 * Write into buf (len bytes, always NUL-terminated when len > 0, cut
 * when short) one line explaining a capability with its parameters:
 *	"SIZE 10485760: messages up to 10 MiB (10485760 octets) are
 *	 accepted (RFC 1870)"
 *	"X-FOO bar: a private (X-) extension, not standardised"
 *	"FOOBAR: unknown extension keyword"
 * params (NULL counts as "") are raw server bytes: at most
 * CAPINFO_PARAMS_MAX of them are copied, followed by "..." when cut, and
 * none are escaped: the caller must escape the whole line before
 * printing it.  Returns buf.
 */
const char	*capinfo_explain(const char *keyword, const char *params,
		    char *buf, size_t len);

#endif
