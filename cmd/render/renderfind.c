/*
 * renderfind.c: findings in text and JSON.  Findings quote DNS records,
 * certificate names and server words, so every field goes through the
 * escaping writers.
 */
#include <stdio.h>
#include <string.h>

#include "renderfind.h"
#include "renderout.h"

static void
render_finding_json(struct render *r, const struct finding *f)
{
	const char	*lv = finding_level_name(f->level);

	render_json_start(r, "finding");
	render_json_field(r, "id", f->id, strlen(f->id));
	render_json_field(r, "level", lv, strlen(lv));
	render_json_opt(r, "rfc", f->rfc);
	render_json_opt(r, "subject", f->subject);
	render_json_field(r, "reason", f->reason, strlen(f->reason));
	render_json_opt(r, "evidence", f->evidence);
	render_json_end(r);
}

static void
render_finding_text(struct render *r, const struct finding *f)
{
	char	 lv[8];
	size_t	 i;

	snprintf(lv, sizeof(lv), "%s", finding_level_name(f->level));
	for (i = 0; lv[i] != '\0'; i++)
		lv[i] = (char)(lv[i] - 'a' + 'A');
	fprintf(r->out, "%s ", lv);
	render_str(r, r->out, f->id, strlen(f->id));
	if (f->subject[0] != '\0') {
		fputc(' ', r->out);
		render_str(r, r->out, f->subject, strlen(f->subject));
	}
	fputs(": ", r->out);
	render_str(r, r->out, f->reason, strlen(f->reason));
	if (f->rfc[0] != '\0') {
		fputs(" (", r->out);
		render_str(r, r->out, f->rfc, strlen(f->rfc));
		fputc(')', r->out);
	}
	fputc('\n', r->out);
	if (f->evidence[0] != '\0') {
		fputs("     evidence: ", r->out);
		render_str(r, r->out, f->evidence, strlen(f->evidence));
		fputc('\n', r->out);
	}
}

void
render_finding(struct render *r, const struct finding *f)
{
	if (r->json)
		render_finding_json(r, f);
	else
		render_finding_text(r, f);
	fflush(r->out);
}

void
render_findings(struct render *r, const struct findings *l)
{
	size_t			 n[FINDING_LEVEL_MAX] = { 0 }, i;
	enum finding_level	 worst = finding_worst(l);

	for (i = 0; i < l->n; i++) {
		if ((unsigned)l->v[i].level < FINDING_LEVEL_MAX)
			n[l->v[i].level]++;
		if (!r->quiet || l->v[i].level >= FINDING_WARN)
			render_finding(r, &l->v[i]);
	}
	if (r->json) {
		render_json_start(r, "findings");
		fprintf(r->out, ",\"pass\":%zu,\"note\":%zu,\"warn\":%zu,"
		    "\"fail\":%zu,\"dropped\":%zu,\"worst\":\"%s\"",
		    n[FINDING_PASS], n[FINDING_NOTE], n[FINDING_WARN],
		    n[FINDING_FAIL], l->dropped, finding_level_name(worst));
		render_json_end(r);
		return;
	}
	fprintf(r->out, "=== Findings: %zu pass, %zu note, %zu warn, %zu fail",
	    n[FINDING_PASS], n[FINDING_NOTE], n[FINDING_WARN],
	    n[FINDING_FAIL]);
	if (l->dropped > 0)
		fprintf(r->out, ", %zu more not kept (their level is unknown)",
		    l->dropped);
	fprintf(r->out, "; worst: %s\n", finding_level_name(worst));
	fflush(r->out);
}
