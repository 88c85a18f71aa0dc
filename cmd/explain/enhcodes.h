/*
 * enhcodes.h: the IANA "SMTP Enhanced Status Codes" registry (RFC 3463,
 * RFC 5248).  Pure: a const table.
 */
#ifndef SMTPCLI_ENHCODES_H
#define SMTPCLI_ENHCODES_H

#include <stddef.h>

/* Classes an enhanced code is registered for (struct enhcode.classes). */
#define ENHCODES_CLASS2	0x01	/* 2.X.X success */
#define ENHCODES_CLASS4	0x02	/* 4.X.X persistent transient */
#define ENHCODES_CLASS5	0x04	/* 5.X.X permanent failure */

/* One row of the IANA "SMTP Enhanced Status Codes" registry (X.Y.Z). */
struct enhcode {
	int		 subject;	/* Y */
	int		 detail;	/* Z */
	int		 classes;	/* ENHCODES_CLASS2|4|5 registered for */
	const char	*title;		/* registry sample text */
	const char	*meaning;	/* plain words */
	const char	*ref;		/* "RFC 3463" */
};

/* Rows in the registry: 81, X.0.0 to X.7.30. */
size_t	 enhcodes_count(void);

/* Row i, sorted by subject then detail, unique; NULL past the end. */
const struct enhcode *enhcodes_at(size_t);

/* Binary search of the registry; NULL when X.subj.detail is not there. */
const struct enhcode *enhcodes_lookup(int subj, int detail);

#endif
