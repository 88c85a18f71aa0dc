/*
 * renderfind.h: delivery-security findings (cmd/security/finding.h) as
 * transcript lines or "finding" JSON events, and their summary.
 */
#ifndef SMTPCLI_RENDERFIND_H
#define SMTPCLI_RENDERFIND_H

#include "finding.h"

struct render;

/*
 * One finding: a "finding" event (id, level, rfc, subject, reason,
 * evidence), or "LEVEL id subject: reason (rfc)" and an indented
 * evidence line.  Every field is escaped (they quote DNS and servers).
 */
void		 render_finding(struct render *, const struct finding *);

/*
 * Every finding of the list in order, then the summary: the count per
 * level and the worst (a "findings" event in JSON).  With --quiet only
 * the warnings and failures, and the summary.
 */
void		 render_findings(struct render *, const struct findings *);

#endif
