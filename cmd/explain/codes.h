/*
 * codes.h: what SMTP reply codes and enhanced status codes mean, in
 * general and in the context of the command they answer.  Pure: const
 * tables and functions of their arguments only, no I/O, no globals.
 */
#ifndef SMTPCLI_CODES_H
#define SMTPCLI_CODES_H

#include <stddef.h>

#include "enhcodes.h"
#include "verb.h"

/* Flags of a basic row and of an explanation. */
#define CODES_UNKNOWN		0x0001	/* not in the table: digit rules only */
#define CODES_INVALID		0x0002	/* breaks the RFC 5321 4.2 ABNF */
#define CODES_NONSTANDARD	0x0004	/* no RFC defines it; common usage */
#define CODES_BASE64_CHALLENGE	0x0008	/* text is a base64 SASL challenge */
#define CODES_CONTEXT		0x0010	/* meaning depended on verb or text */
#define CODES_EXTENSION		0x0020	/* defined by an extension, not 5321 */
#define CODES_ENH_UNKNOWN	0x0100	/* enhanced code not in the registry */
#define CODES_ENH_INVALID	0x0200	/* enhanced code malformed */
#define CODES_ENH_MISMATCH	0x0400	/* enhanced class != first digit */

/* One row of the basic reply-code table. */
struct codes_basic {
	int		 code;
	int		 flags;		/* NONSTANDARD, INVALID, EXTENSION */
	const char	*title;		/* text of the defining document */
	const char	*meaning;	/* plain words, context-free */
	const char	*ref;		/* "RFC 5321 4.2.3", "none" */
	const char	*note;		/* seed-vs-RFC, clash or why, or NULL */
};

/*
 * The explanation of one reply.  Every pointer is either NULL, a const
 * table string, or points into one of the buffers of this same struct,
 * so the struct must not be copied while the strings are in use.
 */
struct codes_explain {
	int		 code;
	int		 flags;		/* CODES_* above */
	int		 cls, subj, detail; /* parsed enhanced code, or -1 */
	const struct codes_basic *row;	/* table row, or NULL when unknown */
	const struct enhcode *erow;	/* registry row, or NULL */
	const char	*basic;		/* meaning in context, never NULL */
	const char	*note;		/* non-standard/seed/clash, or NULL */
	const char	*enhanced;	/* registry title + meaning, or NULL */
	const char	*hint;		/* one-line what to try, or NULL */
	char		 bbuf[256];	/* backing store for basic */
	char		 ebuf[384];	/* backing store for enhanced */
	char		 hbuf[192];	/* backing store for hint */
};

/*
 * Explain reply `code' answering `ctx' (VERB_NONE if unknown).
 * `enhanced' is a NUL-terminated "5.1.1" or NULL; `text'/`textlen' is
 * the first line of reply text after the code and enhanced code (may be
 * NULL/0); `advertised_size' is the server's EHLO SIZE value or 0.
 * Never fails: unknown and invalid codes are explained by digit rules
 * and flagged.  Fills every field of *out.
 */
void	 codes_explain(struct codes_explain *out, int code,
	    const char *enhanced, enum verb ctx, const char *text,
	    size_t textlen, unsigned long long advertised_size);

/*
 * Parse an enhanced status code "X.Y.Z" at the start of s (len bytes):
 * class 2, 4 or 5, subject and detail 0-999 without leading zeros
 * (RFC 3463 ABNF).  It must be followed by the end of s or by a byte
 * that does not continue a number ("5.1.1," is fine, "5.1.10.2" is
 * not).  Returns the number of bytes consumed and sets the outputs, or
 * returns -1 and leaves them alone.
 */
int	 codes_parse_enhanced(const char *s, size_t len, int *cls,
	    int *subj, int *detail);

/* Rows of the basic table, sorted by code, unique; NULL past the end. */
size_t	 codes_basic_count(void);
const struct codes_basic *codes_basic_at(size_t);

/* Binary search of the basic table; NULL when the code is not there. */
const struct codes_basic *codes_basic_lookup(int code);

/* "Success" etc. for an enhanced class 2/4/5, NULL for others. */
const char	*codes_class_name(int cls);

/* "Addressing status" etc. for a subject 0-7, NULL for others. */
const char	*codes_subject_name(int subj);

#endif
