/*
 * logscan.h: find the SMTP replies quoted in one line of a Postfix, Exim
 * or Sendmail log.  Pure: no allocation, no I/O, linear in line length.
 */
#ifndef SMTPCLI_LOGSCAN_H
#define SMTPCLI_LOGSCAN_H

#include <stddef.h>

#include "verb.h"

/* More replies than this in one line are not reported. */
#define LOGSCAN_MAXHITS	8

/* What in the line showed that a reply follows. */
enum logscan_anchor {
	LOGSCAN_SAID,		/* Postfix "host X said: 550 ..." */
	LOGSCAN_REFUSED,	/* Postfix "refused to talk to me: 554 ..." */
	LOGSCAN_STATUS,		/* Postfix "status=sent (250 ..." */
	LOGSCAN_REJECT,		/* Postfix "reject: RCPT from X: 554 ..." */
	LOGSCAN_EXIM,		/* Exim "SMTP error from remote ... after" */
	LOGSCAN_SENDMAIL,	/* Sendmail "reply=", "reject=", "Deferred:" */
	LOGSCAN_DSN,		/* "dsn=5.1.1": an enhanced code alone */
	LOGSCAN_BARE,		/* ": 550 5.1.1 ..." without a keyword */
	LOGSCAN_ANCHOR_MAX
};

struct logscan_hit {
	int		 code;		/* 200-599; 0: enhanced code alone */
	char		 enhanced[12];	/* "5.1.1", or "" when none */
	size_t		 off;		/* where the reply (its code) starts */
	size_t		 len;		/* bytes from code to end of text */
	size_t		 text_off;	/* text after code and enhanced code */
	enum verb	 verb;		/* command answered, or VERB_NONE */
	enum logscan_anchor anchor;
};

/*
 * Scan `len' bytes of `line' (any bytes, NUL not needed, no newline
 * expected) and store up to `maxhits' replies in `hits', in line order.
 * Returns how many were stored.  A number counts as a reply code only
 * after a keyword above, or when it is 2xx-5xx after ": " or "(" and
 * followed by a matching enhanced code; so addresses, ports, delays,
 * times and pids are not taken.  "dsn=" is reported only when the line
 * has no reply of the same class.  A hit's text runs to "(in reply to",
 * to Postfix's "; from=<", to Sendmail's next ", key=", or to the end
 * of the line without unmatched closing parentheses.
 */
size_t	 logscan_line(const char *line, size_t len,
	    struct logscan_hit *hits, size_t maxhits);

/* "said", "dsn", ...; "?" when out of range. */
const char	*logscan_anchor_name(enum logscan_anchor);

#endif
