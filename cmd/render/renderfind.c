/*
 * renderfind.c: delivery-security findings in text and JSON.  Their
 * text may quote what a server or a DNS answer held: it is escaped like
 * any server byte.
 */
#include <stdio.h>
#include <string.h>

#include "finding.h"
#include "renderfind.h"
#include "renderout.h"

#define RENDER_EVIDENCE_LINES	12	/* evidence lines shown in text */

static const char *const render_level_word[] = {
	"PASS", "NOTE", "WARN", "FAIL"
};
_Static_assert(sizeof(render_level_word) / sizeof(render_level_word[0]) ==
    FINDING_LEVEL_MAX, "one word per finding level");

static void
render_finding_json(struct render *r, const struct finding *f)
{
	render_json_start(r, "finding");
	render_json_field_flags(r, "id", f->id, strlen(f->id), ESC_OWN);
	fprintf(r->out, ",\"level\":\"%s\"", finding_level_name(f->level));
	render_json_field_flags(r, "rfc", f->rfc, strlen(f->rfc), ESC_OWN);
	render_json_field(r, "subject", f->subject, strlen(f->subject));
	render_json_field(r, "reason", f->reason, strlen(f->reason));
	render_json_opt(r, "evidence", f->evidence);
	render_json_end(r);
}

/* The evidence, one escaped line each, indented; bounded. */
static void
render_evidence(struct render *r, const char *ev)
{
	const char	*nl;
	size_t		 len, lines = 0;

	while (*ev != '\0' && lines < RENDER_EVIDENCE_LINES) {
		nl = strchr(ev, '\n');
		len = nl != NULL ? (size_t)(nl - ev) : strlen(ev);
		if (len > 0 && ev[len - 1] == '\r')
			len--;
		fputs(lines++ == 0 ? "          evidence: " :
		    "                    ", r->out);
		render_str(r, r->out, ev, len);
		fputc('\n', r->out);
		if (nl == NULL)
			return;
		ev = nl + 1;
	}
	if (*ev != '\0')
		fputs("                    ...\n", r->out);
}

static void
render_finding_text(struct render *r, const struct finding *f)
{
	fprintf(r->out, "    %s %s ", render_level_word[f->level], f->id);
	if (f->subject[0] != '\0') {
		render_str(r, r->out, f->subject, strlen(f->subject));
		fputs(": ", r->out);
	}
	render_str(r, r->out, f->reason, strlen(f->reason));
	if (f->rfc[0] != '\0')
		fprintf(r->out, " (%s)", f->rfc);
	fputc('\n', r->out);
	if (f->level != FINDING_PASS && f->evidence[0] != '\0')
		render_evidence(r, f->evidence);
}

void
render_findings(struct render *r, const struct findings *l, size_t from)
{
	size_t	 i;
	char	 msg[128];

	for (i = from; i < l->n; i++) {
		if (r->quiet && l->v[i].level < FINDING_WARN)
			continue;
		if (r->json)
			render_finding_json(r, &l->v[i]);
		else
			render_finding_text(r, &l->v[i]);
	}
	if (!r->json)
		fflush(r->out);
	if (l->dropped > 0) {
		snprintf(msg, sizeof(msg), "%zu more findings were not kept "
		    "(at most %d): the verdict may be worse than shown",
		    l->dropped, FINDINGS_MAX);
		render_msg(r, 1, msg);
	}
}
