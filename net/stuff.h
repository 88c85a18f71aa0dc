/*
 * stuff.h: streaming message encoder for DATA and BDAT.  Every bare CR or
 * LF becomes CRLF first, then (DATA only) lines starting with "." get a
 * second "."; this order keeps "\r.\r" from becoming a real terminator.
 * Pure and incremental: a CR ending one chunk and an LF starting the next
 * are one line end.
 */
#ifndef SMTPCLI_STUFF_H
#define SMTPCLI_STUFF_H

#include <stddef.h>

/* Output for len input octets never exceeds STUFF_OUTMAX(len). */
#define STUFF_OUTMAX(len)	(2 * (len) + 2)
#define STUFF_TERM_MAX		5	/* "\r\n.\r\n" */

struct stuff {
	int		 dot;		/* 1: dot-stuff (DATA), 0: BDAT */
	int		 bol;		/* at beginning of a line */
	int		 cr;		/* last input octet was a CR */
	unsigned long long out;		/* octets produced so far */
};

/* Start a message; dot is 1 for DATA, 0 for BDAT. */
void		 stuff_init(struct stuff *, int dot);

/*
 * Encode len octets of in into out, which has room for STUFF_OUTMAX(len).
 * Returns the number of octets written.
 */
size_t		 stuff_feed(struct stuff *, const char *in, size_t len,
		    char *out);

/*
 * End the message into out (room for STUFF_TERM_MAX): a CRLF if the last
 * line was not ended, then for DATA the "." line.  Returns octets written.
 */
size_t		 stuff_finish(struct stuff *, char *out);

#endif
