/*
 * mime.h: a whole bounce message read a line at a time: its MIME parts
 * are decoded (base64, quoted-printable; ISO-8859-1 and windows-1252 to
 * UTF-8), the returned original message (message/rfc822,
 * text/rfc822-headers and RFC 6533's message/global and
 * message/global-headers) is marked as not to be scanned.  Input that does
 * not start with a header (a log, a pasted bounce text) passes through
 * untouched.  Pure: fixed buffers in the caller's struct, no I/O.
 */
#ifndef SMTPCLI_MIME_H
#define SMTPCLI_MIME_H

#include <stddef.h>

#define MIME_DEPTH	4	/* nested multiparts followed */
#define MIME_BOUNDARY	72	/* RFC 2046: at most 70 characters */
#define MIME_LINE	4096	/* a decoded line is cut beyond this */

enum mime_state {
	MIME_START,		/* nothing read yet */
	MIME_PLAIN,		/* not a message: lines pass through */
	MIME_HEADER,		/* in a header block */
	MIME_BODY,		/* in a part's body */
	MIME_STATE_MAX
};

enum mime_enc {
	MIME_IDENTITY,		/* 7bit, 8bit, binary */
	MIME_BASE64,
	MIME_QP,
	MIME_ENC_MAX
};

/* Reader state; treat as opaque, set up by mime_init(). */
struct mime {
	enum mime_state	 state;
	enum mime_enc	 enc;		/* of the current part */
	int		 latin1;	/* its charset is 8859-1/cp1252 */
	int		 skip;		/* it is the returned message */
	int		 multipart;	/* its header named a boundary */
	int		 depth;
	char		 bound[MIME_DEPTH][MIME_BOUNDARY + 1];
	char		 next[MIME_BOUNDARY + 1];	/* boundary= seen */
	char		 field;		/* header being unfolded: 't' type,
					 * 'e' encoding, 0 other */
	char		 ctype[128];	/* Content-Type value, unfolded */
	char		 cenc[32];	/* Content-Transfer-Encoding */
	unsigned char	 b64[4];	/* base64 quad being filled */
	int		 nb64;
	size_t		 len;		/* bytes in out */
	char		 out[MIME_LINE];	/* decoded line being built */
};

/* A line to show (and to scan for replies when scan is 1). */
typedef void	 mime_cb(void *arg, const char *line, size_t len, int scan);

/* Start reading a new input. */
void	 mime_init(struct mime *);

/*
 * Feed one input line (len bytes, no LF; a trailing CR is ignored).
 * The decoded lines it completes go to cb, in order: none, one or
 * several (a base64 line may hold a line break or only part of a line).
 */
void	 mime_feed(struct mime *, const char *line, size_t len,
	    mime_cb *cb, void *arg);

/* The end of the input: the last decoded line, if any, goes to cb. */
void	 mime_end(struct mime *, mime_cb *cb, void *arg);

#endif
