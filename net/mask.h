/*
 * mask.h: what of an outgoing command line the transcript, the JSON, a
 * /save file and the history may show.  Secrets are hidden by the AUTH
 * exchange a line belongs to, not by the line's shape.  Pure.
 */
#ifndef SMTPCLI_MASK_H
#define SMTPCLI_MASK_H

#include <stddef.h>

#define MASK_HIDDEN	"<SASL response hidden>"
#define MASK_MECH_MAX	20	/* RFC 4422 3.1: sasl-mech is 1*20 chars */

/*
 * Nonzero when line (len octets, no CRLF) is an AUTH command: the word
 * AUTH, case-blind, after any leading blanks (space, tab) and followed
 * by a blank or the end.
 */
int	 mask_is_auth(const char *line, size_t len);

/*
 * Whether an AUTH exchange is open after line is sent, given open (it
 * was open before) and due (the line answers a 334, so the server takes
 * it as a SASL response).  An AUTH line opens it.  It stays open, whatever
 * the server answered (a 503, a 535, an early 235), until a line that
 * does not answer a 334 starts with a known command word (MAIL, QUIT,
 * ...; not an X-word or an unknown one, which a base64 line can look
 * like): the lines a script sends after a refused user name are the
 * exchange's, and hidden.
 */
int	 mask_open_after(int open, int due, const char *line, size_t len);

/*
 * How line is shown, with open and due as for mask_open_after() (their
 * values before the line).  Returns 0 when it is shown whole; 1 when the
 * first *keep octets are shown followed by MASK_HIDDEN (after a blank
 * when *keep > 0) and the rest hidden.  An AUTH line keeps "AUTH" and a
 * mechanism name of RFC 4422 syntax (1..20 letters, digits, '-', '_'),
 * anything else after the verb is hidden, however it is spaced; a line
 * of an open exchange is hidden whole, except a lone "*" (the cancel).
 */
int	 mask_view(int open, int due, const char *line, size_t len,
	    size_t *keep);

/*
 * The text a transcript shows of line (mask_view()'s verdict applied),
 * NUL-terminated in out (cut to outlen).  Returns its length; 0 when
 * outlen is 0.
 */
size_t	 mask_shown(int open, int due, const char *line, size_t len,
	    char *out, size_t outlen);

#endif
