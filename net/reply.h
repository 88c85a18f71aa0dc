/*
 * reply.h: the SMTP reply framer and parser.  Pure: bytes in, complete
 * replies or a protocol violation out.  Every bound is enforced as soon as
 * it is crossed, so no server can make it use unbounded memory or time.
 */
#ifndef SMTPCLI_REPLY_H
#define SMTPCLI_REPLY_H

#include <stddef.h>

#define REPLY_MAX_LINES		1000	/* lines of one reply */
#define REPLY_MAX_BYTES		65536	/* octets of one reply, CRLFs included */
#define REPLY_LINE_LIMIT	512	/* RFC 5321 4.5.3.1.5, CRLF included */
#define REPLY_LINE_KEEP		2048	/* octets of one line's text kept */
#define REPLY_ENH_MAX		12	/* "5.123.123" and NUL */
#define REPLY_PRELUDE_LINES	1000	/* non-reply lines before a greeting */
#define REPLY_PRELUDE_BYTES	65536	/* and their octets */

/* struct reply flags */
#define REPLY_LONGLINE		0x01	/* a line was over 512 octets */
#define REPLY_TRUNCATED		0x02	/* a line was cut at REPLY_LINE_KEEP */
#define REPLY_CODECHANGE	0x04	/* lines carried different codes */
#define REPLY_BARELF		0x08	/* a line ended in LF without CR */

struct reply_line {
	size_t		 off;		/* into reply.text */
	size_t		 len;
	int		 code;		/* as this line carried it */
};

/* One complete reply.  Text is raw server bytes: escape before printing. */
struct reply {
	int		 code;		/* of the last line, 200-599 */
	char		 enhanced[REPLY_ENH_MAX]; /* "5.1.1" or "" */
	int		 flags;
	size_t		 nlines;
	size_t		 bytes;		/* octets on the wire */
	struct reply_line line[REPLY_MAX_LINES];
	char		 text[REPLY_MAX_BYTES];	/* line texts after "250-" */
};

enum reply_status {
	REPLY_MORE,		/* all bytes used, reply incomplete */
	REPLY_READY,		/* a reply is complete: reply_get() */
	REPLY_NOISE,		/* a non-reply line in prelude mode */
	REPLY_ERROR		/* protocol violation: reply_error() */
};

struct reply_parser;

/*
 * Allocate a parser (about 90 KiB).  NULL when out of memory.
 * reply_free() takes NULL.
 */
struct reply_parser	*reply_new(void);
void			 reply_free(struct reply_parser *);

/*
 * Prelude mode (for --pipe before the greeting): lines that do not start
 * like a reply are returned one at a time as REPLY_NOISE instead of being
 * a violation, up to REPLY_PRELUDE_LINES lines and REPLY_PRELUDE_BYTES
 * octets in all; past either bound, REPLY_ERROR.  Off by default; the
 * caller turns it off after the greeting.
 */
void		 reply_set_prelude(struct reply_parser *, int on);

/*
 * Feed bytes.  *used is set to the number of bytes consumed; on
 * REPLY_READY consumption stops right after the reply's last line, so the
 * caller sees what follows it (bytes stacked behind a 220 to STARTTLS).
 * After REPLY_ERROR the parser must be reset before further use.
 */
enum reply_status reply_feed(struct reply_parser *, const char *buf,
		    size_t len, size_t *used);

/* The reply after REPLY_READY, valid until the next reply_feed(). */
const struct reply	*reply_get(const struct reply_parser *);

/* The noise line after REPLY_NOISE (raw, *len octets). */
const char		*reply_noise(const struct reply_parser *, size_t *len);

/* Why the last REPLY_ERROR happened; escaped, printable text. */
const char		*reply_error(const struct reply_parser *);

/* Nonzero when a reply has been started but not completed. */
int			 reply_partial(const struct reply_parser *);

/* Forget everything, including a partial reply. */
void			 reply_reset(struct reply_parser *);

/*
 * Parse "X.Y.Z" (class 2, 4 or 5; subject and detail 0-999) at the start
 * of s, followed by end, space or tab.  Writes it to out (REPLY_ENH_MAX).
 * Returns its length, or 0 when s does not start with one.
 */
size_t		 reply_enhanced(const char *s, size_t len, char *out);

/*
 * A printable, bounded copy of len server bytes into dst (dstlen, NUL
 * included): \xNN for anything but printable ASCII and the backslash,
 * "..." when cut; for error messages.
 */
void		 reply_quote(char *dst, size_t dstlen, const char *s,
		    size_t len);

/* Text of line i of a reply as pointer and length. */
const char	*reply_line_text(const struct reply *, size_t i, size_t *len);

#endif
