/*
 * line.h: checks on one outgoing command line before it is sent.  Pure.
 */
#ifndef SMTPCLI_LINE_H
#define SMTPCLI_LINE_H

#include <stddef.h>

#define LINE_MAX_OCTETS	512	/* RFC 5321 4.5.3.1.4, CRLF included */

/*
 * Check a command line given without its CRLF.  Refuses CR, LF or NUL
 * inside it (they would smuggle a second command) and, unless force is
 * set, a line that with CRLF exceeds 512 octets.  Returns 0, or -1 with
 * *why set to a static message.
 */
int		 line_check(const char *s, size_t len, int force,
		    const char **why);

#endif
