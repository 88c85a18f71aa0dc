/*
 * linehold.h: the input lines of the replies still being read, held so
 * that `explain --log` can show each reply with the lines it came
 * from and nothing else.  Bounded: a span longer than LINEHOLD_MAX
 * bytes keeps its first lines and counts the rest.  Pure: no
 * allocation, no I/O.
 */
#ifndef SMTPCLI_LINEHOLD_H
#define SMTPCLI_LINEHOLD_H

#include <stddef.h>

#include "bounce.h"

/* A line as scanned (8192 bytes) and a joined record's worth more. */
#define LINEHOLD_MAX	(8192 + BOUNCE_REC)

/* Held lines; treat as opaque, set up by linehold_init(). */
struct linehold {
	const char	*ext;		/* the held lines still in the
					 * caller's buffer, or NULL: buf */
	size_t		 len;		/* bytes held, an LF after each */
	unsigned long	 first;		/* number of the first line held */
	unsigned long	 n;		/* lines held */
	unsigned long	 lost;		/* lines after them not held */
	unsigned long	 cut;		/* a held line cut by the caller */
	char		 buf[LINEHOLD_MAX];
};

typedef void	 linehold_cb(void *arg, const char *line, size_t len,
		    int cut);

/* Hold nothing; the next line added is line number next. */
void	 linehold_init(struct linehold *, unsigned long next);

/*
 * Forget the lines numbered below keep (bounce_keep()'s answer): the
 * held ones from the front, then the ones counted as lost.
 */
void	 linehold_drop(struct linehold *, unsigned long keep);

/*
 * Add the next line (len bytes, no LF).  lf: an LF follows it in the
 * caller's buffer, so it may be held in place until linehold_hold();
 * cut: the caller cut it (it is shown with a note).  When it does not
 * fit, lines numbered below spare are dropped to make room; if it
 * still does not fit, it is counted as lost, and so is every line
 * after it until a drop empties the hold.
 */
void	 linehold_add(struct linehold *, const char *line, size_t len,
	    int lf, int cut, unsigned long spare);

/* Copy lines held in place out of the caller's buffer (before reuse). */
void	 linehold_hold(struct linehold *);

/*
 * Pass the held lines numbered from..to to cb, in order (len without
 * the LF); returns how many lines of from..to were not held.
 */
unsigned long	 linehold_lines(const struct linehold *, unsigned long from,
		    unsigned long to, linehold_cb *cb, void *arg);

#endif
