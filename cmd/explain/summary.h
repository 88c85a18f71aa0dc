/*
 * summary.h: counts of the replies found in a log or bounces, by basic
 * code, enhanced code, command and remote domain (`explain --summary`).
 * Pure: a fixed table in the caller's struct, so memory stays constant.
 */
#ifndef SMTPCLI_SUMMARY_H
#define SMTPCLI_SUMMARY_H

#include <stddef.h>

#include "verb.h"

#define SUMMARY_ROWS	512	/* more distinct rows count as "other" */
#define SUMMARY_DOMAIN	64	/* longer domains are cut */

struct summary_row {
	int		 code;		/* 0: an enhanced code alone */
	char		 enhanced[12];	/* "" when none */
	enum verb	 verb;
	char		 domain[SUMMARY_DOMAIN];	/* "" when unknown */
	unsigned long	 count;
};

#define SUMMARY_RECENT	16	/* prose replies a DSN may tell again */

struct summary {
	struct {
		int	 code;
		char	 rcpt[SUMMARY_DOMAIN];
	}		 recent[SUMMARY_RECENT];
	size_t		 nrecent;
	unsigned long	 again;		/* DSN copies not counted */
	struct summary_row rows[SUMMARY_ROWS];
	size_t		 n;
	unsigned long	 other;		/* replies that found no free row */
	unsigned long	 total;
};

/* An empty summary. */
void	 summary_init(struct summary *);

/*
 * Count one reply: code, enhanced ("" or "5.1.1"), the command it
 * answered and the recipient ("" or "x@domain": its domain is kept,
 * lower-cased).  dsn: the reply comes from a delivery-status field; when
 * the bounce's text already told the same code for the same recipient
 * (one of the last SUMMARY_RECENT), it is the same bounce and counts in
 * `again' only.
 */
void	 summary_add(struct summary *, int code, const char *enhanced,
	    enum verb, const char *rcpt, int dsn);

/* Sort the rows: most frequent first, then by code and domain. */
void	 summary_sort(struct summary *);

#endif
