/*
 * bounce.h: the replies in text as mail admins paste it (log lines,
 * bounce messages, RFC 3464 delivery-status fields), read a line at a
 * time: wrapped replies are joined into one record first.  Pure: fixed
 * buffers in the caller's struct, no allocation, no I/O.
 */
#ifndef SMTPCLI_BOUNCE_H
#define SMTPCLI_BOUNCE_H

#include <stddef.h>

#include "logscan.h"
#include "verb.h"

#define BOUNCE_REC	4096	/* a joined record is cut beyond this */
#define BOUNCE_ADDR	256	/* longer recipients are cut */
#define BOUNCE_TOLD	8	/* prose replies whose command a DSN
				 * field's copy of them takes */

/* One reply found, valid only during the callback. */
struct bounce_reply {
	int		 code;		/* 200-599; 0: an enhanced code alone */
	char		 enhanced[12];	/* "5.1.1" or "" */
	char		 status[12];	/* its DSN group's Status:, or "" */
	enum verb	 verb;		/* command answered, or VERB_NONE */
	const char	*rcpt;		/* recipient, "" when unknown */
	unsigned long	 first, last;	/* input lines (1-based) it spans */
	unsigned long	 group;		/* a DSN field's: the line of its
					 * group's first field, else 0 */
	const char	*text;		/* reply text after the codes */
	size_t		 textlen;
	const char	*source;	/* what showed it: "said", "dsn", ... */
};

typedef void	 bounce_cb(void *arg, const struct bounce_reply *);

/* Reader state; treat as opaque, set up by bounce_init(). */
struct bounce {
	int		 want_rcpt;	/* caller's: look for recipients in
					 * log lines too (to=<x>) */
	const char	*rec;		/* pending record: buf or caller's */
	size_t		 reclen;
	int		 pending;	/* a record waits for its end */
	int		 mlcode;	/* open "550-" multiline code, or 0 */
	int		 wait;		/* the record wants its code next */
	unsigned long	 line;		/* lines fed */
	unsigned long	 first, last;	/* lines of the pending record */
	enum verb	 sent;		/* Sendmail ">>> RCPT": next reply's */
	enum verb	 para;		/* the command the paragraph named */
	int		 skip;		/* inside the returned message */
	int		 grp;		/* a DSN recipient group is open */
	int		 grp_replies;	/* replies reported for the group */
	unsigned long	 grp_first;	/* line of its Status: */
	unsigned long	 grp_line;	/* line of its first field */
	char		 grp_status[12];
	char		 grp_rcpt[BOUNCE_ADDR];
	char		 rcpt[BOUNCE_ADDR];	/* recipient the prose named */
	struct {
		int		 code;
		enum verb	 verb;
		char		 rcpt[64];
	}		 told[BOUNCE_TOLD];	/* prose replies, for the DSN */
	unsigned	 ntold;
	char		 buf[BOUNCE_REC];
};

/*
 * Start reading a new input.  want_rcpt: find a reply's recipient also
 * where it costs a search of the line (a log's "to=<x>").
 */
void	 bounce_init(struct bounce *, int want_rcpt);

/*
 * Feed one input line (len bytes, no LF; a trailing CR is ignored).
 * Replies of a record that this line ends are reported to cb first, so
 * a caller that prints each line after feeding it prints every reply
 * after the lines it came from.  The line must stay unchanged until the
 * next bounce_feed() or bounce_hold().
 */
void	 bounce_feed(struct bounce *, const char *line, size_t len,
	    bounce_cb *cb, void *arg);

/*
 * A line not to scan (inside a returned message): it ends the pending
 * record (reported to cb) and counts as a line.
 */
void	 bounce_skip(struct bounce *, bounce_cb *cb, void *arg);

/* Copy the pending record out of the caller's buffer (before reuse). */
void	 bounce_hold(struct bounce *);

/*
 * The end of the input, or a pause in it (a pipe with nothing to read):
 * report the pending record's replies and the open DSN group's status.
 */
void	 bounce_end(struct bounce *, bounce_cb *cb, void *arg);

/*
 * The first input line that a reply not yet reported can span (its
 * record's first line; with group 1, its DSN group's first field when
 * one is open), or the next line's number when none is pending: a
 * caller that shows each reply with its lines may forget the lines
 * before it.
 */
unsigned long	 bounce_keep(const struct bounce *, int group);

#endif
