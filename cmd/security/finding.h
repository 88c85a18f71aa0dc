/*
 * finding.h: delivery-security findings (DANE, MTA-STS, TLS-RPT,
 * certificates): one list that every check adds to, and whose worst
 * level sets the exit status of `smtpcli mx --security`.
 */
#ifndef SMTPCLI_FINDING_H
#define SMTPCLI_FINDING_H

#include <stddef.h>

/* How bad a finding is; the order is the order of worseness. */
enum finding_level {
	FINDING_PASS,		/* a check that passed, kept as evidence */
	FINDING_NOTE,		/* worth knowing, no sender is affected */
	FINDING_WARN,		/* works today, breaks on the next change */
	FINDING_FAIL,		/* an enforcing sender would not deliver */
	FINDING_LEVEL_MAX
};

#define FINDINGS_MAX		512	/* findings kept per run */
#define FINDING_ID_LEN		48
#define FINDING_RFC_LEN		40
#define FINDING_SUBJECT_LEN	300
#define FINDING_REASON_LEN	600
#define FINDING_EVIDENCE_LEN	2048

/*
 * One finding.  id is stable and documented ("dane-usage-pkix"),
 * subject says what it is about ("mx1.example.com 192.0.2.1 rsa"),
 * rfc the section that says so ("RFC 7672 s3.1.3").  All text is
 * plain (the renderer escapes it: it may hold what a server sent).
 */
struct finding {
	char			 id[FINDING_ID_LEN];
	enum finding_level	 level;
	char			 rfc[FINDING_RFC_LEN];
	char			 subject[FINDING_SUBJECT_LEN];
	char			 reason[FINDING_REASON_LEN];
	char			 evidence[FINDING_EVIDENCE_LEN];
};

/* A list of findings; zero-initialise, then finding_add(). */
struct findings {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* past FINDINGS_MAX: counted only */
};

/*
 * Adds a finding; subject, rfc and evidence may be NULL.  The reason is
 * printf-formatted.  Every field is cut to its buffer.  Returns 0, or
 * -1 when memory ran out or FINDINGS_MAX is reached (then `dropped`
 * counts it, so the worst level of what was lost is not known: callers
 * report the count).
 */
int		 finding_add(struct findings *, const char *id,
		    enum finding_level, const char *rfc, const char *subject,
		    const char *evidence, const char *fmt, ...)
		    __attribute__((format(printf, 7, 8)));

/* The worst level in the list; FINDING_PASS when empty. */
enum finding_level finding_worst(const struct findings *);

/* "pass", "note", "warn", "fail"; "?" out of range. */
const char	*finding_level_name(enum finding_level);

/* The number of findings with this id (the tests look findings up). */
size_t		 finding_count(const struct findings *, const char *id);

/* Frees the list's memory and zeroes it. */
void		 finding_free(struct findings *);

#endif
