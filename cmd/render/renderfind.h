/*
 * renderfind.h: delivery-security findings ("finding" events, or one
 * transcript line each with its RFC section and evidence).
 */
#ifndef SMTPCLI_RENDERFIND_H
#define SMTPCLI_RENDERFIND_H

#include <stddef.h>

struct findings;
struct render;

/*
 * The findings from index from on, in order: a "finding" event each
 * (id, level, rfc, subject, reason, evidence or null), or a line
 * "    LEVEL id subject: reason (RFC)" with the evidence below it for
 * what did not pass.  With --quiet only warnings and failures.  A list
 * that dropped findings past its bound says how many.
 */
void		 render_findings(struct render *, const struct findings *,
		    size_t from);

#endif
