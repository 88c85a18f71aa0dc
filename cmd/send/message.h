/*
 * message.h: the message source of send mode.  Builds an RFC 5322 message
 * (optionally MIME multipart/mixed with base64 attachments) from options,
 * or passes a --data file through, and streams it to a sink through one
 * fixed buffer: no file and no whole message is ever held in memory.
 */
#ifndef SMTPCLI_MESSAGE_H
#define SMTPCLI_MESSAGE_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

/* The sink never receives more than this many octets in one call. */
#define MESSAGE_CHUNKMAX	65536

/* message_8bit() flags. */
#define MESSAGE_8BITBODY	0x01	/* body: BODY=8BITMIME */
#define MESSAGE_8BITHDR		0x02	/* a header: SMTPUTF8 (RFC 6532) */

/* What message_files.open() found at a path. */
#define MESSAGE_FREG	1	/* a regular file */
#define MESSAGE_FDIR	2	/* a directory */
#define MESSAGE_FOTHER	3	/* anything else: FIFO, device, stdin */

/*
 * The files of a message, supplied by the caller so that this module
 * does no I/O itself (msgfile.h has the POSIX one).  A handle is an int
 * >= 0 chosen by the implementation.  Every failure returns -1 with errno
 * set; message.c turns errno into the "PATH: reason" texts.
 */
struct message_files {
	/*
	 * Open path to read, or stdin when path is NULL (asked for at most
	 * once per message: message.c keeps that rule; a path "-", as in
	 * --attach - or --body @-, is a file of that name).  With
	 * check set (the checks of message_new()), opening must not block,
	 * even on a FIFO without a writer.  Sets *type to a MESSAGE_F*
	 * value; stdin may say MESSAGE_FOTHER without looking.
	 */
	int	 (*open)(void *arg, const char *path, int check, int *type);
	/*
	 * Read up to len octets from h: the count (less than len is not the
	 * end), 0 at end of file, -1 on error.  An interrupted read is
	 * retried, never reported.
	 */
	ssize_t	 (*read)(void *arg, int h, void *buf, size_t len);
	/* Release h; called once for every handle open() returned. */
	void	 (*close)(void *arg, int h);
	void	  *arg;
};

/*
 * All strings are borrowed: they must stay valid until message_free().
 * Header values may not contain CR or LF (message_new() refuses them, so
 * nothing can inject a header line).
 */
struct message_opts {
	const char		 *from;		/* From header, NULL: none */
	const char *const	 *to;		/* To header, comma-joined */
	size_t			  nto;
	const char *const	 *cc;		/* Cc header; no Bcc, ever */
	size_t			  ncc;
	const char		 *subject;	/* NULL: "smtpcli test DATE" */
	/*
	 * "Name: value" lines.  One whose name matches a generated header
	 * (case-blind) takes its place; the others follow X-Mailer.  A
	 * Content-Type given here is used as is, even over multipart.
	 */
	const char *const	 *headers;
	size_t			  nheaders;
	/* NULL: a short default; "@FILE": that file; "-": stdin; else text */
	const char		 *body;
	const char *const	 *attach;	/* files to attach */
	size_t			  nattach;
	const char		 *attach_type;	/* NULL: guess per file */
	/*
	 * --data FILE or "-": the whole message, passed as is.  Excludes
	 * cc, subject, headers, body and attach.
	 */
	const char		 *data;
	/*
	 * SMTPUTF8 asked for: non-ASCII header text stays UTF-8 (RFC 6532).
	 * Otherwise it is RFC 2047-encoded, unless an address holds
	 * non-ASCII (then SMTPUTF8 is needed anyway).  from, to and cc may
	 * be "Display Name <addr>".
	 */
	int			  smtputf8;
	const char		 *hostname;	/* Message-ID right side */
	time_t			  now;		/* Date header */
	unsigned long		  seq;		/* Message-ID, 8 digits */
	long			  pid;		/* Message-ID, after seq */
	const struct message_files *files;	/* borrowed, not NULL */
};

struct message;

/*
 * Check opts and make a message.  Files (body, attachments, data) are
 * opened now, through opts->files in check mode, so that an unreadable
 * one is reported before any SMTP traffic; a body or data file is also
 * read once to find 8-bit octets.  stdin is not touched until emission.
 * Draws the multipart boundary (OpenSSL RAND_bytes).  Returns NULL and a
 * one-line message in err on a bad option, an unreadable file, a body or
 * data file holding a NUL (then *invalid is 1, else 0; invalid may be
 * NULL), or no memory.
 */
struct message	*message_new(const struct message_opts *, char *err,
		    size_t errlen, int *invalid);

/* Receives len > 0 octets; returns 0, or -1 to stop the emission. */
typedef int	 message_sink(void *arg, const char *buf, size_t len);

/*
 * Emit the whole message to sink in chunks of at most MESSAGE_CHUNKMAX.
 * Generated lines end in CRLF; file contents are passed as they are (the
 * caller's stuff_feed() turns bare LF into CRLF).  May be called again:
 * files are re-read, and the same options give the same bytes, but stdin
 * can be read only once, so a second emission from "-" is an error.
 * Returns 0, or -1 with a one-line message in err when a file cannot be
 * read, the sink stopped, or the data (stdin, a pipe, a file changed
 * since message_new()) holds a NUL: the chunk holding it is not passed
 * to the sink, and message_invalid() says so from then on.
 */
int		 message_emit(struct message *, message_sink *sink, void *arg,
		    char *err, size_t errlen);

/* Nonzero once a NUL was found in the message data (refused). */
int		 message_invalid(const struct message *);

/*
 * Set the number in the next Message-IDs (--count runs).  It is printed
 * modulo 10^8 in 8 digits, so the message size does not change.
 */
void		 message_set_seq(struct message *, unsigned long seq);

/*
 * MESSAGE_8BITBODY and/or MESSAGE_8BITHDR when the body or a header
 * contains octets above 127 (attachments are base64 and never count).
 * For a regular file it reflects the content at message_new(); stdin or a
 * pipe cannot be looked at in advance, so a body or data from one counts
 * as 8-bit body.
 * 0 when all is 7-bit.
 */
int		 message_8bit(const struct message *);

/*
 * The content type guessed from path's extension (case-blind), or
 * "application/octet-stream".  Static string.
 */
const char	*message_guess_type(const char *path);

/* Free m; NULL is fine. */
void		 message_free(struct message *);

#endif
